#!/usr/bin/env python3
"""Framing scores of `claimscope outlets` by AllSides media-bias label.

Usage (from the crate root):

    cargo build --release
    python3 benches/framing_by_label.py \
        --articles ../shared/corpora/realnews/general/articles.jsonl \
        [--bin target/release/claimscope | --outlets outlets.jsonl] \
        [--min-articles 5] [--resamples 2000] [--seed 7]

It runs `claimscope outlets ARTICLES --json` (or reads its output from --outlets), labels
each outlet with the `allsides_bias` its articles carry in the raw file (the majority
label when its articles disagree), keeps outlets with at least --min-articles articles,
and prints a Markdown table: for each label, the mean over outlets (each outlet counts
once) of every framing rate and of attribution_share, with a 95 % percentile bootstrap
interval over outlets (seeded, so the table is the same on every run). A second table
gives the difference between labels' means with its bootstrap interval.
"""
import argparse
import collections
import json
import random
import subprocess
import sys

LABELS = ["left", "center", "right"]


def outlet_labels(path):
    votes = collections.defaultdict(collections.Counter)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            a = json.loads(line)
            if a.get("outlet") and a.get("allsides_bias"):
                votes[a["outlet"]][a["allsides_bias"]] += 1
    labels = {}
    for outlet, c in votes.items():
        (top, n), *rest = c.most_common()
        if not rest or rest[0][1] < n:
            labels[outlet] = top
    return labels


def read_profiles(args):
    if args.outlets:
        with open(args.outlets, encoding="utf-8") as f:
            return [json.loads(l) for l in f if l.strip()]
    out = subprocess.run([args.bin, "outlets", args.articles, "--json"],
                         capture_output=True, text=True, check=True)
    return [json.loads(l) for l in out.stdout.splitlines() if l.strip()]


def mean(xs):
    return sum(xs) / len(xs)


def bootstrap(values, rng, resamples):
    """95 % percentile interval of the mean of `values`, resampled with replacement."""
    n = len(values)
    means = sorted(mean([values[rng.randrange(n)] for _ in range(n)]) for _ in range(resamples))
    return means[int(0.025 * resamples)], means[min(resamples - 1, int(0.975 * resamples))]


def bootstrap_difference(a, b, rng, resamples):
    diffs = sorted(
        mean([a[rng.randrange(len(a))] for _ in a]) - mean([b[rng.randrange(len(b))] for _ in b])
        for _ in range(resamples))
    return diffs[int(0.025 * resamples)], diffs[min(resamples - 1, int(0.975 * resamples))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", required=True, help="raw JSON Lines with outlet and allsides_bias")
    ap.add_argument("--bin", default="target/release/claimscope")
    ap.add_argument("--outlets", help="output of `claimscope outlets --json` (skips running the binary)")
    ap.add_argument("--min-articles", type=int, default=5)
    ap.add_argument("--resamples", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    labels = outlet_labels(args.articles)
    profiles = read_profiles(args)
    categories = list(profiles[0]["framing"]) if profiles else []
    metrics = categories + ["attribution_share"]
    value = lambda p, m: p["attribution_share"] if m == "attribution_share" else p["framing"][m]

    kept = [p for p in profiles
            if p.get("outlet") in labels and p["articles"] >= args.min_articles]
    by_label = {l: [p for p in kept if labels[p["outlet"]] == l] for l in LABELS}
    unlabelled = sum(1 for p in profiles if p.get("outlet") not in labels)
    print(f"{len(profiles)} outlets; {len(kept)} with an AllSides label and at least "
          f"{args.min_articles} articles ({', '.join(f'{l}: {len(by_label[l])}' for l in LABELS)}); "
          f"{unlabelled} without a single label.\n", file=sys.stderr)

    rng = random.Random(args.seed)
    header = "| label | outlets | articles | " + " | ".join(
        m.replace("attribution_share", "attribution share") for m in metrics) + " |"
    print(header)
    print("|" + "---|" * (3 + len(metrics)))
    for l in LABELS:
        group = by_label[l]
        if not group:
            continue
        cells = []
        for m in metrics:
            vals = [value(p, m) for p in group]
            lo, hi = bootstrap(vals, rng, args.resamples)
            digits = 2 if m == "attribution_share" else 2
            cells.append(f"{mean(vals):.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]")
        articles = sum(p["articles"] for p in group)
        print(f"| {l} | {len(group)} | {articles} | " + " | ".join(cells) + " |")

    print()
    print("| difference | " + " | ".join(
        m.replace("attribution_share", "attribution share") for m in metrics) + " |")
    print("|" + "---|" * (1 + len(metrics)))
    for a, b in [("right", "left"), ("right", "center"), ("left", "center")]:
        if not (by_label[a] and by_label[b]):
            continue
        cells = []
        for m in metrics:
            va = [value(p, m) for p in by_label[a]]
            vb = [value(p, m) for p in by_label[b]]
            lo, hi = bootstrap_difference(va, vb, rng, args.resamples)
            mark = "" if lo <= 0 <= hi else " *"
            cells.append(f"{mean(va) - mean(vb):+.2f} [{lo:+.2f}, {hi:+.2f}]{mark}")
        print(f"| {a} − {b} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

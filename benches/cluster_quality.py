#!/usr/bin/env python3
"""Topic quality of `claimscope clusters` against labelled topics.

Runs the binary on a JSON Lines corpus whose records carry an `id` and a label field
(default `topic`), joins its clusters back to the records through each article's
`source_id`, and prints V-measure, homogeneity, completeness and adjusted Rand index
(scikit-learn's definitions). With --sklearn it also scores scikit-learn's
TfidfVectorizer + KMeans with the same k, as a reference.

Usage:
  python3 benches/cluster_quality.py --bin target/release/claimscope \
      --corpus ../shared/corpora/realnews/general/articles.jsonl [--k 40] [--sklearn] \
      [--bigrams]

--bigrams runs `claimscope clusters --bigrams` (and, with --sklearn, gives
scikit-learn's TfidfVectorizer ngram_range=(1, 2)).
"""
import argparse
import json
import subprocess
import sys

from sklearn import metrics


def run_jsonl(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def scores(truth, pred):
    h, c, v = metrics.homogeneity_completeness_v_measure(truth, pred)
    return {"v_measure": v, "homogeneity": h, "completeness": c,
            "ari": metrics.adjusted_rand_score(truth, pred), "k": len(set(pred))}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--label", default="topic")
    ap.add_argument("--k", type=int)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--sklearn", action="store_true")
    ap.add_argument("--bigrams", action="store_true")
    a = ap.parse_args()

    records = {}
    with open(a.corpus, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            records[str(r["id"])] = r
    extra = (["--k", str(a.k)] if a.k else []) + (["--bigrams"] if a.bigrams else [])
    articles = run_jsonl([a.bin, "ingest", a.corpus, "--json"])
    source = {art["id"]: art.get("source_id") for art in articles}
    clusters = run_jsonl([a.bin, "clusters", a.corpus, "--json", "--seed", str(a.seed)] + extra)
    truth, pred = [], []
    for cl in clusters:
        for art in cl["articles"]:
            rec = records.get(str(source.get(art)))
            if rec is not None and rec.get(a.label) is not None:
                truth.append(rec[a.label])
                pred.append(cl["id"])
    s = scores(truth, pred)
    print("claimscope  %5d articles  %3d topics  V %.3f  (h %.3f, c %.3f)  ARI %.3f"
          % (len(truth), s["k"], s["v_measure"], s["homogeneity"], s["completeness"], s["ari"]))
    if a.sklearn:
        from sklearn.cluster import KMeans
        from sklearn.feature_extraction.text import TfidfVectorizer
        recs = [r for r in records.values() if r.get(a.label) is not None]
        texts = [(r.get("title") or "") + "\n" + (r.get("text") or "") for r in recs]
        x = TfidfVectorizer(stop_words="english", min_df=2, max_df=0.5, sublinear_tf=True,
                            ngram_range=(1, 2) if a.bigrams else (1, 1)).fit_transform(texts)
        km = KMeans(n_clusters=s["k"], n_init=1, random_state=a.seed).fit(x)
        t = scores([r[a.label] for r in recs], list(km.labels_))
        print("sklearn     %5d articles  %3d topics  V %.3f  (h %.3f, c %.3f)  ARI %.3f"
              % (len(recs), t["k"], t["v_measure"], t["homogeneity"], t["completeness"], t["ari"]))


if __name__ == "__main__":
    sys.exit(main())

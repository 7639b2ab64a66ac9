#!/usr/bin/env bash
# Side-by-side extraction speed: claimscope (number finder and full claims stage) against
# the Python one-regex extractor and quantulum3, on the same corpus, in one run.
#
# Usage: benches/compare_extract.sh [CORPUS] [VENV_PYTHON] [BASELINE_DIR]
#   CORPUS        articles.jsonl of a make_corpus.py corpus (default /tmp/perfcorpus/100k/articles.jsonl)
#   VENV_PYTHON   python of the venv with quantulum3 (default /tmp/perfvenv/bin/python)
#   BASELINE_DIR  folder with baseline_quantulum.py (default ../shared/bench from the repo root)
# Environment: ROUNDS (default 3), QUANTULUM_LIMIT (articles of the corpus's prefix that
# quantulum3 parses, default 200; 0 skips quantulum3), KEEP (folder to keep the raw JSON in).
#
# Each round runs, one after another, the regex baseline, claimscope's bench (one timed
# run of each stage, one thread) and quantulum3 on the prefix: A B C A B C ... so machine
# load hits all of them alike. The table gives medians over the rounds; MB/s per core is
# text MB / median CPU seconds (thread CPU time for claimscope, process CPU time for
# Python, which is single-threaded here: BLAS/OpenMP pools are pinned to one thread).
# Only article text is counted as MB (what the Python baselines count).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-/tmp/perfcorpus/100k/articles.jsonl}
py=${2:-/tmp/perfvenv/bin/python}
bdir=${3:-$repo/../shared/bench}
rounds=${ROUNDS:-3}
qlimit=${QUANTULUM_LIMIT:-200}

setup_help() {
    cat <<EOF
compare_extract: $1
Set up once (see $bdir/README.md):

  python3 -m venv /tmp/perfvenv
  /tmp/perfvenv/bin/pip install scikit-learn nltk quantulum3 wordfreq stemming
  /tmp/perfvenv/bin/python -c "from quantulum3 import classifier; classifier.train_classifier(store=True)"
  # make_corpus.py uses Path without importing it: inject it when running the script
  for n in 1000:1k 10000:10k 100000:100k; do
    /tmp/perfvenv/bin/python -c "import builtins, pathlib, runpy, sys; builtins.Path = pathlib.Path; \\
      sys.argv = ['make_corpus.py', '--n', '\${n%%:*}', '--out', '/tmp/perfcorpus/\${n##*:}', '--jobs', '1']; \\
      runpy.run_path('$bdir/make_corpus.py', run_name='__main__')"
  done

then: $0 [CORPUS] [VENV_PYTHON] [BASELINE_DIR]
EOF
    exit 0
}

[ -f "$bdir/baseline_quantulum.py" ] || setup_help "no $bdir/baseline_quantulum.py"
[ -x "$py" ] || setup_help "no venv python at $py"
"$py" -c "import quantulum3, sklearn" 2>/dev/null || setup_help "$py cannot import quantulum3 / scikit-learn"
[ -s "$corpus" ] || setup_help "no corpus at $corpus"

# Per-core figures for Python: no hidden worker threads.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

out=${KEEP:-$(mktemp -d /tmp/compare_extract.XXXXXX)}
mkdir -p "$out"
echo "building the bench (release) ..." >&2
build_log=$out/build.log
(cd "$repo" && cargo bench --bench extract --no-run) 2>"$build_log" || {
    cat "$build_log" >&2
    exit 1
}
bench_rel=$(sed -n 's/.*Executable benches\/extract.rs (\(.*\)).*/\1/p' "$build_log" | tail -1)
[ -n "$bench_rel" ] || {
    echo "cannot find the bench executable in $build_log" >&2
    exit 1
}
bench=$repo/$bench_rel
# A private copy: a later build by someone else must not swap the binary mid-run.
cp "$bench" "$out/extract-bench"
bench=$out/extract-bench

echo "corpus $corpus; $rounds rounds; raw results in $out" >&2
for r in $(seq 1 "$rounds"); do
    echo "round $r/$rounds: regex baseline" >&2
    "$py" "$bdir/baseline_quantulum.py" --corpus "$corpus" --mode regex --json "$out/regex.jsonl" >&2
    echo "round $r/$rounds: claimscope" >&2
    (cd "$repo" && CLAIMSCOPE_BENCH_CORPUS="$corpus" CLAIMSCOPE_BENCH_RUNS=1 \
        CLAIMSCOPE_BENCH_JSON="$out/claimscope.jsonl" "$bench" --bench >&2) || true
    if [ "$qlimit" -gt 0 ]; then
        echo "round $r/$rounds: quantulum3 on the first $qlimit articles" >&2
        "$py" "$bdir/baseline_quantulum.py" --corpus "$corpus" --mode quantulum --limit "$qlimit" \
            --json "$out/quantulum.jsonl" >&2
    fi
done

"$py" - "$out" "$corpus" <<'EOF'
import json, os, statistics, sys

out, corpus = sys.argv[1], sys.argv[2]

def records(name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return []
    with open(path) as fh:
        return [json.loads(line) for line in fh if line.strip()]

rows = []  # (system, bytes, found, cpu median, wall median, n)
def add(system, recs, found_key):
    if not recs:
        return
    cpu = [r["cpu_s"] if r.get("cpu_s") else r["wall_s"] for r in recs]
    wall = [r["wall_s"] for r in recs]
    rows.append((system, recs[0]["text_bytes"], recs[0][found_key],
                 statistics.median(cpu), statistics.median(wall), len(recs)))

cs = records("claimscope.jsonl")
add("claimscope number finder (find_quantities)", [r for r in cs if r["stage"] == "find_quantities"], "found")
add("claimscope full claims stage (extract_corpus)", [r for r in cs if r["stage"] == "claims"], "found")
add("Python one-regex extractor (--mode regex)", records("regex.jsonl"), "quantities")
q = records("quantulum.jsonl")
if q:
    add("quantulum3 (first %d articles)" % q[0]["articles"], q, "quantities")

base = next((r for r in rows if r[0].startswith("Python")), None)
base_rate = base[1] / 1e6 / base[3] if base else None
print()
print("corpus: %s (%d rounds; medians; MB/s per core = text MB / CPU s)" % (corpus, max(r[5] for r in rows)))
print()
print("| system | MB | found | CPU s (median) | wall s (median) | MB/s per core | × regex baseline |")
print("|---|---:|---:|---:|---:|---:|---:|")
for system, nbytes, found, cpu, wall, n in rows:
    mb = nbytes / 1e6
    rate = mb / cpu
    ratio = rate / base_rate if base_rate else float("nan")
    rate_s = ("%.1f" % rate) if rate >= 0.1 else ("%.4f" % rate)
    ratio_s = ("%.2f" % ratio) if ratio >= 0.01 else ("1/%.0f" % (1 / ratio))
    print("| %s | %.1f | %d | %.3f | %.3f | %s | %s |" % (system, mb, found, cpu, wall, rate_s, ratio_s))
q_rows = [r for r in rows if r[0].startswith("quantulum3")]
if q_rows:
    qrate = q_rows[0][1] / 1e6 / q_rows[0][3]
    for r in rows:
        if r[0].startswith("claimscope"):
            print("%s: %.0f× quantulum3" % (r[0], (r[1] / 1e6 / r[3]) / qrate))
EOF

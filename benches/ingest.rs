//! Ingestion throughput per core: `claimscope::corpus::load` on the JSON Lines file and on
//! the folder of plain-text files of a corpus made by `../shared/bench/make_corpus.py`.
//!
//! Run: `cargo bench --bench ingest` (corpus from `CLAIMSCOPE_BENCH_CORPUS`, default
//! `/tmp/perfcorpus/10k`). Everything runs in a one-thread rayon pool, so the figure is
//! MB/s per core; each path is loaded once to warm the file cache, then timed five
//! times, and the median is reported. `CLAIMSCOPE_BENCH_ONLY=jsonl` (or `txt`) runs one
//! path only, for profiling.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use claimscope::corpus::{self, LoadOptions};

const DEFAULT_CORPUS: &str = "/tmp/perfcorpus/10k";
const RUNS: usize = 5;
const TARGET_MB_PER_S: f64 = 150.0;

struct Row {
    path: &'static str,
    bytes: u64,
    seconds: f64,
    /// Time the pool thread spent on a CPU (None where Linux schedstat is missing):
    /// on a busy machine wall time includes waiting for a core, CPU time does not.
    cpu_seconds: Option<f64>,
    articles: usize,
}

impl Row {
    fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.seconds
    }
}

/// Nanoseconds the calling thread has run on a CPU, from /proc/thread-self/schedstat.
fn thread_cpu_ns() -> Option<u64> {
    let stat = fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Total size of the files under `path` (or of `path` itself).
fn size_of(path: &Path) -> std::io::Result<u64> {
    let meta = fs::metadata(path)?;
    if !meta.is_dir() {
        return Ok(meta.len());
    }
    let mut total = 0;
    for entry in fs::read_dir(path)? {
        total += size_of(&entry?.path())?;
    }
    Ok(total)
}

/// Median wall time and median on-CPU time of `RUNS` loads after one warm-up, and the
/// article count.
fn measure(path: &Path, options: &LoadOptions) -> (f64, Option<f64>, usize) {
    let inputs = [path.display().to_string()];
    let warm = corpus::load(&inputs, options);
    let articles = warm.articles.len();
    if !warm.report.skipped.is_empty() {
        eprintln!(
            "note: {} inputs skipped under {}, e.g. {:?}",
            warm.report.skipped.len(),
            path.display(),
            warm.report.skipped[0]
        );
    }
    drop(warm);
    let mut times = Vec::with_capacity(RUNS);
    let mut cpu_times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let cpu_start = thread_cpu_ns();
        let start = Instant::now();
        let corpus = corpus::load(&inputs, options);
        let elapsed = start.elapsed().as_secs_f64();
        if let (Some(a), Some(b)) = (cpu_start, thread_cpu_ns()) {
            cpu_times.push(b.saturating_sub(a) as f64 / 1e9);
        }
        assert_eq!(corpus.articles.len(), articles, "runs disagree");
        drop(corpus);
        times.push(elapsed);
    }
    times.sort_by(f64::total_cmp);
    cpu_times.sort_by(f64::total_cmp);
    let cpu = (cpu_times.len() == RUNS).then(|| cpu_times[RUNS / 2]);
    (times[RUNS / 2], cpu, articles)
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; nothing else is accepted.
    let corpus_dir = PathBuf::from(
        std::env::var_os("CLAIMSCOPE_BENCH_CORPUS").unwrap_or_else(|| DEFAULT_CORPUS.into()),
    );
    let jsonl = corpus_dir.join("articles.jsonl");
    let txt = corpus_dir.join("txt");
    if !jsonl.is_file() || !txt.is_dir() {
        println!(
            "no benchmark corpus at {} (needs articles.jsonl and txt/).\n\
             Generate one with\n  python3 ../shared/bench/make_corpus.py --n 10000 --out {}\n\
             (or /tmp/mkcorpus.sh 10000 {} where the script needs its workaround),\n\
             or point CLAIMSCOPE_BENCH_CORPUS at an existing one.",
            corpus_dir.display(),
            corpus_dir.display(),
            corpus_dir.display(),
        );
        return ExitCode::SUCCESS;
    }

    let pool = match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot build a one-thread pool: {e}");
            return ExitCode::FAILURE;
        }
    };
    let options = LoadOptions::default();
    let only = std::env::var("CLAIMSCOPE_BENCH_ONLY").unwrap_or_default();
    let mut rows = Vec::new();
    for (name, path) in [("jsonl", &jsonl), ("txt folder", &txt)] {
        if !only.is_empty() && !name.starts_with(only.as_str()) {
            continue;
        }
        let bytes = match size_of(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: cannot size {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
        let (seconds, cpu_seconds, articles) = pool.install(|| measure(path, &options));
        rows.push(Row {
            path: name,
            bytes,
            seconds,
            cpu_seconds,
            articles,
        });
    }

    println!(
        "corpus: {}  (1 thread, median of {RUNS} warm runs)",
        corpus_dir.display()
    );
    println!(
        "{:<11} {:>13} {:>9} {:>13} {:>9} {:>9}",
        "path", "bytes", "seconds", "MB/s per core", "cpu s", "articles"
    );
    for r in &rows {
        let cpu = r
            .cpu_seconds
            .map_or_else(|| "-".to_owned(), |c| format!("{c:.3}"));
        println!(
            "{:<11} {:>13} {:>9.3} {:>13.1} {:>9} {:>9}{}",
            r.path,
            r.bytes,
            r.seconds,
            r.mb_per_s(),
            cpu,
            r.articles,
            if r.mb_per_s() < TARGET_MB_PER_S {
                "  (below the 150 MB/s target)"
            } else {
                ""
            }
        );
    }
    ExitCode::SUCCESS
}

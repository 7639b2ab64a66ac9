//! Extraction throughput per core: the number finder
//! (`claims::numbers::find_quantities`) and the full claims stage
//! (`claims::extract_corpus`: number finding + qualifiers, subjects, times, aliases).
//!
//! Run: `cargo bench --bench extract`. Two sources of text:
//!
//! * `CLAIMSCOPE_BENCH_CORPUS` set (a corpus made by `../shared/bench/make_corpus.py`:
//!   its `articles.jsonl`, or any file/folder `claimscope` reads): the corpus is loaded
//!   once with `claimscope::corpus::load` (not timed), then both stages are timed over
//!   the loaded articles. The MB figure is the article text bytes (titles are read by the
//!   claims stage too but not counted), the same bytes the Python baselines count.
//! * otherwise every file under `CLAIMSCOPE_BENCH_TEXT` (default
//!   `../shared/corpora/realnews`, falling back to `seeds/`) is read once as raw text for
//!   the number finder (the original measurement), and loaded as articles for the claims
//!   stage.
//!
//! Everything runs on one thread (a rayon pool of 1), so the figures are per core. Each
//! stage is timed `CLAIMSCOPE_BENCH_RUNS` times (default 5) and the median is reported:
//! CPU time of the thread where Linux gives it (`/proc/thread-self/schedstat`), else
//! wall time; the median wall time is printed too. `CLAIMSCOPE_BENCH_ONLY=numbers` (or
//! `claims`) runs one stage only, for profiling. `CLAIMSCOPE_BENCH_JSON=FILE` appends
//! one JSON record per stage to FILE (read by `benches/compare_extract.sh`).
//!
//! Exit status 1 when a measured stage misses the target of 50 MB/s per core (a noisy
//! shared machine can cause that: rerun before concluding).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use claimscope::claims::numbers::find_quantities;
use claimscope::claims::units::UnitTable;
use claimscope::claims::{extract_corpus, ClaimModels};
use claimscope::corpus::{self, Article, LoadOptions};

const DEFAULT_RUNS: usize = 5;
const TARGET_MB_PER_S: f64 = 50.0;

/// Seconds this thread has spent on a CPU (Linux schedstat), so a busy shared machine
/// does not count waiting for a core as work. None where schedstat is missing.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

fn files_under(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = fs::read_dir(path) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            files_under(&p, out);
        }
    } else {
        out.push(path.to_path_buf());
    }
}

/// One timed stage: median CPU seconds (or wall where CPU time is unavailable), median
/// wall seconds, and what it found.
struct Measured {
    seconds: f64,
    wall: f64,
    on_cpu: bool,
    found: usize,
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Time `work` `runs` times on the calling thread.
fn measure(runs: usize, mut work: impl FnMut() -> usize) -> Measured {
    let mut cpu = Vec::with_capacity(runs);
    let mut wall = Vec::with_capacity(runs);
    let mut found = 0;
    let mut on_cpu = true;
    for _ in 0..runs {
        let start = Instant::now();
        let cpu_start = thread_cpu_seconds();
        found = std::hint::black_box(work());
        let w = start.elapsed().as_secs_f64();
        let c = cpu_start.and_then(|s| thread_cpu_seconds().map(|e| e - s));
        match c.filter(|c| *c > 0.0) {
            Some(c) => cpu.push(c),
            None => {
                on_cpu = false;
                cpu.push(w);
            }
        }
        wall.push(w);
    }
    Measured {
        seconds: median(cpu),
        wall: median(wall),
        on_cpu,
        found,
    }
}

fn append_json(path: &str, record: serde_json::Value) {
    let written = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| writeln!(f, "{record}"));
    if let Err(e) = written {
        eprintln!("cannot append to {path}: {e}");
    }
}

struct Report<'a> {
    source: &'a str,
    runs: usize,
    json: Option<String>,
    all_met: bool,
}

impl Report<'_> {
    fn stage(&mut self, stage: &str, what: &str, bytes: usize, articles: usize, m: &Measured) {
        let rate = bytes as f64 / m.seconds / 1e6;
        let clock = if m.on_cpu { "on CPU" } else { "wall" };
        // The original line first (scripts may parse it), then the extra figures.
        println!(
            "{stage}: {bytes} bytes, {} {what}, median {:.3} s {clock}, {rate:.1} MB/s per core \
             (target {TARGET_MB_PER_S}); {articles} texts, median wall {:.3} s",
            m.found, m.seconds, m.wall
        );
        self.all_met &= rate >= TARGET_MB_PER_S;
        if let Some(path) = &self.json {
            append_json(
                path,
                serde_json::json!({
                    "stage": stage,
                    "source": self.source,
                    "text_bytes": bytes,
                    "articles": articles,
                    "found": m.found,
                    "runs": self.runs,
                    "cpu_s": if m.on_cpu { Some(m.seconds) } else { None },
                    "wall_s": m.wall,
                    "mb_s_per_core": rate,
                }),
            );
        }
    }
}

fn main() -> ExitCode {
    let runs = std::env::var("CLAIMSCOPE_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse::<usize>().ok())
        .filter(|r| *r > 0)
        .unwrap_or(DEFAULT_RUNS);
    let only = std::env::var("CLAIMSCOPE_BENCH_ONLY").ok();
    let run_numbers = only.as_deref().is_none_or(|o| o == "numbers");
    let run_claims = only.as_deref().is_none_or(|o| o == "claims");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread rayon pool");

    // The texts for the number finder and the articles for the claims stage.
    let corpus_path = std::env::var("CLAIMSCOPE_BENCH_CORPUS").ok();
    let (source, raw_texts, articles): (String, Option<Vec<String>>, Vec<Article>) =
        match &corpus_path {
            Some(path) => {
                let loaded = pool
                    .install(|| corpus::load(std::slice::from_ref(path), &LoadOptions::default()));
                (path.clone(), None, loaded.articles)
            }
            None => {
                let mut root = std::env::var("CLAIMSCOPE_BENCH_TEXT")
                    .unwrap_or_else(|_| "../shared/corpora/realnews".to_string());
                let mut files = Vec::new();
                files_under(Path::new(&root), &mut files);
                if files.is_empty() {
                    root = "seeds".to_string();
                    files_under(Path::new(&root), &mut files);
                }
                let texts: Vec<String> = files
                    .iter()
                    .filter_map(|f| fs::read_to_string(f).ok())
                    .collect();
                let articles = if run_claims && !files.is_empty() {
                    pool.install(|| corpus::load(&[root.clone()], &LoadOptions::default()))
                        .articles
                } else {
                    Vec::new()
                };
                (root, Some(texts), articles)
            }
        };

    let mut report = Report {
        source: &source,
        runs,
        json: std::env::var("CLAIMSCOPE_BENCH_JSON").ok(),
        all_met: true,
    };
    let units = UnitTable::builtin();

    if run_numbers {
        let texts: Vec<&str> = match &raw_texts {
            Some(t) => t.iter().map(String::as_str).collect(),
            None => articles.iter().map(|a| a.text.as_str()).collect(),
        };
        let bytes: usize = texts.iter().map(|t| t.len()).sum();
        if bytes == 0 {
            eprintln!("no text found in {source}");
            return ExitCode::FAILURE;
        }
        let m = pool.install(|| {
            measure(runs, || {
                texts
                    .iter()
                    .map(|t| find_quantities(t, units).len())
                    .sum::<usize>()
            })
        });
        report.stage("find_quantities", "mentions", bytes, texts.len(), &m);
    }

    if run_claims {
        let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
        if bytes == 0 {
            eprintln!("no articles loaded from {source}");
            return ExitCode::FAILURE;
        }
        let models = ClaimModels::builtin();
        let m = pool.install(|| measure(runs, || extract_corpus(&articles, models).len()));
        report.stage("claims", "claims", bytes, articles.len(), &m);
    }

    if report.all_met {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

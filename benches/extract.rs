//! Number-finding throughput per core: `claims::numbers::find_quantities` over news text.
//!
//! Run: `cargo bench --bench extract`. The text is every file under
//! `CLAIMSCOPE_BENCH_TEXT` (default `../shared/corpora/realnews`, falling back to
//! `seeds/`), read once; the scan is timed five times on one thread and the median is
//! reported (CPU time of the thread where Linux gives it, else wall time) against the target of 50 MB/s per core. Exit status 1 when the target is
//! missed (a noisy shared machine can cause that: rerun before concluding).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use claimscope::claims::numbers::find_quantities;
use claimscope::claims::units::UnitTable;

const RUNS: usize = 5;

/// Seconds this thread has spent on a CPU (Linux schedstat), so a busy shared machine
/// does not count waiting for a core as work. None where schedstat is missing.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}
const TARGET_MB_PER_S: f64 = 50.0;

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

fn main() -> ExitCode {
    let root = std::env::var("CLAIMSCOPE_BENCH_TEXT")
        .unwrap_or_else(|_| "../shared/corpora/realnews".to_string());
    let mut files = Vec::new();
    files_under(Path::new(&root), &mut files);
    if files.is_empty() {
        files_under(Path::new("seeds"), &mut files);
    }
    let texts: Vec<String> = files
        .iter()
        .filter_map(|f| fs::read_to_string(f).ok())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    if bytes == 0 {
        eprintln!("no text found under {root} or seeds/");
        return ExitCode::FAILURE;
    }
    let units = UnitTable::builtin();
    let mut seconds = Vec::with_capacity(RUNS);
    let mut mentions = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let cpu_start = thread_cpu_seconds();
        mentions = texts
            .iter()
            .map(|t| find_quantities(t, units).len())
            .sum::<usize>();
        let wall = start.elapsed().as_secs_f64();
        let cpu = cpu_start.and_then(|s| thread_cpu_seconds().map(|e| e - s));
        seconds.push(cpu.filter(|c| *c > 0.0).unwrap_or(wall));
    }
    seconds.sort_by(f64::total_cmp);
    let median = seconds[RUNS / 2];
    let rate = bytes as f64 / median / 1e6;
    println!("find_quantities: {bytes} bytes, {mentions} mentions, median {median:.3} s on CPU, {rate:.1} MB/s per core (target {TARGET_MB_PER_S})");
    if rate >= TARGET_MB_PER_S {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

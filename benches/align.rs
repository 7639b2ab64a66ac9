//! Alignment at scale: `align::group_claims` over one million claims.
//!
//! Run: `cargo bench --bench align`. The articles are read from
//! `CLAIMSCOPE_BENCH_CORPUS` (default `/tmp/perfcorpus/100k/articles.jsonl`, made by
//! `/work/shared/bench/make_corpus.py`), their claims extracted once (timed, reported
//! in MB/s of article text), then brought to exactly `CLAIMSCOPE_BENCH_CLAIMS` claims
//! (default 1,000,000): the first ones when extraction gives more, else the real
//! claims plus copies with perturbed ids, articles, outlets, values and times drawn
//! from a fixed-seed xorshift, so the subjects and their terms keep the corpus's
//! distribution. Grouping is timed three times and the median wall time is reported
//! against the target of 10 s, with the peak resident memory of grouping, the groups
//! per verdict and the largest group. Exit status 1 when the target is missed (a noisy
//! shared machine can cause that: rerun before concluding).
//!
//! `CLAIMSCOPE_BENCH_STORIES=1` groups as `analyze` does, with the articles' story
//! similarity (TF-IDF signatures, fitted once, untimed): claims of unrelated stories
//! whose subjects match are then compared story by story, the largest part of
//! grouping on a large corpus. Perturbed copies name articles the similarity does not
//! know, so they meet no other article's claims.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use claimscope::align::{group_claims, AlignModel, AlignOptions, ClaimGroup};
use claimscope::claims::{extract_corpus, Claim, ClaimModels};
use claimscope::corpus::{self, ArticleId, LoadOptions};
use claimscope::date::PartialDate;
use claimscope::vectorize::{ArticleSignatures, Signatures};

const RUNS: usize = 3;
const TARGET_SECONDS: f64 = 10.0;
const DEFAULT_CORPUS: &str = "/tmp/perfcorpus/100k/articles.jsonl";
const DEFAULT_CLAIMS: usize = 1_000_000;
const SEED: u64 = 0x5eed_c1a1_05c0_9e42;

/// xorshift64*: enough for deterministic perturbations, no crate needed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in [0, n).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A memory figure of `/proc/self/status` ("VmHWM", "VmRSS") in MiB (Linux only).
fn status_mib(field: &str) -> Option<f64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find(|l| l.strip_prefix(field).is_some_and(|r| r.starts_with(':')))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Restart the peak-memory count from the current resident size (Linux ≥ 4.0).
fn reset_peak_rss() -> bool {
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// A date moved by a few months or a year or two, keeping its precision.
fn shift_date(date: PartialDate, rng: &mut XorShift) -> PartialDate {
    let months = rng.below(49) as i32 - 24;
    let total = date.year * 12 + i32::from(date.month.unwrap_or(1)) - 1 + months;
    let (year, month) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
    match (date.month, date.day) {
        (Some(_), Some(day)) => PartialDate::day(year, month, day.min(28)).unwrap_or(date),
        (Some(_), None) => PartialDate::month(year, month).unwrap_or(date),
        _ => PartialDate::year(year + months / 12),
    }
}

/// Copy `claim` as if another outlet had reported it elsewhere, at another time, with
/// the same or a nearby figure.
fn perturbed(
    claim: &Claim,
    copy: usize,
    outlets: &[std::sync::Arc<str>],
    rng: &mut XorShift,
) -> Claim {
    let mut c = claim.clone();
    c.id = format!("{}~{copy}", claim.id).into();
    // Copies of one article stay together, as repeated figures of one story do.
    c.article = ArticleId(format!("{}~{copy}", claim.article).into());
    if !outlets.is_empty() {
        c.outlet = Some(outlets[rng.below(outlets.len() as u64) as usize].clone());
    }
    // Half the copies repeat the figure, the rest move it by up to ±30 %.
    if rng.below(2) == 1 {
        let factor = 0.7 + 0.6 * rng.unit();
        let scale = |v: f64| (v * factor).round();
        c.value = (c.value * factor).round();
        c.low = c.low.map(scale);
        c.high = c.high.map(scale);
        let base = |v: f64| v * factor;
        c.base_value *= factor;
        c.base_low = c.base_low.map(base);
        c.base_high = c.base_high.map(base);
    }
    if rng.below(3) > 0 {
        c.time = c.time.map(|t| shift_date(t, rng));
        c.date = c.date.map(|t| shift_date(t, rng));
    }
    c
}

/// Exactly `n` claims: the first `n` real ones, or all of them and perturbed copies.
fn scale_to(real: Vec<Claim>, n: usize) -> Vec<Claim> {
    if real.len() >= n || real.is_empty() {
        let mut real = real;
        real.truncate(n);
        return real;
    }
    let mut outlets: Vec<std::sync::Arc<str>> =
        real.iter().filter_map(|c| c.outlet.clone()).collect();
    outlets.sort();
    outlets.dedup();
    let mut rng = XorShift(SEED);
    let base = real.len();
    let mut claims = real;
    claims.reserve(n - base);
    for k in base..n {
        let copy = claims[k % base].clone();
        claims.push(perturbed(&copy, k / base, &outlets, &mut rng));
    }
    claims
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn main() -> ExitCode {
    let path = env_or("CLAIMSCOPE_BENCH_CORPUS", DEFAULT_CORPUS);
    let wanted: usize = match env_or("CLAIMSCOPE_BENCH_CLAIMS", "").parse() {
        Ok(n) => n,
        Err(_) => DEFAULT_CLAIMS,
    };
    if !Path::new(&path).exists() {
        println!(
            "align bench: no corpus at {path}; make one with\n  \
             python3 /work/shared/bench/make_corpus.py --n 100000 --out /tmp/perfcorpus/100k\n\
             or point CLAIMSCOPE_BENCH_CORPUS at a JSON Lines corpus. Skipped."
        );
        return ExitCode::SUCCESS;
    }

    let start = Instant::now();
    let corpus = corpus::load(std::slice::from_ref(&path), &LoadOptions::default());
    let load_seconds = start.elapsed().as_secs_f64();
    let articles = corpus.articles;
    let text_bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    println!(
        "load: {} articles, {:.1} MB of text, {load_seconds:.2} s",
        articles.len(),
        text_bytes as f64 / 1e6
    );

    let start = Instant::now();
    let real = extract_corpus(&articles, ClaimModels::builtin());
    let extract_seconds = start.elapsed().as_secs_f64();
    println!(
        "extract_corpus: {} claims, {extract_seconds:.2} s, {:.1} MB/s on {} threads",
        real.len(),
        text_bytes as f64 / 1e6 / extract_seconds,
        rayon::current_num_threads()
    );
    let models = ClaimModels::builtin();
    // The articles are kept only for the story similarity.
    let articles = (env_or("CLAIMSCOPE_BENCH_STORIES", "") == "1").then_some(articles);
    let stories = articles.as_deref().map(|articles| {
        let start = Instant::now();
        let signatures = Signatures::fit(articles);
        println!(
            "story signatures: {} articles, {:.2} s",
            articles.len(),
            start.elapsed().as_secs_f64()
        );
        ArticleSignatures::with_signatures(articles, models.aliases, signatures)
    });
    let real_count = real.len();
    let claims = scale_to(real, wanted);
    if claims.is_empty() {
        println!("align bench: the corpus gave no claims. Skipped.");
        return ExitCode::SUCCESS;
    }
    println!(
        "claims: {} ({} real, {} perturbed copies)",
        claims.len(),
        real_count.min(claims.len()),
        claims.len().saturating_sub(real_count)
    );

    let options = AlignOptions {
        window_days: 365,
        conversion_tolerance: 0.02,
    };
    let model = AlignModel::builtin();
    let peak_before = status_mib("VmHWM");
    let held = status_mib("VmRSS");
    let reset = reset_peak_rss();
    let mut seconds = Vec::with_capacity(RUNS);
    let mut groups: Vec<ClaimGroup> = Vec::new();
    for run in 0..RUNS {
        drop(std::mem::take(&mut groups));
        let start = Instant::now();
        groups = group_claims(
            &claims,
            model,
            &options,
            stories
                .as_ref()
                .map(|s| s as &dyn claimscope::align::StorySimilarity),
        );
        let s = start.elapsed().as_secs_f64();
        println!("group_claims run {}: {s:.2} s", run + 1);
        seconds.push(s);
    }
    seconds.sort_by(f64::total_cmp);
    let median = seconds[RUNS / 2];
    if let Ok(dump) = std::env::var("CLAIMSCOPE_BENCH_DUMP") {
        match serde_json::to_string(&groups) {
            Ok(json) => match fs::write(&dump, json) {
                Ok(()) => println!("groups written to {dump}"),
                Err(e) => eprintln!("cannot write {dump}: {e}"),
            },
            Err(e) => eprintln!("cannot serialise the groups: {e}"),
        }
    }

    let mut by_verdict: BTreeMap<&str, usize> = BTreeMap::new();
    for g in &groups {
        *by_verdict.entry(g.verdict.as_str()).or_default() += 1;
    }
    let largest = groups.iter().max_by_key(|g| g.claims.len());
    let related: usize = groups.iter().map(|g| g.related.len()).sum();
    println!(
        "group_claims: {} claims, median {median:.2} s of {RUNS} (target {TARGET_SECONDS} s)",
        claims.len()
    );
    match (status_mib("VmHWM"), held, peak_before) {
        (Some(p), Some(h), Some(b)) if reset => println!(
            "peak RSS while grouping: {p:.0} MiB ({h:.0} MiB held before grouping, \
             the claims among it; load and extraction peaked at {b:.0} MiB)"
        ),
        (Some(p), _, _) => println!("peak RSS: {p:.0} MiB (whole process)"),
        _ => println!("peak RSS: unknown"),
    }
    println!(
        "groups: {} ({}), related links: {related}",
        groups.len(),
        by_verdict
            .iter()
            .map(|(v, n)| format!("{v} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(g) = largest {
        println!(
            "largest group: {} claims, {} {:?} \"{}\"",
            g.claims.len(),
            g.verdict.as_str(),
            g.measure,
            g.subject
        );
    }
    if median <= TARGET_SECONDS {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

//! What framing scoring costs on top of tokenisation.
//!
//! Run: `cargo bench --bench framing`. Loads `CLAIMSCOPE_BENCH_CORPUS` (any input
//! `claimscope` reads), else `/tmp/perfcorpus/100k/articles.jsonl`, else
//! `/tmp/perfcorpus/10k/articles.jsonl` (corpora made by `../shared/bench/make_corpus.py`),
//! once and untimed, and splits each text into sentences (as the claims stage does for
//! its own work; framing reads those sentences). Then it times, on one thread (a rayon
//! pool of one):
//!
//! * **tokenisation**: `text::tokens::WordTable::tokenize` over every text (words,
//!   lower-casing, memoised stems), a table that has already seen every word — the
//!   bare cost of reading the words;
//! * **word count**: the count topics and story signatures share in `analyze`
//!   (`TfidfModel::with_one_count`: the same tokenising in unstemmed tables, counting
//!   each article's kept words, merging the tables and stemming each distinct word);
//! * **word count + scores**: the same count with framing's `FramingPass` riding on it
//!   (lexicon matching, quoted speech; the few words that may key a phrase stemmed)
//!   and each article's attributed sentences counted
//!   from the sentences given: the per-article scores alone;
//! * **word count + framing**: the same count with framing's `FramingPass` riding on
//!   it (lexicon matching, quoted speech), the outlets' term counts read from the count
//!   and reduced to their distinctive terms (log-odds), and each article's attributed
//!   sentences counted from the sentences given — everything `outlets` spends on
//!   framing but the bootstrap intervals, which are not timed. (`analyze` counts words
//!   of two characters for topics too, and masks the shorter ones out of the terms.)
//!
//! What framing adds is the difference of the last two. It is printed against both the
//! bare tokenisation and the word count, each the median of `CLAIMSCOPE_BENCH_RUNS` runs
//! (default 3) with the passes in turn, as CPU time of the timing thread where Linux
//! gives it (`/proc/thread-self/schedstat`), else wall time. `CLAIMSCOPE_BENCH_LIMIT=N`
//! reads the first N articles only; `CLAIMSCOPE_BENCH_ONLY=tokenise` (or `count`,
//! `scores`, `framing`) times one pass only, for profiling.
//!
//! Exit status 1 when framing adds more than 20 % to the bare tokenisation (on a busy
//! shared machine, rerun before concluding), 2 when no corpus is found.

use std::fs;
use std::ops::Range;
use std::process::ExitCode;
use std::time::Instant;

use claimscope::corpus::{self, Article, LoadOptions};
use claimscope::framing::{
    count_and_match, with_framed_count, Lexicon, OutletGroups, ProfileOptions, MIN_TERM_CHARS,
};
use claimscope::text::tokens::WordTable;
use claimscope::vectorize::TfidfModel;

const DEFAULT_RUNS: usize = 3;
const TARGET_OVERHEAD: f64 = 0.20;
const CORPORA: [&str; 2] = [
    "/tmp/perfcorpus/100k/articles.jsonl",
    "/tmp/perfcorpus/10k/articles.jsonl",
];

fn thread_cpu_seconds() -> Option<f64> {
    let stat = fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

/// CPU seconds (or wall seconds where CPU time is unavailable) of one call.
fn timed(work: impl FnOnce() -> u64) -> (f64, u64) {
    let wall = Instant::now();
    let cpu = thread_cpu_seconds();
    let found = std::hint::black_box(work());
    let seconds = cpu
        .and_then(|start| thread_cpu_seconds().map(|end| end - start))
        .filter(|s| *s > 0.0)
        .unwrap_or_else(|| wall.elapsed().as_secs_f64());
    (seconds, found)
}

/// The median, NaN when nothing was measured (`CLAIMSCOPE_BENCH_ONLY`).
fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

fn tokenise(table: &mut WordTable, articles: &[Article]) -> u64 {
    let mut letters = 0u64;
    for a in articles {
        table.tokenize(&a.text, |_, entry| letters += u64::from(entry.has_letter));
    }
    letters
}

fn count(articles: &[Article]) -> u64 {
    TfidfModel::with_one_count(
        articles,
        MIN_TERM_CHARS,
        |_| (),
        |_, outputs| outputs.len() as u64,
    )
}

/// The count with the lexicon matched over it and each article's score, no
/// distinctive terms: what the per-article scoring alone costs.
fn count_and_score(
    articles: &[Article],
    sentences: &[Vec<Range<usize>>],
    lexicon: &Lexicon,
) -> u64 {
    with_framed_count(articles, MIN_TERM_CHARS, lexicon, |_, framings| {
        framings
            .into_iter()
            .zip(sentences)
            .map(|(framing, sentences)| {
                u64::from(framing.score(sentences, &[]).attributed_sentences)
            })
            .sum()
    })
}

fn count_and_frame(
    articles: &[Article],
    sentences: &[Vec<Range<usize>>],
    lexicon: &Lexicon,
    outlets: &OutletGroups<'_>,
) -> u64 {
    let (framings, distinctive) =
        count_and_match(articles, outlets, lexicon, &ProfileOptions::default());
    let attributed: u64 = framings
        .into_iter()
        .zip(sentences)
        .map(|(framing, sentences)| u64::from(framing.score(sentences, &[]).attributed_sentences))
        .sum();
    attributed + distinctive.iter().map(|d| d.len() as u64).sum::<u64>()
}

fn main() -> ExitCode {
    let env_number = |name: &str| {
        std::env::var(name)
            .ok()
            .and_then(|r| r.parse::<usize>().ok())
            .filter(|r| *r > 0)
    };
    let runs = env_number("CLAIMSCOPE_BENCH_RUNS").unwrap_or(DEFAULT_RUNS);
    let limit = env_number("CLAIMSCOPE_BENCH_LIMIT").unwrap_or(usize::MAX);
    let candidates: Vec<String> = match std::env::var("CLAIMSCOPE_BENCH_CORPUS") {
        Ok(path) => vec![path],
        Err(_) => CORPORA.iter().map(|p| (*p).to_owned()).collect(),
    };
    let Some(path) = candidates.iter().find(|p| fs::metadata(p).is_ok()) else {
        eprintln!(
            "no corpus at {}: make one with ../shared/bench/make_corpus.py \
             or set CLAIMSCOPE_BENCH_CORPUS to an input claimscope reads",
            candidates.join(" or ")
        );
        return ExitCode::from(2);
    };
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("cannot start a thread pool: {e}");
            return ExitCode::from(2);
        }
    };
    let mut loaded =
        pool.install(|| corpus::load(std::slice::from_ref(path), &LoadOptions::default()));
    loaded.articles.truncate(limit);
    let articles = loaded.articles;
    if articles.is_empty() {
        eprintln!("{path}: no articles");
        return ExitCode::from(2);
    }
    let sentences: Vec<Vec<Range<usize>>> = articles
        .iter()
        .map(|a| claimscope::text::sentences(&a.text))
        .collect();
    let outlets = OutletGroups::of(&articles);
    let lexicon = Lexicon::builtin();
    let mb = articles.iter().map(|a| a.text.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "corpus: {path}, {} articles, {mb:.1} MB of text; {runs} runs, median CPU time of one thread",
        articles.len()
    );

    let only = std::env::var("CLAIMSCOPE_BENCH_ONLY").ok();
    let wanted = |name: &str| only.as_deref().is_none_or(|o| o == name);
    let mut table = WordTable::new();
    tokenise(&mut table, &articles);
    let (mut tokenised, mut counted, mut scored, mut framed) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut words = 0;
    pool.install(|| {
        for _ in 0..runs {
            if wanted("tokenise") {
                let (s, w) = timed(|| tokenise(&mut table, &articles));
                tokenised.push(s);
                words = w;
            }
            if wanted("count") {
                counted.push(timed(|| count(&articles)).0);
            }
            if wanted("scores") {
                scored.push(timed(|| count_and_score(&articles, &sentences, lexicon)).0);
            }
            if wanted("framing") {
                framed.push(timed(|| count_and_frame(&articles, &sentences, lexicon, &outlets)).0);
            }
        }
    });
    let (tokenised, counted, scored, framed) = (
        median(tokenised),
        median(counted),
        median(scored),
        median(framed),
    );
    let added = framed - counted;
    let scores_add = scored - counted;
    println!(
        "  tokenisation:          {tokenised:.3} s  {:.1} MB/s  ({words} words)",
        mb / tokenised
    );
    println!(
        "  word count:            {counted:.3} s  {:.1} MB/s",
        mb / counted
    );
    println!(
        "  word count + scores:   {scored:.3} s  {:.1} MB/s",
        mb / scored
    );
    println!(
        "  word count + framing:  {framed:.3} s  {:.1} MB/s",
        mb / framed
    );
    println!(
        "  scores alone add {scores_add:.3} s: {:.1} % of tokenisation",
        100.0 * scores_add / tokenised
    );
    println!(
        "  framing adds {added:.3} s: {:.1} % of tokenisation (target ≤ {:.0} %), {:.1} % of the word count",
        100.0 * added / tokenised,
        100.0 * TARGET_OVERHEAD,
        100.0 * added / counted
    );
    if added / tokenised <= TARGET_OVERHEAD || added.is_nan() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

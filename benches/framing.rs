//! What framing scoring costs on top of tokenisation.
//!
//! Run: `cargo bench --bench framing`. Reads JSON Lines with a `"text"` field from
//! `CLAIMSCOPE_BENCH_CORPUS`, else `/tmp/perfcorpus/100k/articles.jsonl`, else
//! `/tmp/perfcorpus/10k/articles.jsonl` (corpora made by `../shared/bench/make_corpus.py`),
//! and times two passes over the texts on one thread:
//!
//! * tokenisation alone: `text::tokens::WordTable::tokenize` (words, lower-casing,
//!   memoised stems) — what any stage that reads words pays;
//! * tokenisation + framing scoring: `framing::Scorer::score` (the same tokenisation,
//!   then lexicon matching, quoted-speech spans, sentences and attribution), with the
//!   word counts for distinctive terms drained at each change of outlet, as
//!   `profile_outlets` does (texts are ordered by their `"outlet"` field, as there).
//!
//! Loading and the corpus-wide merge (outlet sums, bootstrap, log-odds) are not timed.
//!
//! Two measurements, each the median of `CLAIMSCOPE_BENCH_RUNS` runs (default 3) with the
//! passes alternating, as CPU time of the thread where Linux gives it
//! (`/proc/thread-self/schedstat`), else wall time:
//!
//! * steady state: the word table (and the scorer's) has already seen every text, as a
//!   worker's table soon has on a large corpus; a pass is lookups and scoring only. The
//!   target applies to this one: it isolates what scoring adds per word.
//! * cold: a new table per pass, so stemming every distinct word and allocating it is
//!   timed too. On a shared machine this figure moves with the allocator and page faults
//!   more than with scoring (an A/A run of two tokenisation passes can differ by 30 %).
//!
//! `CLAIMSCOPE_BENCH_LIMIT=N` reads the first N texts only; `CLAIMSCOPE_BENCH_ONLY=tokenise`
//! (or `score`) times one pass only, for profiling; `CLAIMSCOPE_BENCH_PARTS=1` also times
//! sentence splitting and quote finding alone.
//!
//! Exit status 1 when scoring adds more than 20 % to tokenisation time in the steady
//! state (on a busy shared machine, rerun before concluding), 2 when no corpus is found.

use std::fs;
use std::io::{BufRead, BufReader};
use std::process::ExitCode;
use std::time::Instant;

use claimscope::framing::{Lexicon, Scorer};
use claimscope::text::tokens::WordTable;

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

/// (outlet, text) of each line, ordered by outlet (stable).
fn read_texts(path: &str, limit: usize) -> std::io::Result<Vec<(String, String)>> {
    let file = fs::File::open(path)?;
    let mut texts = Vec::new();
    for line in BufReader::new(file).lines() {
        if texts.len() >= limit {
            break;
        }
        let line = line?;
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if let Some(text) = value.get("text").and_then(|t| t.as_str()) {
            let outlet = value.get("outlet").and_then(|o| o.as_str()).unwrap_or("");
            texts.push((outlet.to_owned(), text.to_owned()));
        }
    }
    texts.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(texts)
}

fn tokenise_all(table: &mut WordTable, texts: &[(String, String)]) -> u64 {
    let mut letters = 0u64;
    for (_, text) in texts {
        table.tokenize(text, |_, entry| letters += u64::from(entry.has_letter));
    }
    letters
}

fn score_all(scorer: &mut Scorer, texts: &[(String, String)]) -> u64 {
    let mut found = 0u64;
    let mut terms: Vec<(u32, u32, u64)> = Vec::new();
    let mut group = 0u32;
    for (i, (outlet, text)) in texts.iter().enumerate() {
        if i > 0 && texts[i - 1].0 != *outlet {
            scorer.drain_terms(|word, n| terms.push((group, word, n)));
            group += 1;
        }
        let score = scorer.score(text, &[]);
        found += score
            .own
            .iter()
            .chain(&score.quoted)
            .map(|&n| u64::from(n))
            .sum::<u64>();
        found += u64::from(score.attributed_sentences);
    }
    scorer.drain_terms(|word, n| terms.push((group, word, n)));
    found + terms.len() as u64
}

/// Median seconds of the two passes over `runs` runs, alternating which goes first.
/// `fresh` builds a new table (or scorer) for every pass; otherwise both reuse one that
/// has already seen every text.
fn measure(texts: &[(String, String)], lexicon: &Lexicon, runs: usize, fresh: bool) -> Pass {
    let mut table = WordTable::new();
    let mut scorer = Scorer::new(lexicon);
    if !fresh {
        tokenise_all(&mut table, texts);
        score_all(&mut scorer, texts);
    }
    let only = std::env::var("CLAIMSCOPE_BENCH_ONLY").ok();
    let (mut tokenise, mut score) = (Vec::new(), Vec::new());
    let (mut words, mut found) = (0, 0);
    for run in 0..runs {
        for pass in [run % 2, 1 - run % 2] {
            if only
                .as_deref()
                .is_some_and(|o| o != ["tokenise", "score"][pass])
            {
                continue;
            }
            if pass == 0 {
                if fresh {
                    table = WordTable::new();
                }
                let (s, w) = timed(|| tokenise_all(&mut table, texts));
                tokenise.push(s);
                words = w;
            } else {
                if fresh {
                    scorer = Scorer::new(lexicon);
                }
                let (s, f) = timed(|| score_all(&mut scorer, texts));
                score.push(s);
                found = f;
            }
        }
    }
    Pass {
        tokenise: median(tokenise),
        score: median(score),
        words,
        found,
    }
}

struct Pass {
    tokenise: f64,
    score: f64,
    words: u64,
    found: u64,
}

impl Pass {
    fn report(&self, what: &str, mb: f64) -> f64 {
        let overhead = self.score / self.tokenise - 1.0;
        println!("{what}:");
        println!(
            "  tokenisation:                   {:.3} s  {:.1} MB/s  ({} words)",
            self.tokenise,
            mb / self.tokenise,
            self.words
        );
        println!(
            "  tokenisation + framing scoring: {:.3} s  {:.1} MB/s  ({} matches, attributed sentences and term rows)",
            self.score,
            mb / self.score,
            self.found
        );
        println!(
            "  ratio {:.3}: scoring adds {:.1} % to tokenisation (target ≤ {:.0} %)",
            self.score / self.tokenise,
            100.0 * overhead,
            100.0 * TARGET_OVERHEAD
        );
        overhead
    }
}

fn main() -> ExitCode {
    let runs = std::env::var("CLAIMSCOPE_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse::<usize>().ok())
        .filter(|r| *r > 0)
        .unwrap_or(DEFAULT_RUNS);
    let limit = std::env::var("CLAIMSCOPE_BENCH_LIMIT")
        .ok()
        .and_then(|r| r.parse::<usize>().ok())
        .unwrap_or(usize::MAX);
    let candidates: Vec<String> = match std::env::var("CLAIMSCOPE_BENCH_CORPUS") {
        Ok(path) => vec![path],
        Err(_) => CORPORA.iter().map(|p| (*p).to_owned()).collect(),
    };
    let Some(path) = candidates.iter().find(|p| fs::metadata(p).is_ok()) else {
        eprintln!(
            "no corpus at {}: make one with ../shared/bench/make_corpus.py (see /tmp/mkcorpus.sh) \
             or set CLAIMSCOPE_BENCH_CORPUS to JSON Lines with a \"text\" field",
            candidates.join(" or ")
        );
        return ExitCode::from(2);
    };
    let texts = match read_texts(path, limit) {
        Ok(t) if !t.is_empty() => t,
        Ok(_) => {
            eprintln!("{path}: no line with a \"text\" field");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let lexicon = Lexicon::builtin();
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {path}, {} texts, {mb:.1} MB; {runs} runs, median CPU time of one thread",
        texts.len()
    );
    let steady = measure(&texts, lexicon, runs, false).report(
        "steady state (tables that have seen every word: lookups only)",
        mb,
    );
    measure(&texts, lexicon, runs, true).report(
        "cold (a new table per pass: stemming and allocating every word too)",
        mb,
    );
    if std::env::var_os("CLAIMSCOPE_BENCH_PARTS").is_some() {
        let (s, n) = timed(|| {
            texts
                .iter()
                .map(|(_, t)| claimscope::text::sentences(t).len() as u64)
                .sum()
        });
        println!("  part: sentences alone {s:.3} s ({n} sentences)");
        let (s, n) = timed(|| {
            texts
                .iter()
                .map(|(_, t)| claimscope::framing::quoted_spans(t).len() as u64)
                .sum()
        });
        println!("  part: quoted spans alone {s:.3} s ({n} spans)");
        let (s, n) = timed(|| {
            let mut scorer = Scorer::new(lexicon);
            texts
                .iter()
                .map(|(_, t)| u64::from(scorer.score(t, &[]).words))
                .sum()
        });
        println!("  part: scoring without draining word counts {s:.3} s ({n} own-voice words)");
    }
    if steady <= TARGET_OVERHEAD {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

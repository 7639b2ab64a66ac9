//! One pass of each of the framing bench's measurements, for instruction counts.
//!
//! `cargo bench --bench framing` times the passes, but on a shared machine those times
//! move by tens of percent between runs. This program runs, `REPS` times (default 1),
//! each in a function that is never inlined so that a profiler attributes its cost
//! exactly: the bare tokenisation (a stemming table that has seen every word, warmed
//! outside `tokenise_pass`, so that its count is the steady state the bench times), the
//! shared word count (`TfidfModel::with_one_count`), the same count with the lexicon
//! matched over it (`matching_pass`), and the count with all of framing riding on it
//! (lexicon matching, quoted speech, the outlets' term counts, attributed sentences
//! from sentences split beforehand):
//!
//! ```text
//! cargo build --release --example framing_passes
//! LIMIT=2000 valgrind --tool=callgrind target/release/examples/framing_passes
//! callgrind_annotate --inclusive=yes callgrind.out.* | grep _pass
//! ```
//!
//! `CORPUS` is any input `claimscope` reads (default
//! `/tmp/perfcorpus/10k/articles.jsonl`), `LIMIT` the number of articles kept. The
//! program runs on one thread.

use std::ops::Range;

use claimscope::corpus::{self, Article, LoadOptions};
use claimscope::framing::{
    count_and_match, with_framed_count, Lexicon, OutletGroups, ProfileOptions, MIN_TERM_CHARS,
};
use claimscope::text::tokens::WordTable;
use claimscope::vectorize::TfidfModel;

#[inline(never)]
fn tokenise_pass(table: &mut WordTable, articles: &[Article]) -> u64 {
    let mut n = 0u64;
    for a in articles {
        table.tokenize(&a.text, |_, e| n += u64::from(e.has_letter));
    }
    n
}

#[inline(never)]
fn count_pass(articles: &[Article]) -> u64 {
    TfidfModel::with_one_count(
        articles,
        MIN_TERM_CHARS,
        |_| (),
        |_, outputs| outputs.len() as u64,
    )
}

/// The count with the lexicon matched over it, nothing else: the per-token cost.
#[inline(never)]
fn matching_pass(articles: &[Article], lexicon: &Lexicon) -> u64 {
    with_framed_count(articles, MIN_TERM_CHARS, lexicon, |_, framings| {
        framings.iter().map(|f| u64::from(f.words)).sum()
    })
}

#[inline(never)]
fn framing_pass(
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path =
        std::env::var("CORPUS").unwrap_or_else(|_| "/tmp/perfcorpus/10k/articles.jsonl".into());
    let limit: usize = std::env::var("LIMIT")
        .ok()
        .and_then(|l| l.parse().ok())
        .unwrap_or(usize::MAX);
    let reps: usize = std::env::var("REPS")
        .ok()
        .and_then(|l| l.parse().ok())
        .unwrap_or(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    pool.install(|| {
        let mut loaded = corpus::load(std::slice::from_ref(&path), &LoadOptions::default());
        loaded.articles.truncate(limit);
        let articles = loaded.articles;
        let sentences: Vec<Vec<Range<usize>>> = articles
            .iter()
            .map(|a| claimscope::text::sentences(&a.text))
            .collect();
        let outlets = OutletGroups::of(&articles);
        let lexicon = Lexicon::builtin();
        // The table learns (and stems) every word here, so that `tokenise_pass` counts
        // the steady state only, as the bench times it.
        let mut table = WordTable::new();
        for a in &articles {
            table.tokenize(&a.text, |_, _| ());
        }
        for _ in 0..reps {
            let words = tokenise_pass(&mut table, &articles);
            let counted = count_pass(&articles);
            let matched = matching_pass(&articles, lexicon);
            let framed = framing_pass(&articles, &sentences, lexicon, &outlets);
            println!(
                "{words} words, {counted} articles counted, {matched} own-voice words, \
                 {framed} framing checksum"
            );
        }
    });
    Ok(())
}

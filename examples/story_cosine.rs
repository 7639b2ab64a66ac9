//! Story similarity (`vectorize::Signatures::cosine`) on one thread, for timing.
//!
//! Alignment asks for the story similarity of millions of article pairs (about ten
//! million on the 10k corpus), which makes the cosine one of the largest functions of
//! `analyze`. This program fits the signatures of a corpus, then times `PAIRS` cosines
//! (default 10,000,000) of article pairs drawn with a fixed-seed xorshift, in runs of `RUN`
//! (default 8) sharing their first article, as alignment asks them; half the second
//! articles are drawn from the whole corpus, half from the first article's outlet (more
//! alike). It prints the best of `REPS` (default 3) passes in nanoseconds per pair, with
//! a checksum of the similarities' bits so that two builds can be checked to agree to
//! the last bit:
//!
//! ```text
//! cargo build --release --example story_cosine
//! REPS=5 target/release/examples/story_cosine
//! ```
//!
//! `CORPUS` is any input `claimscope` reads (default
//! `/tmp/perfcorpus/10k/articles.jsonl`, from `../shared/bench/make_corpus.py`).

use claimscope::corpus::{self, LoadOptions};
use claimscope::vectorize::Signatures;
use std::time::Instant;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: deterministic pairs without a crate.
fn next(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

/// The similarities of `pairs`, folded into one number from their bits.
#[inline(never)]
fn pass(signatures: &Signatures, pairs: &[(u32, u32)]) -> u64 {
    pairs.iter().fold(0u64, |sum, &(a, b)| {
        let bits = signatures.cosine(a as usize, b as usize).to_bits();
        sum.rotate_left(5) ^ u64::from(bits)
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path =
        std::env::var("CORPUS").unwrap_or_else(|_| "/tmp/perfcorpus/10k/articles.jsonl".into());
    let loaded = corpus::load(std::slice::from_ref(&path), &LoadOptions::default());
    let articles = &loaded.articles;
    if articles.len() < 2 {
        return Err("the corpus needs two articles or more".into());
    }
    let signatures = Signatures::fit(articles);
    // Articles by outlet, to draw a second article from the first one's outlet.
    let mut by_outlet: std::collections::BTreeMap<Option<&str>, Vec<u32>> = Default::default();
    for (i, a) in articles.iter().enumerate() {
        by_outlet
            .entry(a.outlet.as_deref())
            .or_default()
            .push(i as u32);
    }
    let mut state = 0x5eed_c05e_u64;
    let n = articles.len() as u64;
    let run = env_or("RUN", 8).max(1);
    let total = env_or("PAIRS", 10_000_000);
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(total);
    while pairs.len() < total {
        let a = (next(&mut state) % n) as u32;
        let outlet = &by_outlet[&articles[a as usize].outlet.as_deref()];
        for k in 0..run.min(total - pairs.len()) {
            let b = if k % 2 == 0 {
                (next(&mut state) % n) as u32
            } else {
                outlet[(next(&mut state) % outlet.len() as u64) as usize]
            };
            pairs.push((a, b));
        }
    }
    let mut best = f64::INFINITY;
    let mut checksum = 0;
    for _ in 0..env_or("REPS", 3) {
        let start = Instant::now();
        checksum = std::hint::black_box(pass(&signatures, &pairs));
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{} articles, {} pairs: best {:.1} ns per pair (checksum {checksum:016x})",
        articles.len(),
        pairs.len(),
        best * 1e9 / pairs.len() as f64
    );
    Ok(())
}

//! Text → TF-IDF on one thread, repeated, for timing and instruction counts.
//!
//! `cargo bench --bench cluster` gives the rates side by side with scikit-learn; this
//! program runs only `TfidfModel::fit_transform`, on a one-thread pool, `REPS` times
//! (default 1), through a function that is never inlined, and prints the best wall
//! time. Run two builds alternately to compare them on a shared machine, or count
//! instructions and cache misses of one pass:
//!
//! ```text
//! cargo build --release --example tfidf_pass
//! valgrind --tool=callgrind --cache-sim=yes --D1=32768,8,64 --LL=524288,8,64 \
//!     --toggle-collect='tfidf_pass::pass' target/release/examples/tfidf_pass
//! ```
//!
//! `CORPUS` is any input `claimscope` reads (default
//! `/tmp/perfcorpus/10k/articles.jsonl`, from `../shared/bench/make_corpus.py`).

use claimscope::corpus::{self, Article, LoadOptions};
use claimscope::vectorize::{TfidfModel, TfidfOptions};
use std::time::Instant;

#[inline(never)]
fn pass(articles: &[Article]) -> usize {
    let (model, rows) = TfidfModel::fit_transform(articles, &TfidfOptions::default());
    model.terms.len() + rows.len()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path =
        std::env::var("CORPUS").unwrap_or_else(|_| "/tmp/perfcorpus/10k/articles.jsonl".into());
    let reps: usize = std::env::var("REPS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let corpus = corpus::load(std::slice::from_ref(&path), &LoadOptions::default());
    if corpus.articles.is_empty() {
        return Err(format!("no articles in {path}").into());
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    let best = pool.install(|| {
        (0..reps.max(1))
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(pass(&corpus.articles));
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    });
    println!("best {best:.3}s");
    Ok(())
}

//! Topics' and story signatures' TF-IDF fitted apart and from one count, timed in turn.
//!
//! `analyze` fits two vocabularies on the same articles: the topics' and the story
//! signatures' (`Signatures::options`). Fitted apart (side by side, as `rayon::join`
//! runs them) each counts the words itself; `TfidfModel::with_one_count` counts them
//! once for both. This program times both ways `ROUNDS` times (default 3), alternately, on
//! all threads, and checks that they give the same rows:
//!
//! ```text
//! cargo run --release --example tfidf_shared
//! ```
//!
//! `CORPUS` is any input `claimscope` reads (default
//! `/tmp/perfcorpus/100k/articles.jsonl`, from `../shared/bench/make_corpus.py`).

use claimscope::corpus::{self, LoadOptions};
use claimscope::vectorize::{Signatures, TfidfModel, TfidfOptions};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path =
        std::env::var("CORPUS").unwrap_or_else(|_| "/tmp/perfcorpus/100k/articles.jsonl".into());
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let corpus = corpus::load(std::slice::from_ref(&path), &LoadOptions::default());
    if corpus.articles.is_empty() {
        return Err(format!("no articles in {path}").into());
    }
    let articles = &corpus.articles;
    let (topics, stories) = (TfidfOptions::default(), Signatures::options());
    for round in 1..=rounds {
        let t = Instant::now();
        let apart = rayon::join(
            || TfidfModel::fit_transform(articles, &topics),
            || TfidfModel::fit_transform(articles, &stories),
        );
        let apart_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let min_chars = topics.min_chars.min(stories.min_chars);
        let (shared_stories, shared_topics) = TfidfModel::with_one_count(
            articles,
            min_chars,
            |_| (),
            |count, _| (count.fit(&stories), count.fit_last(&topics)),
        );
        let shared_s = t.elapsed().as_secs_f64();
        if apart.0 .1 != shared_topics.1 || apart.1 .1 != shared_stories.1 {
            return Err("the shared count gave other rows".into());
        }
        println!("round {round}: apart {apart_s:.3} s, one count {shared_s:.3} s");
    }
    Ok(())
}

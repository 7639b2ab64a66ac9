//! One steady-state tokenisation pass and one scoring pass, for instruction counts.
//!
//! `cargo bench --bench framing` times the passes, but on a shared machine those times
//! move by tens of percent between runs. This program warms a word table and a scorer
//! on the texts, then runs each pass `REPS` times (default 1) through functions that
//! are never inlined, so that a profiler attributes their cost exactly:
//!
//! ```text
//! cargo build --release --example framing_passes
//! REPS=2 LIMIT=2000 valgrind --tool=callgrind target/release/examples/framing_passes
//! callgrind_annotate --inclusive=yes callgrind.out.* | grep _pass
//! ```
//!
//! `CORPUS` is JSON Lines with `"text"` and `"outlet"` fields (default
//! `/tmp/perfcorpus/10k/articles.jsonl`), `LIMIT` the number of texts read. Each
//! repetition prints the two passes' thread CPU times and their ratio.

use claimscope::framing::{Lexicon, Scorer};
use claimscope::text::tokens::WordTable;
use std::io::BufRead;

#[inline(never)]
fn tokenise_pass(table: &mut WordTable, texts: &[(String, String)]) -> u64 {
    let mut n = 0u64;
    for (_, t) in texts {
        table.tokenize(t, |_, e| n += u64::from(e.has_letter));
    }
    n
}

#[inline(never)]
fn score_pass(scorer: &mut Scorer, texts: &[(String, String)]) -> u64 {
    let mut found = 0u64;
    let mut terms = Vec::new();
    for (i, (outlet, text)) in texts.iter().enumerate() {
        if i > 0 && texts[i - 1].0 != *outlet {
            scorer.drain_terms(|w, n| terms.push((w, n)));
        }
        let s = scorer.score(text, &[]);
        found += s
            .own
            .iter()
            .chain(&s.quoted)
            .map(|&n| u64::from(n))
            .sum::<u64>();
        found += u64::from(s.attributed_sentences)
            + u64::from(s.sentences)
            + u64::from(s.words)
            + u64::from(s.quoted_words);
    }
    scorer.drain_terms(|w, n| terms.push((w, n)));
    found + terms.iter().map(|t| t.1).sum::<u64>()
}

fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
    s.split_whitespace().next().unwrap().parse::<f64>().unwrap() / 1e9
}

fn main() {
    let path = std::env::var("CORPUS").unwrap_or("/tmp/perfcorpus/10k/articles.jsonl".into());
    let limit: usize = std::env::var("LIMIT")
        .ok()
        .and_then(|l| l.parse().ok())
        .unwrap_or(usize::MAX);
    let mut texts = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(path).unwrap()).lines() {
        if texts.len() >= limit {
            break;
        }
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        texts.push((
            v["outlet"].as_str().unwrap_or("").to_owned(),
            v["text"].as_str().unwrap().to_owned(),
        ));
    }
    texts.sort_by(|a, b| a.0.cmp(&b.0));
    let lexicon = Lexicon::builtin();
    let mut table = WordTable::new();
    let mut scorer = Scorer::new(lexicon);
    tokenise_pass(&mut table, &texts);
    score_pass(&mut scorer, &texts);
    let reps: usize = std::env::var("REPS")
        .ok()
        .and_then(|l| l.parse().ok())
        .unwrap_or(1);
    for _ in 0..reps {
        let t = cpu();
        let a = tokenise_pass(&mut table, &texts);
        let ta = cpu() - t;
        let t = cpu();
        let b = score_pass(&mut scorer, &texts);
        let tb = cpu() - t;
        println!(
            "tokenise {ta:.3} score {tb:.3} ratio {:.3} ({a} {b})",
            tb / ta
        );
    }
}

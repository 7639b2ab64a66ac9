//! Article vectors: stemmed TF-IDF, kept sparse, for measuring how alike two articles
//! are.
//!
//! Owns the vocabulary, the IDF fitted once over the corpus, and L2-normalised sparse
//! rows restricted to each article's most weighty terms (a "signature"). Alignment uses
//! the cosine of two signatures to tell whether two articles tell the same story. Never
//! builds a dense documents × vocabulary matrix. Does not cluster.

use std::collections::HashMap;
use std::sync::OnceLock;

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};

use crate::corpus::Article;

/// The stopword list shipped in `models/stopwords-en.txt`.
pub fn stopwords() -> &'static std::collections::HashSet<String> {
    static WORDS: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../../models/stopwords-en.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    })
}

/// Terms kept per article: enough to characterise a story, few enough to compare fast.
const SIGNATURE_TERMS: usize = 64;

/// Lower-case alphabetic words of three letters or more, stopwords dropped, stemmed
/// (each distinct word stemmed once).
fn terms_of(
    text: &str,
    stemmer: &Stemmer,
    memo: &mut HashMap<String, String>,
) -> HashMap<String, u32> {
    let stop = stopwords();
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut word = String::new();
    let mut flush = |word: &mut String, counts: &mut HashMap<String, u32>| {
        if word.chars().count() >= 3 && !stop.contains(word.as_str()) {
            let stem = match memo.get(word.as_str()) {
                Some(s) => s.clone(),
                None => {
                    let s = stemmer.stem(word).into_owned();
                    memo.insert(word.clone(), s.clone());
                    s
                }
            };
            *counts.entry(stem).or_insert(0) += 1;
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphabetic() {
            word.extend(c.to_lowercase());
        } else if !(c == '\'' || c == '’') || word.is_empty() {
            flush(&mut word, &mut counts);
        }
    }
    flush(&mut word, &mut counts);
    counts
}

/// Sparse, L2-normalised TF-IDF signatures of a corpus's articles, by article index.
pub struct Signatures {
    rows: Vec<Vec<(u32, f32)>>,
}

impl Signatures {
    /// Fit IDF over the articles (title and text) and keep each article's heaviest terms.
    pub fn fit(articles: &[Article]) -> Self {
        let counts: Vec<HashMap<String, u32>> = articles
            .par_iter()
            .map_init(
                || (Stemmer::create(Algorithm::English), HashMap::new()),
                |(stemmer, memo), a| {
                    let mut c = terms_of(&a.text, stemmer, memo);
                    if let Some(t) = &a.title {
                        for (k, v) in terms_of(t, stemmer, memo) {
                            *c.entry(k).or_insert(0) += v;
                        }
                    }
                    c
                },
            )
            .collect();
        let mut vocabulary: HashMap<&str, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut sorted_terms: Vec<&str> = counts
            .iter()
            .flat_map(|c| c.keys().map(String::as_str))
            .collect();
        sorted_terms.sort_unstable();
        sorted_terms.dedup();
        for t in sorted_terms {
            vocabulary.insert(t, df.len() as u32);
            df.push(0);
        }
        for c in &counts {
            for t in c.keys() {
                df[vocabulary[t.as_str()] as usize] += 1;
            }
        }
        let n = articles.len().max(1) as f32;
        let rows = counts
            .iter()
            .map(|c| {
                let mut row: Vec<(u32, f32)> = c
                    .iter()
                    .map(|(t, &tf)| {
                        let id = vocabulary[t.as_str()];
                        let idf = ((1.0 + n) / (1.0 + df[id as usize] as f32)).ln() + 1.0;
                        (id, (1.0 + (tf as f32).ln()) * idf)
                    })
                    .collect();
                row.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                row.truncate(SIGNATURE_TERMS);
                let norm = row
                    .iter()
                    .map(|(_, w)| w * w)
                    .sum::<f32>()
                    .sqrt()
                    .max(f32::MIN_POSITIVE);
                for (_, w) in &mut row {
                    *w /= norm;
                }
                row.sort_by_key(|(id, _)| *id);
                row
            })
            .collect();
        Self { rows }
    }

    /// Cosine similarity of two articles' signatures, in [0, 1].
    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        let (Some(x), Some(y)) = (self.rows.get(a), self.rows.get(b)) else {
            return 0.0;
        };
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += x[i].1 * y[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum.clamp(0.0, 1.0)
    }
}

/// Signatures looked up by article id, for alignment's story test.
pub struct ArticleSignatures {
    index: HashMap<crate::corpus::ArticleId, usize>,
    signatures: Signatures,
}

impl ArticleSignatures {
    pub fn fit(articles: &[Article]) -> Self {
        Self {
            index: articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.clone(), i))
                .collect(),
            signatures: Signatures::fit(articles),
        }
    }
}

impl crate::align::StorySimilarity for ArticleSignatures {
    fn similarity(&self, a: &crate::corpus::ArticleId, b: &crate::corpus::ArticleId) -> f32 {
        match (self.index.get(a), self.index.get(b)) {
            (Some(&i), Some(&j)) => self.signatures.cosine(i, j),
            _ => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::load_bytes;
    use crate::corpus::LoadOptions;

    #[test]
    fn similar_stories_score_higher_than_unrelated_ones() {
        let jsonl = concat!(
            "{\"title\":\"Flood hits river town\",\"text\":\"The river flooded the town. Floods destroyed bridges and homes; rescuers evacuated residents from flooded streets.\"}\n",
            "{\"title\":\"River town flooding\",\"text\":\"Flooding in the river town destroyed homes and a bridge. Rescuers evacuated residents.\"}\n",
            "{\"title\":\"Budget vote\",\"text\":\"Parliament approved the budget after a long debate about taxes and spending.\"}\n",
        );
        let corpus = load_bytes("t.jsonl", jsonl.as_bytes(), &LoadOptions::default());
        let s = Signatures::fit(&corpus.articles);
        assert!(s.cosine(0, 1) > 0.3, "{}", s.cosine(0, 1));
        assert!(s.cosine(0, 2) < 0.05, "{}", s.cosine(0, 2));
        assert!((s.cosine(0, 0) - 1.0).abs() < 1e-5);
    }
}

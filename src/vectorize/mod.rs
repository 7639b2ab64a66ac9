//! Article vectors: stemmed TF-IDF, kept sparse.
//!
//! Owns the vocabulary (sorted stems, each with its most frequent surface word), the
//! IDF fitted once over a corpus and stored in a [`TfidfModel`], and the L2-normalised
//! sparse rows of articles. Counting runs in parallel over contiguous chunks of
//! articles, each with its own [`WordTable`] memo; chunks are merged by stem text, so
//! the result does not depend on the number of threads. Never builds a dense documents ×
//! vocabulary matrix. Also gives alignment its story test ([`ArticleSignatures`]). Does
//! not cluster: see `cluster`.

use std::cmp::Ordering;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::corpus::{Article, ArticleId};
use crate::text::tokens::{StemId, WordTable};

pub use crate::text::tokens::stopwords;

/// One article as a sparse vector: (term id, weight), sorted by term id.
pub type SparseRow = Vec<(u32, f32)>;

/// Which terms a vocabulary keeps and how counts are weighted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfidfOptions {
    /// Keep terms found in at least this many articles. Corpora of fewer than
    /// [`SMALL_CORPUS`] articles keep every term, as one mention there can be a topic.
    pub min_df: u32,
    /// Drop terms found in more than this share of articles (too common to tell
    /// topics apart); a term found in two articles is always kept.
    pub max_df: f32,
    /// Weigh a term's count `c` as `1 + ln c` rather than `c`, so one word repeated
    /// does not dominate an article.
    pub sublinear_tf: bool,
    /// Shortest word kept, in characters.
    pub min_chars: u32,
}

/// Below this many articles, `min_df` is not applied.
pub const SMALL_CORPUS: usize = 50;

impl Default for TfidfOptions {
    fn default() -> Self {
        Self {
            min_df: 2,
            max_df: 0.5,
            sublinear_tf: true,
            min_chars: 2,
        }
    }
}

/// A fitted vocabulary and IDF, which transforms any article into a row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TfidfModel {
    pub options: TfidfOptions,
    /// Articles the IDF was fitted on.
    pub documents: usize,
    /// Stems, sorted; a term's id is its index.
    pub terms: Vec<String>,
    /// The most frequent lower-case word behind each stem, for people to read.
    pub surface: Vec<String>,
    /// Smoothed inverse document frequency: `ln((1 + n) / (1 + df)) + 1`.
    pub idf: Vec<f32>,
}

/// Term counts of the articles of one chunk, in that chunk's local stem ids.
struct ChunkCounts {
    table: WordTable,
    /// Per article, (local stem, count) sorted by local stem.
    docs: Vec<Vec<(StemId, u32)>>,
    /// Per local stem, in how many of this chunk's articles it occurs.
    df: Vec<u32>,
}

/// Count the kept words of each article (title and text) in parallel chunks.
fn count_terms(articles: &[Article], options: &TfidfOptions) -> Vec<ChunkCounts> {
    let chunk = chunk_size(articles.len());
    articles
        .par_chunks(chunk)
        .map(|part| {
            let mut table = WordTable::new();
            let mut counts: Vec<u32> = Vec::new();
            let mut touched: Vec<StemId> = Vec::new();
            let mut df: Vec<u32> = Vec::new();
            let mut docs = Vec::with_capacity(part.len());
            for article in part {
                let mut count = |table: &mut WordTable, text: &str| {
                    table.tokenize(text, |_, w| {
                        if w.stop || !w.has_letter || w.chars < options.min_chars {
                            return;
                        }
                        let s = w.stem as usize;
                        if s >= counts.len() {
                            counts.resize(s + 1, 0);
                        }
                        if counts[s] == 0 {
                            touched.push(w.stem);
                        }
                        counts[s] += 1;
                    });
                };
                if let Some(title) = &article.title {
                    count(&mut table, title);
                }
                count(&mut table, &article.text);
                touched.sort_unstable();
                let row: Vec<(StemId, u32)> = touched
                    .iter()
                    .map(|&s| (s, std::mem::take(&mut counts[s as usize])))
                    .collect();
                for &(s, _) in &row {
                    let s = s as usize;
                    if s >= df.len() {
                        df.resize(s + 1, 0);
                    }
                    df[s] += 1;
                }
                touched.clear();
                docs.push(row);
            }
            ChunkCounts { table, docs, df }
        })
        .collect()
}

/// Articles per parallel chunk: a few chunks per thread so work balances, each big
/// enough that its stem memo pays off.
fn chunk_size(n: usize) -> usize {
    let chunks = rayon::current_num_threads().max(1) * 4;
    n.div_ceil(chunks).max(64)
}

impl TfidfModel {
    /// Fit the vocabulary and IDF on `articles` and return their rows.
    pub fn fit_transform(articles: &[Article], options: &TfidfOptions) -> (Self, Vec<SparseRow>) {
        let chunks = count_terms(articles, options);
        let n = articles.len();

        // Document frequency of each stem over all chunks, by stem text.
        let mut df_by_stem: FxHashMap<&str, u32> = FxHashMap::default();
        for c in &chunks {
            for (s, &df) in c.df.iter().enumerate() {
                if df > 0 {
                    *df_by_stem.entry(c.table.stem(s as StemId)).or_insert(0) += df;
                }
            }
        }
        let min_df = if n < SMALL_CORPUS { 1 } else { options.min_df };
        // A term shared by two articles always stays, however small the corpus.
        let max_df = ((options.max_df as f64) * n as f64).floor().max(2.0) as u32;
        let mut kept: Vec<(&str, u32)> = df_by_stem
            .into_iter()
            .filter(|&(_, df)| df >= min_df && df <= max_df)
            .collect();
        kept.sort_unstable_by(|a, b| a.0.cmp(b.0));

        let nf = n as f32;
        let idf: Vec<f32> = kept
            .iter()
            .map(|&(_, df)| ((1.0 + nf) / (1.0 + df as f32)).ln() + 1.0)
            .collect();
        let terms: Vec<String> = kept.iter().map(|&(t, _)| t.to_owned()).collect();
        let surface = surface_forms(&chunks, &terms, options);
        let model = Self {
            options: options.clone(),
            documents: n,
            terms,
            surface,
            idf,
        };
        let rows = model.weigh(chunks);
        (model, rows)
    }

    /// Rows of new articles in this model's vocabulary (words it does not know are
    /// left out; its IDF is not refitted).
    pub fn transform(&self, articles: &[Article]) -> Vec<SparseRow> {
        self.weigh(count_terms(articles, &self.options))
    }

    /// The id of a stem, if the vocabulary has it.
    pub fn term_id(&self, stem: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| t.as_str().cmp(stem))
            .ok()
            .map(|i| i as u32)
    }

    /// Chunk counts → weighted, normalised rows in vocabulary ids.
    fn weigh(&self, chunks: Vec<ChunkCounts>) -> Vec<SparseRow> {
        let per_chunk: Vec<Vec<SparseRow>> = chunks
            .into_par_iter()
            .map(|c| {
                let to_term: Vec<Option<u32>> = c
                    .table
                    .stems()
                    .iter()
                    .enumerate()
                    .map(|(s, stem)| {
                        (c.df.get(s).copied().unwrap_or(0) > 0)
                            .then(|| self.term_id(stem))
                            .flatten()
                    })
                    .collect();
                c.docs
                    .into_iter()
                    .map(|doc| {
                        let mut row: SparseRow = doc
                            .into_iter()
                            .filter_map(|(s, tf)| {
                                let t = to_term[s as usize]?;
                                let tf = if self.options.sublinear_tf {
                                    1.0 + (tf as f32).ln()
                                } else {
                                    tf as f32
                                };
                                Some((t, tf * self.idf[t as usize]))
                            })
                            .collect();
                        row.sort_unstable_by_key(|&(t, _)| t);
                        normalise(&mut row);
                        row
                    })
                    .collect()
            })
            .collect();
        per_chunk.into_iter().flatten().collect()
    }
}

/// For each kept stem, its most frequent word (ties: the alphabetically first).
fn surface_forms(chunks: &[ChunkCounts], terms: &[String], options: &TfidfOptions) -> Vec<String> {
    // Word → (occurrences, stem text); every table stems a word alike.
    let mut counts: FxHashMap<&str, (u64, &str)> = FxHashMap::default();
    for c in chunks {
        for w in c.table.words() {
            if w.count == 0 || w.stop || !w.has_letter || w.chars < options.min_chars {
                continue;
            }
            counts.entry(&w.text).or_insert((0, c.table.stem(w.stem))).0 += w.count;
        }
    }
    let mut best: Vec<Option<(u64, &str)>> = vec![None; terms.len()];
    for (word, (count, stem)) in counts {
        let Ok(t) = terms.binary_search_by(|x| x.as_str().cmp(stem)) else {
            continue;
        };
        let better = match best[t] {
            None => true,
            Some((c, w)) => count > c || (count == c && word < w),
        };
        if better {
            best[t] = Some((count, word));
        }
    }
    best.iter()
        .zip(terms)
        .map(|(b, t)| b.map_or_else(|| t.clone(), |(_, w)| w.to_owned()))
        .collect()
}

/// Scale a row to unit length (an empty row stays empty).
pub fn normalise(row: &mut [(u32, f32)]) {
    let norm = row.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in row {
            *w /= norm;
        }
    }
}

/// Dot product of two rows sorted by term id; the cosine when both are normalised.
pub fn dot(x: &[(u32, f32)], y: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < x.len() && j < y.len() {
        match x[i].0.cmp(&y[j].0) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                sum += x[i].1 * y[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Terms kept per article signature: enough to characterise a story, few enough to
/// compare fast.
const SIGNATURE_TERMS: usize = 64;

/// Sparse TF-IDF signatures of a corpus's articles, by article index: each row cut to
/// its heaviest terms and renormalised.
pub struct Signatures {
    rows: Vec<SparseRow>,
}

impl Signatures {
    /// Fit IDF over the articles (title and text); every term counts, however rare or
    /// common, since two articles of one story share their rare names.
    pub fn fit(articles: &[Article]) -> Self {
        let options = TfidfOptions {
            min_df: 1,
            max_df: 1.0,
            sublinear_tf: true,
            min_chars: 3,
        };
        let (_, rows) = TfidfModel::fit_transform(articles, &options);
        let rows = rows
            .into_iter()
            .map(|mut row| {
                row.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                row.truncate(SIGNATURE_TERMS);
                row.sort_unstable_by_key(|&(t, _)| t);
                normalise(&mut row);
                row
            })
            .collect();
        Self { rows }
    }

    /// Cosine similarity of two articles' signatures, in [0, 1].
    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        match (self.rows.get(a), self.rows.get(b)) {
            (Some(x), Some(y)) => dot(x, y).clamp(0.0, 1.0),
            _ => 0.0,
        }
    }
}

/// Signatures looked up by article id, for alignment's story test.
pub struct ArticleSignatures {
    index: FxHashMap<ArticleId, usize>,
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
    fn similarity(&self, a: &ArticleId, b: &ArticleId) -> f32 {
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

    fn articles(jsonl: &str) -> Vec<Article> {
        load_bytes("t.jsonl", jsonl.as_bytes(), &LoadOptions::default()).articles
    }

    #[test]
    fn similar_stories_score_higher_than_unrelated_ones() {
        let a = articles(concat!(
            "{\"title\":\"Flood hits river town\",\"text\":\"The river flooded the town. Floods destroyed bridges and homes; rescuers evacuated residents from flooded streets.\"}\n",
            "{\"title\":\"River town flooding\",\"text\":\"Flooding in the river town destroyed homes and a bridge. Rescuers evacuated residents.\"}\n",
            "{\"title\":\"Budget vote\",\"text\":\"Parliament approved the budget after a long debate about taxes and spending.\"}\n",
        ));
        let s = Signatures::fit(&a);
        assert!(s.cosine(0, 1) > 0.3, "{}", s.cosine(0, 1));
        assert!(s.cosine(0, 2) < 0.05, "{}", s.cosine(0, 2));
        assert!((s.cosine(0, 0) - 1.0).abs() < 1e-5);
    }

    /// The weights of a three-article corpus, worked by hand.
    #[test]
    fn tfidf_weights_match_the_formula() {
        let a = articles(concat!(
            "{\"text\":\"apple apple banana\"}\n",
            "{\"text\":\"banana cherry\"}\n",
            "{\"text\":\"cherry cherry cherry date\"}\n",
        ));
        let options = TfidfOptions {
            sublinear_tf: false,
            ..TfidfOptions::default()
        };
        let (model, rows) = TfidfModel::fit_transform(&a, &options);
        // A small corpus keeps every term; stems are sorted.
        assert_eq!(model.terms, ["appl", "banana", "cherri", "date"]);
        assert_eq!(model.surface, ["apple", "banana", "cherry", "date"]);
        let idf = |df: f32| ((1.0f32 + 3.0) / (1.0 + df)).ln() + 1.0;
        let expected_idf = [idf(1.0), idf(2.0), idf(2.0), idf(1.0)];
        for (got, want) in model.idf.iter().zip(expected_idf) {
            assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        }
        // Article 0: apple ×2, banana ×1, normalised.
        let (x, y) = (2.0 * idf(1.0), idf(2.0));
        let norm = (x * x + y * y).sqrt();
        assert_eq!(rows[0].len(), 2);
        assert_eq!(rows[0][0].0, 0);
        assert!((rows[0][0].1 - x / norm).abs() < 1e-6);
        assert_eq!(rows[0][1].0, 1);
        assert!((rows[0][1].1 - y / norm).abs() < 1e-6);
        for row in &rows {
            let len: f32 = row.iter().map(|(_, w)| w * w).sum();
            assert!((len - 1.0).abs() < 1e-5);
        }
        // Sublinear tf: 1 + ln 3 for cherry ×3.
        let (_, sub) = TfidfModel::fit_transform(&a, &TfidfOptions::default());
        let (c, d) = ((1.0 + 3.0f32.ln()) * idf(2.0), idf(1.0));
        let norm = (c * c + d * d).sqrt();
        assert!((sub[2][0].1 - c / norm).abs() < 1e-6);
    }

    #[test]
    fn transform_uses_the_fitted_vocabulary_and_idf() {
        let a = articles(concat!(
            "{\"text\":\"apple banana\"}\n",
            "{\"text\":\"banana cherry\"}\n",
        ));
        let (model, rows) = TfidfModel::fit_transform(&a, &TfidfOptions::default());
        let again = model.transform(&a);
        assert_eq!(rows, again);
        let new = articles("{\"text\":\"cherry kiwi kiwi\"}\n");
        let row = &model.transform(&new)[0];
        assert_eq!(row.len(), 1, "kiwi is not in the vocabulary");
        assert_eq!(row[0].0, model.term_id("cherri").unwrap());
        assert!((row[0].1 - 1.0).abs() < 1e-6);
    }

    #[test]
    fn document_frequency_bounds_apply_to_large_corpora() {
        let mut jsonl = String::new();
        for i in 0..60 {
            // "common" in every article, "pair" in two, "solo{i}" in one each.
            let extra = if i < 2 { " pair" } else { "" };
            jsonl.push_str(&format!(
                "{{\"text\":\"common words solo{} {}\"}}\n",
                char::from(b'a' + (i % 26) as u8)
                    .to_string()
                    .repeat(i / 26 + 2),
                extra
            ));
        }
        let a = articles(&jsonl);
        assert_eq!(a.len(), 60);
        let (model, _) = TfidfModel::fit_transform(&a, &TfidfOptions::default());
        assert!(model.term_id("pair").is_some());
        assert!(model.term_id("common").is_none(), "in more than half");
        assert!(
            !model.terms.iter().any(|t| t.starts_with("solo")),
            "in one article only: {:?}",
            model.terms
        );
    }
}

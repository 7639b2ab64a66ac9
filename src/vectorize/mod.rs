//! Article vectors: stemmed TF-IDF, kept sparse.
//!
//! Owns the vocabulary (sorted stems, each with its most frequent surface word), the
//! IDF fitted once over a corpus and stored in a [`TfidfModel`], and the L2-normalised
//! sparse rows of articles. Words are counted in parallel over contiguous chunks of
//! articles, each chunk with its own unstemmed [`WordTable`]; the chunks' distinct words
//! are then merged by text and each is stemmed once, in parallel, so the result does not
//! depend on the number of threads and no word is stemmed twice. Never builds a dense
//! documents × vocabulary matrix. Also gives alignment its story test ([`ArticleSignatures`]). Does
//! not cluster: see `cluster`.

use std::cmp::Ordering;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::corpus::{Article, ArticleId};
use rust_stemmers::{Algorithm, Stemmer};

use crate::text::tokens::{StemId, WordEntry, WordId, WordTable, NO_STEM};

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

/// Per article of a chunk, (word, count) of the words that pass the options' filters,
/// in the chunk's word ids.
type ChunkDocs = Vec<Vec<(WordId, u32)>>;

/// Count the kept words of each article (title and text) in parallel chunks. Each
/// chunk's table is unstemmed: stems are found once per distinct word of the corpus
/// ([`Stems::of_tables`]), not once per chunk.
fn count_words(articles: &[Article], options: &TfidfOptions) -> (Vec<WordTable>, Vec<ChunkDocs>) {
    let chunk = chunk_size(articles.len());
    articles
        .par_chunks(chunk)
        .map(|part| {
            let mut table = WordTable::unstemmed();
            let mut counts: Vec<u32> = Vec::new();
            let mut touched: Vec<WordId> = Vec::new();
            let mut docs = Vec::with_capacity(part.len());
            for article in part {
                let mut count = |table: &mut WordTable, text: &str| {
                    table.tokenize(text, |token, w| {
                        if !keeps(options, &w) {
                            return;
                        }
                        let id = token.word as usize;
                        if id >= counts.len() {
                            counts.resize(id + 1, 0);
                        }
                        if counts[id] == 0 {
                            touched.push(token.word);
                        }
                        counts[id] += 1;
                    });
                };
                if let Some(title) = &article.title {
                    count(&mut table, title);
                }
                count(&mut table, &article.text);
                docs.push(
                    touched
                        .drain(..)
                        .map(|w| (w, std::mem::take(&mut counts[w as usize])))
                        .collect(),
                );
            }
            (table, docs)
        })
        .unzip()
}

/// Whether a word counts as a term at all (before document frequencies).
fn keeps(options: &TfidfOptions, w: &WordEntry) -> bool {
    !w.stop && w.has_letter && u32::from(w.chars) >= options.min_chars
}

/// Articles per parallel chunk: a few chunks per thread so work balances.
fn chunk_size(n: usize) -> usize {
    let chunks = rayon::current_num_threads().max(1) * 4;
    n.div_ceil(chunks).max(64)
}

/// The distinct kept words of a set of chunks, each stemmed once, with the stems
/// numbered in order of first appearance.
struct Stems<'a> {
    /// Stem texts by id.
    stems: Vec<Box<str>>,
    /// Per chunk (table), its word id → stem id ([`NO_STEM`] for words no article
    /// keeps).
    by_chunk: Vec<Vec<StemId>>,
    /// Each distinct kept word, its occurrences over all chunks and its stem.
    words: Vec<(&'a str, u64, StemId)>,
}

impl<'a> Stems<'a> {
    fn of_tables(tables: &'a [WordTable], docs: &[ChunkDocs]) -> Self {
        // Distinct words over all chunks, in chunk order (so ids do not depend on the
        // number of threads), with their occurrences in the articles that keep them.
        let mut index: FxHashMap<&'a str, u32> = FxHashMap::default();
        let mut words: Vec<(&'a str, u64)> = Vec::new();
        let word_maps: Vec<Vec<u32>> = tables
            .iter()
            .zip(docs)
            .map(|(table, chunk)| {
                let mut totals = vec![0u64; table.words().len()];
                for &(w, n) in chunk.iter().flatten() {
                    totals[w as usize] += u64::from(n);
                }
                totals
                    .iter()
                    .enumerate()
                    .map(|(id, &total)| {
                        if total == 0 {
                            return u32::MAX;
                        }
                        let text = table.text(id as WordId);
                        let g = *index.entry(text).or_insert_with(|| {
                            words.push((text, 0));
                            (words.len() - 1) as u32
                        });
                        words[g as usize].1 += total;
                        g
                    })
                    .collect()
            })
            .collect();
        // Stemming is the costly step: once per distinct word, in parallel.
        let stemmed: Vec<String> = words
            .par_iter()
            .map_init(
                || Stemmer::create(Algorithm::English),
                |stemmer, &(word, _)| stemmer.stem(word).into_owned(),
            )
            .collect();
        let mut stem_index: FxHashMap<&str, StemId> = FxHashMap::default();
        let mut stems: Vec<Box<str>> = Vec::new();
        let word_stems: Vec<StemId> = stemmed
            .iter()
            .map(|stem| {
                *stem_index.entry(stem.as_str()).or_insert_with(|| {
                    stems.push(stem.as_str().into());
                    (stems.len() - 1) as StemId
                })
            })
            .collect();
        let by_chunk = word_maps
            .into_iter()
            .map(|map| {
                map.into_iter()
                    .map(|g| word_stems.get(g as usize).copied().unwrap_or(NO_STEM))
                    .collect()
            })
            .collect();
        let words = words
            .into_iter()
            .zip(word_stems)
            .map(|((w, count), stem)| (w, count, stem))
            .collect();
        Self {
            stems,
            by_chunk,
            words,
        }
    }
}

/// Each article's (stem, count), sorted by stem, words of one stem summed (the word
/// counts' allocations are reused).
fn stem_counts(docs: Vec<ChunkDocs>, stems: &Stems) -> Vec<Vec<(StemId, u32)>> {
    let per_chunk: Vec<Vec<Vec<(StemId, u32)>>> = docs
        .into_par_iter()
        .zip(&stems.by_chunk)
        .map(|(chunk, map)| {
            chunk
                .into_iter()
                .map(|doc| {
                    let mut row: Vec<(StemId, u32)> =
                        doc.into_iter().map(|(w, n)| (map[w as usize], n)).collect();
                    row.sort_unstable_by_key(|&(s, _)| s);
                    row.dedup_by(|later, kept| {
                        let same = later.0 == kept.0;
                        if same {
                            kept.1 += later.1;
                        }
                        same
                    });
                    row
                })
                .collect()
        })
        .collect();
    per_chunk.into_iter().flatten().collect()
}

impl TfidfModel {
    /// Fit the vocabulary and IDF on `articles` and return their rows.
    pub fn fit_transform(articles: &[Article], options: &TfidfOptions) -> (Self, Vec<SparseRow>) {
        let (tables, words) = count_words(articles, options);
        let n = articles.len();
        let stems = Stems::of_tables(&tables, &words);
        let docs = stem_counts(words, &stems);

        let mut df = vec![0u32; stems.stems.len()];
        for doc in &docs {
            for &(s, _) in doc {
                df[s as usize] += 1;
            }
        }
        let min_df = if n < SMALL_CORPUS { 1 } else { options.min_df };
        // A term shared by two articles always stays, however small the corpus.
        let max_df = ((options.max_df as f64) * n as f64).floor().max(2.0) as u32;
        let mut kept: Vec<StemId> = (0..stems.stems.len() as StemId)
            .filter(|&s| (min_df..=max_df).contains(&df[s as usize]))
            .collect();
        kept.sort_unstable_by(|&a, &b| stems.stems[a as usize].cmp(&stems.stems[b as usize]));

        let nf = n as f32;
        let idf: Vec<f32> = kept
            .iter()
            .map(|&s| ((1.0 + nf) / (1.0 + df[s as usize] as f32)).ln() + 1.0)
            .collect();
        let mut term_of_stem = vec![None; stems.stems.len()];
        for (t, &s) in kept.iter().enumerate() {
            term_of_stem[s as usize] = Some(t as u32);
        }
        let terms: Vec<String> = kept
            .iter()
            .map(|&s| stems.stems[s as usize].to_string())
            .collect();
        let surface = surface_forms(&stems, &term_of_stem, &terms);
        let model = Self {
            options: options.clone(),
            documents: n,
            terms,
            surface,
            idf,
        };
        let rows = model.weigh(docs, &term_of_stem);
        (model, rows)
    }

    /// Rows of new articles in this model's vocabulary (words it does not know are
    /// left out; its IDF is not refitted).
    pub fn transform(&self, articles: &[Article]) -> Vec<SparseRow> {
        let (tables, words) = count_words(articles, &self.options);
        let stems = Stems::of_tables(&tables, &words);
        let term_of_stem: Vec<Option<u32>> = stems.stems.iter().map(|s| self.term_id(s)).collect();
        self.weigh(stem_counts(words, &stems), &term_of_stem)
    }

    /// The id of a stem, if the vocabulary has it.
    pub fn term_id(&self, stem: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| t.as_str().cmp(stem))
            .ok()
            .map(|i| i as u32)
    }

    /// Per-article stem counts → weighted, normalised rows in vocabulary ids.
    fn weigh(&self, docs: Vec<Vec<(StemId, u32)>>, term_of_stem: &[Option<u32>]) -> Vec<SparseRow> {
        docs.into_par_iter()
            .map(|doc| {
                let mut row: SparseRow = doc
                    .into_iter()
                    .filter_map(|(s, tf)| {
                        let t = (*term_of_stem.get(s as usize)?)?;
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
    }
}

/// For each kept term, its most frequent word (ties: the alphabetically first).
fn surface_forms(stems: &Stems, term_of_stem: &[Option<u32>], terms: &[String]) -> Vec<String> {
    let mut best: Vec<Option<(u64, &str)>> = vec![None; terms.len()];
    for &(word, count, stem) in &stems.words {
        let Some(t) = term_of_stem.get(stem as usize).copied().flatten() else {
            continue;
        };
        let better = match best[t as usize] {
            None => true,
            Some((c, w)) => count > c || (count == c && word < w),
        };
        if better {
            best[t as usize] = Some((count, word));
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
    fn handle(&self, article: &ArticleId) -> Option<usize> {
        self.index.get(article).copied()
    }

    fn similarity(&self, a: usize, b: usize) -> f32 {
        self.signatures.cosine(a, b)
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

//! Article vectors: stemmed TF-IDF, kept sparse.
//!
//! Owns the vocabulary (sorted stems, each with its most frequent surface word, and
//! optionally bigrams of stems), the IDF fitted once over a corpus and stored in a
//! [`TfidfModel`], and the L2-normalised sparse rows of articles. Words are counted in
//! parallel over contiguous chunks of articles, each run of chunks a thread takes with
//! its own unstemmed [`WordTable`]; the tables' distinct words are then merged (in a
//! fixed number of shards side by side, by packed key or text) and each is stemmed once,
//! in parallel, so the result does not depend on the number of threads and no word is
//! stemmed twice. Vocabularies that differ only in what they weigh and keep (not in
//! bigrams) can be fitted from one count ([`TfidfModel::with_one_count`]), each as if
//! fitted alone. Never builds a dense documents × vocabulary matrix. Also gives
//! alignment its story test and its test that an article names an agent
//! ([`ArticleSignatures`]). Does not cluster: see `cluster`.
//!
//! Bigrams ([`TfidfOptions::bigrams`]) are adjacent pairs of kept words within one
//! sentence: a sentence end, a stopword or any other word that is not a term breaks the
//! chain. They are read in the same tokenising pass as the words, held as integer keys
//! (two 32-bit ids packed in a `u64`, never as strings), first in each chunk's word ids
//! and then in stem ids; a pair is a candidate only when both its stems pass the
//! minimum document frequency (a pair is never in more articles than either of its
//! words), and the candidates' document frequencies are counted by sorting their keys.
//! A kept bigram is a term like any other, written as its two stems joined by a space
//! ("nerv agent") and shown as its most frequent pair of words ("nerve agent").

use std::borrow::Cow;
use std::cmp::Ordering;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::corpus::{Article, ArticleId};
use rust_stemmers::{Algorithm, Stemmer};

use crate::text::tokens::{
    KnownStems, StemId, Token, TokenPass, WordEntry, WordId, WordTable, NO_STEM,
};

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
    /// Also count adjacent pairs of kept words within a sentence as terms, under the
    /// same document-frequency bounds. Absent from models saved before bigrams existed,
    /// which are unigram-only.
    #[serde(default)]
    pub bigrams: bool,
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
            bigrams: false,
        }
    }
}

/// A fitted vocabulary and IDF, which transforms any article into a row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TfidfModel {
    pub options: TfidfOptions,
    /// Articles the IDF was fitted on.
    pub documents: usize,
    /// Stems, and bigrams as two stems joined by a space, sorted; a term's id is its
    /// index.
    pub terms: Vec<String>,
    /// The most frequent lower-case word behind each stem (pair of words behind each
    /// bigram), for people to read.
    pub surface: Vec<String>,
    /// Smoothed inverse document frequency: `ln((1 + n) / (1 + df)) + 1`.
    pub idf: Vec<f32>,
}

/// Per article of a chunk, (word, count) of the words that pass the options' filters,
/// in the chunk's word ids.
type ChunkDocs = Vec<Vec<(WordId, u32)>>;

/// One article's (term, count)s.
type TermCounts = Vec<(u32, u32)>;

/// Per chunk, with bigrams: each article's adjacent pairs of kept words, in text
/// order, as [`pair_key`]s of the chunk's word ids, articles one after another.
#[derive(Debug, Default)]
struct ChunkPairs {
    keys: Vec<u64>,
    /// Where each article's pairs end in `keys`.
    ends: Vec<usize>,
}

impl ChunkPairs {
    /// Each article's pairs.
    fn articles(&self) -> impl Iterator<Item = &[u64]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(s, &e)| &self.keys[s..e])
    }
}

/// Two 32-bit ids as one integer key, the first in the high half: keys sort as the
/// pairs do.
pub fn pair_key(first: u32, second: u32) -> u64 {
    (u64::from(first) << 32) | u64::from(second)
}

/// The two ids of a [`pair_key`].
pub fn pair_ids(key: u64) -> (u32, u32) {
    ((key >> 32) as u32, key as u32)
}

/// Pairs up the adjacent kept words of one text as its tokens go by. A token past the
/// end of the current sentence, or a word that is not kept (a stopword, a number, a
/// word too short), breaks the chain.
struct PairChain {
    sentences: Vec<std::ops::Range<usize>>,
    /// The sentence of the last token.
    at: usize,
    /// The last token's word, if it was kept.
    prev: Option<WordId>,
}

impl PairChain {
    fn new(text: &str) -> Self {
        Self {
            sentences: crate::text::sentences(text),
            at: 0,
            prev: None,
        }
    }

    /// The pair `token` ends, if the word before it in its sentence was kept and so is
    /// this one.
    fn push(&mut self, token: &Token, kept: bool) -> Option<u64> {
        // Sentences are in order and cover every word: a token at or past the end of
        // the current one is in a later one.
        while self
            .sentences
            .get(self.at)
            .is_some_and(|s| token.start >= s.end)
        {
            self.at += 1;
            self.prev = None;
        }
        let pair = match (self.prev, kept) {
            (Some(prev), true) => Some(pair_key(prev, token.word)),
            _ => None,
        };
        self.prev = kept.then_some(token.word);
        pair
    }
}

/// Count the kept words of each article (title and text) in parallel, and with bigrams
/// gather their adjacent pairs in the same pass. Returns one table per run of articles
/// a thread counted (the "chunks" of the later stages), with each article's counts in
/// its ids. The tables are unstemmed: stems are found once per distinct word of the
/// corpus ([`Stems::of_tables`]), not once per table.
///
/// A [`TokenPass`] made by `make_pass` for each table reads each article's text (not
/// its title) as it is counted; its outputs come back in article order.
fn count_words<P, F>(
    articles: &[Article],
    options: &TfidfOptions,
    make_pass: &F,
) -> Counted<P::Output>
where
    P: TokenPass + Send,
    P::Output: Send,
    F: Fn(&mut WordTable) -> P + Sync,
{
    // Chunks balance the work between threads; the chunks one thread takes in a row
    // (rayon's `fold` runs over a contiguous run of them) share one table, so a word is
    // added once per run rather than once per chunk. The runs come back in article
    // order.
    let counted: Vec<Counting<P>> = articles
        .par_chunks(chunk_size(articles.len()))
        .fold(
            || Counting::new(make_pass),
            |mut counting, part| {
                for article in part {
                    counting.add(article, options);
                }
                counting
            },
        )
        .filter(|counting| !counting.words.docs.is_empty())
        .collect();
    let mut out = Counted {
        tables: Vec::with_capacity(counted.len()),
        docs: Vec::with_capacity(counted.len()),
        pairs: Vec::with_capacity(counted.len()),
        outputs: Vec::with_capacity(articles.len()),
        known_stems: Vec::with_capacity(counted.len()),
    };
    for mut counting in counted {
        out.known_stems.push(counting.pass.take_stems());
        out.tables.push(counting.table);
        out.docs.push(counting.words.docs);
        out.pairs.push(counting.words.pairs);
        out.outputs.extend(counting.outputs);
    }
    out
}

/// What [`count_words`] gathers: per table (chunk), the table, its articles' counted
/// words and pairs, and the stems its pass worked out; the pass's outputs, by article.
struct Counted<O> {
    tables: Vec<WordTable>,
    docs: Vec<ChunkDocs>,
    pairs: Vec<ChunkPairs>,
    outputs: Vec<O>,
    known_stems: Vec<KnownStems>,
}

/// The words of a contiguous run of articles, counted in one unstemmed table, with a
/// [`TokenPass`] reading their texts.
struct Counting<P: TokenPass> {
    table: WordTable,
    words: Counts,
    pass: P,
    outputs: Vec<P::Output>,
}

/// What [`Counting`] gathers, apart from its table.
#[derive(Default)]
struct Counts {
    /// Occurrences of each word in the article being counted, and the words it holds.
    counts: Vec<u32>,
    touched: Vec<WordId>,
    docs: ChunkDocs,
    pairs: ChunkPairs,
}

impl<P: TokenPass> Counting<P> {
    fn new(make_pass: &impl Fn(&mut WordTable) -> P) -> Self {
        let mut table = WordTable::unstemmed();
        let pass = make_pass(&mut table);
        Self {
            table,
            words: Counts::default(),
            pass,
            outputs: Vec::new(),
        }
    }

    /// Count the kept words of `article` (title and text), with bigrams its pairs; the
    /// pass reads the text.
    fn add(&mut self, article: &Article, options: &TfidfOptions) {
        let words = &mut self.words;
        if let Some(title) = &article.title {
            words.count(&mut self.table, title, options, &mut ());
        }
        let text = &article.text;
        self.pass.begin(text);
        words.count(&mut self.table, text, options, &mut self.pass);
        self.outputs.push(self.pass.finish(text, &self.table));
        let counts = &mut words.counts;
        words.docs.push(
            words
                .touched
                .drain(..)
                .map(|w| (w, std::mem::take(&mut counts[w as usize])))
                .collect(),
        );
        if options.bigrams {
            words.pairs.ends.push(words.pairs.keys.len());
        }
    }
}

impl Counts {
    /// Count one text's words into the current article, each token also handed to
    /// `pass`; the title and the text are chained apart.
    fn count<Q: TokenPass>(
        &mut self,
        table: &mut WordTable,
        text: &str,
        options: &TfidfOptions,
        pass: &mut Q,
    ) {
        let (counts, touched, pairs) = (&mut self.counts, &mut self.touched, &mut self.pairs);
        let mut chain = options.bigrams.then(|| PairChain::new(text));
        table.tokenize_unstemmed(text, |token, w| {
            pass.token(token, w);
            let kept = keeps(options, &w);
            if let Some(key) = chain.as_mut().and_then(|c| c.push(&token, kept)) {
                pairs.keys.push(key);
            }
            if !kept {
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
    }
}

/// Whether a word counts as a term at all (before document frequencies).
fn keeps(options: &TfidfOptions, w: &WordEntry) -> bool {
    !w.stop && w.has_letter && u32::from(w.chars) >= options.min_chars
}

/// Whether a (lower-cased) word is long enough for `min_chars`, counted as its
/// [`WordEntry::chars`] is.
fn has_min_chars(word: &str, min_chars: u32) -> bool {
    let chars = u16::try_from(word.chars().count()).unwrap_or(u16::MAX);
    u32::from(chars) >= min_chars
}

/// The words of a corpus counted once ([`TfidfModel::with_one_count`]), for several
/// fits that differ in what they weigh and keep but not in bigrams: each fit is the
/// one [`TfidfModel::fit_transform`] gives alone. A fit keeping longer words than the
/// count reads it through a word → stem map in which the shorter words map to no stem
/// (one map per word table, not a copy of the counts). Options the count cannot serve
/// (bigrams, whose pairs depend on which words are kept, or shorter words than it
/// kept) are fitted from the articles apart.
pub struct SharedCount<'t> {
    articles: &'t [Article],
    min_chars: u32,
    tables: &'t [WordTable],
    stems: Stems<'t>,
    words: Vec<ChunkDocs>,
}

impl SharedCount<'_> {
    /// A fit under `options`, the count kept for more.
    pub fn fit(&self, options: &TfidfOptions) -> (TfidfModel, Vec<SparseRow>) {
        if !self.serves(options) {
            return TfidfModel::fit_transform(self.articles, options);
        }
        let docs = CountedDocs::Shared(&self.words);
        let n = self.articles.len();
        fit_shared(n, self.tables, &self.stems, self.min_chars, options, docs)
    }

    /// The last fit: the count is freed block by block as the rows are made.
    pub fn fit_last(self, options: &TfidfOptions) -> (TfidfModel, Vec<SparseRow>) {
        if !self.serves(options) {
            return TfidfModel::fit_transform(self.articles, options);
        }
        let Self {
            articles,
            tables,
            stems,
            min_chars,
            words,
        } = self;
        let docs = CountedDocs::Owned(words);
        fit_shared(articles.len(), tables, &stems, min_chars, options, docs)
    }

    fn serves(&self, options: &TfidfOptions) -> bool {
        !options.bigrams && options.min_chars >= self.min_chars
    }
}

/// The stems of a shared count with their occurrences in the whole corpus, for
/// [`SharedCount::group_terms`]: the words it keeps, in titles and texts.
/// Its texts are borrowed from the count's tables: one slice each, nothing copied.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermTotals<'a> {
    /// Stem texts by stem index.
    pub stems: Vec<&'a str>,
    /// Each stem's most frequent word, lower-cased (ties: the alphabetically first).
    pub surface: Vec<&'a str>,
    /// Each stem's occurrences in the whole corpus.
    pub totals: Vec<u64>,
    /// Occurrences of all stems.
    pub total: u64,
}

impl SharedCount<'_> {
    /// Stem occurrences per group of articles (one outlet's, for distinctive terms),
    /// `group_of[i]` being the group of article `i` (of `groups`), of the words of at
    /// least `min_chars` characters (the count's own minimum when that is larger).
    ///
    /// Groups are counted in parallel, each into one dense array of the stems, and
    /// each group's (stem index, occurrences), each stem once in no set order (sorting
    /// them cost as much as counting), is handed to `per_group` with the corpus totals,
    /// so that only what it keeps is held. Returns the totals and `per_group`'s results,
    /// by group.
    ///
    /// # Panics
    /// When `group_of` is not one group per article, or names a group past `groups`
    /// (a mistake in the calling code, not in any input).
    pub fn group_terms<T: Send>(
        &self,
        group_of: &[u32],
        groups: usize,
        min_chars: u32,
        per_group: impl Fn(&TermTotals<'_>, &[(u32, u64)]) -> T + Sync,
    ) -> (TermTotals<'_>, Vec<T>) {
        assert_eq!(group_of.len(), self.articles.len(), "one group per article");
        let masked = (min_chars > self.min_chars)
            .then(|| stems_of_min_chars(self.tables, &self.stems, min_chars));
        let word_stems = masked.as_ref().unwrap_or(&self.stems.by_chunk);
        let stem_count = self.stems.stem_count();
        let mut totals = vec![0u64; stem_count];
        let mut best: Vec<(&str, u64)> = vec![("", 0); stem_count];
        for &(word, n, stem) in &self.stems.words {
            if min_chars > self.min_chars && !has_min_chars(word, min_chars) {
                continue;
            }
            let s = stem as usize;
            totals[s] += n;
            let b = &mut best[s];
            if n > b.1 || (n == b.1 && word < b.0) {
                *b = (word, n);
            }
        }
        let corpus = TermTotals {
            stems: self.stems.stem_texts().collect(),
            surface: best.into_iter().map(|(w, _)| w).collect(),
            total: totals.iter().sum(),
            totals,
        };
        // Each group's articles, as (chunk, index in the chunk).
        let mut members: Vec<Vec<(u32, u32)>> = vec![Vec::new(); groups];
        let mut article = 0;
        for (c, chunk) in self.words.iter().enumerate() {
            for k in 0..chunk.len() {
                members[group_of[article] as usize].push((c as u32, k as u32));
                article += 1;
            }
        }
        let results = members
            .par_iter()
            .map_init(
                || (vec![0u64; stem_count], Vec::new(), Vec::new()),
                |(counts, touched, counted), articles| {
                    for &(c, k) in articles {
                        let stem_of = &word_stems[c as usize];
                        for &(w, n) in &self.words[c as usize][k as usize] {
                            let s = stem_of[w as usize];
                            if s == NO_STEM {
                                continue;
                            }
                            let count = &mut counts[s as usize];
                            if *count == 0 {
                                touched.push(s);
                            }
                            *count += u64::from(n);
                        }
                    }
                    counted.clear();
                    counted.extend(
                        touched
                            .drain(..)
                            .map(|s| (s, std::mem::take(&mut counts[s as usize]))),
                    );
                    per_group(&corpus, counted)
                },
            )
            .collect();
        (corpus, results)
    }
}

/// A fit of `n` articles from a shared count made at `counted_chars` (see
/// [`SharedCount`]).
fn fit_shared(
    n: usize,
    tables: &[WordTable],
    stems: &Stems,
    counted_chars: u32,
    options: &TfidfOptions,
    docs: CountedDocs,
) -> (TfidfModel, Vec<SparseRow>) {
    let masked = (options.min_chars > counted_chars)
        .then(|| stems_of_min_chars(tables, stems, options.min_chars));
    let word_stems = masked.as_ref().unwrap_or(&stems.by_chunk);
    let no_pairs = tables.iter().map(|_| ChunkPairs::default()).collect();
    TfidfModel::fit_counted(n, options, stems, word_stems, docs, no_pairs)
}

/// Each chunk's word → stem map of `stems` with the words shorter than `min_chars`
/// mapped to [`NO_STEM`]: what an option set keeping fewer words reads the shared
/// count through.
fn stems_of_min_chars(tables: &[WordTable], stems: &Stems, min_chars: u32) -> Vec<Vec<StemId>> {
    tables
        .par_iter()
        .zip(&stems.by_chunk)
        .map(|(table, map)| {
            table
                .words()
                .iter()
                .zip(map)
                .map(|(entry, &stem)| {
                    if u32::from(entry.chars) >= min_chars {
                        stem
                    } else {
                        NO_STEM
                    }
                })
                .collect()
        })
        .collect()
}

/// Counted words, per chunk, per article: owned by the one fit that reads them, or
/// shared with a fit that reads them after.
enum CountedDocs<'d> {
    Owned(Vec<ChunkDocs>),
    Shared(&'d [ChunkDocs]),
}

impl CountedDocs<'_> {
    fn as_slice(&self) -> &[ChunkDocs] {
        match self {
            Self::Owned(docs) => docs,
            Self::Shared(docs) => docs,
        }
    }
}

/// Articles per parallel chunk: a few chunks per thread so work balances.
fn chunk_size(n: usize) -> usize {
    let chunks = rayon::current_num_threads().max(1) * 4;
    n.div_ceil(chunks).max(64)
}

/// Shards of the merge of the chunks' words, merged in parallel: a fixed number, not
/// one per thread, so that words are numbered alike on any machine.
const MERGE_SHARDS: usize = 64;

/// The merge shard of a word of `table`, from its packed key or its first bytes and
/// length (not from the hash the shard's own table uses, which would then see one
/// value in its top or low bits).
fn merge_shard(table: &WordTable, id: WordId) -> usize {
    let mixed = match table.packed_key(id) {
        Some(key) => (key as u64) ^ ((key >> 64) as u64).rotate_left(29),
        None => {
            let bytes = table.text(id).as_bytes();
            crate::bytes::load_short(&bytes[..bytes.len().min(8)]) ^ ((bytes.len() as u64) << 56)
        }
    };
    (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - MERGE_SHARDS.trailing_zeros())) as usize
}

/// The distinct kept words of a set of chunks, each stemmed once. Words are numbered
/// shard by shard and stems in that order; nothing downstream depends on the numbering
/// (terms are sorted by text, ties between surface words broken by text).
struct Stems<'a> {
    /// Stem texts by id, one after another in one string (one allocation, not one per
    /// stem); stem `s` ends at `stem_ends[s]`.
    stem_texts: String,
    stem_ends: Vec<u32>,
    /// Per chunk (table), its word id → stem id ([`NO_STEM`] for words no article
    /// keeps).
    by_chunk: Vec<Vec<StemId>>,
    /// Per chunk, its word id → index in `words` (`u32::MAX` for words no article
    /// keeps).
    word_by_chunk: Vec<Vec<u32>>,
    /// Each distinct kept word, its occurrences over all chunks and its stem.
    words: Vec<(&'a str, u64, StemId)>,
}

impl<'a> Stems<'a> {
    /// `known` holds, per table, stems its pass worked out (or nothing): those words
    /// are not stemmed again.
    fn of_tables(tables: &'a [WordTable], docs: &[ChunkDocs], known: &[KnownStems]) -> Self {
        // Each table's known stems by word id, for the tables that have some.
        let known_of: Vec<Option<Vec<u32>>> = tables
            .iter()
            .enumerate()
            .map(|(c, table)| {
                let stems = known.get(c).filter(|k| !k.is_empty())?;
                let mut of = vec![u32::MAX; table.words().len()];
                for (i, (word, _)) in stems.iter().enumerate() {
                    if let Some(slot) = of.get_mut(word as usize) {
                        *slot = i as u32;
                    }
                }
                Some(of)
            })
            .collect();
        let known_texts: Vec<Vec<&str>> = known
            .iter()
            .map(|k| k.iter().map(|(_, stem)| stem).collect())
            .collect();
        // Each chunk's kept words with their occurrences, listed by shard, in parallel.
        let chunk_words: Vec<(Vec<u64>, Vec<Vec<WordId>>)> = tables
            .par_iter()
            .zip(docs)
            .map(|(table, chunk)| {
                let mut totals = vec![0u64; table.words().len()];
                for &(w, n) in chunk.iter().flatten() {
                    totals[w as usize] += u64::from(n);
                }
                let mut by_shard = vec![Vec::new(); MERGE_SHARDS];
                for (id, &total) in totals.iter().enumerate() {
                    if total > 0 {
                        by_shard[merge_shard(table, id as WordId)].push(id as WordId);
                    }
                }
                (totals, by_shard)
            })
            .collect();
        // Each shard's distinct words in table order, and where each table's words are
        // among them. How many tables there are follows rayon's splitting; the numbering
        // may change with it, but nothing downstream depends on it (see `Stems`).
        // Each word with its occurrences and its stem if a pass worked it out.
        type Shard<'w, 'k> = (Vec<(&'w str, u64, Option<&'k str>)>, Vec<Vec<u32>>);
        let shards: Vec<Shard<'a, '_>> = (0..MERGE_SHARDS)
            .into_par_iter()
            .map(|shard| {
                // Words that pack are found by key: no text to read or compare.
                let mut by_key: FxHashMap<u128, u32> = FxHashMap::default();
                let mut by_text: FxHashMap<&'a str, u32> = FxHashMap::default();
                let mut words: Vec<(&'a str, u64, Option<&str>)> = Vec::new();
                let places = tables
                    .iter()
                    .zip(&chunk_words)
                    .enumerate()
                    .map(|(c, (table, (totals, by_shard)))| {
                        by_shard[shard]
                            .iter()
                            .map(|&id| {
                                let add = || {
                                    let stem = known_of[c]
                                        .as_ref()
                                        .and_then(|of| of.get(id as usize))
                                        .and_then(|&i| known_texts[c].get(i as usize))
                                        .copied();
                                    words.push((table.text(id), 0, stem));
                                    (words.len() - 1) as u32
                                };
                                let g = match table.packed_key(id) {
                                    Some(key) => *by_key.entry(key).or_insert_with(add),
                                    None => *by_text.entry(table.text(id)).or_insert_with(add),
                                };
                                words[g as usize].1 += totals[id as usize];
                                g
                            })
                            .collect()
                    })
                    .collect();
                (words, places)
            })
            .collect();
        // Words are numbered shard after shard.
        let offsets: Vec<u32> = shards
            .iter()
            .scan(0u32, |next, (words, _)| {
                let start = *next;
                *next += words.len() as u32;
                Some(start)
            })
            .collect();
        let word_maps: Vec<Vec<u32>> = tables
            .par_iter()
            .zip(&chunk_words)
            .enumerate()
            .map(|(c, (table, (_, by_shard)))| {
                let mut map = vec![u32::MAX; table.words().len()];
                for ((ids, (_, places)), &offset) in by_shard.iter().zip(&shards).zip(&offsets) {
                    for (&id, &place) in ids.iter().zip(&places[c]) {
                        map[id as usize] = offset + place;
                    }
                }
                map
            })
            .collect();
        let words: Vec<(&'a str, u64, Option<&str>)> =
            shards.into_iter().flat_map(|(w, _)| w).collect();
        // Stemming is the costly step: once per distinct word a pass has not stemmed, in
        // parallel, each block of words into one string.
        const STEM_BLOCK: usize = 2048;
        let stemmed: Vec<(String, Vec<u32>)> = words
            .par_chunks(STEM_BLOCK)
            .map_init(
                || Stemmer::create(Algorithm::English),
                |stemmer, block| {
                    let mut text = String::new();
                    let mut ends = Vec::with_capacity(block.len());
                    for &(word, _, known) in block {
                        match known {
                            Some(stem) => text.push_str(stem),
                            None => text.push_str(&stemmer.stem(word)),
                        }
                        ends.push(text.len() as u32);
                    }
                    (text, ends)
                },
            )
            .collect();
        let mut stem_index: FxHashMap<&str, StemId> =
            FxHashMap::with_capacity_and_hasher(words.len(), Default::default());
        let (mut stem_texts, mut stem_ends) = (String::new(), Vec::new());
        let mut word_stems: Vec<StemId> = Vec::with_capacity(words.len());
        for (text, ends) in &stemmed {
            let starts = std::iter::once(0).chain(ends.iter().copied());
            for (start, &end) in starts.zip(ends) {
                let stem = &text[start as usize..end as usize];
                let id = *stem_index.entry(stem).or_insert_with(|| {
                    stem_texts.push_str(stem);
                    stem_ends.push(stem_texts.len() as u32);
                    (stem_ends.len() - 1) as StemId
                });
                word_stems.push(id);
            }
        }
        let by_chunk = word_maps
            .par_iter()
            .map(|map| {
                map.iter()
                    .map(|&g| word_stems.get(g as usize).copied().unwrap_or(NO_STEM))
                    .collect()
            })
            .collect();
        let words = words
            .into_iter()
            .zip(word_stems)
            .map(|((w, count, _), stem)| (w, count, stem))
            .collect();
        Self {
            stem_texts,
            stem_ends,
            by_chunk,
            word_by_chunk: word_maps,
            words,
        }
    }

    /// How many distinct stems.
    fn stem_count(&self) -> usize {
        self.stem_ends.len()
    }

    /// The text of stem `s`.
    fn stem(&self, s: StemId) -> &str {
        let end = self.stem_ends[s as usize] as usize;
        let start = match s {
            0 => 0,
            _ => self.stem_ends[s as usize - 1] as usize,
        };
        &self.stem_texts[start..end]
    }

    /// Every stem's text, by id.
    fn stem_texts(&self) -> impl Iterator<Item = &str> {
        (0..self.stem_count() as StemId).map(|s| self.stem(s))
    }
}

/// In how many articles each stem occurs, counted per chunk in parallel: an article
/// holding two words of one stem ("troops", "troop") counts once. `word_stems` maps
/// each chunk's words to stems; words it maps to [`NO_STEM`] are not counted.
fn document_frequencies(docs: &[ChunkDocs], stems: &Stems, word_stems: &[Vec<StemId>]) -> Vec<u32> {
    let stem_count = stems.stem_count();
    docs.par_iter()
        .zip(word_stems)
        .map(|(chunk, map)| {
            let mut df = vec![0u32; stem_count];
            // The last article (numbered from 1) that counted each stem.
            let mut counted_in = vec![0u32; stem_count];
            for (article, doc) in (1u32..).zip(chunk) {
                for &(w, _) in doc {
                    let s = map[w as usize];
                    if s == NO_STEM {
                        continue; // a word these options do not keep
                    }
                    let s = s as usize;
                    if counted_in[s] != article {
                        counted_in[s] = article;
                        df[s] += 1;
                    }
                }
            }
            df
        })
        .reduce(
            || vec![0u32; stem_count],
            |mut sum, part| {
                for (total, n) in sum.iter_mut().zip(part) {
                    *total += n;
                }
                sum
            },
        )
}

/// Every article's distinct stem pairs whose two stems pass `keep`, all in one vector
/// (eight bytes an entry: what counting document frequencies needs, and no more).
fn distinct_stem_pairs(
    pairs: &[ChunkPairs],
    stems: &Stems,
    keep: &(impl Fn(StemId) -> bool + Sync),
) -> Vec<u64> {
    let per_chunk: Vec<Vec<u64>> = pairs
        .par_iter()
        .zip(&stems.by_chunk)
        .map(|(chunk, map)| {
            let mut out = Vec::new();
            for keys in chunk.articles() {
                let start = out.len();
                out.extend(keys.iter().filter_map(|&key| {
                    let (a, b) = pair_ids(key);
                    let (a, b) = (map[a as usize], map[b as usize]);
                    (keep(a) && keep(b)).then_some(pair_key(a, b))
                }));
                let article = &mut out[start..];
                article.sort_unstable();
                let distinct = partition_dedup(article);
                out.truncate(start + distinct);
            }
            out
        })
        .collect();
    let mut all = Vec::with_capacity(per_chunk.iter().map(Vec::len).sum());
    for chunk in per_chunk {
        all.extend_from_slice(&chunk);
    }
    all
}

/// Move the distinct values of a sorted slice to its front; returns how many.
fn partition_dedup(sorted: &mut [u64]) -> usize {
    let mut kept = 0;
    for i in 0..sorted.len() {
        if kept == 0 || sorted[i] != sorted[kept - 1] {
            sorted[kept] = sorted[i];
            kept += 1;
        }
    }
    kept
}

/// The stem pairs found in `min_df..=max_df` articles, with that number, sorted:
/// `keys` holds each article's distinct pairs; sorted, each run is one pair.
fn pair_document_frequencies(mut keys: Vec<u64>, min_df: u32, max_df: u32) -> Vec<(u64, u32)> {
    keys.par_sort_unstable();
    keys.chunk_by(|a, b| a == b)
        .filter_map(|run| {
            let df = u32::try_from(run.len()).unwrap_or(u32::MAX);
            (min_df..=max_df).contains(&df).then_some((run[0], df))
        })
        .collect()
}

/// Each article's (term, count) of the bigram terms it holds, sorted by term;
/// `pair_terms` maps stem pairs to term ids.
fn pair_term_counts(
    pairs: &[ChunkPairs],
    stems: &Stems,
    pair_terms: &FxHashMap<u64, u32>,
) -> Vec<TermCounts> {
    let per_chunk: Vec<Vec<TermCounts>> = pairs
        .par_iter()
        .zip(&stems.by_chunk)
        .map(|(chunk, map)| {
            chunk
                .articles()
                .map(|keys| {
                    let mut row: TermCounts = keys
                        .iter()
                        .filter_map(|&key| {
                            let (a, b) = pair_ids(key);
                            let stem_pair = pair_key(map[a as usize], map[b as usize]);
                            Some((*pair_terms.get(&stem_pair)?, 1))
                        })
                        .collect();
                    row.sort_unstable_by_key(|&(t, _)| t);
                    row.dedup_by(|later, kept| {
                        let same = later.0 == kept.0;
                        if same {
                            kept.1 += later.1;
                        }
                        same
                    });
                    row.shrink_to_fit();
                    row
                })
                .collect()
        })
        .collect();
    per_chunk.into_iter().flatten().collect()
}

/// For each kept bigram, its most frequent pair of words (ties: the alphabetically
/// first pair), written with a space. `pair_terms` maps stem pairs to term ids.
fn pair_surfaces(
    pairs: &[ChunkPairs],
    stems: &Stems,
    pair_terms: &FxHashMap<u64, u32>,
) -> FxHashMap<u32, String> {
    // Occurrences of each pair of words (corpus-wide word ids) whose stems make a kept
    // bigram, per chunk in parallel, then summed.
    let per_chunk: Vec<FxHashMap<u64, u64>> = pairs
        .par_iter()
        .zip(&stems.word_by_chunk)
        .map(|(chunk, words)| {
            let mut counts: FxHashMap<u64, u64> = FxHashMap::default();
            for &key in &chunk.keys {
                let (a, b) = pair_ids(key);
                let (a, b) = (words[a as usize], words[b as usize]);
                let stem_pair = pair_key(stems.words[a as usize].2, stems.words[b as usize].2);
                if pair_terms.contains_key(&stem_pair) {
                    *counts.entry(pair_key(a, b)).or_insert(0) += 1;
                }
            }
            counts
        })
        .collect();
    let mut counts = FxHashMap::default();
    for chunk in per_chunk {
        for (key, n) in chunk {
            *counts.entry(key).or_insert(0) += n;
        }
    }
    let mut best: FxHashMap<u32, (u64, &str, &str)> = FxHashMap::default();
    for (key, n) in counts {
        let (a, b) = pair_ids(key);
        let ((wa, _, sa), (wb, _, sb)) = (stems.words[a as usize], stems.words[b as usize]);
        let Some(&t) = pair_terms.get(&pair_key(sa, sb)) else {
            continue;
        };
        let better = best
            .get(&t)
            .is_none_or(|&(c, xa, xb)| n > c || (n == c && (wa, wb) < (xa, xb)));
        if better {
            best.insert(t, (n, wa, wb));
        }
    }
    best.into_iter()
        .map(|(t, (_, a, b))| (t, format!("{a} {b}")))
        .collect()
}

/// One entry of a vocabulary being built: a stem or a pair of stems.
#[derive(Clone, Copy)]
enum Candidate {
    Stem(StemId),
    Pair(u64),
}

impl TfidfModel {
    /// Fit the vocabulary and IDF on `articles` and return their rows.
    pub fn fit_transform(articles: &[Article], options: &TfidfOptions) -> (Self, Vec<SparseRow>) {
        let Counted {
            tables,
            docs: words,
            pairs,
            ..
        } = count_words(articles, options, &|_| ());
        let stems = Stems::of_tables(&tables, &words, &[]);
        let docs = CountedDocs::Owned(words);
        Self::fit_counted(
            articles.len(),
            options,
            &stems,
            &stems.by_chunk,
            docs,
            pairs,
        )
    }

    /// Count the words of `articles` once, keeping words of at least `min_chars`
    /// characters, and hand the count to `then`, which fits from it as many
    /// vocabularies as it needs ([`SharedCount::fit`], [`SharedCount::fit_last`]).
    ///
    /// A [`TokenPass`] made by `make_pass` for each word table of the count reads each
    /// article's text as it is counted (`|_| ()` for none); `then` also gets its outputs,
    /// one per article in article order.
    pub fn with_one_count<P, R>(
        articles: &[Article],
        min_chars: u32,
        make_pass: impl Fn(&mut WordTable) -> P + Sync,
        then: impl FnOnce(SharedCount<'_>, Vec<P::Output>) -> R,
    ) -> R
    where
        P: TokenPass + Send,
        P::Output: Send,
    {
        let counting = TfidfOptions {
            min_chars,
            bigrams: false,
            ..TfidfOptions::default()
        };
        let Counted {
            tables,
            docs: words,
            outputs,
            known_stems,
            ..
        } = count_words(articles, &counting, &make_pass);
        let stems = Stems::of_tables(&tables, &words, &known_stems);
        drop(known_stems);
        then(
            SharedCount {
                articles,
                min_chars,
                tables: &tables,
                stems,
                words,
            },
            outputs,
        )
    }

    /// Fit on counted words: `words` are the articles' (word, count)s (per chunk of
    /// `stems`' tables, one entry per article), `word_stems` each chunk's word → stem
    /// map under `options` ([`NO_STEM`] for a word they do not keep), `pairs` the
    /// articles' bigrams.
    fn fit_counted(
        n: usize,
        options: &TfidfOptions,
        stems: &Stems,
        word_stems: &[Vec<StemId>],
        words: CountedDocs,
        pairs: Vec<ChunkPairs>,
    ) -> (Self, Vec<SparseRow>) {
        let df = document_frequencies(words.as_slice(), stems, word_stems);
        // At least 1: a shared count holds stems no article of these options has.
        let min_df = if n < SMALL_CORPUS {
            1
        } else {
            options.min_df.max(1)
        };
        // A term shared by two articles always stays, however small the corpus.
        let max_df = ((options.max_df as f64) * n as f64).floor().max(2.0) as u32;
        let kept_stems = (0..stems.stem_count() as StemId)
            .filter(|&s| (min_df..=max_df).contains(&df[s as usize]))
            .map(|s| (Candidate::Stem(s), df[s as usize]));
        // A pair is in no more articles than either of its stems: a pair with a rare
        // stem cannot reach `min_df` and is not gathered at all.
        let kept_pairs = if options.bigrams {
            let keys = distinct_stem_pairs(&pairs, stems, &|s: StemId| df[s as usize] >= min_df);
            pair_document_frequencies(keys, min_df, max_df)
        } else {
            Vec::new()
        };
        let text = |c: Candidate| -> Cow<str> {
            match c {
                Candidate::Stem(s) => stems.stem(s).into(),
                Candidate::Pair(key) => {
                    let (a, b) = pair_ids(key);
                    format!("{} {}", stems.stem(a), stems.stem(b)).into()
                }
            }
        };
        let mut kept: Vec<(String, Candidate, u32)> = kept_stems
            .chain(kept_pairs.iter().map(|&(k, df)| (Candidate::Pair(k), df)))
            .map(|(c, df)| (text(c).into_owned(), c, df))
            .collect();
        sort_by_text(&mut kept);

        let nf = n as f32;
        let idf: Vec<f32> = kept
            .iter()
            .map(|&(_, _, df)| ((1.0 + nf) / (1.0 + df as f32)).ln() + 1.0)
            .collect();
        let mut term_of_stem = vec![None; stems.stem_count()];
        let mut pair_terms: FxHashMap<u64, u32> = FxHashMap::default();
        for (t, &(_, c, _)) in kept.iter().enumerate() {
            match c {
                Candidate::Stem(s) => term_of_stem[s as usize] = Some(t as u32),
                Candidate::Pair(key) => {
                    pair_terms.insert(key, t as u32);
                }
            }
        }
        let terms: Vec<String> = kept.into_iter().map(|(text, _, _)| text).collect();
        let mut surface = surface_forms(stems, &term_of_stem, &terms, options.min_chars);
        for (t, words) in pair_surfaces(&pairs, stems, &pair_terms) {
            surface[t as usize] = words;
        }
        let pair_docs = pair_term_counts(&pairs, stems, &pair_terms);
        drop(pairs);
        let model = Self {
            options: options.clone(),
            documents: n,
            terms,
            surface,
            idf,
        };
        let rows = model.weigh(words, word_stems, &term_of_stem, pair_docs);
        (model, rows)
    }

    /// Rows of new articles in this model's vocabulary (words and pairs it does not
    /// know are left out; its IDF is not refitted). Bigrams are read only if the model
    /// was fitted with them.
    pub fn transform(&self, articles: &[Article]) -> Vec<SparseRow> {
        let Counted {
            tables,
            docs: words,
            pairs,
            ..
        } = count_words(articles, &self.options, &|_| ());
        let stems = Stems::of_tables(&tables, &words, &[]);
        let term_of_stem: Vec<Option<u32>> = stems.stem_texts().map(|s| self.term_id(s)).collect();
        let pair_docs = if self.options.bigrams {
            pair_term_counts(&pairs, &stems, &self.pair_terms(&stems))
        } else {
            Vec::new()
        };
        let docs = CountedDocs::Owned(words);
        self.weigh(docs, &stems.by_chunk, &term_of_stem, pair_docs)
    }

    /// The id of a term given as text (a stem, or two stems joined by a space), if the
    /// vocabulary has it.
    pub fn term_id(&self, stem: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| t.as_str().cmp(stem))
            .ok()
            .map(|i| i as u32)
    }

    /// This model's bigrams as keys of the stems of `stems` → term id (bigrams with a
    /// stem `stems` lacks cannot occur and are left out).
    fn pair_terms(&self, stems: &Stems) -> FxHashMap<u64, u32> {
        let index: FxHashMap<&str, StemId> = stems
            .stem_texts()
            .enumerate()
            .map(|(id, s)| (s, id as StemId))
            .collect();
        self.terms
            .iter()
            .enumerate()
            .filter_map(|(t, term)| {
                let (a, b) = term.split_once(' ')?;
                Some((pair_key(*index.get(a)?, *index.get(b)?), t as u32))
            })
            .collect()
    }

    /// Per-article word counts (in each chunk's word ids) and bigram (term, count)s →
    /// weighted, normalised rows in vocabulary ids. Words of one term are summed
    /// before weighing. `pairs` is empty or has one entry per article.
    fn weigh(
        &self,
        docs: CountedDocs,
        word_stems: &[Vec<StemId>],
        term_of_stem: &[Option<u32>],
        pairs: Vec<TermCounts>,
    ) -> Vec<SparseRow> {
        // Most counts are small: their logarithms are looked up, not recomputed.
        let small_logs: Vec<f32> = (0..64u32).map(|tf| (tf as f32).ln()).collect();
        let weight = |t: u32, tf: u32| {
            let tf = if self.options.sublinear_tf {
                let ln = small_logs
                    .get(tf as usize)
                    .copied()
                    .unwrap_or_else(|| (tf as f32).ln());
                1.0 + ln
            } else {
                tf as f32
            };
            (t, tf * self.idf[t as usize])
        };
        // Each chunk's articles in blocks: owned blocks, so each block's word counts
        // are freed once its rows are made, not when the whole chunk is done; or
        // borrowed, when another fit reads the same counts after this one.
        type Block<'d> = Cow<'d, [Vec<(WordId, u32)>]>;
        let doc_blocks: Vec<Vec<Block>> = match docs {
            CountedDocs::Owned(chunks) => chunks
                .into_iter()
                .map(|c| {
                    into_blocks(c, WEIGH_BLOCK)
                        .into_iter()
                        .map(Cow::Owned)
                        .collect()
                })
                .collect(),
            CountedDocs::Shared(chunks) => chunks
                .iter()
                .map(|c| c.chunks(WEIGH_BLOCK).map(Cow::Borrowed).collect())
                .collect(),
        };
        // Each chunk's articles with their bigram counts (none without bigrams).
        let mut pairs = pairs.into_iter();
        let chunks: Vec<(Vec<Block>, Vec<TermCounts>)> = doc_blocks
            .into_iter()
            .map(|blocks| {
                let articles = blocks.iter().map(|b| b.len()).sum();
                let mut chunk_pairs: Vec<TermCounts> = pairs.by_ref().take(articles).collect();
                chunk_pairs.resize_with(articles, Vec::new);
                (blocks, chunk_pairs)
            })
            .collect();
        let per_chunk: Vec<Vec<SparseRow>> = chunks
            .into_par_iter()
            .zip(word_stems)
            .map(|((blocks, chunk_pairs), stem_of_word)| {
                let term_of_word: Vec<u32> = stem_of_word
                    .iter()
                    .map(|&s| {
                        term_of_stem
                            .get(s as usize)
                            .copied()
                            .flatten()
                            .unwrap_or(NO_TERM)
                    })
                    .collect();
                let blocks: Vec<Vec<SparseRow>> = blocks
                    .into_par_iter()
                    .zip(into_blocks(chunk_pairs, WEIGH_BLOCK))
                    .map(|(docs, pairs)| {
                        let counts = block_counts(&docs, &pairs, &term_of_word);
                        drop((docs, pairs));
                        counts
                            .into_iter()
                            .map(|row| {
                                let mut row: SparseRow =
                                    row.into_iter().map(|(t, n)| weight(t, n)).collect();
                                normalise(&mut row);
                                row
                            })
                            .collect()
                    })
                    .collect();
                blocks.into_iter().flatten().collect::<Vec<_>>()
            })
            .collect();
        per_chunk.into_iter().flatten().collect()
    }
}

/// `items` cut into blocks of `size` (the last may be shorter), in order, moving each
/// item once.
fn into_blocks<T>(mut items: Vec<T>, size: usize) -> Vec<Vec<T>> {
    let mut blocks = Vec::with_capacity(items.len().div_ceil(size));
    while !items.is_empty() {
        let last = (items.len() - 1) / size * size;
        blocks.push(items.split_off(last));
    }
    blocks.reverse();
    blocks
}

/// Articles weighed as one task: blocks balance the work between threads whatever
/// the number of word tables, and each block's word counts are freed once its rows are
/// made.
const WEIGH_BLOCK: usize = 4096;

/// Each article's (term, count)s, from its (word, count)s in one table's ids and its
/// bigram (term, count)s: counts of one term summed, in term order.
///
/// Each article's entries are sorted apart, as packed (term, count) integers. One
/// counting sort over a whole block was tried: 7 % fewer instructions for the pass, but
/// its scattered writes missed the caches (4 times the data-cache misses of weighing)
/// and cost more than they saved.
fn block_counts(
    docs: &[Vec<(WordId, u32)>],
    pairs: &[TermCounts],
    term_of_word: &[u32],
) -> Vec<Vec<(u32, u32)>> {
    debug_assert!(pairs.is_empty() || pairs.len() == docs.len());
    let mut keys: Vec<u64> = Vec::new();
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            keys.clear();
            keys.extend(doc.iter().filter_map(|&(w, n)| {
                let t = term_of_word[w as usize];
                (t != NO_TERM).then(|| pair_key(t, n))
            }));
            let bigrams = pairs.get(i).into_iter().flatten();
            keys.extend(bigrams.map(|&(t, n)| pair_key(t, n)));
            keys.sort_unstable();
            let mut row = Vec::with_capacity(keys.len());
            for run in keys.chunk_by(|a, b| pair_ids(*a).0 == pair_ids(*b).0) {
                let term = pair_ids(run[0]).0;
                row.push((term, run.iter().map(|&k| pair_ids(k).1).sum()));
            }
            row
        })
        .collect()
}

/// Sort terms by their text (which is unique). Each comparison looks at an integer of
/// the text's first eight bytes, and reads the texts only when those are equal.
fn sort_by_text(kept: &mut Vec<(String, Candidate, u32)>) {
    let mut order: Vec<(u64, u32)> = kept
        .iter()
        .enumerate()
        .map(|(i, (text, _, _))| (crate::bytes::order_prefix(text.as_bytes()), i as u32))
        .collect();
    order.par_sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| kept[a.1 as usize].0.cmp(&kept[b.1 as usize].0))
    });
    let mut slots: Vec<Option<(String, Candidate, u32)>> =
        std::mem::take(kept).into_iter().map(Some).collect();
    kept.extend(order.iter().filter_map(|&(_, i)| slots[i as usize].take()));
}

/// For each kept term, its most frequent word of at least `min_chars` characters (ties:
/// the alphabetically first). `stems` may hold shorter words, counted for another
/// option set ([`SharedCount`]).
fn surface_forms(
    stems: &Stems,
    term_of_stem: &[Option<u32>],
    terms: &[String],
    min_chars: u32,
) -> Vec<String> {
    let mut best: Vec<Option<(u64, &str)>> = vec![None; terms.len()];
    for &(word, count, stem) in &stems.words {
        let Some(t) = term_of_stem.get(stem as usize).copied().flatten() else {
            continue;
        };
        if !has_min_chars(word, min_chars) {
            continue;
        }
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
///
/// Rows are stored flat with a fixed width (padded with [`NO_TERM`]) in two arrays:
/// alignment asks for millions of pairs whose second row is rarely in cache, so what
/// every comparison reads sits apart from what only some do. Each row has its terms as a
/// Bloom filter, and its terms are kept in the order of their filter bits: a comparison
/// ands the two filters and, under each bit both rows set, compares the terms' tags
/// (a byte of another hash). About four terms per pair meet under a bit by chance, and
/// their tags tell nearly all of them apart, so the second row's terms and weights
/// ([`RowTerms`]) are read only where a term is likely shared (the first row's, read
/// for every bit both set, stay in cache: alignment asks about one article against
/// many in a row). On 100k articles the split took a
/// comparison from 388 to 369 ns (`examples/story_cosine.rs`).
pub struct Signatures {
    filters: Vec<RowFilter>,
    terms: Vec<RowTerms>,
}

/// What a comparison reads of every row: its filter, where each filter word's terms
/// begin, and a tag of each term. Four cache lines.
#[repr(C, align(64))]
struct RowFilter {
    filter: TermFilter,
    /// Where each filter word's terms begin in the row: those of word `w` are
    /// `starts[w]..starts[w + 1]`.
    starts: [u8; FILTER_WORDS + 1],
    /// A byte of another hash of each term ([`term_tag`]), in the order of `terms`.
    tags: [u8; SIGNATURE_TERMS],
}

/// What a comparison reads of a row only where a term may be shared.
#[repr(C, align(64))]
struct RowTerms {
    /// The terms in the order of their filter bits (then of term id).
    terms: [u32; SIGNATURE_TERMS],
    weights: [f32; SIGNATURE_TERMS],
}

/// One row's two parts, as built.
struct SignatureRow {
    filter: RowFilter,
    terms: RowTerms,
}

/// The padding of a row with fewer terms than [`SIGNATURE_TERMS`]: above every term id.
const NO_TERM: u32 = u32::MAX;

/// Words of a row's term filter: with 64 terms in 1,024 bits, about one in sixteen of
/// another row's terms passes it by chance.
const FILTER_WORDS: usize = 16;

type TermFilter = [u64; FILTER_WORDS];

/// A byte of a term, drawn from another hash than its filter bit: two terms under one
/// filter bit differ in it 255 times in 256, so a comparison tells most such pairs apart
/// without reading their terms.
fn term_tag(term: u32) -> u8 {
    (term.wrapping_mul(0x85EB_CA6B) >> 24) as u8
}

/// The filter bit of a term: its word and the bit's index in it.
fn filter_bit(term: u32) -> (usize, u32) {
    let h = term.wrapping_mul(0x9E37_79B1) >> (32 - (FILTER_WORDS * 64).trailing_zeros());
    ((h / 64) as usize, h % 64)
}

impl SignatureRow {
    /// The signature of one TF-IDF row: its `SIGNATURE_TERMS` heaviest terms (ties to
    /// the smaller term id), normalised.
    fn of(mut row: SparseRow) -> Self {
        let heavier = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if row.len() > SIGNATURE_TERMS {
            // The order is total, so the kept terms are the same whichever way they
            // are chosen; only they need an order.
            row.select_nth_unstable_by(SIGNATURE_TERMS - 1, heavier);
            row.truncate(SIGNATURE_TERMS);
        }
        // Normalised in term order, as the rows were before their cut, so the
        // weights are the same to the last bit whatever order they are kept in.
        row.sort_unstable_by_key(|&(t, _)| t);
        normalise(&mut row);
        row.sort_unstable_by_key(|&(t, _)| (filter_bit(t), t));
        let mut terms = [NO_TERM; SIGNATURE_TERMS];
        let mut tags = [0; SIGNATURE_TERMS];
        let mut weights = [0.0; SIGNATURE_TERMS];
        let mut starts = [0u8; FILTER_WORDS + 1];
        let mut filter = [0; FILTER_WORDS];
        for (k, &(term, weight)) in row.iter().enumerate() {
            terms[k] = term;
            tags[k] = term_tag(term);
            weights[k] = weight;
            let (word, bit) = filter_bit(term);
            filter[word] |= 1 << bit;
            starts[word + 1] = k as u8 + 1;
        }
        // Words without terms begin where the previous word ends.
        for w in 1..=FILTER_WORDS {
            starts[w] = starts[w].max(starts[w - 1]);
        }
        Self {
            filter: RowFilter {
                filter,
                starts,
                tags,
            },
            terms: RowTerms { terms, weights },
        }
    }
}

impl Signatures {
    /// Fit IDF over the articles (title and text); every term counts, however rare or
    /// common, since two articles of one story share their rare names.
    pub fn fit(articles: &[Article]) -> Self {
        let (_, rows) = TfidfModel::fit_transform(articles, &Self::options());
        Self::from_rows(rows)
    }

    /// Signatures of rows fitted under [`Self::options`] (by [`Self::fit`], or beside
    /// another vocabulary by [`TfidfModel::with_one_count`]).
    pub fn from_rows(rows: Vec<SparseRow>) -> Self {
        let (filters, terms) = rows
            .into_par_iter()
            .map(|row| {
                let row = SignatureRow::of(row);
                (row.filter, row.terms)
            })
            .unzip();
        Self { filters, terms }
    }

    /// The TF-IDF options signatures are fitted with.
    pub fn options() -> TfidfOptions {
        TfidfOptions {
            min_df: 1,
            max_df: 1.0,
            sublinear_tf: true,
            min_chars: 3,
            bigrams: false,
        }
    }

    /// Cosine similarity of two articles' signatures, in [0, 1].
    ///
    /// Only terms under a bit both filters set can be shared: for each such filter
    /// word, the tags of the two rows' terms in that word are compared (a few), then
    /// their terms where the tags agree (a term has one tag). The products
    /// of shared terms' weights are then summed in ascending order of term, as a merge
    /// of the two rows in term order would meet them: the sum is the same to the last
    /// bit.
    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        let (Some(x), Some(y)) = (self.filters.get(a), self.filters.get(b)) else {
            return 0.0;
        };
        // The two vectors are made together, one entry per row.
        let (tx, ty) = (&self.terms[a], &self.terms[b]);
        let (fa, fb) = (&x.filter, &y.filter);
        let (xs, ys) = (&tx.terms, &ty.terms);
        let (sa, sb) = (&x.starts, &y.starts);
        let (ga, gb) = (&x.tags, &y.tags);
        let mut shared = [(0u32, 0.0f32); SIGNATURE_TERMS];
        let mut n = 0;
        for w in 0..FILTER_WORDS {
            let common = fa[w] & fb[w];
            if common == 0 {
                continue;
            }
            let theirs = usize::from(sb[w])..usize::from(sb[w + 1]);
            let mine = usize::from(sa[w])..usize::from(sa[w + 1]);
            for (i, &term) in xs[mine.clone()].iter().enumerate() {
                if common & (1 << filter_bit(term).1) == 0 {
                    continue;
                }
                let tag = ga[mine.start + i];
                if let Some(j) = theirs.clone().find(|&j| gb[j] == tag && ys[j] == term) {
                    shared[n] = (term, tx.weights[mine.start + i] * ty.weights[j]);
                    n += 1;
                }
            }
        }
        // Shared terms are distinct: the order is the terms' order.
        let shared = &mut shared[..n];
        shared.sort_unstable_by_key(|&(term, _)| term);
        let sum: f32 = shared.iter().fold(0.0, |sum, &(_, product)| sum + product);
        sum.clamp(0.0, 1.0)
    }
}

/// Signatures looked up by article id, for alignment's story test, and the articles'
/// texts, for its test that an article names an agent.
///
/// Alignment asks for the same pair of articles again and again (every pair of their
/// figures that meets on a subject; on 10k articles four calls in ten repeat a pair), so
/// each thread keeps the similarities of its recent pairs (`RecentPair`).
pub struct ArticleSignatures<'a> {
    index: FxHashMap<ArticleId, usize>,
    signatures: Signatures,
    articles: &'a [Article],
    aliases: &'a crate::claims::aliases::AliasTable,
    /// Tells these signatures' pairs from other signatures' in the threads' caches
    /// (64 bits: never handed out twice in a process).
    generation: u64,
}

/// Slots of each thread's cache of recent pairs: 384 KiB, within a core's L2 cache.
const RECENT_PAIR_SLOTS: usize = 1 << 14;

/// One thread's recent article pairs and their similarities, direct-mapped: a pair
/// found in its slot (same signatures, same two articles) is not compared again. Only
/// saves work: a similarity is the same bits however often it is computed.
#[derive(Clone, Copy)]
struct RecentPair {
    /// The two handles, the smaller in the high half.
    pair: u64,
    /// The [`ArticleSignatures::generation`] the similarity is of; 0 for an empty slot.
    generation: u64,
    similarity: f32,
}

/// Generations handed to [`ArticleSignatures`], from 1 (0 marks an empty slot).
static SIGNATURE_GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_generation() -> u64 {
    SIGNATURE_GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

thread_local! {
    static RECENT_PAIRS: std::cell::RefCell<Vec<RecentPair>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl<'a> ArticleSignatures<'a> {
    pub fn fit(articles: &'a [Article], aliases: &'a crate::claims::aliases::AliasTable) -> Self {
        Self::with_signatures(articles, aliases, Signatures::fit(articles))
    }

    /// The same, with the articles' signatures already made (by article index).
    pub fn with_signatures(
        articles: &'a [Article],
        aliases: &'a crate::claims::aliases::AliasTable,
        signatures: Signatures,
    ) -> Self {
        Self {
            index: articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.clone(), i))
                .collect(),
            signatures,
            articles,
            aliases,
            generation: next_generation(),
        }
    }
}

impl crate::align::StorySimilarity for ArticleSignatures<'_> {
    fn handle(&self, article: &ArticleId) -> Option<usize> {
        self.index.get(article).copied()
    }

    fn similarity(&self, a: usize, b: usize) -> f32 {
        // The cosine is symmetric to the bit (the same products, summed in term order).
        let (low, high) = (a.min(b), a.max(b));
        let (Ok(low32), Ok(high32)) = (u32::try_from(low), u32::try_from(high)) else {
            return self.signatures.cosine(low, high);
        };
        let pair = u64::from(low32) << 32 | u64::from(high32);
        let slot = (pair.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            >> (64 - RECENT_PAIR_SLOTS.trailing_zeros())) as usize;
        RECENT_PAIRS.with(|recent| {
            let Ok(mut recent) = recent.try_borrow_mut() else {
                return self.signatures.cosine(low, high);
            };
            if recent.is_empty() {
                let empty = RecentPair {
                    pair: 0,
                    generation: 0,
                    similarity: 0.0,
                };
                recent.resize(RECENT_PAIR_SLOTS, empty);
            }
            let Some(entry) = recent.get_mut(slot) else {
                return self.signatures.cosine(low, high);
            };
            if entry.generation == self.generation && entry.pair == pair {
                return entry.similarity;
            }
            let similarity = self.signatures.cosine(low, high);
            *entry = RecentPair {
                pair,
                generation: self.generation,
                similarity,
            };
            similarity
        })
    }

    /// An agent is named by any of its names in the alias table, or by all the words of
    /// its name, each as a whole word somewhere in the title or text ("Mrs May" by "Mrs.
    /// May"; not by "May" alone, a month).
    fn names(&self, article: usize, agent: &str) -> bool {
        let Some(a) = self.articles.get(article) else {
            return true;
        };
        let found = |name: &str| {
            a.title.as_deref().is_some_and(|t| has_whole_word(t, name))
                || has_whole_word(&a.text, name)
                || a.outlet.as_deref() == Some(name)
        };
        std::iter::once(agent)
            .chain(self.aliases.names_of(agent).iter().map(String::as_str))
            .any(found)
            || agent.contains(' ') && agent.split(' ').all(found)
    }
}

/// Whether `word` occurs in `text` with no letter or digit right before or after it.
fn has_whole_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let finder = memchr::memmem::Finder::new(word.as_bytes());
    finder.find_iter(text.as_bytes()).any(|at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
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
    fn an_article_names_an_agent_by_any_alias_or_every_word_of_its_name() {
        use crate::align::StorySimilarity;
        let found = articles(concat!(
            r#"{"id":"1","outlet":"Wire","title":"Expulsions","text":"The U.K. expelled 23 diplomats, Mrs. May said."}"#,
            "\n",
            r#"{"id":"2","outlet":"Wire","title":"Ukrainian news","text":"Ukrainians and the Ukrainian government waited."}"#,
            "\n",
        ));
        let aliases = crate::claims::aliases::AliasTable::builtin();
        let s = ArticleSignatures::fit(&found, aliases);
        let (a, b) = (
            s.handle(&found[0].id).unwrap(),
            s.handle(&found[1].id).unwrap(),
        );
        assert!(s.names(a, "United Kingdom"), "by its alias U.K.");
        assert!(s.names(a, "Mrs May"), "by the words of the name");
        assert!(!s.names(a, "Theresa May"), "not by the month alone");
        assert!(!s.names(a, "Ukraine"));
        assert!(!s.names(b, "Ukraine"), "Ukrainian is not Ukraine");
        assert!(has_whole_word("in Ukraine.", "Ukraine"));
        assert!(!has_whole_word("Ukraines", "Ukraine"));
    }

    /// Similarities read from the threads' caches of recent pairs are the cosines, in
    /// either order, and never another set of signatures' value for the same handles.
    #[test]
    fn cached_similarities_are_the_cosines_of_their_own_signatures() {
        use crate::align::StorySimilarity;
        let texts = [
            "Troops crossed the border near the river at dawn.",
            "The border crossing near the river was closed to troops.",
            "Parliament passed the budget after a long debate.",
            "The budget debate in parliament ran late.",
            "Floods hit the river valley; troops helped.",
        ];
        let jsonl = |texts: &[&str]| -> String {
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| format!(r#"{{"id":"{i}","outlet":"Wire","text":"{t}"}}"#))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let aliases = crate::claims::aliases::AliasTable::builtin();
        let found = articles(&jsonl(&texts));
        let mut reversed_texts = texts;
        reversed_texts.reverse();
        let reversed = articles(&jsonl(&reversed_texts));
        let one = ArticleSignatures::fit(&found, aliases);
        let other = ArticleSignatures::fit(&reversed, aliases);
        let n = texts.len();
        for round in 0..3 {
            for a in 0..n {
                for b in 0..n {
                    let want = one.signatures.cosine(a, b);
                    assert_eq!(want.to_bits(), one.signatures.cosine(b, a).to_bits());
                    let got = one.similarity(a, b);
                    assert_eq!(got.to_bits(), want.to_bits(), "{a} {b} in round {round}");
                    let theirs = other.similarity(a, b);
                    let want = other.signatures.cosine(a, b);
                    assert_eq!(theirs.to_bits(), want.to_bits(), "{a} {b} in round {round}");
                }
            }
        }
        // The pairs differ between the two sets, so a shared slot would have shown.
        assert!((0..n)
            .any(|a| (0..n)
                .any(|b| { one.signatures.cosine(a, b) != other.signatures.cosine(a, b) })));
        assert!(one.similarity(0, 1) > one.similarity(0, 2));
    }

    /// Row `i` of `s` as stored, in term order.
    fn stored_row(s: &Signatures, i: usize) -> SparseRow {
        let mut row: SparseRow = s.terms[i]
            .terms
            .iter()
            .zip(&s.terms[i].weights)
            .filter(|(&t, _)| t != NO_TERM)
            .map(|(&t, &w)| (t, w))
            .collect();
        row.sort_unstable_by_key(|&(t, _)| t);
        row
    }

    /// The filtered walk gives exactly the merge of the two rows, long rows cut to their
    /// heaviest terms included.
    #[test]
    fn signature_cosine_equals_the_dot_of_the_rows() {
        let words: Vec<String> = (0..300).map(|i| format!("word{i:03}x")).collect();
        let text = |from: usize, len: usize, step: usize| -> String {
            (0..len)
                .map(|k| words[(from + k * step) % words.len()].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let jsonl: String = [
            (0, 90, 1),
            (45, 90, 1),
            (0, 200, 3),
            (7, 40, 7),
            (250, 10, 1),
        ]
        .iter()
        .map(|&(from, len, step)| format!("{{\"text\":\"{}\"}}\n", text(from, len, step)))
        .collect();
        let a = articles(&jsonl);
        let s = Signatures::fit(&a);
        let row = |i: usize| stored_row(&s, i);
        assert_eq!(row(2).len(), SIGNATURE_TERMS, "a long row is cut");
        for i in 0..a.len() {
            for j in 0..a.len() {
                let want = dot(&row(i), &row(j)).clamp(0.0, 1.0);
                assert_eq!(s.cosine(i, j).to_bits(), want.to_bits(), "{i} {j}");
            }
        }
        assert!(s.cosine(0, 1) > 0.1 && s.cosine(0, 4) == 0.0);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// On any corpus (rows short and long, sharing many terms or none), the cosine
        /// read through the filters is the merge of the two rows in term order, to the
        /// last bit, and does not depend on the order of the pair.
        #[test]
        fn signature_cosine_is_the_merge_of_the_rows_on_any_corpus(
            // Words from a few shared ones (many terms in common) and from thousands
            // (ids enough that terms of two rows share filter bits without being equal).
            docs in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::prop_oneof![0usize..80, 0usize..4000], 0..300), 2..10)
        ) {
            let jsonl: String = docs
                .iter()
                .map(|words| {
                    let text: Vec<String> = words.iter().map(|w| format!("w{w:03}q")).collect();
                    format!("{{\"text\":\"{}\"}}\n", text.join(" "))
                })
                .collect();
            let a = articles(&jsonl);
            let s = Signatures::fit(&a);
            let row = |i: usize| stored_row(&s, i);
            // Each stored row is the article's TF-IDF row cut to its heaviest terms and
            // normalised in term order, whatever order it is kept in.
            let (_, full) = TfidfModel::fit_transform(&a, &Signatures::options());
            for (i, mut want) in full.into_iter().enumerate() {
                want.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                want.truncate(SIGNATURE_TERMS);
                want.sort_unstable_by_key(|&(t, _)| t);
                normalise(&mut want);
                let bits = |r: &SparseRow| r.iter().map(|&(t, w)| (t, w.to_bits())).collect::<Vec<_>>();
                proptest::prop_assert_eq!(bits(&row(i)), bits(&want));
            }
            for i in 0..a.len() {
                for j in 0..a.len() {
                    let want = dot(&row(i), &row(j)).clamp(0.0, 1.0);
                    proptest::prop_assert_eq!(s.cosine(i, j).to_bits(), want.to_bits());
                    proptest::prop_assert_eq!(s.cosine(i, j).to_bits(), s.cosine(j, i).to_bits());
                }
            }
        }
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

    /// Enough articles for several chunks per thread, with words in every case, long
    /// and non-ASCII words (merged by text, not by packed key) and words met in many
    /// chunks: the vocabulary, weights and rows must not depend on the threads.
    #[test]
    fn fitting_does_not_depend_on_the_number_of_threads() {
        let words = [
            "Troops",
            "troops",
            "TROOP",
            "Қазақстан",
            "қазақстан",
            "naïve",
            "Naïve",
            "peacekeeping",
            "counterinsurgency",
            "internationalisation",
            "border",
            "force",
            "Russia’s",
            "russia's",
            "deployed",
            "deploy",
            "militants",
            "ministry",
        ];
        let articles: Vec<Article> = (0..1500usize)
            .map(|i| {
                let text: Vec<&str> = (0..3)
                    .map(|j| words[(i * 7 + j * j + i / 13) % words.len()])
                    .collect();
                Article::plain(
                    &format!("a{i}"),
                    &format!("{} word{}", text.join(" "), i % 97),
                )
            })
            .collect();
        let fit = |threads: usize, options: &TfidfOptions| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| TfidfModel::fit_transform(&articles, options))
        };
        // Bigrams too: each chunk's pairs must reach its own articles.
        for options in [TfidfOptions::default(), bigram_options()] {
            let (one, one_rows) = fit(1, &options);
            let (three, three_rows) = fit(3, &options);
            assert_eq!(one.terms, three.terms);
            assert_eq!(one.surface, three.surface);
            assert_eq!(one.idf, three.idf);
            assert_eq!(one_rows, three_rows);
            assert!(!options.bigrams || one.terms.iter().any(|t| t.contains(' ')));
        }
        let (one, _) = fit(1, &TfidfOptions::default());
        // Spellings of one word are one term, whatever chunks they were counted in.
        assert!(one.term_id("қазақстан").is_some(), "{:?}", one.terms);
        assert_eq!(one.terms.iter().filter(|t| t.starts_with("na")).count(), 1);
        assert_eq!(
            one.term_id("troop")
                .map(|t| one.surface[t as usize].as_str()),
            Some("troops")
        );
    }

    /// Per-group stem counts read from the shared count: titles and texts, kept words
    /// only, shorter words left out on request; each stem shown as its most frequent
    /// word; the same on any number of threads.
    /// A pass that hands the count a stem for every word of its table, as given by
    /// `stem_of`.
    struct Stemming<F: Fn(&str) -> String>(F, KnownStems);

    impl<F: Fn(&str) -> String> TokenPass for Stemming<F> {
        type Output = ();
        fn begin(&mut self, _: &str) {}
        fn token(&mut self, _: Token, _: WordEntry) {}
        fn finish(&mut self, _: &str, table: &WordTable) {
            for id in self.1.len()..table.words().len() {
                let word = table.text(id as WordId);
                self.1.push(id as WordId, &(self.0)(word));
            }
        }
        fn take_stems(&mut self) -> KnownStems {
            std::mem::take(&mut self.1)
        }
    }

    /// Stems a pass worked out are the count's stems: the same as stemming again when
    /// they are right, and taken as given (not stemmed again) otherwise.
    #[test]
    fn a_count_takes_the_stems_its_pass_worked_out() {
        let articles: Vec<Article> = (0..300)
            .map(|i| {
                let text = ["Troops deployed.", "The troop deploys.", "Border forces."][i % 3];
                Article::plain(&format!("a{i}"), text)
            })
            .collect();
        let stems_with = |stem_of: fn(&str) -> String| -> Vec<String> {
            TfidfModel::with_one_count(
                &articles,
                2,
                |_| Stemming(stem_of, KnownStems::default()),
                |count, _| {
                    let mut stems: Vec<String> =
                        count.stems.stem_texts().map(str::to_owned).collect();
                    stems.sort();
                    stems
                },
            )
        };
        let own = TfidfModel::with_one_count(
            &articles,
            2,
            |_| (),
            |count, _| {
                let mut stems: Vec<String> = count.stems.stem_texts().map(str::to_owned).collect();
                stems.sort();
                stems
            },
        );
        assert_eq!(own, ["border", "deploy", "forc", "troop"]);
        let snowball = |word: &str| Stemmer::create(Algorithm::English).stem(word).into_owned();
        assert_eq!(stems_with(snowball), own);
        let upper = |word: &str| word.to_uppercase();
        assert_eq!(
            stems_with(upper),
            ["BORDER", "DEPLOYED", "DEPLOYS", "FORCES", "TROOP", "TROOPS"]
        );
    }

    #[test]
    fn group_terms_count_each_groups_stems() {
        /// `TermTotals` outliving the count it borrows from.
        #[derive(Debug, PartialEq)]
        struct OwnedTotals {
            stems: Vec<String>,
            surface: Vec<String>,
            totals: Vec<u64>,
            total: u64,
        }
        let mut articles = vec![
            Article {
                title: Some("Troops deployed".into()),
                ..Article::plain("a", "The troops and a troop deploy. Ox carts.")
            },
            Article::plain("b", "Deployed troops, deployed ox."),
            Article::plain("c", "Troops."),
        ];
        // Enough articles for several chunks, all in group 2.
        articles.extend((0..400).map(|i| Article::plain(&format!("x{i}"), "Border force.")));
        let mut group_of = vec![0, 1, 0];
        group_of.resize(articles.len(), 2);
        let terms = |threads: usize, min_chars: u32| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                TfidfModel::with_one_count(
                    &articles,
                    2,
                    |_| (),
                    |count, _| {
                        let (totals, groups) =
                            count.group_terms(&group_of, 3, min_chars, |_, counts| {
                                let mut counts = counts.to_vec();
                                counts.sort_unstable();
                                counts
                            });
                        let owned = |texts: Vec<&str>| -> Vec<String> {
                            texts.into_iter().map(str::to_owned).collect()
                        };
                        let totals = OwnedTotals {
                            stems: owned(totals.stems),
                            surface: owned(totals.surface),
                            totals: totals.totals,
                            total: totals.total,
                        };
                        (totals, groups)
                    },
                )
            })
        };
        let found = terms(1, 2);
        assert_eq!(found, terms(3, 2));
        let (found, groups) = found;
        let named = |group: usize| -> Vec<(&str, u64)> {
            let mut named: Vec<(&str, u64)> = groups[group]
                .iter()
                .map(|&(s, n)| (&*found.stems[s as usize], n))
                .collect();
            named.sort();
            named
        };
        // The title's words count; "the", "and" and "a" are stopwords.
        assert_eq!(
            named(0),
            [("cart", 1), ("deploy", 2), ("ox", 1), ("troop", 4)]
        );
        assert_eq!(named(1), [("deploy", 2), ("ox", 1), ("troop", 1)]);
        assert_eq!(named(2), [("border", 400), ("forc", 400)]);
        let stem = |text: &str| found.stems.iter().position(|s| **s == *text).unwrap();
        assert_eq!(found.totals[stem("troop")], 5);
        assert_eq!(&*found.surface[stem("troop")], "troops");
        assert_eq!(&*found.surface[stem("deploy")], "deployed");
        // Three characters at least: "ox" is left out of every count.
        let (longer, longer_groups) = terms(2, 3);
        let ox = longer.stems.iter().position(|s| &**s == "ox").unwrap();
        assert!(longer_groups
            .iter()
            .flatten()
            .all(|&(s, _)| s as usize != ox));
        assert_eq!(longer.totals[ox], 0);
        assert_eq!(longer.total, found.total - 2);
    }

    #[test]
    fn fitting_under_several_options_at_once_equals_fitting_each_alone() {
        // "ad" and "ads" share the stem "ad"; "ad" is the more frequent, so a fit that
        // keeps only words of three characters must still show the term as "ads" (so
        // too "aé", two characters in three bytes, and "aés").
        let words = [
            "ad", "ad", "ads", "border", "troops", "ox", "deployed", "un", "force", "aé", "aé",
            "aés",
        ];
        // More articles than a block of weighing, so that on one thread a table's
        // counts are weighed in several blocks, shared or owned.
        let articles: Vec<Article> = (0..WEIGH_BLOCK + 904)
            .map(|i| {
                let text: Vec<&str> = (0..4)
                    .map(|j| words[(i * 5 + j * 3 + i / 7) % words.len()])
                    .collect();
                Article::plain(&format!("a{i}"), &format!("{} w{}", text.join(" "), i % 31))
            })
            .collect();
        let topics = TfidfOptions::default();
        let stories = Signatures::options();
        // Stems of short words only are in the count but in no article of these options.
        let any_df = TfidfOptions {
            min_df: 0,
            min_chars: 3,
            ..TfidfOptions::default()
        };
        // Options the count cannot serve are fitted apart.
        let bigrams = bigram_options();
        let shorter = TfidfOptions {
            min_chars: 1,
            ..TfidfOptions::default()
        };
        let fit_all = || {
            TfidfModel::with_one_count(
                &articles,
                2,
                |_| (),
                |count, _| {
                    let mut each: Vec<_> = [&stories, &any_df, &bigrams, &shorter, &topics]
                        .into_iter()
                        .map(|options| (options, count.fit(options)))
                        .collect();
                    each.push((&topics, count.fit_last(&topics)));
                    each
                },
            )
        };
        let mut each = Vec::new();
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            each = pool.install(fit_all);
            for (options, (model, rows)) in &each {
                let (alone, alone_rows) = TfidfModel::fit_transform(&articles, options);
                assert_eq!(&&model.options, options);
                assert_eq!(model.documents, alone.documents);
                assert_eq!(model.terms, alone.terms);
                assert_eq!(model.surface, alone.surface);
                assert_eq!(model.idf, alone.idf);
                assert_eq!(rows, &alone_rows);
            }
        }
        let (_, (story_model, _)) = &each[0];
        let ad = story_model
            .term_id("ad")
            .map(|t| story_model.surface[t as usize].as_str());
        assert_eq!(ad, Some("ads"));
        let ae = story_model
            .term_id("aé")
            .map(|t| story_model.surface[t as usize].as_str());
        assert_eq!(ae, Some("aés"));
        assert!(story_model.term_id("ox").is_none());
        let (_, (topic_model, _)) = &each[4];
        assert!(topic_model.term_id("ox").is_some());
    }

    fn bigram_options() -> TfidfOptions {
        TfidfOptions {
            bigrams: true,
            ..TfidfOptions::default()
        }
    }

    fn bigram_terms(model: &TfidfModel) -> Vec<&str> {
        model
            .terms
            .iter()
            .filter(|t| t.contains(' '))
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn bigrams_pair_adjacent_kept_words_within_a_sentence() {
        // The title is chained apart from the text; "." ends a sentence; "of" is a
        // stopword and "12" not a term, so neither is paired across.
        let a = articles(
            "{\"title\":\"Toxic nerve\",\"text\":\"Agent traces found. Police seized traces of nerve gas and 12 drums.\"}\n",
        );
        let (model, rows) = TfidfModel::fit_transform(&a, &bigram_options());
        assert_eq!(
            bigram_terms(&model),
            [
                "agent trace",
                "nerv gas",
                "polic seiz",
                "seiz trace",
                "toxic nerv",
                "trace found"
            ]
        );
        let surface = |term: &str| &model.surface[model.term_id(term).unwrap() as usize];
        assert_eq!(surface("nerv gas"), "nerve gas");
        assert_eq!(surface("trace found"), "traces found");
        // Bigram terms are weighed into the row like any other.
        assert_eq!(rows[0].len(), model.terms.len());
        // Without the option, no pair is a term and the unigrams are the same.
        let (plain, _) = TfidfModel::fit_transform(&a, &TfidfOptions::default());
        assert!(bigram_terms(&plain).is_empty());
        let unigrams: Vec<&String> = model.terms.iter().filter(|t| !t.contains(' ')).collect();
        assert_eq!(unigrams, plain.terms.iter().collect::<Vec<_>>());
    }

    #[test]
    fn bigrams_obey_the_document_frequency_bounds() {
        let mut jsonl = String::new();
        for i in 0..60 {
            // "alpha beta" in every article (too common); "gamma delta" in two;
            // "epsilon zeta" in one, though both words are in many; "nerve agents" in
            // three and "nerve agent" in one, while "agent" alone is in many more.
            // A word of its own, so no two texts are the same.
            let own = char::from(b'a' + (i % 26) as u8)
                .to_string()
                .repeat(i / 26 + 2);
            let mut text = format!("Solo{own}. Alpha beta.");
            if i < 2 {
                text.push_str(" Gamma delta.");
            }
            if i < 30 {
                text.push_str(if i == 0 {
                    " Epsilon zeta."
                } else {
                    " Epsilon. Zeta."
                });
            }
            match i {
                0..=2 => text.push_str(" Nerve agents."),
                3 => text.push_str(" Nerve agent."),
                4..=20 => text.push_str(" Agent. Nerve."),
                _ => {}
            }
            jsonl.push_str(&format!("{{\"text\":\"{text}\"}}\n"));
        }
        let a = articles(&jsonl);
        assert_eq!(a.len(), 60);
        let (model, rows) = TfidfModel::fit_transform(&a, &bigram_options());
        assert_eq!(bigram_terms(&model), ["gamma delta", "nerv agent"]);
        let nerve_agent = model.term_id("nerv agent").unwrap();
        assert_eq!(model.surface[nerve_agent as usize], "nerve agents");
        let agent = model.term_id("agent").unwrap();
        assert_eq!(model.surface[agent as usize], "agent");
        // IDF of a pair from its own document frequency (4 articles).
        let idf = ((1.0f32 + 60.0) / (1.0 + 4.0)).ln() + 1.0;
        assert!((model.idf[nerve_agent as usize] - idf).abs() < 1e-6);
        assert!(rows[3].iter().any(|&(t, _)| t == nerve_agent));
        assert!(!rows[30].iter().any(|&(t, _)| t == nerve_agent));
    }

    #[test]
    fn transform_reads_bigrams_as_the_model_was_fitted() {
        let a = articles(concat!(
            "{\"text\":\"The nerve agent attack. Rescue teams came.\"}\n",
            "{\"text\":\"Another nerve agent. Rescue teams left.\"}\n",
            "{\"text\":\"Budget vote in parliament.\"}\n",
        ));
        let (model, rows) = TfidfModel::fit_transform(&a, &bigram_options());
        assert_eq!(model.transform(&a), rows);
        let new = articles("{\"text\":\"Agent nerve? A nerve agent, rescue teams.\"}\n");
        let row = &model.transform(&new)[0];
        let has = |term: &str| row.iter().any(|&(t, _)| Some(t) == model.term_id(term));
        assert!(has("nerv agent") && has("rescu team"));
        assert!(!has("agent nerv"), "not in the fitted vocabulary");
    }

    #[test]
    fn pair_keys_hold_both_ids_and_sort_as_pairs() {
        assert_eq!(pair_ids(pair_key(7, u32::MAX)), (7, u32::MAX));
        assert!(pair_key(1, u32::MAX) < pair_key(2, 0));
    }

    #[test]
    fn blocks_keep_every_item_in_order() {
        assert_eq!(
            into_blocks((0..7).collect(), 3),
            vec![vec![0, 1, 2], vec![3, 4, 5], vec![6]]
        );
        assert_eq!(
            into_blocks((0..6).collect(), 3),
            vec![vec![0, 1, 2], vec![3, 4, 5]]
        );
        assert!(into_blocks(Vec::<u8>::new(), 3).is_empty());
    }

    #[test]
    fn block_counts_sum_each_term_in_term_order() {
        // Words 0 and 1 share term 5, word 2 is no term, word 3 is term 2.
        let term_of_word = [5, 5, NO_TERM, 2];
        let docs = vec![vec![(0, 1), (2, 4), (3, 2), (1, 3)], vec![], vec![(2, 1)]];
        let pairs = vec![vec![(6, 1)], vec![(0, 2)], vec![]];
        assert_eq!(
            block_counts(&docs, &pairs, &term_of_word),
            vec![vec![(2, 2), (5, 4), (6, 1)], vec![(0, 2)], vec![]]
        );
    }

    proptest::proptest! {
        /// The packed sort gives what summing each article's terms in a map gives.
        #[test]
        fn block_counts_match_sorting_each_article(
            docs in proptest::collection::vec(
                proptest::collection::vec((0u32..40, 1u32..5), 0..30), 0..20),
            pairs in proptest::collection::vec(
                proptest::collection::vec((20u32..50, 1u32..5), 0..5), 0..20),
        ) {
            // One list of bigrams per article, as weighing passes them.
            let mut pairs = pairs;
            pairs.resize_with(docs.len(), Vec::new);
            // Words 0..40 map to terms 0..30 (a third to none), many words to a term.
            let term_of_word: Vec<u32> =
                (0..40).map(|w| if w % 3 == 2 { NO_TERM } else { w * 7 % 30 }).collect();
            let expected: Vec<Vec<(u32, u32)>> = docs
                .iter()
                .enumerate()
                .map(|(i, doc)| {
                    let mut sums = std::collections::BTreeMap::new();
                    let words = doc.iter().filter_map(|&(w, n)| {
                        let t = term_of_word[w as usize];
                        (t != NO_TERM).then_some((t, n))
                    });
                    for (t, n) in words.chain(pairs.get(i).into_iter().flatten().copied()) {
                        *sums.entry(t).or_insert(0) += n;
                    }
                    sums.into_iter().collect()
                })
                .collect();
            proptest::prop_assert_eq!(block_counts(&docs, &pairs, &term_of_word), expected);
        }
    }

    #[test]
    fn terms_sort_by_their_whole_text_past_equal_prefixes() {
        let texts = [
            "abcdefghz",
            "b",
            "abcdefgha",
            "abcdefgh",
            "\u{e9}t\u{e9}",
            "abc",
        ];
        let mut kept: Vec<(String, Candidate, u32)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (t.to_string(), Candidate::Stem(i as StemId), i as u32))
            .collect();
        sort_by_text(&mut kept);
        let sorted: Vec<(&str, u32)> = kept.iter().map(|(t, _, df)| (t.as_str(), *df)).collect();
        assert_eq!(
            sorted,
            vec![
                ("abc", 5),
                ("abcdefgh", 3),
                ("abcdefgha", 2),
                ("abcdefghz", 0),
                ("b", 1),
                ("\u{e9}t\u{e9}", 4)
            ]
        );
    }
}

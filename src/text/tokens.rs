//! Word tokens with their byte spans, lower-cased and stemmed once per distinct word.
//!
//! This module owns what a word is and what it stems to. One pass over an article's
//! text yields [`Token`]s that vectorising (TF-IDF) and framing (lexicon matching) both
//! read, so the text is segmented and stemmed once. It does not decide which words a
//! consumer keeps: each [`WordEntry`] says whether the word is a stopword or has a
//! letter, and the consumer filters.
//!
//! A word is a maximal run of alphanumeric characters (Unicode), joined across a single
//! apostrophe between two of them ("don't", "Russia's"); hyphens and every other
//! character separate words, so "border-guard" is two words. Stemming (Snowball English
//! via rust-stemmers) is the costly step, so a [`WordTable`] memoises it: each distinct
//! lower-cased word is stemmed once and then found by hash. Lookups are the hot path:
//! ASCII words of up to 16 bytes are lower-cased and packed into an integer key, and a
//! small direct-mapped cache of recent words (key, id, and the entry but for its stem)
//! answers most tokens without touching the larger tables. Word and stem ids are local
//! to one table; corpus-wide stages merge tables by word or stem text.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::bytes::{ascii_alnum_mask, load8, load_short, HIGH, ONES};

/// Index of a distinct lower-cased word in a [`WordTable`].
pub type WordId = u32;
/// Index of a distinct stem in a [`WordTable`].
pub type StemId = u32;

/// The stem of every word in a table made by [`WordTable::unstemmed`].
pub const NO_STEM: StemId = StemId::MAX;

/// The stopword list shipped in `models/stopwords-en.txt`.
pub fn stopwords() -> &'static FxHashSet<String> {
    static WORDS: OnceLock<FxHashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../../models/stopwords-en.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    })
}

/// One word occurrence: its byte span in the text and its entry in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub word: WordId,
}

impl Token {
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// A stage that reads an article's tokens as another stage's tokenising pass yields
/// them, so that the text is segmented and its words looked up once for both (framing
/// rides on the word count of `vectorize`). One value per [`WordTable`]: the ids it
/// sees are that table's.
pub trait TokenPass {
    /// What the pass makes of one text.
    type Output;
    /// Before the first token of `text`.
    fn begin(&mut self, text: &str);
    /// Each token of `text`, in order.
    fn token(&mut self, token: Token, entry: WordEntry);
    /// After the last token of `text`; `table` holds every word the tokens name.
    fn finish(&mut self, text: &str, table: &WordTable) -> Self::Output;
    /// After the last text of the table: the stems the pass worked out for some of its
    /// words, so that the count does not stem them again. None by default.
    fn take_stems(&mut self) -> KnownStems {
        KnownStems::default()
    }
}

/// Stems worked out for some words of one [`WordTable`] (Snowball English, of the
/// word's text as the table holds it), by word id: one string for all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownStems {
    texts: String,
    /// Each word and where its stem ends in `texts` (it starts where the one before
    /// ends).
    words: Vec<(WordId, u32)>,
}

impl KnownStems {
    pub fn push(&mut self, word: WordId, stem: &str) {
        self.texts.push_str(stem);
        self.words.push((word, self.texts.len() as u32));
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn clear(&mut self) {
        self.texts.clear();
        self.words.clear();
    }

    /// Each word with its stem, in the order they were pushed.
    pub fn iter(&self) -> impl Iterator<Item = (WordId, &str)> {
        let starts = std::iter::once(0).chain(self.words.iter().map(|&(_, end)| end));
        self.words
            .iter()
            .zip(starts)
            .map(|(&(word, end), start)| (word, &self.texts[start as usize..end as usize]))
    }
}

/// No pass: a count that nothing rides on.
impl TokenPass for () {
    type Output = ();
    #[inline(always)]
    fn begin(&mut self, _: &str) {}
    #[inline(always)]
    fn token(&mut self, _: Token, _: WordEntry) {}
    #[inline(always)]
    fn finish(&mut self, _: &str, _: &WordTable) {}
}

/// What the table knows about one distinct word: small and `Copy`, since the hot loop
/// reads one per token (the word's text is kept apart, see [`WordTable::text`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordEntry {
    pub stem: StemId,
    /// Length in characters (saturating).
    pub chars: u16,
    /// On the stopword list.
    pub stop: bool,
    /// Has at least one letter (pure numbers are words too, but carry no topic).
    pub has_letter: bool,
    /// Marked by the table's [`WordMarker`] (false in a table without one): a word a
    /// pass riding on the tokens wants to look at, told from every other by this bit
    /// of the entry the token comes with.
    pub marked: bool,
}

/// Decides, once for each word a [`WordTable`] holds, whether its entry is
/// [`WordEntry::marked`]: given the word (lower-cased, as [`WordTable::text`] holds
/// it) and its entry but for the mark. A pass that looks closely at a few words (the
/// lexicon's, in `framing`) then tests one bit of each token's entry, which the table
/// hands over anyway, instead of looking the word up in a set of its own.
pub type WordMarker = Arc<dyn Fn(&str, &WordEntry) -> bool + Send + Sync>;

/// Memo of words and stems for one thread of work.
pub struct WordTable {
    /// `None` in an unstemmed table.
    stemmer: Option<Stemmer>,
    stopwords: &'static FxHashSet<String>,
    /// Words of 9 to 16 bytes, keyed by their bytes packed in an integer: no pointer
    /// to follow and no string to compare on the hot path (most words are short).
    short_index: FxHashMap<u128, Known>,
    /// Words of up to 8 bytes (most English words), in a table half the size.
    tiny_index: FxHashMap<u64, Known>,
    word_index: FxHashMap<Box<str>, WordId>,
    words: Vec<WordEntry>,
    /// Each word lower-cased, with a typographic apostrophe written as `'`, by word id,
    /// kept one after another in one string (no allocation per word, and words
    /// added together sit together), each ending where `text_ends` says.
    texts: String,
    text_ends: Vec<usize>,
    /// Each word's packed key ([`pack_ascii_lower`]), or 0 for a word that does not
    /// pack; by word id.
    keys: Vec<u128>,
    /// Direct-mapped cache in front of the two packed indexes: frequent words (most
    /// tokens) are found in a small array that stays in cache, rather than in tables
    /// that outgrow it on a large corpus.
    recent: Box<[Recent<u64>]>,
    /// The same for words of 9 to 16 bytes.
    recent_long: Box<[Recent<u128>]>,
    stem_index: FxHashMap<Box<str>, StemId>,
    stems: Vec<Box<str>>,
    lowered: String,
    marker: Option<WordMarker>,
}

impl Default for WordTable {
    fn default() -> Self {
        Self::new()
    }
}

impl WordTable {
    pub fn new() -> Self {
        Self::with_stemmer(Some(Stemmer::create(Algorithm::English)))
    }

    /// A table that does not stem: every entry's stem is [`NO_STEM`]. For a stage that
    /// gathers the distinct words of many tables and stems each once (see
    /// `vectorize`), rather than once per table.
    pub fn unstemmed() -> Self {
        Self::with_stemmer(None)
    }

    fn with_stemmer(stemmer: Option<Stemmer>) -> Self {
        Self {
            stemmer,
            stopwords: stopwords(),
            short_index: FxHashMap::default(),
            tiny_index: FxHashMap::default(),
            word_index: FxHashMap::default(),
            words: Vec::new(),
            texts: String::new(),
            text_ends: Vec::new(),
            keys: Vec::new(),
            recent: vec![Recent::empty(0); RECENT_SLOTS].into_boxed_slice(),
            recent_long: vec![Recent::empty(0); RECENT_LONG_SLOTS].into_boxed_slice(),
            stem_index: FxHashMap::default(),
            stems: Vec::new(),
            lowered: String::new(),
            marker: None,
        }
    }

    /// Mark words with `marker` ([`WordEntry::marked`]): every word the table holds
    /// now, and each word it adds from now on. Replaces any marker set before.
    pub fn set_marker(&mut self, marker: WordMarker) {
        for id in 0..self.words.len() {
            let text = self.text(id as WordId);
            let entry = &self.words[id];
            let marked = marker(
                text,
                &WordEntry {
                    marked: false,
                    ..*entry
                },
            );
            self.words[id].marked = marked;
        }
        let words = &self.words;
        for known in self.tiny_index.values_mut() {
            known.marks = Marks::of(&words[known.id as usize]);
        }
        for known in self.short_index.values_mut() {
            known.marks = Marks::of(&words[known.id as usize]);
        }
        // The caches hold copies of the marks: forget them.
        self.recent.fill(Recent::empty(0));
        self.recent_long.fill(Recent::empty(0));
        self.marker = Some(marker);
    }

    /// Call `each` for every word of `text`, in order.
    #[inline]
    pub fn tokenize(&mut self, text: &str, each: impl FnMut(Token, WordEntry)) {
        self.tokenize_with::<true>(text, each);
    }

    /// [`Self::tokenize`] for a table made by [`Self::unstemmed`], whose loop reads the
    /// table of entries only for words the packed indexes do not hold (new, non-ASCII
    /// or longer than 16 bytes): each other word's entry comes with its id from the
    /// cache or the index. On a large corpus that read of the table waited on memory for
    /// a good part of each token. A loop of its own, chosen by the caller, so that the
    /// caller's closure is inlined into one loop only.
    ///
    /// # Panics
    /// On a table that stems (a mistake in the calling code, not in any input).
    #[inline]
    pub fn tokenize_unstemmed(&mut self, text: &str, each: impl FnMut(Token, WordEntry)) {
        assert!(
            self.stemmer.is_none(),
            "tokenize_unstemmed called on a stemming table"
        );
        self.tokenize_with::<false>(text, each);
    }

    /// [`Self::tokenize`] with entries read from the table (`STEMMED`), or made from
    /// what the indexes hold, for an unstemmed table only.
    ///
    /// Never inlined: each caller gets its own copy with its closure inlined into the
    /// scanning loop, and the loop is compiled alike whatever the caller around it
    /// (inlined into a caller it was measured 10 % slower).
    #[inline(never)]
    fn tokenize_with<const STEMMED: bool>(
        &mut self,
        text: &str,
        mut each: impl FnMut(Token, WordEntry),
    ) {
        for span in word_spans(text) {
            let (id, entry) = self.find::<STEMMED>(&text[span.clone()]);
            each(
                Token {
                    start: span.start,
                    end: span.end,
                    word: id,
                },
                entry,
            );
        }
    }

    /// The id of `word` (any case), adding and stemming it the first time it is seen.
    pub fn word_id(&mut self, word: &str) -> WordId {
        self.find::<true>(word).0
    }

    /// The id and entry of `word`, through the caches of recent words first; `STEMMED`
    /// false only for an unstemmed table (see [`Self::entry`]). Always inlined: a
    /// consumer with a larger per-token step (framing) would otherwise get a call per
    /// token, and the cache hit it wraps is only a few instructions.
    #[inline(always)]
    fn find<const STEMMED: bool>(&mut self, word: &str) -> (WordId, WordEntry) {
        let bytes = word.as_bytes();
        if bytes.is_empty() {
            // The empty word packs to 0, the key of every empty cache slot, so it is
            // looked up in the index only (tokenising never yields it; callers may).
            let id = match self.tiny_index.get(&0) {
                Some(known) => known.id,
                None => self.add(word),
            };
            return (id, self.words[id as usize]);
        }
        // A key of 0 is no word (these words are not empty), so empty slots never match.
        if bytes.len() <= 8 {
            if let Some(tiny) = pack_tiny(bytes) {
                let slot = &mut self.recent[recent_slot(tiny)];
                if slot.key == tiny {
                    let known = slot.known;
                    return (known.id, self.entry::<STEMMED>(known));
                }
                if let Some(&known) = self.tiny_index.get(&tiny) {
                    *slot = Recent { key: tiny, known };
                    return (known.id, self.entry::<STEMMED>(known));
                }
            }
        } else if let Some(key) = pack_ascii_lower(word) {
            let slot = &mut self.recent_long[recent_long_slot(key)];
            if slot.key == key {
                let known = slot.known;
                return (known.id, self.entry::<STEMMED>(known));
            }
            if let Some(&known) = self.short_index.get(&key) {
                *slot = Recent { key, known };
                return (known.id, self.entry::<STEMMED>(known));
            }
        }
        let id = self.add(word);
        (id, self.words[id as usize])
    }

    /// The entry of a word found in a packed index or the cache: read from `words`, or,
    /// when `STEMMED` is false (an unstemmed table, whose stems are all [`NO_STEM`]),
    /// made from `known` without touching `words`, a table as large as the vocabulary
    /// read at random.
    #[inline(always)]
    fn entry<const STEMMED: bool>(&self, known: Known) -> WordEntry {
        if STEMMED {
            self.words[known.id as usize]
        } else {
            known.marks.entry(NO_STEM)
        }
    }

    /// The id of a word the packed indexes did not find: a non-ASCII or long word, or
    /// a new one (added and stemmed).
    #[cold]
    fn add(&mut self, word: &str) -> WordId {
        let mut packed = pack_ascii_lower(word);
        if packed.is_none() {
            lower_into(word, &mut self.lowered);
            // "Russia’s" lowers to the short ASCII "russia's".
            packed = pack_ascii_lower(&self.lowered);
            let found = match packed {
                Some(key) => self.lookup_packed(key),
                None => self.word_index.get(self.lowered.as_str()).copied(),
            };
            if let Some(id) = found {
                return id;
            }
        } else {
            lower_into(word, &mut self.lowered);
        }
        // The buffer is taken for the time of the call, so the table's own methods can
        // run, and given back with its capacity.
        let text = std::mem::take(&mut self.lowered);
        let stem_id = match &self.stemmer {
            Some(stemmer) => {
                let stem = stemmer.stem(&text);
                self.intern_stem(&stem)
            }
            None => NO_STEM,
        };
        let id = self.words.len() as WordId;
        // A packed word is ASCII: its letters and characters are its bytes.
        let (has_letter, chars) = if packed.is_some() {
            (text.bytes().any(|b| b.is_ascii_alphabetic()), text.len())
        } else {
            (text.chars().any(char::is_alphabetic), text.chars().count())
        };
        let mut entry = WordEntry {
            stop: self.stopwords.contains(text.as_str()),
            has_letter,
            chars: u16::try_from(chars).unwrap_or(u16::MAX),
            stem: stem_id,
            marked: false,
        };
        if let Some(marker) = &self.marker {
            entry.marked = marker(&text, &entry);
        }
        self.words.push(entry);
        let known = Known {
            id,
            marks: Marks::of(&entry),
        };
        match packed {
            Some(key) => match u64::try_from(key) {
                Ok(tiny) => {
                    self.tiny_index.insert(tiny, known);
                }
                Err(_) => {
                    self.short_index.insert(key, known);
                }
            },
            None => {
                self.word_index.insert(text.as_str().into(), id);
            }
        }
        self.texts.push_str(&text);
        self.text_ends.push(self.texts.len());
        self.lowered = text;
        self.keys.push(packed.unwrap_or(0));
        id
    }

    #[inline]
    fn lookup_packed(&self, key: u128) -> Option<WordId> {
        let known = match u64::try_from(key) {
            Ok(tiny) => self.tiny_index.get(&tiny),
            Err(_) => self.short_index.get(&key),
        };
        known.map(|k| k.id)
    }

    /// The id of a stem given as text, adding it if new (for lexicons whose entries are
    /// stemmed before matching).
    pub fn intern_stem(&mut self, stem: &str) -> StemId {
        if let Some(&id) = self.stem_index.get(stem) {
            return id;
        }
        let id = self.stems.len() as StemId;
        self.stems.push(stem.into());
        self.stem_index.insert(stem.into(), id);
        id
    }

    /// The stem of one word, through the memo ([`NO_STEM`] in an unstemmed table).
    pub fn stem_of(&mut self, word: &str) -> StemId {
        let id = self.word_id(word);
        self.words[id as usize].stem
    }

    pub fn word(&self, id: WordId) -> WordEntry {
        self.words[id as usize]
    }

    /// The word lower-cased, with a typographic apostrophe written as `'`.
    pub fn text(&self, id: WordId) -> &str {
        let end = self.text_ends[id as usize];
        let start = match id {
            0 => 0,
            _ => self.text_ends[id as usize - 1],
        };
        &self.texts[start..end]
    }

    /// The word lower-cased and packed in an integer, if it is ASCII and at most 16
    /// bytes long: two words are the same exactly when their keys are.
    pub fn packed_key(&self, id: WordId) -> Option<u128> {
        Some(self.keys[id as usize]).filter(|&k| k != 0)
    }

    pub fn words(&self) -> &[WordEntry] {
        &self.words
    }

    pub fn stem(&self, id: StemId) -> &str {
        &self.stems[id as usize]
    }

    pub fn stems(&self) -> &[Box<str>] {
        &self.stems
    }
}

/// A word as a packed index or the cache holds it: its id, and its entry but for the
/// stem. Eight bytes, so that beside a 64-bit key it fills the 16 bytes an id alone
/// would pad to.
#[derive(Clone, Copy)]
struct Known {
    id: WordId,
    marks: Marks,
}

/// A [`WordEntry`] without its stem, its flags in one byte (so that [`Known`] stays
/// eight bytes).
#[derive(Clone, Copy)]
struct Marks {
    chars: u16,
    flags: u8,
}

impl Marks {
    const STOP: u8 = 1;
    const HAS_LETTER: u8 = 2;
    const MARKED: u8 = 4;

    fn of(entry: &WordEntry) -> Self {
        let flag = |on: bool, bit: u8| if on { bit } else { 0 };
        Self {
            chars: entry.chars,
            flags: flag(entry.stop, Self::STOP)
                | flag(entry.has_letter, Self::HAS_LETTER)
                | flag(entry.marked, Self::MARKED),
        }
    }

    #[inline(always)]
    fn entry(self, stem: StemId) -> WordEntry {
        WordEntry {
            stem,
            chars: self.chars,
            stop: self.flags & Self::STOP != 0,
            has_letter: self.flags & Self::HAS_LETTER != 0,
            marked: self.flags & Self::MARKED != 0,
        }
    }
}

/// One slot of a cache of recent words: the packed word, its id and what the hot loop
/// reads of its entry.
#[derive(Clone, Copy)]
struct Recent<K> {
    key: K,
    known: Known,
}

impl<K> Recent<K> {
    /// A slot that matches no word: `key` must be 0.
    fn empty(key: K) -> Self {
        Self {
            key,
            known: Known {
                id: 0,
                marks: Marks { chars: 0, flags: 0 },
            },
        }
    }
}

// The sizes the cache's slot counts are chosen for, and the index buckets' sizes with an
// id alone: what is known of a word besides its id costs no memory.
const _: () = assert!(std::mem::size_of::<Recent<u64>>() == 16);
const _: () = assert!(std::mem::size_of::<Recent<u128>>() == 32);
const _: () = assert!(std::mem::size_of::<(u64, Known)>() == std::mem::size_of::<(u64, WordId)>());
const _: () =
    assert!(std::mem::size_of::<(u128, Known)>() == std::mem::size_of::<(u128, WordId)>());

/// Slots of [`WordTable`]'s cache of recent words: 16,384 × 16 bytes, half of this
/// machine's L2 cache, enough for the few thousand words that make most of a text.
const RECENT_SLOTS: usize = 1 << 14;

/// Slots for words of 9 to 16 bytes (fewer tokens): 4,096 × 32 bytes.
const RECENT_LONG_SLOTS: usize = 1 << 12;

/// Fibonacci hashing: the top bits of the product mix every byte of the word.
const FIBONACCI: u64 = 0x9E37_79B9_7F4A_7C15;

#[inline]
fn recent_slot(key: u64) -> usize {
    (key.wrapping_mul(FIBONACCI) >> (64 - RECENT_SLOTS.trailing_zeros())) as usize
}

#[inline]
fn recent_long_slot(key: u128) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    (folded.wrapping_mul(FIBONACCI) >> (64 - RECENT_LONG_SLOTS.trailing_zeros())) as usize
}

/// An ASCII word of at most 16 bytes, lower-cased and packed into an integer (zero
/// bytes pad it, and words never contain a zero byte, so packing is one-to-one).
#[inline]
fn pack_ascii_lower(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    // Whole-word loads, overlapping where the word is not a multiple of their width
    // (a byte copy into a buffer costs a call and a stalled reload on the hot path).
    match b.len() {
        0..=8 => pack_tiny(b).map(u128::from),
        9..=16 => {
            let low = ascii_lower(load8(b))?;
            let high = ascii_lower(load_short(&b[8..]))?;
            Some(u128::from(low) | (u128::from(high) << 64))
        }
        _ => None,
    }
}

/// [`pack_ascii_lower`] for a word of at most 8 bytes (most words): one 64-bit word.
#[inline]
fn pack_tiny(word: &[u8]) -> Option<u64> {
    ascii_lower(load_short(word))
}

/// Lower-case the 8 bytes of `x` at once when all are ASCII, else `None`. Adding 0x3f
/// to a byte sets its top bit when the byte is `A` or above, adding 0x25 when it is
/// above `Z`; ASCII bytes never carry into their neighbour, so bytes stay apart.
#[inline]
fn ascii_lower(x: u64) -> Option<u64> {
    if x & HIGH != 0 {
        return None;
    }
    let from_a = x + ONES * u64::from(0x80 - b'A');
    let past_z = x + ONES * u64::from(0x80 - b'Z' - 1);
    let upper = from_a & !past_z & HIGH;
    Some(x | (upper >> 2))
}

/// Lower-case `word` into `out`, mapping the typographic apostrophe to `'`; ASCII words
/// take a byte-wise path.
fn lower_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        if c == '’' {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Byte spans of the words of `text`, in order.
pub fn word_spans(text: &str) -> WordSpans<'_> {
    WordSpans { text, pos: 0 }
}

/// Iterator over word spans; see [`word_spans`].
pub struct WordSpans<'a> {
    text: &'a str,
    pos: usize,
}

/// ASCII letters and digits: the bytes a word is mostly made of.
static ASCII_WORD: [bool; 256] = byte_table(false);
/// Where a run of separators may end: ASCII letters and digits, and the first byte of
/// any non-ASCII character (which may be a letter).
static MAY_START_WORD: [bool; 256] = byte_table(true);
/// Every byte but ASCII letters and digits.
static NOT_ASCII_WORD: [bool; 256] = {
    let mut table = [true; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = !ASCII_WORD[b];
        b += 1;
    }
    table
};

const fn byte_table(non_ascii: bool) -> [bool; 256] {
    let mut table = [non_ascii; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
}

/// The first index from `pos` whose byte is marked in `mask_of(eight bytes)` (eight
/// bytes at a time) or, over the last few bytes, in `table`; `bytes.len()` when there
/// is none.
#[inline(always)]
fn next_marked(
    bytes: &[u8],
    mut pos: usize,
    mask_of: impl Fn(u64) -> u64,
    table: &[bool; 256],
) -> usize {
    while let Some(&eight) = bytes.get(pos..).and_then(|rest| rest.first_chunk::<8>()) {
        let marked = mask_of(u64::from_le_bytes(eight));
        if marked != 0 {
            return pos + (marked.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while pos < bytes.len() && !table[bytes[pos] as usize] {
        pos += 1;
    }
    pos
}

/// The first index from `pos` that may start a word ([`MAY_START_WORD`]): past ASCII
/// separators.
#[inline(always)]
fn past_separators(bytes: &[u8], pos: usize) -> usize {
    next_marked(
        bytes,
        pos,
        |x| ascii_alnum_mask(x) | (x & HIGH),
        &MAY_START_WORD,
    )
}

/// The first index from `pos` that is not an ASCII letter or digit ([`ASCII_WORD`]).
#[inline(always)]
fn past_ascii_word(bytes: &[u8], pos: usize) -> usize {
    next_marked(bytes, pos, |x| !ascii_alnum_mask(x) & HIGH, &NOT_ASCII_WORD)
}

/// Whether the character at byte `pos` (a char boundary, or the end) is a letter or
/// digit.
#[inline]
fn alphanumeric_at(text: &str, pos: usize) -> bool {
    match text.as_bytes().get(pos) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => is_word_char(char_at(text, pos).0),
    }
}

/// `c.is_alphanumeric()`, answered at once for the punctuation news text is full of:
/// curly quotes, dashes, ellipses and special spaces are in the General Punctuation
/// block, which holds no letter or digit (a test checks every one).
#[inline]
fn is_word_char(c: char) -> bool {
    !GENERAL_PUNCTUATION.contains(&c) && c.is_alphanumeric()
}

const GENERAL_PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206F}';

/// The character at byte `pos` (a char boundary) and its length.
#[inline]
fn char_at(text: &str, pos: usize) -> (char, usize) {
    let c = text[pos..].chars().next().unwrap_or('\u{FFFD}');
    (c, c.len_utf8())
}

/// From `pos`, where a word's run of ASCII letters and digits stops, the end of the
/// word: an apostrophe between word characters ("don't") or a non-ASCII letter or digit
/// carries it on. The common case, an ASCII separator or the end of the text, is
/// answered inline.
#[inline(always)]
fn word_end(text: &str, pos: usize) -> usize {
    match text.as_bytes().get(pos) {
        Some(&b) if b < 0x80 && b != b'\'' => pos,
        None => pos,
        Some(_) => carried_word_end(text, pos),
    }
}

/// [`word_end`] past an apostrophe or a non-ASCII character.
fn carried_word_end(text: &str, mut pos: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        let Some(&b) = bytes.get(pos) else {
            return pos;
        };
        let carried = if b < 0x80 {
            (b == b'\'' && alphanumeric_at(text, pos + 1)).then_some(1)
        } else {
            let (c, n) = char_at(text, pos);
            (is_word_char(c) || (c == '’' && alphanumeric_at(text, pos + n))).then_some(n)
        };
        match carried {
            Some(n) => pos = past_ascii_word(bytes, pos + n),
            None => return pos,
        }
    }
}

impl Iterator for WordSpans<'_> {
    type Item = Range<usize>;

    #[inline(always)]
    fn next(&mut self) -> Option<Range<usize>> {
        let (text, bytes) = (self.text, self.text.as_bytes());
        let mut pos = self.pos;
        // Most often one load of eight bytes finds where the separators end and, when
        // the word starts with an ASCII letter or digit, where its run of them ends.
        if let Some(&eight) = bytes.get(pos..).and_then(|rest| rest.first_chunk::<8>()) {
            let x = u64::from_le_bytes(eight);
            let word = ascii_alnum_mask(x);
            let may_start = word | (x & HIGH);
            if may_start == 0 {
                pos += 8;
            } else {
                let offset = may_start.trailing_zeros() as usize & !7;
                if word >> offset & 0x80 != 0 {
                    let start = pos + offset / 8;
                    let after = !word & HIGH & (u64::MAX << offset);
                    let run_end = if after != 0 {
                        pos + (after.trailing_zeros() / 8) as usize
                    } else {
                        past_ascii_word(bytes, pos + 8)
                    };
                    let end = word_end(text, run_end);
                    self.pos = end;
                    return Some(start..end);
                }
                pos += offset / 8;
            }
        }
        // Skip to the first word character: ASCII separators eight bytes at a time.
        loop {
            pos = past_separators(bytes, pos);
            match bytes.get(pos) {
                None => {
                    self.pos = pos;
                    return None;
                }
                Some(&b) if b < 0x80 => break,
                Some(_) => {
                    let (c, n) = char_at(text, pos);
                    if is_word_char(c) {
                        break;
                    }
                    pos += n;
                }
            }
        }
        let start = pos;
        let end = word_end(text, past_ascii_word(bytes, pos));
        self.pos = end;
        Some(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        word_spans(text).map(|r| &text[r]).collect()
    }

    #[test]
    fn words_split_on_hyphens_and_punctuation_but_keep_apostrophes() {
        assert_eq!(
            words("A 12,000-strong border-guard force; Russia’s troops don't 'quote'."),
            [
                "A",
                "12",
                "000",
                "strong",
                "border",
                "guard",
                "force",
                "Russia’s",
                "troops",
                "don't",
                "quote"
            ]
        );
    }

    #[test]
    fn words_are_unicode_aware() {
        assert_eq!(
            words("Qazaqstan — Қазақстан; naïve café 42km"),
            ["Qazaqstan", "Қазақстан", "naïve", "café", "42km"]
        );
        assert!(words(" ,.;— ").is_empty());
        assert!(words("").is_empty());
    }

    #[test]
    fn each_distinct_word_is_stemmed_once() {
        let mut table = WordTable::new();
        let mut seen = Vec::new();
        table.tokenize("Troops and troops; the TROOPS deployed", |t, e| {
            seen.push((t.span(), t.word, e.stop))
        });
        assert_eq!(seen.len(), 6);
        assert_eq!(seen[0].0, 0..6);
        assert_eq!(table.text(seen[0].1), "troops");
        assert!(!seen[0].2);
        assert_eq!(seen[0].1, seen[2].1, "one id for each spelling of a word");
        assert_eq!(seen[0].1, seen[4].1);
        assert!(seen[1].2, "'and' is a stopword");
        let troops = table.word_id("troops");
        assert_eq!(table.stem(table.word(troops).stem), "troop");
        // "deployed" and "deploy" share a stem.
        let deployed = table.stem_of("deployed");
        assert_eq!(deployed, table.stem_of("deploy"));
        assert_eq!(
            (0..table.words().len() as WordId)
                .filter(|&id| table.text(id) == "troops")
                .count(),
            1
        );
    }

    #[test]
    fn typographic_apostrophes_are_one_word_with_plain_ones() {
        let mut table = WordTable::new();
        assert_eq!(table.word_id("Russia’s"), table.word_id("russia's"));
        let stem = table.stem_of("Russia’s");
        assert_eq!(table.stem(stem), "russia");
    }

    /// Far more words than the caches have slots, so slots are shared and replaced:
    /// every lookup must still give the word's own id.
    #[test]
    fn cached_lookups_survive_collisions() {
        let mut table = WordTable::new();
        let words: Vec<String> = (0..40_000u32)
            .map(|i| {
                let len = 1 + (i as usize % 15);
                format!("w{i:x}{}", "q".repeat(len))
            })
            .collect();
        let ids: Vec<WordId> = words.iter().map(|w| table.word_id(w)).collect();
        for round in 0..2 {
            for (w, &id) in words.iter().zip(&ids).rev() {
                assert_eq!(table.word_id(w), id, "round {round}: {w}");
                assert_eq!(table.word_id(&w.to_uppercase()), id);
                assert_eq!(table.text(id), w);
            }
        }
        assert_eq!(table.words().len(), words.len());
    }

    #[test]
    fn every_path_hands_out_the_entry_the_table_holds() {
        // Words of every kind (stopwords, numbers, 9 to 16 bytes, longer, non-ASCII),
        // and enough of them that the cache evicts: a token is then found on first
        // sight, in the cache, or in a packed index, and each must give its entry. Only
        // the unstemmed loop makes entries from what the cache and indexes hold; the
        // other two cases check the reference loop on both kinds of table.
        let mut text = String::from("The 2017 Troops, and counterinsurgency Қазақстан ");
        text.push_str("internationalisation the AND of 17,000 ");
        // Words of 9 to 16 bytes met again at once: hits in the cache of long words.
        text.push_str("Internationally internationally INTERNATIONALLY ");
        for i in 0..30_000u32 {
            let word = format!("w{i:x}{} ", "q".repeat(i as usize % 17));
            text.push_str(&word);
        }
        // Three times over: the second time words are found in the indexes, the third
        // time the words met most recently are also found in the cache, and others whose
        // slots were taken by another word are found in the index again.
        let repeated = text.repeat(3);
        let tables = [
            (WordTable::new(), false),
            (WordTable::unstemmed(), false),
            (WordTable::unstemmed(), true),
        ];
        for (mut table, unstemmed_loop) in tables {
            let mut seen = Vec::new();
            let each = |token: Token, entry| seen.push((token.word, entry));
            if unstemmed_loop {
                table.tokenize_unstemmed(&repeated, each);
            } else {
                table.tokenize(&repeated, each);
            }
            assert!(seen.len() > 90_000);
            for (id, entry) in seen {
                assert_eq!(entry, table.word(id), "{}", table.text(id));
            }
        }
        let (mut stemmed, mut unstemmed) = (WordTable::new(), WordTable::unstemmed());
        let entry = |table: &mut WordTable, word: &str| {
            let id = table.word_id(word);
            table.word(id)
        };
        for word in [
            "the",
            "2017",
            "Troops",
            "counterinsurgency",
            "Қазақстан",
            "w1qq",
        ] {
            let (a, b) = (entry(&mut stemmed, word), entry(&mut unstemmed, word));
            assert_eq!(b, WordEntry { stem: NO_STEM, ..a }, "{word}");
        }
        let the = entry(&mut unstemmed, "THE");
        assert!(the.stop && the.has_letter && the.chars == 3);
        assert!(!entry(&mut unstemmed, "2017").has_letter);
    }

    #[test]
    fn a_marker_marks_words_held_before_and_added_after() {
        // Long words (the cache of 9 to 16 bytes), short ones, a number and a word
        // that packs in no index: all met before the marker, so that each is in a
        // cache or an index whose copy of the marks must change too.
        let before = "Troops internationally 2017 Қазақстан troops and";
        let after = "Troopships trooped internationally 2017 and Қазақстан";
        let marker: WordMarker = Arc::new(|word: &str, entry: &WordEntry| {
            word.starts_with("troop") || !entry.has_letter
        });
        let want = |word: &str| {
            let lower = word.to_lowercase();
            lower.starts_with("troop") || !lower.chars().any(char::is_alphabetic)
        };
        for stemmed in [false, true] {
            let mut table = if stemmed {
                WordTable::new()
            } else {
                WordTable::unstemmed()
            };
            let tokenize = |table: &mut WordTable, text: &str| {
                let mut seen = Vec::new();
                let each = |token: Token, entry: WordEntry| {
                    seen.push((text[token.span()].to_owned(), entry.marked))
                };
                if stemmed {
                    table.tokenize(text, each);
                } else {
                    table.tokenize_unstemmed(text, each);
                }
                seen
            };
            assert!(tokenize(&mut table, before).iter().all(|(_, m)| !m));
            table.set_marker(Arc::clone(&marker));
            for text in [before, after, before] {
                let seen = tokenize(&mut table, text);
                assert_eq!(seen.len(), 6);
                for (word, marked) in seen {
                    assert_eq!(marked, want(&word), "{word} in {text:?}");
                }
            }
            let troops = table.word_id("troops");
            assert!(table.word(troops).marked);
        }
    }

    #[test]
    #[should_panic(expected = "stemming table")]
    fn the_unstemmed_loop_refuses_a_stemming_table() {
        WordTable::new().tokenize_unstemmed("troops", |_, _| {});
    }

    #[test]
    fn the_empty_word_is_one_word_of_its_own() {
        let mut table = WordTable::new();
        let empty = table.word_id("");
        assert_eq!(table.word_id(""), empty);
        let troops = table.word_id("troops");
        assert_ne!(troops, empty);
        assert_eq!(table.word_id(""), empty);
        assert_eq!(table.text(empty), "");
        assert_eq!(table.words().len(), 2);
    }

    #[test]
    fn general_punctuation_holds_no_word_character() {
        assert!(GENERAL_PUNCTUATION.clone().all(|c| !c.is_alphanumeric()));
        assert!(!is_word_char('’') && !is_word_char('—') && !is_word_char('\u{2009}'));
        assert!(is_word_char('é') && is_word_char('Қ') && is_word_char('²'));
    }

    #[test]
    fn a_table_gives_each_word_its_text_and_packed_key() {
        let mut table = WordTable::unstemmed();
        let troops = table.word_id("Troops");
        let long = table.word_id("Counterinsurgency");
        let kazakh = table.word_id("Қазақстан");
        assert_eq!(table.word_id("TROOPS"), troops);
        assert_eq!(
            (table.text(troops), table.text(long), table.text(kazakh)),
            ("troops", "counterinsurgency", "қазақстан")
        );
        assert_eq!(table.packed_key(troops), pack_ascii_lower("troops"));
        assert_eq!(table.packed_key(long), None, "longer than 16 bytes");
        assert_eq!(table.packed_key(kazakh), None);
        assert_eq!(table.word(troops).stem, NO_STEM);
        assert_eq!((table.word(troops).chars, table.word(kazakh).chars), (6, 9));
    }

    #[test]
    fn ascii_words_pack_lower_cased_and_others_do_not() {
        let pack = |w: &str| pack_ascii_lower(w).map(u128::to_le_bytes);
        let mut expected = [0u8; 16];
        expected[..11].copy_from_slice(b"az@[`{09'_x");
        assert_eq!(pack("AZ@[`{09'_X"), Some(expected));
        assert_eq!(pack("café"), None);
        assert_eq!(pack("seventeen-thousands"), None, "longer than 16 bytes");
        assert_eq!(pack_ascii_lower("Troops"), pack_ascii_lower("tROOPS"));
        assert_eq!(pack_ascii_lower(""), Some(0));
    }

    proptest::proptest! {
        /// Packing agrees with lower-casing byte by byte on every ASCII word.
        #[test]
        fn packing_lower_cases_every_ascii_byte(word in "[\\x01-\\x7f]{1,16}|[a-z]{1,16}") {
            let mut expected = [0u8; 16];
            expected[..word.len()].copy_from_slice(word.to_ascii_lowercase().as_bytes());
            proptest::prop_assert_eq!(pack_ascii_lower(&word), Some(u128::from_le_bytes(expected)));
        }


        /// Eight bytes at a time, runs end where the byte tables say, whatever the bytes.
        #[test]
        fn word_runs_agree_with_the_byte_tables(
            bytes in proptest::collection::vec(proptest::prop_oneof![0u8..=0xff, 0x20u8..0x7f, b'0'..=b'z'], 0..40)
        ) {
            let ascii_word = bytes.iter().position(|&b| !ASCII_WORD[b as usize]).unwrap_or(bytes.len());
            let separators = bytes.iter().position(|&b| MAY_START_WORD[b as usize]).unwrap_or(bytes.len());
            proptest::prop_assert_eq!(past_ascii_word(&bytes, 0), ascii_word);
            proptest::prop_assert_eq!(past_separators(&bytes, 0), separators);
        }

        /// The spans are those of the plain definition, read character by character.
        #[test]
        fn word_spans_follow_the_definition(text in "[a-zA-Z0-9 ,.'’\\-éКə😀\n]{0,80}|\\PC{0,40}") {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let at = |i: usize| chars.get(i).map_or(text.len(), |&(pos, _)| pos);
            let word_char = |i: usize| chars.get(i).is_some_and(|&(_, c)| c.is_alphanumeric());
            let mut expected = Vec::new();
            let mut i = 0;
            while i < chars.len() {
                if !word_char(i) {
                    i += 1;
                    continue;
                }
                let start = at(i);
                i += 1;
                while word_char(i) || (matches!(chars.get(i), Some((_, '\'' | '’'))) && word_char(i + 1)) {
                    i += 1;
                }
                expected.push(start..at(i));
            }
            proptest::prop_assert_eq!(word_spans(&text).collect::<Vec<_>>(), expected);
        }

        /// Spans are in order, disjoint, on character boundaries, made of word
        /// characters (and inner apostrophes), and cover every alphanumeric character.
        #[test]
        fn word_spans_cover_every_word_character(text in "[a-zA-Z0-9 ,.'’\\-éКə😀\n]{0,80}") {
            let spans: Vec<Range<usize>> = word_spans(&text).collect();
            let mut last_end = 0;
            for s in &spans {
                proptest::prop_assert!(s.start >= last_end && s.start < s.end);
                proptest::prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                let word = &text[s.clone()];
                proptest::prop_assert!(word.chars().next().is_some_and(char::is_alphanumeric));
                proptest::prop_assert!(word.chars().last().is_some_and(char::is_alphanumeric));
                proptest::prop_assert!(word.chars().all(|c| c.is_alphanumeric() || c == '\'' || c == '’'));
                last_end = s.end;
            }
            for (i, c) in text.char_indices() {
                if c.is_alphanumeric() {
                    proptest::prop_assert!(spans.iter().any(|s| s.contains(&i)), "{:?} at {}", c, i);
                }
            }
        }
    }
}

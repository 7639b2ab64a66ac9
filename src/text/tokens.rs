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
//! lower-cased word is stemmed once and then found by hash. Word and stem ids are local
//! to one table; corpus-wide stages merge tables by stem text.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

/// Index of a distinct lower-cased word in a [`WordTable`].
pub type WordId = u32;
/// Index of a distinct stem in a [`WordTable`].
pub type StemId = u32;

/// The stopword list shipped in `models/stopwords-en.txt`.
pub fn stopwords() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
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

/// What the table knows about one distinct word.
#[derive(Debug, Clone)]
pub struct WordEntry {
    /// The word lower-cased, with a typographic apostrophe written as `'`.
    pub text: Box<str>,
    pub stem: StemId,
    /// On the stopword list.
    pub stop: bool,
    /// Has at least one letter (pure numbers are words too, but carry no topic).
    pub has_letter: bool,
    /// Length in characters.
    pub chars: u32,
    /// Occurrences seen through [`WordTable::tokenize`].
    pub count: u64,
}

/// Memo of words and stems for one thread of work.
pub struct WordTable {
    stemmer: Stemmer,
    stopwords: &'static HashSet<String>,
    /// Words of up to 16 bytes, keyed by their bytes packed in an integer: no pointer
    /// to follow and no string to compare on the hot path (most words are short).
    short_index: FxHashMap<u128, WordId>,
    /// Words of up to 8 bytes (most English words), in a table half the size.
    tiny_index: FxHashMap<u64, WordId>,
    word_index: FxHashMap<Box<str>, WordId>,
    words: Vec<WordEntry>,
    stem_index: FxHashMap<Box<str>, StemId>,
    stems: Vec<Box<str>>,
    lowered: String,
}

impl Default for WordTable {
    fn default() -> Self {
        Self::new()
    }
}

impl WordTable {
    pub fn new() -> Self {
        Self {
            stemmer: Stemmer::create(Algorithm::English),
            stopwords: stopwords(),
            short_index: FxHashMap::default(),
            tiny_index: FxHashMap::default(),
            word_index: FxHashMap::default(),
            words: Vec::new(),
            stem_index: FxHashMap::default(),
            stems: Vec::new(),
            lowered: String::new(),
        }
    }

    /// Call `each` for every word of `text`, in order, counting occurrences.
    pub fn tokenize(&mut self, text: &str, mut each: impl FnMut(Token, &WordEntry)) {
        for span in word_spans(text) {
            let id = self.word_id(&text[span.clone()]);
            let entry = &mut self.words[id as usize];
            entry.count += 1;
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
        let mut packed = pack_ascii_lower(word);
        if let Some(key) = packed {
            if let Some(&id) = self.lookup_packed(key) {
                return id;
            }
        }
        if packed.is_none() {
            lower_into(word, &mut self.lowered);
            // "Russia’s" lowers to the short ASCII "russia's".
            packed = pack_ascii_lower(&self.lowered);
            let found = match packed {
                Some(key) => self.lookup_packed(key),
                None => self.word_index.get(self.lowered.as_str()),
            };
            if let Some(&id) = found {
                return id;
            }
        } else {
            lower_into(word, &mut self.lowered);
        }
        let text: Box<str> = self.lowered.as_str().into();
        let stem = self.stemmer.stem(&text);
        let stem_id = self.intern_stem(&stem);
        let id = self.words.len() as WordId;
        self.words.push(WordEntry {
            stop: self.stopwords.contains(&*text),
            has_letter: text.chars().any(char::is_alphabetic),
            chars: text.chars().count() as u32,
            stem: stem_id,
            count: 0,
            text: text.clone(),
        });
        match packed {
            Some(key) => match u64::try_from(key) {
                Ok(tiny) => {
                    self.tiny_index.insert(tiny, id);
                }
                Err(_) => {
                    self.short_index.insert(key, id);
                }
            },
            None => {
                self.word_index.insert(text, id);
            }
        }
        id
    }

    #[inline]
    fn lookup_packed(&self, key: u128) -> Option<&WordId> {
        match u64::try_from(key) {
            Ok(tiny) => self.tiny_index.get(&tiny),
            Err(_) => self.short_index.get(&key),
        }
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

    /// The stem of one word, through the memo.
    pub fn stem_of(&mut self, word: &str) -> StemId {
        let id = self.word_id(word);
        self.words[id as usize].stem
    }

    pub fn word(&self, id: WordId) -> &WordEntry {
        &self.words[id as usize]
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

/// An ASCII word of at most 16 bytes, lower-cased and packed into an integer (zero
/// bytes pad it, and words never contain a zero byte, so packing is one-to-one).
#[inline]
fn pack_ascii_lower(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > 16 || !word.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 16];
    for (b, &c) in buf.iter_mut().zip(bytes) {
        *b = c.to_ascii_lowercase();
    }
    Some(u128::from_le_bytes(buf))
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

/// The character at byte `pos` and its length, with an ASCII fast path.
#[inline]
fn char_at(bytes: &[u8], text: &str, pos: usize) -> (char, usize) {
    let b = bytes[pos];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[pos..].chars().next().unwrap_or('\u{FFFD}');
        (c, c.len_utf8())
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

impl Iterator for WordSpans<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        // Skip to the first word character.
        while self.pos < len {
            let b = bytes[self.pos];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    break;
                }
                self.pos += 1;
            } else {
                let (c, n) = char_at(bytes, self.text, self.pos);
                if c.is_alphanumeric() {
                    break;
                }
                self.pos += n;
            }
        }
        if self.pos >= len {
            return None;
        }
        let start = self.pos;
        loop {
            if self.pos >= len {
                break;
            }
            let (c, n) = char_at(bytes, self.text, self.pos);
            if is_word_char(c) {
                self.pos += n;
                continue;
            }
            // An apostrophe joins two word characters ("don't").
            if (c == '\'' || c == '’') && self.pos + n < len {
                let (next, _) = char_at(bytes, self.text, self.pos + n);
                if is_word_char(next) {
                    self.pos += n;
                    continue;
                }
            }
            break;
        }
        Some(start..self.pos)
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
    fn each_distinct_word_is_stemmed_once_and_counted() {
        let mut table = WordTable::new();
        let mut seen = Vec::new();
        table.tokenize("Troops and troops; the TROOPS deployed", |t, e| {
            seen.push((t.span(), e.text.to_string(), e.stop))
        });
        assert_eq!(seen.len(), 6);
        assert_eq!(seen[0], (0..6, "troops".to_string(), false));
        assert!(seen[1].2, "'and' is a stopword");
        let troops = table.word_id("troops");
        assert_eq!(table.word(troops).count, 3);
        assert_eq!(table.stem(table.word(troops).stem), "troop");
        // "deployed" and "deploy" share a stem.
        let deployed = table.stem_of("deployed");
        assert_eq!(deployed, table.stem_of("deploy"));
        assert_eq!(
            table
                .words()
                .iter()
                .filter(|w| &*w.text == "troops")
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

    proptest::proptest! {
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

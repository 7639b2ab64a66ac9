//! Scoring one article: the lexicon resolved into one [`WordTable`]'s ids, matched over
//! the article's token stream, with quoted speech and sentences told apart.
//!
//! Matching rides on a tokenising pass another stage makes anyway ([`FramingPass`] is a
//! [`TokenPass`]: it reads the tokens of the word count that distinctive terms, and in
//! `analyze` topics and story signatures, share), so framing does not segment the text
//! or look its words up again. That table does not stem, and the pass stems few words:
//! the table marks, once as it adds each word, those whose start allows them to key a
//! phrase (`KeyStarts`, through a [`crate::text::tokens::WordMarker`]), and the pass
//! tests that bit of each token's entry; a word marked is stemmed when the pass first
//! meets it, any other only when a phrase around a key word needs it, and then only if
//! it starts as a word with the phrase's stem must.
//!
//! Each phrase is found through its *key*: its word with the longest stem, a stopword
//! only when all are; a key word matched as written (an `exact` or `lower_case` entry)
//! keys by the word itself, not its stem ("stated" does not make every "state" a key).
//! Only key tokens are looked at closely — a few in a hundred, where keying phrases by
//! their first word would stop at every "the", "of" and "in" — and the phrase is then
//! checked around them; a phrase of one word needs no check. The matches are resolved
//! leftmost-longest, so the result is as if every position were tried.
//!
//! Sentences are not split here: the claims stage splits every text, and an
//! [`ArticleFraming`] is turned into an [`ArticleScore`] with those sentences
//! ([`ArticleFraming::score`]). [`Scorer`] does all of it for one text at a time.

use std::ops::Range;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use crate::bytes::{ascii_range_mask, load8, load_short, HIGH};
use crate::text::sentences_into;
use crate::text::tokens::{
    word_spans, KnownStems, Token, TokenPass, WordEntry, WordId, WordMarker, WordTable,
};

use super::lexicon::{EntryKind, Lexicon};

/// Index of a stem among the stems of the lexicon's words.
type LexStem = u32;

/// The stem of a word whose stem no lexicon word has.
const NO_LEX: LexStem = LexStem::MAX;

/// One word of a resolved phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Elem {
    Stem(LexStem),
    Word(WordId),
    /// The word, written in lower case.
    LowerWord(WordId),
}

/// A resolved phrase: its words are `elems[first..first + len]` of the [`Matcher`].
/// Phrases and their words sit in two flat arrays, so that the few a key token leads to
/// are found without chasing pointers.
#[derive(Debug, Clone, Copy)]
struct Phrase {
    first: u32,
    len: u16,
    /// Index of the key word among the phrase's words.
    key: u16,
    /// Words matched as written: at equal length the more specific phrase wins.
    specificity: u16,
    category: u16,
    /// Position in the lexicon: the last tie-break.
    order: u32,
}

/// One phrase found: where it starts (token index), its length and how it ranks.
#[derive(Debug, Clone, Copy)]
struct Found {
    start: usize,
    len: usize,
    specificity: u16,
    order: u32,
    category: u16,
}

/// What a phrase is found through: the stem of its key word, or the key word itself
/// when the phrase matches it as written. An entry matched as written ("stated",
/// "likely", "lawful") is keyed by its word, not its stem: keyed by the stem, every
/// "state", "like" and "law" of a text would be looked at closely, to fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Stem(LexStem),
    Word(WordId),
}

/// The lexicon in one table's ids, grouped by each phrase's key ([`Key`]).
#[derive(Debug, Clone)]
struct Matcher {
    /// Stem of each lexicon word, by text.
    stems: FxHashMap<Box<str>, LexStem>,
    /// One bit per pair of first two bytes of the stems in `stems` (a stem of one byte
    /// pairs with 0): nearly every word of a text is ruled out with one bit, without
    /// hashing its stem.
    stem_starts: Vec<u64>,
    /// What a word must start with to key a phrase (shared with the table's marker).
    key_starts: Arc<KeyStarts>,
    /// By lexicon stem: what a word with that stem starts with ([`word_start`]).
    word_starts: Vec<WordStart>,
    /// Lexicon stem → 1 + index into `groups`; 0 when the stem keys no phrase.
    keyed: Vec<u32>,
    /// Word id → 1 + index into `groups`; 0 (or past the end) when the word keys no
    /// phrase as written. As long as the largest id of such a word (the lexicon's words
    /// get theirs when the pass is made), not as the table.
    word_keyed: Vec<u32>,
    /// Ranges of `phrases` sharing a key.
    groups: Vec<Range<u32>>,
    /// By group: whether it is one phrase of one word, which its key matches by
    /// itself (a stem or a word as written, not a word written in lower case): most
    /// are, and they need no look around the key token.
    lone: Vec<bool>,
    phrases: Vec<Phrase>,
    elems: Vec<Elem>,
}

impl Matcher {
    fn resolve(lexicon: &Lexicon, table: &mut WordTable, stemmer: &Stemmer) -> Self {
        let mut stems: FxHashMap<Box<str>, LexStem> = FxHashMap::default();
        let mut keyed_phrases: Vec<(Key, Vec<Elem>, Phrase)> = Vec::new();
        for (c, category) in lexicon.categories().iter().enumerate() {
            for entry in &category.entries {
                let mut elems = Vec::new();
                let mut entry_stems = Vec::new();
                // The key is the word with the longest stem, a stopword only when all
                // are: the rarest in text, and the most selective start (`KeyStarts`).
                let mut key: Option<(usize, (bool, usize))> = None;
                for span in word_spans(&entry.text) {
                    let id = table.word_id(&entry.text[span]);
                    let stem = stemmer.stem(table.text(id));
                    let rank = (!table.word(id).stop, stem.len());
                    if key.is_none_or(|(_, best)| rank > best) {
                        key = Some((elems.len(), rank));
                    }
                    let next = stems.len() as LexStem;
                    let stem = *stems.entry(Box::from(&*stem)).or_insert(next);
                    entry_stems.push(stem);
                    elems.push(match entry.kind {
                        EntryKind::Stemmed => Elem::Stem(stem),
                        EntryKind::Exact => Elem::Word(id),
                        EntryKind::LowerCase => Elem::LowerWord(id),
                    });
                }
                if elems.is_empty() {
                    continue;
                }
                let key = key.map_or(0, |(at, _)| at);
                let phrase = Phrase {
                    first: 0,
                    len: elems.len() as u16,
                    key: key as u16,
                    specificity: elems.iter().filter(|e| !matches!(e, Elem::Stem(_))).count()
                        as u16,
                    category: c as u16,
                    order: keyed_phrases.len() as u32,
                };
                let key_of = match elems[key] {
                    Elem::Stem(_) => Key::Stem(entry_stems[key]),
                    Elem::Word(w) | Elem::LowerWord(w) => Key::Word(w),
                };
                keyed_phrases.push((key_of, elems, phrase));
            }
        }
        // Group by key (stable: lexicon order within a group).
        keyed_phrases.sort_by_key(|(key, _, phrase)| (*key, phrase.order));
        let mut keyed = vec![0u32; stems.len()];
        let key_words = keyed_phrases.iter().filter_map(|(key, _, _)| match key {
            Key::Word(w) => Some(*w as usize + 1),
            Key::Stem(_) => None,
        });
        let mut word_keyed = vec![0u32; key_words.max().unwrap_or(0)];
        let mut groups: Vec<Range<u32>> = Vec::new();
        let mut phrases = Vec::with_capacity(keyed_phrases.len());
        let mut all_elems = Vec::new();
        for (key, elems, mut phrase) in keyed_phrases {
            let index = phrases.len() as u32;
            let slot = match key {
                Key::Stem(s) => &mut keyed[s as usize],
                Key::Word(w) => &mut word_keyed[w as usize],
            };
            match *slot {
                0 => {
                    groups.push(index..index + 1);
                    *slot = groups.len() as u32;
                }
                slot => groups[slot as usize - 1].end = index + 1,
            }
            phrase.first = all_elems.len() as u32;
            all_elems.extend(elems);
            phrases.push(phrase);
        }
        let mut stem_starts = vec![0u64; (1 << 16) / 64];
        for stem in stems.keys() {
            let start = stem_start(stem);
            stem_starts[start / 64] |= 1 << (start % 64);
        }
        // The starts of the stems that key a phrase, and the words that key one as
        // written, whole: the table's marker lets a word through on one test.
        let key_words = (0..word_keyed.len())
            .filter(|&w| word_keyed[w] != 0)
            .map(|w| table.text(w as WordId).as_bytes());
        let key_starts = KeyStarts::of_starts(
            stems
                .iter()
                .filter(|(_, &id)| keyed[id as usize] != 0)
                .map(|(stem, _)| word_start(stem))
                .chain(key_words),
        );
        let mut word_starts = vec![WordStart::default(); stems.len()];
        for (stem, &id) in &stems {
            word_starts[id as usize] = WordStart::of(word_start(stem));
        }
        Self {
            stems,
            stem_starts,
            key_starts: Arc::new(key_starts),
            word_starts,
            lone: groups
                .iter()
                .map(|range| {
                    let phrase = &phrases[range.start as usize];
                    range.len() == 1
                        && phrase.len == 1
                        && !matches!(all_elems[phrase.first as usize], Elem::LowerWord(_))
                })
                .collect(),
            keyed,
            word_keyed,
            groups,
            phrases,
            elems: all_elems,
        }
    }

    /// The lexicon stem that `stem` is, if any.
    #[inline]
    fn lexicon_stem(&self, stem: &str) -> LexStem {
        let start = stem_start(stem);
        if self.stem_starts[start / 64] >> (start % 64) & 1 == 0 {
            return NO_LEX;
        }
        self.stems.get(stem).copied().unwrap_or(NO_LEX)
    }

    /// What the table marks ([`WordEntry::marked`]): the words that may key a phrase
    /// ([`KeyStarts`]: their start allows a key stem, or they start as a word that keys
    /// one as written) and those without a letter (counted apart from the words).
    fn marker(&self) -> WordMarker {
        let key_starts = Arc::clone(&self.key_starts);
        Arc::new(move |word: &str, entry: &WordEntry| !entry.has_letter || key_starts.may_key(word))
    }

    /// The group of phrases keyed by a word's lexicon stem and that keyed by the word
    /// as written (0 for none, else 1 + index into `groups`).
    #[inline]
    fn slots(&self, word: WordId, stem: LexStem) -> [u32; 2] {
        let by_stem = self.keyed.get(stem as usize).copied().unwrap_or(0);
        let by_word = self.word_keyed.get(word as usize).copied().unwrap_or(0);
        [by_stem, by_word]
    }

    /// Whether the word `word`, with lexicon stem `stem`, keys some phrase.
    #[inline]
    fn is_key(&self, word: WordId, stem: LexStem) -> bool {
        self.slots(word, stem) != [0, 0]
    }

    /// Every phrase keyed by the token at `at`, whose word is `word` and lexicon stem
    /// `stem`, that matches around it; `has_stem` tells whether a word (written at a
    /// byte offset of `text`) has a lexicon stem.
    fn find_at(
        &self,
        text: &str,
        toks: &[(u32, WordId)],
        at: usize,
        (word, stem): (WordId, LexStem),
        has_stem: &mut impl FnMut(u32, WordId, LexStem) -> bool,
        out: &mut Vec<Found>,
    ) {
        for slot in self.slots(word, stem) {
            let Some(group) = (slot as usize).checked_sub(1) else {
                continue;
            };
            let range = self.groups[group].clone();
            if self.lone[group] {
                let phrase = &self.phrases[range.start as usize];
                out.push(Found {
                    start: at,
                    len: 1,
                    specificity: phrase.specificity,
                    order: phrase.order,
                    category: phrase.category,
                });
            } else {
                self.find_in(text, toks, at, range, has_stem, out);
            }
        }
    }

    /// The phrases of `range` that match around the key token at `at`.
    fn find_in(
        &self,
        text: &str,
        toks: &[(u32, WordId)],
        at: usize,
        range: Range<u32>,
        has_stem: &mut impl FnMut(u32, WordId, LexStem) -> bool,
        out: &mut Vec<Found>,
    ) {
        'phrases: for phrase in &self.phrases[range.start as usize..range.end as usize] {
            let Some(start) = at.checked_sub(usize::from(phrase.key)) else {
                continue;
            };
            let len = usize::from(phrase.len);
            let Some(window) = toks.get(start..start + len) else {
                continue;
            };
            let first = phrase.first as usize;
            for (elem, &(offset, word)) in self.elems[first..first + len].iter().zip(window) {
                let ok = match *elem {
                    Elem::Stem(s) => has_stem(offset, word, s),
                    Elem::Word(w) => word == w,
                    Elem::LowerWord(w) => word == w && written_in_lower_case(text, offset),
                };
                if !ok {
                    continue 'phrases;
                }
            }
            out.push(Found {
                start,
                len,
                specificity: phrase.specificity,
                order: phrase.order,
                category: phrase.category,
            });
        }
    }
}

/// The first two bytes of `stem` as an index into a table of 2¹⁶ (0 past its end).
#[inline]
fn stem_start(stem: &str) -> usize {
    let b = stem.as_bytes();
    usize::from(b.first().copied().unwrap_or(0)) << 8 | usize::from(b.get(1).copied().unwrap_or(0))
}

/// Whether the word starting at byte `start` of `text` has no upper-case letter.
fn written_in_lower_case(text: &str, start: u32) -> bool {
    let Some(rest) = text.get(start as usize..) else {
        return false;
    };
    let Some(span) = word_spans(rest).next() else {
        return false;
    };
    let word = &rest[span];
    if word.is_ascii() {
        !word.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        !word.chars().any(char::is_uppercase)
    }
}

/// What the lexicon found in one article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleScore {
    /// Words (tokens with a letter) in the outlet's own voice.
    pub words: u32,
    /// Words inside quotation marks.
    pub quoted_words: u32,
    /// Occurrences per category (lexicon order) in the outlet's own voice.
    pub own: Vec<u32>,
    /// Occurrences per category inside quotation marks.
    pub quoted: Vec<u32>,
    pub sentences: u32,
    /// Sentences holding an attribution entry or an attributed figure.
    pub attributed_sentences: u32,
}

/// What [`FramingPass`] finds in one text before its sentences are known: an
/// [`ArticleScore`] but for the sentence counts, and where the attribution entries are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticleFraming {
    pub words: u32,
    pub quoted_words: u32,
    pub own: Vec<u32>,
    pub quoted: Vec<u32>,
    /// Byte offsets of the attribution entries found (own voice or quoted), ascending.
    pub attributions: Vec<u32>,
}

impl ArticleFraming {
    /// The article's score, given its text's sentences (byte ranges, in order, as
    /// `text::sentences` gives them) and the byte offsets of the figures whose source
    /// the claims stage found: a sentence counts as attributed when it holds either.
    pub fn score(self, sentences: &[Range<usize>], attributed_at: &[usize]) -> ArticleScore {
        let mut attributed: Vec<u32> = attributed_at
            .iter()
            .filter_map(|&at| sentence_index(sentences, at))
            .map(|i| i as u32)
            .collect();
        // An entry between two sentences (in the space after a full stop) belongs to
        // the next.
        let mut sentence = 0;
        for &at in &self.attributions {
            let at = at as usize;
            while sentence < sentences.len() && sentences[sentence].end <= at {
                sentence += 1;
            }
            if sentence < sentences.len() {
                attributed.push(sentence as u32);
            }
        }
        attributed.sort_unstable();
        attributed.dedup();
        ArticleScore {
            words: self.words,
            quoted_words: self.quoted_words,
            own: self.own,
            quoted: self.quoted,
            sentences: sentences.len() as u32,
            attributed_sentences: attributed.len() as u32,
        }
    }
}

/// What the start of a word must be for its stem to key a phrase.
///
/// The Snowball English stemmer (Porter2) keeps a word's start and rewrites only its
/// end: it deletes suffixes, and where it replaces one the new ending differs from the
/// old only in a last `e` or `i` ("hoping" → "hope", "happily" → "happili",
/// "relational" → "relate") or, after a deleted `e`, in `bl` for `bil` ("nobility" →
/// "nobl"). So a stem ending otherwise is the start of every word it came from
/// ("regimes" → "regim", "said" → "said"), and one ending so is, but for its last
/// character. Porter2's words rewritten whole ("dying" → "die", "skies" → "sky") and a
/// leading apostrophe (dropped) are let through. A word that starts as no key stem
/// does cannot key a phrase, and is not stemmed unless a phrase around a key word
/// needs it: most words of a text are never stemmed for framing at all. The words
/// that key a phrase as written are starts too, whole: one search lets through every
/// word that may key a phrase.
#[derive(Debug, Clone, Default)]
struct KeyStarts {
    /// A key stem whose start is empty: every word may be one.
    every_word: bool,
    /// The starts, cut at [`KEY_START_BYTES`], as ([`pack_start`], length), sorted and
    /// none a start of another: the only one that can start a word is then the
    /// greatest not above it, found by one binary search.
    starts: Vec<(u64, u8)>,
    /// One bit per pair of first two bytes a start allows ([`stem_start`]; a start of
    /// one byte allows every second byte): most words are turned away by this bit,
    /// without a search.
    first_two: Vec<u64>,
}

/// How many bytes of a stem's start are compared, at most: all of most stems' (a
/// start cut at four bytes let through twice the words: "cont", "cons", "inte"), few
/// enough to pack in a `u64`.
const KEY_START_BYTES: usize = 8;

/// Words the stemmer rewrites whole (Porter2's exceptional forms whose stem is no
/// start of the word, nor but for its last character).
const REWRITTEN_WHOLE: [&str; 4] = ["dying", "lying", "tying", "skies"];

/// The first [`KEY_START_BYTES`] bytes of `bytes` (zeros past its end), big-endian: as
/// integers they sort as the texts do (no word holds a zero byte).
#[inline]
fn pack_start(bytes: &[u8]) -> u64 {
    let mut packed = [0u8; KEY_START_BYTES];
    let n = bytes.len().min(KEY_START_BYTES);
    packed[..n].copy_from_slice(&bytes[..n]);
    u64::from_be_bytes(packed)
}

/// The bytes every word with this stem starts with, bar Porter2's words rewritten
/// whole (see [`KeyStarts`]).
fn word_start(stem: &str) -> &[u8] {
    let Some(last) = stem.chars().next_back() else {
        return &[];
    };
    if matches!(last, 'e' | 'i') || stem.ends_with("bl") {
        &stem.as_bytes()[..stem.len() - last.len_utf8()]
    } else {
        stem.as_bytes()
    }
}

/// Whether `word` may have a stem whose [`word_start`] is `start`.
#[inline]
fn may_have_stem(word: &str, start: &[u8]) -> bool {
    word.as_bytes().starts_with(start) || word.starts_with('\'') || REWRITTEN_WHOLE.contains(&word)
}

/// Whether the ASCII text of a word (and what follows it) may start with one of the
/// words Porter2 rewrites whole: read only when a start has ruled the word out, and
/// then mostly settled by its first letter.
#[inline]
fn may_be_rewritten_whole(word: &[u8]) -> bool {
    let first = word.first().map_or(0, u8::to_ascii_lowercase);
    REWRITTEN_WHOLE.iter().any(|w| {
        let w = w.as_bytes();
        w[0] == first
            && word
                .get(..w.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(w))
    })
}

/// What every word with a given stem starts with ([`word_start`]), with its first
/// eight bytes packed for a test of eight text bytes at once.
#[derive(Debug, Clone, Default)]
struct WordStart {
    bytes: Box<[u8]>,
    /// The first (at most eight) bytes, little-endian, zero past the start's end.
    head: u64,
    /// 0xff over each byte of `head` that belongs to the start.
    head_mask: u64,
}

impl WordStart {
    fn of(bytes: &[u8]) -> Self {
        let n = bytes.len().min(8);
        Self {
            bytes: Box::from(bytes),
            head: load_short(&bytes[..n]),
            head_mask: u64::MAX.checked_shr(64 - 8 * n as u32).unwrap_or(0),
        }
    }

    /// Whether the word written at byte `at` of `text` surely has no stem with this
    /// start ([`may_have_stem`] false), read from the text itself: the article is in
    /// cache where the table's copy of the word, far away in a large table, is not.
    /// Eight bytes are read at once, upper-case ASCII letters folded; a start that
    /// reaches a non-ASCII byte (a curly apostrophe, or a letter whose lower case may
    /// be ASCII, as the Kelvin sign's is), or starts with an apostrophe, is left to
    /// the table's lower-cased copy.
    #[inline]
    fn ruled_out_by_text(&self, text: &[u8], at: usize) -> bool {
        let Some(word) = text.get(at..) else {
            return false;
        };
        if self.head_mask == 0 || word.first() == Some(&b'\'') {
            return false;
        }
        let read = if word.len() >= 8 {
            load8(word)
        } else {
            load_short(word)
        } & self.head_mask;
        if read & HIGH != 0 {
            return false;
        }
        let lower = read | ascii_range_mask(read, b'A', b'Z') >> 2;
        // The word differs from the start, or ends before it: the start rules it out,
        // unless it is one of the words Porter2 rewrites whole.
        lower != self.head && !may_be_rewritten_whole(word)
    }
}

impl KeyStarts {
    /// The starts of these key stems ([`word_start`]).
    #[cfg(test)]
    fn of<'s>(key_stems: impl Iterator<Item = &'s str>) -> Self {
        Self::of_starts(key_stems.map(word_start))
    }

    /// The starts given, whole: those of key stems ([`word_start`]) and the words that
    /// key a phrase as written.
    fn of_starts<'s>(key_starts: impl Iterator<Item = &'s [u8]>) -> Self {
        let mut every_word = false;
        let mut all: Vec<(u64, u8)> = Vec::new();
        let mut first_two = vec![0u64; (1 << 16) / 64];
        let mut allow = |pair: usize| first_two[pair / 64] |= 1 << (pair % 64);
        for start in key_starts {
            match *start {
                [] => every_word = true,
                [b] => (0..=255).for_each(|second| allow(usize::from(b) << 8 | second)),
                [b0, b1, ..] => allow(usize::from(b0) << 8 | usize::from(b1)),
            }
            if !start.is_empty() {
                all.push((pack_start(start), start.len().min(KEY_START_BYTES) as u8));
            }
        }
        all.sort_unstable();
        // Sorted, a start follows every start it has: keep it only when the last one
        // kept is not one of them (a word starting with it starts with that one too).
        let mut starts: Vec<(u64, u8)> = Vec::with_capacity(all.len());
        for (packed, n) in all {
            if !starts
                .last()
                .is_some_and(|&(kept, m)| starts_with_packed(packed, kept, m))
            {
                starts.push((packed, n));
            }
        }
        Self {
            every_word,
            starts,
            first_two,
        }
    }

    /// Whether the stem of `word` (lower case, as the table holds it) may key a phrase.
    fn may_key(&self, word: &str) -> bool {
        self.every_word
            || self.has_start_of(word.as_bytes())
            || word.starts_with('\'')
            || REWRITTEN_WHOLE.contains(&word)
    }

    /// Whether some start is a start of `bytes`.
    #[inline]
    fn has_start_of(&self, bytes: &[u8]) -> bool {
        let pair = match *bytes {
            [] => return false,
            [b] => usize::from(b) << 8,
            [b0, b1, ..] => usize::from(b0) << 8 | usize::from(b1),
        };
        if self
            .first_two
            .get(pair / 64)
            .is_none_or(|bits| bits >> (pair % 64) & 1 == 0)
        {
            return false;
        }
        let word = pack_start(bytes);
        let after = self.starts.partition_point(|&(start, _)| start <= word);
        after
            .checked_sub(1)
            .is_some_and(|i| starts_with_packed(word, self.starts[i].0, self.starts[i].1))
    }
}

/// Whether the packed text `text` starts with the packed `start` of `n` bytes.
#[inline]
fn starts_with_packed(text: u64, start: u64, n: u8) -> bool {
    let kept = u64::MAX
        .checked_shl(8 * (KEY_START_BYTES as u32 - u32::from(n)))
        .unwrap_or(0);
    text & kept == start
}

/// A word whose stem has not been looked at: it keys no phrase (its start rules it out,
/// see [`KeyStarts`]), and it is stemmed when a phrase around a key word needs it.
const UNSTEMMED: LexStem = LexStem::MAX - 1;

/// The lexicon stems of a table's words, found as they are needed.
struct WordStems {
    stemmer: Stemmer,
    /// By word id: the word's lexicon stem, [`NO_LEX`], or [`UNSTEMMED`].
    of: Vec<LexStem>,
    /// The stems worked out, handed to the word count when the table is done
    /// ([`TokenPass::take_stems`]): the count stems every word it keeps, and need not
    /// stem these again.
    found: KnownStems,
}

impl WordStems {
    /// Make room for every word the table gained since the last call (from texts,
    /// titles or the lexicon): none is stemmed yet.
    fn make_room(&mut self, table: &WordTable) {
        self.of.resize(table.words().len(), UNSTEMMED);
    }

    /// Whether the word, a marked one ([`Matcher::marker`]), keys a phrase: it is
    /// stemmed the first time it is asked about, if its start allows a key stem.
    #[inline]
    fn keys_phrase(&mut self, matcher: &Matcher, table: &WordTable, word: WordId) -> bool {
        let mut stem = self.known(word);
        if stem == UNSTEMMED {
            let text = table.text(word);
            if matcher.key_starts.may_key(text) {
                let stemmed = self.stemmer.stem(text);
                self.found.push(word, &stemmed);
                stem = matcher.lexicon_stem(&stemmed);
                self.of[word as usize] = stem;
            }
        }
        matcher.is_key(word, stem)
    }

    /// The lexicon stem of a classified word ([`NO_LEX`] for any other).
    #[inline]
    fn known(&self, word: WordId) -> LexStem {
        self.of.get(word as usize).copied().unwrap_or(NO_LEX)
    }

    /// Whether a classified word, written at byte `at` of `text`, has lexicon stem
    /// `stem`. A word not yet stemmed is stemmed only when it starts as a word with
    /// that stem must; its start is read from the text first, which rules out most
    /// such words without a look at the table's copy of the word (on a large corpus,
    /// far from the cache).
    fn has_stem(
        &mut self,
        matcher: &Matcher,
        table: &WordTable,
        (text, at): (&str, u32),
        word: WordId,
        stem: LexStem,
    ) -> bool {
        let known = self.known(word);
        if known != UNSTEMMED {
            return known == stem;
        }
        // Every stem element names a lexicon stem: one past the table is no word's.
        let Some(start) = matcher.word_starts.get(stem as usize) else {
            return false;
        };
        if at != u32::MAX && start.ruled_out_by_text(text.as_bytes(), at as usize) {
            return false;
        }
        let text = table.text(word);
        if !may_have_stem(text, &start.bytes) {
            return false;
        }
        let stemmed = self.stemmer.stem(text);
        self.found.push(word, &stemmed);
        let found = matcher.lexicon_stem(&stemmed);
        self.of[word as usize] = found;
        found == stem
    }
}

/// Lexicon matching over the tokens of one [`WordTable`] (one that does not stem, as
/// the word count's are): a [`TokenPass`] whose output per text is an
/// [`ArticleFraming`].
///
/// Each token costs a few instructions, taken as the count reads it: it is kept (word
/// and offset, for the phrases around key words), its place tested against the next
/// edge of quoted speech (the quoted spans are found when the text begins), and one
/// bit of its entry tested: the pass sets the table's [`WordMarker`], which marks the
/// words that may key a phrase or have no letter as the table adds them. Words are
/// counted as tokens less those without a letter, which are few and noted apart, and
/// quoted words as the tokens between the edges of each quoted span, so that no token
/// of a word is tallied. The marked tokens are looked at again when the text ends.
pub struct FramingPass {
    matcher: Matcher,
    stems: WordStems,
    categories: usize,
    attribution: u16,
    /// The text's tokens: byte offset (saturated at `u32::MAX`) and word.
    tokens: Vec<(u32, WordId)>,
    /// Indexes into `tokens` of the marked tokens: those whose word may key a phrase,
    /// or has no letter. Those that key one are looked at when the text ends.
    keys: Vec<u32>,
    found: Vec<Found>,
    quotes: Vec<Range<usize>>,
    /// The quoted span `tokens` have reached, and where the next one starts or the
    /// current one ends (whichever a token meets next).
    quote: usize,
    quote_edge: usize,
    in_quote: bool,
    /// Index of the first token of the quoted speech the tokens are in.
    quote_from: u32,
    /// Tokens in quoted speech before `quote_from`.
    quoted_tokens: u32,
    /// Tokens without a letter, and those of them in quoted speech.
    bare: u32,
    bare_quoted: u32,
}

impl FramingPass {
    /// The lexicon resolved into `table`'s ids (the entries' words are added to the
    /// table).
    pub fn new(lexicon: &Lexicon, table: &mut WordTable) -> Self {
        let stemmer = Stemmer::create(Algorithm::English);
        let matcher = Matcher::resolve(lexicon, table, &stemmer);
        table.set_marker(matcher.marker());
        Self {
            matcher,
            stems: WordStems {
                stemmer,
                of: Vec::new(),
                found: KnownStems::default(),
            },
            categories: lexicon.categories().len(),
            attribution: lexicon.attribution() as u16,
            tokens: Vec::new(),
            keys: Vec::new(),
            found: Vec::new(),
            quotes: Vec::new(),
            quote: 0,
            quote_edge: usize::MAX,
            in_quote: false,
            quote_from: 0,
            quoted_tokens: 0,
            bare: 0,
            bare_quoted: 0,
        }
    }

    /// Move the quote cursor to the token at byte `at`, the `index`th: past the spans
    /// that end before it, and into the one that holds it, if any. Tokens are counted
    /// in quoted speech as it is left.
    #[cold]
    fn reach_quote(&mut self, at: usize, index: u32) {
        let was_in_quote = self.in_quote;
        while self.quote < self.quotes.len() && self.quotes[self.quote].end <= at {
            self.quote += 1;
        }
        match self.quotes.get(self.quote) {
            Some(span) if span.start <= at => {
                self.in_quote = true;
                self.quote_edge = span.end;
            }
            Some(span) => {
                self.in_quote = false;
                self.quote_edge = span.start;
            }
            None => {
                self.in_quote = false;
                self.quote_edge = usize::MAX;
            }
        }
        match (was_in_quote, self.in_quote) {
            (false, true) => self.quote_from = index,
            (true, false) => self.quoted_tokens += index - self.quote_from,
            _ => {}
        }
    }
}

impl TokenPass for FramingPass {
    type Output = ArticleFraming;

    fn begin(&mut self, text: &str) {
        self.tokens.clear();
        self.keys.clear();
        self.in_quote = false;
        self.quoted_tokens = 0;
        self.bare = 0;
        self.bare_quoted = 0;
        quoted_spans_into(text, &mut self.quotes);
        self.quote = 0;
        self.reach_quote(0, 0);
    }

    #[inline(always)]
    fn token(&mut self, token: Token, entry: WordEntry) {
        let index = self.tokens.len() as u32;
        let start = token.start.min(u32::MAX as usize) as u32;
        self.tokens.push((start, token.word));
        if token.start >= self.quote_edge {
            self.reach_quote(token.start, index);
        }
        if entry.marked {
            self.keys.push(index);
            if !entry.has_letter {
                self.bare += 1;
                self.bare_quoted += u32::from(self.in_quote);
            }
        }
    }

    fn finish(&mut self, text: &str, table: &WordTable) -> ArticleFraming {
        self.stems.make_room(table);
        let count = self.tokens.len() as u32;
        if self.in_quote {
            self.quoted_tokens += count - self.quote_from;
        }
        let words = count - self.bare;
        let quoted_words = self.quoted_tokens - self.bare_quoted;
        let mut framing = ArticleFraming {
            own: vec![0; self.categories],
            quoted: vec![0; self.categories],
            words: words - quoted_words,
            quoted_words,
            attributions: Vec::new(),
        };

        // Every phrase around every key token, then leftmost-longest: at each start the
        // longest phrase (then the more specific, then the first listed) wins and
        // covers its words.
        self.found.clear();
        for &at in &self.keys {
            let word = self.tokens[at as usize].1;
            if !self.stems.keys_phrase(&self.matcher, table, word) {
                continue;
            }
            let key = (word, self.stems.known(word));
            self.matcher.find_at(
                text,
                &self.tokens,
                at as usize,
                key,
                &mut |at, word, stem| {
                    self.stems
                        .has_stem(&self.matcher, table, (text, at), word, stem)
                },
                &mut self.found,
            );
        }
        self.found.sort_unstable_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(b.len.cmp(&a.len))
                .then(b.specificity.cmp(&a.specificity))
                .then(a.order.cmp(&b.order))
        });
        let (mut quote, mut next_free) = (0, 0);
        for f in &self.found {
            if f.start < next_free {
                continue; // overlaps a phrase already counted
            }
            next_free = f.start + f.len;
            let at = self.tokens[f.start].0;
            let counts = if in_spans(&self.quotes, &mut quote, at as usize) {
                &mut framing.quoted
            } else {
                &mut framing.own
            };
            counts[f.category as usize] += 1;
            if f.category == self.attribution {
                framing.attributions.push(at);
            }
        }
        framing
    }

    fn take_stems(&mut self) -> KnownStems {
        std::mem::take(&mut self.stems.found)
    }
}

/// Scores one text at a time, splitting its sentences itself: for a single text, or a
/// corpus read without the claims stage. Owns a [`WordTable`] (a word met again in a later
/// text is known, and stemmed at most once) and a [`FramingPass`] over it.
pub struct Scorer {
    table: WordTable,
    pass: FramingPass,
    sentences: Vec<Range<usize>>,
}

impl Scorer {
    pub fn new(lexicon: &Lexicon) -> Self {
        let mut table = WordTable::unstemmed();
        let pass = FramingPass::new(lexicon, &mut table);
        Self {
            table,
            pass,
            sentences: Vec::new(),
        }
    }

    /// Score `text`. `attributed_at` are byte offsets of figures whose source the claims
    /// stage found; their sentences count as attributed.
    pub fn score(&mut self, text: &str, attributed_at: &[usize]) -> ArticleScore {
        let framing = self.framing(text);
        sentences_into(text, &mut self.sentences);
        framing.score(&self.sentences, attributed_at)
    }

    /// What the lexicon finds in `text`, before its sentences are known.
    pub fn framing(&mut self, text: &str) -> ArticleFraming {
        let pass = &mut self.pass;
        pass.begin(text);
        self.table
            .tokenize_unstemmed(text, |token, entry| pass.token(token, entry));
        let framing = pass.finish(text, &self.table);
        // No word count shares this table: the stems found are not kept for one.
        pass.stems.found.clear();
        framing
    }
}

/// Whether `at` lies in one of the sorted, disjoint `spans`; `cursor` remembers where
/// the previous (smaller or equal) position was found.
#[inline]
fn in_spans(spans: &[Range<usize>], cursor: &mut usize, at: usize) -> bool {
    while *cursor < spans.len() && spans[*cursor].end <= at {
        *cursor += 1;
    }
    *cursor < spans.len() && spans[*cursor].start <= at
}

/// The sentence holding byte `at`, if any.
fn sentence_index(sentences: &[Range<usize>], at: usize) -> Option<usize> {
    let i = sentences
        .partition_point(|s| s.start <= at)
        .checked_sub(1)?;
    (at < sentences[i].end).then_some(i)
}

/// Byte ranges of `text` inside quotation marks, in order and disjoint (the marks
/// themselves excluded).
///
/// Double quotes close with their own kind: “…”, «…», "…". A straight `"` opens after a
/// space, an opening bracket or a dash, and closes anywhere else. A quote left open runs
/// to the end of its paragraph (a blank line), as a quotation continued over paragraphs
/// reopens at each. Single quotes (‘…’) count only when they close on the same line,
/// since `’` is also the apostrophe. The marks are found with memchr's vectorised
/// search.
pub fn quoted_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    quoted_spans_into(text, &mut out);
    out
}

/// [`quoted_spans`] into a buffer (cleared first), to reuse its allocation.
fn quoted_spans_into(text: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    #[derive(Clone, Copy, PartialEq)]
    enum Open {
        Curly,
        Guillemet,
        Straight,
    }
    let bytes = text.as_bytes();
    let mut open: Option<(Open, usize)> = None;
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let found = match open {
            None => memchr::memchr3(b'"', 0xE2, 0xC2, rest),
            Some((Open::Curly, _)) => memchr::memchr2(0xE2, b'\n', rest),
            Some((Open::Guillemet, _)) => memchr::memchr2(0xC2, b'\n', rest),
            Some((Open::Straight, _)) => memchr::memchr2(b'"', b'\n', rest),
        };
        let Some(offset) = found else {
            break;
        };
        i += offset;
        let (c, n) = match bytes[i] {
            b'"' => ('"', 1),
            b'\n' => ('\n', 1),
            lead => {
                // 0xE2 and 0xC2 only ever lead a character (of three bytes and two), so
                // `i` is a boundary. Most are apostrophes and dashes: those are stepped
                // over from their bytes, without decoding them.
                if !is_quotation_mark(&bytes[i..]) {
                    i += if lead == 0xE2 { 3 } else { 2 };
                    continue;
                }
                let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
                (c, c.len_utf8())
            }
        };
        match (open, c) {
            (None, '"') if opens_straight_quote(text, i) => {
                open = Some((Open::Straight, i + 1));
            }
            (None, '“') => open = Some((Open::Curly, i + n)),
            (None, '«') => open = Some((Open::Guillemet, i + n)),
            (None, '‘') => {
                if let Some(end) = single_quote_end(text, i + n) {
                    out.push(i + n..end);
                    i = end + '’'.len_utf8();
                    continue;
                }
            }
            (Some((Open::Straight, start)), '"') if !opens_straight_quote(text, i) => {
                out.push(start..i);
                open = None;
            }
            (Some((Open::Curly, start)), '”') | (Some((Open::Guillemet, start)), '»') => {
                out.push(start..i);
                open = None;
            }
            (Some((_, start)), '\n') => {
                let line = &bytes[i + 1..];
                let blank = match memchr::memchr(b'\n', line) {
                    Some(len) => line[..len].iter().all(u8::is_ascii_whitespace),
                    None => false,
                };
                if blank {
                    out.push(start..i);
                    open = None;
                }
            }
            _ => {}
        }
        i += n;
    }
    if let Some((_, start)) = open {
        out.push(start..text.len());
    }
    out.retain(|r| !r.is_empty());
}

/// Whether `bytes` start with a typographic quotation mark that opens or closes a
/// quotation here: “, ”, ‘, « or ». The closing ’ is not one: it is read only when
/// a single quote is open ([`single_quote_end`]), as it is mostly an apostrophe.
#[inline]
fn is_quotation_mark(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [0xE2, 0x80, 0x9C | 0x9D | 0x98, ..] | [0xC2, 0xAB | 0xBB, ..]
    )
}

/// Whether the straight `"` at byte `at` opens a quotation: it follows the start of the
/// text, a space, an opening bracket or a dash.
fn opens_straight_quote(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || "([{—–-/:".contains(c))
}

/// Where the single quote opened at `from` closes: a `’` not followed by a letter or
/// digit, on the same line and within a few hundred bytes.
fn single_quote_end(text: &str, from: usize) -> Option<usize> {
    const MAX: usize = 300;
    let rest = &text[from..];
    let mut chars = rest.char_indices().peekable();
    while let Some((j, c)) = chars.next() {
        if c == '\n' || j > MAX {
            return None;
        }
        if c == '’' && !chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric()) {
            return Some(from + j);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEXICON: &str = r#"
version = 1
[[category]]
name = "loaded"
description = "d"
provenance = "p"
terms = ["regime", "puppet regime", "color revolution", "regime change operation"]
[[category]]
name = "threat"
description = "d"
provenance = "p"
terms = ["threat", "chaos", "extremism"]
[[category]]
name = "hedge"
description = "d"
provenance = "p"
terms = ["it seems"]
lower_case = ["may"]
[[category]]
name = "attribution"
description = "d"
provenance = "p"
terms = ["according to"]
exact = ["said", "stated"]
[[category]]
name = "emotive"
description = "d"
provenance = "p"
terms = ["massive"]
exact = ["extremely"]
"#;

    fn lexicon() -> Lexicon {
        Lexicon::from_toml_str(LEXICON, "test.toml").unwrap()
    }

    /// Own-voice and quoted counts per category name, only the non-zero ones.
    fn check(text: &str, own: &[(&str, u32)], quoted: &[(&str, u32)]) {
        let lexicon = lexicon();
        let score = Scorer::new(&lexicon).score(text, &[]);
        let named = |counts: &[u32]| -> Vec<(String, u32)> {
            lexicon
                .categories()
                .iter()
                .zip(counts)
                .filter(|(_, &n)| n > 0)
                .map(|(c, &n)| (c.name.clone(), n))
                .collect()
        };
        let want = |pairs: &[(&str, u32)]| -> Vec<(String, u32)> {
            pairs.iter().map(|(c, n)| ((*c).to_owned(), *n)).collect()
        };
        assert_eq!(named(&score.own), want(own), "own voice in {text:?}");
        assert_eq!(named(&score.quoted), want(quoted), "quoted in {text:?}");
    }

    #[test]
    fn entries_match_on_stems_whole_words_only() {
        check("The regimes fell. The regime's end.", &[("loaded", 2)], &[]);
        check(
            "Regimented lines; a threatening chaos.",
            &[("threat", 1)],
            &[],
        );
        // "threatening" stems to "threaten", not "threat".
        check(
            "Colour revolutions and color revolutions.",
            &[("loaded", 1)],
            &[],
        );
    }

    #[test]
    fn the_longest_phrase_wins_and_counts_once() {
        check("A puppet regime rules.", &[("loaded", 1)], &[]);
        // "puppet" keys the phrase; "regimes" beside it is stemmed when the phrase is
        // checked.
        check("Puppets regimes rule.", &[("loaded", 1)], &[]);
        check(
            "A regime change operation began; regime change followed.",
            &[("loaded", 2)],
            &[],
        );
        check(
            "It seems so, according to them.",
            &[("hedge", 1), ("attribution", 1)],
            &[],
        );
    }

    #[test]
    fn exact_and_lower_case_entries_match_as_written() {
        check("The state stated it.", &[("attribution", 1)], &[]);
        check("In May it may rain. MAY", &[("hedge", 1)], &[]);
        // At equal length a word matched as written beats a stem: "extremely" is
        // emotive, while "extreme" and "extremism" share the stem of a threat.
        check(
            "Extremely extreme extremism.",
            &[("threat", 2), ("emotive", 1)],
            &[],
        );
    }

    /// A word matched as written keys its phrases by itself: words sharing its stem
    /// ("state" with "stated") are not marked for a closer look, and a stem key marks
    /// every word with its start.
    #[test]
    fn words_matched_as_written_key_by_the_word_not_its_stem() {
        let lexicon = lexicon();
        let mut table = WordTable::unstemmed();
        let _pass = FramingPass::new(&lexicon, &mut table);
        let marked = |table: &mut WordTable, word: &str| {
            let id = table.word_id(word);
            table.word(id).marked
        };
        for word in [
            "stated",
            "said",
            "extremely",
            "may",
            "regimes",
            "threatened",
            "2017",
        ] {
            assert!(marked(&mut table, word), "{word}");
        }
        for word in ["state", "states", "sad", "extra", "ma", "the"] {
            assert!(!marked(&mut table, word), "{word}");
        }
    }

    #[test]
    fn quoted_text_is_counted_apart() {
        check(
            "The “regime” fell, he said. \"Chaos,\" they said of the regime.",
            &[("loaded", 1), ("attribution", 2)],
            &[("loaded", 1), ("threat", 1)],
        );
        check(
            "Critics called it ‘a puppet regime’ in 2020.",
            &[],
            &[("loaded", 1)],
        );
        // An apostrophe is not a closing quote.
        check("Russia’s regime.", &[("loaded", 1)], &[]);
    }

    /// A word, a number or a mark of a text made up for the tests.
    fn piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        const PIECES: [&str; 17] = [
            "regime", "said", "troops", "12", "3.5", "“", "”", "\"", "«", "»", "‘", "’", "\n\n",
            "—", "it’s", "A1", "x",
        ];
        prop_oneof![
            proptest::sample::select(&PIECES[..]).prop_map(str::to_owned),
            "[a-z0-9]{1,6}",
        ]
    }

    proptest::proptest! {
        /// Words and quoted words, counted from the quote edges and the few tokens
        /// without a letter, are what tallying every token gives: numbers in and out of
        /// quotes, quotes back to back, a quote left open to the end, words the table
        /// meets for the first time and again.
        #[test]
        fn words_in_and_out_of_quotes_are_counted_as_every_token_tallied(
            texts in proptest::collection::vec(proptest::collection::vec(piece(), 0..40), 1..4),
        ) {
            let lexicon = lexicon();
            let mut scorer = Scorer::new(&lexicon);
            let mut table = WordTable::unstemmed();
            for pieces in texts {
                let text = pieces.join(" ");
                let spans = quoted_spans(&text);
                let (mut all, mut quoted) = (0, 0);
                table.tokenize_unstemmed(&text, |token, entry| {
                    if entry.has_letter {
                        all += 1;
                        quoted += u32::from(spans.iter().any(|s| s.contains(&token.start)));
                    }
                });
                let framing = scorer.framing(&text);
                proptest::prop_assert_eq!(
                    (framing.words, framing.quoted_words),
                    (all - quoted, quoted),
                    "{}",
                    text
                );
            }
        }
    }

    #[test]
    fn quoted_spans_follow_the_marks() {
        let spans = |t: &str| -> Vec<String> {
            quoted_spans(t)
                .into_iter()
                .map(|r| t[r].to_owned())
                .collect()
        };
        assert_eq!(spans(r#"He said "no" and "yes.""#), ["no", "yes."]);
        assert_eq!(spans("“One\n“Two” out"), ["One\n“Two"]);
        assert_eq!(spans("“Open paragraph\n\nOwn voice."), ["Open paragraph"]);
        assert_eq!(
            spans("«Да» и ‘this’, Russia’s leaders’ plans"),
            ["Да", "this"]
        );
        assert_eq!(spans("a 5'10\" man said \"hi\""), ["hi"]);
        assert!(spans("").is_empty());
        assert_eq!(spans("unclosed “quote"), ["quote"]);
    }

    /// The byte test that steps over other characters agrees with decoding them, for
    /// every character led by the bytes the search stops at.
    #[test]
    fn quotation_marks_are_told_from_their_bytes() {
        let mut seen = 0;
        for c in ('\u{80}'..='\u{FFFF}').filter(|c| matches!(c.len_utf8(), 2 | 3)) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            if matches!(bytes[0], 0xC2 | 0xE2) {
                seen += 1;
                let want = matches!(c, '“' | '”' | '‘' | '«' | '»');
                assert_eq!(is_quotation_mark(bytes), want, "{c:?}");
            }
        }
        assert_eq!(seen, 64 + 4096);
        assert!(!is_quotation_mark(&[0xE2, 0x80]), "a cut character is none");
    }

    #[test]
    fn attribution_share_counts_sentences_with_a_source() {
        let lexicon = lexicon();
        let mut scorer = Scorer::new(&lexicon);
        let text =
            "Troops came. The ministry said so. According to Interfax, more came. None left.";
        let score = scorer.score(text, &[]);
        assert_eq!((score.sentences, score.attributed_sentences), (4, 2));
        // A figure the claims stage attributed marks its sentence, once.
        let none_left = text.find("None").unwrap();
        let said = text.find("said").unwrap();
        let score = scorer.score(text, &[none_left, said, text.len() + 10]);
        assert_eq!(score.attributed_sentences, 3);
    }

    #[test]
    fn words_in_and_out_of_quotes_are_tallied() {
        let lexicon = lexicon();
        let mut scorer = Scorer::new(&lexicon);
        let score = scorer.score("The regime fell in 2021. “Regimes fall,” he said.", &[]);
        assert_eq!((score.words, score.quoted_words), (6, 2));
    }

    /// The pass rides on a table other texts fill too (the word count reads titles
    /// without it): words it did not see added are stemmed when a text of its own holds
    /// them.
    #[test]
    fn words_the_table_met_outside_the_pass_are_matched() {
        let lexicon = lexicon();
        let mut table = WordTable::unstemmed();
        let mut pass = FramingPass::new(&lexicon, &mut table);
        table.tokenize_unstemmed("Regimes spread chaos", |_, _| {});
        let text = "Chaos, and the regimes fell.";
        pass.begin(text);
        table.tokenize_unstemmed(text, |token, entry| pass.token(token, entry));
        let framing = pass.finish(text, &table);
        let index = |name: &str| {
            lexicon
                .categories()
                .iter()
                .position(|c| c.name == name)
                .unwrap()
        };
        assert_eq!(framing.own[index("loaded")], 1);
        assert_eq!(framing.own[index("threat")], 1);
        assert_eq!(framing.words, 5);
        // Sentences come later: an entry in the gap between two sentences counts for
        // the next one, a figure's offset for the sentence holding it.
        let text = "Troops came. Officials said so.";
        let mut scorer = Scorer::new(&lexicon);
        let framing = scorer.framing(text);
        let said = text.find("said").unwrap();
        assert_eq!(framing.attributions, [said as u32]);
        let sentences = [0..12, 13..text.len()];
        let score = framing.clone().score(&sentences, &[]);
        assert_eq!((score.sentences, score.attributed_sentences), (2, 1));
        let score = framing.clone().score(&sentences, &[0]);
        assert_eq!(score.attributed_sentences, 2);
        let gapped = [0..12, said + 4..text.len()];
        let score = framing.score(&gapped, &[]);
        assert_eq!(
            score.attributed_sentences, 1,
            "\"said\" lies between the two"
        );
    }

    #[test]
    fn lexicon_stems_are_found_past_the_start_filter() {
        let lexicon = Lexicon::builtin();
        let mut table = WordTable::unstemmed();
        let pass = FramingPass::new(lexicon, &mut table);
        let matcher = &pass.matcher;
        assert!(matcher.stems.len() > 100);
        for (stem, &id) in &matcher.stems {
            assert_eq!(matcher.lexicon_stem(stem), id, "{stem:?}");
        }
        for other in ["", "q", "zzyzx", "régime", "regimen", "threatss"] {
            let want = matcher.stems.get(other).copied().unwrap_or(NO_LEX);
            assert_eq!(matcher.lexicon_stem(other), want, "{other:?}");
        }
    }

    /// Words the table meets long after the lexicon's (ids far past the first bits of
    /// the key-word set) are matched on their stems.
    #[test]
    fn words_met_late_are_matched() {
        let lexicon = Lexicon::builtin();
        let loaded = lexicon
            .categories()
            .iter()
            .position(|c| c.name == "loaded")
            .unwrap();
        let filler: Vec<String> = (0..300).map(|i| format!("filler{i}")).collect();
        let text = format!("{} and the regimes fell", filler.join(" "));
        let score = Scorer::new(lexicon).score(&text, &[]);
        assert_eq!(score.own[loaded], 1);
    }

    /// Every word may key a phrase its stem keys: the start filter never rules out a
    /// word the stemmer would give a key stem. Tried on the stemmer's hard cases
    /// (rewritten endings, words rewritten whole) and on every word of the sample
    /// corpus; on 7.4 million dictionary words and inflections none failed.
    #[test]
    fn key_starts_keep_every_word_of_a_key_stem() {
        let stemmer = Stemmer::create(Algorithm::English);
        let hard = "hoping hopping happily happiness relational relate nobility ability \
            possibility responsibility reasonably generously organization agreed cries \
            ties dying lying tying skies skis idly gently ugly early only singly news \
            'tis luxuriating conditional rationally traditionally argued argues";
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut texts = vec![hard.to_owned()];
        for file in std::fs::read_dir(seeds).unwrap() {
            texts.push(std::fs::read_to_string(file.unwrap().path()).unwrap());
        }
        let mut table = WordTable::unstemmed();
        for text in &texts {
            table.tokenize_unstemmed(text, |_, _| {});
        }
        assert!(table.words().len() > 3000);
        for id in 0..table.words().len() as WordId {
            let word = table.text(id);
            let stem = stemmer.stem(word);
            let starts = KeyStarts::of(std::iter::once(&*stem));
            assert!(starts.may_key(word), "{word:?} (stem {stem:?})");
            // The whole start, which a neighbour of a key word is tested against.
            assert!(
                may_have_stem(word, word_start(&stem)),
                "{word:?} (stem {stem:?})"
            );
        }
        // And the filter filters: a start rules out other words.
        let starts = KeyStarts::of(["regim", "said", "threat"].into_iter());
        for word in ["regimes", "said", "threats", "threat"] {
            assert!(starts.may_key(word), "{word}");
        }
        for word in ["the", "reg", "sad", "throw", "troops", "a"] {
            assert!(!starts.may_key(word), "{word}");
        }
    }

    proptest::proptest! {
        /// One binary search over the sorted starts, none a start of another, finds
        /// what trying every start would: starts of one another, starts longer than
        /// the bytes compared, words shorter than a start.
        #[test]
        fn the_start_search_agrees_with_trying_every_start(
            stems in proptest::collection::vec("[abc]{1,11}", 1..12),
            words in proptest::collection::vec("[abcd]{1,12}", 1..40),
        ) {
            let starts = KeyStarts::of(stems.iter().map(String::as_str));
            for word in &words {
                let naive = stems.iter().any(|stem| {
                    let start = word_start(stem);
                    word.as_bytes().starts_with(&start[..start.len().min(KEY_START_BYTES)])
                });
                proptest::prop_assert_eq!(starts.has_start_of(word.as_bytes()), naive, "{}", word);
            }
        }
    }

    /// A word part of a text made up for the text-side start filter: cases, curly
    /// apostrophes, letters whose lower case is ASCII or longer (Kelvin sign, dotted
    /// capital I), the words Porter2 rewrites whole.
    fn word_piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        const PIECES: [&str; 14] = [
            "Dying",
            "LYING",
            "tying",
            "Skies",
            "\u{212A}ill",
            "\u{130}n",
            "it’s",
            "’tis",
            "'em",
            "Régime",
            "REGIMES",
            "threat",
            "said",
            "-",
        ];
        prop_oneof![
            proptest::sample::select(&PIECES[..]).prop_map(str::to_owned),
            "[a-zA-Z0-9'’]{1,8}",
        ]
    }

    proptest::proptest! {
        /// The start read from the text rules out only words the table's lower-cased
        /// copy rules out too: a phrase never fails to match for the shortcut.
        #[test]
        fn the_text_rules_out_a_start_only_where_the_table_does(
            pieces in proptest::collection::vec(word_piece(), 1..12),
            starts in proptest::collection::vec("[a-z']{0,5}", 1..6),
        ) {
            let text = pieces.join(" ");
            let mut starts: Vec<Vec<u8>> = starts.into_iter().map(String::into_bytes).collect();
            starts.extend(["di", "li", "ti", "sky", "k", "i", "it'", "'t"].map(|s| s.as_bytes().to_vec()));
            let mut table = WordTable::unstemmed();
            let mut tokens = Vec::new();
            table.tokenize_unstemmed(&text, |token, _| tokens.push(token));
            for token in tokens {
                let word = table.text(token.word);
                for start in &starts {
                    if WordStart::of(start).ruled_out_by_text(text.as_bytes(), token.start) {
                        proptest::prop_assert!(
                            !may_have_stem(word, start),
                            "{:?} at {} ruled out for {:?}",
                            word,
                            token.start,
                            String::from_utf8_lossy(start)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_text_rules_out_words_that_start_otherwise() {
        let rules_out = |text: &str, start: &str| {
            WordStart::of(start.as_bytes()).ruled_out_by_text(text.as_bytes(), 0)
        };
        assert!(rules_out("Troops left", "regim"));
        assert!(rules_out("reg ", "regim"));
        assert!(!rules_out("Regimes fell", "regim"));
        assert!(!rules_out("REGIME", "regim"));
        // Porter2 rewrites "dying" whole to "die", whose start is "di".
        assert!(!rules_out("Dying men", "di"));
        assert!(rules_out("Dyed", "di"));
        // Only the first eight bytes of a start are compared.
        assert!(!rules_out("internationally", "internatxyz"));
        assert!(rules_out("internal", "interx"));
        // Left to the table: a non-ASCII letter or a curly apostrophe before the start
        // is decided, a leading apostrophe.
        assert!(!rules_out("\u{212A}ill", "kil"));
        assert!(!rules_out("it’s", "it'"));
        assert!(!rules_out("'tis", "ti"));
        assert!(rules_out("it’s", "is"));
    }

    #[test]
    fn nested_and_long_starts_are_found() {
        // "threat" is kept for "threatening" although "thr" is not one of the starts;
        // "regimentation" is cut to its first eight bytes.
        let starts = KeyStarts::of(["threat", "threaten", "regimentation", "ab"].into_iter());
        for word in [
            "threat",
            "threatening",
            "threats",
            "regiment",
            "regimentations",
            "abc",
        ] {
            assert!(starts.has_start_of(word.as_bytes()), "{word}");
        }
        for word in ["threa", "thread", "regimen", "a", "aa", "zebra"] {
            assert!(!starts.has_start_of(word.as_bytes()), "{word}");
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        let lexicon = lexicon();
        let mut scorer = Scorer::new(&lexicon);
        for text in [
            "",
            "\"",
            "“",
            "‘",
            "’",
            "\n\n\"",
            "«",
            "a\u{a0}“b",
            "é\"",
            "\"\"\"\"",
        ] {
            let s = scorer.score(text, &[0, 1, 100]);
            assert!(s.attributed_sentences <= s.sentences);
        }
    }
}

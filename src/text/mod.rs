//! Text segmentation shared by every stage: sentences with their byte offsets.
//!
//! This module owns where sentences begin and end. It keeps offsets into the original
//! text (never a copy), treats every Unicode space (U+00A0 included) as a space, and
//! knows the abbreviations that end in a period without ending a sentence ("U.S.",
//! "Mr.", "Jan."). Words, their lower-cased forms and stems live in [`tokens`].

pub mod tokens;

use std::ops::Range;

use crate::bytes::{ascii_range_mask, HIGH};

/// Abbreviations after which a period does not end a sentence (lower-case, no period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "rep", "sen",
    "gov", "pres", "st", "jr", "sr", "no", "vol", "art", "ch", "fig", "vs", "etc", "inc", "ltd",
    "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "approx", "est", "dept", "univ", "mt",
    "ft", "km", "cf", "al",
];

/// Byte ranges of the sentences of `text`, trimmed of surrounding whitespace, in order.
///
/// A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets) followed by
/// whitespace and then an upper-case letter, digit or opening quote; at a blank line;
/// or at a line break after a line that ends with such punctuation. A line break inside
/// a sentence (hard-wrapped text) does not end it.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / 128 + 1);
    sentences_into(text, &mut out);
    out
}

/// [`sentences`] into a buffer (cleared first), to reuse its allocation.
pub fn sentences_into(text: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut start = 0;
    let mut i = 0;
    // Only a line break or sentence punctuation can end a sentence: jump from one to the
    // next with memchr's vectorised searches, one per kind of mark ("…" as its three
    // bytes, so that other characters sharing its first byte, as ’ and “ do, cost
    // nothing). Each search's next hit is kept until passed.
    let ellipsis = ellipsis_finder();
    let find_punctuation = |from: usize| {
        memchr::memchr3(b'.', b'!', b'?', &bytes[from..]).map_or(usize::MAX, |o| from + o)
    };
    let find_newline =
        |from: usize| memchr::memchr(b'\n', &bytes[from..]).map_or(usize::MAX, |o| from + o);
    let find_ellipsis = |from: usize| {
        ellipsis
            .find(&bytes[from..])
            .map_or(usize::MAX, |o| from + o)
    };
    let (mut punctuation, mut newline, mut dots) =
        (find_punctuation(0), find_newline(0), find_ellipsis(0));
    while i < len {
        if punctuation < i {
            punctuation = find_punctuation(i);
        }
        if newline < i {
            newline = find_newline(i);
        }
        if dots < i {
            dots = find_ellipsis(i);
        }
        let breaks = newline.min(dots);
        let pos = punctuation.min(breaks);
        if pos >= len {
            break;
        }
        let Some((c, c_len)) = char_at(text, pos) else {
            break;
        };
        // Blank line: paragraph end.
        if c == '\n' {
            let mut j = pos + c_len;
            while let Some((_, n)) =
                char_at(text, j).filter(|&(d, _)| d != '\n' && d.is_whitespace())
            {
                j += n;
            }
            if char_at(text, j).is_some_and(|(d, _)| d == '\n') {
                push_trimmed(text, start..pos, out);
                start = j;
                i = j;
                continue;
            }
            i = pos + c_len;
            continue;
        }
        // "rose 6 . 2 % ." in tokenised text: a decimal point, not an end.
        if c == '.' && spaced_decimal_point(text, pos).is_some() {
            i = pos + c_len;
            continue;
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            // Take the whole run of closers: "...", ".”", "?)".
            let mut j = pos + c_len;
            while let Some((_, n)) = char_at(text, j).filter(|&(d, _)| {
                matches!(
                    d,
                    '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')' | ']' | '»'
                )
            }) {
                j += n;
            }
            let end = j;
            let next_is_space = char_at(text, j).is_some_and(|(d, _)| d.is_whitespace());
            if next_is_space && c == '.' && is_abbreviation(text, pos) {
                i = j;
                continue;
            }
            let mut k = j;
            while let Some((_, n)) = char_at(text, k).filter(|&(d, _)| d.is_whitespace()) {
                k += n;
            }
            let starts_sentence = char_at(text, k).is_none_or(|(d, _)| {
                d.is_uppercase()
                    || d.is_ascii_digit()
                    || matches!(
                        d,
                        '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '—' | '–' | '-'
                    )
            });
            if (next_is_space || j >= len) && starts_sentence {
                push_trimmed(text, start..end, out);
                start = end;
                i = j;
                continue;
            }
        }
        i = pos + c_len;
    }
    push_trimmed(text, start..len, out);
}

/// How a percentage may follow a figure, for [`spaced_decimal_point`].
const PERCENT_FORMS: [&str; 5] = ["%", "\u{ff05}", "percent", "per cent", "pct"];

/// The end of the fraction's digits when the period at byte `period` is the decimal
/// point of a percentage in text tokenised with a space on each side of every mark, as
/// research corpora (Penn Treebank style) ship it: "rose 6 . 2 % ", "30 . 84 percent".
/// Elsewhere a spaced period before digits ends a sentence ("in 2016 . 2 men").
/// Shared by the sentence splitter and the number finder, so that the two agree.
pub fn spaced_decimal_point(text: &str, period: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let before = period.checked_sub(2).and_then(|b| bytes.get(b..period))?;
    if !(before[0].is_ascii_digit() && before[1] == b' ')
        || bytes.get(period) != Some(&b'.')
        || bytes.get(period + 1) != Some(&b' ')
    {
        return None;
    }
    let digits = bytes
        .get(period + 2..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let end = period + 2 + digits;
    let after = text.get(end..)?.trim_start_matches([' ', '\u{a0}']);
    let percent = PERCENT_FORMS.iter().any(|form| {
        after
            .get(..form.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(form))
    });
    (digits > 0 && percent).then_some(end)
}

/// The character starting at byte `pos` and its length in bytes.
#[inline]
fn char_at(text: &str, pos: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(pos)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = text.get(pos..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// [`ABBREVIATIONS`] as a set of byte strings, built once. Hashed with Fx: it is asked
/// about most periods, and the keys are a few fixed bytes.
fn abbreviation_set() -> &'static rustc_hash::FxHashSet<&'static [u8]> {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static [u8]>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| ABBREVIATIONS.iter().map(|a| a.as_bytes()).collect())
}

/// The searcher for "…", built once.
fn ellipsis_finder() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new("…".as_bytes()))
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    // Most sentences start and end on a non-space ASCII byte: no need to decode.
    let plain = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii() && !b.is_ascii_whitespace());
    let bytes = slice.as_bytes();
    let lead = if plain(bytes.first()) {
        0
    } else {
        slice.len() - slice.trim_start().len()
    };
    let trail = if plain(bytes.last()) {
        0
    } else {
        slice.len() - slice.trim_end().len()
    };
    if lead + trail < slice.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

/// Whether the period at `dot` ends an abbreviation ("Mr.", "U.S.", a single initial).
fn is_abbreviation(text: &str, dot: usize) -> bool {
    // Most periods end a long ASCII word: look back a few bytes before decoding
    // anything. A word of eight or more ASCII characters is neither an initial nor an
    // abbreviation; a non-ASCII byte sends the word to the general path below.
    let bytes = text.as_bytes();
    let mut start = dot;
    while start > 0 {
        let b = bytes[start - 1];
        if !b.is_ascii() {
            return is_abbreviation_decoded(text, dot);
        }
        if (b as char).is_whitespace() || matches!(b, b'(' | b'"' | b'[') {
            break;
        }
        if dot - start >= 8 {
            return false;
        }
        start -= 1;
    }
    // The word is ASCII and ends at the boundary the general path would find: judge
    // it as that path judges an ASCII word, without decoding it again.
    is_ascii_abbreviation(&bytes[start..dot])
}

/// Whether an ASCII `word` (the bytes before a period) is a single capital (an
/// initial) or an abbreviation.
fn is_ascii_abbreviation(word: &[u8]) -> bool {
    match word {
        [] => false,
        [b] if b.is_ascii_uppercase() => true,
        _ => {
            // Without allocating: every abbreviation is short ASCII.
            let mut buf = [0u8; 8];
            let Some(lower) = buf.get_mut(..word.len()) else {
                return false;
            };
            lower.copy_from_slice(word);
            lower.make_ascii_lowercase();
            abbreviation_set().contains(&*lower)
        }
    }
}

/// [`is_abbreviation`] on decoded characters.
fn is_abbreviation_decoded(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '['))
        .map_or(0, |p| {
            p + before[p..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // A single letter: an initial ("John F. Kennedy").
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true;
    }
    if word.is_ascii() {
        return is_ascii_abbreviation(word.as_bytes());
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// The sentence containing byte `pos`, or the nearest one before it.
pub fn sentence_at(sentences: &[Range<usize>], pos: usize) -> Option<Range<usize>> {
    let i = sentences.partition_point(|s| s.start <= pos);
    i.checked_sub(1).map(|i| sentences[i].clone())
}

/// Whitespace folded to single spaces (every run of whitespace, U+00A0 and the other
/// spaces outside ASCII included), as quotes are shown.
pub fn fold_whitespace(s: &str) -> String {
    whitespace_folded(s).into_owned()
}

/// `fold_whitespace`, borrowing `s` when it is folded already (most quotes are).
pub fn whitespace_folded(s: &str) -> std::borrow::Cow<'_, str> {
    if is_folded(s) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(join_words(s))
    }
}

/// `fold_whitespace` into a shared string, copied once when `s` is folded already.
pub fn fold_whitespace_shared(s: &str) -> std::sync::Arc<str> {
    if is_folded(s) {
        s.into()
    } else {
        join_words(s).into()
    }
}

/// The words of `s` joined by single spaces: the fold of a text that is not folded.
fn join_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `fold_whitespace` would return `s` unchanged: no whitespace but single
/// spaces between words.
///
/// Eight ASCII bytes are checked at once (quotes are folded for every sentence with a
/// figure); a chunk with other bytes, byte by byte.
fn is_folded(s: &str) -> bool {
    let bytes = s.as_bytes();
    // Starts as if after a space, so that a leading space fails.
    let mut after_space = true;
    for (k, chunk) in bytes.chunks(8).enumerate() {
        let x = chunk.try_into().map_or(HIGH, u64::from_le_bytes);
        // A short last chunk is read byte by byte, as if it held other bytes.
        if x & HIGH == 0 {
            let spaces = ascii_range_mask(x, b' ', b' ');
            let space_before = (spaces << 8) | if after_space { 0x80 } else { 0 };
            if spaces & space_before != 0 || ascii_range_mask(x, b'\t', b'\r') != 0 {
                // Two spaces, or a tab, newline, vertical tab, form feed or return.
                return false;
            }
            after_space = spaces >> 63 != 0;
            continue;
        }
        for (j, &b) in chunk.iter().enumerate() {
            match folded_step(b, &mut after_space) {
                ByteStep::Next => {}
                ByteStep::NotFolded => return false,
                ByteStep::Decode => {
                    if space_outside_ascii_at(s, 8 * k + j) {
                        return false;
                    }
                    after_space = false;
                }
            }
        }
    }
    !after_space || s.is_empty()
}

/// Whether the character at byte `at` of `s` is whitespace (or `at` no character's
/// start). Curly quotes and dashes share their lead byte with the spaces outside ASCII:
/// only the character tells. Kept out of line, so that the fold check stays small
/// where it is inlined.
#[inline(never)]
fn space_outside_ascii_at(s: &str, at: usize) -> bool {
    let c = s.get(at..).and_then(|rest| rest.chars().next());
    c.is_none_or(char::is_whitespace)
}

/// What one byte tells `is_folded`.
enum ByteStep {
    Next,
    NotFolded,
    /// A byte that starts a character outside ASCII which may be whitespace: decode it.
    Decode,
}

#[inline(always)]
fn folded_step(b: u8, after_space: &mut bool) -> ByteStep {
    match b {
        b' ' if *after_space => ByteStep::NotFolded,
        b' ' => {
            *after_space = true;
            ByteStep::Next
        }
        b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => ByteStep::NotFolded,
        // Every other whitespace character starts with one of these lead bytes (U+0085,
        // U+00A0, U+1680, U+2000 to U+3000).
        0xc2 | 0xe1 | 0xe2 | 0xe3 => ByteStep::Decode,
        _ => {
            *after_space = false;
            ByteStep::Next
        }
    }
}

/// Byte offset to character offset, for outputs that count characters.
pub fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn splits_sentences() {
        check(
            "One here. Two there! Three?",
            &["One here.", "Two there!", "Three?"],
        );
        check(
            "He said “stop.” Then left.",
            &["He said “stop.”", "Then left."],
        );
        check(
            "The U.S. Army and Mr. Smith met. Fine.",
            &["The U.S. Army and Mr. Smith met.", "Fine."],
        );
        check(
            "John F. Kennedy spoke on Feb. 8 in town.",
            &["John F. Kennedy spoke on Feb. 8 in town."],
        );
        check(
            "The force is\nmoving fast. Next one.",
            &["The force is\nmoving fast.", "Next one."],
        );
        check(
            "Title line\n\nBody starts here. Ends.",
            &["Title line", "Body starts here.", "Ends."],
        );
        check(
            "It costs 3.6 thousand. Ok.",
            &["It costs 3.6 thousand.", "Ok."],
        );
        check(
            "lower case after. continues",
            &["lower case after. continues"],
        );
        check(
            "Non\u{a0}breaking. Space.",
            &["Non\u{a0}breaking.", "Space."],
        );
        // Tokenised text: a spaced decimal point of a percentage ends nothing; other
        // spaced periods before digits do.
        check(
            "Sales rose 6 . 2 % of GDP . Costs fell 3 . 1 pct . In 2016 . 2 men left .",
            &[
                "Sales rose 6 . 2 % of GDP .",
                "Costs fell 3 . 1 pct .",
                "In 2016 .",
                "2 men left .",
            ],
        );
        check("", &[]);
    }

    /// The first implementation (one `Vec<(usize, char)>` of the whole text), kept to
    /// check that the byte-skipping one splits exactly as it did.
    fn sentences_reference(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (pos, c) = chars[i];
            // Blank line: paragraph end.
            if c == '\n' {
                let mut j = i + 1;
                while j < chars.len() && chars[j].1 != '\n' && chars[j].1.is_whitespace() {
                    j += 1;
                }
                if j < chars.len() && chars[j].1 == '\n' {
                    push_trimmed(text, start..pos, &mut out);
                    start = chars[j].0;
                    i = j;
                    continue;
                }
            }
            if c == '.' && spaced_decimal_point(text, pos).is_some() {
                i += 1;
                continue;
            }
            if matches!(c, '.' | '!' | '?' | '…') {
                // Take the whole run of closers: "...", ".”", "?)".
                let mut j = i + 1;
                while j < chars.len()
                    && matches!(
                        chars[j].1,
                        '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')' | ']' | '»'
                    )
                {
                    j += 1;
                }
                let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
                let next_is_space = j < chars.len() && chars[j].1.is_whitespace();
                if next_is_space && c == '.' && is_abbreviation(text, pos) {
                    i = j;
                    continue;
                }
                let mut k = j;
                while k < chars.len() && chars[k].1.is_whitespace() {
                    k += 1;
                }
                let starts_sentence = k >= chars.len()
                    || chars[k].1.is_uppercase()
                    || chars[k].1.is_ascii_digit()
                    || matches!(
                        chars[k].1,
                        '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '—' | '–' | '-'
                    );
                if (next_is_space || j >= chars.len()) && starts_sentence {
                    push_trimmed(text, start..end, &mut out);
                    start = end;
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
        push_trimmed(text, start..text.len(), &mut out);
        out
    }

    #[test]
    fn splits_exactly_as_the_reference_implementation() {
        for text in [
            include_str!("../../seeds/000_ed47edcddd807277.txt"),
            include_str!("../../seeds/001_8e04e6da6a3de96b.txt"),
            include_str!("../../seeds/002_2f9d97f881cd1197.txt"),
            include_str!("../../seeds/003_ea3221eaefe067f5.txt"),
            include_str!("../../seeds/004_da9ea7aea5780472.txt"),
            "End… Next. \u{2026}X. A.\u{a0}B ”. “. Mr.\n\n \t\nU.S. 3? (Yes!) ‘No’.",
        ] {
            assert_eq!(sentences(text), sentences_reference(text));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn splits_like_the_reference_on_any_text(
            text in "[.!?…\n \u{a0}\u{b}\t\"”“’'()\\[A-Za-z0-9MrUS—-]{0,60}"
        ) {
            proptest::prop_assert_eq!(sentences(&text), sentences_reference(&text));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The byte-wise look-back judges every period as the decoding path does.
        #[test]
        fn abbreviations_are_judged_alike_on_both_paths(
            text in "[ (\"“\\[\t\u{a0}é.A-Za-z]{0,14}\\."
        ) {
            let dot = text.len() - 1;
            proptest::prop_assert_eq!(is_abbreviation(&text, dot), is_abbreviation_decoded(&text, dot));
        }
    }

    #[test]
    fn abbreviations_initials_and_words_before_a_period() {
        let judge = |t: &str| is_abbreviation(t, t.len() - 1);
        assert!(judge("the U.S."));
        assert!(judge("(Mr."));
        assert!(judge("John F."));
        assert!(judge("approx."));
        assert!(!judge("a."));
        assert!(!judge("said."));
        assert!(!judge("Approximately."));
        assert!(!judge("."));
    }

    #[test]
    fn finds_the_sentence_of_an_offset() {
        let text = "One. Two three. Four.";
        let s = sentences(text);
        assert_eq!(&text[sentence_at(&s, 7).unwrap()], "Two three.");
        assert_eq!(char_offset("é1", 2), 1);
    }

    proptest::proptest! {
        #[test]
        fn folding_a_shared_or_borrowed_string_folds_it_alike(text in "([ a\t\n\u{85}\u{a0}\u{1680}\u{2009}\u{2028}\u{202f}\u{205f}\u{3000}é’—“©«ḥ「]|\\PC)*") {
            let folded = fold_whitespace(&text);
            proptest::prop_assert_eq!(&*fold_whitespace_shared(&text), folded.as_str());
            proptest::prop_assert_eq!(&*whitespace_folded(&text), folded.as_str());
        }
    }

    #[test]
    fn folds_whitespace() {
        for (text, folded) in [
            ("", ""),
            (" ", ""),
            ("a b", "a b"),
            ("a  b", "a b"),
            (" a b ", "a b"),
            ("a\tb\nc", "a b c"),
            ("a\u{a0}b", "a b"),
            ("a\u{2009}b \u{3000}c", "a b c"),
            (
                "\u{201c}quoted\u{201d} \u{e9}t\u{e9}",
                "\u{201c}quoted\u{201d} \u{e9}t\u{e9}",
            ),
        ] {
            assert_eq!(fold_whitespace(text), folded, "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn fold_whitespace_joins_the_words(
            text in "[ a\\t\\n\u{a0}\u{85}\u{2009}\u{2028}\u{3000}\u{201c}\u{e9}\u{1680}\u{e1}\u{2010}]{0,12}"
        ) {
            proptest::prop_assert_eq!(
                fold_whitespace(&text),
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }

        /// Long texts, mostly ASCII, so that whole chunks of eight bytes are read at once
        /// and spaces fall on every side of a chunk's edge.
        #[test]
        fn a_text_is_folded_when_folding_leaves_it_alone(
            text in "([ab ]{1,9}|[\t\n\x0b\x0c\r\x01\x1f\x7f]|\u{a0}|\u{e9}|\u{2009}|\u{201c}|\u{1680}|\u{85}|\u{3000}|\u{2028}|\u{205f}|\u{2019}|©|«|ḥ|「){0,24}"
        ) {
            let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(is_folded(&text), folded == text);
        }
    }
}

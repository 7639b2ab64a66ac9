//! Text segmentation shared by every stage: sentences with their byte offsets.
//!
//! This module owns where sentences begin and end. It keeps offsets into the original
//! text (never a copy), treats every Unicode space (U+00A0 included) as a space, and
//! knows the abbreviations that end in a period without ending a sentence ("U.S.",
//! "Mr.", "Jan."). Words, their lower-cased forms and stems live in [`tokens`].

pub mod tokens;

use std::ops::Range;

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

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

/// Whether the period at `dot` ends an abbreviation ("Mr.", "U.S.", a single initial).
fn is_abbreviation(text: &str, dot: usize) -> bool {
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
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// The sentence containing byte `pos`, or the nearest one before it.
pub fn sentence_at(sentences: &[Range<usize>], pos: usize) -> Option<Range<usize>> {
    let i = sentences.partition_point(|s| s.start <= pos);
    i.checked_sub(1).map(|i| sentences[i].clone())
}

/// Whitespace folded to single spaces, as quotes are shown.
pub fn fold_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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
        check("", &[]);
    }

    #[test]
    fn finds_the_sentence_of_an_offset() {
        let text = "One. Two three. Four.";
        let s = sentences(text);
        assert_eq!(&text[sentence_at(&s, 7).unwrap()], "Two three.");
        assert_eq!(char_offset("é1", 2), 1);
    }
}

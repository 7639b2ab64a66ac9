//! The time a figure refers to: explicit dates and years in its sentence ("in May
//! 2016", "In 2017,"), relative ones resolved against the article's date ("last year",
//! "this May", "May of this year", "last October"), else the article's date.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::bytes::{ascii_alnum_mask, ascii_range_mask, load_short};
use crate::date::{month_number, PartialDate};

/// Where a claim's time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeSource {
    /// A date or year written in the sentence.
    Explicit,
    /// "last year", "this May": resolved against the article date.
    Relative,
    /// Nothing in the sentence: the article's own date.
    Article,
    /// Neither the sentence nor the article gives a date.
    Unknown,
}

/// A time expression found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeMention {
    pub span: Range<usize>,
    pub date: PartialDate,
    pub source: TimeSource,
}

const MONTH: &str = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";

/// What a pattern cannot match without: each entry is a set of cue groups of which at
/// least one must occur in the text. Patterns whose requirement is not met are not run.
struct Pattern {
    re: Regex,
    kind: Kind,
    needs: &'static [u8],
    /// A matcher written out by hand that finds exactly the regex's matches (in ASCII
    /// case folding; see [`folds_outside_ascii`]), for the patterns run on most
    /// sentences.
    by_hand: Option<HandMatcher>,
}

/// The year patterns, matched without the regex engine: they run on every sentence
/// with a year in it, and a regex search over the whole sentence cost several times a
/// look around each year.
#[derive(Debug, Clone, Copy)]
enum HandMatcher {
    /// `(?i)\b(?:in|since|…|mid-?|as of)[ \u{a0}]+((?:19|20)\d{2})\b`.
    YearAfterWord,
    /// `^((?:19|20)\d{2})\b`.
    YearAtStart,
}

/// The words a year follows in the `Year` pattern, lower-case ("mid" may carry a
/// hyphen; "as of" is two words).
const YEAR_WORDS: &[&str] = &[
    "in", "since", "by", "during", "of", "from", "until", "before", "after", "early", "late", "mid",
];

/// Whether `b` is a word byte to `(?-u:\b)`.
fn is_ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A year of the patterns at `at`: "19" or "20" and two more ASCII digits, with no word
/// byte after them. Its end. (A year of other digits would not parse, and the patterns'
/// matches that do not parse add nothing.)
fn year_at(bytes: &[u8], at: usize) -> Option<usize> {
    let year = bytes.get(at..at + 4)?;
    let century = matches!(&year[..2], b"19" | b"20");
    let digits = year[2].is_ascii_digit() && year[3].is_ascii_digit();
    let ends = !bytes.get(at + 4).copied().is_some_and(is_ascii_word);
    (century && digits && ends).then_some(at + 4)
}

/// The matches of [`HandMatcher::YearAfterWord`] in `text`: each whole match and its
/// year. Every year is looked at once: spaces back from it, then the word before.
fn years_after_words(text: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for at in memchr::memchr2_iter(b'1', b'2', bytes) {
        let Some(end) = year_at(bytes, at) else {
            continue;
        };
        // One or more spaces or no-break spaces before the year.
        let mut p = at;
        loop {
            if p >= 1 && bytes[p - 1] == b' ' {
                p -= 1;
            } else if p >= 2 && bytes[p - 2..p] == [0xc2, 0xa0] {
                p -= 2;
            } else {
                break;
            }
        }
        if p == at {
            continue;
        }
        let hyphen = p >= 1 && bytes[p - 1] == b'-';
        let word_end = if hyphen { p - 1 } else { p };
        let mut word_start = word_end;
        while word_start > 0 && bytes[word_start - 1].is_ascii_alphabetic() {
            word_start -= 1;
        }
        let word = &text[word_start..word_end];
        let bounded = word_start == 0 || !is_ascii_word(bytes[word_start - 1]);
        let known = if hyphen {
            word.eq_ignore_ascii_case("mid")
        } else {
            YEAR_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w))
        };
        if !(bounded && known) || word_start == word_end {
            continue;
        }
        // "as of 2019" (one ASCII space) starts at "as", the leftmost match.
        let mut start = word_start;
        if !hyphen && word.eq_ignore_ascii_case("of") && word_start >= 3 {
            let as_start = word_start - 3;
            if bytes[word_start - 1] == b' '
                && bytes[as_start..word_start - 1].eq_ignore_ascii_case(b"as")
                && (as_start == 0 || !is_ascii_word(bytes[as_start - 1]))
            {
                start = as_start;
            }
        }
        found.push((start..end, at..end));
    }
    found
}

/// Whether `text` holds a character outside ASCII that Unicode case folding maps to an
/// ASCII letter (U+017F long s to "s", U+212A Kelvin sign to "k"): the case-insensitive
/// regexes then match words the ASCII comparisons would not.
fn folds_outside_ascii(text: &str) -> bool {
    !text.is_ascii() && (text.contains('\u{17f}') || text.contains('\u{212a}'))
}

/// Cue groups: which words of the patterns' own alternations a text contains.
const CUE_MONTH: u8 = 1;
const CUE_YEAR: u8 = 1 << 1;
const CUE_MONTH_UNIT: u8 = 1 << 2;
const CUE_CENTURY: u8 = 1 << 3;
const CUE_NOW: u8 = 1 << 4;

/// The cue words, each with its group, taken from the patterns below: every month
/// alternative of `MONTH` starts with one of the three-letter stems; "year" and "month"
/// are the units of the relative patterns; "19" and "20" open every year the `Year`
/// patterns accept; the `Now` words (whose "so far this year" holds "year").
const CUES: &[(&str, u8)] = &[
    ("jan", CUE_MONTH),
    ("feb", CUE_MONTH),
    ("mar", CUE_MONTH),
    ("apr", CUE_MONTH),
    ("may", CUE_MONTH),
    ("jun", CUE_MONTH),
    ("jul", CUE_MONTH),
    ("aug", CUE_MONTH),
    ("sep", CUE_MONTH),
    ("oct", CUE_MONTH),
    ("nov", CUE_MONTH),
    ("dec", CUE_MONTH),
    ("year", CUE_YEAR | CUE_NOW),
    ("month", CUE_MONTH_UNIT),
    ("19", CUE_CENTURY),
    ("20", CUE_CENTURY),
    ("today", CUE_NOW),
    ("now", CUE_NOW),
    ("currently", CUE_NOW),
    ("present", CUE_NOW),
];

fn patterns() -> &'static [Pattern] {
    static RE: OnceLock<Vec<Pattern>> = OnceLock::new();
    RE.get_or_init(|| {
        let p = |s: String, kind: Kind, needs: &'static [u8]| Pattern {
            re: Regex::new(&s).expect("static regex"),
            kind,
            needs,
            by_hand: None,
        };
        let by_hand = |pattern: Pattern, matcher: HandMatcher| Pattern {
            by_hand: Some(matcher),
            ..pattern
        };
        vec![
            p(format!(r"(?-u:\b){MONTH}[ \u{{a0}}]?(\d{{1,2}})(?:st|nd|rd|th)?,?[ \u{{a0}}]+(\d{{4}})(?-u:\b)"), Kind::MonthDayYear, &[CUE_MONTH]),
            p(format!(r"(?-u:\b)(\d{{1,2}})[ \u{{a0}}]+{MONTH},?[ \u{{a0}}]+(\d{{4}})(?-u:\b)"), Kind::DayMonthYear, &[CUE_MONTH]),
            p(format!(r"(?-u:\b){MONTH}[ \u{{a0}}]+(?:of[ \u{{a0}}]+)?(\d{{4}})(?-u:\b)"), Kind::MonthYear, &[CUE_MONTH]),
            p(format!(r"(?i)(?-u:\b){MONTH}[ \u{{a0}}]+of[ \u{{a0}}]+(this|last|next)[ \u{{a0}}]+year(?-u:\b)"), Kind::MonthOfRelativeYear, &[CUE_MONTH, CUE_YEAR]),
            p(format!(r"(?i)(?-u:\b)(this|last|next|in)[ \u{{a0}}]+{MONTH}(?-u:\b)"), Kind::RelativeMonth, &[CUE_MONTH]),
            p(r"(?i)(?-u:\b)(this|last|next|past)[ \u{a0}]+year(?-u:\b)".to_owned(), Kind::RelativeYear, &[CUE_YEAR]),
            p(r"(?i)(?-u:\b)(this|last|next|past)[ \u{a0}]+month(?-u:\b)".to_owned(), Kind::RelativeMonthUnit, &[CUE_MONTH_UNIT]),
            by_hand(p(r"(?i)(?-u:\b)(?:in|since|by|during|of|from|until|before|after|early|late|mid-?|as of)[ \u{a0}]+((?:19|20)\d{2})(?-u:\b)".to_owned(), Kind::Year, &[CUE_CENTURY]), HandMatcher::YearAfterWord),
            by_hand(p(r"^((?:19|20)\d{2})(?-u:\b)".to_owned(), Kind::Year, &[CUE_CENTURY]), HandMatcher::YearAtStart),
            p(r"(?i)(?-u:\b)(today|now|currently|at present|so far this year)(?-u:\b)".to_owned(), Kind::Now, &[CUE_NOW]),
        ]
    })
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    MonthDayYear,
    DayMonthYear,
    MonthYear,
    MonthOfRelativeYear,
    RelativeMonth,
    RelativeYear,
    RelativeMonthUnit,
    Year,
    /// "today", "now": the article's own date.
    Now,
}

fn year_of(s: &str) -> Option<i32> {
    s.parse().ok()
}

fn shift_year(anchor: Option<PartialDate>, word: &str) -> Option<i32> {
    let year = anchor?.year;
    Some(match word.to_ascii_lowercase().as_str() {
        "last" | "past" => year - 1,
        "next" => year + 1,
        _ => year,
    })
}

/// "this May", "last October", "in May": the year follows from the article's month.
fn relative_month(anchor: Option<PartialDate>, word: &str, month: u8) -> Option<PartialDate> {
    let anchor = anchor?;
    let anchor_month = anchor.month?;
    let year = match word.to_ascii_lowercase().as_str() {
        "last" => {
            if month < anchor_month {
                anchor.year
            } else {
                anchor.year - 1
            }
        }
        "next" => {
            if month > anchor_month {
                anchor.year
            } else {
                anchor.year + 1
            }
        }
        // "this May" / "in May": this year's, unless it lies well ahead of the article,
        // in which case writers mean the last one.
        _ => {
            if month > anchor_month + 1 {
                anchor.year - 1
            } else {
                anchor.year
            }
        }
    };
    PartialDate::month(year, month)
}

/// Every time expression in `text`, resolved against `anchor` (the article date).
/// Overlapping matches keep the earliest-listed, most specific pattern.
pub fn find_times(text: &str, anchor: Option<PartialDate>) -> Vec<TimeMention> {
    find_times_among(text, anchor, cue_groups(text), !folds_outside_ascii(text))
}

/// `find_times` running only the patterns whose cue groups are all in `present`: a
/// pattern that cannot match adds nothing, so skipping it changes no result. With
/// `by_hand`, the patterns that have a hand matcher use it instead of their regex.
fn find_times_among(
    text: &str,
    anchor: Option<PartialDate>,
    present: u8,
    by_hand: bool,
) -> Vec<TimeMention> {
    let mut found: Vec<TimeMention> = Vec::new();
    for pattern in patterns() {
        if !pattern.needs.iter().all(|&group| present & group != 0) {
            continue;
        }
        match pattern.by_hand.filter(|_| by_hand) {
            Some(HandMatcher::YearAfterWord) => {
                for (whole, year) in years_after_words(text) {
                    let g = |i: usize| if i == 1 { &text[year.clone()] } else { "" };
                    add_time(&mut found, whole, pattern.kind, g, anchor);
                }
            }
            Some(HandMatcher::YearAtStart) => {
                if let Some(end) = year_at(text.as_bytes(), 0) {
                    let g = |i: usize| if i == 1 { &text[..end] } else { "" };
                    add_time(&mut found, 0..end, pattern.kind, g, anchor);
                }
            }
            None => {
                for caps in pattern.re.captures_iter(text) {
                    let Some(whole) = caps.get(0) else { continue };
                    let g = |i: usize| caps.get(i).map_or("", |m| m.as_str());
                    add_time(&mut found, whole.range(), pattern.kind, g, anchor);
                }
            }
        }
    }
    found.sort_by_key(|t| t.span.start);
    found
}

/// A pattern's match `whole`, with its groups `g`, resolved and added to `found` unless
/// it overlaps an earlier pattern's.
fn add_time<'t>(
    found: &mut Vec<TimeMention>,
    whole: Range<usize>,
    kind: Kind,
    g: impl Fn(usize) -> &'t str,
    anchor: Option<PartialDate>,
) {
    if found
        .iter()
        .any(|f| f.span.start < whole.end && whole.start < f.span.end)
    {
        return;
    }
    let resolved = match kind {
        Kind::MonthDayYear => month_number(g(1))
            .and_then(|m| PartialDate::day(year_of(g(3))?, m, g(2).parse().ok()?))
            .map(|d| (d, TimeSource::Explicit)),
        Kind::DayMonthYear => month_number(g(2))
            .and_then(|m| PartialDate::day(year_of(g(3))?, m, g(1).parse().ok()?))
            .map(|d| (d, TimeSource::Explicit)),
        Kind::MonthYear => month_number(g(1))
            .and_then(|m| PartialDate::month(year_of(g(2))?, m))
            .map(|d| (d, TimeSource::Explicit)),
        Kind::MonthOfRelativeYear => month_number(g(1))
            .and_then(|m| PartialDate::month(shift_year(anchor, g(2))?, m))
            .map(|d| (d, TimeSource::Relative)),
        Kind::RelativeMonth => {
            // "May" alone is too often the verb; require a capital for it.
            let month_word = g(2);
            if month_word == "may" || month_word == "MAY" {
                None
            } else {
                month_number(month_word)
                    .and_then(|m| relative_month(anchor, g(1), m))
                    .map(|d| (d, TimeSource::Relative))
            }
        }
        Kind::RelativeYear => {
            shift_year(anchor, g(1)).map(|y| (PartialDate::year(y), TimeSource::Relative))
        }
        Kind::RelativeMonthUnit => anchor.and_then(|a| {
            let m = a.month?;
            let (y, m) = match g(1).to_ascii_lowercase().as_str() {
                "last" | "past" => {
                    if m == 1 {
                        (a.year - 1, 12)
                    } else {
                        (a.year, m - 1)
                    }
                }
                "next" => {
                    if m == 12 {
                        (a.year + 1, 1)
                    } else {
                        (a.year, m + 1)
                    }
                }
                _ => (a.year, m),
            };
            PartialDate::month(y, m).map(|d| (d, TimeSource::Relative))
        }),
        Kind::Year => year_of(g(1)).map(|y| (PartialDate::year(y), TimeSource::Explicit)),
        Kind::Now => anchor.map(|a| (a, TimeSource::Relative)),
    };
    if let Some((date, source)) = resolved {
        found.push(TimeMention {
            span: whole,
            date,
            source,
        });
    }
}

/// The cue groups `text` holds. Most sentences with a figure hold a digit, so digits
/// alone would let nearly all of them through; the cue words let most of the ten
/// patterns be skipped in most sentences.
///
/// Only words are looked at: in every pattern the cue starts where an ASCII word does
/// (after `\b`, a space, a no-break space or the start of the text), so a cue inside a
/// word ("Decurrently") can never be part of a match. Words start as `\b` says, in ASCII:
/// "May" in "éMay" starts one. Word starts are found eight bytes at a time; only there
/// are the cues compared. (An overlapping automaton search over every byte cost several
/// times as much.)
fn cue_groups(text: &str) -> u8 {
    // The case-insensitive patterns also fold U+017F (long s) to "s" and U+212A (Kelvin
    // sign) to "k", the only characters outside ASCII whose simple case folding reaches
    // an ASCII letter; the ASCII scan below would miss them, so such a text runs every
    // pattern.
    if !text.is_ascii() && (text.contains('\u{17f}') || text.contains('\u{212a}')) {
        return u8::MAX;
    }
    let bytes = text.as_bytes();
    let mut present = 0;
    // Whether the byte before the chunk is a letter or digit, as its high bit.
    let mut carry = 0;
    for (chunk, pos) in bytes.chunks(8).zip((0..).step_by(8)) {
        // `_` is a word character to `\b` but not to the mask: a word start after it
        // is one more place looked at, never one fewer.
        let word = ascii_alnum_mask(load_short(chunk));
        let mut starts = word & !((word << 8) | carry);
        carry = word >> 56;
        while starts != 0 {
            let at = pos + (starts.trailing_zeros() / 8) as usize;
            starts &= starts - 1;
            present |= cues_at(&bytes[at..]);
        }
        if present == ALL_CUE_GROUPS {
            break;
        }
    }
    present
}

/// The groups of the cues `rest` starts with, ignoring ASCII case. A word cue counts
/// only when it is the whole word (the run of ASCII letters at `rest`), and a month
/// stem only when its word is a month word of `MONTH`: in every pattern a cue word is
/// followed by a space, a digit, a comma, a period or a word boundary, never by another
/// ASCII letter, so "market", "decided", "years" or "presented" cannot be one. The
/// digit cues ("19", "20") open a year and stay prefixes.
fn cues_at(rest: &[u8]) -> u8 {
    let mut groups = 0;
    let mut candidates = rest.first().map_or(0, |&b| CUE_STARTS[usize::from(b)]);
    if candidates == 0 {
        return 0;
    }
    let word_len = || {
        rest.iter()
            .position(|b| !b.is_ascii_alphabetic())
            .unwrap_or(rest.len())
    };
    // The first eight bytes in one word, ASCII capitals lower-cased: each cue's prefix
    // is then one masked comparison.
    let raw = load_short(&rest[..rest.len().min(8)]);
    let head = raw | (ascii_range_mask(raw, b'A', b'Z') >> 2);
    while candidates != 0 {
        let k = candidates.trailing_zeros() as usize;
        candidates &= candidates - 1;
        let (cue, group) = CUES[k];
        let (packed, mask) = CUE_PACKED[k];
        let starts = rest.len() >= cue.len()
            && head & mask == packed
            && rest[..cue.len()].eq_ignore_ascii_case(cue.as_bytes());
        // The prefix first: most words fail it, and the whole word is read only then.
        if starts
            && match group {
                CUE_MONTH => is_month_word(rest),
                CUE_CENTURY => true,
                _ => word_len() == cue.len(),
            }
        {
            groups |= group;
        }
    }
    groups
}

/// Whether the run of ASCII letters `rest` starts with is a month word of `MONTH`, in
/// any case: a month name, its three-letter abbreviation or "sept".
fn is_month_word(rest: &[u8]) -> bool {
    let len = rest
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    // ASCII letters only: a str.
    std::str::from_utf8(&rest[..len]).is_ok_and(|word| month_number(word).is_some())
}

/// Every cue group.
const ALL_CUE_GROUPS: u8 = {
    let mut all = 0;
    let mut i = 0;
    while i < CUES.len() {
        all |= CUES[i].1;
        i += 1;
    }
    all
};

/// Each cue's first eight bytes (lower case) as a little-endian word, and the mask of
/// the bytes it has.
const CUE_PACKED: [(u64, u64); CUES.len()] = {
    let mut table = [(0u64, 0u64); CUES.len()];
    let mut i = 0;
    while i < CUES.len() {
        let cue = CUES[i].0.as_bytes();
        let mut j = 0;
        while j < cue.len() && j < 8 {
            table[i].0 |= (cue[j].to_ascii_lowercase() as u64) << (8 * j);
            table[i].1 |= 0xff << (8 * j);
            j += 1;
        }
        i += 1;
    }
    table
};

/// For each byte, the cues (bits indexing `CUES`) whose first letter it is, in either
/// case.
const CUE_STARTS: [u32; 256] = {
    assert!(CUES.len() <= 32, "one bit per cue");
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < CUES.len() {
        let first = CUES[i].0.as_bytes()[0];
        table[first.to_ascii_lowercase() as usize] |= 1 << i;
        table[first.to_ascii_uppercase() as usize] |= 1 << i;
        i += 1;
    }
    table
};

/// The time a figure at `figure` (byte range in the same text) refers to: an expression
/// right after it ("66% in May 2016") wins; else the nearest one in the sentence.
pub fn time_of_figure<'a>(
    times: &'a [TimeMention],
    figure: &Range<usize>,
) -> Option<&'a TimeMention> {
    const RIGHT_AFTER: usize = 4;
    if let Some(t) = times
        .iter()
        .find(|t| t.span.start >= figure.end && t.span.start - figure.end <= RIGHT_AFTER)
    {
        return Some(t);
    }
    times.iter().min_by_key(|t| {
        if t.span.end <= figure.start {
            figure.start - t.span.end
        } else {
            t.span.start.saturating_sub(figure.end)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, anchor: Option<&str>, expected: &[&str]) {
        let anchor = anchor.and_then(PartialDate::parse);
        let got: Vec<String> = find_times(text, anchor)
            .iter()
            .map(|t| t.date.to_string())
            .collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn explicit_and_relative_times() {
        check(
            "decreased from 66% in May 2016 to 56% in May of this year",
            Some("2018-10-25"),
            &["2016-05", "2018-05"],
        );
        check(
            "In 2017, services detained 1,018 militants",
            Some("2018-07-26"),
            &["2017"],
        );
        check(
            "Last October, the CSTO held an exercise",
            Some("2018-02-11"),
            &["2017-10"],
        );
        check("he said last year that", Some("2018-07-26"), &["2017"]);
        check("On December 10, 2010 they met", None, &["2010-12-10"]);
        check("on 5 March 2019", None, &["2019-03-05"]);
        check("troops may leave this week", Some("2022-01-09"), &[]);
        check(
            "this May (it still has 1,000 troops there)",
            Some("2021-06-29"),
            &["2021-05"],
        );
        check("last year", None, &[]);
        check("No time here at all.", Some("2020-01-01"), &[]);
        check(
            "grows from 20.7 percent today to 30 percent in 2047",
            Some("2017-05-06"),
            &["2017-05-06", "2047"],
        );
    }

    #[test]
    fn nearest_time_wins() {
        let text = "from 66% in May 2016 to 56% in May of this year";
        let times = find_times(text, PartialDate::parse("2018-10-25"));
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            i..i + s.len()
        };
        assert_eq!(
            time_of_figure(&times, &at("66%")).unwrap().date.to_string(),
            "2016-05"
        );
        assert_eq!(
            time_of_figure(&times, &at("56%")).unwrap().date.to_string(),
            "2018-05"
        );
    }

    /// The cue scan may only skip patterns that cannot match, and the hand matchers
    /// find what their regexes find.
    fn same_as_unchecked(text: &str) {
        for anchor in [
            None,
            PartialDate::parse("2018-10-25"),
            PartialDate::parse("2019"),
        ] {
            assert_eq!(
                find_times(text, anchor),
                find_times_among(text, anchor, u8::MAX, false),
                "{text:?}"
            );
        }
    }

    #[test]
    fn years_are_matched_by_hand_as_their_regexes_match_them() {
        for text in [
            "2019 was a year; in 2019, since\u{a0}2004, mid-1990 and mid 1991, as of 2020",
            "as  of 2020, AS OF 2021, as\u{a0}of 2022, gas of 2023, as of2024",
            "within 2019, x-in 2019, _in 2019, 1in 2019, \u{e9}in 2019, in 20190, in 2019x",
            "In 1899 and in 2100 and in 1999é, of 20\u{663}\u{664}, in- 2019, mid- 2019",
            "Mid-2019 came; by  \u{a0} 2018; early 2017; LATE 2016; during 2015; until 2014.",
            "2020s saw it; 20 people; 1919",
        ] {
            same_as_unchecked(text);
        }
        assert_eq!(
            years_after_words("as of 2020 and in 2019")
                .into_iter()
                .map(|(whole, year)| (whole.start, year.start))
                .collect::<Vec<_>>(),
            [(0, 6), (15, 18)]
        );
    }

    #[test]
    fn a_long_s_or_kelvin_sign_sends_the_years_to_their_regexes() {
        // Unicode case folding makes "aſ of" "as of" for the case-insensitive regex.
        let text = "a\u{17f} of 2004 prices rose";
        assert!(folds_outside_ascii(text));
        let times = find_times(text, None);
        assert_eq!(times.len(), 1);
        assert_eq!(
            times[0].span.start, 0,
            "the regex's match, from \"a\u{17f}\""
        );
        assert_eq!(
            years_after_words(text)[0].0.start,
            4,
            "by hand, from \"of\""
        );
    }

    #[test]
    fn cues_count_only_where_words_start() {
        assert_eq!(cue_groups("12 people were hurt"), 0);
        assert_eq!(cue_groups("they know it"), 0, "\"now\" inside a word");
        assert_eq!(
            cue_groups("knownow, decurrently"),
            0,
            "\"dec\" starts a word that is no month"
        );
        assert_eq!(
            cue_groups("knownow, Dec."),
            CUE_MONTH,
            "\"Dec\" is a month word"
        );
        assert_eq!(cue_groups("right NOW"), CUE_NOW);
        assert_eq!(
            cue_groups("\u{e9}May"),
            CUE_MONTH,
            "after a byte outside ASCII"
        );
        assert_eq!(cue_groups("in 2019"), CUE_CENTURY);
        assert_eq!(cue_groups("x2019"), 0);
    }

    #[test]
    fn cue_scan_keeps_every_time() {
        for text in [
            "On December 10, 2010 they met",
            "on 5 March 2019",
            "IN SEPT. 2001 AND LAST MAY",
            "from 66% in May 2016 to 56% in May of this year",
            "2019 was worse than the past month",
            "20 died; 19 were hurt",
            "It is currently at 5 per cent, down from 7 at present",
            "so far this year",
            "in \u{17f}eptember, la\u{17f}t month, at pre\u{17f}ent",
            "la\u{17f}t year and this \u{17f}ept.",
            "Decurrently 4",
            "\u{e9}May 2020, _May 2020, xMay 2020, knownow, know-now, 1,2019",
            "No time here at all, 12 people.",
            "mid-1990s and since\u{a0}2004",
        ] {
            same_as_unchecked(text);
        }
        // A sentence with a time expression still finds it.
        check(
            "In Sept. 2001, 3,000 left; last month 20 more",
            Some("2018-10-25"),
            &["2001-09", "2018-09"],
        );
    }

    #[test]
    fn month_cues_cover_every_month_word() {
        let stems: Vec<&str> = CUES
            .iter()
            .filter(|(_, group)| *group == CUE_MONTH)
            .map(|(word, _)| *word)
            .collect();
        for alternative in MONTH.trim_matches(|c| c == '(' || c == ')').split('|') {
            let lower = alternative.to_ascii_lowercase();
            assert!(
                stems.iter().any(|stem| lower.starts_with(stem)),
                "{alternative}"
            );
            // "Sept?\\.?": each spelling the alternative allows is a month word.
            let letters: String = lower.chars().filter(char::is_ascii_alphabetic).collect();
            let spellings = if lower.contains("t?") {
                vec![letters.clone(), letters.trim_end_matches('t').to_owned()]
            } else {
                vec![letters]
            };
            for spelling in spellings {
                assert!(
                    is_month_word(spelling.as_bytes()),
                    "{alternative}: {spelling}"
                );
            }
        }
        assert_eq!(cue_groups("the market decided"), 0);
        assert_eq!(cue_groups("for years, months, nowhere presented"), 0);
        assert_eq!(
            cue_groups("this year's, last month, now"),
            CUE_YEAR | CUE_NOW | CUE_MONTH_UNIT
        );
        assert_eq!(cue_groups("in Sept. 2001"), CUE_MONTH | CUE_CENTURY);
    }

    proptest::proptest! {
        #[test]
        fn cue_scan_never_skips_a_match(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "in", "In", "since", "of", "this", "last", "next", "past", "THIS",
                    "year", "Year", "month", "MONTH", "today", "now", "currently", "at",
                    "present", "so", "far", "May", "may", "MAY", "Sept.", "Sep", "sept",
                    "January", "jan.", "Dec", "Aug", "March", "mar", "10th,", "5", "31",
                    "2016", "1999", "2047", "19", "20", "120", "3,000", "%", ",", "mid-",
                    "\u{17f}ept", "la\u{17f}t", "\u{212a}", "\u{a0}", "people",
                    "Decurrently", "\u{e9}", "_", "x", "-", "2020May", "as", "as of",
                    "AS", "mid", "mid-", "MID-", "by", "during", "from", "until", "early",
                    "late", "before", "after", "2004", "1899", "2100", "20190", "2019x",
                    "market", "Decided", "mayor", "Mays", "Marc", "Sept5", "Septem", "June.",
                    "years", "year's", "yearé", "months", "nowhere", "now2", "todays",
                    "presented", "Currently,", "YEAR",
                    "\u{663}\u{664}", "gas", "within",
                ]),
                0..12,
            ),
            separators in proptest::collection::vec(
                proptest::sample::select(vec![" ", "", "\u{a0}", ", "]),
                12,
            ),
        ) {
            let mut text = String::new();
            for (word, sep) in words.iter().zip(&separators) {
                text.push_str(word);
                text.push_str(sep);
            }
            same_as_unchecked(&text);
        }
    }
}

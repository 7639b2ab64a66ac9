//! Finding numeric mentions in text: every number with its byte span, its value with
//! scale words folded in, the interval its wording implies, the rounding its written
//! form implies, and the unit that follows (or, for currencies, precedes) it.
//!
//! Owns: the grammar of numbers (digits with separators, decimals, scale suffixes,
//! written numbers, fractions, vague quantities, ranges) and the decision whether a
//! numeric mention is a quantity at all or a year, date, time, ordinal, identifier,
//! name, address, URL part, version or phone number ([`MentionKind`]).
//!
//! Does not: decide what a quantity counts when modifiers stand between it and its
//! noun, read qualifiers such as "about" or "over" (both belong to the claims layer),
//! or load unit data (that is [`super::units`]).
//!
//! The scanner walks the bytes once, jumping to digits and to words that can start a
//! number; it allocates only for the mentions it returns.
//!
//! ```
//! use claimscope::claims::numbers::{find_quantities, MentionKind};
//! use claimscope::claims::units::UnitTable;
//! let found = find_quantities("a 17,000-strong force sent in 2012", UnitTable::builtin());
//! assert_eq!(found[0].value, 17000.0);
//! assert_eq!(found[0].adjectival, Some("strong"));
//! assert_eq!(found[1].kind, MentionKind::Year);
//! ```

use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::units::{is_boundary_at, is_boundary_before, is_space, Measure, UnitMatch, UnitTable};

/// How a number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberForm {
    /// "17,000", "3.6", "$4.1bn", "19k".
    Digits,
    /// "twelve", "a dozen", "half a million".
    Words,
    /// Digits with a scale word: "3.6 thousand", "13 lakh".
    Mixed,
    /// "dozens", "several thousand", "tens of thousands".
    Vague,
    /// "5,000-7,000", "between 5 and 7 km".
    Range,
}

/// Whether a numeric mention is a quantity, and if not, what it is instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    Quantity,
    Year,
    Date,
    DateRange,
    TimeOfDay,
    Ordinal,
    Century,
    /// "Article 4", "Issue 98", "No. 5", "Resolution 1325".
    Identifier,
    /// "COVID-19", "Su-27", "G20", "Combat Brotherhood-2017".
    NameWithNumber,
    /// "103 Kurortniy Prospekt".
    Address,
    /// Inside a URL, or a query parameter such as "p=778770".
    UrlPart,
    Version,
    PhoneNumber,
}

/// One numeric mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity<'a> {
    /// Byte range of the whole phrase (sign, currency, number, scale, unit).
    pub span: Range<usize>,
    /// Byte range of the numeric part only.
    pub number_span: Range<usize>,
    /// Value with multipliers folded in; percent in points; for a range or vague
    /// quantity, the low end.
    pub value: f64,
    /// Interval the form itself implies (range ends, vague widths; value for exact figures).
    pub low: f64,
    pub high: f64,
    /// Rounding implied by the written form: "17,000" -> 1000, "17,013" -> 1,
    /// "55.5" -> 0.1, "3.6 thousand" -> 100. 0 when the form is exact by construction
    /// (fractions such as "1/4").
    pub precision: f64,
    pub form: NumberForm,
    /// The unit, for quantities only.
    pub unit: Option<UnitMatch<'a>>,
    pub kind: MentionKind,
    /// "strong" in "a 17,000-strong force": a force size follows, with no unit. The
    /// unit table's lower-case form.
    pub adjectival: Option<&'a str>,
    /// The figure is a change, not a level: it follows a verb of change and "by" ("grew
    /// by 3,000 troops"), or the verb alone and is a share or money ("exports rose 4%").
    /// See `[changes]` in the unit table.
    pub change: bool,
}

impl Quantity<'_> {
    /// True when the mention asserts an amount (not a year, date, identifier, ...).
    pub fn is_quantity(&self) -> bool {
        self.kind == MentionKind::Quantity
    }

    /// The middle of the interval, as tools that report one value per range expect.
    pub fn midpoint(&self) -> f64 {
        (self.low + self.high) / 2.0
    }
}

/// Find every numeric mention in `text`, sorted by start and non-overlapping.
pub fn find_quantities<'a>(text: &'a str, units: &'a UnitTable) -> Vec<Quantity<'a>> {
    let mut out = Vec::new();
    find_quantities_into(text, units, &mut out);
    out
}

/// [`find_quantities`] into a buffer (cleared first), to reuse its allocation from text
/// to text.
pub fn find_quantities_into<'a>(text: &'a str, units: &'a UnitTable, out: &mut Vec<Quantity<'a>>) {
    out.clear();
    let scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        units,
        urls: url_spans(text),
    };
    scanner.run(out);
}

// ------------------------------------------------------------------ lexicon

/// What a word can do in a number.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Wd {
    Digit(u8),
    Teen(u8),
    Tens(u8),
    Hundred,
    Scale(f64),
    /// Plural scale word: "hundreds", "thousands", "dozens", "lakhs".
    PluralScale(f64),
    Dozen,
    /// A fraction's denominator: "thirds", "quarter", "hundredths".
    Denominator(f64),
    /// "first".."ninth": only inside compound denominators ("twenty-fifth").
    OrdinalUnit(u8),
    A,
    And,
    Point,
    Minus,
    Half,
    Couple,
    Few,
    Several,
    TensVague,
    Scores,
    Over,
    In,
    Of,
}

/// Whether a word is a number written out ("seven", "twenty", "dozen").
pub(crate) fn is_number_word(word: &str) -> bool {
    matches!(
        word_class(word),
        Some(Wd::Digit(_) | Wd::Teen(_) | Wd::Tens(_))
    )
}

/// Every word that can be part of a number written out, lower-case, with what it does
/// there. [`word_class`] and the scanner's first-word filter both read this list.
const NUMBER_WORDS: &[(&str, Wd)] = {
    use Wd::*;
    &[
        ("zero", Digit(0)),
        ("nought", Digit(0)),
        ("naught", Digit(0)),
        ("nil", Digit(0)),
        ("one", Digit(1)),
        ("two", Digit(2)),
        ("three", Digit(3)),
        ("four", Digit(4)),
        ("five", Digit(5)),
        ("six", Digit(6)),
        ("seven", Digit(7)),
        ("eight", Digit(8)),
        ("nine", Digit(9)),
        ("ten", Teen(10)),
        ("eleven", Teen(11)),
        ("twelve", Teen(12)),
        ("thirteen", Teen(13)),
        ("fourteen", Teen(14)),
        ("fifteen", Teen(15)),
        ("sixteen", Teen(16)),
        ("seventeen", Teen(17)),
        ("eighteen", Teen(18)),
        ("nineteen", Teen(19)),
        ("twenty", Tens(20)),
        ("thirty", Tens(30)),
        ("forty", Tens(40)),
        ("fourty", Tens(40)),
        ("fifty", Tens(50)),
        ("sixty", Tens(60)),
        ("seventy", Tens(70)),
        ("eighty", Tens(80)),
        ("ninety", Tens(90)),
        ("hundred", Hundred),
        ("thousand", Scale(1e3)),
        ("million", Scale(1e6)),
        ("billion", Scale(1e9)),
        ("trillion", Scale(1e12)),
        ("lakh", Scale(1e5)),
        ("lac", Scale(1e5)),
        ("lkh", Scale(1e5)),
        ("crore", Scale(1e7)),
        ("koti", Scale(1e7)),
        ("krore", Scale(1e7)),
        ("cr", Scale(1e7)),
        ("hundreds", PluralScale(1e2)),
        ("thousands", PluralScale(1e3)),
        ("millions", PluralScale(1e6)),
        ("billions", PluralScale(1e9)),
        ("trillions", PluralScale(1e12)),
        ("lakhs", PluralScale(1e5)),
        ("lacs", PluralScale(1e5)),
        ("crores", PluralScale(1e7)),
        ("krores", PluralScale(1e7)),
        ("dozen", Dozen),
        ("dz", Dozen),
        ("dozens", PluralScale(12.0)),
        ("dzs", PluralScale(12.0)),
        ("half", Half),
        ("halves", Half),
        ("third", Denominator(3.0)),
        ("thirds", Denominator(3.0)),
        ("quarter", Denominator(4.0)),
        ("quarters", Denominator(4.0)),
        ("fourth", Denominator(4.0)),
        ("fourths", Denominator(4.0)),
        ("fifth", Denominator(5.0)),
        ("fifths", Denominator(5.0)),
        ("sixth", Denominator(6.0)),
        ("sixths", Denominator(6.0)),
        ("seventh", Denominator(7.0)),
        ("sevenths", Denominator(7.0)),
        ("eighth", Denominator(8.0)),
        ("eighths", Denominator(8.0)),
        ("ninth", Denominator(9.0)),
        ("ninths", Denominator(9.0)),
        ("tenth", Denominator(10.0)),
        ("tenths", Denominator(10.0)),
        ("twelfth", Denominator(12.0)),
        ("twelfths", Denominator(12.0)),
        ("twentieth", Denominator(20.0)),
        ("twentieths", Denominator(20.0)),
        ("thirtieth", Denominator(30.0)),
        ("thirtieths", Denominator(30.0)),
        ("fortieth", Denominator(40.0)),
        ("fortieths", Denominator(40.0)),
        ("fiftieth", Denominator(50.0)),
        ("fiftieths", Denominator(50.0)),
        ("hundredth", Denominator(100.0)),
        ("hundredths", Denominator(100.0)),
        ("thousandth", Denominator(1000.0)),
        ("thousandths", Denominator(1000.0)),
        ("first", OrdinalUnit(1)),
        ("firsts", OrdinalUnit(1)),
        ("second", OrdinalUnit(2)),
        ("seconds", OrdinalUnit(2)),
        ("a", A),
        ("an", A),
        ("and", And),
        ("point", Point),
        ("minus", Minus),
        ("negative", Minus),
        ("couple", Couple),
        ("few", Few),
        ("several", Several),
        ("tens", TensVague),
        ("scores", Scores),
        ("over", Over),
        ("in", In),
        ("of", Of),
    ]
};

/// What `word` (any case) can do in a number, if anything.
fn word_class(word: &str) -> Option<Wd> {
    static INDEX: OnceLock<FxHashMap<u128, Wd>> = OnceLock::new();
    let key = word_key(word.as_bytes())?;
    INDEX
        .get_or_init(|| {
            NUMBER_WORDS
                .iter()
                .filter_map(|&(w, class)| Some((word_key(w.as_bytes())?, class)))
                .collect()
        })
        .get(&key)
        .copied()
}

/// A word of up to 15 bytes, lower-cased (ASCII), packed with its length into one key.
fn word_key(word: &[u8]) -> Option<u128> {
    if word.is_empty() || word.len() > 15 {
        return None;
    }
    let mut bytes = [0u8; 16];
    for (slot, b) in bytes.iter_mut().zip(word) {
        *slot = b.to_ascii_lowercase();
    }
    bytes[15] = word.len() as u8;
    Some(u128::from_le_bytes(bytes))
}

/// Whether a word of this class can be the first word of a number: "and", "over", "in",
/// "of", ordinals, "couple", "few", "dozen" and denominators other than "quarter" only
/// continue one ("a dozen", "two thirds").
const fn starts_a_number(word: &str, class: Wd) -> bool {
    match class {
        Wd::And
        | Wd::Over
        | Wd::In
        | Wd::Of
        | Wd::OrdinalUnit(_)
        | Wd::Couple
        | Wd::Few
        | Wd::Dozen => false,
        Wd::Denominator(_) => eq_ignore_ascii_case(word, "quarter"),
        _ => true,
    }
}

/// `str::eq_ignore_ascii_case`, usable in constants.
const fn eq_ignore_ascii_case(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if !a[i].eq_ignore_ascii_case(&b[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// The slot of a word's first two letters in [`FIRST_WORDS`], for ASCII letters of
/// either case: the low five bits of an ASCII letter are 1 to 26 in both cases, so the
/// slot needs no case folding or bounds arithmetic (every word of the text comes here).
/// A one-letter word has second slot 0, which no letter has.
const fn letter_pair(first: u8, second: Option<u8>) -> usize {
    let second = match second {
        Some(b) => (b & 0x1f) as usize,
        None => 0,
    };
    ((first & 0x1f) as usize) << 5 | second
}

/// For each pair of first letters, a bit per length (1..=15) of the words that can start
/// a number. Every word of the text is checked here, and most ("the", "to", "for") fail
/// without a lookup.
const FIRST_WORDS: [u16; 32 * 32] = {
    let mut table = [0u16; 32 * 32];
    let mut i = 0;
    while i < NUMBER_WORDS.len() {
        let (word, class) = NUMBER_WORDS[i];
        let bytes = word.as_bytes();
        if starts_a_number(word, class) && !bytes.is_empty() && bytes.len() < 16 {
            let second = if bytes.len() > 1 {
                Some(bytes[1])
            } else {
                None
            };
            table[letter_pair(bytes[0], second)] |= 1 << bytes.len();
        }
        i += 1;
    }
    table
};

/// Whether a word of ASCII letters can start a number, by its first two letters and its
/// length: a filter before [`word_class`] that never turns away a word that can.
fn could_start_number(word: &[u8]) -> bool {
    let Some(&first) = word.first() else {
        return false;
    };
    let second = word.get(1).copied();
    if word.len() >= 16
        || !first.is_ascii_alphabetic()
        || second.is_some_and(|b| !b.is_ascii_alphabetic())
    {
        return false;
    }
    FIRST_WORDS[letter_pair(first, second)] & (1 << word.len()) != 0
}

/// Ordinal word to its unit value, for compound denominators ("twenty-fifth").
fn ordinal_unit(wd: Wd) -> Option<f64> {
    match wd {
        Wd::OrdinalUnit(v) => Some(f64::from(v)),
        Wd::Denominator(d) if d < 10.0 => Some(d),
        _ => None,
    }
}

/// Scale abbreviations written after digits: glued ("19k", "$4.1bn") or spaced ("2.33 k").
fn scale_abbreviation(word: &str, glued: bool) -> Option<f64> {
    let exact = match word {
        "k" | "K" => Some(1e3),
        "M" => Some(1e6),
        "G" => Some(1e9),
        "B" | "T" if glued => Some(if word == "B" { 1e9 } else { 1e12 }),
        "m" | "b" if glued => Some(if word == "m" { 1e6 } else { 1e9 }),
        _ => None,
    };
    if exact.is_some() {
        return exact;
    }
    // Two or three ASCII letters, compared in lower case without a copy.
    let mut lower = [0u8; 3];
    let slot = lower.get_mut(..word.len()).filter(|_| word.len() >= 2)?;
    slot.copy_from_slice(word.as_bytes());
    slot.make_ascii_lowercase();
    match &*slot {
        b"mn" | b"mln" | b"mil" | b"mio" => Some(1e6),
        b"bn" | b"bln" | b"bil" => Some(1e9),
        b"tn" | b"tln" | b"trn" => Some(1e12),
        b"cr" | b"kr" if !glued => Some(1e7),
        _ => None,
    }
}

fn is_month(word: &str) -> bool {
    // "may" is a verb far more often than a month: only the capitalised form counts.
    if word == "may" || word == "MAY" {
        return false;
    }
    !word.ends_with('.') && crate::date::month_number(word).is_some()
}

const IDENTIFIER_WORDS: &[&str] = &[
    "article",
    "articles",
    "art",
    "chapter",
    "ch",
    "issue",
    "volume",
    "vol",
    "resolution",
    "section",
    "paragraph",
    "para",
    "clause",
    "part",
    "page",
    "pp",
    "item",
    "rule",
    "annex",
    "appendix",
    "table",
    "figure",
    "fig",
    "route",
    "flight",
    "platform",
    "room",
    "protocol",
    "amendment",
    "decree",
    "directive",
    "edition",
    "episode",
    "season",
    "phase",
    "stage",
    "category",
    "gate",
    "terminal",
    "exit",
    "highway",
    "interstate",
    "box",
    "apt",
    "suite",
    "division",
    "district",
    "precinct",
    "ward",
    "bus",
    "tier",
    "grade",
    "level",
    "class",
    "step",
];

const STREET_WORDS: &[&str] = &[
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "drive",
    "dr",
    "prospekt",
    "prospect",
    "ulitsa",
    "way",
    "place",
    "pl",
    "highway",
    "embankment",
    "naberezhnaya",
    "court",
    "ct",
    "terrace",
    "plaza",
    "square",
    "sq",
    "pereulok",
    "shosse",
    "alley",
    "parkway",
];

fn in_list(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

// ------------------------------------------------------------------ tokens

#[derive(Debug, Clone, Copy, PartialEq)]
enum TokKind {
    Word,
    Digits,
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    kind: TokKind,
}

/// The next token at or after `pos`, skipping whitespace of any kind.
fn next_token(text: &str, pos: usize) -> Option<Tok> {
    let rest = text.get(pos..)?;
    let offset = rest.len() - rest.trim_start_matches(is_space).len();
    let start = pos + offset;
    let first = text.get(start..)?.chars().next()?;
    let bytes = text.as_bytes();
    if first.is_ascii_digit() {
        let end = start
            + bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        return Some(Tok {
            start,
            end,
            kind: TokKind::Digits,
        });
    }
    if first.is_ascii_alphabetic() {
        let end = start
            + bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
        return Some(Tok {
            start,
            end,
            kind: TokKind::Word,
        });
    }
    Some(Tok {
        start,
        end: start + first.len_utf8(),
        kind: TokKind::Punct(first),
    })
}

fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|t| t.chars().next())
}

fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos).and_then(|t| t.chars().next_back())
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‑' | '−')
}

fn is_thousands_space(text: &str, pos: usize) -> Option<usize> {
    match char_at(text, pos)? {
        c @ (' ' | '\u{a0}' | '\u{202f}' | '\u{2009}') => Some(c.len_utf8()),
        _ => None,
    }
}

/// Whether `mark` stands at `pos` + 1 with a space on each side, as text tokenised
/// for research corpora (Penn Treebank style) writes every punctuation mark, and a
/// digit follows.
fn spaced_mark(bytes: &[u8], pos: usize, mark: u8) -> bool {
    bytes
        .get(pos..pos + 4)
        .is_some_and(|w| w[0] == b' ' && w[1] == mark && w[2] == b' ' && w[3].is_ascii_digit())
}

/// The denominator written " / " after a numerator (from `from` to `pos`), when the
/// two make a proper fraction that is no part of a spaced date ("3 / 15 / 2020"): its
/// value and end.
fn spaced_fraction(text: &str, from: usize, pos: usize, numerator: f64) -> Option<Digits> {
    let bytes = text.as_bytes();
    let after_slash = from
        .checked_sub(2)
        .and_then(|b| bytes.get(b..from))
        .is_some_and(|w| w == b"/ ")
        || from.checked_sub(1).and_then(|b| bytes.get(b)) == Some(&b'/');
    if after_slash || !spaced_mark(bytes, pos, b'/') {
        return None;
    }
    let d = digit_run(bytes, pos + 3);
    let end = pos + 3 + d;
    let value = digits_value(&text[pos + 3..end]);
    let date = spaced_mark(bytes, end, b'/')
        || bytes
            .get(end)
            .is_some_and(|&b| b == b'/' || b.is_ascii_alphanumeric());
    (value > numerator && !date).then_some(Digits { value, end })
}

/// A run of digits read: its value and where it ends.
struct Digits {
    value: f64,
    end: usize,
}

fn digit_run(bytes: &[u8], pos: usize) -> usize {
    bytes
        .get(pos..)
        .map_or(0, |b| b.iter().take_while(|b| b.is_ascii_digit()).count())
}

fn vulgar_fraction(c: char) -> Option<f64> {
    Some(match c {
        '½' => 0.5,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '¼' => 0.25,
        '¾' => 0.75,
        '⅕' => 0.2,
        '⅖' => 0.4,
        '⅗' => 0.6,
        '⅘' => 0.8,
        '⅙' => 1.0 / 6.0,
        '⅚' => 5.0 / 6.0,
        '⅛' => 0.125,
        '⅜' => 0.375,
        '⅝' => 0.625,
        '⅞' => 0.875,
        '⅐' => 1.0 / 7.0,
        '⅑' => 1.0 / 9.0,
        '⅒' => 0.1,
        _ => return None,
    })
}

/// Byte ranges of URLs ("http://...", "https://...", "www...."), up to the next space.
fn url_spans(text: &str) -> Vec<Range<usize>> {
    // Built once: a searcher costs about as much to build as to run over an article.
    static FINDERS: OnceLock<[memchr::memmem::Finder<'static>; 2]> = OnceLock::new();
    let [http, www] = FINDERS.get_or_init(|| {
        [
            memchr::memmem::Finder::new("http"),
            memchr::memmem::Finder::new("www."),
        ]
    });
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    // "http://" and "https://" in one pass over the text.
    let http_starts = http.find_iter(bytes).filter(|&start| {
        let rest = &bytes[start + 4..];
        rest.starts_with(b"://") || rest.starts_with(b"s://")
    });
    let www_starts = www
        .find_iter(bytes)
        .filter(|&start| is_boundary_before(text, start));
    for start in http_starts.chain(www_starts) {
        let rest = &text[start..];
        let len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '“' | '”'))
            .unwrap_or(rest.len());
        spans.push(start..start + len);
    }
    spans.sort_by_key(|s| s.start);
    // Merge overlaps ("https://www.") so that a binary search finds the one URL at a point.
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// True when `pos` lies inside one of the sorted, disjoint `spans`.
fn inside_any(spans: &[Range<usize>], pos: usize) -> bool {
    let after = spans.partition_point(|s| s.start <= pos);
    after > 0 && spans[after - 1].contains(&pos)
}

// ------------------------------------------------------------------ one number

/// A single number as written, before units and ranges.
#[derive(Debug, Clone)]
struct Numeral {
    start: usize,
    end: usize,
    value: f64,
    low: f64,
    high: f64,
    precision: f64,
    form: NumberForm,
    /// Product of the scale words ("3.6 thousand" -> 1000), 1 without.
    scale: f64,
    /// Number of digits when written as plain digits without separator or decimals.
    plain_digits: Option<usize>,
    hint: Option<MentionKind>,
}

impl Numeral {
    fn exact(start: usize, end: usize, value: f64, precision: f64, form: NumberForm) -> Numeral {
        Numeral {
            start,
            end,
            value,
            low: value,
            high: value,
            precision,
            form,
            scale: 1.0,
            plain_digits: None,
            hint: None,
        }
    }

    fn scale_by(&mut self, factor: f64) {
        self.value *= factor;
        self.low *= factor;
        self.high *= factor;
        self.precision *= factor;
        self.scale *= factor;
        if self.form == NumberForm::Digits {
            self.form = NumberForm::Mixed;
        }
    }

    fn negate(&mut self) {
        self.value = -self.value;
        let low = -self.high;
        self.high = -self.low;
        self.low = low;
    }
}

/// Four plain digits that may be a year: 1800 to 2100.
fn is_year_like(n: &Numeral) -> bool {
    n.plain_digits == Some(4) && (1800.0..=2100.0).contains(&n.value)
}

/// Rounding implied by an integer written with all its digits: 17000 -> 1000.
fn integer_precision(value: f64) -> f64 {
    if value == 0.0 || !value.is_finite() || value.abs() >= 1e15 {
        return 1.0;
    }
    let mut p = 1.0;
    let mut v = value.abs().round();
    while v >= 10.0 && (v % 10.0) == 0.0 {
        v /= 10.0;
        p *= 10.0;
    }
    p
}

/// Digits as lexed: grouping, decimals, exponents, fractions, times, versions.
struct DigitLex {
    end: usize,
    value: f64,
    precision: f64,
    plain_digits: Option<usize>,
    hint: Option<MentionKind>,
    invalid: bool,
}

fn digits_value(s: &str) -> f64 {
    let mut v = 0.0f64;
    for b in s.bytes() {
        if b.is_ascii_digit() {
            v = v * 10.0 + f64::from(b - b'0');
        }
    }
    v
}

fn decimal_value(digits: &str) -> f64 {
    let mut v = 0.0;
    let mut place = 0.1;
    for b in digits.bytes().filter(u8::is_ascii_digit) {
        v += f64::from(b - b'0') * place;
        place /= 10.0;
    }
    v
}

fn lex_digits(text: &str, start: usize) -> DigitLex {
    let bytes = text.as_bytes();
    let int_len = digit_run(bytes, start);
    let mut end = start + int_len;
    let mut value = digits_value(&text[start..end]);
    let mut precision = integer_precision(value);
    let mut plain = true;
    let mut decimals: Option<usize> = None;
    let mut hint = None;
    let at = |i: usize| bytes.get(i).copied();

    // Thousands groups.
    if int_len > 0 && at(end) == Some(b',') && at(end + 1).is_some_and(|b| b.is_ascii_digit()) {
        // The digit groups after commas, summed up as they are read (a list of numbers
        // may hold any number of them): how many, the first and last, how many 3-digit
        // groups lead, and whether all before the last have two digits.
        let mut groups = 0;
        let (mut first_group, mut last_group) = (0, 0);
        let mut leading_threes = 0;
        let mut twos_before_last = true;
        let mut p = end;
        while at(p) == Some(b',') {
            let g = digit_run(bytes, p + 1);
            if g == 0 {
                break;
            }
            if groups == 0 {
                first_group = g;
            } else if last_group != 2 {
                twos_before_last = false;
            }
            if g == 3 && leading_threes == groups {
                leading_threes += 1;
            }
            last_group = g;
            groups += 1;
            p += 1 + g;
        }
        let western = int_len <= 3 && leading_threes == groups;
        let indian = int_len <= 2 && groups >= 2 && last_group == 3 && twos_before_last;
        if western || indian {
            end = p;
            plain = false;
        } else if int_len <= 3 && first_group == 3 {
            // Take the valid prefix of 3-digit groups only.
            end += leading_threes * 4;
            plain = false;
        } else if groups == 1
            && first_group <= 2
            && !(at(p) == Some(b'.') && at(p + 1).is_some_and(|b| b.is_ascii_digit()))
        {
            // "5,00", "1,3": a decimal comma.
            decimals = Some(first_group);
            value += decimal_value(&text[end + 1..p]);
            end = p;
            plain = false;
        }
        if !plain && decimals.is_none() {
            value = digits_value(&text[start..end]);
            precision = integer_precision(value);
        }
    } else if int_len > 0 && int_len <= 3 && at(end) == Some(b'.') {
        // European grouping "1.111,11" or "1.234.567".
        let mut groups = 0;
        let mut p = end;
        while at(p) == Some(b'.')
            && digit_run(bytes, p + 1) == 3
            && !at(p + 4).is_some_and(|b| b.is_ascii_digit())
        {
            groups += 1;
            p += 4;
        }
        let comma_decimal =
            groups >= 1 && at(p) == Some(b',') && (1..=2).contains(&digit_run(bytes, p + 1));
        let dotted_int = groups >= 2 && at(p) != Some(b'.');
        if comma_decimal || dotted_int {
            value = digits_value(&text[start..p]);
            end = p;
            plain = false;
            precision = integer_precision(value);
            if comma_decimal {
                let d = digit_run(bytes, p + 1);
                value += decimal_value(&text[p + 1..p + 1 + d]);
                decimals = Some(d);
                end = p + 1 + d;
            }
        }
    } else if (1..=3).contains(&int_len) && spaced_mark(bytes, end, b',') {
        // Text tokenised with a space on each side of every mark ("80 , 000",
        // "1 , 250 , 000"): groups of exactly three digits after " , ". Prose never
        // spaces a comma on its left, so a list ("7, 800") is not read as one number.
        let mut p = end;
        while spaced_mark(bytes, p, b',')
            && digit_run(bytes, p + 3) == 3
            && !at(p + 6).is_some_and(|b| b.is_ascii_alphanumeric())
        {
            p += 6;
        }
        if p > end {
            end = p;
            plain = false;
            value = digits_value(&text[start..end]);
            precision = integer_precision(value);
        }
    } else if (1..=3).contains(&int_len) {
        // "19 000", "1 234 567": groups of exactly three digits after a space.
        let mut p = end;
        let mut grouped = false;
        while let Some(sep) = is_thousands_space(text, p) {
            let g = digit_run(bytes, p + sep);
            if g != 3 || at(p + sep + 3).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'/') {
                break;
            }
            p += sep + 3;
            grouped = true;
        }
        if grouped {
            end = p;
            plain = false;
            value = digits_value(&text[start..end]);
            precision = integer_precision(value);
        }
    }

    // Decimals.
    if decimals.is_none()
        && at(end) == Some(b'.')
        && at(end + 1).is_some_and(|b| b.is_ascii_digit())
    {
        let d = digit_run(bytes, end + 1);
        value += decimal_value(&text[end + 1..end + 1 + d]);
        decimals = Some(d);
        end += 1 + d;
        plain = false;
        // "4.9.16": a version.
        if at(end) == Some(b'.') && at(end + 1).is_some_and(|b| b.is_ascii_digit()) {
            while at(end) == Some(b'.') && at(end + 1).is_some_and(|b| b.is_ascii_digit()) {
                end += 1 + digit_run(bytes, end + 1);
            }
            hint = Some(MentionKind::Version);
        }
    }
    // Tokenised text again: "6 . 2 %", "30 . 84 pct" (the sentence splitter reads the
    // same point the same way).
    if decimals.is_none() && at(end) == Some(b' ') {
        if let Some(fraction_end) = crate::text::spaced_decimal_point(text, end + 1) {
            let d = fraction_end - (end + 3);
            value += decimal_value(&text[end + 3..fraction_end]);
            decimals = Some(d);
            end = fraction_end;
            plain = false;
        }
    }
    if let Some(d) = decimals {
        precision = 10f64.powi(-(d.min(300) as i32));
    }
    let plain_digits = if plain && decimals.is_none() && int_len > 0 {
        Some(int_len)
    } else {
        None
    };
    let mut lex = DigitLex {
        end,
        value,
        precision,
        plain_digits,
        hint,
        invalid: false,
    };
    if lex.hint.is_some() {
        return lex;
    }

    // Times of day "10:30", "20:53:47".
    if plain_digits.is_some_and(|n| n <= 2)
        && at(end) == Some(b':')
        && digit_run(bytes, end + 1) == 2
    {
        let minutes = digits_value(&text[end + 1..end + 3]);
        if value <= 24.0 && minutes < 60.0 {
            lex.end = end + 3;
            if at(lex.end) == Some(b':') && digit_run(bytes, lex.end + 1) == 2 {
                lex.end += 3;
            }
            lex.hint = Some(MentionKind::TimeOfDay);
            return lex;
        }
    }
    // Fractions "1/4", dates "3/15/2020".
    if plain_digits.is_some() && at(end) == Some(b'/') {
        let d = digit_run(bytes, end + 1);
        if d > 0 {
            let den_end = end + 1 + d;
            if at(den_end) == Some(b'/') && digit_run(bytes, den_end + 1) > 0 {
                lex.end = den_end + 1 + digit_run(bytes, den_end + 1);
                lex.hint = Some(MentionKind::Date);
                return lex;
            }
            let den = digits_value(&text[end + 1..den_end]);
            lex.end = den_end;
            // A month and a day: in elevenths ("9/11": no one writes elevenths as a
            // fraction), with a day from 13 to 31 after a word that dates ("by 3/15",
            // "since 1/20"), or any day after "on", "since" or "until" ("on 12/5"); two
            // years are a span ("the 2019/2020 budget"). No fraction is written improper
            // ("24/7", "50/50", "7/7" are names).
            let dating_word = |words: &[&str]| {
                previous_word(text, start)
                    .is_some_and(|(w, _)| words.iter().any(|d| w.eq_ignore_ascii_case(d)))
            };
            let month_day = (1.0..=12.0).contains(&value)
                && (1.0..=31.0).contains(&den)
                && (den == 11.0
                    || den >= 13.0 && dating_word(DATING_A_DAY)
                    || dating_word(DATING_ANY_FRACTION));
            if month_day {
                lex.hint = Some(MentionKind::Date);
                return lex;
            }
            let year = |v: f64, digits: usize| digits == 4 && (1800.0..=2100.0).contains(&v);
            if plain_digits.is_some_and(|n| year(value, n)) && year(den, d) {
                lex.hint = Some(MentionKind::DateRange);
                return lex;
            }
            if den > 0.0 && value >= den {
                lex.hint = Some(MentionKind::NameWithNumber);
                return lex;
            }
            lex.plain_digits = None;
            lex.precision = 0.0;
            if den == 0.0 {
                lex.invalid = true;
            } else {
                lex.value = value / den;
            }
            return lex;
        }
    }
    // "1 / 4" in tokenised text: a proper fraction only ("24 / 7" stays two numbers),
    // and not the start of a spaced date ("3 / 15 / 2020").
    if plain_digits.is_some() {
        if let Some(den) = spaced_fraction(text, start, end, value) {
            lex.value = value / den.value;
            lex.end = den.end;
            lex.plain_digits = None;
            lex.precision = 0.0;
            return lex;
        }
    }
    // Mixed fractions "2 1/4", "10 1/2", "1½".
    if plain_digits.is_some() {
        if let Some(frac) = char_at(text, end).and_then(vulgar_fraction) {
            lex.value += frac;
            lex.end = end + char_at(text, end).map_or(0, char::len_utf8);
            lex.plain_digits = None;
            lex.precision = 0.0;
            return lex;
        }
        let rest = &text[end..];
        let skipped = rest.len() - rest.trim_start_matches(is_space).len();
        if skipped > 0 {
            let p = end + skipped;
            let n = digit_run(bytes, p);
            if n > 0 && at(p + n) == Some(b'/') {
                let d = digit_run(bytes, p + n + 1);
                let num = digits_value(&text[p..p + n]);
                let den = if d > 0 {
                    digits_value(&text[p + n + 1..p + n + 1 + d])
                } else {
                    0.0
                };
                if d > 0 && den > num && at(p + n + 1 + d) != Some(b'/') {
                    lex.value += num / den;
                    lex.end = p + n + 1 + d;
                    lex.plain_digits = None;
                    lex.precision = 0.0;
                    return lex;
                }
            }
            // "7 3 / 4", "101 1 / 4" in tokenised text.
            if n > 0 {
                let num = digits_value(&text[p..p + n]);
                if let Some(den) = spaced_fraction(text, p, p + n, num) {
                    lex.value += num / den.value;
                    lex.end = den.end;
                    lex.plain_digits = None;
                    lex.precision = 0.0;
                    return lex;
                }
            }
            if let Some(frac) = char_at(text, p).and_then(vulgar_fraction) {
                lex.value += frac;
                lex.end = p + char_at(text, p).map_or(0, char::len_utf8);
                lex.plain_digits = None;
                lex.precision = 0.0;
                return lex;
            }
        }
    }
    lex_exponent(text, &mut lex);
    lex
}

/// "1e10", "1.3x10^6", "2.48×10−5", "1.1^23".
fn lex_exponent(text: &str, lex: &mut DigitLex) {
    let bytes = text.as_bytes();
    let end = lex.end;
    let read_exponent = |mut p: usize| -> Option<(f64, usize)> {
        let mut negative = false;
        loop {
            match char_at(text, p)? {
                '-' | '−' => {
                    negative = !negative;
                    p += char_at(text, p)?.len_utf8();
                }
                '+' => p += 1,
                _ => break,
            }
        }
        let n = digit_run(bytes, p);
        if n == 0 || n > 3 || !is_boundary_at(text, p + n) {
            return None;
        }
        let e = digits_value(&text[p..p + n]);
        Some((if negative { -e } else { e }, p + n))
    };
    match char_at(text, end) {
        Some('e' | 'E') => {
            if let Some((e, p)) = read_exponent(end + 1) {
                lex.value *= 10f64.powf(e);
                lex.end = p;
                lex.plain_digits = None;
            }
        }
        Some(c @ ('x' | '×')) => {
            let p = end + c.len_utf8();
            if text.get(p..p + 2) == Some("10") {
                let q = if text.get(p + 2..p + 3) == Some("^") {
                    p + 3
                } else {
                    p + 2
                };
                if let Some((e, r)) = read_exponent(q) {
                    lex.value *= 10f64.powf(e);
                    lex.end = r;
                    lex.plain_digits = None;
                }
            }
        }
        Some('^') => {
            if let Some((e, p)) = read_exponent(end + 1) {
                lex.value = lex.value.powf(e);
                lex.end = p;
                lex.plain_digits = None;
            }
        }
        _ => {}
    }
}

/// What a byte can open for the scanner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ByteClass {
    /// Nothing: spaces, punctuation, the other bytes of a character outside ASCII, and
    /// lead bytes of characters that are no vulgar fraction.
    Other,
    Digit,
    /// A decimal point may open ".5".
    Dot,
    /// An ASCII letter: a word that may be a number written out.
    Letter,
    /// The lead byte of every vulgar fraction ("½" U+00BD, "⅓" U+2153).
    FractionLead,
}

/// Each byte's class, read once per byte of the text.
const BYTE_CLASSES: [ByteClass; 256] = {
    let mut table = [ByteClass::Other; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_digit() {
            ByteClass::Digit
        } else if byte == b'.' {
            ByteClass::Dot
        } else if byte.is_ascii_alphabetic() {
            ByteClass::Letter
        } else if byte == 0xC2 || byte == 0xE2 {
            ByteClass::FractionLead
        } else {
            ByteClass::Other
        };
        b += 1;
    }
    table
};

/// Where the run of ASCII letters from `start` ends, eight bytes at a time.
fn letters_end(bytes: &[u8], start: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut pos = start;
    while let Some(chunk) = bytes.get(pos..pos + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // Fold to lower case (letters only stay letters), then mark the bytes in
        // 'a'..='z' that had no high bit.
        let folded = (x | (0x20 * ONES)) & !HIGH;
        let at_least_a = folded.wrapping_add((0x80 - u64::from(b'a')) * ONES);
        let above_z = folded.wrapping_add((0x80 - u64::from(b'z') - 1) * ONES);
        let letters = at_least_a & !above_z & !x & HIGH;
        if letters != HIGH {
            // The first byte without its mark ends the run.
            return pos + ((!letters & HIGH).trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    pos + bytes[pos..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count()
}

// ------------------------------------------------------------------ the scanner

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    units: &'a UnitTable,
    urls: Vec<Range<usize>>,
}

/// Where a word-number parse stands.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Last {
    Digits,
    Unit,
    Teen,
    Tens,
    Hundred,
    Scale(f64),
    AndPending,
}

impl<'a> Scanner<'a> {
    fn run(&self, out: &mut Vec<Quantity<'a>>) {
        let text = self.text;
        let bytes = self.bytes;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match BYTE_CLASSES[usize::from(b)] {
                ByteClass::Other => {
                    i += 1;
                }
                ByteClass::Digit | ByteClass::Dot => {
                    let starts_number = b != b'.'
                        || (bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                            && !char_before(text, i).is_some_and(char::is_alphanumeric));
                    if !starts_number {
                        i += 1;
                        continue;
                    }
                    let next = match self.mention(i, out) {
                        Some(q) => {
                            let end = q.span.end;
                            out.push(q);
                            end
                        }
                        None => {
                            // Skip the digits, and a "/0" that made the figure invalid.
                            let mut end = i + 1 + digit_run(bytes, i + 1);
                            if bytes.get(end) == Some(&b'/') {
                                end += 1 + digit_run(bytes, end + 1);
                            }
                            end
                        }
                    };
                    i = next.max(i + 1);
                }
                ByteClass::Letter => {
                    let end = letters_end(bytes, i);
                    let mut next = end;
                    // The cheap filter first: most words cannot start a number.
                    if could_start_number(&bytes[i..end])
                        && !char_before(text, i).is_some_and(char::is_alphanumeric)
                        && !char_at(text, end).is_some_and(char::is_alphanumeric)
                    {
                        if let Some(q) = self.word_mention(i, out) {
                            next = q.span.end.max(end);
                            out.push(q);
                        }
                    }
                    i = next;
                }
                ByteClass::FractionLead => {
                    let c = char_at(text, i).unwrap_or('\u{fffd}');
                    if vulgar_fraction(c).is_some() {
                        if let Some(q) = self.mention(i, out) {
                            i = q.span.end.max(i + 1);
                            out.push(q);
                            continue;
                        }
                    }
                    i += c.len_utf8();
                }
            }
        }
    }

    // -------------------------------------------------------------- numerals

    /// Whether a single letter glued to digits that reads both as a scale and as a unit
    /// ("m": million or metres, "b": billion or bits) names the unit. A scale is read
    /// unless the figure is written as a measurement is and nothing counted follows it:
    /// no currency stands before it ("£4.5m" is money), no unit or counted noun comes
    /// after it ("3m people", "15m barrels"), and a size word is joined to it ("a
    /// 221m-high effigy", "a 2m-long wall") or it is a whole number of four digits or
    /// more ("the 1500m freestyle": a scale would be written "1.5bn", not "1500b"), or
    /// an "m" is followed by a race event ("the 100m sprint", "the 400m hurdles";
    /// `[guarded] race_words`). After an article alone the scale stays ("the 2m jobs",
    /// "a 10m increase").
    fn glued_letter_is_unit(&self, n: &Numeral, letter: &str, letter_end: usize) -> bool {
        let text = self.text;
        if letter.len() != 1 || self.units.match_prefix_before(text, n.start).is_some() {
            return false;
        }
        let next = text.get(letter_end..).map_or(letter_end, |rest| {
            letter_end + (rest.len() - rest.trim_start_matches(is_space).len())
        });
        if next > letter_end && self.units.match_at(text, next, false).is_some() {
            return false;
        }
        let sized = text
            .get(letter_end..)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|rest| {
                let word_end = rest
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .unwrap_or(rest.len());
                self.units.is_size_word(&rest[..word_end])
            });
        let race = letter == "m"
            && next > letter_end
            && text.get(next..).is_some_and(|rest| {
                let word_end = rest
                    .find(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
                    .unwrap_or(rest.len());
                self.units.is_race_word(&rest[..word_end])
            });
        sized || race || n.plain_digits.is_some_and(|digits| digits >= 4)
    }

    /// A numeral starting with digits (or a vulgar fraction) at `start`.
    fn digit_numeral(&self, start: usize) -> Option<Numeral> {
        let text = self.text;
        if let Some(frac) = char_at(text, start).and_then(vulgar_fraction) {
            let end = start + char_at(text, start).map_or(1, char::len_utf8);
            let mut n = Numeral::exact(start, end, frac, 0.0, NumberForm::Digits);
            self.continue_words(&mut n, Last::Digits);
            return Some(n);
        }
        let lex = lex_digits(text, start);
        if lex.invalid || !lex.value.is_finite() {
            return None;
        }
        let mut n = Numeral::exact(start, lex.end, lex.value, lex.precision, NumberForm::Digits);
        n.plain_digits = lex.plain_digits;
        n.hint = lex.hint;
        if n.hint.is_some() {
            return Some(n);
        }
        // Letters glued to the digits: ordinal, decade, scale, unit, or a code.
        if let Some(c) = char_at(text, n.end) {
            if c.is_alphabetic() {
                let word_end = n.end
                    + self.bytes[n.end..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphabetic())
                        .count();
                let word = &text[n.end..word_end];
                let bounded = is_boundary_at(text, word_end);
                if bounded
                    && n.plain_digits.is_some()
                    && matches!(
                        word.to_ascii_lowercase().as_str(),
                        "st" | "nd" | "rd" | "th"
                    )
                {
                    n.end = word_end;
                    n.hint = Some(MentionKind::Ordinal);
                    return Some(n);
                }
                if bounded && word == "s" && n.plain_digits.is_some() {
                    n.end = word_end;
                    n.hint = Some(MentionKind::Year);
                    return Some(n);
                }
                let scale = if bounded {
                    scale_abbreviation(word, true)
                } else {
                    None
                };
                let unit_len = self
                    .units
                    .match_at(text, n.end, true)
                    .map(|u| u.span.end - u.span.start);
                match (scale, unit_len) {
                    (Some(s), u)
                        if u.is_none_or(|len| len <= word.len())
                            && !(u == Some(word.len())
                                && self.glued_letter_is_unit(&n, word, word_end)) =>
                    {
                        n.end = word_end;
                        n.scale_by(s);
                    }
                    (_, Some(_)) => {}
                    _ => {
                        n.hint = Some(MentionKind::NameWithNumber);
                        n.end = word_end;
                        // Keep a whole code such as "24703m212" together.
                        while char_at(text, n.end).is_some_and(char::is_alphanumeric) {
                            n.end += char_at(text, n.end).map_or(1, char::len_utf8);
                        }
                        return Some(n);
                    }
                }
            } else if (c == '\'' || c == '’')
                && n.plain_digits == Some(4)
                && text
                    .get(n.end + c.len_utf8()..)
                    .is_some_and(|r| r.starts_with('s'))
                && is_boundary_at(text, n.end + c.len_utf8() + 1)
            {
                n.hint = Some(MentionKind::Year);
                n.end += c.len_utf8() + 1;
                return Some(n);
            }
        }
        self.continue_words(&mut n, Last::Digits);
        Some(n)
    }

    /// A numeral starting with a word at `start`.
    fn word_numeral(&self, start: usize) -> Option<Numeral> {
        let text = self.text;
        let tok = next_token(text, start)?;
        if tok.kind != TokKind::Word {
            return None;
        }
        let word = &text[tok.start..tok.end];
        let class = word_class(word)?;
        match class {
            Wd::Digit(v) | Wd::Teen(v) | Wd::Tens(v) => {
                let mut n =
                    Numeral::exact(tok.start, tok.end, f64::from(v), 1.0, NumberForm::Words);
                let last = match class {
                    Wd::Digit(_) => Last::Unit,
                    Wd::Teen(_) => Last::Teen,
                    _ => Last::Tens,
                };
                // "one-eighth", "one - fourth", "three quarters".
                if let Some((value, end)) = self.denominator_after(tok.end, f64::from(v)) {
                    let mut n = Numeral::exact(tok.start, end, value, 0.0, NumberForm::Words);
                    self.fraction_scale(&mut n);
                    return Some(n);
                }
                self.continue_words(&mut n, last);
                Some(n)
            }
            Wd::Hundred => {
                let mut n = Numeral::exact(tok.start, tok.end, 100.0, 100.0, NumberForm::Words);
                self.continue_words(&mut n, Last::Hundred);
                Some(n)
            }
            Wd::Scale(s) => {
                // "million and one": a bare scale word starts a number only before "and".
                let next = next_token(text, tok.end)?;
                if next.kind == TokKind::Word
                    && word_class(&text[next.start..next.end]) == Some(Wd::And)
                {
                    let mut n = Numeral::exact(tok.start, tok.end, s, s, NumberForm::Words);
                    self.continue_words(&mut n, Last::Scale(s));
                    return Some(n);
                }
                None
            }
            Wd::A => self.a_numeral(tok),
            Wd::Half => {
                let mut n = Numeral::exact(tok.start, tok.end, 0.5, 0.0, NumberForm::Words);
                self.fraction_scale(&mut n);
                Some(n)
            }
            Wd::Denominator(4.0) if word.eq_ignore_ascii_case("quarter") => {
                let mut n = Numeral::exact(tok.start, tok.end, 0.25, 0.0, NumberForm::Words);
                if self.fraction_scale(&mut n) {
                    Some(n)
                } else {
                    None
                }
            }
            Wd::Minus => {
                let mut n = self.numeral_after(tok.end)?;
                n.start = tok.start;
                n.negate();
                Some(n)
            }
            // "point five percent"; but "at this point eight years ago" is the noun.
            Wd::Point
                if previous_word(self.text, tok.start)
                    .is_some_and(|(w, _)| in_list(NOUN_POINT_BEFORE, w)) =>
            {
                None
            }
            Wd::Point => {
                let (fraction, end) = self.decimal_words(tok.end)?;
                Some(Numeral::exact(
                    tok.start,
                    end,
                    fraction,
                    0.0,
                    NumberForm::Words,
                ))
            }
            Wd::Several | Wd::PluralScale(_) | Wd::TensVague | Wd::Scores => {
                self.vague_numeral(tok, class)
            }
            _ => None,
        }
    }

    /// The numeral (digits or words) that starts at the next token after `pos`.
    fn numeral_after(&self, pos: usize) -> Option<Numeral> {
        let tok = next_token(self.text, pos)?;
        match tok.kind {
            TokKind::Digits => self.digit_numeral(tok.start),
            TokKind::Word => self.word_numeral(tok.start),
            TokKind::Punct('.')
                if self
                    .bytes
                    .get(tok.start + 1)
                    .is_some_and(u8::is_ascii_digit) =>
            {
                self.digit_numeral(tok.start)
            }
            _ => None,
        }
    }

    /// "a hundred", "a dozen", "a half", "a fifth", "a couple of", "a few hundred".
    fn a_numeral(&self, a: Tok) -> Option<Numeral> {
        let text = self.text;
        let tok = next_token(text, a.end)?;
        if tok.kind != TokKind::Word {
            return None;
        }
        match word_class(&text[tok.start..tok.end])? {
            Wd::Hundred => {
                let mut n = Numeral::exact(a.start, tok.end, 100.0, 100.0, NumberForm::Words);
                self.continue_words(&mut n, Last::Hundred);
                Some(n)
            }
            Wd::Scale(s) => {
                let mut n = Numeral::exact(a.start, tok.end, s, s, NumberForm::Words);
                self.continue_words(&mut n, Last::Scale(s));
                Some(n)
            }
            Wd::Dozen => {
                let mut n = Numeral::exact(a.start, tok.end, 12.0, 1.0, NumberForm::Words);
                self.skip_of(&mut n);
                Some(n)
            }
            Wd::Half => {
                let mut n = Numeral::exact(a.start, tok.end, 0.5, 0.0, NumberForm::Words);
                self.fraction_scale(&mut n);
                Some(n)
            }
            Wd::Denominator(d) => {
                let mut n = Numeral::exact(a.start, tok.end, 1.0 / d, 0.0, NumberForm::Words);
                self.fraction_scale(&mut n);
                Some(n)
            }
            Wd::Couple => {
                let mut n = Numeral::exact(a.start, tok.end, 2.0, 1.0, NumberForm::Words);
                self.skip_of(&mut n);
                Some(n)
            }
            Wd::Few => self.vague_numeral(
                Tok {
                    start: a.start,
                    end: tok.end,
                    kind: TokKind::Word,
                },
                Wd::Few,
            ),
            _ => None,
        }
    }

    /// Extends over a following "of" ("a dozen of", "a couple of").
    fn skip_of(&self, n: &mut Numeral) {
        if let Some(tok) = next_token(self.text, n.end) {
            if tok.kind == TokKind::Word
                && word_class(&self.text[tok.start..tok.end]) == Some(Wd::Of)
            {
                // Only when a noun follows: "a couple of months"; keep "of" in the span as
                // duckling does for "a dozen of".
                n.end = tok.end;
            }
        }
    }

    /// After a fraction: "half a million", "quarter million", "two thirds of a million".
    /// Returns true when a scale followed.
    fn fraction_scale(&self, n: &mut Numeral) -> bool {
        let text = self.text;
        let mut pos = n.end;
        // "a half-dozen", "half-million": the scale may be hyphenated to the fraction.
        if let Some(hyphen) = text[pos..]
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '‑'))
        {
            if text[pos + hyphen.len_utf8()..].starts_with(|c: char| c.is_alphabetic()) {
                pos += hyphen.len_utf8();
            }
        }
        let mut tok = match next_token(text, pos) {
            Some(t) => t,
            None => return false,
        };
        for _ in 0..2 {
            if tok.kind != TokKind::Word {
                return false;
            }
            match word_class(&text[tok.start..tok.end]) {
                Some(Wd::A | Wd::Of) => {
                    pos = tok.end;
                    tok = match next_token(text, pos) {
                        Some(t) => t,
                        None => return false,
                    };
                }
                _ => break,
            }
        }
        if tok.kind != TokKind::Word {
            return false;
        }
        let factor = match word_class(&text[tok.start..tok.end]) {
            Some(Wd::Scale(s)) => s,
            Some(Wd::Dozen) => 12.0,
            Some(Wd::Hundred) => 100.0,
            _ => return false,
        };
        n.value *= factor;
        n.low = n.value;
        n.high = n.value;
        n.scale *= factor;
        n.precision = 0.0;
        n.end = tok.end;
        true
    }

    /// A denominator right after a numerator that ended at `pos`: "thirds", "-eighth",
    /// "twenty-fifth". Returns the fraction's value and end.
    fn denominator_after(&self, pos: usize, numerator: f64) -> Option<(f64, usize)> {
        let text = self.text;
        let mut tok = next_token(text, pos)?;
        if tok.kind == TokKind::Punct('-') {
            tok = next_token(text, tok.end)?;
        }
        if tok.kind != TokKind::Word {
            return None;
        }
        match word_class(&text[tok.start..tok.end])? {
            Wd::Denominator(d) => Some((numerator / d, tok.end)),
            Wd::Tens(t) => {
                // "one twenty-fifth", "three twenty-firsts".
                let dash = next_token(text, tok.end)?;
                let unit_tok = if dash.kind == TokKind::Punct('-') {
                    next_token(text, dash.end)?
                } else {
                    dash
                };
                if unit_tok.kind != TokKind::Word {
                    return None;
                }
                let u = ordinal_unit(word_class(&text[unit_tok.start..unit_tok.end])?)?;
                Some((numerator / (f64::from(t) + u), unit_tok.end))
            }
            _ => None,
        }
    }

    /// "point zero three", "point seventy-one", "point 77": the decimal part.
    fn decimal_words(&self, pos: usize) -> Option<(f64, usize)> {
        let text = self.text;
        let mut digits = String::new();
        let mut end = pos;
        let mut p = pos;
        while let Some(tok) = next_token(text, p) {
            match tok.kind {
                TokKind::Digits if digits.is_empty() => {
                    digits.push_str(&text[tok.start..tok.end]);
                    end = tok.end;
                    break;
                }
                TokKind::Word => match word_class(&text[tok.start..tok.end]) {
                    Some(Wd::Digit(d)) => {
                        digits.push(char::from(b'0' + d));
                        end = tok.end;
                        p = tok.end;
                    }
                    Some(Wd::Teen(t)) if digits.is_empty() => {
                        digits.push_str(&t.to_string());
                        end = tok.end;
                        break;
                    }
                    Some(Wd::Tens(t)) if digits.is_empty() => {
                        let mut v = t;
                        end = tok.end;
                        if let Some(d) =
                            next_token(text, tok.end).filter(|d| d.kind == TokKind::Punct('-'))
                        {
                            if let Some(u) = next_token(text, d.end) {
                                if let Some(Wd::Digit(x)) = (u.kind == TokKind::Word)
                                    .then(|| word_class(&text[u.start..u.end]))
                                    .flatten()
                                {
                                    v += x;
                                    end = u.end;
                                }
                            }
                        }
                        digits.push_str(&v.to_string());
                        break;
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        if digits.is_empty() {
            return None;
        }
        Some((decimal_value(&digits), end))
    }

    /// "several thousand", "dozens", "tens of thousands", "a few hundred".
    fn vague_numeral(&self, head: Tok, class: Wd) -> Option<Numeral> {
        let text = self.text;
        let vague = self.units.vague();
        let (mut low, mut high) = match class {
            Wd::Few => vague.word("a few")?,
            Wd::Several => vague.word("several")?,
            Wd::TensVague => vague.word("tens")?,
            Wd::Scores => vague.word("scores")?,
            Wd::PluralScale(12.0) => vague.word("dozens")?,
            Wd::PluralScale(s) => (vague.plural_low * s, vague.plural_high * s),
            _ => return None,
        };
        let mut end = head.end;
        let mut needs_scale = matches!(class, Wd::TensVague | Wd::Scores);
        // "several thousand", "a few hundred": a singular scale word multiplies.
        if let Some(tok) = next_token(text, end).filter(|t| t.kind == TokKind::Word) {
            match word_class(&text[tok.start..tok.end]) {
                Some(Wd::Scale(s)) if matches!(class, Wd::Few | Wd::Several) => {
                    low *= s;
                    high *= s;
                    end = tok.end;
                }
                Some(Wd::Hundred) if matches!(class, Wd::Few | Wd::Several) => {
                    low *= 100.0;
                    high *= 100.0;
                    end = tok.end;
                }
                Some(Wd::Of) => {
                    // "tens of thousands", "hundreds of thousands", "dozens of millions".
                    if let Some(next) =
                        next_token(text, tok.end).filter(|t| t.kind == TokKind::Word)
                    {
                        if let Some(Wd::PluralScale(s)) = word_class(&text[next.start..next.end]) {
                            if s > 12.0 {
                                low *= s;
                                high *= s;
                                end = next.end;
                                needs_scale = false;
                            }
                        }
                    }
                    if matches!(class, Wd::Scores) {
                        needs_scale = false;
                    }
                }
                _ => {}
            }
        }
        if needs_scale {
            return None;
        }
        let mut n = Numeral::exact(head.start, end, low, 0.0, NumberForm::Vague);
        n.low = low;
        n.high = high;
        Some(n)
    }

    /// Continue a number with words: "3 hundred and 21", "twenty-one thousand eleven",
    /// "two and a half million", "one hundred and thirty fifths".
    fn continue_words(&self, n: &mut Numeral, mut last: Last) {
        let text = self.text;
        let mut total = 0.0f64;
        let mut current = n.value;
        let mut largest_scale = 1.0f64;
        let mut precision = n.precision;
        let mut pos = n.end;
        let mut end = n.end;
        let mut form = n.form;
        let mut touched = false;
        if let Last::Scale(s) = last {
            total = current;
            current = 0.0;
            largest_scale = s;
        }
        while let Some(tok) = next_token(text, pos) {
            match tok.kind {
                TokKind::Word => {
                    let word = &text[tok.start..tok.end];
                    let glued = tok.start == end;
                    let class = match word_class(word) {
                        Some(c) => c,
                        None => {
                            // Spaced scale abbreviations after digits: "2.33 k", "10 bln".
                            if last == Last::Digits && !glued {
                                if let Some(s) = scale_abbreviation(word, false)
                                    .filter(|_| is_boundary_at(text, tok.end))
                                {
                                    current *= s;
                                    precision *= s;
                                    n.scale *= s;
                                    largest_scale = largest_scale.max(s);
                                    last = Last::Scale(s);
                                    end = tok.end;
                                    pos = tok.end;
                                    touched = true;
                                    if form == NumberForm::Digits {
                                        form = NumberForm::Mixed;
                                    }
                                    continue;
                                }
                            }
                            break;
                        }
                    };
                    let words_ok = form != NumberForm::Digits
                        || matches!(
                            class,
                            Wd::Hundred | Wd::Scale(_) | Wd::PluralScale(_) | Wd::Dozen
                        );
                    if !words_ok && !matches!(class, Wd::And | Wd::Over | Wd::In | Wd::Point) {
                        break;
                    }
                    match class {
                        Wd::Digit(v)
                            if matches!(
                                last,
                                Last::Tens | Last::Hundred | Last::Scale(_) | Last::AndPending
                            ) && form != NumberForm::Digits =>
                        {
                            if last == Last::Tens && v == 0 {
                                break;
                            }
                            current += f64::from(v);
                            last = Last::Unit;
                        }
                        Wd::Teen(v) | Wd::Tens(v)
                            if matches!(
                                last,
                                Last::Hundred | Last::Scale(_) | Last::AndPending
                            ) && form != NumberForm::Digits =>
                        {
                            current += f64::from(v);
                            last = if matches!(class, Wd::Teen(_)) {
                                Last::Teen
                            } else {
                                Last::Tens
                            };
                        }
                        Wd::Hundred
                            if matches!(
                                last,
                                Last::Unit | Last::Teen | Last::Tens | Last::Digits
                            ) && current > 0.0
                                && current < 100.0 =>
                        {
                            current *= 100.0;
                            last = Last::Hundred;
                        }
                        Wd::Scale(s) | Wd::PluralScale(s)
                            if matches!(
                                last,
                                Last::Unit
                                    | Last::Teen
                                    | Last::Tens
                                    | Last::Hundred
                                    | Last::Digits
                                    | Last::Scale(_)
                            ) && (current > 0.0 || matches!(last, Last::Scale(p) if s > p)) =>
                        {
                            if matches!(class, Wd::PluralScale(12.0)) && last == Last::Scale(12.0) {
                                break;
                            }
                            if let Last::Scale(p) = last {
                                if s <= p && current == 0.0 {
                                    break;
                                }
                            }
                            if s > largest_scale {
                                total = (total + current) * s;
                            } else {
                                total += current * s;
                            }
                            precision = if last == Last::Digits {
                                precision * s
                            } else {
                                s
                            };
                            largest_scale = largest_scale.max(s);
                            n.scale *= s;
                            current = 0.0;
                            last = Last::Scale(s);
                        }
                        Wd::Dozen
                            if matches!(
                                last,
                                Last::Unit | Last::Teen | Last::Tens | Last::Hundred | Last::Digits
                            ) && current > 0.0 =>
                        {
                            total += current * 12.0;
                            current = 0.0;
                            precision = 1.0;
                            last = Last::Scale(12.0);
                        }
                        Wd::Denominator(_) | Wd::Half
                            if matches!(
                                last,
                                Last::Unit
                                    | Last::Teen
                                    | Last::Tens
                                    | Last::Hundred
                                    | Last::Scale(_)
                            ) =>
                        {
                            let numerator = total + current;
                            let Some((value, dend)) = self
                                .denominator_after(tok.start.saturating_sub(0).min(pos), numerator)
                            else {
                                break;
                            };
                            total = 0.0;
                            current = value;
                            precision = 0.0;
                            end = dend;
                            touched = true;
                            break;
                        }
                        Wd::Tens(_)
                            if matches!(
                                last,
                                Last::Unit | Last::Teen | Last::Tens | Last::Digits
                            ) =>
                        {
                            // "one twenty-fifth": a compound denominator.
                            if let Some((value, dend)) =
                                self.denominator_after(pos, total + current)
                            {
                                total = 0.0;
                                current = value;
                                precision = 0.0;
                                end = dend;
                                touched = true;
                            }
                            break;
                        }
                        Wd::And => {
                            // "and a half", "and two thirds", "and 21" after "hundred". After
                            // "hundred" only "and a half" is a fraction: "one hundred and
                            // thirty fifths" divides the whole number.
                            let article_next = next_token(text, tok.end).is_some_and(|t| {
                                t.kind == TokKind::Word
                                    && word_class(&text[t.start..t.end]) == Some(Wd::A)
                            });
                            let fraction = if last == Last::Hundred && !article_next {
                                None
                            } else {
                                self.and_fraction(tok.end)
                            };
                            if let Some((frac, fend)) = fraction {
                                let scale_after = next_token(text, fend)
                                    .filter(|t| t.kind == TokKind::Word)
                                    .and_then(|t| word_class(&text[t.start..t.end]))
                                    .is_some_and(|c| matches!(c, Wd::Scale(_)));
                                if current == 0.0 && !scale_after {
                                    if let Last::Scale(s) = last {
                                        total += frac * s;
                                    } else {
                                        current += frac;
                                    }
                                } else {
                                    current += frac;
                                }
                                precision = 0.0;
                                end = fend;
                                pos = fend;
                                touched = true;
                                last = if scale_after {
                                    Last::Unit
                                } else {
                                    Last::AndPending
                                };
                                if !scale_after {
                                    break;
                                }
                                continue;
                            }
                            if !matches!(last, Last::Hundred | Last::Scale(_)) {
                                break;
                            }
                            let Some(next) = next_token(text, tok.end) else {
                                break;
                            };
                            let joins = match next.kind {
                                TokKind::Word => {
                                    matches!(
                                        word_class(&text[next.start..next.end]),
                                        Some(
                                            Wd::Digit(_) | Wd::Teen(_) | Wd::Tens(_) | Wd::Hundred
                                        )
                                    ) && form != NumberForm::Digits
                                        || (form != NumberForm::Words
                                            && matches!(
                                                word_class(&text[next.start..next.end]),
                                                Some(Wd::Digit(_) | Wd::Teen(_) | Wd::Tens(_))
                                            ))
                                } // "3 hundred and 21"; never "13 lakh and 2 crore".
                                TokKind::Digits => {
                                    let lex = lex_digits(text, next.start);
                                    last == Last::Hundred
                                        && lex.hint.is_none()
                                        && lex.plain_digits.is_some()
                                        && lex.value < 100.0
                                        && !char_at(text, lex.end).is_some_and(char::is_alphabetic)
                                }
                                TokKind::Punct(_) => false,
                            };
                            if !joins {
                                break;
                            }
                            if next.kind == TokKind::Digits {
                                let lex = lex_digits(text, next.start);
                                current += lex.value;
                                last = Last::Unit;
                                pos = lex.end;
                                end = lex.end;
                                touched = true;
                                continue;
                            }
                            if form == NumberForm::Digits {
                                form = NumberForm::Mixed;
                            }
                            last = Last::AndPending;
                            pos = tok.end;
                            continue;
                        }
                        Wd::Point
                            if matches!(
                                last,
                                Last::Unit | Last::Teen | Last::Tens | Last::Hundred | Last::Digits
                            ) && form != NumberForm::Digits
                                || (last == Last::Digits && n.plain_digits.is_some()) =>
                        {
                            if let Some((frac, fend)) = self.decimal_words(tok.end) {
                                current += frac;
                                precision = 0.0;
                                end = fend;
                                touched = true;
                            }
                            break;
                        }
                        Wd::Over | Wd::In => {
                            // "one over three", "2000 over 3", "1 in twenty-one".
                            let numerator = total + current;
                            if class == Wd::In && numerator != 1.0 {
                                break;
                            }
                            let Some(den) = self.numeral_after(tok.end) else {
                                break;
                            };
                            // "1 in 2005" is a year, not a ratio.
                            if den.plain_digits == Some(4) {
                                break;
                            }
                            if den.hint.is_some()
                                || den.value == 0.0
                                || den.form == NumberForm::Vague
                            {
                                break;
                            }
                            let unit_follows = self
                                .units
                                .match_at(
                                    text,
                                    next_token(text, den.end).map_or(den.end, |t| t.start),
                                    false,
                                )
                                .is_some()
                                || self.units.match_at(text, den.end, true).is_some();
                            let numerator_has_unit =
                                self.units.match_prefix_before(text, n.start).is_some();
                            if unit_follows || numerator_has_unit {
                                break;
                            }
                            total = 0.0;
                            current = numerator / den.value;
                            precision = 0.0;
                            end = den.end;
                            touched = true;
                            break;
                        }
                        _ => break,
                    }
                    if form == NumberForm::Digits {
                        form = NumberForm::Mixed;
                    }
                    end = tok.end;
                    pos = tok.end;
                    touched = true;
                }
                TokKind::Punct('-') if last == Last::Tens => {
                    // "twenty-five", "fifty - two".
                    let Some(next) = next_token(text, tok.end) else {
                        break;
                    };
                    if next.kind != TokKind::Word {
                        break;
                    }
                    match word_class(&text[next.start..next.end]) {
                        Some(Wd::Digit(v)) if v > 0 => {
                            current += f64::from(v);
                            last = Last::Unit;
                            end = next.end;
                            pos = next.end;
                            touched = true;
                        }
                        _ => break,
                    }
                }
                TokKind::Punct(',' | '&')
                    if matches!(last, Last::Scale(s) if s >= 1000.0)
                        || (tok.kind == TokKind::Punct('&') && last == Last::Hundred) =>
                {
                    let Some(next) = next_token(text, tok.end) else {
                        break;
                    };
                    let continues = next.kind == TokKind::Word
                        && matches!(
                            word_class(&text[next.start..next.end]),
                            Some(Wd::Digit(_) | Wd::Teen(_) | Wd::Tens(_))
                        )
                        && form != NumberForm::Digits;
                    if !continues {
                        break;
                    }
                    last = Last::AndPending;
                    pos = tok.end;
                }
                _ => break,
            }
        }
        if !touched {
            return;
        }
        let value = total + current;
        n.value = value;
        n.low = value;
        n.high = value;
        n.end = end;
        n.form = form;
        n.precision = if n.form == NumberForm::Words && precision != 0.0 {
            integer_precision(value).min(precision.max(1.0))
        } else {
            precision
        };
        if n.form == NumberForm::Words && precision != 0.0 {
            n.precision = integer_precision(value);
        }
        n.plain_digits = None;
    }

    /// "and a half", "and two thirds", "and one fourth", "and fifty-four hundredths".
    fn and_fraction(&self, pos: usize) -> Option<(f64, usize)> {
        let text = self.text;
        let tok = next_token(text, pos)?;
        if tok.kind != TokKind::Word {
            return None;
        }
        match word_class(&text[tok.start..tok.end])? {
            Wd::A => {
                let d = next_token(text, tok.end)?;
                if d.kind != TokKind::Word {
                    return None;
                }
                match word_class(&text[d.start..d.end])? {
                    Wd::Half => Some((0.5, d.end)),
                    Wd::Denominator(den) => Some((1.0 / den, d.end)),
                    _ => None,
                }
            }
            Wd::Digit(_) | Wd::Teen(_) | Wd::Tens(_) => {
                let mut numerator = match word_class(&text[tok.start..tok.end])? {
                    Wd::Digit(v) | Wd::Teen(v) | Wd::Tens(v) => f64::from(v),
                    _ => return None,
                };
                let mut after = tok.end;
                if let Some(Wd::Tens(_)) = word_class(&text[tok.start..tok.end]) {
                    if let Some(dash) =
                        next_token(text, tok.end).filter(|t| t.kind == TokKind::Punct('-'))
                    {
                        if let Some(u) =
                            next_token(text, dash.end).filter(|t| t.kind == TokKind::Word)
                        {
                            if let Some(Wd::Digit(v)) = word_class(&text[u.start..u.end]) {
                                numerator += f64::from(v);
                                after = u.end;
                            }
                        }
                    }
                }
                let (value, end) = self.denominator_after(after, numerator)?;
                Some((value, end))
            }
            _ => None,
        }
    }

    // -------------------------------------------------------------- mentions

    /// The mention that starts with digits at `start`.
    fn mention(&self, start: usize, previous: &[Quantity<'a>]) -> Option<Quantity<'a>> {
        let text = self.text;
        let mut n = self.digit_numeral(start)?;
        // A sign written before the digits.
        let mut sign_start = None;
        if let Some(c) = char_before(text, start) {
            let before_sign = start - c.len_utf8();
            // A dash after a smaller figure, with only spaces (no line break) between,
            // joins the two into a range ("75 -300mm", "10 -20"): no sign. After a year
            // ("in 2020 -3.5%") or a larger figure ("12 -3") it is one.
            let touching_previous = previous.last().is_some_and(|q| {
                q.span.end >= before_sign
                    || (q.kind == MentionKind::Quantity
                        && q.value < n.value
                        && text
                            .get(q.span.end..before_sign)
                            .is_some_and(|gap| gap.chars().all(|c| is_space(c) && c != '\n')))
            });
            if matches!(c, '-' | '−')
                && !touching_previous
                && !char_before(text, before_sign).is_some_and(|b| {
                    // A dash right after a figure's mark or a closing bracket joins two
                    // figures ("56%-40%", "5°-10°"): no sign.
                    b.is_alphanumeric()
                        || matches!(b, '.' | ',' | '/' | '-' | '%' | '‰' | '°' | ')' | ']')
                })
            {
                sign_start = Some(before_sign);
            } else if is_space(c) && !touching_previous {
                let head = text[..start].trim_end_matches(is_space);
                if (head == "-" || head == "−") && n.form == NumberForm::Digits {
                    sign_start = Some(0);
                }
            }
        }
        if sign_start.is_some() {
            n.negate();
            n.start = sign_start.unwrap_or(start);
        }
        self.finish(n, start, previous)
    }

    /// The mention that starts with a word at `start`, if the word starts a number.
    fn word_mention(&self, start: usize, previous: &[Quantity<'a>]) -> Option<Quantity<'a>> {
        let text = self.text;
        let first_end = start
            + self.bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
        let first = &text[start..first_end];
        let class = word_class(first)?;
        // The first-word filter reads the same rule.
        if !starts_a_number(first, class) {
            return None;
        }
        let n = self.word_numeral(start)?;
        if n.end == first_end && class == Wd::Digit(1) && self.one_is_pronoun(start, first_end) {
            return None;
        }
        self.finish(n, start, previous)
    }

    /// "the one", "no one", "one of the", "which one": "one" as a pronoun, not a number.
    fn one_is_pronoun(&self, start: usize, end: usize) -> bool {
        let text = self.text;
        if let Some(prev) = previous_word(text, start) {
            const DETERMINERS: &[&str] = &[
                "the", "this", "that", "which", "no", "any", "every", "each", "another", "only",
                "little", "big", "last", "next", "right", "wrong", "such", "what", "one",
            ];
            if in_list(DETERMINERS, prev.0) {
                return true;
            }
        }
        if let Some(next) = next_token(text, end) {
            if next.kind == TokKind::Word {
                let w = &text[next.start..next.end];
                if w.eq_ignore_ascii_case("another")
                    || w.eq_ignore_ascii_case("who")
                    || w.eq_ignore_ascii_case("whose")
                {
                    return true;
                }
                if w.eq_ignore_ascii_case("of") {
                    if let Some(after) =
                        next_token(text, next.end).filter(|t| t.kind == TokKind::Word)
                    {
                        const OF_WHAT: &[&str] = &[
                            "the", "them", "those", "these", "its", "his", "her", "their", "our",
                            "my", "your", "us", "you", "which", "whom", "whose", "this", "that",
                            "many", "several",
                        ];
                        return in_list(OF_WHAT, &text[after.start..after.end]);
                    }
                }
            }
        }
        false
    }

    /// Units, ranges and kind for a numeral; `anchor` is where the scan found it.
    fn finish(
        &self,
        mut n: Numeral,
        anchor: usize,
        previous: &[Quantity<'a>],
    ) -> Option<Quantity<'a>> {
        let text = self.text;
        if !n.value.is_finite() {
            return None;
        }
        // "forty-five (45)": the same figure in digits right after counts once.
        if n.form == NumberForm::Words {
            if let Some(open) = next_token(text, n.end).filter(|t| t.kind == TokKind::Punct('(')) {
                if let Some(d) = next_token(text, open.end).filter(|t| t.kind == TokKind::Digits) {
                    let lex = lex_digits(text, d.start);
                    if let Some(close) =
                        next_token(text, lex.end).filter(|t| t.kind == TokKind::Punct(')'))
                    {
                        if (lex.value - n.value).abs() < 1e-9 {
                            n.end = close.end;
                        }
                    }
                }
            }
        }
        let _ = anchor;

        // Kinds decided by the form alone.
        let in_url = inside_any(&self.urls, n.start);
        if in_url || (self.is_query_parameter(n.start) && n.hint != Some(MentionKind::Version)) {
            return Some(non_quantity(n, MentionKind::UrlPart));
        }
        if let Some(kind) = n.hint {
            return Some(self.classify_hinted(n, kind));
        }
        if let Some(end) = self.phone_number_end(&n) {
            n.end = end;
            return Some(non_quantity(n, MentionKind::PhoneNumber));
        }
        if n.form == NumberForm::Digits {
            if let Some((kind, end)) = self.date_or_time(&n) {
                n.end = end;
                return Some(non_quantity(n, kind));
            }
        } // Codes: letters glued before the digits ("G20", "scp173m", "J1149.5+6663"),
          // unless they are a currency ("USD115").
        if let Some(kind) = self.code_kind(&n) {
            return Some(non_quantity(n, kind));
        }

        // Units before and after; a prefix never reaches into the previous mention.
        let previous_end = previous.last().map_or(0, |q| q.span.end);
        let prefix = self
            .units
            .match_prefix_before(text, n.start)
            .filter(|p| p.span.start >= previous_end);
        let span_start = prefix.as_ref().map_or(n.start, |p| p.span.start);
        let (mut unit, mut unit_end, adjectival) = self.unit_after(&n);
        let mut prefix_unit = prefix;
        if let (Some(p), Some(u)) = (&prefix_unit, &unit) {
            if u.measure != p.measure || u.unit != p.unit {
                // "rmb 10 usd 20": the currency written before the number wins; the
                // other belongs to the next figure.
                unit = None;
                unit_end = n.end;
            } else {
                prefix_unit = None;
            }
        }
        if let Some(p) = prefix_unit {
            if unit.is_none() {
                unit = Some(p);
            }
            // "75 USD million": a scale after a currency.
        }
        if unit
            .as_ref()
            .is_some_and(|u| u.measure == super::units::Measure::Money)
            && n.scale == 1.0
        {
            if let Some(tok) = next_token(text, unit_end).filter(|t| t.kind == TokKind::Word) {
                if let Some(Wd::Scale(s)) = word_class(&text[tok.start..tok.end]) {
                    if unit.as_ref().is_some_and(|u| u.span.start >= n.end) {
                        n.scale_by(s);
                        unit_end = tok.end;
                    }
                }
            }
        } // "March 2021 C.P.I.": a year followed by a lone capital is not 2021 °C.
        if is_year_like(&n)
            && unit
                .as_ref()
                .is_some_and(|u| u.span.start > n.end && u.surface.chars().count() == 1)
        {
            unit = None;
            unit_end = n.end;
        }
        if let Some(u) = &unit {
            if n.scale >= 1000.0 {
                if let Some(alt) = self.units.if_scaled(u) {
                    unit = Some(alt);
                }
            }
        }
        if let Some(m) = unit.as_ref().map(|u| u.multiplier).filter(|&m| m != 1.0) {
            n.value *= m;
            n.low *= m;
            n.high *= m;
            n.precision *= m;
        } // "5 feet 2 inches", "3 dollars 50 cents", "15 dollars 50".
        if let Some(u) = &unit {
            if let Some((extra, end)) = self.minor_after(u, unit_end.max(n.end)) {
                n.value += extra;
                n.low = n.value;
                n.high = n.value;
                n.precision = 0.0;
                unit_end = end;
            }
        }

        if adjectival.is_none()
            && span_start == n.start
            && self.is_attributive_year(&n, unit.as_ref())
        {
            return Some(non_quantity(n, MentionKind::Year));
        }
        // "1,000 state legislators", "69 House seats": a counted noun in the singular
        // after a figure above one, before a plural noun, qualifies that noun, which is
        // what is counted (left to the claims stage, which reads the noun phrase). Not
        // joined by a hyphen ("a 51-vote majority"), nor a casualty word ("129 killed").
        let qualifies_plural = n.value > 1.0
            && unit.as_ref().is_some_and(|u| {
                u.span.start > n.end
                    && !text[..u.span.start].ends_with(['-', '‑', '–'])
                    && is_counted_measure(u.measure)
                    && u.measure != Measure::Casualties
                    && is_singular_noun(u.surface)
                    && self.plural_noun_after(u.span.end)
            });
        if qualifies_plural {
            unit = None;
            unit_end = n.end;
        }

        // Ranges: "5,000-7,000", "between 5 and 7 km", "10 to 20 troops".
        if n.form != NumberForm::Vague {
            if let Some(q) = self.range_after(&n, unit.as_ref(), unit_end, span_start, adjectival) {
                return Some(self.with_rate(q));
            }
        }

        // A figure that counts the plural noun after its qualifier is no year either.
        let counts_something = unit.is_some() || adjectival.is_some() || qualifies_plural;
        let kind = self.plain_kind(&n, counts_something, previous);
        if kind == MentionKind::Quantity && unit.is_none() && adjectival.is_none() {
            unit = self.list_unit(&n);
        }
        if kind != MentionKind::Quantity {
            let mut q = non_quantity(n, kind);
            if kind == MentionKind::Address
                || kind == MentionKind::Identifier
                || kind == MentionKind::NameWithNumber
            {
                q.span.start = q.number_span.start;
            }
            return Some(q);
        }
        let end = unit_end.max(n.end);
        let change = self.is_change(span_start.min(n.start), unit.as_ref());
        Some(self.with_rate(Quantity {
            span: span_start.min(n.start)..end,
            number_span: n.start..n.end,
            value: n.value,
            low: n.low.min(n.value),
            high: n.high.max(n.value),
            precision: n.precision,
            form: n.form,
            unit,
            kind: MentionKind::Quantity,
            adjectival,
            change,
        }))
    }

    /// What the words before `start` make of the figure there: the amount of a change
    /// ("rose 4%", "grew by 3,000"), the level a change started from ("rose from 9,000"),
    /// or neither.
    fn change_before(&self, start: usize) -> Option<Change> {
        let changes = self.units.changes();
        // Asked before every figure: the words are read as bytes (a verb is ASCII), and
        // most figures, after a digit, a sign or punctuation, are done with in one look.
        let word_before = |end: usize| -> Option<(&str, usize)> {
            let head = self.bytes.get(..end)?;
            let end = head.len() - head.iter().rev().take_while(|b| **b == b' ').count();
            let start = end
                - head[..end]
                    .iter()
                    .rev()
                    .take_while(|b| b.is_ascii_alphabetic())
                    .count();
            (start < end).then(|| (&self.text[start..end], start))
        };
        let (word, word_start) = word_before(start)?;
        if changes.verbs.contains(word) {
            return Some(Change::Direct);
        }
        let change = if changes.by.contains(word) {
            Change::By
        } else if changes.from.contains(word) {
            Change::From
        } else {
            return None;
        };
        let (verb, _) = word_before(word_start)?;
        changes.verbs.contains(verb).then_some(change)
    }

    /// Whether the figure at `start` with `unit` is a change ([`Quantity::change`]): after
    /// the verb and "by", or right after the verb when it is a share or money ("rose 4%",
    /// "fell $2 billion"). Other figures right after the verb are its object or a size
    /// as often as not ("dropped two bombs", "dropped 6 inches of snow", "the tower
    /// rises 828 metres").
    fn is_change(&self, start: usize, unit: Option<&UnitMatch<'a>>) -> bool {
        match self.change_before(start) {
            Some(Change::By) => true,
            Some(Change::Direct) => unit.is_some_and(|u| {
                matches!(
                    u.measure,
                    Measure::Percent | Measure::PercentagePoints | Measure::Money
                )
            }),
            _ => false,
        }
    }

    /// The unit a bare figure shares with the figures after it in a list: "45 and 50
    /// mg", "2 or 3 percent", "5, 10 and 15 km" (the unit written after the last figure,
    /// which "and" or "or" joins). Only figures in plain digits, with no scale ("2 and 3
    /// million people" would need it) and no year among them; "45, 30 km" (no "and") is
    /// no list. The phrase stays the figure itself: the unit is written further on.
    fn list_unit(&self, n: &Numeral) -> Option<UnitMatch<'a>> {
        const LONGEST_LIST: usize = 8;
        let text = self.text;
        // "5-foot-11 and 180 lb": a figure joined to the word before it is part of it.
        let stands_alone = char_before(text, n.start)
            .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '"' | '“' | ':'));
        if n.form != NumberForm::Digits || n.scale != 1.0 || is_year_like(n) || !stands_alone {
            return None;
        }
        // "Smith, 45, and 3 children": a figure set off by commas after a word (an age,
        // an aside) is no list item; "10, 15, and 20 percent" is.
        let after_word_comma = text[..n.start]
            .trim_end_matches(is_space)
            .strip_suffix(',')
            .is_some_and(|head| {
                !head
                    .trim_end_matches(is_space)
                    .ends_with(|c: char| c.is_ascii_digit())
            });
        let mut pos = n.end;
        let mut read = 0;
        for _ in 0..LONGEST_LIST {
            let mut tok = next_token(text, pos)?;
            let comma = tok.kind == TokKind::Punct(',');
            if comma {
                tok = next_token(text, tok.end)?;
            }
            let mut joined = false;
            // "rose by 3,000 to 12,000 troops": the change takes the level's unit (the
            // scanner has already found that the two make no range).
            let mut to_level = false;
            if tok.kind == TokKind::Word {
                let word = &text[tok.start..tok.end];
                to_level = read == 0
                    && !comma
                    && word.eq_ignore_ascii_case("to")
                    && self.change_before(n.start).is_some();
                if !(to_level
                    || word.eq_ignore_ascii_case("and")
                    || word.eq_ignore_ascii_case("or"))
                {
                    return None;
                }
                joined = true;
                tok = next_token(text, tok.end)?;
                if comma && read == 0 && after_word_comma {
                    return None;
                }
            } else if !comma {
                return None;
            }
            if tok.kind != TokKind::Digits {
                return None;
            }
            let next = self.digit_numeral(tok.start)?;
            if next.hint.is_some()
                || next.form != NumberForm::Digits
                || (next.scale != 1.0 && !to_level)
                || is_year_like(&next)
            {
                return None;
            }
            let (unit, unit_end, adjectival) = self.unit_after(&next);
            if adjectival.is_some() {
                return None;
            }
            // "20 or 30,000 people" means 20,000: a short figure before one in the
            // thousands leaves its thousands unwritten, and the unit cannot be shared.
            if next.value >= 1000.0 && n.value < 1000.0 && !to_level {
                return None;
            }
            match unit {
                Some(u) => {
                    let after = u.span.start >= next.end;
                    if !(joined && after && u.multiplier == 1.0) {
                        return None;
                    }
                    // "45 and 50 km a day": the last figure's rate, if it makes one.
                    let last = Quantity {
                        span: next.start..unit_end.max(next.end),
                        number_span: next.start..next.end,
                        value: next.value,
                        low: next.low,
                        high: next.high,
                        precision: next.precision,
                        form: next.form,
                        unit: Some(u),
                        kind: MentionKind::Quantity,
                        adjectival: None,
                        change: false,
                    };
                    return self.with_rate(last).unit;
                }
                // "and" joins the last figure only.
                None if joined => return None,
                None => {
                    read += 1;
                    pos = next.end;
                }
            }
        }
        None
    }

    /// A quantity whose unit is the amount of a rate, with the rate: the phrase is
    /// followed by "/", "per", "a" or "an" and a unit that can divide it ("$15 an hour",
    /// "50 km/ms", "10 L/km", "€2 per litre", "$5-$10 a day"). The phrase then runs to the
    /// end of that unit. "2,000 troops a day" stays a count (its unit is a counted noun),
    /// and "$5 per share" money ("share" is no unit).
    fn with_rate(&self, q: Quantity<'a>) -> Quantity<'a> {
        // A rate may itself be the amount of one: "20 J/m^2 per year".
        let q = self.rate_of(q, |m| m.can_be_rate_amount());
        self.rate_of(q, |m| m == Measure::Rate)
    }

    /// [`Scanner::with_rate`] for one step, when `amount` accepts the unit's measure.
    fn rate_of(&self, mut q: Quantity<'a>, amount: impl Fn(Measure) -> bool) -> Quantity<'a> {
        let Some(amount) = q.unit.as_ref().filter(|u| amount(u.measure)) else {
            return q;
        };
        let words = self.units.rates();
        let text = self.text;
        let Some(rest) = text.get(q.span.end..) else {
            return q;
        };
        let spaced = rest.trim_start_matches(is_space);
        let gap = rest.len() - spaced.len();
        let unit_start = if let Some(after_slash) = spaced.strip_prefix('/') {
            let units = after_slash.trim_start_matches(is_space);
            text.len() - units.len()
        } else {
            let word_end = spaced
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(spaced.len());
            let joins = words.is_joiner(&spaced[..word_end]);
            let after_word = &spaced[word_end..];
            let units = after_word.trim_start_matches(is_space);
            if gap == 0 || !joins || units.len() == after_word.len() {
                return q;
            }
            text.len() - units.len()
        };
        let Some(per) = self.units.match_at(text, unit_start, false) else {
            return q;
        };
        // "5 km a second time": after a word and before a noun, "second" is the
        // ordinal ("30 metres a second," is a speed).
        let word_after = text.get(per.span.end..).is_some_and(|after| {
            let next = after.trim_start_matches(is_space);
            next.len() < after.len() && next.starts_with(|c: char| c.is_alphabetic())
        });
        let ordinal = !spaced.starts_with('/')
            && word_after
            && matches!(word_class(per.surface), Some(Wd::OrdinalUnit(_)));
        // "$1.2 billion a year earlier": a time, not a rate.
        let time = text.get(per.span.end..).is_some_and(|after| {
            let next = after.trim_start_matches(is_space);
            let end = next
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(next.len());
            next.len() < after.len() && words.is_time_word(&next[..end])
        });
        if !per.measure.can_be_rate_denominator() || per.multiplier != 1.0 || ordinal || time {
            return q;
        }
        let span = amount.span.start.min(q.span.start)..per.span.end;
        let rate = amount.per(&per, text, span.clone());
        // "30 m/sec", "1 million barrels/day": the table's speed or volume rate.
        let rate = match self.units.named(&rate.unit, span, text) {
            Some(table) if table.measure != Measure::Rate => table,
            _ => rate,
        };
        q.span.end = per.span.end;
        q.unit = Some(rate);
        q
    }
    /// NameWithNumber or Version when the digits are glued to letters before them.
    fn code_kind(&self, n: &Numeral) -> Option<MentionKind> {
        let text = self.text;
        if !matches!(n.form, NumberForm::Digits | NumberForm::Mixed)
            || self.units.match_prefix_before(text, n.start).is_some()
        {
            return None;
        }
        let before = char_before(text, n.start)?;
        if before.is_alphabetic() {
            let version = (before == 'v' || before == 'V')
                && !char_before(text, n.start - 1).is_some_and(char::is_alphabetic);
            return Some(if version {
                MentionKind::Version
            } else {
                MentionKind::NameWithNumber
            });
        }
        // "J1149.5+6663", "scp2-173m": a sign glued between a code and more digits.
        if matches!(before, '+' | '-' | '‑') {
            let head = &text[..n.start - before.len_utf8()];
            let word: String = head
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '.')
                .collect();
            let has_letter = word.chars().any(char::is_alphabetic);
            let has_digit = word.chars().any(|c| c.is_ascii_digit());
            let capital = word.chars().last().is_some_and(char::is_uppercase);
            if has_letter && (has_digit || capital) {
                return Some(MentionKind::NameWithNumber);
            }
        }
        None
    }

    fn classify_hinted(&self, mut n: Numeral, kind: MentionKind) -> Quantity<'a> {
        let text = self.text;
        match kind {
            MentionKind::Ordinal => {
                // "19th century", "19th-century".
                let after = next_token(text, n.end);
                let after = match after {
                    Some(t) if t.kind == TokKind::Punct('-') && t.start == n.end => {
                        next_token(text, t.end)
                    }
                    other => other,
                };
                if let Some(t) = after.filter(|t| t.kind == TokKind::Word) {
                    let w = &text[t.start..t.end];
                    if w.eq_ignore_ascii_case("century") || w.eq_ignore_ascii_case("centuries") {
                        n.end = t.end;
                        return non_quantity(n, MentionKind::Century);
                    }
                }
                non_quantity(n, MentionKind::Ordinal)
            }
            MentionKind::TimeOfDay => {
                if let Some(end) = self.meridiem_after(n.end) {
                    n.end = end;
                }
                // A zone offset belongs to the time: "20:53:47 +0000", "10:30 -0500".
                let rest = &text[n.end..];
                let trimmed = rest.trim_start_matches(is_space);
                let zone_start = n.end + (rest.len() - trimmed.len());
                if matches!(trimmed.as_bytes().first(), Some(b'+' | b'-'))
                    && digit_run(self.bytes, zone_start + 1) == 4
                    && is_boundary_at(text, zone_start + 5)
                {
                    n.end = zone_start + 5;
                }
                non_quantity(n, kind)
            }
            other => non_quantity(n, other),
        }
    }

    /// "p=778770", "?id=5": a number right after "letter=".
    fn is_query_parameter(&self, start: usize) -> bool {
        char_before(self.text, start) == Some('=')
            && char_before(self.text, start - 1).is_some_and(char::is_alphanumeric)
    }

    /// "+7 495 123-45-67", "202-555-0143", "(202) 555-0143".
    fn phone_number_end(&self, n: &Numeral) -> Option<usize> {
        // "+7 495 123-45-67": after a plus sign, digits with spaces, hyphens, brackets.
        if char_before(self.text, n.start) == Some('+') {
            let mut end = n.start;
            let mut digits = 0;
            for (offset, c) in self.text[n.start..].char_indices() {
                if c.is_ascii_digit() {
                    digits += 1;
                    end = n.start + offset + 1;
                } else if !matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{a0}') {
                    break;
                }
            }
            if digits >= 8 && is_boundary_at(self.text, end) {
                return Some(end);
            }
        }
        let text = self.text;
        let bytes = self.bytes;
        let plus = char_before(text, n.start) == Some('+');
        let paren = char_before(text, n.start) == Some('(')
            && n.plain_digits == Some(3)
            && char_at(text, n.end) == Some(')');
        n.plain_digits?;
        let mut p = n.end;
        let mut groups = 1;
        let mut digits = n.plain_digits.unwrap_or(0);
        let mut hyphens = 0;
        loop {
            let mut q = p;
            if paren && q == n.end {
                q += 1;
            }
            let sep = char_at(text, q);
            match sep {
                Some('-') => {
                    q += 1;
                    hyphens += 1;
                }
                Some(' ') if plus || paren => q += 1,
                _ => break,
            }
            let g = digit_run(bytes, q);
            if g == 0 || g > 4 {
                break;
            }
            groups += 1;
            digits += g;
            p = q + g;
        }
        let enough = (plus && groups >= 3 && digits >= 8)
            || (paren && groups >= 3 && digits >= 10)
            || (hyphens >= 2 && groups >= 3 && digits >= 9 && n.plain_digits != Some(4));
        if enough && is_boundary_at(text, p) {
            Some(p)
        } else {
            None
        }
    }

    /// Dates ("March 15, 2007", "15 March", "Feb.8", "March 9-13", "1979-89",
    /// "2019-2020"), and times with a.m./p.m. ("5 p.m.", "2pm").
    fn date_or_time(&self, n: &Numeral) -> Option<(MentionKind, usize)> {
        let text = self.text;
        let bytes = self.bytes;
        let is_int = n.plain_digits.is_some();
        // "2.17pm", "2.13 am": hours and minutes with a dot.
        let clock_decimal = {
            let written = &text[n.start..n.end];
            let minutes = written.split_once('.').map(|(_, m)| m);
            n.value < 13.0 && minutes.is_some_and(|m| m.len() == 2 && m < "60")
        };
        if clock_decimal {
            if let Some(end) = self.meridiem_after(n.end) {
                return Some((MentionKind::TimeOfDay, end));
            }
        }
        if !is_int {
            return None;
        }
        let day_like =
            is_int && n.value >= 1.0 && n.value <= 31.0 && n.plain_digits.is_some_and(|d| d <= 2);
        // Time: "5 p.m.", "2pm".
        if is_int && n.value <= 12.0 && n.plain_digits.is_some_and(|d| d <= 2) {
            if let Some(end) = self.meridiem_after(n.end) {
                return Some((MentionKind::TimeOfDay, end));
            }
        }
        // Year ranges.
        if n.plain_digits == Some(4) && (1000.0..=2100.0).contains(&n.value) {
            if let Some(c) = char_at(text, n.end).filter(|&c| is_dash(c) || c == '/') {
                let q = n.end + c.len_utf8();
                let d = digit_run(bytes, q);
                if (d == 2 || d == 4) && is_boundary_at(text, q + d) {
                    let second = digits_value(&text[q..q + d]);
                    let ok = if d == 2 {
                        true
                    } else {
                        second > n.value && second <= 2100.0
                    };
                    if ok {
                        return Some((MentionKind::DateRange, q + d));
                    }
                }
                // ISO dates 2020-03-15.
                if d == 2
                    && char_at(text, q + 2).is_some_and(is_dash)
                    && digit_run(bytes, q + 3) == 2
                {
                    return Some((MentionKind::Date, q + 5));
                }
            }
        }
        if !day_like {
            // "March 2021" is simply a year; nothing else here.
            return None;
        }
        let month_before = self.month_before(n.start);
        let month_after = {
            let t = next_token(text, n.end).filter(|t| t.kind == TokKind::Word);
            t.filter(|t| is_month(&text[t.start..t.end]) || &text[t.start..t.end] == "May")
                .map(|t| t.end)
        };
        if !month_before && month_after.is_none() {
            return None;
        }
        let mut end = month_after.unwrap_or(n.end);
        let mut kind = MentionKind::Date;
        // "March 9-13".
        if month_before {
            if let Some(c) = char_at(text, end).filter(|&c| is_dash(c)) {
                let q = end + c.len_utf8();
                let d = digit_run(bytes, q);
                if (1..=2).contains(&d) && is_boundary_at(text, q + d) {
                    end = q + d;
                    kind = MentionKind::DateRange;
                }
            }
        }
        // ", 2010" or " 2007" after the day.
        let rest = &text[end..];
        let after_comma = rest.strip_prefix(',').unwrap_or(rest);
        let trimmed = after_comma.trim_start_matches(is_space);
        let year_start = end + (rest.len() - trimmed.len());
        let d = digit_run(bytes, year_start);
        if d == 4 && is_boundary_at(text, year_start + d) {
            end = year_start + d;
        }
        Some((kind, end))
    }

    fn month_before(&self, start: usize) -> bool {
        let text = self.text;
        let head = text[..start].trim_end_matches(is_space);
        let head = head.strip_suffix('.').unwrap_or(head);
        let word_start = head.len()
            - head
                .bytes()
                .rev()
                .take_while(u8::is_ascii_alphabetic)
                .count();
        let word = &head[word_start..];
        !word.is_empty()
            && (is_month(word) || word == "May")
            && is_boundary_before(text, word_start)
    }

    /// The end of "a.m.", "p.m.", "am", "pm" after a time, if present.
    fn meridiem_after(&self, pos: usize) -> Option<usize> {
        let text = self.text;
        let rest = text.get(pos..)?;
        let trimmed = rest.trim_start_matches(is_space);
        let start = pos + (rest.len() - trimmed.len());
        for form in [
            "a.m.",
            "p.m.",
            "a.m",
            "p.m",
            "am",
            "pm",
            "o'clock",
            "o’clock",
        ] {
            if trimmed.len() >= form.len()
                && trimmed.as_bytes()[..form.len()].eq_ignore_ascii_case(form.as_bytes())
            {
                let end = start + form.len();
                if form.ends_with('.') || is_boundary_at(text, end) {
                    return Some(end);
                }
            }
        }
        None
    }

    /// The unit after a numeral: returns the unit, where the phrase ends, and an
    /// adjectival marker ("strong") if one stands there instead.
    fn unit_after(&self, n: &Numeral) -> (Option<UnitMatch<'a>>, usize, Option<&'a str>) {
        let text = self.text;
        let mut pos = n.end;
        let mut glued = true;
        let mut hyphenated = false;
        if let Some(c) = char_at(text, pos) {
            if c == '-' && char_at(text, pos + 1).is_some_and(char::is_alphabetic) {
                pos += 1;
                hyphenated = true;
                glued = false;
            }
        }
        if !hyphenated {
            let rest = &text[pos..];
            let trimmed = rest.trim_start_matches(is_space);
            if trimmed.len() < rest.len() {
                glued = false;
                pos += rest.len() - trimmed.len();
            }
        }
        if let Some((marker, word)) = self.units.adjectival_at(text, pos, hyphenated) {
            return (None, marker.end, Some(word));
        }
        // "20 (kg)", "20 [kg]".
        if !glued {
            if let Some(open @ ('(' | '[' | '<' | '{')) = char_at(text, pos) {
                if let Some(u) = self.units.match_at(text, pos + 1, false) {
                    if let Some(close @ (')' | ']' | '>' | '}')) = char_at(text, u.span.end) {
                        let _ = open;
                        let end = u.span.end + close.len_utf8();
                        return (Some(u), end, None);
                    }
                }
                return (None, n.end, None);
            }
        }
        let Some(u) = self.units.match_at(text, pos, glued) else {
            return (None, n.end, None);
        }; // "$ 20,000.00 $ 37,305.97": a symbol followed by digits is the next figure's prefix.
        let symbol = !u.surface.chars().any(char::is_alphabetic);
        if symbol
            && !glued
            && next_token(text, u.span.end).is_some_and(|t| t.kind == TokKind::Digits)
        {
            return (None, n.end, None);
        }
        // "24703 L-202": a unit letter joined to more digits is a code (a mark is not:
        // "56%-40%").
        if !symbol
            && char_at(text, u.span.end).is_some_and(is_dash)
            && self
                .bytes
                .get(u.span.end + 1)
                .is_some_and(u8::is_ascii_digit)
        {
            return (None, n.end, None);
        }
        // Money after a word number is fine; a counted noun after glued digits is not.
        let mut end = u.span.end;
        // "-long", "-wide": descriptive suffixes belong to the phrase.
        if char_at(text, end) == Some('-') {
            let rest = &text[end + 1..];
            for suffix in [
                "long", "wide", "high", "deep", "tall", "thick", "old", "strong",
            ] {
                if rest.len() >= suffix.len()
                    && rest.as_bytes()[..suffix.len()].eq_ignore_ascii_case(suffix.as_bytes())
                    && is_boundary_at(text, end + 1 + suffix.len())
                {
                    end += 1 + suffix.len();
                    break;
                }
            }
        }
        (Some(u), end, None)
    }
    /// The smaller unit completing a figure: returns the amount to add (in the major
    /// unit) and where the phrase ends.
    fn minor_after(&self, major: &UnitMatch<'a>, pos: usize) -> Option<(f64, usize)> {
        let text = self.text;
        let minor_name = self.units.minor_unit(major)?;
        let mut tok = next_token(text, pos)?;
        if tok.kind == TokKind::Word && word_class(&text[tok.start..tok.end]) == Some(Wd::And) {
            tok = next_token(text, tok.end)?;
        }
        let minor = match tok.kind {
            TokKind::Digits => {
                let lex = lex_digits(text, tok.start);
                if lex.hint.is_some()
                    || lex.plain_digits.is_none()
                    || char_at(text, lex.end).is_some_and(char::is_alphanumeric)
                {
                    return None;
                }
                Numeral::exact(tok.start, lex.end, lex.value, 1.0, NumberForm::Digits)
            }
            TokKind::Word => {
                let n = self.word_numeral(tok.start)?;
                if n.form != NumberForm::Words {
                    return None;
                }
                n
            }
            TokKind::Punct(_) => return None,
        };
        let (minor_unit, minor_end, _) = self.unit_after(&minor);
        match minor_unit {
            Some(mu) if mu.unit == minor_name => {
                Some((minor.value * mu.to_base / major.to_base, minor_end))
            }
            Some(_) => None,
            None => {
                // A bare number stands for the minor unit only for money, below 100, at
                // the end of the phrase: "15 dollars 50.", "c $ 100 and fifty".
                if major.measure != super::units::Measure::Money
                    || minor.value >= 100.0
                    || minor.value.fract() != 0.0
                {
                    return None;
                }
                let ends = match next_token(text, minor.end) {
                    None => true,
                    Some(t) if t.kind == TokKind::Word => {
                        word_class(&text[t.start..t.end]) == Some(Wd::And)
                    }
                    Some(t) => matches!(t.kind, TokKind::Punct('.' | ',' | ';' | ')' | '!' | '?')),
                };
                if !ends {
                    return None;
                }
                Some((minor.value / 100.0, minor.end))
            }
        }
    }

    /// A range that starts with `n`: the whole mention, or None.
    fn range_after(
        &self,
        n: &Numeral,
        unit: Option<&UnitMatch<'a>>,
        unit_end: usize,
        span_start: usize,
        adjectival: Option<&str>,
    ) -> Option<Quantity<'a>> {
        let text = self.text;
        if adjectival.is_some() {
            return None;
        }
        let after_first = if unit.is_some_and(|u| u.span.start >= n.end) {
            unit_end
        } else {
            n.end
        };
        let tok = next_token(text, after_first)?;
        let between =
            previous_word(text, span_start).is_some_and(|(w, _)| w.eq_ignore_ascii_case("between"));
        let connector_is_to =
            tok.kind == TokKind::Word && text[tok.start..tok.end].eq_ignore_ascii_case("to");
        let (connector_end, is_dash_connector) = match tok.kind {
            TokKind::Punct(c) if is_dash(c) => (tok.end, true),
            TokKind::Word => {
                let w = &text[tok.start..tok.end];
                if w.eq_ignore_ascii_case("to")
                    || w.eq_ignore_ascii_case("through")
                    || (between && w.eq_ignore_ascii_case("and"))
                {
                    (tok.end, false)
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        // A dash range is written tight or with spaces on both sides, never "5 -3".
        if is_dash_connector {
            let space_before = tok.start > after_first;
            let space_after =
                next_token(text, connector_end).is_some_and(|t| t.start > connector_end);
            if space_before != space_after {
                return None;
            }
        }
        // A currency repeated on the second number: "$5-$7".
        let mut second_start = next_token(text, connector_end)?;
        if let Some(u) = unit.filter(|u| u.span.end <= n.start) {
            if let Some(p) = self
                .units
                .match_at(text, second_start.start, true)
                .filter(|p| p.unit == u.unit)
            {
                second_start = next_token(text, p.span.end)?;
            }
        }
        let mut second = match second_start.kind {
            TokKind::Digits => self.digit_numeral(second_start.start)?,
            TokKind::Word if !is_dash_connector || n.form == NumberForm::Words => {
                self.word_numeral(second_start.start)?
            }
            _ => return None,
        };
        if second.hint.is_some() || second.form == NumberForm::Vague || !second.value.is_finite() {
            return None;
        }
        let (second_unit, second_unit_end, second_adjectival) = self.unit_after(&second);
        let mut first = n.clone();
        let first_has_suffix_unit = unit.is_some_and(|u| u.span.start >= n.end);
        let unit = match (unit, second_unit) {
            (Some(a), Some(b)) if a.unit == b.unit => Some(a.clone()),
            (Some(a), None) if !first_has_suffix_unit => Some(a.clone()),
            (Some(_), _) => return None,
            (None, b) => b,
        };
        if let Some(m) = unit.as_ref().map(|u| u.multiplier).filter(|&m| m != 1.0) {
            second.scale_by(m);
            if !first_has_suffix_unit {
                first.scale_by(m);
            }
        }
        // "between 5 and 7 million": the scale of the second number applies to the first.
        let borrowed_scale = second.scale > 1.0
            && first.scale == 1.0
            && first.value * second.scale <= second.value * 1.0000001;
        if borrowed_scale {
            first.scale_by(second.scale);
        }
        if first.value > second.value {
            return None;
        }
        // After a verb of change and "by", "A to B" is no range but a change and the
        // level it led to ("rose by 3,000 to 12,000"); after the verb and "from", two
        // levels ("rose from 9,000 to 12,000"). Right after the verb it stays a range
        // ("rose 10 to 15 percent", "dropped 2 to 8 inches of rain"). A figure that would
        // need B's scale ("rose by 2 to 9 million") stays one too: alone it would lose it.
        if connector_is_to
            && !borrowed_scale
            && matches!(
                self.change_before(span_start.min(n.start)),
                Some(Change::By | Change::From)
            )
        {
            return None;
        }
        let end = if second_unit_end > second.end {
            second_unit_end
        } else {
            second.end
        };
        // "between 2019 and 2020", "from 2019 to 2020": two years with nothing counted.
        // (A count in that span with its noun left out, "deaths rose from 1800 to 2100",
        // reads as years too; a noun after it keeps it a count.)
        if unit.is_none()
            && second_adjectival.is_none()
            && is_year_like(&first)
            && is_year_like(&second)
        {
            let mut years = non_quantity(first, MentionKind::DateRange);
            years.span.end = second.end;
            years.number_span.end = second.end;
            years.high = second.value;
            return Some(years);
        }
        let change = self.is_change(span_start.min(first.start), unit.as_ref());
        Some(Quantity {
            span: span_start.min(first.start)..end,
            number_span: first.start..second.end,
            value: first.value,
            low: first.value,
            high: second.value,
            precision: first.precision.max(second.precision),
            form: NumberForm::Range,
            unit,
            kind: MentionKind::Quantity,
            adjectival: second_adjectival,
            change,
        })
    }

    /// Kind of a single number that carries no form hint.
    fn plain_kind(&self, n: &Numeral, has_unit: bool, _previous: &[Quantity<'a>]) -> MentionKind {
        let text = self.text;
        let digits_only = matches!(n.form, NumberForm::Digits);
        if !digits_only {
            return MentionKind::Quantity;
        }
        // Letters glued before the digits: "G20", "J1149", unless a currency ("USD115").
        let before = char_before(text, n.start);
        if before.is_some_and(char::is_alphabetic)
            && self.units.match_prefix_before(text, n.start).is_none()
        {
            let version = before.is_some_and(|c| c == 'v' || c == 'V')
                && !char_before(text, n.start - 1).is_some_and(char::is_alphabetic);
            return if version {
                MentionKind::Version
            } else {
                MentionKind::NameWithNumber
            };
        }
        // "COVID-19", "Su-27", "Brotherhood-2017": a capitalised word joined by a hyphen.
        if let Some(hyphen @ ('-' | '‑')) = before {
            // The hyphen may be U+2011 (three bytes), not only ASCII '-'.
            let word_end = n.start - hyphen.len_utf8();
            let head = &text[..word_end];
            let word_start = head.len()
                - head
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric())
                    .map(char::len_utf8)
                    .sum::<usize>();
            let word = &head[word_start..];
            if word.chars().next().is_some_and(char::is_uppercase) {
                return MentionKind::NameWithNumber;
            }
        }
        if let Some((word, _)) = previous_word(text, n.start) {
            if !has_unit && in_list(IDENTIFIER_WORDS, word) {
                return MentionKind::Identifier;
            }
            if word.eq_ignore_ascii_case("version") || word.eq_ignore_ascii_case("v") {
                return MentionKind::Version;
            }
        }
        {
            // "No. 5", "nr. 5", "p. 12", "#5".
            let head = text[..n.start].trim_end_matches(is_space);
            if let Some(before_dot) = head.strip_suffix('.') {
                let w = before_dot
                    .rsplit(|c: char| !c.is_ascii_alphabetic())
                    .next()
                    .unwrap_or("");
                if [
                    "no", "nos", "nr", "p", "pp", "art", "vol", "ch", "sec", "para", "fig",
                ]
                .iter()
                .any(|x| x.eq_ignore_ascii_case(w))
                    && !has_unit
                {
                    return MentionKind::Identifier;
                }
            }
        }
        if char_before(text, n.start) == Some('#') {
            return MentionKind::Identifier;
        }
        // "Indestructible Brotherhood – 2022".
        if !has_unit && n.plain_digits.is_some() {
            let head = text[..n.start].trim_end_matches(is_space);
            if let Some(dash) = head
                .chars()
                .next_back()
                .filter(|&c| matches!(c, '–' | '—' | '-'))
            {
                let before_dash = &head[..head.len() - dash.len_utf8()];
                let spaced = before_dash.ends_with(is_space);
                let word = before_dash
                    .trim_end_matches(is_space)
                    .rsplit(|c: char| !c.is_alphabetic())
                    .next()
                    .unwrap_or("");
                if spaced && word.chars().next().is_some_and(char::is_uppercase) && !is_month(word)
                {
                    return MentionKind::NameWithNumber;
                }
            }
        }
        if n.plain_digits.is_some() && !has_unit && self.is_address(n.end) {
            return MentionKind::Address;
        }
        if n.plain_digits == Some(4)
            && (1800.0..=2100.0).contains(&n.value)
            && !has_unit
            && n.value >= 0.0
        {
            return MentionKind::Year;
        }
        MentionKind::Quantity
    }

    /// Whether a year-like number that a noun or unit follows is the year the noun is
    /// dated by, not a count of it: after a month ("the February 2017 vote"), after a
    /// determiner, a possessive or a preposition of time ("a 2008 article", "his 1984
    /// student yearbook", "Obama's 2015 agreement", "in 2001 troops arrived", "from
    /// 110,000 people in 2017 to 45,000"), or before a counted noun in the singular
    /// ("2013 case", "2015 attack"; a count of two thousand takes the plural), or before
    /// "in" read as inches ("the Act of 2018 in Washington"). Counts written with a
    /// separator ("the 2,000 troops") are not year-like and not touched; one written
    /// without it after "the" is read as a year ("the 2000 troops").
    fn is_attributive_year(&self, n: &Numeral, unit: Option<&UnitMatch<'_>>) -> bool {
        if !is_year_like(n) || n.value < 0.0 || n.scale != 1.0 {
            return false;
        }
        let text = self.text;
        let unit = unit.filter(|u| u.span.start >= n.end);
        if unit.is_some_and(|u| u.surface == "in") {
            return true;
        }
        // A measurement keeps its figure ("a 2000 km pipeline", "the 1900 MW plant"),
        // and so does a death toll ("some 1900 killed").
        let counted = match unit {
            None => None,
            Some(u) if is_counted_measure(u.measure) && u.measure != Measure::Casualties => Some(u),
            Some(_) => return false,
        };
        let plural = counted.is_some_and(|u| !is_singular_noun(u.surface));
        match previous_word(text, n.start) {
            Some((word, _)) if is_month(word) || in_list(DATING_WORDS, word) => return true,
            // "that 2000 people were evacuated", "its 2000 employees": a count before a
            // plural noun; "his 2013 State of the Union", "Obama's 2015 agreement": a year.
            Some((word, start))
                if in_list(DATING_IF_SINGULAR, word)
                    || (word.eq_ignore_ascii_case("s") && text[..start].ends_with(['\'', '’'])) =>
            {
                return !plural;
            }
            _ => {}
        }
        // "a 2013 case"; but "some 2000 state employees" counts employees.
        counted.is_some_and(|u| !plural && !self.plural_noun_after(u.span.end))
    }

    /// Whether a lower-case plural noun follows byte `pos` ("legislators", "seats").
    fn plural_noun_after(&self, pos: usize) -> bool {
        let text = self.text;
        next_token(text, pos).is_some_and(|t| {
            let word = &text[t.start..t.end];
            t.kind == TokKind::Word
                && word.starts_with(|c: char| c.is_lowercase())
                && looks_plural(word)
        })
    }

    /// One to three capitalised words and a street word after a house number.
    fn is_address(&self, pos: usize) -> bool {
        let text = self.text;
        let mut p = pos;
        for i in 0..4 {
            let Some(tok) = next_token(text, p) else {
                return false;
            };
            if tok.kind != TokKind::Word {
                return false;
            }
            let w = &text[tok.start..tok.end];
            if i > 0 && in_list(STREET_WORDS, w) && w.chars().next().is_some_and(char::is_uppercase)
            {
                return true;
            }
            if !w.chars().next().is_some_and(char::is_uppercase) {
                return false;
            }
            p = tok.end;
        }
        false
    }
}

/// Words after which a year-like number dates the noun that follows ("the 2016
/// election", "a 2008 article", "in 2001 troops arrived"): articles and prepositions of
/// time.
const DATING_WORDS: &[&str] = &["the", "a", "an", "in", "since", "until", "till", "during"];

/// Words after which a fraction whose denominator can only be a day (13 to 31) is a
/// month and a day ("by 3/15"; "cut by 1/2" stays a half).
const DATING_A_DAY: &[&str] = &[
    "on", "since", "until", "by", "from", "through", "before", "after",
];

/// Words after which any fraction of a month and a day is a date ("on 12/5").
const DATING_ANY_FRACTION: &[&str] = &["on", "since", "until"];

/// Words after which a year-like number dates a noun in the singular ("his 2013 State
/// of the Union") but counts a plural one ("that 2000 people", "its 2000 employees"):
/// demonstratives and possessives.
const DATING_IF_SINGULAR: &[&str] = &[
    "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your", "whose",
];

/// Words after which "point" is the noun, not a spoken decimal point ("at this point
/// eight years ago", "the point two weeks later").
const NOUN_POINT_BEFORE: &[&str] = &[
    "this", "that", "the", "a", "an", "at", "which", "what", "some", "any", "no", "each", "every",
    "one", "same", "his", "her", "its", "their", "our", "my", "your", "whose",
];

/// Nouns that name several without a plural ending, or a mass.
const PLURAL_WITHOUT_S: &[&str] = &[
    "people",
    "children",
    "men",
    "women",
    "police",
    "personnel",
    "staff",
    "aircraft",
    "militia",
    "clergy",
    "cattle",
    "livestock",
    "equipment",
    "hardware",
    "infantry",
    "cavalry",
    "artillery",
    "youth",
    "folk",
    "sheep",
    "fish",
    "deer",
    "crew",
    "dead",
    "killed",
    "wounded",
    "injured",
    "displaced",
    "missing",
    "detained",
    "arrested",
    "evacuated",
];

/// Whether a word reads as a regular plural ("seats", "legislators"; not "press", "bus").
pub(crate) fn looks_plural(word: &str) -> bool {
    word.len() > 3 && word.ends_with(['s', 'S']) && !word.to_ascii_lowercase().ends_with("ss")
}

/// Measures of counted things (their units are nouns: "troops", "tanks", "votes").
pub(crate) fn is_counted_measure(measure: Measure) -> bool {
    matches!(
        measure,
        Measure::Headcount | Measure::Casualties | Measure::Equipment | Measure::Count
    )
}

/// Whether a counted noun as written is in the singular ("case", "attack"; not
/// "cases", "people", "aircraft").
pub(crate) fn is_singular_noun(word: &str) -> bool {
    let last = word.split_whitespace().next_back().unwrap_or(word);
    // "servicemen", "policemen", "guardsmen".
    let men = last.len() > 3
        && last
            .as_bytes()
            .get(last.len() - 3..)
            .is_some_and(|end| end.eq_ignore_ascii_case(b"men"));
    !last.ends_with(['s', 'S']) && !men && !in_list(PLURAL_WITHOUT_S, last)
}

/// The word before `pos` (skipping spaces and one ':' or '.'), with its start.
fn previous_word(text: &str, pos: usize) -> Option<(&str, usize)> {
    let head = text.get(..pos)?.trim_end_matches(is_space);
    let head = head
        .strip_suffix(':')
        .unwrap_or(head)
        .trim_end_matches(is_space);
    let start = head.len()
        - head
            .bytes()
            .rev()
            .take_while(u8::is_ascii_alphabetic)
            .count();
    let word = &head[start..];
    if word.is_empty() {
        None
    } else {
        Some((word, start))
    }
}

fn non_quantity<'a>(n: Numeral, kind: MentionKind) -> Quantity<'a> {
    Quantity {
        span: n.start..n.end,
        number_span: n.start..n.end,
        value: n.value,
        low: n.low.min(n.value),
        high: n.high.max(n.value),
        precision: n.precision,
        form: n.form,
        unit: None,
        kind,
        adjectival: None,
        change: false,
    }
}

/// What a verb of change before a figure makes of it (see `[changes]` in the unit table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// Right after the verb: the amount of the change ("sales rose 4%"), or the
    /// verb's object ("dropped two bombs").
    Direct,
    /// After the verb and "by": the amount of the change.
    By,
    /// After the verb and "from": the earlier level.
    From,
}

#[cfg(test)]
mod tests {
    use super::*;
    use MentionKind::*;

    #[test]
    fn scale_abbreviations_are_read_in_any_case_and_nothing_else_is() {
        let cases: &[(&str, bool, Option<f64>)] = &[
            ("bn", true, Some(1e9)),
            ("BN", false, Some(1e9)),
            ("Mln", true, Some(1e6)),
            ("mio", false, Some(1e6)),
            ("TRN", true, Some(1e12)),
            ("cr", false, Some(1e7)),
            ("cr", true, None),
            ("k", false, Some(1e3)),
            ("m", true, Some(1e6)),
            ("m", false, None),
            ("bnx", true, None),
            ("mé", true, None),
            ("", true, None),
            ("million", false, None),
        ];
        for &(word, glued, scale) in cases {
            assert_eq!(
                scale_abbreviation(word, glued),
                scale,
                "{word:?} glued {glued}"
            );
        }
    }

    /// One expected mention: the phrase, its value, its canonical unit, its kind.
    type Want<'a> = (&'a str, f64, Option<&'a str>, MentionKind);

    fn check(input: &str, expected: &[Want]) {
        let found = find_quantities(input, UnitTable::builtin());
        let got: Vec<(String, f64, Option<String>, MentionKind)> = found
            .iter()
            .map(|q| {
                (
                    input[q.span.clone()].to_string(),
                    q.value,
                    q.unit.as_ref().map(|u| u.unit.to_string()),
                    q.kind,
                )
            })
            .collect();
        let want: Vec<(String, f64, Option<String>, MentionKind)> = expected
            .iter()
            .map(|(s, v, u, k)| (s.to_string(), *v, u.map(str::to_string), *k))
            .collect();
        let same = got.len() == want.len()
            && got.iter().zip(&want).all(|(g, w)| {
                g.0 == w.0
                    && (g.1 - w.1).abs() <= 1e-9 * w.1.abs().max(1.0)
                    && g.2 == w.2
                    && g.3 == w.3
            });
        assert!(same, "\ninput: {input:?}\n  got: {got:?}\n want: {want:?}");
    }

    #[test]
    fn digits() {
        check("2,500", &[("2,500", 2500.0, None, Quantity)]);
        check(
            "19 000 and 19\u{a0}000",
            &[
                ("19 000", 19000.0, None, Quantity),
                ("19\u{a0}000", 19000.0, None, Quantity),
            ],
        );
        check(
            "3.6 and 55.5 and .08",
            &[
                ("3.6", 3.6, None, Quantity),
                ("55.5", 55.5, None, Quantity),
                (".08", 0.08, None, Quantity),
            ],
        );
        check("4.800", &[("4.800", 4.8, None, Quantity)]);
        check("1,234.5", &[("1,234.5", 1234.5, None, Quantity)]);
        check(
            "it fell to -5, minus 5",
            &[
                ("-5", -5.0, None, Quantity),
                ("minus 5", -5.0, None, Quantity),
            ],
        );
        check(
            "12,34,567.89",
            &[("12,34,567.89", 1234567.89, None, Quantity)],
        );
        check(
            "1/4 and 2 1/2",
            &[
                ("1/4", 0.25, None, Quantity),
                ("2 1/2", 2.5, None, Quantity),
            ],
        );
        check("1.3x10^6", &[("1.3x10^6", 1.3e6, None, Quantity)]);
        // Not fractions: written improper, or a month and a day past twelve.
        check(
            "24/7 coverage, a 50/50 split, 9/11 families, on 3/15 they met; 5/16 inch; 3/15",
            &[
                ("24/7", 24.0, None, NameWithNumber),
                ("50/50", 50.0, None, NameWithNumber),
                ("9/11", 9.0, None, Date),
                ("3/15", 3.0, None, Date),
                ("5/16 inch", 0.3125, Some("in"), Quantity),
                ("3/15", 0.2, None, Quantity),
            ],
        );
        check(
            "since 1/20, on 12/5, by 3/16; cut by 1/2; the 2019/2020 budget",
            &[
                ("1/20", 1.0, None, Date),
                ("12/5", 12.0, None, Date),
                ("3/16", 3.0, None, Date),
                ("1/2", 0.5, None, Quantity),
                ("2019/2020", 2019.0, None, DateRange),
            ],
        );
    }

    /// A dash right after a figure's mark joins two figures (a poll's split): neither
    /// is negative, and the mark stays with the first.
    #[test]
    fn a_dash_after_a_percent_sign_is_no_minus() {
        check(
            "Obama tops Romney 56%-40% among them",
            &[
                ("56%", 56.0, Some("%"), Quantity),
                ("40%", 40.0, Some("%"), Quantity),
            ],
        );
        check(
            "it fell -3% (-5 in May)",
            &[
                ("-3%", -3.0, Some("%"), Quantity),
                ("-5", -5.0, None, Quantity),
            ],
        );
    }

    /// "in" is an inch only after digits and before a size word or at a sentence's end.
    #[test]
    fn in_is_an_inch_only_where_it_cannot_be_the_word() {
        check(
            "a door 2 1/2 in thick; a pencil of 2½ in",
            &[
                ("2 1/2 in", 2.5, Some("in"), Quantity),
                ("2½ in", 2.5, Some("in"), Quantity),
            ],
        );
        check(
            "The pencil is 2 in. It is new.",
            &[("2 in", 2.0, Some("in"), Quantity)],
        );
        check(
            "a board 10 in long and 3 in wide",
            &[
                ("10 in", 10.0, Some("in"), Quantity),
                ("3 in", 3.0, Some("in"), Quantity),
            ],
        );
        check(
            "5 in Kabul, 6 in deep-red areas, 7 in. the list, a month and a half in.",
            &[
                ("5", 5.0, None, Quantity),
                ("6", 6.0, None, Quantity),
                ("7", 7.0, None, Quantity),
                ("a half", 0.5, None, Quantity),
            ],
        );
        // A size word that is an adjective of what follows, and a wrapped line.
        check(
            "killed 3 in high winds and 2 in thick fog; 5 in\nKabul",
            &[
                ("3", 3.0, None, Quantity),
                ("2", 2.0, None, Quantity),
                ("5", 5.0, None, Quantity),
            ],
        );
    }

    /// Text tokenised with a space on each side of every mark, as research corpora
    /// (Penn Treebank style) ship it, and the prose the same marks must not change.
    #[test]
    fn tokenised_text_spaces_its_marks() {
        check(
            "1 , 250 , 000 and 80 , 000",
            &[
                ("1 , 250 , 000", 1_250_000.0, None, Quantity),
                ("80 , 000", 80_000.0, None, Quantity),
            ],
        );
        check(
            "rose 6 . 2 % and 30 . 84 percent and 1 . 5 pct and 2 . 25 per cent",
            &[
                ("6 . 2 %", 6.2, Some("%"), Quantity),
                ("30 . 84 percent", 30.84, Some("%"), Quantity),
                ("1 . 5 pct", 1.5, Some("%"), Quantity),
                ("2 . 25 per cent", 2.25, Some("%"), Quantity),
            ],
        );
        check(
            "fell 1 / 4 point; 7 3 / 4 bonds at 101 1 / 4",
            &[
                ("1 / 4", 0.25, None, Quantity),
                ("7 3 / 4", 7.75, None, Quantity),
                ("101 1 / 4", 101.25, None, Quantity),
            ],
        );
        // Not one number: a list, a group that is not three digits, a sentence's end
        // before digits that are no percent, an improper fraction, a spaced date.
        check(
            "7, 800 and 5 , 12 and 4 , 5000",
            &[
                ("7", 7.0, None, Quantity),
                ("800", 800.0, None, Quantity),
                ("5", 5.0, None, Quantity),
                ("12", 12.0, None, Quantity),
                ("4", 4.0, None, Quantity),
                ("5000", 5000.0, None, Quantity),
            ],
        );
        check(
            "it had 16 . 2 more came",
            &[("16", 16.0, None, Quantity), ("2", 2.0, None, Quantity)],
        );
        check(
            "24 / 7 and 3 / 15 / 2021",
            &[
                ("24", 24.0, None, Quantity),
                ("7", 7.0, None, Quantity),
                ("3", 3.0, None, Quantity),
                ("15", 15.0, None, Quantity),
                ("2021", 2021.0, None, Year),
            ],
        );
    }

    /// Commas between digits: thousands, Indian lakh grouping, the valid prefix of
    /// thousands groups, and a decimal comma.
    #[test]
    fn digit_groups_after_commas() {
        check("1,000,000,000", &[("1,000,000,000", 1e9, None, Quantity)]);
        check("12,345", &[("12,345", 12345.0, None, Quantity)]);
        check("1,00,000", &[("1,00,000", 1e5, None, Quantity)]);
        check("12,34,567", &[("12,34,567", 1_234_567.0, None, Quantity)]);
        check(
            "12,34,56,789",
            &[("12,34,56,789", 123_456_789.0, None, Quantity)],
        );
        // Lakh grouping needs every group before the last to have two digits.
        check(
            "1,2345,678",
            &[
                ("1", 1.0, None, Quantity),
                ("2345", 2345.0, None, Quantity),
                ("678", 678.0, None, Quantity),
            ],
        );
        // Only the thousands groups that lead are kept.
        check(
            "1,234,12,345",
            &[
                ("1,234", 1234.0, None, Quantity),
                ("12,345", 12345.0, None, Quantity),
            ],
        );
        check(
            "1,234,5678",
            &[
                ("1,234", 1234.0, None, Quantity),
                ("5678", 5678.0, None, Quantity),
            ],
        );
        check("5,00", &[("5,00", 5.0, None, Quantity)]);
        check("1,3", &[("1,3", 1.3, None, Quantity)]);
    }

    #[test]
    fn scales() {
        check("3.6 thousand", &[("3.6 thousand", 3600.0, None, Quantity)]);
        check("1.5 million", &[("1.5 million", 1.5e6, None, Quantity)]);
        check("$4.1bn", &[("$4.1bn", 4.1e9, Some("USD"), Quantity)]);
        check("19k", &[("19k", 19000.0, None, Quantity)]);
        check("€20m", &[("€20m", 2e7, Some("EUR"), Quantity)]);
        check("2.5tn", &[("2.5tn", 2.5e12, None, Quantity)]);
        check(
            "13 lakh and 2 crore",
            &[
                ("13 lakh", 1.3e6, None, Quantity),
                ("2 crore", 2e7, None, Quantity),
            ],
        );
        check(
            "USD 5 million",
            &[("USD 5 million", 5e6, Some("USD"), Quantity)],
        );
        check(
            "55 billion cubic meters per year",
            &[(
                "55 billion cubic meters per year",
                5.5e10,
                Some("m3/yr"),
                Quantity,
            )],
        );
        check("55 bcm", &[("55 bcm", 5.5e10, Some("m3/yr"), Quantity)]);
    }

    /// A glued "m" or "b" is a scale unless the figure is written as a measurement and
    /// nothing counted follows it.
    #[test]
    fn a_glued_letter_reads_as_a_unit_where_a_measurement_is_written() {
        check(
            "the 1500m freestyle",
            &[("1500m", 1500.0, Some("m"), Quantity)],
        );
        check(
            "a 221m-high effigy",
            &[("221m-high", 221.0, Some("m"), Quantity)],
        );
        check(
            "won the 100m sprint and the 400m Hurdles",
            &[
                ("100m", 100.0, Some("m"), Quantity),
                ("400m", 400.0, Some("m"), Quantity),
            ],
        );
        check(
            "the 200m semi-final",
            &[("200m", 200.0, Some("m"), Quantity)],
        );
        // After an article alone a scale stays: "m" is written for millions.
        check("the 2m jobs created", &[("2m", 2e6, None, Quantity)]);
        check("a 10m increase", &[("10m", 1e7, None, Quantity)]);
        check(
            "The 1500b packet",
            &[("1500b", 1500.0, Some("bit"), Quantity)],
        );
        // Still scales: money, a counted noun or unit after, a short figure anywhere.
        check("a £4.5m deal", &[("£4.5m", 4.5e6, Some("GBP"), Quantity)]);
        check(
            "the 3m people",
            &[("3m people", 3e6, Some("people"), Quantity)],
        );
        check(
            "a 15m barrels cut",
            &[("15m barrels", 1.5e7, Some("bbl"), Quantity)],
        );
        check("profits of 5m", &[("5m", 5e6, None, Quantity)]);
        check("a $2b loan", &[("$2b", 2e9, Some("USD"), Quantity)]);
    }

    #[test]
    fn words() {
        check("four", &[("four", 4.0, None, Quantity)]);
        check("twenty-five", &[("twenty-five", 25.0, None, Quantity)]);
        check("a hundred", &[("a hundred", 100.0, None, Quantity)]);
        check("two thousand", &[("two thousand", 2000.0, None, Quantity)]);
        check("a dozen", &[("a dozen", 12.0, None, Quantity)]);
        check("half a million", &[("half a million", 5e5, None, Quantity)]);
        check(
            "a half-dozen fires",
            &[("a half-dozen", 6.0, None, Quantity)],
        );
        check(
            "one hundred and three",
            &[("one hundred and three", 103.0, None, Quantity)],
        );
        check(
            "three quarters",
            &[("three quarters", 0.75, None, Quantity)],
        );
        check("two thirds", &[("two thirds", 2.0 / 3.0, None, Quantity)]);
        check("a couple of", &[("a couple of", 2.0, None, Quantity)]);
        check(
            "forty-five (45)",
            &[("forty-five (45)", 45.0, None, Quantity)],
        );
        check(
            "two and a half million",
            &[("two and a half million", 2.5e6, None, Quantity)],
        );
        check("a man, a plan", &[]);
        check("one of the soldiers, no one else, the one, once", &[]);
    }

    #[test]
    fn vague() {
        let cases: &[(&str, f64, f64)] = &[
            ("dozens", 24.0, 99.0),
            ("hundreds", 200.0, 999.0),
            ("tens of thousands", 20000.0, 99000.0),
            ("several thousand", 3000.0, 9000.0),
            ("a few hundred", 300.0, 600.0),
        ];
        for &(text, low, high) in cases {
            let found = find_quantities(text, UnitTable::builtin());
            assert_eq!(found.len(), 1, "{text}");
            let q = &found[0];
            assert_eq!(
                (q.form, q.value, q.low),
                (NumberForm::Vague, low, low),
                "{text}"
            );
            assert!((q.high - high).abs() < 1e-6, "{text}: {}", q.high);
        }
    }

    #[test]
    fn ranges() {
        for text in [
            "5,000-7,000",
            "5,000–7,000",
            "between 5,000 and 7,000",
            "from 5,000 to 7,000",
            "5,000 to 7,000",
        ] {
            let found = find_quantities(text, UnitTable::builtin());
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(
                (found[0].form, found[0].low, found[0].high),
                (NumberForm::Range, 5000.0, 7000.0),
                "{text}"
            );
        }
        check("10-20 km", &[("10-20 km", 10.0, Some("km"), Quantity)]);
        check(
            "between 5 and 7 million",
            &[("5 and 7 million", 5e6, None, Quantity)],
        );
    }

    /// After a verb of change and "by", "A to B" is a change and a level; after the verb
    /// and "from", two levels; the first figure takes the second's unit. Otherwise a
    /// range.
    #[test]
    fn a_change_and_its_level_are_no_range() {
        check(
            "The force grew by 3,000 to 12,000 troops.",
            &[
                ("3,000", 3000.0, Some("troops"), Quantity),
                ("12,000 troops", 12000.0, Some("troops"), Quantity),
            ],
        );
        check(
            "Output fell by 500,000 bpd to 9.8 million bpd.",
            &[
                ("500,000 bpd", 5e5, Some("bbl/d"), Quantity),
                ("9.8 million bpd", 9.8e6, Some("bbl/d"), Quantity),
            ],
        );
        check(
            "Death toll rises by 20 to 45 people",
            &[
                ("20", 20.0, Some("people"), Quantity),
                ("45 people", 45.0, Some("people"), Quantity),
            ],
        );
        check(
            "Spending rose from $2.7 trillion to $4.1 trillion; support jumped from 42 to 52 percent.",
            &[
                ("$2.7 trillion", 2.7e12, Some("USD"), Quantity),
                ("$4.1 trillion", 4.1e12, Some("USD"), Quantity),
                ("42", 42.0, Some("%"), Quantity),
                ("52 percent", 52.0, Some("%"), Quantity),
            ],
        );
        check(
            "Approval fell from 55 to 49 percent.",
            &[
                ("55", 55.0, Some("%"), Quantity),
                ("49 percent", 49.0, Some("%"), Quantity),
            ],
        );
        // Ranges stay ranges: right after the verb, no verb of change (a forecast's bare
        // verb is none), a scale only B writes, no "to".
        for (text, low, high) in [
            ("Prices rose 10 to 15 percent.", 10.0, 15.0),
            ("The storm dropped 2 to 8 inches of rain.", 2.0, 8.0),
            ("Labour gained 5 to 20 seats.", 5.0, 20.0),
            ("Prices could rise by 10 to 40 percent.", 10.0, 40.0),
            ("It grew by 2 to 9 million people.", 2e6, 9e6),
            ("It grew between 5,000 and 70,000 people.", 5000.0, 70000.0),
            ("from 5,000 to 70,000 people attended", 5000.0, 70000.0),
        ] {
            let found = find_quantities(text, UnitTable::builtin());
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(
                (found[0].form, found[0].low, found[0].high) == (NumberForm::Range, low, high),
                "{text}: {:?}",
                found[0]
            );
        }
    }

    /// A figure right after a verb of change, with a unit that measures, or after the
    /// verb and "by", is a change; a level, an object or a figure after another word is
    /// not.
    #[test]
    fn changes_are_marked() {
        let changes = |text: &str| -> Vec<bool> {
            find_quantities(text, UnitTable::builtin())
                .iter()
                .map(|q| q.change)
                .collect()
        };
        assert_eq!(changes("Exports rose 4% to $1.2 billion."), [true, false]);
        assert_eq!(
            changes("The force grew by 3,000 to 12,000 troops."),
            [true, false]
        );
        assert_eq!(changes("Support rose by 10 points."), [true]);
        assert_eq!(
            changes("It grew from 9,000 to 12,000 troops."),
            [false, false]
        );
        assert_eq!(changes("The plane dropped two bombs."), [false]);
        assert_eq!(changes("The storm dropped 6 inches of snow."), [false]);
        assert_eq!(
            changes("The tower rises 828 metres above the city."),
            [false]
        );
        assert_eq!(changes("Copper slid 33 cents to $2.77."), [true, false]);
        assert_eq!(changes("The toll rose to 57 people."), [false]);
        assert_eq!(
            changes("He ended up $200,000 in debt; they raised $9 million."),
            [false, false]
        );
        assert_eq!(changes("Prices could rise 4%."), [false]);
    }

    /// The words of `[changes]` come from the table: without the section, "A to B" after
    /// any verb is a range and nothing is a change.
    #[test]
    fn change_words_are_read_from_the_table() {
        let units = include_str!("../../models/units.toml");
        let start = units.find("[changes]").unwrap();
        let end = start + units[start..].find("from = ").unwrap();
        let end = end + units[end..].find('\n').unwrap();
        let without =
            UnitTable::from_toml_str(&format!("{}{}", &units[..start], &units[end..])).unwrap();
        let found = find_quantities("The force grew by 3,000 to 12,000 troops.", &without);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].form, NumberForm::Range);
        assert!(!found[0].change);
    }

    #[test]
    fn compounds_and_adjectival_forms() {
        check(
            "a 17,000-strong force",
            &[("17,000-strong", 17000.0, None, Quantity)],
        );
        check(
            "17,000-member force",
            &[("17,000-member", 17000.0, None, Quantity)],
        );
        check(
            "a 2,500-man contingent",
            &[("2,500-man", 2500.0, None, Quantity)],
        );
        check(
            "12,000-strong border-guard force",
            &[("12,000-strong", 12000.0, None, Quantity)],
        );
        check(
            "7,500 km-long border",
            &[("7,500 km-long", 7500.0, Some("km"), Quantity)],
        );
        check(
            "4,750 mile-long border",
            &[("4,750 mile-long", 4750.0, Some("mi"), Quantity)],
        );
        check("a 5-year-old", &[("5-year-old", 5.0, Some("yr"), Quantity)]);
        let found = find_quantities("a 17,000-strong force", UnitTable::builtin());
        assert_eq!(found[0].adjectival, Some("strong"));
        let age = find_quantities("a 5-year-old", UnitTable::builtin());
        assert_eq!(
            age[0].unit.as_ref().map(|u| u.measure),
            Some(super::super::units::Measure::Age)
        );
    }

    #[test]
    fn rates_are_one_unit_per_another() {
        check(
            "$15 an hour, $15.4/hour, €2 per litre, 50 km/ms, 50 meters per millisecond",
            &[
                ("$15 an hour", 15.0, Some("USD/h"), Quantity),
                ("$15.4/hour", 15.4, Some("USD/h"), Quantity),
                ("€2 per litre", 2.0, Some("EUR/l"), Quantity),
                ("50 km/ms", 50.0, Some("km/ms"), Quantity),
                ("50 meters per millisecond", 50.0, Some("m/ms"), Quantity),
            ],
        );
        // Ranges, scales and a rate of a rate.
        check(
            "$5-$10 a day, $4.1 billion a year, 20 J/m^2 per year",
            &[
                ("$5-$10 a day", 5.0, Some("USD/d"), Quantity),
                ("$4.1 billion a year", 4.1e9, Some("USD/yr"), Quantity),
                ("20 J/m^2 per year", 20.0, Some("J/m2/yr"), Quantity),
            ],
        );
        // Not rates: a time adverbial, an ordinal, a counted noun, a noun that is no
        // unit, "per cent" after a number.
        check(
            "$1.17 billion a year earlier, 5 km a second time, 2,000 migrants a day, \
             $5 per share, 5 per cent",
            &[
                ("$1.17 billion", 1.17e9, Some("USD"), Quantity),
                ("5 km", 5.0, Some("km"), Quantity),
                ("2,000 migrants", 2000.0, Some("people"), Quantity),
                ("$5", 5.0, Some("USD"), Quantity),
                ("5 per cent", 5.0, Some("%"), Quantity),
            ],
        );
        // A rate the table has is the table's (speed, volume rate), so that it meets
        // figures written in that unit; "a second" before punctuation is a time unit;
        // a list's last figure lends its rate.
        check(
            "30 m/sec, 1 million barrels/day, 30 metres a second; 45 and 50 km a day",
            &[
                ("30 m/sec", 30.0, Some("m/s"), Quantity),
                ("1 million barrels/day", 1e6, Some("bbl/d"), Quantity),
                ("30 metres a second", 30.0, Some("m/s"), Quantity),
                ("45", 45.0, Some("km/d"), Quantity),
                ("50 km a day", 50.0, Some("km/d"), Quantity),
            ],
        );
        let speed = find_quantities("30 m/sec", UnitTable::builtin());
        assert_eq!(
            speed[0].unit.as_ref().map(|u| u.measure),
            Some(Measure::Speed)
        );
        let table = UnitTable::builtin();
        let wage = find_quantities("paid $15 an hour", table);
        let unit = wage[0].unit.as_ref().expect("a rate");
        assert_eq!(unit.measure, Measure::Rate);
        assert_eq!(unit.name, "United States dollar per hour");
        assert_eq!(unit.base_unit, "USD/d");
        // 15 dollars an hour are 360 a day.
        assert!((wage[0].value * unit.to_base - 360.0).abs() < 1e-9);
    }

    #[test]
    fn a_list_shares_the_unit_written_after_its_last_figure() {
        check(
            "given 45 and 50 mg, growth of 2 or 3 percent, roads of 5, 10 and 15 km",
            &[
                ("45", 45.0, Some("mg"), Quantity),
                ("50 mg", 50.0, Some("mg"), Quantity),
                ("2", 2.0, Some("%"), Quantity),
                ("3 percent", 3.0, Some("%"), Quantity),
                ("5", 5.0, Some("km"), Quantity),
                ("10", 10.0, Some("km"), Quantity),
                ("15 km", 15.0, Some("km"), Quantity),
            ],
        );
        // No list: no "and" before the unit's figure; a scale on it; a short figure
        // before thousands ("20 or 30,000" is 20,000); a figure joined to a word; a
        // verb after "and".
        check(
            "Of the 45, 30 km; 2 and 3 million people; 20 or 30,000 people; \
             5-foot-11 and 180 lb; killed 3 and wounded 50 people; Smith, 45, and 3 children",
            &[
                ("45", 45.0, None, Quantity),
                ("30 km", 30.0, Some("km"), Quantity),
                ("2", 2.0, None, Quantity),
                ("3 million people", 3e6, Some("people"), Quantity),
                ("20", 20.0, None, Quantity),
                ("30,000 people", 30000.0, Some("people"), Quantity),
                ("5", 5.0, None, Quantity),
                ("11", 11.0, None, Quantity),
                ("180 lb", 180.0, Some("lb"), Quantity),
                ("3", 3.0, None, Quantity),
                ("50 people", 50.0, Some("people"), Quantity),
                ("45", 45.0, None, Quantity),
                ("3 children", 3.0, Some("people"), Quantity),
            ],
        );
        // With an Oxford comma after figures, it is a list.
        check(
            "brackets of 10, 15, and 39.6 percent",
            &[
                ("10", 10.0, Some("%"), Quantity),
                ("15", 15.0, Some("%"), Quantity),
                ("39.6 percent", 39.6, Some("%"), Quantity),
            ],
        );
    }

    #[test]
    fn two_years_joined_as_a_range_are_a_date_range() {
        check(
            "between 2019 and 2020 prices rose, from 1990 to 2009 and 1999 through 2011",
            &[
                ("2019 and 2020", 2019.0, None, DateRange),
                ("1990 to 2009", 1990.0, None, DateRange),
                ("1999 through 2011", 1999.0, None, DateRange),
            ],
        );
        // A counted noun after them keeps them a range of counts.
        check(
            "between 1900 and 2000 troops",
            &[("1900 and 2000 troops", 1900.0, Some("troops"), Quantity)],
        );
    }

    #[test]
    fn point_after_a_determiner_is_the_noun() {
        check(
            "at this point eight years ago",
            &[("eight years", 8.0, Some("yr"), Quantity)],
        );
        check(
            "rates rose point five percent",
            &[("point five percent", 0.5, Some("%"), Quantity)],
        );
    }

    /// A year that dates the noun after it is no count of that noun; a count of two
    /// thousand keeps its plural noun.
    #[test]
    fn a_year_dating_a_noun_is_no_count() {
        let years: &[(&str, &str)] = &[
            ("the February 2017 vote by the council", "2017"),
            ("he wrote a 2008 article for the paper", "2008"),
            ("his 1984 student yearbook page", "1984"),
            ("Obama’s 2015 agreement with Iran", "2015"),
            ("Obama's 2015 agreement with Iran", "2015"),
            ("In 2001 troops arrived in the city", "2001"),
            ("since 1999 soldiers have guarded it", "1999"),
            ("a 2013 case before the court", "2013"),
            ("That 2007 case, Parker v. District", "2007"),
            ("the 2012 attacks in Benghazi", "2012"),
            ("the Act of 2018 in Washington", "2018"),
        ];
        for &(text, year) in years {
            check(text, &[(year, year.parse().unwrap(), None, Year)]);
        }
        check(
            "About 2000 troops arrived; 1500 soldiers and 2000 people marched",
            &[
                ("2000 troops", 2000.0, Some("troops"), Quantity),
                ("1500 soldiers", 1500.0, Some("troops"), Quantity),
                ("2000 people", 2000.0, Some("people"), Quantity),
            ],
        );
        // Measurements, death tolls and plural nouns after a demonstrative or a
        // possessive keep their figures.
        for (text, phrase, value) in [
            ("a 2000 km pipeline", "2000 km", 2000.0),
            ("a 1900% increase", "1900%", 1900.0),
            (
                "officials said that 2000 people were evacuated",
                "2000 people",
                2000.0,
            ),
            ("its 2000 employees", "2000 employees", 2000.0),
            ("an estimated 2000 dead", "2000 dead", 2000.0),
            ("some 1800 servicemen", "1800 servicemen", 1800.0),
            ("some 2000 state employees", "2000", 2000.0),
        ] {
            let found = find_quantities(text, UnitTable::builtin());
            assert!(
                found.iter().any(|q| q.kind == Quantity
                    && q.value == value
                    && text[q.span.clone()].ends_with(phrase)),
                "{text}: {found:?}"
            );
        }
        // Written with a separator, or as a compound, a count stays one.
        check(
            "the 2,000 troops and a 2000-strong force",
            &[
                ("2,000 troops", 2000.0, Some("troops"), Quantity),
                ("2000-strong", 2000.0, None, Quantity),
            ],
        );
        // Two levels dated by years: no range from a year to the second level.
        check(
            "from 110,000 people in 2017 to 45,000 in 2018",
            &[
                ("110,000 people", 110000.0, Some("people"), Quantity),
                ("2017", 2017.0, None, Year),
                ("45,000", 45000.0, None, Quantity),
                ("2018", 2018.0, None, Year),
            ],
        );
    }

    #[test]
    fn radiation_doses_and_activities() {
        check(
            "0.2 microsieverts per hour, 1 mSv a year, 14 mGy, 900 PBq, 2 Ci, 100 rem",
            &[
                ("0.2 microsieverts per hour", 0.2, Some("µSv/h"), Quantity),
                ("1 mSv a year", 1.0, Some("mSv/yr"), Quantity),
                ("14 mGy", 14.0, Some("mGy"), Quantity),
                ("900 PBq", 900.0, Some("PBq"), Quantity),
                ("2 Ci", 2.0, Some("Ci"), Quantity),
                ("100 rem", 100.0, Some("rem"), Quantity),
            ],
        );
        // The units named after people count in lower case only.
        check(
            "In 1898 Curie isolated radium; in 1896 Becquerel found it",
            &[("1898", 1898.0, None, Year), ("1896", 1896.0, None, Year)],
        );
        let dose = find_quantities("1 mSv", UnitTable::builtin());
        let unit = dose[0].unit.as_ref().expect("a unit");
        assert_eq!(unit.measure, Measure::RadiationDose);
        assert_eq!((unit.base_unit.as_ref(), unit.to_base), ("Sv", 0.001));
    }

    #[test]
    fn a_dash_after_a_figure_and_a_space_is_no_sign() {
        // After a year, a larger figure or a line break, the dash is a sign.
        check(
            "in 2020 -3.5%; 12 -3; 5\n-7",
            &[
                ("2020", 2020.0, None, Year),
                ("-3.5%", -3.5, Some("%"), Quantity),
                ("12", 12.0, None, Quantity),
                ("-3", -3.0, None, Quantity),
                ("5", 5.0, None, Quantity),
                ("-7", -7.0, None, Quantity),
            ],
        );
        check(
            "75 -300mm, 10 -20, it fell to -5",
            &[
                ("75", 75.0, None, Quantity),
                ("300mm", 300.0, Some("mm"), Quantity),
                ("10", 10.0, None, Quantity),
                ("20", 20.0, None, Quantity),
                ("-5", -5.0, None, Quantity),
            ],
        );
    }

    #[test]
    fn units_and_money() {
        check(
            "60 percent, 60 per cent, 66%, 66 pct",
            &[
                ("60 percent", 60.0, Some("%"), Quantity),
                ("60 per cent", 60.0, Some("%"), Quantity),
                ("66%", 66.0, Some("%"), Quantity),
                ("66 pct", 66.0, Some("%"), Quantity),
            ],
        );
        check(
            "$4.1 billion, £5, US$3, 5 dollars, Rs 300, ¥100",
            &[
                ("$4.1 billion", 4.1e9, Some("USD"), Quantity),
                ("£5", 5.0, Some("GBP"), Quantity),
                ("US$3", 3.0, Some("USD"), Quantity),
                ("5 dollars", 5.0, Some("USD"), Quantity),
                ("Rs 300", 300.0, Some("INR"), Quantity),
                ("¥100", 100.0, Some("JPY"), Quantity),
            ],
        );
        check(
            "20 pounds of rice and 5 million pounds",
            &[
                ("20 pounds", 20.0, Some("lb"), Quantity),
                ("5 million pounds", 5e6, Some("GBP"), Quantity),
            ],
        );
        check(
            "40,000 troops in 2007",
            &[
                ("40,000 troops", 40000.0, Some("troops"), Quantity),
                ("2007", 2007.0, None, Year),
            ],
        );
        check(
            "2000 troops",
            &[("2000 troops", 2000.0, Some("troops"), Quantity)],
        );
        check(
            "100 pieces of equipment",
            &[(
                "100 pieces of equipment",
                100.0,
                Some("equipment"),
                Quantity,
            )],
        );
        check(
            "30 °C and 86°F",
            &[
                ("30 °C", 30.0, Some("°C"), Quantity),
                ("86°F", 86.0, Some("°F"), Quantity),
            ],
        );
        check(
            "500 MW, 2 GB, 70 mph, 90 km/h",
            &[
                ("500 MW", 500.0, Some("MW"), Quantity),
                ("2 GB", 2.0, Some("GB"), Quantity),
                ("70 mph", 70.0, Some("mph"), Quantity),
                ("90 km/h", 90.0, Some("km/h"), Quantity),
            ],
        );
        check(
            "5 feet 2 inches",
            &[("5 feet 2 inches", 5.0 + 2.0 / 12.0, Some("ft"), Quantity)],
        );
    }

    #[test]
    fn not_quantities() {
        check(
            "in 2012, since 1999, 2017's, the 1990s",
            &[
                ("2012", 2012.0, None, Year),
                ("1999", 1999.0, None, Year),
                ("2017's", 2017.0, None, Year),
                ("1990s", 1990.0, None, Year),
            ],
        );
        check("March 15 2007", &[("15 2007", 15.0, None, Date)]);
        check("March 9-13", &[("9-13", 9.0, None, DateRange)]);
        check("July 5-8, 2011", &[("5-8, 2011", 5.0, None, DateRange)]);
        check("December 10, 2010", &[("10, 2010", 10.0, None, Date)]);
        check(
            "Feb.8 and Jan.30",
            &[("8", 8.0, None, Date), ("30", 30.0, None, Date)],
        );
        check(
            "1979-89 and 2019-2020",
            &[
                ("1979-89", 1979.0, None, DateRange),
                ("2019-2020", 2019.0, None, DateRange),
            ],
        );
        check(
            "at 20:53:47 +0000, 5 p.m. and 10:30",
            &[
                ("20:53:47 +0000", 20.0, None, TimeOfDay),
                ("5 p.m.", 5.0, None, TimeOfDay),
                ("10:30", 10.0, None, TimeOfDay),
            ],
        );
        check(
            "201st, 9th largest, 19th century",
            &[
                ("201st", 201.0, None, Ordinal),
                ("9th", 9.0, None, Ordinal),
                ("19th century", 19.0, None, Century),
            ],
        );
        check(
            "Article 4, Chapter 4, Volume: 8 Issue: 98, No. 5, Resolution 1325",
            &[
                ("4", 4.0, None, Identifier),
                ("4", 4.0, None, Identifier),
                ("8", 8.0, None, Identifier),
                ("98", 98.0, None, Identifier),
                ("5", 5.0, None, Identifier),
                ("1325", 1325.0, None, Identifier),
            ],
        );
        check(
            "Combat Brotherhood-2017, COVID-19, Su-27, G7, F-16",
            &[
                ("2017", 2017.0, None, NameWithNumber),
                ("19", 19.0, None, NameWithNumber),
                ("27", 27.0, None, NameWithNumber),
                ("7", 7.0, None, NameWithNumber),
                ("16", 16.0, None, NameWithNumber),
            ],
        );
        check(
            "Indestructible Brotherhood – 2022",
            &[("2022", 2022.0, None, NameWithNumber)],
        );
        check("103 Kurortniy Prospekt", &[("103", 103.0, None, Address)]);
        check(
            "1600 Pennsylvania Avenue",
            &[("1600", 1600.0, None, Address)],
        );
        check(
            "see https://example.com/2019/05/p=778770 and ?p=778770",
            &[
                ("2019/05", 2019.0, None, UrlPart),
                ("778770", 778770.0, None, UrlPart),
                ("778770", 778770.0, None, UrlPart),
            ],
        );
        check("v=4.9.16", &[("4.9.16", 4.9, None, Version)]);
        check(
            "call +7 495 123-45-67",
            &[("7 495 123-45-67", 7495123.0, None, PhoneNumber)],
        );
    }

    #[test]
    fn urls_are_found_by_scheme_or_www_and_merged() {
        let text = "a http://a.b/1 b https://www.c.d/2 c www.e.f/3 d xwww.g/4 e httpx://h/5 \
                    f http:/i/6 g HTTP://j/7 (www.k/8)";
        let found: Vec<&str> = url_spans(text).iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(
            found,
            ["http://a.b/1", "https://www.c.d/2", "www.e.f/3", "www.k/8)"]
        );
    }

    #[test]
    fn every_number_word_is_classed_in_any_case() {
        for &(word, class) in NUMBER_WORDS {
            assert_eq!(word_class(word), Some(class), "{word}");
            assert_eq!(word_class(&word.to_uppercase()), Some(class), "{word}");
        }
        for word in [
            "",
            "the",
            "onetwo",
            "ones",
            "hundredthss",
            "seventeenseventeen",
        ] {
            assert_eq!(word_class(word), None, "{word:?}");
        }
    }

    #[test]
    fn the_first_word_filter_lets_through_every_word_that_starts_a_number() {
        for &(word, class) in NUMBER_WORDS {
            let capitalised = format!("{}{}", word[..1].to_uppercase(), &word[1..]);
            for form in [word.to_string(), capitalised, word.to_uppercase()] {
                if starts_a_number(word, class) {
                    assert!(could_start_number(form.as_bytes()), "{form}");
                }
            }
        }
        for word in [
            "the", "to", "for", "of", "in", "and", "over", "dozen", "few", "second", "a1",
        ] {
            assert!(!could_start_number(word.as_bytes()), "{word}");
        }
        // Words sharing first letters and length with one that can pass the filter; the
        // lookup then turns them away.
        assert!(could_start_number(b"there") && word_class("there").is_none());
        assert!(could_start_number(b"third") && !starts_a_number("third", Wd::Denominator(3.0)));
    }

    #[test]
    fn precision_of_written_forms() {
        let cases: &[(&str, f64)] = &[
            ("17,000", 1000.0),
            ("17,013", 1.0),
            ("3.6 thousand", 100.0),
            ("55.5", 0.1),
            ("a dozen", 1.0),
        ];
        for &(text, precision) in cases {
            let found = find_quantities(text, UnitTable::builtin());
            assert!(
                (found[0].precision - precision).abs() < 1e-9,
                "{text}: {}",
                found[0].precision
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_are_sound(text in "\\PC{0,80}") {
            check_sound(&text);
        }

        #[test]
        fn never_panics_on_number_like_text(text in "[0-9a-z ,.\\-–/:$%€£()'\u{a0}]{0,60}") {
            check_sound(&text);
        }

        #[test]
        fn letter_runs_end_where_the_bytes_stop_being_letters(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    6 => proptest::sample::select(b"aZzAqQmT".to_vec()),
                    2 => proptest::sample::select(b"{@[`09 .\x80\xC3\xDA\xFA\xFF".to_vec()),
                    1 => proptest::num::u8::ANY,
                ],
                0..40,
            ),
            start in 0usize..40,
        ) {
            let start = start.min(bytes.len());
            let expected = start + bytes[start..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
            proptest::prop_assert_eq!(letters_end(&bytes, start), expected);
        }
    }

    #[test]
    fn every_vulgar_fraction_opens_with_a_fraction_lead_byte() {
        for c in ('\u{80}'..='\u{2FFF}').filter(|&c| vulgar_fraction(c).is_some()) {
            let mut buf = [0u8; 4];
            let lead = c.encode_utf8(&mut buf).as_bytes()[0];
            assert_eq!(
                BYTE_CLASSES[usize::from(lead)],
                ByteClass::FractionLead,
                "{c}"
            );
        }
        assert_eq!(
            find_quantities("¾ of them", UnitTable::builtin())[0].value,
            0.75
        );
        assert_eq!(find_quantities("x ⅞", UnitTable::builtin())[0].value, 0.875);
    }

    fn check_sound(text: &str) {
        let found = find_quantities(text, UnitTable::builtin());
        let mut last_end = 0;
        for q in &found {
            assert!(q.span.start >= last_end, "overlap in {text:?}: {found:?}");
            assert!(q.span.end <= text.len() && q.span.start <= q.span.end);
            assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
            assert!(
                text.is_char_boundary(q.number_span.start)
                    && text.is_char_boundary(q.number_span.end)
            );
            assert!(q.low <= q.value && q.value <= q.high, "{text:?}: {q:?}");
            last_end = q.span.end;
        }
    }
}

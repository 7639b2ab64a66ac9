//! Plain-text articles as people copy them from the web: an optional header (title,
//! byline, outlet and place, date, "Publication: … Volume: … Issue: …", a role line),
//! the body, and page furniture around it ("Categories: News", "Comments 0", a
//! republisher's footer) that is not article text.
//!
//! The header is read by the shape of its lines, not by fixed positions, because every
//! site orders it differently. What counts as furniture is data: `models/furniture.toml`.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

use super::draft::{Draft, Parsed};
use super::hygiene::normalise_person;
use crate::date::PartialDate;
use crate::Error;

/// Lines that are page furniture, loaded from `models/furniture.toml`.
#[derive(Debug, Clone)]
pub struct Furniture {
    exact_lines: HashSet<String>,
    /// The length in bytes of the longest exact line: longer lines need no lookup.
    longest_exact_line: usize,
    line_prefixes: Vec<String>,
    cut_from: Vec<CutFrom>,
    tail_fragment_max_words: usize,
}

#[derive(Debug, Clone, Deserialize)]
struct CutFrom {
    prefix: String,
    #[serde(default)]
    needs_bar: bool,
}

#[derive(Deserialize)]
struct FurnitureFile {
    exact_lines: Vec<String>,
    line_prefixes: Vec<String>,
    #[serde(default)]
    cut_from: Vec<CutFrom>,
    #[serde(default = "default_fragment_words")]
    tail_fragment_max_words: usize,
}

fn default_fragment_words() -> usize {
    6
}

impl Furniture {
    pub fn from_toml_str(text: &str) -> Result<Self, Error> {
        let file: FurnitureFile = toml::from_str(text).map_err(|e| Error::Model {
            name: "furniture.toml".into(),
            message: e.to_string(),
        })?;
        let exact_lines: HashSet<String> = file
            .exact_lines
            .iter()
            .map(|l| l.trim().to_lowercase())
            .collect();
        Ok(Self {
            longest_exact_line: exact_lines.iter().map(String::len).max().unwrap_or(0),
            exact_lines,
            line_prefixes: file
                .line_prefixes
                .iter()
                .map(|l| l.to_lowercase())
                .collect(),
            cut_from: file
                .cut_from
                .into_iter()
                .map(|c| CutFrom {
                    prefix: c.prefix.to_lowercase(),
                    ..c
                })
                .collect(),
            tail_fragment_max_words: file.tail_fragment_max_words,
        })
    }

    /// The table shipped in `models/furniture.toml`.
    pub fn builtin() -> &'static Furniture {
        static BUILTIN: OnceLock<Furniture> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Furniture::from_toml_str(include_str!("../../models/furniture.toml"))
                .unwrap_or_else(|e| panic!("the shipped models/furniture.toml is invalid: {e}"))
        })
    }

    /// Whether the trimmed, lower-cased line is an exact furniture line, starts with a
    /// furniture prefix, or is a short number. Called on header and tail lines, so it
    /// avoids lower-casing: length checks come first and ASCII is compared in place.
    fn is_furniture(&self, line: &str) -> bool {
        let t = line.trim();
        if t.is_empty() {
            return false;
        }
        self.is_exact_line(t)
            || self.line_prefixes.iter().any(|p| lower_starts_with(t, p))
            // No character but an ASCII digit lower-cases to one.
            || (t.len() <= 6 && t.bytes().all(|b| b.is_ascii_digit()))
    }

    fn is_exact_line(&self, t: &str) -> bool {
        if t.is_ascii() {
            t.len() <= self.longest_exact_line
                && self.exact_lines.contains(t.to_ascii_lowercase().as_str())
        } else {
            // Lower-casing shrinks a character at most from three bytes to one.
            t.len() <= 3 * self.longest_exact_line
                && self.exact_lines.contains(t.to_lowercase().as_str())
        }
    }

    /// Called on every line of the second half of an article: no allocation unless the
    /// line opens with non-ASCII text.
    fn is_cut_point(&self, line: &str) -> bool {
        let t = line.trim();
        // Lower-casing neither makes nor removes a '|'.
        self.cut_from
            .iter()
            .any(|c| lower_starts_with(t, &c.prefix) && (!c.needs_bar || t.contains('|')))
    }
}

/// Whether `t.to_lowercase()` starts with `prefix` (itself lower case), looking only at
/// as much of `t` as the prefix needs and allocating nothing: it runs on every line of
/// an article's second half, many of which open with a curly quote.
fn lower_starts_with(t: &str, prefix: &str) -> bool {
    if let Some(head) = t.as_bytes().get(..prefix.len()) {
        if head.is_ascii() {
            // Lower-casing maps ASCII to ASCII byte for byte: the head decides alone.
            return head.eq_ignore_ascii_case(prefix.as_bytes());
        }
    }
    let mut want = prefix.chars();
    for c in t.chars() {
        if c == 'Σ' {
            // The one mapping that depends on context (a word-final sigma).
            return t.to_lowercase().starts_with(prefix);
        }
        for lower in c.to_lowercase() {
            match want.next() {
                None => return true,
                Some(w) if w == lower => {}
                Some(_) => return false,
            }
        }
    }
    want.next().is_none()
}

/// Whether `t` has at most `n` whitespace-separated words, reading no further than
/// needed: header checks ask this of lines that may be whole paragraphs.
fn at_most_words(t: &str, n: usize) -> bool {
    t.split_whitespace().nth(n).is_none()
}

/// Whether `t.to_lowercase() == word` (`word` lower case), allocating only for non-ASCII.
fn lower_eq(t: &str, word: &str) -> bool {
    if t.is_ascii() {
        t.eq_ignore_ascii_case(word)
    } else {
        t.len() <= 3 * word.len() && t.to_lowercase() == word
    }
}

/// Whether `t == t.to_uppercase()`, allocating only for non-ASCII.
fn is_upper_case(t: &str) -> bool {
    if t.is_ascii() {
        !t.bytes().any(|b| b.is_ascii_lowercase())
    } else {
        t == t.to_uppercase()
    }
}

/// Whether `a.to_lowercase() == b.to_lowercase()`, allocating only for non-ASCII.
fn same_lower_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// One line of the file with its byte offsets (without the line break).
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    start: usize,
    text: &'a str,
}

impl Line<'_> {
    fn trimmed(&self) -> &str {
        self.text.trim()
    }
    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// The lines of `content`, as `split_inclusive('\n')` cuts them, each without its line
/// break. The breaks are found with memchr's vectorised search and counted first, so
/// the list is allocated once.
fn lines_of(content: &str) -> Vec<Line<'_>> {
    let bytes = content.as_bytes();
    let breaks = memchr::memchr_iter(b'\n', bytes).count();
    let mut out = Vec::with_capacity(breaks + 1);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes) {
        // A '\n' is one byte, so `start` and `end` are char boundaries.
        let text = content[start..end].trim_end_matches(['\n', '\r']);
        out.push(Line { start, text });
        start = end + 1;
    }
    if start < content.len() {
        let text = content[start..].trim_end_matches(['\n', '\r']);
        out.push(Line { start, text });
    }
    out
}

/// What a header line says.
#[derive(Debug, PartialEq)]
enum HeaderLine {
    Furniture,
    Date(PartialDate),
    /// "By Name", "By:", or a bare name. `None` for an empty "By:".
    Byline(Option<String>),
    /// A line that is only a name: a byline once the title is known, else maybe the title.
    BareName(String),
    /// "Name, international observer".
    Role(String),
    /// "EurasiaNet, NY".
    OutletPlace(String),
    /// "Publication: Eurasia Daily Monitor Volume: 8 Issue: 98".
    Publication(String),
    /// A line that could be a title.
    TitleLike,
    Body,
}

const NAME_STOPWORDS: &[&str] = &[
    "the", "of", "and", "in", "on", "for", "to", "a", "an", "with", "is", "are", "at", "by",
    "from", "as", "its", "new", "news", "how", "why", "what", "after", "over",
];

/// Two to four capitalised words of letters: "Sergei Blagov", "Pepe ESCOBAR", "Anna K. Smith".
fn is_person_name(text: &str) -> bool {
    let mut words = 0;
    for w in text.split_whitespace() {
        words += 1;
        if words > 4 || !is_name_word(w) {
            return false;
        }
    }
    words >= 2
}

fn is_name_word(w: &str) -> bool {
    let first_upper = w.chars().next().is_some_and(char::is_uppercase);
    let letters_only = w
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'));
    first_upper && letters_only && !is_name_stopword(w)
}

fn is_name_stopword(w: &str) -> bool {
    if w.is_ascii() {
        NAME_STOPWORDS.iter().any(|s| w.eq_ignore_ascii_case(s))
    } else {
        NAME_STOPWORDS.contains(&w.to_lowercase().as_str())
    }
}

fn is_sentence_end(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '”', '’', '\'', ')', ']', ' ', '\u{a0}']);
    t.ends_with(['.', '!', '?', ':', ';', ','])
}

fn classify(line: &str, furniture: &Furniture) -> HeaderLine {
    let t = line.trim();
    if furniture.is_furniture(t) {
        return HeaderLine::Furniture;
    }
    if let Some(rest) = strip_prefix_ci(t, "publication:") {
        let name = cut_before_any(rest, &[" Volume:", " Issue:", " No.", " Vol."]);
        return HeaderLine::Publication(name.trim().to_owned());
    }
    // Every notation `PartialDate` reads has a year in ASCII digits.
    if t.bytes().any(|b| b.is_ascii_digit()) {
        for key in ["published:", "date:", "posted:", "posted on"] {
            if let Some(rest) = strip_prefix_ci(t, key) {
                if let Some(d) = PartialDate::parse(rest) {
                    return HeaderLine::Date(d);
                }
            }
        }
        if might_be_date(t) {
            if let Some(d) = PartialDate::parse(t) {
                return HeaderLine::Date(d);
            }
        }
    }
    if lower_eq(t, "by:") || lower_eq(t, "by") {
        return HeaderLine::Byline(None);
    }
    if lower_starts_with(t, "by ") || lower_starts_with(t, "by:") {
        let name = normalise_person(t);
        if !name.is_empty() && name.split_whitespace().count() <= 6 {
            return HeaderLine::Byline(Some(name));
        }
    }
    if let Some((left, right)) = t.split_once(',') {
        let (left, right) = (left.trim(), right.trim());
        let right_lower_start = right.chars().next().is_some_and(char::is_lowercase);
        if is_person_name(left)
            && right_lower_start
            && at_most_words(right, 6)
            && !is_sentence_end(right)
        {
            return HeaderLine::Role(normalise_person(left));
        }
        let right_upper_start = right.chars().next().is_some_and(char::is_uppercase);
        if at_most_words(left, 4)
            && at_most_words(right, 3)
            && right_upper_start
            && !is_sentence_end(t)
        {
            return HeaderLine::OutletPlace(left.to_owned());
        }
    }
    if is_person_name(t) {
        return HeaderLine::BareName(normalise_person(t));
    }
    if t.len() <= 200 && at_most_words(t, 25) && !t.ends_with(['.', ',', ';', ':']) {
        return HeaderLine::TitleLike;
    }
    HeaderLine::Body
}

/// False only for text `PartialDate::parse` certainly rejects, decided without
/// splitting the whole line into tokens: the first line of a header-less article is a
/// whole paragraph, often with digits in it. The notations it reads are ISO 8601 (four
/// digits first), RFC 2822 (always a time, so a ':') and month names with at most three
/// more tokens (a weekday, a day, a year), split at spaces and commas — five here, for a
/// last token of dots that `parse` trims away.
fn might_be_date(t: &str) -> bool {
    let iso = t
        .as_bytes()
        .get(..4)
        .is_some_and(|head| head.iter().all(u8::is_ascii_digit));
    iso || t.contains(':')
        || t.split(|c: char| c.is_whitespace() || c == ',')
            .filter(|token| !token.is_empty())
            .nth(5)
            .is_none()
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn cut_before_any<'a>(text: &'a str, markers: &[&str]) -> &'a str {
    let end = markers
        .iter()
        .filter_map(|m| text.find(m))
        .min()
        .unwrap_or(text.len());
    &text[..end]
}

pub fn parse(content: &str, furniture: &Furniture) -> Parsed {
    let lines = lines_of(content);
    let mut draft = Draft::default();
    let body_start_line = read_header(&lines, furniture, &mut draft);
    let body_end_line = find_tail(&lines, body_start_line, furniture);
    let start = lines
        .get(body_start_line)
        .map_or(content.len(), |l| l.start);
    let end = lines.get(body_end_line).map_or(content.len(), |l| l.start);
    let text = content.get(start..end.max(start)).unwrap_or("");
    let text = text.trim_end().trim_start_matches(['\n', '\r']);
    if text.trim().is_empty() {
        return Parsed::nothing("no article text after the header and page furniture");
    }
    draft.text = text.to_owned();
    Parsed::one(draft)
}

/// Reads header lines into `draft`; returns the index of the first body line.
fn read_header(lines: &[Line<'_>], furniture: &Furniture, draft: &mut Draft) -> usize {
    const MAX_HEADER_LINES: usize = 12;
    let mut seen = 0;
    let mut i = 0;
    // `title_stands_alone` classifies the line after a title; that line is classified
    // here next, so the result is kept rather than computed twice.
    let mut classified_next: Option<(usize, HeaderLine)> = None;
    while i < lines.len() && seen < MAX_HEADER_LINES {
        let line = lines[i];
        if line.is_blank() {
            i += 1;
            continue;
        }
        seen += 1;
        let t = line.trimmed();
        if let Some(title) = &draft.title {
            if t.chars().any(char::is_alphabetic) && is_upper_case(t) && same_lower_case(t, title) {
                i += 1; // the title again, in capitals
                continue;
            }
        }
        let class = match classified_next.take() {
            Some((at, class)) if at == i => class,
            _ => classify(t, furniture),
        };
        match class {
            HeaderLine::Furniture => {}
            HeaderLine::Date(d) if draft.date.is_none() => draft.date = Some(d),
            HeaderLine::Byline(name) if draft.author.is_none() => draft.author = name,
            HeaderLine::Byline(None) => {}
            HeaderLine::BareName(name) if draft.title.is_some() && draft.author.is_none() => {
                draft.author = Some(name)
            }
            HeaderLine::Role(name) if draft.author.is_none() => draft.author = Some(name),
            HeaderLine::OutletPlace(outlet) if draft.outlet.is_none() => {
                draft.outlet = Some(outlet)
            }
            HeaderLine::Publication(outlet) if draft.outlet.is_none() => {
                draft.outlet = non_empty(outlet)
            }
            // A title comes first and stands alone: the next line is blank or another
            // header line. A short first line that runs on into a paragraph is body text.
            HeaderLine::TitleLike | HeaderLine::BareName(_)
                if draft.title.is_none()
                    && draft.author.is_none()
                    && draft.date.is_none()
                    && title_stands_alone(lines, i, furniture, &mut classified_next) =>
            {
                draft.title = Some(t.to_owned());
            }
            _ => return i,
        }
        i += 1;
    }
    if seen >= MAX_HEADER_LINES {
        // Twelve lines of header is not a header: read everything as body.
        *draft = Draft::default();
        return lines
            .iter()
            .position(|l| !l.is_blank())
            .unwrap_or(lines.len());
    }
    i
}

fn non_empty(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

/// Whether the line after line `i` is blank or another header line (or in capitals).
/// Its classification is left in `classified_next` for the caller to reuse.
fn title_stands_alone(
    lines: &[Line<'_>],
    i: usize,
    furniture: &Furniture,
    classified_next: &mut Option<(usize, HeaderLine)>,
) -> bool {
    match lines.get(i + 1) {
        None => false,
        Some(next) if next.is_blank() => true,
        Some(next) => {
            let class = classify(next.trimmed(), furniture);
            let alone = !matches!(class, HeaderLine::Body | HeaderLine::TitleLike)
                || is_upper_case(next.trimmed());
            *classified_next = Some((i + 1, class));
            alone
        }
    }
}

/// Returns the index of the first line after the body.
fn find_tail(lines: &[Line<'_>], body_start: usize, furniture: &Furniture) -> usize {
    let mut end = lines.len();
    // A republisher's footer cuts everything after it, but only in the second half: an
    // article may quote "From: …" near its start.
    let half = body_start + (lines.len().saturating_sub(body_start)) / 2;
    if let Some(cut) = (half..lines.len()).find(|&i| furniture.is_cut_point(lines[i].trimmed())) {
        end = cut;
    }
    // Walk up over furniture lines and the short fragments that sit among them.
    let mut in_furniture = false;
    let mut i = end;
    while i > body_start {
        let line = lines[i - 1];
        let t = line.trimmed();
        if line.is_blank() {
            i -= 1;
            continue;
        }
        let fragment =
            || at_most_words(t, furniture.tail_fragment_max_words) && !is_sentence_end(t);
        if furniture.is_furniture(t) || (in_furniture && fragment()) {
            in_furniture = true;
            end = i - 1;
            i -= 1;
            continue;
        }
        break;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_one(text: &str) -> Draft {
        let mut p = parse(text, Furniture::builtin());
        assert_eq!(p.drafts.len(), 1, "{:?}", p.warnings);
        p.drafts.remove(0)
    }

    #[test]
    fn full_header_with_furniture() {
        let d = parse_one(
            "X\n    Categories: News\n\nHarbour Reopens After Storm\n\nHARBOUR REOPENS AFTER STORM\nMaria Lopez\n\nCoastal Wire, NY\nMarch 15 2007\n\nThe harbour reopened on\nTuesday after repairs.\n\nFrom: Someone | Reposter\n\nA long quotation that is not part of the article at all.\nRelated Post\n",
        );
        assert_eq!(d.title.as_deref(), Some("Harbour Reopens After Storm"));
        assert_eq!(d.author.as_deref(), Some("Maria Lopez"));
        assert_eq!(d.outlet.as_deref(), Some("Coastal Wire"));
        assert_eq!(d.date.map(|d| d.to_string()).as_deref(), Some("2007-03-15"));
        assert_eq!(d.text, "The harbour reopened on\nTuesday after repairs.");
    }

    #[test]
    fn publication_line_and_empty_byline() {
        let d = parse_one("Ports Seek Funding\nPublication: Harbour Monthly Volume: 8 Issue: 98\nBy:\nThe ports asked for money on Monday, officials said.\n");
        assert_eq!(d.title.as_deref(), Some("Ports Seek Funding"));
        assert_eq!(d.outlet.as_deref(), Some("Harbour Monthly"));
        assert_eq!(d.author, None);
        assert!(d.text.starts_with("The ports asked"));
    }

    #[test]
    fn role_line_and_tail_furniture() {
        let d = parse_one("Ivan Petrov, independent analyst\nThe alliance met this week and agreed on a plan for the coming year.\nLocation: 12 Some Street, Town\nThere must be time\nHere are the terms of participation\nComments\n0\n");
        assert_eq!(d.author.as_deref(), Some("Ivan Petrov"));
        assert_eq!(d.title, None);
        assert_eq!(
            d.text,
            "The alliance met this week and agreed on a plan for the coming year."
        );
    }

    #[test]
    fn no_header_is_all_body() {
        let d = parse_one("In December the presidency will pass to another member, officials said,\nand more text follows here.\n");
        assert_eq!((d.title.clone(), d.author.clone()), (None, None));
        assert!(d.text.starts_with("In December"));
    }

    #[test]
    fn wrapped_first_line_is_not_a_title() {
        let d = parse_one("The alliance is moving\nassertively to expand its role.\n");
        assert_eq!(d.title, None);
        assert!(d.text.starts_with("The alliance is moving"));
    }

    #[test]
    fn short_closing_line_kept_without_furniture() {
        let d = parse_one("Title Here\n\nBody sentence one.\n\nThe end is near\n");
        assert!(d.text.ends_with("The end is near"));
    }

    #[test]
    fn only_furniture_is_nothing() {
        assert!(parse("Comments\n0\n", Furniture::builtin())
            .drafts
            .is_empty());
    }

    #[test]
    fn case_folding_shortcuts_agree_with_to_lowercase() {
        let lines = [
            "From: Someone | Site",
            "FROM: x",
            "fr",
            "“From: a quote”",
            "Ünter den Linden",
            "İstanbul",
            "\u{212a}ELVIN",
            "ΣΟΦΙΑ Σ",
            "BY JANE DOE",
            "By",
            "by:",
            "Бy",
            "",
        ];
        let prefixes = [
            "from:",
            "by ",
            "by:",
            "by",
            "i",
            "i\u{307}s",
            "kelvin",
            "σοφια ς",
            "ü",
            "",
        ];
        for t in lines {
            for p in prefixes {
                assert_eq!(
                    lower_starts_with(t, p),
                    t.to_lowercase().starts_with(p),
                    "{t:?} starts with {p:?}"
                );
                assert_eq!(lower_eq(t, p), t.to_lowercase() == p, "{t:?} is {p:?}");
            }
            assert_eq!(is_upper_case(t), t == t.to_uppercase(), "{t:?}");
            for other in lines {
                assert_eq!(
                    same_lower_case(t, other),
                    t.to_lowercase() == other.to_lowercase()
                );
            }
        }
    }

    #[test]
    fn date_prefilter_never_rejects_a_date() {
        for t in [
            "2018-04-17",
            "2018-04-17 and then a long line of body text follows here, as it may",
            "2011",
            "Fri, 14 Jan 2022 15:31:07 +0000",
            "March 15 2007",
            "March , 15 , 2007 .",
            "Friday, March 16, 2007.",
            "15 March 2007",
            "Mar. 15, 2007",
            "May 2016",
            "At least 16 people were killed and 34 injured in Tbilisi on March 3, 2015.",
        ] {
            if PartialDate::parse(t).is_some() {
                assert!(might_be_date(t), "{t:?}");
            }
        }
        assert!(!might_be_date(
            "At least 16 people were killed and 34 injured in Tbilisi on March 3, 2015."
        ));
    }

    #[test]
    fn lines_are_cut_like_split_inclusive() {
        for text in ["", "a", "a\n", "a\r\nb", "\n\nx\r", "é\n"] {
            let want: Vec<(usize, &str)> = text
                .split_inclusive('\n')
                .scan(0, |start, piece| {
                    let line = (*start, piece.trim_end_matches(['\n', '\r']));
                    *start += piece.len();
                    Some(line)
                })
                .collect();
            let got: Vec<(usize, &str)> =
                lines_of(text).iter().map(|l| (l.start, l.text)).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}

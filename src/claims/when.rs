//! The time a figure refers to: explicit dates and years in its sentence ("in May
//! 2016", "In 2017,"), relative ones resolved against the article's date ("last year",
//! "this May", "May of this year", "last October"), else the article's date.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

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

fn patterns() -> &'static [(Regex, Kind)] {
    static RE: OnceLock<Vec<(Regex, Kind)>> = OnceLock::new();
    RE.get_or_init(|| {
        let p = |s: String, k: Kind| (Regex::new(&s).expect("static regex"), k);
        vec![
            p(format!(r"(?-u:\b){MONTH}[ \u{{a0}}]?(\d{{1,2}})(?:st|nd|rd|th)?,?[ \u{{a0}}]+(\d{{4}})(?-u:\b)"), Kind::MonthDayYear),
            p(format!(r"(?-u:\b)(\d{{1,2}})[ \u{{a0}}]+{MONTH},?[ \u{{a0}}]+(\d{{4}})(?-u:\b)"), Kind::DayMonthYear),
            p(format!(r"(?-u:\b){MONTH}[ \u{{a0}}]+(?:of[ \u{{a0}}]+)?(\d{{4}})(?-u:\b)"), Kind::MonthYear),
            p(format!(r"(?i)(?-u:\b){MONTH}[ \u{{a0}}]+of[ \u{{a0}}]+(this|last|next)[ \u{{a0}}]+year(?-u:\b)"), Kind::MonthOfRelativeYear),
            p(format!(r"(?i)(?-u:\b)(this|last|next|in)[ \u{{a0}}]+{MONTH}(?-u:\b)"), Kind::RelativeMonth),
            p(r"(?i)(?-u:\b)(this|last|next|past)[ \u{a0}]+year(?-u:\b)".to_owned(), Kind::RelativeYear),
            p(r"(?i)(?-u:\b)(this|last|next|past)[ \u{a0}]+month(?-u:\b)".to_owned(), Kind::RelativeMonthUnit),
            p(r"(?i)(?-u:\b)(?:in|since|by|during|of|from|until|before|after|early|late|mid-?|as of)[ \u{a0}]+((?:19|20)\d{2})(?-u:\b)".to_owned(), Kind::Year),
            p(r"^((?:19|20)\d{2})(?-u:\b)".to_owned(), Kind::Year),
            p(r"(?i)(?-u:\b)(today|now|currently|at present|so far this year)(?-u:\b)".to_owned(), Kind::Now),
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
    let mut found: Vec<TimeMention> = Vec::new();
    if !may_hold_a_time(text) {
        return found;
    }
    for (re, kind) in patterns() {
        for caps in re.captures_iter(text) {
            let Some(whole) = caps.get(0) else { continue };
            if found
                .iter()
                .any(|f| f.span.start < whole.end() && whole.start() < f.span.end)
            {
                continue;
            }
            let g = |i: usize| caps.get(i).map_or("", |m| m.as_str());
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
                    span: whole.start()..whole.end(),
                    date,
                    source,
                });
            }
        }
    }
    found.sort_by_key(|t| t.span.start);
    found
}

/// Every pattern needs a digit or one of a few words: sentences with neither (most of
/// them) skip the regular expressions.
fn may_hold_a_time(text: &str) -> bool {
    static CUES: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    if text.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
    let cues = CUES.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "year",
                "month",
                "today",
                "now",
                "currently",
                "present",
                "jan",
                "feb",
                "mar",
                "apr",
                "may",
                "jun",
                "jul",
                "aug",
                "sep",
                "oct",
                "nov",
                "dec",
            ])
            .expect("static patterns")
    });
    cues.is_match(text)
}

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
}

//! Calendar dates as news text gives them: sometimes a day, sometimes only a month or a
//! year.
//!
//! This module owns [`PartialDate`] and the parsing of the date notations that article
//! headers and feeds carry (ISO 8601, RFC 2822, "March 15 2007", "15 March 2007").
//! It does not resolve relative expressions such as "last year": that needs an anchor
//! date and belongs to the claims stage.

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

/// A date known to the day, the month or only the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn year(year: i32) -> Self {
        Self {
            year,
            month: None,
            day: None,
        }
    }

    pub fn month(year: i32, month: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(Self {
            year,
            month: Some(month),
            day: None,
        })
    }

    pub fn day(year: i32, month: u8, day: u8) -> Option<Self> {
        chrono::NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(day))?;
        Some(Self {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// The first day the date can mean, as days since the Common Era.
    pub fn first_day(&self) -> i64 {
        let month = self.month.unwrap_or(1);
        let day = self.day.unwrap_or(1);
        days_from_ce(self.year, month, day)
    }

    /// The last day the date can mean.
    pub fn last_day(&self) -> i64 {
        match (self.month, self.day) {
            (Some(m), Some(d)) => days_from_ce(self.year, m, d),
            (Some(m), None) => {
                let (ny, nm) = if m == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, m + 1)
                };
                days_from_ce(ny, nm, 1) - 1
            }
            _ => days_from_ce(self.year + 1, 1, 1) - 1,
        }
    }

    /// The middle of the span the date covers, used to measure distances in time.
    pub fn mid_day(&self) -> i64 {
        (self.first_day() + self.last_day()) / 2
    }

    /// Parse any of the notations headers and feeds use. Returns `None` for text that
    /// is not a date ("unknown", "", "next week").
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().trim_end_matches(['.', ',']);
        if t.is_empty() {
            return None;
        }
        parse_iso(t)
            .or_else(|| parse_rfc2822(t))
            .or_else(|| parse_words(t))
    }
}

fn days_from_ce(year: i32, month: u8, day: u8) -> i64 {
    use chrono::Datelike;
    chrono::NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(day))
        .map(|d| i64::from(d.num_days_from_ce()))
        // Only reachable through a hand-built invalid date; keep ordering sensible.
        .unwrap_or(i64::from(year) * 365)
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => write!(f, "{:04}-{:02}", self.year, m),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0)).cmp(&(
            other.year,
            other.month.unwrap_or(0),
            other.day.unwrap_or(0),
        ))
    }
}

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month an English month name or its usual abbreviation names, 1-based: "March",
/// "mar", "Mar.", "Sept". Any case; nothing else ("Ma", "marc", "mayor") is a month.
pub fn month_number(word: &str) -> Option<u8> {
    // Compared ignoring ASCII case in place: month names are asked about for every
    // figure.
    let w = word.strip_suffix('.').unwrap_or(word);
    MONTH_NAMES
        .iter()
        .position(|name| {
            w.eq_ignore_ascii_case(name)
                || (w.len() == 3 && name.as_bytes()[..3].eq_ignore_ascii_case(w.as_bytes()))
                || (w.eq_ignore_ascii_case("sept") && *name == "september")
        })
        .map(|i| i as u8 + 1)
}

fn parse_iso(t: &str) -> Option<PartialDate> {
    let head: &str = t.split(['T', ' ']).next()?;
    let parts: Vec<&str> = head.split('-').collect();
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    match parts.as_slice() {
        [y] if y.len() == 4 && head.len() == t.len() => {
            let y = num(y)?;
            plausible_year(y).then(|| PartialDate::year(y as i32))
        }
        [y, m] if y.len() == 4 && m.len() == 2 => {
            let y = num(y)?;
            plausible_year(y).then_some(())?;
            PartialDate::month(y as i32, num(m)? as u8)
        }
        [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
            let y = num(y)?;
            plausible_year(y).then_some(())?;
            PartialDate::day(y as i32, num(m)?.try_into().ok()?, num(d)?.try_into().ok()?)
        }
        _ => None,
    }
}

fn plausible_year(y: i64) -> bool {
    (1000..=2999).contains(&y)
}

fn parse_rfc2822(t: &str) -> Option<PartialDate> {
    let d = chrono::DateTime::parse_from_rfc2822(t).ok()?;
    use chrono::Datelike;
    PartialDate::day(d.year(), d.month() as u8, d.day() as u8)
}

/// "March 15 2007", "March 15, 2007", "15 March 2007", "Mar. 15, 2007", "March 2007",
/// optionally after a weekday ("Friday, March 15, 2007").
fn parse_words(t: &str) -> Option<PartialDate> {
    let tokens: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .collect();
    let tokens: Vec<&str> = match tokens.first() {
        Some(first) if is_weekday(first) => tokens[1..].to_vec(),
        _ => tokens,
    };
    let number = |s: &str| -> Option<i64> {
        let s = s.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    match tokens.as_slice() {
        [m, d, y] => {
            if let Some(month) = month_number(m) {
                let y = number(y).filter(|y| plausible_year(*y))?;
                PartialDate::day(y as i32, month, number(d)?.try_into().ok()?)
            } else {
                let month = month_number(d)?;
                let y = number(y).filter(|y| plausible_year(*y))?;
                PartialDate::day(y as i32, month, number(m)?.try_into().ok()?)
            }
        }
        [m, y] => {
            let month = month_number(m)?;
            let y = number(y).filter(|y| plausible_year(*y))?;
            PartialDate::month(y as i32, month)
        }
        _ => None,
    }
}

fn is_weekday(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ',']).to_ascii_lowercase();
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .any(|d| w.starts_with(d))
        && w.len() <= 9
        && w.chars().all(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        let got = PartialDate::parse(input).map(|d| d.to_string());
        assert_eq!(got.as_deref(), expected, "input {input:?}");
    }

    #[test]
    fn parses_header_notations() {
        check("2018-04-17", Some("2018-04-17"));
        check("2018-04-17T10:00:00Z", Some("2018-04-17"));
        check("2011-05", Some("2011-05"));
        check("2011", Some("2011"));
        check("Fri, 14 Jan 2022 15:31:07 +0000", Some("2022-01-14"));
        check("March 15 2007", Some("2007-03-15"));
        check("March 15, 2007", Some("2007-03-15"));
        check("15 March 2007", Some("2007-03-15"));
        check("Mar. 15, 2007", Some("2007-03-15"));
        check("Sept 3, 2019", Some("2019-09-03"));
        check("Friday, March 16, 2007", Some("2007-03-16"));
        check("May 2016", Some("2016-05"));
    }

    #[test]
    fn rejects_non_dates() {
        check("unknown", None);
        check("", None);
        check("2018-13-01", None);
        check("February 30 2019", None);
        check("Sergei Blagov", None);
        check("EurasiaNet, NY", None);
        check("17000", None);
    }

    #[test]
    fn spans_cover_the_partial_date() {
        let y = PartialDate::year(2011);
        assert_eq!(y.last_day() - y.first_day(), 364);
        let m = PartialDate::month(2024, 2).unwrap();
        assert_eq!(m.last_day() - m.first_day(), 28);
        let d = PartialDate::day(2024, 2, 29).unwrap();
        assert_eq!(d.first_day(), d.last_day());
    }

    #[test]
    fn month_names_and_abbreviations() {
        assert_eq!(month_number("March"), Some(3));
        assert_eq!(month_number("Mar."), Some(3));
        assert_eq!(month_number("sept"), Some(9));
        assert_eq!(month_number("May"), Some(5));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("mayor"), None);
        assert_eq!(month_number("marc"), None);
        assert_eq!(month_number("DEC"), Some(12));
    }
}

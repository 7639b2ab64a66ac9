//! Plain text opening with a `Key: value` header block, then a blank line, then the body:
//!
//! ```text
//! Title: ...
//! Outlet: ...
//! Date: YYYY-MM-DD | unknown
//! URL: ... | unknown
//!
//! <body paragraphs>
//! ```

use super::draft::{non_empty, Draft, Parsed};
use super::hygiene::normalise_person;
use crate::date::PartialDate;

/// The header keys this format knows, lower-cased.
const KEYS: &[&str] = &[
    "title",
    "headline",
    "outlet",
    "source",
    "publication",
    "publisher",
    "date",
    "published",
    "url",
    "link",
    "author",
    "by",
    "byline",
    "original source",
];

fn header_key(line: &str) -> Option<(&'static str, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim().to_ascii_lowercase();
    KEYS.iter().find(|k| **k == key).map(|k| (*k, value.trim()))
}

/// At least two known keys, one per line, before the first blank line.
pub fn looks_like_header_block(head: &str) -> bool {
    let mut known = 0;
    for line in head.lines() {
        if line.trim().is_empty() {
            break;
        }
        match header_key(line) {
            Some(_) => known += 1,
            None => return false,
        }
    }
    known >= 2
}

fn unknown_to_none(value: &str) -> Option<String> {
    let v = value.trim();
    if v.eq_ignore_ascii_case("unknown") || v.eq_ignore_ascii_case("n/a") || v == "-" {
        None
    } else {
        non_empty(Some(v))
    }
}

pub fn parse(content: &str) -> Parsed {
    let mut draft = Draft::default();
    let mut warnings = Vec::new();
    let mut offset = 0;
    let mut body_start = content.len();
    for line in content.split_inclusive('\n') {
        let trimmed = line.trim();
        offset += line.len();
        if trimmed.is_empty() {
            body_start = offset;
            break;
        }
        let Some((key, value)) = header_key(trimmed) else {
            // A header line we do not know: keep it in the body rather than lose it.
            body_start = offset - line.len();
            break;
        };
        match key {
            "title" | "headline" => draft.title = unknown_to_none(value),
            "outlet" | "source" | "publication" | "publisher" => {
                draft.outlet = unknown_to_none(value)
            }
            "date" | "published" => {
                if let Some(v) = unknown_to_none(value) {
                    draft.date = PartialDate::parse(&v);
                    if draft.date.is_none() {
                        warnings.push(format!("header date {v:?} is not a date; left empty"));
                    }
                }
            }
            "url" | "link" => draft.url = unknown_to_none(value),
            "author" | "by" | "byline" => {
                draft.author = unknown_to_none(value).map(|a| normalise_person(&a))
            }
            "original source" => draft.original_source = unknown_to_none(value),
            _ => {}
        }
        body_start = offset;
    }
    draft.text = content[body_start.min(content.len())..]
        .trim_end()
        .to_owned();
    if draft.text.trim().is_empty() {
        return Parsed::nothing("the header block is followed by no text");
    }
    Parsed {
        drafts: vec![draft],
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_header_and_body() {
        let p = parse("Title: Storm hits coast\nOutlet: Daily Example\nDate: 2019-09-02\nURL: unknown\n\nFirst paragraph.\n\nSecond.\n");
        let d = &p.drafts[0];
        assert_eq!(d.title.as_deref(), Some("Storm hits coast"));
        assert_eq!(d.outlet.as_deref(), Some("Daily Example"));
        assert_eq!(d.date.map(|d| d.to_string()).as_deref(), Some("2019-09-02"));
        assert_eq!(d.url, None);
        assert_eq!(d.text, "First paragraph.\n\nSecond.");
    }

    #[test]
    fn unknown_date_is_null_without_warning_and_bad_date_warns() {
        let p = parse("Title: A\nDate: unknown\n\nBody.");
        assert!(p.drafts[0].date.is_none() && p.warnings.is_empty());
        let p = parse("Title: A\nDate: soon\n\nBody.");
        assert!(p.drafts[0].date.is_none() && p.warnings.len() == 1);
    }

    #[test]
    fn header_only_is_nothing() {
        assert!(parse("Title: A\nOutlet: B\n").drafts.is_empty());
    }

    #[test]
    fn recognises_a_block() {
        assert!(looks_like_header_block("Title: A\nOutlet: B\n\nx"));
        assert!(!looks_like_header_block("Title: A\nThe body starts\n"));
        assert!(!looks_like_header_block("Title: only one\n\nbody"));
    }
}

//! JSON Lines: one article object per line, as research datasets and the benchmark
//! corpora ship them: `{"id","title","outlet","author","date","url","text"}`. Common
//! alternative names (`source`, `body`, `content`, `link`, `published`) are accepted.

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use super::draft::{non_empty, Draft, Parsed};
use super::hygiene::normalise_person;
use crate::date::PartialDate;

#[derive(Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default, alias = "headline")]
    title: Option<String>,
    #[serde(default, alias = "source", alias = "publisher", alias = "site")]
    outlet: Option<Value>,
    #[serde(default, alias = "authors", alias = "byline")]
    author: Option<Value>,
    #[serde(
        default,
        alias = "published",
        alias = "published_at",
        alias = "pubdate"
    )]
    date: Option<Value>,
    #[serde(default, alias = "link")]
    url: Option<String>,
    #[serde(default, alias = "body", alias = "content")]
    text: Option<String>,
    #[serde(default)]
    original_source: Option<String>,
}

/// A string, or the names in a list of strings or `{"name": …}` objects.
fn value_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => non_empty(Some(s)),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(|v| value_text(Some(v))).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        Value::Object(map) => value_text(map.get("name")),
        _ => None,
    }
}

/// Most warnings a file may add; beyond this they are counted, not listed.
const MAX_WARNINGS: usize = 20;

pub fn parse(content: &str) -> Parsed {
    let lines: Vec<(usize, &str)> = lines(content)
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let results: Vec<Result<Draft, String>> = lines
        .par_iter()
        .map(|(n, line)| parse_line(line).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect();
    let mut parsed = Parsed::default();
    if results.iter().all(Result::is_err) {
        if let Some(Err(first)) = results.first() {
            let n = results.len();
            return Parsed::nothing(format!(
                "none of its {n} line{} is an article ({first})",
                if n == 1 { "" } else { "s" }
            ));
        }
    }
    let mut failures = 0;
    for r in results {
        match r {
            Ok(d) => parsed.drafts.push(d),
            Err(e) => {
                failures += 1;
                if failures <= MAX_WARNINGS {
                    parsed.warnings.push(e);
                }
            }
        }
    }
    if failures > MAX_WARNINGS {
        parsed.warnings.push(format!(
            "{} more lines skipped for the same reasons",
            failures - MAX_WARNINGS
        ));
    }
    parsed
}

/// The lines of `content` as `str::lines` gives them (split at '\n' or "\r\n", no empty
/// last line), found with memchr's vectorised search: a JSON Lines file is a whole
/// corpus, and `str::lines` scans it several times slower.
fn lines(content: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', content.as_bytes())
        .map(Some)
        .chain(std::iter::once(None))
        .filter_map(move |end| match end {
            // A '\n' is one byte, so both ends are char boundaries.
            Some(end) => {
                let line = &content[start..end];
                start = end + 1;
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            // A last line without a line break keeps a trailing '\r'.
            None => (start < content.len()).then(|| &content[start..]),
        })
}

fn parse_line(line: &str) -> Result<Draft, String> {
    let record: Record =
        serde_json::from_str(line).map_err(|e| format!("not an article object ({e}); skipped"))?;
    let text = record
        .text
        .filter(|t| !t.trim().is_empty())
        .ok_or("no \"text\" field; skipped")?;
    let date = value_text(record.date.as_ref());
    Ok(Draft {
        title: non_empty(record.title.as_deref()),
        outlet: value_text(record.outlet.as_ref()),
        author: value_text(record.author.as_ref()).map(|a| normalise_person(&a)),
        date: date.as_deref().and_then(PartialDate::parse),
        url: non_empty(record.url.as_deref()),
        original_source: non_empty(record.original_source.as_deref()),
        source_id: value_text(record.id.as_ref()),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_and_reports_bad_ones() {
        let p = parse(concat!(
            "{\"id\":\"a1\",\"title\":\"T\",\"outlet\":\"O\",\"author\":[\"Ann LEE\",{\"name\":\"Bo Chan\"}],\"date\":\"2020-02-03\",\"url\":\"u\",\"text\":\"Body.\"}\n",
            "not json\n",
            "\n",
            "{\"title\":\"no text\"}\n",
            "{\"headline\":\"H\",\"source\":\"S\",\"body\":\"B\",\"date\":null,\"id\":7}\n",
        ));
        assert_eq!(p.drafts.len(), 2);
        let a = &p.drafts[0];
        assert_eq!(a.author.as_deref(), Some("Ann Lee, Bo Chan"));
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2020-02-03"));
        assert_eq!(a.source_id.as_deref(), Some("a1"));
        let b = &p.drafts[1];
        assert_eq!(
            (b.title.as_deref(), b.outlet.as_deref(), b.text.as_str()),
            (Some("H"), Some("S"), "B")
        );
        assert_eq!(b.source_id.as_deref(), Some("7"));
        assert_eq!(p.warnings.len(), 2);
        assert!(p.warnings[0].starts_with("line 2:"), "{:?}", p.warnings);
        assert!(p.warnings[1].starts_with("line 4:"), "{:?}", p.warnings);
    }

    #[test]
    fn lines_split_like_str_lines() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\na\n\n",
            "é\n\r\n\r",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }
}

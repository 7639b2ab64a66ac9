//! The `numbers --jsonl` contract of `../shared/peer-cases`: read `{"id","text"}` lines,
//! write one `{"id","found":[{"value","unit","span"}]}` line per input line, in order.
//!
//! Owns: the line format only. Number finding is [`super::numbers`]; the binary wires
//! stdin and stdout to [`run`].
//!
//! Reported per mention: quantities only (years, dates, identifiers and the like are
//! left out) and not vague ones ("dozens", "several hundred": the peer tools report none,
//! and one value would misstate them); a range is reported at its midpoint, as the peer
//! tools do. A line that is not valid JSON still gets an output line (with the
//! id when it can be recovered, an empty `found` and an `error`), so that output lines
//! stay aligned with input lines; a warning goes to stderr.

use std::io::{BufRead, Write};

use serde::Serialize;

use super::numbers::{find_quantities, NumberForm, Quantity};
use super::units::UnitTable;

#[derive(Serialize)]
struct Found<'a> {
    value: f64,
    unit: Option<&'a str>,
    span: &'a str,
}

#[derive(Serialize)]
struct Line<'a> {
    id: serde_json::Value,
    found: Vec<Found<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Read `{"id","text"}` lines, write `{"id","found":[...]}` lines. Returns the number of
/// lines processed (blank lines are skipped and not counted).
pub fn run(input: impl BufRead, mut output: impl Write) -> std::io::Result<usize> {
    let units = UnitTable::builtin();
    let mut processed = 0;
    for (index, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        processed += 1;
        let parsed: Result<serde_json::Value, _> = serde_json::from_str(&line);
        let (id, text, error) = match parsed {
            Ok(value) => {
                let id = value.get("id").cloned().unwrap_or(serde_json::Value::Null);
                match value.get("text").and_then(|t| t.as_str()) {
                    Some(text) => (id, text.to_string(), None),
                    None => (id, String::new(), Some("no \"text\" string".to_string())),
                }
            }
            Err(e) => (
                recover_id(&line),
                String::new(),
                Some(format!("invalid JSON: {e}")),
            ),
        };
        if let Some(message) = &error {
            eprintln!("warning: line {}: {message}", index + 1);
        }
        let quantities = find_quantities(&text, units);
        let found = quantities
            .iter()
            .filter(|q| reported(q))
            .map(|q| found_item(&text, q))
            .collect();
        let out = Line { id, found, error };
        serde_json::to_writer(&mut output, &out)?;
        output.write_all(b"\n")?;
    }
    output.flush()?;
    Ok(processed)
}

fn reported(q: &Quantity) -> bool {
    q.is_quantity() && q.value.is_finite() && q.form != NumberForm::Vague
}

fn found_item<'a>(text: &'a str, q: &'a Quantity) -> Found<'a> {
    let value = if q.form == NumberForm::Range {
        q.midpoint()
    } else {
        q.value
    };
    Found {
        value,
        unit: q.unit.as_ref().map(|u| u.name.as_ref()),
        span: text.get(q.span.clone()).unwrap_or_default(),
    }
}

/// The id of a line that is not valid JSON, when a `"id": "..."` can still be seen.
fn recover_id(line: &str) -> serde_json::Value {
    let Some(at) = line.find("\"id\"") else {
        return serde_json::Value::Null;
    };
    let rest = line[at + 4..]
        .trim_start()
        .strip_prefix(':')
        .unwrap_or("")
        .trim_start();
    let Some(body) = rest.strip_prefix('"') else {
        return serde_json::Value::Null;
    };
    match body.find('"') {
        Some(end) => serde_json::Value::String(body[..end].to_string()),
        None => serde_json::Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&str]) {
        let mut out = Vec::new();
        let n = run(input.as_bytes(), &mut out);
        assert!(n.is_ok());
        let text = String::from_utf8(out).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines, expected, "{input}");
    }

    #[test]
    fn contract_lines() {
        check(
            "{\"id\":\"a\",\"text\":\"2,500 troops in 2012\"}\n",
            &[r#"{"id":"a","found":[{"value":2500.0,"unit":"troops","span":"2,500 troops"}]}"#],
        );
        check(
            "{\"id\":\"b\",\"text\":\"5,000-7,000 km\"}\n\n{\"id\":\"c\",\"text\":\"none\"}\n",
            &[
                r#"{"id":"b","found":[{"value":6000.0,"unit":"kilometre","span":"5,000-7,000 km"}]}"#,
                r#"{"id":"c","found":[]}"#,
            ],
        );
        check(
            "{\"id\": \"d\", \"text\": broken\n",
            &[
                r#"{"id":"d","found":[],"error":"invalid JSON: expected value at line 1 column 21"}"#,
            ],
        );
    }
}

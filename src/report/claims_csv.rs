//! `claims.csv`: one row per claim for spreadsheets, pandas and R.
//!
//! The columns are the Claim contract of DESIGN.md (the span split into `span_start`
//! and `span_end`), then the extra claim fields, then the claim's group and verdict.
//! Missing values are empty cells: `low` / `high` are empty when the wording leaves that
//! side unbounded.

use super::analysis::Index;
use crate::claims::Claim;

/// The header row, in order.
pub const COLUMNS: [&str; 33] = [
    "id",
    "article",
    "outlet",
    "date",
    "title",
    "text",
    "quote",
    "span_start",
    "span_end",
    "value",
    "low",
    "high",
    "qualifier",
    "unit",
    "measure",
    "subject",
    "time",
    "attribution",
    "in_title",
    "counted",
    "entities",
    "place",
    "scope",
    "time_source",
    "actor",
    "event",
    "precision",
    "base_value",
    "base_low",
    "base_high",
    "base_unit",
    "group",
    "verdict",
];

fn number(v: f64) -> String {
    v.to_string()
}

fn optional(v: Option<f64>) -> String {
    v.map(number).unwrap_or_default()
}

/// A unit-like enum's name as in the JSON outputs.
fn serde_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The claims as CSV (RFC 4180 quoting, `\n` line ends, UTF-8).
pub fn write_claims_csv(
    out: &mut dyn std::io::Write,
    claims: &[Claim],
    index: &Index,
) -> Result<(), csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record(COLUMNS)?;
    for c in claims {
        let group = index.group_of(&c.id);
        let row: [String; COLUMNS.len()] = [
            c.id.clone(),
            c.article.to_string(),
            c.outlet.clone().unwrap_or_default(),
            c.date.map(|d| d.to_string()).unwrap_or_default(),
            c.title.clone().unwrap_or_default(),
            c.text.clone(),
            c.quote.clone(),
            c.span[0].to_string(),
            c.span[1].to_string(),
            number(c.value),
            optional(c.low),
            optional(c.high),
            c.qualifier.as_str().to_owned(),
            c.unit.clone().unwrap_or_default(),
            serde_name(&c.measure),
            c.subject.clone(),
            c.time.map(|d| d.to_string()).unwrap_or_default(),
            c.attribution.clone().unwrap_or_default(),
            c.in_title.to_string(),
            c.counted.clone().unwrap_or_default(),
            c.entities.join("; "),
            c.place.clone().unwrap_or_default(),
            serde_name(&c.scope),
            serde_name(&c.time_source),
            c.actor.clone().unwrap_or_default(),
            c.event.clone().unwrap_or_default(),
            number(c.precision),
            number(c.base_value),
            optional(c.base_low),
            optional(c.base_high),
            c.base_unit.clone().unwrap_or_default(),
            group.map(|g| g.id.clone()).unwrap_or_default(),
            group
                .map(|g| g.verdict.as_str().to_owned())
                .unwrap_or_default(),
        ];
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

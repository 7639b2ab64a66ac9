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

/// An optional text field: empty when absent.
fn text(s: &Option<Box<str>>) -> &str {
    s.as_deref().unwrap_or_default()
}

/// A unit-like enum's name as in the JSON outputs.
fn serde_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// [`serde_name`] worked out once per variant: a million rows name a handful of them.
struct Names<T> {
    known: Vec<(std::mem::Discriminant<T>, String)>,
}

impl<T: serde::Serialize> Names<T> {
    fn new() -> Self {
        Self { known: Vec::new() }
    }

    /// For fieldless enums only (`Measure`, `Scope`, `TimeSource`): the variant decides
    /// the name. An enum with data in a variant would need its own key.
    fn of(&mut self, v: &T) -> &str {
        let key = std::mem::discriminant(v);
        let at = match self.known.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                self.known.push((key, serde_name(v)));
                self.known.len() - 1
            }
        };
        &self.known[at].1
    }
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
    let (mut measures, mut scopes, mut time_sources) = (Names::new(), Names::new(), Names::new());
    // Field by field, borrowing the claim's text: a row of owned strings would copy
    // every quote once more.
    for c in claims {
        let group = index.group_of(&c.id);
        w.write_field(c.id.as_bytes())?;
        w.write_field(c.article.to_string())?;
        w.write_field(c.outlet.as_deref().unwrap_or_default())?;
        w.write_field(c.date.map(|d| d.to_string()).unwrap_or_default())?;
        w.write_field(c.title.as_deref().unwrap_or_default())?;
        w.write_field(c.text.as_bytes())?;
        w.write_field(&*c.quote)?;
        w.write_field(c.span[0].to_string())?;
        w.write_field(c.span[1].to_string())?;
        w.write_field(number(c.value))?;
        w.write_field(optional(c.low))?;
        w.write_field(optional(c.high))?;
        w.write_field(c.qualifier.as_str())?;
        w.write_field(text(&c.unit))?;
        w.write_field(measures.of(&c.measure))?;
        w.write_field(c.subject.as_bytes())?;
        w.write_field(c.time.map(|d| d.to_string()).unwrap_or_default())?;
        w.write_field(text(&c.attribution))?;
        w.write_field(if c.in_title { "true" } else { "false" })?;
        w.write_field(text(&c.counted))?;
        w.write_field(c.entities.join("; "))?;
        w.write_field(text(&c.place))?;
        w.write_field(scopes.of(&c.scope))?;
        w.write_field(time_sources.of(&c.time_source))?;
        w.write_field(text(&c.actor))?;
        w.write_field(text(&c.event))?;
        w.write_field(number(c.precision))?;
        w.write_field(number(c.base_value))?;
        w.write_field(optional(c.base_low))?;
        w.write_field(optional(c.base_high))?;
        w.write_field(text(&c.base_unit))?;
        w.write_field(group.map(|g| &*g.id).unwrap_or_default())?;
        w.write_field(group.map(|g| g.verdict.as_str()).unwrap_or_default())?;
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()?;
    Ok(())
}

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

/// Writes formatted fields through one reused buffer: a million rows of numbers and
/// dates would otherwise allocate a string per cell.
struct Cells<'w, W: std::io::Write> {
    w: &'w mut csv::Writer<W>,
    buf: String,
}

impl<W: std::io::Write> Cells<'_, W> {
    fn text(&mut self, s: &str) -> Result<(), csv::Error> {
        self.w.write_field(s)
    }

    /// A value as `Display` writes it (a number as `f64::to_string` does).
    fn shown(&mut self, v: impl std::fmt::Display) -> Result<(), csv::Error> {
        use std::fmt::Write as _;
        self.buf.clear();
        // Writing into a String cannot fail.
        let _ = write!(self.buf, "{v}");
        self.w.write_field(&self.buf)
    }

    /// An optional value: an empty cell when absent.
    fn optional(&mut self, v: Option<impl std::fmt::Display>) -> Result<(), csv::Error> {
        match v {
            Some(v) => self.shown(v),
            None => self.text(""),
        }
    }

    /// Names joined by "; ".
    fn joined(&mut self, names: &[impl AsRef<str>]) -> Result<(), csv::Error> {
        self.buf.clear();
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                self.buf.push_str("; ");
            }
            self.buf.push_str(name.as_ref());
        }
        self.w.write_field(&self.buf)
    }
}

/// An optional text field: empty when absent.
fn text<S: std::ops::Deref<Target = str>>(s: &Option<S>) -> &str {
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
    let mut cells = Cells {
        w: &mut w,
        buf: String::new(),
    };
    for c in claims {
        let group = index.group_of(&c.id);
        cells.text(&c.id)?;
        cells.shown(&c.article)?;
        cells.text(c.outlet.as_deref().unwrap_or_default())?;
        cells.optional(c.date)?;
        cells.text(c.title.as_deref().unwrap_or_default())?;
        cells.text(&c.text)?;
        cells.text(&c.quote)?;
        cells.shown(c.span[0])?;
        cells.shown(c.span[1])?;
        cells.shown(c.value)?;
        cells.optional(c.low)?;
        cells.optional(c.high)?;
        cells.text(c.qualifier.as_str())?;
        cells.text(text(&c.unit))?;
        cells.text(measures.of(&c.measure))?;
        cells.text(&c.subject)?;
        cells.optional(c.time)?;
        cells.text(text(&c.attribution))?;
        cells.text(if c.in_title { "true" } else { "false" })?;
        cells.text(text(&c.counted))?;
        cells.joined(&c.entities)?;
        cells.text(text(&c.place))?;
        cells.text(scopes.of(&c.scope))?;
        cells.text(time_sources.of(&c.time_source))?;
        cells.text(text(&c.actor))?;
        cells.text(text(&c.event))?;
        cells.shown(c.precision)?;
        cells.shown(c.base_value)?;
        cells.optional(c.base_low)?;
        cells.optional(c.base_high)?;
        cells.text(text(&c.base_unit))?;
        cells.text(group.map(|g| &*g.id).unwrap_or_default())?;
        cells.text(group.map(|g| g.verdict.as_str()).unwrap_or_default())?;
        cells.w.write_record(None::<&[u8]>)?;
    }
    w.flush()?;
    Ok(())
}

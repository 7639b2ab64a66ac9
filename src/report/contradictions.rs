//! The contradiction report: claim groups with their verdicts, each with its claims side
//! by side (outlet, date, value as written, quote) and links back to the article and the
//! character span of the figure.

use std::fmt::Write as _;

use rustc_hash::{FxHashMap, FxHashSet};

use super::markdown::Escaped;
use super::table::Table;
use crate::align::{ClaimGroup, Verdict};
use crate::claims::{Claim, ClaimIndex};
use crate::corpus::Article;
use crate::text::whitespace_folded;

/// The `version` of `contradictions.json`. Version 2 leaves single figures out.
pub const JSON_VERSION: u32 = 2;

/// Whether `contradictions.json` carries a group: one that compares figures (conflict,
/// changed, agree). A single figure is no contradiction; on a large corpus single
/// figures are most of the groups and their claims most of the bytes, and both are in
/// `analysis.json` and in `claimscope contradictions --json`.
pub fn compares(group: &ClaimGroup) -> bool {
    group.verdict != Verdict::Single
}

/// The ids of the claims the groups that compare figures cite.
pub fn compared_claims(groups: &[ClaimGroup]) -> FxHashSet<&str> {
    groups
        .iter()
        .filter(|g| compares(g))
        .flat_map(|g| g.claims.iter().map(|id| &**id))
        .collect()
}

/// How many groups are single figures.
pub fn single_figures(groups: &[ClaimGroup]) -> usize {
    groups.iter().filter(|g| !compares(g)).count()
}

/// Write `contradictions.json`: `version`, `window_days`, `single_figures` (how many
/// groups of one figure are left out), the groups that compare figures and the claims
/// they cite, one record per line.
pub fn write_json(
    out: &mut dyn std::io::Write,
    groups: &[ClaimGroup],
    claims: &[Claim],
    window_days: i64,
) -> std::io::Result<()> {
    use super::json;
    let cited = compared_claims(groups);
    let mut doc = json::FieldWriter::begin(out)?;
    doc.field(out, "version", &JSON_VERSION)?;
    doc.field(out, "window_days", &window_days)?;
    doc.field(out, "single_figures", &single_figures(groups))?;
    doc.key(out, "groups")?;
    json::write_part(out, groups, compares)?;
    doc.key(out, "claims")?;
    json::write_part(out, claims, |c| cited.contains(&*c.id))?;
    doc.end(out)
}

/// A Markdown table cell, written where it is formatted: pipes, HTML and emphasis
/// characters escaped, whitespace folded, so that article text neither breaks the table
/// nor turns into markup.
struct Cell<'a>(&'a str);

impl std::fmt::Display for Cell<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = whitespace_folded(self.0);
        Escaped {
            text: &text,
            line_start: false,
        }
        .fmt(f)
    }
}

/// A table cell's code span, written where it is formatted: taken literally by
/// Markdown, so only pipes (which GFM reads even there) are escaped and backticks,
/// which would end it, replaced.
struct CodeCell<'a>(&'a str);

impl std::fmt::Display for CodeCell<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = whitespace_folded(self.0);
        let mut rest: &str = &text;
        while let Some(at) = rest.find(['|', '`']) {
            f.write_str(&rest[..at])?;
            f.write_str(if rest.as_bytes()[at] == b'|' {
                "\\|"
            } else {
                "'"
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

fn verdict_heading(v: Verdict) -> &'static str {
    match v {
        Verdict::Conflict => "Conflicts",
        Verdict::Changed => "Changed over time",
        Verdict::Agree => "Agreement",
        Verdict::Single => "Single figures",
    }
}

/// Text gathered before it goes to the writer: a corpus's report runs to hundreds of
/// megabytes, never held whole.
const MARKDOWN_CHUNK: usize = 256 * 1024;

/// Write `contradictions.md`. Single figures are listed compactly at the end.
pub fn write_markdown(
    w: &mut dyn std::io::Write,
    groups: &[ClaimGroup],
    claims: &[Claim],
    articles: &[Article],
    window_days: i64,
) -> std::io::Result<()> {
    write_markdown_in_chunks(w, groups, claims, articles, window_days, MARKDOWN_CHUNK)
}

/// [`write_markdown`], handing text to `w` whenever `chunk` bytes have gathered.
fn write_markdown_in_chunks(
    w: &mut dyn std::io::Write,
    groups: &[ClaimGroup],
    claims: &[Claim],
    articles: &[Article],
    window_days: i64,
    chunk: usize,
) -> std::io::Result<()> {
    let by_id = ClaimIndex::new(claims);
    let files: FxHashMap<&str, &str> = articles
        .iter()
        .map(|a| (a.id.as_str(), a.file.as_str()))
        .collect();
    let count = |v: Verdict| groups.iter().filter(|g| g.verdict == v).count();
    let mut out = String::new();
    let _ = writeln!(out, "# Contradictions\n");
    let _ = writeln!(
        out,
        "{} groups of claims: {} conflict{}, {} changed over time, {} in agreement, {} single figure{}. Figures further apart in time than {} days count as changed, closer ones as conflicting.\n",
        groups.len(),
        count(Verdict::Conflict),
        if count(Verdict::Conflict) == 1 { "" } else { "s" },
        count(Verdict::Changed),
        count(Verdict::Agree),
        count(Verdict::Single),
        if count(Verdict::Single) == 1 { "" } else { "s" },
        window_days
    );
    let mut current = None;
    let mut singles = Vec::new();
    for g in groups {
        if g.verdict == Verdict::Single {
            singles.push(g);
            continue;
        }
        if current != Some(g.verdict) {
            let _ = writeln!(out, "## {}\n", verdict_heading(g.verdict));
            current = Some(g.verdict);
        }
        let _ = writeln!(
            out,
            "### {} — {} ({})\n",
            g.id,
            Cell(&g.subject),
            measure_name(g)
        );
        let _ = writeln!(
            out,
            "**{}.** {}\n",
            g.verdict.as_str(),
            Cell(&g.explanation)
        );
        let _ = writeln!(
            out,
            "| outlet | date | figure | interval | quote | source |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for id in &g.claims {
            let Some(c) = by_id.get(id) else {
                continue;
            };
            let file = files.get(c.article.as_str()).copied().unwrap_or("");
            let place = if c.in_title { "title" } else { "text" };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | `{}` {} chars {}–{} |",
                Cell(c.outlet.as_deref().unwrap_or("—")),
                TimeText(c),
                Cell(&c.text),
                IntervalText(c),
                Cell(&c.quote),
                CodeCell(file),
                place,
                c.span[0],
                c.span[1]
            );
        }
        let _ = writeln!(out);
        if !g.related.is_empty() {
            let _ = writeln!(out, "Related (a deployment beside the force it was drawn from, not a contradiction): {}\n", g.related.join(", "));
        }
        if out.len() >= chunk {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    if !singles.is_empty() {
        let _ = writeln!(out, "## {}\n", verdict_heading(Verdict::Single));
        let _ = writeln!(out, "| group | subject | outlet | date | figure | quote |");
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for g in singles {
            let Some(c) = g.claims.first().and_then(|id| by_id.get(id)) else {
                continue;
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                g.id,
                Cell(&g.subject),
                Cell(c.outlet.as_deref().unwrap_or("—")),
                TimeText(c),
                Cell(&c.text),
                Cell(&c.quote)
            );
            if out.len() >= chunk {
                w.write_all(out.as_bytes())?;
                out.clear();
            }
        }
    }
    w.write_all(out.as_bytes())
}

fn measure_name(g: &ClaimGroup) -> String {
    serde_json::to_value(g.measure)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A claim's time, or "—".
struct TimeText<'a>(&'a Claim);

impl std::fmt::Display for TimeText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.time {
            Some(t) => t.fmt(f),
            None => f.write_str("—"),
        }
    }
}

/// A claim's interval, "low–high", an open end as "…".
struct IntervalText<'a>(&'a Claim);

impl std::fmt::Display for IntervalText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let end = |f: &mut std::fmt::Formatter<'_>, v: Option<f64>| match v {
            Some(v) => Thousands(v).fmt(f),
            None => f.write_str("…"),
        };
        end(f, self.0.low)?;
        f.write_str("–")?;
        end(f, self.0.high)
    }
}

/// Numbers as people write them: no trailing ".0", thousands separated.
pub fn format_number(v: f64) -> String {
    Thousands(v).to_string()
}

/// [`format_number`] written where it is formatted.
pub struct Thousands(pub f64);

impl std::fmt::Display for Thousands {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0;
        if !v.is_finite() {
            return write!(f, "{v}");
        }
        let rounded = (v * 100.0).round() / 100.0;
        let (mut int, frac) = (
            rounded.trunc().abs() as u128,
            (rounded.fract().abs() * 100.0).round() as u32,
        );
        if rounded < 0.0 {
            f.write_str("-")?;
        }
        // The integer's digits, last first (a u128 has at most 39).
        let mut digits = [0u8; 39];
        let mut n = 0;
        loop {
            digits[n] = b'0' + (int % 10) as u8;
            n += 1;
            int /= 10;
            if int == 0 {
                break;
            }
        }
        for i in (0..n).rev() {
            f.write_char(char::from(digits[i]))?;
            if i > 0 && i % 3 == 0 {
                f.write_char(',')?;
            }
        }
        if frac == 0 {
            Ok(())
        } else if frac % 10 == 0 {
            write!(f, ".{}", frac / 10)
        } else {
            write!(f, ".{frac:02}")
        }
    }
}

/// The terminal view: each non-single group with its claims side by side.
pub fn text_table(groups: &[ClaimGroup], claims: &[Claim]) -> String {
    let by_id = ClaimIndex::new(claims);
    let mut out = String::new();
    for g in groups.iter().filter(|g| g.verdict != Verdict::Single) {
        let _ = writeln!(
            out,
            "{} {} — {}: {}",
            g.id,
            g.verdict.as_str().to_uppercase(),
            g.subject,
            g.explanation
        );
        let mut table = Table::new(&[("outlet", 28), ("date", 10), ("figure", 36), ("quote", 90)]);
        for id in &g.claims {
            if let Some(c) = by_id.get(id) {
                table.push(vec![
                    c.outlet.as_deref().unwrap_or_default().to_owned(),
                    c.time.map(|t| t.to_string()).unwrap_or_default(),
                    c.text.to_string(),
                    String::from(&*c.quote),
                ]);
            }
        }
        for line in table.render().lines() {
            let _ = writeln!(out, "    {line}");
        }
        let _ = writeln!(out);
    }
    let singles = groups
        .iter()
        .filter(|g| g.verdict == Verdict::Single)
        .count();
    let _ = writeln!(
        out,
        "{singles} single figure{} (given by one claim only): see --json or the report files.",
        if singles == 1 { "" } else { "s" }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text handed over in pieces makes the same file as text handed over whole.
    #[test]
    fn markdown_in_chunks_is_the_same_document() {
        use crate::align::{group_claims, AlignModel, AlignOptions};
        use crate::corpus::{load_bytes, LoadOptions};
        let jsonl = concat!(
            "{\"outlet\":\"A\",\"date\":\"2020-01-02\",\"title\":\"Flood\",\"text\":\"There are about 12,000 ISIS militants fighting in Afghanistan. About 300 homes were lost.\"}\n",
            "{\"outlet\":\"B\",\"date\":\"2020-01-03\",\"title\":\"Flood toll\",\"text\":\"There are roughly 7,000 Islamic State militants in Afghanistan. Some 2,000 residents left.\"}\n",
        );
        let articles = load_bytes("t.jsonl", jsonl.as_bytes(), &LoadOptions::default()).articles;
        let models = crate::claims::ClaimModels::builtin();
        let claims = crate::claims::extract_corpus(&articles, models);
        let options = AlignOptions {
            window_days: 365,
            conversion_tolerance: models.cues.widths.conversion_tolerance,
        };
        let groups = group_claims(&claims, AlignModel::builtin(), &options, None);
        let render = |chunk| {
            let mut out = Vec::new();
            write_markdown_in_chunks(&mut out, &groups, &claims, &articles, 365, chunk).unwrap();
            String::from_utf8(out).unwrap()
        };
        let whole = render(usize::MAX);
        assert!(whole.contains("## Conflicts"), "{whole}");
        assert!(whole.contains("## Single figures"), "{whole}");
        assert_eq!(render(1), whole);
    }

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(format_number(17000.0), "17,000");
        assert_eq!(format_number(3550.0), "3,550");
        assert_eq!(format_number(55.5), "55.5");
        assert_eq!(format_number(0.25), "0.25");
        assert_eq!(format_number(-1234.0), "-1,234");
        assert_eq!(format_number(5.5e10), "55,000,000,000");
        assert_eq!(format_number(-0.001), "0");
        assert_eq!(format_number(999.999), "1,000");
        assert_eq!(
            format_number(1e40),
            "340,282,366,920,938,463,463,374,607,431,768,211,455"
        );
        assert_eq!(format_number(f64::NAN), "NaN");
        assert_eq!(format_number(f64::NEG_INFINITY), "-inf");
        assert_eq!(
            IntervalText(&claim_with(Some(3550.0), None)).to_string(),
            "3,550–…"
        );
        assert_eq!(
            IntervalText(&claim_with(None, Some(0.5))).to_string(),
            "…–0.5"
        );
        assert_eq!(
            IntervalText(&claim_with(Some(-1234.5), Some(1e6))).to_string(),
            "-1,234.5–1,000,000"
        );
        assert_eq!(IntervalText(&claim_with(None, None)).to_string(), "…–…");
        let mut dated = claim_with(None, None);
        assert_eq!(TimeText(&dated).to_string(), "2020-01-02");
        dated.time = None;
        assert_eq!(TimeText(&dated).to_string(), "—");
    }

    /// A claim of a one-sentence article, with the interval given.
    fn claim_with(low: Option<f64>, high: Option<f64>) -> Claim {
        let jsonl =
            "{\"outlet\":\"A\",\"date\":\"2020-01-02\",\"text\":\"About 300 homes were lost.\"}\n";
        let options = crate::corpus::LoadOptions::default();
        let articles = crate::corpus::load_bytes("t.jsonl", jsonl.as_bytes(), &options).articles;
        let models = crate::claims::ClaimModels::builtin();
        let mut claim = crate::claims::extract_corpus(&articles, models).remove(0);
        (claim.low, claim.high) = (low, high);
        claim
    }

    /// The digits grouped by a string of them, as first written: the digit-by-digit
    /// [`Thousands`] must write the same.
    fn grouped_by_string(v: f64) -> String {
        let rounded = (v * 100.0).round() / 100.0;
        let (int, frac) = (
            rounded.trunc().abs() as u128,
            (rounded.fract().abs() * 100.0).round() as u32,
        );
        let digits = int.to_string();
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        let sign = if rounded < 0.0 { "-" } else { "" };
        match frac {
            0 => format!("{sign}{grouped}"),
            f if f % 10 == 0 => format!("{sign}{grouped}.{}", f / 10),
            f => format!("{sign}{grouped}.{f:02}"),
        }
    }

    proptest::proptest! {
        #[test]
        fn numbers_are_grouped_as_by_their_digit_string(
            v in proptest::prop_oneof![
                proptest::num::f64::NORMAL | proptest::num::f64::ZERO | proptest::num::f64::SUBNORMAL,
                -1e7..1e7f64,
                proptest::strategy::Strategy::prop_map(-100_000i64..100_000, |i| i as f64 / 100.0),
            ]
        ) {
            proptest::prop_assert_eq!(format_number(v), grouped_by_string(v));
        }
    }

    #[test]
    fn cells_cannot_break_a_table() {
        assert_eq!(Cell("a | b\nc").to_string(), "a \\| b c");
        assert_eq!(
            Cell("<script>*x*</script>").to_string(),
            "\\<script\\>\\*x\\*\\</script\\>"
        );
        assert_eq!(CodeCell("a_b`c|d").to_string(), "a_b'c\\|d");
        assert_eq!(CodeCell("|x` \n y|").to_string(), "\\|x' y\\|");
    }
}

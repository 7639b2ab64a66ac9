//! `outlets.md` and `clusters.md`: the outlet comparison and the topics as Markdown a
//! person reads in any viewer, and the escaping every Markdown report shares.
//!
//! Text that comes from articles is escaped so that it renders as the words written:
//! a title holding `<script>` or `**` shows those characters, never markup.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::analysis::{Analysis, Index};
use super::contradictions::format_number;
use crate::cluster::Cluster;
use crate::framing::{Interval, OutletProfile};
use crate::text::whitespace_folded;

/// Inline Markdown text: whitespace folded and every character that could start markup
/// (emphasis, links, code, HTML, tables, entities) backslash-escaped, as CommonMark
/// allows for any ASCII punctuation.
pub fn md_text(s: &str) -> String {
    md_escape(&whitespace_folded(s), true)
}

/// Escape `s` as it stands (whitespace kept); `line_start` when it opens a line, where
/// `#`, `-`, `+`, `=` and "12." would start a block.
pub fn md_escape(s: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let _ = escape_into(&mut out, s, line_start);
    out
}

/// [`md_escape`] written where it is formatted, without a string of its own: for the
/// reports that escape a cell per claim.
pub struct Escaped<'a> {
    pub text: &'a str,
    pub line_start: bool,
}

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        escape_into(f, self.text, self.line_start)
    }
}

fn escape_into(out: &mut impl std::fmt::Write, s: &str, line_start: bool) -> std::fmt::Result {
    let bytes = s.as_bytes();
    // "12. " or "3) " at the start would open an ordered list.
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let list_mark =
        line_start && (1..=9).contains(&digits) && matches!(bytes.get(digits), Some(b'.' | b')'));
    // Every character escaped is ASCII, so it is found byte by byte and the text
    // between two of them is copied whole.
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let special = matches!(
            b,
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'|' | b'~' | b'&' | b'!'
        ) || (line_start && i == 0 && matches!(b, b'#' | b'-' | b'+' | b'='))
            || (list_mark && i == digits);
        if special {
            out.write_str(&s[copied..i])?;
            out.write_char('\\')?;
            copied = i;
        }
    }
    out.write_str(&s[copied..])
}

/// An outlet's name as the reports print it (the topics name an unknown outlet so too).
pub fn outlet_name(outlet: Option<&str>) -> &str {
    outlet.unwrap_or("(unknown outlet)")
}

fn interval_text(i: Option<&Interval>) -> String {
    match i {
        Some(i) => format!(" ({:.2}–{:.2})", i.low, i.high),
        None => String::new(),
    }
}

fn share(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |x| format!("{:.0} %", 100.0 * x))
}

/// `outlets.md`: framing rates with their intervals, sourcing, how figures are worded,
/// and each outlet's distinctive terms.
pub fn outlets(a: &Analysis) -> String {
    let mut out = String::new();
    let articles: usize = a.outlets.iter().map(|p| p.articles).sum();
    let _ = writeln!(out, "# Outlets\n");
    let _ = writeln!(
        out,
        "{} outlet{} and {} article{}. Framing rates are occurrences per 1,000 words in the outlet's own voice (quoted speech excluded); in brackets, the 95 % bootstrap interval over the outlet's articles. An outlet with a single article (marked 1\\*) has no interval and its rates say little about the outlet.\n",
        a.outlets.len(),
        plural(a.outlets.len()),
        articles,
        plural(articles)
    );
    if a.outlets.is_empty() {
        return out;
    }
    let _ = writeln!(out, "## Framing\n");
    let mut header = String::from("| outlet | articles | words |");
    let mut rule = String::from("|---|---:|---:|");
    for c in a.categories {
        let _ = write!(header, " {} |", md_text(&c.name));
        rule.push_str("---:|");
    }
    let _ = writeln!(out, "{header}\n{rule}");
    for p in a.outlets {
        let _ = write!(
            out,
            "| {} | {} | {} |",
            md_text(outlet_name(p.outlet.as_deref())),
            articles_cell(p),
            format_number(p.words as f64)
        );
        for c in a.categories {
            let rate = p.framing.get(&c.name).copied().unwrap_or(0.0);
            let interval = p.framing_interval.as_ref().and_then(|m| m.get(&c.name));
            let _ = write!(out, " {rate:.2}{} |", interval_text(interval));
        }
        out.push('\n');
    }
    out.push('\n');
    for c in a.categories {
        let _ = writeln!(
            out,
            "- **{}**: {}",
            md_text(&c.name),
            md_text(&c.description)
        );
    }
    out.push('\n');

    let _ = writeln!(out, "## Sourcing and figures\n");
    let _ = writeln!(
        out,
        "| outlet | sentences naming a source | figures | approximate | bounds or ranges | no source named |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
    for p in a.outlets {
        let attributed = match &p.attribution_share_interval {
            Some(i) => format!(
                "{:.0} % ({:.0}–{:.0} %)",
                100.0 * p.attribution_share,
                100.0 * i.low,
                100.0 * i.high
            ),
            None => format!("{:.0} %", 100.0 * p.attribution_share),
        };
        let n = &p.numbers;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            md_text(outlet_name(p.outlet.as_deref())),
            attributed,
            n.figures,
            share(n.hedged_share),
            share(n.bounded_share),
            share(n.unattributed_share)
        );
    }
    out.push('\n');

    let _ = writeln!(out, "## Distinctive terms\n");
    let _ = writeln!(
        out,
        "Words each outlet uses more than the others (weighted log-odds with an informative prior; z-score and occurrences in brackets).\n"
    );
    for p in a.outlets {
        let terms = if p.distinctive_scores.is_empty() {
            "none stands out".to_owned()
        } else {
            p.distinctive_scores
                .iter()
                .map(|t| format!("{} (z {:.2}, {}×)", md_text(&t.term), t.z, t.count))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "- **{}**: {}",
            md_text(outlet_name(p.outlet.as_deref())),
            terms
        );
    }
    out
}

fn articles_cell(p: &OutletProfile) -> String {
    if p.single_article {
        "1\\*".to_owned()
    } else {
        p.articles.to_string()
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The outlets of the topic matrix: by articles across all topics (most first), then
/// by name.
pub fn matrix_outlets(clusters: &[Cluster]) -> Vec<(String, usize)> {
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for c in clusters {
        for (o, n) in &c.outlets {
            *totals.entry(o.as_str()).or_default() += n;
        }
    }
    let mut outlets: Vec<(String, usize)> =
        totals.into_iter().map(|(o, n)| (o.to_owned(), n)).collect();
    outlets.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    outlets
}

/// A cluster's time span as text.
pub fn cluster_dates(c: &Cluster) -> String {
    match (&c.first_date, &c.last_date) {
        (Some(a), Some(b)) if a == b => a.clone(),
        (Some(a), Some(b)) => format!("{a} – {b}"),
        _ => "undated".to_owned(),
    }
}

/// `clusters.md`: the topics, the topic × outlet matrix, each topic's articles and the
/// near-duplicate pairs.
pub fn clusters(a: &Analysis, index: &Index) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Topics\n");
    let Some(choice) = a.topic_choice else {
        let _ = writeln!(out, "The corpus could not be clustered into topics.");
        return out;
    };
    let how = match choice.by {
        "silhouette" => "chosen by the mean silhouette of a sample",
        "model" => "from a saved topic model",
        _ => "as given",
    };
    let _ = writeln!(
        out,
        "{} article{} in {} topic{} (k = {}, {how}). Labels are the terms that most set a topic apart from the corpus.\n",
        a.articles.len(),
        plural(a.articles.len()),
        a.clusters.len(),
        plural(a.clusters.len()),
        choice.k
    );
    let _ = writeln!(out, "| topic | articles | label | dates |");
    let _ = writeln!(out, "|---|---:|---|---|");
    for c in a.clusters {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            md_text(&c.id),
            c.size,
            md_text(&c.label),
            cluster_dates(c)
        );
    }
    out.push('\n');

    let outlets = matrix_outlets(a.clusters);
    if !outlets.is_empty() {
        let _ = writeln!(out, "## Topics by outlet\n");
        let _ = writeln!(out, "Articles of each outlet in each topic.\n");
        let mut header = String::from("| topic |");
        let mut rule = String::from("|---|");
        for (o, _) in &outlets {
            let _ = write!(header, " {} |", md_text(o));
            rule.push_str("---:|");
        }
        let _ = writeln!(out, "{header}\n{rule}");
        for c in a.clusters {
            let _ = write!(out, "| {} {} |", md_text(&c.id), md_text(&c.label));
            for (o, _) in &outlets {
                match c.outlets.get(o) {
                    Some(n) => {
                        let _ = write!(out, " {n} |");
                    }
                    None => out.push_str(" · |"),
                }
            }
            out.push('\n');
        }
        out.push('\n');
    }

    for c in a.clusters {
        let _ = writeln!(out, "## {} — {}\n", md_text(&c.id), md_text(&c.label));
        let _ = writeln!(
            out,
            "{} article{}, {}. Top terms: {}.\n",
            c.size,
            plural(c.size),
            cluster_dates(c),
            c.top_terms
                .iter()
                .map(|t| md_text(t))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(out, "| date | outlet | title |");
        let _ = writeln!(out, "|---|---|---|");
        for id in &c.articles {
            let Some(article) = index.article(id) else {
                continue;
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                article
                    .date
                    .map_or_else(|| "—".to_owned(), |d| d.to_string()),
                md_text(outlet_name(article.outlet.as_deref())),
                md_text(article_title(article))
            );
        }
        out.push('\n');
        if !c.near_duplicates.is_empty() {
            let _ = writeln!(out, "Near-duplicate articles (TF-IDF cosine):\n");
            for d in &c.near_duplicates {
                let name = |id| {
                    index
                        .article(id)
                        .map_or_else(|| id.to_string(), |x| md_text(article_title(x)))
                };
                let _ = writeln!(
                    out,
                    "- {} and {}: {:.3}",
                    name(&d.articles[0]),
                    name(&d.articles[1]),
                    d.cosine
                );
            }
            out.push('\n');
        }
    }
    out
}

/// An article's title, or its file when it has none.
pub fn article_title(a: &crate::corpus::Article) -> &str {
    a.title.as_deref().unwrap_or(a.file.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The escaping as first written, a character at a time: the byte-wise one must
    /// give the same text.
    fn md_escape_by_chars(s: &str, line_start: bool) -> String {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let list_mark = line_start
            && (1..=9).contains(&digits)
            && matches!(s.as_bytes().get(digits), Some(b'.' | b')'));
        let mut out = String::new();
        for (i, ch) in s.char_indices() {
            let special = matches!(
                ch,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!'
            ) || (line_start && i == 0 && matches!(ch, '#' | '-' | '+' | '='))
                || (list_mark && i == digits);
            if special {
                out.push('\\');
            }
            out.push(ch);
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn escaping_byte_wise_equals_escaping_by_characters(
            s in "[0-9.)#+=\\-\\\\`*_\\[\\]<>|~&! aé“😀]{0,16}|\\PC{0,12}",
            line_start: bool,
        ) {
            let expected = md_escape_by_chars(&s, line_start);
            proptest::prop_assert_eq!(&md_escape(&s, line_start), &expected);
            proptest::prop_assert_eq!(&Escaped { text: &s, line_start }.to_string(), &expected);
        }
    }

    #[test]
    fn markdown_text_cannot_become_markup() {
        let check = |input: &str, expected: &str| assert_eq!(md_text(input), expected);
        check("plain words, 1,200", "plain words, 1,200");
        check("<script>x</script>", "\\<script\\>x\\</script\\>");
        check(
            "**bold** _it_ [l](u)",
            "\\*\\*bold\\*\\* \\_it\\_ \\[l\\](u)",
        );
        check("# not a heading", "\\# not a heading");
        check("- not a list", "\\- not a list");
        check("a | b\nc", "a \\| b c");
        check("&amp;", "\\&amp;");
        check("1. not a list either", "1\\. not a list either");
        check("2024 was a year", "2024 was a year");
    }
}

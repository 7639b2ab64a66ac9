//! Research notes: one Markdown file per claim group that compares figures (every
//! verdict but `single`), for Obsidian, Zettlr or any Zettelkasten, and the sources they
//! cite as CSL-JSON (`references.json`) for Zotero or any citation manager.
//!
//! A note opens with YAML front matter (subject, measure, verdict, values, outlets,
//! dates, tags), then gives the explanation and each claim as a block quote with its
//! citation and a Pandoc citation key (`[@key]`) that `references.json` resolves.
//!
//! File names come from the subject, reduced to ASCII letters, digits and hyphens,
//! capped in length, with the group id appended: `kessel-bridge-workers-g0001.md`. They
//! cannot climb out of the folder, start with a dot or collide (group ids are unique).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use super::analysis::{measure_name, Analysis, Index};
use super::contradictions::format_number;
use super::markdown::{article_title, md_escape, md_text, outlet_name};
use crate::align::{ClaimGroup, Verdict};
use crate::claims::Claim;
use crate::corpus::Article;
use crate::text::whitespace_folded;

/// The CSL-JSON file beside the notes.
pub const REFERENCES_FILE: &str = "references.json";

/// The first lines of every note: how a later run recognises the notes it may replace.
const GENERATOR_LINE: &str = "---\ngenerator: claimscope\n";

/// Characters of the subject kept in a file name, at most.
const SLUG_MAX: usize = 60;

/// Lower-case ASCII letters and digits, every other run of characters one hyphen, no
/// hyphen at either end, at most `max` characters (cut at a hyphen when one is near).
pub fn slug(s: &str, max: usize) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.len() > max {
        let cut = match out[..=max].rfind('-') {
            Some(i) if i >= max / 2 => i,
            _ => max,
        };
        out.truncate(cut);
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The note's file name for a group: `{subject slug}-{group id slug}.md`.
pub fn note_file_name(subject: &str, group_id: &str) -> String {
    let subject = slug(subject, SLUG_MAX);
    let id = slug(group_id, SLUG_MAX);
    let id = if id.is_empty() {
        "group".to_owned()
    } else {
        id
    };
    if subject.is_empty() {
        format!("{id}.md")
    } else {
        format!("{subject}-{id}.md")
    }
}

/// Whether a file name could be one of ours: ASCII letters, digits and hyphens ending
/// in `.md`, not starting with a hyphen.
pub fn is_note_file_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".md") else {
        return false;
    };
    !stem.is_empty()
        && !stem.starts_with('-')
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether a file's first bytes are the front matter claimscope writes.
pub fn is_generated_note(head: &str) -> bool {
    head.starts_with(GENERATOR_LINE)
}

/// A YAML scalar: a double-quoted JSON string is valid YAML with the same meaning.
fn yaml<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned())
}

/// The Pandoc citation key of an article, also its CSL `id`: outlet, year and the
/// article id, so keys are readable and unique.
pub fn citation_key(a: &Article) -> String {
    let outlet = slug(a.outlet.as_deref().unwrap_or("unknown"), 30);
    let outlet = if outlet.is_empty() {
        "source".to_owned()
    } else {
        outlet
    };
    let year = a
        .date
        .map_or_else(|| "nd".to_owned(), |d| format!("{:04}", d.year));
    let id = slug(a.id.as_str(), 40);
    format!("{outlet}-{year}-{id}")
}

/// A URL worth linking: http or https, with no spaces or angle brackets.
pub fn web_url(url: Option<&str>) -> Option<&str> {
    let url = url?.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    let clean = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"'));
    (web && clean).then_some(url)
}

/// The quote with the figure's words in bold, all of it escaped.
fn quote_markdown(c: &Claim) -> String {
    let quote = whitespace_folded(&c.quote);
    let figure = whitespace_folded(&c.text);
    match quote.find(&*figure).filter(|_| !figure.is_empty()) {
        Some(at) => format!(
            "{}**{}**{}",
            md_escape(&quote[..at], true),
            md_escape(&figure, at == 0),
            md_escape(&quote[at + figure.len()..], false)
        ),
        None => md_escape(&quote, true),
    }
}

/// "Outlet; Author, “Title”, date, <url> [@key]".
fn citation(article: Option<&Article>, c: &Claim) -> String {
    let mut parts = vec![md_text(outlet_name(c.outlet.as_deref()))];
    if let Some(a) = article {
        if let Some(author) = &a.author {
            parts.push(md_text(author));
        }
        parts.push(format!("“{}”", md_text(article_title(a))));
        if let Some(d) = a.date {
            parts.push(d.to_string());
        }
        if let Some(url) = web_url(a.url.as_deref()) {
            parts.push(format!("<{url}>"));
        }
        parts.push(format!("[@{}]", citation_key(a)));
    } else if let Some(t) = &c.title {
        parts.push(format!("“{}”", md_text(t)));
    }
    parts.join(", ")
}

/// The note of one group: front matter, explanation, each claim quoted with its
/// citation.
pub fn note_text(g: &ClaimGroup, index: &Index) -> String {
    let claims: Vec<&Claim> = index.claims_of(g).collect();
    let outlets: BTreeSet<&str> = claims
        .iter()
        .map(|c| outlet_name(c.outlet.as_deref()))
        .collect();
    let dates: BTreeSet<String> = claims
        .iter()
        .filter_map(|c| c.time.map(|t| t.to_string()))
        .collect();
    let sources: BTreeSet<String> = claims
        .iter()
        .filter_map(|c| index.article(&c.article).map(citation_key))
        .collect();
    let measure = measure_name(g.measure);
    let verdict = g.verdict.as_str();
    let tag = |s: &str| format!("claimscope/{}", slug(s, 40));

    let mut out = String::from(GENERATOR_LINE);
    let _ = writeln!(out, "group: {}", yaml(&g.id));
    let _ = writeln!(out, "subject: {}", yaml(&g.subject));
    let _ = writeln!(out, "measure: {}", yaml(&measure));
    let _ = writeln!(out, "verdict: {}", yaml(verdict));
    let _ = writeln!(out, "spread: {}", yaml(&g.spread));
    let values: Vec<f64> = g.values.iter().map(|v| v.value).collect();
    let _ = writeln!(out, "values: {}", yaml(&values));
    let figures: Vec<&str> = g.values.iter().map(|v| &*v.text).collect();
    let _ = writeln!(out, "figures: {}", yaml(&figures));
    let _ = writeln!(out, "outlets: {}", yaml(&outlets));
    let _ = writeln!(out, "dates: {}", yaml(&dates));
    let _ = writeln!(out, "sources: {}", yaml(&sources));
    let tags = ["claimscope".to_owned(), tag(verdict), tag(&measure)];
    let _ = writeln!(out, "tags: {}", yaml(&tags));
    let _ = writeln!(out, "---\n");

    let _ = writeln!(out, "# {}\n", md_text(&g.subject));
    let _ = writeln!(
        out,
        "**{}** · {} · group {}\n",
        match g.verdict {
            Verdict::Conflict => "Conflict",
            Verdict::Changed => "Changed over time",
            Verdict::Agree => "Agreement",
            Verdict::Single => "Single figure",
        },
        md_text(&measure),
        md_text(&g.id)
    );
    let _ = writeln!(out, "{}\n", md_text(&g.explanation));
    let by_id: BTreeMap<&str, &Claim> = claims.iter().map(|c| (&*c.id, *c)).collect();
    for v in &g.values {
        let outlets = v
            .outlets
            .iter()
            .map(|o| md_text(o))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "## {} — {}\n",
            md_text(&v.text),
            if outlets.is_empty() {
                format_number(v.value)
            } else {
                outlets
            }
        );
        for id in &v.claims {
            let Some(c) = by_id.get(&**id) else {
                continue;
            };
            let article = index.article(&c.article);
            let _ = writeln!(out, "> {}\n>", quote_markdown(c));
            let _ = writeln!(out, "> — {}\n", citation(article, c));
        }
    }
    if !g.related.is_empty() {
        let _ = writeln!(
            out,
            "Related groups (a deployment beside the force it was drawn from): {}\n",
            g.related
                .iter()
                .map(|r| md_text(r))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    out
}

/// The file name of the note of each group that is not a single figure, in group
/// order. The texts ([`note_text`]) are rendered as the notes are written, so the notes
/// of a large corpus are never all held in memory at once.
pub fn note_names<'a>(a: &Analysis<'a>) -> Vec<(String, &'a ClaimGroup)> {
    let mut used = BTreeSet::new();
    a.groups
        .iter()
        .filter(|g| g.verdict != Verdict::Single)
        .map(|g| {
            let mut file_name = note_file_name(&g.subject, &g.id);
            // Group ids are unique, so names are; should two ever meet, number them.
            let mut n = 2;
            while !used.insert(file_name.clone()) {
                file_name = note_file_name(&g.subject, &format!("{}-{n}", g.id));
                n += 1;
            }
            (file_name, g)
        })
        .collect()
}

/// A CSL name: "Given Family" split when the name looks like one, else kept whole.
#[derive(Serialize)]
#[serde(untagged)]
enum CslName {
    Person { family: String, given: String },
    Literal { literal: String },
}

fn csl_name(name: &str) -> CslName {
    let name = name.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let personal = (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        });
    if let (true, Some((family, given))) = (personal, words.split_last()) {
        CslName::Person {
            family: (*family).to_owned(),
            given: given.join(" "),
        }
    } else {
        CslName::Literal {
            literal: name.to_owned(),
        }
    }
}

/// Authors as a byline gives them: "A and B", "A; B", "A, B" (when each part is a full
/// name) or one name.
fn csl_authors(byline: &str) -> Vec<CslName> {
    let parts: Vec<&str> = byline
        .split(" and ")
        .flat_map(|p| p.split(';'))
        .flat_map(|p| p.split(" & "))
        .collect();
    let parts: Vec<&str> = parts
        .into_iter()
        .flat_map(|p| {
            let commas: Vec<&str> = p.split(',').collect();
            if commas.len() > 1 && commas.iter().all(|c| c.split_whitespace().count() >= 2) {
                commas
            } else {
                vec![p]
            }
        })
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    parts.into_iter().map(csl_name).collect()
}

#[derive(Serialize)]
struct CslDate {
    #[serde(rename = "date-parts")]
    date_parts: Vec<Vec<i32>>,
}

/// One CSL-JSON item (the fields Zotero reads for a newspaper article).
#[derive(Serialize)]
struct CslItem {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
    #[serde(rename = "container-title", skip_serializing_if = "Option::is_none")]
    container_title: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<CslName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<CslDate>,
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// A title for an article without one: its first words, in brackets as a supplied
/// title is written.
fn supplied_title(a: &Article) -> String {
    let words: Vec<&str> = a.text.split_whitespace().take(12).collect();
    if words.is_empty() {
        format!("[untitled: {}]", a.file)
    } else {
        format!("[{} …]", words.join(" "))
    }
}

fn csl_item(a: &Article) -> CslItem {
    CslItem {
        id: citation_key(a),
        kind: "article-newspaper",
        title: a.title.clone().unwrap_or_else(|| supplied_title(a)),
        container_title: a.outlet.clone(),
        author: a.author.as_deref().map(csl_authors).unwrap_or_default(),
        issued: a.date.map(|d| {
            let mut parts = vec![d.year];
            parts.extend(d.month.map(i32::from));
            if d.month.is_some() {
                parts.extend(d.day.map(i32::from));
            }
            CslDate {
                date_parts: vec![parts],
            }
        }),
        url: web_url(a.url.as_deref()).map(str::to_owned),
    }
}

/// `references.json`: a CSL-JSON array of the articles the notes cite, sorted by id.
pub fn write_references(
    out: &mut dyn std::io::Write,
    a: &Analysis,
    index: &Index,
) -> std::io::Result<()> {
    let mut cited = BTreeMap::new();
    for g in a.groups.iter().filter(|g| g.verdict != Verdict::Single) {
        for c in index.claims_of(g) {
            if let Some(article) = index.article(&c.article) {
                cited.entry(citation_key(article)).or_insert(article);
            }
        }
    }
    let items: Vec<CslItem> = cited.values().map(|a| csl_item(a)).collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_keep_the_group_id() {
        let check = |subject: &str, id: &str, expected: &str| {
            let name = note_file_name(subject, id);
            assert_eq!(name, expected);
            assert!(is_note_file_name(&name), "{name}");
        };
        check(
            "Rapid Reaction Force",
            "g0003",
            "rapid-reaction-force-g0003.md",
        );
        check("../../etc/passwd", "g0001", "etc-passwd-g0001.md");
        check("..", "g0002", "g0002.md");
        check("Ислам", "g0004", "g0004.md");
        check("a/b\\c:d", "../g5", "a-b-c-d-g5.md");
        let long = "word ".repeat(40);
        let name = note_file_name(&long, "g0009");
        assert!(name.len() <= SLUG_MAX + "-g0009.md".len(), "{name}");
        assert!(name.ends_with("word-g0009.md"), "{name}");
    }

    #[test]
    fn only_our_pattern_counts_as_a_note_name() {
        assert!(is_note_file_name("kessel-bridge-g0001.md"));
        assert!(!is_note_file_name("My Notes.md"));
        assert!(!is_note_file_name("references.json"));
        assert!(!is_note_file_name(".hidden.md"));
        assert!(!is_note_file_name("-x.md"));
        assert!(!is_note_file_name(".md"));
    }

    #[test]
    fn only_web_urls_are_linked() {
        assert_eq!(
            web_url(Some(" https://a.example/x ")),
            Some("https://a.example/x")
        );
        assert_eq!(web_url(Some("HTTP://A.example")), Some("HTTP://A.example"));
        assert_eq!(web_url(Some("javascript:alert(1)")), None);
        assert_eq!(web_url(Some("https://a.example/\"><script>")), None);
        assert_eq!(web_url(Some("http")), None);
        assert_eq!(web_url(None), None);
    }

    #[test]
    fn bylines_become_csl_names() {
        let names = |s: &str| serde_json::to_string(&csl_authors(s)).unwrap();
        assert_eq!(
            names("Ines Varga"),
            r#"[{"family":"Varga","given":"Ines"}]"#
        );
        assert_eq!(
            names("Ines Varga and Tomas de Reyes"),
            r#"[{"family":"Varga","given":"Ines"},{"literal":"Tomas de Reyes"}]"#
        );
        assert_eq!(
            names("Ines Varga, Greta Holm"),
            r#"[{"family":"Varga","given":"Ines"},{"family":"Holm","given":"Greta"}]"#
        );
        assert_eq!(names("Reuters"), r#"[{"literal":"Reuters"}]"#);
    }

    #[test]
    fn yaml_scalars_are_quoted_json() {
        assert_eq!(yaml("a: \"b\"\n#c"), r#""a: \"b\"\n#c""#);
        assert_eq!(yaml(&vec!["x", "y"]), r#"["x","y"]"#);
    }
}

//! `sources.toml`: what a researcher knows about files that the files do not say.
//!
//! A manifest sits in any input folder and applies to the files below it:
//!
//! ```toml
//! [[source]]
//! files = "002_*.txt"              # a file name or glob, relative to this folder
//! outlet = "Eurasia Daily Monitor"
//! date = "2011-05"                 # YYYY-MM-DD, YYYY-MM or YYYY
//! author = "…"
//! url = "…"
//! title = "…"
//! original_source = "…"
//! fill_only = false                # true: only fill what the file leaves empty
//! note = "Volume 8 Issue 98; the text dates itself to May 2011"
//! ```
//!
//! Later entries win over earlier ones where both match.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use serde::Deserialize;

use super::draft::Draft;
use crate::date::PartialDate;
use crate::Error;

pub const MANIFEST_NAME: &str = "sources.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    #[serde(default)]
    source: Vec<RawEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    files: String,
    outlet: Option<String>,
    author: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    original_source: Option<String>,
    #[serde(default)]
    fill_only: bool,
    #[allow(dead_code)] // for people reading the file
    note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ManifestEntry {
    matcher: GlobMatcher,
    outlet: Option<String>,
    author: Option<String>,
    title: Option<String>,
    date: Option<PartialDate>,
    url: Option<String>,
    original_source: Option<String>,
    fill_only: bool,
}

/// The entries of one `sources.toml`, with the folder they are relative to.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub folder: PathBuf,
    pub entries: Vec<ManifestEntry>,
}

impl Manifest {
    pub fn parse(path: &Path, text: &str) -> Result<Self, Error> {
        // Warnings are one line each on stderr, so every message is flattened.
        let fail = |message: String| Error::Manifest {
            path: path.to_owned(),
            message: one_line(&message),
        };
        let file: ManifestFile =
            toml::from_str(text).map_err(|e| fail(describe_toml_error(&e, text)))?;
        let mut entries = Vec::new();
        for raw in file.source {
            let matcher = Glob::new(&raw.files)
                .map_err(|e| fail(format!("files = {:?}: {e}", raw.files)))?
                .compile_matcher();
            let date = match raw.date.as_deref() {
                Some(d) => Some(PartialDate::parse(d).ok_or_else(|| {
                    fail(format!("date {d:?} is not YYYY-MM-DD, YYYY-MM or YYYY"))
                })?),
                None => None,
            };
            entries.push(ManifestEntry {
                matcher,
                outlet: raw.outlet,
                author: raw.author,
                title: raw.title,
                date,
                url: raw.url,
                original_source: raw.original_source,
                fill_only: raw.fill_only,
            });
        }
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(Self { folder, entries })
    }

    /// Apply every matching entry to a draft read from `file`.
    pub fn apply(&self, file: &Path, draft: &mut Draft) {
        let here = self.folder.as_os_str().is_empty() || self.folder == Path::new(".");
        let relative = if here {
            file.strip_prefix(".").unwrap_or(file)
        } else {
            match file.strip_prefix(&self.folder) {
                Ok(r) => r,
                Err(_) => return,
            }
        };
        for entry in self.entries.iter().filter(|e| e.matcher.is_match(relative)) {
            let fill = entry.fill_only;
            set(&mut draft.outlet, &entry.outlet, fill);
            set(&mut draft.author, &entry.author, fill);
            set(&mut draft.title, &entry.title, fill);
            set(&mut draft.url, &entry.url, fill);
            set(&mut draft.original_source, &entry.original_source, fill);
            if entry.date.is_some() && !(fill && draft.date.is_some()) {
                draft.date = entry.date;
            }
        }
    }
}

/// "line 3, column 1: unknown field `colour`, expected one of …": the TOML error
/// without the multi-line caret diagram its `Display` draws.
fn describe_toml_error(e: &toml::de::Error, text: &str) -> String {
    let what = one_line(e.message());
    let Some(before) = e.span().and_then(|span| text.get(..span.start)) else {
        return what;
    };
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit_once('\n')
        .map_or(before, |(_, last)| last)
        .chars()
        .count()
        + 1;
    format!("line {line}, column {column}: {what}")
}

/// The non-blank lines of `message`, trimmed and joined with "; ".
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn set(field: &mut Option<String>, value: &Option<String>, fill_only: bool) {
    if value.is_some() && !(fill_only && field.is_some()) {
        field.clone_from(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_and_fills() {
        let m = Manifest::parse(
            Path::new("corpus/sources.toml"),
            "[[source]]\nfiles = \"a_*.txt\"\noutlet = \"Wire\"\ndate = \"2011-05\"\n\n[[source]]\nfiles = \"a_1.txt\"\nauthor = \"Ann\"\nfill_only = true\n",
        )
        .unwrap();
        let mut d = Draft {
            outlet: Some("Old".into()),
            author: Some("Kept".into()),
            ..Draft::default()
        };
        m.apply(Path::new("corpus/a_1.txt"), &mut d);
        assert_eq!(d.outlet.as_deref(), Some("Wire"));
        assert_eq!(d.author.as_deref(), Some("Kept"));
        assert_eq!(d.date.map(|d| d.to_string()).as_deref(), Some("2011-05"));
        let mut other = Draft::default();
        m.apply(Path::new("corpus/b.txt"), &mut other);
        assert_eq!(other, Draft::default());
    }

    #[test]
    fn bad_manifest_names_the_problem() {
        let err = Manifest::parse(
            Path::new("x/sources.toml"),
            "[[source]]\nfiles = \"a\"\ndate = \"soon\"\n",
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("x/sources.toml") && err.to_string().contains("soon"),
            "{err}"
        );
        let err =
            Manifest::parse(Path::new("x/sources.toml"), "[[source]]\nfile = \"a\"\n").unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");
    }

    #[test]
    fn toml_errors_are_one_line_with_the_place() {
        for (text, want) in [
            (
                "[[source]]\nfiles = \"a\"\ncolour = \"red\"\n",
                "x/sources.toml: line 3, column 1: unknown field `colour`",
            ),
            ("[[source]\n", "x/sources.toml: line 1, column 9: "),
            (
                "[[source]]\nfiles = \"a\"\noutlet = \"é\" x\n",
                "x/sources.toml: line 3, column 14: ",
            ),
        ] {
            let err = Manifest::parse(Path::new("x/sources.toml"), text)
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(want), "{err}");
            assert!(!err.contains('\n'), "{err}");
        }
    }
}

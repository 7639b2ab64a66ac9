//! Reading inputs into articles.
//!
//! This module owns everything between bytes on disk (or stdin) and [`Article`]s: walking
//! folders, recognising each file's format from its content, the per-format parsers,
//! `sources.toml` manifests, and the hygiene every later stage relies on (repeated
//! paragraphs dropped, duplicate articles merged, stable identifiers, ISO dates).
//!
//! It does not tokenise, find claims or judge anything: it only says what each article
//! is, who published it and when. Problems with one file are reported in the
//! [`IngestReport`] and never stop the others.

pub mod draft;
pub mod feed;
mod format;
pub mod html;
mod hygiene;
mod jsonl;
mod keyvalue;
mod load;
mod manifest;
pub mod markup;
mod plain;
mod wordpress;

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::date::PartialDate;

pub use format::Format;
pub use load::{load, load_bytes, LoadOptions};
pub use manifest::{Manifest, ManifestEntry};

/// A stable identifier: a hash of the article's normalised text and metadata, the same on
/// every run and machine. Shared, not copied, by the claims and groups that name the
/// article (a corpus has a million of them).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ArticleId(pub Arc<str>);

impl ArticleId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One article with everything known about where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    pub id: ArticleId,
    /// The file it was read from (`-` for stdin), as given on the command line.
    pub file: String,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub title: Option<String>,
    pub date: Option<PartialDate>,
    pub url: Option<String>,
    /// Where a republished article first appeared.
    pub original_source: Option<String>,
    /// The identifier the source itself gave (a JSON Lines `id`, a feed guid).
    pub source_id: Option<String>,
    pub format: Format,
    pub words: usize,
    /// Other files or feeds that carried the same text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_in: Vec<String>,
    /// Paragraphs that appeared more than once and were kept once.
    pub repeated_paragraphs: usize,
    /// Hash of the whitespace-folded, lower-cased text: equal texts, equal hashes.
    #[serde(skip)]
    pub text_fingerprint: u64,
    /// The article body. Whitespace such as U+00A0 is kept as found; later stages treat
    /// every Unicode space as a space.
    #[serde(skip)]
    pub text: String,
}

#[cfg(test)]
impl Article {
    /// A plain-text article `id` read from `{id}.txt`, with nothing known but its text;
    /// tests set the other fields they need with `Article { .., ..Article::plain(..) }`.
    pub(crate) fn plain(id: &str, text: &str) -> Self {
        Self {
            id: ArticleId(id.into()),
            file: format!("{id}.txt"),
            outlet: None,
            author: None,
            title: None,
            date: None,
            url: None,
            original_source: None,
            source_id: None,
            format: Format::PlainText,
            words: text.split_whitespace().count(),
            also_in: Vec::new(),
            repeated_paragraphs: 0,
            text_fingerprint: 0,
            text: text.into(),
        }
    }
}

/// A file that gave no article, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// A problem with a file that did not stop it from being read.
#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    pub file: String,
    pub message: String,
}

/// What happened while reading the inputs.
#[derive(Debug, Default, Clone, Serialize)]
pub struct IngestReport {
    pub files_read: usize,
    pub duplicates_dropped: usize,
    pub repeated_paragraphs: usize,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Warning>,
}

/// The articles of a run, sorted by file then position in the file.
#[derive(Debug, Default)]
pub struct Corpus {
    pub articles: Vec<Article>,
    pub report: IngestReport,
}

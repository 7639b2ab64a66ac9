//! What one format parser hands back: articles with the metadata the file itself carries,
//! before manifests, de-duplication and identifiers are applied.

use crate::date::PartialDate;

/// One article as a format parser found it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub date: Option<PartialDate>,
    pub url: Option<String>,
    /// Where a republished article first appeared ("thecradle.co").
    pub original_source: Option<String>,
    /// An identifier the source gave the article (a JSON Lines `id`, a feed item's guid).
    pub source_id: Option<String>,
    pub text: String,
}

/// The result of parsing one file: the articles found and what was odd about it.
/// Parsers never fail: a file with nothing usable gives no drafts and a warning saying why.
#[derive(Debug, Default)]
pub struct Parsed {
    pub drafts: Vec<Draft>,
    pub warnings: Vec<String>,
}

impl Parsed {
    pub fn one(draft: Draft) -> Self {
        Self {
            drafts: vec![draft],
            warnings: Vec::new(),
        }
    }

    pub fn nothing(why: impl Into<String>) -> Self {
        Self {
            drafts: Vec::new(),
            warnings: vec![why.into()],
        }
    }
}

/// Trim and drop empty strings: feeds and pages often carry `""` where nothing is known.
pub fn non_empty(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

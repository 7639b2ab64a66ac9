//! The framing lexicon (`models/framing.toml`): categories of words and phrases, read
//! and checked once. Matching them against text is [`super::matcher`]'s job.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::text::tokens::{word_spans, WordTable};
use crate::Error;

/// The category whose entries mark a sentence as attributed.
pub const ATTRIBUTION: &str = "attribution";

/// How an entry meets the words of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    /// Each word matched on its stem ("regime" finds "regimes").
    Stemmed,
    /// Each word matched as written, ignoring case ("stated", not "states").
    Exact,
    /// Each word matched as written and only in lower case ("may", not "May").
    LowerCase,
}

/// One word or phrase of a category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// As written in the lexicon.
    pub text: String,
    pub kind: EntryKind,
}

/// A named list of entries.
#[derive(Debug, Clone)]
pub struct Category {
    pub name: String,
    pub description: String,
    pub provenance: String,
    pub entries: Vec<Entry>,
}

/// Checked categories, in file order. Every entry has at least one word and no entry
/// belongs to two categories.
#[derive(Debug, Clone)]
pub struct Lexicon {
    categories: Vec<Category>,
    attribution: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    version: u32,
    category: Vec<CategoryFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    name: String,
    description: String,
    provenance: String,
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    exact: Vec<String>,
    #[serde(default)]
    lower_case: Vec<String>,
}

/// What an entry matches, in a form two entries can be compared by: per word, its stem
/// (stemmed entries) or its lower-cased form.
fn entry_key(table: &mut WordTable, entry: &Entry) -> Vec<(EntryKind, u32)> {
    word_spans(&entry.text)
        .map(|span| {
            let word = &entry.text[span];
            let id = match entry.kind {
                EntryKind::Stemmed => table.stem_of(word),
                EntryKind::Exact | EntryKind::LowerCase => table.word_id(word),
            };
            (entry.kind, id)
        })
        .collect()
}

impl Lexicon {
    /// Parse and check a lexicon; `origin` names it in errors (a file name or path).
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Self, Error> {
        let fail = |message: String| Error::Model {
            name: origin.to_owned(),
            message,
        };
        let file: LexiconFile = toml::from_str(text).map_err(|e| fail(e.to_string()))?;
        if file.version != 1 {
            return Err(fail(format!(
                "version = {} is not supported (this claimscope reads version 1)",
                file.version
            )));
        }
        if file.category.is_empty() {
            return Err(fail("no [[category]] is defined".into()));
        }
        let mut table = WordTable::new();
        // Entry key → (category, entry text), to find entries listed twice.
        let mut seen: FxHashMap<Vec<(EntryKind, u32)>, (usize, String)> = FxHashMap::default();
        let mut categories: Vec<Category> = Vec::with_capacity(file.category.len());
        for (index, c) in file.category.into_iter().enumerate() {
            let valid_name = !c.name.is_empty()
                && c.name
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
            if !valid_name {
                return Err(fail(format!(
                    "category name {:?} must be lower-case letters, digits and `_`",
                    c.name
                )));
            }
            if categories.iter().any(|k| k.name == c.name) {
                return Err(fail(format!("category {:?} is defined twice", c.name)));
            }
            let lists = [
                (EntryKind::Stemmed, c.terms),
                (EntryKind::Exact, c.exact),
                (EntryKind::LowerCase, c.lower_case),
            ];
            let mut entries = Vec::new();
            for (kind, list) in lists {
                for text in list {
                    let entry = Entry {
                        text: text.trim().to_owned(),
                        kind,
                    };
                    let key = entry_key(&mut table, &entry);
                    if key.is_empty() {
                        return Err(fail(format!(
                            "category {:?}: entry {text:?} has no word",
                            c.name
                        )));
                    }
                    match seen.get(&key) {
                        // Listed twice in one category (or two forms with one stem): once.
                        Some((other, _)) if *other == index => continue,
                        Some((other, other_text)) => {
                            return Err(fail(format!(
                                "entry {text:?} of category {:?} matches the same words as {other_text:?} of category {:?}; an occurrence counts for one category only, so keep it in one",
                                c.name, categories[*other].name
                            )));
                        }
                        None => {
                            seen.insert(key, (index, entry.text.clone()));
                        }
                    }
                    entries.push(entry);
                }
            }
            if entries.is_empty() {
                return Err(fail(format!("category {:?} has no entry", c.name)));
            }
            categories.push(Category {
                name: c.name,
                description: c.description.trim().to_owned(),
                provenance: c.provenance.trim().to_owned(),
                entries,
            });
        }
        let attribution = categories
            .iter()
            .position(|c| c.name == ATTRIBUTION)
            .ok_or_else(|| {
                fail(format!(
                    "a category named {ATTRIBUTION:?} is required (its entries mark sentences as attributed)"
                ))
            })?;
        Ok(Self {
            categories,
            attribution,
        })
    }

    /// The lexicon shipped in `models/framing.toml`.
    pub fn builtin() -> &'static Lexicon {
        static BUILTIN: OnceLock<Lexicon> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Lexicon::from_toml_str(include_str!("../../models/framing.toml"), "framing.toml")
                .unwrap_or_else(|e| panic!("the shipped models/framing.toml is invalid: {e}"))
        })
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// Index of the `attribution` category.
    pub fn attribution(&self) -> usize {
        self.attribution
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
version = 1
[[category]]
name = "loaded"
description = "d"
provenance = "p"
terms = ["regime", "regimes", "puppet regime"]
[[category]]
name = "attribution"
description = "d"
provenance = "p"
terms = ["according to"]
exact = ["said"]
"#;

    fn error_of(text: &str) -> String {
        Lexicon::from_toml_str(text, "test.toml")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn shipped_lexicon_loads_with_the_contract_categories() {
        let lexicon = Lexicon::builtin();
        let names: Vec<&str> = lexicon
            .categories()
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        for wanted in [
            "loaded",
            "threat",
            "legitimacy",
            "conspiracy",
            "hedge",
            "certainty",
            "attribution",
            "emotive",
        ] {
            assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
        }
        for c in lexicon.categories() {
            assert!(
                !c.description.is_empty() && !c.provenance.is_empty(),
                "{}",
                c.name
            );
        }
        assert_eq!(names[lexicon.attribution()], ATTRIBUTION);
    }

    #[test]
    fn forms_sharing_a_stem_within_a_category_are_kept_once() {
        let lexicon = Lexicon::from_toml_str(MINIMAL, "test.toml").unwrap();
        let loaded = &lexicon.categories()[0];
        let texts: Vec<&str> = loaded.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["regime", "puppet regime"]);
        assert_eq!(lexicon.categories()[1].entries[1].kind, EntryKind::Exact);
    }

    #[test]
    fn bad_lexicons_are_refused_with_the_reason() {
        let twice = MINIMAL.replace(r#"terms = ["according to"]"#, r#"terms = ["Regimes"]"#);
        let e = error_of(&twice);
        assert!(e.contains("test.toml") && e.contains("\"Regimes\""), "{e}");
        let no_attribution = MINIMAL.replace("name = \"attribution\"", "name = \"sourcing\"");
        assert!(error_of(&no_attribution).contains("\"attribution\" is required"));
        assert!(error_of(&MINIMAL.replace("version = 1", "version = 2")).contains("version"));
        assert!(error_of(&MINIMAL.replace(r#""puppet regime""#, r#""—""#)).contains("no word"));
        assert!(
            error_of(&MINIMAL.replace("name = \"loaded\"", "name = \"Loaded\""))
                .contains("lower-case")
        );
        assert!(
            error_of(&MINIMAL.replace("terms = [\"regime\"", "terms = [1")).contains("test.toml")
        );
        assert!(error_of("version = 1\ncategory = []").contains("no [[category]]"));
    }

    #[test]
    fn an_exact_form_may_sit_beside_a_stem_of_another_category() {
        // "stated" (as written) and "state" (stemmed) do not collide: they match
        // different words.
        let text = MINIMAL
            .replace(r#""puppet regime""#, r#""state""#)
            .replace(r#"exact = ["said"]"#, r#"exact = ["said", "stated"]"#);
        assert!(Lexicon::from_toml_str(&text, "test.toml").is_ok());
    }
}

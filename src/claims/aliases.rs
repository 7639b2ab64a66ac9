//! Names of one entity: the editable alias table (`models/aliases.toml`) plus the
//! acronyms articles define themselves ("Collective Peacekeeping Forces (KMS)").
//!
//! Owns resolving a written name to its canonical one. Does not decide which words of a
//! sentence name the subject of a figure (that is `extract`).

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::Error;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasFile {
    entity: Vec<AliasEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasEntry {
    names: Vec<String>,
}

/// Canonical names and every way of writing them.
#[derive(Debug, Clone, Default)]
pub struct AliasTable {
    canonical: Vec<String>,
    /// Acronyms in capitals are matched as written; other names lower-cased.
    by_name: FxHashMap<String, usize>,
    /// Longest alias in words, bounding the phrase scan.
    max_words: usize,
    /// The first word of every name key of more than one word: a phrase whose first
    /// word is none of these can only match as a single word.
    phrase_starts: FxHashSet<String>,
    /// Every name of each canonical entity as written, by id.
    names: Vec<Vec<String>>,
}

fn key_of(name: &str) -> Cow<'_, str> {
    // Read in place, and copied only when the key differs: names are looked up for
    // every phrase near a figure.
    let mut letters = name.chars().filter(|c| c.is_alphabetic()).peekable();
    let is_acronym = letters.peek().is_some() && letters.all(char::is_uppercase);
    if is_acronym {
        if name.contains('.') {
            Cow::Owned(name.replace('.', ""))
        } else {
            Cow::Borrowed(name)
        }
    } else {
        lowercase(name)
    }
}

/// `s.trim_end_matches(suffix)`, by comparing the end rather than building a substring
/// searcher (built for every candidate name, that cost more than the lookup).
fn trim_repeated<'a>(mut s: &'a str, suffix: &str) -> &'a str {
    while let Some(rest) = s.strip_suffix(suffix) {
        s = rest;
    }
    s
}

/// `word.to_lowercase()`, borrowed when that changes nothing. Lower-casing a text maps
/// each character on its own (a final sigma aside, which starts as an upper-case Σ), so
/// a text none of whose characters lower-case to anything else is its own lower case.
fn lowercase(word: &str) -> Cow<'_, str> {
    let unchanged = if word.is_ascii() {
        !word.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        word.chars().all(|c| c.to_lowercase().eq([c]))
    };
    if unchanged {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

impl AliasTable {
    pub fn from_toml_str(text: &str) -> Result<Self, Error> {
        let file: AliasFile = toml::from_str(text).map_err(|e| Error::Model {
            name: "aliases.toml".into(),
            message: e.to_string(),
        })?;
        let mut table = AliasTable::default();
        for entry in file.entity {
            let Some(first) = entry.names.first() else {
                return Err(Error::Model {
                    name: "aliases.toml".into(),
                    message: "an [[entity]] has no names".into(),
                });
            };
            let id = table.canonical.len();
            table.canonical.push(first.clone());
            for name in &entry.names {
                table.insert(name, id);
            }
        }
        Ok(table)
    }

    pub fn builtin() -> &'static AliasTable {
        static BUILTIN: OnceLock<AliasTable> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            AliasTable::from_toml_str(include_str!("../../models/aliases.toml"))
                .unwrap_or_else(|e| panic!("the shipped models/aliases.toml is invalid: {e}"))
        })
    }

    fn insert(&mut self, name: &str, id: usize) {
        self.max_words = self.max_words.max(name.split_whitespace().count());
        let key = key_of(name).into_owned();
        if let Some((first, _)) = key.split_once(' ') {
            self.phrase_starts.insert(first.to_owned());
        }
        self.by_name.entry(key).or_insert(id);
        if self.names.len() <= id {
            self.names.resize(id + 1, Vec::new());
        }
        if !self.names[id].iter().any(|n| n == name) {
            self.names[id].push(name.to_owned());
        }
    }

    /// Every name of the entity called `name` as written in the table (its canonical
    /// name among them); empty for a name the table does not know.
    pub fn names_of(&self, name: &str) -> &[String] {
        self.id_of(name)
            .and_then(|id| self.names.get(id))
            .map_or(&[], Vec::as_slice)
    }

    /// Add acronyms defined in the corpus. A definition never overrides the table: the
    /// table's canonical name wins, and the long form becomes one more alias of it.
    pub fn add_definition(&mut self, acronym: &str, long_form: &str) {
        let existing = self.id_of(acronym).or_else(|| self.id_of(long_form));
        let id = match existing {
            Some(id) => id,
            None => {
                self.canonical.push(long_form.to_owned());
                self.canonical.len() - 1
            }
        };
        self.insert(acronym, id);
        self.insert(long_form, id);
    }

    fn id_of(&self, name: &str) -> Option<usize> {
        self.by_name.get(key_of(name).as_ref()).copied()
    }

    /// The canonical name of `name`, if it is a known name.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.id_of(name).map(|id| self.canonical[id].as_str())
    }

    /// Whether a phrase starting with `word` may be a name of several words: its key
    /// starts with the word as an acronym (periods dropped) or lower-cased, whichever
    /// the whole phrase turns out to be.
    fn may_start_phrase(&self, word: &str) -> bool {
        let contains = |w: &str| self.phrase_starts.contains(w);
        let as_acronym = if word.contains('.') {
            contains(&word.replace('.', ""))
        } else {
            contains(word)
        };
        as_acronym || contains(&lowercase(word))
    }

    /// Replace known names in a sequence of words by their canonical names, longest
    /// match first. Returns the words and, for each, whether it is a canonical entity;
    /// both borrowed, from the table or from `words`.
    pub fn resolve_words<'a>(&'a self, words: &[&'a str]) -> Vec<(Cow<'a, str>, bool)> {
        let mut out = Vec::with_capacity(words.len());
        let mut phrase = String::new();
        let mut i = 0;
        while i < words.len() {
            let mut matched = None;
            let longest = if self.may_start_phrase(words[i]) {
                self.max_words.min(words.len() - i)
            } else {
                1
            };
            for len in (1..=longest).rev() {
                let joined = if len == 1 {
                    words[i]
                } else {
                    phrase.clear();
                    for (k, w) in words[i..i + len].iter().enumerate() {
                        if k > 0 {
                            phrase.push(' ');
                        }
                        phrase.push_str(w);
                    }
                    &phrase
                };
                let name = trim_repeated(
                    trim_repeated(joined.trim_end_matches(['’', '\'']), "’s"),
                    "'s",
                );
                if let Some(id) = self.id_of(name) {
                    matched = Some((len, id));
                    break;
                }
            }
            // An acronym run into a word in capitals that is no known name ("USA
            // TODAY", "CBS NEWS") is part of a longer name, not the acronym. A short
            // word in capitals beside it is taken for an acronym of its own ("NRA CEO").
            // The neighbour is read without a possessive or what a hyphen joins to it
            // ("USA TODAY’s", "USA TODAY-Ipsos").
            if let Some((len, _)) = matched {
                let in_capitals = |w: &str, min: usize| {
                    let w = trim_repeated(trim_repeated(w, "’s"), "'s");
                    let w = w.split('-').next().unwrap_or(w);
                    w.chars().count() >= min && w.chars().all(|c| c.is_uppercase())
                };
                let part_of_longer = words[i..i + len].iter().all(|w| in_capitals(w, 2))
                    && [i.checked_sub(1), Some(i + len)]
                        .into_iter()
                        .flatten()
                        .filter_map(|k| words.get(k))
                        .any(|w| in_capitals(w, 4) && self.id_of(w).is_none());
                if part_of_longer {
                    matched = None;
                }
            }
            match matched {
                Some((len, id)) => {
                    out.push((Cow::Borrowed(self.canonical[id].as_str()), true));
                    i += len;
                }
                None => {
                    out.push((Cow::Borrowed(words[i]), false));
                    i += 1;
                }
            }
        }
        out
    }
}

fn definition_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"((?:[A-Z][\w’'-]*[ \u{a0}]+(?:(?:of|the|and|for|on|in|de|des|du)[ \u{a0}]+)*){1,8})\(([A-Z][A-Z0-9]{1,6})\)")
            .expect("static regex")
    })
}

/// Where definitions can be: each bracketed acronym ("(", a capital, one to six
/// capitals or digits, ")") with the run of text before it that a long form can be made
/// of. A long form holds no ASCII character but letters, digits, "_", "'", "-" and
/// spaces, so the run stops at any other; characters outside ASCII are let in (more
/// text than needed, never less). Every match of the pattern over the whole text lies
/// in one of these windows and ends where it ends, so searching them alone finds the
/// same definitions, without reading the text between them.
fn definition_windows(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'(', bytes).filter_map(move |open| {
        let inside = &bytes[open + 1..];
        let len = inside
            .iter()
            .take(8)
            .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            .count();
        let shaped = (2..=7).contains(&len)
            && inside[0].is_ascii_uppercase()
            && inside.get(len) == Some(&b')');
        if !shaped {
            return None;
        }
        let can_be_long_form = |b: u8| {
            !b.is_ascii() || b.is_ascii_alphanumeric() || matches!(b, b'_' | b'\'' | b'-' | b' ')
        };
        let start = bytes[..open]
            .iter()
            .rposition(|&b| !can_be_long_form(b))
            .map_or(0, |p| p + 1);
        Some(start..open + 1 + len + 1)
    })
}

/// Acronym definitions in a text: "the Collective Peacekeeping Forces (KMS)" gives
/// ("KMS", "Collective Peacekeeping Forces"). The long form needs two capitalised
/// words; single words in brackets after a name are too often something else.
pub fn find_definitions(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for window in definition_windows(text) {
        if let Some(definition) = definition_pattern()
            .captures(&text[window])
            .and_then(|caps| definition_of(&caps))
        {
            out.push(definition);
        }
    }
    out
}

/// The (acronym, long form) a match of [`definition_pattern`] gives, when its long form
/// holds two capitalised words once a leading "the" is dropped.
fn definition_of(caps: &regex::Captures<'_>) -> Option<(String, String)> {
    let (long, acronym) = (caps.get(1)?, caps.get(2)?);
    let long: Vec<&str> = long
        .as_str()
        .split_whitespace()
        .skip_while(|w| matches!(*w, "The" | "the"))
        .collect();
    let capitalised = long
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    (capitalised >= 2).then(|| (acronym.as_str().to_owned(), long.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_resolves_aliases_longest_first() {
        let t = AliasTable::builtin();
        assert_eq!(t.canonical("ISIS"), Some("Islamic State"));
        assert_eq!(t.canonical("Daesh"), Some("Islamic State"));
        assert_eq!(
            t.canonical("is"),
            None,
            "lower-case 'is' is a verb, not the group"
        );
        let words = ["Islamic", "State", "militants"];
        let got = t.resolve_words(&words);
        assert_eq!(got[0], ("Islamic State".into(), true));
        assert_eq!(got[1], ("militants".into(), false));
    }

    /// "USA TODAY" is a newspaper, not the United States: an acronym run into a word in
    /// capitals is part of a longer name. Beside a known name or a short acronym, it is
    /// itself.
    #[test]
    fn an_acronym_inside_a_longer_name_in_capitals_stays_as_written() {
        let t = AliasTable::builtin();
        let resolved = |words: &[&str]| -> Vec<(String, bool)> {
            t.resolve_words(words)
                .into_iter()
                .map(|(w, entity)| (w.into_owned(), entity))
                .collect()
        };
        let kept = |w: &str| (w.to_owned(), false);
        let entity = |w: &str| (w.to_owned(), true);
        assert_eq!(resolved(&["USA", "TODAY"]), [kept("USA"), kept("TODAY")]);
        assert_eq!(
            resolved(&["shared", "with", "USA", "TODAY"])[2..],
            [kept("USA"), kept("TODAY")]
        );
        assert_eq!(resolved(&["NEWS", "USA"]), [kept("NEWS"), kept("USA")]);
        assert_eq!(
            resolved(&["US", "troops"]),
            [entity("United States"), kept("troops")]
        );
        assert_eq!(
            resolved(&["USA", "Today"]),
            [entity("United States"), kept("Today")]
        );
        assert_eq!(
            resolved(&["ISIS", "CEO"]),
            [entity("Islamic State"), kept("CEO")]
        );
        assert_eq!(
            resolved(&["US", "UK"]),
            [entity("United States"), entity("United Kingdom")]
        );
        assert_eq!(
            resolved(&["US", "NATO"]),
            [
                entity("United States"),
                entity("North Atlantic Treaty Organization")
            ]
        );
        assert_eq!(resolved(&["USA", "TODAY’s"])[0], kept("USA"));
        assert_eq!(resolved(&["USA", "TODAY's"])[0], kept("USA"));
        assert_eq!(resolved(&["USA", "TODAY-Ipsos"])[0], kept("USA"));
    }

    #[test]
    fn every_name_of_an_entity_is_listed_under_any_of_them() {
        let t = AliasTable::builtin();
        let names = t.names_of("Britain");
        assert!(names.iter().any(|n| n == "United Kingdom"), "{names:?}");
        assert!(names.iter().any(|n| n == "U.K."), "{names:?}");
        assert_eq!(t.names_of("United Kingdom"), names);
        assert!(t.names_of("Atlantis").is_empty());
    }

    #[test]
    fn finds_definitions_in_text() {
        let defs = find_definitions("On April 27, the CSTO said it completed the formation of the Collective Peacekeeping Forces (KMS). The Rapid Reaction Force (KSOR) is due. A word (AB) here.");
        assert_eq!(
            defs,
            vec![
                (
                    "KMS".to_owned(),
                    "Collective Peacekeeping Forces".to_owned()
                ),
                ("KSOR".to_owned(), "Rapid Reaction Force".to_owned())
            ]
        );
    }

    #[test]
    fn names_of_several_words_are_found_whatever_the_case_of_their_first_word() {
        let mut t = AliasTable::builtin().clone();
        t.add_definition("KSOR", "Rapid Reaction Force");
        for words in [
            &["the", "Rapid", "Reaction", "Force", "troops"][..],
            &["The", "Rapid", "reaction", "Force", "troops"],
            &["the", "rapid", "reaction", "force’s", "troops"],
        ] {
            let got = t.resolve_words(words);
            assert_eq!(got[1], ("Rapid Reaction Force".into(), true), "{words:?}");
            assert_eq!(got.len(), 3, "{words:?}");
        }
        assert!(t.may_start_phrase("Rapid") && t.may_start_phrase("rapid"));
        // A name with lower-case letters is keyed lower-cased, periods kept.
        t.add_definition("USSF", "U.S. Space Force");
        assert!(t.may_start_phrase("U.S.") && !t.may_start_phrase("US"));
        assert!(!t.may_start_phrase("troops"));
        // A word that starts no longer name is still looked up alone.
        assert_eq!(
            t.resolve_words(&["KSOR"])[0],
            ("Rapid Reaction Force".into(), true)
        );
    }

    /// Every definition the pattern finds over the whole text.
    fn definitions_by_whole_text(text: &str) -> Vec<(String, String)> {
        definition_pattern()
            .captures_iter(text)
            .filter_map(|caps| definition_of(&caps))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn trimming_a_repeated_suffix_is_trim_end_matches(
            text in "[a’'s]{0,8}",
            suffix in proptest::sample::select(vec!["’s", "'s", "s"]),
        ) {
            proptest::prop_assert_eq!(trim_repeated(&text, suffix), text.trim_end_matches(suffix));
        }

        #[test]
        fn lowercase_is_to_lowercase_and_borrows_only_what_it_leaves_alone(
            word in "(\\PC|[ǅǈΣİK])*",
        ) {
            let lowered = lowercase(&word);
            proptest::prop_assert_eq!(lowered.as_ref(), word.to_lowercase());
            proptest::prop_assert_eq!(matches!(lowered, Cow::Borrowed(_)), word.to_lowercase() == word);
        }

        #[test]
        fn windows_find_what_the_whole_text_holds(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "The", "the", "Rapid", "Reaction", "Force", "of", "and", "de", "Ünited",
                    "Étoile", "army", "x", "(KSOR)", "(AB)", "(A)", "(Ab)", "(G20)", "(", ")",
                    "(ABCDEFGH)", ",", ".", "’s", "'", "-", "_", "\u{a0}", "\n", "“Red", "Cross”",
                    "Bank’s", "7", "(UN)(EU)",
                ]),
                0..14,
            ),
            separators in proptest::collection::vec(
                proptest::sample::select(vec![" ", "", "  ", "\u{a0}", ", "]),
                14,
            ),
        ) {
            let mut text = String::new();
            for (word, sep) in words.iter().zip(&separators) {
                text.push_str(word);
                text.push_str(sep);
            }
            proptest::prop_assert_eq!(find_definitions(&text), definitions_by_whole_text(&text));
        }
    }

    #[test]
    fn definitions_join_the_table() {
        let mut t = AliasTable::builtin().clone();
        t.add_definition("KMS", "Collective Peacekeeping Forces");
        t.add_definition("CSTO", "Collective Security Treaty Organisation");
        assert_eq!(t.canonical("KMS"), Some("Collective Peacekeeping Forces"));
        assert_eq!(
            t.canonical("collective peacekeeping forces"),
            Some("Collective Peacekeeping Forces")
        );
        assert_eq!(
            t.canonical("CSTO"),
            Some("Collective Security Treaty Organization")
        );
    }
}

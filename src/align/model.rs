//! `models/align.toml`: counted-noun classes, generic nouns, subject stopwords and the
//! matching thresholds.

use std::collections::HashMap;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::Error;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AlignFile {
    classes: HashMap<String, Vec<String>>,
    generic: Vec<String>,
    subject_stopwords: Vec<String>,
    min_containment: f64,
    min_shared_terms: usize,
    min_story_similarity: f32,
    /// Older files have only the one bar.
    #[serde(default)]
    min_story_similarity_unnamed: Option<f32>,
    window_days: i64,
    max_ratio: f64,
}

/// The matching rules, validated.
#[derive(Debug, Clone)]
pub struct AlignModel {
    // Looked up for every subject word of every claim: a fast hash.
    class_of_noun: FxHashMap<String, String>,
    generic: FxHashSet<String>,
    stopwords: FxHashSet<String>,
    pub min_containment: f64,
    pub min_shared_terms: usize,
    pub min_story_similarity: f32,
    /// The bar for figures whose subjects share no named entity ("crew members",
    /// "leaders"): such words recur across loosely related stories.
    pub min_story_similarity_unnamed: f32,
    pub window_days: i64,
    /// Figures further apart than this factor are different quantities (0: no limit).
    pub max_ratio: f64,
}

impl AlignModel {
    /// Whether two values (in one base unit) are close enough in size to be one
    /// quantity: a thousandfold gap is a whole and a part, not a contradiction.
    pub fn comparable_sizes(&self, a: f64, b: f64) -> bool {
        let (a, b) = (a.abs(), b.abs());
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        self.max_ratio == 0.0 || lo == 0.0 || hi <= lo * self.max_ratio
    }

    pub fn from_toml_str(text: &str) -> Result<Self, Error> {
        let fail = |message: String| Error::Model {
            name: "align.toml".into(),
            message,
        };
        let file: AlignFile = toml::from_str(text).map_err(|e| fail(e.to_string()))?;
        if !(0.0..=1.0).contains(&file.min_containment) {
            return Err(fail(format!(
                "min_containment = {} must be in [0, 1]",
                file.min_containment
            )));
        }
        if !(file.max_ratio == 0.0 || file.max_ratio > 1.0) {
            return Err(fail(format!(
                "max_ratio = {} must be 0 (no limit) or above 1",
                file.max_ratio
            )));
        }
        if file.window_days < 0 {
            return Err(fail("window_days must not be negative".into()));
        }
        let mut class_of_noun = FxHashMap::default();
        let mut names: Vec<&String> = file.classes.keys().collect();
        names.sort();
        for name in names {
            for noun in &file.classes[name] {
                if let Some(other) = class_of_noun.insert(noun.to_lowercase(), name.clone()) {
                    return Err(fail(format!(
                        "{noun:?} is in both classes {other:?} and {name:?}"
                    )));
                }
            }
        }
        Ok(Self {
            class_of_noun,
            generic: file.generic.iter().map(|g| g.to_lowercase()).collect(),
            stopwords: file
                .subject_stopwords
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
            min_containment: file.min_containment,
            min_shared_terms: file.min_shared_terms,
            min_story_similarity: file.min_story_similarity,
            min_story_similarity_unnamed: file
                .min_story_similarity_unnamed
                .unwrap_or(file.min_story_similarity)
                .max(file.min_story_similarity),
            window_days: file.window_days,
            max_ratio: file.max_ratio,
        })
    }

    pub fn builtin() -> &'static AlignModel {
        static BUILTIN: OnceLock<AlignModel> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            AlignModel::from_toml_str(include_str!("../../models/align.toml"))
                .unwrap_or_else(|e| panic!("the shipped models/align.toml is invalid: {e}"))
        })
    }

    /// The class of a counted noun; a noun in no class is its own class (singular
    /// and plural kept apart only by a trailing "s").
    pub fn class_of(&self, noun: &str, fallback: impl Fn(&str) -> String) -> String {
        let noun = noun.to_lowercase();
        if let Some(c) = self.class_of_noun.get(&noun) {
            return c.clone();
        }
        if self.generic.contains(&noun) {
            return "people".to_owned();
        }
        fallback(noun.strip_suffix('s').unwrap_or(&noun))
    }

    /// Whether a (lower-case) counted noun is in one of the model's classes.
    pub fn has_class(&self, noun: &str) -> bool {
        self.class_of_noun.contains_key(noun)
    }

    pub fn is_generic(&self, noun: &str) -> bool {
        self.generic.contains(&noun.to_lowercase())
    }

    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../models/align.toml");

    #[test]
    fn sizes_compare_within_max_ratio_and_zero_turns_the_limit_off() {
        let model = AlignModel::from_toml_str(SHIPPED).unwrap();
        assert!(model.comparable_sizes(1_000.0, 20_000.0));
        assert!(!model.comparable_sizes(800.0, 1_300_000.0));
        assert!(model.comparable_sizes(0.0, 5.0));
        let off = SHIPPED.replace("max_ratio = 20.0", "max_ratio = 0.0");
        let model = AlignModel::from_toml_str(&off).unwrap();
        assert!(model.comparable_sizes(800.0, 1_300_000.0));
    }

    #[test]
    fn a_max_ratio_of_one_or_less_is_a_model_error() {
        let bad = SHIPPED.replace("max_ratio = 20.0", "max_ratio = 0.5");
        let err = AlignModel::from_toml_str(&bad).unwrap_err().to_string();
        assert!(
            err.contains("align.toml") && err.contains("max_ratio"),
            "{err}"
        );
    }
}

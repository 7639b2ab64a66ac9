//! The word lists that tell the claims stage how to read the words around a figure,
//! loaded from `models/claims.toml` (qualifiers, interval widths, counted-noun cues,
//! scope cues, linking and reporting verbs).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::Error;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    pub qualifiers: QualifierCues,
    pub widths: Widths,
    pub counting: CountingCues,
    pub scope: ScopeCues,
    pub subject: SubjectCues,
    pub attribution: AttributionCues,
    /// Event class name → the words that name it.
    pub events: HashMap<String, Vec<String>>,
    /// Word or phrase (lower case) → its event class, built from `events` on load.
    #[serde(skip)]
    event_of: HashMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualifierCues {
    pub approx_before: Vec<String>,
    pub at_least_before: Vec<String>,
    pub at_most_before: Vec<String>,
    pub approx_after: Vec<String>,
    pub at_least_after: Vec<String>,
    pub at_most_after: Vec<String>,
}

/// Interval widths, as fractions of a figure's value.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Widths {
    pub approx: f64,
    pub max_rounding: f64,
    pub conversion_tolerance: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountingCues {
    pub people_participles: HashSet<String>,
    pub people_nouns_before: HashSet<String>,
    pub phrase_stops: HashSet<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeCues {
    pub deployment: Vec<String>,
    pub total: Vec<String>,
    pub aggregate: Vec<String>,
    pub cumulative_before_year: HashSet<String>,
    pub relative: HashSet<String>,
    pub distributive: HashSet<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectCues {
    pub linking_verbs: HashSet<String>,
    pub pronouns: HashSet<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionCues {
    pub verbs: HashSet<String>,
}

impl Cues {
    pub fn from_toml_str(text: &str) -> Result<Self, Error> {
        let mut cues: Cues = toml::from_str(text).map_err(|e| Error::Model {
            name: "claims.toml".into(),
            message: e.to_string(),
        })?;
        let mut classes: Vec<&String> = cues.events.keys().collect();
        classes.sort();
        for class in classes {
            for word in &cues.events[class] {
                let word = word.to_lowercase();
                if let Some(other) = cues.event_of.insert(word.clone(), class.clone()) {
                    return Err(Error::Model {
                        name: "claims.toml".into(),
                        message: format!("{word:?} is in both events {other:?} and {class:?}"),
                    });
                }
            }
        }
        let w = cues.widths;
        for (name, v) in [
            ("approx", w.approx),
            ("max_rounding", w.max_rounding),
            ("conversion_tolerance", w.conversion_tolerance),
        ] {
            if !(0.0..1.0).contains(&v) {
                return Err(Error::Model {
                    name: "claims.toml".into(),
                    message: format!("widths.{name} = {v} must be in [0, 1)"),
                });
            }
        }
        Ok(cues)
    }

    /// The event class a lower-case word or phrase names ("killing" → "death").
    pub fn event_of(&self, word: &str) -> Option<&str> {
        self.event_of.get(word).map(String::as_str)
    }

    /// The lists shipped in `models/claims.toml`.
    pub fn builtin() -> &'static Cues {
        static BUILTIN: OnceLock<Cues> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Cues::from_toml_str(include_str!("../../models/claims.toml"))
                .unwrap_or_else(|e| panic!("the shipped models/claims.toml is invalid: {e}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_cues_load_and_widths_are_checked() {
        let cues = Cues::builtin();
        assert!(cues.qualifiers.approx_before.iter().any(|w| w == "about"));
        let bad = include_str!("../../models/claims.toml").replace("approx = 0.05", "approx = 1.5");
        assert!(Cues::from_toml_str(&bad)
            .unwrap_err()
            .to_string()
            .contains("widths.approx"));
    }

    #[test]
    fn events_are_indexed_by_word_and_a_word_has_one_event() {
        let cues = Cues::builtin();
        assert_eq!(cues.event_of("killing"), Some("death"));
        assert_eq!(cues.event_of("laid off"), Some("dismissal"));
        assert_eq!(cues.event_of("said"), None);
        let twice = include_str!("../../models/claims.toml").replace(
            "charge = [\"charged\",",
            "charge = [\"killed\", \"charged\",",
        );
        let err = Cues::from_toml_str(&twice).unwrap_err().to_string();
        assert!(err.contains("\"killed\" is in both events"), "{err}");
    }
}

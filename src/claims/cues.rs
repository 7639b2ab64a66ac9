//! The word lists that tell the claims stage how to read the words around a figure,
//! loaded from `models/claims.toml` (qualifiers, interval widths, counted-noun cues,
//! scope cues, linking and reporting verbs).

use std::collections::HashSet;
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
        let cues: Cues = toml::from_str(text).map_err(|e| Error::Model {
            name: "claims.toml".into(),
            message: e.to_string(),
        })?;
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
}

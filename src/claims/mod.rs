//! Numeric claims: every figure an article asserts, with what it counts, how its wording
//! bounds it, what it is about, when it refers to, and who gives it.
//!
//! `numbers` finds figures, `units` says what they measure, `extract` reads the words
//! around them into [`Claim`]s, `when` resolves their time, `aliases` names their
//! subjects. All pure: the model tables are passed in.

pub mod aliases;
pub mod cues;
pub mod extract;
pub mod index;
pub mod numbers;
pub mod peer;
pub mod units;
pub mod when;

use rayon::prelude::*;

pub use extract::{extract_claims, Claim, ExtractContext, Qualifier, Scope};
pub use index::ClaimIndex;
pub use units::Measure;

use crate::corpus::Article;
use aliases::AliasTable;
use cues::Cues;
use units::UnitTable;

/// The model tables claim extraction reads.
#[derive(Debug, Clone, Copy)]
pub struct ClaimModels<'a> {
    pub units: &'a UnitTable,
    pub cues: &'a Cues,
    pub aliases: &'a AliasTable,
}

impl ClaimModels<'static> {
    /// The tables shipped in `models/`.
    pub fn builtin() -> Self {
        Self {
            units: UnitTable::builtin(),
            cues: Cues::builtin(),
            aliases: AliasTable::builtin(),
        }
    }
}

/// Claims of every article, in article order. Acronyms any article defines ("Rapid
/// Reaction Force (KSOR)") are known to all, since outlets reuse each other's terms.
pub fn extract_corpus(articles: &[Article], models: ClaimModels<'_>) -> Vec<Claim> {
    let definitions: Vec<Vec<(String, String)>> = articles
        .par_iter()
        .map(|a| aliases::find_definitions(&a.text))
        .collect();
    let mut table = models.aliases.clone();
    for (acronym, long) in definitions.iter().flatten() {
        table.add_definition(acronym, long);
    }
    let ctx = ExtractContext {
        units: models.units,
        cues: models.cues,
        aliases: &table,
    };
    articles
        .par_iter()
        .flat_map_iter(|a| extract_claims(a, &ctx))
        .collect()
}

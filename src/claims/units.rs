//! The unit table: which words and symbols after (or, for currencies, before) a number
//! name what it measures, and how to convert it to the measure's base unit.
//!
//! Owns: the [`Measure`] enum, the [`UnitTable`] loaded from `models/units.toml` (or a
//! user's copy), unit matching at a byte position ([`UnitTable::match_at`],
//! [`UnitTable::match_noun_at`], [`UnitTable::match_prefix_before`]), and the widths of
//! vague quantities and the adjectival force markers ("17,000-strong"), which live in
//! the same file.
//!
//! Does not: find numbers (that is [`super::numbers`]), decide which noun a claim
//! counts when modifiers stand between number and noun (the claims layer looks past
//! them with `match_noun_at`), or convert between currencies.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use serde::{Deserialize, Serialize};

use crate::Error;

/// What a quantity measures. Two claims are comparable only when their measures match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// People: troops, fighters, refugees.
    Headcount,
    /// Deaths and injuries, kept apart from headcount so a death toll never meets a force size.
    Casualties,
    /// Military hardware: aircraft, tanks, pieces of equipment.
    Equipment,
    /// Other counted things: votes, seats, cases, countries.
    Count,
    Length,
    Area,
    Mass,
    Volume,
    VolumeRate,
    Money,
    Percent,
    /// The difference between two shares ("a 5 percentage point lead").
    PercentagePoints,
    Duration,
    Age,
    Speed,
    Temperature,
    Angle,
    Energy,
    Power,
    Data,
    DataRate,
    Frequency,
    /// Equivalent dose of radiation: sieverts, rem ("0.5 mSv").
    RadiationDose,
    /// Absorbed dose of radiation: grays ("14 mGy"); not sieverts, which weigh it by
    /// the kind of radiation.
    AbsorbedDose,
    /// Activity of a radioactive source: becquerels, curies ("900 PBq").
    Radioactivity,
    /// One unit per another, read from the text rather than the table: "$15 an hour",
    /// "50 km/ms", "10 L/km", "$100 per barrel". Its base unit names both bases
    /// ("USD/d"), and only rates of the same base unit are compared.
    Rate,
}

impl Measure {
    /// Whether a figure in this measure may be the amount of a rate ("$15" in "$15 an
    /// hour"): an amount of money or of a physical quantity. Counted nouns (they take
    /// "a day" as a time, "2,000 migrants a day" being read by the claims layer), shares,
    /// and measures that are rates or points on a scale already are not.
    pub fn can_be_rate_amount(self) -> bool {
        // Every measure that can divide a rate can be its amount, and these besides.
        matches!(
            self,
            Measure::Money
                | Measure::RadiationDose
                | Measure::AbsorbedDose
                | Measure::Radioactivity
        ) || self.can_be_rate_denominator()
    }

    /// Whether a unit of this measure may follow "per", "/" or "a" in a rate ("an hour",
    /// "per barrel", "/km").
    pub fn can_be_rate_denominator(self) -> bool {
        matches!(
            self,
            Measure::Length
                | Measure::Area
                | Measure::Mass
                | Measure::Volume
                | Measure::Duration
                | Measure::Energy
                | Measure::Data
        )
    }
}

/// A unit found in a text. It borrows its names from the table and its surface from
/// the text: figures are found by the hundred thousand, and copying four strings for
/// each was a large share of the number finder's allocations. Only a rate composed from
/// two units ([`UnitMatch::per`]) owns its names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitMatch<'a> {
    /// Byte range of the unit's surface in the text.
    pub span: Range<usize>,
    /// The text as written ("kilometres", "$").
    pub surface: &'a str,
    /// Canonical short name ("km", "USD", "troops").
    pub unit: Cow<'a, str>,
    /// Long name as other tools spell it ("kilometre", "United States dollar").
    pub name: Cow<'a, str>,
    pub measure: Measure,
    /// Factor from this unit to `base_unit` ("mi" -> "m": 1609.344).
    pub to_base: f64,
    pub base_unit: Cow<'a, str>,
    /// A scale the unit itself carries ("bcm" = 1e9 m3/yr); the number finder folds it
    /// into the value. 1 for ordinary units.
    pub multiplier: f64,
}

impl<'a> UnitMatch<'a> {
    /// This unit per `denominator`: "$" and "hour" make "USD/h", "United States dollar
    /// per hour", in the base unit "USD/d" with the factor that converts both ends.
    /// `span` is the whole rate as written in `text` ("$15.4/hour" when the amount's
    /// unit stands before the number), and the numerator's scale (`multiplier`) stays
    /// with the amount.
    pub fn per(&self, denominator: &UnitMatch<'_>, text: &'a str, span: Range<usize>) -> Self {
        UnitMatch {
            surface: text.get(span.clone()).unwrap_or_default(),
            span,
            unit: Cow::Owned(format!("{}/{}", self.unit, denominator.unit)),
            name: Cow::Owned(format!("{} per {}", self.name, denominator.name)),
            measure: Measure::Rate,
            to_base: self.to_base / denominator.to_base,
            base_unit: Cow::Owned(format!("{}/{}", self.base_unit, denominator.base_unit)),
            multiplier: self.multiplier,
        }
    }
}

/// Widths of vague quantities ("dozens", "tens of thousands"), read from `[vague]`.
#[derive(Debug, Clone, PartialEq)]
pub struct VagueWidths {
    /// A plural scale word alone ("thousands") spans [plural_low, plural_high] x scale.
    pub plural_low: f64,
    pub plural_high: f64,
    /// Vague words ("a few", "several", "dozens") and their [low, high].
    pub words: Vec<(String, f64, f64)>,
}

impl VagueWidths {
    /// The [low, high] of a vague word (lower-case, words separated by one space).
    pub fn word(&self, word: &str) -> Option<(f64, f64)> {
        self.words
            .iter()
            .find(|(w, _, _)| w.eq_ignore_ascii_case(word))
            .map(|&(_, low, high)| (low, high))
    }
}

/// One row of the table, validated.
#[derive(Debug, Clone)]
struct UnitEntry {
    unit: String,
    name: String,
    measure: Measure,
    to_base: f64,
    base_unit: String,
    multiplier: f64,
    glued: bool,
    noun: bool,
    if_scaled: Option<String>,
    minor_unit: Option<String>,
}

/// Where a pattern of an automaton came from.
#[derive(Debug, Clone, Copy)]
struct PatternInfo {
    entry: usize,
    glued_only: bool,
    /// A form that is also a common word ("in"): it counts only where
    /// [`UnitTable::guard_holds`].
    guarded: bool,
}

/// The unit table with its matchers, built once.
#[derive(Debug)]
pub struct UnitTable {
    entries: Vec<UnitEntry>,
    /// Surfaces matched ignoring ASCII case.
    folded: Option<AhoCorasick>,
    folded_info: Vec<PatternInfo>,
    /// Surfaces matched with their exact case ("m", "MB").
    exact: Option<AhoCorasick>,
    exact_info: Vec<PatternInfo>,
    /// Forms written before the number, with their entry, grouped by their last
    /// character (lower-case) and longest first within a group.
    prefixes: Vec<(String, usize)>,
    /// Each last character of a prefix (lower-case), sorted, with its group in
    /// `prefixes`: a number is only compared with the prefixes that can end where it
    /// starts.
    prefix_groups: Vec<(char, Range<usize>)>,
    vague: VagueWidths,
    adjectival_hyphen_only: Vec<String>,
    adjectival_spaced: Vec<String>,
    /// Words after which a guarded form counts ("thick", "long").
    size_words: Vec<String>,
    /// Race events named by a distance ("sprint", "hurdles"): a glued "m" before them
    /// is metres.
    race_words: Vec<String>,
    /// How a rate is written, from `[rates]`.
    rates: RateWords,
    /// The words that say a figure changed, from `[changes]`.
    changes: ChangeWords,
}

/// The words that make a figure's unit a rate, read from `[rates]`: "per" or "a"
/// between two units ("$15 an hour"), unless the second one opens a time adverbial ("$1.2
/// billion a year earlier"). All lower-case.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RateWords {
    /// Words between the amount's unit and the unit it is per ("per", "a", "an"); "/"
    /// always joins.
    pub joiners: Vec<String>,
    /// Words after the second unit that make the pair a time, not a rate ("ago",
    /// "earlier"): "$5 million a year ago".
    pub time_words: Vec<String>,
}

impl RateWords {
    pub fn is_joiner(&self, word: &str) -> bool {
        self.joiners.iter().any(|w| w.eq_ignore_ascii_case(word))
    }

    pub fn is_time_word(&self, word: &str) -> bool {
        self.time_words.iter().any(|w| w.eq_ignore_ascii_case(word))
    }
}

/// The words that say a figure changed, read from `[changes]`: after a verb of change
/// ("rose", "fell") and "by", "3,000 to 12,000 troops" is a change and the level it led
/// to; after the verb and "from", "9,000 to 12,000" are two levels. Neither is a range. Looked up before every figure, so kept as [`WordSet`]s.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangeWords {
    pub verbs: WordSet,
    /// Words between the verb and the change ("by").
    pub by: WordSet,
    /// Words between the verb and the earlier level ("from").
    pub from: WordSet,
}

/// Words compared without regard to ASCII case, each up to 16 bytes held as its
/// lower-case bytes packed into an integer, sorted: a lookup is one binary search of
/// integers instead of a string comparison per word. Longer words (and any holding a
/// zero byte) are kept as text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordSet {
    packed: Vec<u128>,
    long: Vec<String>,
    /// The lengths of the packed words, one bit each: most words looked up have a length
    /// no word of the set has.
    lengths: u32,
}

impl WordSet {
    pub fn new<S: AsRef<str>>(words: &[S]) -> Self {
        let mut set = WordSet::default();
        for word in words {
            let word = word.as_ref();
            match pack_lower(word) {
                Some(key) => {
                    set.packed.push(key);
                    set.lengths |= 1 << word.len();
                }
                None => set.long.push(word.to_ascii_lowercase()),
            }
        }
        set.packed.sort_unstable();
        set.packed.dedup();
        set
    }

    pub fn contains(&self, word: &str) -> bool {
        if word.len() <= 16 && self.lengths & (1 << word.len()) == 0 && self.long.is_empty() {
            return false;
        }
        match pack_lower(word) {
            Some(key) => self.packed.binary_search(&key).is_ok(),
            None => self.long.iter().any(|w| w.eq_ignore_ascii_case(word)),
        }
    }
}

/// The ASCII-lower-cased bytes of a word of 1 to 16 bytes, none zero, packed into an
/// integer (little-endian): two such words are equal regardless of ASCII case exactly
/// when their keys are.
fn pack_lower(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > 16 || bytes.contains(&0) {
        return None;
    }
    let mut key = [0u8; 16];
    for (k, b) in key.iter_mut().zip(bytes) {
        *k = b.to_ascii_lowercase();
    }
    Some(u128::from_le_bytes(key))
}

// ------------------------------------------------------------------ the TOML schema

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile {
    #[serde(default)]
    base_units: BTreeMap<String, String>,
    vague: Option<VagueFile>,
    adjectival: Option<AdjectivalFile>,
    guarded: Option<GuardedFile>,
    rates: Option<RatesFile>,
    changes: Option<ChangesFile>,
    #[serde(default)]
    unit: Vec<UnitFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RatesFile {
    #[serde(default)]
    joiners: Vec<String>,
    #[serde(default)]
    time_words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangesFile {
    #[serde(default)]
    verbs: Vec<String>,
    #[serde(default)]
    by: Vec<String>,
    #[serde(default)]
    from: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GuardedFile {
    #[serde(default)]
    size_words: Vec<String>,
    #[serde(default)]
    race_words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VagueFile {
    plural_low: f64,
    plural_high: f64,
    #[serde(default)]
    words: BTreeMap<String, [f64; 2]>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdjectivalFile {
    #[serde(default)]
    hyphen_only: Vec<String>,
    #[serde(default)]
    spaced_or_hyphen: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitFile {
    unit: String,
    name: String,
    measure: Measure,
    #[serde(default = "one")]
    to_base: f64,
    base: Option<String>,
    #[serde(default)]
    surfaces: Vec<String>,
    #[serde(default)]
    exact_case: Vec<String>,
    #[serde(default)]
    prefixes: Vec<String>,
    #[serde(default)]
    glued: bool,
    #[serde(default)]
    glued_only: Vec<String>,
    #[serde(default)]
    guarded: Vec<String>,
    #[serde(default = "one")]
    multiplier: f64,
    if_scaled: Option<String>,
    #[serde(default)]
    noun: bool,
    minor_unit: Option<String>,
}

fn one() -> f64 {
    1.0
}

const BUILTIN_TOML: &str = include_str!("../../models/units.toml");

impl UnitTable {
    /// The table shipped in `models/units.toml`, parsed once.
    pub fn builtin() -> &'static UnitTable {
        static TABLE: OnceLock<UnitTable> = OnceLock::new();
        TABLE.get_or_init(|| match UnitTable::from_toml_str(BUILTIN_TOML) {
            Ok(table) => table,
            // The builtin file is part of the source tree and tested; an empty table keeps
            // the library usable even if someone ships a broken edit.
            Err(_) => UnitTable::empty(),
        })
    }

    fn empty() -> UnitTable {
        UnitTable {
            entries: Vec::new(),
            folded: build_automaton(&Vec::<String>::new(), true),
            folded_info: Vec::new(),
            exact: build_automaton(&Vec::<String>::new(), false),
            exact_info: Vec::new(),
            prefixes: Vec::new(),
            prefix_groups: Vec::new(),
            vague: VagueWidths {
                plural_low: 2.0,
                plural_high: 9.99,
                words: Vec::new(),
            },
            adjectival_hyphen_only: Vec::new(),
            adjectival_spaced: Vec::new(),
            size_words: Vec::new(),
            race_words: Vec::new(),
            rates: RateWords::default(),
            changes: ChangeWords::default(),
        }
    }

    /// Parse and validate a unit table in the format of `models/units.toml`.
    pub fn from_toml_str(source: &str) -> Result<UnitTable, Error> {
        let model_error = |message: String| Error::Model {
            name: "units.toml".to_string(),
            message,
        };
        let file: TableFile = toml::from_str(source).map_err(|e| model_error(e.to_string()))?;

        let mut entries = Vec::with_capacity(file.unit.len());
        let mut folded_patterns: Vec<String> = Vec::new();
        let mut folded_info = Vec::new();
        let mut exact_patterns: Vec<String> = Vec::new();
        let mut exact_info = Vec::new();
        let mut prefixes = Vec::new();

        for (index, row) in file.unit.into_iter().enumerate() {
            if !(row.to_base.is_finite() && row.to_base > 0.0) {
                return Err(model_error(format!(
                    "unit {:?}: to_base must be a positive number",
                    row.unit
                )));
            }
            if !(row.multiplier.is_finite() && row.multiplier > 0.0) {
                return Err(model_error(format!(
                    "unit {:?}: multiplier must be a positive number",
                    row.unit
                )));
            }
            if row.surfaces.is_empty()
                && row.exact_case.is_empty()
                && row.prefixes.is_empty()
                && row.glued_only.is_empty()
                && row.guarded.is_empty()
            {
                return Err(model_error(format!(
                    "unit {:?} (row {}) has no surfaces",
                    row.unit,
                    index + 1
                )));
            }
            let measure_key = serde_json::to_value(row.measure)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let base_unit = match (&row.base, file.base_units.get(&measure_key)) {
                (Some(base), _) => base.clone(),
                (None, Some(base)) if base != "money" => base.clone(),
                // Money has no common base: each currency is its own.
                _ => row.unit.clone(),
            };
            let entry = entries.len();
            for surface in &row.surfaces {
                for variant in surface_variants(surface) {
                    folded_patterns.push(variant);
                    folded_info.push(PatternInfo {
                        entry,
                        glued_only: false,
                        guarded: false,
                    });
                }
            }
            // Forms that count only under a condition: glued to the digits, or guarded.
            let conditional = [(&row.glued_only, true, false), (&row.guarded, false, true)];
            for (surfaces, glued_only, guarded) in conditional {
                for surface in surfaces {
                    folded_patterns.push(surface.to_ascii_lowercase());
                    folded_info.push(PatternInfo {
                        entry,
                        glued_only,
                        guarded,
                    });
                }
            }
            for surface in &row.exact_case {
                exact_patterns.push(surface.clone());
                exact_info.push(PatternInfo {
                    entry,
                    glued_only: false,
                    guarded: false,
                });
            }
            for prefix in &row.prefixes {
                if prefix.trim().is_empty() {
                    return Err(model_error(format!(
                        "unit {:?}: an empty prefix would match before every number",
                        row.unit
                    )));
                }
                prefixes.push((prefix.clone(), entry));
            }
            entries.push(UnitEntry {
                unit: row.unit,
                name: row.name,
                measure: row.measure,
                to_base: row.to_base,
                base_unit,
                multiplier: row.multiplier,
                glued: row.glued,
                noun: row.noun,
                if_scaled: row.if_scaled,
                minor_unit: row.minor_unit,
            });
        }
        for entry in &entries {
            if let Some(minor) = &entry.minor_unit {
                if !entries.iter().any(|e| &e.unit == minor) {
                    return Err(model_error(format!(
                        "unit {:?}: minor_unit names unknown unit {minor:?}",
                        entry.unit
                    )));
                }
            }
            if let Some(alt) = &entry.if_scaled {
                if !entries.iter().any(|e| &e.unit == alt) {
                    return Err(model_error(format!(
                        "unit {:?}: if_scaled names unknown unit {alt:?}",
                        entry.unit
                    )));
                }
            }
        }
        // Longest prefix first so "US$" wins over "$".
        prefixes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));

        let vague = match file.vague {
            Some(v) => {
                let mut words = Vec::new();
                for (word, [low, high]) in v.words {
                    if !(low.is_finite() && high.is_finite() && low <= high) {
                        return Err(model_error(format!(
                            "vague word {word:?}: need low <= high"
                        )));
                    }
                    words.push((word.to_ascii_lowercase(), low, high));
                }
                if !(v.plural_low.is_finite()
                    && v.plural_high.is_finite()
                    && v.plural_low <= v.plural_high)
                {
                    return Err(model_error(
                        "vague: need plural_low <= plural_high".to_string(),
                    ));
                }
                VagueWidths {
                    plural_low: v.plural_low,
                    plural_high: v.plural_high,
                    words,
                }
            }
            None => VagueWidths {
                plural_low: 2.0,
                plural_high: 9.99,
                words: Vec::new(),
            },
        };
        let (adjectival_hyphen_only, adjectival_spaced) = match file.adjectival {
            Some(a) => (
                lowercase_all(a.hyphen_only),
                lowercase_all(a.spaced_or_hyphen),
            ),
            None => (Vec::new(), Vec::new()),
        };
        let changes = file
            .changes
            .map(|c| ChangeWords {
                verbs: WordSet::new(&c.verbs),
                by: WordSet::new(&c.by),
                from: WordSet::new(&c.from),
            })
            .unwrap_or_default();

        let last_char = |p: &str| p.chars().next_back().map(|c| c.to_ascii_lowercase());
        // Stable: longest first within each group, as sorted above.
        prefixes.sort_by_key(|(p, _)| last_char(p));
        let mut prefix_groups: Vec<(char, Range<usize>)> = Vec::new();
        for (i, (p, _)) in prefixes.iter().enumerate() {
            let Some(c) = last_char(p) else { continue };
            match prefix_groups.last_mut() {
                Some((last, group)) if *last == c => group.end = i + 1,
                _ => prefix_groups.push((c, i..i + 1)),
            }
        }
        Ok(UnitTable {
            prefix_groups,
            entries,
            folded: build_automaton(&folded_patterns, true),
            folded_info,
            exact: build_automaton(&exact_patterns, false),
            exact_info,
            prefixes,
            vague,
            adjectival_hyphen_only,
            adjectival_spaced,
            size_words: file
                .guarded
                .as_ref()
                .map(|g| lowercase_all(g.size_words.clone()))
                .unwrap_or_default(),
            race_words: file
                .guarded
                .map(|g| lowercase_all(g.race_words))
                .unwrap_or_default(),
            rates: file
                .rates
                .map(|r| RateWords {
                    joiners: lowercase_all(r.joiners),
                    time_words: lowercase_all(r.time_words),
                })
                .unwrap_or_default(),
            changes,
        })
    }

    /// Widths of vague quantities.
    pub fn vague(&self) -> &VagueWidths {
        &self.vague
    }

    /// The words that write a rate.
    pub fn rates(&self) -> &RateWords {
        &self.rates
    }

    /// The words that say a figure changed.
    pub fn changes(&self) -> &ChangeWords {
        &self.changes
    }

    /// The adjectival marker ("strong", "member") starting at `pos`, if any: its range in
    /// `text` and the table's (lower-case) form. `hyphenated` says whether a hyphen joined
    /// it to the number: "-man" counts only then.
    pub fn adjectival_at(
        &self,
        text: &str,
        pos: usize,
        hyphenated: bool,
    ) -> Option<(Range<usize>, &str)> {
        let rest = text.get(pos..)?;
        let lists: [&[String]; 2] = if hyphenated {
            [&self.adjectival_hyphen_only, &self.adjectival_spaced]
        } else {
            [&[], &self.adjectival_spaced]
        };
        for list in lists {
            for marker in list {
                if starts_with_ignore_case(rest, marker) && is_boundary_at(text, pos + marker.len())
                {
                    return Some((pos..pos + marker.len(), marker.as_str()));
                }
            }
        }
        None
    }

    /// Any unit whose surface starts exactly at `pos` and ends at a word boundary.
    /// `glued` says the unit touches the digits ("29km"): only units marked `glued` may.
    pub fn match_at<'a>(&'a self, text: &'a str, pos: usize, glued: bool) -> Option<UnitMatch<'a>> {
        self.match_filtered(text, pos, |entry, info| {
            if glued {
                entry.glued
            } else {
                !info.glued_only
            }
        })
    }

    /// Whether `word` says a size ("high", "long", "deep"; `[guarded] size_words`).
    pub fn is_size_word(&self, word: &str) -> bool {
        self.size_words.iter().any(|w| w.eq_ignore_ascii_case(word))
    }

    /// Whether `word` names a race event by its distance ("sprint", "hurdles";
    /// `[guarded] race_words`).
    pub fn is_race_word(&self, word: &str) -> bool {
        self.race_words.iter().any(|w| w.eq_ignore_ascii_case(word))
    }

    /// A counted noun ("troops", "pieces of equipment") starting exactly at `pos`.
    /// Usable at any word position, e.g. after modifiers ("12,000 ISIS militants").
    pub fn match_noun_at<'a>(&'a self, text: &'a str, pos: usize) -> Option<UnitMatch<'a>> {
        self.match_filtered(text, pos, |entry, info| entry.noun && !info.glued_only)
    }

    /// A unit written before a number ("$", "US$", "Rs", "USD") that ends at `end` once
    /// spaces before `end` are skipped. `end` is where the number (or its sign) starts.
    pub fn match_prefix_before<'a>(&'a self, text: &'a str, end: usize) -> Option<UnitMatch<'a>> {
        let head = text.get(..end)?;
        let trimmed = head.trim_end_matches(is_space);
        let spaced = trimmed.len() < head.len();
        // Most numbers have no prefix: reject on the last character before trying all.
        let last = trimmed.chars().next_back()?.to_ascii_lowercase();
        let group = self
            .prefix_groups
            .binary_search_by_key(&last, |(c, _)| *c)
            .ok()
            .and_then(|g| self.prefix_groups.get(g))
            .map(|(_, range)| range.clone())?;
        for (prefix, entry_index) in self.prefixes.get(group)? {
            if trimmed.len() < prefix.len() {
                continue;
            }
            let start = trimmed.len() - prefix.len();
            let Some(candidate) = trimmed.get(start..) else {
                continue;
            };
            if !candidate.eq_ignore_ascii_case(prefix) {
                continue;
            }
            // A word prefix ("Rs", "USD") must start a word; a symbol ("$") need not.
            let first_is_alnum = prefix.chars().next().is_some_and(char::is_alphanumeric);
            if first_is_alnum && !is_boundary_before(text, start) {
                continue;
            }
            // Word prefixes that end in a letter must be separated from digits by a space
            // or be all capitals ("USD115"), so "the115" is not "he" anything.
            let last_is_alpha = prefix.chars().last().is_some_and(char::is_alphabetic);
            if last_is_alpha
                && !spaced
                && candidate.chars().any(|c| c.is_ascii_lowercase())
                && !is_currency_code(candidate)
            {
                continue;
            }
            let entry = self.entries.get(*entry_index)?;
            return Some(self.unit_match(entry, start..trimmed.len(), text));
        }
        None
    }

    /// The unit named `unit` (canonical short name), e.g. to apply `if_scaled`.
    pub fn by_unit<'a>(
        &'a self,
        unit: &str,
        span: Range<usize>,
        text: &'a str,
    ) -> Option<UnitMatch<'a>> {
        let entry = self.entry_named(unit, true)?;
        Some(self.unit_match(entry, span, text))
    }

    /// The table's own unit whose short name is `unit` and that carries no scale, at
    /// `span` of `text`: a rate composed from two units ("m/sec" makes "m/s") is the
    /// table's rate when it has one (speed, volume rate), so that it meets the figures
    /// written in that unit.
    pub fn named<'a>(
        &'a self,
        unit: &str,
        span: Range<usize>,
        text: &'a str,
    ) -> Option<UnitMatch<'a>> {
        let entry = self.entry_named(unit, false)?;
        Some(self.unit_match(entry, span, text))
    }

    /// The first entry named `unit` with no scale of its own, and with `base_only` the
    /// one that is its measure's base too (factor 1).
    fn entry_named(&self, unit: &str, base_only: bool) -> Option<&UnitEntry> {
        self.entries
            .iter()
            .find(|e| e.unit == unit && e.multiplier == 1.0 && (!base_only || e.to_base == 1.0))
    }

    /// The unit to read instead when the number carries a scale word, if the table says so.
    pub fn if_scaled<'a>(&'a self, found: &UnitMatch<'a>) -> Option<UnitMatch<'a>> {
        let entry = self
            .entries
            .iter()
            .find(|e| e.unit == found.unit && e.if_scaled.is_some())?;
        let alt = entry.if_scaled.as_deref()?;
        let mut m = self.by_unit_anywhere(alt)?;
        m.span = found.span.clone();
        m.surface = found.surface;
        Some(m)
    }

    /// The smaller unit that may complete a figure in this unit ("in" after "ft").
    pub fn minor_unit(&self, found: &UnitMatch<'_>) -> Option<&str> {
        self.entries
            .iter()
            .filter(|e| e.unit == found.unit)
            .find_map(|e| e.minor_unit.as_deref())
    }

    fn by_unit_anywhere(&self, unit: &str) -> Option<UnitMatch<'_>> {
        self.by_unit(unit, 0..0, "")
    }

    fn match_filtered<'a>(
        &'a self,
        text: &'a str,
        pos: usize,
        accept: impl Fn(&UnitEntry, &PatternInfo) -> bool,
    ) -> Option<UnitMatch<'a>> {
        if pos >= text.len() || !text.is_char_boundary(pos) {
            return None;
        }
        let a = self.longest(&self.folded, &self.folded_info, text, pos, &accept);
        let b = self.longest(&self.exact, &self.exact_info, text, pos, &accept);
        let (entry, end) = match (a, b) {
            (Some(x), Some(y)) => {
                if y.1 > x.1 {
                    y
                } else {
                    x
                }
            }
            (Some(x), None) | (None, Some(x)) => x,
            (None, None) => return None,
        };
        let entry = self.entries.get(entry)?;
        Some(self.unit_match(entry, pos..end, text))
    }

    /// Longest acceptable pattern anchored at `pos` that ends on a word boundary.
    fn longest(
        &self,
        automaton: &Option<AhoCorasick>,
        info: &[PatternInfo],
        text: &str,
        pos: usize,
        accept: &impl Fn(&UnitEntry, &PatternInfo) -> bool,
    ) -> Option<(usize, usize)> {
        let automaton = automaton.as_ref()?;
        let mut limit = text.len();
        // Each round finds the longest match inside pos..limit; if it is rejected, look
        // for a shorter one. Surfaces are short, so this loop runs a few times at most.
        for _ in 0..8 {
            if limit <= pos {
                return None;
            }
            let input = Input::new(text).range(pos..limit).anchored(Anchored::Yes);
            let found = automaton.try_find(input).ok()??;
            let end = found.end();
            let pattern = info.get(found.pattern().as_usize())?;
            let entry = self.entries.get(pattern.entry)?;
            let last = text.get(..end).and_then(|t| t.chars().next_back());
            let needs_boundary = last.is_some_and(char::is_alphanumeric);
            if text.is_char_boundary(end)
                && (!needs_boundary || is_boundary_at(text, end))
                && accept(entry, pattern)
                && (!pattern.guarded || self.guard_holds(text, pos, end))
            {
                return Some((pattern.entry, end));
            }
            limit = end - 1;
        }
        None
    }

    /// Whether a guarded form from `start` to `end` is a unit: it follows digits, and
    /// either a size word follows it that the phrase ends on ("2 1/2 in thick,", "10
    /// in long and 3 in wide"; any size word after a fraction), or it ends its
    /// sentence ("The pencil is 2 in."). "5 in Kabul", "2 in the morning", "3 in high
    /// winds", "six in deep-red territory", "a month and a half in." and a line wrapped
    /// after "in" are the word.
    fn guard_holds(&self, text: &str, start: usize, end: usize) -> bool {
        let spaces: &[char] = &[' ', '\t', '\u{a0}'];
        let head = text
            .get(..start)
            .unwrap_or_default()
            .trim_end_matches(spaces);
        let last = head.chars().next_back();
        if !last.is_some_and(|c| c.is_ascii_digit() || vulgar_fraction_char(c)) {
            return false;
        }
        let digits = head.trim_end_matches(|c: char| c.is_ascii_digit());
        let fraction = !last.is_some_and(|c| c.is_ascii_digit()) || digits.ends_with('/');
        let rest = text.get(end..).unwrap_or_default();
        if let Some(after_mark) = rest.strip_prefix(['.', '!', '?']) {
            let next = after_mark.trim_start_matches(spaces);
            let next = next
                .strip_prefix('\n')
                .unwrap_or(next)
                .trim_start_matches(spaces);
            return next.is_empty()
                || next.starts_with('\n')
                || next.chars().next().is_some_and(char::is_uppercase);
        }
        let next = rest.trim_start_matches(spaces);
        if next.is_empty() || paragraph_ends(next) {
            return true;
        }
        let word_end = next
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(next.len());
        let (word, after) = next.split_at(word_end);
        if !self.size_words.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            return false;
        }
        // "thick fog", "high school", "deep-red": an adjective of what follows.
        let after = after.trim_start_matches(spaces);
        let phrase_ends = after.is_empty()
            || after.starts_with(['.', ',', ';', ':', '!', '?', ')', '\n'])
            || ["and", "by", "x"]
                .iter()
                .any(|w| after.strip_prefix(w).is_some_and(|r| r.starts_with(spaces)));
        fraction && !after.starts_with('-') || phrase_ends
    }

    fn unit_match<'a>(
        &self,
        entry: &'a UnitEntry,
        span: Range<usize>,
        text: &'a str,
    ) -> UnitMatch<'a> {
        UnitMatch {
            surface: text.get(span.clone()).unwrap_or_default(),
            span,
            unit: Cow::Borrowed(&entry.unit),
            name: Cow::Borrowed(&entry.name),
            measure: entry.measure,
            to_base: entry.to_base,
            base_unit: Cow::Borrowed(&entry.base_unit),
            multiplier: entry.multiplier,
        }
    }
}

/// Whether `rest` starts with a line break that ends its paragraph (a blank line or
/// the text's end), not one that wraps a line.
fn paragraph_ends(rest: &str) -> bool {
    rest.strip_prefix('\n')
        .or_else(|| rest.strip_prefix("\r\n"))
        .is_some_and(|r| {
            let r = r.trim_start_matches([' ', '\t', '\r']);
            r.is_empty() || r.starts_with('\n')
        })
}

/// The vulgar fractions a figure may end with ("2½ in").
fn vulgar_fraction_char(c: char) -> bool {
    matches!(c, '\u{bc}'..='\u{be}' | '\u{2150}'..='\u{215e}')
}

fn lowercase_all(words: Vec<String>) -> Vec<String> {
    words.into_iter().map(|w| w.to_ascii_lowercase()).collect()
}

/// `None` only for pathological tables (far too large to build): then nothing matches.
fn build_automaton(patterns: &[String], fold_case: bool) -> Option<AhoCorasick> {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(fold_case)
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .build(patterns)
        .ok()
}

/// A surface and the forms derived from it: the plural of a word surface ("troop" ->
/// "troops", "casualty" -> "casualties") and US spellings ("metre" -> "meter").
fn surface_variants(surface: &str) -> Vec<String> {
    let base = surface.to_ascii_lowercase();
    let mut spellings = vec![base.clone()];
    for (british, american) in [
        ("metre", "meter"),
        ("litre", "liter"),
        ("armour", "armor"),
        ("defence", "defense"),
    ] {
        if base.contains(british) {
            spellings.push(base.replace(british, american));
        }
    }
    let mut out = Vec::with_capacity(spellings.len() * 2);
    for s in spellings {
        let is_word = s.len() >= 3
            && s.chars()
                .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-');
        if is_word && !s.ends_with('s') {
            if let Some(stem) = s
                .strip_suffix('y')
                .filter(|st| !st.ends_with(['a', 'e', 'o', 'u']))
            {
                out.push(format!("{stem}ies"));
            } else if s.ends_with("ch") || s.ends_with("sh") || s.ends_with('x') {
                out.push(format!("{s}es"));
            } else {
                out.push(format!("{s}s"));
            }
        }
        out.push(s);
    }
    out
}

/// Whitespace of any kind, including no-break and thin spaces.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}'
}

fn is_currency_code(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphabetic())
}

fn starts_with_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack.len() >= needle.len()
        && haystack.as_bytes()[..needle.len()].eq_ignore_ascii_case(needle.as_bytes())
}

/// True when no letter or digit continues the word at byte `pos`.
pub(crate) fn is_boundary_at(text: &str, pos: usize) -> bool {
    text.get(pos..)
        .and_then(|t| t.chars().next())
        .is_none_or(|c| !c.is_alphanumeric())
}

/// True when no letter or digit precedes byte `pos`.
pub(crate) fn is_boundary_before(text: &str, pos: usize) -> bool {
    text.get(..pos)
        .and_then(|t| t.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> &'static UnitTable {
        UnitTable::builtin()
    }

    #[test]
    fn builtin_table_parses() {
        let parsed = UnitTable::from_toml_str(BUILTIN_TOML);
        assert!(parsed.is_ok(), "{:?}", parsed.err());
        assert!(!table().entries.is_empty());
    }

    fn check_suffix(text: &str, pos: usize, glued: bool, expected: Option<(&str, &str, Measure)>) {
        let got = table()
            .match_at(text, pos, glued)
            .map(|m| (m.surface, m.unit.into_owned(), m.measure));
        let expected = expected.map(|(surface, unit, measure)| (surface, unit.to_owned(), measure));
        assert_eq!(got, expected, "text {text:?} at {pos}");
    }

    #[test]
    fn suffix_units() {
        use Measure::*;
        type Case<'a> = (&'a str, usize, bool, Option<(&'a str, &'a str, Measure)>);
        let cases: &[Case] = &[
            ("7,500 km long", 6, false, Some(("km", "km", Length))),
            ("29km road", 2, true, Some(("km", "km", Length))),
            ("5 Kilometres", 2, false, Some(("Kilometres", "km", Length))),
            ("5 kilometers", 2, false, Some(("kilometers", "km", Length))),
            ("12 m 2 dm", 3, false, Some(("m", "m", Length))),
            ("12 M", 3, false, None),
            (
                "40,000 troops in",
                7,
                false,
                Some(("troops", "troops", Headcount)),
            ),
            (
                "3 casualties",
                2,
                false,
                Some(("casualties", "casualties", Casualties)),
            ),
            (
                "55 cubic meters per year",
                3,
                false,
                Some(("cubic meters per year", "m3/yr", VolumeRate)),
            ),
            (
                "55 cubic meters",
                3,
                false,
                Some(("cubic meters", "m3", Volume)),
            ),
            (
                "100 pieces of military equipment",
                4,
                false,
                Some(("pieces of military equipment", "equipment", Equipment)),
            ),
            // "in" is the word unless a size word or the sentence's end follows.
            ("5 in Kabul", 2, false, None),
            ("5 in the morning", 2, false, None),
            ("5 in thick", 2, false, Some(("in", "in", Length))),
            ("5 in", 2, false, Some(("in", "in", Length))),
            ("9\" plates", 1, true, Some(("\"", "in", Length))),
            ("10 \" long", 3, false, None),
            ("60 percent", 3, false, Some(("percent", "%", Percent))),
            ("60 per cent", 3, false, Some(("per cent", "%", Percent))),
            (
                "5 percentage points",
                2,
                false,
                Some(("percentage points", "pp", PercentagePoints)),
            ),
            ("5 kmx", 2, false, None),
            (
                "20 degrees Celsius",
                3,
                false,
                Some(("degrees Celsius", "°C", Temperature)),
            ),
            ("20 degrees", 3, false, Some(("degrees", "°", Angle))),
            ("100 MB", 4, false, Some(("MB", "MB", Data))),
            ("100 mb", 4, false, Some(("mb", "Mb", Data))),
            ("60 years old", 3, false, Some(("years old", "yr", Age))),
        ];
        for (text, pos, glued, expected) in cases {
            check_suffix(text, *pos, *glued, *expected);
        }
    }

    #[test]
    fn prefixes_and_nouns() {
        let t = table();
        let cases: &[(&str, usize, Option<&str>)] = &[
            ("cost $5", 6, Some("USD")),
            ("cost US$ 5", 9, Some("USD")),
            ("hk $ 10", 5, Some("HKD")),
            ("c $ 16.4", 4, Some("CAD")),
            ("€20m", 3, Some("EUR")),
            ("Rs 300", 3, Some("INR")),
            ("USD115", 3, Some("USD")),
            ("paid usd 40", 9, Some("USD")),
            ("cost CA$ 7", 9, Some("CAD")),
            ("the115", 3, None),
            ("force 17", 6, None),
        ];
        for (text, end, want) in cases {
            let got = t
                .match_prefix_before(text, *end)
                .map(|m| m.unit.into_owned());
            assert_eq!(got.as_deref(), *want, "{text:?}");
        }
        let noun = t
            .match_noun_at("12,000 ISIS militants", 12)
            .map(|m| m.unit.into_owned());
        assert_eq!(noun.as_deref(), Some("troops"));
        assert!(t.match_noun_at("5 km", 2).is_none());
    }

    #[test]
    fn bad_tables_are_model_errors() {
        for bad in [
            "[[unit]]\nunit = \"x\"\nname = \"x\"\nmeasure = \"nonsense\"\nsurfaces = [\"x\"]",
            "[[unit]]\nunit = \"x\"\nname = \"x\"\nmeasure = \"length\"\nto_base = -1.0\nsurfaces = [\"x\"]",
            "[[unit]]\nunit = \"x\"\nname = \"x\"\nmeasure = \"length\"",
            "[[unit]]\nunit = \"x\"\nname = \"x\"\nmeasure = \"length\"\nsurfaces = [\"x\"]\nprefixes = [\" \"]",
            "not toml at all [",
        ] {
            assert!(matches!(UnitTable::from_toml_str(bad), Err(Error::Model { .. })), "{bad}");
        }
    }

    /// A word set finds its words in any ASCII case, short or long, and nothing else.
    #[test]
    fn word_sets_compare_without_ascii_case() {
        let long = "counterrevolutionary"; // over 16 bytes: kept as text
        let set = WordSet::new(&["Rose", "fell", long, "a\0b", "été"]);
        for word in [
            "rose",
            "ROSE",
            "Fell",
            "COUNTERrevolutionary",
            "A\0B",
            "éTé",
        ] {
            assert!(set.contains(word), "{word}");
        }
        for word in [
            "",
            "ros",
            "roses",
            "fel",
            "counterrevolutionar",
            "ab",
            "ÉTÉ",
            "a\0",
        ] {
            assert!(!set.contains(word), "{word}");
        }
        assert!(!WordSet::default().contains("rose"));
    }

    /// The rate words come from the table: a table that lists only "per" reads "$15
    /// an hour" as money, and one without `[rates]` reads no rate at all.
    #[test]
    fn rate_words_are_read_from_the_table() {
        let units = "[[unit]]\nunit = \"USD\"\nname = \"dollar\"\nmeasure = \"money\"\nprefixes = [\"$\"]\n\
                     [[unit]]\nunit = \"h\"\nname = \"hour\"\nmeasure = \"duration\"\nsurfaces = [\"hour\"]\n";
        let per_only = UnitTable::from_toml_str(&format!(
            "[rates]\njoiners = [\"PER\"]\ntime_words = [\"Ago\"]\n{units}"
        ))
        .unwrap();
        assert!(per_only.rates().is_joiner("per"));
        assert!(!per_only.rates().is_joiner("an"));
        assert!(per_only.rates().is_time_word("ago"));
        let unit_of = |table: &UnitTable, text: &str| {
            crate::claims::numbers::find_quantities(text, table)
                .first()
                .and_then(|q| q.unit.as_ref().map(|u| u.unit.to_string()))
        };
        assert_eq!(unit_of(&per_only, "$15 per hour").as_deref(), Some("USD/h"));
        assert_eq!(unit_of(&per_only, "$15 an hour").as_deref(), Some("USD"));
        let none = UnitTable::from_toml_str(units).unwrap();
        assert_eq!(none.rates(), &RateWords::default());
        assert_eq!(unit_of(&none, "$15 per hour").as_deref(), Some("USD"));
        assert_eq!(
            unit_of(&none, "$15/hour").as_deref(),
            Some("USD/h"),
            "\"/\" always joins"
        );
    }

    #[test]
    fn measures_serialise_snake_case() {
        assert_eq!(
            serde_json::to_string(&Measure::VolumeRate).ok().as_deref(),
            Some("\"volume_rate\"")
        );
    }
}

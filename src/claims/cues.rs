//! The word lists that tell the claims stage how to read the words around a figure,
//! loaded from `models/claims.toml` (qualifiers, interval widths, counted-noun cues,
//! scope cues, linking and reporting verbs).

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::{FxHashMap, FxHashSet};
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
    pub events: FxHashMap<String, Vec<String>>,
    /// Word or phrase (lower case) → its event class, built from `events` on load.
    #[serde(skip)]
    event_of: FxHashMap<String, String>,
    /// The first words of the event names of more than one word, built on load, so
    /// that most word pairs are turned away without being joined.
    #[serde(skip)]
    event_first_words: FxHashSet<String>,
    /// For each lower-cased first byte, a bit per length (below 32) of the attribution
    /// verbs and "according", built on load: most words of a sentence are turned away
    /// without being lower-cased and looked up.
    #[serde(skip)]
    attribution_shapes: Vec<u32>,
    /// The qualifier phrases split into words once, built on load: they are matched
    /// against the words around every figure.
    #[serde(skip)]
    qualifier_words: QualifierWords,
    /// Every scope cue phrase in one automaton, built on load, so a sentence is read
    /// once for all three lists rather than once per phrase.
    #[serde(skip)]
    scope_phrases: Option<ScopePhrases>,
}

/// Whether lower-casing `text` makes an ASCII letter of a character outside ASCII.
fn lowers_to_ascii_letter(text: &str) -> bool {
    !text.is_ascii() && (text.contains('\u{212a}') || text.contains('\u{130}'))
}

/// Phrases and words up to this many bytes are looked up from a buffer on the stack.
const STACK_PHRASE: usize = 64;

/// A list of lower-case words from the model, looked up around every figure. Most words
/// looked up are in none of the lists, so a bit per first letter and length turns them
/// away before any hashing.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(from = "Vec<String>")]
pub struct WordList {
    words: FxHashSet<String>,
    /// For each first byte ("a" to "z" at 0 to 25, any other at 26), a bit per length of
    /// the words starting with it; bit 63 for every length from 63 up.
    shapes: [u64; 27],
}

impl WordList {
    fn shape(word: &str) -> (usize, u64) {
        let bucket = match word.as_bytes().first() {
            Some(&b) if b.is_ascii_lowercase() => usize::from(b - b'a'),
            _ => 26,
        };
        (bucket, 1 << word.len().min(63))
    }

    /// Whether `word` is in the list, as written (the list is lower case).
    pub fn contains(&self, word: &str) -> bool {
        let (bucket, bit) = Self::shape(word);
        self.shapes[bucket] & bit != 0 && self.words.contains(word)
    }

    /// Whether the phrase of `words` joined by single spaces is in the list. Joined in
    /// a buffer on the stack when it fits (cue phrases are short), else on the heap.
    pub fn contains_joined<'w>(&self, words: impl Iterator<Item = &'w str> + Clone) -> bool {
        let mut buffer = [0u8; STACK_PHRASE];
        let mut len = 0;
        for (k, word) in words.clone().enumerate() {
            let space = usize::from(k > 0);
            let end = len + space + word.len();
            if end > STACK_PHRASE {
                let joined: Vec<&str> = words.collect();
                return self.contains(&joined.join(" "));
            }
            if space == 1 {
                buffer[len] = b' ';
            }
            buffer[len + space..end].copy_from_slice(word.as_bytes());
            len = end;
        }
        // Whole strings and ASCII spaces: always UTF-8.
        std::str::from_utf8(&buffer[..len]).is_ok_and(|phrase| self.contains(phrase))
    }

    /// Whether `word` lower-cased is in the list; lower-cased on the stack when it is
    /// short ASCII, without a copy when it is ASCII with no capital.
    pub fn contains_lowercased(&self, word: &str) -> bool {
        if !word
            .bytes()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            return self.contains(word);
        }
        if word.is_ascii() && word.len() <= STACK_PHRASE {
            let mut buffer = [0u8; STACK_PHRASE];
            let lower = &mut buffer[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            return std::str::from_utf8(lower).is_ok_and(|l| self.contains(l));
        }
        self.contains(&word.to_lowercase())
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl From<Vec<String>> for WordList {
    fn from(words: Vec<String>) -> Self {
        let mut list = WordList::default();
        for word in words {
            let (bucket, bit) = Self::shape(&word);
            list.shapes[bucket] |= bit;
            list.words.insert(word);
        }
        list
    }
}

/// The qualifier lists of [`QualifierCues`], each phrase as its words.
#[derive(Debug, Clone, Default)]
pub struct QualifierWords {
    pub approx_before: PhraseList,
    pub at_least_before: PhraseList,
    pub at_most_before: PhraseList,
    pub approx_after: PhraseList,
    pub at_least_after: PhraseList,
    pub at_most_after: PhraseList,
}

/// Phrases as their words, matched against the words just before or after a figure.
/// Most figures have no qualifier, so the words that end and start the phrases turn
/// them away with one lookup.
#[derive(Debug, Clone, Default)]
pub struct PhraseList {
    phrases: Vec<Vec<String>>,
    last_words: WordList,
    first_words: WordList,
}

impl PhraseList {
    fn new(phrases: &[String]) -> Self {
        let phrases: Vec<Vec<String>> = phrases
            .iter()
            .map(|p| p.split_whitespace().map(str::to_owned).collect())
            .filter(|words: &Vec<String>| !words.is_empty())
            .collect();
        let edge = |pick: fn(&Vec<String>) -> Option<&String>| {
            WordList::from(phrases.iter().filter_map(pick).cloned().collect::<Vec<_>>())
        };
        Self {
            last_words: edge(|p| p.last()),
            first_words: edge(|p| p.first()),
            phrases,
        }
    }

    /// How many of `words` (lower case, in text order) the longest phrase that ends
    /// them takes; 0 when none does.
    pub fn longest_ending(&self, words: &[&str]) -> usize {
        if !words.last().is_some_and(|w| self.last_words.contains(w)) {
            return 0;
        }
        self.longest(|p| {
            words
                .len()
                .checked_sub(p.len())
                .is_some_and(|start| same_words(&words[start..], p))
        })
    }

    /// How many of `words` the longest phrase that starts them takes; 0 when none does.
    pub fn longest_starting(&self, words: &[&str]) -> usize {
        if !words.first().is_some_and(|w| self.first_words.contains(w)) {
            return 0;
        }
        self.longest(|p| words.get(..p.len()).is_some_and(|head| same_words(head, p)))
    }

    fn longest(&self, matches: impl Fn(&[String]) -> bool) -> usize {
        self.phrases
            .iter()
            .filter(|p| matches(p))
            .map(Vec::len)
            .max()
            .unwrap_or(0)
    }
}

fn same_words(words: &[&str], phrase: &[String]) -> bool {
    words.len() == phrase.len() && words.iter().zip(phrase).all(|(w, p)| w == p)
}

/// Which scope cue lists have a phrase in a sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScopeHits {
    pub aggregate: bool,
    pub deployment: bool,
    pub total: bool,
}

const AGGREGATE: u8 = 1;
const DEPLOYMENT: u8 = 2;
const TOTAL: u8 = 4;

#[derive(Debug, Clone)]
struct ScopePhrases {
    /// The phrases (lower-cased), for lower-cased text.
    automaton: AhoCorasick,
    /// The same phrases ignoring ASCII case, for text as written: most sentences need
    /// no lower-cased copy.
    ascii_folded: AhoCorasick,
    /// Whether every phrase is ASCII (a phrase with a letter outside ASCII matches only
    /// lower-cased text).
    all_ascii: bool,
    /// Per distinct phrase (the automaton's pattern id), the lists it is in.
    lists: Vec<u8>,
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
    pub people_participles: WordList,
    pub people_nouns_before: WordList,
    pub phrase_stops: WordList,
    /// Words joined to a figure by a hyphen that make it a rank or rating, not a count.
    #[serde(default)]
    pub ratings: WordList,
    /// Past tenses and participles not written with "-ed" ("met", "left", "fled"):
    /// after a plural noun, the verb of the clause the figure opens.
    #[serde(default)]
    pub irregular_past: WordList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeCues {
    pub deployment: Vec<String>,
    pub total: Vec<String>,
    pub aggregate: Vec<String>,
    pub cumulative_before_year: WordList,
    pub relative: WordList,
    pub distributive: WordList,
    /// Plural agents that make the figure of their verb a sum over them ("at least 21
    /// countries expelling more than 100").
    #[serde(default)]
    pub many_agents: WordList,
    /// Words that, before one of `many_agents`, say there are many of them.
    #[serde(default)]
    pub many_words: WordList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectCues {
    pub linking_verbs: WordList,
    pub pronouns: WordList,
    /// Verbs whose subject carries out the event noun after them ("ordered the
    /// expulsion of 60"), unlike verbs that react to it ("condemned the expulsion").
    #[serde(default)]
    pub nominal_verbs: WordList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionCues {
    pub verbs: WordList,
    /// Adverbs that may stand between a source and its verb ("Mnuchin previously
    /// told"), besides the words ending in "-ly": no part of the source's name.
    #[serde(default)]
    pub adverbs: WordList,
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
                if let Some((first, _)) = word.split_once(' ') {
                    cues.event_first_words.insert(first.to_owned());
                }
                if let Some(other) = cues.event_of.insert(word.clone(), class.clone()) {
                    return Err(Error::Model {
                        name: "claims.toml".into(),
                        message: format!("{word:?} is in both events {other:?} and {class:?}"),
                    });
                }
            }
        }
        cues.attribution_shapes = vec![0; 128];
        for word in cues.attribution.verbs.iter().chain(["according"]) {
            match word.as_bytes().first() {
                Some(&first) if word.is_ascii() && word.len() < 32 => {
                    cues.attribution_shapes[usize::from(first.to_ascii_lowercase())] |=
                        1 << word.len();
                }
                // A verb the shapes cannot hold: let every word through.
                _ => cues
                    .attribution_shapes
                    .iter_mut()
                    .for_each(|s| *s = u32::MAX),
            }
        }
        let q = &cues.qualifiers;
        cues.qualifier_words = QualifierWords {
            approx_before: PhraseList::new(&q.approx_before),
            at_least_before: PhraseList::new(&q.at_least_before),
            at_most_before: PhraseList::new(&q.at_most_before),
            approx_after: PhraseList::new(&q.approx_after),
            at_least_after: PhraseList::new(&q.at_least_after),
            at_most_after: PhraseList::new(&q.at_most_after),
        };
        let mut phrases: Vec<String> = Vec::new();
        let mut lists: Vec<u8> = Vec::new();
        for (list, bit) in [
            (&cues.scope.aggregate, AGGREGATE),
            (&cues.scope.deployment, DEPLOYMENT),
            (&cues.scope.total, TOTAL),
        ] {
            for phrase in list {
                // Sentences are matched lower-cased: so are the phrases.
                let phrase = phrase.to_lowercase();
                match phrases.iter().position(|p| *p == phrase) {
                    Some(k) => lists[k] |= bit,
                    None => {
                        phrases.push(phrase);
                        lists.push(bit);
                    }
                }
            }
        }
        let build = |ascii_case_insensitive: bool| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .ascii_case_insensitive(ascii_case_insensitive)
                .build(&phrases)
                .map_err(|e| Error::Model {
                    name: "claims.toml".into(),
                    message: format!("scope phrases: {e}"),
                })
        };
        cues.scope_phrases = Some(ScopePhrases {
            automaton: build(false)?,
            ascii_folded: build(true)?,
            all_ascii: phrases.iter().all(|p| p.is_ascii()),
            lists,
        });
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

    /// The event class two lower-case words name together ("laid" "off" → "dismissal").
    pub fn event_of_pair(&self, first: &str, second: &str) -> Option<&str> {
        if !self.event_first_words.contains(first) {
            return None;
        }
        self.event_of(&format!("{first} {second}"))
    }

    /// Whether `word`, lower-cased, may be an attribution verb or "according": false
    /// only when no such word has its first letter and length.
    pub fn may_be_attribution_word(&self, word: &str) -> bool {
        match word.as_bytes().first() {
            Some(&first) if word.is_ascii() && word.len() < 32 => self
                .attribution_shapes
                .get(usize::from(first.to_ascii_lowercase()))
                .is_none_or(|shapes| shapes & (1 << word.len()) != 0),
            _ => true,
        }
    }

    /// The qualifier phrases, each split into its words.
    pub fn qualifier_words(&self) -> &QualifierWords {
        &self.qualifier_words
    }

    /// Which scope cue lists have a phrase standing as whole words in `sentence`,
    /// whatever its case. Every occurrence of every phrase is looked at, overlapping ones
    /// included, so a phrase counts wherever it stands between word boundaries.
    pub fn scope_hits(&self, sentence: &str) -> ScopeHits {
        let Some(sp) = &self.scope_phrases else {
            return ScopeHits::default();
        };
        // ASCII text is read as written, ignoring ASCII case. So is other text when the
        // phrases are ASCII, unless lower-casing it can make an ASCII letter: the Kelvin
        // sign gives "k", the dotted capital I gives "i" and a dot above. Other
        // characters lower-case to characters outside ASCII, which no ASCII phrase
        // matches either way, alphanumeric exactly when they were, so the word boundaries
        // are the same (a test checks this over every character).
        let as_written = sentence.is_ascii() || (sp.all_ascii && !lowers_to_ascii_letter(sentence));
        let (lower, automaton) = if as_written {
            (std::borrow::Cow::Borrowed(sentence), &sp.ascii_folded)
        } else {
            (
                std::borrow::Cow::Owned(sentence.to_lowercase()),
                &sp.automaton,
            )
        };
        let lower = lower.as_ref();
        let mut found = 0u8;
        for m in automaton.find_overlapping_iter(lower) {
            let bits = sp.lists[m.pattern().as_usize()];
            if found & bits == bits {
                continue;
            }
            let before_ok = lower[..m.start()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = lower[m.end()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if before_ok && after_ok {
                found |= bits;
                if found == AGGREGATE | DEPLOYMENT | TOTAL {
                    break;
                }
            }
        }
        ScopeHits {
            aggregate: found & AGGREGATE != 0,
            deployment: found & DEPLOYMENT != 0,
            total: found & TOTAL != 0,
        }
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

    /// A phrase holding "k" is found where the Kelvin sign spells it: such a sentence is
    /// lower-cased before it is read.
    #[test]
    fn a_phrase_is_found_where_the_kelvin_sign_spells_its_k() {
        let toml = include_str!("../../models/claims.toml").replacen(
            "deployment = [",
            "deployment = [\"kept\", ",
            1,
        );
        let cues = Cues::from_toml_str(&toml).expect("the shipped lists and one more phrase");
        assert!(cues.scope_hits("300 troops \u{212a}EPT there").deployment);
        assert!(cues.scope_hits("300 troops KEPT there").deployment);
        assert!(!cues.scope_hits("300 troops \u{212a}EPTS there").deployment);
    }

    /// What lets text be read as written: outside ASCII, only the dotted capital I and
    /// the Kelvin sign lower-case to something holding an ASCII character, and every
    /// other character lower-cases to one that is alphanumeric at both ends exactly when
    /// it is, so no word boundary moves.
    #[test]
    fn only_two_characters_outside_ascii_lower_case_into_ascii() {
        for c in ('\u{80}'..=char::MAX).filter(|c| !matches!(c, '\u{130}' | '\u{212a}')) {
            let lower: String = c.to_lowercase().collect();
            assert!(
                !lower.chars().any(|l| l.is_ascii()),
                "{c:?} lower-cases to {lower:?}"
            );
            let (first, last) = (lower.chars().next(), lower.chars().next_back());
            for end in [first, last].into_iter().flatten() {
                assert_eq!(
                    end.is_alphanumeric(),
                    c.is_alphanumeric(),
                    "{c:?} → {lower:?}"
                );
            }
        }
        assert!(lowers_to_ascii_letter("\u{212a}elvin") && lowers_to_ascii_letter("\u{130}"));
    }

    proptest::proptest! {
        /// A sentence read as written finds the scope phrases its lower-cased copy holds,
        /// whatever its case and the letters outside ASCII around them.
        #[test]
        fn scope_phrases_are_found_as_in_the_lower_cased_sentence(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "IN", "Total", "sent", "reSENT", "\u{212a}", "\u{130}", "É", "été",
                    "so", "FAR", "ſ", "Stationed", "troops", "-", "ß", "worldwide", "ÄN",
                ]),
                0..12,
            ),
            glue in proptest::collection::vec(proptest::sample::select(vec![" ", "", "-"]), 12),
        ) {
            let mut sentence = String::new();
            for (word, glue) in words.iter().zip(&glue) {
                sentence.push_str(word);
                sentence.push_str(glue);
            }
            let cues = Cues::builtin();
            proptest::prop_assert_eq!(
                cues.scope_hits(&sentence),
                cues.scope_hits(&sentence.to_lowercase()),
                "{}", sentence
            );
        }

        /// The shape filter never turns away a word of the list: lookups answer as the
        /// set alone would, for short and long words, capitals, digits and non-ASCII.
        #[test]
        fn a_word_list_answers_as_its_set(
            words in proptest::collection::vec("[a-zA-Z0-9'é-]{0,3}|[a-z]{60,70}", 0..12),
            probes in proptest::collection::vec("[a-zA-Z0-9'é-]{0,3}|[a-z]{60,70}", 0..12),
        ) {
            let list = WordList::from(words.clone());
            for word in words.iter().chain(&probes) {
                proptest::prop_assert_eq!(list.contains(word), words.contains(word), "{}", word);
            }
        }

        /// Words joined on the stack, or on the heap when the phrase outgrows the stack
        /// buffer, and words lower-cased on the stack, answer as the heap copies would:
        /// phrases of up to four words around the buffer's size, capitals, the Kelvin
        /// sign and other letters outside ASCII.
        #[test]
        fn joined_and_lowercased_lookups_answer_as_heap_copies(
            words in proptest::collection::vec("[a-zA-Z\u{212a}é]{1,3}|[a-z]{20,34}", 1..5),
            listed in proptest::collection::vec(0usize..4, 0..4),
        ) {
            let phrase = words.join(" ");
            let mut entries: Vec<String> =
                listed.iter().filter_map(|&k| words.get(k)).map(|w| w.to_lowercase()).collect();
            entries.push(phrase.clone());
            let list = WordList::from(entries);
            proptest::prop_assert!(list.contains_joined(words.iter().map(String::as_str)));
            let fewer = &words[..words.len() - 1];
            proptest::prop_assert_eq!(
                list.contains_joined(fewer.iter().map(String::as_str)),
                list.contains(&fewer.join(" "))
            );
            for word in &words {
                proptest::prop_assert_eq!(
                    list.contains_lowercased(word),
                    list.contains(&word.to_lowercase()),
                    "{}", word
                );
            }
        }
    }

    proptest::proptest! {
        /// The first and last words only turn away what no phrase could match: the
        /// longest phrase found is the longest of those that end (or start) the words.
        #[test]
        fn phrase_lists_find_the_longest_phrase_at_an_edge(
            phrases in proptest::collection::vec("(a|b|c|d)( (a|b|c|d)){0,2}| ", 0..6),
            words in proptest::collection::vec("a|b|c|d", 0..5),
        ) {
            let list = PhraseList::new(&phrases);
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let split: Vec<Vec<&str>> =
                phrases.iter().map(|p| p.split_whitespace().collect()).collect();
            let longest = |fits: &dyn Fn(&[&str]) -> bool| {
                split.iter().filter(|p| !p.is_empty() && fits(p)).map(Vec::len).max().unwrap_or(0)
            };
            proptest::prop_assert_eq!(
                list.longest_ending(&words),
                longest(&|p| words.ends_with(p))
            );
            proptest::prop_assert_eq!(
                list.longest_starting(&words),
                longest(&|p| words.starts_with(p))
            );
        }
    }

    #[test]
    fn phrases_longer_than_the_stack_buffer_are_found() {
        let long = ["a".repeat(40), "b".repeat(40)];
        let list = WordList::from(vec![long.join(" "), "laid off".to_owned()]);
        assert!(list.contains_joined(long.iter().map(String::as_str)));
        assert!(list.contains_joined(["laid", "off"].into_iter()));
        assert!(!list.contains_joined(["laid"].into_iter()));
        assert!(list.contains_lowercased("LAID OFF"));
        assert!(!list.contains_lowercased("laid  off"));
    }

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
    fn scope_phrases_match_whole_words_in_any_case() {
        let cues = Cues::builtin();
        let hits = |s: &str| {
            let h = cues.scope_hits(s);
            (h.aggregate, h.deployment, h.total)
        };
        // ASCII, read as written.
        assert_eq!(hits("In Total, 500 troops were SENT"), (true, true, true));
        assert_eq!(hits("The force totals 500"), (false, false, true));
        assert_eq!(hits("The Totalled 500 resent"), (false, false, false));
        // Not ASCII: lower-cased first, with the same result.
        assert_eq!(
            hits("In Total, 500 troops were SENT — “ÜBER”"),
            (true, true, true)
        );
        assert_eq!(hits("Ünits totalled 500, resent"), (false, false, false));
        // Phrases written with capitals in the model still match.
        let shouting = include_str!("../../models/claims.toml")
            .replace("\"worldwide\", \"globally\"", "\"WorldWide\", \"globally\"");
        let cues = Cues::from_toml_str(&shouting).expect("valid model");
        for text in ["worldwide, 100", "WORLDWIDE, 100 — é"] {
            assert!(cues.scope_hits(text).aggregate, "{text}");
        }
    }

    #[test]
    fn the_attribution_filter_lets_every_verb_through() {
        let cues = Cues::builtin();
        for verb in cues.attribution.verbs.iter().chain(["according"]) {
            let capitalised = format!("{}{}", verb[..1].to_uppercase(), &verb[1..]);
            for form in [verb.to_owned(), capitalised, verb.to_uppercase()] {
                assert!(cues.may_be_attribution_word(&form), "{form}");
            }
        }
        assert!(!cues.may_be_attribution_word(","));
        assert!(!cues.may_be_attribution_word("troops"));
        assert!(
            cues.may_be_attribution_word("Ünter"),
            "not ASCII: looked up"
        );
    }

    #[test]
    fn events_are_indexed_by_word_and_a_word_has_one_event() {
        let cues = Cues::builtin();
        assert_eq!(cues.event_of("killing"), Some("death"));
        assert_eq!(cues.event_of("laid off"), Some("dismissal"));
        assert_eq!(cues.event_of_pair("laid", "off"), Some("dismissal"));
        assert_eq!(cues.event_of_pair("laid", "down"), None);
        assert_eq!(cues.event_of_pair("killing", "two"), None);
        assert_eq!(cues.event_of("said"), None);
        let twice = include_str!("../../models/claims.toml").replace(
            "charge = [\"charged\",",
            "charge = [\"killed\", \"charged\",",
        );
        let err = Cues::from_toml_str(&twice).unwrap_err().to_string();
        assert!(err.contains("\"killed\" is in both events"), "{err}");
    }
}

//! Outlet profiles: per-article scores summed per outlet, with bootstrap intervals,
//! distinctive terms and how the outlet's figures are worded.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::claims::{Claim, Qualifier};
use crate::corpus::Article;

use super::bootstrap::{self, BootstrapOptions, Interval, Ratio};
use super::lexicon::Lexicon;
use super::logodds::{distinctive_terms, CorpusCounts};
use super::matcher::{ArticleScore, Scorer};
use crate::text::tokens::WordId;

/// What `profile_outlets` computes beyond the lexicon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProfileOptions {
    pub bootstrap: BootstrapOptions,
    /// Distinctive terms shown per outlet, at most.
    pub top_terms: usize,
    /// A term is distinctive when its z-score exceeds this (1.96: p < .05, two-sided).
    pub min_z: f64,
}

impl Default for ProfileOptions {
    fn default() -> Self {
        Self {
            bootstrap: BootstrapOptions::default(),
            top_terms: 10,
            min_z: 1.96,
        }
    }
}

/// Values by category name, serialised as a JSON object in lexicon order.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryMap<T>(pub Vec<(String, T)>);

impl<T> CategoryMap<T> {
    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

impl<T: Serialize> Serialize for CategoryMap<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A term an outlet uses more than the others.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DistinctiveTerm {
    /// The stem's most frequent written form in the corpus.
    pub term: String,
    pub z: f64,
    /// Occurrences in the outlet (all forms of the stem).
    pub count: u64,
}

/// How an outlet words its figures (from the claims stage).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NumberReporting {
    pub figures: usize,
    /// Share of figures given as approximate ("about 2,500").
    pub hedged_share: Option<f64>,
    /// Share given as a bound or range ("more than", "up to", "2,000-3,000").
    pub bounded_share: Option<f64>,
    /// Share with no source named.
    pub unattributed_share: Option<f64>,
}

impl NumberReporting {
    pub fn of<'a>(claims: impl IntoIterator<Item = &'a Claim>) -> Self {
        let (mut figures, mut hedged, mut bounded, mut unattributed) = (0usize, 0, 0, 0);
        for c in claims {
            figures += 1;
            match c.qualifier {
                Qualifier::Approx => hedged += 1,
                Qualifier::AtLeast | Qualifier::AtMost | Qualifier::Range => bounded += 1,
                Qualifier::Exact => {}
            }
            if c.attribution.is_none() {
                unattributed += 1;
            }
        }
        let share = |n: usize| (figures > 0).then(|| round4(n as f64 / figures as f64));
        Self {
            figures,
            hedged_share: share(hedged),
            bounded_share: share(bounded),
            unattributed_share: share(unattributed),
        }
    }
}

/// One outlet's profile: the Outlet contract of DESIGN.md (`outlet`, `articles`,
/// `words`, `framing`, `attribution_share`, `distinctive_terms`) and what qualifies it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OutletProfile {
    /// None for articles whose outlet is unknown (grouped together).
    pub outlet: Option<String>,
    pub articles: usize,
    /// One article: no interval, and rates that say little about the outlet.
    pub single_article: bool,
    /// Words scored (tokens with a letter), own voice and quoted.
    pub words: u64,
    pub quoted_words: u64,
    pub sentences: u64,
    /// Occurrences per 1,000 words in the outlet's own voice (outside quotation marks).
    pub framing: CategoryMap<f64>,
    /// 95 % bootstrap interval of each `framing` rate, over articles.
    pub framing_interval: Option<CategoryMap<Interval>>,
    /// Occurrences per 1,000 quoted words (null without quoted words).
    pub framing_quoted: CategoryMap<Option<f64>>,
    /// Own-voice occurrences behind `framing`.
    pub framing_occurrences: CategoryMap<u64>,
    /// Share of sentences that carry an attribution term or an attributed figure.
    pub attribution_share: f64,
    pub attribution_share_interval: Option<Interval>,
    /// The outlet's most distinctive words against all other outlets, strongest first.
    pub distinctive_terms: Vec<String>,
    pub distinctive_scores: Vec<DistinctiveTerm>,
    pub numbers: NumberReporting,
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn round_interval(i: Interval) -> Interval {
    Interval {
        low: round4(i.low),
        high: round4(i.high),
    }
}

/// Articles per unit of parallel work, at least: each unit builds its own word table.
const MIN_ARTICLES_PER_TASK: usize = 256;

/// Byte offsets, in `text`, of the figures whose source the claims stage found.
fn attributed_offsets(text: &str, claims: &[&Claim]) -> Vec<usize> {
    let mut chars: Vec<usize> = claims
        .iter()
        .filter(|c| c.attribution.is_some() && !c.in_title)
        .map(|c| c.span[0])
        .collect();
    chars.sort_unstable();
    chars.dedup();
    let mut out = Vec::with_capacity(chars.len());
    let mut wanted = chars.into_iter().peekable();
    for (n, (byte, _)) in text.char_indices().enumerate() {
        while wanted.next_if(|&c| c == n).is_some() {
            out.push(byte);
        }
        if wanted.peek().is_none() {
            break;
        }
    }
    out
}

/// What one sequential run of parallel work gathers: article scores and, per outlet,
/// the content words counted (as ids of its scorer's table until [`Tally::finish`]).
struct Tally {
    scorer: Scorer,
    group: Option<u32>,
    scores: Vec<(usize, ArticleScore)>,
    terms: Vec<(u32, WordId, u64)>,
}

/// A finished [`Tally`]: words written out once each, counts per (outlet, word).
struct TallyResult {
    scores: Vec<(usize, ArticleScore)>,
    words: Vec<(Box<str>, Box<str>)>,
    terms: Vec<(u32, u32, u64)>,
}

impl Tally {
    fn new(lexicon: &Lexicon) -> Self {
        Self {
            scorer: Scorer::new(lexicon),
            group: None,
            scores: Vec::new(),
            terms: Vec::new(),
        }
    }

    /// Hand the words counted so far to the current outlet.
    fn close_group(&mut self) {
        if let Some(g) = self.group {
            let terms = &mut self.terms;
            self.scorer.drain_terms(|word, n| terms.push((g, word, n)));
        }
    }

    fn finish(mut self) -> TallyResult {
        self.close_group();
        let mut local: FxHashMap<WordId, u32> = FxHashMap::default();
        let mut words: Vec<(Box<str>, Box<str>)> = Vec::new();
        let mut terms = Vec::with_capacity(self.terms.len());
        for &(g, word, n) in &self.terms {
            let index = match local.get(&word) {
                Some(&index) => index,
                None => {
                    let (w, s) = self.scorer.word_and_stem(word);
                    words.push((w.into(), s.into()));
                    let index = (words.len() - 1) as u32;
                    local.insert(word, index);
                    index
                }
            };
            terms.push((g, index, n));
        }
        TallyResult {
            scores: self.scores,
            words,
            terms,
        }
    }
}

/// Term counts merged across tallies, keyed by stem text (each tally's ids are its
/// own). Stem indices depend on which thread met a stem first, so nothing that reaches
/// output is ordered by them.
#[derive(Default)]
struct Terms {
    stem_index: FxHashMap<Box<str>, u32>,
    stems: Vec<Box<str>>,
    counts: Vec<u64>,
    /// Word form → (stem index, occurrences).
    forms: FxHashMap<Box<str>, (u32, u64)>,
}

impl Terms {
    fn stem_id(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.stem_index.get(stem) {
            return id;
        }
        let id = self.stems.len() as u32;
        self.stems.push(stem.into());
        self.counts.push(0);
        self.stem_index.insert(stem.into(), id);
        id
    }

    /// Each stem's most frequent written form (ties: the alphabetically first).
    fn surface_forms(&self) -> Vec<&str> {
        let mut best: Vec<(&str, u64)> = self.stems.iter().map(|s| (&**s, 0)).collect();
        for (word, &(stem, n)) in &self.forms {
            let b = &mut best[stem as usize];
            if n > b.1 || (n == b.1 && &**word < b.0) {
                *b = (word, n);
            }
        }
        best.into_iter().map(|(w, _)| w).collect()
    }
}

/// Score every article and profile every outlet, sorted by outlet name (articles with
/// no outlet last). Per-article scoring runs in parallel, one [`Scorer`] per unit of
/// work; the result is the same whatever the number of threads.
pub fn profile_outlets(
    articles: &[Article],
    claims: &[Claim],
    lexicon: &Lexicon,
    options: &ProfileOptions,
) -> Vec<OutletProfile> {
    // Outlets in output order, each with its articles in corpus order.
    let mut groups: BTreeMap<(bool, &str), Vec<usize>> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        let key = match a.outlet.as_deref() {
            Some(name) => (false, name),
            None => (true, ""),
        };
        groups.entry(key).or_default().push(i);
    }
    let groups: Vec<((bool, &str), Vec<usize>)> = groups.into_iter().collect();
    let mut claims_of: FxHashMap<&str, Vec<&Claim>> = FxHashMap::default();
    for c in claims {
        claims_of.entry(c.article.as_str()).or_default().push(c);
    }
    // Articles outlet by outlet, so that a unit of work drains its word counts once per
    // outlet it meets.
    let work: Vec<(u32, usize)> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, (_, members))| members.iter().map(move |&i| (g as u32, i)))
        .collect();
    let tallies: Vec<TallyResult> = work
        .par_iter()
        .with_min_len(MIN_ARTICLES_PER_TASK)
        .fold(
            || Tally::new(lexicon),
            |mut tally, &(g, i)| {
                if tally.group != Some(g) {
                    tally.close_group();
                    tally.group = Some(g);
                }
                let a = &articles[i];
                let own_claims = claims_of.get(a.id.as_str()).map_or(&[][..], Vec::as_slice);
                let score = tally
                    .scorer
                    .score(&a.text, &attributed_offsets(&a.text, own_claims));
                tally.scores.push((i, score));
                tally
            },
        )
        .map(Tally::finish)
        .collect();

    // Merge: sums of integers, the same in any order.
    let mut by_article: Vec<Option<ArticleScore>> = vec![None; articles.len()];
    let mut terms = Terms::default();
    let mut group_terms: Vec<FxHashMap<u32, u64>> = vec![FxHashMap::default(); groups.len()];
    for tally in tallies {
        for (i, score) in tally.scores {
            by_article[i] = Some(score);
        }
        let stem_ids: Vec<u32> = tally
            .words
            .iter()
            .map(|(_, stem)| terms.stem_id(stem))
            .collect();
        let mut word_totals = vec![0u64; tally.words.len()];
        for (g, w, n) in tally.terms {
            let stem = stem_ids[w as usize];
            *group_terms[g as usize].entry(stem).or_default() += n;
            terms.counts[stem as usize] += n;
            word_totals[w as usize] += n;
        }
        for (((word, _), stem), n) in tally.words.into_iter().zip(stem_ids).zip(word_totals) {
            terms.forms.entry(word).or_insert((stem, 0)).1 += n;
        }
    }
    let corpus = CorpusCounts {
        stems: &terms.stems,
        counts: &terms.counts,
        total: terms.counts.iter().sum(),
    };
    let surface = terms.surface_forms();

    groups
        .par_iter()
        .zip(group_terms.par_iter())
        .map(|(((no_outlet, name), members), outlet_terms)| {
            let outlet = (!no_outlet).then(|| (*name).to_owned());
            let scores: Vec<ArticleScore> = members
                .iter()
                .filter_map(|&i| by_article[i].clone())
                .collect();
            let outlet_claims = members
                .iter()
                .flat_map(|&i| claims_of.get(articles[i].id.as_str()).into_iter().flatten())
                .copied();
            let numbers = NumberReporting::of(outlet_claims);
            let distinctive: Vec<DistinctiveTerm> =
                distinctive_terms(outlet_terms, corpus, options.min_z, options.top_terms)
                    .into_iter()
                    .map(|d| DistinctiveTerm {
                        term: terms
                            .stem_index
                            .get(d.stem)
                            .and_then(|&id| surface.get(id as usize))
                            .map_or(d.stem, |w| w)
                            .to_owned(),
                        z: round4(d.z),
                        count: d.count,
                    })
                    .collect();
            let seed = bootstrap::seed_for(options.bootstrap.seed, outlet.as_deref().unwrap_or(""));
            profile(
                lexicon,
                outlet,
                &scores,
                distinctive,
                numbers,
                &BootstrapOptions {
                    seed,
                    ..options.bootstrap
                },
            )
        })
        .collect()
}

/// One outlet's profile from its articles' scores.
fn profile(
    lexicon: &Lexicon,
    outlet: Option<String>,
    scores: &[ArticleScore],
    distinctive: Vec<DistinctiveTerm>,
    numbers: NumberReporting,
    bootstrap_options: &BootstrapOptions,
) -> OutletProfile {
    let names: Vec<String> = lexicon
        .categories()
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let column = |f: &dyn Fn(&ArticleScore) -> u64| -> Vec<u64> { scores.iter().map(f).collect() };
    let words = column(&|s| u64::from(s.words));
    let quoted_words = column(&|s| u64::from(s.quoted_words));
    let sentences = column(&|s| u64::from(s.sentences));
    let attributed = column(&|s| u64::from(s.attributed_sentences));
    let own: Vec<Vec<u64>> = (0..names.len())
        .map(|c| column(&|s| s.own.get(c).copied().map_or(0, u64::from)))
        .collect();
    let quoted: Vec<u64> = (0..names.len())
        .map(|c| {
            scores
                .iter()
                .map(|s| s.quoted.get(c).copied().map_or(0, u64::from))
                .sum()
        })
        .collect();
    let mut ratios: Vec<Ratio<'_>> = own
        .iter()
        .map(|counts| Ratio {
            numerator: counts,
            denominator: &words,
            scale: 1000.0,
        })
        .collect();
    ratios.push(Ratio {
        numerator: &attributed,
        denominator: &sentences,
        scale: 1.0,
    });
    let intervals = bootstrap::ratio_intervals(scores.len(), &ratios, bootstrap_options);
    let total_quoted: u64 = quoted_words.iter().sum();
    OutletProfile {
        outlet,
        articles: scores.len(),
        single_article: scores.len() == 1,
        words: words.iter().sum::<u64>() + total_quoted,
        quoted_words: total_quoted,
        sentences: sentences.iter().sum(),
        framing: CategoryMap(
            names
                .iter()
                .zip(&ratios)
                .map(|(n, r)| (n.clone(), round4(r.pooled())))
                .collect(),
        ),
        framing_interval: intervals.as_ref().map(|iv| {
            CategoryMap(
                names
                    .iter()
                    .zip(iv)
                    .map(|(n, &i)| (n.clone(), round_interval(i)))
                    .collect(),
            )
        }),
        framing_quoted: CategoryMap(
            names
                .iter()
                .zip(&quoted)
                .map(|(n, &q)| {
                    let rate =
                        (total_quoted > 0).then(|| round4(1000.0 * q as f64 / total_quoted as f64));
                    (n.clone(), rate)
                })
                .collect(),
        ),
        framing_occurrences: CategoryMap(
            names
                .iter()
                .zip(&own)
                .map(|(n, counts)| (n.clone(), counts.iter().sum()))
                .collect(),
        ),
        attribution_share: round4(ratios[names.len()].pooled()),
        attribution_share_interval: intervals
            .as_ref()
            .and_then(|iv| iv.get(names.len()))
            .copied()
            .map(round_interval),
        distinctive_terms: distinctive.iter().map(|d| d.term.clone()).collect(),
        distinctive_scores: distinctive,
        numbers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, outlet: Option<&str>, text: &str) -> Article {
        Article {
            outlet: outlet.map(str::to_owned),
            ..Article::plain(id, text)
        }
    }

    fn corpus() -> Vec<Article> {
        vec![
            article(
                "b1",
                Some("Beta"),
                "The regime crushed the protest. The regime lied.",
            ),
            article(
                "a1",
                Some("Alpha"),
                "The minister said troops arrived. Officials said more troops came.",
            ),
            article(
                "a2",
                Some("Alpha"),
                "Troops left on Monday, the ministry said. Nothing else happened.",
            ),
            article("n1", None, "Unsigned text about troops."),
        ]
    }

    #[test]
    fn outlets_are_profiled_in_name_order_with_rates_per_thousand_words() {
        let profiles = profile_outlets(
            &corpus(),
            &[],
            Lexicon::builtin(),
            &ProfileOptions::default(),
        );
        let names: Vec<Option<&str>> = profiles.iter().map(|p| p.outlet.as_deref()).collect();
        assert_eq!(names, [Some("Alpha"), Some("Beta"), None]);
        let beta = &profiles[1];
        assert!(beta.single_article && beta.framing_interval.is_none());
        assert_eq!(beta.words, 8);
        assert_eq!(beta.framing_occurrences.get("loaded"), Some(&2));
        assert_eq!(beta.framing.get("loaded"), Some(&250.0));
        assert_eq!(beta.attribution_share, 0.0);
        let alpha = &profiles[0];
        assert_eq!(alpha.articles, 2);
        assert_eq!(alpha.attribution_share, 0.75);
        let interval = alpha.attribution_share_interval.unwrap();
        assert!(interval.low <= 0.75 && 0.75 <= interval.high);
        assert_eq!(profiles[2].framing.get("loaded"), Some(&0.0));
    }

    #[test]
    fn profiles_are_the_same_on_every_run() {
        let a = profile_outlets(
            &corpus(),
            &[],
            Lexicon::builtin(),
            &ProfileOptions::default(),
        );
        let b = profile_outlets(
            &corpus(),
            &[],
            Lexicon::builtin(),
            &ProfileOptions::default(),
        );
        assert_eq!(a, b);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
    }

    #[test]
    fn figure_offsets_are_found_in_bytes() {
        let text = "Ét 2 ö 30";
        let claim = |start: usize, attributed: bool| {
            let models = crate::claims::ClaimModels::builtin();
            let source = [article("x", None, "The ministry said 2,500 troops came.")];
            let mut c = crate::claims::extract_corpus(&source, models)
                .pop()
                .expect("the sample sentence holds a figure");
            c.span = [start, start + 1];
            c.attribution = attributed.then(|| "ministry".into());
            c
        };
        let (a, b, c) = (claim(3, true), claim(7, true), claim(0, false));
        assert_eq!(attributed_offsets(text, &[&b, &a, &c]), [4, 9]);
    }
}

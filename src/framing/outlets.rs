//! Outlet profiles: per-article scores summed per outlet, with bootstrap intervals,
//! distinctive terms and how the outlet's figures are worded.

use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::claims::{Claim, ClaimModels, Qualifier};
use crate::corpus::Article;

use super::bootstrap::{self, BootstrapOptions, Interval, Ratio};
use super::lexicon::Lexicon;
use super::logodds::{distinctive_terms, CorpusCounts};
use super::matcher::{ArticleFraming, ArticleScore, FramingPass};
use crate::vectorize::{SharedCount, TermTotals, TfidfModel};

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

/// Byte offsets, in `text`, of the figures whose source the claims stage found.
fn attributed_offsets(text: &str, claims: &[&Claim]) -> Vec<usize> {
    let mut chars: Vec<usize> = claims
        .iter()
        .filter(|c| c.attribution.is_some() && !c.in_title)
        .map(|c| c.span[0])
        .collect();
    if chars.is_empty() {
        return chars;
    }
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

/// One article's score from what the lexicon found in its text, the text's sentences
/// (as the claims stage split them) and the article's claims (whose attributed figures
/// mark their sentences).
pub fn article_score(
    framing: ArticleFraming,
    text: &str,
    sentences: &[Range<usize>],
    claims: &[Claim],
) -> ArticleScore {
    let claims: Vec<&Claim> = claims.iter().collect();
    framing.score(sentences, &attributed_offsets(text, &claims))
}

/// Articles grouped by outlet, in the order profiles are given: by outlet name, the
/// articles without an outlet last.
pub struct OutletGroups<'a> {
    /// Each outlet (None: no outlet) with its articles' indices, in corpus order.
    pub groups: Vec<(Option<&'a str>, Vec<usize>)>,
    /// The group of each article.
    pub group_of: Vec<u32>,
}

impl<'a> OutletGroups<'a> {
    pub fn of(articles: &'a [Article]) -> Self {
        let mut by_name: BTreeMap<(bool, &str), Vec<usize>> = BTreeMap::new();
        for (i, a) in articles.iter().enumerate() {
            let key = match a.outlet.as_deref() {
                Some(name) => (false, name),
                None => (true, ""),
            };
            by_name.entry(key).or_default().push(i);
        }
        let mut group_of = vec![0u32; articles.len()];
        let groups = by_name
            .into_iter()
            .enumerate()
            .map(|(g, ((no_outlet, name), members))| {
                for &i in &members {
                    group_of[i] = g as u32;
                }
                ((!no_outlet).then_some(name), members)
            })
            .collect();
        Self { groups, group_of }
    }
}

/// The shortest word counted for distinctive terms, in characters: shorter ones are
/// mostly pieces of abbreviations and contractions ("u", "s", "dr").
pub const MIN_TERM_CHARS: u32 = 3;

/// Score every article and profile every outlet, sorted by outlet name (articles with
/// no outlet last): the words are counted and matched in one pass (the word count of
/// `vectorize`, with a [`FramingPass`] riding on it), sentences split in parallel. The
/// result is the same whatever the number of threads.
///
/// `analyze` makes the same from the count and the claims it shares with other stages,
/// through [`profile_outlets_from`].
pub fn profile_outlets(
    articles: &[Article],
    claims: &[Claim],
    lexicon: &Lexicon,
    options: &ProfileOptions,
) -> Vec<OutletProfile> {
    let outlets = OutletGroups::of(articles);
    let (framings, distinctive) = count_and_match(articles, &outlets, lexicon, options);
    let claims_of = claims_by_article(claims);
    let scores: Vec<ArticleScore> = articles
        .par_iter()
        .zip(framings)
        .map(|(a, framing)| {
            let own = claims_of.get(a.id.as_str()).map_or(&[][..], Vec::as_slice);
            let sentences = crate::text::sentences(&a.text);
            framing.score(&sentences, &attributed_offsets(&a.text, own))
        })
        .collect();
    profile_outlets_from(
        articles,
        claims,
        &outlets,
        scores,
        distinctive,
        lexicon,
        options,
    )
}

/// Find the claims of `articles` and profile every outlet: [`profile_outlets`] without
/// splitting the texts twice (the word count carries the lexicon matching, the claims
/// stage counts the attributed sentences as it splits them), as `analyze` does.
pub fn profile_articles(
    articles: &[Article],
    models: ClaimModels<'_>,
    lexicon: &Lexicon,
    options: &ProfileOptions,
) -> Vec<OutletProfile> {
    let outlets = OutletGroups::of(articles);
    let (framings, distinctive) = count_and_match(articles, &outlets, lexicon, options);
    let (claims, scores) = claims_and_scores(articles, models, framings);
    profile_outlets_from(
        articles,
        &claims,
        &outlets,
        scores,
        distinctive,
        lexicon,
        options,
    )
}

/// Count the words of `articles` with the lexicon matched over them: what the lexicon
/// found in each article, and each outlet's distinctive terms.
pub fn count_and_match(
    articles: &[Article],
    outlets: &OutletGroups<'_>,
    lexicon: &Lexicon,
    options: &ProfileOptions,
) -> (Vec<ArticleFraming>, Vec<Vec<DistinctiveTerm>>) {
    with_framed_count(articles, MIN_TERM_CHARS, lexicon, |count, framings| {
        (framings, distinctive_from_count(&count, outlets, options))
    })
}

/// Count the words of `articles` (those of at least `min_chars` characters are kept)
/// with the lexicon matched over the count's tables ([`FramingPass`]); `then` gets the
/// count and what the lexicon found in each article, in article order.
pub fn with_framed_count<R>(
    articles: &[Article],
    min_chars: u32,
    lexicon: &Lexicon,
    then: impl FnOnce(SharedCount<'_>, Vec<ArticleFraming>) -> R,
) -> R {
    TfidfModel::with_one_count(
        articles,
        min_chars,
        |table| FramingPass::new(lexicon, table),
        then,
    )
}

/// The claims of `articles` and each article's score, its attributed sentences counted
/// from the sentences the claims stage splits.
pub fn claims_and_scores(
    articles: &[Article],
    models: ClaimModels<'_>,
    framings: Vec<ArticleFraming>,
) -> (Vec<Claim>, Vec<ArticleScore>) {
    crate::claims::extract_corpus_with(
        articles,
        models,
        framings,
        |article, framing, sentences, claims| {
            article_score(framing, &article.text, sentences, claims)
        },
    )
}

/// Each article's claims, by article id.
fn claims_by_article(claims: &[Claim]) -> FxHashMap<&str, Vec<&Claim>> {
    let mut claims_of: FxHashMap<&str, Vec<&Claim>> = FxHashMap::default();
    for c in claims {
        claims_of.entry(c.article.as_str()).or_default().push(c);
    }
    claims_of
}

/// A group's distinctive terms, strongest first, from its (stem index, occurrences) and
/// the corpus totals ([`SharedCount::group_terms`]): all an outlet profile keeps of the
/// term counts, made as each group is counted so that the counts are never all held.
///
/// [`SharedCount::group_terms`]: crate::vectorize::SharedCount::group_terms
pub fn distinctive_of(
    corpus: &TermTotals<'_>,
    group: &[(u32, u64)],
    options: &ProfileOptions,
) -> Vec<DistinctiveTerm> {
    let counts = CorpusCounts {
        stems: &corpus.stems,
        counts: &corpus.totals,
        total: corpus.total,
    };
    distinctive_terms(group, counts, options.min_z, options.top_terms)
        .into_iter()
        .map(|d| DistinctiveTerm {
            term: corpus
                .surface
                .get(d.term as usize)
                .map_or(d.stem, |&w| w)
                .to_owned(),
            z: round4(d.z),
            count: d.count,
        })
        .collect()
}

/// Each outlet's distinctive terms (in the order of `outlets.groups`), read from a
/// shared word count of the same articles.
pub fn distinctive_from_count(
    count: &SharedCount<'_>,
    outlets: &OutletGroups<'_>,
    options: &ProfileOptions,
) -> Vec<Vec<DistinctiveTerm>> {
    let groups = outlets.groups.len();
    count
        .group_terms(
            &outlets.group_of,
            groups,
            MIN_TERM_CHARS,
            |corpus, group| distinctive_of(corpus, group, options),
        )
        .1
}

/// Profile every outlet of `outlets` from each article's score (by article index; an
/// article's outlet is the group of `outlets` holding it) and
/// each outlet's distinctive terms (in the order of `outlets.groups`).
pub fn profile_outlets_from(
    articles: &[Article],
    claims: &[Claim],
    outlets: &OutletGroups<'_>,
    mut scores: Vec<ArticleScore>,
    distinctive: Vec<Vec<DistinctiveTerm>>,
    lexicon: &Lexicon,
    options: &ProfileOptions,
) -> Vec<OutletProfile> {
    let claims_of = claims_by_article(claims);
    let mut distinctive = distinctive.into_iter();
    // Each outlet takes its articles' scores out of `scores` (an article is in one
    // outlet).
    let groups: Vec<_> = outlets
        .groups
        .iter()
        .map(|group| {
            let outlet_scores: Vec<ArticleScore> = group
                .1
                .iter()
                .filter_map(|&i| scores.get_mut(i).map(std::mem::take))
                .collect();
            (group, outlet_scores, distinctive.next().unwrap_or_default())
        })
        .collect();
    drop(scores);
    groups
        .into_par_iter()
        .map(|((name, members), outlet_scores, distinctive)| {
            let outlet = name.map(str::to_owned);
            let outlet_claims = members
                .iter()
                .flat_map(|&i| claims_of.get(articles[i].id.as_str()).into_iter().flatten())
                .copied();
            let numbers = NumberReporting::of(outlet_claims);
            let seed = bootstrap::seed_for(options.bootstrap.seed, outlet.as_deref().unwrap_or(""));
            profile(
                lexicon,
                outlet,
                &outlet_scores,
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

    /// Distinctive terms are read from titles as well as texts, and leave out words of
    /// fewer than three characters.
    #[test]
    fn distinctive_terms_count_title_words() {
        let mut articles = corpus();
        articles[0].title = Some("Junta, junta: the junta of junta".into());
        articles[1].title = Some("Us vs us: u.s. ok".into());
        let profiles = profile_outlets(
            &articles,
            &[],
            Lexicon::builtin(),
            &ProfileOptions {
                min_z: f64::NEG_INFINITY,
                top_terms: 100,
                ..ProfileOptions::default()
            },
        );
        let beta = &profiles[1];
        let junta = beta
            .distinctive_scores
            .iter()
            .find(|t| t.term == "junta")
            .expect("the title's word is a term");
        assert_eq!(junta.count, 4);
        let alpha = &profiles[0];
        assert!(alpha
            .distinctive_terms
            .iter()
            .all(|t| t.chars().count() >= 3));
        assert!(alpha.distinctive_terms.iter().any(|t| t == "troops"));
    }

    /// Matching on the shared count's tables gives, article by article, what scoring
    /// each text alone gives, on any number of threads; the distinctive terms do not
    /// depend on the threads or on counting shorter words first (as `analyze` does for
    /// topics); and profiling with the claims stage's sentences equals profiling with
    /// sentences split apart.
    #[test]
    fn framing_on_the_shared_count_equals_scoring_each_text_alone() {
        let words = [
            "The",
            "regime",
            "said",
            "“regime”",
            "May",
            "may",
            "Russia’s",
            "threats",
            "according",
            "to",
            "officials",
            "chaos",
            "troops",
            "it",
            "seems",
            "2,500",
            "stated",
            "\"puppet",
            "regime\"",
            "Regimes",
            "ox",
            "Қазақстан",
        ];
        let articles: Vec<Article> = (0..600usize)
            .map(|i| {
                let text: Vec<&str> = (0..14)
                    .map(|j| words[(i * 7 + j * j + i / 11) % words.len()])
                    .collect();
                Article {
                    title: (i % 3 == 0).then(|| format!("{} regime ox", words[i % words.len()])),
                    outlet: Some(format!("Outlet {}", i % 5)),
                    // Every fourth article gives a figure with its source.
                    ..Article::plain(
                        &format!("a{i}"),
                        &format!(
                            "{}. {} said.{}",
                            text.join(" "),
                            text[..5].join(" "),
                            if i % 4 == 0 {
                                " Officials said 300 troops arrived."
                            } else {
                                ""
                            }
                        ),
                    )
                }
            })
            .collect();
        let lexicon = Lexicon::builtin();
        let outlets = OutletGroups::of(&articles);
        let options = ProfileOptions {
            min_z: f64::NEG_INFINITY,
            top_terms: 1000,
            ..ProfileOptions::default()
        };
        let run = |threads: usize, min_chars: u32| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                with_framed_count(&articles, min_chars, lexicon, |count, framings| {
                    (framings, distinctive_from_count(&count, &outlets, &options))
                })
            })
        };
        let (one, one_terms) = run(1, MIN_TERM_CHARS);
        let (four, four_terms) = run(4, MIN_TERM_CHARS);
        let (_, shorter_terms) = run(4, 2);
        let mut scorer = crate::framing::Scorer::new(lexicon);
        for (article, framing) in articles.iter().zip(&one) {
            assert_eq!(*framing, scorer.framing(&article.text), "{}", article.text);
        }
        assert_eq!(one, four);
        assert!(one.iter().any(|f| f.own.iter().sum::<u32>() > 0));
        assert!(one.iter().any(|f| f.quoted.iter().sum::<u32>() > 0));
        assert_eq!(one_terms, four_terms);
        assert_eq!(one_terms, shorter_terms);
        assert!(one_terms.iter().all(|terms| terms.len() > 3));
        let models = crate::claims::ClaimModels::builtin();
        let claims = crate::claims::extract_corpus(&articles, models);
        assert!(claims.iter().any(|c| c.attribution.is_some()));
        assert_eq!(
            profile_articles(&articles, models, lexicon, &options),
            profile_outlets(&articles, &claims, lexicon, &options)
        );
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

//! Cross-source alignment: which claims speak of the same quantity, and do they agree,
//! conflict, or show a change over time?
//!
//! Owns grouping ([`group_claims`]) and verdicts. Claims meet when their measure
//! matches, their counted nouns are of one class (`models/align.toml`: troops ≈
//! personnel, militants ≈ fighters; never troops vs militants), their subjects share
//! enough stemmed terms (fuzzy, so "collective rapid-reaction force" meets "Rapid
//! Reaction Force"), their named entities and places do not differ, and their scopes are
//! compatible (a deployment never meets the force it was drawn from). Grouping never
//! compares all pairs: claims are blocked by measure and indexed by subject term.
//!
//! Pure: no IO. Does not read text (that is `claims`) or format reports (`report`).

mod explain;
mod model;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use crate::claims::{Claim, Measure, Scope};
use crate::corpus::ArticleId;
use crate::date::PartialDate;

pub use model::AlignModel;

/// How a group's figures relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Disjoint figures for the same time.
    Conflict,
    /// Disjoint figures for clearly different times.
    Changed,
    /// Overlapping figures.
    Agree,
    /// One claim: a figure nobody else gives.
    Single,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Conflict => "conflict",
            Verdict::Changed => "changed",
            Verdict::Agree => "agree",
            Verdict::Single => "single",
        }
    }
}

/// Why two claims of a group got their verdict.
#[derive(Debug, Clone, Serialize)]
pub struct PairReason {
    pub a: String,
    pub b: String,
    pub verdict: Verdict,
    /// Relative gap between the two figures' values (0 when their intervals overlap).
    pub apart: f64,
    pub days_apart: Option<i64>,
    pub reason: String,
}

/// One value of a group with the sources behind it.
#[derive(Debug, Clone, Serialize)]
pub struct ValueSupport {
    pub value: f64,
    /// The first wording of the value, as written.
    pub text: String,
    pub outlets: Vec<String>,
    pub articles: usize,
    /// Outlets after merging identical quotes (wire copies): the count of independent
    /// sources.
    pub independent_sources: usize,
    pub claims: Vec<String>,
}

/// Claims that speak of one quantity, with their verdict.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimGroup {
    pub id: String,
    pub subject: String,
    pub measure: Measure,
    pub verdict: Verdict,
    pub claims: Vec<String>,
    /// Relative difference between the most distant values: (max − min) / max.
    pub spread: f64,
    pub explanation: String,
    pub values: Vec<ValueSupport>,
    pub pairs: Vec<PairReason>,
    /// Groups sizing a body this group's deployment was drawn from, or the reverse.
    pub related: Vec<String>,
}

/// How alike two articles' stories are, in [0, 1] (e.g. the cosine of their TF-IDF
/// signatures). Figures from unrelated stories that share no named entity never meet.
pub trait StorySimilarity: Sync {
    fn similarity(&self, a: &ArticleId, b: &ArticleId) -> f32;
}

/// Options the command line may change.
#[derive(Debug, Clone, Copy)]
pub struct AlignOptions {
    /// Disjoint figures further apart in time than this changed; closer, they conflict.
    pub window_days: i64,
    /// Extra relative room for figures given in different units of one measure.
    pub conversion_tolerance: f64,
}

/// What grouping compares for one claim.
#[derive(Debug)]
struct Key {
    measure: Measure,
    part: bool,
    class: Option<String>,
    generic: bool,
    terms: BTreeSet<String>,
    entities: BTreeSet<String>,
    place: Option<String>,
    scope: Scope,
}

/// Stems words, remembering each distinct word: stemming per token is the cost.
struct StemCache {
    stemmer: Stemmer,
    memo: HashMap<String, String>,
}

impl StemCache {
    fn new() -> Self {
        Self {
            stemmer: Stemmer::create(Algorithm::English),
            memo: HashMap::new(),
        }
    }
    fn stem(&mut self, word: &str) -> String {
        if let Some(s) = self.memo.get(word) {
            return s.clone();
        }
        let s = self.stemmer.stem(word).into_owned();
        self.memo.insert(word.to_owned(), s.clone());
        s
    }
}

fn key_of(claim: &Claim, model: &AlignModel, stems: &mut StemCache) -> Key {
    let counted = claim.counted.as_deref().map(str::to_lowercase);
    let class = counted
        .as_deref()
        .map(|c| model.class_of(c, |w| w.to_owned()));
    let generic = counted.as_deref().is_some_and(|c| model.is_generic(c));
    let mut subject = claim.subject.clone();
    if claim.scope == Scope::Part {
        // "air force (Turkmen Army troops)": a part is named by its own words; the
        // whole it belongs to would make every part of one army meet.
        if let Some(cut) = subject.find(" (") {
            subject.truncate(cut);
        }
    }
    if let Some(place) = &claim.place {
        if let Some(cut) = subject.rfind(&format!(" in {place}")) {
            subject.truncate(cut);
        }
    }
    let counted_words: HashSet<String> = counted
        .iter()
        .flat_map(|c| c.split_whitespace().map(str::to_owned))
        .collect();
    let mut terms = BTreeSet::new();
    for word in subject
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '(' | ')' | ',' | '’' | '\'' | '‘'))
    {
        let w = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if w.is_empty() || model.is_stopword(&w) || counted_words.contains(&w) || w == "s" {
            continue;
        }
        terms.insert(stems.stem(&w));
    }
    // "1,500 Uzbeks": a counted noun that is a name is a subject by itself.
    if terms.is_empty() {
        if let Some(c) = claim
            .counted
            .as_deref()
            .filter(|c| c.chars().next().is_some_and(char::is_uppercase))
        {
            terms.insert(stems.stem(&c.to_lowercase()));
        }
    }
    Key {
        measure: claim.measure,
        part: claim.scope == Scope::Part,
        class,
        generic,
        terms,
        entities: claim.entities.iter().cloned().collect(),
        place: claim.place.as_ref().map(|p| p.to_lowercase()),
        scope: claim.scope,
    }
}

/// Whether two claims speak of the same quantity.
fn same_quantity(
    a: &Key,
    b: &Key,
    ca: &Claim,
    cb: &Claim,
    model: &AlignModel,
    story: Option<&dyn StorySimilarity>,
) -> bool {
    if a.measure != b.measure || a.part != b.part {
        return false;
    }
    if self_contradiction(ca, cb) {
        return false;
    }
    let classes_meet = match (&a.class, &b.class) {
        (Some(x), Some(y)) => x == y || a.generic || b.generic,
        (None, None) => true,
        _ => false,
    };
    if !classes_meet {
        return false;
    }
    if matches!(
        (a.scope, b.scope),
        (Scope::Deployment, Scope::Total) | (Scope::Total, Scope::Deployment)
    ) {
        return false;
    }
    if !a.entities.is_empty() && !b.entities.is_empty() && a.entities.is_disjoint(&b.entities) {
        return false;
    }
    if let (Some(x), Some(y)) = (&ca.actor, &cb.actor) {
        if x != y {
            return false;
        }
    }
    if let (Some(pa), Some(pb)) = (&a.place, &b.place) {
        if pa != pb {
            return false;
        }
    }
    // A figure repeated in one article, once named and once bare, is one quantity.
    if ca.article == cb.article && (a.terms.is_empty() || b.terms.is_empty()) {
        return (a.class == b.class || a.generic || b.generic)
            && (ca.base_value - cb.base_value).abs() <= 1e-9 * ca.base_value.abs().max(1.0);
    }
    if a.terms.is_empty() || b.terms.is_empty() {
        return false;
    }
    if (a.generic || b.generic) && a.class != b.class && a.terms.is_empty() {
        return false;
    }
    let shared = a.terms.intersection(&b.terms).count();
    let smaller = a.terms.len().min(b.terms.len());
    let containment = shared as f64 / smaller as f64;
    let subjects_meet = containment >= model.min_containment
        && (shared >= model.min_shared_terms || smaller == 1 && shared == 1);
    if !subjects_meet {
        return false;
    }
    // Subjects recur across unrelated stories ("crew members", "Russian nationals",
    // even "United States"): across articles, the two must tell a related story.
    match story {
        Some(s) if ca.article != cb.article => {
            s.similarity(&ca.article, &cb.article) >= model.min_story_similarity
        }
        _ => true,
    }
}

/// A writer does not contradict themselves in one breath: two different figures for
/// the same time in one article are two quantities ("2,000 troops in Syria, 25,000 in
/// the region"), never one quantity in conflict.
fn self_contradiction(a: &Claim, b: &Claim) -> bool {
    a.article == b.article && !intervals_overlap(a, b, 0.0) && same_time(a, b)
}

fn same_time(a: &Claim, b: &Claim) -> bool {
    match (a.time, b.time) {
        (Some(x), Some(y)) => days_between(x, y) == 0,
        _ => true,
    }
}

/// Whether the intervals two claims allow overlap, with `room` (relative) added to each.
fn intervals_overlap(a: &Claim, b: &Claim, room: f64) -> bool {
    let lo_a = a.base_low.map(|v| v - v.abs() * room);
    let hi_a = a.base_high.map(|v| v + v.abs() * room);
    let lo_b = b.base_low.map(|v| v - v.abs() * room);
    let hi_b = b.base_high.map(|v| v + v.abs() * room);
    let a_below_b = matches!((hi_a, lo_b), (Some(h), Some(l)) if h < l);
    let b_below_a = matches!((hi_b, lo_a), (Some(h), Some(l)) if h < l);
    !a_below_b && !b_below_a
}

/// Union-find over claim indices.
struct Components {
    parent: Vec<usize>,
    /// The articles of each component, kept at its root, so that a merge can check
    /// that every story involved is related (no chaining across stories).
    articles: Vec<Vec<usize>>,
    /// The claims of each component, at its root.
    members: Vec<Vec<usize>>,
}

/// Most articles of a component checked against another's when merging.
const MAX_STORY_CHECKS: usize = 32;

impl Components {
    fn new(article_of: &[usize]) -> Self {
        Self {
            parent: (0..article_of.len()).collect(),
            articles: article_of.iter().map(|&a| vec![a]).collect(),
            members: (0..article_of.len()).map(|i| vec![i]).collect(),
        }
    }

    /// Whether merging the components of `a` and `b` keeps every pair of their claims
    /// acceptable (`compatible`), checking at most `MAX_STORY_CHECKS` of each side.
    fn members_meet(
        &mut self,
        a: usize,
        b: usize,
        compatible: impl Fn(usize, usize) -> bool,
    ) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        let xs = &self.members[ra];
        let ys = &self.members[rb];
        xs.iter()
            .take(MAX_STORY_CHECKS)
            .all(|&x| ys.iter().take(MAX_STORY_CHECKS).all(|&y| compatible(x, y)))
    }

    /// Whether the articles of the components of `a` and `b` all tell related stories.
    fn stories_meet(&mut self, a: usize, b: usize, related: impl Fn(usize, usize) -> bool) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        let xs = &self.articles[ra];
        let ys = &self.articles[rb];
        xs.iter().take(MAX_STORY_CHECKS).all(|&x| {
            ys.iter()
                .take(MAX_STORY_CHECKS)
                .all(|&y| x == y || related(x, y))
        })
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo;
            let moved_members = std::mem::take(&mut self.members[hi]);
            self.members[lo].extend(moved_members);
            let moved = std::mem::take(&mut self.articles[hi]);
            for x in moved {
                if !self.articles[lo].contains(&x) {
                    self.articles[lo].push(x);
                }
            }
        }
    }
}

/// A term shared by more claims than this is too common to find partners by.
const MAX_POSTINGS: usize = 5000;

/// Group claims that speak of the same quantity and give each group its verdict.
/// Every claim lands in exactly one group; groups come conflicts first, then changed,
/// agree and single.
pub fn group_claims(
    claims: &[Claim],
    model: &AlignModel,
    options: &AlignOptions,
    story: Option<&dyn StorySimilarity>,
) -> Vec<ClaimGroup> {
    let mut stems = StemCache::new();
    let keys: Vec<Key> = claims
        .iter()
        .map(|c| key_of(c, model, &mut stems))
        .collect();
    // Articles as small integers, for the story checks at merge time.
    let mut article_ids: Vec<ArticleId> = Vec::new();
    let mut article_index: HashMap<&ArticleId, usize> = HashMap::new();
    let article_of: Vec<usize> = claims
        .iter()
        .map(|c| {
            *article_index.entry(&c.article).or_insert_with(|| {
                article_ids.push(c.article.clone());
                article_ids.len() - 1
            })
        })
        .collect();
    let mut components = Components::new(&article_of);

    // Block by measure and part-ness; inside a block, index by subject term and by
    // article (for bare repetitions).
    let mut blocks: BTreeMap<(Measure, bool), Vec<usize>> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        blocks.entry((k.measure, k.part)).or_default().push(i);
    }
    // `seen[j]` is the claim that last met `j`, plus one: each pair is tried once.
    let mut seen = vec![0usize; claims.len()];
    let mut candidates: Vec<usize> = Vec::new();
    for members in blocks.values() {
        let mut by_term: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_article: HashMap<&str, Vec<usize>> = HashMap::new();
        for &i in members {
            for t in &keys[i].terms {
                by_term.entry(t.as_str()).or_default().push(i);
            }
            by_article
                .entry(claims[i].article.0.as_str())
                .or_default()
                .push(i);
        }
        // Lists hold block members in ascending order: a claim meets the later ones.
        fn later(list: &[usize], i: usize) -> &[usize] {
            &list[list.partition_point(|&j| j <= i)..]
        }
        for &i in members {
            candidates.clear();
            for t in &keys[i].terms {
                if let Some(list) = by_term.get(t.as_str()).filter(|l| l.len() <= MAX_POSTINGS) {
                    candidates.extend_from_slice(later(list, i));
                }
            }
            if let Some(list) = by_article.get(claims[i].article.0.as_str()) {
                candidates.extend_from_slice(later(list, i));
            }
            for &j in &candidates {
                if seen[j] != i + 1
                    && {
                        seen[j] = i + 1;
                        components.find(i) != components.find(j)
                    }
                    && same_quantity(&keys[i], &keys[j], &claims[i], &claims[j], model, story)
                    && components
                        .members_meet(i, j, |x, y| !self_contradiction(&claims[x], &claims[y]))
                    && components.stories_meet(i, j, |x, y| match story {
                        Some(s) => {
                            s.similarity(&article_ids[x], &article_ids[y])
                                >= model.min_story_similarity
                        }
                        None => true,
                    })
                {
                    components.union(i, j);
                }
            }
        }
    }

    let mut members_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..claims.len() {
        let root = components.find(i);
        members_of.entry(root).or_default().push(i);
    }
    // Groups are judged independently: in parallel, collected in order.
    let members_of: Vec<Vec<usize>> = members_of.into_values().collect();
    let mut groups: Vec<ClaimGroup> = members_of
        .par_iter()
        .map(|m| judge(m, claims, &keys, options))
        .collect();
    groups.sort_by(|a, b| {
        a.verdict
            .cmp(&b.verdict)
            .then(b.claims.len().cmp(&a.claims.len()))
            .then(b.spread.total_cmp(&a.spread))
            .then(a.subject.cmp(&b.subject))
            .then(a.claims.cmp(&b.claims))
    });
    for (n, g) in groups.iter_mut().enumerate() {
        g.id = format!("g{:04}", n + 1);
    }
    link_related(&mut groups, claims, &keys);
    groups
}

/// Days between two partial dates: 0 when their spans overlap.
pub fn days_between(a: PartialDate, b: PartialDate) -> i64 {
    if a.last_day() < b.first_day() {
        b.first_day() - a.last_day()
    } else if b.last_day() < a.first_day() {
        a.first_day() - b.last_day()
    } else {
        0
    }
}

/// Compare two claims: overlap means agreement; disjoint figures conflict within the
/// time window and changed beyond it.
fn compare(a: &Claim, b: &Claim, options: &AlignOptions) -> PairReason {
    let room = if a.unit != b.unit {
        options.conversion_tolerance
    } else {
        0.0
    };
    let overlap = intervals_overlap(a, b, room);
    let (small, large) = if a.base_value <= b.base_value {
        (a.base_value, b.base_value)
    } else {
        (b.base_value, a.base_value)
    };
    let apart = if overlap || large == 0.0 {
        0.0
    } else {
        (large - small) / large.abs()
    };
    let days = match (a.time, b.time) {
        (Some(x), Some(y)) => Some(days_between(x, y)),
        _ => None,
    };
    let verdict = if overlap {
        Verdict::Agree
    } else if days.is_some_and(|d| d > options.window_days) {
        Verdict::Changed
    } else {
        Verdict::Conflict
    };
    let reason = match verdict {
        Verdict::Agree => "the intervals the wordings allow overlap".to_owned(),
        Verdict::Changed => format!(
            "{:.1} % apart and {} apart in time",
            apart * 100.0,
            explain::duration_words(days.unwrap_or(0))
        ),
        Verdict::Conflict => match days {
            Some(d) => format!(
                "{:.1} % apart within {} of each other",
                apart * 100.0,
                explain::duration_words(d.max(1))
            ),
            None => format!(
                "{:.1} % apart; the time of one figure is unknown",
                apart * 100.0
            ),
        },
        Verdict::Single => String::new(),
    };
    PairReason {
        a: a.id.clone(),
        b: b.id.clone(),
        verdict,
        apart,
        days_apart: days,
        reason,
    }
}

/// Most pairs compared inside one group; larger groups compare each claim with the
/// group's extremes instead of with every other claim.
const MAX_PAIRWISE: usize = 60;

fn judge(members: &[usize], claims: &[Claim], keys: &[Key], options: &AlignOptions) -> ClaimGroup {
    let group_claims: Vec<&Claim> = members.iter().map(|&i| &claims[i]).collect();
    let mut pairs = Vec::new();
    if group_claims.len() <= MAX_PAIRWISE {
        for i in 0..group_claims.len() {
            for j in i + 1..group_claims.len() {
                pairs.push(compare(group_claims[i], group_claims[j], options));
            }
        }
    } else {
        let lo = group_claims
            .iter()
            .min_by(|a, b| a.base_value.total_cmp(&b.base_value))
            .copied();
        let hi = group_claims
            .iter()
            .max_by(|a, b| a.base_value.total_cmp(&b.base_value))
            .copied();
        for c in &group_claims {
            for extreme in [lo, hi].into_iter().flatten() {
                if extreme.id != c.id {
                    pairs.push(compare(c, extreme, options));
                }
            }
        }
    }
    let verdict = if group_claims.len() == 1 {
        Verdict::Single
    } else {
        pairs
            .iter()
            .map(|p| p.verdict)
            .min()
            .unwrap_or(Verdict::Agree)
    };
    let min = group_claims
        .iter()
        .map(|c| c.base_value)
        .fold(f64::INFINITY, f64::min);
    let max = group_claims
        .iter()
        .map(|c| c.base_value)
        .fold(f64::NEG_INFINITY, f64::max);
    let spread = if max.abs() > 0.0 {
        (max - min) / max.abs()
    } else {
        0.0
    };
    // The most specific subject names the group.
    let subject_claim = members
        .iter()
        .max_by_key(|&&i| {
            (
                claims[i].entities.len(),
                keys[i].terms.len(),
                std::cmp::Reverse(claims[i].id.clone()),
            )
        })
        .map(|&i| &claims[i]);
    let subject = subject_claim.map(|c| c.subject.clone()).unwrap_or_default();
    let values = explain::value_support(&group_claims);
    let explanation = explain::explain(verdict, &group_claims, &values, &pairs);
    ClaimGroup {
        id: String::new(),
        subject,
        measure: group_claims[0].measure,
        verdict,
        claims: group_claims.iter().map(|c| c.id.clone()).collect(),
        spread,
        explanation,
        values,
        pairs: pairs
            .into_iter()
            .filter(|p| p.verdict != Verdict::Agree || members.len() <= 6)
            .collect(),
        related: Vec::new(),
    }
}

/// A deployment group is related to a total group of the same measure whose subject
/// shares a named entity or two terms with it ("2,500 troops sent to Kazakhstan" beside "the
/// peacekeeping force totals 4,200"). Total groups are indexed by measure and term, and by
/// measure and entity, so each deployment meets only the groups it shares something with.
fn link_related(groups: &mut [ClaimGroup], claims: &[Claim], keys: &[Key]) {
    let index: HashMap<&str, usize> = claims
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let members: Vec<Vec<usize>> = groups
        .iter()
        .map(|g| {
            g.claims
                .iter()
                .filter_map(|id| index.get(id.as_str()).copied())
                .collect()
        })
        .collect();
    // A group's scope is that of its last claim with one.
    let scope_of = |g: usize| {
        members[g]
            .iter()
            .rev()
            .map(|&i| keys[i].scope)
            .find(|&s| s != Scope::Unspecified)
            .unwrap_or(Scope::Unspecified)
    };
    let scopes: Vec<Scope> = (0..groups.len()).map(scope_of).collect();
    let words_of = |g: usize, pick: fn(&Key) -> &BTreeSet<String>| -> BTreeSet<&str> {
        members[g]
            .iter()
            .flat_map(|&i| pick(&keys[i]).iter().map(String::as_str))
            .collect()
    };
    let mut by_term: HashMap<(Measure, &str), Vec<usize>> = HashMap::new();
    let mut by_entity: HashMap<(Measure, &str), Vec<usize>> = HashMap::new();
    for t in (0..groups.len()).filter(|&t| scopes[t] == Scope::Total) {
        let measure = groups[t].measure;
        for term in words_of(t, |k| &k.terms) {
            by_term.entry((measure, term)).or_default().push(t);
        }
        for entity in words_of(t, |k| &k.entities) {
            by_entity.entry((measure, entity)).or_default().push(t);
        }
    }
    let mut shared_terms = vec![0u32; groups.len()];
    let mut touched: Vec<usize> = Vec::new();
    for d in (0..groups.len()).filter(|&d| scopes[d] == Scope::Deployment) {
        let measure = groups[d].measure;
        let mut partners: Vec<usize> = Vec::new();
        for entity in words_of(d, |k| &k.entities) {
            if let Some(list) = by_entity.get(&(measure, entity)) {
                partners.extend(list);
            }
        }
        for term in words_of(d, |k| &k.terms) {
            for &t in by_term.get(&(measure, term)).into_iter().flatten() {
                if shared_terms[t] == 0 {
                    touched.push(t);
                }
                shared_terms[t] += 1;
            }
        }
        for t in touched.drain(..) {
            if shared_terms[t] >= 2 {
                partners.push(t);
            }
            shared_terms[t] = 0;
        }
        partners.sort_unstable();
        partners.dedup();
        for t in partners {
            let (dg, tg) = (groups[d].id.clone(), groups[t].id.clone());
            groups[d].related.push(tg);
            groups[t].related.push(dg);
        }
    }
}

#[cfg(test)]
mod tests;

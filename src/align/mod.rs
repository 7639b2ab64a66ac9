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
//! `keys.rs` reads each claim once into integer keys and holds the pairwise rule;
//! `block.rs` finds each claim's candidates and merges components.
//!
//! Pure: no IO. Does not read text (that is `claims`) or format reports (`report`).

mod block;
mod explain;
mod keys;
mod model;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use keys::{Keys, Rules};

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
    pub a: Arc<str>,
    pub b: Arc<str>,
    pub verdict: Verdict,
    /// Relative gap between the two figures' values (0 when their intervals overlap).
    pub apart: f64,
    pub days_apart: Option<i64>,
    pub reason: Box<str>,
}

/// One value of a group with the sources behind it.
#[derive(Debug, Clone, Serialize)]
pub struct ValueSupport {
    pub value: f64,
    /// The first wording of the value, as written.
    pub text: Arc<str>,
    pub outlets: Box<[Arc<str>]>,
    pub articles: usize,
    /// Outlets after merging identical quotes (wire copies): the count of independent
    /// sources.
    pub independent_sources: usize,
    pub claims: Box<[Arc<str>]>,
}

/// Claims that speak of one quantity, with their verdict.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimGroup {
    pub id: Box<str>,
    pub subject: Arc<str>,
    pub measure: Measure,
    pub verdict: Verdict,
    pub claims: Box<[Arc<str>]>,
    /// Relative difference between the most distant values: (max − min) / max.
    pub spread: f64,
    pub explanation: Box<str>,
    pub values: Box<[ValueSupport]>,
    pub pairs: Box<[PairReason]>,
    /// Groups sizing a body this group's deployment was drawn from, or the reverse.
    pub related: Vec<String>,
}

/// How alike two articles' stories are, in [0, 1] (e.g. the cosine of their TF-IDF
/// signatures). Figures from unrelated stories that share no named entity never meet.
///
/// Alignment asks for many pairs of few articles, so an article is looked up once, as a
/// dense handle, and pairs are compared by handle.
pub trait StorySimilarity: Sync {
    /// The handle of an article, or `None` when the similarity does not know it (an
    /// unknown article is related to none).
    fn handle(&self, article: &ArticleId) -> Option<usize>;
    /// How alike the stories of two articles are, by handle.
    fn similarity(&self, a: usize, b: usize) -> f32;
    /// Whether the article (by handle) names `agent` anywhere: a figure whose agent its
    /// sentence does not say may be that agent's only in an article that names it.
    /// Without the texts, every article may.
    fn names(&self, _article: usize, _agent: &str) -> bool {
        true
    }
}

/// Options the command line may change.
#[derive(Debug, Clone, Copy)]
pub struct AlignOptions {
    /// Disjoint figures further apart in time than this changed; closer, they conflict.
    pub window_days: i64,
    /// Extra relative room for figures given in different units of one measure.
    pub conversion_tolerance: f64,
}

/// A writer does not contradict themselves in one breath: two different figures for
/// the same time in one article are two quantities ("2,000 troops in Syria, 25,000 in
/// the region"), never one quantity in conflict. For two claims of one article (their
/// article ids are equal: callers know, so the names are not compared again).
fn self_contradiction(a: &Claim, b: &Claim) -> bool {
    !intervals_overlap(a, b, 0.0) && same_time(a, b)
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

/// Group claims that speak of the same quantity and give each group its verdict.
/// Every claim lands in exactly one group; groups come conflicts first, then changed,
/// agree and single.
pub fn group_claims(
    claims: &[Claim],
    model: &AlignModel,
    options: &AlignOptions,
    story: Option<&dyn StorySimilarity>,
) -> Vec<ClaimGroup> {
    let (keys, articles) = Keys::build(claims, model);
    let rules = Rules {
        claims,
        model,
        story: story.map(|s| (s, articles.iter().map(|a| s.handle(a)).collect())),
    };
    // Block by measure and part-ness, and rates by their base unit too ("USD/d" never
    // meets "m/d"): claims of different blocks never meet.
    let mut blocks: BTreeMap<(Measure, bool, Option<&str>), Vec<u32>> = BTreeMap::new();
    for (i, k) in keys.keys.iter().enumerate() {
        let rate_base = match k.measure {
            Measure::Rate => claims.get(i).and_then(|c| c.base_unit.as_deref()),
            _ => None,
        };
        blocks
            .entry((k.measure, k.part, rate_base))
            .or_default()
            .push(i as u32);
    }
    // The root of each claim's component: its first claim.
    let mut root_of = vec![0u32; claims.len()];
    // Blocks are independent: in parallel, each also screening its pairs in parallel.
    let blocks: Vec<Vec<u32>> = blocks.into_values().collect();
    let roots: Vec<Vec<u32>> = blocks
        .par_iter()
        .map(|members| block::components(&keys.subset(members), &rules))
        .collect();
    for (members, roots) in blocks.iter().zip(&roots) {
        for (&i, &root) in members.iter().zip(roots) {
            root_of[i as usize] = members[root as usize];
        }
    }

    // Components in order of their roots (a root is its component's first claim), the
    // claims of each ascending, all in one list.
    let mut group_of = vec![0u32; claims.len()];
    let mut bounds: Vec<usize> = vec![0];
    for (i, &root) in root_of.iter().enumerate() {
        if root as usize == i {
            group_of[i] = bounds.len() as u32 - 1;
            bounds.push(0);
        }
        let g = group_of[root as usize];
        group_of[i] = g;
        bounds[g as usize + 1] += 1;
    }
    for g in 1..bounds.len() {
        bounds[g] += bounds[g - 1];
    }
    let mut fill = bounds.clone();
    let mut flat = vec![0usize; claims.len()];
    for (i, &g) in group_of.iter().enumerate() {
        flat[fill[g as usize]] = i;
        fill[g as usize] += 1;
    }
    drop((group_of, fill, root_of));
    let members_of: Vec<&[usize]> = bounds.windows(2).map(|w| &flat[w[0]..w[1]]).collect();
    // Each group's verdict, spread and naming claim, in parallel: all that its place
    // in the output needs, without writing any of its text yet.
    let assessed: Vec<Assessment> = members_of
        .par_iter()
        .map(|m| assess(m, claims, &keys, options))
        .collect();
    // Many groups share a subject: subjects are ranked once, then compared as numbers.
    let mut subject_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let subject_of: Vec<u32> = assessed
        .iter()
        .map(|a| {
            let next = subject_ids.len() as u32;
            *subject_ids
                .entry(&*claims[a.subject].subject)
                .or_insert(next)
        })
        .collect();
    let mut subjects: Vec<(&str, u32)> = subject_ids.into_iter().collect();
    subjects.par_sort_unstable();
    let mut subject_rank = vec![0u32; subjects.len()];
    for (r, &(_, id)) in subjects.iter().enumerate() {
        subject_rank[id as usize] = r as u32;
    }
    let order: Vec<usize> = {
        let mut places: Vec<Place> = members_of
            .iter()
            .zip(&assessed)
            .zip(&subject_of)
            .enumerate()
            .map(|(index, ((m, a), &s))| Place::of(index, m, a, subject_rank[s as usize], claims))
            .collect();
        places.par_sort_unstable();
        // Collected anew, not in place: reusing the places' allocation would keep it
        // (nine times the size) until the groups are built.
        places.iter().map(|p| p.index).collect()
    };
    // Groups are written in parallel in the order of their claims (reading the claims
    // in the order they lie in memory), each told its place, then moved to it in place:
    // a second vector of a corpus's groups (hundreds of megabytes) was the run's peak.
    let mut place_of = vec![0u32; order.len()];
    for (n, &k) in order.iter().enumerate() {
        place_of[k] = n as u32;
    }
    let mut groups: Vec<ClaimGroup> = members_of
        .par_iter()
        .zip(&assessed)
        .zip(&place_of)
        .map(|((m, a), &n)| build(n as usize, m, a, claims, options))
        .collect();
    permute_in_place(&mut groups, &mut place_of);
    let members: Vec<&[usize]> = order.iter().map(|&k| members_of[k]).collect();
    link_related(&mut groups, &members, &keys);
    groups
}

/// Moves each `items[k]` to `items[place_of[k]]` by swaps, without a second vector.
/// `place_of` must be a permutation of `0..items.len()`; it is left as the identity.
fn permute_in_place<T>(items: &mut [T], place_of: &mut [u32]) {
    debug_assert_eq!(items.len(), place_of.len());
    for i in 0..items.len() {
        // Each swap settles the item it sends away, so a cycle of length L takes L - 1.
        while place_of[i] as usize != i {
            let target = place_of[i] as usize;
            // Two items bound for one place would swap forever.
            assert_ne!(place_of[target] as usize, target, "not a permutation");
            items.swap(i, target);
            place_of.swap(i, target);
        }
    }
}

/// Where a group goes in the output: conflicts first, then changed, agree and single;
/// larger groups first, then wider spreads, then by subject (its rank among the
/// subjects) and claim ids; groups equal in all that keep the order of their first
/// claims. Claim ids are compared by the first bytes of the first one before the
/// strings are read: a sort of many groups then seldom leaves the keys.
struct Place<'g> {
    verdict: Verdict,
    size: usize,
    spread: f64,
    subject: u32,
    claims_head: u64,
    members: &'g [usize],
    claims: &'g [Claim],
    index: usize,
}

impl<'g> Place<'g> {
    fn of(
        index: usize,
        members: &'g [usize],
        assessed: &Assessment,
        subject: u32,
        claims: &'g [Claim],
    ) -> Self {
        let first = members.first().map_or("", |&i| &*claims[i].id);
        let mut head = [0; 8];
        let n = first.len().min(8);
        head[..n].copy_from_slice(&first.as_bytes()[..n]);
        Self {
            verdict: assessed.verdict,
            size: members.len(),
            spread: assessed.spread,
            subject,
            // Zero-padded: two heads that differ order as their strings do.
            claims_head: u64::from_be_bytes(head),
            members,
            claims,
            index,
        }
    }

    /// The group's claim ids, in its order.
    fn ids(&self) -> impl Iterator<Item = &'g str> + 'g {
        let claims = self.claims;
        self.members.iter().map(move |&i| &*claims[i].id)
    }
}

impl Ord for Place<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.verdict
            .cmp(&other.verdict)
            .then_with(|| other.size.cmp(&self.size))
            .then_with(|| other.spread.total_cmp(&self.spread))
            .then_with(|| self.subject.cmp(&other.subject))
            .then_with(|| self.claims_head.cmp(&other.claims_head))
            .then_with(|| self.ids().cmp(other.ids()))
            .then_with(|| self.index.cmp(&other.index))
    }
}

impl PartialOrd for Place<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Place<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Place<'_> {}

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

/// How two claims' figures relate: overlap means agreement; disjoint figures conflict
/// within the time window and changed beyond it.
struct Relation {
    verdict: Verdict,
    apart: f64,
    days: Option<i64>,
}

fn relate(a: &Claim, b: &Claim, options: &AlignOptions) -> Relation {
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
    // One article giving two figures for two different times reports a change, however
    // close the times ("5 percent last year", "13 percent now").
    let same_article_change = a.article == b.article && days.is_some_and(|d| d > 0);
    let verdict = if overlap {
        Verdict::Agree
    } else if same_article_change || days.is_some_and(|d| d > options.window_days) {
        Verdict::Changed
    } else {
        Verdict::Conflict
    };
    Relation {
        verdict,
        apart,
        days,
    }
}

/// The pair of `a` and `b` with the sentence saying why they relate as `r` says.
fn reason(a: &Claim, b: &Claim, r: &Relation) -> PairReason {
    let Relation {
        verdict,
        apart,
        days,
    } = *r;
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
        reason: reason.into(),
    }
}

/// Most pairs compared inside one group; larger groups compare each claim with the
/// group's extremes instead of with every other claim.
const MAX_PAIRWISE: usize = 60;

/// Calls `f` with each pair of a group's claims that judging compares, in order: every
/// pair of a small group; in a large one, each claim with the group's lowest and
/// highest figures.
fn for_each_pair<'c>(group: &[&'c Claim], mut f: impl FnMut(&'c Claim, &'c Claim)) {
    if group.len() <= MAX_PAIRWISE {
        for i in 0..group.len() {
            for j in i + 1..group.len() {
                f(group[i], group[j]);
            }
        }
    } else {
        let lo = group
            .iter()
            .min_by(|a, b| a.base_value.total_cmp(&b.base_value))
            .copied();
        let hi = group
            .iter()
            .max_by(|a, b| a.base_value.total_cmp(&b.base_value))
            .copied();
        for c in group {
            for extreme in [lo, hi].into_iter().flatten() {
                if extreme.id != c.id {
                    f(c, extreme);
                }
            }
        }
    }
}

/// What a group's place in the output and its name depend on.
struct Assessment {
    verdict: Verdict,
    /// Relative difference between the most distant values: (max − min) / max.
    spread: f64,
    /// The claim whose subject names the group.
    subject: usize,
}

fn assess(members: &[usize], claims: &[Claim], keys: &Keys, options: &AlignOptions) -> Assessment {
    let group: Vec<&Claim> = members.iter().map(|&i| &claims[i]).collect();
    let verdict = if group.len() == 1 {
        Verdict::Single
    } else {
        let mut worst = None;
        for_each_pair(&group, |a, b| {
            let v = relate(a, b, options).verdict;
            worst = Some(worst.map_or(v, |w: Verdict| w.min(v)));
        });
        worst.unwrap_or(Verdict::Agree)
    };
    let min = group
        .iter()
        .map(|c| c.base_value)
        .fold(f64::INFINITY, f64::min);
    let max = group
        .iter()
        .map(|c| c.base_value)
        .fold(f64::NEG_INFINITY, f64::max);
    let spread = if max.abs() > 0.0 {
        (max - min) / max.abs()
    } else {
        0.0
    };
    // The most specific subject names the group (the last of equals).
    let subject = members
        .iter()
        .copied()
        .max_by(|&x, &y| {
            (claims[x].entities.len(), keys.terms(x).len())
                .cmp(&(claims[y].entities.len(), keys.terms(y).len()))
                .then_with(|| claims[y].id.cmp(&claims[x].id))
        })
        .unwrap_or(members[0]);
    Assessment {
        verdict,
        spread,
        subject,
    }
}

/// The `n`th group (from 0) of the output, of the claims at `members`.
fn build(
    n: usize,
    members: &[usize],
    assessed: &Assessment,
    claims: &[Claim],
    options: &AlignOptions,
) -> ClaimGroup {
    let group: Vec<&Claim> = members.iter().map(|&i| &claims[i]).collect();
    let verdict = assessed.verdict;
    // Agreeing pairs are listed for small groups only: only those pairs get their
    // sentence (the explanation reads the pairs of the group's own verdict).
    let mut pairs = Vec::new();
    if group.len() > 1 {
        for_each_pair(&group, |a, b| {
            let r = relate(a, b, options);
            if r.verdict != Verdict::Agree || members.len() <= 6 {
                pairs.push(reason(a, b, &r));
            }
        });
    }
    let values = explain::value_support(&group);
    let explanation = explain::explain(verdict, &group, &values, &pairs);
    ClaimGroup {
        id: format!("g{:04}", n + 1).into(),
        subject: claims[assessed.subject].subject.clone(),
        measure: group[0].measure,
        verdict,
        claims: group.iter().map(|c| c.id.clone()).collect(),
        spread: assessed.spread,
        explanation: explanation.into(),
        values: values.into(),
        pairs: pairs.into(),
        related: Vec::new(),
    }
}

/// A deployment group is related to a total group of the same measure whose subject
/// shares a named entity or two terms with it ("2,500 troops sent to Kazakhstan" beside "the
/// peacekeeping force totals 4,200"). Total groups are indexed by measure and term, and by
/// measure and entity, so each deployment meets only the groups it shares something with.
/// `members` holds the claims of each group.
fn link_related(groups: &mut [ClaimGroup], members: &[&[usize]], keys: &Keys) {
    // A group's scope is that of its last claim with one.
    let scope_of = |g: usize| {
        members[g]
            .iter()
            .rev()
            .map(|&i| keys.keys[i].scope)
            .find(|&s| s != Scope::Unspecified)
            .unwrap_or(Scope::Unspecified)
    };
    let scopes: Vec<Scope> = (0..groups.len()).map(scope_of).collect();
    // The distinct term or entity ids of a group's claims.
    let words_of = |g: usize, pick: fn(&Keys, usize) -> &[u32]| -> Vec<u32> {
        let mut words: Vec<u32> = members[g]
            .iter()
            .flat_map(|&i| pick(keys, i).iter().copied())
            .collect();
        words.sort_unstable();
        words.dedup();
        words
    };
    let mut by_term: FxHashMap<(Measure, u32), Vec<usize>> = FxHashMap::default();
    let mut by_entity: FxHashMap<(Measure, u32), Vec<usize>> = FxHashMap::default();
    // Rates size no force: a rate is never the deployment or the total of another (and
    // rates of different base units must not meet here either).
    let sized: Vec<bool> = groups.iter().map(|g| g.measure != Measure::Rate).collect();
    for t in (0..groups.len()).filter(|&t| scopes[t] == Scope::Total && sized[t]) {
        let measure = groups[t].measure;
        for term in words_of(t, Keys::terms) {
            by_term.entry((measure, term)).or_default().push(t);
        }
        for entity in words_of(t, Keys::entities) {
            by_entity.entry((measure, entity)).or_default().push(t);
        }
    }
    let mut shared_terms = vec![0u32; groups.len()];
    let mut touched: Vec<usize> = Vec::new();
    for d in (0..groups.len()).filter(|&d| scopes[d] == Scope::Deployment && sized[d]) {
        let measure = groups[d].measure;
        let mut partners: Vec<usize> = Vec::new();
        for entity in words_of(d, Keys::entities) {
            if let Some(list) = by_entity.get(&(measure, entity)) {
                partners.extend(list);
            }
        }
        for term in words_of(d, Keys::terms) {
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
            let (dg, tg) = (groups[d].id.to_string(), groups[t].id.to_string());
            groups[d].related.push(tg);
            groups[t].related.push(dg);
        }
    }
}

#[cfg(test)]
mod tests;

//! What grouping compares for each claim, read once up front: the counted-noun class,
//! the stemmed subject terms, entities, place, actor and article, each interned to a
//! small integer. Millions of candidate pairs are then compared on integers and sorted
//! integer slices, never on strings.
//!
//! Owns the subject-term reading (which words of a subject count) and the pairwise
//! rule [`Keys::same_quantity`]. Not for the merge-time checks over whole components
//! (that is the union-find in `block.rs`).

use std::borrow::Cow;

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use super::{model::AlignModel, self_contradiction, StorySimilarity};
use crate::claims::{Claim, Measure, Scope};
use crate::corpus::ArticleId;

/// What grouping compares for one claim. Strings are interned: two ids are equal
/// exactly when the strings are.
#[derive(Debug, Clone, Copy)]
pub(super) struct Key {
    pub measure: Measure,
    pub part: bool,
    pub generic: bool,
    /// The counted noun is one of the model's classes or generic words, not just a
    /// common noun ("members", "leaders") that recurs across unrelated stories.
    pub declared: bool,
    pub scope: Scope,
    pub class: Option<u32>,
    pub place: Option<u32>,
    pub actor: Option<u32>,
    pub event: Option<u32>,
    pub article: u32,
    /// The claim's index in the claims given to grouping.
    pub claim: u32,
    /// The claim's value in its measure's base unit.
    pub value: f64,
    terms: Span,
    entities: Span,
}

/// A range of `Keys::terms` or `Keys::entities`.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn of(flat: &[u32], start: usize) -> Self {
        Self {
            start: start as u32,
            len: (flat.len() - start) as u32,
        }
    }
    fn slice(self, flat: &[u32]) -> &[u32] {
        &flat[self.start as usize..(self.start + self.len) as usize]
    }
}

/// The keys of a list of claims (all of them, or one block).
pub(super) struct Keys {
    pub keys: Vec<Key>,
    /// Each claim's subject terms: sorted, distinct ids numbered in the byte order of
    /// the stemmed terms, so a claim's terms come in the order a `BTreeSet<String>`
    /// would give them (candidate order, and so the grouping, depends on it).
    terms: Vec<u32>,
    /// Each claim's distinct entities, sorted by id.
    entities: Vec<u32>,
    /// How many distinct terms there are (term ids are below this).
    pub vocabulary: usize,
    /// The agents named by claims, by actor id (shared with the blocks' subsets).
    pub actors: std::sync::Arc<Vec<String>>,
}

/// What the pairwise rule reads besides the keys.
pub(super) struct Rules<'a> {
    pub claims: &'a [Claim],
    pub model: &'a AlignModel,
    /// The similarity and the handle it gives each article id.
    pub story: Option<(&'a dyn StorySimilarity, Vec<Option<usize>>)>,
}

impl Rules<'_> {
    /// Whether article `article` (id) names the agent `actor` (id) somewhere; always,
    /// without a similarity.
    pub fn names_agent(&self, article: u32, actor: u32, keys: &Keys) -> bool {
        match &self.story {
            Some((s, handles)) => {
                match (handles[article as usize], keys.actors.get(actor as usize)) {
                    (Some(a), Some(name)) => s.names(a, name),
                    _ => true,
                }
            }
            None => true,
        }
    }

    /// Whether two articles (ids) tell related stories; always, without a similarity.
    pub fn related(&self, a: u32, b: u32) -> bool {
        self.related_at(a, b, self.model.min_story_similarity)
    }

    /// `related`, with the bar for figures whose subjects share no named entity.
    pub fn related_unnamed(&self, a: u32, b: u32) -> bool {
        self.related_at(a, b, self.model.min_story_similarity_unnamed)
    }

    fn related_at(&self, a: u32, b: u32, bar: f32) -> bool {
        match &self.story {
            Some((s, handles)) => match (handles[a as usize], handles[b as usize]) {
                (Some(a), Some(b)) => s.similarity(a, b) >= bar,
                _ => false,
            },
            None => true,
        }
    }
}

/// Strings of one kind (stems, places, articles…) numbered in order of first sight.
#[derive(Default)]
struct Names<'c> {
    ids: FxHashMap<Cow<'c, str>, u32>,
}

impl<'c> Names<'c> {
    fn id(&mut self, name: Cow<'c, str>) -> u32 {
        if let Some(&id) = self.ids.get(name.as_ref()) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(name, id);
        id
    }

    /// The names, in order of their ids.
    fn in_order(&self) -> Vec<&str> {
        let mut names = vec![""; self.ids.len()];
        for (name, &id) in &self.ids {
            names[id as usize] = name;
        }
        names
    }
}

/// `s` in lower case, borrowed when it already is.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// What a counted noun as written says, read once per distinct noun.
struct Counted {
    lower: String,
    class: u32,
    generic: bool,
    declared: bool,
}

/// Stems words, remembering each distinct word: stemming per token is the cost.
struct Stems<'c> {
    stemmer: Stemmer,
    /// Lower-case word → term id.
    term_of: FxHashMap<String, u32>,
    names: Names<'c>,
}

impl Stems<'_> {
    /// The term id of a lower-case word.
    fn term(&mut self, word: &str) -> u32 {
        if let Some(&t) = self.term_of.get(word) {
            return t;
        }
        let t = self
            .names
            .id(Cow::Owned(self.stemmer.stem(word).into_owned()));
        self.term_of.insert(word.to_owned(), t);
        t
    }
}

/// The keys of a run of claims, with ids local to the run: its own stem cache and
/// names, so that runs are read in parallel.
struct Run<'c> {
    stems: Stems<'c>,
    counted: FxHashMap<&'c str, Counted>,
    classes: Names<'c>,
    places: Names<'c>,
    actors: Names<'c>,
    events: Names<'c>,
    entity_names: Names<'c>,
    articles: Names<'c>,
    keys: Vec<Key>,
    terms: Vec<u32>,
    entities: Vec<u32>,
}

impl<'c> Run<'c> {
    fn read(claims: &'c [Claim], first: usize, model: &AlignModel) -> Self {
        let mut run = Run {
            stems: Stems {
                stemmer: Stemmer::create(Algorithm::English),
                term_of: FxHashMap::default(),
                names: Names::default(),
            },
            counted: FxHashMap::default(),
            classes: Names::default(),
            places: Names::default(),
            actors: Names::default(),
            events: Names::default(),
            entity_names: Names::default(),
            articles: Names::default(),
            keys: Vec::with_capacity(claims.len()),
            terms: Vec::new(),
            entities: Vec::new(),
        };
        let mut in_place = String::new();
        for (k, claim) in claims.iter().enumerate() {
            run.push(claim, (first + k) as u32, model, &mut in_place);
        }
        run
    }

    fn push(&mut self, claim: &'c Claim, index: u32, model: &AlignModel, in_place: &mut String) {
        if let Some(c) = claim.counted.as_deref() {
            if !self.counted.contains_key(c) {
                let lower = c.to_lowercase();
                let class = self
                    .classes
                    .id(Cow::Owned(model.class_of(&lower, |w| w.to_owned())));
                let generic = model.is_generic(&lower);
                let declared = generic || model.has_class(&lower);
                self.counted.insert(
                    c,
                    Counted {
                        lower,
                        class,
                        generic,
                        declared,
                    },
                );
            }
        }
        let counted = claim.counted.as_deref().and_then(|c| self.counted.get(c));
        let (class, generic) = counted.map_or((None, false), |c| (Some(c.class), c.generic));
        let declared = counted.is_none_or(|c| c.declared);
        let counted_words = counted.map_or("", |c| c.lower.as_str());
        let mut subject: &str = &claim.subject;
        if claim.scope == Scope::Part {
            // "air force (Turkmen Army troops)": a part is named by its own words; the
            // whole it belongs to would make every part of one army meet.
            if let Some(cut) = subject.find(" (") {
                subject = &subject[..cut];
            }
        }
        if let Some(place) = &claim.place {
            in_place.clear();
            in_place.push_str(" in ");
            in_place.push_str(place);
            if let Some(cut) = subject.rfind(in_place.as_str()) {
                subject = &subject[..cut];
            }
        }
        let first_term = self.terms.len();
        for word in subject.split(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '(' | ')' | ',' | '’' | '\'' | '‘')
        }) {
            let w = lower(word.trim_matches(|c: char| !c.is_alphanumeric()));
            if w.is_empty()
                || model.is_stopword(&w)
                || counted_words.split_whitespace().any(|c| c == w)
                || w == "s"
            {
                continue;
            }
            let t = self.stems.term(&w);
            self.terms.push(t);
        }
        // "1,500 Uzbeks": a counted noun that is a name is a subject by itself.
        if self.terms.len() == first_term {
            if let Some(c) = claim
                .counted
                .as_deref()
                .filter(|c| c.chars().next().is_some_and(char::is_uppercase))
            {
                let t = self.stems.term(&c.to_lowercase());
                self.terms.push(t);
            }
        }
        let first_entity = self.entities.len();
        for e in &claim.entities {
            let id = self.entity_names.id(Cow::Borrowed(e));
            self.entities.push(id);
        }
        self.keys.push(Key {
            measure: claim.measure,
            part: claim.scope == Scope::Part,
            generic,
            declared,
            scope: claim.scope,
            class,
            place: claim.place.as_deref().map(|p| self.places.id(lower(p))),
            actor: claim
                .actor
                .as_deref()
                .map(|a| self.actors.id(Cow::Borrowed(a))),
            event: claim
                .event
                .as_deref()
                .map(|e| self.events.id(Cow::Borrowed(e))),
            article: self.articles.id(Cow::Borrowed(&claim.article.0)),
            claim: index,
            value: claim.base_value,
            terms: Span::of(&self.terms, first_term),
            entities: Span::of(&self.entities, first_entity),
        });
    }
}

/// Global ids for the local ids of each run's names, in order of first sight.
fn global_ids<'r>(
    runs: &'r [Run],
    names: impl Fn(&'r Run) -> &'r Names<'r>,
) -> (Vec<Vec<u32>>, Vec<&'r str>) {
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut all = Vec::new();
    let local = runs
        .iter()
        .map(|run| {
            names(run)
                .in_order()
                .into_iter()
                .map(|name| {
                    *ids.entry(name).or_insert_with(|| {
                        all.push(name);
                        all.len() as u32 - 1
                    })
                })
                .collect()
        })
        .collect();
    (local, all)
}

/// Claims read per parallel task: enough for the stem cache and names to pay.
const CLAIMS_PER_TASK: usize = 1 << 16;

impl Keys {
    /// The keys of all claims, indexed like the claims, and the article of each
    /// article id.
    pub fn build(claims: &[Claim], model: &AlignModel) -> (Self, Vec<ArticleId>) {
        // Reading subjects (lower-casing, stemming) is per claim: in parallel runs, each
        // numbering its own strings; the numbers are made global after.
        let runs: Vec<Run> = claims
            .par_chunks(CLAIMS_PER_TASK)
            .enumerate()
            .map(|(k, chunk)| Run::read(chunk, k * CLAIMS_PER_TASK, model))
            .collect();
        let (classes, _) = global_ids(&runs, |r| &r.classes);
        let (places, _) = global_ids(&runs, |r| &r.places);
        let (actors, actor_names) = global_ids(&runs, |r| &r.actors);
        let actor_names: Vec<String> = actor_names.into_iter().map(str::to_owned).collect();
        let (events, _) = global_ids(&runs, |r| &r.events);
        let (entity_ids, _) = global_ids(&runs, |r| &r.entity_names);
        let (article_ids, article_names) = global_ids(&runs, |r| &r.articles);
        let articles: Vec<ArticleId> = article_names
            .into_iter()
            .map(|a| ArticleId(a.into()))
            .collect();
        // Terms are numbered by byte order: a claim's terms, sorted by id, then come
        // in the order of their strings.
        let (term_ids, mut vocabulary) = global_ids(&runs, |r| &r.stems.names);
        let mut order: Vec<u32> = (0..vocabulary.len() as u32).collect();
        order.par_sort_unstable_by_key(|&t| vocabulary[t as usize]);
        let mut rank = vec![0u32; vocabulary.len()];
        for (r, &t) in order.iter().enumerate() {
            rank[t as usize] = r as u32;
        }
        vocabulary.clear();

        // Each run's keys in global ids, then all runs joined.
        let renumbered: Vec<(Vec<Key>, Vec<u32>, Vec<u32>)> = runs
            .par_iter()
            .enumerate()
            .map(|(r, run)| {
                let global = |ids: &[Vec<u32>], local: u32| ids[r][local as usize];
                let mut terms = Vec::with_capacity(run.terms.len());
                let mut entities = Vec::with_capacity(run.entities.len());
                let keys = run
                    .keys
                    .iter()
                    .map(|k| {
                        let first = terms.len();
                        terms.extend(
                            k.terms
                                .slice(&run.terms)
                                .iter()
                                .map(|&t| rank[global(&term_ids, t) as usize]),
                        );
                        terms[first..].sort_unstable();
                        dedup_tail(&mut terms, first);
                        let first_entity = entities.len();
                        entities.extend(
                            k.entities
                                .slice(&run.entities)
                                .iter()
                                .map(|&e| global(&entity_ids, e)),
                        );
                        entities[first_entity..].sort_unstable();
                        dedup_tail(&mut entities, first_entity);
                        Key {
                            class: k.class.map(|c| global(&classes, c)),
                            place: k.place.map(|p| global(&places, p)),
                            actor: k.actor.map(|a| global(&actors, a)),
                            event: k.event.map(|e| global(&events, e)),
                            article: global(&article_ids, k.article),
                            terms: Span::of(&terms, first),
                            entities: Span::of(&entities, first_entity),
                            ..*k
                        }
                    })
                    .collect();
                (keys, terms, entities)
            })
            .collect();
        drop(runs);
        let mut keys = Vec::with_capacity(claims.len());
        let mut terms = Vec::new();
        let mut entities = Vec::new();
        for (run_keys, run_terms, run_entities) in renumbered {
            let (term_base, entity_base) = (terms.len() as u32, entities.len() as u32);
            keys.extend(run_keys.into_iter().map(|mut k| {
                k.terms.start += term_base;
                k.entities.start += entity_base;
                k
            }));
            terms.extend(run_terms);
            entities.extend(run_entities);
        }
        let keys = Self {
            keys,
            terms,
            entities,
            vocabulary: rank.len(),
            actors: std::sync::Arc::new(actor_names),
        };
        (keys, articles)
    }

    /// The keys of the claims at `indices`, in that order, stored together: a block's
    /// pairs then read memory close together.
    pub fn subset(&self, indices: &[u32]) -> Self {
        let mut keys = Vec::with_capacity(indices.len());
        let mut terms = Vec::new();
        let mut entities = Vec::new();
        for &i in indices {
            let mut key = self.keys[i as usize];
            let first = terms.len();
            terms.extend_from_slice(self.terms(i as usize));
            key.terms = Span::of(&terms, first);
            let first = entities.len();
            entities.extend_from_slice(self.entities(i as usize));
            key.entities = Span::of(&entities, first);
            keys.push(key);
        }
        Self {
            keys,
            terms,
            entities,
            vocabulary: self.vocabulary,
            actors: self.actors.clone(),
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn terms(&self, i: usize) -> &[u32] {
        self.keys[i].terms.slice(&self.terms)
    }

    pub fn entities(&self, i: usize) -> &[u32] {
        self.keys[i].entities.slice(&self.entities)
    }

    /// Whether the claims of keys `x` and `y` speak of the same quantity. The cheapest
    /// integer checks come first: every check but the last two only rules a pair out,
    /// so their order does not matter.
    pub fn same_quantity(&self, x: usize, y: usize, rules: &Rules) -> bool {
        let (a, b) = (&self.keys[x], &self.keys[y]);
        if a.measure != b.measure || a.part != b.part {
            return false;
        }
        let classes_meet = match (a.class, b.class) {
            (Some(x), Some(y)) => x == y || a.generic || b.generic,
            (None, None) => true,
            _ => false,
        };
        if !classes_meet {
            return false;
        }
        if !scopes_meet(a.scope, b.scope) || !rules.model.comparable_sizes(a.value, b.value) {
            return false;
        }
        if matches!((a.actor, b.actor), (Some(x), Some(y)) if x != y)
            || matches!((a.event, b.event), (Some(x), Some(y)) if x != y)
        {
            return false;
        }
        if matches!((a.place, b.place), (Some(x), Some(y)) if x != y) {
            return false;
        }
        // "Ukraine ordered 13 Russians to leave" and "60 Russians are being expelled" in
        // an article that never names Ukraine: not Ukraine's figure.
        if a.article != b.article {
            let unnamed = match (a.actor, b.actor) {
                (Some(actor), None) => Some((b.article, actor)),
                (None, Some(actor)) => Some((a.article, actor)),
                _ => None,
            };
            if unnamed.is_some_and(|(article, actor)| !rules.names_agent(article, actor, self)) {
                return false;
            }
        }
        let (ea, eb) = (self.entities(x), self.entities(y));
        let shared_entities = shared(ea, eb);
        if !ea.is_empty() && !eb.is_empty() && shared_entities == 0 {
            return false;
        }
        let (ta, tb) = (self.terms(x), self.terms(y));
        let same_article = a.article == b.article;
        if same_article {
            let (ca, cb) = (
                &rules.claims[a.claim as usize],
                &rules.claims[b.claim as usize],
            );
            if self_contradiction(ca, cb) {
                return false;
            }
            // A figure repeated in one article, once named and once bare, is one quantity.
            if ta.is_empty() || tb.is_empty() {
                return (a.class == b.class || a.generic || b.generic)
                    && (ca.base_value - cb.base_value).abs()
                        <= 1e-9 * ca.base_value.abs().max(1.0);
            }
        }
        if ta.is_empty() || tb.is_empty() {
            return false;
        }
        let shared = shared(ta, tb);
        let smaller = ta.len().min(tb.len());
        let containment = shared as f64 / smaller as f64;
        let model = rules.model;
        let subjects_meet = containment >= model.min_containment
            && (shared >= model.min_shared_terms || smaller == 1 && shared == 1);
        if !subjects_meet {
            return false;
        }
        // Subjects recur across unrelated stories ("crew members", "Russian nationals",
        // even "United States"): across articles, the two must tell a related story.
        same_article
            || if shared_entities == 0 && !a.declared && !b.declared {
                rules.related_unnamed(a.article, b.article)
            } else {
                rules.related(a.article, b.article)
            }
    }
}

/// Whether figures of two scopes can be one quantity. A deployment is not the force it
/// is drawn from, a sum over many places is not one place's figure, and a set counted
/// against another ("two other officers") is no one else's quantity.
pub(super) fn scopes_meet(a: Scope, b: Scope) -> bool {
    match (a, b) {
        (Scope::Relative, _) | (_, Scope::Relative) => false,
        (Scope::Change, other) | (other, Scope::Change) => other == Scope::Change,
        (Scope::Aggregate, other) | (other, Scope::Aggregate) => other == Scope::Aggregate,
        (Scope::Deployment, Scope::Total) | (Scope::Total, Scope::Deployment) => false,
        _ => true,
    }
}

/// Drops repeats from the sorted tail `values[from..]`.
fn dedup_tail(values: &mut Vec<u32>, from: usize) {
    let mut kept = from;
    for k in from..values.len() {
        if kept == from || values[k] != values[kept - 1] {
            values[kept] = values[k];
            kept += 1;
        }
    }
    values.truncate(kept);
}

/// How many values two sorted, distinct slices share.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut x, mut y, mut n) = (0, 0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                x += 1;
                y += 1;
            }
        }
    }
    n
}

//! One block of claims (one measure, parts or not): the inverted index that gives each
//! claim its candidate partners, and the union-find that merges claims into components.
//!
//! Owns the merge order, which decides the groups: each claim in turn (ascending), with
//! its candidates in index order; a candidate joins when the two claims are the same
//! quantity ([`Keys::same_quantity`]) and the merged component would hold no article
//! contradicting itself and, with a story similarity, no unrelated stories. Whether two
//! claims are the same quantity depends on the two alone, so candidates are screened in
//! parallel, a round of claims at a time; merging depends on the merges before, so
//! merges are made in order after each round. Screening only decides which checks are
//! made early: every pair still meets the merge in the order above, so the components
//! are those of one claim after another.
//!
//! Positions here are indices into the block's keys, which follow claim order.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::keys::{Keys, Rules};
use super::self_contradiction;

/// A term shared by more claims than this is too common to find partners by.
const MAX_POSTINGS: usize = 5000;

/// Most claims, and most articles, of a component checked against another's when
/// merging.
const MAX_STORY_CHECKS: usize = 32;

/// Candidates screened (in parallel) before the merges they allow are made (in order).
/// Screening skips pairs already in one component as of the round's start, so a short
/// round checks few pairs that earlier merges of its own round make moot (a new large
/// group would otherwise be checked pair by pair); a long one waits less. On a million
/// claims, rounds of 16k candidates pass on about a tenth of the pairs rounds of 4M do.
const CANDIDATES_PER_ROUND: usize = 1 << 14;

/// Pieces a round is cut into per thread, so that no thread waits long for another.
const PIECES_PER_THREAD: usize = 4;

/// How a claim's counted noun lets it meet others (`Keys::same_quantity`): claims of
/// one class meet, a generic noun ("people") meets every class, and claims without a
/// counted noun meet only each other. Stored as a class id or one of two marks.
const GENERIC: u32 = u32::MAX;
const UNCOUNTED: u32 = u32::MAX - 1;

fn kind_of(keys: &Keys, p: usize) -> u32 {
    let k = &keys.keys[p];
    match k.class {
        None => UNCOUNTED,
        Some(_) if k.generic => GENERIC,
        Some(c) => c,
    }
}

/// The block's claims indexed by subject term and by article (for bare repetitions).
/// Each term's list is also kept split by kind: a claim of one class reads only the
/// claims its counted noun can meet, which in a headcount block is a small part.
struct Index {
    /// `postings[term_start[t]..term_start[t + 1]]`: the positions whose subject has
    /// term `t`, ascending.
    term_start: Vec<u32>,
    postings: Vec<u32>,
    /// The same lists, each sorted by kind, then position.
    by_kind: Vec<u32>,
    /// `runs[run_start[t]..run_start[t + 1]]`: the kinds of term `t`'s list in
    /// `by_kind`, ascending, each with the end of its run.
    run_start: Vec<u32>,
    runs: Vec<(u32, u32)>,
    kind: Vec<u32>,
    /// The positions sorted by article, then position.
    by_article: Vec<u32>,
    /// For each position, the range of `by_article` holding the later positions of its
    /// article.
    later_in_article: Vec<(u32, u32)>,
}

/// The positions of an ascending list after `p`.
fn later(list: &[u32], p: usize) -> &[u32] {
    &list[list.partition_point(|&q| q as usize <= p)..]
}

/// Calls `f` with the values of two ascending, disjoint lists in ascending order.
fn merged(a: &[u32], b: &[u32], mut f: impl FnMut(u32)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] < b[j] {
            f(a[i]);
            i += 1;
        } else {
            f(b[j]);
            j += 1;
        }
    }
    a[i..].iter().chain(&b[j..]).for_each(|&q| f(q));
}

impl Index {
    fn new(keys: &Keys) -> Self {
        let n = keys.len();
        let kind: Vec<u32> = (0..n).map(|p| kind_of(keys, p)).collect();
        let mut term_start = vec![0u32; keys.vocabulary + 1];
        for p in 0..n {
            for &t in keys.terms(p) {
                term_start[t as usize + 1] += 1;
            }
        }
        for t in 0..keys.vocabulary {
            term_start[t + 1] += term_start[t];
        }
        let mut fill = term_start.clone();
        let mut postings = vec![0u32; term_start[keys.vocabulary] as usize];
        for p in 0..n {
            for &t in keys.terms(p) {
                postings[fill[t as usize] as usize] = p as u32;
                fill[t as usize] += 1;
            }
        }
        let mut by_kind = postings.clone();
        let mut run_start = Vec::with_capacity(keys.vocabulary + 1);
        let mut runs = Vec::new();
        run_start.push(0);
        for t in 0..keys.vocabulary {
            let (from, to) = (term_start[t] as usize, term_start[t + 1] as usize);
            let list = &mut by_kind[from..to];
            list.sort_unstable_by_key(|&q| (kind[q as usize], q));
            for (k, &q) in list.iter().enumerate() {
                let next = list.get(k + 1).map(|&r| kind[r as usize]);
                if next != Some(kind[q as usize]) {
                    runs.push((kind[q as usize], (from + k + 1) as u32));
                }
            }
            run_start.push(runs.len() as u32);
        }
        let article = |p: u32| keys.keys[p as usize].article;
        let mut by_article: Vec<u32> = (0..n as u32).collect();
        by_article.sort_unstable_by_key(|&p| (article(p), p));
        let mut later_in_article = vec![(0, 0); n];
        let mut run = 0;
        while run < by_article.len() {
            let a = article(by_article[run]);
            let end = run + by_article[run..].partition_point(|&p| article(p) == a);
            for k in run..end {
                later_in_article[by_article[k] as usize] = (k as u32 + 1, end as u32);
            }
            run = end;
        }
        Self {
            term_start,
            postings,
            by_kind,
            run_start,
            runs,
            kind,
            by_article,
            later_in_article,
        }
    }

    /// The positions of term `t`'s list of kind `kind`, ascending.
    fn run(&self, t: usize, kind: u32) -> &[u32] {
        let runs = &self.runs[self.run_start[t] as usize..self.run_start[t + 1] as usize];
        match runs.binary_search_by_key(&kind, |&(k, _)| k) {
            Ok(r) => {
                let from = if r == 0 {
                    self.term_start[t]
                } else {
                    runs[r - 1].1
                };
                &self.by_kind[from as usize..runs[r].1 as usize]
            }
            Err(_) => &[],
        }
    }

    /// About how many candidates position `p` has (`for_each_candidate`), counted
    /// from list lengths alone.
    fn work(&self, p: usize, keys: &Keys) -> usize {
        let kind = self.kind[p];
        let by_term: usize = keys
            .terms(p)
            .iter()
            .map(|&t| {
                let t = t as usize;
                let (from, to) = (self.term_start[t] as usize, self.term_start[t + 1] as usize);
                match kind {
                    _ if to - from > MAX_POSTINGS => 0,
                    UNCOUNTED => later(self.run(t, UNCOUNTED), p).len(),
                    GENERIC => later(&self.postings[from..to], p).len(),
                    class => {
                        later(self.run(t, class), p).len() + later(self.run(t, GENERIC), p).len()
                    }
                }
            })
            .sum();
        let (from, to) = self.later_in_article[p];
        by_term + (to - from) as usize
    }

    /// Calls `give` with the later positions of position `p`'s lists whose kind can
    /// meet `p`'s, in index order (`p`'s terms in order, each term's positions
    /// ascending, then its article's), repeats included. Terms shared by more than
    /// `MAX_POSTINGS` claims are passed over.
    fn for_each_candidate(&self, p: usize, keys: &Keys, mut give: impl FnMut(u32)) {
        let kind = self.kind[p];
        for &t in keys.terms(p) {
            let t = t as usize;
            let (from, to) = (self.term_start[t] as usize, self.term_start[t + 1] as usize);
            if to - from > MAX_POSTINGS {
                continue;
            }
            match kind {
                UNCOUNTED => later(self.run(t, UNCOUNTED), p)
                    .iter()
                    .for_each(|&q| give(q)),
                GENERIC => later(&self.postings[from..to], p)
                    .iter()
                    .filter(|&&q| self.kind[q as usize] != UNCOUNTED)
                    .for_each(|&q| give(q)),
                class => merged(
                    later(self.run(t, class), p),
                    later(self.run(t, GENERIC), p),
                    &mut give,
                ),
            }
        }
        let (from, to) = self.later_in_article[p];
        self.by_article[from as usize..to as usize]
            .iter()
            .for_each(|&q| give(q));
    }

    /// Calls `meet` with each later position the index links position `p` to and whose
    /// counted noun can meet `p`'s, each once, in index order.
    fn for_each_partner(
        &self,
        p: usize,
        keys: &Keys,
        seen: &mut Seen,
        mut meet: impl FnMut(usize),
    ) {
        self.for_each_candidate(p, keys, |q| {
            if seen.first(q as usize) {
                meet(q as usize);
            }
        });
        seen.clear();
    }
}

/// The positions one claim has met so far: a bit per position, small enough to stay
/// in cache, cleared after each claim through the list of those set.
struct Seen {
    bits: Vec<u64>,
    set: Vec<u32>,
}

impl Seen {
    fn new(n: usize) -> Self {
        Self {
            bits: vec![0; n.div_ceil(64)],
            set: Vec::new(),
        }
    }

    /// Whether position `q` is met for the first time; it is marked met.
    fn first(&mut self, q: usize) -> bool {
        let (word, bit) = (q / 64, 1u64 << (q % 64));
        let first = self.bits[word] & bit == 0;
        if first {
            self.bits[word] |= bit;
            self.set.push(q as u32);
        }
        first
    }

    fn clear(&mut self) {
        for q in self.set.drain(..) {
            self.bits[q as usize / 64] = 0;
        }
    }
}

/// Union-find over the positions of a block. The root of a component is its first
/// position.
///
/// Each root keeps its component's positions and distinct articles in merge order, but
/// only the first `MAX_STORY_CHECKS` of each: the merge-time checks read no further,
/// and the first ones of a merged list come from the first ones of its two halves.
struct Components {
    parent: Vec<u32>,
    article_of: Vec<u32>,
    /// The first positions of each component, at its root; empty for a claim alone.
    members: Vec<Vec<u32>>,
    /// The first distinct articles of each component, at its root; empty for a claim
    /// alone.
    articles: Vec<Vec<u32>>,
    /// The smallest and largest absolute value of each component, at its root: a
    /// chain of steps each within the model's ratio must not join a whole to its small
    /// part.
    sizes: Vec<(f64, f64)>,
    /// The actor, place and event each component names, at its root: claims without
    /// one may bridge two claims that have one, but never two different ones ("Canada
    /// expelled four" and "Ukraine is to expel 13" through a bare "13 diplomats").
    named: Vec<[Option<u32>; 3]>,
}

impl Components {
    fn new(keys: &Keys) -> Self {
        let n = keys.len();
        Self {
            parent: (0..n as u32).collect(),
            article_of: keys.keys.iter().map(|k| k.article).collect(),
            members: vec![Vec::new(); n],
            articles: vec![Vec::new(); n],
            sizes: keys
                .keys
                .iter()
                .map(|k| (k.value.abs(), k.value.abs()))
                .collect(),
            named: keys
                .keys
                .iter()
                .map(|k| [k.actor, k.place, k.event])
                .collect(),
        }
    }

    /// The actor, place and event the components of roots `a` and `b` would name
    /// together, or `None` when they name different ones.
    fn joint_names(&self, a: usize, b: usize) -> Option<[Option<u32>; 3]> {
        let (x, y) = (self.named[a], self.named[b]);
        let mut joint = [None; 3];
        for k in 0..3 {
            joint[k] = match (x[k], y[k]) {
                (Some(p), Some(q)) if p != q => return None,
                (p, q) => p.or(q),
            };
        }
        Some(joint)
    }

    /// The smallest and largest size the components of roots `a` and `b` would hold
    /// together.
    fn joint_sizes(&self, a: usize, b: usize) -> (f64, f64) {
        let ((lo_a, hi_a), (lo_b, hi_b)) = (self.sizes[a], self.sizes[b]);
        (lo_a.min(lo_b), hi_a.max(hi_b))
    }

    fn find(&mut self, x: usize) -> usize {
        let mut x = x as u32;
        while self.parent[x as usize] != x {
            let grandparent = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grandparent;
            x = grandparent;
        }
        x as usize
    }

    /// `find` without shortening paths, for readers sharing the structure.
    fn root(&self, x: usize) -> usize {
        let mut x = x as u32;
        while self.parent[x as usize] != x {
            x = self.parent[x as usize];
        }
        x as usize
    }

    fn members(&self, root: usize) -> &[u32] {
        match &self.members[root] {
            m if m.is_empty() => std::slice::from_ref(&self.parent[root]),
            m => m,
        }
    }

    fn articles(&self, root: usize) -> &[u32] {
        match &self.articles[root] {
            a if a.is_empty() => std::slice::from_ref(&self.article_of[root]),
            a => a,
        }
    }

    /// Whether merging the components of roots `a` and `b` keeps every pair of their
    /// (first) claims acceptable: no article contradicts itself.
    fn members_meet(&self, a: usize, b: usize, keys: &Keys, rules: &Rules) -> bool {
        let ys = self.members(b);
        self.members(a).iter().all(|&x| {
            let article = self.article_of[x as usize];
            ys.iter().all(|&y| {
                self.article_of[y as usize] != article || {
                    let claim = |p: u32| &rules.claims[keys.keys[p as usize].claim as usize];
                    !self_contradiction(claim(x), claim(y))
                }
            })
        })
    }

    /// Whether, when only one of the components of roots `a` and `b` names an agent,
    /// the (first) articles of the other all name it: figures whose agent no sentence
    /// says join an agent's figures only from articles that speak of that agent.
    fn agents_named(&self, a: usize, b: usize, keys: &Keys, rules: &Rules) -> bool {
        let (unnamed, actor) = match (self.named[a][0], self.named[b][0]) {
            (Some(actor), None) => (b, actor),
            (None, Some(actor)) => (a, actor),
            _ => return true,
        };
        self.articles(unnamed)
            .iter()
            .all(|&article| rules.names_agent(article, actor, keys))
    }

    /// Whether the (first) articles of the components of roots `a` and `b` all tell
    /// related stories.
    fn stories_meet(&self, a: usize, b: usize, rules: &Rules) -> bool {
        let ys = self.articles(b);
        self.articles(a)
            .iter()
            .all(|&x| ys.iter().all(|&y| x == y || rules.related(x, y)))
    }

    /// Merge the components of positions `x` and `y` when they are the same quantity
    /// (`checked`: known to be) and that keeps the components consistent.
    fn merge(&mut self, x: usize, y: usize, checked: bool, keys: &Keys, rules: &Rules) {
        let (a, b) = (self.find(x), self.find(y));
        if a != b
            && (checked || keys.same_quantity(x, y, rules))
            && {
                let (lo, hi) = self.joint_sizes(a, b);
                rules.model.comparable_sizes(lo, hi)
            }
            && self.joint_names(a, b).is_some()
            && self.agents_named(a, b, keys, rules)
            && self.members_meet(a, b, keys, rules)
            && (rules.story.is_none() || self.stories_meet(a, b, rules))
        {
            self.union(a, b);
        }
    }

    /// Merge the components of roots `a` and `b`.
    fn union(&mut self, a: usize, b: usize) {
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        let mut members = std::mem::take(&mut self.members[lo]);
        if members.is_empty() {
            members.push(lo as u32);
        }
        let room = MAX_STORY_CHECKS.saturating_sub(members.len());
        members.extend(self.members(hi).iter().take(room));
        self.members[lo] = members;
        let mut articles = std::mem::take(&mut self.articles[lo]);
        if articles.is_empty() {
            articles.push(self.article_of[lo]);
        }
        for &x in self.articles(hi) {
            if articles.len() >= MAX_STORY_CHECKS {
                break;
            }
            if !articles.contains(&x) {
                articles.push(x);
            }
        }
        self.articles[lo] = articles;
        self.sizes[lo] = self.joint_sizes(lo, hi);
        if let Some(named) = self.joint_names(lo, hi) {
            self.named[lo] = named;
        }
        self.members[hi] = Vec::new();
        self.articles[hi] = Vec::new();
        // Last: a root alone reads its own position through `parent`.
        self.parent[hi] = lo as u32;
    }
}

/// The mark, on the second position of a screened pair, of a pair whose check is left
/// to merge time (positions stay below it: a block holds fewer than 2³¹ claims).
const DEFERRED: u32 = 1 << 31;

/// The pairs of positions in `range` and later positions that may merge, in index
/// order. A pair already in one component as of the round's start is left out (it
/// stays in one). A pair whose two sides were already found to meet through other
/// pairs of this piece is given unchecked, marked `DEFERRED`: it only needs the check
/// if one of those merges is refused, which merge time knows. Any other pair is given
/// when it is the same quantity.
#[inline(never)]
fn screen(
    range: std::ops::Range<usize>,
    index: &Index,
    components: &Components,
    keys: &Keys,
    rules: &Rules,
    seen: &mut Seen,
) -> Vec<(u32, u32)> {
    let mut pairs = Vec::new();
    // Roots (as of the round's start) that pairs of this piece tie together: each
    // points to a smaller one.
    let mut tied: FxHashMap<u32, u32> = FxHashMap::default();
    let joined = |tied: &FxHashMap<u32, u32>, mut r: u32| {
        while let Some(&next) = tied.get(&r) {
            r = next;
        }
        r
    };
    for p in range {
        let root = components.root(p) as u32;
        index.for_each_partner(p, keys, seen, |q| {
            let root_q = components.root(q) as u32;
            if root_q == root {
                return;
            }
            let (a, b) = (joined(&tied, root), joined(&tied, root_q));
            if a == b {
                pairs.push((p as u32, q as u32 | DEFERRED));
            } else if keys.same_quantity(p, q, rules) {
                pairs.push((p as u32, q as u32));
                tied.insert(a.max(b), a.min(b));
            }
        });
    }
    pairs
}

/// The components of a block: for each position, the position of its component's
/// root (its first position).
pub(super) fn components(keys: &Keys, rules: &Rules) -> Vec<u32> {
    let n = keys.len();
    let index = Index::new(keys);
    let mut components = Components::new(keys);
    // Candidates of each position, counted with repeats: the work of screening it.
    let work: Vec<usize> = (0..n).map(|p| index.work(p, keys)).collect();
    let pieces = rayon::current_num_threads() * PIECES_PER_THREAD;
    let mut seen: Vec<Seen> = (0..pieces).map(|_| Seen::new(n)).collect();
    let mut start = 0;
    while start < n {
        // A round: positions up to about CANDIDATES_PER_ROUND candidates, cut into
        // pieces of about equal work.
        let mut cuts = vec![start];
        let (mut end, mut total) = (start, 0);
        let piece_work = CANDIDATES_PER_ROUND / pieces;
        let mut in_piece = 0;
        while end < n && (end == start || total + work[end] <= CANDIDATES_PER_ROUND) {
            total += work[end];
            in_piece += work[end];
            end += 1;
            if in_piece >= piece_work && cuts.len() < pieces {
                cuts.push(end);
                in_piece = 0;
            }
        }
        if *cuts.last().unwrap_or(&start) != end {
            cuts.push(end);
        }
        // One mark set per piece: a piece left without one would go unscreened.
        debug_assert!(cuts.len() <= seen.len() + 1);
        let pairs: Vec<Vec<(u32, u32)>> = cuts
            .par_windows(2)
            .zip(seen.par_iter_mut())
            .map(|(range, seen)| screen(range[0]..range[1], &index, &components, keys, rules, seen))
            .collect();
        for &(p, q) in pairs.iter().flatten() {
            let (p, q, checked) = (p as usize, (q & !DEFERRED) as usize, q & DEFERRED == 0);
            components.merge(p, q, checked, keys, rules);
        }
        start = end;
    }
    (0..n).map(|p| components.find(p) as u32).collect()
}

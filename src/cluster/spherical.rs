//! Spherical k-means on sparse, L2-normalised TF-IDF rows: each article joins the
//! centroid it has the highest cosine with, and each centroid is the normalised sum of
//! its articles.
//!
//! Works on the full vocabulary, so nothing is lost to a projection. A row's scores
//! against all centroids cost one pass over its non-zero terms: centroids are stored
//! term-major (`k` weights per term, side by side), so each term adds to `k`
//! accumulators at once. Large fits start from centroids fitted on a seeded sample
//! (k-means++ there); Lloyd iterations then keep per-article bounds so that articles
//! which cannot change cluster are not scored again ([`lloyd`]). Scoring runs in
//! parallel; results do not depend on the number of threads.

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

use crate::vectorize::SparseRow;

/// Stop once fewer than one article in this many changes cluster in an iteration.
const STABLE_SHARE: usize = 1000;
/// Rows on which large fits start (see [`fit`]).
const START_SAMPLE: usize = 2000;

/// Centroids over a vocabulary, term-major: `weights[t * k + c]`.
#[derive(Debug, Clone, PartialEq)]
pub struct TermCentroids {
    pub k: usize,
    pub terms: usize,
    pub weights: Vec<f32>,
}

impl TermCentroids {
    fn zeros(k: usize, terms: usize) -> Self {
        Self {
            k,
            terms,
            weights: vec![0.0; k * terms],
        }
    }

    /// Cosine of `row` with every centroid, into `scores` (length k).
    ///
    /// Centroids are taken in blocks of 16 and 8 whose sums stay in registers while
    /// the row's terms stream past, rather than `k` sums read and written back for every
    /// term. Each score still adds its terms in row order, so the blocks change no bit.
    pub fn scores(&self, row: &[(u32, f32)], scores: &mut [f32]) {
        let k = self.k;
        let mut c = 0;
        while c + 16 <= k {
            scores[c..c + 16].copy_from_slice(&self.block::<16>(row, c));
            c += 16;
        }
        if c + 8 <= k {
            scores[c..c + 8].copy_from_slice(&self.block::<8>(row, c));
            c += 8;
        }
        for (j, score) in scores.iter_mut().enumerate().take(k).skip(c) {
            *score = row.iter().fold(0.0, |sum, &(t, w)| {
                sum + w * self.weights.get(t as usize * k + j).copied().unwrap_or(0.0)
            });
        }
    }

    /// Scores of `row` with centroids `first..first + B`. Terms beyond the vocabulary
    /// add nothing.
    fn block<const B: usize>(&self, row: &[(u32, f32)], first: usize) -> [f32; B] {
        let mut sums = [0.0f32; B];
        for &(t, w) in row {
            let start = t as usize * self.k + first;
            let Some(column) = self
                .weights
                .get(start..start + B)
                .and_then(|c| <&[f32; B]>::try_from(c).ok())
            else {
                continue;
            };
            for (s, &c) in sums.iter_mut().zip(column) {
                *s += w * c;
            }
        }
        sums
    }

    /// The centroid `row` is closest to (highest cosine; ties to the lower index) and
    /// that cosine.
    pub fn nearest(&self, row: &[(u32, f32)], scores: &mut [f32]) -> (usize, f32) {
        self.scores(row, scores);
        let mut best = (0, f32::NEG_INFINITY);
        for (c, &s) in scores.iter().enumerate() {
            if s > best.1 {
                best = (c, s);
            }
        }
        best
    }

    /// Centroid `c` as a sparse row (its non-zero weights).
    pub fn row(&self, c: usize) -> SparseRow {
        (0..self.terms)
            .filter_map(|t| {
                let w = self.weights[t * self.k + c];
                (w != 0.0).then_some((t as u32, w))
            })
            .collect()
    }

    /// Build from sparse rows (one per centroid).
    pub fn from_rows(rows: &[SparseRow], terms: usize) -> Self {
        let mut out = Self::zeros(rows.len(), terms);
        for (c, row) in rows.iter().enumerate() {
            for &(t, w) in row {
                if (t as usize) < terms {
                    out.weights[t as usize * out.k + c] = w;
                }
            }
        }
        out
    }
}

/// Fit `k` centroids to `rows` (vocabulary of `terms` terms).
///
/// On more rows than [`START_SAMPLE`], the centroids are first fitted on a seeded
/// sample of that size (k-means++ start, then Lloyd) and only then on all rows: the
/// sample places them near where they end, at a small fraction of the cost, so the
/// passes over every row are few. Lloyd stops as [`lloyd`] says, at most after
/// `max_iterations` passes.
pub fn fit(
    rows: &[SparseRow],
    terms: usize,
    k: usize,
    seed: u64,
    max_iterations: usize,
) -> TermCentroids {
    let k = k.clamp(1, rows.len().max(1));
    // Number terms by how many articles use them, most used first, so the centroid
    // columns read most often sit together in cache; map back at the end.
    let (rank, by_rank) = frequency_order(rows, terms);
    let ranked: Vec<SparseRow> = rows
        .par_iter()
        .map(|row| {
            let mut r: SparseRow = row
                .iter()
                .filter_map(|&(t, w)| Some((*rank.get(t as usize)?, w)))
                .collect();
            r.sort_unstable_by_key(|&(t, _)| t);
            r
        })
        .collect();
    let rows: Vec<&[(u32, f32)]> = ranked.iter().map(Vec::as_slice).collect();
    let start = if rows.len() > START_SAMPLE {
        let sample: Vec<&[(u32, f32)]> = super::sample_indices(rows.len(), START_SAMPLE, seed)
            .into_iter()
            .map(|i| rows[i])
            .collect();
        lloyd(
            &sample,
            seed_plus_plus(&sample, terms, k, seed),
            max_iterations,
        )
    } else {
        seed_plus_plus(&rows, terms, k, seed)
    };
    let centroids = lloyd(&rows, start, max_iterations);
    let mut out = TermCentroids::zeros(k, terms);
    for (r, column) in centroids.weights.chunks_exact(k).enumerate() {
        let t = by_rank[r] as usize;
        out.weights[t * k..(t + 1) * k].copy_from_slice(column);
    }
    out
}

/// Where an article stands: its cluster and a lower bound on its cosine with that
/// cluster's centroid (upper bounds for every centroid are kept apart, `k` per article).
#[derive(Debug, Clone, Copy)]
struct Bounds {
    cluster: u32,
    own: f32,
}

impl Bounds {
    /// Exact bounds from an article's scores: the best centroid (ties to the lower
    /// index) and its score. The scores themselves are the upper bounds.
    fn from_scores(scores: &[f32]) -> Self {
        let mut b = Bounds {
            cluster: 0,
            own: f32::NEG_INFINITY,
        };
        for (c, &s) in scores.iter().enumerate() {
            if s > b.own {
                b.own = s;
                b.cluster = c as u32;
            }
        }
        b
    }
}

/// Per-cluster sums of the member rows, term-major like the centroids. In f64, so that
/// adding and removing the rows of the articles that move keeps them exact enough.
struct Sums {
    k: usize,
    weights: Vec<f64>,
    sizes: Vec<usize>,
}

impl Sums {
    fn new(rows: &[&[(u32, f32)]], bounds: &[Bounds], k: usize, terms: usize) -> Self {
        let mut sums = Sums {
            k,
            weights: vec![0.0; k * terms],
            sizes: vec![0; k],
        };
        for (row, b) in rows.iter().zip(bounds) {
            sums.add(row, b.cluster as usize);
        }
        sums
    }

    fn add(&mut self, row: &[(u32, f32)], c: usize) {
        self.sizes[c] += 1;
        for &(t, w) in row {
            self.weights[t as usize * self.k + c] += w as f64;
        }
    }

    fn remove(&mut self, row: &[(u32, f32)], c: usize) {
        self.sizes[c] -= 1;
        if self.sizes[c] == 0 {
            // Exactly empty, not the rounding left by removing every row.
            for column in self.weights.chunks_exact_mut(self.k) {
                column[c] = 0.0;
            }
            return;
        }
        for &(t, w) in row {
            self.weights[t as usize * self.k + c] -= w as f64;
        }
    }

    /// Set each centroid to its normalised sum and return how far (Euclidean) each one
    /// moved. A centroid whose members did not change comes out bit for bit the same.
    fn update(&self, centroids: &mut TermCentroids) -> Vec<f32> {
        let k = self.k;
        let mut norms = vec![0.0f64; k];
        for column in self.weights.chunks_exact(k) {
            for (n, &w) in norms.iter_mut().zip(column) {
                *n += w * w;
            }
        }
        let scale: Vec<f64> = norms
            .iter()
            .map(|&n| if n > 0.0 { 1.0 / n.sqrt() } else { 0.0 })
            .collect();
        let mut moved = vec![0.0f64; k];
        for (centroid, sum) in centroids
            .weights
            .chunks_exact_mut(k)
            .zip(self.weights.chunks_exact(k))
        {
            for c in 0..k {
                let w = (sum[c] * scale[c]) as f32;
                let d = (w - centroid[c]) as f64;
                moved[c] += d * d;
                centroid[c] = w;
            }
        }
        moved.iter().map(|&m| m.sqrt() as f32).collect()
    }
}

/// Articles scored in one Lloyd run, at most: about ten passes over 100,000 articles.
/// Smaller corpora converge long before; on larger ones the fit starts close to its
/// end (see [`fit`]) and later passes move few articles, so time, not quality, bounds it.
const SCORE_BUDGET: usize = 1_000_000;
/// Slack in the bound test, for the rounding of f32 scores.
const ROUNDING: f32 = 1e-5;

/// Lloyd iterations of spherical k-means from `centroids`; returns the centroids of
/// the last assignment. Stops when no article moves, when fewer than one in
/// [`STABLE_SHARE`] does (the last moves are border articles swapping sides), once
/// [`SCORE_BUDGET`] articles have been scored, or after `max_iterations` passes.
///
/// Most articles settle long before the centroids do, so each article keeps bounds
/// (Elkan's k-means, on cosines): for unit vectors |x·c − x·c′| ≤ ‖c − c′‖, so when
/// centroid `c` moves by `shift[c]` an article's cosine with it changes by at most that
/// much. An article whose lowered bound for its own centroid still beats the raised
/// bounds of all the others keeps its cluster unscored; the rest are scored against
/// all centroids (one pass over their terms), which makes their bounds exact again.
/// Centroid sums change only for the articles that move. Which articles are scored
/// depends only on the data, so results do not depend on the number of threads.
fn lloyd(
    rows: &[&[(u32, f32)]],
    mut centroids: TermCentroids,
    max_iterations: usize,
) -> TermCentroids {
    let n = rows.len();
    let k = centroids.k;
    if n == 0 || max_iterations == 0 {
        return centroids;
    }
    // Upper bounds of each article's cosine with each centroid: `upper[i * k + c]`.
    let mut upper = vec![0.0f32; n * k];
    let mut bounds: Vec<Bounds> = upper
        .par_chunks_mut(k)
        .zip(rows.par_iter())
        .map(|(scores, row)| {
            centroids.scores(row, scores);
            Bounds::from_scores(scores)
        })
        .collect();
    let mut sums = Sums::new(rows, &bounds, k, centroids.terms);
    let mut scored = n;
    for _ in 1..max_iterations {
        refill(rows, &centroids, &mut bounds, &mut sums);
        let shift = sums.update(&mut centroids);
        let (moved, rescored) = reassign(rows, &centroids, &mut bounds, &mut upper, &shift);
        scored += rescored;
        for &(i, from) in &moved {
            sums.remove(rows[i], from);
            sums.add(rows[i], bounds[i].cluster as usize);
        }
        if moved.is_empty() {
            return centroids;
        }
        if moved.len() * STABLE_SHARE < n || scored >= SCORE_BUDGET {
            break;
        }
    }
    refill(rows, &centroids, &mut bounds, &mut sums);
    sums.update(&mut centroids);
    centroids
}

/// Reassign the articles whose bounds allow a move, after centroid `c` moved by
/// `shift[c]`. Returns the articles that moved, each with the cluster it left, and how
/// many articles were scored.
fn reassign(
    rows: &[&[(u32, f32)]],
    centroids: &TermCentroids,
    bounds: &mut [Bounds],
    upper: &mut [f32],
    shift: &[f32],
) -> (Vec<(usize, usize)>, usize) {
    let k = centroids.k;
    let outcome: Vec<Option<usize>> = bounds
        .par_iter_mut()
        .zip(upper.par_chunks_mut(k))
        .zip(rows.par_iter())
        .map(|((b, up), row)| {
            let own = b.cluster as usize;
            b.own -= shift[own];
            let mut other = f32::NEG_INFINITY;
            for (c, (u, &s)) in up.iter_mut().zip(shift).enumerate() {
                *u += s;
                if c != own && *u > other {
                    other = *u;
                }
            }
            if b.own - ROUNDING >= other {
                return None;
            }
            centroids.scores(row, up);
            *b = Bounds::from_scores(up);
            Some(own)
        })
        .collect();
    let scored = outcome.iter().flatten().count();
    let moved = outcome
        .iter()
        .enumerate()
        .filter_map(|(i, &from)| {
            let from = from?;
            (bounds[i].cluster as usize != from).then_some((i, from))
        })
        .collect();
    (moved, scored)
}

/// Give every empty cluster an article, so k clusters stay k: the articles least
/// similar to their own centroid go first, each from a cluster that keeps members.
fn refill(
    rows: &[&[(u32, f32)]],
    centroids: &TermCentroids,
    bounds: &mut [Bounds],
    sums: &mut Sums,
) {
    if !sums.sizes.contains(&0) {
        return;
    }
    let k = centroids.k;
    let own: Vec<f32> = rows
        .par_iter()
        .zip(bounds.par_iter())
        .map(|(row, b)| {
            let c = b.cluster as usize;
            row.iter()
                .map(|&(t, w)| w * centroids.weights[t as usize * k + c])
                .sum()
        })
        .collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| own[a].total_cmp(&own[b]).then(a.cmp(&b)));
    let mut order = order.into_iter();
    for c in 0..k {
        if sums.sizes[c] > 0 {
            continue;
        }
        let Some(i) = order.find(|&i| sums.sizes[bounds[i].cluster as usize] > 1) else {
            break;
        };
        sums.remove(rows[i], bounds[i].cluster as usize);
        sums.add(rows[i], c);
        // Its cosine with the new centroid is not known until scored: force that.
        bounds[i] = Bounds {
            cluster: c as u32,
            own: f32::NEG_INFINITY,
        };
    }
}

/// Each term's rank by document frequency (most frequent first; ties by term id), and
/// the term at each rank.
fn frequency_order(rows: &[SparseRow], terms: usize) -> (Vec<u32>, Vec<u32>) {
    let mut df = vec![0u32; terms];
    for row in rows {
        for &(t, _) in row {
            if let Some(d) = df.get_mut(t as usize) {
                *d += 1;
            }
        }
    }
    let mut by_rank: Vec<u32> = (0..terms as u32).collect();
    by_rank.sort_by(|&a, &b| df[b as usize].cmp(&df[a as usize]).then(a.cmp(&b)));
    let mut rank = vec![0u32; terms];
    for (r, &t) in by_rank.iter().enumerate() {
        rank[t as usize] = r as u32;
    }
    (rank, by_rank)
}

/// k-means++ start: the first centre at random, each next one drawn with probability
/// proportional to its squared distance (on the unit sphere, 2 − 2·cosine) to the
/// nearest centre already chosen.
fn seed_plus_plus(rows: &[&[(u32, f32)]], terms: usize, k: usize, seed: u64) -> TermCentroids {
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let n = rows.len();
    let mut chosen: Vec<usize> = Vec::with_capacity(k);
    if n == 0 {
        return TermCentroids::zeros(k, terms);
    }
    chosen.push((rng.next_u64() % n as u64) as usize);
    let mut best_cos: Vec<f32> = vec![f32::NEG_INFINITY; n];
    let mut dense = vec![0.0f32; terms];
    while chosen.len() < k {
        let last = *chosen.last().unwrap_or(&0);
        for &(t, w) in rows[last] {
            dense[t as usize] = w;
        }
        best_cos
            .par_iter_mut()
            .zip(rows.par_iter())
            .for_each(|(b, row)| {
                let cos: f32 = row.iter().map(|&(t, w)| w * dense[t as usize]).sum();
                if cos > *b {
                    *b = cos;
                }
            });
        for &(t, _) in rows[last] {
            dense[t as usize] = 0.0;
        }
        let weights: Vec<f64> = best_cos
            .iter()
            .map(|&c| (2.0 - 2.0 * c as f64).max(0.0))
            .collect();
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            break; // every article equals a chosen centre: no more distinct centres
        }
        let target = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let mut acc = 0.0;
        let mut pick = n - 1;
        for (i, &w) in weights.iter().enumerate() {
            acc += w;
            if acc > target && w > 0.0 {
                pick = i;
                break;
            }
        }
        chosen.push(pick);
    }
    // Fewer distinct articles than k leave the remaining centroids empty; callers
    // clamp k to the distinct articles first.
    let mut c = TermCentroids::zeros(k, terms);
    for (j, &i) in chosen.iter().enumerate() {
        for &(t, w) in rows[i] {
            c.weights[t as usize * k + j] = w;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(ids: &[(u32, f32)]) -> SparseRow {
        let mut r = ids.to_vec();
        crate::vectorize::normalise(&mut r);
        r
    }

    #[test]
    fn separates_two_groups_and_centroids_are_unit_length() {
        let rows = vec![
            unit(&[(0, 1.0), (1, 1.0)]),
            unit(&[(0, 1.0), (1, 0.8)]),
            unit(&[(0, 0.9), (1, 1.0), (2, 0.1)]),
            unit(&[(3, 1.0), (4, 1.0)]),
            unit(&[(3, 1.0), (4, 0.7)]),
        ];
        let c = fit(&rows, 5, 2, 3, 50);
        let mut scores = vec![0.0; 2];
        let a: Vec<usize> = rows.iter().map(|r| c.nearest(r, &mut scores).0).collect();
        assert_eq!(a[0], a[1]);
        assert_eq!(a[0], a[2]);
        assert_eq!(a[3], a[4]);
        assert_ne!(a[0], a[3]);
        for j in 0..2 {
            let len: f32 = c.row(j).iter().map(|(_, w)| w * w).sum();
            assert!((len - 1.0).abs() < 1e-5);
        }
    }

    #[test]
    fn same_seed_same_centroids() {
        let rows: Vec<SparseRow> = (0..40u32)
            .map(|i| unit(&[(i % 7, 1.0), ((i * 3) % 11, 0.5), (i % 5 + 11, 0.3)]))
            .collect();
        assert_eq!(fit(&rows, 16, 4, 1, 20), fit(&rows, 16, 4, 1, 20));
    }

    #[test]
    fn term_major_round_trip() {
        let rows = vec![unit(&[(0, 1.0), (2, 2.0)]), unit(&[(1, 1.0)])];
        let c = TermCentroids::from_rows(&rows, 3);
        assert_eq!(c.row(0), rows[0]);
        assert_eq!(c.row(1), rows[1]);
    }

    /// `n` rows over `terms` terms in `groups` groups: each row mixes its group's five
    /// terms with two random ones, at seeded random weights.
    fn synthetic(n: usize, terms: u32, groups: u32, seed: u64) -> Vec<SparseRow> {
        let mut rng = Xoshiro256Plus::seed_from_u64(seed);
        let mut weight = move || 0.1 + (rng.next_u64() % 1000) as f32 / 1000.0;
        (0..n)
            .map(|i| {
                let g = i as u32 % groups;
                let mut r: SparseRow = (0..5).map(|j| (g * 5 + j, weight())).collect();
                for _ in 0..2 {
                    let t = (weight() * 997.0) as u32 % terms;
                    if !r.iter().any(|&(u, _)| u == t) {
                        r.push((t, weight() * 0.5));
                    }
                }
                r.sort_unstable_by_key(|&(t, _)| t);
                unit(&r)
            })
            .collect()
    }

    fn refs(rows: &[SparseRow]) -> Vec<&[(u32, f32)]> {
        rows.iter().map(Vec::as_slice).collect()
    }

    /// Plain Lloyd: every article scored every time, sums rebuilt from scratch.
    fn reference_lloyd(rows: &[&[(u32, f32)]], start: TermCentroids) -> TermCentroids {
        let (k, terms) = (start.k, start.terms);
        let mut centroids = start;
        let mut scores = vec![0.0; k];
        let mut assignment: Vec<usize> = Vec::new();
        loop {
            let next: Vec<usize> = rows
                .iter()
                .map(|r| centroids.nearest(r, &mut scores).0)
                .collect();
            if next == assignment {
                return centroids;
            }
            assignment = next;
            let mut sums = vec![0.0f64; k * terms];
            for (row, &c) in rows.iter().zip(&assignment) {
                for &(t, w) in *row {
                    sums[t as usize * k + c] += w as f64;
                }
            }
            for c in 0..k {
                let norm: f64 = (0..terms).map(|t| sums[t * k + c].powi(2)).sum::<f64>();
                for t in 0..terms {
                    centroids.weights[t * k + c] = (sums[t * k + c] / norm.sqrt()) as f32;
                }
            }
        }
    }

    #[test]
    fn bounds_skip_only_articles_that_cannot_move() {
        let rows = synthetic(400, 60, 4, 7);
        let rows = refs(&rows);
        let start = seed_plus_plus(&rows, 60, 4, 11);
        let fast = lloyd(&rows, start.clone(), 100);
        let slow = reference_lloyd(&rows, start);
        let mut scores = vec![0.0; 4];
        for row in &rows {
            assert_eq!(
                fast.nearest(row, &mut scores).0,
                slow.nearest(row, &mut scores).0
            );
        }
        for (a, b) in fast.weights.iter().zip(&slow.weights) {
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
    }

    #[test]
    fn articles_are_rescored_only_when_centroids_move() {
        let rows = synthetic(200, 60, 4, 5);
        let rows = refs(&rows);
        let centroids = seed_plus_plus(&rows, 60, 4, 2);
        let mut upper = vec![0.0f32; rows.len() * 4];
        let mut bounds: Vec<Bounds> = upper
            .chunks_exact_mut(4)
            .zip(&rows)
            .map(|(scores, row)| {
                centroids.scores(row, scores);
                Bounds::from_scores(scores)
            })
            .collect();
        let still = reassign(&rows, &centroids, &mut bounds, &mut upper, &[0.0; 4]);
        assert_eq!(still, (Vec::new(), 0));
        // A large move of one centroid makes every article a candidate again.
        let (_, scored) = reassign(
            &rows,
            &centroids,
            &mut bounds,
            &mut upper,
            &[0.0, 2.0, 0.0, 0.0],
        );
        assert_eq!(scored, rows.len());
    }

    #[test]
    fn results_do_not_depend_on_the_thread_count() {
        // More rows than the start sample, so the sampled start runs too.
        let rows = synthetic(START_SAMPLE + 500, 200, 6, 3);
        let with = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| fit(&rows, 200, 6, 5, 100))
        };
        assert_eq!(with(1), with(3));
    }

    #[test]
    fn an_emptied_cluster_takes_the_article_worst_placed_in_its_own() {
        let rows = vec![
            unit(&[(0, 1.0)]),
            unit(&[(0, 1.0), (1, 0.2)]),
            unit(&[(0, 0.2), (1, 1.0)]),
            unit(&[(0, 1.0), (1, 0.1)]),
        ];
        let rows = refs(&rows);
        let centroids = TermCentroids::from_rows(&[unit(&[(0, 1.0)]), Vec::new()], 2);
        let mut bounds = vec![
            Bounds {
                cluster: 0,
                own: 1.0
            };
            4
        ];
        let mut sums = Sums::new(&rows, &bounds, 2, 2);
        refill(&rows, &centroids, &mut bounds, &mut sums);
        assert_eq!(sums.sizes, [3, 1]);
        assert_eq!(bounds[2].cluster, 1);
        let mut c = centroids.clone();
        sums.update(&mut c);
        assert_eq!(c.row(1), rows[2]);
    }

    #[test]
    fn blocked_scores_equal_plain_sums_for_any_k() {
        let rows = synthetic(30, 40, 3, 1);
        for k in 1..=41 {
            let centroids: Vec<SparseRow> = (0..k).map(|c| rows[c % rows.len()].clone()).collect();
            let c = TermCentroids::from_rows(&centroids, 40);
            let mut scores = vec![0.0; k];
            for row in &rows {
                c.scores(row, &mut scores);
                for (j, &s) in scores.iter().enumerate() {
                    let plain = row.iter().fold(0.0f32, |sum, &(t, w)| {
                        sum + w * c.weights[t as usize * k + j]
                    });
                    assert_eq!(s.to_bits(), plain.to_bits(), "k {k} centroid {j}");
                }
            }
        }
    }
}

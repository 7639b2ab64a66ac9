//! Spherical k-means on sparse, L2-normalised TF-IDF rows: each article joins the
//! centroid it has the highest cosine with, and each centroid is the normalised sum of
//! its articles.
//!
//! Works on the full vocabulary, so nothing is lost to a projection. A row's scores
//! against all centroids cost one pass over its non-zero terms: centroids are stored
//! term-major (`k` weights per term, side by side), so each term adds to `k`
//! accumulators at once. Seeded k-means++ start (on cosine distance); assignment runs
//! in parallel; results do not depend on the number of threads.

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

use crate::vectorize::SparseRow;

/// Stop once fewer than one article in this many changes cluster in an iteration.
const STABLE_SHARE: usize = 1000;

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
    pub fn scores(&self, row: &[(u32, f32)], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for &(t, w) in row {
            let start = t as usize * self.k;
            let Some(column) = self.weights.get(start..start + self.k) else {
                continue;
            };
            for (s, &c) in scores.iter_mut().zip(column) {
                *s += w * c;
            }
        }
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

/// Fit `k` centroids to `rows` (vocabulary of `terms` terms). Stops when fewer than
/// one article in a thousand changes cluster, or after `max_iterations`.
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
    let rows = &ranked[..];
    let mut centroids = seed_plus_plus(rows, terms, k, seed);
    let mut assignment: Vec<usize> = vec![usize::MAX; rows.len()];
    for _ in 0..max_iterations {
        let nearest: Vec<(usize, f32)> = rows
            .par_iter()
            .map_init(
                || vec![0.0f32; k],
                |scores, row| centroids.nearest(row, scores),
            )
            .collect();
        let mut changed = 0usize;
        for (a, &(c, _)) in assignment.iter_mut().zip(&nearest) {
            if *a != c {
                *a = c;
                changed += 1;
            }
        }
        if changed == 0 {
            break;
        }
        centroids = recompute(rows, &assignment, &nearest, terms, k);
        // Converged enough: the last moves are a few border articles swapping sides.
        if changed * STABLE_SHARE < rows.len() {
            break;
        }
    }
    let mut out = TermCentroids::zeros(k, terms);
    for (r, column) in centroids.weights.chunks_exact(k).enumerate() {
        let t = by_rank[r] as usize;
        out.weights[t * k..(t + 1) * k].copy_from_slice(column);
    }
    out
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

/// Each centroid the normalised sum of its articles; an emptied centroid moves to the
/// article least similar to its own centroid, so k clusters stay k.
fn recompute(
    rows: &[SparseRow],
    assignment: &[usize],
    nearest: &[(usize, f32)],
    terms: usize,
    k: usize,
) -> TermCentroids {
    let mut out = TermCentroids::zeros(k, terms);
    let mut sizes = vec![0usize; k];
    for (row, &c) in rows.iter().zip(assignment) {
        sizes[c] += 1;
        for &(t, w) in row {
            out.weights[t as usize * k + c] += w;
        }
    }
    // Worst-placed articles first, for refilling empty clusters.
    let mut refill: Vec<usize> = Vec::new();
    if sizes.contains(&0) {
        refill = (0..rows.len()).collect();
        refill.sort_by(|&a, &b| nearest[a].1.total_cmp(&nearest[b].1).then(a.cmp(&b)));
    }
    let mut refill = refill.into_iter();
    for (c, &size) in sizes.iter().enumerate() {
        if size == 0 {
            if let Some(i) = refill.next() {
                for &(t, w) in &rows[i] {
                    out.weights[t as usize * k + c] = w;
                }
            }
        }
    }
    normalise_columns(&mut out);
    out
}

fn normalise_columns(c: &mut TermCentroids) {
    let mut norms = vec![0.0f32; c.k];
    for column in c.weights.chunks_exact(c.k) {
        for (n, w) in norms.iter_mut().zip(column) {
            *n += w * w;
        }
    }
    norms.iter_mut().for_each(|n| *n = n.sqrt());
    for column in c.weights.chunks_exact_mut(c.k) {
        for (w, &n) in column.iter_mut().zip(&norms) {
            if n > 0.0 {
                *w /= n;
            }
        }
    }
}

/// k-means++ start: the first centre at random, each next one drawn with probability
/// proportional to its squared distance (on the unit sphere, 2 − 2·cosine) to the
/// nearest centre already chosen.
fn seed_plus_plus(rows: &[SparseRow], terms: usize, k: usize, seed: u64) -> TermCentroids {
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
        for &(t, w) in &rows[last] {
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
        for &(t, _) in &rows[last] {
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
        for &(t, w) in &rows[i] {
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
}

//! Percentile bootstrap intervals for pooled ratios over articles.
//!
//! An outlet's rate is a pooled ratio (occurrences summed over its articles ÷ words
//! summed, × 1,000). Resampling its articles with replacement and recomputing the ratio
//! shows how much the rate owes to which articles happened to be collected. Seeded
//! (xoshiro256++): the same rows and seed give the same interval on every machine.

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;

/// How intervals are drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BootstrapOptions {
    pub resamples: usize,
    /// Coverage of the interval, in (0, 1).
    pub confidence: f64,
    pub seed: u64,
}

impl Default for BootstrapOptions {
    fn default() -> Self {
        Self {
            resamples: 1000,
            confidence: 0.95,
            seed: 0x00C1_A135_C09E,
        }
    }
}

/// A closed interval, serialised as `[low, high]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(into = "[f64; 2]")]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl From<Interval> for [f64; 2] {
    fn from(i: Interval) -> Self {
        [i.low, i.high]
    }
}

/// One pooled ratio: `scale × Σ numerator / Σ denominator` over the rows drawn (0 when
/// the denominators sum to 0). Both slices have one value per row.
#[derive(Debug, Clone, Copy)]
pub struct Ratio<'a> {
    pub numerator: &'a [u64],
    pub denominator: &'a [u64],
    pub scale: f64,
}

impl Ratio<'_> {
    /// The ratio over all rows, each once.
    pub fn pooled(&self) -> f64 {
        ratio(
            self.numerator.iter().sum(),
            self.denominator.iter().sum(),
            self.scale,
        )
    }
}

fn ratio(numerator: u64, denominator: u64, scale: f64) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        scale * numerator as f64 / denominator as f64
    }
}

/// A percentile interval for each ratio, all drawn from the same resamples of the rows
/// (so that ratios sharing a denominator stay consistent). `None` with fewer than two
/// rows or no resample: one article says nothing about the spread.
pub fn ratio_intervals(
    rows: usize,
    ratios: &[Ratio<'_>],
    options: &BootstrapOptions,
) -> Option<Vec<Interval>> {
    if rows < 2 || options.resamples == 0 {
        return None;
    }
    // The distinct columns the ratios read (outlets' rates share their denominator),
    // laid out row by row: a resample adds the row of each draw, so that one pass over
    // the draws sums every column, with no multiplications.
    let mut columns: Vec<&[u64]> = Vec::new();
    let mut parts = Vec::with_capacity(ratios.len());
    for r in ratios {
        let mut column_of = |values| match columns.iter().position(|&c| c == values) {
            Some(c) => c,
            None => {
                columns.push(values);
                columns.len() - 1
            }
        };
        parts.push((column_of(r.numerator), column_of(r.denominator)));
    }
    let width = columns.len();
    let mut table = vec![0u64; rows * width];
    for (c, column) in columns.iter().enumerate() {
        for (row, &value) in column.iter().take(rows).enumerate() {
            table[row * width + c] = value;
        }
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(options.seed);
    let mut sums = vec![0u64; width];
    let mut values: Vec<Vec<f64>> = vec![Vec::with_capacity(options.resamples); ratios.len()];
    for _ in 0..options.resamples {
        sums.iter_mut().for_each(|s| *s = 0);
        for _ in 0..rows {
            // Multiply-shift maps 64 random bits onto 0..rows without a division.
            let row = ((u128::from(rng.next_u64()) * rows as u128) >> 64) as usize;
            let drawn = &table[row * width..(row + 1) * width];
            sums.iter_mut().zip(drawn).for_each(|(s, &v)| *s += v);
        }
        for (&(n, d), (r, out)) in parts.iter().zip(ratios.iter().zip(values.iter_mut())) {
            out.push(ratio(sums[n], sums[d], r.scale));
        }
    }
    let tail = (1.0 - options.confidence.clamp(0.0, 1.0)) / 2.0;
    Some(
        values
            .into_iter()
            .map(|mut v| {
                v.sort_by(f64::total_cmp);
                Interval {
                    low: quantile(&v, tail),
                    high: quantile(&v, 1.0 - tail),
                }
            })
            .collect(),
    )
}

/// The `q` quantile of sorted values, interpolating between order statistics.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => 0.0,
        1 => sorted[0],
        n => {
            let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
            let below = pos.floor() as usize;
            let above = (below + 1).min(n - 1);
            let frac = pos - below as f64;
            sorted[below] + (sorted[above] - sorted[below]) * frac
        }
    }
}

/// A seed for one named group, derived from the run's seed (FNV-1a of the name), so that
/// adding a group leaves the others' intervals unchanged.
pub fn seed_for(seed: u64, name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^ seed
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTS: [u64; 6] = [1, 0, 4, 2, 9, 3];
    const WORDS: [u64; 6] = [500, 400, 800, 300, 1200, 600];

    fn rate() -> Ratio<'static> {
        Ratio {
            numerator: &COUNTS,
            denominator: &WORDS,
            scale: 1000.0,
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_interval() {
        let options = BootstrapOptions::default();
        let a = ratio_intervals(6, &[rate()], &options).unwrap();
        let b = ratio_intervals(6, &[rate()], &options).unwrap();
        assert_eq!(a, b);
        let other = BootstrapOptions { seed: 7, ..options };
        assert_ne!(a, ratio_intervals(6, &[rate()], &other).unwrap());
    }

    #[test]
    fn the_interval_brackets_the_pooled_rate_within_the_row_extremes() {
        let r = rate();
        let pooled = r.pooled();
        assert!((pooled - 1000.0 * 19.0 / 3800.0).abs() < 1e-12);
        let i = ratio_intervals(6, &[r], &BootstrapOptions::default()).unwrap()[0];
        assert!(i.low < pooled && pooled < i.high, "{i:?} around {pooled}");
        assert!(
            i.low >= 0.0 && i.high <= 1000.0 * 9.0 / 1200.0 + 1e-9,
            "{i:?}"
        );
    }

    #[test]
    fn no_interval_from_one_row_and_none_when_rows_agree() {
        assert!(ratio_intervals(1, &[rate()], &BootstrapOptions::default()).is_none());
        let same = Ratio {
            numerator: &[2, 2, 2],
            denominator: &[100, 100, 100],
            scale: 1.0,
        };
        let i = ratio_intervals(3, &[same], &BootstrapOptions::default()).unwrap()[0];
        assert_eq!((i.low, i.high), (0.02, 0.02));
    }

    /// The resampling written the plain way: each row weighted by how often it was
    /// drawn, each ratio summed on its own.
    fn weighted_by_draws(
        rows: usize,
        ratios: &[Ratio<'_>],
        options: &BootstrapOptions,
    ) -> Vec<Vec<f64>> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(options.seed);
        let mut values = vec![Vec::new(); ratios.len()];
        for _ in 0..options.resamples {
            let mut draws = vec![0u64; rows];
            for _ in 0..rows {
                draws[((u128::from(rng.next_u64()) * rows as u128) >> 64) as usize] += 1;
            }
            for (r, out) in ratios.iter().zip(values.iter_mut()) {
                let weighted = |column: &[u64]| -> u64 {
                    draws.iter().zip(column).map(|(&times, &v)| times * v).sum()
                };
                out.push(ratio(
                    weighted(r.numerator),
                    weighted(r.denominator),
                    r.scale,
                ));
            }
        }
        values
            .into_iter()
            .map(|mut v| {
                v.sort_by(f64::total_cmp);
                v
            })
            .collect()
    }

    #[test]
    fn summing_each_draw_equals_weighting_each_row_by_its_draws() {
        // Ratios sharing a denominator, one sharing its numerator, one whose columns
        // are equal copies, and a column shorter than the rows (its missing rows count
        // nothing).
        let words = [500, 400, 800, 300, 1200, 600, 50, 9000];
        let copy = words;
        let (a, b) = ([1, 0, 4, 2, 9, 3, 0, 40], [0, 0, 1, 0, 0, 7, 1, 2]);
        let (sentences, attributed) = ([20, 15, 40, 9, 60, 30, 3, 400], [5, 0, 12, 1]);
        let ratios = [
            Ratio {
                numerator: &a,
                denominator: &words,
                scale: 1000.0,
            },
            Ratio {
                numerator: &b,
                denominator: &words,
                scale: 1000.0,
            },
            Ratio {
                numerator: &a,
                denominator: &copy,
                scale: 1.0,
            },
            Ratio {
                numerator: &attributed,
                denominator: &sentences,
                scale: 1.0,
            },
        ];
        let options = BootstrapOptions {
            resamples: 200,
            ..BootstrapOptions::default()
        };
        let got = ratio_intervals(words.len(), &ratios, &options).unwrap();
        let want = weighted_by_draws(words.len(), &ratios, &options);
        let tail = (1.0 - options.confidence) / 2.0;
        for (interval, values) in got.iter().zip(&want) {
            assert_eq!(interval.low.to_bits(), quantile(values, tail).to_bits());
            assert_eq!(
                interval.high.to_bits(),
                quantile(values, 1.0 - tail).to_bits()
            );
        }
        assert!(got[0] != got[1] && got[2].low < got[0].low, "{got:?}");
    }

    #[test]
    fn quantiles_interpolate() {
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.5), 3.0);
        assert_eq!(quantile(&[0.0, 10.0], 0.25), 2.5);
        assert_eq!(quantile(&[], 0.5), 0.0);
        assert_ne!(seed_for(1, "A"), seed_for(1, "B"));
    }
}

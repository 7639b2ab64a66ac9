//! Distinctive terms: the weighted log-odds ratio with an informative Dirichlet prior of
//! Monroe, Colaresi & Quinn (2008), "Fightin' Words", §3.5.
//!
//! For a term w, a group i (one outlet) and the rest j (every other outlet), with counts
//! y and totals n, and a prior α_w of total α_0:
//!
//! ```text
//! δ_w = ln((y_iw + α_w) / (n_i + α_0 − y_iw − α_w)) − ln((y_jw + α_w) / (n_j + α_0 − y_jw − α_w))
//! σ²_w ≈ 1 / (y_iw + α_w) + 1 / (y_jw + α_w)
//! z_w = δ_w / σ_w
//! ```
//!
//! The prior follows the whole corpus's frequencies, α_w = α_0 · y_w / n (the
//! "informative" prior of §3.5.2), so rare terms are shrunk towards no difference
//! instead of topping the list by chance. Its weight α_0 is the rest's total n_j: for an
//! outlet among many that is nearly the corpus itself (α_w ≈ y_w, the usual choice of
//! using the corpus counts as the prior), and when one outlet makes up most of the
//! corpus the prior still does not outweigh the few words of the others.

/// The log-odds of one term for a group against the rest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogOdds {
    pub delta: f64,
    pub variance: f64,
    pub z: f64,
}

/// Counts of one term and the totals they are drawn from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermCounts {
    /// The term in the group and the group's total.
    pub group: f64,
    pub group_total: f64,
    /// The term in the rest and the rest's total.
    pub rest: f64,
    pub rest_total: f64,
}

/// δ, σ² and z of one term under the prior `alpha` (the term's prior count) of total
/// `alpha_total`.
pub fn log_odds(c: TermCounts, alpha: f64, alpha_total: f64) -> LogOdds {
    let odds = |y: f64, n: f64| (y + alpha) / (n + alpha_total - y - alpha);
    let delta = odds(c.group, c.group_total).ln() - odds(c.rest, c.rest_total).ln();
    let variance = 1.0 / (c.group + alpha) + 1.0 / (c.rest + alpha);
    LogOdds {
        delta,
        variance,
        z: delta / variance.sqrt(),
    }
}

/// Whether the term's z may exceed `min_z` (positive): false when even a bound on δ
/// keeps z at or below it. Since ln x ≤ x − 1, δ = ln(a / b) ≤ a / b − 1 for the two
/// odds a and b, so z ≤ (a / b − 1) / σ. Most of a group's terms (met once or twice)
/// are ruled out so, without a logarithm or a square root.
#[inline]
pub fn may_exceed(c: TermCounts, alpha: f64, alpha_total: f64, min_z: f64) -> bool {
    let odds = |y: f64, n: f64| (y + alpha) / (n + alpha_total - y - alpha);
    let bound = odds(c.group, c.group_total) / odds(c.rest, c.rest_total) - 1.0;
    let variance = 1.0 / (c.group + alpha) + 1.0 / (c.rest + alpha);
    // Both sides positive: bound / σ > min_z as bound² > min_z² σ². What is not a
    // number is left to the exact test.
    bound.is_nan() || (bound > 0.0 && bound * bound > min_z * min_z * variance)
}

/// A term a group uses more than the rest, by z-score.
#[derive(Debug, Clone, PartialEq)]
pub struct Distinctive<'a> {
    /// The term's index in the corpus counts.
    pub term: u32,
    pub stem: &'a str,
    pub z: f64,
    /// Occurrences in the group.
    pub count: u64,
}

/// Term counts of a whole corpus: `counts[t]` occurrences of the stem `stems[t]`.
#[derive(Debug, Clone, Copy)]
pub struct CorpusCounts<'a> {
    pub stems: &'a [&'a str],
    pub counts: &'a [u64],
    pub total: u64,
}

/// The group's terms ((term index, occurrences), each term once) with z above `min_z`
/// against the rest of the corpus (prior as in the module doc), highest z first (ties
/// by stem), at most `top`. Nothing is distinctive when the group is the whole corpus.
pub fn distinctive_terms<'a>(
    group: &[(u32, u64)],
    corpus: CorpusCounts<'a>,
    min_z: f64,
    top: usize,
) -> Vec<Distinctive<'a>> {
    let group_total: u64 = group.iter().map(|&(_, n)| n).sum();
    let rest_total = corpus.total.saturating_sub(group_total);
    if group_total == 0 || rest_total == 0 {
        return Vec::new();
    }
    // The prior weighs as much as the rest's own words: as strong as the whole corpus
    // for a small outlet, and never drowning the rest when one outlet dominates.
    let alpha_total = rest_total as f64;
    let mut out: Vec<Distinctive<'a>> = group
        .iter()
        .filter_map(|&(term, count)| {
            let stem = corpus.stems.get(term as usize)?;
            let all = corpus
                .counts
                .get(term as usize)
                .copied()
                .unwrap_or(count)
                .max(count);
            let counts = TermCounts {
                group: count as f64,
                group_total: group_total as f64,
                rest: (all - count) as f64,
                rest_total: rest_total as f64,
            };
            let alpha = alpha_total * all as f64 / corpus.total as f64;
            if min_z > 0.0 && !may_exceed(counts, alpha, alpha_total, min_z) {
                return None;
            }
            let odds = log_odds(counts, alpha, alpha_total);
            (odds.z > min_z).then_some(Distinctive {
                term,
                stem,
                z: odds.z,
                count,
            })
        })
        .collect();
    out.sort_by(|a, b| b.z.total_cmp(&a.z).then(a.stem.cmp(b.stem)));
    out.truncate(top);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_odds_matches_a_hand_computed_example() {
        // A term said 10 times in 100 words by the group and 2 times in 200 words by the
        // rest; corpus prior α_w = 12 of α_0 = 300.
        //   δ = ln(22 / 378) − ln(14 / 486) = −2.843862 + 3.547231 = 0.703300
        //   σ² = 1/22 + 1/14 = 0.116883, z = 0.703300 / 0.341882 = 2.057143
        let r = log_odds(
            TermCounts {
                group: 10.0,
                group_total: 100.0,
                rest: 2.0,
                rest_total: 200.0,
            },
            12.0,
            300.0,
        );
        assert!((r.delta - 0.703300).abs() < 1e-6, "{r:?}");
        assert!((r.variance - 0.116883).abs() < 1e-6, "{r:?}");
        assert!((r.z - 2.057143).abs() < 1e-6, "{r:?}");
    }

    proptest::proptest! {
        /// The bound never rules out a term whose z exceeds the threshold.
        #[test]
        fn the_bound_rules_out_only_terms_at_or_below_the_threshold(
            group in 0u32..5_000,
            group_rest in 0u32..200_000,
            rest in 0u32..50_000,
            rest_rest in 1u32..20_000_000,
            min_z in 0.01f64..6.0,
        ) {
            let (group, rest) = (f64::from(group), f64::from(rest));
            let counts = TermCounts {
                group,
                group_total: group + f64::from(group_rest),
                rest,
                rest_total: rest + f64::from(rest_rest),
            };
            let total = counts.group_total + counts.rest_total;
            let alpha = counts.rest_total * (group + rest) / total;
            let exact = log_odds(counts, alpha, counts.rest_total);
            if exact.z > min_z {
                proptest::prop_assert!(may_exceed(counts, alpha, counts.rest_total, min_z));
            }
        }
    }

    #[test]
    fn the_bound_rules_out_terms_used_as_often_as_elsewhere() {
        // Once in 1,000 words against 100 in 100,000: no more than the rest, z ≤ 0.
        let counts = TermCounts {
            group: 1.0,
            group_total: 1_000.0,
            rest: 100.0,
            rest_total: 100_000.0,
        };
        let alpha = 100_000.0 * 101.0 / 101_000.0;
        assert!(log_odds(counts, alpha, 100_000.0).z <= 1.96);
        assert!(!may_exceed(counts, alpha, 100_000.0, 1.96));
        // Ten times the rest's rate, often enough: kept for the exact test.
        let over = TermCounts {
            group: 100.0,
            ..counts
        };
        assert!(may_exceed(over, alpha, 100_000.0, 1.96));
        assert!(log_odds(over, alpha, 100_000.0).z > 1.96);
    }

    #[test]
    fn distinctive_terms_rank_what_the_group_overuses() {
        let stems = ["regim", "troop", "say"];
        let group = [(0, 10), (1, 5), (2, 5)];
        let rest = [(0, 2), (1, 100), (2, 95)];
        let corpus = CorpusCounts {
            stems: &stems,
            counts: &[12, 105, 100],
            total: 217,
        };
        let found = distinctive_terms(&group, corpus, 1.96, 10);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].stem, found[0].count), ("regim", 10));
        // The rest's view with no threshold: all three terms, ordered by z, the group's
        // term last and negative.
        let all = distinctive_terms(&rest, corpus, f64::NEG_INFINITY, 10);
        assert_eq!(all.len(), 3);
        assert!(all.windows(2).all(|w| w[0].z >= w[1].z));
        assert_eq!(all[2].stem, "regim");
        assert!(all[2].z < 0.0);
        // A group that is the whole corpus has nothing to stand out against.
        let everything = [(0, 12), (1, 105), (2, 100)];
        assert!(distinctive_terms(&everything, corpus, 0.0, 10).is_empty());
    }
}

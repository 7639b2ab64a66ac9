//! A seeded sparse random projection from TF-IDF space to a few hundred dense
//! dimensions, so that k-means (which needs dense input) runs on a matrix that fits in
//! memory.
//!
//! Each term is sent to `per_term` dimensions with random signs, chosen by hashing the
//! term's text with the seed (a sparse Johnson–Lindenstrauss transform). Because the
//! choice depends only on the text, the seed and the sizes, a saved projection is
//! these three numbers, and a term unseen at fitting time still projects the same way
//! every time. Rows are re-normalised after projection, so dot products stay cosines.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use crate::vectorize::SparseRow;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Projection {
    pub dims: usize,
    pub per_term: usize,
    pub seed: u64,
}

/// Where each vocabulary term goes: `per_term` (dimension, signed weight) pairs.
pub struct TermMap {
    per_term: usize,
    targets: Vec<(u32, f32)>,
}

impl Projection {
    pub fn new(dims: usize, per_term: usize, seed: u64) -> Self {
        Self {
            dims: dims.max(1),
            per_term: per_term.clamp(1, dims.max(1)),
            seed,
        }
    }

    /// The targets of every term of a vocabulary.
    pub fn term_map(&self, terms: &[String]) -> TermMap {
        let weight = 1.0 / (self.per_term as f32).sqrt();
        let mut targets = Vec::with_capacity(terms.len() * self.per_term);
        for term in terms {
            let base = fnv1a(term.as_bytes()) ^ self.seed;
            for j in 0..self.per_term as u64 {
                let h = splitmix64(base.wrapping_add(j.wrapping_mul(0x9E37_79B9_7F4A_7C15)));
                let dim = (h % self.dims as u64) as u32;
                let sign = if h >> 63 == 1 { -weight } else { weight };
                targets.push((dim, sign));
            }
        }
        TermMap {
            per_term: self.per_term,
            targets,
        }
    }

    /// Project rows (in the vocabulary `map` was built for) to a dense matrix whose
    /// non-empty rows have unit length.
    pub fn project(&self, rows: &[SparseRow], map: &TermMap) -> Array2<f32> {
        let mut out = Array2::<f32>::zeros((rows.len(), self.dims));
        for (row, mut dense) in rows.iter().zip(out.rows_mut()) {
            for &(term, weight) in row {
                let start = term as usize * map.per_term;
                let Some(targets) = map.targets.get(start..start + map.per_term) else {
                    continue;
                };
                for &(dim, sign) in targets {
                    dense[dim as usize] += sign * weight;
                }
            }
            let norm = dense.iter().map(|v| v * v).sum::<f32>().sqrt();
            if norm > 0.0 {
                dense.mapv_inplace(|v| v / norm);
            }
        }
        out
    }
}

/// FNV-1a, 64 bits: a hash fixed by its definition, so saved projections stay valid
/// across builds (the standard library's hasher promises no such thing).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_is_fixed_by_text_seed_and_sizes() {
        let p = Projection::new(64, 4, 7);
        let terms = vec!["troop".to_string(), "kazakhstan".to_string()];
        let a = p.term_map(&terms);
        let b = p.term_map(&["kazakhstan".to_string()]);
        assert_eq!(&a.targets[4..8], &b.targets[..]);
        let other = Projection::new(64, 4, 8).term_map(&terms);
        assert_ne!(a.targets, other.targets);
    }

    #[test]
    fn projected_rows_are_unit_length_and_keep_similarity_order() {
        let terms: Vec<String> = (0..200).map(|i| format!("t{i}")).collect();
        let p = Projection::new(256, 4, 1);
        let map = p.term_map(&terms);
        let row = |ids: &[u32]| -> SparseRow {
            let w = 1.0 / (ids.len() as f32).sqrt();
            ids.iter().map(|&i| (i, w)).collect()
        };
        let rows = vec![
            row(&(0..20).collect::<Vec<_>>()),
            row(&(2..22).collect::<Vec<_>>()),
            row(&(100..120).collect::<Vec<_>>()),
            Vec::new(),
        ];
        let x = p.project(&rows, &map);
        for i in 0..3 {
            let n: f32 = x.row(i).iter().map(|v| v * v).sum();
            assert!((n - 1.0).abs() < 1e-4);
        }
        assert!(x.row(3).iter().all(|&v| v == 0.0));
        let near = x.row(0).dot(&x.row(1));
        let far = x.row(0).dot(&x.row(2));
        assert!(near > 0.7 && far < 0.3, "near {near}, far {far}");
    }
}

//! Topic clusters of articles: which topics a corpus holds and which outlets cover them.
//!
//! Owns the pipeline from TF-IDF rows to labelled topics: k-means (by default our own
//! spherical k-means on the sparse rows, [`spherical`]; or linfa-clustering's k-means
//! on a seeded sparse random projection to a few hundred dimensions, [`projection`]),
//! several seeded starts on small corpora, the choice of k (mean silhouette on a
//! seeded sample, over a range), topic labels from the terms that most set a cluster
//! apart, near-duplicate pairs, and the [`TopicModel`] that persists all of it so new
//! articles can be assigned without refitting. Does not tokenise or weigh terms
//! (`vectorize`) and does no IO: the caller reads and writes model files.
//!
//! Why the spherical engine is the default: it works on the full vocabulary with
//! cosine and finds clearly better topics than Euclidean k-means on the projection
//! (README, "Topics"); the linfa engine stays available as `--engine linfa`.

pub mod projection;
pub mod spherical;

use std::collections::BTreeMap;

use linfa::prelude::*;
use linfa::DatasetBase;
use linfa_clustering::KMeans;
use linfa_nn::distance::Distance;
use ndarray::{Array2, ArrayView1, ArrayView2, Axis};
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use serde::{Deserialize, Serialize};

use crate::corpus::{Article, ArticleId};
use crate::error::Error;
use crate::vectorize::{SparseRow, TfidfModel, TfidfOptions};
pub use projection::Projection;

/// Which k-means runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Engine {
    /// Spherical k-means of our own on the sparse TF-IDF rows (the default: better
    /// topics and faster, see README "Topics").
    #[default]
    Spherical,
    /// linfa-clustering's k-means on the rows projected to `dims` dimensions.
    Linfa,
}

/// How to cluster.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    pub engine: Engine,
    /// Number of clusters; `None` chooses it (see [`choose_k`]).
    pub k: Option<usize>,
    /// Seeds the projection, the sample and k-means: same seed, same output.
    pub seed: u64,
    /// Dimensions of the projected space.
    pub dims: usize,
    /// Dimensions each term is projected onto.
    pub per_term: usize,
    /// Largest k tried when choosing k.
    pub max_k: usize,
    /// Articles in the sample on which k is chosen.
    pub sample: usize,
    /// Two articles whose TF-IDF cosine reaches this are near-duplicates.
    pub near_duplicate: f32,
    /// Terms kept per topic.
    pub top_terms: usize,
    pub tfidf: TfidfOptions,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        Self {
            engine: Engine::default(),
            k: None,
            seed: 42,
            dims: 256,
            per_term: 4,
            max_k: 40,
            sample: 2000,
            near_duplicate: 0.9,
            top_terms: 8,
            tfidf: TfidfOptions::default(),
        }
    }
}

/// Terms shown in a topic's label.
const LABEL_TERMS: usize = 3;
/// Lloyd iterations at most, and the centroid shift at which k-means stops.
const MAX_ITERATIONS: u64 = 100;
const TOLERANCE: f32 = 1e-4;
/// k-means starts: as many as fit in this many article-runs, at most `MAX_RUNS`.
const RUNS_BUDGET: usize = 20_000;
const MAX_RUNS: usize = 10;

/// What a topic is, as stored in a model: enough to name the clusters new articles
/// are assigned to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicName {
    pub id: String,
    pub label: String,
    pub top_terms: Vec<String>,
}

/// Everything needed to assign new articles to fitted topics.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TopicModel {
    /// Always [`TopicModel::FORMAT`], so a wrong file is recognised.
    pub format: String,
    pub version: u32,
    pub seed: u64,
    pub tfidf: TfidfModel,
    /// One centroid per topic, in the order of `topics`.
    pub centroids: Centroids,
    pub topics: Vec<TopicName>,
}

/// Topic centroids, in the space their engine clusters in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "space", rename_all = "snake_case")]
pub enum Centroids {
    /// Unit vectors over the vocabulary, sparse: (term id, weight).
    Terms { rows: Vec<SparseRow> },
    /// Dense rows in the space of a random projection.
    Projected {
        projection: Projection,
        rows: Vec<Vec<f32>>,
    },
}

impl Centroids {
    fn len(&self) -> usize {
        match self {
            Centroids::Terms { rows } => rows.len(),
            Centroids::Projected { rows, .. } => rows.len(),
        }
    }

    /// The topic of each row (ties to the lower index).
    fn assign(&self, rows: &[SparseRow], vocabulary: &[String]) -> Vec<usize> {
        match self {
            Centroids::Terms { rows: centroids } => {
                let c = spherical::TermCentroids::from_rows(centroids, vocabulary.len());
                nearest_terms(rows, &c).0
            }
            Centroids::Projected {
                projection,
                rows: centroids,
            } => {
                let x = projection.project(rows, &projection.term_map(vocabulary));
                let c = Array2::from_shape_fn((centroids.len(), projection.dims), |(i, j)| {
                    centroids[i].get(j).copied().unwrap_or(0.0)
                });
                assign_rows(x.view(), c.view())
            }
        }
    }
}

/// The topic of each row, and the sum over rows of the cosine with their centroid
/// (the cohesion spherical k-means maximises, to pick the best of several starts).
fn nearest_terms(rows: &[SparseRow], c: &spherical::TermCentroids) -> (Vec<usize>, f64) {
    use rayon::prelude::*;
    let nearest: Vec<(usize, f32)> = rows
        .par_iter()
        .map_init(|| vec![0.0f32; c.k], |scores, row| c.nearest(row, scores))
        .collect();
    let cohesion = nearest.iter().map(|&(_, s)| s as f64).sum();
    (nearest.into_iter().map(|(a, _)| a).collect(), cohesion)
}

impl TopicModel {
    pub const FORMAT: &'static str = "claimscope-topic-model";
    pub const VERSION: u32 = 1;

    /// Read a model from JSON, checking that it is one and that its parts fit together.
    pub fn from_json(name: &str, json: &str) -> Result<Self, Error> {
        let fail = |message: String| Error::Model {
            name: name.to_owned(),
            message,
        };
        let model: TopicModel = serde_json::from_str(json)
            .map_err(|e| fail(format!("not a claimscope topic model ({e})")))?;
        if model.format != Self::FORMAT {
            return Err(fail(format!(
                "format is {:?}, expected {:?}",
                model.format,
                Self::FORMAT
            )));
        }
        if model.version != Self::VERSION {
            return Err(fail(format!(
                "version {} is not supported (this build reads version {})",
                model.version,
                Self::VERSION
            )));
        }
        let t = &model.tfidf;
        if t.terms.len() != t.idf.len() || t.terms.len() != t.surface.len() {
            return Err(fail(
                "vocabulary, IDF and surface forms differ in length".into(),
            ));
        }
        if !t.terms.windows(2).all(|w| w[0] < w[1]) {
            return Err(fail("vocabulary is not sorted".into()));
        }
        // A bigram term in a model that says it reads no bigrams would never be found.
        if !t.options.bigrams {
            if let Some(pair) = t.terms.iter().find(|term| term.contains(' ')) {
                return Err(fail(format!(
                    "the vocabulary holds the bigram {pair:?} but the model is unigram-only"
                )));
            }
        }
        if model.centroids.len() == 0 || model.centroids.len() != model.topics.len() {
            return Err(fail(
                "needs one centroid per topic, and at least one".into(),
            ));
        }
        match &model.centroids {
            Centroids::Terms { rows } => {
                let terms = t.terms.len() as u32;
                if rows.iter().flatten().any(|&(term, _)| term >= terms) {
                    return Err(fail(format!(
                        "a centroid names a term beyond the {terms}-term vocabulary"
                    )));
                }
            }
            Centroids::Projected { projection, rows } => {
                if projection.dims == 0 || rows.iter().any(|c| c.len() != projection.dims) {
                    return Err(fail(format!(
                        "centroids must have {} dimensions",
                        projection.dims
                    )));
                }
            }
        }
        Ok(model)
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// A pair of articles whose texts are nearly the same.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearDuplicate {
    pub articles: [ArticleId; 2],
    pub cosine: f32,
}

/// One topic and the articles in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    pub id: String,
    pub label: String,
    pub top_terms: Vec<String>,
    pub size: usize,
    /// Article ids, oldest first (undated last), then by id.
    pub articles: Vec<ArticleId>,
    /// Outlet → number of its articles in the cluster.
    pub outlets: BTreeMap<String, usize>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Near-duplicate pairs whose first article is in this cluster.
    pub near_duplicates: Vec<NearDuplicate>,
}

/// How k was chosen: the criterion and its value for every k tried.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KChoice {
    pub k: usize,
    /// `"given"`, `"silhouette"` or `"model"`.
    pub by: &'static str,
    /// (k, mean silhouette on the sample), for every k tried.
    pub scores: Vec<(usize, f32)>,
}

/// The clusters of a corpus and the model that produced them.
pub struct Clustering {
    pub clusters: Vec<Cluster>,
    pub k: KChoice,
    pub model: TopicModel,
}

/// Cluster articles into topics.
pub fn cluster_articles(
    articles: &[Article],
    options: &ClusterOptions,
) -> Result<Clustering, Error> {
    let (tfidf, rows) = TfidfModel::fit_transform(articles, &options.tfidf);
    cluster_rows(articles, tfidf, rows, options)
}

/// [`cluster_articles`] with the articles' TF-IDF already fitted under
/// `options.tfidf` (`rows` by article index).
pub fn cluster_rows(
    articles: &[Article],
    tfidf: TfidfModel,
    rows: Vec<SparseRow>,
    options: &ClusterOptions,
) -> Result<Clustering, Error> {
    let distinct = distinct_nonzero(&rows);
    let given = options.k.map(|k| KChoice {
        k: k.clamp(1, distinct.max(1)),
        by: "given",
        scores: Vec::new(),
    });
    // Several k-means++ starts (the best wins) while they are cheap; one on large
    // corpora, where a start matters less and time matters more.
    let runs = (RUNS_BUDGET / rows.len().max(1)).clamp(1, MAX_RUNS);
    let (k_choice, centroids, assignment) = match options.engine {
        Engine::Spherical => {
            let k_choice = given.unwrap_or_else(|| choose_k_spherical(&rows, distinct, options));
            let terms = tfidf.terms.len();
            // Each start's assignment and cohesion come from one pass; the best start's
            // assignment is the final one (the saved rows give the same centroids).
            let mut best: Option<(f64, spherical::TermCentroids, Vec<usize>)> = None;
            for run in 0..runs as u64 {
                let c = spherical::fit(
                    &rows,
                    terms,
                    k_choice.k,
                    options.seed.wrapping_add(run),
                    MAX_ITERATIONS as usize,
                );
                let (assignment, score) = nearest_terms(&rows, &c);
                if best.as_ref().is_none_or(|b| score > b.0) {
                    best = Some((score, c, assignment));
                }
            }
            let (_, fitted, assignment) = best.unwrap_or_else(|| {
                let c = spherical::fit(&rows, terms, 1, options.seed, 1);
                let (a, score) = nearest_terms(&rows, &c);
                (score, c, a)
            });
            let rows = (0..fitted.k).map(|c| fitted.row(c)).collect();
            (k_choice, Centroids::Terms { rows }, assignment)
        }
        Engine::Linfa => {
            let projection = Projection::new(options.dims, options.per_term, options.seed);
            let x = projection.project(&rows, &projection.term_map(&tfidf.terms));
            let k_choice = given.unwrap_or_else(|| choose_k_linfa(x.view(), distinct, options));
            let c = if k_choice.k <= 1 {
                mean_row(x.view())
            } else {
                linfa_kmeans(x.view(), k_choice.k, options.seed, runs)?
            };
            let assignment = assign_rows(x.view(), c.view());
            let rows = c.rows().into_iter().map(|r| r.to_vec()).collect();
            (
                k_choice,
                Centroids::Projected { projection, rows },
                assignment,
            )
        }
    };
    let k = centroids.len();
    let names = name_topics(&rows, &assignment, k, &tfidf, options);
    let order = topic_order(&assignment, &names, k);
    // Renumber topics by size so ids read in order.
    let mut renumber = vec![usize::MAX; k];
    let mut topics = Vec::new();
    for (new, &old) in order.iter().enumerate() {
        renumber[old] = new;
        let (label, top_terms) = names[old].clone();
        topics.push(TopicName {
            id: format!("t{:02}", new + 1),
            label,
            top_terms,
        });
    }
    let centroids = match centroids {
        Centroids::Terms { rows } => Centroids::Terms {
            rows: order.iter().map(|&o| rows[o].clone()).collect(),
        },
        Centroids::Projected { projection, rows } => Centroids::Projected {
            projection,
            rows: order.iter().map(|&o| rows[o].clone()).collect(),
        },
    };
    let assignment: Vec<usize> = assignment.iter().map(|&a| renumber[a]).collect();
    let duplicates = near_duplicates(articles, &rows, options.near_duplicate);
    let model = TopicModel {
        format: TopicModel::FORMAT.to_owned(),
        version: TopicModel::VERSION,
        seed: options.seed,
        tfidf,
        centroids,
        topics,
    };
    let clusters = gather(articles, &assignment, &model.topics, duplicates);
    Ok(Clustering {
        clusters,
        k: k_choice,
        model,
    })
}

/// Assign articles to the topics of a saved model, without refitting anything.
pub fn assign_articles(
    articles: &[Article],
    model: &TopicModel,
    near_duplicate: f32,
) -> Clustering {
    let rows = model.tfidf.transform(articles);
    let assignment = model.centroids.assign(&rows, &model.tfidf.terms);
    let duplicates = near_duplicates(articles, &rows, near_duplicate);
    let clusters = gather(articles, &assignment, &model.topics, duplicates)
        .into_iter()
        .filter(|c| c.size > 0)
        .collect();
    Clustering {
        clusters,
        k: KChoice {
            k: model.topics.len(),
            by: "model",
            scores: Vec::new(),
        },
        model: model.clone(),
    }
}

/// Distinct non-empty rows: k cannot exceed them. Rows are hashed in parallel and
/// only rows with equal hashes are compared.
fn distinct_nonzero(rows: &[SparseRow]) -> usize {
    use rayon::prelude::*;
    use std::hash::{Hash, Hasher};
    let mut hashed: Vec<(u64, usize)> = rows
        .par_iter()
        .enumerate()
        .filter(|(_, row)| !row.is_empty())
        .map(|(i, row)| {
            let mut h = rustc_hash::FxHasher::default();
            for &(t, w) in row {
                (t, w.to_bits()).hash(&mut h);
            }
            (h.finish(), i)
        })
        .collect();
    hashed.par_sort_unstable();
    let bits = |i: usize| rows[i].iter().map(|&(t, w)| (t, w.to_bits()));
    let mut distinct = 0;
    for group in hashed.chunk_by(|a, b| a.0 == b.0) {
        // Rows in one hash group: count those equal to no earlier one.
        for (x, &(_, i)) in group.iter().enumerate() {
            if !group[..x].iter().any(|&(_, j)| bits(i).eq(bits(j))) {
                distinct += 1;
            }
        }
    }
    distinct
}

fn mean_row(x: ArrayView2<f32>) -> Array2<f32> {
    let mean = x
        .mean_axis(Axis(0))
        .unwrap_or_else(|| ndarray::Array1::zeros(x.ncols()));
    mean.insert_axis(Axis(0))
}

/// k-means (Lloyd, k-means++ starts, the best of `runs`) through linfa; returns the
/// centroids.
pub fn linfa_kmeans(
    x: ArrayView2<f32>,
    k: usize,
    seed: u64,
    runs: usize,
) -> Result<Array2<f32>, Error> {
    let dataset = DatasetBase::from(x);
    let rng = Xoshiro256Plus::seed_from_u64(seed);
    let model = KMeans::params_with(k, rng, SquaredL2)
        .n_runs(runs)
        .max_n_iterations(MAX_ITERATIONS)
        .tolerance(TOLERANCE)
        .fit(&dataset)
        .map_err(|e| Error::Cluster {
            message: format!("k-means with k = {k} failed: {e}"),
        })?;
    Ok(model.centroids().clone())
}

/// Squared Euclidean distance for linfa's k-means, on contiguous f32 rows.
///
/// linfa's own `L2Dist` goes through a generic element-wise path that profiles at
/// nine tenths of clustering time; eight independent partial sums let the compiler
/// vectorise the loop. The order of distances, which is all k-means needs, is the same.
#[derive(Debug, Clone, Copy)]
struct SquaredL2;

impl Distance<f32> for SquaredL2 {
    fn distance<D: ndarray::Dimension>(
        &self,
        a: ndarray::ArrayView<f32, D>,
        b: ndarray::ArrayView<f32, D>,
    ) -> f32 {
        self.rdistance(a, b).sqrt()
    }

    fn rdistance<D: ndarray::Dimension>(
        &self,
        a: ndarray::ArrayView<f32, D>,
        b: ndarray::ArrayView<f32, D>,
    ) -> f32 {
        match (a.as_slice(), b.as_slice()) {
            (Some(a), Some(b)) => squared_distance(a, b),
            _ => a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum(),
        }
    }

    fn rdist_to_dist(&self, rdist: f32) -> f32 {
        rdist.sqrt()
    }

    fn dist_to_rdist(&self, dist: f32) -> f32 {
        dist * dist
    }
}

fn squared_distance(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let chunks = a.len().min(b.len()) / 8;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for i in 0..8 {
            let d = x[i] - y[i];
            acc[i] += d * d;
        }
    }
    let mut sum: f32 = acc.iter().sum();
    for i in chunks * 8..a.len().min(b.len()) {
        let d = a[i] - b[i];
        sum += d * d;
    }
    sum
}

/// Nearest centroid of each row by Euclidean distance (the rule k-means fits by).
fn assign_rows(x: ArrayView2<f32>, centroids: ArrayView2<f32>) -> Vec<usize> {
    let norms: Vec<f32> = centroids.rows().into_iter().map(|c| c.dot(&c)).collect();
    let scores = x.dot(&centroids.t());
    scores
        .rows()
        .into_iter()
        .map(|s| nearest(s, &norms))
        .collect()
}

/// argmin ‖x − c‖² = argmin (‖c‖² − 2 x·c); ties go to the lower index.
fn nearest(dots: ArrayView1<f32>, norms: &[f32]) -> usize {
    let mut best = (0, f32::INFINITY);
    for (i, (&d, &n)) in dots.iter().zip(norms).enumerate() {
        let dist = n - 2.0 * d;
        if dist < best.1 {
            best = (i, dist);
        }
    }
    best.0
}

/// Choose k by the mean silhouette (cosine distance) of clusterings of a seeded sample.
///
/// Silhouette alone favours very few clusters on text (two broad halves often score
/// best), so it is searched within a factor of two of the rule of thumb k ≈ √(n/2):
/// from ⌈r/2⌉ to 2r, at least 2 and at most `max_k`, half the sample and the distinct
/// articles. Ties go to the smaller k. `labels(k)` clusters the sample.
fn choose_k(
    n: usize,
    distinct: usize,
    distances: ArrayView2<f32>,
    options: &ClusterOptions,
    mut labels: impl FnMut(usize) -> Option<Vec<usize>>,
) -> KChoice {
    let sample = distances.nrows();
    let (lo, hi) = k_range(n, options.max_k);
    let hi = hi.min(sample / 2).min(distinct);
    if hi < 2 {
        return KChoice {
            k: 1,
            by: "silhouette",
            scores: Vec::new(),
        };
    }
    let mut scores = Vec::new();
    for k in lo.min(hi)..=hi {
        if let Some(l) = labels(k) {
            scores.push((k, silhouette(distances, &l, k)));
        }
    }
    let best = scores
        .iter()
        .fold(None::<(usize, f32)>, |best, &(k, s)| match best {
            Some((_, bs)) if bs >= s => best,
            _ => Some((k, s)),
        })
        .map_or(1, |(k, _)| k);
    KChoice {
        k: best,
        by: "silhouette",
        scores,
    }
}

fn choose_k_linfa(x: ArrayView2<f32>, distinct: usize, options: &ClusterOptions) -> KChoice {
    let picked = sample_indices(x.nrows(), options.sample, options.seed);
    let sample = x.select(Axis(0), &picked);
    let distances = sample.dot(&sample.t()).mapv(|s| (1.0 - s).max(0.0));
    let sample_distinct = distinct.min(picked.len());
    choose_k(x.nrows(), sample_distinct, distances.view(), options, |k| {
        let centroids = linfa_kmeans(sample.view(), k, options.seed, 1).ok()?;
        Some(assign_rows(sample.view(), centroids.view()))
    })
}

fn choose_k_spherical(rows: &[SparseRow], distinct: usize, options: &ClusterOptions) -> KChoice {
    let picked = sample_indices(rows.len(), options.sample, options.seed);
    let sample: Vec<SparseRow> = picked.iter().map(|&i| rows[i].clone()).collect();
    let distances = sparse_gram(&sample).mapv(|s| (1.0 - s).max(0.0));
    let terms = sample
        .iter()
        .flatten()
        .map(|&(t, _)| t as usize + 1)
        .max()
        .unwrap_or(0);
    let sample_distinct = distinct.min(distinct_nonzero(&sample));
    choose_k(
        rows.len(),
        sample_distinct,
        distances.view(),
        options,
        |k| {
            let c = spherical::fit(&sample, terms, k, options.seed, MAX_ITERATIONS as usize);
            Some(nearest_terms(&sample, &c).0)
        },
    )
}

/// Cosines of every pair of sparse rows, through an inverted index of their terms;
/// each row of the matrix is summed on its own, in parallel.
fn sparse_gram(rows: &[SparseRow]) -> Array2<f32> {
    use rayon::prelude::*;
    let n = rows.len();
    let terms = rows
        .iter()
        .flatten()
        .map(|&(t, _)| t as usize + 1)
        .max()
        .unwrap_or(0);
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); terms];
    for (i, row) in rows.iter().enumerate() {
        for &(t, w) in row {
            postings[t as usize].push((i as u32, w));
        }
    }
    let mut gram = vec![0.0f32; n * n];
    if n > 0 {
        gram.par_chunks_mut(n)
            .zip(rows.par_iter())
            .for_each(|(line, row)| {
                for &(t, w) in row {
                    for &(j, wj) in &postings[t as usize] {
                        line[j as usize] += w * wj;
                    }
                }
            });
    }
    Array2::from_shape_vec((n, n), gram).unwrap_or_else(|_| Array2::zeros((n, n)))
}

/// The range of k searched for `n` articles: within a factor of two of √(n/2).
pub fn k_range(n: usize, max_k: usize) -> (usize, usize) {
    let r = (n as f64 / 2.0).sqrt();
    let lo = ((r / 2.0).ceil() as usize).max(2);
    let hi = ((2.0 * r).round() as usize).max(lo).min(max_k.max(2));
    (lo.min(hi), hi)
}

/// Up to `size` indices below `n` picked at random (seeded), in increasing order.
fn sample_indices(n: usize, size: usize, seed: u64) -> Vec<usize> {
    use rand_xoshiro::rand_core::RngCore;
    if n <= size {
        return (0..n).collect();
    }
    // Partial Fisher–Yates over the indices.
    let mut rng = Xoshiro256Plus::seed_from_u64(seed ^ 0x5A5A_5A5A);
    let mut idx: Vec<usize> = (0..n).collect();
    for i in 0..size {
        let j = i + (rng.next_u64() % (n - i) as u64) as usize;
        idx.swap(i, j);
    }
    let mut picked = idx[..size].to_vec();
    picked.sort_unstable();
    picked
}

/// Mean silhouette of a labelling, from a full distance matrix. An article alone in its
/// cluster scores 0, as is usual.
pub fn silhouette(distances: ArrayView2<f32>, labels: &[usize], k: usize) -> f32 {
    let n = labels.len();
    if n == 0 {
        return 0.0;
    }
    let mut sizes = vec![0usize; k];
    for &l in labels {
        sizes[l] += 1;
    }
    let mut total = 0.0f64;
    let mut sums = vec![0.0f64; k];
    for i in 0..n {
        sums.iter_mut().for_each(|s| *s = 0.0);
        for (j, &l) in labels.iter().enumerate() {
            sums[l] += distances[[i, j]] as f64;
        }
        let own = labels[i];
        if sizes[own] <= 1 {
            continue;
        }
        let a = sums[own] / (sizes[own] - 1) as f64;
        let b = (0..k)
            .filter(|&c| c != own && sizes[c] > 0)
            .map(|c| sums[c] / sizes[c] as f64)
            .fold(f64::INFINITY, f64::min);
        if b.is_finite() {
            let m = a.max(b);
            if m > 0.0 {
                total += (b - a) / m;
            }
        }
    }
    (total / n as f64) as f32
}

/// Each topic's label and top terms: the terms whose mean weight in the cluster most
/// exceeds their mean weight in the corpus, shown as their most frequent word.
fn name_topics(
    rows: &[SparseRow],
    assignment: &[usize],
    k: usize,
    tfidf: &TfidfModel,
    options: &ClusterOptions,
) -> Vec<(String, Vec<String>)> {
    use rayon::prelude::*;
    let vocab = tfidf.terms.len();
    let mut overall = vec![0.0f64; vocab];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, (row, &c)) in rows.iter().zip(assignment).enumerate() {
        members[c].push(i);
        for &(t, w) in row {
            overall[t as usize] += w as f64;
        }
    }
    let n = rows.len().max(1) as f64;
    // Topics in parallel, each summing its articles into a dense buffer (reset after
    // use) rather than a hash map per topic.
    members
        .par_iter()
        .map_init(
            || vec![0.0f64; vocab],
            |sums, members| {
                let mut touched: Vec<u32> = Vec::new();
                for &i in members {
                    for &(t, w) in &rows[i] {
                        let s = &mut sums[t as usize];
                        if *s == 0.0 {
                            touched.push(t);
                        }
                        *s += w as f64;
                    }
                }
                touched.sort_unstable();
                touched.dedup();
                let size = members.len().max(1) as f64;
                let mut scored: Vec<(f64, u32)> = touched
                    .iter()
                    .map(|&t| (sums[t as usize] / size - overall[t as usize] / n, t))
                    .filter(|&(score, _)| score > 0.0)
                    .collect();
                for &t in &touched {
                    sums[t as usize] = 0.0;
                }
                scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let mut words: Vec<String> = Vec::new();
                for (_, t) in scored {
                    // A term whose every word is already shown adds nothing: "nerve"
                    // after "nerve agent", or a second stem with the same surface.
                    let w = &tfidf.surface[t as usize];
                    let shown = |word: &str| words.iter().any(|s| s.split(' ').any(|x| x == word));
                    if !w.split(' ').all(shown) {
                        words.push(w.clone());
                    }
                    if words.len() == options.top_terms {
                        break;
                    }
                }
                if words.is_empty() {
                    words.push("(no distinctive terms)".to_owned());
                }
                let label = words
                    .iter()
                    .take(LABEL_TERMS)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                (label, words)
            },
        )
        .collect()
}

/// Topics ordered by size (largest first), then label; empty topics last.
fn topic_order(assignment: &[usize], names: &[(String, Vec<String>)], k: usize) -> Vec<usize> {
    let mut sizes = vec![0usize; k];
    for &a in assignment {
        sizes[a] += 1;
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| {
        sizes[b]
            .cmp(&sizes[a])
            .then_with(|| names[a].0.cmp(&names[b].0))
            .then(a.cmp(&b))
    });
    order
}

/// Pairs of articles whose TF-IDF cosine reaches `threshold`. Comparing every pair is
/// quadratic, so candidates are the articles that share a pair of their three heaviest
/// terms: near-identical texts have near-identical heaviest terms. Buckets are found
/// by sorting (article, term pair) entries and compared in parallel; a pair sharing
/// several buckets is compared only in the first of them.
fn near_duplicates(
    articles: &[Article],
    rows: &[SparseRow],
    threshold: f32,
) -> Vec<(usize, usize, f32)> {
    use rayon::prelude::*;
    // Each article's bucket keys, in increasing order.
    let keys: Vec<Vec<(u32, u32)>> = rows
        .par_iter()
        .map(|row| {
            let heavy = heaviest_three(row);
            let mut keys = Vec::with_capacity(3);
            for a in 0..heavy.len() {
                for b in a + 1..heavy.len() {
                    keys.push((heavy[a], heavy[b]));
                }
            }
            keys
        })
        .collect();
    let mut entries: Vec<((u32, u32), u32)> = keys
        .iter()
        .enumerate()
        .flat_map(|(i, ks)| ks.iter().map(move |&key| (key, i as u32)))
        .collect();
    entries.par_sort_unstable();
    let buckets: Vec<&[((u32, u32), u32)]> = entries
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|bucket| bucket.len() > 1)
        .collect();
    let terms = rows
        .iter()
        .filter_map(|row| row.last())
        .map(|&(t, _)| t as usize + 1)
        .max()
        .unwrap_or(0);
    // Each article is spread into a dense buffer once per bucket and the later ones
    // read against it: the same products summed in the same (term) order as `dot`,
    // without merging two lists per pair.
    let mut found: Vec<(usize, usize, f32)> = buckets
        .par_iter()
        .map_init(
            || vec![0.0f32; terms],
            |dense, &bucket| {
                let key = bucket[0].0;
                let mut found = Vec::new();
                for (x, &(_, i)) in bucket.iter().enumerate() {
                    let i = i as usize;
                    let mut spread = false;
                    for &(_, j) in &bucket[x + 1..] {
                        let j = j as usize;
                        // Compared in the first bucket the two share.
                        if keys[i].iter().find(|k| keys[j].contains(k)) != Some(&key) {
                            continue;
                        }
                        if !spread {
                            rows[i].iter().for_each(|&(t, w)| dense[t as usize] = w);
                            spread = true;
                        }
                        let c = rows[j]
                            .iter()
                            .fold(0.0f32, |sum, &(t, w)| sum + dense[t as usize] * w);
                        if c >= threshold {
                            found.push((i, j, c.min(1.0)));
                        }
                    }
                    if spread {
                        rows[i].iter().for_each(|&(t, _)| dense[t as usize] = 0.0);
                    }
                }
                found
            },
        )
        .flat_map_iter(|found| found)
        .collect();
    found.sort_by(|a, b| {
        (articles[a.0].id.as_str(), articles[a.1].id.as_str())
            .cmp(&(articles[b.0].id.as_str(), articles[b.1].id.as_str()))
    });
    found
}

/// The ids of a row's three heaviest terms (ties to the lower id), in increasing order.
fn heaviest_three(row: &[(u32, f32)]) -> Vec<u32> {
    let before = |a: (u32, f32), b: (u32, f32)| {
        b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)) == std::cmp::Ordering::Less
    };
    let mut top: Vec<(u32, f32)> = Vec::with_capacity(4);
    for &entry in row {
        let at = top
            .iter()
            .position(|&other| before(entry, other))
            .unwrap_or(top.len());
        if at < 3 {
            top.insert(at, entry);
            top.truncate(3);
        }
    }
    let mut ids: Vec<u32> = top.iter().map(|&(t, _)| t).collect();
    ids.sort_unstable();
    ids
}

/// Build the clusters people read from an assignment of articles to topics.
fn gather(
    articles: &[Article],
    assignment: &[usize],
    topics: &[TopicName],
    duplicates: Vec<(usize, usize, f32)>,
) -> Vec<Cluster> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); topics.len()];
    for (i, &t) in assignment.iter().enumerate() {
        members[t].push(i);
    }
    let mut clusters: Vec<Cluster> = topics
        .iter()
        .zip(members)
        .map(|(topic, mut idx)| {
            idx.sort_by(|&a, &b| {
                let key = |i: usize| {
                    (
                        articles[i].date.map_or(i64::MAX, |d| d.first_day()),
                        articles[i].id.as_str(),
                    )
                };
                key(a).cmp(&key(b))
            });
            let mut outlets = BTreeMap::new();
            for &i in &idx {
                let outlet = articles[i].outlet.as_deref().unwrap_or("(unknown outlet)");
                *outlets.entry(outlet.to_owned()).or_insert(0) += 1;
            }
            let dates: Vec<_> = idx.iter().filter_map(|&i| articles[i].date).collect();
            let first = dates.iter().min_by_key(|d| d.first_day());
            let last = dates.iter().max_by_key(|d| d.last_day());
            Cluster {
                id: topic.id.clone(),
                label: topic.label.clone(),
                top_terms: topic.top_terms.clone(),
                size: idx.len(),
                articles: idx.iter().map(|&i| articles[i].id.clone()).collect(),
                outlets,
                first_date: first.map(|d| d.to_string()),
                last_date: last.map(|d| d.to_string()),
                near_duplicates: Vec::new(),
            }
        })
        .collect();
    for (i, j, cosine) in duplicates {
        clusters[assignment[i]].near_duplicates.push(NearDuplicate {
            articles: [articles[i].id.clone(), articles[j].id.clone()],
            cosine: (cosine * 1000.0).round() / 1000.0,
        });
    }
    clusters
}

#[cfg(test)]
mod tests;

use super::*;
use crate::corpus::{load_bytes, LoadOptions};
use crate::vectorize::dot;

/// Two clear topics, four articles each, from three outlets.
fn two_topics() -> Vec<Article> {
    let floods = [
        "The river flooded the valley town; rescuers evacuated residents as flood water rose over bridges.",
        "Flood water swept through the valley; rescuers in boats evacuated residents and the river kept rising.",
        "After the flood, residents of the river valley returned to homes damaged by water; bridges were closed.",
        "Rescuers say the river flood in the valley town was the worst in decades; residents evacuated overnight.",
    ];
    let budget = [
        "Parliament approved the budget after a debate on taxes, spending and the deficit.",
        "The finance minister defended tax rises in the budget; parliament debated spending cuts and the deficit.",
        "Opposition members of parliament said the budget deficit would grow despite higher taxes.",
        "The budget passed parliament; taxes rise next year and spending on the deficit is cut.",
    ];
    let outlets = ["Daily One", "Evening Two", "Weekly Three"];
    let mut jsonl = String::new();
    for (i, text) in floods.iter().chain(budget.iter()).enumerate() {
        jsonl.push_str(&format!(
            "{{\"id\":\"a{i}\",\"outlet\":\"{}\",\"date\":\"2024-0{}-01\",\"text\":\"{text}\"}}\n",
            outlets[i % 3],
            1 + i % 9
        ));
    }
    load_bytes("t.jsonl", jsonl.as_bytes(), &LoadOptions::default()).articles
}

fn topic_of(c: &Clustering, source_id: &str, articles: &[Article]) -> String {
    let id = &articles
        .iter()
        .find(|a| a.source_id.as_deref() == Some(source_id))
        .unwrap()
        .id;
    c.clusters
        .iter()
        .find(|cl| cl.articles.contains(id))
        .unwrap()
        .id
        .clone()
}

#[test]
fn articles_on_one_topic_share_a_cluster_and_topics_are_apart() {
    let articles = two_topics();
    let c = cluster_articles(&articles, &ClusterOptions::default()).unwrap();
    assert_eq!(c.k.k, 2, "silhouette scores {:?}", c.k.scores);
    let flood = topic_of(&c, "a0", &articles);
    let budget = topic_of(&c, "a4", &articles);
    assert_ne!(flood, budget);
    for i in 1..4 {
        assert_eq!(topic_of(&c, &format!("a{i}"), &articles), flood);
        assert_eq!(topic_of(&c, &format!("a{}", i + 4), &articles), budget);
    }
    let flood_cluster = c.clusters.iter().find(|cl| cl.id == flood).unwrap();
    assert!(
        flood_cluster
            .top_terms
            .iter()
            .any(|t| t == "flood" || t == "river"),
        "{:?}",
        flood_cluster.top_terms
    );
    assert_eq!(flood_cluster.label, flood_cluster.top_terms[..3].join(", "));
    assert_eq!(flood_cluster.outlets.values().sum::<usize>(), 4);
    assert_eq!(flood_cluster.size, 4);
    assert!(flood_cluster.first_date <= flood_cluster.last_date);
}

#[test]
fn the_linfa_engine_finds_the_same_two_topics_and_reloads() {
    let articles = two_topics();
    let options = ClusterOptions {
        engine: Engine::Linfa,
        k: Some(2),
        ..ClusterOptions::default()
    };
    let c = cluster_articles(&articles, &options).unwrap();
    let flood = topic_of(&c, "a0", &articles);
    assert_ne!(flood, topic_of(&c, "a4", &articles));
    for i in 1..4 {
        assert_eq!(topic_of(&c, &format!("a{i}"), &articles), flood);
    }
    let model = TopicModel::from_json("m.json", &c.model.to_json()).unwrap();
    assert_eq!(assign_articles(&articles, &model, 0.9).clusters, c.clusters);
}

#[test]
fn same_seed_gives_the_same_clusters_and_model() {
    let articles = two_topics();
    let options = ClusterOptions {
        k: Some(3),
        seed: 9,
        ..ClusterOptions::default()
    };
    let a = cluster_articles(&articles, &options).unwrap();
    let b = cluster_articles(&articles, &options).unwrap();
    assert_eq!(a.clusters, b.clusters);
    assert_eq!(a.model.to_json(), b.model.to_json());
}

#[test]
fn a_saved_model_reloaded_assigns_articles_as_fitted() {
    let articles = two_topics();
    let fitted = cluster_articles(&articles, &ClusterOptions::default()).unwrap();
    let json = fitted.model.to_json();
    let model = TopicModel::from_json("m.json", &json).unwrap();
    let assigned = assign_articles(&articles, &model, 0.9);
    assert_eq!(assigned.clusters, fitted.clusters);
    assert_eq!(assigned.k.by, "model");

    // A new article about floods joins the flood topic.
    let new = load_bytes(
        "n.jsonl",
        b"{\"id\":\"n1\",\"text\":\"Rescuers evacuated the valley as the river flood rose.\"}\n",
        &LoadOptions::default(),
    )
    .articles;
    let placed = assign_articles(&new, &model, 0.9);
    assert_eq!(placed.clusters.len(), 1);
    assert_eq!(
        placed.clusters[0].id,
        topic_of(&fitted, "a0", &articles),
        "{:?}",
        placed.clusters
    );
}

#[test]
fn a_wrong_model_file_is_refused_with_a_reason() {
    let err = TopicModel::from_json("x.json", "{\"a\":1}").unwrap_err();
    assert!(
        err.to_string().contains("not a claimscope topic model"),
        "{err}"
    );
    let articles = two_topics();
    let fitted = cluster_articles(&articles, &ClusterOptions::default()).unwrap();
    let mut model = fitted.model.clone();
    if let Centroids::Terms { rows } = &mut model.centroids {
        rows[0].push((u32::MAX, 0.5));
    }
    let err = TopicModel::from_json("x.json", &model.to_json()).unwrap_err();
    assert!(err.to_string().contains("beyond the"), "{err}");
    let linfa = cluster_articles(
        &articles,
        &ClusterOptions {
            engine: Engine::Linfa,
            ..ClusterOptions::default()
        },
    )
    .unwrap();
    let mut model = linfa.model.clone();
    if let Centroids::Projected { rows, .. } = &mut model.centroids {
        rows[0].pop();
    }
    let err = TopicModel::from_json("x.json", &model.to_json()).unwrap_err();
    assert!(err.to_string().contains("dimensions"), "{err}");
    let mut model = fitted.model;
    model.version = 99;
    let err = TopicModel::from_json("x.json", &model.to_json()).unwrap_err();
    assert!(err.to_string().contains("version 99"), "{err}");
}

#[test]
fn k_never_exceeds_the_distinct_articles() {
    let one = load_bytes(
        "o.jsonl",
        b"{\"text\":\"Only one article here about rivers.\"}\n{\"text\":\"\"}\n",
        &LoadOptions::default(),
    )
    .articles;
    let c = cluster_articles(
        &one,
        &ClusterOptions {
            k: Some(5),
            ..ClusterOptions::default()
        },
    )
    .unwrap();
    assert_eq!(c.k.k, 1);
    assert_eq!(c.clusters.iter().map(|c| c.size).sum::<usize>(), one.len());
    let auto = cluster_articles(&one, &ClusterOptions::default()).unwrap();
    assert_eq!(auto.k.k, 1);
}

#[test]
fn near_duplicates_are_found_and_distinct_texts_are_not() {
    let jsonl = concat!(
        "{\"id\":\"x\",\"text\":\"Rescuers evacuated the valley town as the river flood rose over the old stone bridges on Monday. Officials said the water would fall by Friday, and schools, shops and the railway station stayed closed while volunteers filled sandbags.\"}\n",
        "{\"id\":\"y\",\"text\":\"Rescuers evacuated the valley town as the river flood rose over the old stone bridges on Tuesday. Officials said the water would fall by Friday, and schools, shops and the railway station stayed closed while volunteers filled sandbags.\"}\n",
        "{\"id\":\"z\",\"text\":\"Parliament approved the budget after a debate on taxes, spending and the deficit.\"}\n",
    );
    let articles = load_bytes("d.jsonl", jsonl.as_bytes(), &LoadOptions::default()).articles;
    let c = cluster_articles(&articles, &ClusterOptions::default()).unwrap();
    let pairs: Vec<&NearDuplicate> = c.clusters.iter().flat_map(|c| &c.near_duplicates).collect();
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    let ids: Vec<&str> = pairs[0]
        .articles
        .iter()
        .map(|id| {
            articles
                .iter()
                .find(|a| &a.id == id)
                .and_then(|a| a.source_id.as_deref())
                .unwrap()
        })
        .collect();
    let mut ids = ids;
    ids.sort();
    assert_eq!(ids, ["x", "y"]);
    assert!(pairs[0].cosine >= 0.9);
}

#[test]
fn silhouette_of_a_clean_split_is_high_and_of_a_mixed_one_low() {
    // Two tight pairs far apart.
    let d = ndarray::array![
        [0.0, 0.1, 0.9, 0.9],
        [0.1, 0.0, 0.9, 0.9],
        [0.9, 0.9, 0.0, 0.1],
        [0.9, 0.9, 0.1, 0.0],
    ];
    let clean = silhouette(d.view(), &[0, 0, 1, 1], 2);
    // Each point: a = 0.1, b = 0.9 → (0.9 - 0.1) / 0.9.
    assert!((clean - 0.8 / 0.9).abs() < 1e-6, "{clean}");
    let mixed = silhouette(d.view(), &[0, 1, 0, 1], 2);
    assert!(mixed < 0.0, "{mixed}");
    // Singletons score zero.
    assert_eq!(silhouette(d.view(), &[0, 1, 2, 3], 4), 0.0);
}

#[test]
fn heaviest_three_terms_break_ties_by_the_lower_id() {
    let row = vec![(1, 0.2), (4, 0.5), (6, 0.2), (7, 0.5), (9, 0.1)];
    assert_eq!(heaviest_three(&row), [1, 4, 7]);
    assert_eq!(heaviest_three(&[(3, 1.0)]), [3]);
    assert!(heaviest_three(&[]).is_empty());
}

#[test]
fn distinct_rows_count_each_row_once_and_skip_empty_ones() {
    let a = vec![(0, 0.6), (2, 0.8)];
    let b = vec![(0, 0.8), (2, 0.6)];
    let rows = vec![a.clone(), Vec::new(), b, a, Vec::new()];
    assert_eq!(distinct_nonzero(&rows), 2);
    assert_eq!(distinct_nonzero(&[]), 0);
}

#[test]
fn the_sparse_gram_matrix_holds_every_pairwise_cosine() {
    let rows: Vec<SparseRow> = vec![
        vec![(0, 0.6), (2, 0.8)],
        vec![(1, 1.0)],
        vec![(0, 0.8), (1, 0.6)],
    ];
    let gram = sparse_gram(&rows);
    for i in 0..3 {
        for j in 0..3 {
            assert!((gram[[i, j]] - dot(&rows[i], &rows[j])).abs() < 1e-6);
        }
    }
}

fn bigram_options() -> ClusterOptions {
    ClusterOptions {
        tfidf: TfidfOptions {
            bigrams: true,
            ..TfidfOptions::default()
        },
        ..ClusterOptions::default()
    }
}

#[test]
fn a_model_fitted_with_bigrams_reloads_and_assigns_as_fitted() {
    let articles = two_topics();
    for engine in [Engine::Spherical, Engine::Linfa] {
        let options = ClusterOptions {
            engine,
            ..bigram_options()
        };
        let fitted = cluster_articles(&articles, &options).unwrap();
        assert!(fitted.model.tfidf.options.bigrams);
        assert!(
            fitted.model.tfidf.terms.iter().any(|t| t == "river flood"),
            "{:?}",
            fitted.model.tfidf.terms
        );
        let json = fitted.model.to_json();
        assert!(json.contains("\"bigrams\":true"));
        let model = TopicModel::from_json("m.json", &json).unwrap();
        assert!(model.tfidf.options.bigrams);
        let assigned = assign_articles(&articles, &model, 0.9);
        assert_eq!(assigned.clusters, fitted.clusters, "{engine:?}");
    }
}

#[test]
fn a_model_saved_before_bigrams_loads_as_unigram_only() {
    let articles = two_topics();
    let fitted = cluster_articles(&articles, &ClusterOptions::default()).unwrap();
    let json = fitted.model.to_json();
    // Models written before the option existed have no such field.
    let old = json.replace(",\"bigrams\":false", "");
    assert_ne!(old, json);
    assert!(!old.contains("bigrams"));
    let model = TopicModel::from_json("old.json", &old).unwrap();
    assert!(!model.tfidf.options.bigrams);
    assert_eq!(model.to_json(), json);
    assert_eq!(
        assign_articles(&articles, &model, 0.9).clusters,
        fitted.clusters
    );
}

#[test]
fn a_model_with_bigram_terms_but_no_bigrams_is_refused() {
    let fitted = cluster_articles(&two_topics(), &bigram_options()).unwrap();
    let json = fitted
        .model
        .to_json()
        .replace("\"bigrams\":true", "\"bigrams\":false");
    let err = TopicModel::from_json("x.json", &json).unwrap_err();
    assert!(err.to_string().contains("unigram-only"), "{err}");
}

#[test]
fn labels_do_not_repeat_the_words_of_a_bigram_shown_before() {
    let articles = two_topics();
    let fitted = cluster_articles(&articles, &bigram_options()).unwrap();
    for c in &fitted.clusters {
        let mut seen: Vec<&str> = Vec::new();
        for term in &c.top_terms {
            let words: Vec<&str> = term.split(' ').collect();
            assert!(
                !words.iter().all(|w| seen.contains(w)),
                "{term:?} adds no word to {:?}",
                c.top_terms
            );
            seen.extend(words);
        }
    }
}

//! `claimscope clusters` end to end: the contract fields, topics that hold together,
//! byte-identical reruns, saved models that reassign as fitted, and clear failures.

use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/clusters/two-stories.jsonl";

fn run(args: &[&str]) -> Output {
    Command::cargo_bin("claimscope")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

fn json_lines(out: &Output) -> Vec<Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Article id → source id, from `ingest`.
fn source_ids() -> std::collections::HashMap<String, String> {
    json_lines(&run(&["ingest", FIXTURE, "--json"]))
        .into_iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["source_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Each cluster as its sorted source ids.
fn groups(clusters: &[Value]) -> Vec<Vec<String>> {
    let ids = source_ids();
    let mut out: Vec<Vec<String>> = clusters
        .iter()
        .map(|c| {
            let mut g: Vec<String> = c["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| ids[a.as_str().unwrap()].clone())
                .collect();
            g.sort();
            g
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_two_stories_are_two_labelled_topics_with_their_outlets() {
    let clusters = json_lines(&run(&["clusters", FIXTURE, "--json"]));
    assert_eq!(
        groups(&clusters),
        [vec!["s0", "s1", "s2"], vec!["s3", "s4", "s5"]]
    );
    for c in &clusters {
        for field in ["id", "label", "top_terms", "articles", "outlets"] {
            assert!(c.get(field).is_some(), "missing {field}: {c}");
        }
        assert!(!c["label"].as_str().unwrap().is_empty());
        let outlets = c["outlets"].as_object().unwrap();
        assert_eq!(
            outlets.values().map(|v| v.as_u64().unwrap()).sum::<u64>(),
            3
        );
    }
    let storm = clusters
        .iter()
        .find(|c| c["outlets"].get("Harbour Post").is_some())
        .unwrap();
    let terms: Vec<&str> = storm["top_terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        terms
            .iter()
            .any(|t| ["harbour", "storm", "ferry", "sea", "wall"].contains(t)),
        "{terms:?}"
    );
    assert_eq!(storm["first_date"], "2024-03-02");
    assert_eq!(storm["last_date"], "2024-03-03");
}

#[test]
fn reruns_with_one_seed_are_byte_identical() {
    let a = run(&["clusters", FIXTURE, "--json", "--seed", "7", "--k", "3"]);
    let b = run(&["clusters", FIXTURE, "--json", "--seed", "7", "--k", "3"]);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(json_lines(&a).len(), 3);
}

#[test]
fn a_saved_model_assigns_the_same_articles_to_the_same_topics() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("topics.json");
    let model = model.to_str().unwrap();
    for engine in ["spherical", "linfa"] {
        let fitted = json_lines(&run(&[
            "clusters", FIXTURE, "--json", "--k", "2", "--engine", engine, "--save", model,
        ]));
        let saved: Value = serde_json::from_str(&std::fs::read_to_string(model).unwrap()).unwrap();
        assert_eq!(saved["format"], "claimscope-topic-model");
        assert!(saved["tfidf"]["idf"].as_array().unwrap().len() > 10);
        let assigned = json_lines(&run(&["clusters", FIXTURE, "--json", "--model", model]));
        assert_eq!(fitted, assigned, "engine {engine}");
    }
}

#[test]
fn a_bad_model_file_fails_with_its_name_and_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("not-a-model.json");
    std::fs::write(&model, "{\"hello\": 1}").unwrap();
    let out = run(&["clusters", FIXTURE, "--model", model.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not-a-model.json"), "{err}");
    assert!(err.contains("not a claimscope topic model"), "{err}");
    let missing = run(&["clusters", FIXTURE, "--model", "/nonexistent/m.json"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/m.json"));
}

#[test]
fn save_and_model_together_or_k_zero_is_bad_usage() {
    assert_eq!(
        run(&["clusters", FIXTURE, "--save", "a.json", "--model", "b.json"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["clusters", FIXTURE, "--k", "0"]).status.code(),
        Some(2)
    );
}

#[test]
fn the_table_shows_topics_sizes_labels_and_outlets() {
    let out = run(&["clusters", FIXTURE]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let header = text.lines().next().unwrap();
    for col in ["topic", "size", "label", "outlets", "dates"] {
        assert!(header.contains(col), "{header}");
    }
    assert!(text.contains("Harbour Post (2)"), "{text}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("6 articles in 2 topics"), "{err}");
}

#[test]
fn bigrams_are_terms_saved_with_the_model_and_read_again_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("topics.json");
    let model = model.to_str().unwrap();
    let fitted = json_lines(&run(&[
        "clusters",
        FIXTURE,
        "--json",
        "--bigrams",
        "--save",
        model,
    ]));
    assert_eq!(
        groups(&fitted),
        [vec!["s0", "s1", "s2"], vec!["s3", "s4", "s5"]]
    );
    // Shown as words, not stems: "sea wall" in three of the storm articles.
    let terms: Vec<&str> = fitted
        .iter()
        .flat_map(|c| c["top_terms"].as_array().unwrap())
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        terms
            .iter()
            .any(|t| ["sea wall", "school budget", "library wing"].contains(t)),
        "{terms:?}"
    );
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(model).unwrap()).unwrap();
    assert_eq!(saved["tfidf"]["options"]["bigrams"], true);
    let vocabulary = saved["tfidf"]["terms"].as_array().unwrap();
    assert!(vocabulary.iter().any(|t| t == "sea wall"), "{vocabulary:?}");
    // The model reads bigrams again on its own; asking for them beside it is an error.
    let assigned = json_lines(&run(&["clusters", FIXTURE, "--json", "--model", model]));
    assert_eq!(fitted, assigned);
    let both = run(&["clusters", FIXTURE, "--bigrams", "--model", model]);
    assert_eq!(both.status.code(), Some(2));
    // Without --bigrams the vocabulary has no pairs.
    run(&["clusters", FIXTURE, "--json", "--save", model]);
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(model).unwrap()).unwrap();
    assert_eq!(saved["tfidf"]["options"]["bigrams"], false);
    assert!(!saved["tfidf"]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t.as_str().unwrap().contains(' ')));
}

//! `claimscope outlets`, run as a user runs it, on invented articles from three outlets
//! in `tests/fixtures/outlets/`: a wire-style outlet that sources everything, an
//! opinionated one that uses loaded labels, and a single hedging article.

use std::fs;

use assert_cmd::Command;
use serde_json::Value;

const FIXTURES: &str = "tests/fixtures/outlets";

const CATEGORIES: [&str; 8] = [
    "loaded",
    "threat",
    "legitimacy",
    "conspiracy",
    "hedge",
    "certainty",
    "attribution",
    "emotive",
];

fn claimscope() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_claimscope"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// stdout of a successful run.
fn run_ok(args: &[&str]) -> String {
    let output = claimscope().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn profiles(args: &[&str]) -> Vec<Value> {
    run_ok(args)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn fixture_profiles() -> Vec<Value> {
    profiles(&["outlets", FIXTURES, "--json"])
}

/// The keys of each line's `framing` object, in the order printed.
fn framing_keys(stdout: &str) -> Vec<Vec<String>> {
    stdout
        .lines()
        .map(|line| {
            let start = line.find("\"framing\":{").expect("a framing object") + 11;
            let end = start + line[start..].find('}').unwrap();
            line[start..end]
                .split(',')
                .map(|pair| pair.split(':').next().unwrap().trim_matches('"').to_owned())
                .collect()
        })
        .collect()
}

fn by_outlet<'a>(all: &'a [Value], name: &str) -> &'a Value {
    all.iter()
        .find(|p| p["outlet"] == name)
        .unwrap_or_else(|| panic!("no profile for {name}"))
}

fn rate(p: &Value, category: &str) -> f64 {
    p["framing"][category].as_f64().unwrap()
}

#[test]
fn one_profile_per_outlet_sorted_by_name_with_the_contract_fields() {
    let all = fixture_profiles();
    let names: Vec<&str> = all.iter().map(|p| p["outlet"].as_str().unwrap()).collect();
    assert_eq!(names, ["Harbor Herald", "Ridge Tribune", "Valley Voice"]);
    for p in &all {
        for field in [
            "outlet",
            "articles",
            "words",
            "framing",
            "attribution_share",
            "distinctive_terms",
        ] {
            assert!(p.get(field).is_some(), "{field} missing from {p}");
        }
        let mut keys: Vec<&str> = p["framing"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        let mut expected = CATEGORIES;
        expected.sort_unstable();
        assert_eq!(keys, expected);
        assert!(p["words"].as_u64().unwrap() > 50);
    }
    assert_eq!(by_outlet(&all, "Harbor Herald")["articles"], 3);
    for keys in framing_keys(&run_ok(&["outlets", FIXTURES, "--json"])) {
        assert_eq!(keys, CATEGORIES, "framing keys in lexicon order");
    }
}

#[test]
fn the_opinionated_outlet_is_loaded_and_the_wire_outlet_sourced() {
    let all = fixture_profiles();
    let (herald, tribune, voice) = (
        by_outlet(&all, "Harbor Herald"),
        by_outlet(&all, "Ridge Tribune"),
        by_outlet(&all, "Valley Voice"),
    );
    for category in ["loaded", "threat", "conspiracy", "certainty", "emotive"] {
        assert!(
            rate(tribune, category) > rate(herald, category),
            "{category}: {tribune} vs {herald}"
        );
    }
    assert!(rate(voice, "hedge") > rate(herald, "hedge"));
    assert!(rate(voice, "hedge") > rate(tribune, "hedge"));
    let share = |p: &Value| p["attribution_share"].as_f64().unwrap();
    assert!(share(herald) > 0.8, "{herald}");
    assert!(share(tribune) < 0.2, "{tribune}");
    // The Tribune's most distinctive word is its favourite label.
    assert_eq!(tribune["distinctive_terms"][0], "regime");
    let top = &tribune["distinctive_scores"][0];
    assert!(top["z"].as_f64().unwrap() > 1.96 && top["count"].as_u64().unwrap() >= 5);
}

#[test]
fn quoted_speech_is_counted_apart() {
    let all = fixture_profiles();
    let herald = by_outlet(&all, "Harbor Herald");
    // The Herald quotes a minister rejecting "a hostile act by a regime": the words are
    // in its articles but not in its own voice.
    assert_eq!(rate(herald, "loaded"), 0.0);
    assert!(herald["framing_quoted"]["loaded"].as_f64().unwrap() > 0.0);
    assert!(herald["quoted_words"].as_u64().unwrap() > 10);
}

#[test]
fn intervals_bracket_the_rates_and_single_articles_are_marked() {
    let all = fixture_profiles();
    for p in &all {
        let single = p["articles"] == 1;
        assert_eq!(p["single_article"], single, "{p}");
        if single {
            assert!(p["framing_interval"].is_null() && p["attribution_share_interval"].is_null());
            continue;
        }
        for c in CATEGORIES {
            let interval = p["framing_interval"][c].as_array().unwrap();
            let (low, high) = (interval[0].as_f64().unwrap(), interval[1].as_f64().unwrap());
            let value = rate(p, c);
            assert!(
                low <= value && value <= high,
                "{c}: {value} outside {interval:?}"
            );
        }
        let share = p["attribution_share_interval"].as_array().unwrap();
        assert!(share[0].as_f64().unwrap() <= share[1].as_f64().unwrap());
    }
    assert_eq!(by_outlet(&all, "Valley Voice")["single_article"], true);
}

#[test]
fn figures_are_profiled_from_the_claims() {
    let all = fixture_profiles();
    let herald = &by_outlet(&all, "Harbor Herald")["numbers"];
    assert!(herald["figures"].as_u64().unwrap() >= 3, "{herald}");
    for share in ["hedged_share", "bounded_share", "unattributed_share"] {
        let v = herald[share].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&v), "{share} = {v}");
    }
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let first = run_ok(&["outlets", FIXTURES, "seeds", "--json"]);
    let again = run_ok(&["outlets", FIXTURES, "seeds", "--json"]);
    assert_eq!(first, again);
    let output = claimscope()
        .args(["outlets", FIXTURES, "seeds", "--json"])
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), first);
}

#[test]
fn the_table_shows_outlets_across_categories() {
    let text = run_ok(&["outlets", FIXTURES]);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    for c in [
        "outlet",
        "articles",
        "loaded",
        "attribution",
        "distinctive terms",
    ] {
        assert!(header.contains(c), "{c} missing from {header}");
    }
    assert!(text
        .lines()
        .any(|l| l.starts_with("Ridge Tribune") && l.contains("regime")));
    assert!(text
        .lines()
        .any(|l| l.starts_with("Valley Voice") && l.contains("1*")));
    assert!(text.contains("1*: a single article"));
}

#[test]
fn a_user_lexicon_replaces_the_builtin_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lexicon.toml");
    fs::write(
        &path,
        r#"
version = 1
[[category]]
name = "water"
description = "Water words."
provenance = "Test."
terms = ["sluice", "reservoir"]
[[category]]
name = "attribution"
description = "Sourcing."
provenance = "Test."
exact = ["said"]
"#,
    )
    .unwrap();
    let args = [
        "outlets",
        FIXTURES,
        "--json",
        "--lexicon",
        path.to_str().unwrap(),
    ];
    for keys in framing_keys(&run_ok(&args)) {
        assert_eq!(keys, ["water", "attribution"]);
    }
    let all = profiles(&args);
    let tribune = by_outlet(&all, "Ridge Tribune");
    assert!(rate(tribune, "water") > 0.0);
}

#[test]
fn a_bad_lexicon_fails_before_reading_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    fs::write(&path, "version = 1\n[[category]]\nname = \"loaded\"\n").unwrap();
    let output = claimscope()
        .args(["outlets", FIXTURES, "--lexicon", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad.toml"), "{stderr}");
    assert!(output.stdout.is_empty());
    let missing = dir.path().join("missing.toml");
    let output = claimscope()
        .args(["outlets", FIXTURES, "--lexicon", missing.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing.toml"));
}

#[test]
fn no_articles_is_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let output = claimscope()
        .args(["outlets", dir.path().to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
}

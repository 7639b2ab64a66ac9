//! `claimscope contradictions` on the sample corpus: the groups a careful reader
//! expects, the time window, the report files, and the report's golden copy.

use assert_cmd::Command;
use serde_json::Value;

fn groups(args: &[&str]) -> Vec<Value> {
    let out = Command::cargo_bin("claimscope")
        .unwrap()
        .arg("contradictions")
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn group_with<'a>(groups: &'a [Value], subject_part: &str) -> &'a Value {
    groups
        .iter()
        .find(|g| {
            g["subject"].as_str().unwrap().contains(subject_part)
                && g["claims"].as_array().unwrap().len() > 1
        })
        .unwrap_or_else(|| panic!("no group about {subject_part:?}"))
}

#[test]
fn seeds_groups_have_the_expected_verdicts() {
    let gs = groups(&["seeds"]);
    for g in &gs {
        for field in [
            "id",
            "subject",
            "measure",
            "verdict",
            "claims",
            "spread",
            "explanation",
        ] {
            assert!(g.get(field).is_some(), "group lacks {field}");
        }
    }
    let isis = group_with(&gs, "Islamic State militants in Afghanistan");
    assert_eq!(isis["verdict"], "conflict");
    let rrf = group_with(&gs, "Rapid Reaction Force");
    assert_eq!(rrf["verdict"], "changed");
    assert_eq!(rrf["claims"].as_array().unwrap().len(), 4);
    assert!(
        rrf["explanation"]
            .as_str()
            .unwrap()
            .contains("seven years apart"),
        "{}",
        rrf["explanation"]
    );
    let border = group_with(&gs, "border");
    assert_eq!(
        border["verdict"], "agree",
        "miles converted before comparing"
    );
    let districts = group_with(&gs, "government control");
    assert_eq!(districts["verdict"], "changed");
    // Conflicts come first, singles last.
    let order: Vec<&str> = gs.iter().map(|g| g["verdict"].as_str().unwrap()).collect();
    let rank = |v: &str| {
        ["conflict", "changed", "agree", "single"]
            .iter()
            .position(|x| *x == v)
            .unwrap()
    };
    assert!(
        order.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "{order:?}"
    );
}

#[test]
fn a_wider_window_turns_changes_into_conflicts() {
    let gs = groups(&["seeds", "--window", "5000"]);
    assert_eq!(
        group_with(&gs, "Rapid Reaction Force")["verdict"],
        "conflict"
    );
}

#[test]
fn report_files_are_written_and_stable() {
    let dir = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        Command::cargo_bin("claimscope")
            .unwrap()
            .args(["contradictions", "seeds", "--out"])
            .arg(dir.path())
            .assert()
            .success();
    }
    let md = std::fs::read_to_string(dir.path().join("contradictions.md")).unwrap();
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("contradictions.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["version"], 2);
    // The groups that compare figures and the claims they cite; single figures are
    // counted, and left to `--json` and analysis.json.
    let groups = json["groups"].as_array().unwrap();
    assert!(groups.len() > 5);
    assert!(groups.iter().all(|g| g["verdict"] != "single"));
    assert!(json["single_figures"].as_u64().unwrap() > 10);
    let mut cited: Vec<&str> = groups
        .iter()
        .flat_map(|g| g["claims"].as_array().unwrap())
        .map(|id| id.as_str().unwrap())
        .collect();
    let mut claims: Vec<&str> = json["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    cited.sort_unstable();
    claims.sort_unstable();
    assert_eq!(cited, claims);
    assert!(md.contains("## Conflicts"));
    insta::assert_snapshot!("seeds_contradictions_md", md);
}

#[test]
fn negative_window_is_bad_usage() {
    Command::cargo_bin("claimscope")
        .unwrap()
        .args(["contradictions", "seeds", "--window", "-3"])
        .assert()
        .code(2);
}

#[test]
fn committed_reports_match_a_fresh_run_on_seeds() {
    // reports/ holds the report of seeds/; regenerate it with
    // `cargo run --release -- contradictions seeds --out reports` when this fails.
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("claimscope")
        .unwrap()
        .args(["contradictions", "seeds", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    for name in ["contradictions.md", "contradictions.json"] {
        let fresh = std::fs::read_to_string(dir.path().join(name)).unwrap();
        let committed =
            std::fs::read_to_string(std::path::Path::new("reports").join(name)).unwrap();
        assert!(fresh == committed, "reports/{name} is stale: regenerate it");
    }
}

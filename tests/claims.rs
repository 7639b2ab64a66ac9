//! `claimscope claims` on the sample corpus and on small fixtures: the fields of the
//! Claim contract, qualifiers and intervals, subjects, times, and what is not a claim.

use assert_cmd::Command;
use serde_json::Value;

fn claims_of(args: &[&str]) -> Vec<Value> {
    let out = Command::cargo_bin("claimscope")
        .unwrap()
        .arg("claims")
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

fn find<'a>(claims: &'a [Value], text_contains: &str) -> &'a Value {
    claims
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains(text_contains))
        .unwrap_or_else(|| panic!("no claim with text containing {text_contains:?}"))
}

#[test]
fn seeds_claims_carry_the_contract_fields() {
    let claims = claims_of(&["seeds"]);
    for c in &claims {
        for field in [
            "id",
            "article",
            "outlet",
            "date",
            "title",
            "text",
            "quote",
            "span",
            "value",
            "low",
            "high",
            "qualifier",
            "unit",
            "measure",
            "subject",
            "time",
            "attribution",
        ] {
            assert!(c.get(field).is_some(), "claim {} lacks {field}", c["id"]);
        }
        if let (Some(low), Some(high)) = (c["low"].as_f64(), c["high"].as_f64()) {
            let v = c["value"].as_f64().unwrap();
            assert!(
                low <= v && v <= high,
                "interval of {} does not hold its value",
                c["text"]
            );
        }
    }
    let ksor = find(&claims, "some 19,000 personnel");
    assert_eq!(ksor["qualifier"], "approx");
    assert_eq!(ksor["measure"], "headcount");
    assert!(
        ksor["subject"]
            .as_str()
            .unwrap()
            .contains("Rapid Reaction Force"),
        "{}",
        ksor["subject"]
    );
    assert_eq!(ksor["low"].as_f64().unwrap(), 18050.0);
    let bound = find(&claims, "no more than about 2,500 troops");
    assert_eq!(bound["qualifier"], "at_most");
    assert!(bound["low"].as_f64().unwrap() == 0.0 && bound["high"].as_f64().unwrap() >= 2500.0);
    let over = find(&claims, "over 40,000 troops");
    assert_eq!(over["qualifier"], "at_least");
    assert!(over["high"].is_null());
}

#[test]
fn units_convert_and_times_resolve() {
    let claims = claims_of(&["seeds"]);
    let miles = find(&claims, "4,750 mile");
    assert_eq!(miles["measure"], "length");
    let km = find(&claims, "7,500 km");
    let ratio = miles["base_value"].as_f64().unwrap() / km["base_value"].as_f64().unwrap();
    assert!(
        (ratio - 7644.38 / 7500.0).abs() < 0.01,
        "miles not converted: {ratio}"
    );
    let then = claims.iter().find(|c| c["text"] == "66%").unwrap();
    assert_eq!(then["time"], "2016-05");
    let now = claims.iter().find(|c| c["text"] == "56%").unwrap();
    assert_eq!(
        now["time"], "2018-05",
        "'May of this year' resolves against the article date"
    );
}

#[test]
fn dates_names_and_identifiers_are_not_claims() {
    let claims = claims_of(&["seeds"]);
    for c in &claims {
        let t = c["text"].as_str().unwrap();
        for bad in [
            "2012",
            "201st",
            "210th",
            "Article 4",
            "Chapter 4",
            "2017",
            "20:53",
            "778770",
            "19th",
        ] {
            assert!(!t.contains(bad), "{t:?} is not a claim");
        }
    }
}

#[test]
fn headline_figures_are_claims_and_subjects_use_modifiers() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(
        &file,
        "Title: Officials Count 3,000 Fighters\nOutlet: Test Wire\nDate: 2020-03-04\n\nThere are about 12,000 ISIS militants fighting in Afghanistan, officials said. The Northern Guard boasts only 18,500 troops (3,000 in the air force and 500 in the navy).\n",
    )
    .unwrap();
    let claims = claims_of(&[file.to_str().unwrap()]);
    let headline = claims
        .iter()
        .find(|c| c["in_title"] == true)
        .expect("a headline claim");
    assert_eq!(headline["value"].as_f64(), Some(3000.0));
    assert_eq!(headline["quote"], "Officials Count 3,000 Fighters");
    let isis = find(&claims, "12,000");
    assert_eq!(isis["subject"], "Islamic State militants in Afghanistan");
    assert_eq!(isis["attribution"], "officials");
    let army = find(&claims, "18,500");
    assert!(
        army["subject"].as_str().unwrap().contains("Northern Guard"),
        "{}",
        army["subject"]
    );
    let air = find(&claims, "3,000 in the air force");
    assert_eq!(air["scope"], "part");
    assert_eq!(air["measure"], "headcount");
}

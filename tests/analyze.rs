//! `claimscope analyze` end to end: the files it writes, their golden copies on a small
//! invented corpus (`tests/fixtures/analyze/basic`: a conflict, a change over time, an
//! agreement, three outlets, two stories), claims.csv read back, CSL-JSON references,
//! hostile article text rendered as text, byte-identical reruns, stale notes, and the
//! committed report of seeds/.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const BASIC: &str = "tests/fixtures/analyze/basic";
const HOSTILE: &str = "tests/fixtures/analyze/hostile";

const REPORT_FILES: [&str; 8] = [
    "index.html",
    "contradictions.md",
    "contradictions.json",
    "claims.csv",
    "outlets.md",
    "clusters.md",
    "analysis.json",
    "notes/references.json",
];

fn analyze(inputs: &[&str], out: &Path) -> String {
    let output = Command::cargo_bin("claimscope")
        .unwrap()
        .arg("analyze")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "analyze failed: {stderr}");
    assert!(output.stdout.is_empty(), "analyze prints nothing on stdout");
    stderr
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_owned();
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn note_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir.join("notes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names
}

#[test]
fn writes_every_report_file_and_a_summary_line() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = analyze(&[BASIC], dir.path());
    for name in REPORT_FILES {
        assert!(dir.path().join(name).is_file(), "{name} missing");
    }
    let summary = stderr.lines().last().unwrap();
    for part in [
        "analyzed 5 articles",
        "12 claims",
        "1 conflict,",
        "topic",
        "3 outlets",
        " s;",
    ] {
        assert!(summary.contains(part), "{part:?} not in {summary:?}");
    }
    let analysis: Value = serde_json::from_str(&read(dir.path(), "analysis.json")).unwrap();
    assert_eq!(analysis["version"], 1);
    for key in [
        "summary",
        "framing_categories",
        "articles",
        "claims",
        "groups",
        "clusters",
        "topic_choice",
        "outlets",
        "skipped",
    ] {
        assert!(analysis.get(key).is_some(), "analysis.json lacks {key}");
    }
    assert_eq!(analysis["summary"]["conflicts"], 1);
    assert_eq!(analysis["summary"]["changed"], 1);
    assert_eq!(analysis["summary"]["agree"], 1);
    // No temporary files are left behind.
    for path in tree(dir.path()).keys() {
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(!name.starts_with('.'), "left over: {}", path.display());
    }
}

#[test]
fn outlets_and_clusters_markdown_match_their_golden_copies() {
    let dir = tempfile::tempdir().unwrap();
    analyze(&[BASIC], dir.path());
    insta::assert_snapshot!("analyze_basic_outlets_md", read(dir.path(), "outlets.md"));
    insta::assert_snapshot!("analyze_basic_clusters_md", read(dir.path(), "clusters.md"));
}

#[test]
fn notes_match_their_golden_copies_one_per_compared_group() {
    let dir = tempfile::tempdir().unwrap();
    analyze(&[BASIC], dir.path());
    let names = note_names(dir.path());
    assert_eq!(
        names,
        [
            "kessel-bridge-budget-g0003.md",
            "kessel-bridge-workers-in-orlen-g0001.md",
            "sarn-fishing-fleet-boats-g0002.md",
        ]
    );
    let mut all = String::new();
    for name in &names {
        let text = read(dir.path(), &format!("notes/{name}"));
        assert!(text.starts_with("---\ngenerator: claimscope\n"), "{name}");
        all.push_str(&format!("=== {name} ===\n{text}\n"));
    }
    insta::assert_snapshot!("analyze_basic_notes", all);
    insta::assert_snapshot!(
        "analyze_basic_references_json",
        read(dir.path(), "notes/references.json")
    );
}

#[test]
fn claims_csv_reads_back_with_the_contract_columns_one_row_per_claim() {
    let dir = tempfile::tempdir().unwrap();
    analyze(&["seeds"], dir.path());
    let analysis: Value = serde_json::from_str(&read(dir.path(), "analysis.json")).unwrap();
    let claims = analysis["claims"].as_array().unwrap();
    let mut reader = csv::Reader::from_path(dir.path().join("claims.csv")).unwrap();
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    for column in [
        "id",
        "article",
        "outlet",
        "date",
        "title",
        "text",
        "quote",
        "span_start",
        "span_end",
        "value",
        "low",
        "high",
        "qualifier",
        "unit",
        "measure",
        "subject",
        "time",
        "attribution",
        "group",
        "verdict",
    ] {
        assert!(headers.iter().any(|h| h == column), "no {column} column");
    }
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), claims.len());
    assert!(rows.iter().all(|r| r.len() == headers.len()));
    let mut unbounded = 0;
    for (row, claim) in rows.iter().zip(claims) {
        assert_eq!(&row[col("id")], claim["id"].as_str().unwrap());
        assert_eq!(&row[col("quote")], claim["quote"].as_str().unwrap());
        assert_eq!(
            row[col("value")].parse::<f64>().unwrap(),
            claim["value"].as_f64().unwrap()
        );
        assert_eq!(
            row[col("span_start")].parse::<u64>().unwrap(),
            claim["span"][0].as_u64().unwrap()
        );
        for side in ["low", "high"] {
            match claim[side].as_f64() {
                Some(v) => assert_eq!(row[col(side)].parse::<f64>().unwrap(), v),
                None => {
                    assert_eq!(&row[col(side)], "", "{side} of {}", claim["id"]);
                    unbounded += 1;
                }
            }
        }
        assert!(!row[col("verdict")].is_empty(), "every claim is in a group");
    }
    assert!(unbounded > 0, "seeds hold figures open on one side");
    // Each row names the group that lists its claim, with that group's verdict.
    let mut group_of: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    for g in analysis["groups"].as_array().unwrap() {
        for id in g["claims"].as_array().unwrap() {
            let named = (g["id"].as_str().unwrap(), g["verdict"].as_str().unwrap());
            assert!(group_of.insert(id.as_str().unwrap(), named).is_none());
        }
    }
    let mut grouped = 0;
    for row in &rows {
        let (group, verdict) = group_of[&row[col("id")]];
        assert_eq!((&row[col("group")], &row[col("verdict")]), (group, verdict));
        grouped += usize::from(verdict != "single");
    }
    assert!(grouped > 1, "seeds have groups of several claims");
}

#[test]
fn references_are_csl_json_with_the_required_fields() {
    let dir = tempfile::tempdir().unwrap();
    analyze(&["seeds"], dir.path());
    let items: Value = serde_json::from_str(&read(dir.path(), "notes/references.json")).unwrap();
    let items = items.as_array().expect("a CSL-JSON array");
    assert!(!items.is_empty());
    let mut ids = std::collections::BTreeSet::new();
    for item in items {
        let id = item["id"].as_str().expect("id is a string");
        assert!(ids.insert(id.to_owned()), "duplicate id {id}");
        assert_eq!(item["type"], "article-newspaper");
        assert!(!item["title"].as_str().expect("title").is_empty());
        if let Some(issued) = item.get("issued") {
            let parts = issued["date-parts"][0].as_array().unwrap();
            assert!((1..=3).contains(&parts.len()));
            assert!(parts.iter().all(Value::is_i64));
        }
        for author in item
            .get("author")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert!(author.get("family").is_some() || author.get("literal").is_some());
        }
        if let Some(url) = item.get("URL") {
            assert!(url.as_str().unwrap().starts_with("http"));
        }
    }
    // Every note cites only keys that references.json defines.
    for name in note_names(dir.path()) {
        let text = read(dir.path(), &format!("notes/{name}"));
        for key in text.split("[@").skip(1) {
            let key = &key[..key.find(']').unwrap()];
            assert!(ids.contains(key), "{name} cites unknown {key}");
        }
    }
}

#[test]
fn hostile_article_text_is_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    analyze(&[HOSTILE], dir.path());
    let html = read(dir.path(), "index.html");
    // The only script is the page's own.
    assert_eq!(html.matches("<script").count(), 1, "one script element");
    for raw in [
        "<script>alert(1)</script>",
        "\" onload=\"x",
        "<img src=x",
        "<p id=pwned>",
        "<b onmouseover",
        "href=\"javascript:",
    ] {
        assert!(!html.contains(raw), "raw {raw:?} in index.html");
    }
    for escaped in [
        "Night &lt;script&gt;alert(1)&lt;/script&gt; Gazette",
        "Flood clean-up &quot; onload=&quot;x &lt;script&gt;",
        "&lt;img src=x onerror=&quot;document.title=&#39;PWNED&#39;&quot;&gt;",
        "<mark>200 Tarn valley volunteers</mark> &lt;script&gt;alert(1)&lt;/script&gt;",
    ] {
        assert!(html.contains(escaped), "{escaped:?} not in index.html");
    }
    for name in ["outlets.md", "clusters.md", "contradictions.md"] {
        let md = read(dir.path(), name);
        assert!(!md.contains("<script>"), "raw <script> in {name}");
    }
    let names = note_names(dir.path());
    assert_eq!(names.len(), 1);
    let note = read(dir.path(), &format!("notes/{}", names[0]));
    // Front matter holds the names as quoted YAML strings (data, not markup); the
    // Markdown body holds them escaped.
    let (front, body) = note[4..].split_once("\n---\n").expect("front matter");
    assert!(
        front.contains(r#"outlets: ["Harbour Watch","Night <script>alert(1)</script> Gazette"]"#)
    );
    assert!(!body.contains("<script>"), "{body}");
    assert!(body.contains("\\<script\\>alert(1)\\</script\\>"), "{body}");
    assert!(!note.contains("javascript:"), "{note}");
    let refs = read(dir.path(), "notes/references.json");
    assert!(!refs.contains("javascript:"), "only web URLs are cited");
}

#[test]
fn two_runs_give_byte_identical_files() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    analyze(&[BASIC, HOSTILE], first.path());
    analyze(&[BASIC, HOSTILE], second.path());
    // And a rerun into the same folder changes nothing.
    analyze(&[BASIC, HOSTILE], second.path());
    let (a, b) = (tree(first.path()), tree(second.path()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{} differs between runs", path.display());
    }
}

#[test]
fn stale_notes_are_removed_and_other_files_kept() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    fs::create_dir_all(&notes).unwrap();
    // A note an earlier run wrote for a group that is gone, a researcher's own note
    // that happens to follow the same naming pattern, and one that does not.
    fs::write(
        notes.join("old-subject-g0042.md"),
        "---\ngenerator: claimscope\ngroup: \"g0042\"\n---\n",
    )
    .unwrap();
    fs::write(notes.join("my-thoughts-g0001.md"), "# mine\n").unwrap();
    fs::write(notes.join("Reading list.md"), "# mine too\n").unwrap();
    let stderr = analyze(&[BASIC], dir.path());
    assert!(!notes.join("old-subject-g0042.md").exists());
    assert!(stderr.contains("old-subject-g0042.md"), "{stderr}");
    assert_eq!(read(&notes, "my-thoughts-g0001.md"), "# mine\n");
    assert_eq!(read(&notes, "Reading list.md"), "# mine too\n");
}

#[test]
fn no_command_writes_the_report_of_seeds_into_reports() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    fs::create_dir(&seeds).unwrap();
    for entry in fs::read_dir("seeds").unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, seeds.join(path.file_name().unwrap())).unwrap();
    }
    Command::cargo_bin("claimscope")
        .unwrap()
        .current_dir(dir.path())
        .assert()
        .success();
    let fresh = tempfile::tempdir().unwrap();
    analyze(&["seeds"], fresh.path());
    let (a, b) = (tree(&dir.path().join("reports")), tree(fresh.path()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(
        a == b,
        "`claimscope` alone differs from `claimscope analyze seeds`"
    );
}

#[test]
fn committed_reports_match_a_fresh_run_on_seeds() {
    // reports/ holds the report of seeds/; regenerate it with
    // `cargo run --release -- analyze seeds --out reports` when this fails.
    let dir = tempfile::tempdir().unwrap();
    analyze(&["seeds"], dir.path());
    let fresh = tree(dir.path());
    let committed = tree(Path::new("reports"));
    for (path, bytes) in &fresh {
        let Some(old) = committed.get(path) else {
            panic!("reports/{} is missing: regenerate reports/", path.display());
        };
        assert!(
            old == bytes,
            "reports/{} is stale: regenerate reports/",
            path.display()
        );
    }
    for path in committed.keys() {
        assert!(
            fresh.contains_key(path),
            "reports/{} is not written by analyze any more: remove it",
            path.display()
        );
    }
}

#[test]
fn an_empty_input_fails_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let out = dir.path().join("out");
    let output = Command::cargo_bin("claimscope")
        .unwrap()
        .arg("analyze")
        .arg(&empty)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no article"));
    assert!(!out.exists(), "nothing written without articles");
}

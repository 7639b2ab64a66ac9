//! `claimscope ingest`, run as a user runs it: every input format, folders, stdin,
//! manifests, de-duplication, stable ids, and what happens with bad input.
//!
//! Fixtures live in `tests/fixtures/ingest/` (invented articles) and
//! `tests/fixtures/formats/` (feeds and pages); files that only make sense as bytes
//! (binary, invalid UTF-8, a sparse 500 MB file) are written into a temporary folder.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use claimscope::corpus::{self, Article, LoadOptions};

const INGEST: &str = "tests/fixtures/ingest";
const FORMATS: &str = "tests/fixtures/formats";

/// The binary, run from the crate root so that relative paths (and `seeds`) resolve.
fn claimscope() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_claimscope"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// What one run printed.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// stdout parsed as JSON Lines; fails if any line is not a JSON object.
    fn articles(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                let v: Value = serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("stdout line is not JSON ({e}): {line}"));
                assert!(v.is_object(), "not an object: {line}");
                v
            })
            .collect()
    }

    /// The stderr lines that mention `needle`.
    fn stderr_lines_with(&self, needle: &str) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.contains(needle)).collect()
    }
}

fn ingest_json(paths: &[&str]) -> Run {
    let output = claimscope()
        .arg("ingest")
        .args(paths)
        .arg("--json")
        .output()
        .expect("run claimscope");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Ingest and insist on success.
fn ingest_ok(paths: &[&str]) -> (Vec<Value>, Run) {
    let run = ingest_json(paths);
    assert_eq!(run.code, Some(0), "stderr:\n{}", run.stderr);
    (run.articles(), run)
}

fn with_title<'a>(articles: &'a [Value], title: &str) -> &'a Value {
    articles
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no article titled {title:?} in {articles:#?}"))
}

/// A string field, or `None` for null.
fn field<'a>(article: &'a Value, name: &str) -> Option<&'a str> {
    match &article[name] {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => panic!("field {name} is not a string or null: {other}"),
    }
}

fn words(article: &Value) -> u64 {
    article["words"].as_u64().expect("words is a number")
}

/// Check the metadata of one article: `(field, expected)` pairs, `None` for null.
fn check(article: &Value, expected: &[(&str, Option<&str>)]) {
    for (name, want) in expected {
        assert_eq!(field(article, name), *want, "field {name} of {article:#}");
    }
}

/// The articles with their text, through the library.
fn load_texts(path: &str) -> Vec<Article> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = corpus::load(
        &[root.join(path).display().to_string()],
        &LoadOptions::default(),
    );
    assert!(
        corpus.report.skipped.is_empty(),
        "{:?}",
        corpus.report.skipped
    );
    corpus.articles
}

fn assert_text_lacks(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            !text.contains(needle),
            "{needle:?} should not be in the text:\n{text}"
        );
    }
}

// ---------------------------------------------------------------------------------
// 1. Every format

#[test]
fn plain_text_header_is_read_and_furniture_dropped() {
    let path = format!("{INGEST}/formats/plain-header.txt");
    let (articles, _) = ingest_ok(&[&path]);
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    check(
        a,
        &[
            ("file", Some(path.as_str())),
            ("title", Some("Dockworkers Strike Over Pay")),
            ("author", Some("Tomas Lindqvist")),
            ("outlet", Some("Baltic Harbour Post")),
            ("date", Some("2015-04-03")),
            ("url", None),
            ("original_source", None),
            ("format", Some("plain_text")),
        ],
    );
    // Three body paragraphs of 20, 18 and 16 words: no header, furniture or footer.
    assert_eq!(words(a), 54, "{a:#}");

    let loaded = load_texts(&path);
    let text = &loaded[0].text;
    assert!(
        text.starts_with("Dockworkers at the northern terminal"),
        "{text}"
    );
    assert!(text.ends_with("by the port on Thursday."), "{text}");
    assert_text_lacks(
        text,
        &[
            "Categories",
            "DOCKWORKERS STRIKE",
            "Lindqvist",
            "Baltic Harbour Post",
            "April 3",
            "Comments",
            "Share this",
            "From:",
            "REPUBLISHER-FOOTER-TEXT",
            "Related Post",
        ],
    );
}

#[test]
fn key_value_header_block_gives_metadata() {
    let path = format!("{INGEST}/formats/keyvalue.txt");
    let (articles, _) = ingest_ok(&[&path]);
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    check(
        a,
        &[
            ("title", Some("Bridge Toll Raised to 5 Euros")),
            ("outlet", Some("River Gazette")),
            ("author", Some("Marta Novak")),
            ("date", Some("2020-07-21")),
            ("url", Some("https://river-gazette.example/toll")),
            ("original_source", Some("citywire.example")),
            ("format", Some("key_value")),
        ],
    );
    assert_eq!(words(a), 28, "{a:#}");
    let text = &load_texts(&path)[0].text;
    assert!(text.starts_with("The city council voted"), "{text}");
    assert_text_lacks(text, &["Title:", "Outlet:", "MARTA", "citywire"]);
}

#[test]
fn wordpress_dump_gives_one_article_per_item() {
    let path = format!("{INGEST}/formats/dump.txt");
    let (articles, _) = ingest_ok(&[&path]);
    assert_eq!(articles.len(), 3, "{articles:#?}");
    for a in &articles {
        check(
            a,
            &[
                ("outlet", Some("Meadow Times")),
                ("format", Some("feed_dump")),
            ],
        );
    }
    check(
        with_title(&articles, "Grain Exports Double"),
        &[
            ("author", Some("Karl Holm")),
            ("date", Some("2022-04-29")),
            ("url", Some("https://meadow-times.example/2022/04/grain/")),
            ("source_id", Some("https://meadow-times.example/?p=501")),
            ("original_source", Some("fieldreport.example.org")),
        ],
    );
    check(
        with_title(&articles, "Rail Line Reopens"),
        &[
            ("author", Some("Eva Lund")),
            ("date", Some("2022-04-26")),
            ("original_source", Some("VALLEY WIRE")),
        ],
    );
    check(
        with_title(&articles, "Council Budget Vote Delayed"),
        &[
            ("author", None),
            ("date", Some("2022-04-21")),
            ("original_source", None),
        ],
    );
    for a in load_texts(&path) {
        assert_text_lacks(
            &a.text,
            &[
                "]]>",
                "By Karl",
                "By Eva",
                "fieldreport",
                "VALLEY WIRE",
                "https://",
            ],
        );
    }
}

#[test]
fn rss_feed_items_are_articles() {
    let path = format!("{FORMATS}/feed-rss.xml");
    let (articles, run) = ingest_ok(&[&path]);
    // The third item has no text: a warning, not an article.
    assert_eq!(articles.len(), 2, "{articles:#?}");
    assert_eq!(
        run.stderr_lines_with("Empty item").len(),
        1,
        "{}",
        run.stderr
    );
    check(
        with_title(&articles, "Peacekeepers to number 3,600, ministry says"),
        &[
            ("outlet", Some("Lakeside Review")),
            ("author", Some("Pavel Orlov")),
            ("date", Some("2023-03-14")),
            (
                "url",
                Some("https://lakeside-review.example/peacekeepers-3600"),
            ),
            ("source_id", Some("https://lakeside-review.example/?p=101")),
            ("format", Some("feed")),
        ],
    );
    check(
        with_title(&articles, "Second item with summary only"),
        &[
            ("author", Some("Lina Sorokina")),
            ("date", Some("2023-03-15")),
        ],
    );
    let loaded = load_texts(&path);
    let first = loaded
        .iter()
        .find(|a| a.source_id.as_deref() == Some("https://lakeside-review.example/?p=101"))
        .expect("first item");
    assert!(first.text.contains("3.6"), "{}", first.text);
    assert_text_lacks(
        &first.text,
        &[
            "SCRIPT-TEXT",
            "color: red",
            "<p>",
            "should not be used",
            "&amp;",
        ],
    );
}

#[test]
fn atom_feed_entries_are_articles() {
    let path = format!("{FORMATS}/feed-atom.xml");
    let (articles, _) = ingest_ok(&[&path]);
    assert_eq!(articles.len(), 2, "{articles:#?}");
    check(
        with_title(&articles, "Force of some 19,000 ready, officials say"),
        &[
            ("outlet", Some("Northern Ledger")),
            ("author", Some("Oleg Marin")),
            ("date", Some("2011-05-19")),
            ("url", Some("https://northern-ledger.example/2011/05/force")),
            ("format", Some("feed")),
        ],
    );
    // Only `updated`: the date falls back to it.
    check(
        with_title(&articles, "Updated-only entry"),
        &[
            ("author", Some("Nadia Erken")),
            ("date", Some("2011-05-18")),
        ],
    );
}

#[test]
fn json_feed_items_are_articles() {
    let path = format!("{FORMATS}/feed.json");
    let (articles, _) = ingest_ok(&[&path]);
    assert_eq!(articles.len(), 2, "{articles:#?}");
    check(
        with_title(&articles, "Port traffic rose 12% last year"),
        &[
            ("outlet", Some("Harbour Notes")),
            ("author", Some("Mira Kask")),
            ("date", Some("2023-01-05")),
            ("source_id", Some("hn-1")),
            ("format", Some("feed")),
        ],
    );
    check(
        with_title(&articles, "A text-only item"),
        &[("author", None), ("date", Some("2023-02-01"))],
    );
}

#[test]
fn html_page_gives_main_text_and_meta() {
    let path = format!("{FORMATS}/page.html");
    let (articles, _) = ingest_ok(&[&path]);
    assert_eq!(articles.len(), 1);
    check(
        &articles[0],
        &[
            (
                "title",
                Some("Alliance expands its rapid reaction force to 21,000 troops"),
            ),
            ("outlet", Some("Steppe Courier")),
            ("author", Some("Amina Tolegenova")),
            ("date", Some("2019-06-14")),
            ("format", Some("html")),
        ],
    );
    let text = &load_texts(&path)[0].text;
    assert!(
        text.contains("some 17,000 to about 21,000 troops"),
        "{text}"
    );
    assert_text_lacks(
        text,
        &[
            "NAVIGATION-TEXT",
            "SIDEBAR-TEXT",
            "SHARE-TEXT",
            "FOOTER-TEXT",
            "SCRIPT-TEXT",
            "COMMENT-TEXT",
            "font-family",
        ],
    );
}

#[test]
fn json_lines_records_and_alternative_names() {
    let path = format!("{INGEST}/formats/articles.jsonl");
    let (articles, _) = ingest_ok(&[&path]);
    assert_eq!(articles.len(), 2, "{articles:#?}");
    let a = with_title(&articles, "Ferry Fares Frozen");
    check(
        a,
        &[
            ("outlet", Some("Island Daily")),
            ("author", Some("Ola Nord")),
            ("date", Some("2021-11-02")),
            ("url", Some("https://island-daily.example/ferry")),
            ("source_id", Some("j-1")),
            ("format", Some("json_lines")),
        ],
    );
    assert_eq!(words(a), 22);
    // headline / source / body / published, and a numeric id.
    let b = with_title(&articles, "Airport Adds Routes");
    check(
        b,
        &[
            ("outlet", Some("Island Daily")),
            ("date", Some("2021-12")),
            ("source_id", Some("7")),
        ],
    );
    assert_eq!(words(b), 13);
}

#[test]
fn every_output_line_has_the_contract_fields() {
    let (articles, _) = ingest_ok(&[&format!("{INGEST}/formats"), FORMATS]);
    let fields = [
        "id",
        "file",
        "outlet",
        "author",
        "title",
        "date",
        "url",
        "words",
        "original_source",
        "source_id",
        "format",
        "repeated_paragraphs",
    ];
    for a in &articles {
        for f in fields {
            assert!(a.get(f).is_some(), "no {f} in {a}");
        }
        if let Some(date) = field(a, "date") {
            let ok = [4, 7, 10].contains(&date.len())
                && date.chars().enumerate().all(|(i, c)| {
                    if i == 4 || i == 7 {
                        c == '-'
                    } else {
                        c.is_ascii_digit()
                    }
                });
            assert!(ok, "date {date:?} is not YYYY[-MM[-DD]]");
        }
    }
    // 7 from the invented fixtures, 7 from the feeds and the page.
    assert_eq!(articles.len(), 14, "{articles:#?}");
}

// ---------------------------------------------------------------------------------
// 2. Where inputs come from

#[test]
fn folder_is_read_recursively_and_dot_files_skipped() {
    let (articles, run) = ingest_ok(&[&format!("{INGEST}/tree")]);
    let mut files: Vec<&str> = articles.iter().filter_map(|a| field(a, "file")).collect();
    files.sort_unstable();
    assert_eq!(
        files,
        [
            "tests/fixtures/ingest/tree/sub/deeper/leaf.txt",
            "tests/fixtures/ingest/tree/sub/mid.txt",
            "tests/fixtures/ingest/tree/top.txt",
        ]
    );
    assert!(
        run.stderr.contains("read 3 files: 3 articles"),
        "{}",
        run.stderr
    );
}

#[test]
fn dash_reads_stdin() {
    let output = claimscope()
        .args(["ingest", "-", "--json"])
        .write_stdin(
            "Title: Night Buses Return\nOutlet: Pipe Street News\nDate: 2024-02-29\n\nNight buses will run again on six routes from Friday, the transport office said.\n",
        )
        .assert()
        .success();
    let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let articles: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(articles.len(), 1, "{stdout}");
    check(
        &articles[0],
        &[
            ("file", Some("-")),
            ("title", Some("Night Buses Return")),
            ("outlet", Some("Pipe Street News")),
            ("date", Some("2024-02-29")),
        ],
    );
    assert_eq!(words(&articles[0]), 14);
}

#[test]
fn no_path_means_seeds() {
    let output = claimscope()
        .args(["ingest", "--json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("14 articles"));
    let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 14);
    assert!(lines
        .iter()
        .all(|a| field(a, "file").is_some_and(|f| f.starts_with("seeds/"))));
}

// ---------------------------------------------------------------------------------
// 3. sources.toml

#[test]
fn manifest_overrides_and_fill_only_fills() {
    let (articles, run) = ingest_ok(&[&format!("{INGEST}/manifest")]);
    assert_eq!(articles.len(), 2, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let by_file = |name: &str| {
        articles
            .iter()
            .find(|a| field(a, "file").is_some_and(|f| f.ends_with(name)))
            .unwrap_or_else(|| panic!("no {name}"))
    };
    // No header of its own: the manifest gives outlet and date.
    check(
        by_file("wire-1.txt"),
        &[
            ("outlet", Some("Lowland Wire")),
            ("date", Some("2018-06")),
            ("author", None),
            ("title", None),
        ],
    );
    // Its own outlet and date are overridden; the fill_only entry fills the missing
    // title and leaves author and outlet alone.
    check(
        by_file("wire-2.txt"),
        &[
            ("outlet", Some("Lowland Wire")),
            ("date", Some("2018-06")),
            ("author", Some("Petra Kovac")),
            ("title", Some("Filled Title")),
        ],
    );
}

#[test]
fn manifest_applies_to_a_file_named_directly() {
    let (articles, _) = ingest_ok(&[&format!("{INGEST}/manifest/wire-1.txt")]);
    check(
        &articles[0],
        &[("outlet", Some("Lowland Wire")), ("date", Some("2018-06"))],
    );
}

#[test]
fn malformed_manifest_warns_and_ingestion_goes_on() {
    let (articles, run) = ingest_ok(&[&format!("{INGEST}/manifest-bad")]);
    assert_eq!(articles.len(), 1);
    assert_eq!(field(&articles[0], "outlet"), None);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:") && l.contains("manifest-bad/sources.toml"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("colour"),
        "the bad key is named: {}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------
// 4. De-duplication

#[test]
fn same_text_in_two_files_is_one_article() {
    let (articles, run) = ingest_ok(&[&format!("{INGEST}/dup")]);
    assert_eq!(articles.len(), 1, "{articles:#?}");
    let a = &articles[0];
    assert_eq!(
        field(a, "file"),
        Some("tests/fixtures/ingest/dup/first.txt")
    );
    assert_eq!(
        a["also_in"],
        serde_json::json!(["tests/fixtures/ingest/dup/second.txt"])
    );
    assert!(run.stderr.contains("1 duplicate merged"), "{}", run.stderr);
}

#[test]
fn duplicates_across_inputs_are_merged_too() {
    // The same file named twice, once through its folder.
    let (articles, run) = ingest_ok(&[
        &format!("{INGEST}/dup/second.txt"),
        &format!("{INGEST}/dup"),
    ]);
    assert_eq!(articles.len(), 1, "{articles:#?}");
    assert!(run.stderr.contains("2 duplicates merged"), "{}", run.stderr);
}

#[test]
fn paragraph_repeated_inside_an_article_is_kept_once() {
    let path = format!("{INGEST}/repeated.txt");
    let (articles, run) = ingest_ok(&[&path]);
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0]["repeated_paragraphs"], 1);
    // 16 + 17 + 15 words: the repeat is not counted.
    assert_eq!(words(&articles[0]), 48);
    assert!(
        run.stderr.contains("1 repeated paragraph dropped"),
        "{}",
        run.stderr
    );
    let text = &load_texts(&path)[0].text;
    assert_eq!(
        text.matches("The town council approved").count(),
        1,
        "{text}"
    );
    assert!(text.ends_with("public meeting next week."), "{text}");
}

// ---------------------------------------------------------------------------------
// 5. Stable ids

#[test]
fn ids_are_stable_hex_and_distinct() {
    let inputs = ["seeds", &format!("{INGEST}/formats"), FORMATS];
    let first = ingest_json(&inputs);
    let second = ingest_json(&inputs);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert!(!first.stdout.is_empty());
    assert_eq!(first.stdout, second.stdout, "two runs, different bytes");
    let articles = first.articles();
    let mut ids: Vec<&str> = articles.iter().filter_map(|a| field(a, "id")).collect();
    assert_eq!(ids.len(), articles.len());
    for id in &ids {
        assert!(
            id.len() == 16 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
            "id {id:?} is not 16 lower-case hex digits"
        );
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), articles.len(), "two articles share an id");
}

#[test]
fn id_does_not_depend_on_where_the_file_is() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("elsewhere.txt");
    fs::copy(format!("{INGEST}/formats/plain-header.txt"), &copy).unwrap();
    let (here, _) = ingest_ok(&[&format!("{INGEST}/formats/plain-header.txt")]);
    let (there, _) = ingest_ok(&[copy.to_str().unwrap()]);
    assert_eq!(here[0]["id"], there[0]["id"]);
}

// ---------------------------------------------------------------------------------
// 6. Bad input

/// Writes `len` bytes of article-like text.
fn article_text(len: usize) -> Vec<u8> {
    let sentence = b"The committee met again on Monday to discuss the harbour budget. ";
    sentence.iter().copied().cycle().take(len).collect()
}

#[test]
fn bad_inputs_are_reported_one_line_each_and_the_rest_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("good.txt"),
        "The ferry company said on Friday that it would add a third boat on the northern route.\n",
    )
    .unwrap();
    // A NUL at offset 6.
    fs::write(
        d.join("image.bin"),
        b"\x89PNG\r\n\x00\x00\x00\rIHDR\x00\x01",
    )
    .unwrap();
    // Valid up to byte 27, then a lone continuation byte.
    let mut latin = b"The mayor opened the new ca".to_vec();
    assert_eq!(latin.len(), 27);
    latin.extend_from_slice(b"\xe9 on the square, where 300 people gathered on Sunday.\n");
    fs::write(d.join("latin1.txt"), latin).unwrap();
    fs::write(d.join("empty.txt"), "").unwrap();
    fs::write(d.join("blank.txt"), " \n\n\t \n").unwrap();

    let folder = d.display().to_string();
    let missing = d.join("no-such-dir/missing.txt").display().to_string();
    let malformed = format!("{FORMATS}/feed-malformed.xml");
    let no_article = format!("{FORMATS}/page-noarticle.html");
    let (articles, run) = ingest_ok(&[&folder, &malformed, &no_article, &missing]);

    let mut files: Vec<&str> = articles.iter().filter_map(|a| field(a, "file")).collect();
    files.sort_unstable();
    let good = d.join("good.txt").display().to_string();
    let latin1 = d.join("latin1.txt").display().to_string();
    assert_eq!(files, [good.as_str(), latin1.as_str()], "{}", run.stderr);

    let expect_one_line = |file: &str, prefix: &str, says: &str| {
        let lines = run.stderr_lines_with(file);
        assert_eq!(lines.len(), 1, "one line about {file}:\n{}", run.stderr);
        assert!(
            lines[0].starts_with(prefix) && lines[0].contains(says),
            "{file}: expected {prefix:?} … {says:?}, got {:?}",
            lines[0]
        );
    };
    expect_one_line("image.bin", "skipped:", "binary");
    expect_one_line("latin1.txt", "warning:", "invalid UTF-8 at byte 27");
    expect_one_line("empty.txt", "skipped:", "empty");
    expect_one_line("blank.txt", "skipped:", "empty");
    expect_one_line("feed-malformed.xml", "skipped:", "not a valid feed");
    expect_one_line("page-noarticle.html", "skipped:", "no article");
    expect_one_line("missing.txt", "skipped:", "no such file");
    assert!(
        run.stderr.contains("2 articles") && run.stderr.contains("6 files skipped"),
        "{}",
        run.stderr
    );
    // The undecodable byte became U+FFFD; the rest of the text is intact.
    let latin_article = corpus::load(&[latin1], &LoadOptions::default());
    assert!(latin_article.articles[0]
        .text
        .contains("ca\u{fffd} on the square"));
}

#[test]
fn oversized_file_is_skipped_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("server.log");
    {
        let mut f = fs::File::create(&big).unwrap();
        // Text well past the 8 KiB the reader looks at first, then a sparse tail.
        f.write_all(&article_text(16 << 10)).unwrap();
        f.set_len(500 << 20).unwrap();
    }
    let small = dir.path().join("small.txt");
    fs::write(
        &small,
        "A short article that is read normally, next to a huge file.\n",
    )
    .unwrap();

    let started = Instant::now();
    let (articles, run) = ingest_ok(&[big.to_str().unwrap(), small.to_str().unwrap()]);
    let elapsed = started.elapsed();

    assert_eq!(articles.len(), 1);
    let lines = run.stderr_lines_with("server.log");
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with("skipped:")
            && lines[0].contains("500 MB")
            && lines[0].contains("too large"),
        "{}",
        lines[0]
    );
    // Reading 500 MB (even of zeros) takes seconds in a debug build; refusing it doesn't.
    assert!(
        elapsed < Duration::from_secs(5),
        "took {elapsed:?}: was the file read?"
    );
}

#[test]
fn a_large_feed_is_not_refused_by_the_article_limit() {
    // The limit is for one-article formats: a JSON Lines file above it is read.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let mut lines = String::new();
    for i in 0..200 {
        lines.push_str(&format!(
            "{{\"id\":\"r{i}\",\"text\":\"Record {i} reports that {i} boats left the harbour today.\"}}\n"
        ));
    }
    fs::write(&path, &lines).unwrap();
    let options = LoadOptions {
        max_article_file_bytes: 1024,
        ..LoadOptions::default()
    };
    let corpus = corpus::load(&[path.display().to_string()], &options);
    assert_eq!(corpus.articles.len(), 200, "{:?}", corpus.report.skipped);
}

#[test]
fn nothing_ingested_exits_1_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    claimscope()
        .args(["ingest", empty.to_str().unwrap(), "--json"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("skipped:").and(predicate::str::contains("no article")));
}

#[test]
fn unknown_flag_exits_2() {
    claimscope()
        .args(["ingest", "--no-such-flag"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("--no-such-flag"));
}

// ---------------------------------------------------------------------------------
// 7. Help

#[test]
fn ingest_help_shows_an_example() {
    claimscope()
        .args(["ingest", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Example:").and(predicate::str::contains("claimscope ingest")),
        );
}

// ---------------------------------------------------------------------------------
// Robustness: the same inputs in the shapes real collections hold them

#[test]
fn windows_line_endings_give_the_same_articles() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "formats/plain-header.txt",
        "formats/keyvalue.txt",
        "formats/dump.txt",
        "repeated.txt",
    ];
    let mut lf = Vec::new();
    let mut crlf = Vec::new();
    for name in names {
        let original = format!("{INGEST}/{name}");
        let text = fs::read_to_string(&original).unwrap();
        let copy = dir.path().join(name.replace('/', "-"));
        fs::write(&copy, text.replace('\n', "\r\n")).unwrap();
        lf.push(original);
        crlf.push(copy.display().to_string());
    }
    let strip_file = |mut articles: Vec<Value>| {
        for a in &mut articles {
            a.as_object_mut().unwrap().remove("file");
        }
        articles
    };
    let (with_lf, _) = ingest_ok(&lf.iter().map(String::as_str).collect::<Vec<_>>());
    let (with_crlf, _) = ingest_ok(&crlf.iter().map(String::as_str).collect::<Vec<_>>());
    let (with_lf, with_crlf) = (strip_file(with_lf), strip_file(with_crlf));
    assert_eq!(with_lf.len(), with_crlf.len());
    for (a, b) in with_lf.iter().zip(&with_crlf) {
        assert_eq!(a, b, "LF and CRLF copies differ");
    }
}

#[test]
fn manifest_applies_to_a_bare_file_name_in_the_current_folder() {
    // `cd corpus && claimscope ingest wire-1.txt` must read ./sources.toml as
    // `claimscope ingest corpus/wire-1.txt` and `claimscope ingest ./wire-1.txt` do.
    let output = claimscope()
        .current_dir(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(INGEST)
                .join("manifest"),
        )
        .args(["ingest", "wire-1.txt", "--json"])
        .assert()
        .success();
    let stdout = String::from_utf8(output.get_output().stdout.clone()).unwrap();
    let a: Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    check(
        &a,
        &[
            ("file", Some("wire-1.txt")),
            ("outlet", Some("Lowland Wire")),
            ("date", Some("2018-06")),
        ],
    );
}

#[test]
fn manifest_in_a_folder_holding_only_subfolders_applies() {
    // root/desk/sources.toml names desk/2019/*.txt; desk/ itself holds no file.
    let dir = tempfile::tempdir().unwrap();
    let desk = dir.path().join("desk");
    fs::create_dir_all(desk.join("2019")).unwrap();
    fs::write(
        desk.join("sources.toml"),
        "[[source]]\nfiles = \"2019/*.txt\"\noutlet = \"Desk Weekly\"\ndate = \"2019\"\n",
    )
    .unwrap();
    fs::write(
        desk.join("2019/story.txt"),
        "The weekly market moved to the old station square, where 40 stalls now trade on Saturdays.\n",
    )
    .unwrap();
    // Given the folder itself, the manifest applies…
    let (from_desk, _) = ingest_ok(&[desk.to_str().unwrap()]);
    check(
        &from_desk[0],
        &[("outlet", Some("Desk Weekly")), ("date", Some("2019"))],
    );
    // …and given a folder above it, it must apply the same way.
    let (from_root, _) = ingest_ok(&[dir.path().to_str().unwrap()]);
    check(
        &from_root[0],
        &[("outlet", Some("Desk Weekly")), ("date", Some("2019"))],
    );
}

#[test]
fn a_dump_whose_first_item_is_long_is_not_refused_as_one_article() {
    // Feed dumps hold many articles and are exempt from the one-article size limit,
    // even when the first `]]>` comes after the first 8 KiB (as in seeds/).
    let dir = tempfile::tempdir().unwrap();
    let dump = fs::read_to_string(format!("{INGEST}/formats/dump.txt")).unwrap();
    let long_paragraph = String::from_utf8(article_text(10 << 10)).unwrap();
    let dump = dump.replacen(
        "Grain exports reached",
        &format!("{long_paragraph}\n\nGrain exports reached"),
        1,
    );
    assert!(dump.find("]]>").unwrap() > 8192);
    let path = dir.path().join("long-dump.txt");
    fs::write(&path, &dump).unwrap();
    let options = LoadOptions {
        max_article_file_bytes: 4 << 10,
        ..LoadOptions::default()
    };
    assert!(fs::metadata(&path).unwrap().len() > options.max_article_file_bytes);
    let corpus = corpus::load(&[path.display().to_string()], &options);
    assert_eq!(corpus.articles.len(), 3, "{:?}", corpus.report.skipped);
}

#[test]
fn dump_in_a_non_latin_script_is_read() {
    // Cyrillic (two bytes a letter) right after the item head; the run must not crash.
    let (articles, run) = ingest_ok(&[
        &format!("{INGEST}/non-latin/dump-ru.txt"),
        &format!("{INGEST}/tree/top.txt"),
    ]);
    assert_eq!(articles.len(), 2, "{}", run.stderr);
    check(
        with_title(&articles, "Мост откроют в июне"),
        &[
            ("outlet", Some("Речной вестник")),
            ("author", Some("Ivan Petrov")),
            ("date", Some("2022-04-29")),
        ],
    );
}

#[test]
fn plain_text_opening_with_a_bracket_is_not_json() {
    // Editors' notes in brackets open many articles; only JSON content is JSON Lines.
    let path = format!("{INGEST}/bracket.txt");
    let (articles, run) = ingest_ok(&[&path, &format!("{INGEST}/tree/top.txt")]);
    assert_eq!(articles.len(), 2, "{}", run.stderr);
    let a = articles
        .iter()
        .find(|a| field(a, "file") == Some(path.as_str()))
        .expect("the bracketed article");
    assert_eq!(field(a, "format"), Some("plain_text"));
    assert_eq!(words(a), 30);
}

//! Whatever bytes a file holds, reading it never panics, and what comes out keeps the
//! promises later stages rely on.
//!
//! Inputs go through the public `claimscope::corpus::load_bytes` under labels that steer
//! the format detector down each branch; besides arbitrary bytes, strings are assembled
//! from pieces of every format (headers, tags, feed-dump item heads, JSON keys) so that
//! the parsers get past their first checks.

use claimscope::corpus::{load_bytes, Corpus, LoadOptions};
use proptest::prelude::*;

/// File names that make the detector take each branch when the content is ambiguous.
const LABELS: &[&str] = &[
    "a.txt", "a.html", "a.htm", "a.jsonl", "a.ndjson", "a.xml", "a.json", "-", "",
];

/// What every format starts with.
const PREFIXES: &[&str] = &[
    "",
    "Title: a\nOutlet: b\n\n",
    "Title: a\nOutlet: b\nDate: 2020-13-45\nURL: unknown\n\n",
    "Categories: News\n\nA Title\nBy Jane DOE\nSome Outlet, CITY\nMarch 15 2007\n\n",
    "<html><body>",
    "<!DOCTYPE html><html><head><title>t</title></head><body><article>",
    "<rss>",
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>C – Site</title><item>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>",
    "{\"text\":",
    "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[",
    "T https://a.b/c Fri, 14 Jan 2022 15:31:07 +0000 https://a.b/?p=1 ",
    "\u{feff}",
];

/// Pieces that carry meaning for one parser or another.
const PIECES: &[&str] = &[
    "]]>",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "\u{a0}",
    "é",
    "—",
    "\u{fffd}",
    "By ",
    "By:",
    "From: X | Y\n",
    "Comments 0\n",
    "Related Post\n",
    "Title: ",
    "Date: ",
    "Publication: P Volume: 8 Issue: 98\n",
    "Ivan Petrov, analyst\n",
    "March 15 2007",
    "2011-05",
    "https://a.b/c ",
    "Fri, 14 Jan 2022 15:31:07 +0000 ",
    "X https://a.b/d Sun, 09 Jan 2022 17:00:53 +0000 https://a.b/?p=2 ",
    "ANTI-BELLUM",
    "site.example.com",
    "<p>",
    "</p>",
    "<item>",
    "</item>",
    "<title>",
    "</title>",
    "<description><![CDATA[",
    "<content:encoded>",
    "<script>",
    "<meta property=\"og:title\" content=\"",
    "\">",
    "&amp;",
    "&#8211;",
    "&",
    "<",
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "\"text\":\"",
    "\"title\":\"",
    "\"author\":[{\"name\":\"",
    "\"date\":",
    "null",
    "12,000",
    "The alliance said on Monday that some 19,000 troops were ready.",
];

fn check_invariants(label: &str, corpus: &Corpus) {
    for a in &corpus.articles {
        assert!(!a.text.trim().is_empty(), "{label}: empty article text");
        assert!(
            a.id.as_str().len() == 16 && a.id.as_str().bytes().all(|b| b.is_ascii_hexdigit()),
            "{label}: id {:?}",
            a.id
        );
        if let Some(d) = a.date {
            let s = d.to_string();
            // The output contract: YYYY, YYYY-MM or YYYY-MM-DD.
            let iso = [4, 7, 10].contains(&s.len())
                && s.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                });
            assert!(iso, "{label}: date {s:?}");
        }
    }
    // A file gives articles or a reason, never silence.
    assert!(
        !corpus.articles.is_empty() || !corpus.report.skipped.is_empty(),
        "{label}: no article and no reason"
    );
}

fn read(label: &str, bytes: &[u8]) {
    let corpus = load_bytes(label, bytes, &LoadOptions::default());
    check_invariants(label, &corpus);
}

fn label() -> impl Strategy<Value = &'static str> {
    prop::sample::select(LABELS)
}

/// Format-shaped text: one prefix, then a mix of pieces and random text.
fn shaped_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(PIECES).prop_map(str::to_owned),
        1 => "[a-zA-Z0-9 .,]{0,30}",
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ];
    (
        prop::sample::select(PREFIXES),
        prop::collection::vec(piece, 0..48),
    )
        .prop_map(|(prefix, pieces)| {
            let mut s = prefix.to_owned();
            for p in pieces {
                s.push_str(&p);
            }
            s
        })
}

/// Minimal inputs proptest once found to crash a parser: each must stay fixed.
#[test]
fn known_crashers() {
    for (label, text) in [
        // wordpress.rs take_byline sliced `t[..3]` inside a multi-byte character.
        (
            "a.txt",
            "T https://a.b/c Fri, 14 Jan 2022 15:31:07 +0000 https://a.b/?p=1 0\u{a13}]]>",
        ),
        (
            "a.txt",
            "T https://a.b/c Fri, 14 Jan 2022 15:31:07 +0000 https://a.b/?p=1 Москва.\n\n]]>",
        ),
    ] {
        read(label, text.as_bytes());
    }
}

fn cases() -> u32 {
    match std::env::var_os("PROPTEST_CASES") {
        Some(_) => ProptestConfig::default().cases,
        None => 64,
    }
}

proptest! {
    // 64 cases keep the suite fast in debug builds; PROPTEST_CASES=N runs a longer hunt.
    // Failures are not persisted to a file: minimal cases found go into
    // `known_crashers` below, where they run on every `cargo test`.
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(label in label(), bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        read(label, &bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(label in label(), text in any::<String>()) {
        read(label, text.as_bytes());
    }

    #[test]
    fn format_shaped_text_never_panics(label in label(), text in shaped_text()) {
        read(label, text.as_bytes());
    }

    #[test]
    fn format_shaped_text_with_a_broken_byte_never_panics(
        label in label(),
        text in shaped_text(),
        at in any::<prop::sample::Index>(),
        byte in 0x80u8..=0xff,
    ) {
        let mut bytes = text.into_bytes();
        if !bytes.is_empty() {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        read(label, &bytes);
    }

    #[test]
    fn json_lines_records_never_panic(
        lines in prop::collection::vec(
            (
                prop::option::of("[ -~é]{0,20}"),
                prop::option::of(prop_oneof![
                    Just("\"2020-02-30\"".to_owned()),
                    Just("\"2020-02\"".to_owned()),
                    Just("12".to_owned()),
                    Just("[\"2020\"]".to_owned()),
                    Just("{\"name\":\"x\"}".to_owned()),
                    "\"[ -~]{0,12}\"",
                ]),
                "[ -~é\u{a0}\n]{0,80}",
            ),
            1..6,
        )
    ) {
        let mut file = String::new();
        for (title, date, text) in lines {
            let mut record = serde_json::Map::new();
            if let Some(t) = title {
                record.insert("title".into(), t.into());
            }
            record.insert("text".into(), text.into());
            let mut line = serde_json::Value::Object(record).to_string();
            if let Some(d) = date {
                line.pop();
                line.push_str(&format!(",\"date\":{d}}}"));
            }
            file.push_str(&line);
            file.push('\n');
        }
        read("a.jsonl", file.as_bytes());
    }
}

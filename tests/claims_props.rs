//! Properties of claim extraction on arbitrary text: it never panics, every claim's
//! `text` is the article text at its `span`, and every bounded interval holds its value.

use claimscope::claims::{extract_corpus, ClaimModels};
use claimscope::corpus::{load_bytes, LoadOptions};
use proptest::prelude::*;

/// Pieces of news text with figures, qualifiers, units and traps, to build inputs from.
const PIECES: &[&str] = &[
    "about ",
    "some ",
    "no more than ",
    "over ",
    "up to ",
    "between ",
    " and ",
    "2,500",
    "17,000",
    "3.6 thousand",
    "$4.1bn",
    "€20m",
    "19k",
    "twenty-five",
    "a dozen",
    "dozens of",
    "hundreds",
    "tens of thousands",
    "5,000-7,000",
    " troops",
    " militants",
    " km",
    " miles",
    "-strong force",
    " percent",
    "%",
    " in Afghanistan",
    " in 2017",
    " last year",
    " this May",
    "March 15 2007",
    "201st",
    "Article 4",
    "Combat Brotherhood-2017",
    "https://a.b/?p=778770",
    ", officials said. ",
    "According to the ministry, ",
    "(3,000 in the air force and 500 in the navy). ",
    "\u{a0}",
    "\n\n",
    "“",
    "”",
    " – ",
    "The KSOR (KSOR) currently includes ",
    "Collective Peacekeeping Forces (KMS)",
    "é",
    "日本",
    " or more",
    "+",
    ". ",
];

fn article_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..40).prop_map(|p| p.concat())
}

fn check(text: &str) {
    let line = serde_json::json!({"title": "T", "outlet": "O", "date": "2020-05-01", "text": text})
        .to_string();
    let corpus = load_bytes("x.jsonl", line.as_bytes(), &LoadOptions::default());
    let claims = extract_corpus(&corpus.articles, ClaimModels::builtin());
    for c in &claims {
        let article = corpus
            .articles
            .iter()
            .find(|a| a.id == c.article)
            .expect("claim of a known article");
        let source = if c.in_title {
            article.title.clone().unwrap_or_default()
        } else {
            article.text.clone()
        };
        let chars: Vec<char> = source.chars().collect();
        let [start, end] = c.span;
        assert!(
            start <= end && end <= chars.len(),
            "span {:?} out of range",
            c.span
        );
        let at_span: String = chars[start..end].iter().collect();
        let folded: String = at_span.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(folded, &*c.text, "text is not the article text at its span");
        if let Some(low) = c.low {
            assert!(
                low <= c.value + c.value.abs() * 1e-9,
                "low {low} above value {}",
                c.value
            );
        }
        if let Some(high) = c.high {
            assert!(
                c.value <= high + c.value.abs() * 1e-9,
                "value {} above high {high}",
                c.value
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn extraction_holds_on_news_like_text(text in article_like()) {
        check(&text);
    }

    #[test]
    fn extraction_never_panics_on_any_text(text in "\\PC{0,300}") {
        check(&text);
    }
}

//! HTML article pages: one web page in, at most one article out.
//!
//! This module owns finding a page's main text (through `dom_smoothie`, a port of
//! Mozilla's Readability, with a simpler boilerplate-dropping walk when readability
//! finds nothing) and reading the metadata a page declares about itself: Open Graph and
//! `article:*` properties, `<meta name=…>` tags, JSON-LD, `<time datetime>`, canonical
//! links.
//!
//! It deliberately does not fetch anything, resolve relative URLs, guess an outlet from a
//! domain name, or split a page holding several stories: a page is one article or none.
//! Turning markup into paragraphs is `markup`'s job.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use dom_smoothie::{Config, Readability};
use scraper::node::Element;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use super::draft::{non_empty, Draft, Parsed};
use super::markup::{element_text, fragment_to_text, word_count};
use crate::date::PartialDate;
use crate::text::fold_whitespace;

/// Below this many words of main text a page is a front page, a login form or an error
/// page, not an article.
const MIN_ARTICLE_WORDS: usize = 40;

/// Readability's scoring costs grow with the square of nesting depth (20,000 nested
/// `<div>`s take minutes); real pages stay far below this, so deeper ones are hostile or
/// broken and are read with the plain boilerplate walk instead.
const MAX_READABLE_DEPTH: usize = 256;

/// Meta keys naming the publication date, best first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "datepublished",
    "sailthru.date",
    "parsely-pub-date",
];

/// Meta keys naming the author, best first. `article:author` is often a profile URL,
/// which is filtered out where it is read.
const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "sailthru.author",
    "parsely-author",
];

/// Words in a class or id that mark page furniture rather than the story.
const BOILERPLATE_MARKERS: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "sidebar",
    "comment",
    "share",
    "related",
    "breadcrumb",
    "promo",
];

/// Elements that are page furniture whatever their class.
const BOILERPLATE_ELEMENTS: &[&str] = &["nav", "header", "footer", "aside", "form", "menu"];

/// Read one HTML page. Never fails: a page without an article gives a warning saying so.
pub fn parse(content: &str) -> Parsed {
    let page = Html::parse_document(content);
    let meta = MetaTags::collect(&page);
    let json_ld = JsonLd::collect(&page);

    let depth = nesting_depth(page.root_element());
    let text = if depth > MAX_READABLE_DEPTH {
        element_text(page.root_element(), is_boilerplate)
    } else {
        main_text(content, &page)
    };
    let words = word_count(&text);
    if words < MIN_ARTICLE_WORDS {
        return Parsed::nothing(format!(
            "no article text found in the page (only {words} words of main text, at least {MIN_ARTICLE_WORDS} needed)"
        ));
    }

    let outlet = meta.first(&["og:site_name", "application-name"]);
    let mut parsed = Parsed::one(Draft {
        title: page_title(&page, &meta, outlet.as_deref()),
        author: page_author(&page, &meta, &json_ld),
        date: page_date(&page, &meta, &json_ld),
        url: meta.first(&["og:url"]).or_else(|| canonical_link(&page)),
        outlet,
        text,
        ..Draft::default()
    });
    if depth > MAX_READABLE_DEPTH {
        parsed.warnings.push(format!(
            "page nested {depth} elements deep (more than {MAX_READABLE_DEPTH}): main text taken without readability, navigation may remain"
        ));
    }
    parsed
}

/// The article's paragraphs: readability's choice when it finds enough text, otherwise a
/// walk over the page that leaves out navigation, headers, footers and sidebars.
fn main_text(content: &str, page: &Html) -> String {
    let readable = readability_text(content).unwrap_or_default();
    if word_count(&readable) >= MIN_ARTICLE_WORDS {
        return readable;
    }
    let without_boilerplate = element_text(page.root_element(), is_boilerplate);
    if word_count(&without_boilerplate) > word_count(&readable) {
        without_boilerplate
    } else {
        readable
    }
}

/// How many elements deep the page nests, found without recursion.
fn nesting_depth(root: ElementRef<'_>) -> usize {
    let root_id = root.id();
    let mut node = *root;
    let (mut depth, mut deepest) = (0usize, 0usize);
    loop {
        if let Some(child) = node.first_child() {
            node = child;
            depth += 1;
            deepest = deepest.max(depth);
            continue;
        }
        loop {
            if node.id() == root_id {
                return deepest;
            }
            if let Some(sibling) = node.next_sibling() {
                node = sibling;
                break;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    depth = depth.saturating_sub(1);
                }
                None => return deepest,
            }
        }
    }
}

fn readability_text(content: &str) -> Option<String> {
    let mut readability = Readability::new(content, None, Some(Config::default())).ok()?;
    let article = readability.parse().ok()?;
    Some(fragment_to_text(&article.content))
}

fn is_boilerplate(element: &Element) -> bool {
    if BOILERPLATE_ELEMENTS.contains(&element.name()) {
        return true;
    }
    // Whole words of the class or id ("main-nav", "sidebar", "mainmenu"), so that
    // "unavailable" does not count as navigation.
    let marked = |value: Option<&str>| {
        value.is_some_and(|v| {
            v.split(|c: char| !c.is_ascii_alphanumeric()).any(|word| {
                let word = word.to_ascii_lowercase();
                BOILERPLATE_MARKERS
                    .iter()
                    .any(|marker| word.starts_with(marker) || word.ends_with(marker))
            })
        })
    };
    marked(element.attr("class"))
        || marked(element.attr("id"))
        || element.attr("role") == Some("navigation")
}

/// `<meta>` values by lower-cased `property`, `name` or `itemprop`; the first tag wins.
struct MetaTags {
    values: BTreeMap<String, String>,
}

impl MetaTags {
    fn collect(page: &Html) -> Self {
        let mut values = BTreeMap::new();
        for tag in page.select(&SELECTORS.meta) {
            let element = tag.value();
            let Some(content) = non_empty(element.attr("content")) else {
                continue;
            };
            for key_attr in ["property", "name", "itemprop"] {
                if let Some(key) = element.attr(key_attr) {
                    values
                        .entry(key.trim().to_ascii_lowercase())
                        .or_insert_with(|| content.clone());
                }
            }
        }
        Self { values }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }

    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter()
            .find_map(|key| self.get(key))
            .map(fold_whitespace)
    }
}

/// The objects of every JSON-LD block on the page, flattened out of arrays and `@graph`.
struct JsonLd {
    objects: Vec<Value>,
}

impl JsonLd {
    fn collect(page: &Html) -> Self {
        let mut objects = Vec::new();
        for script in page.select(&SELECTORS.json_ld) {
            let raw: String = script.text().collect();
            let Ok(value) = serde_json::from_str::<Value>(strip_wrappers(&raw)) else {
                continue;
            };
            let mut pending = vec![value];
            while let Some(value) = pending.pop() {
                match value {
                    Value::Array(items) => pending.extend(items.into_iter().rev()),
                    Value::Object(mut map) => {
                        if let Some(graph) = map.remove("@graph") {
                            pending.push(graph);
                        }
                        objects.push(Value::Object(map));
                    }
                    _ => {}
                }
            }
        }
        Self { objects }
    }

    fn date_published(&self) -> Option<PartialDate> {
        self.objects
            .iter()
            .filter_map(|o| o.get("datePublished").and_then(Value::as_str))
            .find_map(PartialDate::parse)
    }

    fn author_name(&self) -> Option<String> {
        self.objects
            .iter()
            .filter_map(|o| o.get("author"))
            .find_map(person_name)
    }
}

/// A schema.org author: a string, a `{ "name": … }` object, or a list of those.
fn person_name(author: &Value) -> Option<String> {
    match author {
        Value::String(name) => usable_author(name),
        Value::Object(map) => map
            .get("name")
            .and_then(Value::as_str)
            .and_then(usable_author),
        Value::Array(items) => items.iter().find_map(|item| match item {
            Value::Array(_) => None,
            other => person_name(other),
        }),
        _ => None,
    }
}

/// CMSs wrap JSON-LD in CDATA or HTML comments to protect it from old parsers.
fn strip_wrappers(raw: &str) -> &str {
    let mut text = raw.trim();
    for (open, close) in [
        ("<![CDATA[", "]]>"),
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
    ] {
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            text = inner.trim();
        }
    }
    text
}

fn page_title(page: &Html, meta: &MetaTags, outlet: Option<&str>) -> Option<String> {
    meta.first(&["og:title", "twitter:title"])
        .or_else(|| {
            first_text(page, &SELECTORS.title).map(|title| strip_site_suffix(&title, outlet))
        })
        .or_else(|| first_text(page, &SELECTORS.h1))
}

/// "Story title | Site" → "Story title", but only when the suffix is the site's name: a
/// title such as "Russia - China talks" must keep its dash.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let Some(site) = site else {
        return title.to_owned();
    };
    for separator in [
        " | ",
        " - ",
        " \u{2013} ",
        " \u{2014} ",
        " :: ",
        " \u{00bb} ",
    ] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            if tail.trim().eq_ignore_ascii_case(site.trim()) && !head.trim().is_empty() {
                return head.trim().to_owned();
            }
        }
    }
    title.to_owned()
}

fn page_author(page: &Html, meta: &MetaTags, json_ld: &JsonLd) -> Option<String> {
    AUTHOR_KEYS
        .iter()
        .filter_map(|key| meta.get(key))
        .find_map(usable_author)
        .or_else(|| json_ld.author_name())
        .or_else(|| {
            page.select(&SELECTORS.author_link)
                .find_map(|link| usable_author(&element_inline_text(link)))
        })
}

/// An author value as pages give it, without "By " and never a profile URL.
fn usable_author(raw: &str) -> Option<String> {
    let name = fold_whitespace(raw);
    let name = name
        .strip_prefix("By ")
        .or_else(|| name.strip_prefix("by "))
        .unwrap_or(&name);
    let looks_like_url =
        name.starts_with("http://") || name.starts_with("https://") || name.starts_with('/');
    (!looks_like_url).then(|| non_empty(Some(name))).flatten()
}

fn page_date(page: &Html, meta: &MetaTags, json_ld: &JsonLd) -> Option<PartialDate> {
    DATE_KEYS
        .iter()
        .filter_map(|key| meta.get(key))
        .find_map(PartialDate::parse)
        .or_else(|| json_ld.date_published())
        .or_else(|| {
            page.select(&SELECTORS.time)
                .filter_map(|time| time.value().attr("datetime"))
                .find_map(PartialDate::parse)
        })
}

fn canonical_link(page: &Html) -> Option<String> {
    page.select(&SELECTORS.canonical)
        .find_map(|link| non_empty(link.value().attr("href")))
}

fn first_text(page: &Html, selector: &Selector) -> Option<String> {
    page.select(selector)
        .map(element_inline_text)
        .find(|text| !text.is_empty())
}

fn element_inline_text(element: ElementRef<'_>) -> String {
    fold_whitespace(&element.text().collect::<String>())
}

/// The CSS selectors this module uses, parsed once.
struct PageSelectors {
    meta: Selector,
    json_ld: Selector,
    title: Selector,
    h1: Selector,
    author_link: Selector,
    time: Selector,
    canonical: Selector,
}

static SELECTORS: LazyLock<PageSelectors> = LazyLock::new(|| {
    // Constants written here, not input: a typo fails every test in this module.
    let css =
        |text: &str| Selector::parse(text).unwrap_or_else(|e| panic!("bad selector {text:?}: {e}"));
    PageSelectors {
        meta: css("meta"),
        json_ld: css(r#"script[type="application/ld+json"]"#),
        title: css("title"),
        h1: css("h1"),
        author_link: css(r#"a[rel~="author"], link[rel~="author"]"#),
        time: css("time[datetime]"),
        canonical: css(r#"link[rel~="canonical"]"#),
    }
});

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PAGE: &str = include_str!("../../tests/fixtures/formats/page.html");
    const NO_ARTICLE: &str = include_str!("../../tests/fixtures/formats/page-noarticle.html");

    fn only_draft(parsed: Parsed) -> Draft {
        assert_eq!(parsed.drafts.len(), 1, "warnings: {:?}", parsed.warnings);
        parsed.drafts.into_iter().next().unwrap_or_default()
    }

    /// A page around `head` with enough body text to count as an article.
    fn page_with_head(head: &str, body_extra: &str) -> String {
        let sentence = "The alliance said its force would grow to 21,000 troops next year. ";
        format!(
            "<html><head>{head}</head><body>{body_extra}<article><p>{}</p><p>{}</p></article></body></html>",
            sentence.repeat(4),
            sentence.repeat(3)
        )
    }

    #[test]
    fn fixture_metadata_prefers_open_graph_and_article_tags() {
        let draft = only_draft(parse(PAGE));
        assert_eq!(
            draft.title.as_deref(),
            Some("Alliance expands its rapid reaction force to 21,000 troops")
        );
        assert_eq!(draft.outlet.as_deref(), Some("Steppe Courier"));
        // `article:author` is a URL here, so the `author` meta wins over JSON-LD.
        assert_eq!(draft.author.as_deref(), Some("Amina Tolegenova"));
        assert_eq!(
            draft.date.map(|d| d.to_string()).as_deref(),
            Some("2019-06-14")
        );
        assert_eq!(
            draft.url.as_deref(),
            Some("https://steppe-courier.example/2019/06/rapid-force")
        );
    }

    #[test]
    fn fixture_text_has_only_the_article() {
        let draft = only_draft(parse(PAGE));
        for furniture in [
            "NAVIGATION-TEXT",
            "SCRIPT-TEXT",
            "COMMENT-TEXT",
            "SIDEBAR-TEXT",
            "FOOTER-TEXT",
            "SHARE-TEXT",
            "font-family",
        ] {
            assert!(
                !draft.text.contains(furniture),
                "{furniture} leaked into {:?}",
                draft.text
            );
        }
        assert!(
            draft
                .text
                .contains("from some 17,000 to about 21,000 troops"),
            "{}",
            draft.text
        );
        assert!(
            draft.text.contains("cost will be shared among them."),
            "{}",
            draft.text
        );
    }

    #[test]
    fn fixture_text_is_paragraphs_with_entities_decoded() {
        let draft = only_draft(parse(PAGE));
        let paragraphs: Vec<&str> = draft.text.split("\n\n").collect();
        assert!(paragraphs.len() >= 4, "{paragraphs:?}");
        assert!(
            paragraphs
                .iter()
                .all(|p| !p.contains('\n') && !p.contains("  ")),
            "{paragraphs:?}"
        );
        assert!(
            draft.text.contains("\u{201c}modest but necessary\u{201d}"),
            "{}",
            draft.text
        );
        assert!(
            draft.text.contains("\"largely on paper\" & that"),
            "{}",
            draft.text
        );
        assert!(draft.text.contains("450\u{a0}soldiers"), "{}", draft.text);
    }

    #[test]
    fn page_without_article_gives_a_warning() {
        let parsed = parse(NO_ARTICLE);
        assert!(parsed.drafts.is_empty());
        assert_eq!(parsed.warnings.len(), 1);
        assert!(
            parsed.warnings[0].starts_with("no article text found in the page ("),
            "{:?}",
            parsed.warnings
        );
    }

    #[test]
    fn empty_and_binary_input_give_a_warning() {
        assert!(parse("").drafts.is_empty());
        assert!(parse("\u{0}\u{1}<<>>").drafts.is_empty());
    }

    fn check_title(head: &str, expected: Option<&str>) {
        let draft = only_draft(parse(&page_with_head(head, "")));
        assert_eq!(draft.title.as_deref(), expected, "head {head:?}");
    }

    #[test]
    fn title_falls_back_to_title_element_without_the_site_suffix() {
        check_title(
            r#"<meta property="og:title" content="OG"><title>T | Site</title>"#,
            Some("OG"),
        );
        check_title(
            r#"<meta property="og:site_name" content="Site"><title>Story | Site</title>"#,
            Some("Story"),
        );
        check_title(
            r#"<meta property="og:site_name" content="Site"><title>Story - Site</title>"#,
            Some("Story"),
        );
        check_title(
            r#"<meta property="og:site_name" content="Site"><title>Russia - China talks</title>"#,
            Some("Russia - China talks"),
        );
        check_title("<title>Story | Site</title>", Some("Story | Site"));
    }

    fn check_author(head: &str, body: &str, expected: Option<&str>) {
        let draft = only_draft(parse(&page_with_head(head, body)));
        assert_eq!(draft.author.as_deref(), expected, "head {head:?}");
    }

    #[test]
    fn author_precedence() {
        let json_ld = r#"<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","author":[{"@type":"Person","name":"LD Name"}]}]}</script>"#;
        check_author(
            r#"<meta name="author" content="Meta Name">"#,
            "",
            Some("Meta Name"),
        );
        check_author(
            r#"<meta property="article:author" content="Article Name">"#,
            "",
            Some("Article Name"),
        );
        check_author(
            &format!(r#"<meta property="article:author" content="https://x.example/a">{json_ld}"#),
            "",
            Some("LD Name"),
        );
        check_author(
            "",
            r#"<p>By <a rel="author" href="/a">Link Name</a></p>"#,
            Some("Link Name"),
        );
        check_author("", "", None);
    }

    fn check_date(head: &str, body: &str, expected: Option<&str>) {
        let draft = only_draft(parse(&page_with_head(head, body)));
        assert_eq!(
            draft.date.map(|d| d.to_string()).as_deref(),
            expected,
            "head {head:?}"
        );
    }

    #[test]
    fn date_precedence() {
        let time = r#"<time datetime="2005-05-05T10:00">5 May</time>"#;
        let json_ld =
            r#"<script type="application/ld+json">[{"datePublished":"2004-04-04"}]</script>"#;
        check_date(
            r#"<meta property="article:published_time" content="2001-01-01T00:00Z"><meta name="date" content="2002-02-02">"#,
            time,
            Some("2001-01-01"),
        );
        check_date(
            r#"<meta name="date" content="2002-02-02">"#,
            time,
            Some("2002-02-02"),
        );
        check_date(
            r#"<meta name="DC.date" content="March 3, 2003">"#,
            time,
            Some("2003-03-03"),
        );
        check_date(json_ld, time, Some("2004-04-04"));
        check_date("", time, Some("2005-05-05"));
        check_date(r#"<meta name="date" content="soon">"#, "", None);
    }

    #[test]
    fn url_falls_back_to_canonical_link() {
        let draft = only_draft(parse(&page_with_head(
            r#"<link rel="canonical" href="https://x.example/c">"#,
            "",
        )));
        assert_eq!(draft.url.as_deref(), Some("https://x.example/c"));
    }

    #[test]
    fn outlet_falls_back_to_application_name_then_nothing() {
        let draft = only_draft(parse(&page_with_head(
            r#"<meta name="application-name" content="App News">"#,
            "",
        )));
        assert_eq!(draft.outlet.as_deref(), Some("App News"));
        let draft = only_draft(parse(&page_with_head("", "")));
        assert_eq!(draft.outlet, None);
    }

    #[test]
    fn boilerplate_walk_drops_furniture_by_element_and_class() {
        let page = Html::parse_document(
            r#"<body><div class="top-menu">menu</div><nav>nav</nav><p>story</p><div id="comments">c</div><div class="mainmenu">m</div><p class="unavailable">kept</p><footer>f</footer></body>"#,
        );
        assert_eq!(
            element_text(page.root_element(), is_boilerplate),
            "story\n\nkept"
        );
    }

    #[test]
    fn deeply_nested_page_skips_readability_with_a_warning() {
        let deep = "<div>".repeat(MAX_READABLE_DEPTH + 10) + &"word ".repeat(60);
        let parsed = parse(&deep);
        assert_eq!(only_draft_text(&parsed), "word ".repeat(60).trim_end());
        assert!(
            parsed.warnings[0].starts_with("page nested"),
            "{:?}",
            parsed.warnings
        );
    }

    fn only_draft_text(parsed: &Parsed) -> &str {
        parsed.drafts.first().map_or("", |d| d.text.as_str())
    }

    #[test]
    fn nesting_depth_counts_levels() {
        let page = Html::parse_fragment("<div><p><b>x</b></p></div><p>y</p>");
        // html > div > p > b > text
        assert_eq!(nesting_depth(page.root_element()), 4);
    }

    proptest! {
        #[test]
        fn never_panics(content in "\\PC{0,400}") {
            let _ = parse(&content);
        }

        #[test]
        fn never_panics_on_tag_soup(parts in proptest::collection::vec(
            prop_oneof![
                Just("<p>".to_owned()), Just("</p>".to_owned()), Just("<div class=nav>".to_owned()),
                Just("</div>".to_owned()), Just("<script>".to_owned()), Just("<!--".to_owned()),
                Just("<meta property=og:title content=".to_owned()), Just("&amp;".to_owned()),
                Just("<time datetime=2019-02-30>".to_owned()), "[a-z ]{0,20}",
            ],
            0..60,
        )) {
            let _ = parse(&parts.concat());
        }
    }
}

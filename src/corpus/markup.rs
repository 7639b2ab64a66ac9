//! HTML markup to plain text: the one conversion that web pages and feeds share.
//!
//! This module owns how markup becomes article text: block elements (paragraphs, headings,
//! list items, `<br>`, table rows …) separate paragraphs with a blank line, whitespace
//! inside a paragraph folds to one space, entities are decoded by the HTML parser, and
//! scripts, styles, forms and other non-prose elements are dropped. U+00A0 (no-break
//! space) is kept inside paragraphs, since writers use it to bind numbers to their units.
//!
//! It deliberately does not decide *which* part of a page is the article (that is
//! `html`'s job, through readability) nor read any metadata.

use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

/// Elements whose content is never prose, wherever they appear.
const NEVER_PROSE: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed", "svg",
    "math", "canvas", "button", "select", "textarea", "input", "option", "datalist",
];

/// Elements that start and end a paragraph of their own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "hr",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "main",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "caption",
    "address",
    "details",
    "summary",
    "form",
    "fieldset",
    "legend",
    "body",
    "html",
];

/// Table cells stay on one line but must not glue their words together.
const CELLS: &[&str] = &["td", "th"];

/// Plain text of an HTML fragment (a feed item's body, readability's article HTML).
pub fn fragment_to_text(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    element_text(fragment.root_element(), |_| false)
}

/// Plain text of an element and its descendants, leaving out every element for which
/// `is_excluded` holds (with all it contains) besides the elements that are never prose.
///
/// Walks the tree without recursion: pages nested thousands of levels deep must not
/// overflow the stack.
pub fn element_text(root: ElementRef<'_>, is_excluded: impl Fn(&Element) -> bool) -> String {
    let mut text = ParagraphWriter::default();
    let root_id = root.id();
    let mut node = *root;
    loop {
        let mut descend = false;
        match node.value() {
            Node::Element(element) if !is_dropped(element, &is_excluded) => {
                text.open_element(element.name());
                descend = true;
            }
            Node::Text(chunk) => text.push_text(chunk),
            _ => {}
        }
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
        }
        // Leave finished nodes until one has a next sibling: that is where the walk goes on.
        loop {
            if let Node::Element(element) = node.value() {
                if !is_dropped(element, &is_excluded) {
                    text.close_element(element.name());
                }
            }
            if node.id() == root_id {
                return text.finish();
            }
            if let Some(sibling) = node.next_sibling() {
                node = sibling;
                break;
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => return text.finish(),
            }
        }
    }
}

/// Plain text that is already text (a feed's `content_text`, an Atom `type="text"`):
/// blank lines separate paragraphs, other whitespace folds.
pub fn plain_to_text(plain: &str) -> String {
    let mut text = ParagraphWriter::default();
    for line in plain.lines() {
        if line.trim().is_empty() {
            text.break_paragraph();
        } else {
            text.push_text(line);
            text.push_text(" ");
        }
    }
    text.finish()
}

/// Number of words, counted the way the "is this an article" thresholds need: runs of
/// non-whitespace.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

fn is_dropped(element: &Element, is_excluded: &impl Fn(&Element) -> bool) -> bool {
    NEVER_PROSE.contains(&element.name()) || is_excluded(element)
}

/// Whitespace that folds into one space. U+00A0 is not among it: it is meaningful in
/// "3.6\u{a0}thousand".
fn is_foldable_space(c: char) -> bool {
    c.is_whitespace() && c != '\u{a0}'
}

/// Gathers text into paragraphs while the tree is walked.
#[derive(Default)]
struct ParagraphWriter {
    paragraphs: Vec<String>,
    current: String,
    /// A space is owed before the next word (whitespace was seen since the last one).
    pending_space: bool,
}

impl ParagraphWriter {
    fn open_element(&mut self, name: &str) {
        if BLOCKS.contains(&name) {
            self.break_paragraph();
        } else if CELLS.contains(&name) {
            self.pending_space = true;
        }
    }

    fn close_element(&mut self, name: &str) {
        self.open_element(name);
    }

    fn push_text(&mut self, chunk: &str) {
        for c in chunk.chars() {
            if is_foldable_space(c) {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.current.is_empty() {
                    self.current.push(' ');
                }
                self.pending_space = false;
                self.current.push(c);
            }
        }
    }

    fn break_paragraph(&mut self) {
        // A paragraph of nothing but no-break spaces (WordPress's `<p>&nbsp;</p>`) is
        // spacing, not text; at its edges U+00A0 is indentation, not binding.
        let paragraph = self.current.trim_matches(char::is_whitespace);
        if !paragraph.is_empty() {
            self.paragraphs.push(paragraph.to_owned());
        }
        self.current.clear();
        self.pending_space = false;
    }

    fn finish(mut self) -> String {
        self.break_paragraph();
        self.paragraphs.join("\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(html: &str, expected: &str) {
        assert_eq!(fragment_to_text(html), expected, "input {html:?}");
    }

    #[test]
    fn blocks_make_paragraphs() {
        check("<p>One.</p><p>Two.</p>", "One.\n\nTwo.");
        check("<div>One<br>Two</div>", "One\n\nTwo");
        check("<ul><li>a</li><li>b</li></ul>", "a\n\nb");
        check("<h2>Head</h2>Body text", "Head\n\nBody text");
        check("<table><tr><td>a</td><td>b</td></tr></table>", "a b");
    }

    #[test]
    fn inline_elements_do_not_break_words() {
        check(
            "<p>some <b>19</b>,<i>000</i> troops</p>",
            "some 19,000 troops",
        );
        check("<p>a<span> b </span>c</p>", "a b c");
    }

    #[test]
    fn whitespace_folds_but_no_break_space_stays() {
        check("<p>  one \n\t two  </p>", "one two");
        check("<p>3.6&nbsp;thousand</p>", "3.6\u{a0}thousand");
        check("<p>&nbsp;</p><p>text</p>", "text");
    }

    #[test]
    fn entities_are_decoded() {
        check(
            "<p>&ldquo;A&rdquo; &amp; B &#8211; &lt;c&gt; &#37;</p>",
            "\u{201c}A\u{201d} & B \u{2013} <c> %",
        );
    }

    #[test]
    fn non_prose_is_dropped() {
        check(
            "<p>a</p><script>var x = 1;</script><style>p{}</style><p>b</p>",
            "a\n\nb",
        );
        check("<p>a<!-- hidden -->b</p>", "ab");
        check("<form><button>Go</button></form><p>kept</p>", "kept");
    }

    #[test]
    fn exclusion_predicate_drops_whole_subtrees() {
        let page = Html::parse_document("<body><nav><p>menu</p></nav><p>story</p></body>");
        let text = element_text(page.root_element(), |e| e.name() == "nav");
        assert_eq!(text, "story");
    }

    #[test]
    fn plain_text_keeps_blank_line_paragraphs() {
        assert_eq!(plain_to_text("a\nb\n\n\nc  d\n"), "a b\n\nc d");
    }

    #[test]
    fn deep_nesting_does_not_overflow_a_small_stack() {
        // 5,000 levels would overflow a 256 KiB stack if the walk recursed. (Deeper input
        // is slow to parse in html5ever itself, so the test stays at this size.)
        let walk = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| fragment_to_text(&("<div>".repeat(5_000) + "deep")))
            .map(|handle| handle.join());
        assert!(
            matches!(walk, Ok(Ok(ref text)) if text == "deep"),
            "{walk:?}"
        );
    }

    proptest! {
        #[test]
        fn never_panics_and_paragraphs_are_clean(html in ".{0,300}") {
            let text = fragment_to_text(&html);
            prop_assert!(!text.contains("\n\n\n"));
            prop_assert_eq!(text.trim_matches(char::is_whitespace), text.as_str());
        }
    }
}

//! Recognising a file's format from its content. The extension is only a tie-breaker:
//! real collections hold `.txt` files that are feeds and `.html` files that are text.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A plain-text article, possibly with header lines (title, byline, outlet, date).
    PlainText,
    /// Plain text opening with a `Key: value` block (`Title:`, `Outlet:`, `Date:`, `URL:`).
    KeyValue,
    /// A WordPress feed flattened to text: items separated by `]]>`.
    FeedDump,
    /// RSS, Atom or JSON Feed.
    Feed,
    /// An HTML article page.
    Html,
    /// One JSON object per line.
    JsonLines,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::PlainText => "plain text",
            Format::KeyValue => "key-value text",
            Format::FeedDump => "feed text dump",
            Format::Feed => "feed",
            Format::Html => "HTML",
            Format::JsonLines => "JSON Lines",
        }
    }
}

/// Decide the format from the first bytes of the content and, when the content is
/// ambiguous, the file name.
pub fn detect(content: &str, file_name: &str) -> Format {
    let head_end = floor_char_boundary(content, 4096);
    let head = content[..head_end]
        .trim_start_matches('\u{feff}')
        .trim_start();
    let lower_name = file_name.to_ascii_lowercase();
    if head.starts_with('{') || head.starts_with('[') {
        if head.contains("jsonfeed.org") {
            return Format::Feed;
        }
        // Editors' notes in brackets open many articles: only JSON is JSON Lines.
        let first_line = head.lines().next().unwrap_or("");
        let is_json = serde_json::from_str::<serde_json::Value>(first_line).is_ok()
            || (head.starts_with('{') && first_line.contains("\":"));
        if is_json {
            return Format::JsonLines;
        }
    }
    if head.starts_with('<') {
        let lower = head.to_ascii_lowercase();
        let is_feed =
            lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf:rdf");
        let is_html = lower.contains("<html")
            || lower.contains("<!doctype html")
            || lower.contains("<body")
            || lower.contains("<head");
        if is_feed && !is_html {
            return Format::Feed;
        }
        if is_html {
            return Format::Html;
        }
        if lower.starts_with("<?xml") {
            return Format::Feed;
        }
        if lower_name.ends_with(".html") || lower_name.ends_with(".htm") {
            return Format::Html;
        }
    }
    if super::wordpress::looks_like_dump(content) {
        return Format::FeedDump;
    }
    if super::keyvalue::looks_like_header_block(head) {
        return Format::KeyValue;
    }
    if lower_name.ends_with(".jsonl") || lower_name.ends_with(".ndjson") {
        return Format::JsonLines;
    }
    Format::PlainText
}

/// The largest index `<= at` that is a char boundary of `s`.
pub fn floor_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    let mut i = at;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(content: &str, name: &str, expected: Format) {
        assert_eq!(detect(content, name), expected, "{content:?}");
    }

    #[test]
    fn detects_from_content_first() {
        check(
            "{\"title\":\"a\",\"text\":\"b\"}\n",
            "x.txt",
            Format::JsonLines,
        );
        check(
            "<?xml version=\"1.0\"?><rss version=\"2.0\">",
            "a.txt",
            Format::Feed,
        );
        check(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            "a",
            Format::Feed,
        );
        check(
            "{\"version\": \"https://jsonfeed.org/version/1.1\"}",
            "a.json",
            Format::Feed,
        );
        check(
            "<!DOCTYPE html><html><body>x</body></html>",
            "a.txt",
            Format::Html,
        );
        check(
            "Title: A\nOutlet: B\nDate: 2020-01-01\n\nBody.",
            "a.txt",
            Format::KeyValue,
        );
        check(
            "Just a plain article.\n\nWith paragraphs.",
            "a.html",
            Format::PlainText,
        );
        check("<p>fragment</p>", "a.htm", Format::Html);
        check(
            "[Editor's note: this was updated.] The council met.",
            "a.txt",
            Format::PlainText,
        );
    }

    #[test]
    fn boundary_never_splits_a_char() {
        let s = "aé";
        assert_eq!(floor_char_boundary(s, 2), 1);
        assert_eq!(floor_char_boundary(s, 10), 3);
    }
}

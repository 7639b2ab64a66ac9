//! WordPress feeds flattened to text, as scrapers and archive tools save them: a channel
//! header line ("Category – Site URL description date language …"), then items separated
//! by `]]>`, each opening with "Title URL RFC-2822-date GUID", an optional standfirst and
//! "By AUTHOR", and often closing with the original source of a republished piece on a
//! line of its own ("thecradle.co", "ANTI-BELLUM").

use std::sync::OnceLock;

use regex::Regex;

use super::draft::{Draft, Parsed};
use super::hygiene::normalise_person;
use crate::date::PartialDate;

/// "link date guid" at the head of an item.
fn item_head() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(https?://\S+)\s+((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4})\s+(https?://\S+)",
        )
        .expect("static regex")
    })
}

fn url_token() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"https?://\S+").expect("static regex"))
}

/// An item head ("link RFC-2822-date guid") near the start. The `]]>` separators may
/// all lie beyond the part of a large file that detection looks at.
pub fn looks_like_dump(content: &str) -> bool {
    let head = &content[..super::format::floor_char_boundary(content, 8192)];
    item_head().is_match(head)
}

/// "CSTO – Strategic Culture Foundation" → "Strategic Culture Foundation": WordPress
/// names category feeds "Category – Site".
fn outlet_from_channel_title(title: &str) -> Option<String> {
    let mut best = title;
    for sep in [" – ", " — ", " | ", " - "] {
        if let Some((_, right)) = title.rsplit_once(sep) {
            if right.len() < best.len() {
                best = right;
            }
        }
    }
    let best = best.trim();
    (!best.is_empty()).then(|| best.to_owned())
}

pub fn parse(content: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let channel_title = url_token()
        .find(content)
        .map(|m| content[..m.start()].trim())
        .filter(|t| !t.is_empty() && t.len() < 200);
    let outlet = channel_title.and_then(outlet_from_channel_title);
    if outlet.is_none() {
        parsed
            .warnings
            .push("no channel title before the first URL: outlet unknown".into());
    }
    for (n, chunk) in content.split("]]>").enumerate() {
        if chunk.trim().is_empty() {
            continue;
        }
        let Some(head) = item_head().captures(chunk) else {
            parsed.warnings.push(format!(
                "item {}: no \"title link date guid\" head; skipped",
                n + 1
            ));
            continue;
        };
        let (Some(whole), Some(link), Some(date)) = (head.get(0), head.get(1), head.get(2)) else {
            continue;
        };
        let before = &chunk[..whole.start()];
        let title_start = url_token().find_iter(before).last().map_or(0, |m| m.end());
        let title = before[title_start..].trim();
        let mut draft = Draft {
            title: (!title.is_empty()).then(|| title.to_owned()),
            outlet: outlet.clone(),
            date: PartialDate::parse(date.as_str()),
            url: Some(link.as_str().to_owned()),
            source_id: head.get(3).map(|g| g.as_str().to_owned()),
            ..Draft::default()
        };
        let body = &chunk[whole.end()..];
        let (body, author) = take_byline(body);
        draft.author = author;
        let (body, original) = take_source_footer(&body);
        draft.original_source = original;
        draft.text = body.trim().to_owned();
        if draft.text.is_empty() {
            parsed.warnings.push(format!(
                "item {:?}: no text; skipped",
                draft.title.as_deref().unwrap_or("?")
            ));
            continue;
        }
        parsed.drafts.push(draft);
    }
    parsed
}

/// A paragraph among the first three that is only "By NAME".
fn take_byline(body: &str) -> (String, Option<String>) {
    let paragraphs: Vec<&str> = body.split("\n\n").collect();
    for (i, p) in paragraphs.iter().enumerate().take(3) {
        let t = p.trim();
        let is_byline = t
            .get(..3)
            .is_some_and(|head| head.eq_ignore_ascii_case("by "))
            && t.len() > 3
            && !t.contains('\n')
            && (2..=6).contains(&t.split_whitespace().count())
            && !t.ends_with('.');
        if is_byline {
            let mut rest: Vec<&str> = paragraphs.clone();
            rest.remove(i);
            return (rest.join("\n\n"), Some(normalise_person(t)));
        }
    }
    (body.to_owned(), None)
}

/// The last paragraph, when it is a bare domain or a short name in capitals.
fn take_source_footer(body: &str) -> (String, Option<String>) {
    let trimmed = body.trim_end();
    let (rest, last) = match trimmed.rsplit_once("\n\n") {
        Some((rest, last)) => (rest, last.trim()),
        None => return (body.to_owned(), None),
    };
    let words = last.split_whitespace().count();
    let is_domain = words == 1
        && last.contains('.')
        && !last.ends_with('.')
        && last
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '/'));
    let letters: Vec<char> = last.chars().filter(|c| c.is_alphabetic()).collect();
    let is_caps_name = (1..=4).contains(&words)
        && letters.len() >= 3
        && letters.iter().all(|c| c.is_uppercase())
        && !last.ends_with(['.', '!', '?', '"', '”']);
    if is_domain || is_caps_name {
        (rest.to_owned(), Some(last.to_owned()))
    } else {
        (body.to_owned(), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMP: &str = "News – Example Site https://example.org A site about things. Sun, 10 Apr 2022 20:53:47 +0000 en-US hourly 1 https://wordpress.org/?v=4.9.16 First Story Here https://example.org/news/first/ Fri, 14 Jan 2022 15:31:07 +0000 https://example.org/?p=1 A standfirst line.\n\nBy Jane DOE\n\nBody of the first story.\n\nsomeblog.example.com\n\n]]>\nSecond, Untitled? https://example.org/news/second/ Sun, 09 Jan 2022 17:00:53 +0000 https://example.org/?p=2 By John SMITH\n\nSecond body.\n\nORIGINAL-SOURCE\n\n]]>\nThird https://example.org/news/third/ Thu, 06 Jan 2022 17:11:02 +0000 https://example.org/?p=3 Third body ends here.\n\n]]>";

    #[test]
    fn splits_items_with_metadata() {
        assert!(looks_like_dump(DUMP));
        let p = parse(DUMP);
        assert_eq!(p.drafts.len(), 3, "{:?}", p.warnings);
        let a = &p.drafts[0];
        assert_eq!(a.title.as_deref(), Some("First Story Here"));
        assert_eq!(a.outlet.as_deref(), Some("Example Site"));
        assert_eq!(a.author.as_deref(), Some("Jane Doe"));
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2022-01-14"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/news/first/"));
        assert_eq!(a.original_source.as_deref(), Some("someblog.example.com"));
        assert_eq!(a.text, "A standfirst line.\n\nBody of the first story.");
        let b = &p.drafts[1];
        assert_eq!(b.title.as_deref(), Some("Second, Untitled?"));
        assert_eq!(b.author.as_deref(), Some("John Smith"));
        assert_eq!(b.original_source.as_deref(), Some("ORIGINAL-SOURCE"));
        let c = &p.drafts[2];
        assert_eq!((c.author.clone(), c.original_source.clone()), (None, None));
        assert_eq!(c.text, "Third body ends here.");
    }

    #[test]
    fn plain_text_with_brackets_is_not_a_dump() {
        assert!(!looks_like_dump("Some text ]]> more text"));
        assert!(!looks_like_dump(
            "By our reporter on Fri, 14 Jan 2022 in town"
        ));
    }

    #[test]
    fn channel_title_gives_outlet() {
        assert_eq!(
            outlet_from_channel_title("CSTO – Strategic Culture Foundation").as_deref(),
            Some("Strategic Culture Foundation")
        );
        assert_eq!(
            outlet_from_channel_title("Plain Site").as_deref(),
            Some("Plain Site")
        );
    }
}

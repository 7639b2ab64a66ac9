//! RSS (0.9x, 1.0, 2.0), Atom and JSON Feed files: one article per feed entry.
//!
//! This module owns reading a feed through `feed-rs` and mapping each entry onto a
//! [`Draft`]: its title, first author, publication date as the feed wrote it, first link,
//! identifier, and the body (full content when given, else the summary) as plain text.
//! The outlet is the feed's own title, cut down to the site name when the title is a
//! "Category – Site" label.
//!
//! It deliberately does not fetch linked pages to complete truncated entries, follow
//! pagination, or de-duplicate entries across feeds (that is hygiene's job, later).

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use feed_rs::model::{Entry, Feed, Link, Text};
use feed_rs::parser::{Builder, Parser};

use super::draft::{non_empty, Draft, Parsed};
use super::markup::{fragment_to_text, plain_to_text};
use crate::date::PartialDate;

/// Separators between a category and the site name in WordPress feed titles
/// ("Security – Lakeside Review", "Security | Lakeside Review").
const TITLE_SEPARATORS: &[&str] = &[" \u{2013} ", " | ", " \u{2014} "];

/// Read one feed. Never fails: a malformed feed gives a warning with the parser's message,
/// and entries without text are skipped with a warning naming them.
pub fn parse(content: &[u8]) -> Parsed {
    let feed = match feed_parser().parse(content) {
        Ok(feed) => feed,
        Err(error) => return Parsed::nothing(format!("not a valid feed: {error}")),
    };
    if feed.entries.is_empty() {
        return Parsed::nothing("the feed has no entries");
    }
    let outlet = outlet_name(&feed);
    let mut parsed = Parsed::default();
    for entry in &feed.entries {
        match entry_draft(entry, outlet.as_deref()) {
            Ok(draft) => parsed.drafts.push(draft),
            Err(warning) => parsed.warnings.push(warning),
        }
    }
    parsed
}

fn feed_parser() -> Parser {
    Builder::new()
        // feed-rs invents random UUIDs for entries without an id; an absent id must stay
        // absent so that the same file gives the same articles on every run.
        .id_generator(|_links, _title, _uri| String::new())
        .timestamp_parser(|raw| calendar_date(raw).and_then(encode_date))
        .sanitize_content(false)
        .build()
}

fn entry_draft(entry: &Entry, outlet: Option<&str>) -> Result<Draft, String> {
    let title = entry.title.as_ref().and_then(one_line_text);
    let text = entry_text(entry);
    if text.is_empty() {
        let name = title
            .as_deref()
            .or(non_empty(Some(&entry.id)).as_deref())
            .map_or_else(|| "(untitled)".to_owned(), |name| format!("\"{name}\""));
        return Err(format!("feed entry {name} has no text; skipped"));
    }
    Ok(Draft {
        title,
        outlet: outlet.map(str::to_owned),
        author: entry
            .authors
            .iter()
            .find_map(|person| non_empty(person.name.as_deref())),
        date: entry.published.or(entry.updated).map(decode_date),
        url: article_link(&entry.links),
        source_id: non_empty(Some(&entry.id)),
        text,
        ..Draft::default()
    })
}

/// The full content when the entry has any, else its summary.
fn entry_text(entry: &Entry) -> String {
    let content = entry.content.as_ref().and_then(|content| {
        let body = content.body.as_deref()?;
        Some(body_text(body, content.content_type.subty().as_str()))
    });
    match content {
        Some(text) if !text.is_empty() => text,
        _ => entry
            .summary
            .as_ref()
            .map(|summary| body_text(&summary.content, summary.content_type.subty().as_str()))
            .unwrap_or_default(),
    }
}

/// Feeds often declare HTML as plain text, so declared plain text is only trusted when it
/// carries no tags.
fn body_text(body: &str, declared_subtype: &str) -> String {
    let looks_like_markup = body.contains("</") || body.contains("<br") || body.contains("<p");
    if declared_subtype.eq_ignore_ascii_case("plain") && !looks_like_markup {
        plain_to_text(body)
    } else {
        fragment_to_text(body)
    }
}

/// Titles are one line; HTML titles (and plain ones holding escaped entities) are decoded.
fn one_line_text(title: &Text) -> Option<String> {
    let decoded = if title.content.contains(['&', '<']) {
        fragment_to_text(&title.content)
    } else {
        title.content.clone()
    };
    non_empty(Some(&crate::text::fold_whitespace(&decoded)))
}

/// The entry's own page: the first link without a special relation, else the first link.
fn article_link(links: &[Link]) -> Option<String> {
    links
        .iter()
        .find(|link| matches!(link.rel.as_deref(), None | Some("alternate")))
        .or_else(|| links.first())
        .and_then(|link| non_empty(Some(&link.href)))
}

/// The feed's title as an outlet name. WordPress category feeds are titled
/// "Category – Site Name": the site is what names the outlet, so the part after the last
/// separator is kept. Other feeds keep a separated part only when it matches the feed's
/// home page domain, since "Site – Tagline" titles are common too.
fn outlet_name(feed: &Feed) -> Option<String> {
    let title = one_line_text(feed.title.as_ref()?)?;
    let Some((head, tail)) = split_at_last_separator(&title) else {
        return Some(title);
    };
    let is_wordpress = feed.generator.as_ref().is_some_and(|generator| {
        let uri = generator.uri.as_deref().unwrap_or_default();
        format!("{} {uri}", generator.content)
            .to_ascii_lowercase()
            .contains("wordpress")
    });
    let home = feed
        .links
        .first()
        .map(|link| alphanumeric_lowercase(&link.href))
        .unwrap_or_default();
    let names_home = |part: &str| {
        let part = alphanumeric_lowercase(part);
        !part.is_empty() && home.contains(&part)
    };
    if is_wordpress || names_home(tail) {
        non_empty(Some(tail))
    } else if names_home(head) {
        non_empty(Some(head))
    } else {
        Some(title)
    }
}

fn split_at_last_separator(title: &str) -> Option<(&str, &str)> {
    TITLE_SEPARATORS
        .iter()
        .filter_map(|separator| title.rfind(separator).map(|at| (at, separator.len())))
        .max_by_key(|(at, _)| *at)
        .map(|(at, len)| (&title[..at], &title[at + len..]))
}

fn alphanumeric_lowercase(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The calendar date as the feed wrote it, in the publisher's own time zone: converting
/// "Tue, 14 Mar 2023 22:15:00 -0500" to UTC would move the article to the next day.
fn calendar_date(raw: &str) -> Option<PartialDate> {
    PartialDate::parse(raw).or_else(|| {
        // "Tuesday, 14 March 2023 22:15 EST" and other loose notations: the date is what
        // comes before the time of day.
        let before_time: Vec<&str> = raw
            .split_whitespace()
            .take_while(|token| !token.contains(':'))
            .collect();
        PartialDate::parse(&before_time.join(" "))
    })
}

/// feed-rs carries dates as UTC instants, so a partial date travels through it as midnight
/// of its first day, with the seconds field saying how much of it is known.
const DAY_KNOWN: u32 = 0;
const MONTH_KNOWN: u32 = 1;
const YEAR_KNOWN: u32 = 2;

fn encode_date(date: PartialDate) -> Option<DateTime<Utc>> {
    let precision = match (date.month, date.day) {
        (Some(_), Some(_)) => DAY_KNOWN,
        (Some(_), None) => MONTH_KNOWN,
        _ => YEAR_KNOWN,
    };
    let day = NaiveDate::from_ymd_opt(
        date.year,
        u32::from(date.month.unwrap_or(1)),
        u32::from(date.day.unwrap_or(1)),
    )?;
    Some(day.and_hms_opt(0, 0, precision)?.and_utc())
}

fn decode_date(instant: DateTime<Utc>) -> PartialDate {
    let year_only = PartialDate::year(instant.year());
    let month = u8::try_from(instant.month()).ok();
    let day = u8::try_from(instant.day()).ok();
    match (instant.second(), month, day) {
        (DAY_KNOWN, Some(month), Some(day)) => PartialDate::day(instant.year(), month, day),
        (MONTH_KNOWN, Some(month), _) => PartialDate::month(instant.year(), month),
        _ => None,
    }
    .unwrap_or(year_only)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const RSS: &[u8] = include_bytes!("../../tests/fixtures/formats/feed-rss.xml");
    const ATOM: &[u8] = include_bytes!("../../tests/fixtures/formats/feed-atom.xml");
    const JSON: &[u8] = include_bytes!("../../tests/fixtures/formats/feed.json");
    const MALFORMED: &[u8] = include_bytes!("../../tests/fixtures/formats/feed-malformed.xml");

    fn date_of(draft: &Draft) -> Option<String> {
        draft.date.map(|d| d.to_string())
    }

    #[test]
    fn rss_entries_with_content_encoded_and_description() {
        let parsed = parse(RSS);
        assert_eq!(parsed.drafts.len(), 2, "{:?}", parsed.warnings);
        let first = &parsed.drafts[0];
        assert_eq!(
            first.title.as_deref(),
            Some("Peacekeepers to number 3,600, ministry says")
        );
        assert_eq!(first.outlet.as_deref(), Some("Lakeside Review"));
        assert_eq!(first.author.as_deref(), Some("Pavel Orlov"));
        // The publisher's calendar day, not the UTC one (which is already 15 March).
        assert_eq!(date_of(first).as_deref(), Some("2023-03-14"));
        assert_eq!(
            first.url.as_deref(),
            Some("https://lakeside-review.example/peacekeepers-3600")
        );
        assert_eq!(
            first.source_id.as_deref(),
            Some("https://lakeside-review.example/?p=101")
        );
        assert_eq!(
            first.text,
            "The ministry said the peacekeeping contingent would number 3.6\u{a0}thousand personnel.\n\n\
             That is fewer than the 4,200 announced in 2011 & below earlier plans.\n\n\
             Officials gave no reason.\n\nFirst point\n\nSecond point"
        );
        let second = &parsed.drafts[1];
        assert_eq!(
            second.text,
            "Observers counted about 7,000 fighters.\n\nOthers said 12,000."
        );
        assert_eq!(second.author.as_deref(), Some("Lina Sorokina"));
        assert_eq!(date_of(second).as_deref(), Some("2023-03-15"));
    }

    #[test]
    fn entry_without_text_is_skipped_with_a_warning() {
        let parsed = parse(RSS);
        assert_eq!(
            parsed.warnings,
            vec!["feed entry \"Empty item\" has no text; skipped".to_owned()]
        );
    }

    #[test]
    fn atom_entries() {
        let parsed = parse(ATOM);
        assert_eq!(parsed.drafts.len(), 2, "{:?}", parsed.warnings);
        let first = &parsed.drafts[0];
        assert_eq!(first.outlet.as_deref(), Some("Northern Ledger"));
        assert_eq!(first.author.as_deref(), Some("Oleg Marin"));
        assert_eq!(date_of(first).as_deref(), Some("2011-05-19"));
        assert_eq!(
            first.source_id.as_deref(),
            Some("tag:northern-ledger.example,2011:force")
        );
        assert_eq!(
            first.text,
            "Readiness\n\nA force of some 19,000 personnel is ready, officials said.\n\nIts exercises start in June."
        );
        let second = &parsed.drafts[1];
        // No `published`: the `updated` date, as written (UTC would say 19 May).
        assert_eq!(date_of(second).as_deref(), Some("2011-05-18"));
        assert_eq!(
            second.text,
            "Plain xhtml paragraph one.\n\nParagraph two mentions 4,200 peacekeepers."
        );
    }

    #[test]
    fn json_feed_items() {
        let parsed = parse(JSON);
        assert_eq!(parsed.drafts.len(), 2, "{:?}", parsed.warnings);
        let first = &parsed.drafts[0];
        assert_eq!(first.outlet.as_deref(), Some("Harbour Notes"));
        assert_eq!(first.author.as_deref(), Some("Mira Kask"));
        assert_eq!(
            first.url.as_deref(),
            Some("https://harbour-notes.example/1")
        );
        assert_eq!(first.source_id.as_deref(), Some("hn-1"));
        assert_eq!(date_of(first).as_deref(), Some("2023-01-05"));
        assert_eq!(
            first.text,
            "Port traffic rose by 12% in 2022.\n\nSome 1,500 ships called."
        );
        let second = &parsed.drafts[1];
        assert_eq!(
            second.text,
            "Cargo fell to 3 million tonnes.\n\nThe harbour master blamed the weather."
        );
        assert_eq!(date_of(second).as_deref(), Some("2023-02-01"));
        assert_eq!(second.author, None);
    }

    #[test]
    fn malformed_feed_gives_the_parser_message() {
        let parsed = parse(MALFORMED);
        assert!(parsed.drafts.is_empty());
        assert_eq!(parsed.warnings.len(), 1);
        assert!(
            parsed.warnings[0].starts_with("not a valid feed: "),
            "{:?}",
            parsed.warnings
        );
    }

    #[test]
    fn non_feeds_are_not_valid_feeds() {
        for input in [
            &b""[..],
            b"plain words",
            b"{\"not\": \"a feed\"}",
            b"<html><body>x</body></html>",
        ] {
            let parsed = parse(input);
            assert!(parsed.drafts.is_empty());
            assert_eq!(parsed.warnings.len(), 1, "{input:?}");
        }
    }

    fn rss_with(channel_extra: &str, title: &str, item: &str) -> Vec<u8> {
        format!(
            "<rss version=\"2.0\"><channel><title>{title}</title>{channel_extra}<item>{item}</item></channel></rss>"
        )
        .into_bytes()
    }

    fn check_outlet(channel_extra: &str, title: &str, expected: Option<&str>) {
        let parsed = parse(&rss_with(
            channel_extra,
            title,
            "<description>Some text.</description>",
        ));
        let outlet = parsed.drafts.first().and_then(|d| d.outlet.clone());
        assert_eq!(outlet.as_deref(), expected, "title {title:?}");
    }

    #[test]
    fn outlet_from_feed_title() {
        let wordpress = "<generator>https://wordpress.org/?v=6.4</generator>";
        check_outlet(
            wordpress,
            "Security &#8211; Lakeside Review",
            Some("Lakeside Review"),
        );
        check_outlet(
            wordpress,
            "Opinion | Lakeside Review",
            Some("Lakeside Review"),
        );
        check_outlet(
            "<link>https://www.lakeside-review.example/</link>",
            "Opinion | Lakeside Review",
            Some("Lakeside Review"),
        );
        check_outlet(
            "<link>https://lakeside.example/</link>",
            "Lakeside \u{2013} News that matters",
            Some("Lakeside"),
        );
        check_outlet(
            "",
            "Lakeside \u{2013} News that matters",
            Some("Lakeside \u{2013} News that matters"),
        );
        check_outlet("", "Plain Title", Some("Plain Title"));
    }

    #[test]
    fn entry_without_id_has_no_source_id_on_every_run() {
        let feed = rss_with(
            "",
            "T",
            "<title>No guid</title><description>Words here.</description>",
        );
        assert_eq!(parse(&feed).drafts[0].source_id, None);
    }

    #[test]
    fn html_in_titles_is_decoded() {
        let feed = rss_with(
            "",
            "T",
            "<title>Talks &amp;#8217;stall&amp;#8217;</title><description>x</description>",
        );
        assert_eq!(
            parse(&feed).drafts[0].title.as_deref(),
            Some("Talks \u{2019}stall\u{2019}")
        );
    }

    fn check_date(raw: &str, expected: Option<&str>) {
        let got = calendar_date(raw)
            .and_then(encode_date)
            .map(decode_date)
            .map(|d| d.to_string());
        assert_eq!(got.as_deref(), expected, "raw {raw:?}");
    }

    #[test]
    fn dates_keep_the_publishers_day_and_precision() {
        check_date("Tue, 14 Mar 2023 22:15:00 -0500", Some("2023-03-14"));
        check_date("2011-05-18T23:30:00-02:00", Some("2011-05-18"));
        check_date("Tuesday, 14 March 2023 22:15 EST", Some("2023-03-14"));
        check_date("2011-05", Some("2011-05"));
        check_date("2011", Some("2011"));
        check_date("yesterday", None);
    }

    proptest! {
        #[test]
        fn never_panics_on_bytes(content in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = parse(&content);
        }

        #[test]
        fn never_panics_on_feed_like_text(parts in proptest::collection::vec(
            prop_oneof![
                Just("<rss version=\"2.0\"><channel>"), Just("<item>"), Just("</item>"),
                Just("<title>"), Just("</title>"), Just("<description>"), Just("</description>"),
                Just("<pubDate>"), Just("</pubDate>"), Just("<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
                Just("<entry>"), Just("<content type=\"html\">"), Just("&lt;p&gt;"), Just("<![CDATA["),
                Just("]]>"), Just("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":["),
                Just("Mon, 32 Feb 2023"), Just("words 1,200 "),
            ],
            0..40,
        )) {
            let _ = parse(parts.concat().as_bytes());
        }
    }
}

//! `index.html`: the report as one self-contained page an analyst reads in a browser —
//! conflicts first, then figures that changed over time and agreements, the outlet
//! comparison, the topics, and every claim in a table.
//!
//! Self-contained: inline CSS, hand-written inline SVG, one small inline script, no
//! network; it works from a `file://` URL and reads completely with JavaScript off (the
//! script only adds filtering and sorting to the claims table).
//!
//! Safety: every string that came from an article (titles, outlets, authors, quotes,
//! subjects, URLs, explanations built from them) reaches the page through [`escape`],
//! because [`Html`] writes only `&'static str` markup of this module unescaped. Links
//! are made only of http(s) URLs. A Content-Security-Policy allows no script but the
//! page's own (by its SHA-256), so even markup that slipped through could not run.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::analysis::{measure_name, Analysis, Index};
use super::contradictions::format_number;
use super::markdown::{article_title, cluster_dates, matrix_outlets, outlet_name};
use super::notes::web_url;
use crate::align::{ClaimGroup, Verdict};
use crate::claims::Claim;
use crate::date::PartialDate;
use crate::framing::OutletProfile;
use crate::text::whitespace_folded;

/// Group cards shown per verdict; the rest are in contradictions.md.
const MAX_CARDS: usize = 150;
/// Rows of the claims table; every claim is in claims.csv.
const MAX_TABLE_CLAIMS: usize = 3000;
/// Outlets in the framing charts (most articles first); all are in outlets.md.
const MAX_CHART_OUTLETS: usize = 30;
/// Outlet columns of the topic matrix; all are in clusters.md.
const MAX_MATRIX_OUTLETS: usize = 16;
/// Articles listed at the end of the page.
const MAX_ARTICLES: usize = 1000;

/// Colours of a group's values (Okabe–Ito, distinguishable with colour-blindness).
const PALETTE: [&str; 7] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#555555",
];

/// Text made safe for HTML text and double- or single-quoted attribute values.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A page under construction. Markup is `&'static str` (this module's own); every other
/// string — text or attribute value — goes through [`escape`].
struct Html {
    out: String,
}

impl Html {
    fn raw(&mut self, markup: &'static str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    fn text(&mut self, s: &str) -> &mut Self {
        self.out.push_str(&escape(s));
        self
    }

    fn attrs(&mut self, attrs: &[(&'static str, &str)]) {
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            self.out.push_str(&escape(value));
            self.out.push('"');
        }
    }

    fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Self {
        self.out.push('<');
        self.out.push_str(tag);
        self.attrs(attrs);
        self.out.push('>');
        self
    }

    /// An element without content, `<tag …/>`: for SVG elements and HTML void elements
    /// only (HTML parsers read `<span/>` as an opening tag).
    fn empty(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Self {
        self.out.push('<');
        self.out.push_str(tag);
        self.attrs(attrs);
        self.out.push_str("/>");
        self
    }

    fn close(&mut self, tag: &'static str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// `<tag attrs>text</tag>`.
    fn el(&mut self, tag: &'static str, attrs: &[(&'static str, &str)], text: &str) -> &mut Self {
        self.open(tag, attrs).text(text).close(tag)
    }
}

/// Coordinates in SVG: one decimal is plenty.
fn px(v: f64) -> String {
    if v.is_finite() {
        format!("{:.1}", v)
    } else {
        "0".to_owned()
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        format_number(n as f64),
        if n == 1 { one } else { many }
    )
}

fn verdict_title(v: Verdict) -> &'static str {
    match v {
        Verdict::Conflict => "Conflicts",
        Verdict::Changed => "Changed over time",
        Verdict::Agree => "Agreement",
        Verdict::Single => "Single figures",
    }
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Conflict => "badge conflict",
        Verdict::Changed => "badge changed",
        Verdict::Agree => "badge agree",
        Verdict::Single => "badge single",
    }
}

/// The page.
pub fn page(a: &Analysis, index: &Index) -> String {
    let mut h = Html {
        // The claims table is cut at MAX_TABLE_CLAIMS rows.
        out: String::with_capacity(64 * 1024 + a.claims.len().min(MAX_TABLE_CLAIMS) * 600),
    };
    let summary = a.summary();
    h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.raw("<meta name=\"referrer\" content=\"no-referrer\">\n");
    let csp = format!(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{}'",
        base64(&sha256(SCRIPT.as_bytes()))
    );
    h.empty(
        "meta",
        &[("http-equiv", "Content-Security-Policy"), ("content", &csp)],
    );
    h.raw("\n");
    h.el(
        "title",
        &[],
        &format!(
            "claimscope report: {} from {}",
            plural(summary.articles, "article", "articles"),
            plural(summary.outlets, "outlet", "outlets")
        ),
    );
    h.raw("\n<style>");
    h.raw(CSS);
    h.raw("</style>\n</head>\n<body>\n");
    header(&mut h, a);
    h.raw("<main>\n");
    for verdict in [Verdict::Conflict, Verdict::Changed, Verdict::Agree] {
        groups_section(&mut h, a, index, verdict);
    }
    outlets_section(&mut h, a);
    topics_section(&mut h, a);
    claims_section(&mut h, a, index);
    articles_section(&mut h, a);
    h.raw("</main>\n");
    footer(&mut h, a);
    h.raw("<script>");
    h.raw(SCRIPT);
    h.raw("</script>\n</body>\n</html>\n");
    h.out
}

fn header(h: &mut Html, a: &Analysis) {
    let s = a.summary();
    h.raw("<header class=\"top\">\n<div class=\"wrap\">\n");
    h.el("p", &[("class", "kicker")], "claimscope report");
    h.el(
        "h1",
        &[],
        &format!(
            "Numeric claims across {}",
            plural(s.outlets, "outlet", "outlets")
        ),
    );
    let dates: Vec<PartialDate> = a.articles.iter().filter_map(|x| x.date).collect();
    let span = match (
        dates.iter().min_by_key(|d| d.first_day()),
        dates.iter().max_by_key(|d| d.last_day()),
    ) {
        (Some(first), Some(last)) if first == last => format!(", dated {first}"),
        (Some(first), Some(last)) => format!(", dated {first} to {last}"),
        _ => String::new(),
    };
    h.el(
        "p",
        &[("class", "lede")],
        &format!(
            "{} and {} numeric claims{}. Figures that speak of the same quantity are grouped and compared: a conflict is two figures whose ranges cannot both be true for the same time (within {} days).",
            plural(s.articles, "article", "articles"),
            format_number(s.claims as f64),
            span,
            a.window_days
        ),
    );
    h.raw("<dl class=\"stats\">\n");
    let stats: [(&str, usize, &str, &str); 7] = [
        ("conflicts", s.conflicts, "#conflicts", "stat conflict"),
        ("changed over time", s.changed, "#changed", "stat changed"),
        ("in agreement", s.agree, "#agree", "stat agree"),
        ("single figures", s.single, "#claims", "stat"),
        ("outlets", s.outlets, "#outlets", "stat"),
        ("topics", s.clusters, "#topics", "stat"),
        ("articles", s.articles, "#articles", "stat"),
    ];
    for (label, n, href, class) in stats {
        h.open("div", &[("class", class)]);
        h.open("dt", &[]).open("a", &[("href", href)]).text(label);
        h.close("a").close("dt");
        h.el("dd", &[], &format_number(n as f64));
        h.close("div");
    }
    h.raw("</dl>\n");
    if s.skipped_files > 0 {
        h.el(
            "p",
            &[("class", "warn")],
            &format!(
                "{} could not be read and {} left out; analysis.json lists them.",
                plural(s.skipped_files, "input file", "input files"),
                if s.skipped_files == 1 { "was" } else { "were" }
            ),
        );
    }
    h.raw("<nav>");
    for (href, label) in [
        ("#conflicts", "Conflicts"),
        ("#changed", "Changed"),
        ("#agree", "Agreement"),
        ("#outlets", "Outlets"),
        ("#topics", "Topics"),
        ("#claims", "All claims"),
        ("#articles", "Articles"),
    ] {
        h.el("a", &[("href", href)], label);
    }
    h.raw("</nav>\n</div>\n</header>\n");
}

fn section_id(v: Verdict) -> &'static str {
    match v {
        Verdict::Conflict => "conflicts",
        Verdict::Changed => "changed",
        Verdict::Agree => "agree",
        Verdict::Single => "single",
    }
}

fn groups_section(h: &mut Html, a: &Analysis, index: &Index, verdict: Verdict) {
    let groups: Vec<&ClaimGroup> = a.groups.iter().filter(|g| g.verdict == verdict).collect();
    h.open("section", &[("id", section_id(verdict))]);
    h.open("h2", &[]).text(verdict_title(verdict)).raw(" ");
    h.el("span", &[("class", "count")], &groups.len().to_string());
    h.close("h2");
    let intro = match verdict {
        Verdict::Conflict => "Figures for the same quantity and the same time whose ranges do not overlap: at least one source is wrong, or they count different things. Each shows the sources side by side and the figures over time; the bars are the ranges the wording allows (“about” ≈ ±10 %, “over” open upwards).",
        Verdict::Changed => "Figures for the same quantity that differ and refer to clearly different times: likely a change rather than a contradiction.",
        Verdict::Agree => "Figures from different sentences or sources whose ranges overlap.",
        Verdict::Single => "",
    };
    h.el("p", &[("class", "intro")], intro);
    if groups.is_empty() {
        h.el("p", &[("class", "none")], "None found.");
    }
    // Agreements are many and quiet: folded, still readable without JavaScript.
    let folded = verdict == Verdict::Agree;
    for g in groups.iter().take(MAX_CARDS) {
        group_card(h, g, index, folded);
    }
    if groups.len() > MAX_CARDS {
        h.el(
            "p",
            &[("class", "more")],
            &format!(
                "{} more in contradictions.md and notes/.",
                format_number((groups.len() - MAX_CARDS) as f64)
            ),
        );
    }
    h.raw("</section>\n");
}

fn claim_interval(c: &Claim) -> String {
    let unit = c.unit.as_deref().unwrap_or("");
    let range = match (c.low, c.high) {
        (Some(l), Some(h)) if l == h => format_number(l),
        (Some(l), Some(h)) => format!("{}–{}", format_number(l), format_number(h)),
        (Some(l), None) => format!("≥ {}", format_number(l)),
        (None, Some(h)) => format!("≤ {}", format_number(h)),
        (None, None) => "unbounded".to_owned(),
    };
    if unit.is_empty() {
        range
    } else {
        format!("{range} {unit}")
    }
}

/// The quote with the figure's words marked.
fn quote_with_figure(h: &mut Html, c: &Claim) {
    let quote = whitespace_folded(&c.quote);
    let figure = whitespace_folded(&c.text);
    match quote.find(&*figure).filter(|_| !figure.is_empty()) {
        Some(at) => {
            h.text(&quote[..at]);
            h.el("mark", &[], &figure);
            h.text(&quote[at + figure.len()..]);
        }
        None => {
            h.text(&quote);
        }
    }
}

/// Outlet, author, title (linked when the URL is a web address), date.
fn citation(h: &mut Html, c: &Claim, index: &Index) {
    let article = index.article(&c.article);
    h.open("p", &[("class", "cite")]);
    h.el(
        "span",
        &[("class", "outlet")],
        outlet_name(c.outlet.as_deref()),
    );
    if let Some(date) = c.time.or(c.date) {
        h.raw(" · ").text(&date.to_string());
    }
    if let Some(a) = article {
        if let Some(author) = &a.author {
            h.raw(" · ").text(author);
        }
        h.raw(" · ");
        match web_url(a.url.as_deref()) {
            Some(url) => {
                h.el(
                    "a",
                    &[("href", url), ("rel", "noopener noreferrer")],
                    article_title(a),
                );
            }
            None => {
                h.el("cite", &[], article_title(a));
            }
        }
    }
    h.close("p");
}

fn group_card(h: &mut Html, g: &ClaimGroup, index: &Index, folded: bool) {
    let claims: Vec<&Claim> = index.claims_of(g).collect();
    let outlets: std::collections::BTreeSet<&str> = claims
        .iter()
        .map(|c| outlet_name(c.outlet.as_deref()))
        .collect();
    let class = match g.verdict {
        Verdict::Conflict => "group conflict",
        Verdict::Changed => "group changed",
        Verdict::Agree => "group agree",
        Verdict::Single => "group single",
    };
    h.open("article", &[("class", class), ("id", &g.id)]);
    if folded {
        h.raw("<details>\n<summary>");
    } else {
        h.raw("<header>");
    }
    h.el(
        "span",
        &[("class", verdict_class(g.verdict))],
        g.verdict.as_str(),
    );
    h.raw(" ");
    h.el("h3", &[], &g.subject);
    h.el(
        "span",
        &[("class", "meta")],
        &format!(
            "{} · {} · {} · {} apart",
            measure_name(g.measure),
            plural(claims.len(), "claim", "claims"),
            plural(outlets.len(), "outlet", "outlets"),
            percent(g.spread)
        ),
    );
    h.el(
        "a",
        &[("class", "anchor"), ("href", &format!("#{}", g.id))],
        &g.id,
    );
    if folded {
        h.raw("</summary>\n");
    } else {
        h.raw("</header>\n");
    }
    h.el("p", &[("class", "explanation")], &g.explanation);
    h.raw("<div class=\"group-body\">\n");
    h.raw("<div class=\"sources\">\n<table class=\"side-by-side\">\n<thead><tr>");
    for (i, v) in g.values.iter().enumerate() {
        h.open("th", &[("scope", "col")]);
        h.el(
            "span",
            &[
                ("class", "swatch"),
                (
                    "style",
                    &format!("background:{}", PALETTE[i % PALETTE.len()]),
                ),
            ],
            "",
        );
        h.el("span", &[("class", "figure")], &v.text);
        h.el(
            "span",
            &[("class", "support")],
            &format!(
                "{} · {}",
                plural(
                    v.independent_sources,
                    "independent source",
                    "independent sources"
                ),
                v.outlets.join(", ")
            ),
        );
        h.close("th");
    }
    h.raw("</tr></thead>\n<tbody><tr>");
    for v in &g.values {
        h.raw("<td>");
        for id in &v.claims {
            let Some(c) = index.claim(id) else { continue };
            h.raw("<div class=\"claim\"><blockquote>");
            quote_with_figure(h, c);
            h.raw("</blockquote>");
            h.el(
                "p",
                &[("class", "range")],
                &format!("{}: {}", qualifier_words(c), claim_interval(c)),
            );
            citation(h, c, index);
            h.raw("</div>");
        }
        h.raw("</td>");
    }
    h.raw("</tr></tbody>\n</table>\n</div>\n");
    h.open("figure", &[("class", "chart")]);
    chart(h, g, &claims);
    h.el(
        "figcaption",
        &[],
        "Each figure at the time it refers to; the vertical bar is the range its wording allows, dashed where open-ended.",
    );
    h.close("figure");
    h.raw("</div>\n");
    if !g.related.is_empty() {
        h.open("p", &[("class", "related")]);
        h.raw("Related (a deployment beside the force it was drawn from, not a contradiction): ");
        for (i, r) in g.related.iter().enumerate() {
            if i > 0 {
                h.raw(", ");
            }
            h.el("a", &[("href", &format!("#{r}"))], r);
        }
        h.close("p");
    }
    if folded {
        h.raw("</details>\n");
    }
    h.raw("</article>\n");
}

fn qualifier_words(c: &Claim) -> &'static str {
    match c.qualifier {
        crate::claims::Qualifier::Exact => "as written",
        crate::claims::Qualifier::Approx => "approximately",
        crate::claims::Qualifier::AtLeast => "at least",
        crate::claims::Qualifier::AtMost => "at most",
        crate::claims::Qualifier::Range => "range",
    }
}

fn percent(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

/// Ticks at 1, 2 or 5 × 10ⁿ covering [lo, hi], about `n` of them.
fn nice_ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return vec![lo];
    }
    let raw = span / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| span / s <= n as f64)
        .unwrap_or(10.0 * mag);
    let mut t = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while t <= hi + step * 1e-9 && out.len() < 20 {
        out.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        t += step;
    }
    out
}

/// Values over time: one point per claim at the middle of its time, a vertical bar for
/// the range its wording allows (in the measure's base unit), a thin horizontal bar for
/// a time known only to the month or year.
fn chart(h: &mut Html, g: &ClaimGroup, claims: &[&Claim]) {
    const W: f64 = 400.0;
    const H: f64 = 230.0;
    const LEFT: f64 = 62.0;
    const RIGHT: f64 = 14.0;
    const TOP: f64 = 22.0;
    const BOTTOM: f64 = 34.0;
    const UNDATED_BAND: f64 = 54.0;
    let colour_of: BTreeMap<&str, &str> = g
        .values
        .iter()
        .enumerate()
        .flat_map(|(i, v)| {
            v.claims
                .iter()
                .map(move |c| (&**c, PALETTE[i % PALETTE.len()]))
        })
        .collect();
    let finite = |v: Option<f64>| v.filter(|x| x.is_finite());
    let ys: Vec<f64> = claims
        .iter()
        .flat_map(|c| [Some(c.base_value), c.base_low, c.base_high])
        .filter_map(finite)
        .collect();
    let (mut y_lo, mut y_hi) = ys
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &y| {
            (lo.min(y), hi.max(y))
        });
    if !(y_lo.is_finite() && y_hi.is_finite()) {
        (y_lo, y_hi) = (0.0, 1.0);
    }
    let pad = ((y_hi - y_lo) * 0.12).max(y_hi.abs().max(1e-9) * 0.05);
    let all_positive = y_lo >= 0.0;
    y_lo -= pad;
    y_hi += pad;
    if all_positive && y_lo < 0.0 {
        y_lo = 0.0;
    }
    let undated = claims.iter().any(|c| c.time.is_none());
    let plot_right = W - RIGHT - if undated { UNDATED_BAND } else { 0.0 };
    let days: Vec<(i64, i64)> = claims
        .iter()
        .filter_map(|c| c.time.map(|t| (t.first_day(), t.last_day())))
        .collect();
    let (mut d_lo, mut d_hi) = days.iter().fold((i64::MAX, i64::MIN), |(lo, hi), &(f, l)| {
        (lo.min(f), hi.max(l))
    });
    if days.is_empty() {
        (d_lo, d_hi) = (0, 1);
    }
    let d_pad = ((d_hi - d_lo) / 12).max(20);
    let (d_lo, d_hi) = ((d_lo - d_pad) as f64, (d_hi + d_pad) as f64);
    let x_of = |d: f64| LEFT + (d - d_lo) / (d_hi - d_lo) * (plot_right - LEFT);
    let y_of = |v: f64| TOP + (y_hi - v) / (y_hi - y_lo) * (H - TOP - BOTTOM);
    let unit = claims
        .iter()
        .find_map(|c| c.base_unit.clone())
        .unwrap_or_default();

    h.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("viewBox", &format!("0 0 {W} {H}")),
            ("role", "img"),
            (
                "aria-label",
                &format!("{} over time, {}", g.subject, measure_name(g.measure)),
            ),
        ],
    );
    // Axes and grid.
    for t in nice_ticks(y_lo, y_hi, 4) {
        let y = px(y_of(t));
        h.empty(
            "line",
            &[
                ("class", "grid"),
                ("x1", &px(LEFT)),
                ("x2", &px(W - RIGHT)),
                ("y1", &y),
                ("y2", &y),
            ],
        );
        h.el(
            "text",
            &[
                ("class", "tick"),
                ("x", &px(LEFT - 6.0)),
                ("y", &px(y_of(t) + 3.5)),
                ("text-anchor", "end"),
            ],
            &format_number(t),
        );
    }
    if !unit.is_empty() {
        h.el(
            "text",
            &[
                ("class", "unit"),
                ("x", &px(LEFT - 6.0)),
                ("y", "12"),
                ("text-anchor", "end"),
            ],
            &unit,
        );
    }
    let base = px(H - BOTTOM);
    h.empty(
        "line",
        &[
            ("class", "axis"),
            ("x1", &px(LEFT)),
            ("x2", &px(W - RIGHT)),
            ("y1", &base),
            ("y2", &base),
        ],
    );
    for (day, label) in time_ticks(d_lo as i64, d_hi as i64) {
        let x = x_of(day as f64);
        if !(LEFT..=plot_right).contains(&x) {
            continue;
        }
        h.empty(
            "line",
            &[
                ("class", "axis"),
                ("x1", &px(x)),
                ("x2", &px(x)),
                ("y1", &base),
                ("y2", &px(H - BOTTOM + 4.0)),
            ],
        );
        h.el(
            "text",
            &[
                ("class", "tick"),
                ("x", &px(x)),
                ("y", &px(H - BOTTOM + 16.0)),
                ("text-anchor", "middle"),
            ],
            &label,
        );
    }
    if undated {
        h.el(
            "text",
            &[
                ("class", "tick"),
                ("x", &px(W - RIGHT - UNDATED_BAND / 2.0)),
                ("y", &px(H - BOTTOM + 16.0)),
                ("text-anchor", "middle"),
            ],
            "undated",
        );
    }
    // Claims sharing a position are spread sideways.
    let mut taken: BTreeMap<i64, usize> = BTreeMap::new();
    for c in claims {
        let colour = colour_of.get(&*c.id).copied().unwrap_or(PALETTE[6]);
        let x0 = match c.time {
            Some(t) => x_of(t.mid_day() as f64),
            None => W - RIGHT - UNDATED_BAND / 2.0,
        };
        let slot = taken.entry((x0 / 6.0).round() as i64).or_default();
        let offset = match *slot {
            0 => 0.0,
            n if n % 2 == 1 => 7.0 * n.div_ceil(2) as f64,
            n => -7.0 * (n / 2) as f64,
        };
        *slot += 1;
        let x = x0 + offset;
        h.open("g", &[("class", "point")]);
        h.el(
            "title",
            &[],
            &format!(
                "{}, {}: {}",
                outlet_name(c.outlet.as_deref()),
                c.time
                    .map_or_else(|| "undated".to_owned(), |t| t.to_string()),
                c.text
            ),
        );
        if let Some(t) = c.time {
            let (x1, x2) = (x_of(t.first_day() as f64), x_of(t.last_day() as f64 + 1.0));
            if x2 - x1 > 3.0 {
                let y = px(y_of(c.base_value));
                h.empty(
                    "line",
                    &[
                        ("class", "when"),
                        ("stroke", colour),
                        ("x1", &px(x1)),
                        ("x2", &px(x2)),
                        ("y1", &y),
                        ("y2", &y),
                    ],
                );
            }
        }
        let top = finite(c.base_high).map(&y_of);
        let bottom = finite(c.base_low).map(&y_of);
        let xs = px(x);
        let bar = |h: &mut Html, from: f64, to: f64, open: bool| {
            h.empty(
                "line",
                &[
                    ("class", if open { "range open" } else { "range" }),
                    ("stroke", colour),
                    ("x1", &xs),
                    ("x2", &xs),
                    ("y1", &px(from)),
                    ("y2", &px(to)),
                ],
            );
        };
        let centre = y_of(c.base_value);
        bar(h, centre, top.unwrap_or(TOP), top.is_none());
        bar(h, centre, bottom.unwrap_or(H - BOTTOM), bottom.is_none());
        for cap in [top, bottom].into_iter().flatten() {
            h.empty(
                "line",
                &[
                    ("class", "range"),
                    ("stroke", colour),
                    ("x1", &px(x - 4.0)),
                    ("x2", &px(x + 4.0)),
                    ("y1", &px(cap)),
                    ("y2", &px(cap)),
                ],
            );
        }
        h.empty(
            "circle",
            &[
                ("cx", &xs),
                ("cy", &px(centre)),
                ("r", "4.5"),
                ("fill", colour),
            ],
        );
        h.close("g");
    }
    h.close("svg");
}

/// Labelled ticks for a span of days: years, or months when the span is short.
fn time_ticks(from: i64, to: i64) -> Vec<(i64, String)> {
    let (Some(first), Some(last)) = (date_of_day(from), date_of_day(to)) else {
        return Vec::new();
    };
    let years = (last.0 - first.0).max(0);
    if years >= 2 {
        let step = match years {
            0..=6 => 1,
            7..=14 => 2,
            15..=35 => 5,
            _ => 10,
        };
        let start = first.0 + 1;
        (start..=last.0)
            .filter(|y| y % step == 0)
            .map(|y| (PartialDate::year(y).first_day(), y.to_string()))
            .collect()
    } else {
        let months = (last.0 - first.0) * 12 + i32::from(last.1) - i32::from(first.1);
        let step = match months {
            0..=5 => 1,
            6..=11 => 2,
            12..=17 => 3,
            _ => 6,
        };
        let mut out = Vec::new();
        let (mut y, mut m) = (first.0, first.1);
        for n in 0..=months + 1 {
            if n > 0 && (i32::from(m) - 1) % step == 0 {
                if let Some(d) = PartialDate::month(y, m).filter(|d| d.first_day() <= to) {
                    out.push((d.first_day(), format!("{y}-{m:02}")));
                }
            }
            m += 1;
            if m > 12 {
                (y, m) = (y + 1, 1);
            }
        }
        out
    }
}

/// (year, month) of a day counted from the Common Era, as `PartialDate` counts.
fn date_of_day(day: i64) -> Option<(i32, u8)> {
    use chrono::Datelike;
    let d = chrono::NaiveDate::from_num_days_from_ce_opt(i32::try_from(day).ok()?)?;
    Some((d.year(), u8::try_from(d.month()).ok()?))
}

fn outlets_section(h: &mut Html, a: &Analysis) {
    h.raw("<section id=\"outlets\">\n<h2>Outlets ");
    h.el("span", &[("class", "count")], &a.outlets.len().to_string());
    h.close("h2");
    h.el(
        "p",
        &[("class", "intro")],
        "How each outlet frames its story: occurrences of each category of words per 1,000 words in the outlet's own voice (quoted speech excluded). The whisker is the 95 % bootstrap interval over the outlet's articles; a pale bar is an outlet with a single article, whose rate says little.",
    );
    if a.outlets.is_empty() {
        h.el("p", &[("class", "none")], "No outlet to profile.");
        h.raw("</section>\n");
        return;
    }
    // The outlets with most articles, in the order of the profiles.
    let mut by_size: Vec<usize> = (0..a.outlets.len()).collect();
    by_size.sort_by(|&x, &y| {
        a.outlets[y]
            .articles
            .cmp(&a.outlets[x].articles)
            .then(x.cmp(&y))
    });
    by_size.truncate(MAX_CHART_OUTLETS);
    by_size.sort_unstable();
    let shown: Vec<&OutletProfile> = by_size.iter().map(|&i| &a.outlets[i]).collect();
    h.raw("<div class=\"panels\">\n");
    for c in a.categories {
        h.open("figure", &[("class", "panel")]);
        h.open("figcaption", &[]);
        h.el("strong", &[], &c.name);
        h.raw(" ");
        h.el("span", &[], &c.description);
        h.close("figcaption");
        framing_bars(h, &c.name, &shown);
        h.close("figure");
    }
    h.raw("</div>\n");
    if a.outlets.len() > shown.len() {
        h.el(
            "p",
            &[("class", "more")],
            &format!(
                "The {} outlets with the most articles are charted; outlets.md has all {}.",
                shown.len(),
                a.outlets.len()
            ),
        );
    }
    h.raw("<div class=\"scroll\"><table class=\"data\">\n<thead><tr>");
    for head in [
        "Outlet",
        "Articles",
        "Words",
        "Sentences naming a source",
        "Figures",
        "Approximate",
        "Bounds or ranges",
        "No source named",
        "Distinctive terms",
    ] {
        h.el("th", &[("scope", "col")], head);
    }
    h.raw("</tr></thead>\n<tbody>\n");
    for p in a.outlets {
        h.raw("<tr>");
        h.el("th", &[("scope", "row")], outlet_name(p.outlet.as_deref()));
        h.el("td", &[("class", "num")], &p.articles.to_string());
        h.el("td", &[("class", "num")], &format_number(p.words as f64));
        let attributed = match &p.attribution_share_interval {
            Some(i) => format!(
                "{:.0} % ({:.0}–{:.0})",
                100.0 * p.attribution_share,
                100.0 * i.low,
                100.0 * i.high
            ),
            None => format!("{:.0} %", 100.0 * p.attribution_share),
        };
        h.el("td", &[("class", "num")], &attributed);
        let n = &p.numbers;
        h.el("td", &[("class", "num")], &n.figures.to_string());
        for share in [n.hedged_share, n.bounded_share, n.unattributed_share] {
            h.el(
                "td",
                &[("class", "num")],
                &share.map_or_else(|| "—".to_owned(), |s| format!("{:.0} %", 100.0 * s)),
            );
        }
        h.open("td", &[("class", "terms")]);
        for (i, t) in p.distinctive_scores.iter().enumerate() {
            if i > 0 {
                h.raw(" ");
            }
            h.el(
                "span",
                &[
                    ("class", "term"),
                    ("title", &format!("z {:.2}, {}×", t.z, t.count)),
                ],
                &t.term,
            );
        }
        if p.distinctive_scores.is_empty() {
            h.raw("—");
        }
        h.close("td");
        h.raw("</tr>\n");
    }
    h.raw("</tbody></table></div>\n</section>\n");
}

/// One framing category: a bar per outlet with its bootstrap interval.
fn framing_bars(h: &mut Html, category: &str, outlets: &[&OutletProfile]) {
    const W: f64 = 420.0;
    const LABEL: f64 = 180.0;
    const VALUE: f64 = 44.0;
    const ROW: f64 = 20.0;
    const TOP: f64 = 4.0;
    let height = TOP * 2.0 + ROW * outlets.len() as f64;
    let rate = |p: &OutletProfile| p.framing.get(category).copied().unwrap_or(0.0);
    let interval = |p: &OutletProfile| {
        p.framing_interval
            .as_ref()
            .and_then(|m| m.get(category).copied())
    };
    let max = outlets
        .iter()
        .map(|p| interval(p).map_or(rate(p), |i| i.high.max(rate(p))))
        .fold(0.0f64, f64::max)
        .max(0.5);
    let x_of = |v: f64| LABEL + v.max(0.0) / max * (W - LABEL - VALUE);
    h.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("viewBox", &format!("0 0 {W} {}", px(height))),
            ("role", "img"),
            (
                "aria-label",
                &format!("{category}: occurrences per 1,000 words by outlet"),
            ),
        ],
    );
    for (i, p) in outlets.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let name = outlet_name(p.outlet.as_deref());
        h.open("g", &[]);
        h.el(
            "title",
            &[],
            &format!(
                "{name}: {:.2} per 1,000 words{}",
                rate(p),
                interval(p).map_or_else(
                    || " (single article, no interval)".to_owned(),
                    |i| format!(", 95 % interval {:.2}–{:.2}", i.low, i.high)
                )
            ),
        );
        h.el(
            "text",
            &[
                ("class", "label"),
                ("x", &px(LABEL - 8.0)),
                ("y", &px(y + 14.0)),
                ("text-anchor", "end"),
            ],
            &shorten(name, 24),
        );
        h.empty(
            "rect",
            &[
                (
                    "class",
                    if p.single_article {
                        "bar single"
                    } else {
                        "bar"
                    },
                ),
                ("x", &px(LABEL)),
                ("y", &px(y + 5.0)),
                ("width", &px(x_of(rate(p)) - LABEL)),
                ("height", "11"),
            ],
        );
        if let Some(iv) = interval(p) {
            let mid = px(y + 10.5);
            h.empty(
                "line",
                &[
                    ("class", "whisker"),
                    ("x1", &px(x_of(iv.low))),
                    ("x2", &px(x_of(iv.high))),
                    ("y1", &mid),
                    ("y2", &mid),
                ],
            );
            for end in [iv.low, iv.high] {
                h.empty(
                    "line",
                    &[
                        ("class", "whisker"),
                        ("x1", &px(x_of(end))),
                        ("x2", &px(x_of(end))),
                        ("y1", &px(y + 6.0)),
                        ("y2", &px(y + 15.0)),
                    ],
                );
            }
        }
        h.el(
            "text",
            &[
                ("class", "value"),
                ("x", &px(W - 2.0)),
                ("y", &px(y + 14.0)),
                ("text-anchor", "end"),
            ],
            &format!("{:.2}", rate(p)),
        );
        h.close("g");
    }
    h.close("svg");
}

/// Cut to `max` characters with an ellipsis.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn topics_section(h: &mut Html, a: &Analysis) {
    h.raw("<section id=\"topics\">\n<h2>Topics ");
    h.el("span", &[("class", "count")], &a.clusters.len().to_string());
    h.close("h2");
    h.el(
        "p",
        &[("class", "intro")],
        "Articles grouped by the words they use (stemmed TF-IDF, k-means), and which outlets cover which topic: each cell counts an outlet's articles in a topic.",
    );
    if a.clusters.is_empty() {
        h.el(
            "p",
            &[("class", "none")],
            "The corpus could not be clustered into topics.",
        );
        h.raw("</section>\n");
        return;
    }
    let all = matrix_outlets(a.clusters);
    let shown: Vec<&(String, usize)> = all.iter().take(MAX_MATRIX_OUTLETS).collect();
    let max = a
        .clusters
        .iter()
        .flat_map(|c| c.outlets.values())
        .copied()
        .max()
        .unwrap_or(1)
        .max(1);
    h.raw("<div class=\"scroll\"><table class=\"matrix\">\n<thead><tr>");
    h.el("th", &[("scope", "col")], "Topic");
    h.el("th", &[("scope", "col"), ("class", "num")], "Articles");
    for (o, _) in &shown {
        h.el("th", &[("scope", "col"), ("class", "outlet-col")], o);
    }
    if all.len() > shown.len() {
        h.el(
            "th",
            &[("scope", "col"), ("class", "outlet-col")],
            "other outlets",
        );
    }
    h.raw("</tr></thead>\n<tbody>\n");
    for c in a.clusters {
        h.raw("<tr>");
        h.open("th", &[("scope", "row")]);
        h.el("span", &[("class", "topic-id")], &c.id);
        h.raw(" ");
        h.el("strong", &[], &c.label);
        h.el(
            "span",
            &[("class", "terms-line")],
            &format!("{} · {}", cluster_dates(c), c.top_terms.join(", ")),
        );
        h.close("th");
        h.el("td", &[("class", "num")], &c.size.to_string());
        let cell = |h: &mut Html, n: usize| {
            if n == 0 {
                h.el("td", &[("class", "cell zero")], "·");
            } else {
                let alpha = 0.12 + 0.78 * n as f64 / max as f64;
                let class = if alpha > 0.55 { "cell dark" } else { "cell" };
                h.el(
                    "td",
                    &[
                        ("class", class),
                        ("style", &format!("background:rgba(0,114,178,{alpha:.2})")),
                    ],
                    &n.to_string(),
                );
            }
        };
        for (o, _) in &shown {
            cell(h, c.outlets.get(o).copied().unwrap_or(0));
        }
        if all.len() > shown.len() {
            let other: usize = c
                .outlets
                .iter()
                .filter(|(o, _)| !shown.iter().any(|(s, _)| s == *o))
                .map(|(_, n)| n)
                .sum();
            cell(h, other);
        }
        h.raw("</tr>\n");
    }
    h.raw("</tbody></table></div>\n</section>\n");
}

fn claims_section(h: &mut Html, a: &Analysis, index: &Index) {
    h.raw("<section id=\"claims\">\n<h2>All claims ");
    h.el("span", &[("class", "count")], &a.claims.len().to_string());
    h.close("h2");
    h.el(
        "p",
        &[("class", "intro")],
        "Every numeric claim with the sentence it comes from, grouped figures first. claims.csv holds the same rows with every field, for spreadsheets, pandas or R.",
    );
    h.raw("<div id=\"claims-tools\" class=\"tools\" hidden><label>Filter <input type=\"search\" placeholder=\"outlet, subject, words of the quote…\" autocomplete=\"off\"></label> <output></output> <span class=\"hint\">Click a column heading to sort.</span></div>\n");
    h.raw("<div class=\"scroll\"><table id=\"claims-table\" class=\"data claims\">\n<thead><tr>");
    for (head, numeric) in [
        ("Verdict", false),
        ("Outlet", false),
        ("Date", false),
        ("Figure", false),
        ("Value", true),
        ("Measure", false),
        ("Subject", false),
        ("Quote", false),
    ] {
        if numeric {
            h.el("th", &[("scope", "col"), ("data-numeric", "")], head);
        } else {
            h.el("th", &[("scope", "col")], head);
        }
    }
    h.raw("</tr></thead>\n<tbody>\n");
    let mut rows = 0;
    'groups: for g in a.groups {
        for c in index.claims_of(g) {
            if rows == MAX_TABLE_CLAIMS {
                break 'groups;
            }
            rows += 1;
            h.raw("<tr>");
            h.open("td", &[("data-sort", &format!("{}", g.verdict as u8))]);
            if g.verdict == Verdict::Single {
                h.el(
                    "span",
                    &[("class", verdict_class(g.verdict))],
                    g.verdict.as_str(),
                );
            } else {
                h.el(
                    "a",
                    &[
                        ("class", verdict_class(g.verdict)),
                        ("href", &format!("#{}", g.id)),
                    ],
                    g.verdict.as_str(),
                );
            }
            h.close("td");
            h.el("td", &[], outlet_name(c.outlet.as_deref()));
            let date = c.time.map(|t| t.to_string()).unwrap_or_default();
            h.el("td", &[("class", "nowrap")], &date);
            h.el("td", &[], &c.text);
            h.el(
                "td",
                &[("class", "num"), ("data-sort", &c.base_value.to_string())],
                &format!(
                    "{}{}",
                    format_number(c.value),
                    c.unit
                        .as_deref()
                        .map(|u| format!(" {u}"))
                        .unwrap_or_default()
                ),
            );
            h.el("td", &[], &measure_name(c.measure));
            h.el("td", &[], &c.subject);
            h.open("td", &[("class", "quote")]);
            quote_with_figure(h, c);
            h.close("td");
            h.raw("</tr>\n");
        }
    }
    h.raw("</tbody></table></div>\n");
    if a.claims.len() > rows {
        h.el(
            "p",
            &[("class", "more")],
            &format!(
                "The first {} claims are shown; claims.csv has all {}.",
                format_number(rows as f64),
                format_number(a.claims.len() as f64)
            ),
        );
    }
    h.raw("</section>\n");
}

/// The order of the article list: by outlet, date and id.
fn article_order(x: &crate::corpus::Article, y: &crate::corpus::Article) -> std::cmp::Ordering {
    x.outlet
        .cmp(&y.outlet)
        .then(
            x.date
                .map(|d| d.first_day())
                .cmp(&y.date.map(|d| d.first_day())),
        )
        .then(x.id.cmp(&y.id))
}

/// The first `max` articles in [`article_order`] (ties in the order read), in that
/// order.
fn first_articles(articles: &[crate::corpus::Article], max: usize) -> Vec<&crate::corpus::Article> {
    // The order read as the last key makes the order total, so the articles shown can
    // be picked before they are sorted: on 100k articles, a sort of the 1,000 shown.
    let order = |&(i, x): &(usize, &crate::corpus::Article),
                 &(j, y): &(usize, &crate::corpus::Article)| {
        article_order(x, y).then(i.cmp(&j))
    };
    let mut picked: Vec<(usize, &crate::corpus::Article)> = articles.iter().enumerate().collect();
    if picked.len() > max {
        picked.select_nth_unstable_by(max, order);
        picked.truncate(max);
    }
    picked.sort_unstable_by(order);
    picked.into_iter().map(|(_, x)| x).collect()
}

fn articles_section(h: &mut Html, a: &Analysis) {
    h.raw("<section id=\"articles\">\n<h2>Articles ");
    h.el("span", &[("class", "count")], &a.articles.len().to_string());
    h.close("h2");
    h.raw("<details><summary>The articles read, by outlet and date</summary>\n");
    h.raw("<div class=\"scroll\"><table class=\"data\">\n<thead><tr>");
    for head in ["Outlet", "Date", "Title", "Author", "Words", "File"] {
        h.el("th", &[("scope", "col")], head);
    }
    h.raw("</tr></thead>\n<tbody>\n");
    for x in first_articles(a.articles, MAX_ARTICLES) {
        h.raw("<tr>");
        h.el("td", &[], outlet_name(x.outlet.as_deref()));
        h.el(
            "td",
            &[("class", "nowrap")],
            &x.date.map(|d| d.to_string()).unwrap_or_default(),
        );
        h.open("td", &[]);
        match web_url(x.url.as_deref()) {
            Some(url) => {
                h.el(
                    "a",
                    &[("href", url), ("rel", "noopener noreferrer")],
                    article_title(x),
                );
            }
            None => {
                h.text(article_title(x));
            }
        }
        h.close("td");
        h.el("td", &[], x.author.as_deref().unwrap_or(""));
        h.el("td", &[("class", "num")], &format_number(x.words as f64));
        h.el("td", &[("class", "file")], &x.file);
        h.raw("</tr>\n");
    }
    h.raw("</tbody></table></div>\n");
    if a.articles.len() > MAX_ARTICLES {
        h.el(
            "p",
            &[("class", "more")],
            &format!(
                "The first {} articles are listed; analysis.json has all {}.",
                format_number(MAX_ARTICLES as f64),
                format_number(a.articles.len() as f64)
            ),
        );
    }
    h.raw("</details>\n</section>\n");
}

fn footer(h: &mut Html, a: &Analysis) {
    h.raw("<footer><div class=\"wrap\"><p>Made by claimscope. The same folder holds ");
    for (i, (href, label)) in [
        ("contradictions.md", "contradictions.md"),
        ("contradictions.json", "contradictions.json"),
        ("claims.csv", "claims.csv"),
        ("outlets.md", "outlets.md"),
        ("clusters.md", "clusters.md"),
        ("analysis.json", "analysis.json"),
        (
            "notes/references.json",
            "notes/ (one note per group, references.json in CSL-JSON)",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            h.raw(", ");
        }
        h.el("a", &[("href", href)], label);
    }
    h.raw(".");
    let mut text = String::new();
    let _ = write!(
        text,
        " Conflict window: {} days. Framing rates: 95 % percentile bootstrap over articles.",
        a.window_days
    );
    h.text(&text);
    h.raw("</p></div></footer>\n");
}

/// The page's only script: filtering and sorting of the claims table. Allowed by the
/// Content-Security-Policy through its hash; nothing else may run.
const SCRIPT: &str = r#"
(function () {
  "use strict";
  document.documentElement.setAttribute("data-js", "on");
  var table = document.getElementById("claims-table");
  var tools = document.getElementById("claims-tools");
  if (!table || !tools) { return; }
  var input = tools.querySelector("input");
  var status = tools.querySelector("output");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
  tools.hidden = false;
  function filter() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (r, i) {
      var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    status.textContent = shown + " of " + rows.length + " claims";
  }
  function key(row, i, numeric) {
    var cell = row.cells[i];
    var v = cell.getAttribute("data-sort");
    if (v === null) { v = cell.textContent.trim().toLowerCase(); }
    if (!numeric) { return v; }
    var n = parseFloat(v);
    return isNaN(n) ? -Infinity : n;
  }
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, i) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      var numeric = th.hasAttribute("data-numeric");
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var order = rows.map(function (r, j) { return [key(r, i, numeric), j]; });
      order.sort(function (a, b) {
        var c = a[0] < b[0] ? -1 : (a[0] > b[0] ? 1 : 0);
        return (ascending ? c : -c) || a[1] - b[1];
      });
      var sorted = order.map(function (p) { return rows[p[1]]; });
      var sortedTexts = order.map(function (p) { return texts[p[1]]; });
      rows = sorted;
      texts = sortedTexts;
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  input.addEventListener("input", filter);
  filter();
}());
"#;

const CSS: &str = r#"
:root { --ink: #1f2328; --muted: #5b636e; --line: #d8dde3; --soft: #f5f7f9; --accent: #0072b2;
  --conflict: #c0392b; --changed: #b7791f; --agree: #2f855a; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
a { color: var(--accent); }
.wrap, main { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header.top { background: #14213d; color: #f2f4f7; padding: 28px 0 18px; }
header.top a { color: #cfe3ff; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; margin: 0; color: #9fb3d1; }
h1 { font-size: 28px; line-height: 1.2; margin: 4px 0 8px; }
.lede { max-width: 60em; margin: 0 0 16px; color: #dbe2ea; }
.stats { display: flex; flex-wrap: wrap; gap: 10px; margin: 0 0 16px; }
.stat { background: rgba(255,255,255,.08); border-radius: 8px; padding: 8px 14px; min-width: 110px; }
.stat dt { font-size: 12px; }
.stat dt a { color: #cfe3ff; text-decoration: none; }
.stat dd { margin: 0; font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; }
.stat.conflict dd { color: #ff9c8f; } .stat.changed dd { color: #f6c971; } .stat.agree dd { color: #8fdcaf; }
nav { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 14px; }
.warn { background: #fff4d6; color: #5c4400; padding: 6px 10px; border-radius: 6px; }
section { margin: 34px 0; }
h2 { font-size: 22px; margin: 0 0 4px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
h2 .count { font-size: 14px; font-weight: 500; color: var(--muted); background: var(--soft); border-radius: 10px; padding: 1px 9px; vertical-align: middle; }
.intro { color: var(--muted); max-width: 62em; margin: 6px 0 14px; }
.none, .more { color: var(--muted); font-style: italic; }
.group { border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 0 0 16px; background: #fff; }
.group.conflict { border-left-color: var(--conflict); }
.group.changed { border-left-color: var(--changed); }
.group.agree { border-left-color: var(--agree); }
.group header, .group summary { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 10px; }
.group summary { cursor: pointer; }
.group h3 { font-size: 18px; margin: 0; }
.meta { color: var(--muted); font-size: 13px; }
.anchor { margin-left: auto; font-size: 12px; color: var(--muted); text-decoration: none; }
.badge { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .05em; padding: 2px 7px; border-radius: 4px; color: #fff; background: #7a828c; text-decoration: none; }
.badge.conflict { background: var(--conflict); } .badge.changed { background: var(--changed); } .badge.agree { background: var(--agree); }
.explanation { margin: 8px 0 12px; }
.group-body { display: grid; grid-template-columns: minmax(0, 1fr) 400px; gap: 16px; align-items: start; }
@media (max-width: 900px) { .group-body { grid-template-columns: 1fr; } }
.sources { overflow-x: auto; }
table.side-by-side { border-collapse: collapse; width: 100%; table-layout: fixed; min-width: 420px; }
.side-by-side th { text-align: left; vertical-align: bottom; padding: 0 6px 6px; border-bottom: 2px solid var(--line); font-weight: 400; }
.side-by-side td { vertical-align: top; padding: 8px 6px 0; }
.side-by-side th:first-child, .side-by-side td:first-child { padding-left: 0; }
.side-by-side th:last-child, .side-by-side td:last-child { padding-right: 0; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; }
.figure { font-size: 17px; font-weight: 650; }
.support { display: block; color: var(--muted); font-size: 12px; }
.claim { margin: 0 0 12px; }
blockquote { margin: 0; padding: 8px 10px; background: var(--soft); border-radius: 6px; font-family: Georgia, "Times New Roman", serif; font-size: 15px; line-height: 1.45; overflow-wrap: anywhere; }
mark { background: #ffe58f; padding: 0 2px; border-radius: 2px; }
.range { margin: 4px 0 0; font-size: 12px; color: var(--muted); }
.cite { margin: 2px 0 0; font-size: 13px; color: var(--muted); overflow-wrap: anywhere; }
.cite .outlet { font-weight: 650; color: var(--ink); }
figure { margin: 0; }
.chart svg { width: 100%; height: auto; display: block; background: #fff; }
figcaption { font-size: 12px; color: var(--muted); }
svg text { font: 11px system-ui, sans-serif; fill: #3d444d; }
svg .unit { font-weight: 600; }
svg .grid { stroke: #e8ebef; }
svg .axis { stroke: #8c959f; }
svg .range { stroke-width: 2.5; }
svg .range.open { stroke-dasharray: 3 3; stroke-width: 2; }
svg .when { stroke-width: 1.5; opacity: .45; }
svg .bar { fill: var(--accent); }
svg .bar.single { fill: var(--accent); opacity: .35; }
svg .whisker { stroke: #14213d; stroke-width: 1.4; }
svg .label { font-size: 12px; }
svg .value { font-variant-numeric: tabular-nums; }
.related { font-size: 13px; color: var(--muted); }
.panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 16px; margin-bottom: 18px; }
.panel { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.panel figcaption { font-size: 13px; color: var(--muted); margin-bottom: 6px; }
.panel figcaption strong { color: var(--ink); text-transform: capitalize; margin-right: 4px; }
.scroll { overflow-x: auto; }
table.data, table.matrix { border-collapse: collapse; width: 100%; font-size: 14px; }
.data th, .data td, .matrix th, .matrix td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
.data thead th, .matrix thead th { background: var(--soft); position: sticky; top: 0; font-size: 13px; }
.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.term { display: inline-block; background: #eef4fb; border-radius: 4px; padding: 0 6px; margin: 1px 0; font-size: 13px; }
.matrix .outlet-col { font-size: 12px; max-width: 110px; }
.matrix td.cell { text-align: center; font-variant-numeric: tabular-nums; min-width: 48px; }
.matrix td.dark { color: #fff; font-weight: 650; }
.matrix td.zero { color: #b5bcc4; }
.topic-id { color: var(--muted); font-size: 12px; }
.terms-line { display: block; font-weight: 400; color: var(--muted); font-size: 12px; }
.tools { display: flex; gap: 12px; align-items: center; margin: 0 0 8px; flex-wrap: wrap; }
.tools input { font: inherit; padding: 5px 9px; width: 22em; max-width: 100%; border: 1px solid #aab2bb; border-radius: 6px; }
.tools .hint, .tools output { color: var(--muted); font-size: 13px; }
.claims td.quote { min-width: 24em; width: 40%; font-size: 13px; }
.claims th button { font: inherit; font-weight: 650; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
.claims th[aria-sort=ascending] button::after { content: " ▲"; }
.claims th[aria-sort=descending] button::after { content: " ▼"; }
.file { font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
details > summary { cursor: pointer; }
footer { border-top: 1px solid var(--line); margin-top: 40px; padding: 14px 0 30px; color: var(--muted); font-size: 13px; }
@media print { header.top { background: none; color: var(--ink); } .lede, .stat dd { color: var(--ink) !important; } .tools { display: none; } details { display: block; } }
"#;

/// SHA-256 (FIPS 180-4) of `data`, for the Content-Security-Policy's script hash.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut state: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_be_bytes());
    for block in message.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = state;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = h
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            h = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *s = s.wrapping_add(v);
        }
    }
    let mut out = [0u8; 32];
    for (chunk, s) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&s.to_be_bytes());
    }
    out
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_text_and_both_quote_styles() {
        let check = |input: &str, expected: &str| assert_eq!(escape(input), expected);
        check("plain 1,200 troops", "plain 1,200 troops");
        check(
            "<script>alert(1)</script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        );
        check("\" onload=\"x", "&quot; onload=&quot;x");
        check("' onerror='x", "&#39; onerror=&#39;x");
        check("AT&T", "AT&amp;T");
        check("&lt;", "&amp;lt;");
    }

    #[test]
    fn builder_escapes_attribute_values_and_text() {
        let mut h = Html { out: String::new() };
        h.el("a", &[("href", "\"><script>x</script>")], "<b>");
        assert_eq!(
            h.out,
            "<a href=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">&lt;b&gt;</a>"
        );
    }

    #[test]
    fn sha256_and_base64_match_known_vectors() {
        assert_eq!(
            base64(&sha256(b"")),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert_eq!(
            base64(&sha256(b"abc")),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        let long = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(
            base64(&sha256(long)),
            "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE="
        );
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
    }

    /// Picking the first articles before sorting them gives the first ones of a full
    /// stable sort in the same order, ties (same outlet, date and id) included.
    #[test]
    fn the_articles_shown_are_the_first_of_the_whole_sort() {
        let articles: Vec<crate::corpus::Article> = (0..2_500u32)
            .map(|i| {
                let mut a = crate::corpus::Article::plain(&format!("id{}", i % 7), "text");
                a.outlet = (i % 5 != 0).then(|| format!("outlet {}", i % 3));
                a.date = (i % 11 != 0).then(|| PartialDate::year(2000 + (i % 4) as i32));
                a.title = Some(format!("title {i}"));
                a
            })
            .collect();
        let mut whole: Vec<&crate::corpus::Article> = articles.iter().collect();
        whole.sort_by(|x, y| article_order(x, y));
        for max in [0, 1, 999, 1_000, 2_499, 2_500, 3_000] {
            let titles = |list: &[&crate::corpus::Article]| -> Vec<String> {
                list.iter()
                    .map(|a| a.title.clone().unwrap_or_default())
                    .collect()
            };
            let expected = &whole[..max.min(whole.len())];
            assert_eq!(
                titles(&first_articles(&articles, max)),
                titles(expected),
                "max {max}"
            );
        }
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(nice_ticks(0.0, 100.0, 4), vec![0.0, 50.0, 100.0]);
        assert_eq!(
            nice_ticks(1150.0, 1950.0, 4),
            vec![1200.0, 1400.0, 1600.0, 1800.0]
        );
        assert_eq!(nice_ticks(5.0, 5.0, 4), vec![5.0]);
        let years = time_ticks(
            PartialDate::year(2007).first_day(),
            PartialDate::year(2023).last_day(),
        );
        let labels: Vec<&str> = years.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["2010", "2015", "2020"]);
        let months = time_ticks(
            PartialDate::day(2024, 4, 20).unwrap().first_day(),
            PartialDate::day(2024, 6, 10).unwrap().first_day(),
        );
        let labels: Vec<&str> = months.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["2024-05", "2024-06"]);
    }
}

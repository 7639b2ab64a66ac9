//! From numeric mentions to claims: what each figure counts, how its wording bounds it,
//! what it is about, when it refers to, and who gives it.
//!
//! Owns the [`Claim`] type and the reading of the words around a figure: qualifiers
//! ("about", "no more than", "or more"), the counted noun past modifiers ("12,000 ISIS
//! militants"), adjectival force sizes ("a 17,000-strong force"), the subject by its
//! linking verb ("The KSOR currently includes …"), place, scope (a deployment or a
//! whole force), time and attribution. Pure: no IO.
//!
//! It does not compare claims with each other (that is `align`).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashSet;
use serde::Serialize;

use super::aliases::AliasTable;
use super::cues::{Cues, WordList};
use super::numbers::{find_quantities_into, is_counted_measure, NumberForm, Quantity};
use super::units::{Measure, UnitTable};
use super::when::{find_times, time_of_figure, TimeSource};
use crate::corpus::{Article, ArticleId};
use crate::date::PartialDate;
use crate::text::tokens::stopwords;
use crate::text::{char_offset, fold_whitespace_shared, sentences, whitespace_folded};

/// How a figure's wording bounds the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    Approx,
    AtLeast,
    AtMost,
    Range,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::Range => "range",
        }
    }
}

/// Whether a figure sizes a whole body, a deployment drawn from it, a part of it, a sum
/// over many places or years, or a set defined against another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// A whole force or body: "the force totals 4,200", "a 17,000-strong force".
    Total,
    /// Drawn from a force: "2,500 troops sent to Kazakhstan".
    Deployment,
    /// A named part of a figure before it: "(3,000 in the air force …)".
    Part,
    /// A sum over places, actors or years: "worldwide, more than 100", "since 2001".
    Aggregate,
    /// Counted against another set or as each actor's share: "two other officers",
    /// "four more crews", "each to expel four". No other figure confirms it.
    Relative,
    /// How much a figure changed, not its level: "exports rose 4%", "grew by 3,000
    /// troops". Compared only with other changes.
    Change,
    Unspecified,
}

/// One numeric claim, per the Claim contract of DESIGN.md.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    /// Shared, not copied, by the groups and pairs that list the claim.
    pub id: Arc<str>,
    pub article: ArticleId,
    /// Shared by the claims of one article (a corpus's claims would otherwise hold a
    /// copy of its outlet and title each).
    pub outlet: Option<Arc<str>>,
    pub date: Option<PartialDate>,
    pub title: Option<Arc<str>>,
    /// The number phrase as written, qualifier and counted noun included; shared with
    /// the group values it names.
    pub text: Arc<str>,
    /// The whole sentence, whitespace folded; shared by the claims of one sentence.
    pub quote: Arc<str>,
    /// [start, end) character offsets of `text` in the article text (in the title
    /// when `in_title`).
    pub span: [usize; 2],
    pub in_title: bool,
    pub value: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub qualifier: Qualifier,
    /// Unit names, event classes and base units repeat from claim to claim: each is
    /// shared by the claims one worker reads.
    pub unit: Option<Arc<str>>,
    pub measure: Measure,
    /// The counted noun as written ("troops", "militants"), singular or plural.
    pub counted: Option<Arc<str>>,
    /// What the figure is about, with canonical entity names; shared with the group it
    /// names.
    pub subject: Arc<str>,
    /// The named entities in the subject, canonical.
    pub entities: Vec<String>,
    pub place: Option<Box<str>>,
    pub scope: Scope,
    pub time: Option<PartialDate>,
    pub time_source: TimeSource,
    /// Shared by the claims of one sentence.
    pub attribution: Option<Arc<str>>,
    /// The named agent of the figure's verb ("Britain" in "Britain expelled 23
    /// diplomats"), canonical.
    pub actor: Option<Box<str>>,
    /// What happened to what the figure counts, as an event class of
    /// `models/claims.toml` ("death" in "killing two crew members").
    pub event: Option<Arc<str>>,
    /// Rounding the written form implies ("17,000" → 1000).
    pub precision: f64,
    /// The value, low and high in the measure's base unit, for comparisons.
    pub base_value: f64,
    pub base_low: Option<f64>,
    pub base_high: Option<f64>,
    pub base_unit: Option<Arc<str>>,
}

/// What extraction needs besides the article: the model tables, with the acronyms the
/// corpus defines added to the aliases.
pub struct ExtractContext<'a> {
    pub units: &'a UnitTable,
    pub cues: &'a Cues,
    pub aliases: &'a AliasTable,
}

/// A word or punctuation mark of a sentence, with its byte range in the text.
#[derive(Debug, Clone)]
struct Token<'t> {
    span: Range<usize>,
    text: &'t str,
    /// The text lower-cased: the same span of the text's copy with ASCII letters
    /// lower-cased, unless a letter outside ASCII changes with case (rare in the texts
    /// read, so lower-cased as the token is made).
    lower: Cow<'t, str>,
    is_word: bool,
}

impl Token<'_> {
    fn lower(&self) -> &str {
        &self.lower
    }
    fn is_capitalised(&self) -> bool {
        self.is_word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Capitalised, or a name written with a capital inside ("iPhone", "eBay").
    fn is_name_like(&self) -> bool {
        self.is_capitalised()
            || (self.is_word
                && self.text.starts_with(char::is_lowercase)
                && self.text.chars().skip(1).any(char::is_uppercase))
    }

    /// A capitalised plural: a product or team named in the plural ("Dreamliners",
    /// "PCs"), which a figure inside a name may come before. Not a name that ends in
    /// "s" in the singular ("Texas", "Paris", "Illinois", "Marcus", "Congress").
    fn is_capitalised_plural(&self) -> bool {
        let b = self.text.as_bytes();
        self.is_capitalised()
            && b.len() >= 3
            && b.ends_with(b"s")
            && !matches!(b[b.len() - 2], b's' | b'u' | b'i' | b'a')
    }
}

/// The tokens of `text[range]`, into `out` (cleared first, to reuse its allocation).
/// `ascii` says whether `text[range]` is ASCII.
/// `lower_text` is `text` with its ASCII letters lower-cased ([`ascii_lowered_into`]).
fn tokenize_into<'t>(
    text: &'t str,
    lower_text: &'t str,
    range: Range<usize>,
    ascii: bool,
    out: &mut Vec<Token<'t>>,
) {
    debug_assert_eq!(
        lower_text.len(),
        text.len(),
        "the lower-cased copy of `text`"
    );
    out.clear();
    if ascii {
        tokenize_ascii(text, lower_text, range, out);
    } else {
        tokenize_chars(text, lower_text, range, out);
    }
}

/// `text` with its ASCII letters lower-cased, into `out` (cleared first): the same
/// bytes at the same offsets otherwise, so a token's span reads its lower-cased form.
fn ascii_lowered_into(text: &str, out: &mut String) {
    out.clear();
    out.push_str(text);
    out.make_ascii_lowercase();
}

/// Whether a word is an initialism written with periods, single letters joined by them
/// ("U.S", "D.C", "p.m"): the period after it is its own, not a mark of its own, so
/// that "5,000 U.S. troops" counts troops.
fn is_dotted_initialism(word: &str) -> bool {
    let mut letters = 0;
    for part in word.split('.') {
        let mut chars = part.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_alphabetic() => letters += 1,
            _ => return false,
        }
    }
    letters >= 2
}

/// [`tokenize_chars`] for an ASCII sentence, byte by byte.
fn tokenize_ascii<'t>(
    text: &'t str,
    lower_text: &'t str,
    range: Range<usize>,
    out: &mut Vec<Token<'t>>,
) {
    let bytes = &text.as_bytes()[range.clone()];
    let mut push = |start: usize, end: usize, is_word: bool| {
        let span = range.start + start..range.start + end;
        out.push(Token {
            text: &text[span.clone()],
            lower: Cow::Borrowed(&lower_text[span.clone()]),
            span,
            is_word,
        });
    };
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // `char::is_whitespace` in ASCII (vertical tab included).
        if matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        if !b.is_ascii_alphanumeric() {
            push(start, i, false);
            continue;
        }
        while let Some(&d) = bytes.get(i) {
            if !d.is_ascii_alphanumeric() {
                let joins = matches!(d, b'-' | b'\'' | b'.' | b',')
                    && bytes.get(i + 1).is_some_and(|&n| {
                        n.is_ascii_alphanumeric() && (d != b',' || n.is_ascii_digit())
                    });
                if !joins {
                    break;
                }
            }
            i += 1;
        }
        let word_range = range.start + start..range.start + i;
        if bytes.get(i) == Some(&b'.') && is_dotted_initialism(&text[word_range]) {
            i += 1;
        }
        push(start, i, true);
    }
}

/// Words (letters and digits, joined by an inner hyphen, apostrophe, period, or a comma
/// between digits) and single marks of `text[range]`, char by char.
fn tokenize_chars<'t>(
    text: &'t str,
    lower_text: &'t str,
    range: Range<usize>,
    out: &mut Vec<Token<'t>>,
) {
    let s = &text[range.clone()];
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                let joins = matches!(d, '-' | '\'' | '’' | '.' | ',')
                    && s[j + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_alphanumeric() && (d != ',' || n.is_ascii_digit()));
                if d.is_alphanumeric() || joins {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            if s[end..].starts_with('.') && is_dotted_initialism(&s[i..end]) {
                end += 1;
                iter.next();
            }
            let span = range.start + i..range.start + end;
            out.push(Token::new(span, text, lower_text, true));
        } else {
            let end = i + c.len_utf8();
            let span = range.start + i..range.start + end;
            out.push(Token::new(span, text, lower_text, false));
        }
    }
}

impl<'t> Token<'t> {
    /// `lower_text` is `text` with its ASCII letters lower-cased.
    fn new(span: Range<usize>, text: &'t str, lower_text: &'t str, is_word: bool) -> Self {
        let t = &text[span.clone()];
        // A letter outside ASCII that lower-casing changes (title-case letters such as
        // "ǅ" are not upper-case, yet lower-casing changes them) needs a copy of its own.
        let changes_outside_ascii =
            !t.is_ascii() && t.chars().any(|c| !c.is_ascii() && c.to_lowercase().ne([c]));
        let lower = if changes_outside_ascii {
            Cow::Owned(t.to_lowercase())
        } else {
            Cow::Borrowed(&lower_text[span.clone()])
        };
        Token {
            span,
            text: t,
            lower,
            is_word,
        }
    }
}

fn contains_word(list: &WordList, word: &str) -> bool {
    list.contains(word)
}

/// Extract every claim of one article (title first, then body).
pub fn extract_claims(article: &Article, ctx: &ExtractContext<'_>) -> Vec<Claim> {
    extract_claims_in(article, &sentences(&article.text), ctx)
}

/// [`extract_claims`] with the text's sentences given (as `text::sentences` splits
/// them), for a caller that reads them too.
pub fn extract_claims_in(
    article: &Article,
    sentence_ranges: &[Range<usize>],
    ctx: &ExtractContext<'_>,
) -> Vec<Claim> {
    let mut claims = Vec::new();
    extract_claims_into(
        article,
        sentence_ranges,
        ctx,
        &mut ExtractScratch::default(),
        &mut claims,
    );
    claims
}

/// Buffers that one worker reuses from text to text: the figures of a text, the tokens
/// of a sentence and the text with its ASCII letters lower-cased. Made afresh for each text, their allocations, the copies as
/// they grew and the page faults of the large ones took about a tenth of the stage.
#[derive(Default)]
pub struct ExtractScratch {
    quantities: Vec<Quantity<'static>>,
    tokens: Vec<Token<'static>>,
    /// The text with its ASCII letters lower-cased.
    lower_text: String,
    /// Where each claim's id is written before it is shared.
    id: String,
    strings: ClaimStrings,
}

/// The strings a worker's claims are made from.
#[derive(Default)]
struct ClaimStrings {
    /// Where each claim's subject is joined before it is shared.
    subject: String,
    /// The unit names, base units and event classes given so far (names of the model
    /// tables, and rates made of two of them), one allocation each for all the
    /// worker's claims that name them.
    shared: FxHashSet<Arc<str>>,
}

impl ClaimStrings {
    fn share(&mut self, name: &str) -> Arc<str> {
        if let Some(shared) = self.shared.get(name) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(name);
        self.shared.insert(Arc::clone(&shared));
        shared
    }
}

/// An emptied vector, typed for items that borrow another text. Collecting a vector's
/// own iterator into items of the same size and alignment reuses its allocation in the
/// standard library (in-place collection; not a documented promise, so a test watches
/// it); no item is ever made, and the result is empty either way.
fn recycle<T, U>(mut items: Vec<T>) -> Vec<U> {
    items.clear();
    items.into_iter().filter_map(|_| None).collect()
}

/// [`extract_claims_in`] appending to `claims` (whose claims before are left as they
/// are), with buffers kept from the worker's previous article: a worker writes all its
/// articles' claims into one vector, rather than a vector per article copied into one
/// at the end.
pub fn extract_claims_into(
    article: &Article,
    sentence_ranges: &[Range<usize>],
    ctx: &ExtractContext<'_>,
    scratch: &mut ExtractScratch,
    claims: &mut Vec<Claim>,
) {
    let first = claims.len();
    if let Some(title) = &article.title {
        let range = 0..title.len();
        let so_far = ArticleClaims { all: claims, first };
        extract_from(article, title, &[range], true, ctx, scratch, so_far);
    }
    extract_from(
        article,
        &article.text,
        sentence_ranges,
        false,
        ctx,
        scratch,
        ArticleClaims { all: claims, first },
    );
    // One copy of the outlet, the title and each sentence for all the claims holding it.
    let outlet: Option<Arc<str>> = article.outlet.as_deref().map(Arc::from);
    let title: Option<Arc<str>> = article.title.as_deref().map(Arc::from);
    let mut previous_quote: Option<Arc<str>> = None;
    for c in claims[first..].iter_mut() {
        c.outlet.clone_from(&outlet);
        c.title.clone_from(&title);
        match &previous_quote {
            Some(quote) if *quote == c.quote => c.quote = Arc::clone(quote),
            _ => previous_quote = Some(Arc::clone(&c.quote)),
        }
    }
}

/// A claim's id: its article's id, a dash and its number, at least three digits
/// ("a7-001"), written into `buffer` (cleared first; reused across an article's claims)
/// and shared from one allocation. Written digit by digit: a corpus has about one claim
/// per 400 bytes, and the formatting machinery cost more than the rest of the id.
fn claim_id(buffer: &mut String, article: &str, number: usize) -> Arc<str> {
    const WIDTH: usize = 3;
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = number;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let digits = &digits[start..];
    buffer.clear();
    buffer.push_str(article);
    buffer.push('-');
    for _ in digits.len()..WIDTH {
        buffer.push('0');
    }
    // ASCII digits only.
    buffer.extend(digits.iter().map(|&d| char::from(d)));
    Arc::from(buffer.as_str())
}

/// The claims of an article so far, at the end of a vector that may hold other
/// articles' claims before them.
struct ArticleClaims<'v> {
    all: &'v mut Vec<Claim>,
    /// Where the article's first claim is (or goes) in `all`.
    first: usize,
}

fn extract_from(
    article: &Article,
    text: &str,
    sentence_ranges: &[Range<usize>],
    in_title: bool,
    ctx: &ExtractContext<'_>,
    scratch: &mut ExtractScratch,
    claims: ArticleClaims<'_>,
) {
    let ArticleClaims {
        all: out,
        first: article_first,
    } = claims;
    let mut quantities = recycle(std::mem::take(&mut scratch.quantities));
    find_quantities_into(text, ctx.units, &mut quantities);
    // The tokens read their lower-cased forms from this copy, made once for the text.
    let mut lower_text = std::mem::take(&mut scratch.lower_text);
    if quantities.iter().any(|q| q.is_quantity()) {
        ascii_lowered_into(text, &mut lower_text);
    }
    // At most one claim per figure: growing the vector of large claims one doubling at
    // a time copied them over and over.
    out.reserve(quantities.iter().filter(|q| q.is_quantity()).count());
    let mut previous: Option<Previous> = None;
    // The number of the sentence's last claim and where its phrase ends: a figure
    // before that end, right after a capitalised word, is part of a name the claim
    // counts ("50 Boeing 737 jets", "3,000 Windows 10 users", "Sixteen Thirty Fund",
    // "Six-in-ten Democrats"). The second figure of a score stays ("47-43 percent"),
    // and so does one after a number word alone ("One 30-year-old man").
    let mut phrase_end = 0;
    let mut claimed_number = 0..0;
    let mut last_sentence = usize::MAX;
    // What depends on the sentence alone is worked out once for all its figures.
    let mut view: Option<SentenceView<'_>> = None;
    // Sentences come in text order: each one's char offset is counted on from the last.
    let mut counted = (0, 0);
    let id_buffer = &mut scratch.id;
    for q in quantities.iter().filter(|q| q.is_quantity()) {
        let si = sentence_ranges
            .partition_point(|s| s.start <= q.number_span.start)
            .saturating_sub(1);
        let Some(sentence) = sentence_ranges.get(si).cloned() else {
            continue;
        };
        if si != last_sentence || view.is_none() {
            previous = None;
            phrase_end = 0;
            last_sentence = si;
            counted = if sentence.start >= counted.0 {
                (
                    sentence.start,
                    counted.1 + text[counted.0..sentence.start].chars().count(),
                )
            } else {
                (sentence.start, char_offset(text, sentence.start))
            };
            let buffer = match view.take() {
                Some(v) => v.tokens,
                None => recycle(std::mem::take(&mut scratch.tokens)),
            };
            view = Some(SentenceView::new(
                text,
                &lower_text,
                sentence.clone(),
                counted.1,
                article.date,
                ctx,
                buffer,
            ));
        }
        let Some(sv) = view.as_ref() else { continue };
        if q.number_span.start < phrase_end
            && first_token_from(&sv.tokens, q.number_span.start)
                .checked_sub(1)
                .map(|k| &sv.tokens[k])
                .is_some_and(|t| t.is_name_like() && t.span != claimed_number)
        {
            continue;
        }
        let before = previous.as_ref().and_then(|p| {
            Some(PreviousFigure {
                claim: out.get(p.claim)?,
                linked: p.linked,
            })
        });
        let Some(mut reading) =
            read_figure(text, sv, q, before.as_ref(), ctx, &mut scratch.strings)
        else {
            continue;
        };
        phrase_end = reading.phrase.end;
        claimed_number = q.number_span.clone();
        if reading.scope != Scope::Part {
            previous = Some(Previous {
                claim: out.len(),
                linked: reading.linked.take(),
            });
        }
        // Numbered in the article's order, title first: its place among the article's
        // claims, which start at `article_first`.
        let id = claim_id(
            id_buffer,
            article.id.as_str(),
            out.len() - article_first + 1,
        );
        out.push(build_claim(article, id, sv, q, reading, in_title, ctx));
    }
    if let Some(v) = view {
        scratch.tokens = recycle(v.tokens);
    }
    scratch.quantities = recycle(quantities);
    scratch.lower_text = lower_text;
}

/// A sentence prepared once for all the figures in it: tokens, time expressions,
/// attribution, and the scope its cue words give (read on first need).
struct SentenceView<'t> {
    text: &'t str,
    range: Range<usize>,
    /// Chars before `range.start`, so that offsets in the sentence need not count
    /// from the start of the text.
    char_start: usize,
    /// Whether the sentence is ASCII: then its chars are its bytes.
    ascii: bool,
    tokens: Vec<Token<'t>>,
    times: Vec<super::when::TimeMention>,
    attribution: Option<Arc<str>>,
    cue_scope: OnceCell<Option<Scope>>,
    /// The sentence with its whitespace folded, as every claim in it quotes it.
    quote: OnceCell<Arc<str>>,
}

impl<'t> SentenceView<'t> {
    /// `tokens` is a buffer to reuse (the previous view's).
    /// `lower_text` is `text` with its ASCII letters lower-cased.
    fn new(
        text: &'t str,
        lower_text: &'t str,
        range: Range<usize>,
        char_start: usize,
        anchor: Option<PartialDate>,
        ctx: &ExtractContext<'_>,
        mut tokens: Vec<Token<'t>>,
    ) -> Self {
        let ascii = text[range.clone()].is_ascii();
        tokenize_into(text, lower_text, range.clone(), ascii, &mut tokens);
        let attribution = attribution_of(&tokens, ctx.cues, ctx.aliases).map(Arc::from);
        Self {
            ascii,
            times: find_times(&text[range.clone()], anchor),
            text,
            attribution,
            tokens,
            range,
            char_start,
            cue_scope: OnceCell::new(),
            quote: OnceCell::new(),
        }
    }

    /// The sentence as claims quote it, folded once for all its figures.
    fn quote(&self) -> Arc<str> {
        Arc::clone(
            self.quote
                .get_or_init(|| fold_whitespace_shared(&self.text[self.range.clone()])),
        )
    }

    /// `char_offset(text, byte)`, counted from the sentence start when `byte` lies in
    /// or after the sentence.
    fn char_offset(&self, byte: usize) -> usize {
        match self.text.get(self.range.start..byte) {
            Some(inside) if self.ascii && byte <= self.range.end => self.char_start + inside.len(),
            Some(inside) => self.char_start + inside.chars().count(),
            None => char_offset(self.text, byte),
        }
    }

    /// The scope the sentence's cue words give a figure: a sum, a deployment or a
    /// whole, in that order; it depends on the sentence alone.
    fn cue_scope(&self, cues: &Cues) -> Option<Scope> {
        *self.cue_scope.get_or_init(|| {
            let hits = cues.scope_hits(&self.text[self.range.clone()]);
            if hits.aggregate || cumulative_since_year(&self.tokens, cues) {
                Some(Scope::Aggregate)
            } else if hits.deployment {
                Some(Scope::Deployment)
            } else if hits.total {
                Some(Scope::Total)
            } else {
                None
            }
        })
    }
}

/// The figure read just before in the same sentence: list items ("12,000 personnel,
/// 1,500 pieces of equipment and 90 aircraft") and breakdowns ("3,000 in the air force")
/// share what it says. Its claim is read in place rather than copied.
struct Previous<'t> {
    /// Index of its claim in the output.
    claim: usize,
    /// The subject words its linking verb named, if any (claims do not keep them).
    linked: Option<NounPhrase<'t>>,
}

/// [`Previous`] resolved against the output: what the next figure may share. From the
/// claim: its measure, counted noun and subject, and what happened to what it counts and
/// who did it ("expelled 48 officials and 12 intelligence officers": the second shares
/// both).
struct PreviousFigure<'c, 't> {
    claim: &'c Claim,
    linked: Option<NounPhrase<'t>>,
}

/// What the words around a figure say about it.
struct Reading<'t> {
    actor: Option<String>,
    event: Option<Arc<str>>,
    linked: Option<NounPhrase<'t>>,
    phrase: Range<usize>,
    qualifier: Qualifier,
    measure: Measure,
    unit: Option<Arc<str>>,
    to_base: f64,
    base_unit: Option<Arc<str>>,
    counted: Option<Arc<str>>,
    subject: Arc<str>,
    entities: Vec<String>,
    place: Option<String>,
    scope: Scope,
    attribution: Option<Arc<str>>,
}

fn read_figure<'t>(
    text: &'t str,
    view: &SentenceView<'t>,
    q: &Quantity<'_>,
    previous: Option<&PreviousFigure<'_, 't>>,
    ctx: &ExtractContext<'_>,
    strings: &mut ClaimStrings,
) -> Option<Reading<'t>> {
    let tokens = &view.tokens;
    let first = tokens
        .iter()
        .position(|t| t.span.end > q.span.start)
        .unwrap_or(tokens.len());
    let after = first_token_from(tokens, q.span.end);
    let cues = ctx.cues;

    // Qualifier before: the lower-case words just before the figure.
    // Up to six of them, in text order, without allocating.
    let mut before_buffer = [""; 6];
    let mut before_count = 0;
    for t in tokens[..first]
        .iter()
        .rev()
        .take(6)
        .take_while(|t| t.is_word)
    {
        before_count += 1;
        before_buffer[6 - before_count] = t.lower();
    }
    let before_words = &before_buffer[6 - before_count..];
    let qw = cues.qualifier_words();
    let mut phrase_start = q.span.start;
    let mut qualifier = if q.form == NumberForm::Range || q.form == NumberForm::Vague {
        Qualifier::Range
    } else {
        Qualifier::Exact
    };
    let mut consumed_before = 0;
    if qualifier == Qualifier::Exact {
        // "no more than about 2,500": a bound outranks the hedge inside it.
        let approx_len = qw.approx_before.longest_ending(before_words);
        let words = &before_words[..before_words.len() - approx_len];
        // On a tie the last wins: "at least".
        let bound = [
            (Qualifier::AtMost, qw.at_most_before.longest_ending(words)),
            (Qualifier::AtLeast, qw.at_least_before.longest_ending(words)),
        ]
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .max_by_key(|&(_, n)| n);
        if let Some((qual, n)) = bound {
            qualifier = qual;
            consumed_before = n + approx_len;
        } else if approx_len > 0 {
            qualifier = Qualifier::Approx;
            consumed_before = approx_len;
        }
    }
    if consumed_before > 0 {
        if let Some(t) = tokens[..first]
            .iter()
            .rev()
            .take(consumed_before)
            .next_back()
        {
            phrase_start = t.span.start;
        }
    }

    // Qualifier after: "200 or more", "5,000+".
    let mut after_buffer = [""; 3];
    let mut after_count = 0;
    for (slot, t) in after_buffer.iter_mut().zip(&tokens[after..]) {
        *slot = t.lower();
        after_count += 1;
    }
    let after_words = &after_buffer[..after_count];
    let mut phrase_end = q.span.end;
    let mut consumed_after = 0;
    if qualifier == Qualifier::Exact {
        for (list, qual) in [
            (&qw.at_least_after, Qualifier::AtLeast),
            (&qw.at_most_after, Qualifier::AtMost),
            (&qw.approx_after, Qualifier::Approx),
        ] {
            if let Some(n) = Some(list.longest_starting(after_words)).filter(|&n| n > 0) {
                qualifier = qual;
                consumed_after = n;
                break;
            }
        }
    }
    if consumed_after > 0 {
        phrase_end = tokens[after + consumed_after - 1].span.end;
    }
    let rest = after + consumed_after;
    // "a four-star general": a rank, not four of anything.
    if let Some(joined) = text[q.span.end..].strip_prefix('-') {
        let word: String = joined
            .chars()
            .take_while(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect();
        if contains_word(&cues.counting.ratings, &word) {
            return None;
        }
    }

    // What is counted.
    let stops = &cues.counting.phrase_stops;
    let mut measure = None;
    let mut unit = None;
    let mut to_base = 1.0;
    let mut base_unit = None;
    // Borrowed from the text, the table or the figure before, until the reading is made.
    let mut counted: Option<Cow<'_, str>> = None;
    // The words before the counted noun, a run of `np`.
    let mut modifiers: &[Token<'t>] = &[];
    let mut scope = Scope::Unspecified;
    // "40 of the victims", "two of these suspects": the figure counts a part of the set
    // the noun after "of" and a determiner names (scope `relative`). The set's own size
    // may stand right after the determiner ("5,000 of the 7,000 troops", "two of its
    // 40 employees"): the part counts what the whole does, unless the whole is a
    // measure ("20 of the 30 years"). Not when a figure stands further in that phrase
    // ("20 of the past 30 years"), for a fraction ("half of the 1990s" is a share, not a
    // count) or for a number in a name ("Game 5 of the World Series", "Day 12 of the
    // shutdown").
    // A figure (or a token of one) among words: no letter in it.
    let bare = |t: &Token<'_>| t.text != "-" && !t.text.chars().any(char::is_alphabetic);
    let named = first
        .saturating_sub(consumed_before)
        .checked_sub(1)
        .is_some_and(|k| tokens[k].is_capitalised());
    let set_at = rest + 2;
    // The whole's figure is no date ("15 of the 19 Sept. 11 hijackers").
    let whole_size = tokens.get(set_at).is_some_and(|t| {
        t.is_word
            && bare(t)
            && t.text.starts_with(|c: char| c.is_ascii_digit())
            && !view
                .times
                .iter()
                .any(|m| m.span.start < t.span.end && t.span.start < m.span.end)
    }) && tokens.get(set_at + 1).is_some_and(|noun| {
        noun.is_word
            && !bare(noun)
            && !is_month(noun.text)
            && ctx
                .units
                .match_at(text, noun.span.start, false)
                .is_none_or(|u| is_counted_measure(u.measure))
    });
    let set_start = set_at + usize::from(whole_size);
    let partitive = q.unit.is_none()
        && q.value >= 2.0
        && q.value.fract() == 0.0
        && !named
        && tokens.get(rest).is_some_and(|t| t.lower() == "of")
        && tokens
            .get(rest + 1)
            .is_some_and(|t| t.is_word && PARTITIVE_DETERMINERS.contains(&t.lower()))
        && tokens.get(set_start).is_some_and(|t| t.is_word && !bare(t))
        && !tokens[set_start..]
            .iter()
            .take_while(|t| t.is_word && !contains_word(stops, t.lower()))
            .take(6)
            .any(bare);
    let np_start = if partitive { set_start } else { rest };
    let mut np_end_token = np_start;
    let mut found_unit: Option<Cow<'_, str>> = None;
    if let Some(u) = &q.unit {
        measure = Some(u.measure);
        unit = Some(u.unit.clone());
        to_base = u.to_base;
        base_unit = Some(u.base_unit.clone());
        if is_counted_measure(u.measure) {
            counted = Some(Cow::Borrowed(u.surface));
            unit = None;
            to_base = 1.0;
            base_unit = None;
        }
    }
    // The noun phrase after the figure: modifiers, then the counted noun.
    // Dashes only join the words of a phrase ("border-guard"). One with a space before
    // it opens an aside ("six presidents - Republican and Democratic -", "worst year
    // in 25 -- was supposed"); one right after the figure hangs a hyphen ("the 12- or
    // 7-year-olds"); one at the end leads out of the phrase. None is what the figure
    // counts.
    let aside = |t: &Token| t.text == "-" && text[..t.span.start].ends_with(char::is_whitespace);
    // A pronoun opens a clause of its own ("the justices they do not like").
    let mut np_len = tokens[np_start..]
        .iter()
        .take_while(|t| (t.is_word || t.text == "-") && !aside(t))
        .take_while(|t| {
            !contains_word(stops, t.lower()) && !contains_word(&cues.subject.pronouns, t.lower())
        })
        .take(6)
        .count();
    if tokens.get(np_start).is_some_and(|t| t.text == "-") {
        np_len = 0;
    }
    while np_len > 0 && tokens[np_start + np_len - 1].text == "-" {
        np_len -= 1;
    }
    let mut np: &[Token] = &tokens[np_start..np_start + np_len];
    // "two others suffered major damage": "others" stands for the noun, and ends it.
    if np.first().is_some_and(|t| t.lower() == "others") {
        np = &np[..1];
    }
    // A figure is no noun: in a table's row ("Arizona 5 4 5 4", "Heller 29k Jacky
    // Rosen") no figure counts the next. Only a figure inside a name, after a capital
    // and before a word in lower case or a capitalised plural, stays ("50 Boeing 737
    // jets", "10 Fortune 500 companies", "300 iPhone 15 handsets", "20 Boeing 787
    // Dreamliners"); and a year ("the 10 leading 2020 candidates").
    let in_name = |j: usize| {
        j > 0
            && np[j - 1].is_name_like()
            && np.get(j + 1).is_some_and(|n| {
                n.is_word && !bare(n) && (!n.is_capitalised() || n.is_capitalised_plural())
            })
    };
    if let Some(cut) =
        (0..np.len()).find(|&j| bare(&np[j]) && !in_name(j) && !is_year_token(&np[j]))
    {
        np = &np[..cut];
    }
    // An adjective in "-able" or "-ible" after a plural noun follows that noun, which
    // is what is counted: "81 of its 93 counties eligible for aid", "200 seats
    // available", "the 12 people responsible".
    if let Some(cut) = (1..np.len()).find(|&j| {
        let word = np[j].lower();
        super::numbers::looks_plural(np[j - 1].lower())
            && !np[j].is_capitalised()
            // Before a noun it is that noun's modifier ("300 bonus eligible employees").
            && !np
                .get(j + 1)
                .is_some_and(|n| n.is_word && !n.is_capitalised())
            && word.len() > 5
            && (word.ends_with("able") || word.ends_with("ible"))
    }) {
        np = &np[..cut];
    }
    // A capitalised plural after a figure in a name ends the name, and the phrase:
    // "20 Boeing 787 Dreamliners last year" counts Dreamliners.
    if let Some(j) = (1..np.len().saturating_sub(1))
        .find(|&j| bare(&np[j]) && in_name(j) && np[j + 1].is_capitalised_plural())
    {
        np = &np[..j + 2];
    }
    // "four Americans killed in Libya": the participle says what happened to them; it
    // is not part of what is counted.
    // A lower-case word after it makes it a modifier ("30 sports betting companies",
    // "200 registered nurses"), and so does an adverb before it ("two critically
    // injured patients").
    if let Some(cut) = (1..np.len()).find(|&j| {
        (is_event_participle(&np[j], cues) || is_verb_after_plural(&np[j - 1], &np[j], cues))
            && !np
                .get(j + 1)
                .is_some_and(|n| n.is_word && !n.is_capitalised())
            && !(np[j - 1].lower().ends_with("ly") && np[j - 1].text.len() > 4)
    }) {
        np = &np[..cut];
    }
    // "thousands more", "two others": nothing but words of scope after the figure.
    let all_relative = !np.is_empty()
        && np
            .iter()
            .all(|t| contains_word(&cues.scope.relative, t.lower()));
    if q.adjectival.is_some() {
        measure = Some(Measure::Headcount);
        counted = Some(Cow::Borrowed("personnel"));
        scope = Scope::Total;
        modifiers = np;
        np_end_token = np_start + np.len();
        phrase_end = np.last().map_or(phrase_end, |t| t.span.end);
    } else if counted.is_none() && measure.is_none() {
        // The head noun is the last counted noun of the phrase: "7,000 Islamic State
        // militants" counts militants, not states.
        let mut found = None;
        for (j, t) in np.iter().enumerate() {
            if let Some(m) = ctx.units.match_noun_at(text, t.span.start) {
                found = Some((j, m));
            }
        }
        // A counted noun in the singular after a figure above one, before a plural noun,
        // qualifies that noun, which is what is counted: "1,000 state legislators"
        // counts legislators, "40 village elders" elders, "69 House seats" seats. Not
        // before a singular noun, which is mostly an amount of the counted one ("a 1,923
        // vote lead", "a 51 vote majority"), nor in a compound joined by a hyphen ("a
        // 21,000-seat stadium" counts seats), nor for the casualty words ("129 killed").
        let qualified = found.as_ref().and_then(|(j, m)| {
            let hyphenated = text[..m.span.start].ends_with(['-', '‑', '–']);
            let plural_after = np
                .get(j + 1)
                .filter(|noun| super::numbers::looks_plural(noun.lower()));
            (q.value > 1.0
                && !hyphenated
                && m.measure != Measure::Casualties
                && super::numbers::is_singular_noun(m.surface))
            .then_some(plural_after.map(|noun| (j + 1, noun)))
            .flatten()
        });
        if let Some((k, noun)) = qualified {
            measure = Some(Measure::Count);
            counted = Some(Cow::Borrowed(noun.lower()));
            modifiers = &np[..k];
            phrase_end = noun.span.end;
            np_end_token = first_token_from(tokens, noun.span.end);
        } else if let Some((j, m)) = found {
            measure = Some(m.measure);
            counted = Some(Cow::Borrowed(m.surface));
            modifiers = &np[..j];
            phrase_end = m.span.end;
            np_end_token = first_token_from(tokens, m.span.end);
        } else if let Some((k, unit)) = np
            .iter()
            .position(|t| !contains_word(&cues.scope.relative, t.lower()))
            .and_then(|k| Some((k, ctx.units.match_at(text, np[k].span.start, false)?)))
        {
            // A unit after a figure the number finder did not join to it:
            // "five-and-a-half hours", or past "more" or "other" ("five more years").
            modifiers = &np[..k];
            measure = Some(unit.measure);
            phrase_end = unit.span.end;
            to_base = unit.to_base;
            base_unit = Some(unit.base_unit);
            found_unit = Some(unit.unit);
            np_end_token = first_token_from(tokens, unit.span.end);
        } else if all_relative
            || previous.is_some_and(|p| counts_things(p.claim.measure))
                && np.len() == 1
                && np[0].lower().ends_with("ed")
                && np[0].text.len() > 4
        {
            // "killed 100 protesters, while wounding thousands more", "60 people,
            // including 48 attached to the embassy": the noun is left out ("more" is
            // none); the sentence's figure before names it, if any. A participle says
            // what happened to them and is no modifier.
            if all_relative {
                modifiers = np;
            }
            np_end_token = np_start + np.len();
            phrase_end = np.last().map_or(phrase_end, |t| t.span.end);
            // Only a figure that counts things names them: after "$3 billion" or "65%",
            // "two others" are two of something unnamed.
            match previous.filter(|p| counts_things(p.claim.measure)) {
                Some(prev) => {
                    measure = Some(prev.claim.measure);
                    counted = prev.claim.counted.as_deref().map(Cow::Borrowed);
                }
                None => measure = Some(Measure::Count),
            }
        } else if let Some(head) = np.last() {
            np_end_token = np_start + np.len();
            let first_word = np[0].lower();
            if contains_word(&cues.counting.people_participles, first_word) {
                measure = Some(Measure::Headcount);
                counted = Some(Cow::Borrowed("people"));
            } else if let Some(people) = np
                .iter()
                .take(2)
                .find(|t| t.is_capitalised() && is_demonym_plural(t.text))
            {
                let head = people;
                // "1,500 Uzbeks", "22 Americans": people named by origin.
                measure = Some(Measure::Headcount);
                counted = Some(Cow::Borrowed(head.text));
                let before_head = np
                    .iter()
                    .take_while(|t| t.span.start < head.span.start)
                    .count();
                modifiers = &np[..before_head];
                phrase_end = head.span.end;
                np_end_token = first_token_from(tokens, head.span.end);
            } else if !looks_like_noun_phrase(np, cues)
                || (q.value == 1.0 && q.form == NumberForm::Words)
            {
                // "two barely spoke", "two sides can't agree", "one heart": the words after
                // the figure are not what it counts, or "one" is an article in disguise.
                return None;
            } else {
                measure = Some(Measure::Count);
                counted = Some(Cow::Borrowed(head.lower()));
                modifiers = &np[..np.len() - 1];
                phrase_end = head.span.end;
            }
        }
    }
    if partitive && measure.is_some() {
        scope = Scope::Relative;
    }
    // "(3,000 in the air force and 500 in the navy)": a bare figure in a list after a
    // counted one shares its measure and counted noun; "in the X" names the part.
    let mut part_of: Option<String> = None;
    if measure.is_none() {
        let next_is_in = tokens.get(rest).is_some_and(|t| t.lower() == "in");
        if let Some(prev) = previous.filter(|_| next_is_in) {
            let subj = &prev.claim.subject;
            measure = Some(prev.claim.measure);
            counted = prev.claim.counted.as_deref().map(Cow::Borrowed);
            let part: Vec<&Token> = tokens[rest + 1..]
                .iter()
                .take_while(|t| t.is_word && !matches!(t.lower(), "and" | "or" | "but"))
                .take(5)
                .collect();
            let part_words: Vec<&str> = part
                .iter()
                .map(|t| t.text)
                .filter(|w| !matches!(*w, "the" | "a" | "an"))
                .collect();
            let is_time = part_words
                .first()
                .is_some_and(|w| is_month(w) || w.chars().any(|c| c.is_ascii_digit()));
            if !part_words.is_empty() && !is_time {
                part_of = Some(format!("{} ({})", part_words.join(" "), subj));
                phrase_end = part.last().map_or(phrase_end, |t| t.span.end);
                scope = Scope::Part;
            }
        }
    }
    if measure.is_none() {
        // "a population of about 19 million".
        let mut before = tokens[..first].iter().rev().skip(consumed_before);
        let (of, noun) = (before.next(), before.next());
        if of.is_some_and(|t| t.lower() == "of") {
            if let Some(noun) =
                noun.filter(|t| contains_word(&cues.counting.people_nouns_before, t.lower()))
            {
                measure = Some(Measure::Headcount);
                counted = Some(Cow::Borrowed(noun.lower()));
            }
        }
    }
    if found_unit.is_some() {
        unit = found_unit;
    }
    let measure = measure?;

    // Subject: modifiers of the counted noun, else the subject of a linking verb.
    // "more", "other" and their kind say which part of a whole is counted (the scope),
    // not what: "3,000 more troops" are troops.
    let mut subject_words: Vec<&str> = modifiers
        .iter()
        .filter(|t| {
            !matches!(t.text, "a" | "an" | "the") && !contains_word(&cues.scope.relative, t.lower())
        })
        .map(|t| t.text)
        .collect();
    let mut linked = linked_subject(tokens, first.saturating_sub(consumed_before), cues);
    let actor = if linked.is_none() {
        actor_of(
            tokens,
            first.saturating_sub(consumed_before),
            cues,
            ctx.aliases,
        )
    } else {
        None
    };
    // Unit-bearing figures name their subject after the unit: "60 percent of Central
    // Asia's GDP", "a 7,500 km-long border", "some 100 kilometers from Dushanbe".
    let mut named_after_unit = false;
    if q.unit
        .as_ref()
        .is_some_and(|u| !is_counted_measure(u.measure))
    {
        let unit_subject = subject_after_unit(tokens, rest, q, text, stops);
        if !unit_subject.is_empty() {
            subject_words = unit_subject;
            named_after_unit = true;
        }
    }
    // A figure in a list after another ("12,000 personnel, 1,500 pieces of equipment and
    // 90 aircraft"; "from 66% … to 56%") shares the subject the first one's verb named.
    if linked.is_none() && subject_words.is_empty() {
        linked = previous.and_then(|p| p.linked);
    }
    if named_after_unit {
        // The unit's own phrase names the subject; a linking verb's subject ("Both
        // countries share …") would only blur it.
    } else if subject_words.is_empty()
        || q.adjectival.is_none()
            && linked.is_some()
            && !subject_words
                .iter()
                .any(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        if let Some(l) = &linked {
            subject_words.splice(0..0, l.iter().copied());
        }
    }
    let place = place_after(tokens, np_end_token);
    let resolved = ctx.aliases.resolve_words(&subject_words);
    let entities: Vec<String> = resolved
        .iter()
        .filter(|(_, e)| *e)
        .map(|(w, _)| w.to_string())
        .collect();
    // The subject's words joined, written once into the worker's buffer.
    let subject = &mut strings.subject;
    subject.clear();
    if let Some(part) = &part_of {
        subject.push_str(part);
    } else {
        for (k, (word, _)) in resolved.iter().enumerate() {
            if k > 0 {
                subject.push(' ');
            }
            subject.push_str(word);
        }
        if let Some(c) = &counted {
            let already = resolved
                .last()
                .is_some_and(|(w, _)| w.eq_ignore_ascii_case(c));
            // Outside ASCII only the Kelvin sign lower-cases to an ASCII letter alone
            // ("İ" gives "i" and a combining dot, never equal to these words), and these
            // words hold no "k": ignoring ASCII case is lower-casing here.
            let generic = ["people", "persons", "individuals"]
                .iter()
                .any(|g| c.eq_ignore_ascii_case(g));
            if !already && q.adjectival.is_none() && (!generic || resolved.is_empty()) {
                if !resolved.is_empty() {
                    subject.push(' ');
                }
                push_lowercased(subject, c);
            }
        }
    }
    if let Some(p) = &place {
        subject.push_str(" in ");
        subject.push_str(p);
    }
    if subject.trim().is_empty() {
        subject.clear();
        subject.push_str(counted.as_deref().unwrap_or(measure_name(measure)));
    }

    // Scope: a set counted against another or shared out comes first, then a sum, a
    // deployment or a whole, from cue words in the sentence.
    // "two other officers", and before the figure: "the other three Americans",
    // "another 20 people", "a further 500 troops".
    let word_before = first
        .checked_sub(consumed_before + 1)
        .map(|k| &tokens[k])
        .filter(|t| t.is_word);
    let relative = modifiers
        .iter()
        .any(|t| contains_word(&cues.scope.relative, t.lower()))
        || word_before
            .is_some_and(|t| t.lower() != "more" && contains_word(&cues.scope.relative, t.lower()));
    if scope != Scope::Part && (relative || distributive(tokens, first, np_end_token, cues)) {
        scope = Scope::Relative;
    }
    if scope == Scope::Unspecified && q.change {
        scope = Scope::Change;
    }
    if scope == Scope::Unspecified {
        if let Some(s) = view.cue_scope(cues) {
            scope = s;
        }
    }
    // A share over many places is not their sum.
    if matches!(scope, Scope::Unspecified | Scope::Total)
        && !matches!(measure, Measure::Percent | Measure::PercentagePoints)
        && (many_agents_before(tokens, first.saturating_sub(consumed_before), cues)
            || many_agents_after(tokens, np_end_token, cues))
    {
        scope = Scope::Aggregate;
    }
    let mut event = event_of(
        tokens,
        first.saturating_sub(consumed_before),
        np_end_token,
        cues,
    )
    .map(|e| strings.share(e));
    let mut actor = actor;
    // "expelled 48 officials … and 12 intelligence officers": an object joined to the
    // figure before by "and" is the object of the same verb.
    // Not when the figure's noun has a verb of its own after it ("arrested 12 people
    // and 300 officers patrolled the streets").
    let own_verb_after = tokens
        .get(np_end_token)
        .is_some_and(|t| t.is_word && !contains_word(stops, t.lower()) && !t.is_capitalised());
    if let Some(prev) = previous.filter(|_| {
        !own_verb_after && word_before.is_some_and(|t| matches!(t.lower(), "and" | "plus"))
    }) {
        if event.is_none() {
            event.clone_from(&prev.claim.event);
            if actor.is_none() {
                actor = prev.claim.actor.as_deref().map(str::to_owned);
            }
        }
    }
    let attribution = view.attribution.clone();
    Some(Reading {
        actor,
        event,
        linked,
        phrase: phrase_start..phrase_end.max(q.span.end),
        qualifier,
        measure,
        unit: unit.map(|u| strings.share(&u)),
        to_base,
        base_unit: base_unit.map(|u| strings.share(&u)),
        // Counted nouns are many (a worker would look each up in a large table).
        counted: counted.map(|c| Arc::from(&*c)),
        subject: fold_whitespace_shared(&strings.subject),
        entities,
        place,
        scope,
        attribution,
    })
}

/// The event class of the words around a figure: the verb just before it (past
/// adverbs, articles and a possessive: "killing two", "expelled its 23"), a noun before
/// "of" ("the expulsion of 60"), or a participle just after its noun phrase, past
/// auxiliaries ("four Americans killed", "30 mains were broken").
fn event_of<'c>(
    tokens: &[Token<'_>],
    figure: usize,
    np_end: usize,
    cues: &'c Cues,
) -> Option<&'c str> {
    let class_at = |k: usize| -> Option<&str> {
        let t = tokens.get(k).filter(|t| t.is_word)?;
        // Two-word names first: "laid off", "on board".
        let pair = tokens
            .get(k + 1)
            .filter(|n| n.is_word)
            .and_then(|n| cues.event_of_pair(t.lower(), n.lower()));
        pair.or_else(|| cues.event_of(t.lower()))
    };
    let mut i = figure.min(tokens.len());
    while i > 0
        && tokens[i - 1].is_word
        && (LINK_ADVERBS.contains(&tokens[i - 1].lower())
            || POSSESSIVES.contains(&tokens[i - 1].lower())
            || matches!(tokens[i - 1].lower(), "a" | "an" | "the" | "all"))
    {
        i -= 1;
    }
    let before = (i > 0)
        .then(|| {
            class_at(i - 1)
                .or_else(|| {
                    (i > 1 && tokens[i - 1].lower() == "of")
                        .then(|| class_at(i - 2))
                        .flatten()
                })
                .or_else(|| {
                    // "laid off 300": a two-word name ending just before the figure.
                    (i > 1 && tokens[i - 2].is_word && tokens[i - 1].is_word)
                        .then(|| cues.event_of_pair(tokens[i - 2].lower(), tokens[i - 1].lower()))
                        .flatten()
                })
        })
        .flatten();
    let after = || {
        let mut k = np_end;
        while tokens.get(k).is_some_and(|t| {
            matches!(t.text, "\u{201d}" | "\"")
                || t.is_word
                    && (AUXILIARIES.contains(&t.lower())
                        || LINK_ADVERBS.contains(&t.lower())
                        || matches!(t.lower(), "been" | "being" | "reportedly" | "all"))
        }) {
            k += 1;
        }
        match class_at(k) {
            // "300 residents living near the plant were evacuated": the participle
            // opens a relative clause; the clause's own verb says what happened.
            Some(PRESENCE) => (k + 1..(k + 8).min(tokens.len()))
                .take_while(|&m| tokens[m].is_word)
                .find_map(|m| class_at(m).filter(|&c| c != PRESENCE))
                .or(Some(PRESENCE)),
            other => other,
        }
    };
    match before {
        // "there were 20 people killed": what happened to them outranks that they were.
        Some(PRESENCE) => after().or(before),
        Some(class) => Some(class),
        None => after(),
    }
}

/// The event class of "there were N …": figures that say how many there are.
const PRESENCE: &str = "presence";

/// Whether a distributive word ("each", "apiece", "respectively") stands in the few
/// words before the figure (its verb group: "are each to expel four") or right after
/// its noun phrase ("four each"), without crossing punctuation.
fn distributive(tokens: &[Token<'_>], figure: usize, np_end: usize, cues: &Cues) -> bool {
    const WINDOW: usize = 4;
    // "each year", "each day": a rate, not a share.
    const PERIODS: &[&str] = &[
        "year", "month", "week", "day", "night", "hour", "time", "decade", "season",
    ];
    let is_cue = |t: &Token<'_>| t.is_word && contains_word(&cues.scope.distributive, t.lower());
    let start = figure.min(tokens.len());
    let before = (start.saturating_sub(WINDOW)..start)
        .rev()
        .take_while(|&i| tokens[i].is_word)
        .any(|i| {
            is_cue(&tokens[i])
                && !tokens
                    .get(i + 1)
                    .is_some_and(|n| PERIODS.contains(&n.lower().trim_end_matches('s')))
        });
    let after = tokens
        .get(np_end..)
        .unwrap_or_default()
        .iter()
        .take(WINDOW)
        .take_while(|t| t.is_word)
        .any(is_cue);
    before || after
}

/// Whether a counted or quantified plural agent ("at least 21 countries", "so many
/// countries") stands in the few words before the figure, its verb between: the figure
/// then sums what they did.
fn many_agents_before(tokens: &[Token<'_>], figure: usize, cues: &Cues) -> bool {
    const WINDOW: usize = 8;
    let is_quote =
        |t: &Token<'_>| matches!(t.text, "\"" | "\u{201c}" | "\u{201d}" | "'" | "\u{2018}");
    // The number or "many" word modifies the agent: right before it, or with one
    // word between ("at least 21 countries", "so many Western governments"); a year
    // or a day ("On March 26 the United States") is no count.
    let is_many = |t: &Token<'_>| {
        t.is_word
            && (contains_word(&cues.scope.many_words, t.lower())
                || t.text.len() <= 3 && t.text.bytes().all(|b| b.is_ascii_digit())
                || crate::claims::numbers::is_number_word(t.lower()))
    };
    let many = |k: usize| {
        k >= 1
            && (is_many(&tokens[k - 1])
                || k >= 2 && tokens[k - 1].is_word && is_many(&tokens[k - 2]))
            && !(k >= 2 && is_month(tokens[k - 2].text))
    };
    // Back from the figure to the agent, but not past a reporting verb: "officials from
    // several countries said 40 people died" reports one figure.
    (figure.saturating_sub(WINDOW)..figure.min(tokens.len()))
        .rev()
        .take_while(|&k| {
            tokens[k].is_word && !contains_word(&cues.attribution.verbs, tokens[k].lower())
                || is_quote(&tokens[k])
        })
        .any(|k| {
            tokens[k].is_word
                && !tokens[k].is_capitalised()
                && contains_word(&cues.scope.many_agents, tokens[k].lower())
                && many(k)
        })
}

/// Whether the clause after the figure spreads it over plural agents or places: "100
/// diplomats alleged to be spies in western countries", "expelled by 21 countries".
fn many_agents_after(tokens: &[Token<'_>], np_end: usize, cues: &Cues) -> bool {
    const WINDOW: usize = 8;
    let start = np_end.min(tokens.len());
    (start..(start + WINDOW).min(tokens.len()))
        .take_while(|&k| tokens[k].is_word)
        .any(|k| {
            // "in western countries", "across several nations"; not "in both states" or
            // "in their countries", which name the places one by one.
            k >= 2
                && contains_word(&cues.scope.many_agents, tokens[k].lower())
                && matches!(tokens[k - 2].lower(), "in" | "across" | "by" | "from")
                && !matches!(
                    tokens[k - 1].lower(),
                    "both" | "the" | "these" | "those" | "their" | "its" | "our" | "two"
                )
        })
}

/// Whether the sentence has "since" (or another listed word) followed within two words
/// by a year: the figure then sums the years since.
fn cumulative_since_year(tokens: &[Token<'_>], cues: &Cues) -> bool {
    // The year first: it is rare, and the word lookup lower-cases the word.
    tokens.iter().enumerate().any(|(i, t)| {
        t.is_word
            && tokens[i + 1..]
                .iter()
                .take(2)
                .take_while(|n| n.is_word)
                .any(is_year_token)
            && contains_word(&cues.scope.cumulative_before_year, t.lower())
    })
}

/// The words a unit-bearing figure is about, read after it: "of X" (a share of what),
/// the noun after an adjectival "-long"/"-wide" form, or "from X" (a distance).
fn subject_after_unit<'t>(
    tokens: &[Token<'t>],
    rest: usize,
    q: &Quantity<'_>,
    text: &str,
    stops: &WordList,
) -> Vec<&'t str> {
    let phrase = &text[q.span.clone()];
    let Some(next) = tokens.get(rest) else {
        return Vec::new();
    };
    let lower = next.lower();
    let noun_phrase = |from: usize| noun_phrase_after(tokens, from, stops);
    if lower == "of" {
        return noun_phrase(rest + 1);
    }
    if lower == "from"
        && q.unit
            .as_ref()
            .is_some_and(|u| u.measure == Measure::Length)
    {
        let mut words = vec!["distance", "from"];
        words.extend(noun_phrase(rest + 1));
        return if words.len() > 2 { words } else { Vec::new() };
    }
    let adjectival = [
        "-long", "-wide", "-high", "-deep", "-tall", " long", " wide",
    ]
    .iter()
    .any(|s| phrase.ends_with(s));
    if adjectival {
        return noun_phrase(rest);
    }
    Vec::new()
}

/// The noun phrase that starts at token `from`, up to five words: "U.S. goods" (the
/// full stop of an abbreviation does not end it), "tax returns" of "tax returns showing
/// the Clintons paid" (a participle that takes an object starts a clause).
fn noun_phrase_after<'t>(tokens: &[Token<'t>], from: usize, stops: &WordList) -> Vec<&'t str> {
    let mut words: Vec<&str> = Vec::new();
    let mut k = from;
    while let Some(t) = tokens.get(k) {
        if words.len() == 5 {
            break;
        }
        if t.text == "." && k > from && is_abbreviation(&tokens[k - 1]) {
            k += 1;
            continue;
        }
        if !t.is_word || contains_word(stops, t.lower()) {
            break;
        }
        if !words.is_empty() && participle_with_object(tokens, k) {
            break;
        }
        words.push(t.text);
        k += 1;
    }
    words
}

/// Whether a token is four digits starting with 1 or 2: a year, as far as a word can
/// tell.
fn is_year_token(t: &Token<'_>) -> bool {
    t.text.len() == 4
        && t.text.bytes().all(|b| b.is_ascii_digit())
        && matches!(t.text.as_bytes()[0], b'1' | b'2')
}

/// Whether a figure of this measure counts things (people, equipment, anything named),
/// so that a later figure whose noun is left out counts the same.
fn counts_things(measure: Measure) -> bool {
    matches!(
        measure,
        Measure::Count | Measure::Headcount | Measure::Casualties | Measure::Equipment
    )
}

/// Whether a word is a participle of an event ("killed", "dead", "wounded"): what
/// happened to what a figure counts, never part of its noun.
fn is_event_participle(t: &Token<'_>, cues: &Cues) -> bool {
    let lower = t.lower();
    t.is_word
        && (lower.ends_with("ed") || matches!(lower, "dead" | "slain" | "hurt" | "shot"))
        && cues.event_of(lower).is_some()
}

/// "the 28 EU leaders agreed", "12 operatives engaged in espionage", "48 officials
/// working at the embassy", "40 drivers met": a past or "-ing" form after a plural
/// noun is the verb of the clause the figure opens, or of a reduced relative clause.
fn is_verb_after_plural(noun: &Token<'_>, word: &Token<'_>, cues: &Cues) -> bool {
    let (noun, word) = (noun.lower(), word.lower());
    (word.len() > 4 && word.ends_with("ed")
        || word.len() > 5 && word.ends_with("ing")
        || contains_word(&cues.counting.irregular_past, word))
        && noun.ends_with('s')
        && !noun.ends_with("ss")
}

/// Index of the first of `tokens` that starts at or after byte `at` (their number
/// when none does).
fn first_token_from(tokens: &[Token<'_>], at: usize) -> usize {
    tokens
        .iter()
        .position(|t| t.span.start >= at)
        .unwrap_or(tokens.len())
}

/// Whether token `k` is an "-ing" form followed by a determiner, a pronoun or a name:
/// a verb that takes an object ("showing the Clintons"), not a noun ("refining
/// capacity").
fn participle_with_object(tokens: &[Token<'_>], k: usize) -> bool {
    let is_ing = tokens[k].lower().ends_with("ing") && tokens[k].text.len() > 5;
    is_ing
        && tokens.get(k + 1).is_some_and(|n| {
            n.is_word
                && (n.is_capitalised()
                    || matches!(
                        n.lower(),
                        "the"
                            | "a"
                            | "an"
                            | "his"
                            | "her"
                            | "their"
                            | "its"
                            | "our"
                            | "that"
                            | "this"
                            | "these"
                            | "those"
                            | "them"
                            | "him"
                            | "it"
                            | "how"
                            | "what"
                            | "why"
                    ))
        })
}

fn measure_name(m: Measure) -> &'static str {
    match m {
        Measure::Headcount => "people",
        Measure::Casualties => "casualties",
        Measure::Equipment => "equipment",
        Measure::Count => "count",
        Measure::Money => "money",
        Measure::Percent => "share",
        Measure::PercentagePoints => "gap",
        Measure::Length => "distance",
        _ => "quantity",
    }
}

/// Auxiliaries before a verb: "the number … has decreased from".
const AUXILIARIES: &[&str] = &[
    "has", "have", "had", "is", "are", "was", "were", "will", "would", "has been", "had been", "be",
];

/// Adverbs that may stand between a linking verb and its figure or subject.
const LINK_ADVERBS: &[&str] = &[
    "often",
    "usually",
    "typically",
    "generally",
    "normally",
    "sometimes",
    "currently",
    "now",
    "only",
    "still",
    "already",
    "reportedly",
    "just",
    "then",
    "today",
    "also",
    "collectively",
    "together",
    "roughly",
];

/// "The KSOR currently includes some 19,000": the noun phrase before a linking verb
/// that stands right before the figure. Pronouns and "their number" look back to the
/// noun phrase before them or to the previous sentence.
fn linked_subject<'t>(
    tokens: &[Token<'t>],
    figure_token: usize,
    cues: &Cues,
) -> Option<NounPhrase<'t>> {
    let mut i = figure_token;
    // Skip articles and adverbs right before the figure ("has a 17,000", "boasts only").
    while i > 0
        && tokens[i - 1].is_word
        && (LINK_ADVERBS.contains(&tokens[i - 1].lower())
            || matches!(tokens[i - 1].lower(), "a" | "an"))
    {
        i -= 1;
    }
    // The verb: one to three words ending at i.
    let mut verb_start = None;
    for len in (1..=3).rev() {
        if i < len || !tokens[i - len..i].iter().all(|t| t.is_word) {
            continue;
        }
        let words = tokens[i - len..i].iter().map(Token::lower);
        if cues.subject.linking_verbs.contains_joined(words) {
            verb_start = Some(i - len);
            break;
        }
    }
    let mut j = verb_start?;
    while j > 0
        && tokens[j - 1].is_word
        && (LINK_ADVERBS.contains(&tokens[j - 1].lower())
            || AUXILIARIES.contains(&tokens[j - 1].lower()))
    {
        j -= 1;
    }
    let np = noun_phrase_before(tokens, j, cues);
    if np.is_empty() {
        return None;
    }
    let is_pronoun = |w: &str| cues.subject.pronouns.contains_lowercased(w);
    let refers_back = np.iter().all(|w| is_pronoun(w))
        || match np[..] {
            // Neither word holds a "k" or an "i": ignoring ASCII case is lower-casing.
            [first, number] => {
                number.eq_ignore_ascii_case("number")
                    && (is_pronoun(first) || first.eq_ignore_ascii_case("the"))
            }
            _ => false,
        };
    if !refers_back {
        return Some(np);
    }
    // "peacekeepers – their number now stands at": the phrase before the dash or comma.
    let start_of_np = j - np.len();
    if start_of_np > 0 && !tokens[start_of_np - 1].is_word {
        let earlier = noun_phrase_before(tokens, start_of_np - 1, cues);
        if !earlier.is_empty() && !earlier.iter().all(|w| is_pronoun(w)) {
            return Some(earlier);
        }
    }
    None
}

/// "Britain expelled 23 Russian diplomats": the named agent of the verb right before
/// a figure, when it is a name (capitalised). Two figures with different agents are
/// different quantities even when they count the same thing.
fn actor_of(
    tokens: &[Token<'_>],
    figure_token: usize,
    cues: &Cues,
    aliases: &AliasTable,
) -> Option<String> {
    let word_at = |k: usize| tokens.get(k).filter(|t| t.is_word);
    let mut i = figure_token;
    while i > 0
        && tokens[i - 1].is_word
        && (LINK_ADVERBS.contains(&tokens[i - 1].lower())
            || matches!(tokens[i - 1].lower(), "a" | "an" | "the"))
    {
        i -= 1;
    }
    // "ordered the expulsion of 60": the verb governs the event noun the figure belongs
    // to.
    if i >= 3
        && tokens[i - 1].lower() == "of"
        && cues.event_of(tokens[i - 2].lower()).is_some()
        && (i.saturating_sub(4)..i - 2)
            .filter_map(|k| tokens.get(k))
            .any(|t| t.is_word && contains_word(&cues.subject.nominal_verbs, t.lower()))
    {
        i -= 2;
        if word_at(i.wrapping_sub(1)).is_some_and(|t| {
            matches!(t.lower(), "the" | "a" | "an") || POSSESSIVES.contains(&t.lower())
        }) {
            i -= 1;
        }
    }
    // "released her most recent eight years": a possessive and up to two modifiers
    // between the verb and the figure.
    if let Some(p) = (i.saturating_sub(3)..i).find(|&k| {
        word_at(k).is_some_and(|t| POSSESSIVES.contains(&t.lower()))
            && tokens[k + 1..i].iter().all(|t| {
                t.is_word
                    && !t.is_capitalised()
                    && !contains_word(&cues.counting.phrase_stops, t.lower())
            })
    }) {
        i = p;
    }
    // The verb: one lower-case word that is not a clause word nor a number ("his
    // Dec. 29 expulsion of 35").
    let verb = tokens.get(i.checked_sub(1)?)?;
    let lower = verb.lower();
    if !verb.is_word
        || verb.is_capitalised()
        || !lower.chars().any(char::is_alphabetic)
        || contains_word(&cues.counting.phrase_stops, lower)
    {
        return None;
    }
    let mut j = skip_verb_group(tokens, i - 1);
    // "Theresa May blamed Vladimir Putin and expelled 23": the second of two coordinated
    // verbs shares the subject of the first.
    if word_at(j.wrapping_sub(1)).is_some_and(|t| t.lower() == "and") {
        j = skip_verb_group(tokens, coordinated_verb(tokens, j - 1, cues)?);
    }
    // "Canada said it is expelling four", "Australia confirmed that it too would expel
    // two", "The United States said on Monday it would expel 60": a pronoun subject
    // after a reporting verb stands for the reporter.
    if word_at(j.wrapping_sub(1)).is_some_and(|t| SUBJECT_PRONOUNS.contains(&t.lower())) {
        j -= 1;
        j = skip_time_adjunct(tokens, j);
        if word_at(j.wrapping_sub(1)).is_some_and(|t| t.lower() == "that") {
            j -= 1;
        }
        j = skip_time_adjunct(tokens, j);
        if !word_at(j.wrapping_sub(1))
            .is_some_and(|t| contains_word(&cues.attribution.verbs, t.lower()))
        {
            return None;
        }
        j = skip_verb_group(tokens, j - 1);
    }
    // "Hillary Rodham Clinton on Friday released …".
    j = skip_time_adjunct(tokens, j);
    // "Ukraine, which is not an EU member, is to expel 13": past an appositive.
    if j > 0 && tokens[j - 1].text == "," {
        let open = (j.saturating_sub(12)..j - 1)
            .rev()
            .find(|&k| tokens[k].text == ",")?;
        let first = word_at(open + 1)?;
        if !matches!(first.lower(), "which" | "who" | "a" | "an" | "the") {
            return None;
        }
        j = open;
    }
    let name = noun_phrase_before(tokens, j, cues);
    if name.is_empty()
        || !name
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        || name.iter().all(|w| is_weekday(w) || is_month(w))
    {
        return None;
    }
    Some(canonical_source(&name, aliases))
}

/// The verb before the object that ends at the "and" at token `and`: the first word
/// back, within a few words and no punctuation, that reads as a past-tense or reporting
/// verb ("blamed Vladimir Putin and …").
fn coordinated_verb(tokens: &[Token<'_>], and: usize, cues: &Cues) -> Option<usize> {
    const OBJECT_WORDS: usize = 6;
    (and.saturating_sub(OBJECT_WORDS + 1)..and)
        .rev()
        .take_while(|&k| tokens[k].is_word)
        .find(|&k| {
            let t = &tokens[k];
            !t.is_capitalised()
                && (t.lower().ends_with("ed") || contains_word(&cues.attribution.verbs, t.lower()))
        })
        .filter(|&k| k + 1 < and)
}

/// Determiners after "of" that make the noun after them a set a figure counts part of
/// ("40 of the victims").
const PARTITIVE_DETERMINERS: &[&str] = &["the", "these", "those", "its", "their", "our"];

/// Subject pronouns that stand for the subject of a reporting verb before them.
const SUBJECT_PRONOUNS: &[&str] = &["it", "they", "he", "she", "we"];

/// Possessive determiners that may open the noun phrase after a verb.
const POSSESSIVES: &[&str] = &["her", "his", "its", "their", "our", "my", "your"];

/// Where the verb group ending at token `verb` (exclusive of what comes before it)
/// starts: auxiliaries, modals, "to" and adverbs before the verb ("had already
/// expelled", "is to expel", "it too would expel").
fn skip_verb_group(tokens: &[Token<'_>], verb: usize) -> usize {
    let mut j = verb;
    // Lower case only: "Theresa May has ordered" keeps its "May".
    while j > 0
        && tokens[j - 1].is_word
        && !tokens[j - 1].is_capitalised()
        && (AUXILIARIES.contains(&tokens[j - 1].lower())
            || LINK_ADVERBS.contains(&tokens[j - 1].lower())
            || matches!(
                tokens[j - 1].lower(),
                "will"
                    | "would"
                    | "to"
                    | "has"
                    | "have"
                    | "can"
                    | "could"
                    | "may"
                    | "might"
                    | "shall"
                    | "should"
                    | "must"
                    | "not"
                    | "too"
                    | "been"
                    | "being"
            ))
    {
        j -= 1;
    }
    j
}

/// Where a time adjunct ending before token `end` starts ("on Monday", "on Feb. 16",
/// "Monday", "last week", "yesterday"); `end` when there is none.
fn skip_time_adjunct(tokens: &[Token<'_>], end: usize) -> usize {
    let word = |k: usize| tokens.get(k).filter(|t| t.is_word);
    let mut j = end;
    // A day of the month after a month name: "on March 26".
    if j >= 2
        && word(j - 1).is_some_and(|t| t.text.bytes().all(|b| b.is_ascii_digit()))
        && tokens[..j - 1]
            .iter()
            .rev()
            .take(2)
            .any(|t| t.is_word && is_month(t.text))
    {
        j -= 1;
        if tokens[j - 1].text == "." {
            j -= 1;
        }
    }
    let after_on_or_in =
        |k: usize| word(k.wrapping_sub(1)).is_some_and(|p| matches!(p.lower(), "on" | "in"));
    match word(j.wrapping_sub(1)) {
        // A month alone only after "on"/"in": "Theresa May has ordered" names no time.
        Some(t)
            if is_weekday(t.text)
                || is_month(t.text)
                    && t.is_capitalised()
                    && (j != end || after_on_or_in(j - 1)) =>
        {
            j -= 1
        }
        Some(t)
            if matches!(
                t.lower(),
                "yesterday" | "today" | "earlier" | "later" | "recently"
            ) =>
        {
            return j - 1
        }
        Some(t)
            if matches!(t.lower(), "week" | "month" | "year")
                && word(j.wrapping_sub(2)).is_some_and(|p| p.lower() == "last") =>
        {
            return j - 2
        }
        _ => return end,
    }
    if word(j.wrapping_sub(1)).is_some_and(|t| t.lower() == "on") {
        j -= 1;
    }
    j
}

fn is_weekday(word: &str) -> bool {
    const WEEKDAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    WEEKDAYS.iter().any(|day| word.eq_ignore_ascii_case(day))
}

/// The words of a noun phrase read backwards from its end, in text order, held in
/// place: at most [`NounPhrase::MAX_WORDS`] of them.
#[derive(Clone, Copy)]
struct NounPhrase<'t> {
    slots: [&'t str; NounPhrase::MAX_WORDS],
    /// The first word's slot; the words fill the slots from here to the end.
    start: usize,
}

impl<'t> NounPhrase<'t> {
    const MAX_WORDS: usize = 6;

    fn new() -> Self {
        Self {
            slots: [""; Self::MAX_WORDS],
            start: Self::MAX_WORDS,
        }
    }

    fn is_full(&self) -> bool {
        self.start == 0
    }

    /// Puts `word` before the words so far.
    fn insert_first(&mut self, word: &'t str) {
        debug_assert!(!self.is_full());
        if let Some(start) = self.start.checked_sub(1) {
            self.start = start;
            self.slots[start] = word;
        }
    }
}

impl<'t> std::ops::Deref for NounPhrase<'t> {
    type Target = [&'t str];

    fn deref(&self) -> &[&'t str] {
        &self.slots[self.start..]
    }
}

/// Up to six words before token `end`, stopping at punctuation, clause words and verbs.
/// "of"/"in" are kept when a capitalised word follows ("contingent in Kazakhstan").
fn noun_phrase_before<'t>(tokens: &[Token<'t>], end: usize, cues: &Cues) -> NounPhrase<'t> {
    let mut words = NounPhrase::new();
    let mut k = end;
    while k > 0 && !words.is_full() {
        let t = &tokens[k - 1];
        // The full stop of an abbreviation inside a name: "The U.K. had", "Mrs. May".
        if t.text == "." && k >= 2 && is_abbreviation(&tokens[k - 2]) {
            k -= 1;
            continue;
        }
        if !t.is_word {
            break;
        }
        let lower = t.lower();
        // "Mnuchin previously told", "the ministry later reported": an adverb right
        // before the verb is no part of the noun phrase.
        if words.is_empty()
            && !t.is_capitalised()
            && contains_word(&cues.attribution.adverbs, lower)
        {
            k -= 1;
            continue;
        }
        let next_cap = words
            .first()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
        if matches!(lower, "the" | "a" | "an") {
            break;
        }
        if matches!(lower, "of" | "in") && next_cap {
            words.insert_first(t.text);
            k -= 1;
            continue;
        }
        // Capitalised, "States" and "Reports" are names, not verbs.
        let is_verb = !t.is_capitalised()
            && (contains_word(&cues.subject.linking_verbs, lower)
                || contains_word(&cues.attribution.verbs, lower)
                || lower.ends_with("ed"));
        // "Theresa May": a capitalised clause word after a capitalised word is a name.
        let in_name = t.is_capitalised()
            && k >= 2
            && (tokens[k - 2].is_capitalised()
                || tokens[k - 2].text == "." && k >= 3 && is_abbreviation(&tokens[k - 3]));
        if !in_name
            && (contains_word(&cues.counting.phrase_stops, lower)
                && !contains_word(&cues.subject.pronouns, lower)
                || is_verb)
        {
            break;
        }
        // After a capitalised run, a lower-case word is usually the verb or clause
        // before the name ("held Combat Brotherhood-2017 exercise").
        let seen_cap = words
            .iter()
            .any(|w| w.chars().next().is_some_and(char::is_uppercase));
        if seen_cap
            && !t.is_capitalised()
            && words
                .first()
                .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            break;
        }
        words.insert_first(t.text);
        k -= 1;
    }
    words
}

/// "U.K", "U.S", "Mrs", "Dr": a capitalised word an abbreviation's full stop follows.
fn is_abbreviation(t: &Token<'_>) -> bool {
    t.is_capitalised()
        && (t.text.contains('.')
            || t.text.len() <= 3 && t.text.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// "operating in Jowzjan province", "remain in Afghanistan": a place named by "in"
/// (or "inside", "across") and capitalised words, later in the same clause.
fn place_after(tokens: &[Token<'_>], from: usize) -> Option<String> {
    const CLAUSE_WORDS: usize = 10;
    for (i, t) in tokens.iter().enumerate().skip(from).take(CLAUSE_WORDS) {
        if !t.is_word {
            if matches!(t.text, "-" | "\u{2019}" | "'" | "\u{201d}" | "\"") {
                continue;
            }
            return None;
        }
        if matches!(t.lower(), "in" | "inside" | "across" | "throughout") {
            let mut name: Vec<&str> = Vec::new();
            for (j, n) in tokens.iter().enumerate().skip(i + 1).take(5) {
                if !n.is_word {
                    break;
                }
                let nl = n.lower();
                if n.is_capitalised()
                    || (!name.is_empty()
                        && matches!(
                            nl,
                            "province"
                                | "region"
                                | "district"
                                | "oblast"
                                | "county"
                                | "state"
                                | "valley"
                        ))
                {
                    name.push(n.text);
                    // "spending in the U.S. When you…": the period of an initialism
                    // may end the sentence. A function word after it opens the next
                    // one; a name goes on ("the U.S. Senate").
                    if n.text.ends_with('.')
                        && tokens
                            .get(j + 1)
                            .is_some_and(|next| next.is_word && stopwords().contains(next.lower()))
                    {
                        break;
                    }
                } else if name.is_empty() && nl == "the" {
                    continue;
                } else {
                    break;
                }
            }
            if !name.is_empty() && !is_month(name[0]) {
                return Some(name.join(" "));
            }
        }
    }
    None
}

/// "Uzbeks", "Americans", "Israelis", "Turks": capitalised plurals of the shapes
/// demonyms take (not "Photos", "Days").
fn is_demonym_plural(word: &str) -> bool {
    word.chars().count() > 3
        && [
            "ans", "ians", "ese", "is", "ks", "ts", "ns", "rs", "ds", "bs", "ts",
        ]
        .iter()
        .any(|s| lower_case_ends_with(word, s))
        && !is_month(word)
}

/// `out.push_str(&word.to_lowercase())`, without the copy when the word is ASCII.
fn push_lowercased(out: &mut String, word: &str) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// `word.to_lowercase().ends_with(suffix)` for an ASCII suffix, reading the word's last
/// characters lower-cased from the end instead of copying it.
fn lower_case_ends_with(word: &str, suffix: &str) -> bool {
    let mut tail = word.chars().rev().flat_map(|c| c.to_lowercase().rev());
    suffix.chars().rev().all(|s| tail.next() == Some(s))
}

/// Whether the words after a figure can be what it counts: a noun phrase has no
/// adverb ("barely"), contraction ("can't"), linking or reporting verb.
fn looks_like_noun_phrase(np: &[Token<'_>], cues: &Cues) -> bool {
    np.iter().all(|t| {
        let l = t.lower();
        let adverb = l.ends_with("ly") && l.len() > 4;
        !adverb
            && !l.contains('’')
            && !l.contains('\'')
            && !contains_word(&cues.subject.linking_verbs, l)
            && !contains_word(&cues.attribution.verbs, l)
    })
}

fn is_month(word: &str) -> bool {
    crate::date::month_number(word).is_some() && word.len() >= 3
}

/// Who gives the figure: "according to X", "X said", "said X".
fn attribution_of(tokens: &[Token<'_>], cues: &Cues, aliases: &AliasTable) -> Option<String> {
    for (i, t) in tokens.iter().enumerate() {
        if !cues.may_be_attribution_word(t.text) {
            continue;
        }
        let lower = t.lower();
        if lower == "according" && tokens.get(i + 1).is_some_and(|n| n.lower() == "to") {
            let source: Vec<&str> = tokens[i + 2..]
                .iter()
                .take_while(|n| n.is_word || matches!(n.text, "’" | "'" | "-"))
                .take(6)
                .map(|n| n.text)
                .collect();
            let source = trim_source(&source);
            if !source.is_empty() {
                return Some(canonical_source(&source, aliases));
            }
            continue;
        }
        if contains_word(&cues.attribution.verbs, lower) && lower != "according" {
            let np = noun_phrase_before(tokens, i, cues);
            if !np.is_empty()
                && np.iter().any(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        || w.ends_with("ministry")
                        || *w == "officials"
                        || *w == "media"
                })
                && !np
                    .iter()
                    .all(|w| cues.subject.pronouns.contains_lowercased(w))
            {
                return Some(canonical_source(&np, aliases));
            }
            // "…,” said Smith": the name after the verb.
            let after: Vec<&str> = tokens[i + 1..]
                .iter()
                .take_while(|n| n.is_capitalised())
                .take(4)
                .map(|n| n.text)
                .collect();
            if !after.is_empty() && i > 0 && !tokens[i - 1].is_word {
                return Some(after.join(" "));
            }
        }
    }
    None
}

fn trim_source<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = words
        .iter()
        .copied()
        .skip_while(|w| matches!(*w, "the" | "a"))
        .collect();
    while out.last().is_some_and(|w| {
        w.chars().next().is_some_and(char::is_lowercase)
            && !w.ends_with("ministry")
            && !matches!(
                *w,
                "statement"
                    | "media"
                    | "officials"
                    | "data"
                    | "estimates"
                    | "report"
                    | "agency"
                    | "office"
                    | "service"
                    | "services"
            )
    }) {
        out.pop();
    }
    out
}

fn canonical_source(words: &[&str], aliases: &AliasTable) -> String {
    let mut joined = String::new();
    for (k, (word, _)) in aliases.resolve_words(words).iter().enumerate() {
        if k > 0 {
            joined.push(' ');
        }
        joined.push_str(word);
    }
    match whitespace_folded(&joined) {
        Cow::Owned(folded) => folded,
        Cow::Borrowed(_) => joined,
    }
}

fn build_claim(
    article: &Article,
    id: Arc<str>,
    view: &SentenceView<'_>,
    q: &Quantity,
    r: Reading,
    in_title: bool,
    ctx: &ExtractContext<'_>,
) -> Claim {
    let widths = ctx.cues.widths;
    let (low, high) = interval(q, r.qualifier, widths.approx, widths.max_rounding);
    let sentence = view.range.clone();
    let local = (q.span.start - sentence.start)..(q.span.end - sentence.start);
    let (time, time_source) = match time_of_figure(&view.times, &local) {
        Some(t) => (Some(t.date), t.source),
        None if article.date.is_some() => (article.date, TimeSource::Article),
        None => (None, TimeSource::Unknown),
    };
    let scale = r.to_base;
    Claim {
        id,
        article: article.id.clone(),
        // Shared with the article's other claims by `extract_claims`.
        outlet: None,
        date: article.date,
        title: None,
        text: Arc::from(&*whitespace_folded(&view.text[r.phrase.clone()])),
        quote: view.quote(),
        span: [
            view.char_offset(r.phrase.start),
            view.char_offset(r.phrase.end),
        ],
        in_title,
        value: q.value,
        low,
        high,
        qualifier: r.qualifier,
        unit: r.unit,
        measure: r.measure,
        counted: r.counted,
        subject: r.subject,
        entities: r.entities,
        place: r.place.map(String::into_boxed_str),
        scope: r.scope,
        time,
        time_source,
        attribution: r.attribution,
        actor: r.actor.map(String::into_boxed_str),
        event: r.event,
        precision: q.precision,
        base_value: q.value * scale,
        base_low: low.map(|v| v * scale),
        base_high: high.map(|v| v * scale),
        base_unit: r.base_unit,
    }
}

/// The interval a figure's wording allows. Exact figures span their implied rounding
/// (capped at `max_rounding` of the value); "about" adds `approx` either side; bounds
/// leave one side open.
pub fn interval(
    q: &Quantity,
    qualifier: Qualifier,
    approx: f64,
    max_rounding: f64,
) -> (Option<f64>, Option<f64>) {
    let v = q.value;
    let rounding = (q.precision / 2.0).min(v.abs() * max_rounding);
    match qualifier {
        Qualifier::Exact => (Some(v - rounding), Some(v + rounding)),
        Qualifier::Approx => {
            let half = rounding.max(v.abs() * approx);
            (Some(v - half), Some(v + half))
        }
        Qualifier::AtLeast => (Some(v - rounding), None),
        Qualifier::AtMost => (if v >= 0.0 { Some(0.0) } else { None }, Some(v + rounding)),
        Qualifier::Range => (Some(q.low), Some(q.high)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::ClaimModels;
    use crate::text::fold_whitespace;

    proptest::proptest! {
        #[test]
        fn a_token_lower_cases_as_its_text_does(word in "(\\PC|[ǅǈΣİK])*") {
            let mut lower_text = String::new();
            ascii_lowered_into(&word, &mut lower_text);
            let token = Token::new(0..word.len(), &word, &lower_text, true);
            proptest::prop_assert_eq!(token.lower(), word.to_lowercase());
        }

        #[test]
        fn a_lower_case_ending_is_read_as_lower_casing_would_give_it(
            word in "[a-zA-ZİK\u{307}Σé]{0,6}",
            suffix in "[a-z]{0,4}",
        ) {
            proptest::prop_assert_eq!(
                lower_case_ends_with(&word, &suffix),
                word.to_lowercase().ends_with(&suffix)
            );
        }
    }

    /// The context of the shipped model tables.
    fn builtin_context() -> ExtractContext<'static> {
        let models = ClaimModels::builtin();
        ExtractContext {
            units: models.units,
            cues: models.cues,
            aliases: models.aliases,
        }
    }

    /// An emptied vector keeps its allocation under its new type, as the scratch
    /// buffers count on (for speed only: the result is empty either way).
    #[test]
    fn a_recycled_vector_keeps_its_allocation() {
        let text = String::from("12 troops");
        let tokens = vec![Token::new(0..2, &text, &text, true)];
        let capacity = tokens.capacity();
        let recycled: Vec<Token<'static>> = recycle(tokens);
        assert!(recycled.is_empty());
        assert_eq!(recycled.capacity(), capacity);
    }

    /// One allocation per name for all a worker's claims: the units, base units and
    /// event classes of claims read with one set of buffers are the same strings.
    #[test]
    fn claims_read_with_one_set_of_buffers_share_their_names() {
        let ctx = builtin_context();
        let mut scratch = ExtractScratch::default();
        let mut out = Vec::new();
        for (id, text) in [
            (
                "a",
                "It sent 300 troops 40 km. Britain expelled 23 diplomats.",
            ),
            ("b", "And 200 troops 5 km. Poland expelled four diplomats."),
        ] {
            let article = Article::plain(id, text);
            let sentences = sentences(text);
            extract_claims_into(&article, &sentences, &ctx, &mut scratch, &mut out);
        }
        let named = |text: &str| out.iter().find(|c| &*c.text == text).unwrap();
        let [troops_a, troops_b] = [named("300 troops"), named("200 troops")];
        let [km_a, km_b] = [named("40 km"), named("5 km")];
        let shared = |a: &Option<Arc<str>>, b: &Option<Arc<str>>| {
            Arc::ptr_eq(a.as_ref().unwrap(), b.as_ref().unwrap())
        };
        assert_eq!(troops_a.counted.as_deref(), Some("troops"));
        assert_eq!(troops_b.counted.as_deref(), Some("troops"));
        assert_eq!(km_a.unit.as_deref(), Some("km"));
        assert!(shared(&km_a.unit, &km_b.unit));
        assert!(shared(&km_a.base_unit, &km_b.base_unit));
        let [expelled_a, expelled_b] = [named("23 diplomats"), named("four diplomats")];
        assert_eq!(expelled_a.event.as_deref(), Some("expulsion"));
        assert!(shared(&expelled_a.event, &expelled_b.event));
    }

    #[test]
    fn lower_casing_into_a_buffer_is_lower_casing() {
        for word in [
            "Troops",
            "ΣOLDIERS",
            "ΟΔΟΣ",
            "\u{212a}ILOMETRES",
            "İstanbul",
            "",
        ] {
            let mut out = String::from("x ");
            push_lowercased(&mut out, word);
            assert_eq!(out, format!("x {}", word.to_lowercase()), "{word}");
        }
    }

    fn claims(text: &str) -> Vec<Claim> {
        let article = Article {
            date: PartialDate::parse("2018-03-26"),
            ..Article::plain("a", text)
        };
        let ctx = builtin_context();
        extract_claims(&article, &ctx)
    }

    /// Buffers kept from article to article, and claims before in the same vector,
    /// change nothing: each article's claims are those it gives alone, numbered from 1,
    /// whatever came before (a long sentence, a title, none).
    #[test]
    fn reused_buffers_give_each_article_its_own_claims() {
        let ctx = builtin_context();
        let long = "Officials said about 12,000 troops, 300 tanks, 40 aircraft and 15 ships \
                    took part near Kabul in May 2017, according to the ministry. "
            .repeat(20);
        let articles = [
            Article {
                title: Some("Over 2,500 troops arrive".to_owned()),
                ..Article::plain("a", &long)
            },
            Article::plain("b", "Nothing counted here."),
            Article::plain(
                "c",
                "Roughly 40 people left. The CSTO has 19,000 personnel.",
            ),
            Article::plain("d", &long[..200]),
            Article {
                title: Some("İstanbul sends 300 more ΣOLDIERS".to_owned()),
                ..Article::plain(
                    "e",
                    "Über 2.000 Soldaten, SAID Ärzte. About 40 ÉTATS agreed.",
                )
            },
            Article::plain("f", "Roughly 40 people left."),
        ];
        let mut scratch = ExtractScratch::default();
        for article in &articles {
            let sentences = sentences(&article.text);
            let mut all = vec![only("About 40 people left.")];
            extract_claims_into(article, &sentences, &ctx, &mut scratch, &mut all);
            let reused = all.split_off(1);
            let alone = extract_claims(article, &ctx);
            let json = |claims: &[Claim]| serde_json::to_string(claims).unwrap_or_default();
            assert_eq!(
                json(&reused),
                json(&alone),
                "article {}",
                article.id.as_str()
            );
        }
        assert!(!extract_claims(&articles[0], &ctx).is_empty());
    }

    fn only(text: &str) -> Claim {
        let mut found = claims(text);
        assert_eq!(found.len(), 1, "{text}: {found:#?}");
        found.remove(0)
    }

    proptest::proptest! {
        /// Sentences of ASCII and others side by side: a claim's span counts characters
        /// whichever kind its sentence and those around it are.
        #[test]
        fn claim_spans_are_character_offsets_of_their_text(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Über", "12,000", "troops", "in", "Kabul.", "café", "about", "5", "km",
                    "\u{2014}", "The", "said", "300", "people", "ÉTAT", "left.", "\n\n",
                ]),
                0..30,
            ),
        ) {
            let text = words.join(" ");
            let chars: Vec<char> = text.chars().collect();
            for c in claims(&text) {
                let phrase: String = chars[c.span[0]..c.span[1]].iter().collect();
                proptest::prop_assert_eq!(fold_whitespace(&phrase), &*c.text);
            }
        }

        #[test]
        fn ascii_sentences_are_tokenised_as_char_by_char(
            // Whole dotted initialisms ("U.S.") among single characters: their closing
            // period is where the two tokenisers could part.
            text in "(([a-zA-Z]\\.){1,3}[a-zA-Z]?|[ a-zA-Z0-9.,'’\\-\t\n\x0b\x0c\r\"()$%]){0,40}",
            start in 0usize..8,
        ) {
            let mut start = start.min(text.len());
            while !text.is_char_boundary(start) {
                start += 1;
            }
            let mut lower_text = String::new();
            ascii_lowered_into(&text, &mut lower_text);
            let (mut by_chars, mut by_bytes) = (Vec::new(), Vec::new());
            tokenize_chars(&text, &lower_text, start..text.len(), &mut by_chars);
            let summary = |tokens: &[Token<'_>]| -> Vec<(Range<usize>, String, bool)> {
                tokens
                    .iter()
                    .map(|t| (t.span.clone(), t.lower().to_owned(), t.is_word))
                    .collect()
            };
            if text[start..].is_ascii() {
                tokenize_ascii(&text, &lower_text, start..text.len(), &mut by_bytes);
                proptest::prop_assert_eq!(summary(&by_bytes), summary(&by_chars));
            }
            let ascii = text[start..].is_ascii();
            tokenize_into(&text, &lower_text, start..text.len(), ascii, &mut by_bytes);
            proptest::prop_assert_eq!(summary(&by_bytes), summary(&by_chars));
        }
    }

    /// A noun phrase keeps its last six words, in text order, and stops at a verb.
    #[test]
    fn noun_phrases_before_a_verb_keep_six_words_in_order() {
        let ctx = builtin_context();
        let phrase = |text: &str| {
            let mut lower_text = String::new();
            ascii_lowered_into(text, &mut lower_text);
            let mut tokens = Vec::new();
            tokenize_into(text, &lower_text, 0..text.len(), true, &mut tokens);
            let verb = tokens.iter().position(|t| t.text == "said").unwrap();
            noun_phrase_before(&tokens, verb, ctx.cues).join(" ")
        };
        assert_eq!(phrase("The Defence Ministry said"), "Defence Ministry");
        assert_eq!(
            phrase("Seven Big Old Grey Stone Bridge Builders said"),
            "Big Old Grey Stone Bridge Builders"
        );
        assert_eq!(phrase("It rained and officials said"), "officials");
    }

    #[test]
    fn claim_ids_number_from_one_with_three_digits_at_least() {
        // A longer id first: the buffer must not keep any of it.
        let mut buffer = String::from("a-much-longer-article-id-000");
        for n in [0, 1, 9, 10, 99, 100, 999, 1000, 123_456, usize::MAX] {
            assert_eq!(&*claim_id(&mut buffer, "a7", n), format!("a7-{n:03}"));
        }
        assert_eq!(&*claim_id(&mut buffer, "", 5), "-005");
    }

    #[test]
    fn claims_share_their_article_outlet_title_and_sentence() {
        let ctx = builtin_context();
        let text = "About 12,000 troops and 300 tanks crossed. Later 40 jets followed.";
        let article = Article {
            outlet: Some("Alpha".into()),
            title: Some("5,000 troops sent".into()),
            ..Article::plain("a", text)
        };
        let found = extract_claims(&article, &ctx);
        let quotes: Vec<&str> = found.iter().map(|c| &*c.quote).collect();
        assert_eq!(
            quotes,
            [
                "5,000 troops sent",
                "About 12,000 troops and 300 tanks crossed.",
                "About 12,000 troops and 300 tanks crossed.",
                "Later 40 jets followed."
            ]
        );
        let first = &found[0];
        for c in &found {
            assert_eq!(c.outlet.as_deref(), Some("Alpha"));
            assert_eq!(c.title.as_deref(), Some("5,000 troops sent"));
            assert!(Arc::ptr_eq(
                c.outlet.as_ref().unwrap(),
                first.outlet.as_ref().unwrap()
            ));
            assert!(Arc::ptr_eq(
                c.title.as_ref().unwrap(),
                first.title.as_ref().unwrap()
            ));
        }
        assert!(Arc::ptr_eq(&found[1].quote, &found[2].quote));
    }

    #[test]
    fn sums_over_places_and_years_are_aggregates() {
        for text in [
            "Worldwide, more than 100 Russian diplomats were sent home.",
            "In total, 100 Russian diplomats were being removed.",
            "More than 2,400 American soldiers have died in Afghanistan since the 2001 invasion.",
            "So far 300 people have been evacuated.",
        ] {
            assert_eq!(only(text).scope, Scope::Aggregate, "{text}");
        }
        // "a total of" sizes one body; "since" needs a year.
        assert_eq!(
            only("U.S. officials said a total of 60 Russians are being expelled.").scope,
            Scope::Total
        );
        assert_eq!(
            only("Since then 300 people have been evacuated.").scope,
            Scope::Unspecified
        );
    }

    #[test]
    fn sets_counted_against_others_and_shares_are_relative() {
        for text in [
            "Two other officers also were shot and wounded on Sunday.",
            "Emergency officials say that four more hotshot crews are on their way.",
            "The ministry will send 3,000 additional troops.",
            "Germany, France and Poland are each to expel four Russian diplomats.",
            "Poland and Lithuania expelled four diplomats each.",
        ] {
            assert_eq!(only(text).scope, Scope::Relative, "{text}");
        }
        // A rate is not a share.
        assert_ne!(
            only("Each year 5,000 people die on the roads.").scope,
            Scope::Relative
        );
    }

    #[test]
    fn changes_are_their_own_scope() {
        for text in [
            "The force grew by 3,000 troops last year.",
            "Exports to China rose 4.5% in May.",
            "The party's support fell by 11 points in those seats.",
        ] {
            assert_eq!(only(text).scope, Scope::Change, "{text}");
        }
        for text in [
            "The force grew to 12,000 troops last year.",
            "The plane dropped two bombs on the village.",
            "Exports to China could rise 4.5% in May.",
        ] {
            assert_ne!(only(text).scope, Scope::Change, "{text}");
        }
    }

    /// An adverb between a source and its verb is no part of the source's name.
    #[test]
    fn the_source_is_named_without_the_adverb_before_its_verb() {
        for (text, source) in [
            (
                "Treasury Secretary Steven Mnuchin also said it lent $90 billion.",
                "Treasury Secretary Steven Mnuchin",
            ),
            (
                "Mnuchin previously told lawmakers it had lent $80 billion.",
                "Mnuchin",
            ),
            ("The ministry later reported 40 deaths.", "ministry"),
            (
                "It came one day after what officials said was a test.",
                "officials",
            ),
            // A noun in "-ly" is no adverb.
            (
                "The Kennedy family said 40 people attended.",
                "Kennedy family",
            ),
        ] {
            assert_eq!(only(text).attribution.as_deref(), Some(source), "{text}");
        }
    }

    #[test]
    fn the_actor_is_found_past_reporting_verbs_adjuncts_and_appositives() {
        for (text, actor) in [
            ("Britain expelled 23 Russian diplomats.", "United Kingdom"),
            ("The U.K. had already expelled 23 Russian diplomats.", "United Kingdom"),
            ("Canada said it is expelling four Russian diplomats.", "Canada"),
            (
                "Australia confirmed that it too would expel two Russian diplomats.",
                "Australia",
            ),
            (
                "The United States said on Monday it would expel 60 Russian diplomats.",
                "United States",
            ),
            (
                "Ukraine, which is not an EU member, is to expel 13 Russian diplomats.",
                "Ukraine",
            ),
            (
                "Hillary Rodham Clinton on Friday released her most recent eight years of tax returns.",
                "Hillary Rodham Clinton",
            ),
            ("China has said it would subject $50 billion of goods to tariffs.", "China"),
            // The verb governs the event noun the figure belongs to.
            (
                "President Trump on Monday ordered the expulsion of 60 Russian intelligence officers.",
                "President Trump",
            ),
            // The second of two coordinated verbs shares the first one's subject.
            (
                "In the aftermath Theresa May blamed Vladimir Putin and expelled 23 Russian diplomats.",
                "Theresa May",
            ),
            // A title's full stop does not cut the name.
            ("Mrs. May has ordered 23 suspected Russian spies to leave Britain.", "Mrs May"),
        ] {
            assert_eq!(only(text).actor.as_deref(), Some(actor), "{text}");
        }
        // Reacting to an event is not carrying it out.
        for text in [
            "Russia condemned the expulsion of 60 diplomats.",
            "Investigators are examining the deaths of 12 people.",
        ] {
            assert_eq!(only(text).actor, None, "{text}");
        }
        // A date before a nominalisation is no agent.
        assert_eq!(
            only("In his Dec. 29 expulsion of 35 Russian diplomats, Obama imposed costs.").actor,
            None
        );
        // A pronoun without a reporting verb before it names no one.
        assert_eq!(only("Then it expelled 23 diplomats.").actor, None);
        // A month name is not a time adjunct unless "on"/"in" says so, nor a modal.
        assert_eq!(
            only("Theresa May has ordered 23 suspected Russian spies to leave.")
                .actor
                .as_deref(),
            Some("Theresa May")
        );
    }

    #[test]
    fn the_event_is_read_from_the_verb_noun_or_participle_around_the_figure() {
        for (text, event) in [
            ("The crash killed two crew members.", Some("death")),
            (
                "The train was carrying eight crew members.",
                Some("carriage"),
            ),
            (
                "Trump ordered the expulsion of 60 Russian officers.",
                Some("expulsion"),
            ),
            ("Four Americans were killed in the attack.", Some("death")),
            ("The plant laid off 300 workers.", Some("dismissal")),
            ("The army has 20,000 troops.", None),
            // An infinitive after the noun: "ordered N … to leave".
            (
                "Ukraine ordered 13 Russians to leave the country.",
                Some("expulsion"),
            ),
            // A participle absorbed into the noun phrase before: "three workers killed".
            (
                "The department named one of the three workers killed as Sean Smith.",
                Some("death"),
            ),
            // A participle that opens a relative clause yields to the clause's verb.
            (
                "Officials said 300 residents living near the plant were evacuated.",
                Some("evacuation"),
            ),
            // How many there are, not what happened to them…
            (
                "They said there were more than 100 Russian spies in the US.",
                Some("presence"),
            ),
            (
                "Officials said “well over 100 intelligence officers” operated in the country.",
                Some("presence"),
            ),
            // … unless a participle after the noun says what happened.
            ("There were 20 people killed in the blast.", Some("death")),
        ] {
            assert_eq!(only(text).event.as_deref(), event, "{text}");
        }
    }

    #[test]
    fn a_figure_joined_by_and_shares_the_verb_of_the_one_before() {
        let found = claims(
            "Mr. Trump ordered the expulsions of 48 officials working at the embassy and 12 \
             intelligence officers at the United Nations.",
        );
        assert_eq!(found.len(), 2, "{found:#?}");
        for c in &found {
            assert_eq!(c.event.as_deref(), Some("expulsion"), "{}", c.text);
            assert_eq!(c.actor.as_deref(), Some("Mr Trump"), "{}", c.text);
        }
        // Each figure with a verb of its own keeps it.
        let found = claims("The attack killed 12 people and injured 30 others.");
        assert_eq!(found[0].event.as_deref(), Some("death"));
        assert_eq!(found[1].event.as_deref(), Some("injury"));
        let found = claims("Police arrested 12 people and 300 officers patrolled the streets.");
        assert_eq!(found[1].event, None, "{found:#?}");
        assert_eq!(found[1].actor, None, "{found:#?}");
    }

    #[test]
    fn the_noun_phrase_stops_at_the_verb_of_its_clause() {
        for (text, counted) in [
            (
                "At a summit, the 28 EU leaders agreed with Britain.",
                "leaders",
            ),
            (
                "They expelled 48 officials working at the embassy.",
                "officials",
            ),
            (
                "The remains of all four people killed in Libya were found.",
                "people",
            ),
            // Past tenses without "-ed", from `[counting] irregular_past`.
            ("About 40 drivers met on Sunday.", "drivers"),
            ("Nearly 50 Ferrari engineers left.", "engineers"),
            ("Police said 300 families fled the town.", "families"),
        ] {
            assert_eq!(only(text).counted.as_deref(), Some(counted), "{text}");
        }
        // A reporting verb after the figure names a source: no claim, as before.
        assert!(claims("Two officials said the plan failed.").is_empty());
        // A gerund or participle before its noun is part of it.
        for (text, counted) in [
            ("The company runs 300 shipping containers.", "containers"),
            (
                "The state licensed 30 sports betting companies.",
                "companies",
            ),
            ("The company hired 200 Texas registered nurses.", "nurses"),
        ] {
            assert_eq!(only(text).counted.as_deref(), Some(counted), "{text}");
        }
    }

    #[test]
    fn the_phrase_after_a_unit_keeps_abbreviations_and_stops_at_a_clause() {
        let c = only("China would subject $50 billion of U.S. goods to tariffs.");
        assert_eq!(&*c.subject, "United States goods");
        let c = only("She released eight years of tax returns showing the Clintons paid taxes.");
        assert_eq!(&*c.subject, "tax returns");
    }

    #[test]
    fn figures_set_against_others_or_summed_over_agents_are_marked() {
        for text in [
            "The State Department identified one of the other three Americans killed.",
            "Another 20 people were injured.",
            "A further 500 troops arrived.",
        ] {
            assert_eq!(only(text).scope, Scope::Relative, "{text}");
        }
        let wave = claims(
            "The move led a wave of at least 21 countries expelling more than 100 Russian officials.",
        );
        assert_eq!(
            wave.last().map(|c| c.scope),
            Some(Scope::Aggregate),
            "{wave:#?}"
        );
        for text in [
            "He applauded so many countries for announcing plans to “expel more than 100 Russian intelligence officers.”",
            "Over 100 Russian diplomats alleged to be spies in western countries are being told to leave.",
        ] {
            assert_eq!(only(text).scope, Scope::Aggregate, "{text}");
        }
        // Places named one by one, a reporting verb between, or shares: no sum.
        for text in [
            "The top income tax rate approaches nine percent in western states.",
            "The program created 4,000 jobs in both states.",
            "Officials from many countries said 40 people died.",
        ] {
            assert_ne!(only(text).scope, Scope::Aggregate, "{text}");
        }
        // A date or a name is no count of agents.
        assert_eq!(
            only("On March 26 the United States expelled 60 Russian diplomats.").scope,
            Scope::Unspecified
        );
        // One country's figure is its own.
        assert_eq!(
            only("Ukraine ordered 13 Russians to leave.").scope,
            Scope::Unspecified
        );
    }

    #[test]
    fn a_dash_is_never_what_a_figure_counts() {
        // A dash right after the figure opens an aside or hangs a hyphen: what follows
        // it is not what the figure counts.
        for text in [
            "It was the worst year in 25 -- was supposed to start buying now, he said.",
            "The sounds of the 12- or 7-year-olds crying out echoed in the room.",
            "The final tally was 16.1m - officials called it a record.",
        ] {
            let found = claims(text);
            assert!(
                found
                    .iter()
                    .all(|c| !c.text.contains(" -") && !c.text.ends_with('-')),
                "{text}: {found:#?}"
            );
        }
        // A dash after the counted noun ends the phrase.
        let lamps = only("They sold 300 lamps -- the rest were broken.");
        assert_eq!(lamps.counted.as_deref(), Some("lamps"));
        assert_eq!(&*lamps.text, "300 lamps");
        // An aside between dashes is not part of the phrase.
        let presidents =
            only("He has advised six presidents - Republican and Democratic - on health.");
        assert_eq!(
            presidents.counted.as_deref(),
            Some("presidents"),
            "{presidents:#?}"
        );
        // Dashes inside a phrase still join its words.
        let force = only("A 1,200-member border-guard unit patrols the area.");
        assert!(force.subject.contains("border-guard"), "{force:#?}");
    }

    #[test]
    fn ranks_and_ratings_are_not_counts() {
        assert!(claims("Mr. Mattis, a retired four-star Marine general, was rebuffed.").is_empty());
        assert!(claims("They stayed at a 5-star hotel.").is_empty());
        assert!(claims("He took out a .45-caliber handgun.").is_empty());
    }

    #[test]
    fn the_counted_noun_stops_at_prepositions() {
        let c = only("They come after two deadly attacks against police officers in Texas.");
        assert_eq!(c.counted.as_deref(), Some("attacks"));
    }

    #[test]
    fn the_counted_noun_stops_at_adverbs_and_prepositions_of_place() {
        let c = only("The group emailed 100,000 evangelical ministers around the country.");
        assert_eq!(c.counted.as_deref(), Some("ministers"));
        let c = only("Officials counted 1,437 studies now underway.");
        assert_eq!(c.counted.as_deref(), Some("studies"));
        // "between" names what a length spans, and stays in its subject.
        let c = only("It has a 7,500 km-long border between Russia and Kazakhstan.");
        assert!(c.subject.contains("Russia"), "{}", c.subject);
    }

    /// "more", "other", "additional" say which part of a whole a figure counts (its
    /// scope), not what it counts; with nothing after them, the noun is left out.
    #[test]
    fn more_and_other_set_the_scope_not_what_is_counted() {
        let c = only("Ginsburg said she would stay for at least five more years.");
        assert_eq!(
            (c.measure, c.unit.as_deref()),
            (Measure::Duration, Some("yr"))
        );
        let c = only("The army sent 3,000 more troops to the border.");
        assert_eq!(c.counted.as_deref(), Some("troops"));
        assert_eq!(c.scope, Scope::Relative);
        assert!(!c.subject.contains("more"), "{}", c.subject);
        let c = &claims("Israeli forces killed 100 protesters, while wounding thousands more.")[1];
        assert_eq!(c.text.as_ref(), "thousands more");
        assert_eq!(c.counted.as_deref(), Some("protesters"));
        assert_eq!(c.scope, Scope::Relative);
        let c = &claims("Four homes burned, and two others suffered major damage.")[1];
        assert_eq!(
            (c.text.as_ref(), c.counted.as_deref()),
            ("two others", Some("homes"))
        );
        // Only a figure that counts things names what is left out.
        let c = &claims("The plant cost $3 billion, and two others are planned.")[1];
        assert_eq!((c.measure, c.counted.as_deref()), (Measure::Count, None));
        let found = claims("Turnout was 65%, and 1,200 voted by mail.");
        assert!(
            found
                .iter()
                .all(|c| c.measure != Measure::Percent || c.value == 65.0),
            "{found:?}"
        );
        // A participle alone: what happened to the figure before's noun.
        let c = &claims("Police held 60 people, and 48 attached to the embassy.")[1];
        assert_eq!(c.counted.as_deref(), Some("people"));
        assert!(!c.subject.contains("attached"), "{}", c.subject);
    }

    #[test]
    fn a_figure_after_a_figure_is_not_what_it_counts() {
        // A table's row: no figure counts the next one, so none is a claim.
        let row = claims("Results: Arizona 5 4 5 4 and Arkansas 4 0 4 0 were listed.");
        assert!(row.is_empty(), "{row:?}");
        // A figure inside a name stays in the phrase.
        for (text, counted) in [
            ("Ryanair grounded 50 Boeing 737 jets.", "jets"),
            ("The index includes 10 Fortune 500 companies.", "companies"),
            // A name with a capital inside; a capitalised plural ends the name.
            ("They sold 300 iPhone 15 handsets.", "handsets"),
            (
                "It ordered 20 Boeing 787 Dreamliners last year.",
                "dreamliners",
            ),
            ("The school bought 40 Windows 10 PCs in May.", "pcs"),
        ] {
            let found = claims(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].counted.as_deref(), Some(counted), "{text}");
        }
        // A name ending in "s" in the singular is no plural that ends a name, and a
        // word with a capital inside is a name.
        let word = |w: &'static str| Token::new(0..w.len(), w, w, true);
        for w in ["Dreamliners", "PCs", "Cowboys", "Airbuses"] {
            assert!(word(w).is_capitalised_plural(), "{w}");
        }
        for w in [
            "Texas", "Paris", "Illinois", "Marcus", "Congress", "jets", "Us",
        ] {
            assert!(!word(w).is_capitalised_plural(), "{w}");
        }
        for (w, name_like) in [
            ("iPhone", true),
            ("eBay", true),
            ("Boeing", true),
            ("jets", false),
        ] {
            assert_eq!(word(w).is_name_like(), name_like, "{w}");
        }
        // A year may stand among a figure's modifiers.
        let c = &claims("Of the 10 leading 2020 candidates, two withdrew.")[0];
        assert_eq!(c.counted.as_deref(), Some("candidates"));
    }

    /// "N of the Xs" counts a part of the Xs (scope `relative`), also when the set's
    /// size stands before the Xs; not a fraction, a number in a name, a figure further
    /// in the phrase after "of", or a set that is a measure or a date.
    #[test]
    fn a_figure_of_a_set_counts_part_of_it() {
        for (text, counted) in [
            ("Police said 40 of the victims were children.", "victims"),
            ("More than 300 of those people died.", "people"),
            ("Two of its diplomatic compounds were closed.", "compounds"),
        ] {
            let c = only(text);
            assert_eq!(c.counted.as_deref(), Some(counted), "{text}");
            assert_eq!(c.scope, Scope::Relative, "{text}");
        }
        // The set's size: the part counts what the whole does, and both are claims.
        for text in [
            "Officials said 5,000 of the 7,000 troops left.",
            "The firm let go 30 of its 150 employees.",
        ] {
            let found = claims(text);
            assert_eq!(found.len(), 2, "{text}: {found:?}");
            assert_eq!(found[0].counted, found[1].counted, "{text}");
            assert_eq!(found[0].scope, Scope::Relative, "{text}");
            assert_ne!(found[1].scope, Scope::Relative, "{text}");
        }
        let found = claims("Fifteen of the 19 Sept. 11 hijackers were Saudi.");
        assert!(
            found.iter().all(|c| c.counted.as_deref() != Some("sept")),
            "{found:?}"
        );
        for text in [
            "They cleared half of the valley.",
            "He spoke at Game 5 of the World Series.",
            "It rose in 20 of the past 30 years.",
            "It rose in 20 of the 30 years.",
        ] {
            let found: Vec<String> = claims(text).iter().map(|c| c.text.to_string()).collect();
            assert!(
                !found.iter().any(|t| t.contains(" of ")),
                "{text}: {found:?}"
            );
        }
    }

    /// An adjective in "-able"/"-ible" after a plural noun follows what is counted.
    #[test]
    fn an_adjective_after_a_plural_is_not_counted() {
        for (text, counted) in [
            (
                "Officials said 81 of its 93 counties eligible for aid flooded.",
                "counties",
            ),
            (
                "There are 141 plans available through the exchange.",
                "plans",
            ),
            ("He named the two agencies responsible for it.", "agencies"),
            // Before the noun it is a modifier.
            ("There are 200 available seats.", "seats"),
            ("They gave 300 tax deductible donations.", "donations"),
            ("It paid 300 bonus eligible employees.", "employees"),
        ] {
            let found = claims(text);
            assert!(
                !found.is_empty() && found.iter().all(|c| c.counted.as_deref() == Some(counted)),
                "{text}: {found:?}"
            );
        }
    }

    /// An initialism's closing period is part of it, not the end of the noun phrase.
    #[test]
    fn a_dotted_initialism_keeps_its_period() {
        for (word, initialism) in [
            ("U.S", true),
            ("p.m", true),
            ("G.O.P", true),
            ("Ü.K", true),
            ("U", false),
            ("pic.twitter.com", false),
            ("1.7", false),
            ("U.S.C", true),
            ("Jr", false),
        ] {
            assert_eq!(is_dotted_initialism(word), initialism, "{word}");
        }
        for (text, counted) in [
            ("The Pentagon sent 5,000 U.S. troops.", "troops"),
            ("About 2,000 U.K. citizens left.", "citizens"),
            // Outside ASCII, read char by char.
            ("Über 2,000 U.K. citizens left.", "citizens"),
        ] {
            assert_eq!(only(text).counted.as_deref(), Some(counted), "{text}");
        }
        // The period may end the sentence: a function word after it opens the next
        // one, and the place stops; a name goes on.
        let died = only("Some 40 people died in the U.K. The officials said more could.");
        assert_eq!(died.place.as_deref(), Some("U.K."));
        let served = only("He served 36 years in the U.S. Senate and retired.");
        assert_eq!(served.place.as_deref(), Some("U.S. Senate"));
    }

    /// A pronoun after the counted noun opens a clause: it is not part of the noun.
    #[test]
    fn a_pronoun_ends_the_noun_phrase() {
        for (text, counted) in [
            (
                "Police searched three locations they had found.",
                "locations",
            ),
            ("He signed two executive orders he wrote.", "orders"),
        ] {
            assert_eq!(only(text).counted.as_deref(), Some(counted), "{text}");
        }
    }

    /// A figure inside the phrase of the claim before it, right after a capitalised
    /// word, is part of a name that claim counts, not a claim of its own; the second
    /// figure of a score, and a figure after a number word alone, are claims.
    #[test]
    fn a_figure_inside_a_name_another_figure_counts_is_no_claim() {
        let texts = |text: &str| -> Vec<String> {
            claims(text).iter().map(|c| c.text.to_string()).collect()
        };
        assert_eq!(
            texts("Ryanair grounded 50 Boeing 737 jets."),
            ["50 Boeing 737 jets"]
        );
        assert_eq!(
            texts("Over 3,000 Windows 10 users complained."),
            ["Over 3,000 Windows 10 users"]
        );
        assert_eq!(
            texts("Six-in-ten Democrats agree."),
            ["Six-in-ten Democrats"]
        );
        assert_eq!(
            texts("She leads 47-43 percent."),
            ["47-43 percent", "43 percent"]
        );
        assert_eq!(
            texts("One 30-year-old man was hurt."),
            ["One 30-year-old man", "30-year-old"]
        );
    }

    /// A counted noun in the singular before a plural noun qualifies it: the plural noun
    /// is counted. Not in a hyphenated compound, before a singular noun (an amount of
    /// the counted one) or for one.
    #[test]
    fn a_singular_counted_noun_before_a_plural_one_qualifies_it() {
        let counted = |text: &str| only(text).counted.map(|c| c.to_string());
        for (text, want) in [
            (
                "Bush spoke to nearly 1,000 state legislators.",
                "legislators",
            ),
            ("Democrats won 69 House seats.", "seats"),
            ("Then 40 village elders came.", "elders"),
            ("Republicans lost 30 House seats last year.", "seats"),
            ("They hold a 51-vote majority.", "vote"),
            ("They built a 21,000-seat stadium.", "seat"),
            ("Clinton held a 1,923 vote lead.", "vote"),
            ("The state sent 12 troops.", "troops"),
        ] {
            assert_eq!(counted(text).as_deref(), Some(want), "{text}");
        }
    }
}

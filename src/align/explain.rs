//! One readable sentence per group, and the sources behind each value.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use super::{PairReason, ValueSupport, Verdict};
use crate::claims::Claim;

const UNNAMED_SOURCE: &str = "an unnamed source";

fn outlet_name(c: &Claim) -> &str {
    c.outlet.as_deref().unwrap_or(UNNAMED_SOURCE)
}

/// [`outlet_name`], shared with the claim (a corpus's groups name a million outlets).
fn shared_outlet_name(c: &Claim) -> Arc<str> {
    static UNNAMED: OnceLock<Arc<str>> = OnceLock::new();
    match &c.outlet {
        Some(outlet) => Arc::clone(outlet),
        None => Arc::clone(UNNAMED.get_or_init(|| Arc::from(UNNAMED_SOURCE))),
    }
}

/// Claims grouped by value (base unit, to six significant digits), with their outlets
/// and the count of independent sources (identical quotes — wire copies — count once).
pub fn value_support(claims: &[&Claim]) -> Vec<ValueSupport> {
    // One claim (most groups): one value, one source.
    if let [c] = claims {
        return vec![ValueSupport {
            value: c.base_value,
            text: c.text.clone(),
            outlets: Box::new([shared_outlet_name(c)]),
            articles: 1,
            independent_sources: 1,
            claims: Box::new([c.id.clone()]),
        }];
    }
    let mut by_value: BTreeMap<i64, Vec<&Claim>> = BTreeMap::new();
    for c in claims {
        by_value.entry(value_key(c.base_value)).or_default().push(c);
    }
    by_value
        .into_values()
        .map(|cs| {
            let outlets: BTreeMap<&str, &Claim> = cs.iter().map(|c| (outlet_name(c), *c)).collect();
            let articles: BTreeSet<&str> = cs.iter().map(|c| c.article.as_str()).collect();
            // Identical quotes from different outlets are one source copied.
            let mut by_quote: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
            for c in &cs {
                by_quote
                    .entry(&*c.quote)
                    .or_default()
                    .insert(outlet_name(c));
            }
            let mut counted: BTreeSet<&str> = BTreeSet::new();
            let mut independent = 0;
            for outlets_of_quote in by_quote.values() {
                if outlets_of_quote.iter().any(|o| !counted.contains(o)) {
                    independent += 1;
                }
                counted.extend(outlets_of_quote.iter().copied());
            }
            ValueSupport {
                value: cs[0].base_value,
                text: cs[0].text.clone(),
                outlets: outlets.into_values().map(shared_outlet_name).collect(),
                articles: articles.len(),
                independent_sources: independent.min(counted.len()),
                claims: cs.iter().map(|c| c.id.clone()).collect(),
            }
        })
        .collect()
}

fn value_key(v: f64) -> i64 {
    if v == 0.0 || !v.is_finite() {
        return 0;
    }
    let magnitude = v.abs().log10().floor() as i32;
    let scale = 10f64.powi(5 - magnitude);
    (v * scale).round() as i64 * 1000 + magnitude as i64
}

const NUMBER_WORDS: [&str; 11] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

fn count_words(n: i64, unit: &str) -> String {
    let number = usize::try_from(n)
        .ok()
        .and_then(|i| NUMBER_WORDS.get(i).copied())
        .map_or_else(|| n.to_string(), str::to_owned);
    format!("{number} {unit}{}", if n == 1 { "" } else { "s" })
}

/// "seven years", "five months", "12 days".
pub fn duration_words(days: i64) -> String {
    if days >= 365 {
        count_words((days as f64 / 365.25).round() as i64, "year")
    } else if days >= 45 {
        count_words((days as f64 / 30.44).round() as i64, "month")
    } else {
        count_words(days, "day")
    }
}

/// "Eurasia Daily Monitor (2011-05)", "Strategic Culture Foundation (2018, three articles)".
fn side(value: &ValueSupport, claims: &[&Claim]) -> String {
    let of_value: Vec<&&Claim> = claims
        .iter()
        .filter(|c| value.claims.contains(&c.id))
        .collect();
    let times: BTreeSet<String> = of_value
        .iter()
        .filter_map(|c| c.time.map(|t| t.to_string()))
        .collect();
    let when = match (times.first(), times.last()) {
        (Some(a), Some(b)) if a == b => a.clone(),
        (Some(a), Some(b)) => {
            let (ya, yb) = (&a[..4.min(a.len())], &b[..4.min(b.len())]);
            if ya == yb {
                ya.to_owned()
            } else {
                format!("{ya}–{yb}")
            }
        }
        _ => "undated".to_owned(),
    };
    let articles = if value.articles > 1 {
        format!(", {}", count_words(value.articles as i64, "article"))
    } else {
        String::new()
    };
    format!("{} ({when}{articles})", value.outlets.join(", "))
}

pub fn explain(
    verdict: Verdict,
    claims: &[&Claim],
    values: &[ValueSupport],
    pairs: &[PairReason],
) -> String {
    match verdict {
        Verdict::Single => {
            let c = claims[0];
            let outlet = outlet_name(c);
            match c.time {
                Some(t) => format!(
                    "Only {outlet} ({t}) gives {}; no other source in the corpus gives this \
                     figure.",
                    c.text
                ),
                None => format!(
                    "Only {outlet} gives {}; no other source in the corpus gives this figure.",
                    c.text
                ),
            }
        }
        Verdict::Agree => {
            let outlets: BTreeSet<&str> = claims.iter().map(|c| outlet_name(c)).collect();
            let texts: Vec<&str> = values.iter().map(|v| &*v.text).collect();
            format!(
                "{} from {} agree: {}.",
                count_words(claims.len() as i64, "claim"),
                count_words(outlets.len() as i64, "outlet"),
                texts.join("; ")
            )
        }
        Verdict::Conflict | Verdict::Changed => {
            let worst = pairs
                .iter()
                .filter(|p| p.verdict == verdict)
                .max_by(|a, b| a.apart.total_cmp(&b.apart));
            // The two values of the pair that gives the verdict: the group's extremes may
            // be a pair of another verdict (a change years apart beside a same-week
            // conflict), and the sentence must not mix the two.
            let holding = |id: &str| values.iter().find(|v| v.claims.iter().any(|c| &**c == id));
            let (Some(low), Some(high)) = worst
                .and_then(|p| Some((holding(&p.a)?, holding(&p.b)?)))
                .map_or((values.first(), values.last()), |(a, b)| (Some(a), Some(b)))
            else {
                return String::new();
            };
            let apart = worst.map_or(0.0, |p| p.apart) * 100.0;
            let (first, second) = {
                // Earlier figure first, so the sentence reads forward in time.
                let time_of = |v: &ValueSupport| {
                    claims
                        .iter()
                        .filter(|c| v.claims.contains(&c.id))
                        .filter_map(|c| c.time)
                        .min()
                };
                if time_of(high) < time_of(low) {
                    (high, low)
                } else {
                    (low, high)
                }
            };
            let when = match worst.and_then(|p| p.days_apart) {
                Some(0) => "for the same time".to_owned(),
                Some(d) => format!("{} apart", duration_words(d)),
                None => "one of them undated".to_owned(),
            };
            let verdict_words = if verdict == Verdict::Changed {
                "likely a change over time"
            } else {
                "a contradiction"
            };
            format!(
                "{} gives {}; {} gives {}: {:.1} % apart, {when} — {verdict_words}.",
                side(first, claims),
                first.text,
                side(second, claims),
                second.text,
                apart
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_words() {
        assert_eq!(duration_words(2555), "seven years");
        assert_eq!(duration_words(150), "five months");
        assert_eq!(duration_words(12), "12 days");
        assert_eq!(duration_words(1), "one day");
    }

    #[test]
    fn value_keys_merge_equal_values_only() {
        assert_eq!(value_key(17000.0), value_key(17000.000001));
        assert_ne!(value_key(17000.0), value_key(17013.0));
        assert_ne!(value_key(1.7), value_key(17.0));
    }
}

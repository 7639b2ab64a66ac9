//! The outlet comparison as a terminal table: outlets down, framing categories across,
//! then sourcing and distinctive terms.

use super::table::Table;
use crate::framing::OutletProfile;

/// Distinctive terms shown per row (the JSON output has them all, with z-scores).
const TERMS_SHOWN: usize = 6;

/// One row per outlet, in the order given. `categories` are the lexicon's category
/// names, in lexicon order.
pub fn text_table(profiles: &[OutletProfile], categories: &[String]) -> String {
    let mut columns: Vec<(&str, usize)> = vec![("outlet", 30), ("articles", 8), ("words", 9)];
    columns.extend(categories.iter().map(|c| (c.as_str(), 11)));
    columns.push(("attributed", 10));
    columns.push(("distinctive terms", 70));
    let mut table = Table::new(&columns);
    for p in profiles {
        let mut row = vec![
            p.outlet.clone().unwrap_or_else(|| "(no outlet)".to_owned()),
            if p.single_article {
                "1*".to_owned()
            } else {
                p.articles.to_string()
            },
            p.words.to_string(),
        ];
        for c in categories {
            row.push(
                p.framing
                    .get(c)
                    .map(|rate| format!("{rate:.2}"))
                    .unwrap_or_default(),
            );
        }
        row.push(format!("{:.0} %", 100.0 * p.attribution_share));
        row.push(
            p.distinctive_terms
                .iter()
                .take(TERMS_SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        );
        table.push(row);
    }
    let mut out = table.render();
    out.push_str(
        "\nCategory columns: occurrences per 1,000 words in the outlet's own voice (quoted \
         speech excluded). attributed: share of sentences that name a source.\n",
    );
    if profiles.iter().any(|p| p.single_article) {
        out.push_str(
            "1*: a single article, so no interval; its rates say little about the outlet.\n",
        );
    }
    out.push_str(
        "Intervals (95 % bootstrap over articles), quoted-speech rates, term z-scores and \
         figure wording: --json.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framing::{CategoryMap, NumberReporting};

    #[test]
    fn one_row_per_outlet_with_rates_and_terms() {
        let profile = OutletProfile {
            outlet: Some("Daily Example".into()),
            articles: 1,
            single_article: true,
            words: 1200,
            quoted_words: 100,
            sentences: 60,
            framing: CategoryMap(vec![("loaded".into(), 2.5), ("hedge".into(), 0.0)]),
            framing_interval: None,
            framing_quoted: CategoryMap(vec![("loaded".into(), None), ("hedge".into(), None)]),
            framing_occurrences: CategoryMap(vec![("loaded".into(), 3), ("hedge".into(), 0)]),
            attribution_share: 0.25,
            attribution_share_interval: None,
            distinctive_terms: vec!["regime".into(), "junta".into()],
            distinctive_scores: Vec::new(),
            numbers: NumberReporting {
                figures: 0,
                hedged_share: None,
                bounded_share: None,
                unattributed_share: None,
            },
        };
        let text = text_table(&[profile], &["loaded".into(), "hedge".into()]);
        let row = text.lines().nth(2).unwrap();
        for cell in [
            "Daily Example",
            "1*",
            "1200",
            "2.50",
            "0.00",
            "25 %",
            "regime, junta",
        ] {
            assert!(row.contains(cell), "{cell:?} missing from {row:?}");
        }
        assert!(text.contains("1*: a single article"));
    }
}

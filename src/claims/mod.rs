//! Numeric claims: every figure an article asserts, with what it counts, how its wording
//! bounds it, what it is about, when it refers to, and who gives it.
//!
//! `numbers` finds figures, `units` says what they measure, `extract` reads the words
//! around them into [`Claim`]s, `when` resolves their time, `aliases` names their
//! subjects. All pure: the model tables are passed in.

pub mod aliases;
pub mod cues;
pub mod extract;
pub mod index;
pub mod numbers;
pub mod peer;
pub mod units;
pub mod when;

use std::ops::Range;

use rayon::prelude::*;

pub use extract::{extract_claims, Claim, ExtractContext, Qualifier, Scope};
pub use index::ClaimIndex;
pub use units::Measure;

use crate::corpus::Article;
use aliases::AliasTable;
use cues::Cues;
use units::UnitTable;

/// The model tables claim extraction reads.
#[derive(Debug, Clone, Copy)]
pub struct ClaimModels<'a> {
    pub units: &'a UnitTable,
    pub cues: &'a Cues,
    pub aliases: &'a AliasTable,
}

impl ClaimModels<'static> {
    /// The tables shipped in `models/`.
    pub fn builtin() -> Self {
        Self {
            units: UnitTable::builtin(),
            cues: Cues::builtin(),
            aliases: AliasTable::builtin(),
        }
    }
}

/// Claims of every article, in article order. Acronyms any article defines ("Rapid
/// Reaction Force (KSOR)") are known to all, since outlets reuse each other's terms.
pub fn extract_corpus(articles: &[Article], models: ClaimModels<'_>) -> Vec<Claim> {
    let nothing = vec![(); articles.len()];
    extract_corpus_with(articles, models, nothing, |_, (), _, _| ()).0
}

/// [`extract_corpus`], and for each article `then(article, input, sentences, claims)`
/// with its `inputs` entry, its text's sentences and its claims, while they are at
/// hand: a stage that reads sentences (framing's share of attributed sentences) does
/// not split the texts again. Returns the claims and `then`'s results, by article.
///
/// # Panics
/// When `inputs` is not one entry per article (a mistake in the calling code).
pub fn extract_corpus_with<T, U>(
    articles: &[Article],
    models: ClaimModels<'_>,
    inputs: Vec<T>,
    then: impl Fn(&Article, T, &[Range<usize>], &[Claim]) -> U + Sync,
) -> (Vec<Claim>, Vec<U>)
where
    T: Send,
    U: Send + Default,
{
    assert_eq!(inputs.len(), articles.len(), "one input per article");
    let definitions: Vec<Vec<(String, String)>> = articles
        .par_iter()
        .map(|a| aliases::find_definitions(&a.text))
        .collect();
    let mut table = models.aliases.clone();
    for (acronym, long) in definitions.iter().flatten() {
        table.add_definition(acronym, long);
    }
    let ctx = ExtractContext {
        units: models.units,
        cues: models.cues,
        aliases: &table,
    };
    let mut results: Vec<U> = std::iter::repeat_with(U::default)
        .take(articles.len())
        .collect();
    // Each worker writes its articles' claims into one vector, with its buffers kept
    // from article to article; the workers' vectors are joined in article order (one
    // worker's is the whole list, uncopied).
    let claims = articles
        .par_iter()
        .zip(inputs)
        .zip(results.par_iter_mut())
        .fold(
            || (Vec::new(), Vec::new(), extract::ExtractScratch::default()),
            |(mut claims, mut sentences, mut scratch), ((article, input), result)| {
                crate::text::sentences_into(&article.text, &mut sentences);
                let first = claims.len();
                extract::extract_claims_into(article, &sentences, &ctx, &mut scratch, &mut claims);
                *result = then(article, input, &sentences, &claims[first..]);
                (claims, sentences, scratch)
            },
        )
        .map(|(claims, _, _)| claims)
        .reduce(Vec::new, |mut left, mut right| {
            if left.is_empty() {
                return right;
            }
            left.append(&mut right);
            left
        });
    (claims, results)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On several threads, the claims come in article order, each article's numbered
    /// from 1 as it gives them alone.
    #[test]
    fn claims_of_many_articles_on_several_threads_come_in_article_order() {
        let articles: Vec<Article> = (0..120)
            .map(|k| {
                let text = format!(
                    "About {} troops came. Officials said {} left.{}",
                    1000 + k,
                    k % 7 + 2,
                    if k % 3 == 0 {
                        " Later 40 jets followed."
                    } else {
                        ""
                    }
                );
                Article::plain(&format!("a{k}"), &text)
            })
            .collect();
        let models = ClaimModels::builtin();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .expect("a pool of four threads");
        let all = pool.install(|| extract_corpus(&articles, models));
        let expected: Vec<String> = articles
            .iter()
            .flat_map(|a| {
                let ctx = ExtractContext {
                    units: models.units,
                    cues: models.cues,
                    aliases: models.aliases,
                };
                extract_claims(a, &ctx)
                    .into_iter()
                    .map(|c| c.id.to_string())
            })
            .collect();
        let ids: Vec<String> = all.iter().map(|c| c.id.to_string()).collect();
        assert_eq!(ids, expected);
        assert!(ids.len() > 240, "every article has claims: {}", ids.len());
        assert_eq!(ids.first().map(String::as_str), Some("a0-001"));
    }

    /// The hook sees each article's own input, sentences and claims, and the claims
    /// are those `extract_corpus` finds.
    #[test]
    fn extract_corpus_with_hands_each_article_its_sentences_and_claims() {
        let articles = vec![
            Article::plain("a", "Some 2,500 troops came. Officials said 300 left."),
            Article::plain("b", "Nothing happened."),
        ];
        let models = ClaimModels::builtin();
        let (claims, seen) = extract_corpus_with(
            &articles,
            models,
            vec![10usize, 20],
            |article, input, sentences, claims| {
                let quotes: Vec<&str> =
                    sentences.iter().map(|s| &article.text[s.clone()]).collect();
                (input, quotes.len(), claims.len())
            },
        );
        let alone = extract_corpus(&articles, models);
        assert_eq!(claims.len(), alone.len());
        assert!(claims
            .iter()
            .zip(&alone)
            .all(|(a, b)| a.id == b.id && a.value == b.value));
        assert_eq!(seen, [(10, 2, 2), (20, 1, 0)]);
    }
}

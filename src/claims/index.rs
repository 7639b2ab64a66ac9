//! Finding a claim by its id.
//!
//! Owns [`ClaimIndex`]. A claim's id is its article's id, a dash and its number within
//! the article ("a7-001"), and extraction lists an article's claims together, in number
//! order: so a claim is found from the position of its article's first claim, with one
//! small map of articles instead of a hash map of every claim (on a corpus of a million
//! claims, such a map took about 50 MB, and the report built three). Every position is
//! checked against the id, and claims whose ids or places do not follow the scheme
//! (claims made or reordered by a library caller) are kept in a map of their own, so a
//! lookup answers the same for any list of claims.
//!
//! Does not make ids (that is [`super::extract`]).

use rustc_hash::FxHashMap;

use super::Claim;

/// Claims by id, over a borrowed list. Ids are unique in the lists the pipeline makes
/// (article ids are content hashes, duplicates merged); of claims sharing an id, which
/// one is found is not specified.
pub struct ClaimIndex<'a> {
    claims: &'a [Claim],
    /// The position of the first claim of each article, by the id before the number.
    first_of_article: FxHashMap<&'a str, usize>,
    /// Claims not found where the id scheme puts them.
    others: FxHashMap<&'a str, usize>,
}

/// An id's article part and number: "a7-001" → ("a7", 1).
fn split_id(id: &str) -> Option<(&str, usize)> {
    let (article, number) = id.rsplit_once('-')?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((article, number.parse().ok()?))
}

impl<'a> ClaimIndex<'a> {
    pub fn new(claims: &'a [Claim]) -> Self {
        let mut index = ClaimIndex {
            claims,
            first_of_article: FxHashMap::default(),
            others: FxHashMap::default(),
        };
        for (i, c) in claims.iter().enumerate() {
            if let Some((article, number)) = split_id(&c.id) {
                if let Some(first) = (i + 1).checked_sub(number) {
                    index.first_of_article.entry(article).or_insert(first);
                }
            }
            if index.placed(&c.id).is_none() {
                index.others.entry(&*c.id).or_insert(i);
            }
        }
        index
    }

    /// Where the id scheme puts the claim `id`, when a claim with that id is there.
    fn placed(&self, id: &str) -> Option<usize> {
        let (article, number) = split_id(id)?;
        let at = self
            .first_of_article
            .get(article)?
            .checked_add(number.checked_sub(1)?)?;
        (&*self.claims.get(at)?.id == id).then_some(at)
    }

    /// The position of the claim `id` in the list.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.placed(id).or_else(|| self.others.get(id).copied())
    }

    /// The claim `id`.
    pub fn get(&self, id: &str) -> Option<&'a Claim> {
        self.position(id).map(|i| &self.claims[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{extract_corpus, ClaimModels};
    use crate::corpus::{load_bytes, LoadOptions};

    fn extracted(jsonl: &str) -> Vec<Claim> {
        let articles = load_bytes("t.jsonl", jsonl.as_bytes(), &LoadOptions::default()).articles;
        extract_corpus(&articles, ClaimModels::builtin())
    }

    fn with_ids(ids: &[&str]) -> Vec<Claim> {
        let one = extracted("{\"id\":\"a\",\"text\":\"About 300 homes were lost.\"}\n").remove(0);
        ids.iter()
            .map(|id| Claim {
                id: (*id).into(),
                ..one.clone()
            })
            .collect()
    }

    #[test]
    fn extracted_claims_are_all_found_by_place() {
        let claims = extracted(concat!(
            "{\"title\":\"4 dead\",\"text\":\"About 300 homes and 12 schools were lost. Five roads closed.\"}\n",
            "{\"text\":\"Nothing here.\"}\n",
            "{\"text\":\"Some 2,000 people left; 40 stayed.\"}\n",
        ));
        assert_eq!(
            claims.len(),
            6,
            "{:?}",
            claims.iter().map(|c| &c.id).collect::<Vec<_>>()
        );
        let index = ClaimIndex::new(&claims);
        assert!(index.others.is_empty());
        for (i, c) in claims.iter().enumerate() {
            assert_eq!(index.position(&c.id), Some(i));
        }
        // The first article has four claims: its fifth would be the next article's first.
        let first = claims[0].article.as_str();
        assert_ne!(claims[4].article.as_str(), first);
        for missing in [
            format!("{first}-000"),
            format!("{first}-005"),
            format!("{first}-4"),
            format!("{first}-0001"),
            format!("{first}-"),
            first.to_owned(),
            String::new(),
        ] {
            assert_eq!(index.position(&missing), None, "{missing}");
        }
    }

    #[test]
    fn article_ids_may_hold_dashes() {
        let claims = with_ids(&["x-1-001", "x-1-002", "x-2-001", "x-001"]);
        let index = ClaimIndex::new(&claims);
        assert!(index.others.is_empty());
        for (i, c) in claims.iter().enumerate() {
            assert_eq!(index.position(&c.id), Some(i));
        }
        assert_eq!(index.position("x-1-003"), None);
    }

    #[test]
    fn numbers_too_large_for_a_place_are_not_found_by_place() {
        // The article's first claim is at 2: its number plus 2 overflows.
        let huge = format!("a-{}", usize::MAX);
        let claims = with_ids(&["x", "y", "a-001", &huge]);
        let index = ClaimIndex::new(&claims);
        assert_eq!(index.position(&huge), Some(3));
        assert_eq!(index.position(&format!("a-{}", usize::MAX - 1)), None);
        assert_eq!(index.position("a-99999999999999999999999"), None);
    }

    #[test]
    fn numbers_are_read_whatever_their_width() {
        let claims = with_ids(&["a-001", "a-2", "a-0003"]);
        let index = ClaimIndex::new(&claims);
        assert!(index.others.is_empty());
        assert_eq!(index.position("a-2"), Some(1));
        assert_eq!(index.position("a-002"), None);
    }

    #[test]
    fn claims_out_of_place_or_off_the_scheme_are_found_too() {
        // Reordered, numbered past the list's length, with no number, or with a sign.
        let claims = with_ids(&["a-002", "a-001", "z-900", "plain", "b-", "b-+1", "a-003"]);
        let index = ClaimIndex::new(&claims);
        for (i, c) in claims.iter().enumerate() {
            assert_eq!(index.position(&c.id), Some(i), "{}", c.id);
            assert_eq!(index.get(&c.id).map(|c| &*c.id), Some(&*c.id));
        }
        assert_eq!(index.position("missing"), None);
        assert_eq!(index.position("a-004"), None);
    }
}

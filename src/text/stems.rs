//! A memo of stems that threads and stages share, so that a corpus stems each distinct
//! word once.
//!
//! Stemming (Snowball English) costs some thousands of instructions a word, more than
//! finding the word. A [`WordTable`](super::tokens::WordTable) memoises stems for the
//! texts it reads, but one corpus is read into several tables (one per run of articles
//! a thread counts), and more than one stage wants the stems of the same words: the
//! lexicon matching of framing while the words are counted, the word count's vocabulary
//! after. A [`StemMemo`] answers for all of them: the first to ask for a word stems it,
//! the others read it.
//!
//! It owns nothing but the memo: what a word is and which words get stemmed is decided
//! by the callers. The memo is split into shards, each behind its own lock, so threads
//! seldom wait on each other.

use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Range;
use std::sync::{Mutex, MutexGuard, PoisonError};

use rust_stemmers::Stemmer;
use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::bytes::load_short;

/// How many shards the memo is split into (a power of two).
const SHARDS: usize = 64;

/// The stems of the words asked for so far, by word. Words are asked for as the caller
/// has normalised them (the word tables lower-case them); the memo stems them as given.
pub struct StemMemo {
    shards: Box<[Mutex<Shard>]>,
}

/// One shard: stems by word, each a range of one string of stem texts. A word of up to
/// 16 bytes is found by its bytes packed into an integer (no key to allocate, hash or
/// compare as a string); longer words by their text.
#[derive(Default)]
struct Shard {
    by_key: FxHashMap<u128, Range<u32>>,
    by_text: FxHashMap<Box<str>, Range<u32>>,
    texts: String,
}

impl Default for StemMemo {
    fn default() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }
}

impl StemMemo {
    /// Call `read` with the stem of `word`, stemming it with `stemmer` unless some
    /// caller already has. Every caller must stem with the same algorithm. `read` runs
    /// with the word's shard locked: it must not ask the memo again.
    pub fn stem<R>(&self, word: &str, stemmer: &Stemmer, read: impl FnOnce(&str) -> R) -> R {
        let key = pack(word);
        // The shard stays locked while a new word is stemmed: one lookup, not two, and
        // with many shards another thread seldom needs the same one meanwhile.
        let mut shard = lock(&self.shards[shard_of(word, key)]);
        let known = match key {
            Some(key) => shard.by_key.get(&key),
            None => shard.by_text.get(word),
        };
        if let Some(range) = known {
            let range = range.clone();
            return read(shard.text(&range));
        }
        let stem = stemmer.stem(word);
        let start = shard.texts.len();
        let (Ok(from), Ok(to)) = (u32::try_from(start), u32::try_from(start + stem.len())) else {
            // A shard of 4 GiB of stems (no corpus comes near) keeps no more.
            return read(&stem);
        };
        shard.texts.push_str(&stem);
        let range = from..to;
        match key {
            Some(key) => shard.by_key.insert(key, range.clone()),
            None => shard.by_text.insert(Box::from(word), range.clone()),
        };
        read(shard.text(&range))
    }

    /// How many words the memo holds.
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| {
                let shard = lock(s);
                shard.by_key.len() + shard.by_text.len()
            })
            .sum()
    }

    /// Whether the memo holds no word yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Shard {
    fn text(&self, range: &Range<u32>) -> &str {
        self.texts
            .get(range.start as usize..range.end as usize)
            .unwrap_or_default()
    }
}

/// A shard's lock. A thread that panicked while holding it left the shard whole (each
/// insertion is one map insert after the text is pushed), so a poisoned lock is used.
fn lock(shard: &Mutex<Shard>) -> MutexGuard<'_, Shard> {
    shard.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A word of 1 to 16 bytes, none of them zero, as its bytes in a little-endian integer:
/// zero bytes pad it, so packing is one-to-one on such words.
fn pack(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > 16 || memchr::memchr(0, b).is_some() {
        return None;
    }
    let (low, high) = b.split_at(b.len().min(8));
    Some(u128::from(load_short(low)) | (u128::from(load_short(high)) << 64))
}

fn shard_of(word: &str, key: Option<u128>) -> usize {
    let mut hasher = FxBuildHasher.build_hasher();
    match key {
        Some(key) => key.hash(&mut hasher),
        None => word.hash(&mut hasher),
    }
    // The high bits: Fx mixes them best.
    (hasher.finish() >> (64 - SHARDS.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_stemmers::Algorithm;

    #[test]
    fn each_word_is_stemmed_as_the_stemmer_does_and_kept_once() {
        let memo = StemMemo::default();
        let stemmer = Stemmer::create(Algorithm::English);
        let words = [
            "regimes",
            "threatening",
            "running",
            "",
            "2017",
            "régimes",
            "a",
            "internationalisations",
            "nationalisation",
            "nationalisations",
            // 8 and 9 bytes: where the two halves of a packed word meet.
            "national",
            "nationals",
            "nationalities",
            "Regimes",
            "regimes\0",
            "regimes\0\0",
        ];
        for round in 0..2 {
            for word in words {
                let stem = memo.stem(word, &stemmer, str::to_owned);
                assert_eq!(stem, stemmer.stem(word), "{word:?} in round {round}");
            }
            assert_eq!(memo.len(), words.len());
        }
    }

    #[test]
    fn threads_share_one_memo() {
        let memo = StemMemo::default();
        let words: Vec<String> = (0..2000).map(|i| format!("word{}ings", i % 500)).collect();
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    let stemmer = Stemmer::create(Algorithm::English);
                    for word in &words {
                        let stem = memo.stem(word, &stemmer, str::to_owned);
                        assert_eq!(stem, stemmer.stem(word));
                    }
                });
            }
        });
        assert_eq!(memo.len(), 500);
    }
}

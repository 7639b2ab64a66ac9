//! Framing: how each outlet tells its story — loaded labels, securitising and
//! legitimising language, conspiratorial framing, hedges and boosters, sourcing,
//! emotive words — and which words set it apart from the other outlets.
//!
//! This module owns:
//!
//! - the lexicon ([`Lexicon`], `models/framing.toml`): categories of words and phrases,
//!   checked once (no entry in two categories, an `attribution` category present);
//! - matching ([`FramingPass`]): the lexicon resolved into a
//!   [`crate::text::tokens::WordTable`]'s ids and matched over the token stream of the
//!   word count other stages make anyway (a [`crate::text::tokens::TokenPass`]), whole
//!   word on stems, longest phrase first, each occurrence counted once for one category;
//!   text inside quotation marks counted apart ([`quoted_spans`]: an outlet quoting a
//!   loaded term is not using it); sentences with a source counted for
//!   `attribution_share` from the sentences the claims stage splits
//!   ([`ArticleFraming::score`]); [`Scorer`] does it all for one text;
//! - outlet profiles ([`profile_outlets`]): pooled rates per 1,000 own-voice words,
//!   percentile bootstrap intervals over articles ([`bootstrap`]), distinctive terms by
//!   weighted log-odds with an informative Dirichlet prior ([`logodds`], Monroe, Colaresi
//!   & Quinn 2008) over the stems the shared word count keeps, and how the outlet words
//!   its figures ([`NumberReporting`], from the claims stage).
//!
//! Pure: no IO, no clock; randomness is seeded. It does not tokenise or count words
//! (that is `text::tokens` and `vectorize`), find figures (`claims`), read lexicon
//! files from disk (the command layer hands it the text) or format anything for people
//! (`report`).
//!
//! ```
//! use claimscope::framing::{Lexicon, Scorer};
//!
//! let lexicon = Lexicon::builtin();
//! let mut scorer = Scorer::new(lexicon);
//! let score = scorer.score("The regime fell, officials said. “The regime is gone.”", &[]);
//! let loaded = lexicon.categories().iter().position(|c| c.name == "loaded").unwrap();
//! assert_eq!((score.own[loaded], score.quoted[loaded]), (1, 1));
//! assert_eq!((score.sentences, score.attributed_sentences), (2, 1));
//! ```

pub mod bootstrap;
pub mod lexicon;
pub mod logodds;
pub mod matcher;
pub mod outlets;

pub use bootstrap::{BootstrapOptions, Interval};
pub use lexicon::{Category, Entry, EntryKind, Lexicon};
pub use matcher::{quoted_spans, ArticleFraming, ArticleScore, FramingPass, Scorer};
pub use outlets::{
    article_score, claims_and_scores, count_and_match, distinctive_from_count, distinctive_of,
    profile_articles, profile_outlets, profile_outlets_from, with_framed_count, CategoryMap,
    DistinctiveTerm, NumberReporting, OutletGroups, OutletProfile, ProfileOptions, MIN_TERM_CHARS,
};

//! Framing: how each outlet tells its story — loaded labels, securitising and
//! legitimising language, conspiratorial framing, hedges and boosters, sourcing,
//! emotive words — and which words set it apart from the other outlets.
//!
//! This module owns:
//!
//! - the lexicon ([`Lexicon`], `models/framing.toml`): categories of words and phrases,
//!   checked once (no entry in two categories, an `attribution` category present);
//! - matching ([`Scorer`]): the lexicon resolved into a per-thread
//!   [`crate::text::tokens::WordTable`]'s stem and word ids and matched over the token
//!   stream whole-word on stems, longest phrase first, each occurrence counted once for
//!   one category; text inside quotation marks counted apart ([`quoted_spans`]: an outlet
//!   quoting a loaded term is not using it); sentences with a source counted for
//!   `attribution_share`;
//! - outlet profiles ([`profile_outlets`]): pooled rates per 1,000 own-voice words,
//!   percentile bootstrap intervals over articles ([`bootstrap`]), distinctive terms by
//!   weighted log-odds with an informative Dirichlet prior ([`logodds`], Monroe, Colaresi
//!   & Quinn 2008), and how the outlet words its figures ([`NumberReporting`], from the
//!   claims stage).
//!
//! Pure: no IO, no clock; randomness is seeded. It does not tokenise (that is
//! `text::tokens`), find figures (`claims`), read lexicon files from disk (the command
//! layer hands it the text) or format anything for people (`report`).
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
pub use matcher::{quoted_spans, ArticleScore, Scorer};
pub use outlets::{
    profile_outlets, CategoryMap, DistinctiveTerm, NumberReporting, OutletProfile, ProfileOptions,
};

//! claimscope: compare the numeric claims of news articles across outlets and measure
//! how each outlet frames its story.
//!
//! The pipeline runs `corpus` (reading files into [`corpus::Article`]s), then per-article
//! stages (`claims`), then corpus-wide ones. See `ARCHITECTURE.md` for the map.

pub mod align;
mod bytes;
pub mod claims;
pub mod cluster;
pub mod commands;
pub mod corpus;
pub mod date;
pub mod error;
pub mod framing;
pub mod report;
pub mod text;
pub mod vectorize;

pub use error::Error;

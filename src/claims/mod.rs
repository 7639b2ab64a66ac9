//! Numeric claims: every figure an article asserts, with what it counts and how sure it is.

pub mod numbers;
pub mod peer;
pub mod units;

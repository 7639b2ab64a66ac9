//! Units and counted nouns (placeholder until the table lands).

//! Finding quantities in text (placeholder until the parser lands).

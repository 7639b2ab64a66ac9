//! HTML article pages (placeholder).

use super::draft::Parsed;

pub fn parse(_content: &str) -> Parsed {
    Parsed::nothing("HTML pages are not read yet")
}

//! Reading inputs into articles.

pub mod draft;
pub mod feed;
pub mod html;

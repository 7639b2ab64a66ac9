//! The library's error type. Per-article problems are not errors: they are warnings
//! returned beside the result. These variants are for what stops a whole command.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("{path}: {message}")]
    Manifest { path: PathBuf, message: String },
    #[error("model file {name}: {message}")]
    Model { name: String, message: String },
    #[error("{message}")]
    Cluster { message: String },
}

//! PEP 751 pylock.toml.

use std::path::Path;

use crate::manifest::Manifest;
use crate::model::Format;

/// Reads `path`; errors are in the returned manifest.
pub fn read_pylock(path: &Path) -> Manifest {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_pylock(&text, path),
        Err(error) => Manifest::failed(path, Format::Pylock, crate::manifest::ReadError::io(path, &error)),
    }
}

/// Parses the text of a file found at `path` (used for positions and messages only).
pub fn parse_pylock(_text: &str, path: &Path) -> Manifest {
    Manifest::new(path, Format::Pylock)
}

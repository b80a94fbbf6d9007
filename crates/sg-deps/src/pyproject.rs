//! pyproject.toml: PEP 621, PEP 735 dependency groups and Poetry.

use std::path::Path;

use crate::manifest::Manifest;
use crate::model::Format;

/// Reads `path`; errors are in the returned manifest.
pub fn read_pyproject(path: &Path) -> Manifest {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_pyproject(&text, path),
        Err(error) => Manifest::failed(path, Format::Pyproject, crate::manifest::ReadError::io(path, &error)),
    }
}

/// Parses the text of a file found at `path` (used for positions and messages only).
pub fn parse_pyproject(_text: &str, path: &Path) -> Manifest {
    Manifest::new(path, Format::Pyproject)
}

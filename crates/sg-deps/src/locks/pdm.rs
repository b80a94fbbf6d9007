//! pdm.lock.

use std::path::Path;

use crate::manifest::Manifest;
use crate::model::Format;

/// Reads `path`; errors are in the returned manifest.
pub fn read_pdm_lock(path: &Path) -> Manifest {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_pdm_lock(&text, path),
        Err(error) => Manifest::failed(path, Format::PdmLock, crate::manifest::ReadError::io(path, &error)),
    }
}

/// Parses the text of a file found at `path` (used for positions and messages only).
pub fn parse_pdm_lock(_text: &str, path: &Path) -> Manifest {
    Manifest::new(path, Format::PdmLock)
}

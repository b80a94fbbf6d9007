//! setup.cfg: install_requires and extras_require.

use std::path::Path;

use crate::manifest::Manifest;
use crate::model::Format;

/// Reads `path`; errors are in the returned manifest.
pub fn read_setup_cfg(path: &Path) -> Manifest {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_setup_cfg(&text, path),
        Err(error) => Manifest::failed(path, Format::SetupCfg, crate::manifest::ReadError::io(path, &error)),
    }
}

/// Parses the text of a file found at `path` (used for positions and messages only).
pub fn parse_setup_cfg(_text: &str, path: &Path) -> Manifest {
    Manifest::new(path, Format::SetupCfg)
}

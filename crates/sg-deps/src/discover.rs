//! Finding dependency files under a scan root.

use std::path::{Path, PathBuf};

use crate::model::Format;

/// The dependency file format of `path`, judged by its file name.
pub fn format_of(_path: &Path) -> Option<Format> {
    None
}

/// Every dependency file under `root`, sorted by path.
pub fn discover(_root: &Path) -> Vec<(PathBuf, Format)> {
    Vec::new()
}

//! Installed environments, read from `*.dist-info/METADATA` without running Python.

use std::path::{Path, PathBuf};

use crate::manifest::{EnvVars, Manifest, ReadError};
use crate::model::{Dependency, Format};

/// Reads the installed distributions of an environment. `python` is an interpreter
/// (`.venv/bin/python`), a virtualenv root, or a `site-packages` directory.
pub fn read_environment(python: &Path) -> Manifest {
    Manifest::new(python, Format::Environment)
}

/// The `site-packages` directories of an interpreter, virtualenv root or `site-packages` path.
pub fn find_site_packages(python: &Path) -> Result<Vec<PathBuf>, ReadError> {
    Ok(vec![python.to_path_buf()])
}

/// The active virtualenv (`VIRTUAL_ENV`), if any.
pub fn active_virtualenv(env: &EnvVars) -> Option<PathBuf> {
    env.get("VIRTUAL_ENV").map(PathBuf::from)
}

/// Parses one `METADATA` file (name, version, `Requires-Dist`).
pub fn parse_metadata(_text: &str, _path: &Path) -> Result<Dependency, ReadError> {
    Err(ReadError::new(_path, None, None, crate::ReadErrorKind::Syntax, "todo"))
}

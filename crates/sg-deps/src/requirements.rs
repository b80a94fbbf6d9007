//! pip requirements files.

use std::path::Path;

use crate::manifest::{EnvVars, Manifest};
use crate::model::Format;

/// Reads a requirements file and everything it includes with `-r`/`-c` (relative to the
/// including file), expanding `${VAR}` from `env`.
pub fn read_requirements(path: &Path, _env: &EnvVars) -> Manifest {
    Manifest::new(path, Format::Requirements)
}

/// Parses requirements text as if read from `path`. Includes are not followed (they are
/// reported as errors), so this reads nothing from disk: the entry point for fuzzing.
pub fn parse_requirements(_text: &str, path: &Path, _env: &EnvVars) -> Manifest {
    Manifest::new(path, Format::Requirements)
}

//! Reading everything under a scan root into one inventory, and running the checks on it.

use std::path::{Path, PathBuf};

use sg_diagnostics::Finding;

use crate::manifest::{EnvVars, Manifest};
use crate::model::Format;
use crate::options::Options;

/// Everything the dependency scanner read under one root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inventory {
    /// The scan root; finding paths are relative to it.
    pub root: PathBuf,
    /// One per file read, sorted by path.
    pub manifests: Vec<Manifest>,
    /// The installed environment, when `--python` or `VIRTUAL_ENV` named one.
    pub environment: Option<Manifest>,
}

/// How [`collect`] reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CollectOptions {
    /// `--python PATH`: interpreter, virtualenv or site-packages to read.
    pub python: Option<PathBuf>,
    /// Whether to fall back to `VIRTUAL_ENV` when `python` is not set.
    pub use_active_virtualenv: bool,
    pub env: EnvVars,
}

/// Reads one file of a known format.
pub fn read_file(path: &Path, format: Format, env: &EnvVars) -> Manifest {
    let _ = env;
    Manifest::new(path, format)
}

/// Discovers and reads every dependency file under `root`, plus the environment.
pub fn collect(root: &Path, options: &CollectOptions) -> Inventory {
    let _ = options;
    Inventory {
        root: root.to_path_buf(),
        manifests: Vec::new(),
        environment: None,
    }
}

/// The `DEP1xx`/`DEP2xx` findings for an inventory, sorted.
pub fn check(inventory: &Inventory, options: &Options) -> Vec<Finding> {
    let _ = (inventory, options);
    Vec::new()
}

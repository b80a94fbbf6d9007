//! One module per subcommand, plus what they share: the scan root and configuration lookup.

pub mod api;
pub mod audit;
pub mod db;
pub mod deps;
pub mod init;
pub mod pickle;
pub mod rule;
pub mod scan;

use std::path::{Path, PathBuf};

use crate::CommandError;
use crate::config::{self, Config, ConfigSource};

/// The directory findings are shown relative to: where snakeguard runs, as ruff does, so
/// that paths in SARIF and GitHub annotations match the repository when run from its root.
pub fn scan_root() -> Result<PathBuf, CommandError> {
    std::env::current_dir()
        .map_err(|error| CommandError::usage(format!("cannot read the current directory: {error}")))
}

/// The configuration for a command: `--config FILE`, or discovered from `start` upwards.
pub fn load_config(
    explicit: Option<&Path>,
    start: &Path,
) -> Result<(Config, ConfigSource), CommandError> {
    match explicit {
        Some(path) => config::load_file(path),
        None => config::discover(start),
    }
    .map_err(|error| CommandError::usage(error.to_string()))
}

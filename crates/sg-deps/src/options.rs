//! `[tool.snakeguard.deps]`.

use serde::Deserialize;

/// Options of the dependency checks, read from `[tool.snakeguard.deps]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

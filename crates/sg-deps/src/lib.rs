//! Dependency readers and the dependency checks of `snakeguard scan` (`DEP1xx` pinning,
//! `DEP2xx` typosquatting).
//!
//! Every Python manifest, lockfile and installed environment is read into one model,
//! [`Dependency`] (name PEP 503-normalised, exact PEP 440 version when pinned, specifier,
//! markers, extras, hashes, source, origin with line and version position), so that the
//! pinning checks here and the vulnerability audit in `sg-audit` see the same picture.
//! Nothing is executed: environments are read from `*.dist-info/METADATA`.
//!
//! # API for the binary
//!
//! - Reading: [`discover`] lists the dependency files under a scan root, [`format_of`] says
//!   whether one path is such a file, [`read_file`] reads one, [`collect`] does both and adds
//!   an installed environment (`--python PATH` or `VIRTUAL_ENV`) into an [`Inventory`].
//!   Per-format readers: [`read_requirements`], [`read_pyproject`], [`read_setup_cfg`],
//!   [`read_uv_lock`], [`read_poetry_lock`], [`read_pipfile_lock`], [`read_pdm_lock`],
//!   [`read_pylock`], [`read_environment`] (each with a `parse_*` twin taking text).
//! - Errors never abort: each [`Manifest`] carries its [`ReadError`]s (file, line, column);
//!   [`ReadError::to_finding`] turns one into an `SG001`/`SG003` finding.
//! - Checks: [`check`] returns the `DEP1xx`/`DEP2xx` findings for an inventory, with paths
//!   relative to the inventory root; [`rules`] lists every rule this crate can emit.
//! - `snakeguard deps [PATH]`: [`listing`] gives the rows, [`render_table`] and
//!   [`render_json`] turn an inventory into the text to print.
//! - Configuration: [`Options`] is `[tool.snakeguard.deps]`.

mod collect;
mod discover;
mod environment;
mod locks;
mod manifest;
mod model;
mod options;
mod pyproject;
mod render;
mod requirements;
pub mod rules;
mod setup_cfg;
mod text;
mod toml_doc;
pub mod typosquat;
mod url;

pub use collect::{CollectOptions, Inventory, check, collect, read_file};
pub use discover::{discover, format_of};
pub use environment::{active_virtualenv, find_site_packages, parse_metadata, read_environment};
pub use locks::pdm::{parse_pdm_lock, read_pdm_lock};
pub use locks::pipfile::{parse_pipfile_lock, read_pipfile_lock};
pub use locks::poetry::{parse_poetry_lock, read_poetry_lock};
pub use locks::pylock::{parse_pylock, read_pylock};
pub use locks::uv::{parse_uv_lock, read_uv_lock};
pub use manifest::{EnvVars, Manifest, OptionValue, PipOptions, ReadError, ReadErrorKind};
pub use model::{
    Dependency, Format, Hash, InvalidPackageName, Origin, PackageName, Relation, Source, TextRange,
    Vcs,
};
pub use options::Options;
pub use pyproject::{parse_pyproject, read_pyproject};
pub use render::{ListedDependency, listing, render_json, render_table};
pub use requirements::{parse_requirements, read_requirements};
pub use rules::rules;
pub use setup_cfg::{parse_setup_cfg, read_setup_cfg};

/// The `pep440_rs` and `pep508_rs` crates the model is built on, so users name the same types.
pub use pep440_rs;
pub use pep508_rs;

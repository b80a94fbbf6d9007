//! Dependency readers and the dependency checks of `snakeguard scan` (`DEP1xx` pinning,
//! `DEP2xx` typosquatting).
//!
//! Every Python manifest, lockfile and installed environment is read into one model,
//! [`Dependency`] (name PEP 503-normalised, exact PEP 440 version when pinned, specifier,
//! markers, extras, hashes, source, origin with line and version position, direct or
//! transitive), so that the pinning checks here and the vulnerability audit in `sg-audit` see
//! the same picture. Nothing is executed: environments are read from `*.dist-info/METADATA`.
//!
//! # API for the binary
//!
//! - **Reading.** [`discover`] lists the dependency files under a scan root (gitignore-aware,
//!   never entering virtualenvs), [`format_of`] says whether one path is such a file,
//!   [`read_file`] reads one file of a known format, and [`collect`] does all of it and adds
//!   an installed environment (`--python PATH`, or `VIRTUAL_ENV` when
//!   [`CollectOptions::use_active_virtualenv`] is set) into an [`Inventory`]. A requirements
//!   file included by another one is read through the including file and not listed twice.
//! - **Per-format readers**, each with a `parse_*` twin taking text: [`read_requirements`]
//!   (pip syntax; `${VAR}` from [`EnvVars`]), [`read_pyproject`], [`read_setup_cfg`],
//!   [`read_pipfile`], [`read_uv_lock`], [`read_poetry_lock`], [`read_pipfile_lock`], [`read_pdm_lock`],
//!   [`read_pylock`], [`read_environment`] (plus [`find_site_packages`],
//!   [`active_virtualenv`], [`parse_metadata`]).
//! - **Errors never abort.** Each [`Manifest`] carries its [`ReadError`]s (file, line,
//!   column, kind); [`Inventory::errors`] lists them all, sorted; [`ReadError::to_finding`]
//!   turns one into an `SG001` (unparsable) or `SG003` (unreadable) finding.
//! - **Checks.** [`check`] returns the sorted `DEP1xx`/`DEP2xx` findings of an inventory,
//!   with paths relative to [`Inventory::root`]; [`rules()`] lists every rule this crate can
//!   emit, in code order. Findings carry `package` (and `version`) extras and a fingerprint
//!   key that survives version bumps; typosquat findings add `resembles` and `technique`.
//! - **`snakeguard deps [PATH]`.** [`listing`] gives the rows (sorted by file, line, name),
//!   [`render_table`] a plain-text table (with read errors at the end) and [`render_json`]
//!   `{"version": 1, "dependencies": [...], "errors": [...]}`.
//! - **Configuration.** [`Options`] is `[tool.snakeguard.deps]`: `lock-files`,
//!   `not-lock-files`, `require-hashes`, `index-urls`, `typosquat-allowlist`,
//!   `typosquat-targets`.
//! - **Typosquat detector.** [`typosquat::Detector`] over the embedded corpus
//!   ([`typosquat::TOP_PYPI`], built from `../shared/data/top-pypi.txt`) with its documented
//!   allowlist of known-good pairs ([`typosquat::KNOWN_GOOD`]).
//!
//! # For `sg-audit`
//!
//! [`Dependency::version`] is set for exact pins (`==`/`===` without wildcard), lockfile
//! packages and installed distributions; [`Origin::version_range`] is the byte range of that
//! version in the file (`1.0` in `foo==1.0`, the content of a lockfile `version = "1.0"`),
//! set only when the file holds it byte for byte, so a fixer can splice a new version in.

mod collect;
mod discover;
mod environment;
mod locks;
mod manifest;
mod model;
mod options;
mod pipfile;
mod pyproject;
mod render;
mod requirements;
pub mod rules;
mod setup_cfg;
mod table_source;
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
pub use pipfile::{parse_pipfile, read_pipfile};
pub use pyproject::{parse_pyproject, read_pyproject};
pub use render::{ListedDependency, listing, render_json, render_table};
pub use requirements::{parse_requirements, read_requirements};
pub use rules::rules;
pub use setup_cfg::{parse_setup_cfg, read_setup_cfg};

/// The `pep440_rs` and `pep508_rs` crates the model is built on, so users name the same types.
pub use pep440_rs;
pub use pep508_rs;

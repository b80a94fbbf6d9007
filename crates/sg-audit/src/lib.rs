//! Vulnerability audit: an offline OSV database, exact PEP 440 matching, fixes in place.
//!
//! pip-audit builds a virtualenv, asks a web service per package, and says "No known
//! vulnerabilities found" when it could not check anything. This crate audits from a local
//! copy of the OSV data, reads only the packages it needs from an on-disk index, matches
//! exactly as the OSV schema specifies, and lists every dependency it could not audit.
//!
//! # API for the binary
//!
//! Database (`snakeguard db update | status | path`, `--db PATH`):
//! - [`Cache::from_env`] (honours `SNAKEGUARD_CACHE_DIR`), [`Cache::dir`] for `db path`,
//!   [`Cache::status`] → [`DbStatus`] for `db status` (source, age, counts, `stale` after
//!   7 days, index health; [`describe_age`] formats the age).
//! - [`update`] with [`UpdateOptions`] (`url` defaults to [`DEFAULT_URL`]; `--url` sets it,
//!   and a `url` without `http(s)://` is a local file, for air-gapped mirrors)
//!   → [`UpdateOutcome`]. Pass a [`Progress`] implementation to draw a bar; the library
//!   never prints. The index is built from the zip on disk one record at a time (per-package
//!   pieces spilled to a temporary file, then written sorted), so memory stays bounded
//!   whatever the size of the export; [`Cache::rebuild_index`] does the same for a damaged
//!   index. Each package entry holds binary match records (ranges, ids, hashed listed
//!   versions) ahead of the JSON records, so an audit matches without parsing JSON.
//! - [`Database::package`] → [`PackageAdvisories`]: one package's advisories, matched
//!   exactly on the match records, full records decoded only when asked for.
//! - [`Database::open`] for an audit: `--db PATH` (or config `db`) when given, else the
//!   cache. Underneath, [`Database::open_cache`] (rebuilds a damaged index from the download;
//!   [`DbError::Missing`] when there is nothing, with [`DbError::hint`] naming the command),
//!   or [`Database::load`] for `--db PATH` (OSV zip, folder of OSV JSON, PyPA checkout).
//!
//! Audit (`snakeguard audit`, and the `DEP0xx` part of `snakeguard scan`):
//! - Read dependencies with `sg-deps` (`-r`, `--lock`, `--python`, discovery), then
//!   [`audit_manifests`] or [`audit`] with [`AuditSettings::new`] (config [`Options`],
//!   `--ignore-vuln` ids, `--severity`, `--strict`) → [`AuditReport`]: `findings` (`DEP001`,
//!   `DEP002`, extras `package`, `version`, `advisory`, `aliases`, `fixed_versions`,
//!   `fix_version`, `cvss_score`…), `packages` (grouped), `not_audited` (never silent;
//!   [`AuditReport::strict_failure`] for `--strict`), `ignored`, `warnings` (unused ignores,
//!   stale database) and `notes` (data problems, for `-v`).
//! - `--fix`: [`plan_fixes`] → [`FixPlan`] with per-file new texts and a unified diff
//!   (`--dry-run` prints [`FixPlan::diff`]; otherwise [`FixPlan::apply`] writes), warnings
//!   about removed hashes, and for lockfiles the command to run (`uv lock
//!   --upgrade-package X`, `poetry update X`).
//! - Renderers the generic finding renderers do not cover: [`render_markdown`] and
//!   [`render_cyclonedx`] (CycloneDX 1.5 JSON with `vulnerabilities`).
//! - [`rules`] lists `DEP001` and `DEP002`; [`Options`] is `[tool.snakeguard.audit]`.

mod audit;
mod build;
mod cache;
mod database;
mod error;
mod fix;
mod index;
mod match_record;
pub mod matcher;
mod options;
pub mod osv;
mod package;
mod progress;
mod render;
pub mod rules;
mod severity;
mod source;
mod update;
mod yaml;

pub use audit::{
    AuditReport, AuditSettings, Ignore, IgnoreOrigin, IgnoredVulnerability, NotAudited,
    NotAuditedReason, Vulnerability, VulnerablePackage, audit, audit_manifests,
};
pub use cache::{
    CACHE_DIR_ENV, Cache, DEFAULT_URL, DbStatus, STALE_AFTER_SECONDS, default_cache_dir,
    describe_age,
};
pub use database::Database;
pub use error::DbError;
pub use fix::{FileFix, FixPlan, LockfileFix, plan_fixes};
pub use index::{IndexHeader, SourceInfo};
pub use options::{IgnoreVuln, Options};
pub use package::PackageAdvisories;
pub use progress::{NoProgress, Phase, Progress};
pub use render::{render_cyclonedx, render_markdown};
pub use rules::rules;
pub use severity::Assessed;
pub use source::{DbStats, SourceKind, load_zip_bytes, parse_record};
pub use update::{UpdateOptions, UpdateOutcome, update};

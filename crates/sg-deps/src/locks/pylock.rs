//! PEP 751 `pylock.toml` and `pylock.<name>.toml`.
//!
//! ```toml
//! lock-version = "1.0"               # required; an unknown major version is refused
//! [[packages]]
//! name = "attrs"
//! version = "25.1.0"                 # optional for VCS, directory and some archives
//! marker = "…"
//! index = "https://pypi.org/simple"
//! dependencies = [{ name = "…" }]
//! # exactly one source kind:
//! vcs = { type = "git", url = "…", requested-revision = "…", commit-id = "…" }
//! directory = { path = "…", editable = true }
//! archive = { url = "…", hashes = { sha256 = "…" } }
//! sdist = { url = "…", hashes = { sha256 = "…" } }
//! wheels = [{ url = "…", hashes = { sha256 = "…" } }]
//! ```
//!
//! Hashes live per file; a package's hashes are the union over its files.

use std::path::Path;

use toml::de::DeTable;

use crate::locks::{relations_from_edges, tidy, toml_package};
use crate::manifest::{Manifest, ReadError, ReadErrorKind};
use crate::model::{Format, Hash, PackageName, Source, Vcs};
use crate::toml_doc::{Document, get, get_array, get_bool, get_scalar_text, get_str, get_table};
use crate::url::{is_commit_id, redact_credentials};

/// The PEP 751 major version this reader implements.
const SUPPORTED_MAJOR: &str = "1";

/// Reads `path`; errors are in the returned manifest.
pub fn read_pylock(path: &Path) -> Manifest {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_pylock(&text, path),
        Err(error) => Manifest::failed(path, Format::Pylock, ReadError::io(path, &error)),
    }
}

fn hashes_of(artifact: &DeTable<'_>) -> Vec<Hash> {
    get_table(artifact, "hashes")
        .map(|hashes| {
            hashes
                .iter()
                .filter_map(|(algorithm, digest)| {
                    Hash::parse(&format!(
                        "{}:{}",
                        algorithm.get_ref(),
                        digest.get_ref().as_str()?
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Parses the text of a `pylock.toml` found at `path`.
pub fn parse_pylock(text: &str, path: &Path) -> Manifest {
    let mut manifest = Manifest::new(path, Format::Pylock);
    let Some(document) = Document::parse_into(text, path, &mut manifest) else {
        return manifest;
    };
    let root = document.root();
    manifest.lock_version = get_scalar_text(root, "lock-version");
    let (Some(version), Some(value)) = (&manifest.lock_version, get(root, "lock-version")) else {
        manifest.errors.push(ReadError::new(
            path,
            Some(1),
            Some(1),
            ReadErrorKind::InvalidField,
            "missing `lock-version` (required by PEP 751)",
        ));
        return manifest;
    };
    if version.split('.').next() != Some(SUPPORTED_MAJOR) {
        manifest.errors.push(document.error_at(
            value,
            ReadErrorKind::UnsupportedVersion,
            format!("unsupported pylock lock-version {version} (this reader knows 1.x)"),
        ));
        return manifest;
    }
    let Some(packages) = get(root, "packages") else {
        return manifest;
    };
    let Some(packages) = packages.get_ref().as_array() else {
        manifest.errors.push(document.error_at(
            packages,
            ReadErrorKind::InvalidField,
            "`packages` must be an array of tables",
        ));
        return manifest;
    };
    for package_value in packages {
        let Some(package) = package_value.get_ref().as_table() else {
            manifest.errors.push(document.error_at(
                package_value,
                ReadErrorKind::InvalidField,
                "`packages` entries must be tables",
            ));
            continue;
        };
        let Some(mut dependency) = toml_package(
            &document,
            package_value,
            package,
            Format::Pylock,
            &mut manifest,
        ) else {
            continue;
        };
        dependency.markers = get_str(package, "marker").map(str::to_string);
        if let Some(index) = get_str(package, "index") {
            dependency.source = Source::Index {
                url: Some(redact_credentials(index)),
            };
        }
        if let Some(vcs) = get_table(package, "vcs") {
            let kind = match get_str(vcs, "type").unwrap_or("git") {
                "hg" => Vcs::Hg,
                "svn" => Vcs::Svn,
                "bzr" => Vcs::Bzr,
                _ => Vcs::Git,
            };
            dependency.source = Source::Vcs {
                vcs: kind,
                url: redact_credentials(
                    get_str(vcs, "url")
                        .or_else(|| get_str(vcs, "path"))
                        .unwrap_or(""),
                ),
                revision: get_str(vcs, "requested-revision").map(str::to_string),
                commit: get_str(vcs, "commit-id")
                    .filter(|commit| is_commit_id(commit))
                    .map(str::to_string),
            };
        } else if let Some(directory) = get_table(package, "directory") {
            let path = get_str(directory, "path").unwrap_or("").to_string();
            dependency.source = if get_bool(directory, "editable") == Some(true) {
                Source::Editable { target: path }
            } else {
                Source::Path { path }
            };
        } else if let Some(archive) = get_table(package, "archive") {
            dependency.hashes.extend(hashes_of(archive));
            dependency.source = match (get_str(archive, "url"), get_str(archive, "path")) {
                (Some(url), _) => Source::Url {
                    url: redact_credentials(url),
                },
                (None, path) => Source::Path {
                    path: path.unwrap_or("").to_string(),
                },
            };
        }
        for artifact in get_table(package, "sdist").into_iter().chain(
            get_array(package, "wheels")
                .unwrap_or(&[])
                .iter()
                .filter_map(|wheel| wheel.get_ref().as_table()),
        ) {
            dependency.hashes.extend(hashes_of(artifact));
        }
        dependency.requires = get_array(package, "dependencies")
            .unwrap_or(&[])
            .iter()
            .filter_map(|edge| edge.get_ref().as_table())
            .filter_map(|edge| get_str(edge, "name"))
            .filter_map(|name| PackageName::new(name).ok())
            .collect();
        manifest.dependencies.push(dependency);
    }
    relations_from_edges(&mut manifest.dependencies);
    tidy(&mut manifest.dependencies);
    manifest
}

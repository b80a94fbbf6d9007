//! `pdm.lock` (TOML):
//!
//! ```toml
//! [metadata]
//! groups = ["default", "dev"]
//! lock_version = "4.5.0"
//! [[package]]
//! name = "certifi"
//! version = "2024.8.30"
//! groups = ["default"]
//! marker = "…"
//! dependencies = ["idna>=2.5"]       # PEP 508 strings
//! files = [{file = "…", hash = "sha256:…"}]
//! git = "…"  ref = "…"  revision = "<commit>"   # or path = "…" (editable = true), url = "…"
//! ```

use std::path::Path;

use crate::locks::{hash_from_text, relations_from_edges, tidy, toml_package};
use crate::manifest::{Manifest, ReadError, ReadErrorKind};
use crate::model::{Format, PackageName, Source, Vcs};
use crate::toml_doc::{Document, get, get_array, get_bool, get_scalar_text, get_str, get_table};
use crate::url::{classify, is_commit_id, redact_credentials};

/// Reads `path`; errors are in the returned manifest.
pub fn read_pdm_lock(path: &Path) -> Manifest {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_pdm_lock(&text, path),
        Err(error) => Manifest::failed(path, Format::PdmLock, ReadError::io(path, &error)),
    }
}

/// The distribution name at the start of a PEP 508 string (enough for an edge).
pub(crate) fn leading_name(requirement: &str) -> Option<PackageName> {
    let end = requirement
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        .unwrap_or(requirement.len());
    PackageName::new(requirement.get(..end)?).ok()
}

/// Parses the text of a `pdm.lock` found at `path`.
pub fn parse_pdm_lock(text: &str, path: &Path) -> Manifest {
    let mut manifest = Manifest::new(path, Format::PdmLock);
    let Some(document) = Document::parse_into(text, path, &mut manifest) else {
        return manifest;
    };
    let root = document.root();
    let metadata = get_table(root, "metadata");
    manifest.lock_version = metadata.and_then(|metadata| get_scalar_text(metadata, "lock_version"));
    if let Some(version) = &manifest.lock_version {
        let major = version.split('.').next().unwrap_or("");
        if !matches!(major, "3" | "4")
            && let Some(value) = metadata.and_then(|metadata| get(metadata, "lock_version"))
        {
            manifest.errors.push(document.error_at(
                value,
                ReadErrorKind::UnsupportedVersion,
                format!(
                    "unsupported pdm.lock lock_version {version} (this reader knows 3.x and 4.x)"
                ),
            ));
            return manifest;
        }
    }
    let Some(packages) = get(root, "package") else {
        return manifest;
    };
    let Some(packages) = packages.get_ref().as_array() else {
        manifest.errors.push(document.error_at(
            packages,
            ReadErrorKind::InvalidField,
            "`package` must be an array of tables",
        ));
        return manifest;
    };
    for package_value in packages {
        let Some(package) = package_value.get_ref().as_table() else {
            manifest.errors.push(document.error_at(
                package_value,
                ReadErrorKind::InvalidField,
                "`package` entries must be tables",
            ));
            continue;
        };
        let Some(mut dependency) = toml_package(
            &document,
            package_value,
            package,
            Format::PdmLock,
            &mut manifest,
        ) else {
            continue;
        };
        dependency.hashes.extend(
            get_array(package, "files")
                .unwrap_or(&[])
                .iter()
                .filter_map(|file| file.get_ref().as_table())
                .filter_map(|file| get_str(file, "hash"))
                .filter_map(hash_from_text),
        );
        let groups: Vec<&str> = get_array(package, "groups")
            .unwrap_or(&[])
            .iter()
            .filter_map(|group| group.get_ref().as_str())
            .collect();
        dependency.group = if groups.is_empty() || groups.contains(&"default") {
            None
        } else {
            groups.first().map(|group| (*group).to_string())
        };
        dependency.markers = get_str(package, "marker").map(str::to_string);
        dependency.requires = get_array(package, "dependencies")
            .unwrap_or(&[])
            .iter()
            .filter_map(|edge| edge.get_ref().as_str())
            .filter_map(leading_name)
            .collect();
        if let Some(git) = get_str(package, "git") {
            dependency.source = Source::Vcs {
                vcs: Vcs::Git,
                url: redact_credentials(git),
                revision: get_str(package, "ref").map(str::to_string),
                commit: get_str(package, "revision")
                    .filter(|commit| is_commit_id(commit))
                    .map(str::to_string),
            };
        } else if let Some(path) = get_str(package, "path") {
            dependency.source = if get_bool(package, "editable") == Some(true) {
                Source::Editable {
                    target: path.to_string(),
                }
            } else {
                Source::Path {
                    path: path.to_string(),
                }
            };
        } else if let Some(url) = get_str(package, "url") {
            dependency.source = classify(url).source;
        }
        manifest.dependencies.push(dependency);
    }
    relations_from_edges(&mut manifest.dependencies);
    tidy(&mut manifest.dependencies);
    manifest
}

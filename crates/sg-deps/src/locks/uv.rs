//! `uv.lock` (uv's universal lockfile, TOML, `version = 1`).
//!
//! ```toml
//! version = 1
//! [[package]]
//! name = "anyio"
//! version = "4.8.0"
//! source = { registry = "https://pypi.org/simple" }   # or git / url / path / directory / editable / virtual
//! dependencies = [{ name = "idna" }, { name = "sniffio", marker = "…" }]
//! sdist = { url = "…", hash = "sha256:…", size = 1 }
//! wheels = [{ url = "…", hash = "sha256:…", size = 1 }]
//! [package.optional-dependencies]   # extra -> edges
//! [package.dev-dependencies]        # group -> edges
//! ```
//!
//! Workspace members and the project itself (`source = { editable = … }` or `virtual`) are
//! the roots: they are not listed as dependencies, and the packages they name are direct.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use toml::de::DeTable;

use crate::locks::{hash_from_text, tidy, toml_package};
use crate::manifest::{Manifest, ReadError, ReadErrorKind};
use crate::model::{Format, PackageName, Relation, Source, Vcs};
use crate::toml_doc::{Document, get, get_array, get_scalar_text, get_str, get_table};
use crate::url::{is_commit_id, redact_credentials};

/// Reads `path`; errors are in the returned manifest.
pub fn read_uv_lock(path: &Path) -> Manifest {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_uv_lock(&text, path),
        Err(error) => Manifest::failed(path, Format::UvLock, ReadError::io(path, &error)),
    }
}

/// Parses the text of a `uv.lock` found at `path`.
pub fn parse_uv_lock(text: &str, path: &Path) -> Manifest {
    let mut manifest = Manifest::new(path, Format::UvLock);
    let Some(document) = Document::parse_into(text, path, &mut manifest) else {
        return manifest;
    };
    let root = document.root();
    manifest.lock_version = get_scalar_text(root, "version");
    if let Some(version) = &manifest.lock_version
        && version != "1"
        && let Some(value) = get(root, "version")
    {
        manifest.errors.push(document.error_at(
            value,
            ReadErrorKind::UnsupportedVersion,
            format!("unsupported uv.lock version {version} (this reader knows version 1)"),
        ));
        return manifest;
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
    // (name, group) of every edge out of a root; group None = main dependencies.
    let mut root_edges: BTreeMap<PackageName, Option<String>> = BTreeMap::new();
    for package_value in packages {
        let Some(package) = package_value.get_ref().as_table() else {
            manifest.errors.push(document.error_at(
                package_value,
                ReadErrorKind::InvalidField,
                "`package` entries must be tables",
            ));
            continue;
        };
        let source = get_table(package, "source");
        let is_root = source.is_some_and(|source| {
            get(source, "editable").is_some() || get(source, "virtual").is_some()
        });
        if is_root {
            for (name, group) in edges(package) {
                let entry = root_edges.entry(name).or_insert_with(|| group.clone());
                if group.is_none() {
                    *entry = None;
                }
            }
            continue;
        }
        let Some(mut dependency) = toml_package(
            &document,
            package_value,
            package,
            Format::UvLock,
            &mut manifest,
        ) else {
            continue;
        };
        if let Some(source) = source {
            dependency.source = uv_source(source);
        }
        for artifact in get_table(package, "sdist").into_iter().chain(
            get_array(package, "wheels")
                .unwrap_or(&[])
                .iter()
                .filter_map(|wheel| wheel.get_ref().as_table()),
        ) {
            if let Some(hash) = get_str(artifact, "hash").and_then(hash_from_text) {
                dependency.hashes.push(hash);
            }
        }
        // Only the main edges: an extra's edges apply only when someone asks for the extra.
        dependency.requires = edges(package)
            .into_iter()
            .filter(|(_, group)| group.is_none())
            .map(|(name, _)| name)
            .collect();
        dependency.relation = Relation::Transitive;
        manifest.dependencies.push(dependency);
    }
    if root_edges.is_empty() {
        // No project entry (an old or partial lock): the edges are all we know.
        for dependency in &mut manifest.dependencies {
            dependency.relation = Relation::Unknown;
        }
        crate::locks::relations_from_edges(&mut manifest.dependencies);
    } else {
        for dependency in &mut manifest.dependencies {
            if let Some(group) = root_edges.get(&dependency.name) {
                dependency.relation = Relation::Direct;
                dependency.group.clone_from(group);
            }
        }
    }
    tidy(&mut manifest.dependencies);
    manifest
}

/// Every edge of a package: main dependencies (group `None`), extras and dev groups.
fn edges(package: &DeTable<'_>) -> Vec<(PackageName, Option<String>)> {
    let names = |list: &[crate::toml_doc::Value<'_>]| -> Vec<PackageName> {
        list.iter()
            .filter_map(|edge| edge.get_ref().as_table())
            .filter_map(|edge| get_str(edge, "name"))
            .filter_map(|name| PackageName::new(name).ok())
            .collect()
    };
    let mut edges: Vec<(PackageName, Option<String>)> =
        names(get_array(package, "dependencies").unwrap_or(&[]))
            .into_iter()
            .map(|name| (name, None))
            .collect();
    for key in ["optional-dependencies", "dev-dependencies"] {
        if let Some(groups) = get_table(package, key) {
            for (group, list) in groups {
                let list = list.get_ref().as_array().map_or(&[][..], |a| &a[..]);
                edges.extend(
                    names(list)
                        .into_iter()
                        .map(|name| (name, Some(group.get_ref().to_string()))),
                );
            }
        }
    }
    let mut seen = BTreeSet::new();
    edges.retain(|(name, group)| seen.insert((name.clone(), group.clone())));
    edges
}

fn uv_source(source: &DeTable<'_>) -> Source {
    if let Some(registry) = get_str(source, "registry") {
        return Source::Index {
            url: Some(redact_credentials(registry)),
        };
    }
    if let Some(git) = get_str(source, "git") {
        // `https://host/repo?rev=v1#<commit>` (also `?tag=`, `?branch=`).
        let (without_fragment, commit) = match git.split_once('#') {
            Some((url, commit)) => (url, Some(commit.to_string())),
            None => (git, None),
        };
        let revision = without_fragment.split_once('?').and_then(|(_, query)| {
            query.split('&').find_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                matches!(key, "rev" | "tag" | "branch").then(|| value.to_string())
            })
        });
        return Source::Vcs {
            vcs: Vcs::Git,
            url: redact_credentials(git),
            revision,
            commit: commit.filter(|commit| is_commit_id(commit)),
        };
    }
    if let Some(url) = get_str(source, "url") {
        return Source::Url {
            url: redact_credentials(url),
        };
    }
    if let Some(path) = get_str(source, "path").or_else(|| get_str(source, "directory")) {
        return Source::Path {
            path: path.to_string(),
        };
    }
    Source::DEFAULT_INDEX
}

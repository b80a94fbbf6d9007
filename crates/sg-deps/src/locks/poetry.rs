//! `poetry.lock` (TOML), both hash layouts:
//!
//! ```toml
//! [[package]]
//! name = "certifi"
//! version = "2024.2.2"
//! groups = ["main"]                  # Poetry 2; older locks: category = "main" | "dev"
//! markers = "…"                      # or a table keyed by group
//! files = [{file = "…", hash = "sha256:…"}]     # lock-version >= 2.0
//! [package.dependencies]             # name -> constraint or table
//! [package.source]                   # type = git | directory | file | url | legacy
//! [metadata]
//! lock-version = "2.1"
//! [metadata.files]                   # lock-version 1.x: name -> [{file, hash}]
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use crate::locks::{hash_from_text, relations_from_edges, tidy, toml_package};
use crate::manifest::{Manifest, ReadError, ReadErrorKind};
use crate::model::{Format, Hash, PackageName, Source, Vcs};
use crate::toml_doc::{
    Document, Value, get, get_array, get_bool, get_scalar_text, get_str, get_table,
};
use crate::url::{classify, is_commit_id, redact_credentials};

/// Reads `path`; errors are in the returned manifest.
pub fn read_poetry_lock(path: &Path) -> Manifest {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_poetry_lock(&text, path),
        Err(error) => Manifest::failed(path, Format::PoetryLock, ReadError::io(path, &error)),
    }
}

fn file_hashes(files: &[Value<'_>]) -> Vec<Hash> {
    files
        .iter()
        .filter_map(|file| file.get_ref().as_table())
        .filter_map(|file| get_str(file, "hash"))
        .filter_map(hash_from_text)
        .collect()
}

/// Parses the text of a `poetry.lock` found at `path`.
pub fn parse_poetry_lock(text: &str, path: &Path) -> Manifest {
    let mut manifest = Manifest::new(path, Format::PoetryLock);
    let Some(document) = Document::parse_into(text, path, &mut manifest) else {
        return manifest;
    };
    let root = document.root();
    let metadata = get_table(root, "metadata");
    manifest.lock_version = metadata.and_then(|metadata| get_scalar_text(metadata, "lock-version"));
    if let Some(version) = &manifest.lock_version {
        let major = version.split('.').next().unwrap_or("");
        if !matches!(major, "1" | "2")
            && let Some(value) = metadata.and_then(|metadata| get(metadata, "lock-version"))
        {
            manifest.errors.push(document.error_at(
                value,
                ReadErrorKind::UnsupportedVersion,
                format!(
                    "unsupported poetry.lock lock-version {version} (this reader knows 1.x and 2.x)"
                ),
            ));
            return manifest;
        }
    }
    // The old layout keeps hashes apart, keyed by (unnormalised) name.
    let mut old_hashes: BTreeMap<PackageName, Vec<Hash>> = BTreeMap::new();
    if let Some(files) = metadata.and_then(|metadata| get_table(metadata, "files")) {
        for (name, list) in files {
            if let (Ok(name), Some(list)) =
                (PackageName::new(name.get_ref()), list.get_ref().as_array())
            {
                old_hashes
                    .entry(name)
                    .or_default()
                    .extend(file_hashes(list));
            }
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
            Format::PoetryLock,
            &mut manifest,
        ) else {
            continue;
        };
        dependency
            .hashes
            .extend(file_hashes(get_array(package, "files").unwrap_or(&[])));
        if let Some(hashes) = old_hashes.get(&dependency.name) {
            dependency.hashes.extend(hashes.iter().cloned());
        }
        let groups: Vec<&str> = get_array(package, "groups")
            .unwrap_or(&[])
            .iter()
            .filter_map(|group| group.get_ref().as_str())
            .collect();
        dependency.group = if groups.is_empty() {
            get_str(package, "category")
                .filter(|category| *category != "main")
                .map(str::to_string)
        } else if groups.contains(&"main") {
            None
        } else {
            groups.first().map(|group| (*group).to_string())
        };
        dependency.markers = match get(package, "markers").map(toml::Spanned::get_ref) {
            Some(toml::de::DeValue::String(markers)) => Some(markers.to_string()),
            Some(toml::de::DeValue::Table(by_group)) => get_str(by_group, "main")
                .or_else(|| {
                    by_group
                        .iter()
                        .find_map(|(_, value)| value.get_ref().as_str())
                })
                .map(str::to_string),
            _ => None,
        };
        if let Some(source) = get_table(package, "source") {
            let url = get_str(source, "url").unwrap_or("");
            dependency.source = match get_str(source, "type").unwrap_or("") {
                "git" => Source::Vcs {
                    vcs: Vcs::Git,
                    url: redact_credentials(url),
                    revision: get_str(source, "reference").map(str::to_string),
                    commit: get_str(source, "resolved_reference")
                        .filter(|commit| is_commit_id(commit))
                        .map(str::to_string),
                },
                "directory" if get_bool(package, "develop") == Some(true) => Source::Editable {
                    target: url.to_string(),
                },
                "directory" | "file" => Source::Path {
                    path: url.to_string(),
                },
                "url" => classify(url).source,
                _ => Source::Index {
                    url: Some(redact_credentials(url)),
                },
            };
        }
        if let Some(requires) = get_table(package, "dependencies") {
            dependency.requires = requires
                .iter()
                .filter_map(|(name, _)| PackageName::new(name.get_ref()).ok())
                .collect();
        }
        manifest.dependencies.push(dependency);
    }
    relations_from_edges(&mut manifest.dependencies);
    tidy(&mut manifest.dependencies);
    manifest
}

//! Lockfile readers: every package of the lock with its exact version, hashes and source.
//!
//! Lockfiles are TOML (uv, Poetry, PDM, PEP 751) or JSON (Pipfile.lock). Each package
//! becomes one [`Dependency`] whose origin points at its `name` entry and whose
//! `version_range` is the content of its `version` string, so findings land on the package
//! and a fixer could rewrite the version.

pub(crate) mod pdm;
pub(crate) mod pipfile;
pub(crate) mod poetry;
pub(crate) mod pylock;
pub(crate) mod uv;

use std::collections::BTreeSet;

use pep440_rs::Version;
use toml::de::DeTable;

use crate::manifest::{Manifest, ReadErrorKind};
use crate::model::{Dependency, Format, Hash, PackageName, Relation};
use crate::toml_doc::{Document, Value, get};

/// Reads `name` and `version` of one TOML package table into a dependency with its origin.
/// Errors (missing or invalid name, invalid version) go to the manifest and yield `None`.
pub(crate) fn toml_package(
    document: &Document<'_>,
    package_value: &Value<'_>,
    package: &DeTable<'_>,
    format: Format,
    manifest: &mut Manifest,
) -> Option<Dependency> {
    let Some(name_value) = get(package, "name") else {
        manifest.errors.push(document.error_at(
            package_value,
            ReadErrorKind::InvalidField,
            "package without a `name`",
        ));
        return None;
    };
    let Some(raw_name) = name_value.get_ref().as_str() else {
        manifest.errors.push(document.error_at(
            name_value,
            ReadErrorKind::InvalidField,
            "package `name` must be a string",
        ));
        return None;
    };
    let name = match PackageName::new(raw_name) {
        Ok(name) => name,
        Err(error) => {
            manifest.errors.push(document.error_at(
                name_value,
                ReadErrorKind::InvalidName,
                error.to_string(),
            ));
            return None;
        }
    };
    let mut origin = document.origin_of(name_value, format);
    let mut version = None;
    if let Some(version_value) = get(package, "version") {
        let Some(text) = version_value.get_ref().as_str() else {
            manifest.errors.push(document.error_at(
                version_value,
                ReadErrorKind::InvalidField,
                format!("package `{name}`: `version` must be a string"),
            ));
            return None;
        };
        match text.trim().parse::<Version>() {
            Ok(parsed) => {
                version = Some(parsed);
                if let Some(start) = document.string_content_start(version_value) {
                    let content = document.index.range(start, start + text.len());
                    origin.version_range = Some(content);
                    origin.specifier_range = Some(content);
                }
            }
            Err(error) => {
                manifest.errors.push(document.error_at(
                    version_value,
                    ReadErrorKind::InvalidVersion,
                    format!("package `{name}`: invalid version `{text}`: {error}"),
                ));
                return None;
            }
        }
    }
    let mut dependency = Dependency::new(name, origin);
    dependency.requirement = match &version {
        Some(version) => format!("{}=={version}", dependency.name),
        None => dependency.name.to_string(),
    };
    dependency.version = version;
    Some(dependency)
}

/// Sorts and deduplicates hashes and requirement edges of every dependency.
pub(crate) fn tidy(dependencies: &mut [Dependency]) {
    for dependency in dependencies {
        dependency.hashes.sort();
        dependency.hashes.dedup();
        dependency.requires.sort();
        dependency.requires.dedup();
    }
}

/// When a lock records edges but not the project's own requirements: a package no other
/// package requires must have been asked for directly; every other one is transitive.
/// Locks without any edge keep `Unknown`.
pub(crate) fn relations_from_edges(dependencies: &mut [Dependency]) {
    let required: BTreeSet<PackageName> = dependencies
        .iter()
        .flat_map(|dependency| dependency.requires.iter().cloned())
        .collect();
    if required.is_empty() {
        return;
    }
    for dependency in dependencies {
        if dependency.relation == Relation::Unknown {
            dependency.relation = if required.contains(&dependency.name) {
                Relation::Transitive
            } else {
                Relation::Direct
            };
        }
    }
}

/// `sha256:…` strings (or `{algo = digest}` tables) into hashes; invalid ones are skipped.
pub(crate) fn hash_from_text(text: &str) -> Option<Hash> {
    Hash::parse(text)
}

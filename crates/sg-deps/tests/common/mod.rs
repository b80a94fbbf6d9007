//! Helpers shared by the integration tests: fixture paths and a stable, readable view of
//! parsed dependencies for snapshots.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sg_deps::{Dependency, Manifest, ReadError, TextRange};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../resources/test/fixtures/deps")
}

pub fn relative(path: &Path) -> String {
    let root = fixtures();
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    // A path that does not exist (a missing file named in an error) cannot be
    // canonicalised: canonicalise its parent instead.
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| {
        match (
            path.parent().and_then(|p| std::fs::canonicalize(p).ok()),
            path.file_name(),
        ) {
            (Some(parent), Some(name)) => parent.join(name),
            _ => path.to_path_buf(),
        }
    });
    path.strip_prefix(&root)
        .unwrap_or(&path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[derive(Serialize)]
pub struct DependencyView {
    pub at: String,
    pub name: String,
    pub version: Option<String>,
    pub specifier: Option<String>,
    pub requirement: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markers: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extras: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<String>,
    pub source: String,
    pub relation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub constraint: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    /// The bytes of the file that `specifier_range` points at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specifier_text: Option<String>,
    /// The bytes of the file that `version_range` points at, with their position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_text: Option<String>,
}

fn slice(
    texts: &mut BTreeMap<PathBuf, String>,
    path: &Path,
    range: Option<TextRange>,
) -> Option<String> {
    let range = range?;
    let text = texts
        .entry(path.to_path_buf())
        .or_insert_with(|| std::fs::read_to_string(path).unwrap_or_default());
    let slice = text.get(range.start..range.end).unwrap_or("<out of range>");
    Some(format!(
        "{slice} @{}:{}-{}:{}",
        range.line, range.column, range.end_line, range.end_column
    ))
}

pub fn view(dependency: &Dependency, texts: &mut BTreeMap<PathBuf, String>) -> DependencyView {
    let source = match dependency.source.location() {
        Some(location) => format!("{} {location}", dependency.source.kind()),
        None => dependency.source.kind().to_string(),
    };
    let source = match &dependency.source {
        sg_deps::Source::Vcs {
            revision, commit, ..
        } => format!(
            "{source} (revision {}, commit {})",
            revision.as_deref().unwrap_or("-"),
            commit.as_deref().unwrap_or("-")
        ),
        _ => source,
    };
    DependencyView {
        at: format!(
            "{}:{}",
            relative(&dependency.origin.path),
            dependency.origin.line
        ),
        name: dependency.name.to_string(),
        version: dependency.version.as_ref().map(ToString::to_string),
        specifier: dependency.specifier.as_ref().map(ToString::to_string),
        requirement: dependency.requirement.clone(),
        markers: dependency.markers.clone(),
        extras: dependency.extras.clone(),
        hashes: dependency
            .hashes
            .iter()
            .map(|h| format!("{}:{}…", h.algorithm, &h.digest[..12.min(h.digest.len())]))
            .collect(),
        source,
        relation: dependency.relation.as_str(),
        group: dependency.group.clone(),
        constraint: dependency.constraint,
        requires: dependency
            .requires
            .iter()
            .map(ToString::to_string)
            .collect(),
        specifier_text: slice(
            texts,
            &dependency.origin.path,
            dependency.origin.specifier_range,
        ),
        version_text: slice(
            texts,
            &dependency.origin.path,
            dependency.origin.version_range,
        ),
    }
}

#[derive(Serialize)]
pub struct ManifestView {
    pub format: String,
    pub lock_version: Option<String>,
    pub dependencies: Vec<DependencyView>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub pip_options: BTreeMap<String, Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub included: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

pub fn error_line(error: &ReadError) -> String {
    let position = match (error.line, error.column) {
        (Some(line), Some(column)) => format!(":{line}:{column}"),
        (Some(line), None) => format!(":{line}"),
        _ => String::new(),
    };
    format!(
        "{}{position}: [{:?}] {}",
        relative(&error.path),
        error.kind,
        error.message
    )
}

pub fn manifest_view(manifest: &Manifest) -> ManifestView {
    let mut texts = BTreeMap::new();
    let mut pip_options = BTreeMap::new();
    let options = &manifest.pip_options;
    let mut add = |key: &str, values: Vec<String>| {
        if !values.is_empty() {
            pip_options.insert(key.to_string(), values);
        }
    };
    let show = |v: &sg_deps::OptionValue| format!("{} ({}:{})", v.value, relative(&v.path), v.line);
    add("index-url", options.index_urls.iter().map(show).collect());
    add(
        "extra-index-url",
        options.extra_index_urls.iter().map(show).collect(),
    );
    add("find-links", options.find_links.iter().map(show).collect());
    add("no-index", options.no_index.iter().map(show).collect());
    add(
        "require-hashes",
        options.require_hashes.iter().map(show).collect(),
    );
    add("editables", options.editables.iter().map(show).collect());
    add("unnamed", options.unnamed.iter().map(show).collect());
    add("other", options.other.iter().map(show).collect());
    ManifestView {
        format: manifest.format.to_string(),
        lock_version: manifest.lock_version.clone(),
        dependencies: manifest
            .dependencies
            .iter()
            .map(|d| view(d, &mut texts))
            .collect(),
        pip_options,
        included: manifest.included.iter().map(|p| relative(p)).collect(),
        errors: manifest.errors.iter().map(error_line).collect(),
    }
}

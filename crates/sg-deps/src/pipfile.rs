//! `Pipfile` (pipenv's manifest, TOML; the lock is `locks::pipfile`).
//!
//! ```toml
//! [[source]]
//! name = "pypi"
//! url = "https://pypi.org/simple"
//!
//! [packages]
//! requests = "*"                                # any version
//! django = "==4.2.16"                           # a PEP 440 specifier set
//! flask = ">=3.0,<4"
//! rich = {version = "==13.9.4", extras = ["jupyter"], markers = "python_version >= '3.9'"}
//! pywin32 = {version = "*", sys_platform = "== 'win32'"}   # a marker given by its variable
//! helper = {git = "https://github.com/example/helper.git", ref = "<commit>"}
//! local = {path = "./libs/local", editable = true}
//! private = {version = "==1.0", index = "internal"}        # a `[[source]]` name
//! wheel = {file = "https://example.com/wheel-1.0-py3-none-any.whl"}
//!
//! [dev-packages]
//! pytest = "*"
//! ```
//!
//! grammar of a version string: `"*"` (any), a PEP 440 specifier set (`==1.0`, `>=1,<2`),
//! or a bare version (`"1.0"`), which pipenv treats as `==1.0`. Entries of `[packages]` are
//! main dependencies; entries of `[dev-packages]` are in group `dev`. Every entry is direct.
//! Other pipenv package categories (custom sections) are not read.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use pep440_rs::{Version, VersionSpecifiers};

use crate::manifest::{Manifest, ReadError, ReadErrorKind};
use crate::model::{Dependency, Format, PackageName, Relation};
use crate::requirements::exact_version;
use crate::table_source::{TableEntry, TableSource, table_entry};
use crate::toml_doc::{Document, Value, get, get_array, get_bool, get_extras, get_str};
use crate::url::is_commit_id;

/// PEP 508 marker variables pipenv accepts as keys of a package table.
const MARKER_KEYS: [&str; 11] = [
    "os_name",
    "sys_platform",
    "platform_machine",
    "platform_python_implementation",
    "platform_release",
    "platform_system",
    "platform_version",
    "python_version",
    "python_full_version",
    "implementation_name",
    "implementation_version",
];

/// Reads `path`; errors are in the returned manifest.
pub fn read_pipfile(path: &Path) -> Manifest {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_pipfile(&text, path),
        Err(error) => Manifest::failed(path, Format::Pipfile, ReadError::io(path, &error)),
    }
}

/// Parses the text of a `Pipfile` found at `path`.
pub fn parse_pipfile(text: &str, path: &Path) -> Manifest {
    let mut manifest = Manifest::new(path, Format::Pipfile);
    let Some(document) = Document::parse_into(text, path, &mut manifest) else {
        return manifest;
    };
    let root = document.root();
    let sources: BTreeMap<String, String> = get_array(root, "source")
        .unwrap_or(&[])
        .iter()
        .filter_map(|source| {
            let table = source.get_ref().as_table()?;
            Some((
                get_str(table, "name")?.to_string(),
                get_str(table, "url")?.to_string(),
            ))
        })
        .collect();
    for (section, group) in [("packages", None), ("dev-packages", Some("dev"))] {
        let Some(value) = get(root, section) else {
            continue;
        };
        let Some(table) = value.get_ref().as_table() else {
            manifest.errors.push(document.error_at(
                value,
                ReadErrorKind::InvalidField,
                format!("[{section}] must be a table"),
            ));
            continue;
        };
        for (raw_name, entry) in table {
            let name = match PackageName::new(raw_name.get_ref()) {
                Ok(name) => name,
                Err(error) => {
                    let (line, column) = document.index.position(raw_name.span().start);
                    manifest.errors.push(ReadError::new(
                        document.path,
                        Some(line),
                        Some(column),
                        ReadErrorKind::InvalidName,
                        error.to_string(),
                    ));
                    continue;
                }
            };
            match pipfile_dependency(&document, &name, entry, &sources) {
                Ok(mut dependency) => {
                    dependency.group = group.map(str::to_string);
                    manifest.dependencies.push(dependency);
                }
                Err(error) => manifest.errors.push(error),
            }
        }
    }
    // TOML tables come back sorted by key: put entries back in file order.
    manifest
        .dependencies
        .sort_by_key(|dependency| dependency.origin.range.map(|range| range.start));
    manifest
}

/// A Pipfile version string as PEP 440 specifiers: `None` for `*` or empty.
fn pipfile_specifiers(text: &str) -> Result<Option<VersionSpecifiers>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed == "*" {
        return Ok(None);
    }
    if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        // A bare version means exactly that version.
        return Version::from_str(trimmed)
            .map(|version| {
                Some(VersionSpecifiers::from_iter([
                    pep440_rs::VersionSpecifier::equals_version(version),
                ]))
            })
            .map_err(|error| error.to_string());
    }
    VersionSpecifiers::from_str(trimmed)
        .map(Some)
        .map_err(|error| error.to_string())
}

fn pipfile_dependency(
    document: &Document<'_>,
    name: &PackageName,
    value: &Value<'_>,
    sources: &BTreeMap<String, String>,
) -> Result<Dependency, ReadError> {
    let TableEntry {
        mut origin,
        version: version_text,
        table,
    } = table_entry(
        document,
        Format::Pipfile,
        value,
        &format!("Pipfile package `{name}`"),
        "a version string",
    )?;
    let mut requirement = name.to_string();
    let mut specifier = None;
    let mut version = None;
    if let Some((version_value, text)) = version_text {
        specifier = pipfile_specifiers(text).map_err(|message| {
            document.error_at(
                version_value,
                ReadErrorKind::InvalidVersion,
                format!("Pipfile package `{name}`: invalid version `{text}`: {message}"),
            )
        })?;
        version = specifier.as_ref().and_then(exact_version);
        if specifier.is_some() {
            let trimmed = text.trim();
            let bare = trimmed.starts_with(|c: char| c.is_ascii_digit());
            requirement = format!("{name}{}{trimmed}", if bare { "==" } else { "" });
            (origin.specifier_range, origin.version_range) =
                document.constraint_ranges(version_value, version.is_some());
        }
    }
    let mut dependency = Dependency::new(name.clone(), origin);
    dependency.relation = Relation::Direct;
    dependency.version = version;
    dependency.specifier = specifier;
    dependency.requirement = requirement;
    let Some(table) = table else {
        return Ok(dependency);
    };
    dependency.extras = get_extras(table);
    let mut markers = Vec::new();
    if let Some(marker) = get_str(table, "markers") {
        markers.push(marker.trim().to_string());
    }
    for key in MARKER_KEYS {
        if let Some(condition) = get_str(table, key) {
            markers.push(format!("{key} {}", condition.trim()));
        }
    }
    if !markers.is_empty() {
        dependency.markers = Some(if markers.len() == 1 {
            markers.concat()
        } else {
            markers
                .iter()
                .map(|marker| format!("({marker})"))
                .collect::<Vec<_>>()
                .join(" and ")
        });
    }
    let source = if let Some(url) = get_str(table, "git") {
        let revision = get_str(table, "ref").map(str::to_string);
        let commit = revision.clone().filter(|rev| is_commit_id(rev));
        Some(TableSource::Git {
            url,
            revision,
            commit,
        })
    } else if let Some(path) = get_str(table, "path") {
        Some(TableSource::Path {
            path,
            editable: get_bool(table, "editable") == Some(true),
        })
    } else if let Some(url) = get_str(table, "file") {
        Some(TableSource::Url(url))
    } else {
        get_str(table, "index").map(TableSource::Index)
    };
    if let Some(source) = source {
        source.apply(&mut dependency, name.as_str(), sources);
    }
    Ok(dependency)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_strings() {
        assert_eq!(pipfile_specifiers("*"), Ok(None));
        assert_eq!(pipfile_specifiers(" "), Ok(None));
        assert_eq!(
            pipfile_specifiers("==1.0")
                .ok()
                .flatten()
                .map(|s| s.to_string()),
            Some("==1.0".to_string())
        );
        assert_eq!(
            pipfile_specifiers("1.0")
                .ok()
                .flatten()
                .map(|s| s.to_string()),
            Some("==1.0".to_string())
        );
        assert!(pipfile_specifiers("==abc").is_err());
    }
}

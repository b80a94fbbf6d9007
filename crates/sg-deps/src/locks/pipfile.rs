//! `Pipfile.lock` (pipenv, JSON):
//!
//! ```json
//! {
//!   "_meta": {"pipfile-spec": 6, "sources": [{"name": "pypi", "url": "…"}]},
//!   "default": {"requests": {"version": "==2.31.0", "hashes": ["sha256:…"],
//!                            "index": "pypi", "markers": "…"}},
//!   "develop": {"pkg": {"git": "…", "ref": "<commit>", "editable": true}}
//! }
//! ```
//!
//! JSON parsers do not keep positions, so each package's line is found by locating its key
//! after its section's key in the text (a best effort: line 1 when not found).

use std::collections::BTreeMap;
use std::path::Path;

use pep440_rs::Version;
use serde_json::Value;

use crate::manifest::{Manifest, ReadError, ReadErrorKind};
use crate::model::{Dependency, Format, Hash, Origin, PackageName, Source, Vcs};
use crate::text::LineIndex;
use crate::url::{classify, is_commit_id, redact_credentials};

/// Reads `path`; errors are in the returned manifest.
pub fn read_pipfile_lock(path: &Path) -> Manifest {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_pipfile_lock(&text, path),
        Err(error) => Manifest::failed(path, Format::PipfileLock, ReadError::io(path, &error)),
    }
}

/// Offset just after `"key"` followed by optional whitespace and `:`, searching from `from`.
fn find_key(text: &str, key: &str, from: usize) -> Option<(usize, usize)> {
    let quoted = serde_json::to_string(key).ok()?;
    let mut search = from;
    while let Some(found) = text.get(search..)?.find(&quoted) {
        let start = search + found;
        let after = start + quoted.len();
        let rest = text.get(after..)?;
        if rest.trim_start().starts_with(':') {
            let colon = after + (rest.len() - rest.trim_start().len()) + 1;
            return Some((start, colon));
        }
        search = after;
    }
    None
}

/// The content range of the string value right after a key's colon.
fn string_value_range(text: &str, after_colon: usize) -> Option<(usize, usize)> {
    let rest = text.get(after_colon..)?;
    let open = after_colon + (rest.len() - rest.trim_start().len());
    if text.get(open..open + 1)? != "\"" {
        return None;
    }
    let content_start = open + 1;
    let close = text.get(content_start..)?.find(['"', '\\'])?;
    // Escapes would break byte-for-byte positions: give up on them.
    (text.get(content_start + close..content_start + close + 1)? == "\"")
        .then_some((content_start, content_start + close))
}

/// Parses the text of a `Pipfile.lock` found at `path`.
pub fn parse_pipfile_lock(text: &str, path: &Path) -> Manifest {
    let mut manifest = Manifest::new(path, Format::PipfileLock);
    let root: Value = match serde_json::from_str(text) {
        Ok(root) => root,
        Err(error) => {
            manifest.errors.push(ReadError::new(
                path,
                Some(error.line() as u32),
                Some(error.column() as u32),
                ReadErrorKind::Syntax,
                format!("invalid JSON: {error}"),
            ));
            return manifest;
        }
    };
    let Some(root) = root.as_object() else {
        manifest.errors.push(ReadError::new(
            path,
            Some(1),
            Some(1),
            ReadErrorKind::InvalidField,
            "Pipfile.lock must hold a JSON object",
        ));
        return manifest;
    };
    let index = LineIndex::new(text);
    let meta = root.get("_meta");
    manifest.lock_version = meta
        .and_then(|meta| meta.get("pipfile-spec"))
        .map(|spec| match spec {
            Value::String(spec) => spec.clone(),
            other => other.to_string(),
        });
    let sources: BTreeMap<String, String> = meta
        .and_then(|meta| meta.get("sources"))
        .and_then(Value::as_array)
        .map(|sources| {
            sources
                .iter()
                .filter_map(|source| {
                    Some((
                        source.get("name")?.as_str()?.to_string(),
                        source.get("url")?.as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    for (section, group) in [("default", None), ("develop", Some("develop"))] {
        let Some(packages) = root.get(section) else {
            continue;
        };
        let section_at = find_key(text, section, 0).map_or(0, |(_, colon)| colon);
        let Some(packages) = packages.as_object() else {
            manifest.errors.push(ReadError::new(
                path,
                Some(index.line_of(section_at)),
                None,
                ReadErrorKind::InvalidField,
                format!("`{section}` must be an object"),
            ));
            continue;
        };
        for (raw_name, entry) in packages {
            let key = find_key(text, raw_name, section_at);
            let line = key.map_or(1, |(start, _)| index.line_of(start));
            let error =
                |kind, message: String| ReadError::new(path, Some(line), Some(1), kind, message);
            let name = match PackageName::new(raw_name) {
                Ok(name) => name,
                Err(invalid) => {
                    manifest
                        .errors
                        .push(error(ReadErrorKind::InvalidName, invalid.to_string()));
                    continue;
                }
            };
            let Some(entry) = entry.as_object() else {
                manifest.errors.push(error(
                    ReadErrorKind::InvalidField,
                    format!("package `{name}` must be an object"),
                ));
                continue;
            };
            let mut origin = Origin {
                path: path.to_path_buf(),
                format: Format::PipfileLock,
                line,
                range: key.map(|(start, _)| index.range(start, start + raw_name.len() + 2)),
                specifier_range: None,
                version_range: None,
            };
            let mut dependency_version = None;
            let mut requirement = name.to_string();
            if let Some(version) = entry.get("version") {
                let Some(version_text) = version.as_str() else {
                    manifest.errors.push(error(
                        ReadErrorKind::InvalidField,
                        format!("package `{name}`: `version` must be a string"),
                    ));
                    continue;
                };
                let bare = version_text
                    .trim()
                    .trim_start_matches("===")
                    .trim_start_matches("==");
                match bare.trim().parse::<Version>() {
                    Ok(parsed) => dependency_version = Some(parsed),
                    Err(invalid) => {
                        manifest.errors.push(error(
                            ReadErrorKind::InvalidVersion,
                            format!(
                                "package `{name}`: invalid version `{version_text}`: {invalid}"
                            ),
                        ));
                        continue;
                    }
                }
                requirement = format!("{name}{version_text}");
                let value_range = key
                    .and_then(|(_, colon)| {
                        let object_end = text
                            .get(colon..)?
                            .find('}')
                            .map_or(text.len(), |end| colon + end);
                        let (_, version_colon) = find_key(text, "version", colon)?;
                        (version_colon < object_end).then_some(version_colon)
                    })
                    .and_then(|version_colon| string_value_range(text, version_colon));
                if let Some((start, end)) = value_range {
                    origin.specifier_range = Some(index.range(start, end));
                    let operator = version_text.len() - bare.len();
                    origin.version_range = Some(index.range(start + operator, end));
                }
            }
            let mut dependency = Dependency::new(name, origin);
            dependency.version = dependency_version;
            dependency.requirement = requirement;
            dependency.group = group.map(str::to_string);
            dependency.markers = entry
                .get("markers")
                .and_then(Value::as_str)
                .map(str::to_string);
            dependency.extras = entry
                .get("extras")
                .and_then(Value::as_array)
                .map(|extras| {
                    extras
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            dependency.hashes = entry
                .get("hashes")
                .and_then(Value::as_array)
                .map(|hashes| {
                    hashes
                        .iter()
                        .filter_map(Value::as_str)
                        .filter_map(Hash::parse)
                        .collect()
                })
                .unwrap_or_default();
            dependency.hashes.sort();
            dependency.hashes.dedup();
            let editable = entry.get("editable").and_then(Value::as_bool) == Some(true);
            if let Some(git) = entry.get("git").and_then(Value::as_str) {
                let reference = entry.get("ref").and_then(Value::as_str);
                dependency.source = if editable {
                    Source::Editable {
                        target: redact_credentials(git),
                    }
                } else {
                    Source::Vcs {
                        vcs: Vcs::Git,
                        url: redact_credentials(git),
                        revision: reference.map(str::to_string),
                        commit: reference.filter(|r| is_commit_id(r)).map(str::to_string),
                    }
                };
            } else if let Some(local) = entry.get("path").and_then(Value::as_str) {
                dependency.source = if editable {
                    Source::Editable {
                        target: local.to_string(),
                    }
                } else {
                    Source::Path {
                        path: local.to_string(),
                    }
                };
            } else if let Some(file) = entry.get("file").and_then(Value::as_str) {
                dependency.source = classify(file).source;
            } else if let Some(index_name) = entry.get("index").and_then(Value::as_str) {
                dependency.source = Source::Index {
                    url: Some(
                        sources
                            .get(index_name)
                            .map_or_else(|| index_name.to_string(), |url| redact_credentials(url)),
                    ),
                };
            }
            manifest.dependencies.push(dependency);
        }
    }
    manifest
}

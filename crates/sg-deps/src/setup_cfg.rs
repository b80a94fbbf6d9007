//! `setup.cfg`: `[options] install_requires` and `[options.extras_require]`, the declarative
//! setuptools configuration that predates `pyproject.toml`.
//!
//! # Grammar (the subset of `configparser` that setuptools uses)
//!
//! ```text
//! file     = { line }
//! section  = "[" name "]"
//! comment  = ( "#" | ";" ) { any }           ; only at the start of a line
//! entry    = key ( "=" | ":" ) [ value ]
//! continuation = whitespace { any }          ; an indented line continues the last value
//! ```
//!
//! Values of `install_requires` and each extra are one requirement per line; a `#` after
//! whitespace starts a comment. `file:` and `attr:` directives are not followed (reported).

use std::path::Path;

use crate::manifest::{Manifest, ReadError, ReadErrorKind};
use crate::model::Format;
use crate::requirements::{Placement, pep508_dependency};
use crate::text::LineIndex;

/// Reads `path`; errors are in the returned manifest.
pub fn read_setup_cfg(path: &Path) -> Manifest {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_setup_cfg(&text, path),
        Err(error) => Manifest::failed(path, Format::SetupCfg, ReadError::io(path, &error)),
    }
}

/// One `key = value` entry with its value lines as (byte offset, text).
struct Entry<'t> {
    section: String,
    key: String,
    values: Vec<(usize, &'t str)>,
}

fn entries<'t>(text: &'t str, path: &Path, errors: &mut Vec<ReadError>) -> Vec<Entry<'t>> {
    let mut entries: Vec<Entry<'t>> = Vec::new();
    let mut section = String::new();
    let mut offset = 0;
    for (number, raw) in text.split('\n').enumerate() {
        let line_start = offset;
        offset += raw.len() + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim();
        let number = number as u32 + 1;
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            match entries.last_mut() {
                Some(entry) => {
                    let leading = line.len() - line.trim_start().len();
                    entry.values.push((line_start + leading, line.trim()));
                }
                None => errors.push(ReadError::new(
                    path,
                    Some(number),
                    Some(1),
                    ReadErrorKind::Syntax,
                    "indented line before any key",
                )),
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            match rest.strip_suffix(']') {
                Some(name) => section = name.trim().to_string(),
                None => errors.push(ReadError::new(
                    path,
                    Some(number),
                    Some(1),
                    ReadErrorKind::Syntax,
                    "section header without closing `]`",
                )),
            }
            continue;
        }
        let Some(separator) = line.find(['=', ':']) else {
            errors.push(ReadError::new(
                path,
                Some(number),
                Some(1),
                ReadErrorKind::Syntax,
                format!("expected `key = value`, found `{trimmed}`"),
            ));
            continue;
        };
        let key = line
            .get(..separator)
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let value = line.get(separator + 1..).unwrap_or("");
        let leading = value.len() - value.trim_start().len();
        let mut values = Vec::new();
        if !value.trim().is_empty() {
            values.push((line_start + separator + 1 + leading, value.trim()));
        }
        entries.push(Entry {
            section: section.clone(),
            key,
            values,
        });
    }
    entries
}

/// `[metadata] name`.
pub(crate) fn metadata_name(text: &str) -> Option<String> {
    let mut errors = Vec::new();
    entries(text, Path::new("setup.cfg"), &mut errors)
        .into_iter()
        .find(|entry| entry.section == "metadata" && entry.key == "name")
        .and_then(|entry| entry.values.first().map(|(_, value)| (*value).to_string()))
}

/// Parses the text of a `setup.cfg` found at `path`.
pub fn parse_setup_cfg(text: &str, path: &Path) -> Manifest {
    let mut manifest = Manifest::new(path, Format::SetupCfg);
    let index = LineIndex::new(text);
    let entries = entries(text, path, &mut manifest.errors);
    for entry in entries {
        let group = match (entry.section.as_str(), entry.key.as_str()) {
            ("options", "install_requires") => None,
            ("options.extras_require", extra) => Some(extra.to_string()),
            _ => continue,
        };
        for (start, value) in &entry.values {
            // setuptools strips `#` comments from requirement lines.
            let content = match value
                .find(" #")
                .or_else(|| value.starts_with('#').then_some(0))
            {
                Some(comment) => value.get(..comment).unwrap_or("").trim_end(),
                None => value,
            };
            if content.is_empty() {
                continue;
            }
            if content.starts_with("file:") || content.starts_with("attr:") {
                let (line, column) = index.position(*start);
                manifest.errors.push(ReadError::new(
                    path,
                    Some(line),
                    Some(column),
                    ReadErrorKind::InvalidField,
                    format!("`{content}`: directives are not followed; list requirements directly"),
                ));
                continue;
            }
            let placement = Placement {
                path,
                format: Format::SetupCfg,
                index: &index,
                content_start: Some(*start),
                fallback: index.range(*start, start + content.len()),
            };
            match pep508_dependency(content, &placement) {
                Ok(mut dependency) => {
                    dependency.group.clone_from(&group);
                    manifest.dependencies.push(dependency);
                }
                Err(error) => manifest.errors.push(error),
            }
        }
    }
    manifest
}

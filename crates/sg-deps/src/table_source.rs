//! Where a dependency written as a TOML table (Poetry's `[tool.poetry.dependencies]`,
//! Pipfile's `[packages]`) comes from. Both formats spell the same four kinds of source with
//! different keys; each reader maps its keys to a [`TableSource`] and this module builds the
//! [`Source`] and the requirement line, with credentials redacted, in one place.

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};

use crate::manifest::{ReadError, ReadErrorKind};
use crate::model::{Dependency, Format, Origin, Source, Vcs};
use crate::toml_doc::{Document, Value, get};
use crate::url::{classify, redact_credentials};

/// A Poetry or Pipfile entry taken apart: where it is, its version text (a plain string, or
/// the table's `version` key) and its table, if it is one.
pub(crate) struct TableEntry<'v, 'i> {
    pub origin: Origin,
    pub version: Option<(&'v Value<'i>, &'v str)>,
    pub table: Option<&'v DeTable<'i>>,
}

/// Takes apart an entry that must be a string or a table. `label` names it in errors
/// (``Pipfile package `x` ``), `shape` says what a plain entry must be (`a version string`).
pub(crate) fn table_entry<'v, 'i>(
    document: &Document<'_>,
    format: Format,
    value: &'v Value<'i>,
    label: &str,
    shape: &str,
) -> Result<TableEntry<'v, 'i>, ReadError> {
    let origin = document.origin_of(value, format);
    let (version_value, table) = match value.get_ref() {
        DeValue::String(_) => (Some(value), None),
        DeValue::Table(table) => (get(table, "version"), Some(table)),
        _ => {
            return Err(document.error_at(
                value,
                ReadErrorKind::InvalidField,
                format!("{label} must be {shape} or a table"),
            ));
        }
    };
    let version = match version_value {
        Some(version_value) => match version_value.get_ref().as_str() {
            Some(text) => Some((version_value, text)),
            None => {
                return Err(document.error_at(
                    version_value,
                    ReadErrorKind::InvalidField,
                    format!("{label}: version must be a string"),
                ));
            }
        },
        None => None,
    };
    Ok(TableEntry {
        origin,
        version,
        table,
    })
}

/// The source a table names, in the reader's own keys already resolved.
pub(crate) enum TableSource<'a> {
    Git {
        url: &'a str,
        revision: Option<String>,
        commit: Option<String>,
    },
    Path {
        path: &'a str,
        editable: bool,
    },
    Url(&'a str),
    /// The name of a `[[source]]` / `[[tool.poetry.source]]` entry.
    Index(&'a str),
}

impl TableSource<'_> {
    /// Sets `dependency`'s source (and, except for an index, its requirement line).
    /// `sources` maps index names to their URLs.
    pub(crate) fn apply(
        self,
        dependency: &mut Dependency,
        name: &str,
        sources: &BTreeMap<String, String>,
    ) {
        match self {
            TableSource::Git {
                url,
                revision,
                commit,
            } => {
                dependency.source = Source::Vcs {
                    vcs: Vcs::Git,
                    url: redact_credentials(url),
                    revision,
                    commit,
                };
                dependency.requirement = format!("{name} @ git+{}", redact_credentials(url));
            }
            TableSource::Path { path, editable } => {
                dependency.source = if editable {
                    Source::Editable {
                        target: path.to_string(),
                    }
                } else {
                    Source::Path {
                        path: path.to_string(),
                    }
                };
                dependency.requirement = format!("{name} @ {path}");
            }
            TableSource::Url(url) => {
                let classified = classify(url);
                dependency.hashes = classified.hashes;
                dependency.source = classified.source;
                dependency.requirement = format!("{name} @ {}", redact_credentials(url));
            }
            TableSource::Index(index) => {
                dependency.source = Source::Index {
                    url: Some(
                        sources
                            .get(index)
                            .map_or_else(|| index.to_string(), |url| redact_credentials(url)),
                    ),
                };
            }
        }
    }
}

//! Where a dependency written as a TOML table (Poetry's `[tool.poetry.dependencies]`,
//! Pipfile's `[packages]`) comes from. Both formats spell the same four kinds of source with
//! different keys; each reader maps its keys to a [`TableSource`] and this module builds the
//! [`Source`] and the requirement line, with credentials redacted, in one place.

use std::collections::BTreeMap;

use crate::model::{Dependency, Source, Vcs};
use crate::url::{classify, redact_credentials};

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

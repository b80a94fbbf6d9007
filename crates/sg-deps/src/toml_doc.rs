//! Span-preserving TOML access shared by the `pyproject.toml` and TOML lockfile readers, so
//! every value they take keeps its position in the file (for findings and in-place fixes).

use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::manifest::{ReadError, ReadErrorKind};
use crate::model::{Format, Origin, TextRange};
use crate::text::LineIndex;

pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// A parsed TOML document with its text, for positions.
pub(crate) struct Document<'i> {
    pub(crate) text: &'i str,
    pub(crate) index: LineIndex<'i>,
    pub(crate) root: Spanned<DeTable<'i>>,
    pub(crate) path: &'i Path,
}

impl<'i> Document<'i> {
    /// Parses `text`, or records why it is not TOML in `manifest` and returns `None`.
    pub(crate) fn parse_into(
        text: &'i str,
        path: &'i Path,
        manifest: &mut crate::manifest::Manifest,
    ) -> Option<Self> {
        Document::parse(text, path)
            .map_err(|error| manifest.errors.push(error))
            .ok()
    }

    pub(crate) fn parse(text: &'i str, path: &'i Path) -> Result<Self, ReadError> {
        let index = LineIndex::new(text);
        match DeTable::parse(text) {
            Ok(root) => Ok(Document {
                text,
                index,
                root,
                path,
            }),
            Err(error) => {
                let (line, column) = error.span().map_or((None, None), |span| {
                    let (line, column) = index.position(span.start);
                    (Some(line), Some(column))
                });
                Err(ReadError::new(
                    path,
                    line,
                    column,
                    ReadErrorKind::Syntax,
                    format!("invalid TOML: {}", error.message().trim()),
                ))
            }
        }
    }

    pub(crate) fn root(&self) -> &DeTable<'i> {
        self.root.get_ref()
    }

    /// Where a dependency written at `value` comes from: this file, its line and range.
    pub(crate) fn origin_of(&self, value: &Value<'_>, format: Format) -> Origin {
        let range = self.range_of(value);
        Origin {
            path: self.path.to_path_buf(),
            format,
            line: range.line,
            range: Some(range),
            specifier_range: None,
            version_range: None,
        }
    }

    pub(crate) fn range_of(&self, value: &Value<'_>) -> TextRange {
        let span = value.span();
        self.index.range(span.start, span.end)
    }

    /// The file range of a string value's content, when the text between the quotes is the
    /// value byte for byte (no escapes): only then can a fixer splice into it.
    pub(crate) fn string_content_start(&self, value: &Value<'_>) -> Option<usize> {
        let content = value.get_ref().as_str()?;
        let span = value.span();
        let raw = self.text.get(span.start..span.end)?;
        for quote in ["\"\"\"", "'''", "\"", "'"] {
            if let Some(inner) = raw
                .strip_prefix(quote)
                .and_then(|rest| rest.strip_suffix(quote))
            {
                // A multi-line string drops a newline right after the opening quotes.
                let (skip, inner) = if quote.len() == 3 {
                    match inner
                        .strip_prefix("\r\n")
                        .or_else(|| inner.strip_prefix('\n'))
                    {
                        Some(rest) => (inner.len() - rest.len(), rest),
                        None => (0, inner),
                    }
                } else {
                    (0, inner)
                };
                return (inner == content).then_some(span.start + quote.len() + skip);
            }
        }
        None
    }

    /// An error at a value's position.
    pub(crate) fn error_at(
        &self,
        value: &Value<'_>,
        kind: ReadErrorKind,
        message: impl Into<String>,
    ) -> ReadError {
        let (line, column) = self.index.position(value.span().start);
        ReadError::new(self.path, Some(line), Some(column), kind, message)
    }
}

/// `table[key]`.
pub(crate) fn get<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Value<'i>> {
    table.get(key)
}

pub(crate) fn get_str<'a>(table: &'a DeTable<'_>, key: &str) -> Option<&'a str> {
    get(table, key).and_then(|value| value.get_ref().as_str())
}

pub(crate) fn get_table<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a DeTable<'i>> {
    get(table, key).and_then(|value| value.get_ref().as_table())
}

pub(crate) fn get_array<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a [Value<'i>]> {
    get(table, key)
        .and_then(|value| value.get_ref().as_array())
        .map(|array| &array[..])
}

pub(crate) fn get_bool(table: &DeTable<'_>, key: &str) -> Option<bool> {
    get(table, key).and_then(|value| value.get_ref().as_bool())
}

/// `table.extras` (an array of strings) PEP 685-normalised, sorted and deduplicated.
pub(crate) fn get_extras(table: &DeTable<'_>) -> Vec<String> {
    get_array(table, "extras")
        .unwrap_or(&[])
        .iter()
        .filter_map(|extra| extra.get_ref().as_str())
        .map(|extra| extra.to_ascii_lowercase().replace(['_', '.'], "-"))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

impl Document<'_> {
    /// The ranges of a version constraint written as a TOML string (`"==1.0"`, `"^1.2"`):
    /// the trimmed constraint (unless it is empty or `*`), and, when `exact`, the version
    /// after its leading `=`s and spaces. `(None, None)` when the string has escapes.
    pub(crate) fn constraint_ranges(
        &self,
        value: &Value<'_>,
        exact: bool,
    ) -> (Option<TextRange>, Option<TextRange>) {
        let (Some(text), Some(start)) =
            (value.get_ref().as_str(), self.string_content_start(value))
        else {
            return (None, None);
        };
        let trimmed_start = start + (text.len() - text.trim_start().len());
        let trimmed = text.trim();
        let end = trimmed_start + trimmed.len();
        let specifier =
            (!trimmed.is_empty() && trimmed != "*").then(|| self.index.range(trimmed_start, end));
        let version = exact.then(|| {
            let operator = trimmed.len() - trimmed.trim_start_matches(['=', ' ']).len();
            self.index.range(trimmed_start + operator, end)
        });
        (specifier, version)
    }
}

/// A version-like value that may be written as a string or an integer (`version = 1`).
pub(crate) fn get_scalar_text(table: &DeTable<'_>, key: &str) -> Option<String> {
    let value = get(table, key)?;
    match value.get_ref() {
        DeValue::String(text) => Some(text.to_string()),
        DeValue::Integer(integer) => Some(integer.as_str().to_string()),
        DeValue::Float(float) => Some(float.as_str().to_string()),
        _ => None,
    }
}

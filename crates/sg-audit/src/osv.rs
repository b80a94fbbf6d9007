//! OSV records, read leniently and kept in the compact form an audit needs.
//!
//! Advisory data is written by many hands and tools (NVD imports, GitHub, OpenSSF), so a
//! record that breaks the schema must never break the audit: `uv audit` once aborted on a
//! single empty `{}` event. Here every field is taken only if it has the expected shape;
//! anything else becomes a [`Note`] and the rest of the record is kept. Only a record with no
//! usable `id` is rejected, and then only that record.
//!
//! What is kept is what matching and reporting need: ids, aliases, a one-line summary, dates,
//! severity vectors, the PyPI `affected[]` entries (ECOSYSTEM and SEMVER ranges, `versions`)
//! and a few reference URLs. GIT ranges, `credits` and long `details` are dropped, which keeps
//! the on-disk index small.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The longest summary kept; `details` often runs to pages.
const SUMMARY_MAX_CHARS: usize = 240;
/// How many reference URLs are kept per advisory.
const REFERENCES_MAX: usize = 4;

/// One advisory, trimmed to what an audit uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advisory {
    pub id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// `summary`, or the first line of `details` when there is no summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// Set when the record is withdrawn; matching skips such records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
    /// Top-level `severity[]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub severity: Vec<SeverityVector>,
    /// `database_specific.severity` (GitHub's `LOW`/`MODERATE`/`HIGH`/`CRITICAL`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_severity: Option<String>,
    /// PyPI entries of `affected[]` only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affected: Vec<Affected>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
}

/// One `severity[]` entry: `type` (`CVSS_V3`…) and `score` (the vector).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityVector {
    #[serde(rename = "type")]
    pub kind: String,
    pub score: String,
}

/// One `affected[]` entry for a PyPI package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affected {
    /// The package name exactly as the record spells it (not always PEP 503-canonical).
    pub package: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<Range>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
    /// Per-package `severity[]` (the schema makes it exclusive with the top-level one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub severity: Vec<SeverityVector>,
    /// `versions` already holds sorted PEP 440 equality keys (see
    /// [`crate::matcher::equality_key`]), invalid entries removed: set when a database is
    /// built, so that an audit never parses version lists.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keyed: bool,
}

/// An ECOSYSTEM or SEMVER range; both are evaluated with PEP 440 ordering for PyPI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    #[serde(rename = "type")]
    pub kind: String,
    pub events: Vec<Event>,
}

/// One range event, its version kept as written (validated when the range is compiled).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Introduced(String),
    Fixed(String),
    LastAffected(String),
    Limit(String),
}

/// Something in the data that was skipped or repaired. Never fatal; shown with `-v`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Note {
    /// Advisory id, or the file/entry name when there is no id.
    pub advisory: String,
    pub message: String,
}

impl Note {
    pub fn new(advisory: impl Into<String>, message: impl Into<String>) -> Self {
        Note {
            advisory: advisory.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.advisory, self.message)
    }
}

/// PEP 503 normalisation: lowercase, runs of `-`, `_`, `.` become one `-`.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut last_was_separator = false;
    for character in name.trim().chars() {
        if matches!(character, '-' | '_' | '.') {
            if !last_was_separator {
                out.push('-');
            }
            last_was_separator = true;
        } else {
            out.extend(character.to_lowercase());
            last_was_separator = false;
        }
    }
    out
}

impl Advisory {
    /// Whether this is an OpenSSF malicious-package record.
    pub fn is_malicious(&self) -> bool {
        self.id.starts_with("MAL-")
    }

    /// The advisory's own id followed by its aliases.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// Parses one OSV JSON document. `origin` names it in notes and errors (a zip entry or
    /// a file path). Returns `Err` only when the bytes are not a JSON object with an id.
    pub fn from_json_slice(bytes: &[u8], origin: &str) -> Result<(Advisory, Vec<Note>), String> {
        // The derive skips unknown fields without allocating them; a document it cannot take
        // (duplicate keys, odd types at the top) goes through the generic value instead.
        if let Ok(raw) = serde_json::from_slice::<RawRecord>(bytes) {
            return raw.into_advisory(origin);
        }
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|error| format!("{origin}: not valid JSON: {error}"))?;
        Advisory::from_value(value, origin)
    }

    /// Builds an advisory from a generic JSON value (also the path YAML records take).
    pub fn from_value(value: Value, origin: &str) -> Result<(Advisory, Vec<Note>), String> {
        let Value::Object(map) = value else {
            return Err(format!("{origin}: an OSV record must be an object"));
        };
        RawRecord::from_map(map).into_advisory(origin)
    }
}

/// The top-level fields that matter, each still untyped so that a wrong type costs one note,
/// not the record.
#[derive(Deserialize, Default)]
struct RawRecord {
    #[serde(default)]
    id: Value,
    #[serde(default)]
    aliases: Value,
    #[serde(default)]
    summary: Value,
    #[serde(default)]
    details: Value,
    #[serde(default)]
    published: Value,
    #[serde(default)]
    modified: Value,
    #[serde(default)]
    withdrawn: Value,
    #[serde(default)]
    severity: Value,
    #[serde(default)]
    affected: Value,
    #[serde(default)]
    references: Value,
    #[serde(default)]
    database_specific: Value,
}

impl RawRecord {
    fn from_map(mut map: Map<String, Value>) -> Self {
        let mut take = |key: &str| map.remove(key).unwrap_or(Value::Null);
        RawRecord {
            id: take("id"),
            aliases: take("aliases"),
            summary: take("summary"),
            details: take("details"),
            published: take("published"),
            modified: take("modified"),
            withdrawn: take("withdrawn"),
            severity: take("severity"),
            affected: take("affected"),
            references: take("references"),
            database_specific: take("database_specific"),
        }
    }

    fn into_advisory(self, origin: &str) -> Result<(Advisory, Vec<Note>), String> {
        let id = match self.id {
            Value::String(id) if !id.trim().is_empty() => id.trim().to_string(),
            _ => return Err(format!("{origin}: record has no `id` string")),
        };
        let mut notes = Vec::new();
        let mut note = |message: String| notes.push(Note::new(id.clone(), message));

        let aliases = string_list(self.aliases, "aliases", &mut note)
            .into_iter()
            .filter(|alias| *alias != id)
            .collect();
        let summary = optional_string(self.summary, "summary", &mut note)
            .filter(|summary| !summary.trim().is_empty())
            .or_else(|| {
                optional_string(self.details, "details", &mut note)
                    .and_then(|details| first_line(&details))
            })
            .map(|summary| truncate_chars(summary.trim(), SUMMARY_MAX_CHARS));
        let published = optional_string(self.published, "published", &mut note);
        let modified = optional_string(self.modified, "modified", &mut note);
        let withdrawn = match self.withdrawn {
            Value::Null => None,
            Value::String(at) => Some(at),
            // Any non-null value still means the record was withdrawn; a timestamp in an odd
            // shape must not resurrect it.
            other => Some(other.to_string()),
        };
        let severity = severity_list(self.severity, "severity", &mut note);
        let database_severity = match self.database_specific {
            Value::Object(mut map) => match map.remove("severity") {
                Some(Value::String(level)) => Some(level),
                _ => None,
            },
            _ => None,
        };
        let affected = affected_list(self.affected, &mut note);
        let references = reference_list(self.references);
        Ok((
            Advisory {
                id,
                aliases,
                summary,
                published,
                modified,
                withdrawn,
                severity,
                database_severity,
                affected,
                references,
            },
            notes,
        ))
    }
}

fn optional_string(value: Value, field: &str, note: &mut impl FnMut(String)) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text),
        other => {
            note(format!(
                "`{field}` is a {}, not a string; ignored",
                kind_of(&other)
            ));
            None
        }
    }
}

fn string_list(value: Value, field: &str, note: &mut impl FnMut(String)) -> Vec<String> {
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(text) => out.push(text),
                    // YAML turns `versions: [1.0]` into a number; keep its text.
                    Value::Number(number) => out.push(number.to_string()),
                    other => note(format!(
                        "`{field}` entry is a {}, not a string; skipped",
                        kind_of(&other)
                    )),
                }
            }
            out
        }
        other => {
            note(format!(
                "`{field}` is a {}, not a list; ignored",
                kind_of(&other)
            ));
            Vec::new()
        }
    }
}

fn severity_list(value: Value, field: &str, note: &mut impl FnMut(String)) -> Vec<SeverityVector> {
    let Value::Array(items) = value else {
        if !value.is_null() {
            note(format!("`{field}` is not a list; ignored"));
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Value::Object(mut map) = item else {
            note(format!("`{field}` entry is not an object; skipped"));
            continue;
        };
        match (map.remove("type"), map.remove("score")) {
            (Some(Value::String(kind)), Some(Value::String(score))) => {
                out.push(SeverityVector { kind, score });
            }
            _ => note(format!(
                "`{field}` entry without string `type` and `score`; skipped"
            )),
        }
    }
    out
}

fn affected_list(value: Value, note: &mut impl FnMut(String)) -> Vec<Affected> {
    let Value::Array(items) = value else {
        if !value.is_null() {
            note("`affected` is not a list; ignored".to_string());
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Value::Object(mut map) = item else {
            note("`affected` entry is not an object; skipped".to_string());
            continue;
        };
        let Some(Value::Object(mut package)) = map.remove("package") else {
            note("`affected` entry without a `package` object; skipped".to_string());
            continue;
        };
        let Some(Value::String(ecosystem)) = package.remove("ecosystem") else {
            note("`affected` entry without an ecosystem; skipped".to_string());
            continue;
        };
        // `PyPI` or a suffixed form such as `PyPI:something`; other ecosystems are not ours.
        if ecosystem.split(':').next() != Some("PyPI") {
            continue;
        }
        let name = match package.remove("name") {
            Some(Value::String(name)) if !name.trim().is_empty() => name,
            _ => {
                note("PyPI `affected` entry without a package name; skipped".to_string());
                continue;
            }
        };
        let ranges = range_list(
            map.remove("ranges").unwrap_or(Value::Null),
            &name,
            &mut *note,
        );
        let versions = string_list(
            map.remove("versions").unwrap_or(Value::Null),
            "affected[].versions",
            &mut *note,
        );
        let severity = severity_list(
            map.remove("severity").unwrap_or(Value::Null),
            "affected[].severity",
            &mut *note,
        );
        if ranges.is_empty() && versions.is_empty() {
            note(format!(
                "no usable range or version list for {name}; the entry matches nothing"
            ));
        }
        out.push(Affected {
            package: name,
            ranges,
            versions,
            severity,
            keyed: false,
        });
    }
    out
}

fn range_list(value: Value, package: &str, note: &mut impl FnMut(String)) -> Vec<Range> {
    let Value::Array(items) = value else {
        if !value.is_null() {
            note(format!("`ranges` of {package} is not a list; ignored"));
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Value::Object(mut map) = item else {
            note(format!("a range of {package} is not an object; skipped"));
            continue;
        };
        let Some(Value::String(kind)) = map.remove("type") else {
            note(format!("a range of {package} has no type; skipped"));
            continue;
        };
        match kind.as_str() {
            "ECOSYSTEM" | "SEMVER" => {}
            // Commit ranges need the repository; versions are what a Python audit has.
            "GIT" => continue,
            other => {
                note(format!(
                    "range type `{other}` of {package} is unknown; skipped"
                ));
                continue;
            }
        }
        let mut events = Vec::new();
        if let Some(Value::Array(raw_events)) = map.remove("events") {
            for raw_event in raw_events {
                let Value::Object(event) = raw_event else {
                    note(format!("an event of {package} is not an object; skipped"));
                    continue;
                };
                if event.is_empty() {
                    note(format!("an empty event `{{}}` of {package}; skipped"));
                    continue;
                }
                for (key, value) in event {
                    let version = match value {
                        Value::String(version) => version,
                        Value::Number(number) => number.to_string(),
                        other => {
                            note(format!(
                                "event `{key}` of {package} is a {}; skipped",
                                kind_of(&other)
                            ));
                            continue;
                        }
                    };
                    match key.as_str() {
                        "introduced" => events.push(Event::Introduced(version)),
                        "fixed" => events.push(Event::Fixed(version)),
                        "last_affected" => events.push(Event::LastAffected(version)),
                        "limit" => events.push(Event::Limit(version)),
                        other => note(format!("unknown event `{other}` of {package}; skipped")),
                    }
                }
            }
        } else {
            note(format!("a range of {package} has no event list; skipped"));
            continue;
        }
        out.push(Range { kind, events });
    }
    out
}

fn reference_list(value: Value) -> Vec<String> {
    let Value::Array(items) = value else {
        return Vec::new();
    };
    let mut advisories = Vec::new();
    let mut others = Vec::new();
    for item in items {
        let Value::Object(mut map) = item else {
            continue;
        };
        let Some(Value::String(url)) = map.remove("url") else {
            continue;
        };
        match map.remove("type") {
            Some(Value::String(kind)) if kind == "ADVISORY" => advisories.push(url),
            _ => others.push(url),
        }
    }
    advisories.extend(others);
    advisories.truncate(REFERENCES_MAX);
    advisories
}

fn first_line(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .map(str::to_string)
}

fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
        None => text.to_string(),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep503_normalisation() {
        assert_eq!(normalize_name("jw.util"), "jw-util");
        assert_eq!(normalize_name("Django"), "django");
        assert_eq!(normalize_name("zope__interface"), "zope-interface");
        assert_eq!(normalize_name("a-_.b"), "a-b");
    }

    #[test]
    fn lenient_record_keeps_what_it_can() {
        let json = br#"{
            "id": "PYSEC-1", "aliases": ["CVE-1", true], "details": "\n  First line.\nSecond",
            "severity": [{"type": "CVSS_V3"}],
            "affected": [
              {"package": {"ecosystem": "npm", "name": "x"}},
              {"package": {"ecosystem": "PyPI", "name": "Foo.Bar"},
               "ranges": [{"type": "GIT", "events": []},
                          {"type": "ECOSYSTEM", "events": [{}, {"introduced": "0"}, {"fixed": 2}]}],
               "versions": ["1.0", null]}
            ]
        }"#;
        let (advisory, notes) = Advisory::from_json_slice(json, "x.json").unwrap();
        assert_eq!(advisory.aliases, vec!["CVE-1"]);
        assert_eq!(advisory.summary.as_deref(), Some("First line."));
        assert_eq!(advisory.affected.len(), 1);
        assert_eq!(advisory.affected[0].ranges.len(), 1);
        assert_eq!(
            advisory.affected[0].ranges[0].events,
            vec![Event::Introduced("0".into()), Event::Fixed("2".into())]
        );
        assert_eq!(advisory.affected[0].versions, vec!["1.0"]);
        let messages: Vec<_> = notes.iter().map(|note| note.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "`aliases` entry is a boolean, not a string; skipped",
                "`severity` entry without string `type` and `score`; skipped",
                "an empty event `{}` of Foo.Bar; skipped",
                "`affected[].versions` entry is a null, not a string; skipped",
            ]
        );
    }

    #[test]
    fn record_without_id_is_an_error_not_a_panic() {
        assert!(Advisory::from_json_slice(b"{}", "a").is_err());
        assert!(Advisory::from_json_slice(b"[1]", "a").is_err());
        assert!(Advisory::from_json_slice(b"\xff", "a").is_err());
    }

    #[test]
    fn duplicate_keys_fall_back_to_the_generic_path() {
        let json = br#"{"id": "A", "id": "B", "affected": []}"#;
        let (advisory, _) = Advisory::from_json_slice(json, "a").unwrap();
        assert_eq!(advisory.id, "B");
    }
}

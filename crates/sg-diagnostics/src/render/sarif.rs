//! SARIF 2.1.0, shaped for GitHub code scanning.
//!
//! What GitHub reads, and where we put it:
//! - `tool.driver.rules[]`: every enabled rule with `shortDescription` (the rule summary),
//!   `fullDescription` ("What it does"), `help.text`/`help.markdown` (the whole rule doc),
//!   `defaultConfiguration.level`, and `properties.tags` (`security`, the scanner,
//!   `external/cwe/cwe-N`), `properties.precision` (from confidence) and
//!   `properties.security-severity` (the score GitHub ranks alerts by).
//! - `results[]`: `ruleId` + `ruleIndex`, `level` from the finding's severity, a relative
//!   `artifactLocation.uri` under `%SRCROOT%`, a region, `partialFingerprints`
//!   (`snakeguardFingerprint/v1`, our line-independent fingerprint), `codeFlows` for taint
//!   traces, and the finding's severity, confidence and scanner-specific fields as properties.
//!
//! Columns count Unicode scalar values, like every snakeguard span, so the run declares
//! `columnKind: "unicodeCodePoints"` instead of SARIF's default UTF-16 code units.
//!
//! Output is deterministic: rules sorted by code, results in the report's order, fixed key
//! order, no timestamps.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::json::{SummaryDocument, flattened_extra};
use super::{
    RenderOptions, Report, TOOL_INFORMATION_URI, TOOL_NAME, doc_section, notebook_cell, rule_table,
};
use crate::{Confidence, Finding, Rule, Severity, Span};

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SOURCE_ROOT: &str = "%SRCROOT%";
/// The `partialFingerprints` key; `/v1` changes if the fingerprint algorithm ever does.
pub(crate) const FINGERPRINT_KEY: &str = "snakeguardFingerprint/v1";

pub(crate) fn render(report: &Report<'_>, options: &RenderOptions) -> String {
    let rules = rule_table(report);
    let rule_index: BTreeMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(index, rule)| (rule.code, index))
        .collect();
    let original_uri_base_ids = options
        .source_root
        .as_deref()
        .and_then(directory_file_uri)
        .map(|uri| {
            let mut base = BTreeMap::new();
            base.insert(SOURCE_ROOT, BaseLocation { uri });
            base
        });
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: TOOL_NAME,
                    version: report.tool_version,
                    information_uri: sarif_information_uri(),
                    rules: rules.iter().map(|rule| describe_rule(rule)).collect(),
                },
            },
            original_uri_base_ids,
            results: report
                .findings
                .iter()
                .map(|finding| SarifResult {
                    finding,
                    rule_index: rule_index.get(finding.rule.code).copied().unwrap_or(0),
                })
                .collect(),
            column_kind: "unicodeCodePoints",
            properties: RunProperties {
                summary: SummaryDocument::new(report.summary, false),
            },
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|error| {
        serde_json::json!({ "version": "2.1.0", "runs": [], "error": error.to_string() })
            .to_string()
    });
    text.push('\n');
    text
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<BTreeMap<&'static str, BaseLocation>>,
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
    properties: RunProperties<'a>,
}

#[derive(Serialize)]
struct BaseLocation {
    uri: String,
}

#[derive(Serialize)]
struct RunProperties<'a> {
    summary: SummaryDocument<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

/// The tool's `informationUri`, left out while the manifest's repository is the
/// `example.invalid` placeholder: code scanning shows it as a link, and a dead link is worse
/// than none (each rule's `help` carries its full documentation).
fn sarif_information_uri() -> &'static str {
    if TOOL_INFORMATION_URI.contains("example.invalid") {
        ""
    } else {
        TOOL_INFORMATION_URI
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    information_uri: &'static str,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    precision: &'static str,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
}

fn describe_rule(rule: &Rule) -> RuleDescriptor {
    let doc = rule.doc_markdown();
    let what = doc_section(&doc, "## What it does")
        .map_or_else(|| rule.summary.to_string(), |text| unwrap_lines(&text));
    let mut tags = vec!["security".to_string(), rule.scanner.as_str().to_string()];
    if let Some(cwe) = rule.cwe {
        tags.push(format!("external/cwe/cwe-{cwe}"));
    }
    RuleDescriptor {
        id: rule.code,
        name: rule.name,
        short_description: Text {
            text: sentence(rule.summary),
        },
        full_description: Text {
            text: sentence(&what),
        },
        help: Help {
            text: doc.clone(),
            markdown: doc,
        },
        default_configuration: Configuration {
            level: level(rule.default_severity),
        },
        properties: RuleProperties {
            tags,
            precision: precision(rule.default_confidence),
            security_severity: rule.default_severity.security_severity_score(),
        },
    }
}

/// SARIF's three result levels: high and critical fail a check, medium warns.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// GitHub's `precision` scale (`very-high` is not used: no rule is certain).
fn precision(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::High => "high",
        Confidence::Medium => "medium",
        Confidence::Low => "low",
    }
}

/// Doc paragraphs are hard-wrapped; descriptions read better as one line per paragraph.
fn unwrap_lines(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// SARIF asks for plain-text messages written as sentences (validator rule SARIF2001), while
/// snakeguard's own messages follow the CLI convention of no trailing period.
fn sentence(text: &str) -> String {
    let trimmed = text.trim_end();
    match trimmed.chars().last() {
        Some('.' | '!' | '?') => trimmed.to_string(),
        Some(_) => format!("{trimmed}."),
        None => ".".to_string(),
    }
}

struct SarifResult<'a> {
    finding: &'a Finding,
    rule_index: usize,
}

/// Result keys, in output order; `properties` holds the severity, confidence and the
/// finding's `extra` fields.
impl Serialize for SarifResult<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let finding = self.finding;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("ruleId", finding.rule.code)?;
        map.serialize_entry("ruleIndex", &self.rule_index)?;
        map.serialize_entry("level", level(finding.severity))?;
        map.serialize_entry(
            "message",
            &Text {
                text: result_message(finding),
            },
        )?;
        map.serialize_entry("locations", &[PrimaryLocation { finding }])?;
        if !finding.fingerprint.is_empty() {
            let mut fingerprints = BTreeMap::new();
            fingerprints.insert(FINGERPRINT_KEY, finding.fingerprint.as_str());
            map.serialize_entry("partialFingerprints", &fingerprints)?;
        }
        if !finding.trace.is_empty() {
            map.serialize_entry("codeFlows", &[CodeFlow { finding }])?;
        }
        map.serialize_entry("properties", &ResultProperties { finding })?;
        map.end()
    }
}

/// The message, with the notebook cell named first: the region's lines count from the start
/// of that cell, not of the `.ipynb` file.
fn result_message(finding: &Finding) -> String {
    match notebook_cell(finding) {
        Some(cell) => sentence(&format!(
            "Notebook cell {cell}, line {}: {}",
            finding.span.line.max(1),
            finding.message
        )),
        None => sentence(&finding.message),
    }
}

struct PrimaryLocation<'a> {
    finding: &'a Finding,
}

impl Serialize for PrimaryLocation<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let finding = self.finding;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(
            "physicalLocation",
            &PhysicalLocation {
                path: &finding.path,
                region: Region::of_span(finding.span, Some(&finding.snippet)),
                context: context_region(finding),
            },
        )?;
        map.end()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    #[serde(rename = "artifactLocation", serialize_with = "serialize_artifact")]
    path: &'a str,
    region: Region,
    #[serde(rename = "contextRegion", skip_serializing_if = "Option::is_none")]
    context: Option<ContextRegion>,
}

fn serialize_artifact<S: Serializer>(path: &&str, serializer: S) -> Result<S::Ok, S::Error> {
    let (uri, relative) = artifact_uri(path);
    let mut map = serializer.serialize_map(None)?;
    map.serialize_entry("uri", &uri)?;
    if relative {
        map.serialize_entry("uriBaseId", SOURCE_ROOT)?;
    }
    map.end()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

impl Region {
    /// A well-formed region for `span` (SARIF needs lines and columns from 1 and an end not
    /// before the start), with the marked text when the snippet holds it.
    fn of_span(span: Span, snippet: Option<&str>) -> Region {
        let span = normalised(span);
        Region {
            start_line: span.line,
            start_column: span.column,
            end_line: Some(span.end_line),
            end_column: Some(span.end_column),
            snippet: snippet
                .and_then(|snippet| region_text(snippet, span))
                .map(|text| Text { text }),
        }
    }
}

fn normalised(span: Span) -> Span {
    let line = span.line.max(1);
    let column = span.column.max(1);
    let end_line = span.end_line.max(line);
    let end_column = if end_line == line {
        span.end_column.max(column)
    } else {
        span.end_column.max(1)
    };
    Span::new(line, column, end_line, end_column)
}

/// The text inside `span`, cut from the snippet (which starts at `span.line`). `None` when
/// the region is empty or the snippet does not reach it.
fn region_text(snippet: &str, span: Span) -> Option<String> {
    let line_count = (span.end_line - span.line) as usize + 1;
    let lines: Vec<&str> = snippet.lines().take(line_count).collect();
    if lines.len() < line_count {
        return None;
    }
    let mut text = String::new();
    for (index, line) in lines.iter().enumerate() {
        let from = if index == 0 {
            span.column as usize - 1
        } else {
            0
        };
        let upto = if index + 1 == line_count {
            span.end_column as usize - 1
        } else {
            usize::MAX
        };
        if index > 0 {
            text.push('\n');
        }
        let chars_in_line = line.chars().count();
        if from > chars_in_line || (upto != usize::MAX && upto > chars_in_line) {
            return None;
        }
        text.extend(line.chars().skip(from).take(upto.saturating_sub(from)));
    }
    (!text.is_empty()).then_some(text)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ContextRegion {
    start_line: u32,
    end_line: u32,
    snippet: Text,
}

/// The whole flagged lines, when the snippet covers the region's lines.
fn context_region(finding: &Finding) -> Option<ContextRegion> {
    let span = normalised(finding.span);
    let line_count = (span.end_line - span.line) as usize + 1;
    let lines: Vec<&str> = finding.snippet.lines().take(line_count).collect();
    if lines.len() < line_count {
        return None;
    }
    Some(ContextRegion {
        start_line: span.line,
        end_line: span.end_line,
        snippet: Text {
            text: lines.join("\n"),
        },
    })
}

/// One code flow with one thread flow: the trace steps, source first.
struct CodeFlow<'a> {
    finding: &'a Finding,
}

impl Serialize for CodeFlow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let locations: Vec<ThreadFlowLocation<'_>> = self
            .finding
            .trace
            .iter()
            .map(|step| ThreadFlowLocation {
                location: StepLocation {
                    physical_location: PhysicalLocation {
                        path: &self.finding.path,
                        region: Region {
                            start_line: step.line.max(1),
                            start_column: step.column.max(1),
                            end_line: None,
                            end_column: None,
                            snippet: None,
                        },
                        context: None,
                    },
                    message: Text {
                        text: sentence(&step.message),
                    },
                },
            })
            .collect();
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("threadFlows", &[ThreadFlow { locations }])?;
        map.end()
    }
}

#[derive(Serialize)]
struct ThreadFlow<'a> {
    locations: Vec<ThreadFlowLocation<'a>>,
}

#[derive(Serialize)]
struct ThreadFlowLocation<'a> {
    location: StepLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StepLocation<'a> {
    physical_location: PhysicalLocation<'a>,
    message: Text,
}

/// Keys of the result property bag that `extra` fields may not take (`tags` has a meaning
/// of its own in every SARIF property bag).
const RESERVED_PROPERTIES: [&str; 5] = ["tags", "severity", "confidence", "scanner", "cwe"];

struct ResultProperties<'a> {
    finding: &'a Finding,
}

impl Serialize for ResultProperties<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let finding = self.finding;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("severity", &finding.severity)?;
        map.serialize_entry("confidence", &finding.confidence)?;
        map.serialize_entry("scanner", &finding.rule.scanner)?;
        if let Some(cwe) = finding.rule.cwe {
            map.serialize_entry("cwe", &cwe)?;
        }
        for (key, value) in flattened_extra(&finding.extra, &RESERVED_PROPERTIES) {
            map.serialize_entry(&key, value)?;
        }
        map.end()
    }
}

/// The artifact URI of a display path, and whether it is relative to `%SRCROOT%`. Display
/// paths are relative with `/` separators; an absolute one (a scan of `/abs/dir`) becomes a
/// `file://` URI.
fn artifact_uri(path: &str) -> (String, bool) {
    let path = path.replace('\\', "/");
    if path.starts_with('/') {
        (format!("file://{}", percent_encode_path(&path)), false)
    } else if has_drive_letter(&path) {
        (format!("file:///{}", percent_encode_path(&path)), false)
    } else {
        (percent_encode_path(&path), true)
    }
}

fn has_drive_letter(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/'
}

/// `file:///…/` for the scan root (a directory: the trailing slash makes relative URIs
/// resolve inside it). `None` for a relative path, which a `file` URI cannot express.
fn directory_file_uri(root: &str) -> Option<String> {
    let mut root = root.replace('\\', "/");
    if !root.ends_with('/') {
        root.push('/');
    }
    if root.starts_with('/') {
        Some(format!("file://{}", percent_encode_path(&root)))
    } else if has_drive_letter(&root) {
        Some(format!("file:///{}", percent_encode_path(&root)))
    } else {
        None
    }
}

/// Percent-encodes everything that may not appear literally in a URI path (RFC 3986 `pchar`
/// plus `/`), and `:` too so a relative path's first segment never reads as a scheme. A
/// drive letter's colon (`C:/`) is kept.
fn percent_encode_path(path: &str) -> String {
    use std::fmt::Write;
    let keep_drive_colon = has_drive_letter(path);
    let mut out = String::with_capacity(path.len());
    for (index, byte) in path.bytes().enumerate() {
        let literal = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
                    | b'/'
            )
            || (byte == b':' && keep_drive_colon && index == 1);
        if literal {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_and_relative_paths_use_the_source_root() {
        assert_eq!(artifact_uri("src/app.py"), ("src/app.py".to_string(), true));
        assert_eq!(
            artifact_uri("my dir/50%/a#b?.py"),
            ("my%20dir/50%25/a%23b%3F.py".to_string(), true)
        );
        assert_eq!(artifact_uri("c:x.py"), ("c%3Ax.py".to_string(), true));
        assert_eq!(
            artifact_uri("données/ü.py"),
            ("donn%C3%A9es/%C3%BC.py".to_string(), true)
        );
        assert_eq!(
            artifact_uri("/abs/x.py"),
            ("file:///abs/x.py".to_string(), false)
        );
        assert_eq!(
            artifact_uri("C:\\src\\x.py"),
            ("file:///C:/src/x.py".to_string(), false)
        );
        assert_eq!(
            directory_file_uri("/home/u/proj").as_deref(),
            Some("file:///home/u/proj/")
        );
        assert_eq!(
            directory_file_uri("C:\\src\\proj\\").as_deref(),
            Some("file:///C:/src/proj/")
        );
        assert_eq!(directory_file_uri("."), None);
    }

    #[test]
    fn region_text_cuts_the_span_out_of_the_snippet() {
        assert_eq!(
            region_text("x = eval(s)", Span::new(4, 5, 4, 12)).as_deref(),
            Some("eval(s)")
        );
        assert_eq!(
            region_text("f(\n  a,\n  b)", Span::new(1, 1, 3, 5)).as_deref(),
            Some("f(\n  a,\n  b)")
        );
        assert_eq!(region_text("x", Span::point(1, 1)), None);
        assert_eq!(region_text("short", Span::new(1, 1, 2, 3)), None);
        assert_eq!(region_text("abc", Span::new(1, 2, 1, 9)), None);
    }

    #[test]
    fn sentences_end_with_a_period() {
        assert_eq!(sentence("Use of eval"), "Use of eval.");
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence("Why?  "), "Why?");
    }
}

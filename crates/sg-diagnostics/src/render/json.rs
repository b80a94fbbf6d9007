//! The JSON document: stable, versioned, documented in `crates/sg-diagnostics/JSON_SCHEMA.md`.
//!
//! Keys are written in a fixed order by hand-written `Serialize` impls rather than through
//! `serde_json::Map`, whose order changes when any crate in the build enables serde_json's
//! `preserve_order` feature.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeStruct, Serializer};

use super::{JSON_VERSION, Report, Summary, TOOL_INFORMATION_URI, TOOL_NAME};
use crate::{Finding, Scanner, Severity};

pub(crate) fn render(report: &Report<'_>) -> String {
    let document = Document {
        version: JSON_VERSION,
        tool: Tool {
            name: TOOL_NAME,
            version: report.tool_version,
            information_uri: TOOL_INFORMATION_URI,
        },
        findings: report.findings.iter().map(JsonFinding).collect(),
        summary: SummaryDocument::new(report.summary, true),
    };
    // Serialising these types cannot fail (every map key is a string); should it ever, the
    // output is still one JSON document.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_else(|error| {
        serde_json::json!({ "version": JSON_VERSION, "error": error.to_string() }).to_string()
    });
    text.push('\n');
    text
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool<'a>,
    findings: Vec<JsonFinding<'a>>,
    summary: SummaryDocument<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    information_uri: &'static str,
}

/// The fields every finding has, in output order; `extra` keys may not take these names.
const CORE_KEYS: [&str; 15] = [
    "rule",
    "name",
    "scanner",
    "severity",
    "confidence",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "message",
    "cwe",
    "fingerprint",
    "snippet",
    "trace",
];

struct JsonFinding<'a>(&'a Finding);

impl Serialize for JsonFinding<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let finding = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("rule", finding.rule.code)?;
        map.serialize_entry("name", finding.rule.name)?;
        map.serialize_entry("scanner", &finding.rule.scanner)?;
        map.serialize_entry("severity", &finding.severity)?;
        map.serialize_entry("confidence", &finding.confidence)?;
        map.serialize_entry("path", &finding.path)?;
        map.serialize_entry("line", &finding.span.line)?;
        map.serialize_entry("column", &finding.span.column)?;
        map.serialize_entry("end_line", &finding.span.end_line)?;
        map.serialize_entry("end_column", &finding.span.end_column)?;
        map.serialize_entry("message", &finding.message)?;
        map.serialize_entry("cwe", &finding.rule.cwe)?;
        let fingerprint = (!finding.fingerprint.is_empty()).then_some(&finding.fingerprint);
        map.serialize_entry("fingerprint", &fingerprint)?;
        map.serialize_entry("snippet", &finding.snippet)?;
        if !finding.trace.is_empty() {
            let trace: Vec<TraceStep<'_>> = finding
                .trace
                .iter()
                .map(|step| TraceStep {
                    line: step.line,
                    column: step.column,
                    message: &step.message,
                })
                .collect();
            map.serialize_entry("trace", &trace)?;
        }
        for (key, value) in flattened_extra(&finding.extra, &CORE_KEYS) {
            map.serialize_entry(&key, value)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct TraceStep<'a> {
    line: u32,
    column: u32,
    message: &'a str,
}

/// The `extra` entries in key order, renamed `extra_<key>` (repeatedly, until unique) where
/// a key would collide with one of `reserved`, so a scanner can never overwrite a core field
/// or produce a duplicate key.
pub(crate) fn flattened_extra<'e>(
    extra: &'e BTreeMap<String, serde_json::Value>,
    reserved: &[&str],
) -> Vec<(String, &'e serde_json::Value)> {
    let mut taken: BTreeSet<String> = reserved.iter().map(|key| (*key).to_string()).collect();
    taken.extend(extra.keys().cloned());
    let mut entries = Vec::with_capacity(extra.len());
    for (key, value) in extra {
        if reserved.contains(&key.as_str()) {
            let mut renamed = format!("extra_{key}");
            while taken.contains(&renamed) {
                renamed = format!("extra_{renamed}");
            }
            taken.insert(renamed.clone());
            entries.push((renamed, value));
        } else {
            entries.push((key.clone(), value));
        }
    }
    entries
}

/// The summary as JSON (also embedded in SARIF's run properties, without the elapsed time so
/// that SARIF output is byte-identical between runs).
pub(crate) struct SummaryDocument<'a> {
    summary: &'a Summary,
    with_elapsed: bool,
}

impl<'a> SummaryDocument<'a> {
    pub(crate) fn new(summary: &'a Summary, with_elapsed: bool) -> Self {
        SummaryDocument {
            summary,
            with_elapsed,
        }
    }
}

impl Serialize for SummaryDocument<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let summary = self.summary;
        let counts = &summary.counts;
        let fields = if self.with_elapsed { 9 } else { 8 };
        let mut document = serializer.serialize_struct("Summary", fields)?;
        document.serialize_field("findings", &counts.total())?;
        document.serialize_field(
            "by_severity",
            &SeverityCounts(|severity| counts.severity_total(severity)),
        )?;
        document.serialize_field("by_scanner", &ScannerCounts(counts))?;
        document.serialize_field("files_scanned", &summary.files_scanned)?;
        document.serialize_field("files_skipped", &summary.files_skipped)?;
        document.serialize_field("suppressed", &summary.suppressed)?;
        document.serialize_field("baseline_absorbed", &summary.baseline_absorbed)?;
        document.serialize_field("vulnerability_database", &summary.vulnerability_database)?;
        if self.with_elapsed {
            // Milliseconds are the useful precision; rounding keeps the number short.
            let seconds = summary
                .elapsed
                .map(|elapsed| (elapsed.as_secs_f64() * 1000.0).round() / 1000.0);
            document.serialize_field("elapsed_seconds", &seconds)?;
        }
        document.end()
    }
}

/// `{"critical": n, "high": n, "medium": n, "low": n}`, most severe first.
struct SeverityCounts<F: Fn(Severity) -> u64>(F);

impl<F: Fn(Severity) -> u64> Serialize for SeverityCounts<F> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(Severity::ALL.len()))?;
        for severity in Severity::ALL.iter().rev() {
            map.serialize_entry(severity.as_str(), &(self.0)(*severity))?;
        }
        map.end()
    }
}

/// Every scanner, in [`Scanner::ALL`] order, with its total and per-severity counts.
struct ScannerCounts<'a>(&'a super::FindingCounts);

impl Serialize for ScannerCounts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let counts = self.0;
        let mut map = serializer.serialize_map(Some(Scanner::ALL.len()))?;
        for scanner in Scanner::ALL {
            map.serialize_entry(scanner.as_str(), &ScannerRow { counts, scanner })?;
        }
        map.end()
    }
}

struct ScannerRow<'a> {
    counts: &'a super::FindingCounts,
    scanner: Scanner,
}

impl Serialize for ScannerRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(Severity::ALL.len() + 1))?;
        map.serialize_entry("total", &self.counts.scanner_total(self.scanner))?;
        for severity in Severity::ALL.iter().rev() {
            map.serialize_entry(severity.as_str(), &self.counts.get(self.scanner, *severity))?;
        }
        map.end()
    }
}

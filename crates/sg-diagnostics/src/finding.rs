//! One reported problem, whatever scanner found it.

use std::collections::BTreeMap;

use crate::{Confidence, Rule, Severity};

/// A 1-based, inclusive-start / exclusive-end position range in a file.
///
/// Columns count Unicode scalar values from 1. For files without lines (a pickle byte
/// offset, a dependency without a line) use line 1, column 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Span {
    pub fn new(line: u32, column: u32, end_line: u32, end_column: u32) -> Self {
        Span {
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// A span covering one point (or the start of a file when nothing finer is known).
    pub fn point(line: u32, column: u32) -> Self {
        Span {
            line,
            column,
            end_line: line,
            end_column: column,
        }
    }
}

/// One step of a taint trace (source → … → sink), in the finding's file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TraceStep {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// One finding. Build with [`Finding::new`] and the `with_*` methods.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub confidence: Confidence,
    /// Path relative to the scan root, with `/` separators.
    pub path: String,
    pub span: Span,
    pub message: String,
    /// The source text of the flagged lines (`span.line..=span.end_line`), already redacted
    /// where it holds a secret. Renderers draw the code frame from it.
    pub snippet: String,
    /// What identifies this finding within its rule and file when lines move; fingerprints are
    /// derived from it. Defaults to the whitespace-normalised snippet. Scanners set it when the
    /// snippet is not the identity (a secret's hash, a package name and advisory id).
    pub fingerprint_key: String,
    /// Scanner-specific fields (`package`, `advisory`, `global`, `offset`, `redacted`,
    /// `endpoint`…), rendered in JSON and as SARIF properties. Sorted by key.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Taint trace, source first.
    pub trace: Vec<TraceStep>,
    /// Filled by [`crate::assign_fingerprints`] once the whole finding list is known.
    pub fingerprint: String,
}

impl Finding {
    pub fn new(
        rule: &'static Rule,
        path: impl Into<String>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity: rule.default_severity,
            confidence: rule.default_confidence,
            path: path.into(),
            span,
            message: message.into(),
            snippet: String::new(),
            fingerprint_key: String::new(),
            extra: BTreeMap::new(),
            trace: Vec::new(),
            fingerprint: String::new(),
        }
    }

    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    #[must_use]
    pub fn with_confidence(mut self, confidence: Confidence) -> Self {
        self.confidence = confidence;
        self
    }

    #[must_use]
    pub fn with_snippet(mut self, snippet: impl Into<String>) -> Self {
        self.snippet = snippet.into();
        self
    }

    #[must_use]
    pub fn with_fingerprint_key(mut self, key: impl Into<String>) -> Self {
        self.fingerprint_key = key.into();
        self
    }

    #[must_use]
    pub fn with_extra(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.extra.insert(key.to_string(), value.into());
        self
    }

    #[must_use]
    pub fn with_trace(mut self, trace: Vec<TraceStep>) -> Self {
        self.trace = trace;
        self
    }

    /// The order every output uses: path, position, rule code, then message.
    pub fn sort_key(&self) -> (&str, Span, &str, &str) {
        (&self.path, self.span, self.rule.code, &self.message)
    }
}

/// Sorts findings into the one deterministic order every output uses.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

//! Renderers: one report, seven shapes.
//!
//! | format     | for                         | module        |
//! |------------|-----------------------------|---------------|
//! | `text`     | people at a terminal        | `text.rs`     |
//! | `json`     | scripts (versioned schema)  | `json.rs`     |
//! | `sarif`    | code scanning (SARIF 2.1.0) | `sarif.rs`    |
//! | `github`   | GitHub Actions annotations  | `github.rs`   |
//! | `markdown` | pull-request comments       | `markdown.rs` |
//! | `junit`    | CI test tabs                | `junit.rs`    |
//! | `html`     | a self-contained web page   | `html.rs`     |
//!
//! The binary sorts the findings ([`sort_findings`](crate::sort_findings)), assigns
//! fingerprints ([`assign_fingerprints`](crate::assign_fingerprints)), fills a [`Summary`],
//! and calls [`render`] (or [`write_report`]) with a [`Report`]. Renderers never print, never
//! read the clock and never look at hash-map order: the same report gives the same bytes.
//!
//! ```
//! use sg_diagnostics::render::{render, Format, RenderOptions, Report, Summary};
//!
//! let findings = Vec::new();
//! let summary = Summary::from_findings(&findings);
//! let report = Report::new(&findings, sg_diagnostics::tool_rules::rules(), &summary, "0.1.0");
//! let text = render(Format::Text, &report, &RenderOptions::default());
//! assert_eq!(text, "No findings\n");
//! ```
//!
//! Notebook findings carry `extra["cell"]` (the cell's 1-based position in the notebook) and a
//! span relative to that cell; every format shows the cell next to the line.

mod escape;
mod frame;
mod github;
mod html;
mod json;
mod junit;
mod markdown;
mod paint;
mod sarif;
mod summary;
mod text;

use std::fmt;
use std::io;
use std::str::FromStr;

pub use summary::{FindingCounts, Summary};

use crate::{Finding, Rule};

/// The tool name written into JSON, SARIF and JUnit.
pub const TOOL_NAME: &str = "snakeguard";
/// Where users learn about the tool (SARIF `informationUri`): the repository in Cargo.toml.
pub const TOOL_INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");
/// The `version` of the JSON document; bumped on any incompatible change (see JSON_SCHEMA.md).
pub const JSON_VERSION: u32 = 1;

/// An output format, named as on the command line (`--format sarif`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Sarif,
    Github,
    Markdown,
    Junit,
    Html,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Text,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Markdown,
        Format::Junit,
        Format::Html,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Markdown => "markdown",
            Format::Junit => "junit",
            Format::Html => "html",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format name that is not one of [`Format::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormatError {
    pub given: String,
}

impl fmt::Display for UnknownFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Format::ALL.iter().map(|format| format.as_str()).collect();
        write!(
            f,
            "unknown format `{}` (expected one of: {})",
            self.given,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownFormatError {}

impl FromStr for Format {
    type Err = UnknownFormatError;
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|format| format.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| UnknownFormatError {
                given: name.to_string(),
            })
    }
}

/// Choices the binary makes about presentation (not about what is reported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// ANSI colour in `text` output. The binary sets it when stdout is a terminal and
    /// `NO_COLOR` is unset; when `false` no escape byte is written.
    pub color: bool,
    /// Whether `text` output ends with the summary (off for `-q`).
    pub show_summary: bool,
    /// Absolute path of the scan root. When set, SARIF records it as the `%SRCROOT%` base of
    /// the relative artifact URIs (`originalUriBaseIds`); leave it unset for output that does
    /// not depend on where the checkout lives. A relative path is ignored.
    pub source_root: Option<String>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            show_summary: true,
            source_root: None,
        }
    }
}

/// What a renderer needs: the findings to show (sorted and fingerprinted by the caller), the
/// rules the run had enabled (SARIF lists them all, with their docs), the summary and the
/// tool version; optionally the API endpoint inventory (shown by `markdown` and `html`).
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    pub findings: &'a [Finding],
    pub rules: &'a [&'static Rule],
    pub summary: &'a Summary,
    pub tool_version: &'a str,
    /// The HTTP endpoints the API scanner found; set with [`Report::with_endpoints`].
    pub endpoints: Option<&'a Endpoints>,
}

/// The API endpoint inventory as reports show it. A neutral copy of what the API scanner
/// builds, so that this crate does not depend on the scanner; the binary fills it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoints {
    /// In the order to show (the scanner sorts them).
    pub endpoints: Vec<Endpoint>,
    /// One line such as `3 endpoints in 1 app: 1 without authentication, 2 without a rate
    /// limit`.
    pub summary: String,
}

/// One HTTP endpoint. Empty lists mean "none found".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoint {
    /// `GET`, `POST`…
    pub methods: Vec<String>,
    /// The full route, prefixes included.
    pub path: String,
    /// `file:line qualname` of the view function.
    pub handler: String,
    /// Authentication markers (decorators, dependencies, permission classes).
    pub auth: Vec<String>,
    pub scopes: Vec<String>,
    pub rate_limit: Vec<String>,
    /// Rate limits that are declared but not in effect (for example a limiter never attached).
    pub inactive_rate_limit: Vec<String>,
    pub csrf_exempt: bool,
}

impl<'a> Report<'a> {
    pub fn new(
        findings: &'a [Finding],
        rules: &'a [&'static Rule],
        summary: &'a Summary,
        tool_version: &'a str,
    ) -> Self {
        Report {
            findings,
            rules,
            summary,
            tool_version,
            endpoints: None,
        }
    }

    /// Adds the API endpoint inventory to the report.
    #[must_use]
    pub fn with_endpoints(mut self, endpoints: &'a Endpoints) -> Self {
        self.endpoints = Some(endpoints);
        self
    }
}

/// Renders `report` in `format`. Text formats end with a newline.
pub fn render(format: Format, report: &Report<'_>, options: &RenderOptions) -> String {
    match format {
        Format::Text => text::render(report, options),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report, options),
        Format::Github => github::render(report),
        Format::Markdown => markdown::render(report),
        Format::Junit => junit::render(report),
        Format::Html => html::render(report),
    }
}

/// Renders `report` and writes it to `out` (a `BrokenPipe` error is returned as is, for the
/// binary to treat as a quiet exit).
pub fn write_report(
    out: &mut dyn io::Write,
    format: Format,
    report: &Report<'_>,
    options: &RenderOptions,
) -> io::Result<()> {
    out.write_all(render(format, report, options).as_bytes())?;
    out.flush()
}

/// The notebook cell of a finding (`extra["cell"]`), as shown after `cell `.
fn notebook_cell(finding: &Finding) -> Option<String> {
    match finding.extra.get("cell")? {
        serde_json::Value::Number(number) => Some(number.to_string()),
        serde_json::Value::String(text) => Some(text.clone()),
        _ => None,
    }
}

/// `path:line:col`, or `path:cell N:line:col` for a notebook cell; not escaped.
fn location_label(finding: &Finding) -> String {
    let line = finding.span.line.max(1);
    let column = finding.span.column.max(1);
    match notebook_cell(finding) {
        Some(cell) => format!("{}:cell {cell}:{line}:{column}", finding.path),
        None => format!("{}:{line}:{column}", finding.path),
    }
}

/// The rules to describe: those enabled plus any a finding points at, by code, once each.
fn rule_table(report: &Report<'_>) -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = report
        .rules
        .iter()
        .copied()
        .chain(report.findings.iter().map(|finding| finding.rule))
        .collect();
    rules.sort_by(|a, b| a.code.cmp(b.code).then_with(|| a.name.cmp(b.name)));
    rules.dedup_by(|a, b| a.code == b.code);
    rules
}

/// The text of one `## Section` of a rule doc, without its heading, trimmed.
fn doc_section(doc_markdown: &str, heading: &str) -> Option<String> {
    let mut lines = doc_markdown
        .lines()
        .skip_while(|line| line.trim_end() != heading);
    lines.next()?;
    let body: Vec<&str> = lines.take_while(|line| !line.starts_with("## ")).collect();
    let text = body.join("\n").trim().to_string();
    (!text.is_empty()).then_some(text)
}

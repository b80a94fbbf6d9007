//! GitHub Actions workflow commands: one annotation per finding.
//!
//! ```text
//! ::error file=app.py,line=3,col=7,endLine=3,endColumn=19,title=B301 pickle-loads::Pickle …
//! ```
//!
//! Escaping follows `@actions/core` (`toCommandValue`/`escapeData`/`escapeProperty`): in the
//! message `%`, `\r` and `\n` become `%25`, `%0D`, `%0A`; property values also escape `:` and
//! `,`. Since a command is only recognised at the start of a line, escaping newlines is what
//! keeps a hostile message or path from injecting commands of its own.
//!
//! Notebook findings point at a cell, not at a line of the `.ipynb` file, so they are
//! annotated on the file and name the cell and line in the message.

use super::escape::{escaped_char, is_unsafe_char};
use super::{Report, notebook_cell};
use crate::{Finding, Severity};
use std::fmt::Write;

pub(crate) fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    for finding in report.findings {
        push_annotation(&mut out, finding);
    }
    out
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "notice",
    }
}

fn push_annotation(out: &mut String, finding: &Finding) {
    let span = finding.span;
    let line = span.line.max(1);
    let column = span.column.max(1);
    let end_line = span.end_line.max(line);
    let end_column = if end_line == line {
        span.end_column.max(column)
    } else {
        span.end_column.max(1)
    };
    let cell = notebook_cell(finding);

    let mut properties = vec![format!("file={}", escape_property(&finding.path))];
    if cell.is_none() {
        properties.push(format!("line={line}"));
        properties.push(format!("col={column}"));
        properties.push(format!("endLine={end_line}"));
        properties.push(format!("endColumn={end_column}"));
    }
    properties.push(format!(
        "title={}",
        escape_property(&format!("{} {}", finding.rule.code, finding.rule.name))
    ));

    let mut message = String::new();
    if let Some(cell) = &cell {
        let _ = write!(message, "cell {cell}, line {line}, column {column}: ");
    }
    message.push_str(&finding.message);
    let _ = write!(
        message,
        " [{}/{}]",
        finding.severity.as_str(),
        finding.confidence.as_str()
    );
    if !finding.trace.is_empty() {
        message.push_str("\ntrace (source first):");
        for (index, step) in finding.trace.iter().enumerate() {
            let _ = write!(
                message,
                "\n{}. {}:{} {}",
                index + 1,
                step.line,
                step.column,
                step.message
            );
        }
    }

    out.push_str("::");
    out.push_str(command(finding.severity));
    out.push(' ');
    out.push_str(&properties.join(","));
    out.push_str("::");
    out.push_str(&escape_data(&message));
    out.push('\n');
}

/// `escapeData` of `@actions/core`, after showing other control characters as visible
/// escapes (`\x1b`): Actions logs interpret ANSI sequences, and a scanned file's text should
/// not restyle them.
fn escape_data(text: &str) -> String {
    let mut visible = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch != '\n' && ch != '\r' && is_unsafe_char(ch) {
            visible.push_str(&escaped_char(ch));
        } else {
            visible.push(ch);
        }
    }
    visible
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `escapeProperty` of `@actions/core`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_actions_core() {
        assert_eq!(escape_data("50% a\r\nb::c,d"), "50%25 a%0D%0Ab::c,d");
        assert_eq!(escape_data("a\x1b[31mb\tc"), "a\\x1b[31mb\\tc");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}

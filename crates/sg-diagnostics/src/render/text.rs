//! The terminal format, shaped like ruff's: a `path:line:col: CODE` header that editors and
//! terminals turn into links, a code frame, the taint trace, and a summary at the end.
//!
//! ```text
//! app/views.py:12:12: B301 [medium/high] Pickle and modules that wrap it can be unsafe
//!    |
//! 12 |     data = pickle.loads(request.body)
//!    |            ^^^^^^^^^^^^^^^^^^^^^^^^^^ pickle-loads
//!    |
//! ```
//!
//! Everything taken from scanned files goes through [`escape`](super::escape), so the only
//! escape sequences in the output are the colours we add ourselves, and none without colour.

use super::escape::one_line;
use super::frame::{push_code_frame, push_trace};
use super::paint::{Painter, Style};
use super::summary::keyed_list;
use super::{RenderOptions, Report, Summary, notebook_cell};
use crate::{Finding, Scanner, Severity};
use std::fmt::Write;

pub(crate) fn render(report: &Report<'_>, options: &RenderOptions) -> String {
    let painter = Painter::new(options.color);
    let mut out = String::new();
    for finding in report.findings {
        push_finding(&mut out, finding, painter);
        out.push('\n');
    }
    if options.show_summary {
        push_summary(&mut out, report.summary, painter);
    }
    out
}

/// One finding: its header line, then its code frame and trace when it has them.
pub(crate) fn push_finding(out: &mut String, finding: &Finding, painter: Painter) {
    push_header(out, finding, painter);
    let gutter = push_code_frame(out, finding, "", painter);
    push_trace(out, finding, gutter.unwrap_or(1), painter);
}

/// `path:line:col: CODE [severity/confidence] message`, or `path:cell N:line:col: …` for a
/// notebook cell.
fn push_header(out: &mut String, finding: &Finding, painter: Painter) {
    painter.push(out, &one_line(&finding.path), Style::Bold);
    out.push(':');
    if let Some(cell) = notebook_cell(finding) {
        out.push_str("cell ");
        out.push_str(&one_line(&cell));
        out.push(':');
    }
    let _ = write!(
        out,
        "{}:{}: ",
        finding.span.line.max(1),
        finding.span.column.max(1)
    );
    painter.push(out, finding.rule.code, Style::Code);
    out.push_str(" [");
    painter.push(
        out,
        finding.severity.as_str(),
        Style::Severity(finding.severity),
    );
    out.push('/');
    out.push_str(finding.confidence.as_str());
    out.push_str("] ");
    out.push_str(&one_line(&finding.message));
    out.push('\n');
}

fn plural(count: u64, singular: &str, plural: &str) -> String {
    if count == 1 {
        format!("{count} {singular}")
    } else {
        format!("{count} {plural}")
    }
}

/// `1 critical, 2 high` for the severities that occur, most severe first.
fn push_severity_list(out: &mut String, count_of: impl Fn(Severity) -> u64, painter: Painter) {
    let mut first = true;
    for severity in Severity::ALL.iter().rev().copied() {
        let count = count_of(severity);
        if count == 0 {
            continue;
        }
        if !first {
            out.push_str(", ");
        }
        first = false;
        let _ = write!(out, "{count} ");
        painter.push(out, severity.as_str(), Style::Severity(severity));
    }
}

fn push_summary(out: &mut String, summary: &Summary, painter: Painter) {
    let counts = &summary.counts;
    let total = counts.total();
    if total == 0 {
        painter.push(out, "No findings", Style::Bold);
        out.push('\n');
    } else {
        painter.push(
            out,
            &format!("Found {}", plural(total, "finding", "findings")),
            Style::Bold,
        );
        out.push_str(": ");
        push_severity_list(out, |severity| counts.severity_total(severity), painter);
        out.push('\n');
        for scanner in Scanner::ALL {
            let scanner_total = counts.scanner_total(scanner);
            if scanner_total == 0 {
                continue;
            }
            let _ = write!(out, "  {scanner}: {scanner_total} (");
            push_severity_list(out, |severity| counts.get(scanner, severity), painter);
            out.push_str(")\n");
        }
    }

    let skipped = summary.files_skipped_total();
    if summary.files_scanned > 0 || skipped > 0 {
        let _ = write!(
            out,
            "Scanned {}",
            plural(summary.files_scanned, "file", "files")
        );
        if skipped > 0 {
            let _ = write!(
                out,
                ", skipped {skipped} ({})",
                keyed_list(&summary.files_skipped, one_line)
            );
        }
        out.push('\n');
    }

    let suppressed = summary.suppressed_total();
    let absorbed = summary.baseline_absorbed;
    let line = match (suppressed > 0, absorbed > 0) {
        (true, true) => format!(
            "Suppressed {} ({}); {absorbed} absorbed by the baseline",
            plural(suppressed, "finding", "findings"),
            keyed_list(&summary.suppressed, one_line),
        ),
        (true, false) => format!(
            "Suppressed {} ({})",
            plural(suppressed, "finding", "findings"),
            keyed_list(&summary.suppressed, one_line),
        ),
        (false, true) => format!(
            "{} absorbed by the baseline",
            plural(absorbed, "finding", "findings"),
        ),
        (false, false) => String::new(),
    };
    if !line.is_empty() {
        out.push_str(&line);
        out.push('\n');
    }

    if let Some(database) = &summary.vulnerability_database {
        let _ = writeln!(out, "Vulnerability database: {}", one_line(database));
    }
    if let Some(elapsed) = summary.elapsed {
        let _ = writeln!(out, "Finished in {:.2}s", elapsed.as_secs_f64());
    }
}

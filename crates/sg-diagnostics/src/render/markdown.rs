//! Markdown for pull-request comments: a summary table, then the findings grouped by file,
//! each with its code frame, then the API endpoint inventory when the report has one.
//!
//! Text from scanned files is escaped for GitHub-flavoured Markdown (backslash escapes for
//! punctuation that formats, entities for `<`, `>` and `&` so no HTML gets through), and code
//! frames sit in fences longer than any backtick run they contain. GitHub refuses comments
//! over 65,536 characters, so after [`BUDGET`] characters the remaining findings are only
//! counted.

use super::summary::keyed_list;
use std::fmt::Write;

use super::escape::one_line;
use super::frame::{push_code_frame, push_trace};
use super::paint::Painter;
use super::{Endpoints, Report, Summary, TOOL_NAME, notebook_cell};
use crate::{Finding, Scanner, Severity};

/// Characters of findings written before the rest are summarised in one line.
const BUDGET: usize = 60_000;

pub(crate) fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    push_summary(&mut out, report.summary);

    let mut current_path: Option<&str> = None;
    for (index, finding) in report.findings.iter().enumerate() {
        if out.len() > BUDGET {
            let left = report.findings.len() - index;
            let noun = if left == 1 { "finding" } else { "findings" };
            let _ = writeln!(
                out,
                "\n_{left} more {noun} not shown here; see the full report ({TOOL_NAME} scan)._"
            );
            break;
        }
        if current_path != Some(finding.path.as_str()) {
            current_path = Some(finding.path.as_str());
            let _ = writeln!(out, "\n### {}", code_span(&one_line(&finding.path)));
        }
        push_finding(&mut out, finding);
    }
    if let Some(endpoints) = report.endpoints {
        push_endpoints(&mut out, endpoints);
    }
    out
}

/// The endpoint inventory as a table (the columns of `snakeguard api --format markdown`).
fn push_endpoints(out: &mut String, endpoints: &Endpoints) {
    let _ = writeln!(out, "\n### API endpoints\n");
    if !endpoints.endpoints.is_empty() {
        out.push_str("| Method | Path | Handler | Auth | Scopes | Rate limit | CSRF |\n");
        out.push_str("| :-- | :-- | :-- | :-- | :-- | :-- | :-- |\n");
    }
    let list = |values: &[String], empty: &str| {
        if values.is_empty() {
            empty.to_string()
        } else {
            inline(&one_line(&values.join(", ")))
        }
    };
    for endpoint in &endpoints.endpoints {
        let rate_limit =
            if endpoint.rate_limit.is_empty() && !endpoint.inactive_rate_limit.is_empty() {
                format!(
                    "none (inactive: {})",
                    list(&endpoint.inactive_rate_limit, "-")
                )
            } else {
                list(&endpoint.rate_limit, "none")
            };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {rate_limit} | {} |",
            list(&endpoint.methods, "-"),
            code_span(&one_line(&endpoint.path)).replace('|', "\\|"),
            code_span(&one_line(&endpoint.handler)).replace('|', "\\|"),
            list(&endpoint.auth, "none"),
            list(&endpoint.scopes, "-"),
            if endpoint.csrf_exempt { "exempt" } else { "-" },
        );
    }
    if !endpoints.endpoints.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{}", inline(&one_line(&endpoints.summary)));
}

fn push_summary(out: &mut String, summary: &Summary) {
    let counts = &summary.counts;
    let total = counts.total();
    let noun = if total == 1 { "finding" } else { "findings" };
    if total == 0 {
        let _ = writeln!(out, "## {TOOL_NAME}: no findings");
    } else {
        let _ = writeln!(out, "## {TOOL_NAME}: {total} {noun}\n");
        out.push_str("| Scanner | Critical | High | Medium | Low | Total |\n");
        out.push_str("| :-- | --: | --: | --: | --: | --: |\n");
        for scanner in Scanner::ALL {
            let scanner_total = counts.scanner_total(scanner);
            if scanner_total == 0 {
                continue;
            }
            let _ = write!(out, "| {scanner} |");
            for severity in Severity::ALL.iter().rev() {
                let _ = write!(out, " {} |", counts.get(scanner, *severity));
            }
            let _ = writeln!(out, " {scanner_total} |");
        }
        out.push_str("| **Total** |");
        for severity in Severity::ALL.iter().rev() {
            let _ = write!(out, " **{}** |", counts.severity_total(*severity));
        }
        let _ = writeln!(out, " **{total}** |");
    }

    let mut facts = Vec::new();
    let skipped = summary.files_skipped_total();
    if summary.files_scanned > 0 || skipped > 0 {
        let mut scanned = format!("{} files scanned", summary.files_scanned);
        if skipped > 0 {
            let _ = write!(
                scanned,
                ", {skipped} skipped ({})",
                keyed_list(&summary.files_skipped, inline)
            );
        }
        facts.push(scanned);
    }
    let suppressed = summary.suppressed_total();
    if suppressed > 0 {
        facts.push(format!(
            "{suppressed} suppressed ({})",
            keyed_list(&summary.suppressed, inline)
        ));
    }
    if summary.baseline_absorbed > 0 {
        facts.push(format!(
            "{} absorbed by the baseline",
            summary.baseline_absorbed
        ));
    }
    if let Some(database) = &summary.vulnerability_database {
        facts.push(format!(
            "vulnerability database: {}",
            inline(&one_line(database))
        ));
    }
    if let Some(elapsed) = summary.elapsed {
        facts.push(format!("{:.2}s", elapsed.as_secs_f64()));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "\n{}", facts.join(" · "));
    }
}

/// `**B301** pickle-loads · high severity, medium confidence · line 3, column 7`, the message,
/// then the code frame and trace in a fence.
fn push_finding(out: &mut String, finding: &Finding) {
    let span = finding.span;
    let mut position = String::new();
    if let Some(cell) = notebook_cell(finding) {
        let _ = write!(position, "cell {}, ", inline(&one_line(&cell)));
    }
    let _ = write!(
        position,
        "line {}, column {}",
        span.line.max(1),
        span.column.max(1)
    );
    let _ = writeln!(
        out,
        "\n**{}** {} · {} severity, {} confidence · {position}\n",
        finding.rule.code,
        code_span(finding.rule.name),
        finding.severity,
        finding.confidence,
    );
    // A message line break becomes a Markdown hard break (a backslash at the end of a line).
    let message: Vec<String> = finding
        .message
        .lines()
        .map(|line| inline(&one_line(line)))
        .collect();
    let _ = writeln!(out, "{}", message.join("\\\n"));

    let mut block = String::new();
    let gutter = push_code_frame(&mut block, finding, "", Painter::new(false));
    push_trace(
        &mut block,
        finding,
        gutter.unwrap_or(1),
        Painter::new(false),
    );
    if !block.is_empty() {
        let fence = "`".repeat(longest_backtick_run(&block).max(2) + 1);
        let _ = write!(out, "\n{fence}text\n{block}{fence}\n");
    }
}

/// Escapes text for inline Markdown: the punctuation GFM gives a meaning to inside a line
/// gets a backslash, and `<`, `>`, `&` become entities so no HTML gets through.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(ch);
            }
            ch => out.push(ch),
        }
    }
    out
}

/// A code span that holds `text` whatever backticks it contains.
fn code_span(text: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(text) + 1);
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

fn longest_backtick_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for ch in text.chars() {
        if ch == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_escapes_formatting_and_html() {
        assert_eq!(
            inline("a_b *c* [l](u) <img src=x> & `x` | y"),
            "a\\_b \\*c\\* \\[l\\](u) &lt;img src=x&gt; &amp; \\`x\\` \\| y"
        );
    }

    #[test]
    fn code_spans_and_fences_outgrow_backtick_runs() {
        assert_eq!(code_span("a.py"), "`a.py`");
        assert_eq!(code_span("a``b.py"), "```a``b.py```");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(longest_backtick_run("```` x `"), 4);
    }
}

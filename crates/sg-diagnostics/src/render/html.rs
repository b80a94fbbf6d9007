//! One self-contained HTML page for people who read reports in a browser: the summary, a
//! severity chart, dependency vulnerabilities with their fix versions, the findings grouped
//! by scanner and file with their code frames, and the API endpoint inventory.
//!
//! The page carries everything it needs: inline CSS, an inline SVG chart, no script, no font,
//! no image and no link to anything outside itself, so it works offline and can be attached
//! to a ticket or archived as a CI artifact. A `Content-Security-Policy` meta tag forbids
//! every external load and every script, so even a mistake in escaping could not run code.
//!
//! Every piece of text that comes from a scanned project (paths, messages, snippets, package
//! names, endpoint paths) is escaped with the XML escaper, which is also correct HTML: the
//! page is well-formed XML (tests parse it), so a stray `<script>` in a message stays text.
//! Terminal and bidirectional control characters are shown as visible escapes, as in every
//! other format.

use super::summary::keyed_list;
use std::fmt::Write;

use super::escape::{one_line, xml_attribute, xml_text};
use super::frame::{push_code_frame, push_trace};
use super::paint::Painter;
use super::{Endpoints, Report, Summary, TOOL_NAME, location_label};
use crate::{Finding, Scanner, Severity};

/// The stylesheet: plain CSS without `<` or `&`, so it is also valid XML text.
const STYLE: &str = r"
:root { --critical: #8e24aa; --high: #d32f2f; --medium: #ef6c00; --low: #0277bd;
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: var(--ink); background: #ffffff; }
header { background: #1f2328; color: #ffffff; padding: 20px 32px; }
header h1 { margin: 0; font-size: 24px; }
header p { margin: 4px 0 0; color: #c9d1d9; }
main { max-width: 1180px; margin: 0 auto; padding: 8px 32px 32px; }
h2 { font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 6px; margin-top: 32px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 20px 0 8px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 18px; min-width: 120px;
  background: var(--panel); }
.card .number { font-size: 28px; font-weight: 700; display: block; }
.card .label { color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: .04em; }
.card.critical .number { color: var(--critical); }
.card.high .number { color: var(--high); }
.card.medium .number { color: var(--medium); }
.card.low .number { color: var(--low); }
.overview { display: flex; flex-wrap: wrap; gap: 32px; align-items: flex-start; }
.overview > div { flex: 1 1 420px; }
ul.facts { margin: 8px 0; padding-left: 20px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 5px 10px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.badge { display: inline-block; border-radius: 10px; padding: 0 9px; color: #ffffff;
  font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
.badge.critical { background: var(--critical); }
.badge.high { background: var(--high); }
.badge.medium { background: var(--medium); }
.badge.low { background: var(--low); }
details.file { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; }
details.file > summary { cursor: pointer; padding: 8px 12px; background: var(--panel);
  border-radius: 8px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 14px; }
.finding { padding: 10px 14px; border-top: 1px solid var(--line); border-left: 4px solid var(--line); }
.finding.critical { border-left-color: var(--critical); }
.finding.high { border-left-color: var(--high); }
.finding.medium { border-left-color: var(--medium); }
.finding.low { border-left-color: var(--low); }
.finding .head { display: flex; flex-wrap: wrap; gap: 10px; align-items: baseline; }
.finding .code { font-weight: 700; }
.finding .where { color: var(--muted); font-size: 13px; }
.finding .message { margin: 6px 0; }
pre.frame { background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
  padding: 8px 12px; overflow-x: auto; margin: 6px 0 0; }
.muted { color: var(--muted); }
.none { color: var(--high); font-weight: 600; }
footer { color: var(--muted); font-size: 13px; text-align: center; padding: 16px; }
";

/// Width of the bar area of the severity chart, in SVG user units.
const CHART_BAR_WIDTH: u64 = 360;

pub(crate) fn render(report: &Report<'_>) -> String {
    let total = report.summary.counts.total();
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\"/>\n",
    );
    let _ = writeln!(
        out,
        "<title>{TOOL_NAME} report: {total} {}</title>",
        noun(total, "finding", "findings")
    );
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(
        out,
        "<header><h1>{TOOL_NAME} security report</h1><p>{TOOL_NAME} {} · {total} {}</p></header>",
        xml_attribute(&one_line(report.tool_version)),
        noun(total, "finding", "findings"),
    );
    let _ = writeln!(
        out,
        "<main id=\"snakeguard-report\" data-findings=\"{}\">",
        report.findings.len()
    );
    push_summary(&mut out, report.summary);
    push_vulnerabilities(&mut out, report.findings);
    push_findings(&mut out, report.findings);
    if let Some(endpoints) = report.endpoints {
        push_endpoints(&mut out, endpoints);
    }
    out.push_str("</main>\n");
    let _ = writeln!(
        out,
        "<footer>Generated by {TOOL_NAME} {}. This page loads nothing from the network.</footer>",
        xml_attribute(&one_line(report.tool_version))
    );
    out.push_str("</body>\n</html>\n");
    out
}

fn noun(count: u64, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}

/// Escapes one-line text (controls as visible escapes) for element content or attributes.
fn text(value: &str) -> String {
    xml_attribute(&one_line(value)).into_owned()
}

fn push_summary(out: &mut String, summary: &Summary) {
    let counts = &summary.counts;
    let total = counts.total();
    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");
    let _ = writeln!(
        out,
        "<div class=\"card total\"><span class=\"number\">{total}</span><span class=\"label\">{}</span></div>",
        noun(total, "finding", "findings")
    );
    for severity in Severity::ALL.iter().rev() {
        let _ = writeln!(
            out,
            "<div class=\"card {severity}\"><span class=\"number\">{}</span><span class=\"label\">{severity}</span></div>",
            counts.severity_total(*severity)
        );
    }
    out.push_str("</div>\n<div class=\"overview\">\n<div>\n<h3>By severity</h3>\n");
    push_chart(out, summary);
    out.push_str("</div>\n<div>\n<h3>By scanner</h3>\n");
    push_scanner_table(out, summary);
    out.push_str("</div>\n</div>\n");
    push_facts(out, summary);
    out.push_str("</section>\n");
}

/// A horizontal bar per severity, scaled to the largest count.
fn push_chart(out: &mut String, summary: &Summary) {
    let counts = &summary.counts;
    let largest = Severity::ALL
        .iter()
        .map(|severity| counts.severity_total(*severity))
        .max()
        .unwrap_or(0)
        .max(1);
    let row_height = 34;
    let height = row_height * Severity::ALL.len() + 8;
    let _ = writeln!(
        out,
        "<svg id=\"severity-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"520\" height=\"{height}\" \
         viewBox=\"0 0 520 {height}\" role=\"img\" aria-label=\"Findings by severity\">"
    );
    for (row, severity) in Severity::ALL.iter().rev().enumerate() {
        let count = counts.severity_total(*severity);
        let y = row * row_height + 4;
        let width = if count == 0 {
            0
        } else {
            (count * CHART_BAR_WIDTH / largest).max(3)
        };
        let _ = writeln!(
            out,
            "<g><text x=\"0\" y=\"{}\" font-size=\"14\" fill=\"#1f2328\">{severity}</text>\
             <rect x=\"90\" y=\"{y}\" width=\"{CHART_BAR_WIDTH}\" height=\"24\" rx=\"4\" fill=\"#f6f8fa\"/>\
             <rect x=\"90\" y=\"{y}\" width=\"{width}\" height=\"24\" rx=\"4\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"600\" fill=\"#1f2328\">{count}</text></g>",
            y + 17,
            severity_colour(*severity),
            90 + CHART_BAR_WIDTH + 10,
            y + 17,
        );
    }
    out.push_str("</svg>\n");
}

fn severity_colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "#8e24aa",
        Severity::High => "#d32f2f",
        Severity::Medium => "#ef6c00",
        Severity::Low => "#0277bd",
    }
}

fn push_scanner_table(out: &mut String, summary: &Summary) {
    let counts = &summary.counts;
    out.push_str("<table class=\"scanners\">\n<thead><tr><th>Scanner</th>");
    for severity in Severity::ALL.iter().rev() {
        let _ = write!(out, "<th class=\"number\">{severity}</th>");
    }
    out.push_str("<th class=\"number\">total</th></tr></thead>\n<tbody>\n");
    for scanner in Scanner::ALL {
        let scanner_total = counts.scanner_total(scanner);
        if scanner_total == 0 {
            continue;
        }
        let _ = write!(out, "<tr><td>{scanner}</td>");
        for severity in Severity::ALL.iter().rev() {
            let _ = write!(
                out,
                "<td class=\"number\">{}</td>",
                counts.get(scanner, *severity)
            );
        }
        let _ = writeln!(out, "<td class=\"number\">{scanner_total}</td></tr>");
    }
    out.push_str("<tr class=\"total\"><td>total</td>");
    for severity in Severity::ALL.iter().rev() {
        let _ = write!(
            out,
            "<td class=\"number\">{}</td>",
            counts.severity_total(*severity)
        );
    }
    let _ = writeln!(
        out,
        "<td class=\"number\">{}</td></tr>\n</tbody>\n</table>",
        counts.total()
    );
}

fn push_facts(out: &mut String, summary: &Summary) {
    let mut facts = Vec::new();
    let skipped = summary.files_skipped_total();
    let mut scanned = format!("{} files scanned", summary.files_scanned);
    if skipped > 0 {
        let _ = write!(
            scanned,
            ", {skipped} skipped ({})",
            keyed_list(&summary.files_skipped, text)
        );
    }
    facts.push(scanned);
    let suppressed = summary.suppressed_total();
    if suppressed > 0 {
        facts.push(format!(
            "{suppressed} suppressed ({})",
            keyed_list(&summary.suppressed, text)
        ));
    }
    if summary.baseline_absorbed > 0 {
        facts.push(format!(
            "{} absorbed by the baseline",
            summary.baseline_absorbed
        ));
    }
    if let Some(database) = &summary.vulnerability_database {
        facts.push(format!("vulnerability database: {}", text(database)));
    }
    if let Some(elapsed) = summary.elapsed {
        facts.push(format!(
            "elapsed: <span class=\"elapsed\">{:.2}s</span>",
            elapsed.as_secs_f64()
        ));
    }
    out.push_str("<ul class=\"facts\">\n");
    for fact in facts {
        let _ = writeln!(out, "<li>{fact}</li>");
    }
    out.push_str("</ul>\n");
}

/// The string form of a JSON value from a finding's `extra`: strings as they are, arrays
/// joined with commas.
fn extra_text(finding: &Finding, key: &str) -> Option<String> {
    match finding.extra.get(key)? {
        serde_json::Value::String(value) => Some(value.clone()),
        serde_json::Value::Array(values) => {
            let parts: Vec<String> = values
                .iter()
                .map(|value| match value {
                    serde_json::Value::String(value) => value.clone(),
                    other => other.to_string(),
                })
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// Known vulnerabilities in dependencies: the findings that name an advisory (the audit puts
/// `package`, `version`, `advisory`, `aliases`, `fixed_versions` and `fix_version` in `extra`).
fn push_vulnerabilities(out: &mut String, findings: &[Finding]) {
    let vulnerable: Vec<&Finding> = findings
        .iter()
        .filter(|finding| finding.extra.contains_key("advisory"))
        .collect();
    if vulnerable.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"vulnerabilities\">\n<h2>Dependency vulnerabilities ({})</h2>",
        vulnerable.len()
    );
    out.push_str(
        "<table>\n<thead><tr><th>Package</th><th>Installed</th><th>Advisory</th>\
         <th>Severity</th><th>Fixed in</th><th>Summary</th><th>Declared in</th></tr></thead>\n<tbody>\n",
    );
    for finding in vulnerable {
        let package = extra_text(finding, "package").unwrap_or_default();
        let version = extra_text(finding, "version").unwrap_or_default();
        let advisory = extra_text(finding, "advisory").unwrap_or_default();
        let aliases = extra_text(finding, "aliases");
        let fixed =
            extra_text(finding, "fix_version").or_else(|| extra_text(finding, "fixed_versions"));
        let summary = extra_text(finding, "summary").unwrap_or_else(|| finding.message.clone());
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td><code>{}</code>",
            text(&package),
            text(&version),
            text(&advisory)
        );
        if let Some(aliases) = aliases {
            let _ = write!(out, "<br/><span class=\"muted\">{}</span>", text(&aliases));
        }
        let _ = write!(
            out,
            "</td><td><span class=\"badge {0}\">{0}</span></td>",
            finding.severity
        );
        match fixed {
            Some(fixed) => {
                let _ = write!(out, "<td><code>{}</code></td>", text(&fixed));
            }
            None => out.push_str("<td><span class=\"none\">no fix yet</span></td>"),
        }
        let _ = writeln!(
            out,
            "<td>{}</td><td><code>{}</code></td></tr>",
            text(&summary),
            text(&location_label(finding))
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Findings grouped by scanner (in [`Scanner::ALL`] order), then by file (in path order).
fn push_findings(out: &mut String, findings: &[Finding]) {
    out.push_str("<section id=\"findings\">\n<h2>Findings</h2>\n");
    if findings.is_empty() {
        out.push_str("<p class=\"muted\">No findings.</p>\n");
    }
    for scanner in Scanner::ALL {
        let of_scanner: Vec<&Finding> = findings
            .iter()
            .filter(|finding| finding.rule.scanner == scanner)
            .collect();
        if of_scanner.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<section class=\"scanner\" id=\"scanner-{scanner}\">\n<h3>{} ({})</h3>",
            scanner_title(scanner),
            of_scanner.len()
        );
        let mut start = 0;
        while let Some(first) = of_scanner.get(start) {
            let path = first.path.as_str();
            let end = of_scanner[start..]
                .iter()
                .position(|finding| finding.path != path)
                .map_or(of_scanner.len(), |offset| start + offset);
            let group = of_scanner.get(start..end).unwrap_or_default();
            let _ = writeln!(
                out,
                "<details class=\"file\" open=\"open\"><summary>{} <span class=\"muted\">({} {})</span></summary>",
                text(path),
                group.len(),
                noun(group.len() as u64, "finding", "findings")
            );
            for finding in group {
                push_finding(out, finding);
            }
            out.push_str("</details>\n");
            start = end;
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}

fn scanner_title(scanner: Scanner) -> &'static str {
    match scanner {
        Scanner::Source => "Source rules",
        Scanner::Taint => "Taint analysis",
        Scanner::Api => "API security",
        Scanner::Secrets => "Secrets",
        Scanner::Pickle => "Pickles and models",
        Scanner::Dependencies => "Dependencies",
        Scanner::Tool => "Scan problems",
    }
}

fn push_finding(out: &mut String, finding: &Finding) {
    let severity = finding.severity;
    let _ = writeln!(
        out,
        "<article class=\"finding {severity}\"><div class=\"head\">\
         <span class=\"badge {severity}\">{severity}</span>\
         <span class=\"code\">{}</span> <code>{}</code>\
         <span class=\"where\">{} · {} confidence</span></div>",
        text(finding.rule.code),
        text(finding.rule.name),
        text(&location_label(finding)),
        finding.confidence,
    );
    let message: Vec<String> = finding.message.lines().map(text).collect();
    let _ = writeln!(
        out,
        "<div class=\"message\">{}</div>",
        message.join("<br/>")
    );
    let mut block = String::new();
    let gutter = push_code_frame(&mut block, finding, "", Painter::new(false));
    push_trace(
        &mut block,
        finding,
        gutter.unwrap_or(1),
        Painter::new(false),
    );
    if !block.is_empty() {
        let _ = writeln!(out, "<pre class=\"frame\">{}</pre>", xml_text(&block));
    }
    out.push_str("</article>\n");
}

fn push_endpoints(out: &mut String, endpoints: &Endpoints) {
    let _ = writeln!(
        out,
        "<section id=\"endpoints\">\n<h2>API endpoints ({})</h2>\n<p class=\"muted\">{}</p>",
        endpoints.endpoints.len(),
        text(&endpoints.summary)
    );
    if endpoints.endpoints.is_empty() {
        out.push_str("</section>\n");
        return;
    }
    out.push_str(
        "<table>\n<thead><tr><th>Method</th><th>Path</th><th>Handler</th><th>Auth</th>\
         <th>Scopes</th><th>Rate limit</th><th>CSRF</th></tr></thead>\n<tbody>\n",
    );
    for endpoint in &endpoints.endpoints {
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td><code>{}</code></td>",
            text(&endpoint.methods.join(",")),
            text(&endpoint.path),
            text(&endpoint.handler)
        );
        push_list_cell(out, &endpoint.auth, "none");
        if endpoint.scopes.is_empty() {
            out.push_str("<td class=\"muted\">-</td>");
        } else {
            let _ = write!(out, "<td>{}</td>", text(&endpoint.scopes.join(", ")));
        }
        if endpoint.rate_limit.is_empty() && !endpoint.inactive_rate_limit.is_empty() {
            let _ = write!(
                out,
                "<td><span class=\"none\">none</span> <span class=\"muted\">(inactive: {})</span></td>",
                text(&endpoint.inactive_rate_limit.join(", "))
            );
        } else {
            push_list_cell(out, &endpoint.rate_limit, "none");
        }
        if endpoint.csrf_exempt {
            out.push_str("<td><span class=\"none\">exempt</span></td></tr>\n");
        } else {
            out.push_str("<td class=\"muted\">-</td></tr>\n");
        }
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn push_list_cell(out: &mut String, values: &[String], empty: &str) {
    if values.is_empty() {
        let _ = write!(out, "<td><span class=\"none\">{empty}</span></td>");
    } else {
        let _ = write!(out, "<td>{}</td>", text(&values.join(", ")));
    }
}

//! Property tests: whatever text a scanned file puts into a finding, every format stays well
//! formed. JSON and SARIF always parse (and JSON gives back the exact strings), JUnit is always
//! well-formed XML, GitHub output is always one command per finding, and text without colour
//! never contains an escape byte.

mod common;

use proptest::prelude::*;
use sg_diagnostics::render::{Format, RenderOptions, Report, Summary, render};
use sg_diagnostics::{
    Confidence, Finding, Rule, Severity, Span, TraceStep, assign_fingerprints, sort_findings,
};

fn rules() -> Vec<&'static Rule> {
    common::enabled_rules()
}

/// Any text, weighted towards the characters renderers must treat specially.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                Just('\n'),
                Just('\r'),
                Just('\t'),
                Just('\x1b'),
                Just('\0'),
                Just('%'),
                Just(':'),
                Just(','),
                Just('"'),
                Just('<'),
                Just('&'),
                Just('`'),
                Just('|'),
                Just('\u{202e}'),
                Just('\u{ffff}'),
                Just('漢'),
                Just('\u{301}'),
                Just('😀'),
                any::<char>(),
                proptest::char::range('a', 'z'),
            ],
            0..40,
        )
        .prop_map(|chars| chars.into_iter().collect()),
    ]
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        text().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<bool>().prop_map(serde_json::Value::from),
        proptest::collection::vec(text(), 0..3).prop_map(serde_json::Value::from),
        Just(serde_json::Value::Null),
    ]
}

fn finding() -> impl Strategy<Value = Finding> {
    let position = (0u32..60, 0u32..200, 0u32..4, 0u32..200);
    (
        0..rules().len(),
        text(),
        text(),
        text(),
        position,
        proptest::collection::btree_map(
            prop_oneof![
                text(),
                Just("cell".to_string()),
                Just("path".to_string()),
                Just("tags".to_string()),
            ],
            json_value(),
            0..4,
        ),
        proptest::collection::vec((0u32..60, 0u32..200, text()), 0..4),
        (0..4usize, 0..3usize),
    )
        .prop_map(
            |(
                rule,
                path,
                message,
                snippet,
                (line, column, extra_lines, end_column),
                extra,
                trace,
                (severity, confidence),
            )| {
                let rules = rules();
                let mut finding = Finding::new(
                    rules[rule],
                    path,
                    Span::new(line, column, line + extra_lines, end_column),
                    message,
                )
                .with_snippet(snippet)
                .with_severity(Severity::ALL[severity])
                .with_confidence(Confidence::ALL[confidence])
                .with_trace(
                    trace
                        .into_iter()
                        .map(|(line, column, message)| TraceStep {
                            line,
                            column,
                            message,
                        })
                        .collect(),
                );
                finding.extra = extra;
                finding
            },
        )
}

fn render_all(findings: &[Finding], summary: &Summary) -> Vec<(Format, String)> {
    let rules = rules();
    let report = Report::new(findings, &rules, summary, "0.1.0");
    Format::ALL
        .into_iter()
        .map(|format| (format, render(format, &report, &RenderOptions::default())))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_format_stays_well_formed(
        mut findings in proptest::collection::vec(finding(), 0..5),
        skipped_reason in prop_oneof![Just("binary"), Just("not-utf8")],
        database in proptest::option::of(text()),
    ) {
        sort_findings(&mut findings);
        assign_fingerprints(&mut findings);
        let mut summary = Summary::from_findings(&findings);
        summary.skip_file(skipped_reason);
        summary.vulnerability_database = database;

        for (format, output) in render_all(&findings, &summary) {
            match format {
                Format::Json => {
                    let json: serde_json::Value = serde_json::from_str(&output)
                        .map_err(|error| TestCaseError::fail(format!("JSON: {error}\n{output}")))?;
                    let rendered = json["findings"].as_array().cloned().unwrap_or_default();
                    prop_assert_eq!(rendered.len(), findings.len());
                    for (finding, rendered) in findings.iter().zip(&rendered) {
                        prop_assert_eq!(&rendered["path"], &serde_json::json!(finding.path));
                        prop_assert_eq!(&rendered["message"], &serde_json::json!(finding.message));
                        prop_assert_eq!(&rendered["snippet"], &serde_json::json!(finding.snippet));
                        prop_assert_eq!(&rendered["rule"], &serde_json::json!(finding.rule.code));
                        for (key, value) in &finding.extra {
                            if !matches!(key.as_str(), "path" | "rule" | "name" | "scanner"
                                | "severity" | "confidence" | "line" | "column" | "end_line"
                                | "end_column" | "message" | "cwe" | "fingerprint" | "snippet"
                                | "trace")
                            {
                                prop_assert_eq!(&rendered[key.as_str()], value);
                            }
                        }
                    }
                }
                Format::Sarif => {
                    let sarif: serde_json::Value = serde_json::from_str(&output)
                        .map_err(|error| TestCaseError::fail(format!("SARIF: {error}\n{output}")))?;
                    let run = &sarif["runs"][0];
                    let rules = run["tool"]["driver"]["rules"].as_array().cloned().unwrap_or_default();
                    let results = run["results"].as_array().cloned().unwrap_or_default();
                    prop_assert_eq!(results.len(), findings.len());
                    for result in &results {
                        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap_or(u64::MAX)).unwrap_or(usize::MAX);
                        prop_assert!(index < rules.len());
                        prop_assert_eq!(&rules[index]["id"], &result["ruleId"]);
                        let region = &result["locations"][0]["physicalLocation"]["region"];
                        let start = (region["startLine"].as_u64(), region["startColumn"].as_u64());
                        let end = (region["endLine"].as_u64(), region["endColumn"].as_u64());
                        prop_assert!(start.0 >= Some(1) && start.1 >= Some(1));
                        prop_assert!(end >= start, "region ends before it starts: {}", region);
                        prop_assert!(result["properties"].get("tags").is_none());
                    }
                }
                Format::Junit => {
                    let document = roxmltree::Document::parse(&output)
                        .map_err(|error| TestCaseError::fail(format!("JUnit: {error}\n{output}")))?;
                    let failures = document.descendants().filter(|node| node.has_tag_name("failure")).count();
                    prop_assert_eq!(failures, findings.len());
                }
                Format::Github => {
                    prop_assert_eq!(output.lines().count(), findings.len());
                    for line in output.lines() {
                        prop_assert!(line.starts_with("::"), "{}", line);
                    }
                    prop_assert!(!output.contains('\x1b'));
                }
                Format::Html => {
                    let document = roxmltree::Document::parse_with_options(&output, roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() })
                        .map_err(|error| TestCaseError::fail(format!("HTML: {error}\n{output}")))?;
                    let articles = document.descendants().filter(|node| node.has_tag_name("article")).count();
                    prop_assert_eq!(articles, findings.len());
                    prop_assert!(!document.descendants().any(|node| node.has_tag_name("script")));
                    prop_assert!(!output.contains('\x1b'), "{}", output);
                    prop_assert!(!output.contains('\u{202e}'), "{}", output);
                }
                Format::Text | Format::Markdown => {
                    prop_assert!(!output.contains('\x1b'), "{}: {}", format, output);
                    prop_assert!(!output.contains('\u{202e}'), "{}: {}", format, output);
                }
            }
        }
    }
}

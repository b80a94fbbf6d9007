//! Snapshots of every format on the sample findings: a reviewer reads exactly what a user
//! sees.

mod common;

use std::fmt::Write;

use common::{TOOL_VERSION, enabled_rules, sample_findings, sample_summary};
use sg_diagnostics::render::{Format, RenderOptions, Report, Summary, render};

fn render_sample(format: Format, options: &RenderOptions) -> String {
    let findings = sample_findings();
    let summary = sample_summary(&findings);
    let rules = enabled_rules();
    let report = Report::new(&findings, &rules, &summary, TOOL_VERSION);
    render(format, &report, options)
}

#[test]
fn text() {
    insta::assert_snapshot!(render_sample(Format::Text, &RenderOptions::default()));
}

#[test]
fn text_quiet_has_no_summary() {
    let options = RenderOptions {
        show_summary: false,
        ..RenderOptions::default()
    };
    let quiet = render_sample(Format::Text, &options);
    let full = render_sample(Format::Text, &RenderOptions::default());
    assert!(full.starts_with(&quiet));
    assert!(!quiet.contains("Found 9 findings"));
    assert!(full.contains("Found 9 findings"));
}

#[test]
fn json() {
    insta::assert_snapshot!(render_sample(Format::Json, &RenderOptions::default()));
}

#[test]
fn sarif() {
    insta::assert_snapshot!(render_sample(Format::Sarif, &RenderOptions::default()));
}

#[test]
fn sarif_with_source_root() {
    let options = RenderOptions {
        source_root: Some("/home/dev/my project".into()),
        ..RenderOptions::default()
    };
    let sarif: serde_json::Value =
        serde_json::from_str(&render_sample(Format::Sarif, &options)).expect("SARIF is JSON");
    assert_eq!(
        sarif["runs"][0]["originalUriBaseIds"],
        serde_json::json!({ "%SRCROOT%": { "uri": "file:///home/dev/my%20project/" } })
    );
}

#[test]
fn github() {
    insta::assert_snapshot!(render_sample(Format::Github, &RenderOptions::default()));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(render_sample(Format::Markdown, &RenderOptions::default()));
}

#[test]
fn junit() {
    insta::assert_snapshot!(render_sample(Format::Junit, &RenderOptions::default()));
}

#[test]
fn empty_report_in_every_format() {
    let summary = Summary::default();
    let rules = enabled_rules();
    let report = Report::new(&[], &rules, &summary, TOOL_VERSION);
    let mut all = String::new();
    for format in Format::ALL {
        let _ = writeln!(all, "===== {format}");
        all.push_str(&render(format, &report, &RenderOptions::default()));
    }
    insta::assert_snapshot!(all);
}

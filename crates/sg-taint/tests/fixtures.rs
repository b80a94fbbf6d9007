//! Snapshot tests of the taint pass, with traces:
//!
//! - every TNT rule on its fixture `resources/test/fixtures/taint/<CODE>.py` (positives, and
//!   commented negatives), only that rule's findings;
//! - every framework app `resources/test/fixtures/taint/<framework>/vulnerable/*.py` (all
//!   findings), and its `sanitized/` twin, which must give no finding at all.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use sg_diagnostics::Finding;
use sg_python::{Analyzer, FileInfo, PythonSource, SourceKind, walk};
use sg_taint::{Options, check, rules};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../resources/test/fixtures/taint")
}

struct NoRules;
impl Analyzer<'_> for NoRules {}

/// Runs the walk and the taint pass on one file; `display` is the path findings carry.
fn taint(file: &Path, display: &str, options: &Options) -> Vec<Finding> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let Ok(source) = PythonSource::parse(SourceKind::Python, &text) else {
        return Vec::new();
    };
    let module_path = sg_python::module_path(file);
    let info = FileInfo {
        path: file,
        display_path: display,
        module_path: module_path.as_deref(),
    };
    let index = walk(&source, info, &mut NoRules);
    check(&source, info, &index, options)
}

/// `line:column CODE [severity/confidence] message`, then the numbered trace.
fn render(findings: &[&Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        let _ = writeln!(
            out,
            "{}:{} {} [{}/{}] {}",
            finding.span.line,
            finding.span.column,
            finding.rule.code,
            finding.severity.as_str(),
            finding.confidence.as_str(),
            finding.message
        );
        for (index, step) in finding.trace.iter().enumerate() {
            let _ = writeln!(
                out,
                "    {}. {}:{} {}",
                index + 1,
                step.line,
                step.column,
                step.message
            );
        }
    }
    out
}

fn python_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn display_of(file: &Path) -> String {
    file.strip_prefix(fixtures_dir())
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn every_rule_matches_its_fixture_snapshot() {
    let mut missing = Vec::new();
    for rule in rules() {
        let file = fixtures_dir().join(format!("{}.py", rule.code));
        if !file.is_file() {
            missing.push(rule.code);
            continue;
        }
        let findings = taint(&file, &display_of(&file), &Options::default());
        let own: Vec<&Finding> = findings
            .iter()
            .filter(|finding| finding.rule.code == rule.code)
            .collect();
        assert!(
            !own.is_empty(),
            "{} found nothing in its fixture",
            rule.code
        );
        insta::assert_snapshot!(rule.code, render(&own));
    }
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

#[test]
fn framework_apps_vulnerable_and_sanitized() {
    let frameworks = ["aiohttp", "django", "fastapi", "flask"];
    for framework in frameworks {
        let dir = fixtures_dir().join(framework);
        let vulnerable = python_files(&dir.join("vulnerable"));
        let sanitized = python_files(&dir.join("sanitized"));
        assert!(!vulnerable.is_empty(), "{framework}: no vulnerable app");
        assert!(!sanitized.is_empty(), "{framework}: no sanitized app");
        let mut rendered = String::new();
        for file in &vulnerable {
            let display = display_of(file);
            let findings = taint(file, &display, &Options::default());
            assert!(!findings.is_empty(), "{display}: no finding");
            let _ = writeln!(rendered, "## {display}");
            rendered.push_str(&render(&findings.iter().collect::<Vec<_>>()));
        }
        insta::assert_snapshot!(format!("{framework}_vulnerable"), rendered);
        for file in &sanitized {
            let display = display_of(file);
            let findings = taint(file, &display, &Options::default());
            assert!(
                findings.is_empty(),
                "{display}: the sanitized app has findings:\n{}",
                render(&findings.iter().collect::<Vec<_>>())
            );
        }
    }
}

#[test]
fn every_finding_is_high_high_with_a_trace_from_source_to_sink() {
    for file in python_files(&fixtures_dir()) {
        for finding in taint(&file, &display_of(&file), &Options::default()) {
            assert_eq!(finding.severity, sg_diagnostics::Severity::High);
            assert_eq!(finding.confidence, sg_diagnostics::Confidence::High);
            assert!(
                finding.trace.len() >= 2,
                "{}: {:?}",
                finding.message,
                finding.trace
            );
            let first = finding.trace.first().map_or("", |s| s.message.as_str());
            let last = finding.trace.last().map_or("", |s| s.message.as_str());
            assert!(
                first.starts_with("source")
                    || first.starts_with("route parameter")
                    || first.contains("parameter"),
                "{first}"
            );
            assert!(last.starts_with("sink"), "{last}");
        }
    }
}

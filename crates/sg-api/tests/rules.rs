//! One snapshot per rule: the rule's fixtures under `resources/test/fixtures/api/rules/`
//! (`<CODE>.py` or `<CODE>/`, plus variants `<CODE>_*.py` / `<CODE>_*/`, each scanned as a
//! separate project), findings of that rule only. Fixtures hold positives (`# bad`) and
//! commented negatives (`# ok: ...`), protected endpoints included. A rule without a
//! fixture, or whose fixtures yield no finding, fails.

mod common;

use std::fmt::Write;
use std::path::PathBuf;

use sg_api::{Options, rules};

fn rules_dir() -> PathBuf {
    common::fixtures().join("rules")
}

/// The fixture projects of `code`: `<CODE>.py` or `<CODE>/`, then `<CODE>_*` variants.
fn fixtures_of(code: &str) -> Vec<PathBuf> {
    let mut main = Vec::new();
    let mut variants = Vec::new();
    let Ok(entries) = std::fs::read_dir(rules_dir()) else {
        return main;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let stem = name.strip_suffix(".py").unwrap_or(&name);
        if stem == code {
            main.push(path);
        } else if stem.starts_with(&format!("{code}_")) {
            variants.push(path);
        }
    }
    variants.sort();
    main.extend(variants);
    main
}

fn render(code: &str, options: &Options) -> String {
    let mut out = String::new();
    for fixture in fixtures_of(code) {
        let name = fixture.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let (_, _, findings) = common::scan(&fixture, options);
        let own: Vec<_> = findings
            .into_iter()
            .filter(|f| f.rule.code == code)
            .collect();
        let _ = writeln!(out, "## {name}");
        out.push_str(&common::render_findings(&own));
    }
    out
}

#[test]
fn every_rule_has_a_fixture_with_findings() {
    for rule in rules() {
        let fixtures = fixtures_of(rule.code);
        assert!(!fixtures.is_empty(), "{} has no fixture", rule.code);
        let rendered = render(rule.code, &Options::default());
        assert!(
            rendered.lines().any(|line| line.contains(rule.code)),
            "{} fixtures yield no finding",
            rule.code
        );
    }
}

#[test]
fn rule_snapshots() {
    for rule in rules() {
        let rendered = render(rule.code, &Options::default());
        insta::assert_snapshot!(rule.code, rendered);
    }
}

#[test]
fn codes_names_are_unique_and_docs_complete() {
    let mut seen = std::collections::HashSet::new();
    let codes: Vec<&str> = rules().iter().map(|rule| rule.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted, "rules() is not in code order");
    for rule in rules() {
        assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
        assert!(seen.insert(rule.name), "duplicate name {}", rule.name);
        assert!(
            rule.missing_doc_sections().is_empty(),
            "{} lacks {:?}",
            rule.code,
            rule.missing_doc_sections()
        );
        assert!(
            rule.doc.contains("Use instead:"),
            "{} lacks \"Use instead:\"",
            rule.code
        );
        assert!(
            !rule.summary.ends_with('.'),
            "{} summary ends with a period",
            rule.code
        );
        assert!(
            rule.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} name is not kebab-case",
            rule.code
        );
        assert_eq!(rule.scanner, sg_diagnostics::Scanner::Api, "{}", rule.code);
    }
}

//! Snapshot of what a user sees on the fixture tree `resources/test/fixtures/secrets`:
//! every finding with rule, position, message and (redacted) snippet, and what was skipped.

use std::fmt::Write;
use std::path::PathBuf;

use sg_secrets::{Options, SecretScanner, TreeScan};

fn fixture_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../resources/test/fixtures/secrets")
}

fn render(scan: &TreeScan) -> String {
    let mut out = String::new();
    for finding in &scan.findings {
        let _ = writeln!(
            out,
            "{}:{}:{}: {} [{}] {} ({}/{})",
            finding.path,
            finding.span.line,
            finding.span.column,
            finding.rule.code,
            finding.rule.name,
            finding.message,
            finding.severity,
            finding.confidence,
        );
        for line in finding.snippet.lines() {
            let _ = writeln!(out, "    | {line}");
        }
    }
    let _ = writeln!(out, "scanned: {} files", scan.files_scanned);
    for (reason, count) in &scan.skipped {
        let _ = writeln!(out, "skipped ({reason}): {count}");
    }
    out
}

#[test]
fn fixture_tree_findings() {
    let scanner = SecretScanner::new(Options::default()).expect("default options compile");
    let scan = scanner.scan_tree(&fixture_root());
    insta::assert_snapshot!(render(&scan));
}

#[test]
fn show_secrets_reveals_values_and_default_never_does() {
    let root = fixture_root();
    let hidden = SecretScanner::new(Options::default())
        .expect("default options compile")
        .scan_tree(&root);
    let shown = SecretScanner::new(Options {
        show_secrets: true,
        ..Options::default()
    })
    .expect("options compile")
    .scan_tree(&root);
    assert_eq!(hidden.findings.len(), shown.findings.len());
    for (hidden, shown) in hidden.findings.iter().zip(&shown.findings) {
        let secret = shown
            .extra
            .get("secret")
            .and_then(|value| value.as_str())
            .expect("show-secrets findings carry the secret");
        // No 12-character piece of the secret may appear in what is shown by default.
        let chars: Vec<char> = secret.chars().collect();
        for window in chars.windows(12.min(chars.len())) {
            let piece: String = window.iter().collect();
            assert!(
                !hidden.message.contains(&piece) && !hidden.snippet.contains(&piece),
                "{} at {}:{} leaks {piece:?}",
                hidden.rule.code,
                hidden.path,
                hidden.span.line
            );
        }
        assert!(!hidden.fingerprint_key.contains(secret));
        assert!(!hidden.extra.contains_key("secret"));
        assert!(shown.message.contains(secret));
        // Baselines do not depend on the display mode.
        assert_eq!(hidden.fingerprint_key, shown.fingerprint_key);
    }
}

#[test]
fn configured_allowlists_suppress_findings() {
    let root = fixture_root();
    let scanner = SecretScanner::new(Options {
        allowlist_paths: vec!["**/*.pem".into(), "config.yaml".into()],
        allowlist_regexes: vec!["^dop_v1_".into()],
        allowlist_stopwords: vec!["T3BlbkFJ".into()],
        ..Options::default()
    })
    .expect("options compile");
    let scan = scanner.scan_tree(&root);
    assert!(
        scan.findings
            .iter()
            .all(|finding| finding.path != "deploy_key.pem" && finding.path != "config.yaml")
    );
    assert!(
        scan.findings
            .iter()
            .all(|finding| finding.rule.code != "SEC114")
    );
    assert!(
        scan.findings
            .iter()
            .all(|finding| finding.rule.code != "SEC201")
    );
}

#[test]
fn bad_options_name_the_key() {
    let error = SecretScanner::new(Options {
        allowlist_regexes: vec!["(".into()],
        ..Options::default()
    })
    .expect_err("an unclosed group does not compile");
    assert_eq!(error.key, "allowlist-regexes");
    assert!(error.to_string().contains("allowlist-regexes"));
}

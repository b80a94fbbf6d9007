//! Every data-driven rule's should-match and should-not-match examples, through the full
//! scanner (prefilter, regex, filters), as a user's file would go.

use sg_secrets::{Options, SecretScanner, rule_examples};

#[test]
fn every_rule_matches_its_positive_examples_and_not_its_negatives() {
    let scanner = SecretScanner::new(Options::default()).expect("default options compile");
    let mut failures = Vec::new();
    let examples = rule_examples();
    assert!(examples.len() >= 90, "only {} data rules", examples.len());
    for rule in &examples {
        assert!(
            !rule.should_match.is_empty(),
            "{} has no positive example",
            rule.rule.code
        );
        assert!(
            !rule.should_not_match.is_empty(),
            "{} has no negative example",
            rule.rule.code
        );
        for example in rule.should_match {
            let findings = scanner.scan_text("example.txt", example);
            if !findings
                .iter()
                .any(|finding| finding.rule.code == rule.rule.code)
            {
                let got: Vec<&str> = findings.iter().map(|finding| finding.rule.code).collect();
                failures.push(format!(
                    "{} {} missed {example:?} (got {got:?})",
                    rule.rule.code, rule.rule.name
                ));
            }
        }
        for example in rule.should_not_match {
            let findings = scanner.scan_text("example.txt", example);
            if findings
                .iter()
                .any(|finding| finding.rule.code == rule.rule.code)
            {
                failures.push(format!(
                    "{} {} wrongly matched {example:?}",
                    rule.rule.code, rule.rule.name
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} example failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn positive_examples_never_leak_the_secret_in_messages_or_snippets() {
    let scanner = SecretScanner::new(Options::default()).expect("default options compile");
    for rule in rule_examples() {
        for example in rule.should_match {
            for finding in scanner.scan_text("example.txt", example) {
                let redacted = finding
                    .extra
                    .get("redacted")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string();
                assert!(
                    !redacted.is_empty(),
                    "{}: no redacted form",
                    finding.rule.code
                );
                assert!(!finding.fingerprint_key.is_empty());
                // The snippet and message must not contain any 12-character run of the example
                // that the redacted secret replaced.
                assert!(!finding.message.contains(example.as_str()) || example.len() < 12);
            }
        }
    }
}

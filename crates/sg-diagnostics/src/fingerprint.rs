//! Fingerprints that survive line shifts and count duplicates.
//!
//! A fingerprint hashes the rule code, the path and the finding's identity key (by default
//! its whitespace-normalised snippet), never the line number, so inserting lines above a
//! finding keeps it matched in a baseline. Identical findings in one file get an occurrence
//! number in sorted order, so a baseline holding one of them absorbs exactly one.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::Finding;

/// Fills `fingerprint` on every finding. Call it on the sorted list.
pub fn assign_fingerprints(findings: &mut [Finding]) {
    let mut occurrences: HashMap<String, u32> = HashMap::new();
    for finding in findings.iter_mut() {
        let key = if finding.fingerprint_key.is_empty() {
            normalise_whitespace(&finding.snippet)
        } else {
            finding.fingerprint_key.clone()
        };
        let mut hasher = Sha256::new();
        hasher.update(finding.rule.code.as_bytes());
        hasher.update([0]);
        hasher.update(finding.path.as_bytes());
        hasher.update([0]);
        hasher.update(key.as_bytes());
        let base = hex(&hasher.finalize()[..8]);
        let count = occurrences.entry(base.clone()).or_insert(0);
        *count += 1;
        finding.fingerprint = format!("{base}:{count}");
    }
}

fn normalise_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Span, declare_rule};

    declare_rule! {
        /// ## What it does
        /// Test rule.
        pub static TEST_RULE: Rule {
            code: "T001",
            name: "test-rule",
            scanner: Tool,
            severity: Low,
            confidence: Low,
            cwe: None,
            summary: "Test",
        }
    }

    fn finding(line: u32, snippet: &str) -> Finding {
        Finding::new(&TEST_RULE, "a.py", Span::point(line, 1), "m").with_snippet(snippet)
    }

    #[test]
    fn fingerprint_ignores_line_numbers_and_indentation_changes() {
        let mut before = vec![finding(3, "pickle.loads(x)")];
        let mut after = vec![finding(40, "    pickle.loads(x)")];
        assign_fingerprints(&mut before);
        assign_fingerprints(&mut after);
        assert_eq!(before[0].fingerprint, after[0].fingerprint);
    }

    #[test]
    fn identical_findings_get_distinct_occurrence_numbers() {
        let mut findings = vec![
            finding(3, "eval(x)"),
            finding(9, "eval(x)"),
            finding(12, "eval(y)"),
        ];
        assign_fingerprints(&mut findings);
        assert!(findings[0].fingerprint.ends_with(":1"));
        assert!(findings[1].fingerprint.ends_with(":2"));
        assert_eq!(
            findings[0].fingerprint.split(':').next(),
            findings[1].fingerprint.split(':').next()
        );
        assert!(findings[2].fingerprint.ends_with(":1"));
        assert_ne!(findings[0].fingerprint, findings[2].fingerprint);
    }

    #[test]
    fn explicit_key_wins_over_snippet() {
        let mut a = vec![finding(1, "AKIA****").with_fingerprint_key("sha:1")];
        let mut b = vec![finding(1, "different text").with_fingerprint_key("sha:1")];
        assign_fingerprints(&mut a);
        assign_fingerprints(&mut b);
        assert_eq!(a[0].fingerprint, b[0].fingerprint);
    }
}

//! The rules the audit emits, one file each.

mod known_vulnerability;
mod malicious_package;

pub use known_vulnerability::KNOWN_VULNERABILITY;
pub use malicious_package::MALICIOUS_PACKAGE;

use sg_diagnostics::Rule;

/// Every rule this crate can emit, in code order.
pub fn rules() -> &'static [&'static Rule] {
    static RULES: [&Rule; 2] = [&KNOWN_VULNERABILITY, &MALICIOUS_PACKAGE];
    &RULES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_documented_unique_and_in_code_order() {
        let rules = rules();
        for rule in rules {
            assert!(
                rule.missing_doc_sections().is_empty(),
                "{} lacks {:?}",
                rule.code,
                rule.missing_doc_sections()
            );
            assert!(!rule.summary.ends_with('.'), "{}", rule.code);
        }
        let codes: Vec<_> = rules.iter().map(|rule| rule.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
        assert_eq!(codes, ["DEP001", "DEP002"]);
    }
}

//! Inline allow comments, so a known false positive is silenced where it is.
//!
//! Recognised on the line of the finding (case-insensitive, anywhere on the line):
//!
//! - `snakeguard: allow` (every secret rule) or `snakeguard: allow SEC101, github-pat`
//!   (the named rules only; a word that names no rule, such as a reason, is ignored)
//! - `pragma: allowlist secret` (detect-secrets)
//! - `gitleaks:allow` (gitleaks)
//! - `trufflehog:ignore` (trufflehog)
//!
//! and on the line above: `pragma: allowlist nextline secret` (detect-secrets).

use sg_diagnostics::Rule;

const ALWAYS: &[&str] = &[
    "pragma: allowlist secret",
    "pragma:allowlist secret",
    "gitleaks:allow",
    "trufflehog:ignore",
];

const NEXT_LINE: &[&str] = &[
    "pragma: allowlist nextline secret",
    "pragma:allowlist nextline secret",
];

/// Whether a comment on `line` (or `previous_line`) allows `rule`.
pub fn is_allowed(rule: &Rule, line: &str, previous_line: Option<&str>) -> bool {
    let lower = line.to_ascii_lowercase();
    if ALWAYS.iter().any(|marker| lower.contains(marker)) {
        return true;
    }
    if previous_line.is_some_and(|previous| {
        let previous = previous.to_ascii_lowercase();
        NEXT_LINE.iter().any(|marker| previous.contains(marker))
    }) {
        return true;
    }
    snakeguard_allows(rule, line, &lower)
}

fn snakeguard_allows(rule: &Rule, line: &str, lower: &str) -> bool {
    let mut search_from = 0;
    while let Some(found) = lower[search_from..].find("snakeguard:") {
        let after_marker = search_from + found + "snakeguard:".len();
        let rest = line[after_marker..].trim_start();
        if let Some(words) = rest
            .get(..5)
            .filter(|word| word.eq_ignore_ascii_case("allow"))
            .and_then(|_| rest.get(5..))
        {
            if words.starts_with(|ch: char| ch.is_alphanumeric() || ch == '-') {
                // `allowance`, `allow-next-line`: not our marker.
                search_from = after_marker;
                continue;
            }
            let named: Vec<&str> = words
                .split(|ch: char| ch == ',' || ch.is_whitespace())
                .map(|word| word.trim_matches(|ch: char| ch == '=' || ch == ':'))
                .filter(|word| looks_like_rule_reference(word))
                .collect();
            if named.is_empty() || named.iter().any(|word| rule.is_named(word)) {
                return true;
            }
        }
        search_from = after_marker;
    }
    false
}

/// A code such as `SEC101` or a kebab-case rule name such as `github-pat`.
fn looks_like_rule_reference(word: &str) -> bool {
    let letters = word.chars().take_while(char::is_ascii_alphabetic).count();
    let is_code = (1..=4).contains(&letters)
        && word.len() > letters
        && word[letters..].chars().all(|ch| ch.is_ascii_digit());
    let is_name = word.contains('-')
        && word
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
    is_code || is_name
}

#[cfg(test)]
mod tests {
    use super::*;

    sg_diagnostics::declare_rule! {
        /// ## What it does
        /// Test rule.
        static TEST_RULE: Rule {
            code: "SEC999",
            name: "test-token",
            scanner: Secrets,
            severity: High,
            confidence: High,
            cwe: None,
            summary: "Test",
        }
    }

    #[test]
    fn markers_from_every_tool_allow() {
        for line in [
            "key = 'x'  # snakeguard: allow",
            "key = 'x'  # SnakeGuard: allow because it is a test key",
            "key = 'x'  # snakeguard: allow SEC999",
            "key = 'x'  # snakeguard: allow test-token",
            "key = 'x'  # pragma: allowlist secret",
            "key: x # gitleaks:allow",
            "key: x # trufflehog:ignore",
        ] {
            assert!(is_allowed(&TEST_RULE, line, None), "{line}");
        }
    }

    #[test]
    fn other_rules_or_no_marker_do_not_allow() {
        for line in [
            "key = 'x'",
            "key = 'x'  # snakeguard: allow SEC101",
            "key = 'x'  # snakeguard: allow github-pat",
            "key = 'x'  # snakeguard: allowance",
        ] {
            assert!(!is_allowed(&TEST_RULE, line, None), "{line}");
        }
    }

    #[test]
    fn nextline_pragma_applies_to_the_following_line() {
        assert!(is_allowed(
            &TEST_RULE,
            "key = 'x'",
            Some("# pragma: allowlist nextline secret")
        ));
        assert!(!is_allowed(&TEST_RULE, "key = 'x'", Some("# unrelated")));
    }
}

//! Secret detection: provider rules as data, keyword prefilter, entropy, allowlists.
//!
//! This crate finds hardcoded credentials in any text file, in git history, and (through the
//! decisions in [`python`]) in Python literals. It does not parse Python: the Python source
//! walk in `sg-rules` calls [`python::check`] for literals it finds in secret positions.
//!
//! # Rules
//!
//! | codes   | what                                                      | where defined        |
//! |---------|-----------------------------------------------------------|----------------------|
//! | SEC001–SEC002 | `.env` hygiene: not ignored / tracked by git        | [`hygiene`]          |
//! | SEC101–SEC187, SEC201–SEC246 | 133 provider token formats (cloud, VCS, chat, payments, AI, registries, SaaS) | `rules/*.toml` (data) |
//! | SEC301–SEC310 | private keys, JWTs, URL/header credentials, generic keyword-anchored secrets | `rules/keys.toml` |
//! | SEC401–SEC407 | Python-aware: hardcoded passwords, Django/Flask keys, JWT signing keys | [`python`] |
//!
//! [`rules()`] lists them all in code order. Provider rules are TOML data (see the
//! `catalog` module docs for the schema): each has a regex with the secret as a capture
//! group, keywords, an optional entropy minimum and checksum, an allowlist and
//! should-match / should-not-match examples that the test suite runs.
//!
//! # API for the binary
//!
//! ```no_run
//! use sg_secrets::{Options, SecretScanner};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // `[tool.snakeguard.secrets]`, deserialised by the binary; flags set afterwards.
//! let mut options: Options = toml::from_str("max-file-size = 1048576")?;
//! options.show_secrets = false; // --show-secrets
//! let scanner = SecretScanner::new(options)?; // compiles allowlists; share it across threads
//!
//! // Per file, inside the binary's own walk:
//! let display_path = "app/settings.py";
//! if let Some(reason) = scanner.path_skip_reason(display_path, Some(1234)) {
//!     // count `reason` (allowlisted path, too large) and move on
//! }
//! let bytes = std::fs::read("app/settings.py")?;
//! match scanner.scan_bytes(display_path, &bytes) {
//!     Ok(findings) => { /* merge */ }
//!     Err(reason) => { /* binary, too large, allowlisted: count it */ }
//! }
//! // Or, with text already decoded: scanner.scan_text(display_path, &text).
//!
//! // Once per scan root: `.env` files not ignored (SEC001) or tracked (SEC002).
//! let hygiene = sg_secrets::check_env_files(std::path::Path::new("."))?;
//!
//! // `--history`: every commit's added lines, each finding with extra["commit"].
//! let history = scanner.scan_history(std::path::Path::new("."))?;
//! # let _ = (hygiene, history);
//! # Ok(())
//! # }
//! ```
//!
//! [`SecretScanner::scan_tree`] does the whole walk (gitignore-aware, parallel) for callers
//! without one of their own, such as the benchmark harness in `examples/scan_tree.rs`.
//!
//! Every finding:
//! - has `path` = the display path given, 1-based line/column of the secret itself (for
//!   notebooks: within the cell, with `extra["cell"]`);
//! - carries `extra["redacted"]` (a prefix and the length, `ghp_***(40 chars)`); the message
//!   and snippet show only that form unless `Options::show_secrets` is set, in which case
//!   they show the value and `extra["secret"]` holds it;
//! - has a `fingerprint_key` of `sha256:<hash>` of the secret, never the secret itself, so
//!   baselines match a secret wherever its line moves;
//! - has already passed the inline allow comments (`snakeguard: allow`, `pragma: allowlist
//!   secret`, `gitleaks:allow`, `trufflehog:ignore`, and detect-secrets'
//!   `pragma: allowlist nextline secret` on the line above).
//!
//! When the Python-aware rules run on the same `.py` files, set
//! `Options::generic_in_python = false` so the keyword-anchored text rule (SEC310) does not
//! report the same literal a second time.
//!
//! # Python-aware rules (SEC401–SEC407)
//!
//! The walk in `sg-rules` finds literals in secret positions and calls
//! [`SecretScanner::check_python_literal`] (share the scanner: `Settings::with_secrets(Arc<SecretScanner>)`
//! in `sg-rules`). On each file's merged findings, the binary then calls
//! [`python::drop_python_duplicates`] (a provider finding wins over SEC4xx on one literal)
//! and [`redact_other_snippets`] (other scanners' snippets on a secret's line are redacted).
//! Where SEC4xx reports a literal, Bandit's B105–B107 finding there is dropped: see
//! [`python`].

mod allow;
mod catalog;
mod checksum;
mod entropy;
mod files;
mod history;
pub mod hygiene;
mod notebook;
mod options;
pub mod python;
mod redact;
mod scan;
mod tree;
mod values;

use std::sync::OnceLock;

use sg_diagnostics::Rule;

pub use entropy::shannon_entropy;
pub use files::{BUILTIN_PATH_ALLOWLIST, SkipReason, is_binary};
pub use history::{HistoryError, HistoryScan};
pub use hygiene::{HygieneError, check_env_files, is_env_file_name};
pub use options::{Options, OptionsError};
pub use redact::{redact, redact_other_snippets, secret_fingerprint_key};
pub use scan::SecretScanner;
pub use tree::TreeScan;
pub use values::{generic_rejection, placeholder_reason};

/// Every rule this crate can emit, in code order.
pub fn rules() -> &'static [&'static Rule] {
    static RULES: OnceLock<Vec<&'static Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut all: Vec<&'static Rule> =
            vec![&hygiene::ENV_FILE_NOT_IGNORED, &hygiene::ENV_FILE_TRACKED];
        all.extend(catalog::catalog().rule_refs.iter().copied());
        all.extend(python::rules());
        all.sort_by_key(|rule| rule.code);
        all
    })
}

/// One secret rule's examples, for `snakeguard rule` and for tests outside this crate.
#[derive(Debug, Clone, Copy)]
pub struct RuleExamples {
    pub rule: &'static Rule,
    pub keywords: &'static [String],
    pub should_match: &'static [String],
    pub should_not_match: &'static [String],
}

/// The data-driven rules with their keywords and examples, in code order.
pub fn rule_examples() -> Vec<RuleExamples> {
    catalog::catalog()
        .rules
        .iter()
        .map(|rule| RuleExamples {
            rule: rule.rule,
            keywords: &rule.keywords,
            should_match: &rule.should_match,
            should_not_match: &rule.should_not_match,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_sorted_unique_and_documented() {
        let all = rules();
        for pair in all.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} {}",
                pair[0].code,
                pair[1].code
            );
        }
        let mut names: Vec<&str> = all.iter().map(|rule| rule.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
        for rule in all {
            assert!(rule.code.starts_with("SEC"), "{}", rule.code);
            assert!(rule.missing_doc_sections().is_empty(), "{}", rule.code);
        }
    }
}

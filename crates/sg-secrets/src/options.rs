//! `[tool.snakeguard.secrets]`: what a project can tune about secret scanning.

use serde::Deserialize;

/// Options of the secrets scanner, read from `[tool.snakeguard.secrets]`.
///
/// ```toml
/// [tool.snakeguard.secrets]
/// max-file-size = 2097152             # bytes; larger files are skipped and counted
/// allowlist-paths = ["tests/fixtures/**", "docs/**/*.md"]   # globs on the display path
/// allowlist-regexes = ["^AKIA.*TEST$"]                         # secret values never reported
/// allowlist-stopwords = ["sandbox"]                            # substrings of values never reported
/// generic-min-entropy = 3.0           # keyword-anchored rule (SEC310)
/// generic-min-length = 8
/// python-min-length = 6               # Python-aware literals (SEC4xx)
/// scan-notebook-outputs = true
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Files larger than this many bytes are not read; they are skipped and counted.
    pub max_file_size: u64,
    /// Extra globs (matched against the display path, `/` separators) of files not to scan,
    /// in addition to the built-in list (lockfiles, `site-packages`, minified assets, …).
    pub allowlist_paths: Vec<String>,
    /// Regexes: a secret value matching any of them is not reported.
    pub allowlist_regexes: Vec<String>,
    /// Substrings (case-insensitive): a secret value containing any of them is not reported.
    pub allowlist_stopwords: Vec<String>,
    /// Minimum Shannon entropy (bits per character) for the keyword-anchored generic rule.
    pub generic_min_entropy: f64,
    /// Minimum length of a value for the keyword-anchored generic rule.
    pub generic_min_length: usize,
    /// Minimum length of a Python string literal for the Python-aware rules.
    pub python_min_length: usize,
    /// Also scan the text outputs (`stream`, `text/plain`) of notebook cells; image and other
    /// base64 outputs are never scanned.
    pub scan_notebook_outputs: bool,
    /// Show secrets in clear in messages and snippets (`--show-secrets`). Not a file key: the
    /// binary sets it from the command line.
    #[serde(skip)]
    pub show_secrets: bool,
    /// Run the keyword-anchored generic rule on Python sources too. The binary turns this off
    /// once the Python-aware rules (which see the parse tree) run on the same files, so one
    /// literal is not reported twice.
    #[serde(skip)]
    pub generic_in_python: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_file_size: 2 * 1024 * 1024,
            allowlist_paths: Vec::new(),
            allowlist_regexes: Vec::new(),
            allowlist_stopwords: Vec::new(),
            generic_min_entropy: 3.0,
            generic_min_length: 8,
            python_min_length: 6,
            scan_notebook_outputs: true,
            show_secrets: false,
            generic_in_python: true,
        }
    }
}

/// An option that does not compile (a bad glob or regex), with the key and value named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionsError {
    pub key: &'static str,
    pub value: String,
    pub message: String,
}

impl std::fmt::Display for OptionsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "invalid `{}` value `{}` in [tool.snakeguard.secrets]: {}",
            self.key, self.value, self.message
        )
    }
}

impl std::error::Error for OptionsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_from_kebab_case_and_reject_unknown_keys() {
        let options: Options = toml::from_str(
            "max-file-size = 10\nallowlist-paths = [\"a/**\"]\ngeneric-min-entropy = 3.5\n",
        )
        .unwrap_or_default();
        assert_eq!(options.max_file_size, 10);
        assert_eq!(options.allowlist_paths, vec!["a/**".to_string()]);
        assert!((options.generic_min_entropy - 3.5).abs() < f64::EPSILON);
        assert!(options.generic_in_python);
        let unknown = toml::from_str::<Options>("max-size = 1\n");
        assert!(unknown.is_err());
        let show = toml::from_str::<Options>("show-secrets = true\n");
        assert!(show.is_err(), "show-secrets is a flag, not a file key");
    }
}

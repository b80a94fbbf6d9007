//! `[tool.snakeguard.pickle]`: what the user can tune.

/// Options of the pickle scanner, read from `[tool.snakeguard.pickle]`.
///
/// ```toml
/// [tool.snakeguard.pickle]
/// allow = ["mypkg.models.Net", "mypkg.layers:Block.Inner"]
/// strict = true
/// max-memo = 1000000
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Extra globals to treat as safe, matched exactly: `module.name` (split at the last dot)
    /// or `module:qualname` (for nested qualnames such as `Outer.Inner`). No wildcards.
    pub allow: Vec<String>,
    /// Report imports that are neither allowlisted nor known dangerous at high severity
    /// (`--strict`), so that they fail a build like dangerous ones.
    pub strict: bool,
    /// Most memo entries one pickle may create before the scan of it stops with PKL008.
    pub max_memo: usize,
    /// Most stack items plus marks one pickle may hold before its scan stops with PKL008.
    pub max_stack_depth: usize,
    /// Largest pickle stream (or decompressed archive member) read, in bytes; skipped
    /// payloads count too. Larger input is reported with PKL008.
    pub max_pickle_size: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            allow: Vec::new(),
            strict: false,
            max_memo: 1_000_000,
            max_stack_depth: 1_000_000,
            max_pickle_size: 16 * 1024 * 1024 * 1024,
        }
    }
}

impl Options {
    /// Checks the option values; the message names the offending key and value.
    pub fn validate(&self) -> Result<(), String> {
        for entry in &self.allow {
            let valid = !entry.is_empty()
                && !entry.contains(char::is_whitespace)
                && !entry.contains('*')
                && entry.matches(':').count() <= 1
                && (entry.contains('.') || entry.contains(':'))
                && !entry.starts_with(['.', ':'])
                && !entry.ends_with(['.', ':']);
            if !valid {
                return Err(format!(
                    "pickle.allow: `{entry}` is not an exact `module.name` or `module:qualname`"
                ));
            }
        }
        if self.max_memo == 0 || self.max_stack_depth == 0 || self.max_pickle_size == 0 {
            return Err(
                "pickle limits (max-memo, max-stack-depth, max-pickle-size) must be positive"
                    .into(),
            );
        }
        Ok(())
    }
}

//! Secrets in every text file: provider formats, keyword-anchored high-entropy strings, and
//! `.env` hygiene once per scan root.

use std::sync::Arc;

use sg_diagnostics::Finding;

use crate::config::Config;

pub struct SecretsScanner {
    /// Shared with the Python scanner, which judges literals for the Python-aware rules
    /// (`SEC401`–`SEC407`) with the same options, allowlists and `--show-secrets`.
    scanner: Arc<sg_secrets::SecretScanner>,
}

/// The summary's name for a reason the secrets scanner skipped a file.
fn skip_reason(reason: sg_secrets::SkipReason) -> &'static str {
    match reason {
        sg_secrets::SkipReason::Allowlisted => "allowlisted-path",
        sg_secrets::SkipReason::TooLarge => "too-large",
        sg_secrets::SkipReason::Binary => "binary",
    }
}

impl SecretsScanner {
    /// `python_aware_rules_run`: `SEC401`–`SEC407` are enabled, so the Python scanner reports
    /// hardcoded secrets in `.py` files from the parse tree and the keyword-anchored text rule
    /// (`SEC310`) leaves Python sources alone.
    pub fn new(
        config: &Config,
        show_secrets: bool,
        python_aware_rules_run: bool,
    ) -> Result<Self, String> {
        let mut options: sg_secrets::Options =
            crate::config::section(config.sections.secrets.as_ref(), "secrets")?;
        options.show_secrets = show_secrets;
        options.generic_in_python = !python_aware_rules_run;
        let scanner = sg_secrets::SecretScanner::new(options)
            .map_err(|error| format!("[tool.snakeguard.secrets]: {error}"))?;
        Ok(SecretsScanner {
            scanner: Arc::new(scanner),
        })
    }

    /// The compiled scanner, for the Python-aware rules on the one walk.
    pub fn shared(&self) -> Arc<sg_secrets::SecretScanner> {
        Arc::clone(&self.scanner)
    }

    /// The findings in one text file, or why it was not scanned.
    pub fn scan(&self, display: &str, text: &str) -> Result<Vec<Finding>, &'static str> {
        if let Some(reason) = self
            .scanner
            .path_skip_reason(display, Some(text.len() as u64))
        {
            return Err(skip_reason(reason));
        }
        Ok(self.scanner.scan_text(display, text))
    }

    /// `--history`: secrets in every commit's added lines.
    pub fn scan_history(&self, repo_root: &std::path::Path) -> Result<Vec<Finding>, String> {
        self.scanner
            .scan_history(repo_root)
            .map(|scan| scan.findings)
            .map_err(|error| error.to_string())
    }
}

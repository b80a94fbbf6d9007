//! Adapters between the scan engine and each scanner crate: which files a scanner wants, the
//! options it reads from configuration, and how its results become a [`FileReport`].

use sg_diagnostics::tool_rules::UNUSED_SUPPRESSION;
use sg_diagnostics::{Finding, Span};

use crate::config::Config;
use crate::scan::{FileContent, FileReport, ScanContext};
use crate::selection::RuleSelection;
use crate::suppress::FileSuppressions;
use crate::walk::WalkedFile;

/// The configured scanners of one run.
pub struct Scanners {}

impl Scanners {
    pub fn new(_config: &Config, _selection: &RuleSelection) -> Result<Self, String> {
        Ok(Scanners {})
    }

    /// Binary containers (pickles, model files) are scanned from their path, never read whole.
    pub fn scan_binary_container(&self, _file: &WalkedFile, _head: &[u8]) -> Option<FileReport> {
        None
    }

    pub fn scan_text_file(
        &self,
        _content: &FileContent<'_>,
        _context: &ScanContext<'_>,
    ) -> FileReport {
        FileReport::default()
    }
}

/// `SG004` findings for the directives of one file that silenced nothing.
pub fn unused_suppression_findings(display: &str, suppressions: &FileSuppressions) -> Vec<Finding> {
    suppressions
        .unused()
        .into_iter()
        .map(|(line, column, text, codes)| {
            let message = if codes.is_empty() {
                format!("`{text}` suppressed nothing")
            } else {
                format!("`{text}`: {} did not fire here", codes.join(", "))
            };
            Finding::new(
                &UNUSED_SUPPRESSION,
                display,
                Span::point(line, column),
                message,
            )
            .with_snippet(text)
        })
        .collect()
}

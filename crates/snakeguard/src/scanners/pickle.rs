//! Pickle and model files, chosen by content: a raw pickle renamed `.txt` is still scanned, a
//! multi-gigabyte checkpoint is read only as far as its pickles go.

use std::path::Path;

use sg_diagnostics::Finding;
use sg_diagnostics::tool_rules::FILE_NOT_ANALYSED;

use crate::config::Config;
use crate::scan::FileReport;
use crate::walk::WalkedFile;

pub struct PickleScanner {
    options: sg_pickle::Options,
}

impl PickleScanner {
    pub fn new(config: &Config, strict: bool) -> Result<Self, String> {
        let mut options: sg_pickle::Options =
            crate::config::section(config.sections.pickle.as_ref(), "pickle")?;
        options.strict |= strict;
        options
            .validate()
            .map_err(|error| format!("[tool.snakeguard.pickle]: {error}"))?;
        Ok(PickleScanner { options })
    }

    pub fn options(&self) -> &sg_pickle::Options {
        &self.options
    }

    /// Scans `file` when its first bytes say it is a pickle or a model container.
    pub fn scan_if_pickle(&self, file: &WalkedFile, head: &[u8]) -> Option<FileReport> {
        sg_pickle::sniff(&file.path, head)?;
        Some(self.scan(&file.path, &file.display))
    }

    pub fn scan(&self, path: &Path, display: &str) -> FileReport {
        match sg_pickle::scan_file(path, display, &self.options) {
            Ok(report) => FileReport {
                findings: report.findings,
                ..FileReport::default()
            },
            Err(error) => FileReport {
                findings: vec![Finding::new(
                    &FILE_NOT_ANALYSED,
                    display,
                    sg_diagnostics::Span::point(1, 1),
                    format!("Cannot read this model file: {error}"),
                )],
                skipped: Some("unreadable"),
                ..FileReport::default()
            },
        }
    }
}

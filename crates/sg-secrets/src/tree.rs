//! Scanning a whole directory tree: the walk the binary would do, for callers that want the
//! secrets scanner alone (the benchmark harness, tests, embedders).
//!
//! The walk honours `.gitignore` and `.ignore` files from the root down (ignored files are not
//! committed, so they cannot leak through the repository), includes hidden files (`.env`,
//! `.github/`) and skips `.git`. Files are read and scanned in parallel with rayon; the
//! result is sorted, so it does not depend on the thread count.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sg_diagnostics::{Finding, sort_findings};

use crate::files::SkipReason;
use crate::scan::SecretScanner;

/// What a tree scan found and what it skipped.
#[derive(Debug, Default)]
pub struct TreeScan {
    pub findings: Vec<Finding>,
    pub files_scanned: usize,
    pub bytes_scanned: u64,
    pub skipped: BTreeMap<SkipReason, usize>,
    /// Files that could not be read: display path and the I/O error.
    pub unreadable: Vec<(String, String)>,
}

enum Outcome {
    Scanned(u64, Vec<Finding>),
    Skipped(SkipReason),
    Unreadable(String, String),
}

impl SecretScanner {
    /// Walks `root` and scans every file that is not ignored. Display paths are relative to
    /// `root` with `/` separators (a file given as `root` is shown by its file name).
    pub fn scan_tree(&self, root: &Path) -> TreeScan {
        let files = walk(root);
        let outcomes: Vec<Outcome> = files
            .par_iter()
            .map(|(path, display)| self.scan_one(path, display))
            .collect();
        let mut scan = TreeScan::default();
        for outcome in outcomes {
            match outcome {
                Outcome::Scanned(bytes, findings) => {
                    scan.files_scanned += 1;
                    scan.bytes_scanned += bytes;
                    scan.findings.extend(findings);
                }
                Outcome::Skipped(reason) => *scan.skipped.entry(reason).or_insert(0) += 1,
                Outcome::Unreadable(path, message) => scan.unreadable.push((path, message)),
            }
        }
        sort_findings(&mut scan.findings);
        scan.unreadable.sort();
        scan
    }

    fn scan_one(&self, path: &Path, display: &str) -> Outcome {
        let size = std::fs::metadata(path).ok().map(|metadata| metadata.len());
        if let Some(reason) = self.path_skip_reason(display, size) {
            return Outcome::Skipped(reason);
        }
        match std::fs::read(path) {
            Ok(bytes) => match self.scan_bytes(display, &bytes) {
                Ok(findings) => Outcome::Scanned(bytes.len() as u64, findings),
                Err(reason) => Outcome::Skipped(reason),
            },
            Err(error) => Outcome::Unreadable(display.to_string(), error.to_string()),
        }
    }
}

fn walk(root: &Path) -> Vec<(PathBuf, String)> {
    if root.is_file() {
        let display = root
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        return vec![(root.to_path_buf(), display)];
    }
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        // The root is the project: ignore files above it (say, of a repository that keeps
        // downloaded trees in an ignored folder) do not apply.
        .parents(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    let mut files: Vec<(PathBuf, String)> = walker
        .flatten()
        .filter(|entry| entry.file_type().is_some_and(|kind| kind.is_file()))
        .filter_map(|entry| {
            let relative = entry.path().strip_prefix(root).ok()?;
            let display = relative
                .components()
                .map(|component| component.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Some((entry.path().to_path_buf(), display))
        })
        .collect();
    files.sort_by(|a, b| a.1.cmp(&b.1));
    files
}

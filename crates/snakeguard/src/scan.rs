//! The scan engine: runs every enabled scanner over the walked files in parallel, isolates
//! failures per file, applies suppressions and per-file ignores, and returns one sorted,
//! fingerprinted list of findings plus the counts a summary needs.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use sg_diagnostics::tool_rules::{ANALYSIS_FAILED, FILE_NOT_ANALYSED};
use sg_diagnostics::{Finding, Span, assign_fingerprints, sort_findings};

use crate::progress::Progress;
use crate::selection::{PerFileIgnores, RuleSelection};
use crate::suppress::FileSuppressions;
use crate::walk::{WalkResult, WalkedFile};

/// Rayon's default worker stack is small; deeply nested (adversarial) Python needs room even
/// with the checker's depth guard.
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// How many leading bytes decide whether a file is binary or a pickle.
const SNIFF_BYTES: usize = if sg_pickle::SNIFF_LEN > 8192 {
    sg_pickle::SNIFF_LEN
} else {
    8192
};

/// What one scan needs to know, shared by every worker.
pub struct ScanContext<'a> {
    pub root: &'a Path,
    pub config_root: &'a Path,
    pub selection: &'a RuleSelection,
    pub per_file_ignores: &'a PerFileIgnores,
    pub ignore_nosec: bool,
    pub show_unused_suppressions: bool,
    pub scanners: &'a crate::scanners::Scanners,
}

/// Everything the scan found and counted.
#[derive(Debug, Default)]
pub struct ScanOutcome {
    /// Sorted and fingerprinted; already filtered by selection, suppressions and per-file
    /// ignores (not yet by baseline or severity threshold).
    pub findings: Vec<Finding>,
    pub files_scanned: usize,
    /// Reason → number of files skipped for it.
    pub skipped: BTreeMap<&'static str, u64>,
    /// Mechanism (`nosec`, `noqa`, `per-file-ignores`) → findings it hid.
    pub suppressed: BTreeMap<&'static str, u64>,
    /// The HTTP endpoints found, when the API scanner ran.
    pub api_inventory: Option<sg_api::Inventory>,
}

/// What the scanners made of one file.
#[derive(Debug, Default)]
pub struct FileReport {
    pub findings: Vec<Finding>,
    /// `# nosec` / `# noqa` directives, for Python files.
    pub suppressions: Option<FileSuppressions>,
    /// Why the file was not scanned, when it was not (`binary`, `not-utf8`, `unreadable`…).
    pub skipped: Option<&'static str>,
    /// What the API scanner learnt from this Python file, for the project-level inventory.
    pub api_facts: Option<sg_api::ModuleFacts>,
}

impl FileReport {
    /// Adds another scanner's results for the same file.
    pub fn merge(&mut self, other: FileReport) {
        self.findings.extend(other.findings);
        if other.suppressions.is_some() {
            self.suppressions = other.suppressions;
        }
        self.skipped = self.skipped.or(other.skipped);
        self.api_facts = self.api_facts.take().or(other.api_facts);
    }

    pub fn skipped(reason: &'static str) -> Self {
        FileReport {
            skipped: Some(reason),
            ..FileReport::default()
        }
    }
}

/// The bytes of a file as the scanners see them.
pub struct FileContent<'a> {
    pub file: &'a WalkedFile,
    /// The whole file as text (BOM removed), when it is UTF-8 text.
    pub text: &'a str,
}

/// Scans the walked files in parallel. `project_findings` come from whole-tree checks
/// (dependency files, `.env` hygiene, git history) and go through the same selection and
/// per-file ignores.
pub fn scan(
    walked: &WalkResult,
    project_findings: Vec<Finding>,
    context: &ScanContext<'_>,
    jobs: Option<usize>,
    progress: &Progress,
) -> Result<ScanOutcome, String> {
    let files = &walked.files;
    let mut builder = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK_BYTES);
    if let Some(jobs) = jobs {
        builder = builder.num_threads(jobs.max(1));
    }
    let pool = builder
        .build()
        .map_err(|error| format!("cannot start worker threads: {error}"))?;
    let done = AtomicUsize::new(0);
    // A panic inside one file's analysis is reported as SG002 with the file's path; the
    // default hook's message on stderr would only duplicate it.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let reports: Vec<FileReport> = pool.install(|| {
        files
            .par_iter()
            .map(|file| {
                let report = analyse_isolated(file, context);
                progress.set_position(done.fetch_add(1, Ordering::Relaxed) + 1);
                report
            })
            .collect()
    });

    std::panic::set_hook(previous_hook);

    let mut outcome = ScanOutcome::default();
    let mut suppressions_by_path: BTreeMap<String, FileSuppressions> = BTreeMap::new();
    let mut api_facts = Vec::new();
    let mut candidates = project_findings;
    for (file, report) in files.iter().zip(reports) {
        if let Some(reason) = report.skipped {
            *outcome.skipped.entry(reason).or_insert(0) += 1;
        } else {
            outcome.files_scanned += 1;
        }
        if let Some(suppressions) = report.suppressions.filter(|_| !context.ignore_nosec) {
            suppressions_by_path.insert(file.display.clone(), suppressions);
        }
        api_facts.extend(report.api_facts);
        candidates.extend(report.findings);
    }
    if let Some((inventory, findings)) = context.scanners.check_api(&api_facts) {
        let api_paths: BTreeSet<String> = findings
            .iter()
            .map(|finding| finding.path.clone())
            .collect();
        candidates.extend(findings);
        redact_secret_lines(&mut candidates, &api_paths);
        outcome.api_inventory = Some(inventory);
    }
    for finding in candidates {
        if !context.selection.is_enabled(finding.rule.code) {
            continue;
        }
        let config_relative =
            crate::walk::display_path(&context.root.join(&finding.path), context.config_root);
        if context
            .per_file_ignores
            .silences(&finding, &config_relative)
        {
            *outcome.suppressed.entry("per-file-ignores").or_insert(0) += 1;
            continue;
        }
        let suppressed_by = suppressions_by_path
            .get_mut(&finding.path)
            .and_then(|suppressions| suppressions.suppresses(&finding));
        if let Some(mechanism) = suppressed_by {
            *outcome.suppressed.entry(mechanism).or_insert(0) += 1;
            continue;
        }
        outcome.findings.push(finding);
    }
    if context.show_unused_suppressions {
        for (path, suppressions) in &suppressions_by_path {
            outcome
                .findings
                .extend(crate::scanners::unused_suppression_findings(
                    path,
                    suppressions,
                ));
        }
    }
    for problem in &walked.problems {
        let reason = if problem.reason == "symbolic link loop" {
            "symlink-loop"
        } else {
            "unreadable"
        };
        *outcome.skipped.entry(reason).or_insert(0) += 1;
        // A Python file that could not be read is a gap in the analysis worth a finding; other
        // unreadable paths (dangling links to build output, loops) are only counted.
        if sg_python::SourceKind::from_path(Path::new(&problem.display)).is_some()
            && context.selection.is_enabled(FILE_NOT_ANALYSED.code)
        {
            outcome.findings.push(Finding::new(
                &FILE_NOT_ANALYSED,
                problem.display.clone(),
                Span::point(1, 1),
                format!("Cannot read this file: {}", problem.reason),
            ));
        }
    }
    sort_findings(&mut outcome.findings);
    assign_fingerprints(&mut outcome.findings);
    Ok(outcome)
}

/// API findings are made after the per-file pass, so the per-file redaction of secret lines in
/// other findings' snippets never saw them: redo it for the files that have API findings.
fn redact_secret_lines(candidates: &mut [Finding], paths: &BTreeSet<String>) {
    candidates.sort_by(|a, b| a.path.cmp(&b.path));
    for group in candidates.chunk_by_mut(|a, b| a.path == b.path) {
        if group
            .first()
            .is_some_and(|finding| paths.contains(&finding.path))
        {
            sg_secrets::redact_other_snippets(group);
        }
    }
}

/// Runs the scanners on one file; a panic inside them becomes an `SG002` finding instead of
/// ending the scan.
fn analyse_isolated(file: &WalkedFile, context: &ScanContext<'_>) -> FileReport {
    match catch_unwind(AssertUnwindSafe(|| analyse(file, context))) {
        Ok(report) => report,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            FileReport {
                findings: vec![Finding::new(
                    &ANALYSIS_FAILED,
                    file.display.clone(),
                    Span::point(1, 1),
                    format!("Internal error while analysing this file: {detail}"),
                )],
                ..FileReport::default()
            }
        }
    }
}

fn analyse(file: &WalkedFile, context: &ScanContext<'_>) -> FileReport {
    // Debug builds only: lets the integration tests prove that a panic in one file's
    // analysis becomes an SG002 finding and the scan finishes.
    #[cfg(debug_assertions)]
    if std::env::var_os("SNAKEGUARD_DEBUG_PANIC_ON")
        .is_some_and(|name| file.display.ends_with(&*name.to_string_lossy()))
    {
        panic!("SNAKEGUARD_DEBUG_PANIC_ON matched {}", file.display);
    }
    if !context.scanners.reads(&file.path) {
        return if context.scanners.takes_dependency_file(&file.path) {
            FileReport::default()
        } else {
            FileReport::skipped("no-scanner")
        };
    }
    let head = match read_head(&file.path) {
        Ok(head) => head,
        Err(error) => return unreadable(file, &error),
    };
    if let Some(report) = context.scanners.scan_binary_container(file, &head) {
        return report;
    }
    if head.contains(&0) {
        return FileReport::skipped("binary");
    }
    let bytes = match std::fs::read(&file.path) {
        Ok(bytes) => bytes,
        Err(error) => return unreadable(file, &error),
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return FileReport::skipped("not-utf8");
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    context
        .scanners
        .scan_text_file(&FileContent { file, text }, context)
}

fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    std::fs::File::open(path)?
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)?;
    Ok(head)
}

fn unreadable(file: &WalkedFile, error: &std::io::Error) -> FileReport {
    FileReport {
        findings: vec![Finding::new(
            &FILE_NOT_ANALYSED,
            file.display.clone(),
            Span::point(1, 1),
            format!("Cannot read this file: {error}"),
        )],
        skipped: Some("unreadable"),
        ..FileReport::default()
    }
}

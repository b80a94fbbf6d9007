//! What a run did besides finding things: counts, files, suppressions, database state, time.
//!
//! Scanners run in parallel, so [`Summary`] is a plain value that is cheap to make per file and
//! to [`merge`](Summary::merge); every map is ordered so that output never depends on the order
//! in which threads finished.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::{Finding, Scanner, Severity};

/// Findings counted per scanner and severity: a fixed table, no allocation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FindingCounts {
    table: [[u64; Severity::ALL.len()]; Scanner::ALL.len()],
}

impl FindingCounts {
    /// Counts every finding under its rule's scanner and its own severity.
    pub fn from_findings(findings: &[Finding]) -> Self {
        let mut counts = FindingCounts::default();
        for finding in findings {
            counts.add(finding.rule.scanner, finding.severity);
        }
        counts
    }

    pub fn add(&mut self, scanner: Scanner, severity: Severity) {
        self.table[scanner_index(scanner)][severity_index(severity)] += 1;
    }

    pub fn get(&self, scanner: Scanner, severity: Severity) -> u64 {
        self.table[scanner_index(scanner)][severity_index(severity)]
    }

    pub fn scanner_total(&self, scanner: Scanner) -> u64 {
        self.table[scanner_index(scanner)].iter().sum()
    }

    pub fn severity_total(&self, severity: Severity) -> u64 {
        let column = severity_index(severity);
        self.table.iter().map(|row| row[column]).sum()
    }

    pub fn total(&self) -> u64 {
        self.table.iter().flatten().sum()
    }

    pub fn merge(&mut self, other: &FindingCounts) {
        for (row, other_row) in self.table.iter_mut().zip(other.table.iter()) {
            for (cell, other_cell) in row.iter_mut().zip(other_row.iter()) {
                *cell += other_cell;
            }
        }
    }
}

fn scanner_index(scanner: Scanner) -> usize {
    match scanner {
        Scanner::Source => 0,
        Scanner::Taint => 1,
        Scanner::Api => 2,
        Scanner::Secrets => 3,
        Scanner::Pickle => 4,
        Scanner::Dependencies => 5,
        Scanner::Tool => 6,
    }
}

fn severity_index(severity: Severity) -> usize {
    match severity {
        Severity::Low => 0,
        Severity::Medium => 1,
        Severity::High => 2,
        Severity::Critical => 3,
    }
}

/// Everything a report says about the run apart from the findings themselves.
///
/// `counts` must describe the findings that are rendered: call
/// [`count_findings`](Summary::count_findings) on the final list (after suppressions, the
/// baseline and the severity/confidence thresholds). Map keys are short kebab-case reasons
/// chosen by the binary, e.g. `files_skipped`: `binary`, `not-utf8`, `too-large`,
/// `unreadable`; `suppressed`: `nosec`, `noqa`, `per-file-ignores`, `below-threshold`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Reported findings per scanner and severity.
    pub counts: FindingCounts,
    /// Files that at least one scanner read.
    pub files_scanned: u64,
    /// Files left out, by reason.
    pub files_skipped: BTreeMap<&'static str, u64>,
    /// Findings not reported, by the mechanism that suppressed them.
    pub suppressed: BTreeMap<&'static str, u64>,
    /// Findings matched (and hidden) by the `--baseline` file.
    pub baseline_absorbed: u64,
    /// State of the vulnerability database, for example `available, updated 3 days ago` or
    /// `not available`; `None` when no dependency audit was attempted.
    pub vulnerability_database: Option<String>,
    /// Wall time of the run; `None` leaves it out (useful for reproducible output).
    pub elapsed: Option<Duration>,
}

impl Summary {
    /// A summary whose counts describe `findings` and nothing else.
    pub fn from_findings(findings: &[Finding]) -> Self {
        Summary {
            counts: FindingCounts::from_findings(findings),
            ..Summary::default()
        }
    }

    /// Replaces the counts with those of `findings` (the list that will be rendered).
    pub fn count_findings(&mut self, findings: &[Finding]) {
        self.counts = FindingCounts::from_findings(findings);
    }

    /// Records one skipped file.
    pub fn skip_file(&mut self, reason: &'static str) {
        self.add_skipped(reason, 1);
    }

    pub fn add_skipped(&mut self, reason: &'static str, files: u64) {
        *self.files_skipped.entry(reason).or_insert(0) += files;
    }

    pub fn add_suppressed(&mut self, mechanism: &'static str, findings: u64) {
        *self.suppressed.entry(mechanism).or_insert(0) += findings;
    }

    pub fn files_skipped_total(&self) -> u64 {
        self.files_skipped.values().sum()
    }

    pub fn suppressed_total(&self) -> u64 {
        self.suppressed.values().sum()
    }

    /// Adds `other`'s numbers to this one (for per-thread summaries). The database state and
    /// elapsed time are taken from `other` only when this summary has none.
    pub fn merge(&mut self, other: &Summary) {
        self.counts.merge(&other.counts);
        self.files_scanned += other.files_scanned;
        for (reason, files) in &other.files_skipped {
            self.add_skipped(reason, *files);
        }
        for (mechanism, findings) in &other.suppressed {
            self.add_suppressed(mechanism, *findings);
        }
        self.baseline_absorbed += other.baseline_absorbed;
        if self.vulnerability_database.is_none() {
            self.vulnerability_database
                .clone_from(&other.vulnerability_database);
        }
        if self.elapsed.is_none() {
            self.elapsed = other.elapsed;
        }
    }
}

/// `reason: count` pairs of a summary map, leaving out zero counts, each key passed through the
/// output format's `escape`: the skipped-file and suppression lists of every human format.
pub(crate) fn keyed_list<S: std::fmt::Display>(
    map: &BTreeMap<&'static str, u64>,
    escape: impl Fn(&'static str) -> S,
) -> String {
    map.iter()
        .filter(|(_, count)| **count > 0)
        .map(|(key, count)| format!("{}: {count}", escape(key)))
        .collect::<Vec<_>>()
        .join(", ")
}

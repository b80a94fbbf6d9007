//! `--history`: secrets in any commit, including ones deleted since.
//!
//! Runs `git log -p -U0 --all` and scans only the lines each commit *added*, so every secret
//! is found in the commit that introduced it and a later deletion does not hide it. The
//! output of the command this module runs has this grammar (one item per line; anything
//! else is ignored):
//!
//! ```text
//! log      = { commit }
//! commit   = "\x01sg-commit " SHA " " ISO-DATE NL { file }
//! file     = "diff --git " … NL { header } [ "+++ " ( "b/" PATH | "/dev/null" ) NL ] { hunk }
//! header   = ( "index " | "new file mode " | "deleted file mode " | "--- " | "Binary files " | … ) …
//! hunk     = "@@ -" OLD [ "," OLD_COUNT ] " +" NEW [ "," NEW_COUNT ] " @@" … NL
//!            { ( "-" | "+" | " " ) LINE NL | "\ No newline at end of file" NL }
//! ```
//!
//! Hunk bodies are counted with the hunk header's counts, so an added line whose text starts
//! with `++ ` or `@@` is never taken for a header. Paths are printed unquoted
//! (`core.quotepath=off`); renames are shown as deletions and additions (`--no-renames`),
//! so a moved file's secrets are reported for the new path too, and merges contribute no
//! lines of their own. Bytes that are not UTF-8 are decoded lossily.
//!
//! A secret added in several commits is reported once per (rule, path, secret), for the
//! oldest commit that added it.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sg_diagnostics::{Finding, sort_findings};

use crate::scan::{DocContext, SecretScanner};

/// An error running `git log` on a repository.
#[derive(Debug)]
pub struct HistoryError {
    pub repository: PathBuf,
    pub message: String,
}

impl std::fmt::Display for HistoryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot read the git history of {}: {}",
            self.repository.display(),
            self.message
        )
    }
}

impl std::error::Error for HistoryError {}

/// The result of a history scan.
#[derive(Debug, Default)]
pub struct HistoryScan {
    /// Sorted; each carries `extra["commit"]` (full SHA) and `extra["commit_date"]`.
    pub findings: Vec<Finding>,
    /// Commits read.
    pub commits: usize,
}

const COMMIT_MARKER: &str = "\u{1}sg-commit ";

impl SecretScanner {
    /// Scans the lines added by every commit reachable from any ref of the repository that
    /// holds `repo_root`. Paths in findings are relative to the repository's top level.
    pub fn scan_history(&self, repo_root: &Path) -> Result<HistoryScan, HistoryError> {
        let error = |message: String| HistoryError {
            repository: repo_root.to_path_buf(),
            message,
        };
        let mut child = Command::new("git")
            .arg("-C")
            .arg(repo_root)
            .args([
                "-c",
                "core.quotepath=off",
                "log",
                "-p",
                "-U0",
                "--all",
                "--full-history",
                "--no-color",
                "--no-ext-diff",
                "--no-renames",
                "--no-textconv",
                "--format=%x01sg-commit %H %aI",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|spawn_error| error(format!("cannot run git: {spawn_error}")))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| error("no output from git".to_string()))?;
        let mut parser = LogParser::new(self);
        parser.read(BufReader::new(stdout));
        let mut stderr_text = String::new();
        if let Some(mut stderr) = child.stderr.take() {
            let _ = stderr.read_to_string(&mut stderr_text);
        }
        let status = child
            .wait()
            .map_err(|wait_error| error(wait_error.to_string()))?;
        if !status.success() {
            return Err(error(stderr_text.trim().to_string()));
        }
        Ok(parser.finish())
    }

    /// Scans `git log -p -U0 --format=%x01sg-commit %H %aI` output given as bytes (for
    /// tests and fuzzing of the parser).
    pub fn scan_log_output(&self, log: &[u8]) -> HistoryScan {
        let mut parser = LogParser::new(self);
        parser.read(log);
        parser.finish()
    }
}

struct Hunk {
    path: String,
    first_line: u32,
    text: String,
}

struct LogParser<'a> {
    scanner: &'a SecretScanner,
    commit: String,
    commit_date: String,
    commits: usize,
    path: Option<String>,
    old_remaining: u32,
    new_remaining: u32,
    hunk: Option<Hunk>,
    /// (rule, path, secret hash) → finding from the oldest commit seen so far.
    found: BTreeMap<(String, String, String), Finding>,
}

impl<'a> LogParser<'a> {
    fn new(scanner: &'a SecretScanner) -> Self {
        LogParser {
            scanner,
            commit: String::new(),
            commit_date: String::new(),
            commits: 0,
            path: None,
            old_remaining: 0,
            new_remaining: 0,
            hunk: None,
            found: BTreeMap::new(),
        }
    }

    fn read(&mut self, mut reader: impl BufRead) {
        let mut buffer = Vec::new();
        loop {
            buffer.clear();
            match reader.read_until(b'\n', &mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            if buffer.last() == Some(&b'\n') {
                buffer.pop();
            }
            let line = String::from_utf8_lossy(&buffer);
            self.line(&line);
        }
        self.flush();
    }

    fn line(&mut self, line: &str) {
        if self.old_remaining > 0 || self.new_remaining > 0 {
            if let Some(added) = line.strip_prefix('+') {
                self.new_remaining = self.new_remaining.saturating_sub(1);
                if let Some(hunk) = &mut self.hunk {
                    hunk.text.push_str(added);
                    hunk.text.push('\n');
                }
                return;
            }
            if line.starts_with('-') {
                self.old_remaining = self.old_remaining.saturating_sub(1);
                return;
            }
            if line.starts_with(' ') {
                self.old_remaining = self.old_remaining.saturating_sub(1);
                self.new_remaining = self.new_remaining.saturating_sub(1);
                return;
            }
            if line.starts_with('\\') {
                return;
            }
            // Anything else ends the hunk early (a truncated or unexpected log).
            self.old_remaining = 0;
            self.new_remaining = 0;
        }
        if line.starts_with('\\') {
            return;
        }
        if let Some(rest) = line.strip_prefix(COMMIT_MARKER) {
            self.flush();
            let mut parts = rest.split(' ');
            self.commit = parts.next().unwrap_or_default().to_string();
            self.commit_date = parts.next().unwrap_or_default().to_string();
            self.commits += 1;
            self.path = None;
        } else if line.starts_with("diff --git ") {
            self.flush();
            self.path = None;
        } else if let Some(target) = line.strip_prefix("+++ ") {
            self.flush();
            self.path = target.strip_prefix("b/").map(str::to_string);
        } else if let Some(header) = line.strip_prefix("@@ ") {
            self.flush();
            if let Some((old_count, new_start, new_count)) = parse_hunk_header(header) {
                self.old_remaining = old_count;
                self.new_remaining = new_count;
                if let Some(path) = &self.path {
                    self.hunk = Some(Hunk {
                        path: path.clone(),
                        first_line: new_start,
                        text: String::new(),
                    });
                }
            }
        }
    }

    fn flush(&mut self) {
        let Some(hunk) = self.hunk.take() else {
            return;
        };
        if hunk.text.is_empty()
            || self
                .scanner
                .path_skip_reason(&hunk.path, Some(hunk.text.len() as u64))
                .is_some()
        {
            return;
        }
        let context = DocContext::for_path(&hunk.path);
        let offset = hunk.first_line.saturating_sub(1);
        for mut finding in self.scanner.scan_document(&hunk.path, &hunk.text, context) {
            finding.span.line = finding.span.line.saturating_add(offset);
            finding.span.end_line = finding.span.end_line.saturating_add(offset);
            let short = self.commit.get(..12).unwrap_or(&self.commit);
            finding.message = format!("{} (added in commit {short})", finding.message);
            let finding = finding
                .with_extra("commit", self.commit.clone())
                .with_extra("commit_date", self.commit_date.clone());
            let key = (
                finding.rule.code.to_string(),
                finding.path.clone(),
                finding.fingerprint_key.clone(),
            );
            // `git log` lists newest first: a later entry is an older commit and wins.
            self.found.insert(key, finding);
        }
    }

    fn finish(self) -> HistoryScan {
        let mut findings: Vec<Finding> = self.found.into_values().collect();
        sort_findings(&mut findings);
        HistoryScan {
            findings,
            commits: self.commits,
        }
    }
}

/// `-a,b +c,d @@ …` → `(b, c, d)`; a missing count is 1.
fn parse_hunk_header(header: &str) -> Option<(u32, u32, u32)> {
    let mut parts = header.split(' ');
    let old = parts.next()?.strip_prefix('-')?;
    let new = parts.next()?.strip_prefix('+')?;
    let count = |range: &str| -> Option<(u32, u32)> {
        match range.split_once(',') {
            Some((start, count)) => Some((start.parse().ok()?, count.parse().ok()?)),
            None => Some((range.parse().ok()?, 1)),
        }
    };
    let (_, old_count) = count(old)?;
    let (new_start, new_count) = count(new)?;
    Some((old_count, new_start, new_count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunk_headers() {
        assert_eq!(parse_hunk_header("-0,0 +1,3 @@"), Some((0, 1, 3)));
        assert_eq!(parse_hunk_header("-5 +7 @@ def f():"), Some((1, 7, 1)));
        assert_eq!(parse_hunk_header("-1,2 +0,0 @@"), Some((2, 0, 0)));
        assert_eq!(parse_hunk_header("garbage"), None);
    }
}

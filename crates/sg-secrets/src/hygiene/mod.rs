//! `.env` hygiene (`SEC001`, `SEC002`): environment files belong outside version control.
//!
//! Candidates are every `.env` file under the scan root: `.env`, `.env.<anything>` and
//! `<anything>.env`, except templates meant to be committed (`.example`, `.sample`,
//! `.template`, `.dist`, `.defaults`, `.schema`, `.tmpl`). Installed and vendored trees
//! (`.git`, `node_modules`, `site-packages`, virtual environments) are not searched.
//!
//! Inside a git work tree the `git` command decides: a file listed by `git ls-files` is
//! tracked (`SEC002`); an untracked file that `git check-ignore` does not ignore is
//! `SEC001`. Outside a work tree (or without `git`), the `.gitignore` files are read with
//! the `ignore` crate's matcher, and a file they do not ignore is `SEC001`.

mod env_file_not_ignored;
mod env_file_tracked;

pub use env_file_not_ignored::ENV_FILE_NOT_IGNORED;
pub use env_file_tracked::ENV_FILE_TRACKED;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sg_diagnostics::{Finding, Span, sort_findings};

/// Directories never searched for `.env` files.
const SKIPPED_DIRECTORIES: &[&str] = &[
    ".git",
    "node_modules",
    "site-packages",
    "dist-packages",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
];

const TEMPLATE_SUFFIXES: &[&str] = &[
    "example", "examples", "sample", "template", "tmpl", "tpl", "dist", "defaults", "default",
    "schema", "in",
];

/// Whether a file name is an environment file (and not a template for one).
pub fn is_env_file_name(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    let rest = if lower == ".env" {
        return true;
    } else if let Some(rest) = lower.strip_prefix(".env.") {
        rest
    } else if let Some(stem) = lower.strip_suffix(".env") {
        if stem.is_empty() {
            return false;
        }
        stem
    } else {
        return false;
    };
    !rest
        .split(['.', '-', '_'])
        .any(|part| TEMPLATE_SUFFIXES.contains(&part))
}

/// An error running the hygiene checks: the root cannot be walked.
#[derive(Debug)]
pub struct HygieneError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for HygieneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for HygieneError {}

/// Checks every `.env` file under `root`. Paths in findings are relative to `root`, with `/`.
pub fn check_env_files(root: &Path) -> Result<Vec<Finding>, HygieneError> {
    if !root.is_dir() {
        return Err(HygieneError {
            path: root.to_path_buf(),
            message: "not a directory".to_string(),
        });
    }
    let candidates = find_env_files(root);
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let mut findings = match git_status(root, &candidates) {
        Some((tracked, ignored)) => candidates
            .iter()
            .filter_map(|path| {
                if tracked.contains(path) {
                    Some(tracked_finding(path))
                } else if ignored.contains(path) {
                    None
                } else {
                    Some(not_ignored_finding(path, true))
                }
            })
            .collect(),
        None => not_ignored_without_git(root, &candidates)
            .iter()
            .map(|path| not_ignored_finding(path, false))
            .collect::<Vec<_>>(),
    };
    sort_findings(&mut findings);
    Ok(findings)
}

/// `.env` files under `root`, as `/`-separated paths relative to it, sorted.
fn find_env_files(root: &Path) -> Vec<String> {
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(false)
        .follow_links(false)
        .filter_entry(|entry| {
            let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
            !(is_dir
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|name| SKIPPED_DIRECTORIES.contains(&name)))
        })
        .build();
    let mut found: BTreeSet<String> = BTreeSet::new();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|kind| kind.is_file()) {
            continue;
        }
        let Some(name) = entry.file_name().to_str() else {
            continue;
        };
        if !is_env_file_name(name) {
            continue;
        }
        if let Some(relative) = relative_display(root, entry.path()) {
            found.insert(relative);
        }
    }
    found.into_iter().collect()
}

fn relative_display(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = relative
        .components()
        .map(|component| component.as_os_str().to_str())
        .collect::<Option<Vec<_>>>()?;
    Some(parts.join("/"))
}

/// `(tracked, ignored)` among `candidates`, or `None` when `root` is not in a git work tree
/// or `git` cannot run.
fn git_status(root: &Path, candidates: &[String]) -> Option<(BTreeSet<String>, BTreeSet<String>)> {
    let inside = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--is-inside-work-tree"])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !inside.status.success() || String::from_utf8_lossy(&inside.stdout).trim() != "true" {
        return None;
    }
    let tracked_output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotepath=off", "ls-files", "-z", "--"])
        .args(candidates)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !tracked_output.status.success() {
        return None;
    }
    let tracked: BTreeSet<String> = split_nul(&tracked_output.stdout);
    let untracked: Vec<&String> = candidates
        .iter()
        .filter(|path| !tracked.contains(*path))
        .collect();
    let mut ignored = BTreeSet::new();
    if !untracked.is_empty() {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["check-ignore", "-z", "--stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        if let Some(mut stdin) = child.stdin.take() {
            let mut input = Vec::new();
            for path in &untracked {
                input.extend_from_slice(path.as_bytes());
                input.push(0);
            }
            stdin.write_all(&input).ok()?;
        }
        let output = child.wait_with_output().ok()?;
        // Exit 1 means "none ignored"; anything above is an error.
        if output.status.code().is_some_and(|code| code > 1) {
            return None;
        }
        ignored = split_nul(&output.stdout);
    }
    Some((tracked, ignored))
}

fn split_nul(bytes: &[u8]) -> BTreeSet<String> {
    bytes
        .split(|byte| *byte == 0)
        .filter(|part| !part.is_empty())
        .map(|part| String::from_utf8_lossy(part).into_owned())
        .collect()
}

/// Without git: the candidates that the `.gitignore` files from `root` down do not ignore.
fn not_ignored_without_git(root: &Path, candidates: &[String]) -> Vec<String> {
    let mut visible: BTreeSet<String> = BTreeSet::new();
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(false)
        .git_ignore(true)
        .require_git(false)
        .parents(true)
        .filter_entry(|entry| {
            let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
            !(is_dir
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|name| SKIPPED_DIRECTORIES.contains(&name)))
        })
        .build();
    for entry in walker.flatten() {
        if let Some(relative) = relative_display(root, entry.path()) {
            visible.insert(relative);
        }
    }
    candidates
        .iter()
        .filter(|path| visible.contains(*path))
        .cloned()
        .collect()
}

fn tracked_finding(path: &str) -> Finding {
    Finding::new(
        &ENV_FILE_TRACKED,
        path,
        Span::point(1, 1),
        "`.env` file is tracked by git: treat its values as leaked, rotate them and untrack it",
    )
    .with_fingerprint_key("env-file")
}

fn not_ignored_finding(path: &str, in_git: bool) -> Finding {
    let message = if in_git {
        "`.env` file is not ignored by git: add it to .gitignore"
    } else {
        "`.env` file is not ignored by any .gitignore: add it before the first commit"
    };
    Finding::new(&ENV_FILE_NOT_IGNORED, path, Span::point(1, 1), message)
        .with_fingerprint_key("env-file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_file_names() {
        for name in [".env", ".env.local", ".env.production", "prod.env", ".ENV"] {
            assert!(is_env_file_name(name), "{name}");
        }
        for name in [
            ".env.example",
            ".env.sample",
            ".env.template",
            ".env.dist",
            "prod.env.example",
            ".envrc",
            "env",
            ".env_example",
            "environment.py",
            ".env.local.example",
        ] {
            assert!(!is_env_file_name(name), "{name}");
        }
    }
}

//! `--fix`: move vulnerable pins to the smallest version that fixes every known advisory.
//!
//! Requirements files are edited as text, not regenerated: only the version bytes of the
//! pin change (`sg-deps` records their exact position), so comments, markers, extras,
//! spacing and line endings stay as they were. A fixed line that carried `--hash` options
//! loses them, with a warning: the old hashes cannot match the new version, and pip would
//! refuse the file. Before an edit, the bytes at the recorded position must still spell the
//! audited version; if the file changed since it was read, it is left alone with a warning.
//!
//! A vulnerable package that no requirements file names (a transitive dependency found in
//! the environment) gets a new `name==fix` line appended to the pin file, when one is given.
//! Lockfiles are never edited by hand: the plan gives the command of the tool that owns them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sg_deps::Format;

use crate::audit::{AuditReport, VulnerablePackage, display_path};
use crate::error::DbError;
use crate::matcher::parse_version;

/// One version change in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixChange {
    pub package: String,
    pub from: String,
    pub to: String,
    pub line: u32,
    /// The line had `--hash` options, now removed.
    pub removed_hashes: bool,
    /// A new pin line for a transitive dependency.
    pub added: bool,
}

/// The new text of one requirements file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileFix {
    pub path: PathBuf,
    pub display_path: String,
    #[serde(skip)]
    pub original: String,
    #[serde(skip)]
    pub fixed: String,
    pub changes: Vec<FixChange>,
}

/// A lockfile package and the command that upgrades it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LockfileFix {
    pub path: String,
    pub format: Format,
    pub package: String,
    pub from: String,
    pub to: Option<String>,
    pub command: String,
}

/// What `--fix` will do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FixPlan {
    pub files: Vec<FileFix>,
    pub lockfiles: Vec<LockfileFix>,
    /// Vulnerable packages with no known fixed version: `(package, version, path)`.
    pub unfixable: Vec<(String, String, String)>,
    pub warnings: Vec<String>,
}

impl FixPlan {
    /// A unified diff of every file change (`--fix --dry-run`).
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for file in &self.files {
            let diff = similar::TextDiff::from_lines(&file.original, &file.fixed);
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(2)
                    .header(
                        &format!("a/{}", file.display_path),
                        &format!("b/{}", file.display_path),
                    )
                    .to_string(),
            );
        }
        out
    }

    /// Writes every changed file, each through a temporary file and a rename, keeping its
    /// permissions. All new contents are written before any file is replaced.
    pub fn apply(&self) -> Result<(), DbError> {
        let mut staged = Vec::new();
        for file in &self.files {
            let dir = file
                .path
                .parent()
                .filter(|dir| !dir.as_os_str().is_empty())
                .unwrap_or_else(|| Path::new("."));
            let mut temp =
                tempfile::NamedTempFile::new_in(dir).map_err(|error| DbError::io(dir, error))?;
            temp.write_all(file.fixed.as_bytes())
                .and_then(|()| temp.as_file().sync_all())
                .map_err(|error| DbError::io(temp.path(), error))?;
            if let Ok(metadata) = std::fs::metadata(&file.path) {
                temp.as_file()
                    .set_permissions(metadata.permissions())
                    .map_err(|error| DbError::io(temp.path(), error))?;
            }
            staged.push((temp, &file.path));
        }
        for (temp, path) in staged {
            temp.persist(path)
                .map_err(|error| DbError::io(path, error.error))?;
        }
        Ok(())
    }
}

/// Plans the fixes for `report`. `pin_file` receives pins for vulnerable packages that no
/// requirements file names (from an environment); `root` makes display paths.
pub fn plan_fixes(report: &AuditReport, root: &Path, pin_file: Option<&Path>) -> FixPlan {
    let mut plan = FixPlan::default();
    let mut edits: BTreeMap<PathBuf, Vec<&VulnerablePackage>> = BTreeMap::new();
    let mut transitive: BTreeMap<String, &VulnerablePackage> = BTreeMap::new();
    let named_in_requirements: Vec<&str> = report
        .packages
        .iter()
        .filter(|package| package.format == Format::Requirements)
        .map(|package| package.package.as_str())
        .chain(
            report
                .not_audited
                .iter()
                .map(|entry| entry.package.as_str()),
        )
        .collect();

    for package in &report.packages {
        let Some(fix) = &package.fix_version else {
            plan.unfixable.push((
                package.package.clone(),
                package.version.clone(),
                package.path.clone(),
            ));
            continue;
        };
        match package.format {
            Format::Requirements => {
                edits
                    .entry(package.dependency.origin.path.clone())
                    .or_default()
                    .push(package);
            }
            Format::Environment => {
                if !named_in_requirements.contains(&package.package.as_str()) {
                    transitive.entry(package.package.clone()).or_insert(package);
                }
                plan.lockfiles.push(LockfileFix {
                    path: package.path.clone(),
                    format: package.format,
                    package: package.package.clone(),
                    from: package.version.clone(),
                    to: Some(fix.clone()),
                    command: format!("python -m pip install '{}=={fix}'", package.package),
                });
            }
            Format::Pyproject | Format::SetupCfg | Format::Pipfile => {
                plan.warnings.push(format!(
                    "{}: {} is pinned to {} in {}; change the pin to {fix} by hand",
                    package.path, package.package, package.version, package.format
                ));
            }
            lock => {
                let command = match lock {
                    Format::UvLock => format!("uv lock --upgrade-package {}", package.package),
                    Format::PoetryLock => format!("poetry update {}", package.package),
                    Format::PdmLock => format!("pdm update {}", package.package),
                    Format::PipfileLock => format!("pipenv update {}", package.package),
                    _ => format!(
                        "regenerate {} with the tool that wrote it, requiring {}>={fix}",
                        package.path, package.package
                    ),
                };
                plan.lockfiles.push(LockfileFix {
                    path: package.path.clone(),
                    format: package.format,
                    package: package.package.clone(),
                    from: package.version.clone(),
                    to: Some(fix.clone()),
                    command,
                });
            }
        }
    }

    for (path, packages) in edits {
        match edit_requirements_file(&path, &packages, &mut plan.warnings) {
            Some((original, fixed, changes)) if original != fixed => plan.files.push(FileFix {
                display_path: display_path(&path, root),
                path,
                original,
                fixed,
                changes,
            }),
            _ => {}
        }
    }

    if !transitive.is_empty() {
        match pin_file {
            Some(pin_file) => add_pins(pin_file, root, &transitive, &mut plan),
            None => plan.warnings.push(format!(
                "{} vulnerable installed package(s) are named in no requirements file ({}); pass \
                 `-r FILE` with `--fix` to add pins",
                transitive.len(),
                transitive.keys().cloned().collect::<Vec<_>>().join(", ")
            )),
        }
    }
    plan.files.sort_by(|a, b| a.path.cmp(&b.path));
    plan.lockfiles
        .sort_by(|a, b| (&a.path, &a.package).cmp(&(&b.path, &b.package)));
    plan.lockfiles.dedup();
    plan.unfixable.sort();
    plan.unfixable.dedup();
    plan
}

fn edit_requirements_file(
    path: &Path,
    packages: &[&VulnerablePackage],
    warnings: &mut Vec<String>,
) -> Option<(String, String, Vec<FixChange>)> {
    let original = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            warnings.push(format!("{}: cannot read to fix: {error}", path.display()));
            return None;
        }
    };
    // Edits are (start, end, replacement); applied from the end so offsets stay valid.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut changes = Vec::new();
    for package in packages {
        let Some(fix) = &package.fix_version else {
            continue;
        };
        let origin = &package.dependency.origin;
        let Some(range) = origin.version_range else {
            warnings.push(format!(
                "{}:{}: cannot locate the version of {} to fix it",
                package.path, package.line, package.package
            ));
            continue;
        };
        let written = original.get(range.start..range.end);
        let still_same = written
            .and_then(parse_version)
            .is_some_and(|version| version.to_string() == package.version);
        if !still_same {
            warnings.push(format!(
                "{}:{}: the file changed since it was read; {} not fixed",
                package.path, package.line, package.package
            ));
            continue;
        }
        edits.push((range.start, range.end, fix.clone()));
        let mut removed_hashes = false;
        if !package.dependency.hashes.is_empty()
            && let Some((start, end, replacement)) = strip_hashes(&original, range.end)
        {
            edits.push((start, end, replacement));
            removed_hashes = true;
            warnings.push(format!(
                "{}:{}: removed the --hash options of {} (they were for {}); regenerate \
                     hashes, e.g. with `pip-compile --generate-hashes` or `uv pip compile \
                     --generate-hashes`",
                package.path, package.line, package.package, package.version
            ));
        }
        changes.push(FixChange {
            package: package.package.clone(),
            from: package.version.clone(),
            to: fix.clone(),
            line: package.line,
            removed_hashes,
            added: false,
        });
    }
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    edits.dedup_by(|a, b| a.0 == b.0);
    let mut fixed = original.clone();
    let mut floor = usize::MAX;
    for (start, end, replacement) in edits {
        // Overlapping edits would mean two packages claim the same bytes; skip the later.
        if end > floor || end > fixed.len() || start > end {
            continue;
        }
        fixed.replace_range(start..end, &replacement);
        floor = start;
    }
    Some((original, fixed, changes))
}

/// The replacement for the rest of a logical requirement line after `from` (the end of the
/// version) with every `--hash` option removed, as `(start, end, text)`. Continuation lines
/// left empty are dropped, and a trailing `\` with nothing after it goes too.
fn strip_hashes(text: &str, from: usize) -> Option<(usize, usize, String)> {
    let rest = text.get(from..)?;
    // The logical line runs while a physical line ends with a backslash.
    let mut end = from;
    for physical in rest.split_inclusive('\n') {
        end += physical.len();
        let content = physical.trim_end_matches(['\n', '\r']);
        if !content.trim_end().ends_with('\\') {
            break;
        }
    }
    let segment = text.get(from..end)?;
    let newline = if segment.ends_with("\r\n") {
        "\r\n"
    } else if segment.ends_with('\n') {
        "\n"
    } else {
        ""
    };
    let segment = segment.strip_suffix(newline).unwrap_or(segment);
    let mut kept_lines: Vec<String> = Vec::new();
    for (index, physical) in segment.split('\n').enumerate() {
        let physical = physical.strip_suffix('\r').unwrap_or(physical);
        let cleaned = remove_hash_options(physical);
        let bare = cleaned.trim().trim_end_matches('\\').trim();
        if index > 0 && bare.is_empty() {
            continue;
        }
        kept_lines.push(cleaned);
    }
    // The last kept line must not end with a continuation any more.
    if let Some(last) = kept_lines.last_mut() {
        let trimmed = last.trim_end();
        if let Some(without) = trimmed.strip_suffix('\\') {
            *last = without.trim_end().to_string();
        }
    }
    let line_break = if newline == "\r\n" { "\r\n" } else { "\n" };
    let mut replacement = kept_lines.join(line_break);
    replacement.push_str(newline);
    Some((from, end, replacement))
}

/// Removes `--hash=X` / `--hash X` tokens from one physical line, keeping the rest (and a
/// trailing comment) as written.
fn remove_hash_options(line: &str) -> String {
    let (code, comment) = match line.find(" #") {
        Some(position) => line.split_at(position),
        None => (line, ""),
    };
    let mut out = String::with_capacity(code.len());
    let mut tokens = code.split(' ').peekable();
    let mut first = true;
    while let Some(token) = tokens.next() {
        if token == "--hash" {
            tokens.next();
            continue;
        }
        if token.starts_with("--hash=") {
            continue;
        }
        if !first {
            out.push(' ');
        }
        out.push_str(token);
        first = false;
    }
    // Collapse the spaces a removed token leaves before the continuation backslash.
    let mut out = out.trim_end().to_string();
    if out.ends_with('\\') {
        let without = out.trim_end_matches('\\').trim_end().to_string();
        out = if without.is_empty() {
            "\\".to_string()
        } else {
            format!("{without} \\")
        };
    }
    out.push_str(comment);
    out
}

fn add_pins(
    pin_file: &Path,
    root: &Path,
    transitive: &BTreeMap<String, &VulnerablePackage>,
    plan: &mut FixPlan,
) {
    let original = std::fs::read_to_string(pin_file).unwrap_or_default();
    let position = plan.files.iter().position(|file| file.path == pin_file);
    let (mut fixed, mut changes) = match position {
        Some(index) => {
            let file = plan.files.remove(index);
            (file.fixed, file.changes)
        }
        None => (original.clone(), Vec::new()),
    };
    let newline = if original.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    if !fixed.is_empty() && !fixed.ends_with('\n') {
        fixed.push_str(newline);
    }
    let mut line = u32::try_from(fixed.lines().count()).unwrap_or(u32::MAX);
    for (name, package) in transitive {
        let Some(fix) = &package.fix_version else {
            continue;
        };
        line = line.saturating_add(1);
        let _ = write!(
            fixed,
            "{name}=={fix}  # snakeguard: pinned to fix a vulnerable transitive dependency{newline}"
        );
        changes.push(FixChange {
            package: name.clone(),
            from: package.version.clone(),
            to: fix.clone(),
            line,
            removed_hashes: false,
            added: true,
        });
    }
    if original.contains("--hash") {
        plan.warnings.push(format!(
            "{}: the added pins have no --hash; pip will refuse the file in hash-checking mode \
             until hashes are added",
            display_path(pin_file, root)
        ));
    }
    plan.files.push(FileFix {
        path: pin_file.to_path_buf(),
        display_path: display_path(pin_file, root),
        original,
        fixed,
        changes,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_on_continuation_lines_are_removed() {
        let text = "django==3.2.0 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n    # via x\nnext==1\n";
        let from = "django==3.2.0".len();
        let (start, end, replacement) = strip_hashes(text, from).unwrap();
        let mut out = text.to_string();
        out.replace_range(start..end, &replacement);
        assert_eq!(out, "django==3.2.0\n    # via x\nnext==1\n");
    }

    #[test]
    fn hashes_on_the_same_line_keep_the_marker_and_comment() {
        let text = "six==1.0 ; python_version < '3' --hash=sha256:aa # keep\r\n";
        let from = "six==1.0".len();
        let (start, end, replacement) = strip_hashes(text, from).unwrap();
        let mut out = text.to_string();
        out.replace_range(start..end, &replacement);
        assert_eq!(out, "six==1.0 ; python_version < '3' # keep\r\n");
    }
}

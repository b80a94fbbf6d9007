//! Finding the files to scan: `.gitignore`-aware (the `ignore` crate), with `--exclude` and
//! configured globs, following symbolic links with loop detection, in a sorted order so that
//! output never depends on directory iteration order.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// One file to scan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct WalkedFile {
    /// The path shown to users: relative to the scan root, `/`-separated.
    pub display: String,
    pub path: PathBuf,
}

/// A path the walk could not enter or read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct WalkProblem {
    pub display: String,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct WalkResult {
    pub files: Vec<WalkedFile>,
    pub problems: Vec<WalkProblem>,
}

/// Exclusion globs, each matched against a path relative to the directory it was written for
/// (the configuration file's directory, or the scan root for `--exclude`) and against the file
/// or directory name alone.
#[derive(Debug, Clone)]
pub struct Excludes {
    sets: Vec<(PathBuf, GlobSet)>,
}

impl Excludes {
    pub fn new(groups: &[(PathBuf, Vec<String>)]) -> Result<Self, String> {
        let mut sets = Vec::new();
        for (base, patterns) in groups {
            if patterns.is_empty() {
                continue;
            }
            let mut builder = GlobSetBuilder::new();
            for pattern in patterns {
                let trimmed = pattern.trim_start_matches("./").trim_end_matches('/');
                let glob = Glob::new(trimmed)
                    .map_err(|error| format!("invalid exclude glob `{pattern}`: {error}"))?;
                builder.add(glob);
            }
            sets.push((
                base.clone(),
                builder.build().map_err(|error| error.to_string())?,
            ));
        }
        Ok(Excludes { sets })
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        self.sets.iter().any(|(base, set)| {
            if path
                .file_name()
                .is_some_and(|name| set.is_match(Path::new(name)))
            {
                return true;
            }
            path.strip_prefix(base)
                .is_ok_and(|relative| !relative.as_os_str().is_empty() && set.is_match(relative))
        })
    }
}

/// Walks `paths` (files or directories). Paths given explicitly are scanned even if a
/// `.gitignore` would skip them, as ruff and ripgrep do; excludes still apply to them.
pub fn walk(paths: &[PathBuf], root: &Path, excludes: &Excludes) -> WalkResult {
    let mut result = WalkResult::default();
    for path in paths {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        if !absolute.exists() && absolute.symlink_metadata().is_err() {
            result.problems.push(WalkProblem {
                display: display_path(&absolute, root),
                reason: "no such file or directory".into(),
            });
            continue;
        }
        if absolute.is_file() {
            if !excludes.is_excluded(&absolute) {
                result.files.push(WalkedFile {
                    display: display_path(&absolute, root),
                    path: absolute,
                });
            }
            continue;
        }
        let mut builder = ignore::WalkBuilder::new(&absolute);
        builder
            .hidden(false)
            .follow_links(true)
            .require_git(false)
            .parents(true);
        let entry_excludes = excludes.clone();
        builder.filter_entry(move |entry| {
            entry.depth() == 0
                || !(entry.file_name() == ".git" || entry_excludes.is_excluded(entry.path()))
        });
        for entry in builder.build() {
            match entry {
                Ok(entry) => {
                    if entry.file_type().is_some_and(|kind| kind.is_file()) {
                        let path = entry.into_path();
                        result.files.push(WalkedFile {
                            display: display_path(&path, root),
                            path,
                        });
                    }
                }
                Err(error) => result.problems.push(walk_problem(&error, root)),
            }
        }
    }
    result.files.sort();
    result.files.dedup();
    result.problems.sort();
    result.problems.dedup();
    result
}

fn walk_problem(error: &ignore::Error, root: &Path) -> WalkProblem {
    let mut path = None;
    let mut current = error;
    let reason = loop {
        match current {
            ignore::Error::WithPath {
                path: error_path,
                err,
            } => {
                path = Some(error_path.clone());
                current = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                current = err;
            }
            ignore::Error::Loop { child, .. } => {
                path = Some(child.clone());
                break "symbolic link loop".to_string();
            }
            ignore::Error::Io(io) => break io.to_string(),
            other => break other.to_string(),
        }
    };
    WalkProblem {
        display: path.map_or_else(|| "<unknown>".to_string(), |path| display_path(&path, root)),
        reason,
    }
}

/// `path` relative to `root` with `/` separators, or the path as it is when outside `root`.
pub fn display_path(path: &Path, root: &Path) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path);
    let text = shown.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        ".".to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "a.py",
            "pkg/b.py",
            "tests/test_c.py",
            "build/gen.py",
            "ignored/x.py",
        ] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x = 1\n").unwrap();
        }
        std::fs::write(dir.path().join(".gitignore"), "ignored/\n").unwrap();
        dir
    }

    fn names(result: &WalkResult) -> Vec<&str> {
        result
            .files
            .iter()
            .map(|file| file.display.as_str())
            .collect()
    }

    #[test]
    fn respects_gitignore_and_excludes() {
        let dir = tree();
        let root = dir.path().to_path_buf();
        let excludes =
            Excludes::new(&[(root.clone(), vec!["build".into(), "tests/**".into()])]).unwrap();
        let result = walk(std::slice::from_ref(&root), &root, &excludes);
        assert_eq!(names(&result), vec![".gitignore", "a.py", "pkg/b.py"]);
    }

    #[test]
    fn symlink_loop_is_reported_not_followed_forever() {
        let dir = tree();
        let root = dir.path().to_path_buf();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&root, root.join("pkg/loop")).unwrap();
        let result = walk(
            std::slice::from_ref(&root),
            &root,
            &Excludes::new(&[]).unwrap(),
        );
        #[cfg(unix)]
        assert!(
            result
                .problems
                .iter()
                .any(|problem| problem.reason == "symbolic link loop"),
            "{:?}",
            result.problems
        );
        assert!(names(&result).contains(&"pkg/b.py"));
    }

    #[test]
    fn missing_path_is_a_problem() {
        let dir = tree();
        let root = dir.path().to_path_buf();
        let result = walk(&[root.join("nope")], &root, &Excludes::new(&[]).unwrap());
        assert_eq!(result.problems[0].reason, "no such file or directory");
    }
}

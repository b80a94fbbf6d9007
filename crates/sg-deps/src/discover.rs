//! Finding dependency files under a scan root.
//!
//! The walk honours `.gitignore` (like the rest of `snakeguard scan`), and never enters
//! virtualenvs (a directory holding `pyvenv.cfg`), `site-packages`, `node_modules` or VCS
//! metadata: an installed environment is read through `--python`, not file by file.

use std::path::{Path, PathBuf};

use crate::model::Format;

/// The dependency file format of `path`, judged by its file name (and, for requirements
/// files, its directory): `requirements*.txt`/`.in`, `*requirements.txt`,
/// `constraints*.txt`, any `.txt`/`.in` under a `requirements/` directory,
/// `pyproject.toml`, `setup.cfg`, `Pipfile`, `uv.lock`, `poetry.lock`, `Pipfile.lock`, `pdm.lock`,
/// `pylock.toml`, `pylock.<name>.toml`.
pub fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    match name {
        "pyproject.toml" => return Some(Format::Pyproject),
        "setup.cfg" => return Some(Format::SetupCfg),
        "uv.lock" => return Some(Format::UvLock),
        "poetry.lock" => return Some(Format::PoetryLock),
        "Pipfile" => return Some(Format::Pipfile),
        "Pipfile.lock" => return Some(Format::PipfileLock),
        "pdm.lock" => return Some(Format::PdmLock),
        "pylock.toml" => return Some(Format::Pylock),
        _ => {}
    }
    if let Some(middle) = name
        .strip_prefix("pylock.")
        .and_then(|rest| rest.strip_suffix(".toml"))
        && !middle.is_empty()
        && !middle.contains('.')
    {
        return Some(Format::Pylock);
    }
    let extension = Path::new(&lower).extension().and_then(|e| e.to_str());
    let is_text = matches!(extension, Some("txt" | "in"));
    if !is_text {
        return None;
    }
    let stem = lower
        .strip_suffix(".txt")
        .or_else(|| lower.strip_suffix(".in"))
        .unwrap_or(&lower);
    let in_requirements_directory = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|directory| directory.to_str())
        .is_some_and(|directory| {
            matches!(
                directory.to_ascii_lowercase().as_str(),
                "requirements" | "reqs" | "requirements.d"
            )
        });
    let named = stem.starts_with("requirements")
        || stem.ends_with("requirements")
        || stem.starts_with("constraints")
        || stem.ends_with("constraints");
    (named || in_requirements_directory).then_some(Format::Requirements)
}

const SKIPPED_DIRECTORIES: [&str; 6] = [
    "site-packages",
    "dist-packages",
    "node_modules",
    "__pycache__",
    ".git",
    ".tox",
];

/// Every dependency file under `root` (or `root` itself when it is one), sorted by path.
pub fn discover(root: &Path) -> Vec<(PathBuf, Format)> {
    if root.is_file() {
        return format_of(root)
            .map(|format| vec![(root.to_path_buf(), format)])
            .unwrap_or_default();
    }
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .filter_entry(|entry| {
            let is_directory = entry.file_type().is_some_and(|kind| kind.is_dir());
            if !is_directory || entry.depth() == 0 {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            if SKIPPED_DIRECTORIES.contains(&name.as_ref()) || name == ".venv" || name == ".nox" {
                return false;
            }
            !entry.path().join("pyvenv.cfg").exists()
        })
        .build();
    for entry in walker.filter_map(Result::ok) {
        if !entry.file_type().is_some_and(|kind| kind.is_file()) {
            continue;
        }
        if let Some(format) = format_of(entry.path()) {
            found.push((entry.into_path(), format));
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_file_name() {
        for (path, format) in [
            ("requirements.txt", Some(Format::Requirements)),
            ("requirements-dev.txt", Some(Format::Requirements)),
            ("dev-requirements.txt", Some(Format::Requirements)),
            ("requirements.in", Some(Format::Requirements)),
            ("constraints.txt", Some(Format::Requirements)),
            ("requirements/base.txt", Some(Format::Requirements)),
            ("notes.txt", None),
            ("pyproject.toml", Some(Format::Pyproject)),
            ("setup.cfg", Some(Format::SetupCfg)),
            ("uv.lock", Some(Format::UvLock)),
            ("poetry.lock", Some(Format::PoetryLock)),
            ("Pipfile", Some(Format::Pipfile)),
            ("Pipfile.lock", Some(Format::PipfileLock)),
            ("pdm.lock", Some(Format::PdmLock)),
            ("pylock.toml", Some(Format::Pylock)),
            ("pylock.dev.toml", Some(Format::Pylock)),
            ("pylock..toml", None),
            ("Cargo.lock", None),
        ] {
            assert_eq!(format_of(Path::new(path)), format, "{path}");
        }
    }
}

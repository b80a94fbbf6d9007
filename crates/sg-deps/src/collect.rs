//! Reading everything under a scan root into one inventory, and running the checks on it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sg_diagnostics::Finding;

use crate::manifest::{EnvVars, Manifest};
use crate::model::{Format, PackageName, Relation};
use crate::options::Options;

/// Everything the dependency scanner read under one root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inventory {
    /// The scan root; finding paths are relative to it.
    pub root: PathBuf,
    /// One per file read, sorted by path. Requirements files that another requirements file
    /// includes are read through it (their dependencies keep their own origin) and are not
    /// listed again on their own.
    pub manifests: Vec<Manifest>,
    /// The installed environment, when `--python` or `VIRTUAL_ENV` named one.
    pub environment: Option<Manifest>,
    /// Files named like requirements files but mostly prose, so not read as one (sorted).
    pub not_requirements: Vec<PathBuf>,
}

/// How [`collect`] reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CollectOptions {
    /// `--python PATH`: interpreter, virtualenv or site-packages to read.
    pub python: Option<PathBuf>,
    /// Whether to fall back to the active virtualenv (`VIRTUAL_ENV`) when `python` is not
    /// set.
    pub use_active_virtualenv: bool,
    /// Where `${VAR}` values and `VIRTUAL_ENV` come from.
    pub env: EnvVars,
}

/// Reads one file of a known format.
pub fn read_file(path: &Path, format: Format, env: &EnvVars) -> Manifest {
    match format {
        Format::Requirements => crate::requirements::read_requirements(path, env),
        Format::Pyproject => crate::pyproject::read_pyproject(path),
        Format::SetupCfg => crate::setup_cfg::read_setup_cfg(path),
        Format::UvLock => crate::locks::uv::read_uv_lock(path),
        Format::PoetryLock => crate::locks::poetry::read_poetry_lock(path),
        Format::Pipfile => crate::pipfile::read_pipfile(path),
        Format::PipfileLock => crate::locks::pipfile::read_pipfile_lock(path),
        Format::PdmLock => crate::locks::pdm::read_pdm_lock(path),
        Format::Pylock => crate::locks::pylock::read_pylock(path),
        Format::Environment => crate::environment::read_environment(path),
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Discovers and reads every dependency file under `root` (or `root` itself when it is a
/// file), plus the environment.
pub fn collect(root: &Path, options: &CollectOptions) -> Inventory {
    let files = crate::discover::discover(root);
    let manifests: Vec<Manifest> = files
        .iter()
        .map(|(path, format)| read_file(path, *format, &options.env))
        .collect();
    let (prose, mut manifests): (Vec<Manifest>, Vec<Manifest>) =
        manifests.into_iter().partition(is_prose);
    drop_included_requirements(&mut manifests);
    mark_lock_relations(&mut manifests);
    manifests.sort_by(|a, b| a.path.cmp(&b.path));
    let python = options.python.clone().or_else(|| {
        options
            .use_active_virtualenv
            .then(|| crate::environment::active_virtualenv(&options.env))
            .flatten()
    });
    let environment = python.map(|python| crate::environment::read_environment(&python));
    let root = if root.is_file() {
        root.parent()
            .map_or_else(|| root.to_path_buf(), Path::to_path_buf)
    } else {
        root.to_path_buf()
    };
    Inventory {
        root,
        manifests,
        environment,
        not_requirements: {
            let mut paths: Vec<PathBuf> = prose.into_iter().map(|manifest| manifest.path).collect();
            paths.sort();
            paths
        },
    }
}

/// Removes requirements manifests that another one includes (unless they include each
/// other), so each file's lines are checked once, in the context of the install that uses
/// them.
fn drop_included_requirements(manifests: &mut Vec<Manifest>) {
    let includes: Vec<(PathBuf, BTreeSet<PathBuf>)> = manifests
        .iter()
        .map(|manifest| {
            (
                canonical(&manifest.path),
                manifest
                    .included
                    .iter()
                    .map(|path| canonical(path))
                    .collect(),
            )
        })
        .collect();
    let keep: Vec<bool> = includes
        .iter()
        .map(|(path, own)| {
            !includes.iter().any(|(other, other_includes)| {
                other != path && other_includes.contains(path) && !own.contains(other)
            })
        })
        .collect();
    let mut index = 0;
    manifests.retain(|manifest| {
        let kept =
            manifest.format != Format::Requirements || keep.get(index).copied().unwrap_or(true);
        index += 1;
        kept
    });
}

/// A `.txt` file that discovery picked by its name (Django's `docs/ref/models/constraints.txt`
/// is reStructuredText) whose lines are mostly not pip syntax: it is not a requirements file,
/// and one finding per line of prose would bury the real ones. Prose still parses here and
/// there (a one-word line is a valid requirement), so the test is a proportion: at least three
/// invalid lines, three times as many as the requirements read, and no include or index
/// option. Only files where prose is plausible are judged this way — `constraints*.txt` and
/// anything under a `docs`/`doc` directory — so a badly broken `requirements.txt` is still
/// reported line by line. The binary says which files it set aside: nothing disappears
/// silently.
fn is_prose(manifest: &Manifest) -> bool {
    const MIN_BAD_LINES: usize = 3;
    const BAD_PER_GOOD: usize = 3;
    let constraints_named = manifest
        .path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .is_some_and(|stem| {
            let stem = stem.to_ascii_lowercase();
            stem.starts_with("constraints") || stem.ends_with("constraints")
        });
    let under_docs = manifest.path.components().any(|component| {
        component.as_os_str().to_str().is_some_and(|name| {
            name.eq_ignore_ascii_case("docs") || name.eq_ignore_ascii_case("doc")
        })
    });
    if !(constraints_named || under_docs) {
        return false;
    }
    let options = &manifest.pip_options;
    let bad_lines = manifest
        .errors
        .iter()
        .filter(|error| {
            matches!(
                error.kind,
                crate::ReadErrorKind::InvalidRequirement
                    | crate::ReadErrorKind::Syntax
                    | crate::ReadErrorKind::InvalidVersion
                    | crate::ReadErrorKind::InvalidName
            )
        })
        .count();
    manifest.format == Format::Requirements
        && manifest.included.is_empty()
        && options.index_urls.is_empty()
        && options.extra_index_urls.is_empty()
        && options.find_links.is_empty()
        && options.no_index.is_none()
        && options.require_hashes.is_none()
        && bad_lines == manifest.errors.len()
        && bad_lines >= MIN_BAD_LINES
        && bad_lines >= BAD_PER_GOOD * (manifest.dependencies.len() + options.editables.len())
}

/// Lockfiles that do not record the project's own requirements (Poetry, PDM, Pipfile,
/// pylock) learn them from the manifest next to them: what `pyproject.toml` (or `Pipfile`)
/// names is direct, everything else transitive.
fn mark_lock_relations(manifests: &mut [Manifest]) {
    let declared: Vec<(Option<PathBuf>, BTreeSet<PackageName>)> = manifests
        .iter()
        .filter(|manifest| manifest.format == Format::Pyproject)
        .map(|manifest| {
            (
                manifest.path.parent().map(Path::to_path_buf),
                manifest
                    .dependencies
                    .iter()
                    .map(|d| d.name.clone())
                    .collect(),
            )
        })
        .collect();
    for manifest in manifests.iter_mut() {
        if !matches!(
            manifest.format,
            Format::PoetryLock | Format::PdmLock | Format::PipfileLock | Format::Pylock
        ) {
            continue;
        }
        let directory = manifest.path.parent().map(Path::to_path_buf);
        let mut names: BTreeSet<PackageName> = declared
            .iter()
            .filter(|(dir, _)| *dir == directory)
            .flat_map(|(_, names)| names.iter().cloned())
            .collect();
        if manifest.format == Format::PipfileLock
            && let Some(directory) = &directory
        {
            names.extend(pipfile_names(&directory.join("Pipfile")));
        }
        if names.is_empty() {
            continue;
        }
        for dependency in &mut manifest.dependencies {
            dependency.relation = if names.contains(&dependency.name) {
                Relation::Direct
            } else {
                Relation::Transitive
            };
        }
    }
}

/// Package names in a `Pipfile`'s `[packages]` and `[dev-packages]`.
fn pipfile_names(path: &Path) -> BTreeSet<PackageName> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeSet::new();
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return BTreeSet::new();
    };
    ["packages", "dev-packages"]
        .iter()
        .filter_map(|section| table.get(*section).and_then(toml::Value::as_table))
        .flat_map(|section| section.keys())
        .filter_map(|name| PackageName::new(name).ok())
        .collect()
}

/// The `DEP1xx`/`DEP2xx` findings for an inventory, sorted, with paths relative to
/// [`Inventory::root`]. Read errors are not included: turn them into findings with
/// [`crate::ReadError::to_finding`].
pub fn check(inventory: &Inventory, options: &Options) -> Vec<Finding> {
    crate::rules::check_all(inventory, options)
}

impl Inventory {
    /// Every read error, sorted by path and position.
    pub fn errors(&self) -> Vec<&crate::ReadError> {
        let mut errors: Vec<&crate::ReadError> = self
            .manifests
            .iter()
            .chain(self.environment.as_ref())
            .flat_map(|manifest| &manifest.errors)
            .collect();
        errors.sort();
        errors.dedup();
        errors
    }
}

//! The `DEP1xx` pinning and `DEP2xx` typosquatting rules, one module each, and the context
//! they share (which requirements files are locks, display paths, snippets).
//!
//! Dispatch is explicit: `check_all` calls each rule's `check` in code order.

mod editable_in_lock;
mod lock_package_without_hash;
mod missing_hash;
mod mutable_url_requirement;
mod possible_combosquat;
mod possible_typosquat;
mod unexpected_index;
mod unpinned_requirement;
mod unpinned_transitive_dependency;
mod wildcard_pin;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use sg_diagnostics::{Finding, Rule, Span};

use crate::collect::Inventory;
use crate::manifest::Manifest;
use crate::model::{Dependency, Format, Source};
use crate::options::{DEFAULT_TYPOSQUAT_TARGETS, Options};
use crate::typosquat::Detector;

pub use editable_in_lock::EDITABLE_IN_LOCK;
pub use lock_package_without_hash::LOCK_PACKAGE_WITHOUT_HASH;
pub use missing_hash::MISSING_HASH;
pub use mutable_url_requirement::MUTABLE_URL_REQUIREMENT;
pub use possible_combosquat::POSSIBLE_COMBOSQUAT;
pub use possible_typosquat::POSSIBLE_TYPOSQUAT;
pub use unexpected_index::UNEXPECTED_INDEX;
pub use unpinned_requirement::UNPINNED_REQUIREMENT;
pub use unpinned_transitive_dependency::UNPINNED_TRANSITIVE_DEPENDENCY;
pub use wildcard_pin::WILDCARD_PIN;

/// Every rule this crate emits, in code order.
pub fn rules() -> &'static [&'static Rule] {
    static RULES: [&Rule; 10] = [
        &UNPINNED_REQUIREMENT,
        &WILDCARD_PIN,
        &MISSING_HASH,
        &MUTABLE_URL_REQUIREMENT,
        &EDITABLE_IN_LOCK,
        &UNPINNED_TRANSITIVE_DEPENDENCY,
        &LOCK_PACKAGE_WITHOUT_HASH,
        &UNEXPECTED_INDEX,
        &POSSIBLE_TYPOSQUAT,
        &POSSIBLE_COMBOSQUAT,
    ];
    &RULES
}

/// What every rule needs: the inventory, options, and helpers derived from them.
pub(crate) struct Context<'a> {
    pub(crate) inventory: &'a Inventory,
    pub(crate) options: &'a Options,
    lock_globs: GlobSet,
    not_lock_globs: GlobSet,
    detector: Option<Detector>,
    /// File text by path, read lazily for snippets.
    texts: RefCell<HashMap<PathBuf, Option<String>>>,
    /// Paths of files that install the project itself (`-e .`).
    self_installing: BTreeSet<PathBuf>,
}

fn glob_set(patterns: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        // `**/x` should also match `x` at the root; globset's `**/` already does.
        if let Ok(glob) = Glob::new(pattern) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// `-e .`, `.`, `./`, `.[dev]`, `file:.`: the project itself.
pub(crate) fn is_self_install(target: &str) -> bool {
    let target = target.split('[').next().unwrap_or(target).trim();
    let target = target.strip_prefix("file:").unwrap_or(target);
    matches!(target.trim_end_matches('/'), "." | "")
}

impl<'a> Context<'a> {
    pub(crate) fn new(inventory: &'a Inventory, options: &'a Options) -> Self {
        let detector = if options.typosquat_targets == DEFAULT_TYPOSQUAT_TARGETS
            && options.typosquat_allowlist.is_empty()
        {
            None
        } else {
            Some(Detector::with_options(
                options.typosquat_targets,
                &options.typosquat_allowlist,
            ))
        };
        let mut self_installing = BTreeSet::new();
        for manifest in &inventory.manifests {
            for value in manifest
                .pip_options
                .editables
                .iter()
                .chain(&manifest.pip_options.unnamed)
            {
                if is_self_install(&value.value) {
                    self_installing.insert(value.path.clone());
                }
            }
        }
        Context {
            inventory,
            options,
            lock_globs: glob_set(&options.lock_files),
            not_lock_globs: glob_set(&options.not_lock_files),
            detector,
            texts: RefCell::new(HashMap::new()),
            self_installing,
        }
    }

    pub(crate) fn detector(&self) -> &Detector {
        self.detector
            .as_ref()
            .unwrap_or_else(|| Detector::builtin())
    }

    /// The path relative to the scan root with `/` separators (absolute when outside it).
    pub(crate) fn display_path(&self, path: &Path) -> String {
        display_path(path, &self.inventory.root)
    }

    /// Whether a requirements file acts as a lock (see [`Options::lock_files`]).
    pub(crate) fn is_lock_requirements(&self, path: &Path) -> bool {
        if self.self_installing.contains(path) {
            return false;
        }
        let shown = self.display_path(path);
        self.lock_globs.is_match(&shown) && !self.not_lock_globs.is_match(&shown)
    }

    /// Requirements dependencies grouped by root manifest, each with its lock status.
    pub(crate) fn requirements_manifests(&self) -> impl Iterator<Item = &'a Manifest> {
        self.inventory
            .manifests
            .iter()
            .filter(|manifest| manifest.format == Format::Requirements)
    }

    /// Lockfile manifests (uv, Poetry, PDM, Pipfile, pylock).
    pub(crate) fn lock_manifests(&self) -> impl Iterator<Item = &'a Manifest> {
        self.inventory
            .manifests
            .iter()
            .filter(|manifest| manifest.format.is_lock() && manifest.format != Format::Environment)
    }

    /// Every manifest, the environment last.
    pub(crate) fn all_manifests(&self) -> impl Iterator<Item = &'a Manifest> {
        self.inventory
            .manifests
            .iter()
            .chain(self.inventory.environment.as_ref())
    }

    /// The source lines of `span` in `path`, for the code frame.
    pub(crate) fn snippet(&self, path: &Path, span: Span) -> String {
        let mut texts = self.texts.borrow_mut();
        let text = texts.entry(path.to_path_buf()).or_insert_with(|| {
            std::fs::read(path)
                .ok()
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        });
        let Some(text) = text else {
            return String::new();
        };
        let first = span.line.max(1) as usize;
        let last = span.end_line.max(span.line).max(1) as usize;
        text.lines()
            .skip(first - 1)
            .take(last - first + 1)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A finding at a dependency, with snippet, package extras and a fingerprint key that
    /// survives version changes.
    pub(crate) fn finding_at(
        &self,
        rule: &'static Rule,
        dependency: &Dependency,
        message: String,
    ) -> Finding {
        let span = dependency.origin.span();
        let mut snippet = self.snippet(&dependency.origin.path, span);
        if snippet.is_empty() {
            snippet.clone_from(&dependency.requirement);
        }
        let mut finding = Finding::new(
            rule,
            self.display_path(&dependency.origin.path),
            span,
            message,
        )
        .with_snippet(snippet)
        .with_fingerprint_key(dependency.name.to_string())
        .with_extra("package", dependency.name.to_string());
        if let Some(version) = &dependency.version {
            finding = finding.with_extra("version", version.to_string());
        }
        finding
    }

    /// A finding at a line of a file (option lines, whole-file findings).
    pub(crate) fn finding_at_line(
        &self,
        rule: &'static Rule,
        path: &Path,
        line: u32,
        message: String,
        key: String,
    ) -> Finding {
        let span = Span::point(line.max(1), 1);
        Finding::new(rule, self.display_path(path), span, message)
            .with_snippet(self.snippet(path, span))
            .with_fingerprint_key(key)
    }
}

pub(crate) fn display_path(path: &Path, root: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let shown = relative.to_string_lossy().replace('\\', "/");
    if shown.is_empty() {
        path.file_name().map_or_else(
            || path.to_string_lossy().into_owned(),
            |name| name.to_string_lossy().into_owned(),
        )
    } else {
        shown
    }
}

/// Whether a dependency is installed from an index by name (the only kind the pin and
/// typosquat rules talk about).
pub(crate) fn from_index(dependency: &Dependency) -> bool {
    matches!(dependency.source, Source::Index { .. })
}

/// Runs every rule, in code order; the result is sorted and free of duplicates (a file
/// included by two requirements files is checked once).
pub(crate) fn check_all(inventory: &Inventory, options: &Options) -> Vec<Finding> {
    let context = Context::new(inventory, options);
    let mut findings = Vec::new();
    unpinned_requirement::check(&context, &mut findings);
    wildcard_pin::check(&context, &mut findings);
    missing_hash::check(&context, &mut findings);
    mutable_url_requirement::check(&context, &mut findings);
    editable_in_lock::check(&context, &mut findings);
    unpinned_transitive_dependency::check(&context, &mut findings);
    lock_package_without_hash::check(&context, &mut findings);
    unexpected_index::check(&context, &mut findings);
    possible_typosquat::check(&context, &mut findings);
    possible_combosquat::check(&context, &mut findings);
    sg_diagnostics::sort_findings(&mut findings);
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_and_codes_and_names_are_unique() {
        let mut codes = BTreeSet::new();
        let mut names = BTreeSet::new();
        for rule in rules() {
            assert!(
                rule.missing_doc_sections().is_empty(),
                "{} lacks {:?}",
                rule.code,
                rule.missing_doc_sections()
            );
            assert!(rule.doc_markdown().contains("Use instead"), "{}", rule.code);
            assert!(codes.insert(rule.code), "{}", rule.code);
            assert!(names.insert(rule.name), "{}", rule.name);
            assert!(rule.code.starts_with("DEP"));
        }
        let sorted: Vec<_> = rules().iter().map(|rule| rule.code).collect();
        let mut expected = sorted.clone();
        expected.sort_unstable();
        assert_eq!(sorted, expected);
    }

    #[test]
    fn self_installs() {
        for target in [".", "./", ".[dev]", "file:.", "./[test]"] {
            assert!(is_self_install(target), "{target}");
        }
        for target in ["./libs/a", "git+https://x/y", "../other"] {
            assert!(!is_self_install(target), "{target}");
        }
    }
}

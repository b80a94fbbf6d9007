use sg_diagnostics::{Finding, declare_rule};

use crate::model::Source;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a package of a lockfile (`uv.lock`, `poetry.lock`, `pdm.lock`,
    /// `Pipfile.lock`, `pylock.toml`) that comes from an index or URL but carries no artifact
    /// hash.
    ///
    /// ## Why is this bad?
    /// Lock tools verify downloads against the hashes in the lock. A package without hashes
    /// is installed as whatever the index serves on the day, so a compromised index, mirror
    /// or maintainer account can replace it unnoticed. Hashes are usually missing because the
    /// lock was edited by hand or produced by an old tool.
    ///
    /// ## Example
    /// ```toml
    /// [[package]]
    /// name = "requests"
    /// version = "2.32.3"
    /// files = []
    /// ```
    ///
    /// Use instead: regenerate the lock (`poetry lock`, `uv lock`, `pdm lock`, `pipenv
    /// lock`) so that every package lists the hashes of its files.
    ///
    /// ## References
    /// - <https://packaging.python.org/en/latest/specifications/pylock-toml/>
    /// - <https://cwe.mitre.org/data/definitions/494.html>
    pub static LOCK_PACKAGE_WITHOUT_HASH: Rule {
        code: "DEP107",
        name: "lock-package-without-hash",
        scanner: Dependencies,
        severity: Medium,
        confidence: High,
        cwe: Some(494),
        summary: "Lockfile package without artifact hashes",
    }
}

pub(crate) fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    for manifest in context.lock_manifests() {
        let file = manifest.path.file_name().map_or_else(
            || manifest.format.to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        for dependency in &manifest.dependencies {
            if !dependency.hashes.is_empty()
                || !matches!(dependency.source, Source::Index { .. } | Source::Url { .. })
            {
                continue;
            }
            findings.push(context.finding_at(
                &LOCK_PACKAGE_WITHOUT_HASH,
                dependency,
                format!(
                    "`{}` has no hashes in {}: its files are not verified on install",
                    dependency.name, file
                ),
            ));
        }
    }
}

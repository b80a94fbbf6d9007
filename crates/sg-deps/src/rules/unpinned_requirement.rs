use sg_diagnostics::{Finding, declare_rule};

use crate::model::Format;
use crate::rules::{Context, from_index};

declare_rule! {
    /// ## What it does
    /// Reports a line of a requirements file that acts as a lock (by default
    /// `requirements*.txt`, `requirements/*.txt` and `constraints*.txt`, unless the file
    /// installs the project itself with `-e .`) that is not pinned to one exact version with
    /// `==` or `===`.
    ///
    /// ## Why is this bad?
    /// A range such as `requests>=2.0` installs whatever is newest on the day of the install.
    /// Two installs of the same file then get different code, a compromised or broken release
    /// is picked up automatically, and an audit of the file cannot say which version is in
    /// use. Exact pins of every package are what makes an install reproducible and
    /// auditable.
    ///
    /// ## Example
    /// ```text
    /// requests>=2.31
    /// flask
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// requests==2.32.3
    /// flask==3.1.0
    /// ```
    /// Keep the ranges in `requirements.in` or `pyproject.toml` and generate the pinned file
    /// with `pip-compile --generate-hashes` or `uv pip compile --generate-hashes`. If this
    /// file is not meant as a lock, list it in `not-lock-files` under
    /// `[tool.snakeguard.deps]`.
    ///
    /// ## References
    /// - <https://pip.pypa.io/en/stable/topics/repeatable-installs/>
    /// - <https://packaging.python.org/en/latest/specifications/version-specifiers/>
    /// - <https://cwe.mitre.org/data/definitions/1357.html>
    pub static UNPINNED_REQUIREMENT: Rule {
        code: "DEP101",
        name: "unpinned-requirement",
        scanner: Dependencies,
        severity: Medium,
        confidence: High,
        cwe: Some(1357),
        summary: "Requirement in a lock file is not pinned with ==",
    }
}

pub(crate) fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    for manifest in context.requirements_manifests() {
        for dependency in &manifest.dependencies {
            if dependency.origin.format != Format::Requirements
                || !from_index(dependency)
                || dependency.version.is_some()
                || super::wildcard_pin::wildcard_version(dependency).is_some()
                || !context.is_lock_requirements(&dependency.origin.path)
            {
                continue;
            }
            let how = match &dependency.specifier {
                Some(specifier) => format!("`{specifier}` allows several versions"),
                None => "no version is given".to_string(),
            };
            findings.push(context.finding_at(
                &UNPINNED_REQUIREMENT,
                dependency,
                format!(
                    "`{}` is not pinned with `==` in a lock file: {how}",
                    dependency.name
                ),
            ));
        }
    }
}

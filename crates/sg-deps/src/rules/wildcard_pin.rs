use pep440_rs::Operator;
use sg_diagnostics::{Finding, declare_rule};

use crate::model::{Dependency, Format};
use crate::rules::{Context, from_index};

declare_rule! {
    /// ## What it does
    /// Reports a requirement in a lock requirements file pinned with a wildcard, such as
    /// `django==4.2.*`.
    ///
    /// ## Why is this bad?
    /// `==4.2.*` looks like a pin but is a range: every new `4.2.x` release is installed as it
    /// appears. The install is not reproducible, and the version an audit checks is not the
    /// version that runs.
    ///
    /// ## Example
    /// ```text
    /// django==4.2.*
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// django==4.2.17
    /// ```
    ///
    /// ## References
    /// - <https://packaging.python.org/en/latest/specifications/version-specifiers/#version-matching>
    /// - <https://cwe.mitre.org/data/definitions/1357.html>
    pub static WILDCARD_PIN: Rule {
        code: "DEP102",
        name: "wildcard-pin",
        scanner: Dependencies,
        severity: Medium,
        confidence: High,
        cwe: Some(1357),
        summary: "Requirement in a lock file is pinned with a wildcard",
    }
}

/// The `==X.*` of a requirement whose only specifier is a wildcard equality.
pub(crate) fn wildcard_version(dependency: &Dependency) -> Option<String> {
    let specifier = dependency.specifier.as_ref()?;
    match specifier.iter().collect::<Vec<_>>().as_slice() {
        [only] if *only.operator() == Operator::EqualStar => Some(only.to_string()),
        _ => None,
    }
}

pub(crate) fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    for manifest in context.requirements_manifests() {
        for dependency in &manifest.dependencies {
            if dependency.origin.format != Format::Requirements || !from_index(dependency) {
                continue;
            }
            let Some(wildcard) = wildcard_version(dependency) else {
                continue;
            };
            if !context.is_lock_requirements(&dependency.origin.path) {
                continue;
            }
            findings.push(context.finding_at(
                &WILDCARD_PIN,
                dependency,
                format!(
                    "`{}` is pinned with a wildcard (`{wildcard}`): any matching release is installed",
                    dependency.name
                ),
            ));
        }
    }
}

use std::collections::BTreeSet;
use std::path::Path;

use sg_diagnostics::{Finding, declare_rule};

use crate::model::Dependency;
use crate::rules::{Context, from_index};
use crate::typosquat::Family;

declare_rule! {
    /// ## What it does
    /// Reports a dependency whose name is a likely typo of a much more popular PyPI package:
    /// look-alike characters or separators (`djang0`, `python-dateuti1`), visual confusions
    /// (`rn` for `m`), an omitted, inserted, repeated, swapped or mistyped character
    /// (`reqeusts`, `urlib3`), or two changes in a long name. Names that are themselves among
    /// the most downloaded PyPI projects are never reported. The message names the package
    /// it resembles and the technique.
    ///
    /// ## Why is this bad?
    /// Attackers publish packages under near-miss names of popular ones and wait for a typo in
    /// a requirements file or a `pip install` command. These packages usually work like the
    /// original and run malicious code at install or import time (stealing credentials and
    /// environment variables is common).
    ///
    /// ## Example
    /// ```text
    /// reqeusts==2.32.3
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// requests==2.32.3
    /// ```
    /// If the name is right (an internal package, a legitimate fork), add it to
    /// `typosquat-allowlist` under `[tool.snakeguard.deps]`.
    ///
    /// ## References
    /// - <https://www.usenix.org/conference/usenixsecurity23/presentation/neupane>
    /// - <https://github.com/pypi/warehouse/pull/17649>
    /// - <https://cwe.mitre.org/data/definitions/1357.html>
    pub static POSSIBLE_TYPOSQUAT: Rule {
        code: "DEP201",
        name: "possible-typosquat",
        scanner: Dependencies,
        severity: High,
        confidence: Medium,
        cwe: Some(1357),
        summary: "Dependency name is a typo of a popular package",
    }
}

/// Dependencies whose names are checked: from an index, one per (file, name).
pub(crate) fn candidates<'a>(context: &Context<'a>) -> Vec<&'a Dependency> {
    let mut seen: BTreeSet<(&Path, &str)> = BTreeSet::new();
    context
        .all_manifests()
        .flat_map(|manifest| &manifest.dependencies)
        .filter(|dependency| from_index(dependency))
        .filter(|dependency| {
            seen.insert((dependency.origin.path.as_path(), dependency.name.as_str()))
        })
        .collect()
}

pub(crate) fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    report(context, findings, Family::Typo);
}

/// Shared by `DEP201` and `DEP202`: one finding per dependency whose resemblance is of
/// `family`.
pub(crate) fn report(context: &Context<'_>, findings: &mut Vec<Finding>, family: Family) {
    let rule = match family {
        Family::Typo => &POSSIBLE_TYPOSQUAT,
        Family::Combination => &super::POSSIBLE_COMBOSQUAT,
    };
    let detector = context.detector();
    for dependency in candidates(context) {
        let Some(resemblance) = detector.check(&dependency.name) else {
            continue;
        };
        if resemblance.family != family {
            continue;
        }
        findings.push(
            context
                .finding_at(
                    rule,
                    dependency,
                    format!(
                        "`{}` resembles the popular package `{}` ({}) and is not popular itself",
                        dependency.name, resemblance.target, resemblance.technique
                    ),
                )
                .with_fingerprint_key(format!("{}:{}", dependency.name, resemblance.target))
                .with_extra("resembles", resemblance.target.clone())
                .with_extra("technique", resemblance.technique.clone()),
        );
    }
}

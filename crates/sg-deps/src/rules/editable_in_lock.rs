use sg_diagnostics::{Finding, declare_rule};

use crate::model::{Format, Source};
use crate::rules::{Context, is_self_install};

declare_rule! {
    /// ## What it does
    /// Reports an editable requirement (`-e ./libs/x`, `-e git+…`, an editable lockfile
    /// package) in a lock, other than the project itself (`-e .`, which instead makes a
    /// requirements file a development setup rather than a lock).
    ///
    /// ## Why is this bad?
    /// An editable install runs whatever is in the directory or checkout at install time: it
    /// has no version, no hash, and changes without the lock changing. A lock that contains
    /// one does not describe what is installed.
    ///
    /// ## Example
    /// ```text
    /// -e git+https://github.com/org/helper.git#egg=helper
    /// requests==2.32.3
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// helper @ git+https://github.com/org/helper.git@3f2a9c1d5e8b7a6f4c3d2e1f0a9b8c7d6e5f4a3b
    /// requests==2.32.3
    /// ```
    /// or build and publish `helper` and pin it by version and hash.
    ///
    /// ## References
    /// - <https://pip.pypa.io/en/stable/topics/local-project-installs/#editable-installs>
    /// - <https://cwe.mitre.org/data/definitions/1357.html>
    pub static EDITABLE_IN_LOCK: Rule {
        code: "DEP105",
        name: "editable-in-lock",
        scanner: Dependencies,
        severity: Low,
        confidence: High,
        cwe: Some(1357),
        summary: "Editable requirement in a lock",
    }
}

pub(crate) fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let candidates = context
        .requirements_manifests()
        .flat_map(|manifest| &manifest.dependencies)
        .filter(|dependency| {
            dependency.origin.format == Format::Requirements
                && context.is_lock_requirements(&dependency.origin.path)
        })
        .chain(
            context
                .lock_manifests()
                .flat_map(|manifest| &manifest.dependencies),
        );
    for dependency in candidates {
        let Source::Editable { target } = &dependency.source else {
            continue;
        };
        if is_self_install(target) {
            continue;
        }
        findings.push(context.finding_at(
            &EDITABLE_IN_LOCK,
            dependency,
            format!(
                "`{}` is an editable install of `{target}` in a lock: it has no version or hash",
                dependency.name
            ),
        ));
    }
}

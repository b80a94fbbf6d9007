use sg_diagnostics::{Finding, declare_rule};

use crate::model::{Format, Source};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a URL or VCS requirement in a lock (a lock requirements file or a lockfile)
    /// that does not name immutable content: a VCS reference that is a branch or tag rather
    /// than a full commit id, or an archive URL without a hash.
    ///
    /// ## Why is this bad?
    /// A branch moves, a tag can be re-pointed, and the file behind a URL can be replaced. The
    /// next install then gets different code than the one that was reviewed, without any
    /// change to the lock. Only a full commit id or a content hash pins the code.
    ///
    /// ## Example
    /// ```text
    /// mylib @ git+https://github.com/org/mylib.git@main
    /// tool @ https://example.com/tool-1.0.tar.gz
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// mylib @ git+https://github.com/org/mylib.git@3f2a9c1d5e8b7a6f4c3d2e1f0a9b8c7d6e5f4a3b
    /// tool @ https://example.com/tool-1.0.tar.gz#sha256=4c8e…
    /// ```
    ///
    /// ## References
    /// - <https://pip.pypa.io/en/stable/topics/vcs-support/>
    /// - <https://packaging.python.org/en/latest/specifications/direct-url-data-structure/>
    /// - <https://cwe.mitre.org/data/definitions/494.html>
    pub static MUTABLE_URL_REQUIREMENT: Rule {
        code: "DEP104",
        name: "mutable-url-requirement",
        scanner: Dependencies,
        severity: Medium,
        confidence: High,
        cwe: Some(494),
        summary: "URL or VCS requirement without an immutable commit or hash",
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
        let message = match &dependency.source {
            Source::Vcs {
                commit: None,
                revision,
                vcs,
                ..
            } => match revision {
                Some(revision) => format!(
                    "`{}` comes from {} revision `{revision}`, which can move: pin a full commit id",
                    dependency.name,
                    vcs.as_str()
                ),
                None => format!(
                    "`{}` comes from the default branch of a {} repository: pin a full commit id",
                    dependency.name,
                    vcs.as_str()
                ),
            },
            Source::Url { url } if dependency.hashes.is_empty() => format!(
                "`{}` is downloaded from `{url}` without a hash: the file behind the URL can change",
                dependency.name
            ),
            _ => continue,
        };
        findings.push(context.finding_at(&MUTABLE_URL_REQUIREMENT, dependency, message));
    }
}

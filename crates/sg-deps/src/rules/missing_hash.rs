use sg_diagnostics::{Finding, declare_rule};

use crate::model::Format;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a requirement without `--hash` in a requirements install that checks hashes:
    /// when another line of the same install (the file and everything it includes) has a
    /// hash, when `--require-hashes` is set, or, with `require-hashes = true` under
    /// `[tool.snakeguard.deps]`, on every line of a lock requirements file.
    ///
    /// ## Why is this bad?
    /// Hashes make pip verify that each downloaded file is the one that was reviewed and
    /// locked, so a compromised index, mirror or account cannot swap the code. As soon as one
    /// line has a hash, pip switches to hash-checking mode and refuses the whole install when
    /// any line lacks one; a missing hash is either a broken install or, where pip is run
    /// without hashes, a package that escapes verification. Editable and VCS requirements
    /// cannot be hashed at all.
    ///
    /// ## Example
    /// ```text
    /// requests==2.32.3 \
    ///     --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6
    /// urllib3==2.2.3
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// requests==2.32.3 \
    ///     --hash=sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6
    /// urllib3==2.2.3 \
    ///     --hash=sha256:ca899ca043dcb1bafa3e262d73aa25c465bfb49e0bd9dd5d59f1d0acba2f8fac
    /// ```
    /// Generate hashes with `pip-compile --generate-hashes` or `uv pip compile
    /// --generate-hashes`.
    ///
    /// ## References
    /// - <https://pip.pypa.io/en/stable/topics/secure-installs/#hash-checking-mode>
    /// - <https://cwe.mitre.org/data/definitions/494.html>
    pub static MISSING_HASH: Rule {
        code: "DEP103",
        name: "missing-hash",
        scanner: Dependencies,
        severity: Medium,
        confidence: High,
        cwe: Some(494),
        summary: "Requirement without --hash in a hash-checking install",
    }
}

pub(crate) fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    for manifest in context.requirements_manifests() {
        let installed = || {
            manifest.dependencies.iter().filter(|dependency| {
                dependency.origin.format == Format::Requirements && !dependency.constraint
            })
        };
        let hashed = installed().find(|dependency| !dependency.hashes.is_empty());
        let reason = if let Some(option) = &manifest.pip_options.require_hashes {
            Some(format!(
                "--require-hashes is set ({}:{})",
                context.display_path(&option.path),
                option.line
            ))
        } else {
            hashed.map(|dependency| {
                format!(
                    "other lines have hashes, so pip checks hashes for every line (e.g. `{}` at {}:{})",
                    dependency.name,
                    context.display_path(&dependency.origin.path),
                    dependency.origin.line
                )
            })
        };
        for dependency in installed() {
            if !dependency.hashes.is_empty() {
                continue;
            }
            let reason = match &reason {
                Some(reason) => reason.clone(),
                None if context.options.require_hashes
                    && context.is_lock_requirements(&dependency.origin.path) =>
                {
                    "`require-hashes` is set for lock files".to_string()
                }
                None => continue,
            };
            let what = if dependency.is_editable() {
                "is editable and cannot be hash-checked"
            } else if matches!(dependency.source, crate::model::Source::Vcs { .. }) {
                "comes from version control and cannot be hash-checked"
            } else {
                "has no --hash"
            };
            findings.push(context.finding_at(
                &MISSING_HASH,
                dependency,
                format!("`{}` {what}: {reason}", dependency.name),
            ));
        }
    }
}

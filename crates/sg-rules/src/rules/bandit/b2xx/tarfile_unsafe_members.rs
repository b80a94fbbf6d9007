use sg_diagnostics::{Confidence, Severity};
use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged, UnqualifiedName};

use crate::checker::Checker;
use crate::rules::bandit::helpers::{keyword, string_literal};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `extractall(...)` calls (any callee whose name contains `extractall`, in a
    /// file that imports `tarfile`) that do not pass `filter="data"`. Without `members=` it is
    /// HIGH/HIGH; with `members=<a call>` (a filtering function) LOW/LOW; with any other
    /// `members=` MEDIUM/MEDIUM.
    ///
    /// Unlike Bandit, `from tarfile import open` counts as importing `tarfile` (Bandit needs
    /// a plain `import tarfile`).
    ///
    /// ## Why is this bad?
    /// A tar archive can hold members named `../../etc/cron.d/x`, absolute paths, device
    /// files and links pointing outside the target directory; extracting it unfiltered
    /// writes wherever the archive says.
    ///
    /// ## Example
    /// ```python
    /// with tarfile.open(upload) as archive:
    ///     archive.extractall(target)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// with tarfile.open(upload) as archive:
    ///     archive.extractall(target, filter="data")
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/tarfile.html#extraction-filters>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b202_tarfile_unsafe_members.html>
    /// - <https://cwe.mitre.org/data/definitions/22.html>
    pub static TARFILE_UNSAFE_MEMBERS: Rule {
        code: "B202",
        name: "tarfile-unsafe-members",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(22),
        summary: "tarfile extractall without a member filter",
        aliases: ["tarfile_unsafe_members", "S202"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    let name = match callee {
        Some(callee) => callee.segments().last().copied(),
        None => {
            UnqualifiedName::from_expr(&call.func).and_then(|name| name.segments().last().copied())
        }
    };
    if !name.is_some_and(|name| name.contains("extractall"))
        || !checker.imports().imports("tarfile")
    {
        return;
    }
    if keyword(call, "filter").and_then(string_literal) == Some("data") {
        return;
    }
    let finding = match keyword(call, "members") {
        None => checker.finding(
            &TARFILE_UNSAFE_MEMBERS,
            call.range(),
            "tarfile.extractall used without any validation. Please check and discard \
             dangerous members",
        ),
        Some(members @ Expr::Call(_)) => checker
            .finding(
                &TARFILE_UNSAFE_MEMBERS,
                call.range(),
                format!(
                    "Usage of tarfile.extractall(members=function(tarfile)). Make sure your \
                     function properly discards dangerous members ({})",
                    checker.locator().slice(members.range())
                ),
            )
            .with_severity(Severity::Low)
            .with_confidence(Confidence::Low),
        Some(members) => checker
            .finding(
                &TARFILE_UNSAFE_MEMBERS,
                call.range(),
                format!(
                    "Found tarfile.extractall(members=?) but couldn't identify the type of \
                     members. Check if the members were properly validated ({})",
                    checker.locator().slice(members.range())
                ),
            )
            .with_severity(Severity::Medium)
            .with_confidence(Confidence::Medium),
    };
    checker.report(finding);
}

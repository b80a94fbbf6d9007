use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `tempfile.mktemp`. Unlike Bandit, which matches the text `tempfile.mktemp`, the call
    /// must really reach the `tempfile` module (Bandit reports it even where `tempfile` was never
    /// imported).
    ///
    /// ## Why is this bad?
    /// `mktemp` returns a name that does not exist yet but does not create the file. Another
    /// process can create it (or a symlink) before the program does, and the program then writes
    /// where the attacker chose.
    ///
    /// ## Example
    /// ```python
    /// import tempfile
    ///
    /// path = tempfile.mktemp()
    /// with open(path, "w") as out:
    ///     ...
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import tempfile
    ///
    /// with tempfile.NamedTemporaryFile("w", delete=False) as out:
    ///     ...
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/tempfile.html#tempfile.mktemp>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b306-mktemp-q>
    /// - <https://cwe.mitre.org/data/definitions/377.html>
    pub static MKTEMP_Q: Rule {
        code: "B306",
        name: "mktemp",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(377),
        summary: "Use of tempfile.mktemp",
        aliases: ["mktemp_q", "S306"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(callee.segments(), ["tempfile", "mktemp"]) {
        return;
    }
    checker.report(checker.finding(
        &MKTEMP_Q,
        call.range(),
        "Use of insecure and deprecated function (mktemp)",
    ));
}

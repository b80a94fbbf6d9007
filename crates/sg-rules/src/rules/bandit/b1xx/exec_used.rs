use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports calls to the builtin `exec` (also spelled `builtins.exec`).
    ///
    /// Unlike Bandit, which matches the text `exec`, a local function or parameter named
    /// `exec` is not reported.
    ///
    /// ## Why is this bad?
    /// `exec` runs any Python code it is given. If any part of that string comes from outside
    /// the program, an attacker runs code with the program's rights.
    ///
    /// ## Example
    /// ```python
    /// exec(f"result = {expression}")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import ast
    ///
    /// result = ast.literal_eval(expression)
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/functions.html#exec>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b102_exec_used.html>
    /// - <https://cwe.mitre.org/data/definitions/78.html>
    pub static EXEC_USED: Rule {
        code: "B102",
        name: "exec-used",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(78),
        summary: "Use of exec",
        aliases: ["exec_used", "S102"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if matches!(callee.segments(), ["" | "builtins", "exec"]) {
        checker.report(checker.finding(&EXEC_USED, call.range(), "Use of exec detected"));
    }
}

use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports calls to the builtin `eval` (also spelled `builtins.eval`). A local function or
    /// method named `eval` (`model.eval()`) is not reported.
    ///
    /// ## Why is this bad?
    /// `eval` runs any Python expression: if any part of its input comes from outside the program,
    /// so does the code it runs.
    ///
    /// ## Example
    /// ```python
    /// value = eval(user_input)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import ast
    ///
    /// value = ast.literal_eval(user_input)
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/ast.html#ast.literal_eval>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b307-eval>
    /// - <https://cwe.mitre.org/data/definitions/78.html>
    pub static EVAL: Rule {
        code: "B307",
        name: "eval",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(78),
        summary: "Use of eval",
        aliases: ["S307"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(callee.segments(), ["" | "builtins", "eval"]) {
        return;
    }
    checker.report(checker.finding(
        &EVAL,
        call.range(),
        "Use of possibly insecure function - consider using safer ast.literal_eval",
    ));
}

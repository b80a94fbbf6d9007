use sg_python::Ranged;
use sg_python::ast::StmtAssert;

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports every `assert` statement.
    ///
    /// ## Why is this bad?
    /// Python removes `assert` statements when it runs with optimisation (`python -O`,
    /// `PYTHONOPTIMIZE`). A check written as an `assert` (a permission test, input
    /// validation) silently disappears in such a deployment.
    ///
    /// Test code asserts by design: exempt it with `per-file-ignores` (for example
    /// `"tests/**" = ["B101"]`) or with Bandit's option `assert_used.skips` (fnmatch globs
    /// on the path), which `[tool.snakeguard.bandit]` accepts unchanged.
    ///
    /// ## Example
    /// ```python
    /// def delete(user, item):
    ///     assert user.is_admin, "not allowed"
    ///     item.delete()
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// def delete(user, item):
    ///     if not user.is_admin:
    ///         raise PermissionError("not allowed")
    ///     item.delete()
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/reference/simple_stmts.html#the-assert-statement>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b101_assert_used.html>
    /// - <https://cwe.mitre.org/data/definitions/703.html>
    pub static ASSERT_USED: Rule {
        code: "B101",
        name: "assert-used",
        scanner: Source,
        severity: Low,
        confidence: High,
        cwe: Some(703),
        summary: "Use of assert: removed when Python runs with optimisation",
        aliases: ["assert_used", "S101"],
    }
}

pub(crate) fn check(checker: &Checker, assert: &StmtAssert) {
    if checker.settings().assert_skipped(checker.display_path()) {
        return;
    }
    checker.report(checker.finding(
        &ASSERT_USED,
        assert.range(),
        "Use of assert detected; it is removed when compiling to optimised byte code",
    ));
}

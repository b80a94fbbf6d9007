use sg_python::Ranged;
use sg_python::ast::{ExceptHandlerExceptHandler, Stmt};

use crate::checker::Checker;
use crate::rules::bandit::b1xx::catches_everything;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `except` clauses whose whole body is `pass`, when they catch everything: a
    /// bare `except:`, `except Exception:` or `except BaseException:` (also inside a tuple).
    /// With `try_except_pass.check_typed_exception = true`, handlers for specific exceptions
    /// are reported too.
    ///
    /// Beyond Bandit, which only recognises the literal name `Exception`, `BaseException`,
    /// tuples and `builtins.Exception` count as catching everything, and a local class that
    /// shadows `Exception` does not.
    ///
    /// ## Why is this bad?
    /// Errors vanish without a trace: a failed permission check, a corrupted file or an
    /// attack in progress look exactly like success.
    ///
    /// ## Example
    /// ```python
    /// try:
    ///     verify_signature(payload)
    /// except Exception:
    ///     pass
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// try:
    ///     verify_signature(payload)
    /// except InvalidSignature:
    ///     log.warning("rejected payload with a bad signature")
    ///     raise
    /// ```
    ///
    /// ## References
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b110_try_except_pass.html>
    /// - <https://cwe.mitre.org/data/definitions/703.html>
    pub static TRY_EXCEPT_PASS: Rule {
        code: "B110",
        name: "try-except-pass",
        scanner: Source,
        severity: Low,
        confidence: High,
        cwe: Some(703),
        summary: "try/except/pass swallows every error",
        aliases: ["try_except_pass", "S110"],
    }
}

pub(crate) fn check(checker: &Checker, handler: &ExceptHandlerExceptHandler) {
    if !matches!(handler.body.as_slice(), [Stmt::Pass(_)]) {
        return;
    }
    if !checker.options().try_except_pass.check_typed_exception
        && !catches_everything(checker, handler)
    {
        return;
    }
    checker.report(checker.finding(
        &TRY_EXCEPT_PASS,
        handler.range(),
        "Try, Except, Pass detected",
    ));
}

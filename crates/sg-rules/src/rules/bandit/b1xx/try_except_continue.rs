use sg_python::Ranged;
use sg_python::ast::{ExceptHandlerExceptHandler, Stmt};

use crate::checker::Checker;
use crate::rules::bandit::b1xx::catches_everything;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `except` clauses whose whole body is `continue`, when they catch everything: a
    /// bare `except:`, `except Exception:` or `except BaseException:` (also inside a tuple).
    /// With `try_except_continue.check_typed_exception = true`, handlers for specific exceptions
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
    /// for payload in batch:
    ///     try:
    ///         verify_signature(payload)
    ///     except Exception:
    ///         continue
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// for payload in batch:
    ///     try:
    ///         verify_signature(payload)
    ///     except InvalidSignature:
    ///         log.warning("skipped payload with a bad signature")
    ///         continue
    /// ```
    ///
    /// ## References
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b112_try_except_continue.html>
    /// - <https://cwe.mitre.org/data/definitions/703.html>
    pub static TRY_EXCEPT_CONTINUE: Rule {
        code: "B112",
        name: "try-except-continue",
        scanner: Source,
        severity: Low,
        confidence: High,
        cwe: Some(703),
        summary: "try/except/continue swallows every error",
        aliases: ["try_except_continue", "S112"],
    }
}

pub(crate) fn check(checker: &Checker, handler: &ExceptHandlerExceptHandler) {
    if !matches!(handler.body.as_slice(), [Stmt::Continue(_)]) {
        return;
    }
    if !checker.options().try_except_continue.check_typed_exception
        && !catches_everything(checker, handler)
    {
        return;
    }
    checker.report(checker.finding(
        &TRY_EXCEPT_CONTINUE,
        handler.range(),
        "Try, Except, Continue detected",
    ));
}

use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::has_unpacking;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `logging.config.listen(...)` without a `verify` function.
    ///
    /// Differences from Bandit: the callee is resolved through imports; `verify` may be
    /// passed positionally (its second parameter) or inside `*args`/`**kwargs`, and
    /// `verify=None` counts as missing, since it is the default.
    ///
    /// ## Why is this bad?
    /// The listener accepts a logging configuration from anyone who can reach its port, and
    /// a configuration can name arbitrary callables (`()` factories, handler classes) that
    /// are imported and called: that is code execution. `verify` lets the application check
    /// (for example, a signature) the bytes before they are applied.
    ///
    /// ## Example
    /// ```python
    /// import logging.config
    ///
    /// thread = logging.config.listen(9999)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import logging.config
    ///
    /// thread = logging.config.listen(9999, verify=check_signature)
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/logging.config.html#logging.config.listen>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b612_logging_config_insecure_listen.html>
    /// - <https://cwe.mitre.org/data/definitions/94.html>
    pub static LOGGING_CONFIG_INSECURE_LISTEN: Rule {
        code: "B612",
        name: "logging-config-insecure-listen",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(94),
        summary: "logging.config.listen without verify",
        aliases: ["logging_config_insecure_listen", "S612"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if callee.segments() != ["logging", "config", "listen"] || has_unpacking(call) {
        return;
    }
    let verified = call
        .arguments
        .find_argument_value("verify", 1)
        .is_some_and(|verify| !matches!(verify, Expr::NoneLiteral(_)));
    if !verified {
        checker.report(checker.finding(
            &LOGGING_CONFIG_INSECURE_LISTEN,
            call.range(),
            "Use of insecure logging.config.listen detected",
        ));
    }
}

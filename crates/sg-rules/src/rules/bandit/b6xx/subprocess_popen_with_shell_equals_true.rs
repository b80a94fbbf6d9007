use sg_diagnostics::Severity;
use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::{
    first_argument, is_any_dotted, keyword_may_be_true, string_literal,
};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `subprocess` calls (`Popen`, `call`, `check_call`, `check_output`, `run`;
    /// configurable as `shell_injection.subprocess`) whose `shell=` argument is true or not a
    /// literal. A command that is a plain string literal is reported as LOW severity (safe
    /// today, but one edit away from injection); any other command as HIGH.
    ///
    /// Differences from Bandit: the callee is resolved through imports (a local function
    /// named `run` is not `subprocess.run`), and a command passed as `args=` is examined too
    /// (Bandit reports nothing when there is no positional argument).
    ///
    /// ## Why is this bad?
    /// With `shell=True` the command is parsed by `/bin/sh`: any part of it that comes from
    /// outside (a file name, a request parameter) can add `; rm -rf ~` or `$(curl …)`.
    ///
    /// ## Example
    /// ```python
    /// import subprocess
    ///
    /// subprocess.run(f"convert {upload} out.png", shell=True)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import subprocess
    ///
    /// subprocess.run(["convert", upload, "out.png"])
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/subprocess.html#security-considerations>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b602_subprocess_popen_with_shell_equals_true.html>
    /// - <https://cwe.mitre.org/data/definitions/78.html>
    pub static SUBPROCESS_POPEN_WITH_SHELL_EQUALS_TRUE: Rule {
        code: "B602",
        name: "subprocess-popen-with-shell-equals-true",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(78),
        summary: "subprocess call with shell=True",
        aliases: ["subprocess_popen_with_shell_equals_true", "S602"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !is_any_dotted(callee, &checker.options().shell_injection.subprocess) {
        return;
    }
    if !keyword_may_be_true(call, "shell") {
        return;
    }
    let Some(command) = first_argument(call, "args") else {
        return;
    };
    let finding = if string_literal(command).is_some() {
        checker
            .finding(
                &SUBPROCESS_POPEN_WITH_SHELL_EQUALS_TRUE,
                call.range(),
                "subprocess call with shell=True seems safe, but may be changed in the future, \
                 consider rewriting without shell",
            )
            .with_severity(Severity::Low)
    } else {
        checker.finding(
            &SUBPROCESS_POPEN_WITH_SHELL_EQUALS_TRUE,
            call.range(),
            "subprocess call with shell=True identified, security issue",
        )
    };
    checker.report(finding);
}

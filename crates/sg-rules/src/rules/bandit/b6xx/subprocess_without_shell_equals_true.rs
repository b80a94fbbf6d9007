use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::{is_any_dotted, keyword_may_be_true};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `subprocess` calls (`Popen`, `call`, `check_call`, `check_output`, `run`;
    /// configurable as `shell_injection.subprocess`) that do not use a shell, as a reminder to
    /// check where the command comes from. Commands made only of literals are reported too,
    /// as Bandit does (Ruff's S603 skips them).
    ///
    /// The callee is resolved through imports: unlike Bandit, a local function named `run` or
    /// a `subprocess` name that is not the module is not reported.
    ///
    /// ## Why is this bad?
    /// Without a shell there is no shell injection, but the program and its arguments still
    /// run with the application's rights: an executable path or an argument taken from
    /// outside (`--upload-pack=…`, a file name starting with `-`) can still change what runs.
    ///
    /// ## Example
    /// ```python
    /// import subprocess
    ///
    /// subprocess.run([tool, "--input", uploaded_name])
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import subprocess
    ///
    /// # A fixed executable, and `--` so that the value cannot be read as an option.
    /// subprocess.run(["/usr/bin/convert", "--", uploaded_name])
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/subprocess.html#security-considerations>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b603_subprocess_without_shell_equals_true.html>
    /// - <https://cwe.mitre.org/data/definitions/78.html>
    pub static SUBPROCESS_WITHOUT_SHELL_EQUALS_TRUE: Rule {
        code: "B603",
        name: "subprocess-without-shell-equals-true",
        scanner: Source,
        severity: Low,
        confidence: High,
        cwe: Some(78),
        summary: "subprocess call without a shell: check for untrusted input",
        aliases: ["subprocess_without_shell_equals_true", "S603"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !is_any_dotted(callee, &checker.options().shell_injection.subprocess) {
        return;
    }
    if keyword_may_be_true(call, "shell") {
        return;
    }
    checker.report(checker.finding(
        &SUBPROCESS_WITHOUT_SHELL_EQUALS_TRUE,
        call.range(),
        "subprocess call - check for execution of untrusted input",
    ));
}

use sg_diagnostics::Severity;
use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::{first_argument, is_any_dotted, string_literal};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports calls that always run their command through a shell: `os.system`,
    /// `os.popen`, `subprocess.getoutput`, `subprocess.getstatusoutput` and the Python 2
    /// `popen2`/`commands` functions (configurable as `shell_injection.shell`). A command that
    /// is a plain string literal is LOW severity (safe today, one edit away from injection);
    /// any other command is HIGH.
    ///
    /// Differences from Bandit: the callee is resolved through imports (`from os import
    /// system as run_shell` is found; a local function named `system` is not), and a command
    /// passed as the `cmd=` keyword is examined too.
    ///
    /// ## Why is this bad?
    /// The command string is parsed by `/bin/sh` (or `cmd.exe`): any part of it that comes
    /// from outside can add `; rm -rf ~` or `$(curl …)`.
    ///
    /// ## Example
    /// ```python
    /// import os
    ///
    /// os.system("gzip " + log_file)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import subprocess
    ///
    /// subprocess.run(["gzip", "--", log_file], check=True)
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/os.html#os.system>
    /// - <https://docs.python.org/3/library/subprocess.html#replacing-older-functions-with-the-subprocess-module>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b605_start_process_with_a_shell.html>
    /// - <https://cwe.mitre.org/data/definitions/78.html>
    pub static START_PROCESS_WITH_A_SHELL: Rule {
        code: "B605",
        name: "start-process-with-a-shell",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(78),
        summary: "Process started with a shell",
        aliases: ["start_process_with_a_shell", "S605"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !is_any_dotted(callee, &checker.options().shell_injection.shell) {
        return;
    }
    let Some(command) = first_argument(call, "cmd") else {
        return;
    };
    let finding = if string_literal(command).is_some() {
        checker
            .finding(
                &START_PROCESS_WITH_A_SHELL,
                call.range(),
                "Starting a process with a shell: Seems safe, but may be changed in the future, \
                 consider rewriting without shell",
            )
            .with_severity(Severity::Low)
    } else {
        checker.finding(
            &START_PROCESS_WITH_A_SHELL,
            call.range(),
            "Starting a process with a shell, possible injection detected, security issue",
        )
    };
    checker.report(finding);
}

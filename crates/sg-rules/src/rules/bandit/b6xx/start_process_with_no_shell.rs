use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::is_any_dotted;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports calls that start a process without a shell: the `os.exec*` and `os.spawn*`
    /// families and `os.startfile` (configurable as `shell_injection.no_shell`), as a
    /// reminder to check where the program and its arguments come from.
    ///
    /// The callee is resolved through imports: unlike Bandit, a name that does not refer to
    /// `os` (a parameter called `os`, a local `execv`) is not reported.
    ///
    /// ## Why is this bad?
    /// There is no shell to inject into, but an executable path or an argument taken from
    /// outside still decides what runs, with the application's rights; `os.exec*` also
    /// replaces the current process.
    ///
    /// ## Example
    /// ```python
    /// import os
    ///
    /// os.execvp(tool, [tool, *user_arguments])
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import os
    ///
    /// ALLOWED = {"convert": "/usr/bin/convert"}
    /// os.execv(ALLOWED[tool], [ALLOWED[tool], "--", *user_arguments])
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/os.html#process-management>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b606_start_process_with_no_shell.html>
    /// - <https://cwe.mitre.org/data/definitions/78.html>
    pub static START_PROCESS_WITH_NO_SHELL: Rule {
        code: "B606",
        name: "start-process-with-no-shell",
        scanner: Source,
        severity: Low,
        confidence: Medium,
        cwe: Some(78),
        summary: "Process started without a shell: check for untrusted input",
        aliases: ["start_process_with_no_shell", "S606"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if is_any_dotted(callee, &checker.options().shell_injection.no_shell) {
        checker.report(checker.finding(
            &START_PROCESS_WITH_NO_SHELL,
            call.range(),
            "Starting a process without a shell",
        ));
    }
}

use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::{is_any_dotted, string_literal};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports process-starting calls (any function of the three `shell_injection` lists:
    /// `subprocess`, `shell`, `no_shell`) whose executable is a string literal that is not an
    /// absolute path: the first positional argument, or the first element of a list or tuple
    /// passed there. A path is absolute when it starts with `/`, `\`, `.` or a drive letter
    /// and colon (Bandit's test).
    ///
    /// Differences from Bandit: the callee is resolved through imports, a tuple command is
    /// examined like a list, and a command passed as `args=` (the `subprocess` functions) or
    /// `cmd=` (the `shell` functions) is examined too.
    ///
    /// ## Why is this bad?
    /// A bare program name is looked up in `PATH` when the process starts. Whoever controls
    /// `PATH` or a directory early in it (a writable working directory on Windows, a
    /// virtualenv, a CI runner) chooses which program runs.
    ///
    /// ## Example
    /// ```python
    /// import subprocess
    ///
    /// subprocess.run(["git", "status"])
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import shutil
    /// import subprocess
    ///
    /// git = shutil.which("git", path="/usr/bin:/bin")
    /// subprocess.run([git, "status"])
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/subprocess.html#popen-constructor>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b607_start_process_with_partial_path.html>
    /// - <https://cwe.mitre.org/data/definitions/78.html>
    pub static START_PROCESS_WITH_PARTIAL_PATH: Rule {
        code: "B607",
        name: "start-process-with-partial-path",
        scanner: Source,
        severity: Low,
        confidence: High,
        cwe: Some(78),
        summary: "Process started with a partial executable path",
        aliases: ["start_process_with_partial_path", "S607"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    let lists = &checker.options().shell_injection;
    let command = if is_any_dotted(callee, &lists.subprocess) {
        call.arguments.find_argument_value("args", 0)
    } else if is_any_dotted(callee, &lists.shell) {
        call.arguments.find_argument_value("cmd", 0)
    } else if is_any_dotted(callee, &lists.no_shell) {
        call.arguments.find_positional(0)
    } else {
        return;
    };
    let executable = match command {
        Some(Expr::List(list)) => list.elts.first(),
        Some(Expr::Tuple(tuple)) => tuple.elts.first(),
        other => other,
    };
    let Some(executable) = executable.and_then(string_literal) else {
        return;
    };
    if !is_full_path(executable) {
        checker.report(checker.finding(
            &START_PROCESS_WITH_PARTIAL_PATH,
            call.range(),
            "Starting a process with a partial executable path",
        ));
    }
}

/// Bandit's `^(?:[A-Za-z](?=\:)|[\\\/\.])`: a drive letter followed by `:`, or a leading
/// `\`, `/` or `.`.
fn is_full_path(path: &str) -> bool {
    match path.as_bytes() {
        [b'\\' | b'/' | b'.', ..] => true,
        [letter, b':', ..] => letter.is_ascii_alphabetic(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_full_path;

    #[test]
    fn full_paths_follow_bandit() {
        for full in [
            "/bin/ls",
            "./run.sh",
            "../tool",
            "\\\\server\\share\\x.exe",
            "C:\\x.exe",
            "c:",
        ] {
            assert!(is_full_path(full), "{full}");
        }
        for partial in ["ls", "", "bin/ls", "C", "1:\\x", "ls -l /"] {
            assert!(!is_full_path(partial), "{partial}");
        }
    }
}

use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::{is_any_dotted, keyword, literal_truthiness, string_literal};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a shell command that runs `chown`, `chmod`, `tar` or `rsync` with a `*`
    /// wildcard, passed to a function that always uses a shell (`shell_injection.shell`,
    /// e.g. `os.system`) or to a `subprocess` function with a true `shell=` literal. The
    /// command is the first positional argument: a string literal, or the string literals of
    /// a list or tuple.
    ///
    /// Differences from Bandit: the callee is resolved through imports; the command must
    /// contain one of the four programs as a word (`/bin/tar`, `sudo chown`), where Bandit
    /// looks for the text anywhere (`restart_all *` contains `tar`); a true `shell=` may be
    /// any true literal (`shell=1`), not only `True`.
    ///
    /// ## Why is this bad?
    /// The shell expands `*` to the file names of the directory, and these programs read
    /// names that start with `-` as options. Whoever can create a file there chooses the
    /// options: a file named `--checkpoint-action=exec=sh x.sh` makes `tar cf a.tar *` run
    /// a script, `--reference=mine` makes `chown user *` copy an owner.
    ///
    /// ## Example
    /// ```python
    /// import os
    ///
    /// os.system("cd /srv/uploads && tar czf /backup/uploads.tgz *")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import subprocess
    ///
    /// subprocess.run(
    ///     ["tar", "czf", "/backup/uploads.tgz", "-C", "/srv/uploads", "."], check=True
    /// )
    /// ```
    ///
    /// ## References
    /// - <https://www.exploit-db.com/papers/33930>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b609_linux_commands_wildcard_injection.html>
    /// - <https://cwe.mitre.org/data/definitions/155.html>
    pub static LINUX_COMMANDS_WILDCARD_INJECTION: Rule {
        code: "B609",
        name: "linux-commands-wildcard-injection",
        scanner: Source,
        severity: High,
        confidence: Medium,
        cwe: Some(155),
        summary: "Shell wildcard passed to chown, chmod, tar or rsync",
        aliases: ["linux_commands_wildcard_injection", "S609"],
    }
}

const VULNERABLE_PROGRAMS: [&str; 4] = ["chown", "chmod", "tar", "rsync"];

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    let lists = &checker.options().shell_injection;
    let uses_shell = is_any_dotted(callee, &lists.shell)
        || (is_any_dotted(callee, &lists.subprocess)
            && keyword(call, "shell").and_then(literal_truthiness) == Some(true));
    if !uses_shell {
        return;
    }
    let command = match call.arguments.find_positional(0) {
        Some(Expr::List(list)) => literal_words(&list.elts),
        Some(Expr::Tuple(tuple)) => literal_words(&tuple.elts),
        Some(other) => string_literal(other)
            .map(str::to_string)
            .unwrap_or_default(),
        None => return,
    };
    if command.contains('*') && runs_vulnerable_program(&command) {
        checker.report(checker.finding(
            &LINUX_COMMANDS_WILDCARD_INJECTION,
            call.range(),
            format!("Possible wildcard injection in call: {callee}"),
        ));
    }
}

/// The string literals of a command list, joined with spaces.
fn literal_words(elements: &[Expr]) -> String {
    elements
        .iter()
        .filter_map(string_literal)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether one word of the shell command (split on blanks and `;|&()<>` and backquotes) is
/// one of the programs, possibly with a directory (`/bin/tar`).
fn runs_vulnerable_program(command: &str) -> bool {
    command
        .split(|c: char| c.is_whitespace() || ";|&()<>`".contains(c))
        .map(|word| word.rsplit('/').next().unwrap_or(word))
        .any(|program| VULNERABLE_PROGRAMS.contains(&program))
}

#[cfg(test)]
mod tests {
    use super::runs_vulnerable_program;

    #[test]
    fn programs_are_words() {
        assert!(runs_vulnerable_program("tar czf a.tgz *"));
        assert!(runs_vulnerable_program("cd /x && /bin/chown -R a *"));
        assert!(runs_vulnerable_program("sudo rsync -a * host:"));
        assert!(runs_vulnerable_program("(chmod 644 *)"));
        assert!(!runs_vulnerable_program("restart_all *"));
        assert!(!runs_vulnerable_program("ls *.tar"));
    }
}

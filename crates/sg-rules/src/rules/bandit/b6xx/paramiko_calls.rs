use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `.exec_command(...)` calls in a file that imports Paramiko: the command runs in
    /// the remote user's shell.
    ///
    /// The receiver (usually a `paramiko.SSHClient`) cannot be typed statically, so any
    /// `.exec_command` method call counts once a module path with a `paramiko` part has been
    /// imported (`paramiko.client`, a project's `compat.paramiko`). Unlike Bandit,
    /// which matches the name `exec_command` as text, a call that resolves to a function
    /// outside Paramiko (`from tasks import exec_command`, `shell.exec_command` where `shell`
    /// is an imported module) is not reported.
    ///
    /// ## Why is this bad?
    /// The command string is interpreted by a shell on the remote host: a value from outside
    /// that reaches it (a file name, a branch name) can run arbitrary commands there.
    ///
    /// ## Example
    /// ```python
    /// import paramiko
    ///
    /// client = paramiko.SSHClient()
    /// client.connect(host)
    /// client.exec_command(f"tail -n 100 /var/log/{service}.log")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import shlex
    /// import paramiko
    ///
    /// client = paramiko.SSHClient()
    /// client.connect(host)
    /// client.exec_command(f"tail -n 100 /var/log/{shlex.quote(service)}.log")
    /// ```
    ///
    /// ## References
    /// - <https://docs.paramiko.org/en/latest/api/client.html#paramiko.client.SSHClient.exec_command>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b601_paramiko_calls.html>
    /// - <https://cwe.mitre.org/data/definitions/78.html>
    pub static PARAMIKO_CALLS: Rule {
        code: "B601",
        name: "paramiko-calls",
        scanner: Source,
        severity: Medium,
        confidence: Medium,
        cwe: Some(78),
        summary: "Command run through Paramiko's exec_command",
        aliases: ["paramiko_calls", "S601"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    let Expr::Attribute(method) = &*call.func else {
        return;
    };
    if method.attr.as_str() != "exec_command" {
        return;
    }
    let is_paramiko = match callee {
        // A resolved callee tells where the function comes from.
        Some(callee) => callee.segments().contains(&"paramiko"),
        // A method on an object: trust the import, as Bandit does. Projects often import
        // Paramiko through a compatibility module (`from ansible.module_utils.compat.paramiko
        // import _paramiko as paramiko`), so any imported module path with a `paramiko` part
        // counts.
        None => checker
            .imports()
            .names()
            .iter()
            .any(|module| module.split('.').any(|part| part == "paramiko")),
    };
    if is_paramiko {
        checker.report(checker.finding(
            &PARAMIKO_CALLS,
            call.range(),
            "Possible shell injection via Paramiko call, check inputs are properly sanitized",
        ));
    }
}

use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `telnetlib.Telnet`.
    ///
    /// ## Why is this bad?
    /// Telnet sends everything, passwords included, in clear text.
    ///
    /// ## Example
    /// ```python
    /// import telnetlib
    ///
    /// session = telnetlib.Telnet(host)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import paramiko
    ///
    /// client = paramiko.SSHClient()
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3.12/library/telnetlib.html>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b312-telnetlib>
    /// - <https://cwe.mitre.org/data/definitions/319.html>
    pub static TELNETLIB: Rule {
        code: "B312",
        name: "telnetlib",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(319),
        summary: "Use of Telnet",
        aliases: ["S312"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(callee.segments(), ["telnetlib", "Telnet"]) {
        return;
    }
    checker.report(checker.finding(&TELNETLIB, call.range(), "Telnet-related functions are being called. Telnet is considered insecure. Use SSH or some other encrypted protocol"));
}

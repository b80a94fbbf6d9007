use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `ftplib.FTP` (not `ftplib.FTP_TLS`).
    ///
    /// ## Why is this bad?
    /// FTP sends credentials and data in clear text.
    ///
    /// ## Example
    /// ```python
    /// import ftplib
    ///
    /// ftp = ftplib.FTP(host, user, password)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import ftplib
    ///
    /// ftp = ftplib.FTP_TLS(host, user, password)
    /// ftp.prot_p()
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/ftplib.html>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b321-ftplib>
    /// - <https://cwe.mitre.org/data/definitions/319.html>
    pub static FTPLIB: Rule {
        code: "B321",
        name: "ftplib",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(319),
        summary: "Use of FTP",
        aliases: ["S321"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(callee.segments(), ["ftplib", "FTP"]) {
        return;
    }
    checker.report(checker.finding(&FTPLIB, call.range(), "FTP-related functions are being called. FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol"));
}

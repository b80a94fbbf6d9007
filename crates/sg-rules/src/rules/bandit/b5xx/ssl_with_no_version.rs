use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::has_unpacking;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `ssl.wrap_socket(...)` calls that do not choose a protocol version.
    ///
    /// Differences from Bandit: the callee is resolved through imports (a local function
    /// named `wrap_socket` is not `ssl.wrap_socket`), and a version passed positionally (the
    /// sixth argument) or possibly inside `*args` or `**kwargs` counts as chosen; Bandit only
    /// looks for the `ssl_version=` keyword.
    ///
    /// ## Why is this bad?
    /// The default of `ssl.wrap_socket` negotiates the highest version both sides support,
    /// which on old peers and old OpenSSL builds can still be SSL 3.0 or TLS 1.0. The function
    /// also skips host name checking; it was deprecated in Python 3.7 and removed in 3.12.
    ///
    /// ## Example
    /// ```python
    /// import ssl
    ///
    /// tls = ssl.wrap_socket(sock)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import ssl
    ///
    /// context = ssl.create_default_context()
    /// tls = context.wrap_socket(sock, server_hostname=host)
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/ssl.html#ssl.SSLContext.wrap_socket>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b504_ssl_with_no_version.html>
    /// - <https://cwe.mitre.org/data/definitions/327.html>
    pub static SSL_WITH_NO_VERSION: Rule {
        code: "B504",
        name: "ssl-with-no-version",
        scanner: Source,
        severity: Low,
        confidence: Medium,
        cwe: Some(327),
        summary: "ssl.wrap_socket call without an explicit protocol version",
        aliases: ["ssl_with_no_version", "S504"],
    }
}

/// `ssl.wrap_socket(sock, keyfile, certfile, server_side, cert_reqs, ssl_version, ...)`.
const SSL_VERSION_POSITION: usize = 5;

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if callee.segments() != ["ssl", "wrap_socket"] {
        return;
    }
    if call
        .arguments
        .find_argument("ssl_version", SSL_VERSION_POSITION)
        .is_some()
        || has_unpacking(call)
    {
        return;
    }
    checker.report(checker.finding(
        &SSL_WITH_NO_VERSION,
        call.range(),
        "ssl.wrap_socket call with no SSL/TLS protocol version specified, the default SSLv23 \
         could be insecure, possible security issue",
    ));
}

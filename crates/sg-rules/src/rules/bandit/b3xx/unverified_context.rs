use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `ssl._create_unverified_context`.
    ///
    /// ## Why is this bad?
    /// An unverified context accepts any certificate for any host, so anyone on the network path
    /// can impersonate the server and read or change the traffic.
    ///
    /// ## Example
    /// ```python
    /// import ssl
    ///
    /// context = ssl._create_unverified_context()
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import ssl
    ///
    /// context = ssl.create_default_context()
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/ssl.html#ssl.create_default_context>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b323-unverified-context>
    /// - <https://cwe.mitre.org/data/definitions/295.html>
    pub static UNVERIFIED_CONTEXT: Rule {
        code: "B323",
        name: "unverified-context",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(295),
        summary: "Use of an unverified SSL context",
        aliases: ["unverified_context", "S323"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(callee.segments(), ["ssl", "_create_unverified_context"]) {
        return;
    }
    checker.report(checker.finding(&UNVERIFIED_CONTEXT, call.range(), "By default, Python will create a secure, verified ssl context for use in such classes as HTTPSConnection. However, it still allows using an insecure context via the _create_unverified_context that reverts to the previous behavior that does not validate certificates or perform hostname checks"));
}

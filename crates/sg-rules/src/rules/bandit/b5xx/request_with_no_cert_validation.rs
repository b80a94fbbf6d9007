use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `verify=False` on HTTP calls of `requests` (`get`, `options`, `head`, `post`,
    /// `put`, `patch`, `delete`, under any `requests` module) and of `httpx` (the same verbs,
    /// `request`, `stream`, `Client` and `AsyncClient`).
    ///
    /// The callee is resolved through imports and aliases (`from requests import get`,
    /// `import httpx as h`). Unlike Bandit, which matches dotted text, a name that does not
    /// refer to the library is not reported: a parameter called `requests`, or
    /// `requests.get(...)` in a file that never imports `requests`.
    ///
    /// ## Why is this bad?
    /// With `verify=False` the TLS certificate of the server is not checked: anyone on the
    /// network path can present their own certificate, read the traffic (credentials, tokens)
    /// and change the responses.
    ///
    /// ## Example
    /// ```python
    /// import requests
    ///
    /// requests.get("https://internal.example.com/api", verify=False)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import requests
    ///
    /// # Trust the internal CA explicitly instead of trusting everyone.
    /// requests.get("https://internal.example.com/api", verify="/etc/ssl/internal-ca.pem")
    /// ```
    ///
    /// ## References
    /// - <https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification>
    /// - <https://www.python-httpx.org/advanced/ssl/>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b501_request_with_no_cert_validation.html>
    /// - <https://cwe.mitre.org/data/definitions/295.html>
    pub static REQUEST_WITH_NO_CERT_VALIDATION: Rule {
        code: "B501",
        name: "request-with-no-cert-validation",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(295),
        summary: "HTTP request with certificate verification disabled",
        aliases: ["request_with_no_cert_validation", "S501"],
    }
}

const HTTP_VERBS: [&str; 7] = ["get", "options", "head", "post", "put", "patch", "delete"];
const HTTPX_EXTRA: [&str; 4] = ["request", "stream", "Client", "AsyncClient"];

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    let library = match callee.segments() {
        ["requests", .., verb] if HTTP_VERBS.contains(verb) => "requests",
        ["httpx", .., member] if HTTP_VERBS.contains(member) || HTTPX_EXTRA.contains(member) => {
            "httpx"
        }
        _ => return,
    };
    let Some(verify) = call.arguments.find_keyword("verify") else {
        return;
    };
    if !matches!(&verify.value, Expr::BooleanLiteral(literal) if !literal.value) {
        return;
    }
    checker.report(checker.finding(
        &REQUEST_WITH_NO_CERT_VALIDATION,
        verify.range(),
        format!(
            "Call to {library} with verify=False disabling SSL certificate checks, security issue"
        ),
    ));
}

use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::keyword;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports HTTP requests that can wait forever: `requests.get/options/head/post/put/
    /// patch/delete` without `timeout=`, and those or `httpx.get/…/request/stream/Client/
    /// AsyncClient` with `timeout=None` (httpx has a default timeout; `None` removes it).
    ///
    /// ## Why is this bad?
    /// Without a timeout a request to a slow or malicious server blocks its worker forever;
    /// a few such requests exhaust the pool and the service stops answering.
    ///
    /// ## Example
    /// ```python
    /// response = requests.get(url)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// response = requests.get(url, timeout=10)
    /// ```
    ///
    /// ## References
    /// - <https://requests.readthedocs.io/en/latest/user/advanced/#timeouts>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b113_request_without_timeout.html>
    /// - <https://cwe.mitre.org/data/definitions/400.html>
    pub static REQUEST_WITHOUT_TIMEOUT: Rule {
        code: "B113",
        name: "request-without-timeout",
        scanner: Source,
        severity: Medium,
        confidence: Low,
        cwe: Some(400),
        summary: "HTTP request without a timeout",
        aliases: ["request_without_timeout", "S113"],
    }
}

const HTTP_VERBS: [&str; 7] = ["get", "options", "head", "post", "put", "patch", "delete"];

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    let (Some(root), Some(function)) = (callee.segments().first(), callee.segments().last()) else {
        return;
    };
    if callee.segments().len() < 2 {
        return;
    }
    let is_requests = *root == "requests" && HTTP_VERBS.contains(function);
    let is_httpx = *root == "httpx"
        && (HTTP_VERBS.contains(function)
            || matches!(*function, "request" | "stream" | "Client" | "AsyncClient"));
    if !is_requests && !is_httpx {
        return;
    }
    let message = match keyword(call, "timeout") {
        None if is_requests => format!("Call to {root} without timeout"),
        Some(Expr::NoneLiteral(_)) => format!("Call to {root} with timeout set to None"),
        _ => return,
    };
    checker.report(checker.finding(&REQUEST_WITHOUT_TIMEOUT, call.range(), message));
}

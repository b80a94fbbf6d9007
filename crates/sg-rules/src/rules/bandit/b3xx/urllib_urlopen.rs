use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::{first_argument, string_literal};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `urllib.request.urlopen`, `urlretrieve`, `URLopener` and `FancyURLopener` (and their
    /// `six.moves` spellings). Like Ruff and unlike Bandit, a URL that is a string literal starting
    /// with `http://` or `https://` is not reported: its scheme is fixed.
    ///
    /// ## Why is this bad?
    /// `urlopen` accepts `file://` and other schemes. A URL that comes from outside can make the
    /// program read local files or reach internal services.
    ///
    /// ## Example
    /// ```python
    /// from urllib.request import urlopen
    ///
    /// data = urlopen(url).read()
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from urllib.parse import urlparse
    /// from urllib.request import urlopen
    ///
    /// if urlparse(url).scheme not in ("http", "https"):
    ///     raise ValueError("unsupported URL scheme")
    /// data = urlopen(url).read()
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/urllib.request.html#urllib.request.urlopen>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b310-urllib-urlopen>
    /// - <https://cwe.mitre.org/data/definitions/22.html>
    pub static URLLIB_URLOPEN: Rule {
        code: "B310",
        name: "urllib-urlopen",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(22),
        summary: "urllib URL open without a scheme check",
        aliases: ["urllib_urlopen", "S310"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(
        callee.segments(),
        [
            "urllib",
            "request",
            "urlopen" | "urlretrieve" | "URLopener" | "FancyURLopener"
        ] | [
            "six",
            "moves",
            "urllib",
            "request",
            "urlopen" | "urlretrieve" | "URLopener" | "FancyURLopener"
        ]
    ) {
        return;
    }
    // A literal http(s) URL has a fixed, expected scheme.
    if first_argument(call, "url")
        .and_then(string_literal)
        .is_some_and(|url| {
            let url = url.trim_start().to_ascii_lowercase();
            url.starts_with("http://") || url.starts_with("https://")
        })
    {
        return;
    }
    checker.report(checker.finding(&URLLIB_URLOPEN, call.range(), "Audit url open for permitted schemes. Allowing use of file:/ or custom schemes is often unexpected"));
}

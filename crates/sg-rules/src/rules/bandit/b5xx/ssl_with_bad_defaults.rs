use sg_python::Ranged;
use sg_python::ast::StmtFunctionDef;

use crate::checker::Checker;
use crate::rules::bandit::b5xx::ssl_with_bad_version::bad_protocol;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a function whose parameter defaults to a broken SSL/TLS protocol version
    /// (`def connect(version=ssl.PROTOCOL_TLSv1)`), using the constants of
    /// `ssl_with_bad_version.bad_protocol_versions` (see B502). One finding per function, at
    /// the first such default.
    ///
    /// Differences from Bandit: the default must resolve to an imported constant, and it may
    /// be written as a plain name (`from ssl import PROTOCOL_TLSv1`) or be the default of a
    /// keyword-only parameter or of an `async def`; Bandit only looks at dotted attributes in
    /// positional parameters of plain `def`s, by text (so `ssl` need not even be imported
    /// there).
    ///
    /// ## Why is this bad?
    /// Every caller that relies on the default silently gets SSL 2.0/3.0 or TLS 1.0/1.1,
    /// which have practical attacks and are refused by well-configured peers.
    ///
    /// ## Example
    /// ```python
    /// from OpenSSL import SSL
    ///
    /// def make_context(method=SSL.TLSv1_METHOD):
    ///     return SSL.Context(method)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from OpenSSL import SSL
    ///
    /// def make_context(method=SSL.TLS_METHOD):
    ///     context = SSL.Context(method)
    ///     context.set_min_proto_version(SSL.TLS1_2_VERSION)
    ///     return context
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/ssl.html#security-considerations>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b503_ssl_with_bad_defaults.html>
    /// - <https://cwe.mitre.org/data/definitions/327.html>
    pub static SSL_WITH_BAD_DEFAULTS: Rule {
        code: "B503",
        name: "ssl-with-bad-defaults",
        scanner: Source,
        severity: Medium,
        confidence: Medium,
        cwe: Some(327),
        summary: "Function parameter defaults to an insecure SSL/TLS protocol version",
        aliases: ["ssl_with_bad_defaults", "S503"],
    }
}

pub(crate) fn check(checker: &Checker, function: &StmtFunctionDef) {
    let default = function
        .parameters
        .iter_non_variadic_params()
        .filter_map(|parameter| parameter.default())
        .find(|default| bad_protocol(checker, default));
    if let Some(default) = default {
        checker.report(checker.finding(
            &SSL_WITH_BAD_DEFAULTS,
            default.range(),
            "Function definition identified with insecure SSL/TLS protocol version by default, \
             possible security issue",
        ));
    }
}

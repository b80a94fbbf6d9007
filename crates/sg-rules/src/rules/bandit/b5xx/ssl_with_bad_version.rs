use sg_diagnostics::{Confidence, Severity};
use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::is_dotted;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a broken SSL/TLS protocol version passed to a call:
    ///
    /// - `ssl.wrap_socket(ssl_version=<bad>)` and pyOpenSSL's `OpenSSL.SSL.Context(<bad>)`
    ///   (as `method=` or as its positional argument): HIGH severity, HIGH confidence;
    /// - any other call with `method=<bad>` or `ssl_version=<bad>`: MEDIUM/MEDIUM.
    ///
    /// Bad versions are the constants named in `ssl_with_bad_version.bad_protocol_versions`
    /// (default: `PROTOCOL_SSLv2`, `SSLv2_METHOD`, `SSLv23_METHOD`, `PROTOCOL_SSLv3`,
    /// `PROTOCOL_TLSv1`, `SSLv3_METHOD`, `TLSv1_METHOD`, `PROTOCOL_TLSv1_1`,
    /// `TLSv1_1_METHOD`); an entry matches the last part of the constant's qualified name, or
    /// the whole dotted name.
    ///
    /// Differences from Bandit: the argument must resolve to an imported constant
    /// (`ssl.PROTOCOL_TLSv1`, `from OpenSSL.SSL import TLSv1_METHOD`); Bandit compares text,
    /// so a local variable or a string that happens to be named `TLSv1_METHOD` matches there.
    /// Bandit looks for the context constructor under the name `pyOpenSSL.SSL.Context`, which
    /// no import produces (the package imports as `OpenSSL`), and only as `method=`; here
    /// `OpenSSL.SSL.Context` is matched, with the method passed either way.
    ///
    /// ## Why is this bad?
    /// SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1 have practical attacks (DROWN, POODLE, BEAST)
    /// and are disabled by current clients and servers. Pinning one of them makes the
    /// connection weak, or makes it fail against a well-configured peer.
    ///
    /// ## Example
    /// ```python
    /// import ssl
    ///
    /// tls = ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import ssl
    ///
    /// context = ssl.create_default_context()
    /// context.minimum_version = ssl.TLSVersion.TLSv1_2
    /// tls = context.wrap_socket(sock, server_hostname=host)
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/ssl.html#security-considerations>
    /// - <https://www.pyopenssl.org/en/latest/api/ssl.html#context-objects>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b502_ssl_with_bad_version.html>
    /// - <https://cwe.mitre.org/data/definitions/327.html>
    pub static SSL_WITH_BAD_VERSION: Rule {
        code: "B502",
        name: "ssl-with-bad-version",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(327),
        summary: "Call with an insecure SSL/TLS protocol version",
        aliases: ["ssl_with_bad_version", "S502"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    match callee.map(QualifiedName::segments) {
        Some(["ssl", "wrap_socket"]) => {
            if let Some(keyword) = call.arguments.find_keyword("ssl_version")
                && bad_protocol(checker, &keyword.value)
            {
                checker.report(checker.finding(
                    &SSL_WITH_BAD_VERSION,
                    keyword.range(),
                    "ssl.wrap_socket call with insecure SSL/TLS protocol version identified, \
                     security issue",
                ));
            }
        }
        // Bandit's spelling `pyOpenSSL` is kept so that a configured alias still matches.
        Some(["OpenSSL" | "pyOpenSSL", "SSL", "Context"]) => {
            if let Some(method) = call.arguments.find_argument("method", 0)
                && bad_protocol(checker, method.value())
            {
                checker.report(checker.finding(
                    &SSL_WITH_BAD_VERSION,
                    method.range(),
                    "SSL.Context call with insecure SSL/TLS protocol version identified, \
                     security issue",
                ));
            }
        }
        _ => {
            let keyword = ["method", "ssl_version"].into_iter().find_map(|name| {
                call.arguments
                    .find_keyword(name)
                    .filter(|keyword| bad_protocol(checker, &keyword.value))
            });
            if let Some(keyword) = keyword {
                checker.report(
                    checker
                        .finding(
                            &SSL_WITH_BAD_VERSION,
                            keyword.range(),
                            "Function call with insecure SSL/TLS protocol identified, possible \
                             security issue",
                        )
                        .with_severity(Severity::Medium)
                        .with_confidence(Confidence::Medium),
                );
            }
        }
    }
}

/// Whether `expr` resolves to one of the configured bad protocol constants (B502, B503).
pub(crate) fn bad_protocol(checker: &Checker, expr: &Expr) -> bool {
    if !matches!(expr, Expr::Name(_) | Expr::Attribute(_)) {
        return false;
    }
    let Some(name) = checker.resolve_qualified_name(expr) else {
        return false;
    };
    let Some(last) = name.segments().last() else {
        return false;
    };
    checker
        .options()
        .ssl_with_bad_version
        .bad_protocol_versions
        .iter()
        .any(|bad| bad == last || is_dotted(&name, bad))
}

#[cfg(test)]
mod tests {
    use crate::rules::bandit::helpers::findings_of;
    use crate::{Options, RuleId};

    #[test]
    fn bad_protocol_versions_option_replaces_the_list() {
        let options: Options = toml::from_str(
            "[ssl_with_bad_version]\nbad_protocol_versions = ['PROTOCOL_TLSv1_2', 'ssl.PROTOCOL_TLS']\n",
        )
        .unwrap_or_default();
        let source = "import ssl\n\
                      ssl.wrap_socket(s, ssl_version=ssl.PROTOCOL_TLSv1_2)\n\
                      ssl.wrap_socket(s, ssl_version=ssl.PROTOCOL_SSLv2)\n\
                      connect(ssl_version=ssl.PROTOCOL_TLS)\n";
        assert_eq!(
            findings_of(RuleId::B502, options.clone(), source),
            vec![
                "2:20 B502 high ssl.wrap_socket call with insecure SSL/TLS protocol version \
                 identified, security issue",
                "4:9 B502 medium Function call with insecure SSL/TLS protocol identified, \
                 possible security issue",
            ]
        );
        // B503 shares the option.
        assert_eq!(
            findings_of(
                RuleId::B503,
                options,
                "import ssl\ndef f(v=ssl.PROTOCOL_TLSv1_2): pass\n"
            )
            .len(),
            1
        );
    }
}

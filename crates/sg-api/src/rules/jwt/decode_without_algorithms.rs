use sg_diagnostics::{Finding, Severity};
use sg_python::Ranged;
use sg_python::ast::{self, Expr};

use crate::extract::Context;
use crate::extract::ast_util::{for_each_expr, keyword};
use crate::facts::{LocalFinding, PyJwtSensitivity};

use super::{JwtCall, Library, Operation};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports JWT verification that lets the token choose its algorithm:
    ///
    /// - python-jose `jwt.decode(token, key)` without `algorithms` (the header's `alg`
    ///   decides);
    /// - PyJWT `jwt.decode(token, key)` without `algorithms`: PyJWT 1.x then accepts every
    ///   registered algorithm; PyJWT 2.x raises `DecodeError` (not reported when the
    ///   dependency audit says 2.x is pinned);
    /// - `algorithms=` built from the library's registry
    ///   (`jwt.algorithms.get_default_algorithms()`, CVE-2022-29217's shape);
    /// - Authlib's module-level `authlib.jose.jwt.decode` (it accepts HS, RS, ES, PS and
    ///   EdDSA algorithms; restrict with `JsonWebToken(["RS256"])`);
    /// - jwcrypto `JWT(jwt=..., key=...)` without `algs` (low severity: the default list is
    ///   broad).
    ///
    /// Decodes that do not verify at all are `JWT001`.
    ///
    /// ## Why is this bad?
    /// When the token picks the algorithm, an attacker can pick one that the key was never
    /// meant for: HMAC keyed with the server's public RSA key (algorithm confusion), or an
    /// algorithm with known weaknesses.
    ///
    /// ## Example
    /// ```python
    /// from jose import jwt
    /// claims = jwt.decode(token, public_key)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// claims = jwt.decode(token, public_key, algorithms=["RS256"])
    /// ```
    ///
    /// ## References
    /// - <https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode>
    /// - <https://python-jose.readthedocs.io/en/latest/jwt/api.html>
    /// - <https://datatracker.ietf.org/doc/html/rfc8725#section-3.1>
    /// - <https://cwe.mitre.org/data/definitions/757.html>
    pub static DECODE_WITHOUT_ALGORITHMS: Rule {
        code: "JWT004",
        name: "jwt-decode-without-algorithms",
        scanner: Api,
        severity: Medium,
        confidence: High,
        cwe: Some(757),
        summary: "JWT decoded without an explicit algorithms list",
    }
}

pub(crate) fn call(context: &Context<'_, '_>, call: &ast::ExprCall, jwt: JwtCall) {
    if matches!(jwt.operation, Operation::Decode) && jwt.verification_disabled(context, call) {
        return;
    }
    let algorithms = jwt.algorithms(call);
    if let Some(algorithms) = algorithms
        && uses_registry(algorithms)
    {
        context.report(context.finding(
            &DECODE_WITHOUT_ALGORITHMS,
            algorithms.range(),
            format!(
                "`{}` accepts every registered algorithm (`get_default_algorithms()`)",
                jwt.name
            ),
        ));
        return;
    }
    match (jwt.library, jwt.operation) {
        (Library::Jose, Operation::Decode) if algorithms.is_none() => {
            context.report(context.finding(
                &DECODE_WITHOUT_ALGORITHMS,
                call.range(),
                "`jose.jwt.decode` without `algorithms`: the token's header chooses the algorithm",
            ));
        }
        (Library::PyJwt, Operation::Decode) if algorithms.is_none() => {
            let finding = context.finding(
                &DECODE_WITHOUT_ALGORITHMS,
                call.range(),
                format!(
                    "`{}` without `algorithms`: PyJWT 1.x accepts any registered algorithm (2.x raises `DecodeError`)",
                    jwt.name
                ),
            );
            context.push(LocalFinding {
                finding,
                subject: context.subject(),
                pyjwt: Some(PyJwtSensitivity::MissingAlgorithms),
                only_in_handlers: false,
                constant: None,
            });
        }
        (Library::Authlib, Operation::Decode) => {
            context.report(context.finding(
                &DECODE_WITHOUT_ALGORITHMS,
                call.range(),
                "Authlib's module-level `jwt.decode` accepts HS, RS, ES, PS and EdDSA tokens: use `JsonWebToken([...])` with the one algorithm you issue",
            ));
        }
        (Library::Jwcrypto, Operation::JwcryptoToken)
            if algorithms.is_none()
                && keyword(call, "jwt").is_some()
                && keyword(call, "key").is_some() =>
        {
            context.report(
                context
                    .finding(
                        &DECODE_WITHOUT_ALGORITHMS,
                        call.range(),
                        "jwcrypto `JWT(jwt=..., key=...)` without `algs` accepts the library's default algorithm list",
                    )
                    .with_severity(Severity::Low),
            );
        }
        _ => {}
    }
}

/// `get_default_algorithms()` anywhere in the `algorithms` expression.
fn uses_registry(expr: &Expr) -> bool {
    let mut found = false;
    for_each_expr(expr, &mut |inner| {
        if let Expr::Call(call) = inner
            && let Expr::Attribute(attribute) = &*call.func
            && attribute.attr.as_str() == "get_default_algorithms"
        {
            found = true;
        }
        if let Expr::Call(call) = inner
            && let Expr::Name(name) = &*call.func
            && name.id.as_str() == "get_default_algorithms"
        {
            found = true;
        }
    });
    found
}

/// The PyJWT `algorithms` finding for the major version: dropped on 2.x (it raises).
pub(crate) fn pyjwt_missing(mut finding: Finding, major: Option<u64>) -> Option<Finding> {
    match major {
        Some(1) => {
            finding.message =
                "`jwt.decode` without `algorithms` accepts any registered algorithm (PyJWT 1.x)"
                    .to_string();
            Some(finding)
        }
        Some(_) => None,
        None => Some(finding),
    }
}

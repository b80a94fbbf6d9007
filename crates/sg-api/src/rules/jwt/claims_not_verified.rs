use sg_diagnostics::Severity;
use sg_python::Ranged;
use sg_python::ast::{self, Expr, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::{
    for_each_expr_in_body, for_each_stmt, is_false_literal, keyword, string_literal,
};

use super::{JwtCall, Library, Operation, classify};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports JWT claim checks turned off or skipped:
    ///
    /// - `options={"verify_exp": False}` on PyJWT or python-jose decode (also through a
    ///   variable), and, with low severity, `verify_aud`, `verify_iss`, `verify_nbf`,
    ///   `verify_iat` set to `False`;
    /// - PyJWT 1.x `verify_expiration=False`;
    /// - jwcrypto `JWT(..., check_claims=False)`;
    /// - Authlib `claims = jwt.decode(...)` used without `claims.validate()` in the same
    ///   function (Authlib's decode checks only the signature; `validate()` checks `exp`,
    ///   `nbf` and the registered claims).
    ///
    /// Decodes that skip the signature as well are `JWT001`.
    ///
    /// ## Why is this bad?
    /// An expired token keeps working, a token issued for another service (another `aud`) is
    /// accepted here, a not-yet-valid token is honoured early.
    ///
    /// ## Example
    /// ```python
    /// claims = jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// claims = jwt.decode(token, key, algorithms=["HS256"], options={"require": ["exp"]})
    /// ```
    ///
    /// ## References
    /// - <https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode>
    /// - <https://docs.authlib.org/en/latest/jose/jwt.html#jwt-payload-claims-validation>
    /// - <https://cwe.mitre.org/data/definitions/613.html>
    pub static CLAIMS_NOT_VERIFIED: Rule {
        code: "JWT008",
        name: "jwt-claims-not-verified",
        scanner: Api,
        severity: Medium,
        confidence: High,
        cwe: Some(613),
        summary: "JWT claim verification disabled or skipped",
    }
}

pub(crate) fn call(context: &Context<'_, '_>, call: &ast::ExprCall, jwt: JwtCall) {
    match (jwt.library, jwt.operation) {
        (Library::PyJwt | Library::Jose, Operation::Decode) => {
            if jwt.verification_disabled(context, call) {
                return;
            }
            if let Some(options) = jwt.options(context, call) {
                for item in &options.items {
                    let Some(key) = item.key.as_ref().and_then(string_literal) else {
                        continue;
                    };
                    if !is_false_literal(&item.value) {
                        continue;
                    }
                    let (severity, effect) = match key {
                        "verify_exp" => (Severity::Medium, "accepts expired tokens"),
                        "verify_aud" => {
                            (Severity::Low, "accepts tokens issued for another audience")
                        }
                        "verify_iss" => (Severity::Low, "accepts tokens from any issuer"),
                        "verify_nbf" => (Severity::Low, "accepts tokens before their `nbf`"),
                        "verify_iat" => (Severity::Low, "skips the `iat` check"),
                        _ => continue,
                    };
                    context.report(
                        context
                            .finding(
                                &CLAIMS_NOT_VERIFIED,
                                item.value.range(),
                                format!("`{}` with `{key}: False` {effect}", jwt.name),
                            )
                            .with_severity(severity),
                    );
                }
            }
            if jwt.library == Library::PyJwt
                && let Some(value) = keyword(call, "verify_expiration")
                && is_false_literal(value)
            {
                context.report(context.finding(
                    &CLAIMS_NOT_VERIFIED,
                    value.range(),
                    format!(
                        "`{}` with `verify_expiration=False` accepts expired tokens",
                        jwt.name
                    ),
                ));
            }
        }
        (Library::Jwcrypto, Operation::JwcryptoToken) => {
            if let Some(value) = keyword(call, "check_claims")
                && is_false_literal(value)
            {
                context.report(context.finding(
                    &CLAIMS_NOT_VERIFIED,
                    value.range(),
                    "jwcrypto `JWT(..., check_claims=False)` skips `exp`/`nbf` checks",
                ));
            }
        }
        _ => {}
    }
}

/// Authlib: `claims = jwt.decode(...)` without `claims.validate()`.
pub(crate) fn function(context: &Context<'_, '_>, function: &ast::StmtFunctionDef) {
    for_each_stmt(&function.body, &mut |stmt| {
        let Stmt::Assign(assign) = stmt else { return };
        let [Expr::Name(target)] = assign.targets.as_slice() else {
            return;
        };
        let Expr::Call(call) = &*assign.value else {
            return;
        };
        let Some(jwt) = classify(context, call) else {
            return;
        };
        if jwt.library != Library::Authlib || jwt.operation != Operation::Decode {
            return;
        }
        let variable = target.id.as_str();
        let mut validated = false;
        for_each_expr_in_body(&function.body, &mut |expr| {
            if let Expr::Call(inner) = expr
                && let Expr::Attribute(attribute) = &*inner.func
                && attribute.attr.as_str() == "validate"
                && matches!(&*attribute.value, Expr::Name(name) if name.id.as_str() == variable)
            {
                validated = true;
            }
        });
        if !validated {
            context.report(context.finding(
                &CLAIMS_NOT_VERIFIED,
                call.range(),
                format!("Authlib claims `{variable}` are used without `{variable}.validate()`: `exp` and `nbf` are not checked"),
            ));
        }
    });
}

use sg_diagnostics::{Confidence, Finding, Severity};
use sg_python::Ranged;
use sg_python::ast::{self, Expr};

use crate::extract::Context;
use crate::extract::ast_util::{is_false_literal, keyword};
use crate::facts::{LocalFinding, PyJwtSensitivity};

use super::{JwtCall, Library, Operation, option_is_false};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports JWT decoding that does not verify the signature:
    ///
    /// - PyJWT or python-jose `jwt.decode(token, ..., options={"verify_signature": False})`,
    ///   also when the options dict is a variable assigned in the function or the module;
    /// - PyJWT `jwt.decode(token, verify=False)`: on PyJWT 1.x this disables verification;
    ///   PyJWT 2.x ignores the keyword (the message says which, when the dependency audit
    ///   knows the pinned version);
    /// - jwcrypto `JWT(jwt=token)` without a `key` (the token is parsed, not verified).
    ///
    /// ## Why is this bad?
    /// Anyone can then mint a token with any claims (`"sub": "admin"`, `"role": "owner"`)
    /// and the application trusts it.
    ///
    /// ## Example
    /// ```python
    /// claims = jwt.decode(token, options={"verify_signature": False})
    /// user = User.get(claims["sub"])
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// claims = jwt.decode(token, settings.JWT_PUBLIC_KEY, algorithms=["RS256"])
    /// user = User.get(claims["sub"])
    /// ```
    ///
    /// ## References
    /// - <https://pyjwt.readthedocs.io/en/stable/usage.html#reading-the-claimset-without-validation>
    /// - <https://pyjwt.readthedocs.io/en/stable/changelog.html#v2-0-0>
    /// - <https://cwe.mitre.org/data/definitions/347.html>
    pub static SIGNATURE_NOT_VERIFIED: Rule {
        code: "JWT001",
        name: "jwt-signature-not-verified",
        scanner: Api,
        severity: High,
        confidence: High,
        cwe: Some(347),
        summary: "JWT decoded without verifying its signature",
    }
}

pub(crate) fn call(context: &Context<'_, '_>, call: &ast::ExprCall, jwt: JwtCall) {
    match (jwt.library, jwt.operation) {
        (Library::PyJwt | Library::Jose, Operation::Decode) => {
            if jwt
                .options(context, call)
                .is_some_and(|options| option_is_false(options, "verify_signature"))
            {
                context.report(context.finding(
                    &SIGNATURE_NOT_VERIFIED,
                    call.range(),
                    format!(
                        "`{}` with `verify_signature: False` accepts forged tokens",
                        jwt.name
                    ),
                ));
                return;
            }
            if jwt.library == Library::PyJwt
                && let Some(verify) = keyword(call, "verify")
                && is_false_literal(verify)
            {
                let finding = context.finding(
                    &SIGNATURE_NOT_VERIFIED,
                    verify_range(call),
                    format!("`{}(..., verify=False)` disables signature verification on PyJWT 1.x (ignored on 2.x); check the pinned version", jwt.name),
                );
                context.push(LocalFinding {
                    finding,
                    subject: context.subject(),
                    pyjwt: Some(PyJwtSensitivity::VerifyKeyword),
                    only_in_handlers: false,
                    constant: None,
                });
            }
        }
        (Library::Jwcrypto, Operation::JwcryptoToken) => {
            let parses_token = keyword(call, "jwt").is_some();
            let key = keyword(call, "key");
            let no_key = key.is_none_or(|key| matches!(key, Expr::NoneLiteral(_)));
            if parses_token && no_key {
                context.report(context.finding(
                    &SIGNATURE_NOT_VERIFIED,
                    call.range(),
                    "jwcrypto `JWT(jwt=...)` without `key` parses the token without verifying it",
                ));
            }
        }
        _ => {}
    }
}

fn verify_range(call: &ast::ExprCall) -> sg_python::TextRange {
    call.arguments
        .find_keyword("verify")
        .map_or_else(|| call.range(), Ranged::range)
}

/// The message and severity of `verify=False` for the PyJWT major version.
pub(crate) fn verify_keyword(mut finding: Finding, major: Option<u64>) -> Finding {
    match major {
        Some(1) => {
            finding.message =
                "`jwt.decode(..., verify=False)` disables signature verification (PyJWT 1.x)"
                    .to_string();
        }
        Some(_) => {
            finding.message = "`verify=False` is ignored by PyJWT 2.x: remove it, and do not rely on verification being off".to_string();
            finding.severity = Severity::Low;
            finding.confidence = Confidence::High;
        }
        None => {}
    }
    finding
}

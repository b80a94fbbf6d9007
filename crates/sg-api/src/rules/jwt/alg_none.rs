use sg_python::Ranged;
use sg_python::ast::{self, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::string_literal;
use crate::rules::helpers::{config_assignments, config_call_items};

use super::{JwtCall, Operation, string_elements};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports the `none` algorithm (any case): `jwt.encode(..., algorithm="none")`,
    /// Authlib `jwt.encode({"alg": "none"}, ...)`, `"none"` in the `algorithms` list of a
    /// decode, and `JWT_ALGORITHM = "none"` / `"none"` in `JWT_DECODE_ALGORITHMS`
    /// (flask-jwt-extended).
    ///
    /// ## Why is this bad?
    /// A `none` token carries no signature: whoever accepts it accepts any claims. Current
    /// PyJWT, python-jose and Authlib refuse to verify `none`, but older releases and
    /// hand-written verifiers accepted it; issuing such tokens trains clients to send them.
    ///
    /// ## Example
    /// ```python
    /// jwt.decode(token, key, algorithms=["HS256", "none"])
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// jwt.decode(token, key, algorithms=["HS256"])
    /// ```
    ///
    /// ## References
    /// - <https://datatracker.ietf.org/doc/html/rfc8725#section-3.1>
    /// - <https://cwe.mitre.org/data/definitions/347.html>
    pub static ALG_NONE: Rule {
        code: "JWT003",
        name: "jwt-alg-none",
        scanner: Api,
        severity: High,
        confidence: High,
        cwe: Some(347),
        summary: "JWT `none` algorithm allowed or used",
    }
}

fn is_none(text: &str) -> bool {
    text.eq_ignore_ascii_case("none")
}

pub(crate) fn call(context: &Context<'_, '_>, call: &ast::ExprCall, jwt: JwtCall) {
    match jwt.operation {
        Operation::Encode => {
            if let Some(algorithm) = jwt.algorithm(call)
                && string_literal(context.resolve_local(algorithm)).is_some_and(is_none)
            {
                context.report(context.finding(
                    &ALG_NONE,
                    algorithm.range(),
                    format!("`{}` issues an unsigned token (`alg: none`)", jwt.name),
                ));
            }
        }
        Operation::Decode | Operation::JwsVerify | Operation::JwcryptoToken => {
            if let Some(algorithms) = jwt.algorithms(call)
                && string_elements(context.resolve_local(algorithms))
                    .into_iter()
                    .any(is_none)
            {
                context.report(context.finding(
                    &ALG_NONE,
                    algorithms.range(),
                    format!("`{}` accepts the `none` algorithm", jwt.name),
                ));
            }
        }
        _ => {}
    }
}

pub(crate) fn statement(context: &Context<'_, '_>, stmt: &Stmt) {
    for item in config_assignments(context, stmt) {
        check_config(context, &item.key, item.value, item.range);
    }
}

pub(crate) fn check_config(
    context: &Context<'_, '_>,
    key: &str,
    value: &sg_python::ast::Expr,
    range: sg_python::TextRange,
) {
    let none = match key {
        "JWT_ALGORITHM" => string_literal(value).is_some_and(is_none),
        "JWT_DECODE_ALGORITHMS" => string_elements(value).into_iter().any(is_none),
        _ => false,
    };
    if none {
        context.report(context.finding(
            &ALG_NONE,
            range,
            format!("`{key}` allows the `none` algorithm"),
        ));
    }
}

/// `app.config.update(JWT_ALGORITHM="none")`.
pub(crate) fn config_call(context: &Context<'_, '_>, call: &ast::ExprCall) {
    for (key, value) in config_call_items(call) {
        check_config(context, &key, value, call.range());
    }
}

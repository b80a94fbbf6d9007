use sg_python::Ranged;
use sg_python::ast::{self, Expr, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::{
    for_each_expr_in_body, for_each_stmt, is_false_literal, keyword, string_literal,
};
use crate::rules::helpers::{config_assignments, config_call_items, dict_keys};

use super::{JwtCall, Operation};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports JWTs issued without an expiry: `jwt.encode(payload, ...)` (PyJWT,
    /// python-jose, Authlib) whose payload is a dict display without an `"exp"` key —
    /// written inline or bound to a local that never gets `payload["exp"] = ...` or
    /// `payload.update(exp=...)` before the call — and flask-jwt-extended tokens that never
    /// expire: `JWT_ACCESS_TOKEN_EXPIRES = False` (module, config class, `app.config`) and
    /// `create_access_token(..., expires_delta=False)`.
    ///
    /// ## Why is this bad?
    /// A token without `exp` is valid forever: a token leaked in a log, a browser history or
    /// a backup keeps working after logout, password change or account deletion, unless
    /// every verifier keeps a revocation list.
    ///
    /// ## Example
    /// ```python
    /// token = jwt.encode({"sub": str(user.id)}, key, algorithm="HS256")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// now = datetime.now(tz=timezone.utc)
    /// token = jwt.encode(
    ///     {"sub": str(user.id), "iat": now, "exp": now + timedelta(minutes=15)},
    ///     key,
    ///     algorithm="HS256",
    /// )
    /// ```
    ///
    /// ## References
    /// - <https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.4>
    /// - <https://flask-jwt-extended.readthedocs.io/en/stable/options.html#JWT_ACCESS_TOKEN_EXPIRES>
    /// - <https://cwe.mitre.org/data/definitions/613.html>
    pub static TOKEN_WITHOUT_EXPIRY: Rule {
        code: "JWT007",
        name: "jwt-without-expiry",
        scanner: Api,
        severity: Medium,
        confidence: Medium,
        cwe: Some(613),
        summary: "JWT issued without an expiry",
    }
}

pub(crate) fn call(context: &Context<'_, '_>, call: &ast::ExprCall, jwt: JwtCall) {
    if jwt.operation != Operation::Encode || jwt.name == "jose.jws.sign" {
        return;
    }
    let Some(payload) = jwt.payload(call) else {
        return;
    };
    let (dict, variable) = match payload {
        Expr::Dict(dict) => (dict, None),
        Expr::Name(name) => match context.value_of(name.id.as_str()) {
            Some(Expr::Dict(dict)) => (dict, Some(name.id.as_str())),
            _ => return,
        },
        _ => return,
    };
    if dict.items.iter().any(|item| item.key.is_none()) || dict_keys(dict).contains(&"exp") {
        return;
    }
    if let Some(variable) = variable
        && let Some(body) = context.function_body()
        && adds_exp(body, variable)
    {
        return;
    }
    context.report(context.finding(
        &TOKEN_WITHOUT_EXPIRY,
        call.range(),
        format!(
            "`{}` issues a token without `exp`: it never expires",
            jwt.name
        ),
    ));
}

/// `payload["exp"] = ...`, `payload.update(exp=...)`, `payload.update({"exp": ...})`,
/// `payload.setdefault("exp", ...)` in `body`.
fn adds_exp(body: &[Stmt], variable: &str) -> bool {
    let mut found = false;
    for_each_stmt(body, &mut |stmt| {
        if let Stmt::Assign(assign) = stmt {
            for target in &assign.targets {
                if let Expr::Subscript(subscript) = target
                    && matches!(&*subscript.value, Expr::Name(name) if name.id.as_str() == variable)
                    && string_literal(&subscript.slice) == Some("exp")
                {
                    found = true;
                }
            }
        }
    });
    for_each_expr_in_body(body, &mut |expr| {
        let Expr::Call(call) = expr else { return };
        let Expr::Attribute(attribute) = &*call.func else {
            return;
        };
        if !matches!(&*attribute.value, Expr::Name(name) if name.id.as_str() == variable) {
            return;
        }
        match attribute.attr.as_str() {
            "update"
                if (call.arguments.find_keyword("exp").is_some()
                    || matches!(call.arguments.args.first(), Some(Expr::Dict(dict)) if dict_keys(dict).contains(&"exp"))) =>
            {
                found = true;
            }
            "setdefault" if call.arguments.args.first().and_then(string_literal) == Some("exp") => {
                found = true;
            }
            _ => {}
        }
    });
    found
}

/// flask-jwt-extended: `create_access_token(..., expires_delta=False)` and
/// `app.config.update(JWT_ACCESS_TOKEN_EXPIRES=False)`.
pub(crate) fn flask_jwt_call(context: &Context<'_, '_>, call: &ast::ExprCall) {
    if context.qualified(&call.func).is_some_and(|name| {
        matches!(
            name.as_str(),
            "flask_jwt_extended.create_access_token" | "flask_jwt_extended.create_refresh_token"
        )
    }) && keyword(call, "expires_delta").is_some_and(is_false_literal)
    {
        context.report(context.finding(
            &TOKEN_WITHOUT_EXPIRY,
            call.range(),
            "`expires_delta=False` issues a token that never expires",
        ));
    }
    for (key, value) in config_call_items(call) {
        if is_expiry_switch(&key) && is_false_literal(value) {
            context.report(context.finding(
                &TOKEN_WITHOUT_EXPIRY,
                call.range(),
                format!("`{key}=False`: tokens never expire"),
            ));
        }
    }
}

fn is_expiry_switch(key: &str) -> bool {
    matches!(
        key,
        "JWT_ACCESS_TOKEN_EXPIRES" | "JWT_REFRESH_TOKEN_EXPIRES"
    )
}

pub(crate) fn statement(context: &Context<'_, '_>, stmt: &Stmt) {
    for item in config_assignments(context, stmt) {
        if is_expiry_switch(&item.key) && is_false_literal(item.value) {
            context.report(context.finding(
                &TOKEN_WITHOUT_EXPIRY,
                item.range,
                format!("`{} = False`: tokens never expire", item.key),
            ));
        }
    }
}

//! Secrets passed to calls: `SEC402` (keyword arguments with secret-like names),
//! `SEC404` (`settings.configure(SECRET_KEY="…")`), `SEC406`
//! (`app.config.update(SECRET_KEY="…")`, `app.config.from_mapping(…)`) and `SEC407` (the key
//! argument of `jwt.encode` / `jwt.decode`).
//!
//! JWT calls are matched on the callee's qualified name, so `import jwt as pyjwt` and
//! `from jwt import encode` are found too: PyJWT `jwt.encode(payload, key)` /
//! `jwt.decode(token, key)`, python-jose `jose.jwt.encode(claims, key)` /
//! `jose.jwt.decode(token, key)`, and authlib `authlib.jose.jwt.encode(header, payload, key)` /
//! `authlib.jose.jwt.decode(s, key)`; the keyword `key=` in every case.

use sg_python::QualifiedName;
use sg_python::ast::{Expr, ExprCall};
use sg_secrets::python::Site;

use super::report;
use crate::checker::Checker;

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    if let Some(position) = callee.and_then(jwt_key_position) {
        let key = call
            .arguments
            .find_keyword("key")
            .map(|keyword| &keyword.value)
            .or_else(|| positional(call, position));
        if let Some(key) = key {
            report(checker, Site::JwtSigningKey, key, None);
        }
    }
    let flask_config = is_flask_config_update(call);
    let django_configure = callee
        .is_some_and(|name| matches!(name.segments(), ["django", "conf", "settings", "configure"]));
    for keyword in &call.arguments.keywords {
        let Some(name) = &keyword.arg else { continue };
        let name = name.as_str();
        let site = match name {
            "SECRET_KEY" if flask_config => Site::FlaskSecretKey,
            "SECRET_KEY" if django_configure => Site::DjangoSecretKey,
            _ => Site::KeywordArgument { name },
        };
        report(checker, site, &keyword.value, None);
    }
}

/// The positional index of the key argument of a JWT encode/decode call, if `callee` is one.
fn jwt_key_position(callee: &QualifiedName) -> Option<usize> {
    match callee.segments() {
        ["jwt", "encode" | "decode"]
        | ["jwt", "api_jwt" | "api_jws", "encode" | "decode"]
        | ["jose", "jwt", "encode" | "decode"]
        | ["authlib", "jose", "jwt", "decode"] => Some(1),
        ["authlib", "jose", "jwt", "encode"] => Some(2),
        _ => None,
    }
}

/// The `index`-th positional argument, unless a `*args` comes before or at it.
fn positional(call: &ExprCall, index: usize) -> Option<&Expr> {
    let args = &call.arguments.args;
    if args.iter().take(index + 1).any(Expr::is_starred_expr) {
        return None;
    }
    args.get(index)
}

/// `<anything>.config.update(…)` or `<anything>.config.from_mapping(…)`: Flask's config.
fn is_flask_config_update(call: &ExprCall) -> bool {
    let Expr::Attribute(method) = &*call.func else {
        return false;
    };
    matches!(method.attr.as_str(), "update" | "from_mapping")
        && matches!(&*method.value, Expr::Attribute(config) if config.attr.as_str() == "config")
}

use sg_python::Ranged;
use sg_python::ast::{self, Expr};

use crate::extract::Context;
use crate::extract::ast_util::string_literal;

use super::{JwtCall, Operation};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports secrets placed in a JWT payload: keys such as `password`, `passwd`, `pwd`,
    /// `secret`, `client_secret`, `api_key`, `private_key`, `credit_card`, `card_number`,
    /// `cvv`, `ssn`, and values read from a `password`/`password_hash` attribute, in the
    /// payload dict of `jwt.encode` (PyJWT, python-jose, Authlib), written inline or bound
    /// to a local.
    ///
    /// ## Why is this bad?
    /// A JWT is signed, not encrypted: its payload is base64 that anyone holding the token
    /// (the browser, a proxy log, an analytics script) can read.
    ///
    /// ## Example
    /// ```python
    /// jwt.encode({"sub": user.id, "password": user.password}, key, algorithm="HS256")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// jwt.encode({"sub": user.id}, key, algorithm="HS256")
    /// ```
    ///
    /// ## References
    /// - <https://datatracker.ietf.org/doc/html/rfc8725#section-3.6>
    /// - <https://cwe.mitre.org/data/definitions/312.html>
    pub static SENSITIVE_PAYLOAD: Rule {
        code: "JWT009",
        name: "jwt-sensitive-payload",
        scanner: Api,
        severity: Medium,
        confidence: Medium,
        cwe: Some(312),
        summary: "Secret or personal data in a JWT payload",
    }
}

const SENSITIVE_WORDS: &[&str] = &[
    "password", "passwd", "pwd", "secret", "cvv", "cvc", "ssn", "pin",
];
const SENSITIVE_KEYS: &[&str] = &[
    "client_secret",
    "api_key",
    "apikey",
    "private_key",
    "credit_card",
    "creditcard",
    "card_number",
    "cardnumber",
    "cc_number",
    "password_hash",
    "secret_key",
];

fn is_sensitive_key(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    SENSITIVE_KEYS.contains(&lower.as_str())
        || lower
            .split(['_', '-'])
            .any(|word| SENSITIVE_WORDS.contains(&word))
}

fn is_password_value(expr: &Expr) -> bool {
    matches!(expr, Expr::Attribute(attribute) if matches!(attribute.attr.as_str(), "password" | "password_hash" | "hashed_password"))
}

pub(crate) fn call(context: &Context<'_, '_>, call: &ast::ExprCall, jwt: JwtCall) {
    if jwt.operation != Operation::Encode {
        return;
    }
    let Some(payload) = jwt.payload(call) else {
        return;
    };
    let Expr::Dict(dict) = context.resolve_local(payload) else {
        return;
    };
    for item in &dict.items {
        let Some(key_expr) = &item.key else { continue };
        let key = string_literal(key_expr).unwrap_or("");
        if is_sensitive_key(key) {
            context.report(context.finding(
                &SENSITIVE_PAYLOAD,
                key_expr.range(),
                format!("`{key}` is put in a JWT payload, which anyone holding the token can read"),
            ));
        } else if is_password_value(&item.value) {
            let value = crate::extract::names::dotted(&item.value)
                .unwrap_or_else(|| "a password".to_string());
            context.report(context.finding(
                &SENSITIVE_PAYLOAD,
                item.value.range(),
                format!(
                    "`{value}` is put in a JWT payload, which anyone holding the token can read"
                ),
            ));
        }
    }
}

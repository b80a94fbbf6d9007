use sg_diagnostics::Finding;
use sg_python::Ranged;
use sg_python::ast::{self, Expr, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::{keyword, last_segment, string_literal};
use crate::extract::names::dotted;
use crate::facts::LocalFinding;
use crate::inventory::project::{Project, Target};
use crate::rules::helpers::config_assignments;
use crate::value::{CallValue, Value};

use super::{JwtCall, Operation};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a JWT signing or verification key that is a hardcoded value reached through a
    /// name: the key argument of `jwt.encode`/`jwt.decode` (PyJWT, python-jose, Authlib),
    /// `jws.verify`, jwcrypto `JWT(key=...)`, or flask-jwt-extended's `JWT_SECRET_KEY` /
    /// simplejwt's `SIGNING_KEY` set from a constant, when that constant (in the same module
    /// or imported from another module of the project, or the default of a settings
    /// class) is bound to a string literal. Also reported: a key read from the environment
    /// with a hardcoded fallback (`os.environ.get("JWT_SECRET", "dev-secret")`), and key
    /// material written as a literal in jwcrypto `JWK(kty="oct", k="...")` or Authlib
    /// `JsonWebKey.import_key("...")`.
    ///
    /// A literal written directly as the key of `jwt.encode`/`jwt.decode` is the secrets
    /// scanner's `SEC407`, and a hardcoded Django/Flask `SECRET_KEY` is `SEC404`/`SEC406`;
    /// keys named `SECRET_KEY` are left to those rules here.
    ///
    /// ## Why is this bad?
    /// With HMAC algorithms the signing key is also the verification key: whoever reads the
    /// repository (or the package, or a leaked image) can mint valid tokens for any user. A
    /// hardcoded fallback is what runs whenever the environment variable is missing.
    ///
    /// ## Example
    /// ```python
    /// # config.py
    /// JWT_SECRET = "s3cr3t-signing-key"
    /// # auth.py
    /// token = jwt.encode(claims, config.JWT_SECRET, algorithm="HS256")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// JWT_SECRET = os.environ["JWT_SECRET"]
    /// ```
    ///
    /// ## References
    /// - <https://cwe.mitre.org/data/definitions/798.html>
    /// - <https://cwe.mitre.org/data/definitions/321.html>
    /// - <https://flask-jwt-extended.readthedocs.io/en/stable/options.html#JWT_SECRET_KEY>
    pub static KEY_FROM_CONSTANT: Rule {
        code: "JWT006",
        name: "jwt-key-hardcoded-constant",
        scanner: Api,
        severity: High,
        confidence: High,
        cwe: Some(798),
        summary: "JWT key is a hardcoded constant or fallback",
    }
}

pub(crate) fn call(context: &Context<'_, '_>, call: &ast::ExprCall, jwt: JwtCall) {
    if matches!(
        jwt.operation,
        Operation::UnverifiedClaims | Operation::UnverifiedHeader
    ) {
        return;
    }
    let Some(key) = jwt.key(call) else { return };
    if jwt.operation == Operation::KeyImport
        && let Some(text) = string_literal(key)
        && !text.is_empty()
    {
        context.report(context.finding(
            &KEY_FROM_CONSTANT,
            key.range(),
            format!("`{}` builds a key from hardcoded key material", jwt.name),
        ));
        return;
    }
    check_key(context, key, jwt.name);
}

fn check_key(context: &Context<'_, '_>, key: &Expr, consumer: &str) {
    match key {
        Expr::Name(_) | Expr::Attribute(_) => {
            let Some(symbol) = context.names.symbol(key) else {
                return;
            };
            if last_segment(&symbol) == "SECRET_KEY" {
                return;
            }
            let shown = dotted(key).unwrap_or_else(|| last_segment(&symbol).to_string());
            let finding = context.finding(
                &KEY_FROM_CONSTANT,
                key.range(),
                format!("JWT key `{shown}` used by `{consumer}`"),
            );
            context.push(LocalFinding {
                finding,
                subject: context.subject(),
                pyjwt: None,
                only_in_handlers: false,
                constant: Some(symbol),
            });
        }
        Expr::Call(call) if hardcoded_fallback(context, call) => {
            context.report(context.finding(
                    &KEY_FROM_CONSTANT,
                    key.range(),
                    format!("JWT key for `{consumer}` falls back to a hardcoded default when the environment variable is unset"),
                ));
        }
        _ => {}
    }
}

/// `os.environ.get("X", "literal")`, `os.getenv("X", "literal")`,
/// `config("X", default="literal")` (python-decouple).
fn hardcoded_fallback(context: &Context<'_, '_>, call: &ast::ExprCall) -> bool {
    let Some(name) = context.qualified(&call.func) else {
        return false;
    };
    match name.as_str() {
        "os.getenv" | "os.environ.get" => call
            .arguments
            .args
            .get(1)
            .or_else(|| keyword(call, "default"))
            .and_then(string_literal)
            .is_some_and(|text| !text.is_empty()),
        "decouple.config" => keyword(call, "default")
            .and_then(string_literal)
            .is_some_and(|text| !text.is_empty()),
        _ => false,
    }
}

pub(crate) fn statement(context: &Context<'_, '_>, stmt: &Stmt) {
    for item in config_assignments(context, stmt) {
        match item.key.as_str() {
            "JWT_SECRET_KEY" | "JWT_PRIVATE_KEY" => check_key(context, item.value, &item.key),
            "SIMPLE_JWT" => {
                if let Expr::Dict(dict) = item.value {
                    for entry in &dict.items {
                        if entry.key.as_ref().and_then(string_literal) == Some("SIGNING_KEY") {
                            check_key(context, &entry.value, "SIMPLE_JWT[\"SIGNING_KEY\"]");
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Keeps the finding when `constant` resolves to a string literal (or a hardcoded
/// environment fallback) somewhere in the project; completes the message.
pub(crate) fn resolve(
    mut finding: Finding,
    constant: &str,
    project: &Project<'_>,
) -> Option<Finding> {
    let (symbol, what) = match project.resolve_str(constant)? {
        Target::Value(symbol, Value::Str(text)) if !text.is_empty() => {
            if let Some(class) = project.class(symbol) {
                // A settings class attribute (`JWT_SECRET: str = "..."`): the default when
                // the environment does not set it.
                let file = project.file_of(symbol).unwrap_or("");
                finding.message = format!(
                    "{} defaults to a hardcoded string in class `{}` ({file}:{})",
                    finding.message, class.name, class.location.span.line
                );
                return Some(finding);
            }
            (symbol, "is a hardcoded string")
        }
        Target::Object(symbol, call) if is_fallback(project, call) => (
            symbol,
            "falls back to a hardcoded default when the environment variable is unset",
        ),
        _ => return None,
    };
    let place = project
        .assignments(symbol)
        .first()
        .and_then(|assignment| {
            project
                .file_of(&assignment.target)
                .map(|file| format!(" ({file}:{})", assignment.location.span.line))
        })
        .or_else(|| project.file_of(symbol).map(|file| format!(" ({file})")))
        .unwrap_or_default();
    finding.message = format!("{} {what}{place}", finding.message);
    Some(finding)
}

fn is_fallback<'p>(project: &Project<'p>, call: &'p CallValue) -> bool {
    let Value::Ref(callee) = &call.func else {
        return false;
    };
    match project.external_name(callee) {
        "os.getenv" | "os.environ.get" => call
            .argument(1, "default")
            .and_then(Value::as_str)
            .is_some_and(|text| !text.is_empty()),
        "decouple.config" => call
            .keyword("default")
            .and_then(Value::as_str)
            .is_some_and(|text| !text.is_empty()),
        _ => false,
    }
}

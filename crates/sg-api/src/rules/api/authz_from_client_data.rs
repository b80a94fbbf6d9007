use sg_python::Ranged;
use sg_python::ast::{self, Expr, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::{for_each_expr, for_each_stmt, string_literal};
use crate::extract::names::dotted;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports an `if` that decides on a request cookie or header compared with a fixed
    /// value, when the cookie/header name or the value is about identity or privilege:
    /// `request.cookies.get("role") == "admin"`, `request.headers["X-Admin"] == "1"`,
    /// `request.COOKIES["is_admin"] == "true"`,
    /// `request.headers.get("X-Forwarded-For") == "127.0.0.1"`,
    /// `request.META["HTTP_X_USER"] == "root"`.
    ///
    /// ## Why is this bad?
    /// The client sets cookies and headers to whatever it likes: an unsigned cookie or a
    /// header is not proof of anything. Whoever sends `role=admin` gets admin access;
    /// `X-Forwarded-For` is forged as easily unless a trusted proxy overwrites it.
    ///
    /// ## Example
    /// ```python
    /// if request.cookies.get("role") == "admin":
    ///     return render_template("admin.html")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// if current_user.is_authenticated and current_user.has_role("admin"):
    ///     return render_template("admin.html")
    /// ```
    ///
    /// ## References
    /// - <https://cwe.mitre.org/data/definitions/565.html>
    /// - <https://cwe.mitre.org/data/definitions/290.html>
    /// - <https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/>
    pub static AUTHZ_FROM_CLIENT_DATA: Rule {
        code: "API006",
        name: "authorization-from-client-data",
        scanner: Api,
        severity: High,
        confidence: Medium,
        cwe: Some(565),
        summary: "Authorization decided by a cookie or header the client controls",
    }
}

/// Cookie/header names (lower case, `-` as `_`) that carry identity or privilege.
const PRIVILEGE_KEYS: &[&str] = &[
    "admin",
    "is_admin",
    "isadmin",
    "role",
    "roles",
    "user",
    "user_id",
    "userid",
    "uid",
    "username",
    "auth",
    "authorized",
    "authenticated",
    "logged_in",
    "loggedin",
    "level",
    "privilege",
    "privileges",
    "access",
    "access_level",
    "permission",
    "permissions",
    "is_staff",
    "staff",
    "superuser",
    "x_forwarded_for",
    "x_real_ip",
    "x_host",
    "x_user",
    "x_role",
    "x_admin",
    "x_user_id",
    "x_authenticated_user",
    "x_remote_user",
    "remote_user",
    "http_x_forwarded_for",
    "http_x_user",
    "http_x_role",
    "http_x_admin",
    "http_x_real_ip",
];

/// Fixed values that stand for privilege.
const PRIVILEGE_VALUES: &[&str] = &[
    "admin",
    "administrator",
    "root",
    "superuser",
    "staff",
    "127.0.0.1",
    "localhost",
    "::1",
];

pub(crate) fn function(context: &Context<'_, '_>, function: &ast::StmtFunctionDef) {
    for_each_stmt(&function.body, &mut |stmt| {
        let test = match stmt {
            Stmt::If(node) => &*node.test,
            Stmt::While(node) => &*node.test,
            _ => return,
        };
        check_test(context, test);
        if let Stmt::If(node) = stmt {
            for clause in &node.elif_else_clauses {
                if let Some(test) = &clause.test {
                    check_test(context, test);
                }
            }
        }
    });
}

fn check_test(context: &Context<'_, '_>, test: &Expr) {
    for_each_expr(test, &mut |expr| {
        let Expr::Compare(compare) = expr else { return };
        let operands: Vec<&Expr> = std::iter::once(&*compare.left)
            .chain(compare.comparators.iter())
            .collect();
        let Some(key) = operands
            .iter()
            .find_map(|operand| client_value_key(operand))
        else {
            return;
        };
        let literal = operands.iter().find_map(|operand| literal_text(operand));
        let Some(literal) = literal else { return };
        let key_norm = key.to_ascii_lowercase().replace('-', "_");
        let privileged = PRIVILEGE_KEYS.contains(&key_norm.as_str())
            || PRIVILEGE_VALUES.contains(&literal.to_ascii_lowercase().as_str());
        if !privileged {
            return;
        }
        context.report(context.finding(
            &AUTHZ_FROM_CLIENT_DATA,
            compare.range(),
            format!("Access decided by the client-controlled `{key}` compared with `{literal}`"),
        ));
    });
}

/// The cookie/header name when `expr` reads one: `request.cookies.get("k")`,
/// `request.cookies["k"]`, `request.headers.get("k")`, `request.COOKIES["k"]`,
/// `request.META.get("HTTP_K")`.
fn client_value_key(expr: &Expr) -> Option<String> {
    let (container, key) = match expr {
        Expr::Call(call) => {
            let Expr::Attribute(attribute) = &*call.func else {
                return None;
            };
            if attribute.attr.as_str() != "get" {
                return None;
            }
            (
                dotted(&attribute.value)?,
                string_literal(call.arguments.args.first()?)?,
            )
        }
        Expr::Subscript(subscript) => {
            (dotted(&subscript.value)?, string_literal(&subscript.slice)?)
        }
        _ => return None,
    };
    let (receiver, attribute) = container.rsplit_once('.')?;
    let is_request = matches!(receiver, "request" | "req" | "self.request");
    let client = matches!(attribute, "cookies" | "headers" | "COOKIES" | "META");
    (is_request && client).then(|| key.to_string())
}

fn literal_text(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(literal) => Some(literal.value.to_str().to_string()),
        Expr::NumberLiteral(_) | Expr::BooleanLiteral(_) => Some(match expr {
            Expr::BooleanLiteral(literal) => {
                if literal.value { "True" } else { "False" }.to_string()
            }
            Expr::NumberLiteral(number) => match &number.value {
                ast::Number::Int(int) => int.to_string(),
                _ => "number".to_string(),
            },
            _ => String::new(),
        }),
        Expr::List(list) => list.elts.first().and_then(literal_text),
        Expr::Tuple(tuple) => tuple.elts.first().and_then(literal_text),
        _ => None,
    }
}

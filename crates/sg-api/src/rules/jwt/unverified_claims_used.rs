use sg_python::Ranged;
use sg_python::ast::{self, Expr, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::{for_each_expr_in_body, for_each_stmt, string_literal};

use super::{Operation, classify};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports decisions made on a JWT's unverified header or claims
    /// (`jwt.get_unverified_header`, python-jose `get_unverified_claims` /
    /// `get_unverified_header(s)`): a claim or header field other than the key-selection
    /// ones (`kid`, `alg`, `typ`, `cty`, `jku`, `x5u`, `x5c`, `x5t`) read from the result,
    /// or the result compared or returned, in the same function.
    ///
    /// Reading `kid` to pick the verification key before a verified decode is the intended
    /// use and is not reported; taking `alg` from it is `JWT005`.
    ///
    /// ## Why is this bad?
    /// The unverified functions only base64-decode: the caller controls every field. A
    /// tenant, role or user id taken from there is whatever the attacker wrote.
    ///
    /// ## Example
    /// ```python
    /// claims = jose_jwt.get_unverified_claims(token)
    /// if claims["role"] == "admin":
    ///     ...
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// claims = jose_jwt.decode(token, key, algorithms=["RS256"])
    /// if claims["role"] == "admin":
    ///     ...
    /// ```
    ///
    /// ## References
    /// - <https://pyjwt.readthedocs.io/en/stable/api.html#jwt.get_unverified_header>
    /// - <https://python-jose.readthedocs.io/en/latest/jwt/api.html>
    /// - <https://cwe.mitre.org/data/definitions/345.html>
    pub static UNVERIFIED_CLAIMS_USED: Rule {
        code: "JWT002",
        name: "jwt-unverified-claims-used",
        scanner: Api,
        severity: High,
        confidence: Medium,
        cwe: Some(345),
        summary: "Decision made on an unverified JWT header or claims",
    }
}

const KEY_SELECTION_FIELDS: &[&str] = &[
    "kid", "alg", "typ", "cty", "jku", "x5u", "x5c", "x5t", "x5t#S256",
];

fn is_unverified(context: &Context<'_, '_>, expr: &Expr) -> bool {
    let Expr::Call(call) = expr else { return false };
    classify(context, call).is_some_and(|jwt| {
        matches!(
            jwt.operation,
            Operation::UnverifiedClaims | Operation::UnverifiedHeader
        )
    })
}

/// The field read by `x["field"]` or `x.get("field")` when `x` satisfies `is_source`.
fn field_read<'e>(expr: &'e Expr, is_source: &dyn Fn(&Expr) -> bool) -> Option<&'e str> {
    match expr {
        Expr::Subscript(subscript) if is_source(&subscript.value) => {
            string_literal(&subscript.slice)
        }
        Expr::Call(call) => {
            let Expr::Attribute(attribute) = &*call.func else {
                return None;
            };
            if attribute.attr.as_str() == "get" && is_source(&attribute.value) {
                call.arguments.args.first().and_then(string_literal)
            } else {
                None
            }
        }
        _ => None,
    }
}

pub(crate) fn function(context: &Context<'_, '_>, function: &ast::StmtFunctionDef) {
    // Direct reads: `jwt.get_unverified_header(t)["tenant"]`.
    for_each_expr_in_body(&function.body, &mut |expr| {
        let direct = |inner: &Expr| is_unverified(context, inner);
        if let Some(field) = field_read(expr, &direct)
            && !KEY_SELECTION_FIELDS.contains(&field)
        {
            context.report(context.finding(
                &UNVERIFIED_CLAIMS_USED,
                expr.range(),
                format!("`{field}` is read from an unverified token"),
            ));
        }
    });
    // Through a variable: `claims = get_unverified_claims(t)` then `claims["sub"]`.
    for_each_stmt(&function.body, &mut |stmt| {
        let Stmt::Assign(assign) = stmt else { return };
        let [Expr::Name(target)] = assign.targets.as_slice() else {
            return;
        };
        if !is_unverified(context, &assign.value) {
            return;
        }
        let variable = target.id.as_str();
        let is_variable =
            |expr: &Expr| matches!(expr, Expr::Name(name) if name.id.as_str() == variable);
        let mut reason = None;
        for_each_expr_in_body(&function.body, &mut |expr| {
            if reason.is_some() {
                return;
            }
            if let Some(field) = field_read(expr, &is_variable)
                && !KEY_SELECTION_FIELDS.contains(&field)
            {
                reason = Some(format!("`{variable}[\"{field}\"]` is read"));
            }
            if let Expr::Compare(compare) = expr
                && (is_variable(&compare.left) || compare.comparators.iter().any(&is_variable))
            {
                reason = Some(format!("`{variable}` is compared"));
            }
        });
        for_each_stmt(&function.body, &mut |inner| {
            if let Stmt::Return(ret) = inner
                && ret.value.as_deref().is_some_and(&is_variable)
                && reason.is_none()
            {
                reason = Some(format!("`{variable}` is returned"));
            }
        });
        if let Some(reason) = reason {
            context.report(context.finding(
                &UNVERIFIED_CLAIMS_USED,
                assign.value.range(),
                format!("Unverified token data is used for a decision: {reason}"),
            ));
        }
    });
}

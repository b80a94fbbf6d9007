use sg_python::Ranged;
use sg_python::ast::{self, Expr, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::{for_each_expr, string_literal};
use crate::rules::helpers::config_assignments;

use super::{JwtCall, Operation, is_asymmetric, is_symmetric, string_elements};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports JWT algorithm lists that invite algorithm confusion:
    ///
    /// - an `algorithms` list (literal, or a variable bound to one) that mixes a symmetric
    ///   family (`HS256`…) with an asymmetric one (`RS*`, `PS*`, `ES*`, `EdDSA`), also in
    ///   flask-jwt-extended's `JWT_DECODE_ALGORITHMS`;
    /// - an `algorithms` value taken from the token itself (`[header["alg"]]`,
    ///   `unverified.get("alg")`).
    ///
    /// ## Why is this bad?
    /// With both families accepted for one key, a token signed with HMAC using the server's
    /// *public* RSA key verifies (the classic RS256→HS256 confusion). Current PyJWT and
    /// python-jose refuse PEM public keys as HMAC secrets, but older releases did not
    /// (CVE-2022-29217 in PyJWT < 2.4.0, CVE-2024-33663 in python-jose < 3.4.0). Letting the
    /// token name its algorithm is the same mistake, made explicit.
    ///
    /// ## Example
    /// ```python
    /// jwt.decode(token, key, algorithms=["RS256", "HS256"])
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// jwt.decode(token, public_key, algorithms=["RS256"])
    /// ```
    ///
    /// ## References
    /// - <https://datatracker.ietf.org/doc/html/rfc8725#section-2.1>
    /// - <https://github.com/advisories/GHSA-ffqj-6fqr-9h24>
    /// - <https://cwe.mitre.org/data/definitions/327.html>
    pub static ALGORITHM_CONFUSION: Rule {
        code: "JWT005",
        name: "jwt-algorithm-confusion",
        scanner: Api,
        severity: High,
        confidence: Medium,
        cwe: Some(327),
        summary: "JWT algorithms mix symmetric and asymmetric families or come from the token",
    }
}

pub(crate) fn call(context: &Context<'_, '_>, call: &ast::ExprCall, jwt: JwtCall) {
    if !matches!(
        jwt.operation,
        Operation::Decode | Operation::JwsVerify | Operation::JwcryptoToken
    ) {
        return;
    }
    let Some(algorithms) = jwt.algorithms(call) else {
        return;
    };
    if from_token(algorithms) {
        context.report(context.finding(
            &ALGORITHM_CONFUSION,
            algorithms.range(),
            format!(
                "`{}` takes its algorithm from the token's own header",
                jwt.name
            ),
        ));
        return;
    }
    if let Some(families) = mixed(context.resolve_local(algorithms)) {
        context.report(context.finding(
            &ALGORITHM_CONFUSION,
            algorithms.range(),
            format!("`{}` accepts both {families} for the same key", jwt.name),
        ));
    }
}

pub(crate) fn statement(context: &Context<'_, '_>, stmt: &Stmt) {
    for item in config_assignments(context, stmt) {
        if item.key == "JWT_DECODE_ALGORITHMS"
            && let Some(families) = mixed(item.value)
        {
            context.report(context.finding(
                &ALGORITHM_CONFUSION,
                item.range,
                format!("`JWT_DECODE_ALGORITHMS` accepts both {families}"),
            ));
        }
    }
}

/// `"HS256 and RS256"` when the list mixes families.
fn mixed(expr: &Expr) -> Option<String> {
    let names = string_elements(expr);
    let symmetric = names.iter().find(|name| is_symmetric(name))?;
    let asymmetric = names.iter().find(|name| is_asymmetric(name))?;
    Some(format!("`{symmetric}` and `{asymmetric}`"))
}

/// `header["alg"]`, `header.get("alg")` inside the expression.
fn from_token(expr: &Expr) -> bool {
    let mut found = false;
    for_each_expr(expr, &mut |inner| match inner {
        Expr::Subscript(subscript) if string_literal(&subscript.slice) == Some("alg") => {
            found = true;
        }
        Expr::Call(call) => {
            if let Expr::Attribute(attribute) = &*call.func
                && attribute.attr.as_str() == "get"
                && call.arguments.args.first().and_then(string_literal) == Some("alg")
            {
                found = true;
            }
        }
        _ => {}
    });
    found
}

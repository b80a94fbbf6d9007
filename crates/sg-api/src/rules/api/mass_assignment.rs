use sg_python::Ranged;
use sg_python::ast::{self, Expr, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::{for_each_expr_in_body, for_each_stmt, last_segment};
use crate::extract::names::dotted;
use crate::rules::helpers::is_request_data;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports request data copied wholesale into a model or object: `User(**request.json)`,
    /// `Order(**request.get_json())`, `Model.objects.create(**request.POST.dict())`,
    /// `queryset.update(**request.data)`, `obj.__dict__.update(request.json)`, and
    /// `for key, value in request.json.items(): setattr(obj, key, value)`. Request data
    /// bound to a local first (`data = request.get_json()`) is followed.
    ///
    /// ## Why is this bad?
    /// The client chooses which fields to set, including the ones the form never shows:
    /// `is_admin`, `role`, `balance`, `owner_id`, `email_verified` (OWASP: mass assignment /
    /// broken object property level authorization).
    ///
    /// ## Example
    /// ```python
    /// user = User(**request.get_json())
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// payload = UserCreate.model_validate(request.get_json())  # only the allowed fields
    /// user = User(email=payload.email, name=payload.name)
    /// ```
    ///
    /// ## References
    /// - <https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/>
    /// - <https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html>
    /// - <https://cwe.mitre.org/data/definitions/915.html>
    pub static MASS_ASSIGNMENT: Rule {
        code: "API007",
        name: "mass-assignment",
        scanner: Api,
        severity: Medium,
        confidence: Medium,
        cwe: Some(915),
        summary: "Request data copied into a model without a field allowlist",
    }
}

pub(crate) fn function(context: &Context<'_, '_>, function: &ast::StmtFunctionDef) {
    for_each_expr_in_body(&function.body, &mut |expr| {
        let Expr::Call(call) = expr else { return };
        check_call(context, call);
    });
    for_each_stmt(&function.body, &mut |stmt| {
        let Stmt::For(node) = stmt else { return };
        // for key, value in <request data>.items(): setattr(obj, key, value)
        let Expr::Call(items) = &*node.iter else {
            return;
        };
        let Expr::Attribute(attribute) = &*items.func else {
            return;
        };
        if attribute.attr.as_str() != "items" || !is_request_data(context, &attribute.value, 0) {
            return;
        }
        let mut found = None;
        for_each_expr_in_body(&node.body, &mut |expr| {
            if let Expr::Call(call) = expr
                && matches!(&*call.func, Expr::Name(name) if name.id.as_str() == "setattr")
                && found.is_none()
            {
                found = Some(call.range());
            }
        });
        if let Some(range) = found {
            context.report(context.finding(
                &MASS_ASSIGNMENT,
                range,
                "Every key of the request data is set on the object with `setattr`",
            ));
        }
    });
}

fn check_call(context: &Context<'_, '_>, call: &ast::ExprCall) {
    // X(**data), X.objects.create(**data), qs.update(**data)
    for keyword in &call.arguments.keywords {
        if keyword.arg.is_some() || !is_request_data(context, &keyword.value, 0) {
            continue;
        }
        let Some(callee) = dotted(&call.func).or_else(|| match &*call.func {
            Expr::Attribute(attribute) => Some(format!("....{}", attribute.attr)),
            _ => None,
        }) else {
            continue;
        };
        let last = last_segment(&callee);
        let is_model = last.chars().next().is_some_and(char::is_uppercase)
            || matches!(
                last,
                "create" | "update" | "get_or_create" | "update_or_create" | "insert" | "set"
            );
        if is_model {
            context.report(context.finding(
                &MASS_ASSIGNMENT,
                call.range(),
                format!(
                    "Request data unpacked into `{last}(**...)`: the client chooses the fields"
                ),
            ));
            return;
        }
    }
    // obj.__dict__.update(data)
    if let Expr::Attribute(attribute) = &*call.func
        && attribute.attr.as_str() == "update"
        && dotted(&attribute.value).is_some_and(|receiver| receiver.ends_with(".__dict__"))
        && call
            .arguments
            .args
            .first()
            .is_some_and(|arg| is_request_data(context, arg, 0))
    {
        context.report(context.finding(
            &MASS_ASSIGNMENT,
            call.range(),
            "Request data merged into an object's `__dict__`: the client chooses the fields",
        ));
    }
}

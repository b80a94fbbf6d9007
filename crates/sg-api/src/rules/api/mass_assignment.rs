use sg_python::Ranged;
use sg_python::ast::{self, Expr, Stmt};

use std::collections::BTreeMap;

use sg_diagnostics::Finding;

use crate::extract::Context;
use crate::extract::ast_util::{for_each_expr_in_body, for_each_stmt, last_segment};
use crate::extract::names::dotted;
use crate::facts::Class;
use crate::inventory::project::{Project, Target};
use crate::inventory::{Endpoint, Framework, Inventory};
use crate::rules::helpers::is_request_data;
use crate::rules::helpers::with_endpoints;
use crate::value::Value;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports request data copied wholesale into a model or object: `User(**request.json)`,
    /// `Order(**request.get_json())`, `Model.objects.create(**request.POST.dict())`,
    /// `queryset.update(**request.data)`, `obj.__dict__.update(request.json)`, and
    /// `for key, value in request.json.items(): setattr(obj, key, value)`. Request data
    /// bound to a local first (`data = request.get_json()`) is followed.
    ///
    /// Django REST framework: a `ModelSerializer` whose `Meta` has `fields = "__all__"`, or
    /// only `exclude`, used as the `serializer_class` of a view or viewset that the
    /// inventory routes `POST`, `PUT` or `PATCH` to (`ModelViewSet`, `CreateAPIView`, an
    /// `APIView` with a `post` method…). Reported once per serializer, at its `Meta`, with
    /// the endpoints that write through it. `read_only_fields` does not silence it (new model
    /// fields still become writable); a serializer that lists its `fields` is the fix.
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
    /// With DRF:
    /// ```python
    /// class UserSerializer(serializers.ModelSerializer):
    ///     class Meta:
    ///         model = User
    ///         fields = "__all__"  # is_staff, is_superuser, password… all writable
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// class UserSerializer(serializers.ModelSerializer):
    ///     class Meta:
    ///         model = User
    ///         fields = ["id", "username", "email"]
    /// ```
    ///
    /// ## References
    /// - <https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/>
    /// - <https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html>
    /// - <https://www.django-rest-framework.org/api-guide/serializers/#specifying-which-fields-to-include>
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

/// DRF: `ModelSerializer`s with `fields = "__all__"` (or only `exclude`) behind writing
/// endpoints.
pub(crate) fn check_drf(inventory: &Inventory, project: &Project<'_>, findings: &mut Vec<Finding>) {
    let mut by_meta: BTreeMap<&str, (&Class, &Class, &'static str, Vec<&Endpoint>)> =
        BTreeMap::new();
    for endpoint in &inventory.endpoints {
        if !matches!(endpoint.framework, Framework::Drf | Framework::Django)
            || endpoint.detail.external
            || !endpoint
                .methods
                .iter()
                .any(|method| matches!(method.as_str(), "POST" | "PUT" | "PATCH"))
        {
            continue;
        }
        let Some(view_name) = endpoint.handler.name.split('.').next() else {
            continue;
        };
        let Some(view) = project.class(&format!("{}.{view_name}", endpoint.handler.module)) else {
            continue;
        };
        let Some(Value::Ref(serializer)) = project.inherited_attribute(view, "serializer_class")
        else {
            continue;
        };
        let Target::Class(serializer) = project.resolve(serializer) else {
            continue;
        };
        let is_model_serializer = project
            .ancestors(serializer)
            .iter()
            .any(|ancestor| ancestor.ends_with("ModelSerializer"));
        if !is_model_serializer {
            continue;
        }
        // The `Meta` of the serializer or of the nearest project base that has one.
        let Some(meta) = project
            .class_chain(serializer)
            .into_iter()
            .find_map(|class| project.class(&format!("{}.Meta", class.id)))
        else {
            continue;
        };
        let what = match (meta.attribute("fields"), meta.attribute("exclude")) {
            (Some(Value::Str(fields)), _) if fields == "__all__" => "`fields = \"__all__\"`",
            (None, Some(_)) => "only `exclude`",
            _ => continue,
        };
        by_meta
            .entry(meta.id.as_str())
            .or_insert_with(|| (serializer, meta, what, Vec::new()))
            .3
            .push(endpoint);
    }
    for (serializer, meta, what, endpoints) in by_meta.into_values() {
        let Some(path) = project.file_of(&meta.id) else {
            continue;
        };
        let mut labels: Vec<String> = endpoints.iter().map(|endpoint| endpoint.label()).collect();
        labels.sort();
        labels.dedup();
        let shown = labels.first().cloned().unwrap_or_default();
        let more = if labels.len() > 1 {
            format!(" (and {} more)", labels.len() - 1)
        } else {
            String::new()
        };
        let inherited = meta
            .id
            .strip_suffix(".Meta")
            .filter(|owner| *owner != serializer.id)
            .map(|owner| {
                format!(
                    " (its `Meta` from `{}`)",
                    crate::value::last_segments(owner, 1)
                )
            })
            .unwrap_or_default();
        let message = format!(
            "`{}` is a ModelSerializer with {what}{inherited}, written by `{shown}`{more}: every \
             model field is writable from the request",
            serializer.name
        );
        let mut finding = Finding::new(&MASS_ASSIGNMENT, path, meta.location.span, message)
            .with_snippet(meta.location.snippet.clone());
        if let Some(cell) = meta.location.cell {
            finding = finding.with_extra("cell", cell);
        }
        findings.push(with_endpoints(finding, &endpoints));
    }
}

use sg_python::Ranged;
use sg_python::ast::{self, Expr, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::last_segment;
use crate::extract::names::dotted;
use crate::facts::LocalFinding;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports views exempted from CSRF protection: Django's `@csrf_exempt`, `csrf_exempt(view)`
    /// written inline in `urls.py`, `@method_decorator(csrf_exempt, name="dispatch")` on a
    /// class-based view, and Flask-WTF's `@csrf.exempt`. The finding names the endpoint
    /// when the inventory knows it.
    ///
    /// ## Why is this bad?
    /// An exempt view that acts on the session cookie can be triggered from any other site
    /// the user visits. Exemption is right only when the endpoint authenticates requests
    /// another way (a webhook signature, a bearer token) — check that it does.
    ///
    /// ## Example
    /// ```python
    /// @csrf_exempt
    /// def update_profile(request):
    ///     ...
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// def update_profile(request):  # the form posts {% csrf_token %}
    ///     ...
    /// ```
    ///
    /// ## References
    /// - <https://docs.djangoproject.com/en/5.1/ref/csrf/#django.views.decorators.csrf.csrf_exempt>
    /// - <https://flask-wtf.readthedocs.io/en/stable/csrf/#exclude-views-from-protection>
    /// - <https://cwe.mitre.org/data/definitions/352.html>
    pub static CSRF_EXEMPT: Rule {
        code: "API105",
        name: "csrf-exempt",
        scanner: Api,
        severity: Medium,
        confidence: High,
        cwe: Some(352),
        summary: "View exempted from CSRF protection",
    }
}

fn is_csrf_exempt(context: &Context<'_, '_>, expr: &Expr) -> bool {
    if context
        .qualified(expr)
        .is_some_and(|name| name == "django.views.decorators.csrf.csrf_exempt")
    {
        return true;
    }
    // Flask-WTF: `@csrf.exempt` on a CSRFProtect object.
    if let Expr::Attribute(attribute) = expr
        && attribute.attr.as_str() == "exempt"
        && let Some(receiver) = dotted(&attribute.value)
    {
        return last_segment(&receiver)
            .to_ascii_lowercase()
            .contains("csrf");
    }
    false
}

fn report(
    context: &Context<'_, '_>,
    range: sg_python::TextRange,
    subject: Option<String>,
    what: &str,
) {
    let finding = context.finding(
        &CSRF_EXEMPT,
        range,
        format!("{what} is exempt from CSRF protection"),
    );
    context.push(LocalFinding {
        finding,
        subject,
        pyjwt: None,
        only_in_handlers: false,
        constant: None,
    });
}

pub(crate) fn statement(context: &Context<'_, '_>, stmt: &Stmt) {
    match stmt {
        Stmt::FunctionDef(function) => {
            for decorator in &function.decorator_list {
                if is_csrf_exempt(context, &decorator.expression)
                    || is_method_decorated_exempt(context, &decorator.expression)
                {
                    let subject = context.definition_symbol(function.name.as_str());
                    report(
                        context,
                        decorator.range(),
                        Some(subject),
                        &format!("`{}`", function.name),
                    );
                }
            }
        }
        Stmt::ClassDef(class) => {
            for decorator in &class.decorator_list {
                if is_csrf_exempt(context, &decorator.expression)
                    || is_method_decorated_exempt(context, &decorator.expression)
                {
                    let subject = context.definition_symbol(class.name.as_str());
                    report(
                        context,
                        decorator.range(),
                        Some(subject),
                        &format!("`{}`", class.name),
                    );
                }
            }
        }
        _ => {}
    }
}

/// `method_decorator(csrf_exempt, ...)`
fn is_method_decorated_exempt(context: &Context<'_, '_>, expr: &Expr) -> bool {
    let Expr::Call(call) = expr else { return false };
    context
        .qualified(&call.func)
        .is_some_and(|name| name == "django.utils.decorators.method_decorator")
        && call
            .arguments
            .args
            .first()
            .is_some_and(|first| match first {
                Expr::List(list) => list.elts.iter().any(|item| is_csrf_exempt(context, item)),
                Expr::Tuple(tuple) => tuple.elts.iter().any(|item| is_csrf_exempt(context, item)),
                other => is_csrf_exempt(context, other),
            })
}

/// `csrf_exempt(view)` written inline (in `urls.py`).
pub(crate) fn call(context: &Context<'_, '_>, call: &ast::ExprCall) {
    if !is_csrf_exempt(context, &call.func) {
        return;
    }
    let Some(view) = call.arguments.args.first() else {
        return;
    };
    let target = match view {
        // `csrf_exempt(View.as_view())`
        Expr::Call(inner) => match &*inner.func {
            Expr::Attribute(attribute) if attribute.attr.as_str() == "as_view" => &*attribute.value,
            _ => return,
        },
        other => other,
    };
    let subject = context.names.symbol(target);
    let shown = dotted(target).unwrap_or_else(|| "view".to_string());
    report(context, call.range(), subject, &format!("`{shown}`"));
}

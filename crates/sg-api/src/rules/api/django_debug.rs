use sg_python::ast::{Expr, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::{is_true_literal, keyword};
use crate::rules::helpers::{
    ConfigPlace, config_assignments, is_development_name, is_django_settings,
};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `DEBUG = True` at module level in a Django settings module (a module that
    /// sets `INSTALLED_APPS`, `ROOT_URLCONF`, `MIDDLEWARE` or `DATABASES`, or lives in a
    /// `settings` package), and a `DEBUG` read from the environment with `True` as its
    /// default (`env.bool("DEBUG", default=True)`, `os.environ.get("DEBUG", True)`).
    ///
    /// Settings files meant for development or tests (`dev.py`, `local.py`,
    /// `settings_test.py`…) are not reported. A hardcoded `SECRET_KEY` in the same settings
    /// is the secrets scanner's `SEC404`.
    ///
    /// ## Why is this bad?
    /// With `DEBUG` on, every error page shows the stack trace, local variables, the
    /// settings (with secrets masked only by name) and the SQL queries; Django also keeps
    /// every query in memory.
    ///
    /// ## Example
    /// ```python
    /// DEBUG = True
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
    /// ```
    ///
    /// ## References
    /// - <https://docs.djangoproject.com/en/5.1/ref/settings/#debug>
    /// - <https://docs.djangoproject.com/en/5.1/howto/deployment/checklist/>
    /// - <https://cwe.mitre.org/data/definitions/489.html>
    pub static DJANGO_DEBUG: Rule {
        code: "API101",
        name: "django-debug-enabled",
        scanner: Api,
        severity: High,
        confidence: High,
        cwe: Some(489),
        summary: "Django DEBUG enabled in a settings module",
    }
}

pub(crate) fn statement(context: &Context<'_, '_>, stmt: &Stmt) {
    for item in config_assignments(context, stmt) {
        if item.key != "DEBUG" || item.place != ConfigPlace::Module {
            continue;
        }
        if !is_django_settings(context) || is_development_name(context.stem) {
            continue;
        }
        if is_true_literal(item.value) {
            context.report(context.finding(
                &DJANGO_DEBUG,
                item.range,
                "`DEBUG = True` in a Django settings module",
            ));
        } else if defaults_to_true(item.value) {
            context.report(
                context
                    .finding(
                        &DJANGO_DEBUG,
                        item.range,
                        "`DEBUG` is read from the environment but defaults to `True`",
                    )
                    .with_confidence(sg_diagnostics::Confidence::Medium),
            );
        }
    }
}

/// `env.bool("DEBUG", default=True)`, `os.environ.get("DEBUG", True)`, `config("DEBUG",
/// default=True, cast=bool)`.
fn defaults_to_true(value: &Expr) -> bool {
    let Expr::Call(call) = value else {
        return false;
    };
    if keyword(call, "default").is_some_and(is_true_literal) {
        return true;
    }
    let getter = match &*call.func {
        Expr::Attribute(attribute) => matches!(attribute.attr.as_str(), "get" | "getenv"),
        Expr::Name(name) => name.id.as_str() == "getenv",
        _ => false,
    };
    getter && call.arguments.args.get(1).is_some_and(is_true_literal)
}

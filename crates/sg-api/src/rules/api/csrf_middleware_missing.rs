use sg_python::ast::{Expr, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::string_literal;
use crate::rules::helpers::{ConfigPlace, config_assignments, is_django_settings};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a Django `MIDDLEWARE` list, written as a literal in a settings module, that
    /// holds Django middleware but not `django.middleware.csrf.CsrfViewMiddleware`.
    ///
    /// ## Why is this bad?
    /// Without the middleware no view checks the CSRF token: any site the user visits can
    /// post forms to the application with the user's session cookie.
    ///
    /// ## Example
    /// ```python
    /// MIDDLEWARE = [
    ///     "django.middleware.security.SecurityMiddleware",
    ///     "django.contrib.sessions.middleware.SessionMiddleware",
    ///     "django.contrib.auth.middleware.AuthenticationMiddleware",
    /// ]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// MIDDLEWARE = [
    ///     "django.middleware.security.SecurityMiddleware",
    ///     "django.contrib.sessions.middleware.SessionMiddleware",
    ///     "django.middleware.csrf.CsrfViewMiddleware",
    ///     "django.contrib.auth.middleware.AuthenticationMiddleware",
    /// ]
    /// ```
    ///
    /// ## References
    /// - <https://docs.djangoproject.com/en/5.1/ref/csrf/>
    /// - <https://cwe.mitre.org/data/definitions/352.html>
    pub static CSRF_MIDDLEWARE_MISSING: Rule {
        code: "API104",
        name: "django-csrf-middleware-missing",
        scanner: Api,
        severity: High,
        confidence: Medium,
        cwe: Some(352),
        summary: "Django MIDDLEWARE without CsrfViewMiddleware",
    }
}

pub(crate) fn statement(context: &Context<'_, '_>, stmt: &Stmt) {
    for item in config_assignments(context, stmt) {
        if item.key != "MIDDLEWARE"
            || item.place != ConfigPlace::Module
            || !is_django_settings(context)
        {
            continue;
        }
        let elements: &[Expr] = match item.value {
            Expr::List(list) => &list.elts,
            Expr::Tuple(tuple) => &tuple.elts,
            _ => continue,
        };
        let names: Vec<&str> = elements.iter().filter_map(string_literal).collect();
        let has_django = names.iter().any(|name| name.starts_with("django."));
        let has_csrf = names
            .iter()
            .any(|name| name.ends_with("CsrfViewMiddleware"));
        if has_django && !has_csrf {
            context.report(context.finding(
                &CSRF_MIDDLEWARE_MISSING,
                item.range,
                "`MIDDLEWARE` lacks `django.middleware.csrf.CsrfViewMiddleware`: no view checks CSRF tokens",
            ));
        }
    }
}

use sg_python::Ranged;
use sg_python::ast::{self, Expr, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::{is_false_literal, string_literal};
use crate::rules::helpers::{
    ConfigPlace, config_assignments, config_call_items, is_development_name, is_django_settings,
};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports cookie settings that turn a protection off explicitly:
    /// `SESSION_COOKIE_SECURE = False`, `CSRF_COOKIE_SECURE = False`,
    /// `SESSION_COOKIE_HTTPONLY = False`, `SESSION_COOKIE_SAMESITE = None` (Django) or
    /// `"None"`, `REMEMBER_COOKIE_SECURE = False` / `REMEMBER_COOKIE_HTTPONLY = False`
    /// (Flask-Login) — in a Django settings module, a Flask config module or class, or
    /// through `app.config[...]` / `app.config.update(...)`. Development and test settings
    /// (files and classes named so) are not reported. The key that signs those cookies, when
    /// hardcoded, is the secrets scanner's `SEC404` (Django) / `SEC406` (Flask).
    ///
    /// ## Why is this bad?
    /// A session cookie without `Secure` is sent over plain HTTP and can be read on the
    /// network; without `HttpOnly` any XSS reads it; without `SameSite` it rides along on
    /// cross-site requests (CSRF).
    ///
    /// ## Example
    /// ```python
    /// SESSION_COOKIE_SECURE = False
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SESSION_COOKIE_SECURE = True
    /// CSRF_COOKIE_SECURE = True
    /// ```
    ///
    /// ## References
    /// - <https://docs.djangoproject.com/en/5.1/ref/settings/#session-cookie-secure>
    /// - <https://flask.palletsprojects.com/en/stable/security/#set-cookie-options>
    /// - <https://cwe.mitre.org/data/definitions/614.html>
    /// - <https://cwe.mitre.org/data/definitions/1004.html>
    pub static INSECURE_COOKIE: Rule {
        code: "API103",
        name: "insecure-cookie-setting",
        scanner: Api,
        severity: Medium,
        confidence: High,
        cwe: Some(614),
        summary: "Session or CSRF cookie protection turned off",
    }
}

const OFF_WHEN_FALSE: &[&str] = &[
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "REMEMBER_COOKIE_SECURE",
    "REMEMBER_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SECURE",
];

fn insecure(key: &str, value: &Expr) -> Option<String> {
    if OFF_WHEN_FALSE.contains(&key) && is_false_literal(value) {
        return Some(format!("`{key} = False`"));
    }
    if key == "SESSION_COOKIE_SAMESITE" || key == "CSRF_COOKIE_SAMESITE" {
        if matches!(value, Expr::NoneLiteral(_)) {
            return Some(format!("`{key} = None` (no SameSite attribute)"));
        }
        if string_literal(value).is_some_and(|text| text.eq_ignore_ascii_case("none")) {
            return Some(format!("`{key} = \"None\"`"));
        }
    }
    None
}

fn applies(context: &Context<'_, '_>, place: ConfigPlace<'_>) -> bool {
    if is_development_name(context.stem) {
        return false;
    }
    match place {
        ConfigPlace::Module => {
            is_django_settings(context)
                || context.stem.contains("config")
                || context.stem.contains("settings")
        }
        ConfigPlace::Class(class) => !is_development_name(class),
        ConfigPlace::AppConfig => true,
    }
}

pub(crate) fn statement(context: &Context<'_, '_>, stmt: &Stmt) {
    for item in config_assignments(context, stmt) {
        if !applies(context, item.place) {
            continue;
        }
        if let Some(what) = insecure(&item.key, item.value) {
            context.report(context.finding(
                &INSECURE_COOKIE,
                item.range,
                format!("{what} weakens the session cookie"),
            ));
        }
    }
}

pub(crate) fn call(context: &Context<'_, '_>, call: &ast::ExprCall) {
    if is_development_name(context.stem) {
        return;
    }
    for (key, value) in config_call_items(call) {
        if let Some(what) = insecure(&key, value) {
            context.report(context.finding(
                &INSECURE_COOKIE,
                call.range(),
                format!("{what} weakens the session cookie"),
            ));
        }
    }
}

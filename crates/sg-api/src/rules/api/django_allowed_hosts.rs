use sg_python::ast::{Expr, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::string_literal;
use crate::rules::helpers::{
    ConfigPlace, config_assignments, is_development_name, is_django_settings,
};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `ALLOWED_HOSTS` containing `"*"` at module level in a Django settings module.
    /// Settings files meant for development or tests are not reported.
    ///
    /// ## Why is this bad?
    /// Django then accepts any `Host` header and builds absolute URLs from it: password-reset
    /// e-mails carry links to the attacker's host (host-header poisoning), and caches can be
    /// poisoned.
    ///
    /// ## Example
    /// ```python
    /// ALLOWED_HOSTS = ["*"]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// ALLOWED_HOSTS = ["shop.example.com"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.djangoproject.com/en/5.1/ref/settings/#allowed-hosts>
    /// - <https://cwe.mitre.org/data/definitions/644.html>
    pub static DJANGO_ALLOWED_HOSTS: Rule {
        code: "API102",
        name: "django-allowed-hosts-wildcard",
        scanner: Api,
        severity: Medium,
        confidence: High,
        cwe: Some(644),
        summary: "Django ALLOWED_HOSTS accepts any host",
    }
}

pub(crate) fn statement(context: &Context<'_, '_>, stmt: &Stmt) {
    for item in config_assignments(context, stmt) {
        if item.key != "ALLOWED_HOSTS" || item.place != ConfigPlace::Module {
            continue;
        }
        if !is_django_settings(context) || is_development_name(context.stem) {
            continue;
        }
        let elements: &[Expr] = match item.value {
            Expr::List(list) => &list.elts,
            Expr::Tuple(tuple) => &tuple.elts,
            _ => continue,
        };
        if elements
            .iter()
            .any(|element| string_literal(element) == Some("*"))
        {
            context.report(context.finding(
                &DJANGO_ALLOWED_HOSTS,
                item.range,
                "`ALLOWED_HOSTS` contains `\"*\"`: any Host header is accepted",
            ));
        }
    }
}

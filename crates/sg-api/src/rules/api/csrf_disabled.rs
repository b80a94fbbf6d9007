use sg_python::Ranged;
use sg_python::ast::{self, Stmt};

use crate::extract::Context;
use crate::extract::ast_util::is_false_literal;
use crate::rules::helpers::{
    ConfigPlace, config_assignments, config_call_items, is_development_name,
};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports Flask-WTF's CSRF protection switched off: `WTF_CSRF_ENABLED = False`
    /// (module, config class, `app.config[...]`, `app.config.update(...)`), and
    /// `WTF_CSRF_CHECK_DEFAULT = False` (then only views that call `csrf.protect()` are
    /// checked; reported with low severity). Test configurations (classes and files named
    /// for tests or development) are not reported: disabling CSRF there is the documented
    /// practice.
    ///
    /// ## Why is this bad?
    /// Forms posted from another site with the user's session cookie are accepted: any page
    /// the user visits can change their e-mail, password or payment details.
    ///
    /// ## Example
    /// ```python
    /// class ProductionConfig(Config):
    ///     WTF_CSRF_ENABLED = False
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// class TestingConfig(Config):
    ///     WTF_CSRF_ENABLED = False  # tests only
    /// ```
    ///
    /// ## References
    /// - <https://flask-wtf.readthedocs.io/en/stable/config/>
    /// - <https://cwe.mitre.org/data/definitions/352.html>
    pub static CSRF_DISABLED: Rule {
        code: "API107",
        name: "csrf-protection-disabled",
        scanner: Api,
        severity: High,
        confidence: High,
        cwe: Some(352),
        summary: "Flask-WTF CSRF protection disabled",
    }
}

fn report(context: &Context<'_, '_>, key: &str, range: sg_python::TextRange) {
    let mut finding = context.finding(
        &CSRF_DISABLED,
        range,
        format!("`{key} = False` disables CSRF protection"),
    );
    if key == "WTF_CSRF_CHECK_DEFAULT" {
        finding = finding
            .with_severity(sg_diagnostics::Severity::Low)
            .with_confidence(sg_diagnostics::Confidence::Medium);
        finding.message =
            "`WTF_CSRF_CHECK_DEFAULT = False`: only views that call `csrf.protect()` are checked"
                .to_string();
    }
    context.report(finding);
}

fn is_csrf_switch(key: &str) -> bool {
    matches!(key, "WTF_CSRF_ENABLED" | "WTF_CSRF_CHECK_DEFAULT")
}

pub(crate) fn statement(context: &Context<'_, '_>, stmt: &Stmt) {
    if is_development_name(context.stem) {
        return;
    }
    for item in config_assignments(context, stmt) {
        if !is_csrf_switch(&item.key) || !is_false_literal(item.value) {
            continue;
        }
        if let ConfigPlace::Class(class) = item.place
            && is_development_name(class)
        {
            continue;
        }
        report(context, &item.key, item.range);
    }
}

pub(crate) fn call(context: &Context<'_, '_>, call: &ast::ExprCall) {
    if is_development_name(context.stem) {
        return;
    }
    for (key, value) in config_call_items(call) {
        if is_csrf_switch(&key) && is_false_literal(value) {
            report(context, &key, call.range());
        }
    }
}

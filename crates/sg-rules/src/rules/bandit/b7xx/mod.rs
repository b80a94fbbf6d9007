//! B7xx: cross-site scripting and templating (Jinja2 autoescape, Mako, mark_safe, Markup).

use sg_python::QualifiedName;
use sg_python::ast::{Expr, ExprCall, Stmt};

use crate::checker::Checker;
use crate::registry::RuleId;

pub mod django_mark_safe;
pub mod jinja2_autoescape_false;
pub mod markupsafe_markup_xss;
pub mod use_of_mako_templates;

pub(crate) fn statement(checker: &Checker, stmt: &Stmt) {
    let _ = (checker, stmt);
}

pub(crate) fn call(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    let Some(callee) = callee else { return };
    if checker.enabled(RuleId::B701) {
        jinja2_autoescape_false::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B702) {
        use_of_mako_templates::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B703) {
        django_mark_safe::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B704) {
        markupsafe_markup_xss::check(checker, call, callee);
    }
}

pub(crate) fn expression(checker: &Checker, expr: &Expr) {
    let _ = (checker, expr);
}

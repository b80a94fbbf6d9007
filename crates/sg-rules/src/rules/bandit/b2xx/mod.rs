//! B2xx: application and framework misconfiguration (Flask debug, tarfile extraction).

use sg_python::QualifiedName;
use sg_python::ast::{Expr, ExprCall, Stmt};

use crate::checker::Checker;
use crate::registry::RuleId;

pub mod flask_debug_true;
pub mod tarfile_unsafe_members;

pub(crate) fn statement(checker: &Checker, stmt: &Stmt) {
    let _ = (checker, stmt);
}

pub(crate) fn call(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    if checker.enabled(RuleId::B201) {
        flask_debug_true::check(checker, call);
    }
    if checker.enabled(RuleId::B202) {
        tarfile_unsafe_members::check(checker, call, callee);
    }
}

pub(crate) fn expression(checker: &Checker, expr: &Expr) {
    let _ = (checker, expr);
}

//! B6xx: injection (shell commands, SQL built from strings, Django raw SQL, …).

use sg_python::QualifiedName;
use sg_python::ast::{Expr, ExprCall, Stmt};

use crate::checker::Checker;
use crate::registry::RuleId;

pub mod subprocess_popen_with_shell_equals_true;

pub(crate) fn statement(checker: &Checker, stmt: &Stmt) {
    let _ = (checker, stmt);
}

pub(crate) fn call(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    let Some(callee) = callee else { return };
    if checker.enabled(RuleId::B602) {
        subprocess_popen_with_shell_equals_true::check(checker, call, callee);
    }
}

pub(crate) fn expression(checker: &Checker, expr: &Expr) {
    let _ = (checker, expr);
}

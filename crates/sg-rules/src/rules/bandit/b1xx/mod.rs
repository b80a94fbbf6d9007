//! B1xx: general checks (assert, exec, permissions, hardcoded passwords and paths,
//! swallowed exceptions, requests without timeout).

use sg_python::QualifiedName;
use sg_python::ast::{ExceptHandlerExceptHandler, Expr, ExprCall, Stmt};

use crate::checker::Checker;
use crate::registry::RuleId;

pub mod assert_used;

pub(crate) fn statement(checker: &Checker, stmt: &Stmt) {
    if let Stmt::Assert(assert) = stmt
        && checker.enabled(RuleId::B101)
    {
        assert_used::check(checker, assert);
    }
}

pub(crate) fn call(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    let _ = (checker, call, callee);
}

pub(crate) fn expression(checker: &Checker, expr: &Expr) {
    let _ = (checker, expr);
}

pub(crate) fn except_handler(checker: &Checker, handler: &ExceptHandlerExceptHandler) {
    let _ = (checker, handler);
}

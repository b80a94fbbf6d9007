//! B3xx: blacklisted calls, matched on the callee's resolved qualified name.

use sg_python::QualifiedName;
use sg_python::ast::{ExprCall, Stmt};

use crate::checker::Checker;
use crate::registry::RuleId;

pub mod pickle;

pub(crate) fn statement(checker: &Checker, stmt: &Stmt) {
    let _ = (checker, stmt);
}

pub(crate) fn call(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    let Some(callee) = callee else { return };
    if checker.enabled(RuleId::B301) {
        pickle::check(checker, call, callee);
    }
}

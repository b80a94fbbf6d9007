//! B5xx: cryptography and TLS (certificate validation, protocol versions, key sizes, yaml, ssh, snmp).

use sg_python::QualifiedName;
use sg_python::ast::{Expr, ExprCall, Stmt};

use crate::checker::Checker;

pub(crate) fn statement(checker: &Checker, stmt: &Stmt) {
    let _ = (checker, stmt);
}

pub(crate) fn call(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    let _ = (checker, call, callee);
}

pub(crate) fn expression(checker: &Checker, expr: &Expr) {
    let _ = (checker, expr);
}

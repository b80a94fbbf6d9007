//! B4xx: blacklisted imports (telnetlib, ftplib, pickle, subprocess, XML parsers, …).

use sg_python::QualifiedName;
use sg_python::ast::{ExprCall, Stmt};

use crate::checker::Checker;

pub(crate) fn statement(checker: &Checker, stmt: &Stmt) {
    let _ = (checker, stmt);
}

pub(crate) fn call(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    let _ = (checker, call, callee);
}

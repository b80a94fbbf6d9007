//! B5xx: cryptography and TLS (certificate validation, protocol versions, key sizes), unsafe
//! YAML loading, SSH host keys and SNMP security.

use sg_python::QualifiedName;
use sg_python::ast::{Expr, ExprCall, Stmt};

use crate::checker::Checker;
use crate::registry::RuleId;

pub mod request_with_no_cert_validation;
pub mod snmp_insecure_version;
pub mod snmp_weak_cryptography;
pub mod ssh_no_host_key_verification;
pub mod ssl_with_bad_defaults;
pub mod ssl_with_bad_version;
pub mod ssl_with_no_version;
pub mod weak_cryptographic_key;
pub mod yaml_load;

pub(crate) fn statement(checker: &Checker, stmt: &Stmt) {
    if let Stmt::FunctionDef(function) = stmt
        && checker.enabled(RuleId::B503)
    {
        ssl_with_bad_defaults::check(checker, function);
    }
}

pub(crate) fn call(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    // Rules that also look at calls whose callee does not resolve (methods, locals).
    if checker.enabled(RuleId::B502) {
        ssl_with_bad_version::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B507) {
        ssh_no_host_key_verification::check(checker, call);
    }
    let Some(callee) = callee else { return };
    if checker.enabled(RuleId::B501) {
        request_with_no_cert_validation::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B504) {
        ssl_with_no_version::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B505) {
        weak_cryptographic_key::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B506) {
        yaml_load::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B508) {
        snmp_insecure_version::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B509) {
        snmp_weak_cryptography::check(checker, call, callee);
    }
}

pub(crate) fn expression(checker: &Checker, expr: &Expr) {
    let _ = (checker, expr);
}

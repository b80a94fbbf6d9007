//! B1xx: general checks (assert, exec, permissions, hardcoded passwords and paths,
//! swallowed exceptions, requests without timeout).

use sg_python::QualifiedName;
use sg_python::ast::{ExceptHandlerExceptHandler, Expr, ExprCall, Stmt};

use crate::checker::Checker;
use crate::registry::RuleId;

pub mod assert_used;
pub mod exec_used;
pub mod hardcoded_bind_all_interfaces;
pub mod hardcoded_password_default;
pub mod hardcoded_password_funcarg;
pub mod hardcoded_password_string;
pub mod hardcoded_tmp_directory;
pub mod request_without_timeout;
pub mod set_bad_file_permissions;
pub mod try_except_continue;
pub mod try_except_pass;

pub(crate) fn statement(checker: &Checker, stmt: &Stmt) {
    match stmt {
        Stmt::Assert(assert) if checker.enabled(RuleId::B101) => {
            assert_used::check(checker, assert);
        }
        Stmt::Assign(_) | Stmt::AnnAssign(_) if checker.enabled(RuleId::B105) => {
            hardcoded_password_string::check_assignment(checker, stmt);
        }
        Stmt::FunctionDef(function) if checker.enabled(RuleId::B107) => {
            hardcoded_password_default::check(checker, function);
        }
        _ => {}
    }
}

pub(crate) fn call(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    if checker.enabled(RuleId::B103) {
        set_bad_file_permissions::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B106) {
        hardcoded_password_funcarg::check(checker, call);
    }
    let Some(callee) = callee else { return };
    if checker.enabled(RuleId::B102) {
        exec_used::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B113) {
        request_without_timeout::check(checker, call, callee);
    }
}

pub(crate) fn expression(checker: &Checker, expr: &Expr) {
    match expr {
        Expr::StringLiteral(literal) => {
            if checker.enabled(RuleId::B104) {
                hardcoded_bind_all_interfaces::check(checker, literal);
            }
            if checker.enabled(RuleId::B108) {
                hardcoded_tmp_directory::check(checker, expr);
            }
        }
        Expr::FString(_) if checker.enabled(RuleId::B108) => {
            hardcoded_tmp_directory::check(checker, expr);
        }
        Expr::Compare(compare) if checker.enabled(RuleId::B105) => {
            hardcoded_password_string::check_compare(checker, compare);
        }
        Expr::Dict(dict) if checker.enabled(RuleId::B105) => {
            hardcoded_password_string::check_dict(checker, dict);
        }
        _ => {}
    }
}

pub(crate) fn except_handler(checker: &Checker, handler: &ExceptHandlerExceptHandler) {
    if checker.enabled(RuleId::B110) {
        try_except_pass::check(checker, handler);
    }
    if checker.enabled(RuleId::B112) {
        try_except_continue::check(checker, handler);
    }
}

/// Whether an `except` clause catches every exception: bare, `Exception`, `BaseException`
/// (the builtins, resolved), or a tuple holding one of them.
pub(crate) fn catches_everything(checker: &Checker, handler: &ExceptHandlerExceptHandler) -> bool {
    let Some(type_) = &handler.type_ else {
        return true;
    };
    let is_broad = |expr: &Expr| {
        checker.resolve_qualified_name(expr).is_some_and(|name| {
            matches!(
                name.segments(),
                ["" | "builtins", "Exception" | "BaseException"]
            )
        })
    };
    match &**type_ {
        Expr::Tuple(tuple) => tuple.elts.iter().any(is_broad),
        other => is_broad(other),
    }
}

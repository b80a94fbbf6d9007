//! B6xx: injection (shell commands, SQL built from strings, Django raw SQL, …), plus the
//! unsafe-loading checks Bandit numbers here (logging listener, trojan source, PyTorch,
//! Hugging Face downloads).

use sg_diagnostics::Finding;
use sg_python::ast::{Expr, ExprCall, Stmt};
use sg_python::{PythonSource, QualifiedName};

use crate::checker::Checker;
use crate::registry::RuleId;
use crate::settings::Settings;

pub mod any_other_function_with_shell_equals_true;
pub mod django_extra_used;
pub mod django_rawsql_used;
pub mod hardcoded_sql_expressions;
pub mod huggingface_unsafe_download;
pub mod linux_commands_wildcard_injection;
pub mod logging_config_insecure_listen;
pub mod paramiko_calls;
pub mod pytorch_load;
pub mod start_process_with_a_shell;
pub mod start_process_with_no_shell;
pub mod start_process_with_partial_path;
pub mod subprocess_popen_with_shell_equals_true;
pub mod subprocess_without_shell_equals_true;
pub mod trojansource;

pub(crate) fn statement(checker: &Checker, stmt: &Stmt) {
    if checker.enabled(RuleId::B608) {
        hardcoded_sql_expressions::check(checker, stmt);
    }
}

pub(crate) fn call(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    // Rules that also look at calls whose callee does not resolve (methods, locals).
    if checker.enabled(RuleId::B601) {
        paramiko_calls::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B604) {
        any_other_function_with_shell_equals_true::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B610) {
        django_extra_used::check(checker, call);
    }
    let Some(callee) = callee else { return };
    if checker.enabled(RuleId::B602) {
        subprocess_popen_with_shell_equals_true::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B603) {
        subprocess_without_shell_equals_true::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B605) {
        start_process_with_a_shell::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B606) {
        start_process_with_no_shell::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B607) {
        start_process_with_partial_path::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B609) {
        linux_commands_wildcard_injection::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B611) {
        django_rawsql_used::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B612) {
        logging_config_insecure_listen::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B614) {
        pytorch_load::check(checker, call, callee);
    }
    if checker.enabled(RuleId::B615) {
        huggingface_unsafe_download::check(checker, call, callee);
    }
}

pub(crate) fn expression(checker: &Checker, expr: &Expr) {
    let _ = (checker, expr);
}

/// Checks on the text of the file rather than its tree.
pub(crate) fn source_text(
    settings: &Settings,
    source: &PythonSource,
    display_path: &str,
    findings: &mut Vec<Finding>,
) {
    if settings.rules.contains(RuleId::B613) {
        trojansource::check(source, display_path, findings);
    }
}

use sg_diagnostics::Severity;
use sg_python::ast::{self, Expr, ExprCall, Number, Operator};
use sg_python::{QualifiedName, Ranged, UnqualifiedName};

use crate::checker::Checker;
use crate::rules::bandit::helpers::keyword;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `chmod` calls (any callee whose name contains `chmod`: `os.chmod`,
    /// `os.fchmod`, `os.lchmod`, `Path.chmod`…) that set a mode with any of the bits
    /// group-write, group-execute, other-write or other-execute. World-writable is HIGH
    /// severity, the others MEDIUM.
    ///
    /// Like Bandit the mode must be the second positional argument; beyond Bandit, the
    /// `mode=` keyword, `|` combinations and `stat.S_I*` constants are evaluated too
    /// (`os.chmod(path, stat.S_IRWXU | stat.S_IRWXO)`).
    ///
    /// ## Why is this bad?
    /// A file that other users can write (or a group can execute) lets another account on
    /// the machine change the program's data or code.
    ///
    /// ## Example
    /// ```python
    /// os.chmod("/etc/app/key.pem", 0o777)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// os.chmod("/etc/app/key.pem", 0o600)
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/os.html#os.chmod>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b103_set_bad_file_permissions.html>
    /// - <https://cwe.mitre.org/data/definitions/732.html>
    pub static SET_BAD_FILE_PERMISSIONS: Rule {
        code: "B103",
        name: "set-bad-file-permissions",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(732),
        summary: "chmod with a permissive mode",
        aliases: ["set_bad_file_permissions", "S103"],
    }
}

const S_IWOTH: u64 = 0o002;
const DANGEROUS: u64 = 0o002 | 0o020 | 0o010 | 0o001;

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    let name = match callee {
        Some(callee) => callee.segments().last().copied(),
        None => {
            UnqualifiedName::from_expr(&call.func).and_then(|name| name.segments().last().copied())
        }
    };
    if !name.is_some_and(|name| name.contains("chmod")) {
        return;
    }
    let positional = &call.arguments.args;
    let (target, mode) = match (positional.len(), keyword(call, "mode")) {
        (2, None) => (positional.first(), positional.get(1)),
        (1, Some(mode)) => (positional.first(), Some(mode)),
        _ => return,
    };
    let Some(mode_value) = mode.and_then(|mode| evaluate_mode(checker, mode, 0)) else {
        return;
    };
    if mode_value & DANGEROUS == 0 {
        return;
    }
    let severity = if mode_value & S_IWOTH == 0 {
        Severity::Medium
    } else {
        Severity::High
    };
    let target = target.map_or("NOT PARSED", |target| {
        checker.locator().slice(target.range())
    });
    checker.report(
        checker
            .finding(
                &SET_BAD_FILE_PERMISSIONS,
                call.range(),
                format!("Chmod setting a permissive mask {mode_value:#o} on file ({target})"),
            )
            .with_severity(severity),
    );
}

/// The integer value of a mode expression: literals, `|`/`+` of those, `stat.S_I*` names.
fn evaluate_mode(checker: &Checker, expr: &Expr, depth: u32) -> Option<u64> {
    if depth > 16 {
        return None;
    }
    match expr {
        Expr::NumberLiteral(ast::ExprNumberLiteral {
            value: Number::Int(int),
            ..
        }) => int.as_u64(),
        Expr::BinOp(binary) if matches!(binary.op, Operator::BitOr | Operator::Add) => {
            let left = evaluate_mode(checker, &binary.left, depth + 1)?;
            let right = evaluate_mode(checker, &binary.right, depth + 1)?;
            Some(left | right)
        }
        Expr::Name(_) | Expr::Attribute(_) => {
            let name = checker.resolve_qualified_name(expr)?;
            match name.segments() {
                ["stat", constant] => stat_constant(constant),
                _ => None,
            }
        }
        _ => None,
    }
}

fn stat_constant(name: &str) -> Option<u64> {
    Some(match name {
        "S_ISUID" => 0o4000,
        "S_ISGID" => 0o2000,
        "S_ISVTX" => 0o1000,
        "S_IRWXU" => 0o700,
        "S_IRUSR" | "S_IREAD" => 0o400,
        "S_IWUSR" | "S_IWRITE" => 0o200,
        "S_IXUSR" | "S_IEXEC" => 0o100,
        "S_IRWXG" => 0o070,
        "S_IRGRP" => 0o040,
        "S_IWGRP" => 0o020,
        "S_IXGRP" => 0o010,
        "S_IRWXO" => 0o007,
        "S_IROTH" => 0o004,
        "S_IWOTH" => 0o002,
        "S_IXOTH" => 0o001,
        _ => return None,
    })
}

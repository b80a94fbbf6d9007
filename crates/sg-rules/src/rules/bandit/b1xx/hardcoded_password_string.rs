use sg_python::Ranged;
use sg_python::ast::{Expr, ExprCompare, ExprDict, Stmt};

use crate::checker::Checker;
use crate::rules::bandit::helpers::{looks_like_password, string_literal};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports string literals used as passwords: assigned to a name or attribute that looks
    /// like a password (`password = "hunter2"`, `self.db_token = "…"`), stored under such a
    /// key (`config["password"] = "…"`, `{"password": "…"}`), or compared with such a name
    /// (`if password == "…"`).
    ///
    /// A name looks like a password when one of its `_`-separated parts is `password` (or
    /// `passwd`, `pwd`, `pass`, `passphrase`…), `token`, `secret` or `secrete`, ignoring case,
    /// exactly as in Bandit. Beyond Bandit, annotated assignments (`password: str = "…"`) are
    /// checked too, and a dict value that is not a string or bytes literal (`{"token": None}`)
    /// is not reported.
    ///
    /// When `SEC401` (hardcoded-secret-assignment, and the Django/Flask/JWT rules SEC404–SEC407) is enabled too, as in the default selection, a
    /// `B105` finding on a literal that `SEC401` reports is dropped, so one hardcoded password
    /// is reported once; `B105` still reports what `SEC401` judges not to be a secret
    /// (`token_type = "bearer"`), with Bandit's semantics. `--select B` (or ignoring `SEC4`)
    /// gives Bandit's findings unchanged.
    ///
    /// ## Why is this bad?
    /// A credential in source code is readable by everyone with the code, lives forever in
    /// version control, and is the same in every deployment.
    ///
    /// ## Example
    /// ```python
    /// DATABASE_PASSWORD = "s3cr3t"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import os
    ///
    /// DATABASE_PASSWORD = os.environ["DATABASE_PASSWORD"]
    /// ```
    ///
    /// ## References
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b105_hardcoded_password_string.html>
    /// - <https://cwe.mitre.org/data/definitions/259.html>
    pub static HARDCODED_PASSWORD_STRING: Rule {
        code: "B105",
        name: "hardcoded-password-string",
        scanner: Source,
        severity: Low,
        confidence: Medium,
        cwe: Some(259),
        summary: "Possible hardcoded password string",
        aliases: ["hardcoded_password_string", "S105"],
    }
}

fn report(checker: &Checker, at: &Expr, value: &str) {
    checker.report(checker.finding(
        &HARDCODED_PASSWORD_STRING,
        at.range(),
        format!("Possible hardcoded password: '{value}'"),
    ));
}

fn target_looks_like_password(target: &Expr) -> bool {
    match target {
        Expr::Name(name) => looks_like_password(name.id.as_str()),
        Expr::Attribute(attribute) => looks_like_password(attribute.attr.as_str()),
        _ => false,
    }
}

/// `password = "x"`, `self.password = "x"`, `d["password"] = "x"`.
pub(crate) fn check_assignment(checker: &Checker, stmt: &Stmt) {
    let (targets, value): (&[Expr], &Expr) = match stmt {
        Stmt::Assign(assign) => (&assign.targets, &assign.value),
        Stmt::AnnAssign(assign) => match &assign.value {
            Some(value) => (std::slice::from_ref(&*assign.target), value),
            None => return,
        },
        _ => return,
    };
    let Some(text) = string_literal(value) else {
        return;
    };
    if targets.iter().any(target_looks_like_password) {
        report(checker, value, text);
        return;
    }
    for target in targets {
        if let Expr::Subscript(subscript) = target
            && string_literal(&subscript.slice).is_some_and(looks_like_password)
        {
            report(checker, &subscript.slice, text);
            return;
        }
    }
}

/// `password == "x"` (a name or attribute on the left, a string first on the right).
pub(crate) fn check_compare(checker: &Checker, compare: &ExprCompare) {
    if !target_looks_like_password(&compare.left) {
        return;
    }
    if let Some(first) = compare.comparators.first()
        && let Some(text) = string_literal(first)
    {
        report(checker, first, text);
    }
}

/// `{"password": "x"}`
pub(crate) fn check_dict(checker: &Checker, dict: &ExprDict) {
    for item in &dict.items {
        let Some(key) = &item.key else { continue };
        if !string_literal(key).is_some_and(looks_like_password) {
            continue;
        }
        match &item.value {
            Expr::StringLiteral(literal) => report(checker, key, literal.value.to_str()),
            Expr::BytesLiteral(_) => {
                report(checker, key, checker.locator().slice(item.value.range()));
            }
            _ => {}
        }
    }
}

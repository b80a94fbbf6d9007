use sg_python::Ranged;
use sg_python::ast::StmtFunctionDef;

use crate::checker::Checker;
use crate::rules::bandit::helpers::{looks_like_password, string_literal};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports function parameters that look like a password (`password`, `db_pwd`,
    /// `api_token`, `secret`…) and default to a string literal. Reported at the default,
    /// once per function.
    ///
    /// Beyond Bandit, which looks only at plain positional parameters of non-async
    /// functions, positional-only and keyword-only parameters and `async def` are checked
    /// too (and defaults are matched to the right parameters when positional-only ones
    /// exist).
    ///
    /// When `SEC403` (hardcoded-secret-default) is enabled too, as in the default selection, a
    /// `B107` finding on a literal that `SEC403` reports is dropped, so one hardcoded password
    /// is reported once; `B107` still reports what `SEC403` judges not to be a secret
    /// (`token_type = "bearer"`), with Bandit's semantics. `--select B` (or ignoring `SEC4`)
    /// gives Bandit's findings unchanged.
    ///
    /// ## Why is this bad?
    /// A default credential is used whenever a caller forgets to pass one, silently, and it
    /// is the same in every deployment.
    ///
    /// ## Example
    /// ```python
    /// def connect(user, password="admin"):
    ///     ...
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// def connect(user, password):
    ///     ...
    /// ```
    ///
    /// ## References
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b107_hardcoded_password_default.html>
    /// - <https://cwe.mitre.org/data/definitions/259.html>
    pub static HARDCODED_PASSWORD_DEFAULT: Rule {
        code: "B107",
        name: "hardcoded-password-default",
        scanner: Source,
        severity: Low,
        confidence: Medium,
        cwe: Some(259),
        summary: "Possible hardcoded password as a parameter default",
        aliases: ["hardcoded_password_default", "S107"],
    }
}

pub(crate) fn check(checker: &Checker, function: &StmtFunctionDef) {
    let parameters = &function.parameters;
    let with_defaults = parameters
        .posonlyargs
        .iter()
        .chain(&parameters.args)
        .chain(&parameters.kwonlyargs);
    for parameter in with_defaults {
        let Some(default) = parameter.default() else {
            continue;
        };
        if !looks_like_password(parameter.name().as_str()) {
            continue;
        }
        if let Some(text) = string_literal(default) {
            checker.report(checker.finding(
                &HARDCODED_PASSWORD_DEFAULT,
                default.range(),
                format!("Possible hardcoded password: '{text}'"),
            ));
            return;
        }
    }
}

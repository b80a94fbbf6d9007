use sg_python::Ranged;
use sg_python::ast::ExprCall;

use crate::checker::Checker;
use crate::rules::bandit::helpers::{looks_like_password, string_literal};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports calls that pass a string literal to a keyword argument that looks like a
    /// password (`connect(password="…")`, `Client(api_token="…")`): one of the keyword's
    /// `_`-separated parts is `password`, `passwd`, `pwd`, `pass`, `passphrase`, `token`,
    /// `secret` or `secrete`, ignoring case. Reported at the value, once per call.
    ///
    /// When `SEC402` (hardcoded-secret-argument) is enabled too, as in the default selection, a
    /// `B106` finding on a literal that `SEC402` reports is dropped, so one hardcoded password
    /// is reported once; `B106` still reports what `SEC402` judges not to be a secret
    /// (`token_type = "bearer"`), with Bandit's semantics. `--select B` (or ignoring `SEC4`)
    /// gives Bandit's findings unchanged.
    ///
    /// ## Why is this bad?
    /// A credential in source code is readable by everyone with the code, lives forever in
    /// version control, and is the same in every deployment.
    ///
    /// ## Example
    /// ```python
    /// db = connect(user="app", password="s3cr3t")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// db = connect(user="app", password=os.environ["DB_PASSWORD"])
    /// ```
    ///
    /// ## References
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b106_hardcoded_password_funcarg.html>
    /// - <https://cwe.mitre.org/data/definitions/259.html>
    pub static HARDCODED_PASSWORD_FUNCARG: Rule {
        code: "B106",
        name: "hardcoded-password-funcarg",
        scanner: Source,
        severity: Low,
        confidence: Medium,
        cwe: Some(259),
        summary: "Possible hardcoded password in a keyword argument",
        aliases: ["hardcoded_password_funcarg", "S106"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall) {
    for keyword in &call.arguments.keywords {
        let Some(name) = &keyword.arg else { continue };
        if !looks_like_password(name.as_str()) {
            continue;
        }
        if let Some(text) = string_literal(&keyword.value) {
            checker.report(checker.finding(
                &HARDCODED_PASSWORD_FUNCARG,
                keyword.value.range(),
                format!("Possible hardcoded password: '{text}'"),
            ));
            return;
        }
    }
}

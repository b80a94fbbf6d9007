use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports every call to Django's `mark_safe` (B703 reports only the ones whose argument is not
    /// a literal).
    ///
    /// ## Why is this bad?
    /// `mark_safe` turns off HTML escaping for its argument. If any part of it comes from a user,
    /// the page runs the user's script.
    ///
    /// ## Example
    /// ```python
    /// from django.utils.safestring import mark_safe
    ///
    /// html = mark_safe(f"<b>{user.name}</b>")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from django.utils.html import format_html
    ///
    /// html = format_html("<b>{}</b>", user.name)
    /// ```
    ///
    /// ## References
    /// - <https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.safestring.mark_safe>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b308-mark-safe>
    /// - <https://cwe.mitre.org/data/definitions/79.html>
    pub static MARK_SAFE: Rule {
        code: "B308",
        name: "mark-safe",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(79),
        summary: "Use of Django's mark_safe",
        aliases: ["mark_safe", "S308"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(
        callee.segments(),
        ["django", "utils", "safestring", "mark_safe"]
    ) {
        return;
    }
    checker.report(checker.finding(
        &MARK_SAFE,
        call.range(),
        "Use of mark_safe() may expose cross-site scripting vulnerabilities and should be reviewed",
    ));
}

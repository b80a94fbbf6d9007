use sg_diagnostics::Confidence;
use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::has_unpacking;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `jinja2.Environment(...)` without HTML escaping:
    ///
    /// - no `autoescape=` argument, or `autoescape=False`: HIGH confidence;
    /// - `autoescape=` set to something other than `True` or a `select_autoescape(...)`
    ///   call (a variable, a function of your own): MEDIUM confidence.
    ///
    /// Differences from Bandit: the callee is resolved through imports (any `Environment`
    /// under `jinja2`, e.g. `jinja2.environment.Environment`), and so is
    /// `select_autoescape` (a local function of that name is not trusted). A call without
    /// `autoescape=` that unpacks `**options` may set it there, so it is MEDIUM confidence
    /// instead of HIGH.
    ///
    /// ## Why is this bad?
    /// Without autoescaping, `{{ comment }}` inserts the value as raw HTML: a value from a
    /// user can carry `<script>` into the page (cross-site scripting). Jinja2's default is
    /// not to escape.
    ///
    /// ## Example
    /// ```python
    /// import jinja2
    ///
    /// env = jinja2.Environment(loader=jinja2.FileSystemLoader("templates"))
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import jinja2
    ///
    /// env = jinja2.Environment(
    ///     loader=jinja2.FileSystemLoader("templates"),
    ///     autoescape=jinja2.select_autoescape(),
    /// )
    /// ```
    ///
    /// ## References
    /// - <https://jinja.palletsprojects.com/en/stable/api/#autoescaping>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b701_jinja2_autoescape_false.html>
    /// - <https://cwe.mitre.org/data/definitions/94.html>
    pub static JINJA2_AUTOESCAPE_FALSE: Rule {
        code: "B701",
        name: "jinja2-autoescape-false",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(94),
        summary: "Jinja2 environment without autoescaping",
        aliases: ["jinja2_autoescape_false", "S701"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(callee.segments(), ["jinja2", .., "Environment"]) {
        return;
    }
    let (message, confidence) = match call.arguments.find_keyword("autoescape") {
        None => (
            "By default, jinja2 sets autoescape to False. Consider using autoescape=True or use \
             the select_autoescape function to mitigate XSS vulnerabilities",
            if has_unpacking(call) {
                Confidence::Medium
            } else {
                Confidence::High
            },
        ),
        Some(keyword) => match &keyword.value {
            Expr::BooleanLiteral(literal) if literal.value => return,
            Expr::BooleanLiteral(_) => (
                "Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. \
                 Use autoescape=True or use the select_autoescape function to mitigate XSS \
                 vulnerabilities",
                Confidence::High,
            ),
            Expr::Call(select)
                if checker
                    .resolve_qualified_name(&select.func)
                    .is_some_and(|name| {
                        matches!(name.segments(), ["jinja2", .., "select_autoescape"])
                    }) =>
            {
                return;
            }
            _ => (
                "Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. \
                 Ensure autoescape=True or use the select_autoescape function to mitigate XSS \
                 vulnerabilities",
                Confidence::Medium,
            ),
        },
    };
    checker.report(
        checker
            .finding(&JINJA2_AUTOESCAPE_FALSE, call.range(), message)
            .with_confidence(confidence),
    );
}

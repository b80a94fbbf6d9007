use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports Mako templates created with `mako.template.Template(...)` (any `Template`
    /// under `mako`), which do not escape HTML by default.
    ///
    /// The callee is resolved through imports; Bandit matches any dotted name that contains
    /// `mako` and ends in `Template`, imported or not.
    ///
    /// ## Why is this bad?
    /// `${comment}` in a Mako template inserts the value as raw HTML unless a filter (`|h`)
    /// or `default_filters` escapes it: a value from a user can carry `<script>` into the
    /// page (cross-site scripting).
    ///
    /// ## Example
    /// ```python
    /// from mako.template import Template
    ///
    /// page = Template("<p>${comment}</p>").render(comment=comment)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from mako.template import Template
    ///
    /// page = Template("<p>${comment}</p>", default_filters=["h"]).render(comment=comment)
    /// ```
    ///
    /// ## References
    /// - <https://docs.makotemplates.org/en/latest/filtering.html>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b702_use_of_mako_templates.html>
    /// - <https://cwe.mitre.org/data/definitions/80.html>
    pub static USE_OF_MAKO_TEMPLATES: Rule {
        code: "B702",
        name: "use-of-mako-templates",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(80),
        summary: "Mako template without HTML escaping by default",
        aliases: ["use_of_mako_templates", "S702"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if matches!(callee.segments(), ["mako", .., "Template"]) {
        checker.report(checker.finding(
            &USE_OF_MAKO_TEMPLATES,
            call.range(),
            "Mako templates allow HTML/JS rendering by default and are inherently open to XSS \
             attacks. Ensure variables in all templates are properly sanitized via the 'n', 'h' \
             or 'x' flags (depending on context). For example, to HTML escape the variable \
             'data' do ${ data |h }",
        ));
    }
}

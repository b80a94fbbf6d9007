use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::{is_any_dotted, is_constant};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `markupsafe.Markup(x)` (and `flask.Markup`, plus the dotted names of
    /// `markupsafe_xss.extend_markup_names`) when `x` is not a literal. A first argument
    /// that is a call to one of `markupsafe_xss.allowed_calls` (dotted names, e.g. a
    /// sanitiser such as `bleach.clean`) is trusted.
    ///
    /// Names are resolved through imports, for the callee and for the allowed calls.
    ///
    /// ## Why is this bad?
    /// `Markup` marks its argument as safe HTML: templates insert it without escaping. A
    /// value from a user wrapped in `Markup` can carry `<script>` into the page (cross-site
    /// scripting).
    ///
    /// ## Example
    /// ```python
    /// from markupsafe import Markup
    ///
    /// def greeting(name):
    ///     return Markup(f"<b>Hello {name}</b>")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from markupsafe import Markup
    ///
    /// def greeting(name):
    ///     return Markup("<b>Hello {}</b>").format(name)  # format() escapes `name`
    /// ```
    ///
    /// ## References
    /// - <https://markupsafe.palletsprojects.com/en/stable/escaping/>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b704_markupsafe_markup_xss.html>
    /// - <https://cwe.mitre.org/data/definitions/79.html>
    pub static MARKUPSAFE_MARKUP_XSS: Rule {
        code: "B704",
        name: "markupsafe-markup-xss",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(79),
        summary: "Non-literal value marked as safe HTML with Markup",
        aliases: ["markupsafe_markup_xss", "S704"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    let options = &checker.options().markupsafe_xss;
    if !matches!(callee.segments(), ["markupsafe" | "flask", "Markup"])
        && !is_any_dotted(callee, &options.extend_markup_names)
    {
        return;
    }
    let Some(content) = call.arguments.args.first() else {
        return;
    };
    if is_constant(content) {
        return;
    }
    if let Expr::Call(inner) = content
        && !options.allowed_calls.is_empty()
        && checker
            .resolve_qualified_name(&inner.func)
            .is_some_and(|name| is_any_dotted(&name, &options.allowed_calls))
    {
        return;
    }
    let short_name = callee.segments().last().copied().unwrap_or_default();
    checker.report(checker.finding(
        &MARKUPSAFE_MARKUP_XSS,
        call.range(),
        format!(
            "Potential XSS with `{callee}` detected. Do not use `{short_name}` on untrusted data"
        ),
    ));
}

#[cfg(test)]
mod tests {
    use crate::rules::bandit::helpers::findings_of;
    use crate::{Options, RuleId};

    #[test]
    fn extra_markup_names_and_allowed_calls() {
        let options: Options = toml::from_str(
            "[markupsafe_xss]\nextend_markup_names = ['webhelpers.html.literal']\n\
             allowed_calls = ['bleach.clean']\n",
        )
        .unwrap_or_default();
        let source = "import bleach\n\
                      from markupsafe import Markup\n\
                      from webhelpers.html import literal\n\
                      literal(comment)\n\
                      Markup(bleach.clean(comment))\n\
                      Markup(str(comment))\n";
        assert_eq!(
            findings_of(RuleId::B704, options, source),
            vec![
                "4:1 B704 medium Potential XSS with `webhelpers.html.literal` detected. Do not \
                 use `literal` on untrusted data",
                "6:1 B704 medium Potential XSS with `markupsafe.Markup` detected. Do not use \
                 `Markup` on untrusted data",
            ]
        );
    }
}

use sg_python::Ranged;
use sg_python::ast::{Expr, ExprCall};

use crate::checker::Checker;
use crate::rules::bandit::helpers::string_literal;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports Django's `QuerySet.extra(...)` unless every SQL fragment it receives is a
    /// string literal: `where` and `tables` must be lists of string literals, and `select` a
    /// dict with string-literal keys and values (positional arguments are mapped to
    /// `select, where, params, tables, order_by, select_params`). Values passed through
    /// `params`/`select_params` are not examined: that is the safe way to pass them.
    ///
    /// A query set cannot be typed statically, so any `.extra(...)` method call is examined,
    /// as in Bandit. Unlike Bandit, a plain function call `extra(...)` (not a method) is not
    /// reported.
    ///
    /// ## Why is this bad?
    /// `extra()` pastes its `select`, `where` and `tables` fragments into the SQL query as
    /// they are: a fragment built from request data can change the query.
    ///
    /// ## Example
    /// ```python
    /// def search(request):
    ///     order = request.GET["order"]
    ///     return Article.objects.extra(where=[f"status = '{order}'"])
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// def search(request):
    ///     order = request.GET["order"]
    ///     return Article.objects.extra(where=["status = %s"], params=[order])
    /// ```
    ///
    /// ## References
    /// - <https://docs.djangoproject.com/en/stable/ref/models/querysets/#extra>
    /// - <https://docs.djangoproject.com/en/stable/topics/security/#sql-injection-protection>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b610_django_extra_used.html>
    /// - <https://cwe.mitre.org/data/definitions/89.html>
    pub static DJANGO_EXTRA_USED: Rule {
        code: "B610",
        name: "django-extra-used",
        scanner: Source,
        severity: Medium,
        confidence: Medium,
        cwe: Some(89),
        summary: "Django QuerySet.extra with SQL that is not a literal",
        aliases: ["django_extra_used", "S610"],
    }
}

/// `QuerySet.extra(select=None, where=None, params=None, tables=None, order_by=None,
/// select_params=None)`.
const PARAMETERS: [&str; 6] = [
    "select",
    "where",
    "params",
    "tables",
    "order_by",
    "select_params",
];

pub(crate) fn check(checker: &Checker, call: &ExprCall) {
    let Expr::Attribute(method) = &*call.func else {
        return;
    };
    if method.attr.as_str() != "extra" {
        return;
    }
    let argument = |name: &str| {
        let position = PARAMETERS.iter().position(|parameter| *parameter == name)?;
        call.arguments.find_argument_value(name, position)
    };
    let literal_list = |expr: &Expr| match expr {
        Expr::List(list) => list.elts.iter().all(|elt| string_literal(elt).is_some()),
        _ => false,
    };
    let mut insecure = ["where", "tables"]
        .iter()
        .filter_map(|name| argument(name))
        .any(|value| !literal_list(value));
    if !insecure && let Some(select) = argument("select") {
        insecure = match select {
            Expr::Dict(dict) => !dict.items.iter().all(|item| {
                item.key
                    .as_ref()
                    .is_some_and(|key| string_literal(key).is_some())
                    && string_literal(&item.value).is_some()
            }),
            _ => true,
        };
    }
    if insecure {
        checker.report(checker.finding(
            &DJANGO_EXTRA_USED,
            call.range(),
            "Use of extra potential SQL attack vector",
        ));
    }
}

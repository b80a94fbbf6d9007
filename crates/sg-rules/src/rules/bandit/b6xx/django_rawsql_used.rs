use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::string_literal;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports Django's `RawSQL(sql, params)` expression when `sql` is not a string literal.
    ///
    /// The callee is resolved through imports (`django.db.models.RawSQL` or
    /// `django.db.models.expressions.RawSQL`). Bandit reports any call named `RawSQL` in a
    /// file that imports something under `django.db.models`, so a project's own `RawSQL`
    /// helper is reported there and not here.
    ///
    /// ## Why is this bad?
    /// The `sql` text goes into the query as it is; values pasted into it (instead of being
    /// passed through `params`) can change the query.
    ///
    /// ## Example
    /// ```python
    /// from django.db.models.expressions import RawSQL
    ///
    /// def ranked(request):
    ///     column = request.GET["column"]
    ///     return Article.objects.annotate(rank=RawSQL(f"SELECT {column} FROM stats", []))
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from django.db.models.expressions import RawSQL
    ///
    /// def ranked(request):
    ///     category = request.GET["category"]
    ///     return Article.objects.annotate(
    ///         rank=RawSQL("SELECT rank FROM stats WHERE category = %s", [category])
    ///     )
    /// ```
    ///
    /// ## References
    /// - <https://docs.djangoproject.com/en/stable/ref/models/expressions/#raw-sql-expressions>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b611_django_rawsql_used.html>
    /// - <https://cwe.mitre.org/data/definitions/89.html>
    pub static DJANGO_RAWSQL_USED: Rule {
        code: "B611",
        name: "django-rawsql-used",
        scanner: Source,
        severity: Medium,
        confidence: Medium,
        cwe: Some(89),
        summary: "Django RawSQL with SQL that is not a literal",
        aliases: ["django_rawsql_used", "S611"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(
        callee.segments(),
        ["django", "db", "models", "RawSQL"] | ["django", "db", "models", "expressions", "RawSQL"]
    ) {
        return;
    }
    // `RawSQL(*parts)` counts too: whatever it unpacks is not a literal here.
    let Some(sql) = call.arguments.args.first().or_else(|| {
        call.arguments
            .find_keyword("sql")
            .map(|keyword| &keyword.value)
    }) else {
        return;
    };
    if string_literal(sql).is_none() {
        checker.report(checker.finding(
            &DJANGO_RAWSQL_USED,
            call.range(),
            "Use of RawSQL potential SQL attack vector",
        ));
    }
}

use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `marshal.load` and `marshal.loads`.
    ///
    /// ## Why is this bad?
    /// `marshal` is an internal format for `.pyc` files. It is not designed to be safe against
    /// malformed or malicious data: loading crafted bytes can crash the interpreter or build
    /// unexpected code objects.
    ///
    /// ## Example
    /// ```python
    /// import marshal
    ///
    /// config = marshal.loads(blob)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import json
    ///
    /// config = json.loads(blob)
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/marshal.html>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b302-marshal>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static MARSHAL: Rule {
        code: "B302",
        name: "marshal",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "Deserialization with marshal",
        aliases: ["S302"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(callee.segments(), ["marshal", "load" | "loads"]) {
        return;
    }
    checker.report(checker.finding(
        &MARSHAL,
        call.range(),
        "Deserialization with the marshal module is possibly dangerous",
    ));
}

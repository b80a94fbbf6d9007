use sg_python::Ranged;
use sg_python::ast::ExprStringLiteral;

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports the string literal `"0.0.0.0"`, which as a bind address means "every network
    /// interface".
    ///
    /// ## Why is this bad?
    /// A service bound to all interfaces is reachable from every network the machine is on,
    /// including ones it was never meant to serve (a public interface next to the private one).
    ///
    /// ## Example
    /// ```python
    /// app.run(host="0.0.0.0")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// app.run(host="127.0.0.1")  # or the one interface the service is for, from config
    /// ```
    ///
    /// ## References
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b104_hardcoded_bind_all_interfaces.html>
    /// - <https://cwe.mitre.org/data/definitions/605.html>
    pub static HARDCODED_BIND_ALL_INTERFACES: Rule {
        code: "B104",
        name: "hardcoded-bind-all-interfaces",
        scanner: Source,
        severity: Medium,
        confidence: Medium,
        cwe: Some(605),
        summary: "Possible binding to all interfaces",
        aliases: ["hardcoded_bind_all_interfaces", "S104"],
    }
}

pub(crate) fn check(checker: &Checker, literal: &ExprStringLiteral) {
    if literal.value.to_str() == "0.0.0.0" {
        checker.report(checker.finding(
            &HARDCODED_BIND_ALL_INTERFACES,
            literal.range(),
            "Possible binding to all interfaces",
        ));
    }
}

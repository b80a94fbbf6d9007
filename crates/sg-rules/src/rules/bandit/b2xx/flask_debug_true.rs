use sg_python::Ranged;
use sg_python::ast::{Expr, ExprCall};

use crate::checker::Checker;
use crate::rules::bandit::helpers::keyword;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `<app>.run(debug=True)` in a file that imports Flask (`import flask`,
    /// `from flask import Flask`, or any submodule). The receiver is not resolved (it is
    /// usually a local `app = Flask(__name__)`), so this keeps Bandit's heuristic; unlike
    /// Bandit, a module whose name merely contains "flask" (`flask_sqlalchemy`) does not count
    /// as importing Flask.
    ///
    /// ## Why is this bad?
    /// Flask's debug mode serves the Werkzeug debugger: anyone who can reach the page when
    /// an error happens gets a Python console in the server process.
    ///
    /// ## Example
    /// ```python
    /// app.run(debug=True)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
    /// ```
    ///
    /// ## References
    /// - <https://flask.palletsprojects.com/en/stable/debugging/>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b201_flask_debug_true.html>
    /// - <https://cwe.mitre.org/data/definitions/94.html>
    pub static FLASK_DEBUG_TRUE: Rule {
        code: "B201",
        name: "flask-debug-true",
        scanner: Source,
        severity: High,
        confidence: Medium,
        cwe: Some(94),
        summary: "Flask app run with debug=True",
        aliases: ["flask_debug_true", "S201"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall) {
    let Expr::Attribute(attribute) = &*call.func else {
        return;
    };
    if attribute.attr.as_str() != "run" || !checker.imports().imports("flask") {
        return;
    }
    let Some(debug) = keyword(call, "debug") else {
        return;
    };
    if matches!(debug, Expr::BooleanLiteral(literal) if literal.value) {
        checker.report(checker.finding(
            &FLASK_DEBUG_TRUE,
            debug.range(),
            "A Flask app appears to be run with debug=True, which exposes the Werkzeug \
             debugger and allows the execution of arbitrary code",
        ));
    }
}

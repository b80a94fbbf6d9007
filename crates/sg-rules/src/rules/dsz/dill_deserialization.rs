//! DSZ007: dill's loaders that Bandit's B301 list leaves out.

use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports the dill functions that unpickle but are not in Bandit's B301 list (which has
    /// only `dill.load`, `dill.loads` and `dill.Unpickler`): `dill.load_session`,
    /// `dill.load_module`, `dill.load_module_asdict`, the `dill.temp` helpers `load`,
    /// `loadIO` and `load_source`, and the implementation module's `dill._dill.load`,
    /// `loads`, `Unpickler`, `load_session`, `load_module`.
    ///
    /// ## Why is this bad?
    /// dill is pickle with more types: every one of these loaders runs whatever the data
    /// tells it to while restoring it. `load_session`/`load_module` restore a whole
    /// interpreter session (globals, functions, classes) from a file, and
    /// `dill.temp.load_source` imports source code from a file. A session file from someone
    /// else is a program.
    ///
    /// ## Example
    /// ```python
    /// import dill
    ///
    /// dill.load_session("notebook_state.pkl")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import json
    ///
    /// with open("notebook_state.json") as state_file:
    ///     state = json.load(state_file)  # save the data you need, not the session
    /// ```
    ///
    /// ## References
    /// - <https://dill.readthedocs.io/en/latest/>
    /// - <https://docs.python.org/3/library/pickle.html>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static DILL_DESERIALIZATION: Rule {
        code: "DSZ007",
        name: "dill-deserialization",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "dill loader outside Bandit's pickle list",
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if matches!(
        callee.segments(),
        [
            "dill",
            "load_session" | "load_module" | "load_module_asdict"
        ] | ["dill", "temp", "load" | "loadIO" | "load_source"]
            | [
                "dill",
                "_dill",
                "load"
                    | "loads"
                    | "Unpickler"
                    | "load_session"
                    | "load_module"
                    | "load_module_asdict"
            ]
    ) {
        checker.report(checker.finding(
            &DILL_DESERIALIZATION,
            call.range(),
            format!(
                "`{callee}` unpickles its input and can run code; save plain data (JSON, \
                 a pydantic model) instead of dill sessions or objects"
            ),
        ));
    }
}

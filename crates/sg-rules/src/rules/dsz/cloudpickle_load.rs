//! DSZ006: `cloudpickle.load` / `cloudpickle.loads`.

use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `cloudpickle.load` and `cloudpickle.loads` (also under `cloudpickle.cloudpickle`
    /// and `cloudpickle.cloudpickle_fast`). Bandit's pickle list does not include cloudpickle.
    ///
    /// ## Why is this bad?
    /// cloudpickle's loaders are `pickle.load`/`pickle.loads`: the data decides which
    /// functions run while it is loaded, and cloudpickle payloads routinely carry whole
    /// functions by value. Only data this process (or a trusted peer over an authenticated
    /// channel) wrote may be loaded.
    ///
    /// ## Example
    /// ```python
    /// import cloudpickle
    ///
    /// task = cloudpickle.loads(message.body)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from tasks.schemas import TaskSpec  # a pydantic model
    ///
    /// task = TaskSpec.model_validate_json(message.body)  # data, not code
    /// ```
    ///
    /// ## References
    /// - <https://github.com/cloudpipe/cloudpickle#overview>
    /// - <https://docs.python.org/3/library/pickle.html>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static CLOUDPICKLE_LOAD: Rule {
        code: "DSZ006",
        name: "cloudpickle-load",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "cloudpickle.load/loads unpickles its input",
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    let (["cloudpickle", function @ ("load" | "loads")]
    | [
        "cloudpickle",
        "cloudpickle" | "cloudpickle_fast",
        function @ ("load" | "loads"),
    ]) = callee.segments()
    else {
        return;
    };
    checker.report(checker.finding(
        &CLOUDPICKLE_LOAD,
        call.range(),
        format!(
            "`cloudpickle.{function}` unpickles its input and can run code; exchange data as \
             JSON or a validated schema (pydantic), not pickles"
        ),
    ));
}

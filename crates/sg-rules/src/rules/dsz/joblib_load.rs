//! DSZ005: `joblib.load`.

use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `joblib.load` (also the copy once vendored as `sklearn.externals.joblib.load`
    /// and `joblib.numpy_pickle.load`). Bandit's pickle list does not include joblib.
    ///
    /// ## Why is this bad?
    /// A joblib file is a pickle with numpy arrays stored beside it; loading it unpickles,
    /// so a crafted `.joblib`/`.pkl` model runs code on the machine that loads it. Models
    /// downloaded from a hub, uploaded by a user or read from a shared bucket are exactly
    /// such files.
    ///
    /// ## Example
    /// ```python
    /// import joblib
    ///
    /// model = joblib.load("downloads/classifier.joblib")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import skops.io as sio
    ///
    /// # skops refuses types it does not trust; or keep weights in safetensors / ONNX.
    /// model = sio.load("downloads/classifier.skops", trusted=["sklearn.linear_model.LogisticRegression"])
    /// ```
    ///
    /// ## References
    /// - <https://joblib.readthedocs.io/en/stable/persistence.html>
    /// - <https://scikit-learn.org/stable/model_persistence.html>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static JOBLIB_LOAD: Rule {
        code: "DSZ005",
        name: "joblib-load",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "joblib.load unpickles its input",
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if matches!(
        callee.segments(),
        ["joblib", "load"]
            | ["joblib", "numpy_pickle", "load"]
            | ["sklearn", "externals", "joblib", "load"]
    ) {
        checker.report(checker.finding(
            &JOBLIB_LOAD,
            call.range(),
            "`joblib.load` unpickles its input and can run code; load only files you produced, \
             or use skops.io, safetensors or ONNX for models",
        ));
    }
}

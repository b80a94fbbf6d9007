//! DSZ004: `numpy.load(..., allow_pickle=True)`.

use sg_diagnostics::Confidence;
use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::literal_truthiness;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `numpy.load` called with `allow_pickle=True` (keyword or third positional
    /// argument). A value that is not a literal (`allow_pickle=settings.ALLOW`) is reported
    /// with medium confidence. Bandit has no numpy check.
    ///
    /// ## Why is this bad?
    /// `.npy`/`.npz` files can hold object arrays, which numpy stores as pickles. Since numpy
    /// 1.16.3 `allow_pickle` defaults to `False` precisely because loading such a file runs
    /// whatever code its pickle names. Turning it back on makes every array file an
    /// executable.
    ///
    /// ## Example
    /// ```python
    /// import numpy as np
    ///
    /// embeddings = np.load(path, allow_pickle=True)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import numpy as np
    ///
    /// # Save plain numeric arrays (no dtype=object) and load them with the default.
    /// embeddings = np.load(path)
    /// ```
    ///
    /// ## References
    /// - <https://numpy.org/doc/stable/reference/generated/numpy.load.html>
    /// - <https://nvd.nist.gov/vuln/detail/CVE-2019-6446>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static NUMPY_LOAD_ALLOW_PICKLE: Rule {
        code: "DSZ004",
        name: "numpy-load-allow-pickle",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "numpy.load with allow_pickle=True",
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(callee.segments(), ["numpy", "load"]) {
        return;
    }
    let Some(allow_pickle) = call
        .arguments
        .find_keyword("allow_pickle")
        .map(|keyword| &keyword.value)
        .or_else(|| call.arguments.args.get(2))
    else {
        return;
    };
    let finding = match literal_truthiness(allow_pickle) {
        Some(false) => return,
        Some(true) => checker.finding(
            &NUMPY_LOAD_ALLOW_PICKLE,
            call.range(),
            "`numpy.load` with `allow_pickle=True` unpickles object arrays and can run code; \
             store numeric arrays and load them with `allow_pickle=False`",
        ),
        None => checker
            .finding(
                &NUMPY_LOAD_ALLOW_PICKLE,
                call.range(),
                "`numpy.load` with a non-literal `allow_pickle` may unpickle object arrays and \
                 run code; load with `allow_pickle=False`",
            )
            .with_confidence(Confidence::Medium),
    };
    checker.report(finding);
}

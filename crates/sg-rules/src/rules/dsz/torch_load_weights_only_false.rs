//! DSZ008: `torch.load(..., weights_only=False)`.

use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::dsz::is_false_literal;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `torch.load` (and `torch.serialization.load`) called with `weights_only=False`
    /// spelled out.
    ///
    /// Bandit's B614 reports every `torch.load` without `weights_only=True`, including the
    /// calls that rely on the default, which has been `True` since PyTorch 2.6. This rule is
    /// the explicit opt-out: someone turned the restricted unpickler off.
    ///
    /// ## Why is this bad?
    /// A PyTorch checkpoint is a zip of pickles. With `weights_only=False` the full pickle
    /// machinery runs and a malicious checkpoint executes code as soon as it is loaded (the
    /// attack used against models on public hubs). With `weights_only=True` only tensors,
    /// primitive types and allow-listed classes are rebuilt.
    ///
    /// ## Example
    /// ```python
    /// import torch
    ///
    /// state = torch.load(checkpoint_path, weights_only=False)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import torch
    /// from safetensors.torch import load_file
    ///
    /// state = torch.load(checkpoint_path, weights_only=True)
    /// # or, better, store weights as safetensors:
    /// state = load_file("model.safetensors")
    /// ```
    ///
    /// ## References
    /// - <https://pytorch.org/docs/stable/generated/torch.load.html>
    /// - <https://huggingface.co/docs/safetensors/index>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static TORCH_LOAD_WEIGHTS_ONLY_FALSE: Rule {
        code: "DSZ008",
        name: "torch-load-weights-only-false",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "torch.load with weights_only=False",
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(
        callee.segments(),
        ["torch", "load"] | ["torch", "serialization", "load"]
    ) {
        return;
    }
    let Some(weights_only) = call.arguments.find_keyword("weights_only") else {
        return;
    };
    if is_false_literal(&weights_only.value) {
        checker.report(checker.finding(
            &TORCH_LOAD_WEIGHTS_ONLY_FALSE,
            call.range(),
            "`torch.load` with `weights_only=False` unpickles the checkpoint and can run code; \
             use `weights_only=True` or safetensors",
        ));
    }
}

use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `torch.load(...)` and `torch.serialization.load(...)` unless they pass
    /// `weights_only=True`.
    ///
    /// The callee is resolved through imports: unlike Bandit, which needs the file to import
    /// `torch` and then matches the dotted text, a local function or a parameter named
    /// `torch` is not reported. As in Bandit, a `weights_only=` value that is not the literal
    /// `True` is reported, and so is a call without it, although PyTorch 2.6 and later
    /// default to `weights_only=True`: the code may run on an older PyTorch, and the intent
    /// is not visible in the call.
    ///
    /// ## Why is this bad?
    /// Without `weights_only=True`, `torch.load` unpickles the file: a checkpoint downloaded
    /// from a model hub or received from a user can run any code while it is loaded.
    ///
    /// ## Example
    /// ```python
    /// import torch
    ///
    /// state = torch.load("checkpoint.pt")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import torch
    ///
    /// state = torch.load("checkpoint.pt", weights_only=True)
    /// ```
    ///
    /// ## References
    /// - <https://pytorch.org/docs/stable/generated/torch.load.html>
    /// - <https://pytorch.org/docs/stable/notes/serialization.html#weights-only>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b614_pytorch_load.html>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static PYTORCH_LOAD: Rule {
        code: "B614",
        name: "pytorch-load",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "torch.load without weights_only=True",
        aliases: ["pytorch_load"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(
        callee.segments(),
        ["torch", "load"] | ["torch", "serialization", "load"]
    ) {
        return;
    }
    let weights_only = call.arguments.find_keyword("weights_only").is_some_and(
        |keyword| matches!(&keyword.value, Expr::BooleanLiteral(literal) if literal.value),
    );
    if !weights_only {
        checker.report(checker.finding(&PYTORCH_LOAD, call.range(), "Use of unsafe PyTorch load"));
    }
}

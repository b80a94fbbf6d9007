//! DSZ010: Hugging Face loaders with `trust_remote_code=True`.

use sg_diagnostics::Confidence;
use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::literal_truthiness;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports Hugging Face loading calls with `trust_remote_code=True`: any
    /// `*.from_pretrained(...)` (`AutoModel`, `AutoTokenizer`, a model class, even when the
    /// object it is called on cannot be resolved), `transformers.pipeline(...)`, and any other
    /// callable of `transformers`, `datasets`, `sentence_transformers`, `peft`, `optimum` or
    /// `vllm` (`datasets.load_dataset`, `SentenceTransformer`, `vllm.LLM`). A value that is
    /// not a literal (`trust_remote_code=args.trust`) is reported with medium confidence.
    ///
    /// Bandit's B615 asks for a pinned `revision=`; it does not look at this flag.
    ///
    /// ## Why is this bad?
    /// With `trust_remote_code=True` the library downloads Python files from the model
    /// repository (`modeling_*.py`, dataset scripts) and imports them: whoever can push to
    /// that repository, or take it over, runs code in your process. It is code execution
    /// by design, not deserialization of data.
    ///
    /// ## Example
    /// ```python
    /// from transformers import AutoModelForCausalLM
    ///
    /// model = AutoModelForCausalLM.from_pretrained("some-org/chat-model", trust_remote_code=True)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from transformers import AutoModelForCausalLM
    ///
    /// # A natively supported architecture, weights in safetensors, a pinned revision.
    /// model = AutoModelForCausalLM.from_pretrained(
    ///     "some-org/chat-model", revision="4f2c1d9", use_safetensors=True
    /// )
    /// ```
    ///
    /// ## References
    /// - <https://huggingface.co/docs/transformers/main/en/models#custom-models>
    /// - <https://huggingface.co/docs/hub/security>
    /// - <https://cwe.mitre.org/data/definitions/94.html>
    pub static TRUST_REMOTE_CODE: Rule {
        code: "DSZ010",
        name: "trust-remote-code",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(94),
        summary: "Hugging Face loader with trust_remote_code=True runs code from the hub",
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    let Some(flag) = call.arguments.find_keyword("trust_remote_code") else {
        return;
    };
    let is_from_pretrained = matches!(&*call.func, Expr::Attribute(attribute) if attribute.attr.as_str() == "from_pretrained");
    let is_hugging_face = callee.is_some_and(|callee| {
        matches!(
            callee.segments(),
            [
                "transformers" | "datasets" | "sentence_transformers" | "peft" | "optimum" | "vllm",
                ..
            ]
        )
    });
    if !is_from_pretrained && !is_hugging_face {
        return;
    }
    let finding = match literal_truthiness(&flag.value) {
        Some(false) => return,
        Some(true) => checker.finding(
            &TRUST_REMOTE_CODE,
            call.range(),
            "`trust_remote_code=True` downloads and runs Python code from the model repository; \
             use a natively supported model with safetensors weights and a pinned `revision`",
        ),
        None => checker
            .finding(
                &TRUST_REMOTE_CODE,
                call.range(),
                "`trust_remote_code` may be true here, which downloads and runs Python code from \
                 the model repository; pass `trust_remote_code=False`",
            )
            .with_confidence(Confidence::Medium),
    };
    checker.report(finding);
}

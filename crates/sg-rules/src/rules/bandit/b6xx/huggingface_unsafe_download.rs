use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::{is_constant, string_literal};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports downloads from the Hugging Face Hub that are not pinned to a commit:
    /// `transformers` `…from_pretrained(...)`, `datasets.load_dataset(...)` and
    /// `huggingface_hub`'s `hf_hub_download(...)` and `snapshot_download(...)`, unless they
    /// pass `revision=` (or `commit_id=`) as a hexadecimal commit hash of at least 7
    /// characters. A revision that is not a literal is trusted (it may be a pinned hash from
    /// configuration), and so is a first argument that is a local path (`./`, `../`, `/`).
    ///
    /// The callee is resolved through imports and must come from the library (its module
    /// path starts with `transformers`, `datasets` or `huggingface_hub`); Bandit matches the
    /// dotted text once any of the three is imported, so a local `load_dataset` helper in
    /// such a file is reported there and not here.
    ///
    /// ## Why is this bad?
    /// A branch or tag name (`main`, the default) can be moved by whoever controls the
    /// repository on the Hub: the next download silently gets other weights, other code
    /// (with `trust_remote_code`) or pickled data. Pinning a commit hash makes the download
    /// reproducible and reviewable.
    ///
    /// ## Example
    /// ```python
    /// from transformers import AutoModel
    ///
    /// model = AutoModel.from_pretrained("org/model")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from transformers import AutoModel
    ///
    /// model = AutoModel.from_pretrained(
    ///     "org/model", revision="5d0f2e8a7f1c2b3d4e5f60718293a4b5c6d7e8f9"
    /// )
    /// ```
    ///
    /// ## References
    /// - <https://huggingface.co/docs/huggingface_hub/guides/download#from-specific-version>
    /// - <https://huggingface.co/docs/transformers/main_classes/model#transformers.PreTrainedModel.from_pretrained>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b615_huggingface_unsafe_download.html>
    /// - <https://cwe.mitre.org/data/definitions/494.html>
    pub static HUGGINGFACE_UNSAFE_DOWNLOAD: Rule {
        code: "B615",
        name: "huggingface-unsafe-download",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(494),
        summary: "Hugging Face Hub download without a pinned revision",
        aliases: ["huggingface_unsafe_download"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    let function = match callee.segments() {
        ["transformers", .., "from_pretrained"] => "from_pretrained",
        ["datasets", .., "load_dataset"] => "load_dataset",
        ["huggingface_hub", .., "hf_hub_download"] => "hf_hub_download",
        ["huggingface_hub", .., "snapshot_download"] => "snapshot_download",
        _ => return,
    };
    let mut pins = [None, None];
    for (slot, name) in pins.iter_mut().zip(["revision", "commit_id"]) {
        let Some(keyword) = call.arguments.find_keyword(name) else {
            continue;
        };
        match &keyword.value {
            Expr::StringLiteral(literal) => *slot = Some(literal.value.to_str()),
            // Not a literal: trusted, as in Bandit (a hash from configuration).
            value if !is_constant(value) => return,
            // Another literal (`None`) pins nothing.
            _ => {}
        }
    }
    // Bandit's `revision or commit_id`.
    let [revision, commit_id] = pins;
    let pin = revision
        .filter(|revision| !revision.is_empty())
        .or(commit_id);
    if pin.is_some_and(is_commit_hash) {
        return;
    }
    if call
        .arguments
        .find_positional(0)
        .and_then(string_literal)
        .is_some_and(|source| {
            ["./", "/", "../"]
                .iter()
                .any(|prefix| source.starts_with(prefix))
        })
    {
        return;
    }
    checker.report(checker.finding(
        &HUGGINGFACE_UNSAFE_DOWNLOAD,
        call.range(),
        format!("Unsafe Hugging Face Hub download without revision pinning in {function}()"),
    ));
}

/// Bandit's test: at least 7 characters, all hexadecimal digits (quotes stripped).
fn is_commit_hash(revision: &str) -> bool {
    let revision = revision.trim_matches(|c| c == '"' || c == '\'');
    revision.len() >= 7 && revision.chars().all(|c| c.is_ascii_hexdigit())
}

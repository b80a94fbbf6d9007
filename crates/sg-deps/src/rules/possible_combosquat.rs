use sg_diagnostics::{Finding, declare_rule};

use crate::rules::Context;
use crate::typosquat::Family;

declare_rule! {
    /// ## What it does
    /// Reports a dependency whose name is a popular PyPI package's name with something added,
    /// removed or rearranged: a prefix or suffix (`python-`, `py`, `-py`, `-lib`, `-sdk`,
    /// `-api`, `-utils`…, in both directions), its words in another order, or a version
    /// number appended (`requests2`). Only targets among the 1,000 most downloaded projects
    /// count, and names that are themselves popular are never reported.
    ///
    /// ## Why is this bad?
    /// "Combosquatting" names look like an official add-on or the obvious spelling of the
    /// real package, and account for a large share of documented package-confusion attacks.
    /// Many legitimate packages are named this way too, so this rule is a prompt to check the
    /// package's project page and maintainers, not a verdict.
    ///
    /// ## Example
    /// ```text
    /// requests-sdk==1.0.0
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// requests==2.32.3
    /// ```
    /// If the package is the one you meant, add it to `typosquat-allowlist` under
    /// `[tool.snakeguard.deps]`.
    ///
    /// ## References
    /// - <https://www.usenix.org/conference/usenixsecurity23/presentation/neupane>
    /// - <https://arxiv.org/abs/2502.20528>
    /// - <https://cwe.mitre.org/data/definitions/1357.html>
    pub static POSSIBLE_COMBOSQUAT: Rule {
        code: "DEP202",
        name: "possible-combosquat",
        scanner: Dependencies,
        severity: Low,
        confidence: Low,
        cwe: Some(1357),
        summary: "Dependency name combines a popular package's name with an affix",
    }
}

pub(crate) fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    super::possible_typosquat::report(context, findings, Family::Combination);
}

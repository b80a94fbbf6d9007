use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports the `random` module's generator functions (`random.random`, `randint`, `choice`,
    /// `randbytes`, `getrandbits`, `random.Random`…).
    ///
    /// ## Why is this bad?
    /// `random` is a Mersenne Twister: after 624 outputs its whole future is predictable. Tokens,
    /// passwords, keys or nonces made with it can be guessed.
    ///
    /// ## Example
    /// ```python
    /// import random
    ///
    /// token = "".join(random.choices(ALPHABET, k=32))
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import secrets
    ///
    /// token = secrets.token_urlsafe(32)
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/secrets.html>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b311-random>
    /// - <https://cwe.mitre.org/data/definitions/330.html>
    pub static RANDOM: Rule {
        code: "B311",
        name: "random",
        scanner: Source,
        severity: Low,
        confidence: High,
        cwe: Some(330),
        summary: "Use of a non-cryptographic random generator",
        aliases: ["S311"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(
        callee.segments(),
        [
            "random",
            "Random"
                | "random"
                | "randrange"
                | "randint"
                | "choice"
                | "choices"
                | "uniform"
                | "triangular"
                | "randbytes"
                | "sample"
                | "getrandbits"
        ]
    ) {
        return;
    }
    checker.report(checker.finding(
        &RANDOM,
        call.range(),
        "Standard pseudo-random generators are not suitable for security/cryptographic purposes",
    ));
}

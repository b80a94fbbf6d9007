use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports MD2, MD4, MD5 and SHA-1 from PyCrypto/PyCryptodome (`Crypto.Hash.MD5.new`,
    /// `Cryptodome.Hash.SHA.new`…) and `cryptography` (`hashes.MD5`, `hashes.SHA1`). `hashlib` is
    /// covered by B324.
    ///
    /// ## Why is this bad?
    /// Collisions for these hashes can be computed cheaply. Signatures, certificates, integrity
    /// checks or password hashes built on them can be forged.
    ///
    /// ## Example
    /// ```python
    /// from cryptography.hazmat.primitives import hashes
    ///
    /// digest = hashes.Hash(hashes.MD5())
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from cryptography.hazmat.primitives import hashes
    ///
    /// digest = hashes.Hash(hashes.SHA256())
    /// ```
    ///
    /// ## References
    /// - <https://cryptography.io/en/latest/hazmat/primitives/cryptographic-hashes/>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b303-md5>
    /// - <https://cwe.mitre.org/data/definitions/327.html>
    pub static MD5: Rule {
        code: "B303",
        name: "md5",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(327),
        summary: "Use of an insecure MD2, MD4, MD5 or SHA1 hash",
        aliases: ["S303"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(
        callee.segments(),
        [
            "Crypto" | "Cryptodome",
            "Hash",
            "MD2" | "MD4" | "MD5" | "SHA",
            "new"
        ] | [
            "cryptography",
            "hazmat",
            "primitives",
            "hashes",
            "MD5" | "SHA1"
        ]
    ) {
        return;
    }
    checker.report(checker.finding(
        &MD5,
        call.range(),
        "Use of insecure MD2, MD4, MD5, or SHA1 hash function",
    ));
}

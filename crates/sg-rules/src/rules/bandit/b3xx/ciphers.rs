use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports broken or weak ciphers: ARC2, ARC4, Blowfish, DES and XOR from
    /// PyCrypto/PyCryptodome, and ARC4, Blowfish, CAST5, IDEA, SEED and TripleDES from
    /// `cryptography` (including their new home `cryptography.hazmat.decrepit`, which Bandit does
    /// not know).
    ///
    /// ## Why is this bad?
    /// These ciphers have small blocks or keys, or known practical attacks; data encrypted with
    /// them should be considered readable by a determined attacker.
    ///
    /// ## Example
    /// ```python
    /// from Crypto.Cipher import DES
    ///
    /// cipher = DES.new(key, DES.MODE_CBC, iv)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    ///
    /// ciphertext = AESGCM(key).encrypt(nonce, data, None)
    /// ```
    ///
    /// ## References
    /// - <https://cryptography.io/en/latest/hazmat/decrepit/>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b304-ciphers>
    /// - <https://cwe.mitre.org/data/definitions/327.html>
    pub static CIPHERS: Rule {
        code: "B304",
        name: "insecure-cipher",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(327),
        summary: "Use of an insecure cipher",
        aliases: ["ciphers", "S304"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(
        callee.segments(),
        [
            "Crypto" | "Cryptodome",
            "Cipher",
            "ARC2" | "ARC4" | "Blowfish" | "DES" | "XOR",
            "new"
        ] | [
            "cryptography",
            "hazmat",
            "primitives" | "decrepit",
            "ciphers",
            "algorithms",
            "ARC4" | "Blowfish" | "CAST5" | "IDEA" | "SEED" | "TripleDES"
        ]
    ) {
        return;
    }
    checker.report(checker.finding(
        &CIPHERS,
        call.range(),
        format!("Use of insecure cipher {callee}. Replace with a known secure cipher such as AES"),
    ));
}

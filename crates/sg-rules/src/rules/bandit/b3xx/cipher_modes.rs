use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports the ECB block cipher mode from `cryptography`.
    ///
    /// ## Why is this bad?
    /// ECB encrypts equal plaintext blocks to equal ciphertext blocks, so the structure of the data
    /// shows through the encryption (the classic "ECB penguin").
    ///
    /// ## Example
    /// ```python
    /// from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    ///
    /// cipher = Cipher(algorithms.AES(key), modes.ECB())
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
    /// - <https://cryptography.io/en/latest/hazmat/primitives/symmetric-encryption/#cryptography.hazmat.primitives.ciphers.modes.ECB>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b305-cipher-modes>
    /// - <https://cwe.mitre.org/data/definitions/327.html>
    pub static CIPHER_MODES: Rule {
        code: "B305",
        name: "insecure-cipher-mode",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(327),
        summary: "Use of the ECB cipher mode",
        aliases: ["cipher_modes", "S305"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(
        callee.segments(),
        [
            "cryptography",
            "hazmat",
            "primitives",
            "ciphers",
            "modes",
            "ECB"
        ]
    ) {
        return;
    }
    checker.report(checker.finding(
        &CIPHER_MODES,
        call.range(),
        format!("Use of insecure cipher mode {callee}"),
    ));
}

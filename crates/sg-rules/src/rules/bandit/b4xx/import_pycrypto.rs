sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports imports of the `Crypto` package's modules (`Crypto.Cipher`, `Crypto.Hash`,
    /// `Crypto.PublicKey`…): the unmaintained pyCrypto library (pycryptodome installs under the
    /// same name; its `Cryptodome` spelling is not reported).
    ///
    /// ## Why is this bad?
    /// pyCrypto has had no release since 2013 and has known vulnerabilities (CVE-2013-7459, a heap
    /// overflow in `AES.new`).
    ///
    /// ## Example
    /// ```python
    /// from Crypto.Cipher import AES
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    /// ```
    ///
    /// ## References
    /// - <https://github.com/pycrypto/pycrypto/issues/173>
    /// - <https://cryptography.io/>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html#b413-import-pycrypto>
    /// - <https://cwe.mitre.org/data/definitions/327.html>
    pub static IMPORT_PYCRYPTO: Rule {
        code: "B413",
        name: "import-pycrypto",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(327),
        summary: "Import of the unmaintained pyCrypto library",
        aliases: ["import_pycrypto", "S413"],
    }
}

/// The modules (and their submodules and members) this rule reports.
pub(crate) const MODULES: &[&str] = &[
    "Crypto.Cipher",
    "Crypto.Hash",
    "Crypto.IO",
    "Crypto.Protocol",
    "Crypto.PublicKey",
    "Crypto.Random",
    "Crypto.Signature",
    "Crypto.Util",
];

pub(crate) fn message(name: &str) -> String {
    format!(
        "The pyCrypto library and its module {name} are no longer actively maintained and have been deprecated. Consider using pyca/cryptography library"
    )
}

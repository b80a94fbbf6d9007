sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports imports of `pyghmi`.
    ///
    /// ## Why is this bad?
    /// IPMI has weak authentication (the RAKP protocol leaks password hashes to anyone who asks)
    /// and is usually unencrypted.
    ///
    /// ## Example
    /// ```python
    /// from pyghmi.ipmi import command
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// # manage the server through Redfish over HTTPS
    /// ```
    ///
    /// ## References
    /// - <https://www.rapid7.com/blog/post/2013/07/02/a-penetration-testers-guide-to-ipmi/>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html#b415-import-pyghmi>
    /// - <https://cwe.mitre.org/data/definitions/319.html>
    pub static IMPORT_PYGHMI: Rule {
        code: "B415",
        name: "import-pyghmi",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(319),
        summary: "Import of pyghmi (IPMI)",
        aliases: ["import_pyghmi", "S415"],
    }
}

/// The modules (and their submodules and members) this rule reports.
pub(crate) const MODULES: &[&str] = &["pyghmi"];

pub(crate) fn message(name: &str) -> String {
    let _ = name;
    "An IPMI-related module is being imported. IPMI is considered insecure. Use an encrypted protocol".to_string()
}

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports imports of `telnetlib`.
    ///
    /// ## Why is this bad?
    /// Telnet sends everything, passwords included, in clear text.
    ///
    /// ## Example
    /// ```python
    /// import telnetlib
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import paramiko
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3.12/library/telnetlib.html>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html#b401-import-telnetlib>
    /// - <https://cwe.mitre.org/data/definitions/319.html>
    pub static IMPORT_TELNETLIB: Rule {
        code: "B401",
        name: "import-telnetlib",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(319),
        summary: "Import of telnetlib",
        aliases: ["import_telnetlib", "S401"],
    }
}

/// The modules (and their submodules and members) this rule reports.
pub(crate) const MODULES: &[&str] = &["telnetlib"];

pub(crate) fn message(name: &str) -> String {
    let _ = name;
    "A telnet-related module is being imported.  Telnet is considered insecure. Use SSH or some other encrypted protocol".to_string()
}

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports imports of `ftplib`.
    ///
    /// ## Why is this bad?
    /// FTP sends credentials and data in clear text (only `FTP_TLS` with `prot_p()` encrypts).
    ///
    /// ## Example
    /// ```python
    /// import ftplib
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import paramiko  # SFTP
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/ftplib.html>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html#b402-import-ftplib>
    /// - <https://cwe.mitre.org/data/definitions/319.html>
    pub static IMPORT_FTPLIB: Rule {
        code: "B402",
        name: "import-ftplib",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(319),
        summary: "Import of ftplib",
        aliases: ["import_ftplib", "S402"],
    }
}

/// The modules (and their submodules and members) this rule reports.
pub(crate) const MODULES: &[&str] = &["ftplib"];

pub(crate) fn message(name: &str) -> String {
    let _ = name;
    "A FTP-related module is being imported.  FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol".to_string()
}

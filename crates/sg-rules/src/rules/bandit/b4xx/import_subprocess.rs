sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports imports of `subprocess`. Unlike Bandit, a relative import such as `from . import
    /// subprocess` (a local module of that name) is not reported.
    ///
    /// ## Why is this bad?
    /// Starting processes is where command injection happens; the import is reported so that the
    /// calls get reviewed (B602–B607 report them).
    ///
    /// ## Example
    /// ```python
    /// import subprocess
    ///
    /// subprocess.run(f"git log {ref}", shell=True)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import subprocess
    ///
    /// subprocess.run(["git", "log", ref], check=True)
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/subprocess.html#security-considerations>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html#b404-import-subprocess>
    /// - <https://cwe.mitre.org/data/definitions/78.html>
    pub static IMPORT_SUBPROCESS: Rule {
        code: "B404",
        name: "import-subprocess",
        scanner: Source,
        severity: Low,
        confidence: High,
        cwe: Some(78),
        summary: "Import of subprocess",
        aliases: ["import_subprocess", "S404"],
    }
}

/// The modules (and their submodules and members) this rule reports.
pub(crate) const MODULES: &[&str] = &["subprocess"];

pub(crate) fn message(name: &str) -> String {
    let _ = name;
    "Consider possible security implications associated with the subprocess module".to_string()
}

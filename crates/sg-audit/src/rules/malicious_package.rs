//! `DEP002`: a dependency is a known malicious package (an OpenSSF `MAL-` advisory).

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a dependency that the OpenSSF malicious-packages project lists as malicious
    /// (OSV records with a `MAL-` id, published in osv.dev's PyPI export next to the
    /// vulnerability advisories). Such records usually list the malicious versions or cover
    /// every version of the name (`introduced: "0"`).
    ///
    /// ## Why is this bad?
    /// A malicious package is not a bug to patch: installing it already ran the attacker's
    /// code (`setup.py`, import-time hooks) on the machine that installed it, typically to
    /// steal credentials and environment variables. Most are typosquats of popular names or
    /// dependency-confusion uploads.
    ///
    /// ## Example
    /// ```text
    /// # requirements.txt
    /// reqeusts==2.31.0
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// # requirements.txt
    /// requests==2.31.0
    /// ```
    /// Then treat every machine and CI runner that installed the package as compromised:
    /// rotate the credentials it could read.
    ///
    /// ## References
    /// - <https://github.com/ossf/malicious-packages>
    /// - <https://cwe.mitre.org/data/definitions/506.html>
    pub static MALICIOUS_PACKAGE: Rule {
        code: "DEP002",
        name: "malicious-package",
        scanner: Dependencies,
        severity: Critical,
        confidence: High,
        cwe: Some(506),
        summary: "Dependency is a known malicious package",
    }
}

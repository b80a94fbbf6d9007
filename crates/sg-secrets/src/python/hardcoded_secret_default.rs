use sg_diagnostics::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks for function parameters with secret-like names whose default is a string
    /// literal: `def connect(user, password="…")`.
    ///
    /// Names and values are judged as in `hardcoded-secret-assignment` (SEC401): a default of
    /// `""`, `None` or a placeholder is not reported.
    ///
    /// This rule generalises Bandit's `B107`. With both enabled (the default selection),
    /// the `B107` finding on a literal this rule reports is dropped, so the literal is
    /// reported once.
    ///
    /// ## Why is this bad?
    /// Every caller that omits the argument silently uses the hardcoded credential, and the
    /// credential is readable by everyone with access to the code.
    ///
    /// ## Example
    /// ```python
    /// def connect(host, password="Zr8pQ2vLx9Tq"):
    ///     ...
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// def connect(host, password=None):
    ///     password = password or os.environ["DB_PASSWORD"]
    /// ```
    ///
    /// ## References
    /// - <https://cwe.mitre.org/data/definitions/259.html>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b107_hardcoded_password_default.html>
    pub static HARDCODED_SECRET_DEFAULT: Rule {
        code: "SEC403",
        name: "hardcoded-secret-default",
        scanner: Secrets,
        severity: High,
        confidence: Medium,
        cwe: Some(259),
        summary: "Hardcoded secret as a parameter default",
    }
}

use sg_diagnostics::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks for string literals passed as keyword arguments with secret-like names:
    /// `connect(password="…")`, `Client(api_key="…")`, `login(token="…")`.
    ///
    /// Names and values are judged as in `hardcoded-secret-assignment` (SEC401): `token_type=`
    /// or `password=""` are not reported.
    ///
    /// This rule generalises Bandit's `B106`. With both enabled (the default selection),
    /// the `B106` finding on a literal this rule reports is dropped, so the literal is
    /// reported once.
    ///
    /// ## Why is this bad?
    /// A credential in source code is readable by everyone with access to the repository
    /// and cannot be rotated without a code change.
    ///
    /// ## Example
    /// ```python
    /// client = Client(api_key="Zr8pQ2vLx9TqW4")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// client = Client(api_key=os.environ["SERVICE_API_KEY"])
    /// ```
    ///
    /// ## References
    /// - <https://cwe.mitre.org/data/definitions/259.html>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b106_hardcoded_password_funcarg.html>
    pub static HARDCODED_SECRET_ARGUMENT: Rule {
        code: "SEC402",
        name: "hardcoded-secret-argument",
        scanner: Secrets,
        severity: High,
        confidence: Medium,
        cwe: Some(259),
        summary: "Hardcoded secret passed as a keyword argument",
    }
}

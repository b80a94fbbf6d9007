use sg_diagnostics::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks for string literals assigned to secret-like names: variables and attributes
    /// (`db_password = "…"`, `self.token = "…"`), subscripts (`config["api_key"] = "…"`),
    /// dict entries (`{"client_secret": "…"}`) and comparisons (`if password == "…"`).
    ///
    /// Unlike Bandit's B105, a name must end in a secret noun (`token_type`, `NextToken`,
    /// `password_field`, `csrf_token` are not secrets), and the value must look like a
    /// credential: empty strings, placeholders (`changeme`, `<your-key>`, `${VAR}`),
    /// references (`DATABASE_PASSWORD`, `/run/secrets/db`), words and identifiers
    /// (`"bearer"`, `"password"`), hashes and short values are not reported.
    ///
    /// This rule generalises Bandit's `B105`. With both enabled (the default selection),
    /// the `B105` finding on a literal this rule reports is dropped, so the literal is
    /// reported once.
    ///
    /// ## Why is this bad?
    /// A credential in source code is readable by everyone with access to the repository,
    /// its forks, its history and every build artifact, and it cannot be rotated without a
    /// code change.
    ///
    /// ## Example
    /// ```python
    /// db_password = "Zr8pQ2vLx9Tq"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import os
    ///
    /// db_password = os.environ["DB_PASSWORD"]
    /// ```
    ///
    /// ## References
    /// - <https://cwe.mitre.org/data/definitions/259.html>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b105_hardcoded_password_string.html>
    pub static HARDCODED_SECRET_ASSIGNMENT: Rule {
        code: "SEC401",
        name: "hardcoded-secret-assignment",
        scanner: Secrets,
        severity: High,
        confidence: Medium,
        cwe: Some(259),
        summary: "Hardcoded secret assigned to a secret-like name",
    }
}

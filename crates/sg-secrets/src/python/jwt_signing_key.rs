use sg_diagnostics::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks for a string literal as the key of `jwt.encode(payload, "…")` or
    /// `jwt.decode(token, "…")` (PyJWT, and the same positions in python-jose and
    /// authlib's `jwt.encode(header, payload, key)`). Placeholders and references are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// With an HMAC algorithm (HS256…), the signing key is also the verification key:
    /// anyone who reads it can mint valid tokens for any user and any scope.
    ///
    /// ## Example
    /// ```python
    /// token = jwt.encode({"sub": user_id}, "Zr8pQ2vLx9TqW4n7", algorithm="HS256")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// token = jwt.encode({"sub": user_id}, settings.JWT_SIGNING_KEY, algorithm="HS256")
    /// ```
    ///
    /// ## References
    /// - <https://pyjwt.readthedocs.io/en/stable/usage.html>
    /// - <https://cwe.mitre.org/data/definitions/321.html>
    pub static JWT_SIGNING_KEY: Rule {
        code: "SEC407",
        name: "jwt-signing-key-hardcoded",
        scanner: Secrets,
        severity: High,
        confidence: High,
        cwe: Some(321),
        summary: "JWT signing key is a hardcoded literal",
    }
}

use sg_diagnostics::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks for a string literal as a Flask application's secret key:
    /// `app.secret_key = "…"`, `app.config["SECRET_KEY"] = "…"`,
    /// `app.config.update(SECRET_KEY="…")`, or `SECRET_KEY = "…"` in a config module.
    /// Placeholders and references are not reported.
    ///
    /// ## Why is this bad?
    /// Flask signs the session cookie with this key. Whoever knows it can forge any session,
    /// for example to log in as any user.
    ///
    /// ## Example
    /// ```python
    /// app.secret_key = "Zr8pQ2vLx9TqW4n7"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// app.secret_key = os.environ["FLASK_SECRET_KEY"]
    /// ```
    ///
    /// ## References
    /// - <https://flask.palletsprojects.com/en/latest/config/#SECRET_KEY>
    pub static FLASK_SECRET_KEY: Rule {
        code: "SEC406",
        name: "flask-secret-key-hardcoded",
        scanner: Secrets,
        severity: High,
        confidence: High,
        cwe: Some(798),
        summary: "Flask secret key is a hardcoded literal",
    }
}

use sg_diagnostics::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks for a string literal as a database password in Django's `DATABASES` setting
    /// (`DATABASES = {"default": {"PASSWORD": "…"}}` or
    /// `DATABASES["default"]["PASSWORD"] = "…"`). Empty strings, placeholders and
    /// references are not reported.
    ///
    /// ## Why is this bad?
    /// The database password gives direct access to all application data, bypassing every
    /// check the application makes.
    ///
    /// ## Example
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": "Zr8pQ2vLx9Tq"}}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": os.environ["DB_PASSWORD"]}}
    /// ```
    ///
    /// ## References
    /// - <https://docs.djangoproject.com/en/5.1/ref/settings/#password>
    pub static DJANGO_DATABASE_PASSWORD: Rule {
        code: "SEC405",
        name: "django-database-password-hardcoded",
        scanner: Secrets,
        severity: High,
        confidence: High,
        cwe: Some(259),
        summary: "Django DATABASES password is a hardcoded literal",
    }
}

use sg_diagnostics::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks for a string literal as Django's `SECRET_KEY` (module-level `SECRET_KEY = "…"`
    /// in a settings module, or `settings.configure(SECRET_KEY="…")`), including the
    /// `django-insecure-…` keys that `startproject` generates. Placeholders and references
    /// are not reported.
    ///
    /// ## Why is this bad?
    /// The secret key signs sessions, password-reset tokens, messages and anything passed to
    /// `django.core.signing`. Whoever knows it can forge those, and with pickle-based
    /// sessions run code on the server.
    ///
    /// ## Example
    /// ```python
    /// SECRET_KEY = "django-insecure-7x!q9v#2m@k4r$8w&z^p1n%c6b*f3h(j5l)s0d"
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.djangoproject.com/en/5.1/ref/settings/#secret-key>
    /// - <https://docs.djangoproject.com/en/5.1/howto/deployment/checklist/#secret-key>
    pub static DJANGO_SECRET_KEY: Rule {
        code: "SEC404",
        name: "django-secret-key-hardcoded",
        scanner: Secrets,
        severity: High,
        confidence: High,
        cwe: Some(798),
        summary: "Django SECRET_KEY is a hardcoded literal",
    }
}

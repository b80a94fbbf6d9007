sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports imports of `wsgiref.handlers.CGIHandler` and `twisted.web.twcgi.CGIScript` /
    /// `CGIDirectory`, and calls to them.
    ///
    /// ## Why is this bad?
    /// Under CGI, a request header `Proxy: evil` becomes the environment variable `HTTP_PROXY`,
    /// which HTTP clients in the handler then use as their proxy (httpoxy): outgoing requests, with
    /// their credentials, go to the attacker.
    ///
    /// ## Example
    /// ```python
    /// from wsgiref.handlers import CGIHandler
    ///
    /// CGIHandler().run(app)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// # serve the WSGI app with a WSGI server (gunicorn, uwsgi, mod_wsgi) instead of CGI
    /// ```
    ///
    /// ## References
    /// - <https://httpoxy.org/>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html#b412-import-httpoxy>
    /// - <https://cwe.mitre.org/data/definitions/284.html>
    pub static IMPORT_HTTPOXY: Rule {
        code: "B412",
        name: "import-httpoxy",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(284),
        summary: "Use of a CGI handler open to httpoxy",
        aliases: ["import_httpoxy", "S412"],
    }
}

/// The modules (and their submodules and members) this rule reports.
pub(crate) const MODULES: &[&str] = &[
    "wsgiref.handlers.CGIHandler",
    "twisted.web.twcgi.CGIScript",
    "twisted.web.twcgi.CGIDirectory",
];

pub(crate) fn message(name: &str) -> String {
    format!("Consider possible security implications associated with {name} module")
}

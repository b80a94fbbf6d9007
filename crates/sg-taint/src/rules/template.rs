//! TNT005: untrusted input is compiled as a server-side template.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports untrusted input used as template source: Flask `render_template_string`,
    /// `jinja2.Template(...)`, `Environment.from_string(...)` (any `from_string` except on a
    /// `SandboxedEnvironment`), Django `Template(...)` and Mako `Template(...)`. Input passed as a
    /// context variable of a fixed template is fine and not reported.
    ///
    /// Sources: Flask `request.args`/`form`/`values`/`json`/`get_json()`/`data`/`files`/`cookies`/
    /// `headers`/`view_args` and route parameters (not `int`/`float`/`uuid` converters); Django and
    /// DRF `request.GET`/`POST`/`body`/`COOKIES`/`META`/`FILES`/`data`/`query_params` and URL kwargs
    /// of views; FastAPI/Starlette handler parameters (`str` and untyped ones, `str` fields of
    /// pydantic body models, `Request` data, `UploadFile`); aiohttp `request.match_info`/`query`/
    /// `post()`/`json()`; `input()`; socket `recv`. Taint follows assignments, string building,
    /// containers, `json.loads`/`base64`, and calls of functions of the same file (summaries).
    /// `int()`/`float()`/`bool()`/`uuid.UUID()`, pydantic validation, `shlex.quote` (for commands),
    /// `secure_filename`, `os.path.basename` (for paths), literal allowlist checks and calls of
    /// functions we cannot see end it. Sources, sinks and sanitizers can be added by qualified name
    /// under `[tool.snakeguard.taint]`.
    ///
    /// ## Why is this bad?
    /// Template languages reach Python objects: `{{ cycler.__init__.__globals__.os.popen('id').read() }}`
    /// in a Jinja2 template runs a command. Compiling user text as a template is server-side template
    /// injection (SSTI), usually remote code execution.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/hello")
    /// def hello():
    ///     name = request.args.get("name", "world")
    ///     return render_template_string(f"<h1>Hello {name}</h1>")
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// @app.route("/hello")
    /// def hello():
    ///     name = request.args.get("name", "world")
    ///     return render_template_string("<h1>Hello {{ name }}</h1>", name=name)
    /// ```
    ///
    /// ## How it relates to the pattern rules
    /// The Bandit-compatible rules (`B301`, `B602`, `B608`…) and the `DSZ` rules report these calls
    /// whatever their argument is, with Bandit's severity and confidence, for parity with Bandit.
    /// This rule reports a call only when the analysis proves that untrusted input reaches it inside
    /// the file (one function at a time, plus summaries of the file's own functions), and then
    /// always as high severity, high confidence, with the trace from the source to the sink. Use
    /// `--select TNT` (or `--severity high`) for the proven flows; a pattern finding on the same
    /// line says the dangerous call exists, this one says it receives attacker data.
    ///
    /// ## References
    /// - <https://jinja.palletsprojects.com/en/stable/sandbox/>
    /// - <https://portswigger.net/research/server-side-template-injection>
    /// - <https://cwe.mitre.org/data/definitions/1336.html>
    pub static TAINTED_TEMPLATE: Rule {
        code: "TNT005",
        name: "tainted-template",
        scanner: Taint,
        severity: High,
        confidence: High,
        cwe: Some(1336),
        summary: "Untrusted input is compiled as a server-side template",
    }
}

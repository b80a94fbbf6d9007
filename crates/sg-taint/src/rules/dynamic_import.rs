//! TNT009: untrusted input names a module to import.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports untrusted input reaching `importlib.import_module`, `importlib.__import__`
    /// or the builtin `__import__` (the module name).
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
    /// Importing runs the module's top-level code. A name chosen by the user can load any
    /// installed module (and, with a writable path entry, the attacker's own file), and the code
    /// usually goes on to call attributes of it.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/export/<fmt>")
    /// def export(fmt):
    ///     exporter = importlib.import_module(f"exporters.{fmt}")
    ///     return exporter.render(load_report())
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// EXPORTERS = {"csv": "exporters.csv", "pdf": "exporters.pdf"}
    ///
    /// @app.route("/export/<fmt>")
    /// def export(fmt):
    ///     if fmt not in EXPORTERS:
    ///         abort(404)
    ///     exporter = importlib.import_module(EXPORTERS[fmt])
    ///     return exporter.render(load_report())
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
    /// - <https://docs.python.org/3/library/importlib.html#importlib.import_module>
    /// - <https://cwe.mitre.org/data/definitions/470.html>
    pub static TAINTED_IMPORT: Rule {
        code: "TNT009",
        name: "tainted-import",
        scanner: Taint,
        severity: High,
        confidence: High,
        cwe: Some(470),
        summary: "Untrusted input names a module to import",
    }
}

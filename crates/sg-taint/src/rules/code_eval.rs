//! TNT003: untrusted input reaches eval, exec or compile.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports untrusted input reaching the builtins `eval`, `exec` or `compile` (first
    /// argument).
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
    /// Whatever reaches `eval`/`exec` is Python code: `__import__("os").system(...)` in a
    /// query parameter runs on the server. Restricting `globals`/`__builtins__` does not make it
    /// safe; there are well-known escapes.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/calc")
    /// def calc():
    ///     return str(eval(request.args["expr"]))
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import ast
    ///
    /// @app.route("/calc")
    /// def calc():
    ///     return str(ast.literal_eval(request.args["expr"]))  # literals only
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
    /// - <https://docs.python.org/3/library/functions.html#eval>
    /// - <https://docs.python.org/3/library/ast.html#ast.literal_eval>
    /// - <https://cwe.mitre.org/data/definitions/94.html>
    pub static TAINTED_CODE_EVAL: Rule {
        code: "TNT003",
        name: "tainted-code-eval",
        scanner: Taint,
        severity: High,
        confidence: High,
        cwe: Some(94),
        summary: "Untrusted input reaches eval, exec or compile",
    }
}

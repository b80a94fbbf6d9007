//! TNT002: untrusted input reaches a shell command or the program a process runs.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports untrusted input reaching a command: the command string of `os.system`,
    /// `os.popen`, `subprocess.getoutput`/`getstatusoutput`, `asyncio.create_subprocess_shell`, and of
    /// `subprocess.run`/`call`/`check_call`/`check_output`/`Popen` with `shell=True`; and the program
    /// itself (`argv[0]`, or a whole string command) of those `subprocess` functions without a shell,
    /// `os.exec*`, `os.spawn*` and `asyncio.create_subprocess_exec`. Input that only fills later
    /// elements of an argument list (`["git", "log", branch]`) is not reported: without a shell it
    /// cannot start another program.
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
    /// With a shell, `;`, `|`, `$(...)` and backticks in the input start any command the
    /// attacker wants, with the server's rights. Without a shell, choosing `argv[0]` is choosing the
    /// program.
    ///
    /// ## Example
    /// ```python
    /// @app.route("/ping")
    /// def ping():
    ///     host = request.args["host"]
    ///     return subprocess.check_output(f"ping -c 1 {host}", shell=True)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// @app.route("/ping")
    /// def ping():
    ///     host = request.args["host"]
    ///     return subprocess.check_output(["ping", "-c", "1", "--", host])
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
    /// - <https://docs.python.org/3/library/subprocess.html#security-considerations>
    /// - <https://owasp.org/www-community/attacks/Command_Injection>
    /// - <https://cwe.mitre.org/data/definitions/78.html>
    pub static TAINTED_COMMAND: Rule {
        code: "TNT002",
        name: "tainted-command",
        scanner: Taint,
        severity: High,
        confidence: High,
        cwe: Some(78),
        summary: "Untrusted input reaches a shell command or the program a process runs",
    }
}

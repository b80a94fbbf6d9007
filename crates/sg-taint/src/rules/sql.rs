//! TNT004: untrusted input is built into an SQL statement.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports untrusted input in the SQL text (first argument) of `execute`,
    /// `executemany` and `executescript` on any cursor or connection, SQLAlchemy `text()`,
    /// `pandas.read_sql`/`read_sql_query`, Django `Model.objects.raw()`, `RawSQL()` and any
    /// argument of `.extra()`, and asyncpg's `fetch`/`fetchrow`/`fetchval` in files that import
    /// asyncpg. A parameterised query — the input in the parameters, not in the SQL string — is
    /// not reported.
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
    /// Input formatted into SQL (f-strings, `%`, `.format`, `+`) can close the quote and
    /// append its own clauses: read other users' rows, bypass a login, drop tables.
    ///
    /// ## Example
    /// ```python
    /// def search(request):
    ///     name = request.GET["name"]
    ///     with connection.cursor() as cursor:
    ///         cursor.execute(f"SELECT id FROM users WHERE name = '{name}'")
    ///         return JsonResponse({"ids": cursor.fetchall()})
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// def search(request):
    ///     name = request.GET["name"]
    ///     with connection.cursor() as cursor:
    ///         cursor.execute("SELECT id FROM users WHERE name = %s", [name])
    ///         return JsonResponse({"ids": cursor.fetchall()})
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
    /// - <https://docs.djangoproject.com/en/stable/topics/db/sql/#passing-parameters-into-raw>
    /// - <https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html>
    /// - <https://cwe.mitre.org/data/definitions/89.html>
    pub static TAINTED_SQL: Rule {
        code: "TNT004",
        name: "tainted-sql",
        scanner: Taint,
        severity: High,
        confidence: High,
        cwe: Some(89),
        summary: "Untrusted input is built into an SQL statement",
    }
}

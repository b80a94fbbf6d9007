//! TNT007: untrusted input chooses the URL the server fetches.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports untrusted input reaching the URL of an outgoing request: `requests` and
    /// `httpx` functions and client/session methods, `aiohttp.ClientSession` methods,
    /// `urllib.request.urlopen`/`urlretrieve` (also through `urllib.request.Request`), `urllib3`
    /// and `http.client` connections. A URL whose scheme and host are fixed by a literal prefix
    /// (`f"https://api.example.com/items/{item_id}"`) is not reported: the input only chooses a path
    /// on a host you picked.
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
    /// The server fetches whatever it is told, from inside the network: cloud metadata
    /// endpoints (`http://169.254.169.254/`), admin interfaces on localhost, internal services
    /// that trust the server. A pydantic `HttpUrl` only checks the syntax, so it does not end this
    /// flow.
    ///
    /// ## Example
    /// ```python
    /// @app.get("/preview")
    /// async def preview(url: str):
    ///     async with httpx.AsyncClient() as client:
    ///         response = await client.get(url)
    ///     return {"status": response.status_code}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// ALLOWED_HOSTS = {"images.example.com", "cdn.example.com"}
    ///
    /// @app.get("/preview")
    /// async def preview(url: str):
    ///     if urlsplit(url).hostname not in ALLOWED_HOSTS:
    ///         raise HTTPException(400)
    ///     async with httpx.AsyncClient() as client:
    ///         response = await client.get(url)
    ///     return {"status": response.status_code}
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
    /// - <https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html>
    /// - <https://cwe.mitre.org/data/definitions/918.html>
    pub static TAINTED_URL: Rule {
        code: "TNT007",
        name: "tainted-url",
        scanner: Taint,
        severity: High,
        confidence: High,
        cwe: Some(918),
        summary: "Untrusted input chooses the URL the server fetches",
    }
}

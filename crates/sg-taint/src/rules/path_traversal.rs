//! TNT006: untrusted input chooses a file path.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports untrusted input in a path that is opened, sent, written, moved or deleted:
    /// `open`, `io.open`, `codecs.open`, `os.open`, `aiofiles.open`, `os.remove`/`unlink`/`rmdir`/
    /// `rename`/`replace`/`makedirs`/`mkdir`/`listdir`/`scandir`/`chmod`, `shutil.copy*`/`move`/
    /// `rmtree`, Flask `send_file` (and the folder of `send_from_directory`), Starlette/FastAPI and
    /// aiohttp `FileResponse`, methods of a `pathlib.Path` built from the input (`read_text`,
    /// `write_bytes`, `unlink`…), and an uploaded file's `save(path)`. `os.path.join` and
    /// `pathlib` carry the input into the path; `secure_filename` and `os.path.basename` end it,
    /// and so does a `startswith` check of the resolved path.
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
    /// `../` sequences or an absolute path in the input reach files outside the intended
    /// folder: reading `/etc/passwd` or the app's settings, or overwriting code on upload.
    ///
    /// ## Example
    /// ```python
    /// @app.post("/upload")
    /// def upload():
    ///     file = request.files["document"]
    ///     file.save(os.path.join(UPLOAD_FOLDER, file.filename))
    ///     return "", 204
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from werkzeug.utils import secure_filename
    ///
    /// @app.post("/upload")
    /// def upload():
    ///     file = request.files["document"]
    ///     file.save(os.path.join(UPLOAD_FOLDER, secure_filename(file.filename)))
    ///     return "", 204
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
    /// - <https://owasp.org/www-community/attacks/Path_Traversal>
    /// - <https://werkzeug.palletsprojects.com/en/stable/utils/#werkzeug.utils.secure_filename>
    /// - <https://cwe.mitre.org/data/definitions/22.html>
    pub static TAINTED_PATH: Rule {
        code: "TNT006",
        name: "tainted-path",
        scanner: Taint,
        severity: High,
        confidence: High,
        cwe: Some(22),
        summary: "Untrusted input chooses a file path",
    }
}

//! TNT008: untrusted input chooses where a redirect goes.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports untrusted input reaching a redirect target: Flask/Werkzeug `redirect`,
    /// Django `redirect`, `HttpResponseRedirect`, `HttpResponsePermanentRedirect`,
    /// Starlette/FastAPI `RedirectResponse` and aiohttp's `HTTPFound`/`HTTPSeeOther`/
    /// `HTTPMovedPermanently`/`HTTPTemporaryRedirect`/`HTTPPermanentRedirect`. A check with
    /// `url_has_allowed_host_and_scheme` (or `is_safe_url`), membership in a literal allowlist,
    /// or a fixed local prefix (`"/accounts/" + name`) ends the flow.
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
    /// `/login?next=https://evil.example/` sends users, from a link on your domain, to a
    /// look-alike site after they log in; with OAuth flows it can leak tokens.
    ///
    /// ## Example
    /// ```python
    /// def login_done(request):
    ///     return HttpResponseRedirect(request.GET.get("next", "/"))
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from django.utils.http import url_has_allowed_host_and_scheme
    ///
    /// def login_done(request):
    ///     target = request.GET.get("next", "/")
    ///     if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
    ///         target = "/"
    ///     return HttpResponseRedirect(target)
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
    /// - <https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html>
    /// - <https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.http.url_has_allowed_host_and_scheme>
    /// - <https://cwe.mitre.org/data/definitions/601.html>
    pub static TAINTED_REDIRECT: Rule {
        code: "TNT008",
        name: "tainted-redirect",
        scanner: Taint,
        severity: High,
        confidence: High,
        cwe: Some(601),
        summary: "Untrusted input chooses where a redirect goes",
    }
}

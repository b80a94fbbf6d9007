//! TNT001: untrusted input reaches a deserializer that can run code.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports untrusted input reaching a deserializer that can run code: everything
    /// Bandit's B301/B302/B506/B614 and the `DSZ` rules look at — `pickle`/`cPickle`/`_pickle`
    /// `load(s)`/`Unpickler`, `dill`, `cloudpickle`, `jsonpickle.decode`, `shelve.open`,
    /// `pandas.read_pickle`, `marshal.load(s)`, `yaml.load` without a safe loader,
    /// `yaml.unsafe_load`/`full_load`, ruamel `YAML(typ="unsafe").load`, `torch.load` without
    /// `weights_only=True`, `joblib.load`, `numpy.load(allow_pickle=True)`, Keras `load_model(...,
    /// safe_mode=False)` and `from_pretrained(..., trust_remote_code=True)` with a name from the
    /// request.
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
    /// A pickle (and anything built on it, YAML's Python tags, a checkpoint) names the functions
    /// to call while it is loaded. When the bytes come from a request, a cookie, an upload or a
    /// socket, the sender chooses what runs on the server: this is remote code execution, not a
    /// data bug.
    ///
    /// ## Example
    /// ```python
    /// from flask import Flask, request
    /// import base64, pickle
    ///
    /// app = Flask(__name__)
    ///
    /// @app.route("/cart")
    /// def cart():
    ///     cart = pickle.loads(base64.b64decode(request.cookies["cart"]))
    ///     return {"items": len(cart)}
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from pydantic import BaseModel
    ///
    /// class Cart(BaseModel):
    ///     items: list[int]
    ///
    /// @app.route("/cart")
    /// def cart():
    ///     cart = Cart.model_validate_json(base64.b64decode(request.cookies["cart"]))
    ///     return {"items": len(cart.items)}
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
    /// - <https://docs.python.org/3/library/pickle.html>
    /// - <https://owasp.org/www-community/vulnerabilities/Deserialization_of_untrusted_data>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static TAINTED_DESERIALIZATION: Rule {
        code: "TNT001",
        name: "tainted-deserialization",
        scanner: Taint,
        severity: High,
        confidence: High,
        cwe: Some(502),
        summary: "Untrusted input reaches a deserializer that can run code",
    }
}

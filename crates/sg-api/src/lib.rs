//! API security: the endpoint inventory, and the API and JWT rules.
//!
//! No other Python scanner looks at routes: which endpoints exist, which of them require a
//! login, which are rate limited. This crate builds that inventory for Flask, FastAPI /
//! Starlette, Django / DRF and aiohttp projects, across modules, and checks it (`API0xx`
//! rules), along with framework settings (`API1xx`) and JWT misuse (`JWT0xx`).
//!
//! # How it works
//!
//! 1. **Per file** ([`extract`]): one pass over the parse the other source rules use, with
//!    the walk's resolved-names side table. It copies what the join needs into owned,
//!    `Send` facts ([`ModuleFacts`]: assignments, statement calls, functions with their
//!    decorators, parameters and a body summary, classes, re-exports) and runs the per-file
//!    rules (JWT, settings, request data) into [`LocalFinding`]s.
//! 2. **Per project** ([`build_inventory`]): an index over all facts resolves symbols across
//!    modules (imports, re-exports, factories' return values, parameters bound at call
//!    sites, settings-object attributes, namespace packages), then each framework's resolver
//!    walks apps → blueprints/routers/includes → routes, accumulating prefixes and markers
//!    (authentication, scopes, rate limits, CSRF exemption). See `inventory/` for the rules
//!    of each framework.
//! 3. **Rules** ([`check`]): route-level rules on the inventory, project-level settings rules,
//!    and the per-file findings completed with the endpoint they concern.
//!
//! # Public API (for the binary)
//!
//! - [`extract`]`(&PythonSource, FileInfo, &SemanticIndex) -> ModuleFacts` — per Python
//!   file, on the parse and walk the other source rules use (`sg_rules::check_source`
//!   returns the [`sg_python::SemanticIndex`]), so each file is parsed once. The facts are
//!   owned and `Send`: collect them from parallel workers, in any order (the output is
//!   sorted). A file whose walk hit the depth guard gives empty facts with `skipped` set.
//! - [`extract_file`]`(path, display_path, text)` — the same for a file not parsed yet (it
//!   parses and walks it itself): for tools and tests that run no other rule.
//! - [`is_env_file`]`(path)` and [`extract_env_file`]`(display_path, text)` — Flask's
//!   dotenv files (`.flaskenv`, `.env`, `.env.<name>` except development/test variants):
//!   facts holding only per-file findings (`API106` for `FLASK_DEBUG=1` /
//!   `FLASK_ENV=development`); pass them to [`check`] with the Python files' facts.
//! - [`build_inventory`]`(&[ModuleFacts], &Options) -> Inventory` — the project-level join.
//! - [`check`]`(&Inventory, &[ModuleFacts], &Options) -> Vec<Finding>` — every API/JWT
//!   finding, sorted; findings about an endpoint carry `extra["endpoint"]`
//!   (`"POST /api/users"`; `extra["endpoints"]` lists all when a handler serves several).
//!   No rule selection is applied: the binary filters with `--select`/`--ignore` and
//!   applies `# nosec`/`# noqa` with the comments of the file the finding points at.
//! - [`render::table`], [`render::json`], [`render::markdown`] — `snakeguard api [PATH]`
//!   output as a `String`.
//! - [`Options`] — `[tool.snakeguard.api]`: `auth-decorators`, `rate-limit-decorators`,
//!   `auth-dependencies`, `public-paths`. [`LibraryVersions`] (`options.library_versions`,
//!   not read from the config) takes the PyJWT version the dependency audit found; it picks
//!   the JWT messages that differ between PyJWT 1.x and 2.x (and drops the 2.x non-issues).
//! - [`rules()`] — every rule this crate can emit, in code order.
//!
//! # Rules
//!
//! | code | name | what |
//! |---|---|---|
//! | API001 | unauthenticated-state-changing-endpoint | POST/PUT/PATCH/DELETE or writing handler without auth |
//! | API002 | auth-endpoint-without-rate-limit | login/token/reset/OTP/register without a limit |
//! | API003 | app-without-rate-limiting | an app with endpoints and no limit anywhere |
//! | API004 | missing-scope-on-sibling-route | mutating route lacks the scope its siblings require |
//! | API005 | inactive-rate-limit | slowapi limit without `request`, or above the route |
//! | API006 | authorization-from-client-data | access decided by a cookie/header value |
//! | API007 | mass-assignment | request data unpacked into a model; DRF `ModelSerializer` with `"__all__"` behind a write |
//! | API008 | stack-trace-exposure | exception details returned by a handler |
//! | API101 | django-debug-enabled | `DEBUG = True` in Django settings |
//! | API102 | django-allowed-hosts-wildcard | `ALLOWED_HOSTS = ["*"]` |
//! | API103 | insecure-cookie-setting | `SESSION_COOKIE_SECURE = False`… |
//! | API104 | django-csrf-middleware-missing | `MIDDLEWARE` without `CsrfViewMiddleware` |
//! | API105 | csrf-exempt | `@csrf_exempt`, `csrf.exempt`, inline in urls |
//! | API106 | flask-debug-enabled | Flask/aiohttp debug mode in code, config or `.flaskenv` |
//! | API107 | csrf-protection-disabled | `WTF_CSRF_ENABLED = False` |
//! | API108 | cors-wildcard-with-credentials | any origin with credentials |
//! | API109 | drf-default-permission-allow-any | DRF without `DEFAULT_PERMISSION_CLASSES` |
//! | JWT001 | jwt-signature-not-verified | `verify_signature: False`, `verify=False`, no key |
//! | JWT002 | jwt-unverified-claims-used | decisions on `get_unverified_*` results |
//! | JWT003 | jwt-alg-none | `none` algorithm |
//! | JWT004 | jwt-decode-without-algorithms | the token picks the algorithm |
//! | JWT005 | jwt-algorithm-confusion | HS and RS/ES/PS mixed, or `alg` from the token |
//! | JWT006 | jwt-key-hardcoded-constant | key from a literal constant or a hardcoded fallback |
//! | JWT007 | jwt-without-expiry | no `exp`, `JWT_ACCESS_TOKEN_EXPIRES = False` |
//! | JWT008 | jwt-claims-not-verified | `verify_exp: False`, Authlib without `validate()` |
//! | JWT009 | jwt-sensitive-payload | passwords/secrets in the payload |
//!
//! Hardcoded Django/Flask secret keys and JWT signing-key literals are reported by the
//! secrets scanner (`SEC404`, `SEC406`, `SEC407`); this crate reports a JWT key taken from a
//! module constant or a hardcoded fallback (`JWT006`) and does not repeat those.

mod extract;
mod facts;
mod inventory;
mod options;
pub mod render;
mod rules;
mod value;

pub use extract::{extract, extract_env_file, extract_file, is_env_file};
pub use facts::{
    Assignment, BodySummary, CallSite, Class, Decorator, Function, HookCondition, LocalFinding,
    Location, Loop, ModuleFacts, Parameter, PyJwtSensitivity, Scope,
};
pub use inventory::{App, Endpoint, Framework, Handler, Inventory, build_inventory};
pub use options::{LibraryVersions, Options};
pub use rules::{check, rules};
pub use value::{CallValue, Value};

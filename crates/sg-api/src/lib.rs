//! API security: the endpoint inventory, and the API and JWT rules.
//!
//! No other Python scanner looks at routes: which endpoints exist, which of them require a
//! login, which are rate limited. This crate builds that inventory for Flask, FastAPI /
//! Starlette, Django / DRF and aiohttp projects, across modules, and checks it (`API…`
//! rules), along with JWT misuse and framework settings (`API1…`, `JWT…` rules).
//!
//! # Public API (for the binary)
//!
//! - [`extract`]`(&PythonSource, FileInfo, &SemanticIndex) -> ModuleFacts` — per Python
//!   file, on the parse and walk the other source rules use (`sg_rules::check_source`
//!   returns the [`sg_python::SemanticIndex`]). The facts are owned and `Send`: collect them
//!   from parallel workers. The per-file rules run here too.
//! - [`extract_file`]`(path, display_path, text)` — the same for a file not parsed yet (it
//!   parses and walks it itself): for tools and tests that run no other rule.
//! - [`build_inventory`]`(&[ModuleFacts], &Options) -> Inventory` — the project-level join.
//! - [`check`]`(&Inventory, &[ModuleFacts], &Options) -> Vec<Finding>` — route-level and
//!   project-level rules, plus the per-file findings completed with the endpoint they
//!   concern (`extra["endpoint"]`, e.g. `"POST /api/users"`). Every rule is returned; the
//!   binary applies `--select`/`--ignore` and suppressions. Sorted.
//! - [`render::table`], [`render::json`], [`render::markdown`] — `snakeguard api [PATH]`
//!   output as a `String`.
//! - [`Options`] — `[tool.snakeguard.api]`: `auth-decorators`, `rate-limit-decorators`,
//!   `auth-dependencies`, `public-paths`; plus [`LibraryVersions`] (not from the config):
//!   the PyJWT version the dependency audit found, which picks the JWT messages that differ
//!   between PyJWT 1.x and 2.x.
//! - [`rules()`] — every rule this crate can emit, in code order.
//!
//! Hardcoded Django/Flask secret keys and JWT signing-key literals are reported by the
//! secrets scanner (`SEC404`, `SEC406`, `SEC407`); this crate reports a JWT key taken from a
//! module constant (`JWT006`).

mod extract;
mod facts;
mod inventory;
mod options;
pub mod render;
mod rules;
mod value;

pub use extract::{extract, extract_file};
pub use facts::{
    Assignment, BodySummary, CallSite, Class, Decorator, Function, LocalFinding, Location,
    ModuleFacts, Parameter, PyJwtSensitivity, Scope,
};
pub use inventory::{App, Endpoint, Framework, Handler, Inventory, build_inventory};
pub use options::{LibraryVersions, Options};
pub use rules::{check, rules};
pub use value::{CallValue, Value};

//! Taint analysis: untrusted input reaching dangerous sinks (`TNT`).
//!
//! Bandit-style rules say "this call is dangerous"; this pass says "request data reaches this
//! call", which is what separates a config file loaded at start-up from a cookie sent by an
//! attacker. It runs after `sg_rules::check_source` on the same parse and reuses that walk's
//! [`SemanticIndex`] (the resolved qualified name of every name chain), so it never rebuilds
//! the semantic model.
//!
//! # Public API (for the binary)
//!
//! - [`check`]`(&source, file, &index, &options) -> Vec<Finding>` — the TNT findings of one
//!   parsed file, sorted; `index` is the [`SemanticIndex`] that `sg_rules::check_source` (or
//!   [`sg_python::walk`]) returned for the same `source`. Findings are high severity, high
//!   confidence, carry the trace (source → steps → sink, with lines) and, in notebooks,
//!   `extra["cell"]`. Every rule is emitted; the caller filters by rule selection.
//! - [`rules()`] — the TNT rules, in code order (one per sink class, see [`SinkClass`]).
//! - [`Options`] — `[tool.snakeguard.taint]`: extra `sources`, `sinks` (name → class) and
//!   `sanitizers`, by qualified name.
//!
//! # The analysis
//!
//! Per function, flow-sensitive, path-insensitive, intra-file (`module`, `engine`): a forward
//! walk keeps the labels (untrusted origin + trace + sinks it was sanitized for) of every
//! variable; branches join, loops run to a fixed point. Functions of the same file are
//! summarised on demand (which parameters reach the return value, which reach a sink), so a
//! helper called from a view is followed. Sources and entry points are in `frameworks` and
//! `catalog`; sinks, sanitizers and propagators in `catalog`. What is out of scope, on
//! purpose: taint across files, aliasing through mutable objects other than direct container
//! updates, and path sensitivity beyond guards (`if x in ALLOWED`, `if not
//! url_has_allowed_host_and_scheme(x): return`).

mod catalog;
mod engine;
mod frameworks;
mod module;
mod options;
pub mod rules;
mod value;

use sg_diagnostics::Finding;
use sg_python::{FileInfo, PythonSource, SemanticIndex};

pub use options::{Options, SinkKind};
pub use rules::{SinkClass, rules};

/// The TNT findings of one parsed file, sorted. `index` must come from the walk of the same
/// `source` (`sg_rules::check_source` returns it).
pub fn check<'a>(
    source: &'a PythonSource<'a>,
    file: FileInfo<'a>,
    index: &'a SemanticIndex,
    options: &Options,
) -> Vec<Finding> {
    // Most files of most projects cannot see a source: skip them before any set-up.
    if !module::may_have_sources(index, options) {
        return Vec::new();
    }
    module::Module::new(source, file, index, options).run()
}

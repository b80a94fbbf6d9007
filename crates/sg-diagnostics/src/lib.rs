//! The one finding model every snakeguard scanner produces.
//!
//! Scanners (source rules, taint, secrets, pickles, dependencies, API) build [`Finding`]s that
//! point at a [`Rule`]; the binary sorts them, fingerprints them and hands them to a renderer.
//! Keeping this crate free of any parser means every scanner crate can depend on it cheaply.
//!
//! [`render`] turns the sorted, fingerprinted findings and a [`render::Summary`] into every
//! output format (`text`, `json`, `sarif`, `github`, `markdown`, `junit`) with
//! [`render::render`]; the JSON schema is in `JSON_SCHEMA.md` beside this crate's manifest.

mod finding;
mod fingerprint;
mod rule;
mod severity;

pub use finding::{Finding, Span, TraceStep, sort_findings};
pub use fingerprint::assign_fingerprints;
pub use rule::{REQUIRED_DOC_SECTIONS, Rule, Scanner};
pub use severity::{Confidence, ParseLevelError, Severity};
pub mod render;
pub mod tool_rules;

//! `[tool.snakeguard.taint]`: project-specific sources, sinks and sanitizers.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::rules::SinkClass;

/// Options of the taint pass, read from `[tool.snakeguard.taint]`.
///
/// ```toml
/// [tool.snakeguard.taint]
/// # values (attribute chains) or call results that are untrusted input
/// sources = ["myapp.auth.current_claims", "myapp.queue.receive"]
/// # calls that must not receive untrusted input, with the sink class (= the TNT rule)
/// sinks = { "myapp.db.run_raw" = "sql", "myapp.ops.shell" = "command" }
/// # calls whose result is clean
/// sanitizers = ["myapp.validators.clean_slug"]
/// ```
///
/// Names are qualified names as imports resolve them (`package.module.function`). A
/// configured sink checks every argument of the call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    pub sources: Vec<String>,
    pub sinks: BTreeMap<String, SinkKind>,
    pub sanitizers: Vec<String>,
}

/// The sink classes, as written in configuration; each is one TNT rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SinkKind {
    /// TNT001
    Deserialization,
    /// TNT002
    Command,
    /// TNT003
    CodeEval,
    /// TNT004
    Sql,
    /// TNT005
    Template,
    /// TNT006
    Path,
    /// TNT007
    Url,
    /// TNT008
    Redirect,
    /// TNT009
    Import,
}

impl SinkKind {
    pub(crate) fn class(self) -> SinkClass {
        match self {
            SinkKind::Deserialization => SinkClass::Deserialization,
            SinkKind::Command => SinkClass::Command,
            SinkKind::CodeEval => SinkClass::CodeEval,
            SinkKind::Sql => SinkClass::Sql,
            SinkKind::Template => SinkClass::Template,
            SinkKind::Path => SinkClass::Path,
            SinkKind::Url => SinkClass::Url,
            SinkKind::Redirect => SinkClass::Redirect,
            SinkKind::Import => SinkClass::Import,
        }
    }
}

//! Source rules: Bandit-compatible checks (B…) and deserialization rules (DSZ).
//!
//! Each rule is one file under `src/rules/<family>/` with its documentation, metadata and a
//! check function for one node kind; `src/dispatch.rs` and the families' `mod.rs` files say
//! which rules run on which node; `src/registry.rs` lists every rule in code order. See
//! `CONTRIBUTING.md` for how to add one.
//!
//! # Public API (for the binary)
//!
//! - [`rules()`] — every rule this crate can emit, in code order.
//! - [`RuleId`] / [`RuleSet`] — rule ids and a bitset of them; [`RuleSet::from_rules`] takes
//!   the `&'static Rule`s the binary selected (rules of other crates are ignored).
//! - [`Options`] — Bandit's per-check options, deserialized from `[tool.snakeguard.bandit]`
//!   with Bandit's own keys (`assert_used.skips`, `hardcoded_tmp_directory.tmp_dirs`,
//!   `try_except_pass.check_typed_exception`, `try_except_continue.check_typed_exception`,
//!   `shell_injection.{subprocess,shell,no_shell}`,
//!   `ssl_with_bad_version.bad_protocol_versions`, `weak_cryptographic_key.weak_key_size_*`,
//!   `markupsafe_xss.{extend_markup_names,allowed_calls}`).
//! - [`Settings::new`]`(rules, options)` — compiled once per scan (globs checked here);
//!   [`Settings::with_secrets`]`(Arc<sg_secrets::SecretScanner>)` — the scanner (options,
//!   allowlists, `--show-secrets`) that judges literals for the Python-aware secret rules
//!   `SEC401`–`SEC407`. Those are declared in `sg-secrets` (not in [`rules()`] nor
//!   [`RuleSet::all`]) and run on this walk only when selected (`RuleSet::from_rules` with
//!   `sg_secrets::python::rules()`); where they report a literal, `B105`–`B107` there are
//!   dropped (see `rules::secrets`).
//! - [`check_python_file`]`(path, display_path, source, &settings) -> FileOutcome` — parses
//!   (`.py`, `.pyi`, `.ipynb` by extension; anything else as `.py`), walks once and returns
//!   the sorted findings plus what suppressions need: comment tokens and statement line
//!   ranges. Tool findings: `SG001` (first syntax error; rules still ran on the recovered
//!   tree; for an unreadable notebook, the JSON error, and `skipped` is set) and `SG003` (the
//!   depth guard stopped the walk somewhere; findings are partial).
//! - [`check_python_file_with`]`(…, later)` — the same, then `later(&source, file, &index)` on
//!   the same parse and walk index (how the binary runs `sg_taint::check`); its findings are
//!   merged and sorted.
//! - [`check_source`]`(&PythonSource, FileInfo, &settings)` — the same on an already parsed
//!   source, returning the findings and the walk's [`sg_python::SemanticIndex`] (resolved
//!   names by range, imported modules) for passes that walk the tree again.
//!
//! Findings carry the flagged source lines as `snippet`; in notebooks, lines are relative
//! to the cell and `extra["cell"]` holds the 1-based cell position.

mod checker;
mod dispatch;
mod registry;
pub mod rules;
mod settings;

use std::path::Path;

use sg_diagnostics::{Finding, Span, sort_findings, tool_rules};
use sg_python::{
    Comment, FileInfo, PythonSource, SemanticIndex, SourceKind, StatementLines, module_path,
};

pub use checker::Checker;
pub use registry::{RuleId, RuleSet, rules};
pub use settings::{
    AssertUsed, HardcodedTmpDirectory, MarkupsafeXss, Options, Settings, SettingsError,
    ShellInjection, SslWithBadVersion, TypedException, WeakCryptographicKey,
};

/// Everything the binary needs from one Python file.
#[derive(Debug, Default)]
pub struct FileOutcome {
    /// Sorted with [`sort_findings`].
    pub findings: Vec<Finding>,
    /// Every comment token (for `# nosec` / `# noqa`).
    pub comments: Vec<Comment>,
    /// Line ranges of every statement (a suppression on any line of a multi-line statement
    /// applies to findings on its lines), sorted.
    pub statements: Vec<StatementLines>,
    /// The file could not be analysed at all (a notebook that is not JSON); `findings` holds
    /// the `SG001` that says why.
    pub skipped: bool,
}

/// Parses and checks one file. `path` is the file on disk (its extension picks the parser and
/// its directory the package for relative imports); `display_path` is what findings carry.
pub fn check_python_file(
    path: &Path,
    display_path: &str,
    source: &str,
    settings: &Settings,
) -> FileOutcome {
    check_python_file_with(path, display_path, source, settings, |_, _, _| Vec::new())
}

/// [`check_python_file`], then `later` on the same parse and walk index (the taint pass:
/// `|source, file, index| sg_taint::check(source, file, index, &taint_options)`). Its findings
/// are merged into the sorted list; it does not run on a notebook that is not JSON.
pub fn check_python_file_with<F>(
    path: &Path,
    display_path: &str,
    source: &str,
    settings: &Settings,
    later: F,
) -> FileOutcome
where
    F: for<'a> FnOnce(&'a PythonSource<'a>, FileInfo<'a>, &'a SemanticIndex) -> Vec<Finding>,
{
    let kind = SourceKind::from_path(path).unwrap_or(SourceKind::Python);
    let parsed = match PythonSource::parse(kind, source) {
        Ok(parsed) => parsed,
        Err(error) => {
            let finding = Finding::new(
                &tool_rules::SYNTAX_ERROR,
                display_path,
                Span::point(error.line, error.column),
                error.message,
            );
            return FileOutcome {
                findings: vec![finding],
                skipped: true,
                ..FileOutcome::default()
            };
        }
    };
    let dotted = module_path(path);
    let file = FileInfo {
        path,
        display_path,
        module_path: dotted.as_deref(),
    };
    let (mut findings, index) = check_source(&parsed, file, settings);
    let later_findings = later(&parsed, file, &index);
    if !later_findings.is_empty() {
        findings.extend(later_findings);
        sort_findings(&mut findings);
    }
    let mut comments = Vec::new();
    let mut statements = Vec::new();
    for unit in &parsed.units {
        comments.extend(unit.comments());
        statements.extend(unit.statement_lines());
    }
    FileOutcome {
        findings,
        comments,
        statements,
        skipped: false,
    }
}

/// Checks an already parsed file: the walk, every enabled rule, `SG001`/`SG003`. Returns the
/// sorted findings and the walk's index for later passes.
pub fn check_source<'a>(
    source: &'a PythonSource<'a>,
    file: FileInfo<'a>,
    settings: &Settings,
) -> (Vec<Finding>, SemanticIndex) {
    let mut runner = dispatch::RuleRunner::new(settings);
    let index = sg_python::walk(source, file, &mut runner);
    let mut findings = runner.into_findings();
    dispatch::source_text(settings, source, file.display_path, &mut findings);
    // One SG001 per file: the first unit (cell) with an error.
    if let Some((unit, error)) = source
        .units
        .iter()
        .find_map(|unit| unit.syntax_error().map(|error| (unit, error)))
    {
        let locator = unit.locator();
        let mut finding = Finding::new(
            &tool_rules::SYNTAX_ERROR,
            file.display_path,
            locator.span(error.range),
            format!("Syntax error: {}", error.message),
        )
        .with_snippet(locator.snippet(error.range));
        if let Some(cell) = unit.cell() {
            finding = finding.with_extra("cell", cell);
        }
        findings.push(finding);
    }
    if let Some(limit) = index.depth_limit {
        let mut finding = Finding::new(
            &tool_rules::FILE_NOT_ANALYSED,
            file.display_path,
            limit.span,
            format!(
                "Nesting deeper than {} levels; the code below this point was not analysed",
                sg_python::MAX_NESTING
            ),
        );
        if let Some(cell) = limit.cell {
            finding = finding.with_extra("cell", cell);
        }
        findings.push(finding);
    }
    sort_findings(&mut findings);
    (findings, index)
}

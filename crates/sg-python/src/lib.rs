//! Python parsing and the semantic model on top of the Ruff parser crates: one walk per file.
//!
//! Every source analysis in snakeguard (Bandit-compatible rules, taint, the API inventory)
//! sits on this crate, and this crate is the only one that has to change when the Ruff crates
//! (pinned `=0.0.10`, no API promise) are upgraded. The AST types are re-exported as
//! [`ast`] so that rule crates name them through here.
//!
//! # Public API
//!
//! - [`SourceKind::from_path`] — `.py`/`.pyw` (Python), `.pyi` (stub), `.ipynb` (notebook).
//! - [`PythonSource::parse`]`(kind, text)` — parses a file (or each code cell of a notebook,
//!   in IPython mode) with `parse_unchecked`, target Python 3.14. Never fails on Python
//!   syntax; only a notebook that is not nbformat JSON is an error ([`NotebookError`]).
//!   Each [`SourceUnit`] gives [`SourceUnit::syntax_error`] (first error),
//!   [`SourceUnit::comments`], [`SourceUnit::statement_lines`] and a [`Locator`].
//! - [`module_path`]`(file)` — dotted module path from the package root (walks up while
//!   `__init__.py` exists); relative imports resolve against it.
//! - [`walk`]`(&source, FileInfo, &mut impl Analyzer)` — the one walk per file: drives Ruff's
//!   `SemanticModel` and calls the [`Analyzer`] hooks with a [`Checker`] that resolves names
//!   ([`Checker::resolve_qualified_name`]), knows the imported modules
//!   ([`Checker::imports`]) and builds findings with snippet and cell
//!   ([`Checker::finding`]). Returns a [`SemanticIndex`]: the [`ResolvedNames`] side table,
//!   the [`ImportedModules`], and the [`DepthLimit`] if the depth guard ([`MAX_NESTING`])
//!   stopped the walk somewhere.
//!
//! Positions: lines are 1-based, columns count Unicode scalars from 1 ([`Locator`]). In a
//! notebook they are relative to the cell; findings carry `extra["cell"]` (the 1-based
//! position of the cell among all cells).

mod checker;
mod locator;
mod module_path;
pub mod notebook;
mod resolved;
mod source;

pub use checker::{
    Analyzer, Checker, DepthLimit, FileInfo, ImportedModules, MAX_NESTING, SemanticIndex, walk,
};
pub use locator::Locator;
pub use module_path::module_path;
pub use notebook::NotebookError;
pub use resolved::ResolvedNames;
pub use source::{
    Comment, PythonSource, SourceKind, SourceUnit, StatementLines, SyntaxError, TARGET_VERSION,
};

/// The Ruff AST, re-exported so rule crates depend on one pinned version through here.
pub use ruff_python_ast as ast;
pub use ruff_python_ast::name::{QualifiedName, UnqualifiedName};
/// Ruff's semantic model types (bindings, scopes) for rules that need more than names.
pub use ruff_python_semantic as semantic;
pub use ruff_text_size::{Ranged, TextRange, TextSize};

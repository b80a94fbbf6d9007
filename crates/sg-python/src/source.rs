//! Parsing a Python file (or each code cell of a notebook) into units the checker walks.
//!
//! Parsing never fails: `parse_unchecked` always returns a recovered tree plus the syntax
//! errors, so rules still run on what parsed. Besides the tree, each unit keeps what the
//! binary needs to apply suppressions: the comment tokens and the line ranges of every
//! statement (a `# nosec` on any line of a multi-line statement counts).

use std::borrow::Cow;
use std::path::Path;

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::{ModModule, PySourceType, PythonVersion, Stmt};
use ruff_python_parser::{Mode, ParseOptions, Parsed, parse_unchecked, parse_unchecked_source};
use ruff_source_file::LineIndex;
use ruff_text_size::{Ranged, TextRange};

use crate::Locator;
use crate::notebook::{NotebookError, code_cells};

/// The Python version whose syntax we accept: the newest, so that no valid file is an error.
pub const TARGET_VERSION: PythonVersion = PythonVersion::PY314;

/// What kind of Python source a file holds, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// `.py` (and `.pyw`)
    Python,
    /// `.pyi`
    Stub,
    /// `.ipynb`: only code cells are parsed
    Notebook,
}

impl SourceKind {
    /// The kind of a path by extension, or `None` when it is not Python source.
    pub fn from_path(path: &Path) -> Option<SourceKind> {
        match path.extension()?.to_str()? {
            "py" | "pyw" => Some(SourceKind::Python),
            "pyi" => Some(SourceKind::Stub),
            "ipynb" => Some(SourceKind::Notebook),
            _ => None,
        }
    }
}

/// A comment token: where it is and its text (starting with `#`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Comment {
    /// The notebook cell (1-based position among all cells), `None` for plain files.
    pub cell: Option<u32>,
    pub line: u32,
    pub column: u32,
    pub text: String,
}

/// The lines one statement spans (1-based, inclusive). For a compound statement (`def`,
/// `if`, `with`…) only its header: from its first line (decorators included) to the line
/// before its body, so a comment inside a function body never suppresses the whole function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StatementLines {
    pub cell: Option<u32>,
    pub start_line: u32,
    pub end_line: u32,
}

/// The first syntax error of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

/// One parsed piece of code: a whole file, or one code cell of a notebook.
pub struct SourceUnit<'src> {
    cell: Option<u32>,
    source: Cow<'src, str>,
    parsed: Parsed<ModModule>,
    line_index: LineIndex,
}

impl<'src> SourceUnit<'src> {
    fn parse(cell: Option<u32>, source: Cow<'src, str>, mode: Mode) -> Self {
        let options = ParseOptions::from(mode).with_target_version(TARGET_VERSION);
        // Module and Ipython modes always give a module; the fallback is an empty one.
        let parsed = parse_unchecked(&source, options)
            .try_into_module()
            .unwrap_or_else(|| parse_unchecked_source("", PySourceType::Python));
        let line_index = LineIndex::from_source_text(&source);
        SourceUnit {
            cell,
            source,
            parsed,
            line_index,
        }
    }

    /// The notebook cell (1-based), `None` for a plain file.
    pub fn cell(&self) -> Option<u32> {
        self.cell
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Line/column lookups for this unit.
    pub fn locator(&self) -> Locator<'_> {
        Locator::new(&self.source, &self.line_index)
    }

    /// The top-level statements.
    pub fn suite(&self) -> &[Stmt] {
        self.parsed.suite()
    }

    pub fn parsed(&self) -> &Parsed<ModModule> {
        &self.parsed
    }

    /// The first syntax error, if the unit does not parse.
    pub fn syntax_error(&self) -> Option<SyntaxError> {
        self.parsed
            .errors()
            .iter()
            .min_by_key(|error| error.location.start())
            .map(|error| SyntaxError {
                range: error.location,
                message: error.error.to_string(),
            })
    }

    /// Every comment token, in source order.
    pub fn comments(&self) -> Vec<Comment> {
        let locator = self.locator();
        self.parsed
            .tokens()
            .iter()
            .filter(|token| token.kind() == TokenKind::Comment)
            .map(|token| {
                let (line, column) = locator.line_column(token.start());
                Comment {
                    cell: self.cell,
                    line,
                    column,
                    text: locator.slice(token.range()).to_string(),
                }
            })
            .collect()
    }

    /// The line range of every statement, nested ones included (see [`StatementLines`]).
    /// Iterative, so deeply nested blocks cannot overflow the stack.
    pub fn statement_lines(&self) -> Vec<StatementLines> {
        let locator = self.locator();
        let mut lines = Vec::new();
        let mut pending: Vec<&[Stmt]> = vec![self.parsed.suite()];
        while let Some(body) = pending.pop() {
            for stmt in body {
                let start_line = locator.line(stmt.start());
                let bodies = child_bodies(stmt);
                let end_line = match bodies.iter().find_map(|body| body.first()) {
                    Some(first) => locator
                        .line(first.start())
                        .saturating_sub(1)
                        .max(start_line),
                    None => locator.line(stmt.end()),
                };
                lines.push(StatementLines {
                    cell: self.cell,
                    start_line,
                    end_line,
                });
                pending.extend(bodies);
            }
        }
        lines.sort_unstable();
        lines
    }
}

/// The statement bodies nested directly in `stmt`, in source order.
pub(crate) fn child_bodies(stmt: &Stmt) -> Vec<&[Stmt]> {
    match stmt {
        Stmt::FunctionDef(def) => vec![&def.body],
        Stmt::ClassDef(class) => vec![&class.body],
        Stmt::For(node) => vec![&node.body, &node.orelse],
        Stmt::While(node) => vec![&node.body, &node.orelse],
        Stmt::If(node) => std::iter::once(&node.body[..])
            .chain(node.elif_else_clauses.iter().map(|clause| &clause.body[..]))
            .collect(),
        Stmt::With(node) => vec![&node.body],
        Stmt::Match(node) => node.cases.iter().map(|case| &case.body[..]).collect(),
        Stmt::Try(node) => std::iter::once(&node.body[..])
            .chain(node.handlers.iter().map(|handler| match handler {
                ruff_python_ast::ExceptHandler::ExceptHandler(handler) => &handler.body[..],
            }))
            .chain([&node.orelse[..], &node.finalbody[..]])
            .collect(),
        _ => Vec::new(),
    }
}

/// A parsed Python file: one unit for `.py`/`.pyi`, one per code cell for a notebook.
pub struct PythonSource<'src> {
    pub kind: SourceKind,
    pub units: Vec<SourceUnit<'src>>,
}

impl<'src> PythonSource<'src> {
    /// Parses `text` as `kind`. Only a notebook that is not nbformat JSON is an error; Python
    /// syntax errors are kept in the units.
    pub fn parse(kind: SourceKind, text: &'src str) -> Result<Self, NotebookError> {
        let units = match kind {
            SourceKind::Python | SourceKind::Stub => {
                vec![SourceUnit::parse(None, Cow::Borrowed(text), Mode::Module)]
            }
            SourceKind::Notebook => code_cells(text)?
                .into_iter()
                .map(|cell| {
                    // IPython mode accepts `%magic` and `!shell` lines as escape commands.
                    SourceUnit::parse(Some(cell.index), Cow::Owned(cell.source), Mode::Ipython)
                })
                .collect(),
        };
        Ok(PythonSource { kind, units })
    }
}

//! What reading one file yields: its dependencies, the pip options it set, the files it pulled
//! in, and the errors met on the way. A reader never stops the whole scan: a bad line is an
//! error next to the lines that did parse, and a file that cannot be parsed at all is a
//! manifest with one error and no dependencies.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sg_diagnostics::{Finding, Span, tool_rules};

use crate::model::{Dependency, Format};

/// The dependencies read from one file (with everything it includes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    /// The file that was read (for an environment: the `site-packages` directory).
    pub path: PathBuf,
    pub format: Format,
    /// In file order (includes expanded where they appear), then as the format lists them.
    pub dependencies: Vec<Dependency>,
    /// pip options set by a requirements file or the files it includes.
    pub pip_options: PipOptions,
    /// Files read through `-r`/`-c`, in the order first met.
    pub included: Vec<PathBuf>,
    /// The lockfile format version (`lock-version`, `version`, `_meta.pipfile-spec`…).
    pub lock_version: Option<String>,
    pub errors: Vec<ReadError>,
}

impl Manifest {
    pub fn new(path: impl Into<PathBuf>, format: Format) -> Self {
        Manifest {
            path: path.into(),
            format,
            dependencies: Vec::new(),
            pip_options: PipOptions::default(),
            included: Vec::new(),
            lock_version: None,
            errors: Vec::new(),
        }
    }

    /// A manifest holding only the error that stopped its reading.
    pub fn failed(path: impl Into<PathBuf>, format: Format, error: ReadError) -> Self {
        let mut manifest = Manifest::new(path, format);
        manifest.errors.push(error);
        manifest
    }
}

/// An option line of a requirements file, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OptionValue {
    pub value: String,
    pub path: PathBuf,
    pub line: u32,
}

/// The global pip options of a requirements file and its includes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PipOptions {
    /// `-i`/`--index-url` (the last one wins in pip; all are kept here, in order).
    pub index_urls: Vec<OptionValue>,
    pub extra_index_urls: Vec<OptionValue>,
    pub find_links: Vec<OptionValue>,
    /// Where `--no-index` was given, if anywhere.
    pub no_index: Option<OptionValue>,
    /// Where `--require-hashes` was given, if anywhere.
    pub require_hashes: Option<OptionValue>,
    /// Every `-e`/`--editable` target, named or not (`-e .` makes a file a development
    /// setup rather than a lock).
    pub editables: Vec<OptionValue>,
    /// Requirements whose name cannot be known without building them (a local directory
    /// without a readable project name, a VCS URL without `#egg=`): not dependencies of the
    /// model, but listed so nothing is silently dropped.
    pub unnamed: Vec<OptionValue>,
    /// `-r URL`/`-c URL` includes: never fetched (snakeguard reads only local files), so
    /// whatever they list is unknown. Each is also a `MissingInclude` read error; listed
    /// here so the audit can name them among what it could not audit.
    pub remote_includes: Vec<OptionValue>,
    /// `--trusted-host`, `--pre`, `--only-binary`… : recorded, not interpreted.
    pub other: Vec<OptionValue>,
}

/// What went wrong while reading a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReadErrorKind {
    /// The file (or an included file) could not be read.
    Io,
    /// An included file (`-r`/`-c`) does not exist.
    MissingInclude,
    /// A `-r`/`-c` chain comes back to a file already being read.
    IncludeCycle,
    /// Not valid TOML / JSON / INI / requirements syntax.
    Syntax,
    /// A requirement that is not valid PEP 508.
    InvalidRequirement,
    /// A version that is not valid PEP 440.
    InvalidVersion,
    /// A name that is not a valid distribution name.
    InvalidName,
    /// A lockfile whose major format version this reader does not know.
    UnsupportedVersion,
    /// Valid syntax, but a field has the wrong type or is missing.
    InvalidField,
}

/// A problem found while reading, with the file and (when known) the line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ReadError {
    pub path: PathBuf,
    /// 1-based; `None` when the error is about the whole file (it cannot be read).
    pub line: Option<u32>,
    /// 1-based, in characters.
    pub column: Option<u32>,
    pub kind: ReadErrorKind,
    pub message: String,
}

impl ReadError {
    pub fn new(
        path: &Path,
        line: Option<u32>,
        column: Option<u32>,
        kind: ReadErrorKind,
        message: impl Into<String>,
    ) -> Self {
        ReadError {
            path: path.to_path_buf(),
            line,
            column,
            kind,
            message: message.into(),
        }
    }

    pub fn io(path: &Path, error: &std::io::Error) -> Self {
        ReadError::new(
            path,
            None,
            None,
            ReadErrorKind::Io,
            format!("cannot read file: {error}"),
        )
    }

    /// The finding the binary reports for this error: `SG001` for unparsable input, `SG003`
    /// for a file that could not be read. `display_path` is relative to the scan root.
    pub fn to_finding(&self, display_path: &str) -> Finding {
        let rule = match self.kind {
            ReadErrorKind::Io | ReadErrorKind::MissingInclude => &tool_rules::FILE_NOT_ANALYSED,
            _ => &tool_rules::SYNTAX_ERROR,
        };
        let line = self.line.unwrap_or(1).max(1);
        let column = self.column.unwrap_or(1).max(1);
        Finding::new(
            rule,
            display_path,
            Span::point(line, column),
            self.message.clone(),
        )
        .with_fingerprint_key(format!("{:?}:{}", self.kind, self.message))
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ReadError {}

/// Where `${VAR}` values in requirements files come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum EnvVars {
    /// The process environment (what pip does).
    #[default]
    Process,
    /// A fixed map: tests and reproducible runs.
    Map(BTreeMap<String, String>),
}

impl EnvVars {
    pub fn get(&self, name: &str) -> Option<String> {
        match self {
            EnvVars::Process => std::env::var(name).ok(),
            EnvVars::Map(map) => map.get(name).cloned(),
        }
    }
}

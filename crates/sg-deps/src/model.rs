//! The dependency model every reader produces and every check (pinning, typosquats, the
//! vulnerability audit in `sg-audit`) consumes.
//!
//! One [`Dependency`] is one entry of one file: a requirement line, a `pyproject.toml` string,
//! a lockfile package or an installed distribution. It keeps where it came from ([`Origin`])
//! precisely enough to point a finding at it and to rewrite its version in place (`--fix`).

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use pep440_rs::{Version, VersionSpecifiers};
use serde::{Serialize, Serializer};
use sg_diagnostics::Span;

/// A distribution name, PEP 503-normalised when it is made: lowercase, every run of `-`, `_`
/// and `.` replaced by one `-`. `Django`, `django` and `DJANGO` are the same package, and so
/// are `zope.interface` and `zope-interface`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PackageName(String);

/// A string that is not a valid distribution name (PEP 508 `identifier`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPackageName(pub String);

impl fmt::Display for InvalidPackageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid package name `{}`: names are ASCII letters, digits, `.`, `-` and `_`, starting and ending with a letter or digit",
            self.0
        )
    }
}

impl std::error::Error for InvalidPackageName {}

impl PackageName {
    /// Validates `name` against PEP 508 (`[A-Za-z0-9]` at both ends, `[A-Za-z0-9._-]` inside)
    /// and normalises it (PEP 503).
    pub fn new(name: &str) -> Result<Self, InvalidPackageName> {
        let bytes = name.as_bytes();
        let valid_inner = bytes
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'_'));
        let valid_ends = bytes.first().is_some_and(u8::is_ascii_alphanumeric)
            && bytes.last().is_some_and(u8::is_ascii_alphanumeric);
        if !valid_inner || !valid_ends {
            return Err(InvalidPackageName(name.to_string()));
        }
        let mut normalised = String::with_capacity(name.len());
        let mut in_separator = false;
        for character in name.chars() {
            if matches!(character, '-' | '_' | '.') {
                if !in_separator {
                    normalised.push('-');
                }
                in_separator = true;
            } else {
                normalised.push(character.to_ascii_lowercase());
                in_separator = false;
            }
        }
        Ok(PackageName(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PackageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for PackageName {
    type Err = InvalidPackageName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PackageName::new(s)
    }
}

impl AsRef<str> for PackageName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for PackageName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// The kind of file a dependency was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A pip requirements file (`requirements*.txt`, `*.in`, `constraints.txt`, or any file
    /// reached through `-r`/`-c`).
    Requirements,
    /// `pyproject.toml`: PEP 621 `[project]`, PEP 735 `[dependency-groups]`, Poetry.
    Pyproject,
    /// `setup.cfg` `[options] install_requires` and `[options.extras_require]`.
    SetupCfg,
    UvLock,
    PoetryLock,
    /// pipenv's `Pipfile` (`[packages]`, `[dev-packages]`).
    Pipfile,
    PipfileLock,
    PdmLock,
    /// PEP 751 `pylock.toml` or `pylock.<name>.toml`.
    Pylock,
    /// An installed environment (`site-packages/*.dist-info/METADATA`).
    Environment,
}

impl Format {
    pub const ALL: [Format; 10] = [
        Format::Requirements,
        Format::Pyproject,
        Format::SetupCfg,
        Format::UvLock,
        Format::PoetryLock,
        Format::Pipfile,
        Format::PipfileLock,
        Format::PdmLock,
        Format::Pylock,
        Format::Environment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Requirements => "requirements",
            Format::Pyproject => "pyproject",
            Format::SetupCfg => "setup-cfg",
            Format::UvLock => "uv-lock",
            Format::PoetryLock => "poetry-lock",
            Format::Pipfile => "pipfile",
            Format::PipfileLock => "pipfile-lock",
            Format::PdmLock => "pdm-lock",
            Format::Pylock => "pylock",
            Format::Environment => "environment",
        }
    }

    /// Lockfiles and environments list every package with an exact version.
    pub fn is_lock(self) -> bool {
        matches!(
            self,
            Format::UvLock
                | Format::PoetryLock
                | Format::PipfileLock
                | Format::PdmLock
                | Format::Pylock
                | Format::Environment
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A byte range in a file with the 1-based line and column (in characters) of both ends.
/// `start..end` indexes the file's bytes exactly as read, so a fixer can splice a new
/// version into the original text without re-parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl TextRange {
    pub fn span(&self) -> Span {
        Span::new(self.line, self.column, self.end_line, self.end_column)
    }
}

/// Where a dependency was read from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Origin {
    /// The file (for an environment: the `METADATA` file), as the reader was given it or as
    /// an include resolved it (`-r sub/base.txt` relative to the including file).
    pub path: PathBuf,
    pub format: Format,
    /// 1-based line where the entry starts (a requirement continued with `\` starts on its
    /// first physical line). 1 when the format has no meaningful line.
    pub line: u32,
    /// The whole entry (requirement text without options and comment, the lockfile
    /// `[[package]]` header, the dependency string in TOML), when known.
    pub range: Option<TextRange>,
    /// The version specifier as written: `>=1.0, <2` in `foo>=1.0, <2`, `==1.0` in
    /// `foo==1.0`, `"1.0"`'s content in a lockfile `version = "1.0"`. `None` when there is no
    /// specifier or it cannot be located exactly (escapes in a TOML string).
    pub specifier_range: Option<TextRange>,
    /// Just the version of an exact pin: `1.0` in `foo==1.0`. Replacing these bytes is how
    /// `--fix` moves a pin.
    pub version_range: Option<TextRange>,
}

impl Origin {
    /// The best span to report a finding at: the entry when known, else its line.
    pub fn span(&self) -> Span {
        self.range
            .map_or_else(|| Span::point(self.line.max(1), 1), |range| range.span())
    }
}

/// A version-control system of a VCS requirement (`git+https://…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Vcs {
    Git,
    Hg,
    Svn,
    Bzr,
}

impl Vcs {
    pub fn as_str(self) -> &'static str {
        match self {
            Vcs::Git => "git",
            Vcs::Hg => "hg",
            Vcs::Svn => "svn",
            Vcs::Bzr => "bzr",
        }
    }
}

/// Where a dependency is installed from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Source {
    /// A package index. `url` is the index when the file says which (a lockfile's registry, a
    /// requirements file's `--index-url`); `None` means "the default one".
    Index { url: Option<String> },
    /// A direct URL to an archive (`name @ https://…/x.whl`).
    Url { url: String },
    /// A VCS checkout. `revision` is what was asked for (`@v1.2`, a branch, a tag);
    /// `commit` is a full commit id when the file pins one.
    Vcs {
        vcs: Vcs,
        url: String,
        revision: Option<String>,
        commit: Option<String>,
    },
    /// A local directory or archive.
    Path { path: String },
    /// An editable install (`-e ./src`, `-e git+…`, a directory source marked editable).
    Editable { target: String },
}

impl Source {
    /// The default package index with no explicit URL.
    pub const DEFAULT_INDEX: Source = Source::Index { url: None };

    pub fn kind(&self) -> &'static str {
        match self {
            Source::Index { .. } => "index",
            Source::Url { .. } => "url",
            Source::Vcs { .. } => "vcs",
            Source::Path { .. } => "path",
            Source::Editable { .. } => "editable",
        }
    }

    /// The location shown to users: index URL, archive URL, VCS URL, path or editable target.
    pub fn location(&self) -> Option<&str> {
        match self {
            Source::Index { url } => url.as_deref(),
            Source::Url { url } | Source::Vcs { url, .. } => Some(url),
            Source::Path { path } => Some(path),
            Source::Editable { target } => Some(target),
        }
    }
}

/// One artifact hash (`--hash=sha256:…`, a lockfile `hash`), algorithm and digest lowercase.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hash {
    pub algorithm: String,
    pub digest: String,
}

impl Hash {
    /// Parses `algorithm:digest` (also `algorithm=digest`, the URL-fragment spelling).
    pub fn parse(text: &str) -> Option<Hash> {
        let (algorithm, digest) = text.split_once([':', '='])?;
        let algorithm = algorithm.trim();
        let digest = digest.trim();
        let valid_algorithm = !algorithm.is_empty()
            && algorithm
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-');
        let valid_digest =
            !digest.is_empty() && digest.bytes().all(|byte| byte.is_ascii_hexdigit());
        (valid_algorithm && valid_digest).then(|| Hash {
            algorithm: algorithm.to_ascii_lowercase(),
            digest: digest.to_ascii_lowercase(),
        })
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.algorithm, self.digest)
    }
}

impl Serialize for Hash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Whether a dependency is named by the project itself or only pulled in by another package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Named by the project (a manifest entry; a lock package the project depends on; an
    /// installed distribution nothing else in the environment requires).
    Direct,
    /// Only required by another package of the lock or environment.
    Transitive,
    /// The source does not say (requirements files, lockfiles without a project entry).
    Unknown,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Direct => "direct",
            Relation::Transitive => "transitive",
            Relation::Unknown => "unknown",
        }
    }
}

/// One dependency entry of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependency {
    pub name: PackageName,
    /// The exact version: set for `==V` (without `*`) and `===V` pins that are valid PEP 440,
    /// for lockfile packages and for installed distributions.
    #[serde(serialize_with = "serialize_display_option")]
    pub version: Option<Version>,
    /// The PEP 440 specifier set as written (`>=1.0,<2`). Poetry constraints (`^1.2`, `~1.2`)
    /// are translated to their PEP 440 meaning. `None` for "any version", URL requirements,
    /// lockfile packages and installed distributions.
    #[serde(serialize_with = "serialize_display_option")]
    pub specifier: Option<VersionSpecifiers>,
    /// The requirement as the file wrote it (one logical line for requirements files,
    /// continuations joined, options and comment removed; `name==version` for locks).
    pub requirement: String,
    /// Environment markers (`python_version < "3.11"`), normalised by `pep508_rs` when they
    /// parse, else as written.
    pub markers: Option<String>,
    /// Requested extras, PEP 685-normalised, sorted.
    pub extras: Vec<String>,
    /// Artifact hashes, sorted and deduplicated.
    pub hashes: Vec<Hash>,
    pub source: Source,
    pub origin: Origin,
    pub relation: Relation,
    /// The optional-dependency extra, dependency group, Poetry group or lock category
    /// (`dev`, `test`) this entry belongs to; `None` for main dependencies.
    pub group: Option<String>,
    /// From a `-c` constraints file: limits versions but does not ask for an install.
    pub constraint: bool,
    /// Names this package requires (lockfile edges, `Requires-Dist`), sorted; empty when
    /// unknown.
    pub requires: Vec<PackageName>,
}

impl Dependency {
    /// A dependency with only a name and origin set; readers fill the rest.
    pub fn new(name: PackageName, origin: Origin) -> Self {
        Dependency {
            requirement: name.as_str().to_string(),
            name,
            version: None,
            specifier: None,
            markers: None,
            extras: Vec::new(),
            hashes: Vec::new(),
            source: Source::DEFAULT_INDEX,
            origin,
            relation: Relation::Unknown,
            group: None,
            constraint: false,
            requires: Vec::new(),
        }
    }

    pub fn is_editable(&self) -> bool {
        matches!(self.source, Source::Editable { .. })
    }
}

#[allow(clippy::ref_option)] // serde's `serialize_with` passes `&Option<T>`
fn serialize_display_option<T: fmt::Display, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.collect_str(value),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_are_pep503_normalised() {
        for (raw, normalised) in [
            ("Django", "django"),
            ("zope.interface", "zope-interface"),
            ("Foo__Bar-._baz", "foo-bar-baz"),
            ("a", "a"),
            ("ruamel.yaml.clib", "ruamel-yaml-clib"),
        ] {
            assert_eq!(
                PackageName::new(raw).map(|n| n.0),
                Ok(normalised.to_string())
            );
        }
    }

    #[test]
    fn invalid_package_names_are_rejected() {
        for raw in ["", "-foo", "foo-", "foo bar", "fóo", "foo/bar", "."] {
            assert!(PackageName::new(raw).is_err(), "{raw:?}");
        }
    }

    #[test]
    fn hashes_parse_both_spellings() {
        assert_eq!(
            Hash::parse("SHA256:ABCDEF").map(|h| h.to_string()),
            Some("sha256:abcdef".to_string())
        );
        assert_eq!(
            Hash::parse("sha256=00ff").map(|h| h.to_string()),
            Some("sha256:00ff".to_string())
        );
        assert_eq!(Hash::parse("sha256:xyz"), None);
        assert_eq!(Hash::parse("nohash"), None);
    }

    /// `pep508_rs` re-exports the `pep440_rs` it was built with; this only compiles when it is
    /// the same crate as our own `pep440_rs` dependency (one version in the graph).
    #[test]
    fn pep508_and_pep440_agree_on_one_pep440_version() {
        let ours: Version = "1.0".parse().unwrap();
        let theirs: pep508_rs::pep440_rs::Version = ours.clone();
        assert_eq!(ours, theirs);
    }
}

//! pip requirements files, parsed the way pip reads them, on top of `pep508_rs` for the
//! requirement strings themselves.
//!
//! We write this parser ourselves (rather than depend on `uv-requirements-txt`, which pulls
//! in uv's HTTP client and a fast-moving MSRV) and keep byte positions through every step, so
//! that a finding points at the right column and `--fix` can rewrite a version in place.
//!
//! # Grammar
//!
//! Processing follows pip's `req_file.py` in the same order:
//!
//! ```text
//! file          = { physical-line }                 ; UTF-8, optional BOM, LF or CRLF
//! ; 1. joining: a physical line ending in `\` continues on the next one, unless it is a
//! ;    comment-only line. Leading and trailing `\` are removed from a continued line. A
//! ;    comment-only line inside a continuation ends it.
//! comment-line  = [ whitespace ] "#" { any }
//! ; 2. comments: from the first `#` that starts the line or follows whitespace, to the end
//! ;    (`https://host/x.whl#sha256=…` keeps its fragment).
//! ; 3. `${NAME}` with NAME in [A-Z0-9_]+ is replaced by the environment variable; an unset
//! ;    variable is left as written.
//! logical-line  = option-line | requirement-line | empty
//! option-line   = option { whitespace option }      ; first token starts with "-"
//! requirement-line = requirement [ whitespace req-option { whitespace req-option } ]
//! ; the requirement is every token before the first token starting with "-"
//! option        = ("-r" | "--requirement") value    ; include, relative to this file
//!               | ("-c" | "--constraint") value     ; include as constraints
//!               | ("-e" | "--editable") value       ; editable requirement (path or VCS URL)
//!               | ("-i" | "--index-url") value | "--extra-index-url" value
//!               | ("-f" | "--find-links") value | "--no-index" | "--require-hashes"
//!               | "--pre" | "--prefer-binary" | "--trusted-host" value
//!               | "--only-binary" value | "--no-binary" value | "--use-feature" value
//! req-option    = "--hash" value | "--config-settings" value | "--global-option" value
//! value         = "=" token | whitespace token | token-glued-to-short-option ; `-rbase.txt`
//! ; option tokens are split like POSIX shlex (quotes and backslashes)
//! requirement   = pep508                            ; name [extras] [specifier] [; markers]
//!               | pep508-direct-reference           ; name [extras] @ url [ " ;" markers]
//!               | url [ "; " markers ]              ; bare URL: name from #egg= or file name
//!               | path [extras] [ ";" markers ]     ; bare path: starts with . / ~, holds a
//!                                                   ; separator, or names an archive
//! ```
//!
//! pip-compile and `uv pip compile` annotations (`# via -r requirements.in`, `# via` followed
//! by `#   name` lines) are read to tell direct from transitive entries.
//!
//! Includes are read relative to the including file. A file that is already being read
//! further up the chain is an include cycle (an error at the `-r` line); a file already read
//! completely through another path is not read twice.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pep440_rs::{Operator, Version};
use pep508_rs::{Pep508Url, Requirement, VersionOrUrl};

use crate::manifest::{EnvVars, Manifest, OptionValue, ReadError, ReadErrorKind};
use crate::model::{Dependency, Format, Hash, Origin, PackageName, Relation, Source, TextRange};
use crate::text::LineIndex;
use crate::url::{ClassifiedUrl, classify, is_url, looks_like_path, redact_credentials};

/// Includes nested deeper than this are refused (a chain this long is a mistake or an attack).
const MAX_INCLUDE_DEPTH: usize = 32;

/// Reads a requirements file and everything it includes with `-r`/`-c` (relative to the
/// including file), expanding `${VAR}` from `env`.
pub fn read_requirements(path: &Path, env: &EnvVars) -> Manifest {
    let mut reader = Reader::new(path, env, true);
    match std::fs::read(path) {
        Ok(bytes) => {
            reader.enter(path, &bytes, false, 0);
            reader.finish()
        }
        Err(error) => Manifest::failed(path, Format::Requirements, ReadError::io(path, &error)),
    }
}

/// Parses requirements text as if read from `path`. Includes are not followed (each is
/// reported as an error), so this reads nothing from disk: the entry point for fuzzing.
pub fn parse_requirements(text: &str, path: &Path, env: &EnvVars) -> Manifest {
    let mut reader = Reader::new(path, env, false);
    reader.enter(path, text.as_bytes(), false, 0);
    reader.finish()
}

/// A requirement URL type for `pep508_rs` that accepts any string, like Python's
/// `packaging`; we classify it ourselves (VCS, archive, path) and never touch the
/// filesystem or the process's current directory while parsing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct RawUrl(String);

impl std::fmt::Display for RawUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug)]
struct NeverFails;

impl std::fmt::Display for NeverFails {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unreachable")
    }
}

impl std::error::Error for NeverFails {}

impl Pep508Url for RawUrl {
    type Err = NeverFails;
    fn parse_url(url: &str, _working_dir: Option<&Path>) -> Result<Self, Self::Err> {
        Ok(RawUrl(url.to_string()))
    }
}

struct Reader<'e> {
    env: &'e EnvVars,
    follow_includes: bool,
    manifest: Manifest,
    /// Canonical paths of the files being read, outermost first.
    stack: Vec<PathBuf>,
    /// (canonical path, as constraints) of every file already read.
    done: BTreeSet<(PathBuf, bool)>,
    /// `# via` annotations, per index into `manifest.dependencies`.
    via: Vec<Vec<String>>,
}

/// One logical line: the text after joining, comment removal and `${VAR}` expansion, with
/// the file byte offset of every byte of it.
struct LogicalLine {
    text: String,
    offsets: Vec<usize>,
    /// Offset in the file just past the end of the line's content.
    end_offset: usize,
    /// The `${VAR}` expansions made in this line, to undo them in displayed values.
    expansions: Vec<(String, String)>,
    comment: Option<String>,
    comment_only: bool,
    line: u32,
}

impl LogicalLine {
    /// `text` with every expanded value put back as `${NAME}` (values of 4 or more bytes:
    /// shorter ones are not secrets and would match by accident), so URLs and options
    /// shown to users never carry a token that came from the environment.
    fn unexpand(&self, text: &str) -> String {
        let mut shown = text.to_string();
        for (name, value) in &self.expansions {
            if value.len() >= 4 {
                shown = shown.replace(value.as_str(), &format!("${{{name}}}"));
            }
        }
        shown
    }

    fn offset(&self, index: usize) -> usize {
        self.offsets.get(index).copied().unwrap_or(self.end_offset)
    }

    /// The file range of `text[start..end]`, and whether it maps to the file byte for byte
    /// (false when a `${VAR}` expansion is inside).
    fn file_range(&self, start: usize, end: usize) -> (usize, usize, bool) {
        let file_start = self.offset(start);
        if end <= start {
            return (file_start, file_start, true);
        }
        let file_end = self.offsets.get(end - 1).map_or(self.end_offset, |o| o + 1);
        let exact = file_end >= file_start && file_end - file_start == end - start;
        (file_start, file_end, exact)
    }
}

/// A file being read: its text and position helpers.
struct FileContext<'t> {
    path: PathBuf,
    index: LineIndex<'t>,
    constraint: bool,
    depth: usize,
}

impl FileContext<'_> {
    fn range(&self, line: &LogicalLine, start: usize, end: usize) -> TextRange {
        let (file_start, file_end, _) = line.file_range(start, end);
        self.index.range(file_start, file_end)
    }

    fn exact_range(&self, line: &LogicalLine, start: usize, end: usize) -> Option<TextRange> {
        let (file_start, file_end, exact) = line.file_range(start, end);
        exact.then(|| self.index.range(file_start, file_end))
    }

    fn error_at(
        &self,
        line: &LogicalLine,
        index: usize,
        kind: ReadErrorKind,
        message: impl Into<String>,
    ) -> ReadError {
        let (line_number, column) = self.index.position(line.offset(index));
        ReadError::new(&self.path, Some(line_number), Some(column), kind, message)
    }

    fn option_value(&self, value: &str, line: &LogicalLine) -> OptionValue {
        OptionValue {
            value: redact_credentials(&line.unexpand(value)),
            path: self.path.clone(),
            line: line.line,
        }
    }
}

impl<'e> Reader<'e> {
    fn new(path: &Path, env: &'e EnvVars, follow_includes: bool) -> Self {
        Reader {
            env,
            follow_includes,
            manifest: Manifest::new(path, Format::Requirements),
            stack: Vec::new(),
            done: BTreeSet::new(),
            via: Vec::new(),
        }
    }

    fn finish(mut self) -> Manifest {
        for (dependency, via) in self.manifest.dependencies.iter_mut().zip(&self.via) {
            if !via.is_empty() {
                dependency.relation = if via.iter().any(|entry| via_is_direct(entry)) {
                    Relation::Direct
                } else {
                    Relation::Transitive
                };
            }
        }
        // pip uses the (last) `--index-url` for every named requirement.
        if let Some(index) = self.manifest.pip_options.index_urls.last() {
            for dependency in &mut self.manifest.dependencies {
                if dependency.source == Source::DEFAULT_INDEX {
                    dependency.source = Source::Index {
                        url: Some(index.value.clone()),
                    };
                }
            }
        }
        self.manifest
    }

    fn enter(&mut self, path: &Path, bytes: &[u8], constraint: bool, depth: usize) {
        let key = canonical(path);
        self.stack.push(key.clone());
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(error) => {
                let valid = bytes.get(..error.valid_up_to()).unwrap_or(&[]);
                let line = valid.split(|byte| *byte == b'\n').count() as u32;
                self.manifest.errors.push(ReadError::new(
                    path,
                    Some(line),
                    None,
                    ReadErrorKind::Syntax,
                    format!(
                        "file is not valid UTF-8 (byte offset {}); invalid bytes were replaced",
                        error.valid_up_to()
                    ),
                ));
                String::from_utf8_lossy(bytes)
            }
        };
        let context = FileContext {
            path: path.to_path_buf(),
            index: LineIndex::new(&text),
            constraint,
            depth,
        };
        self.parse_text(&context, &text);
        self.stack.pop();
        self.done.insert((key, constraint));
    }

    fn parse_text(&mut self, context: &FileContext<'_>, text: &str) {
        let mut last_dependency: Option<usize> = None;
        let mut in_via_block = false;
        for line in logical_lines(text, self.env) {
            if line.comment_only {
                let body = line.comment.as_deref().unwrap_or("");
                let trimmed = body.trim_start_matches('#').trim();
                if let Some(rest) = trimmed.strip_prefix("via")
                    && (rest.is_empty() || rest.starts_with(char::is_whitespace))
                {
                    let rest = rest.trim();
                    if rest.is_empty() {
                        in_via_block = true;
                    } else {
                        self.add_via(last_dependency, rest);
                        in_via_block = false;
                    }
                } else if in_via_block && !trimmed.is_empty() {
                    self.add_via(last_dependency, trimmed);
                } else {
                    in_via_block = false;
                }
                continue;
            }
            in_via_block = false;
            if line.text.is_empty() {
                continue;
            }
            let before = self.manifest.dependencies.len();
            self.parse_logical_line(context, &line);
            if self.manifest.dependencies.len() > before {
                last_dependency = Some(self.manifest.dependencies.len() - 1);
                if let Some(comment) = &line.comment {
                    let trimmed = comment.trim_start_matches('#').trim();
                    if let Some(rest) = trimmed.strip_prefix("via ") {
                        self.add_via(last_dependency, rest.trim());
                    }
                }
            } else if line.text.starts_with('-') && !is_editable_line(&line.text) {
                // An option line between a requirement and its annotations ends them.
                last_dependency = None;
            }
        }
    }

    fn add_via(&mut self, dependency: Option<usize>, entry: &str) {
        if let Some(index) = dependency {
            if self.via.len() <= index {
                self.via.resize(index + 1, Vec::new());
            }
            if let Some(list) = self.via.get_mut(index) {
                list.push(entry.to_string());
            }
        }
    }

    fn parse_logical_line(&mut self, context: &FileContext<'_>, line: &LogicalLine) {
        let tokens = whitespace_tokens(&line.text);
        let first_option = tokens
            .iter()
            .position(|(start, _)| line.text.get(*start..).is_some_and(|t| t.starts_with('-')));
        let requirement_end = match first_option {
            Some(0) => None,
            Some(index) => tokens.get(index - 1).map(|(_, end)| *end),
            None => Some(line.text.len()),
        };
        let options_start = first_option
            .and_then(|index| tokens.get(index))
            .map_or(line.text.len(), |(start, _)| *start);
        let options = match shlex_split(&line.text, options_start) {
            Ok(options) => options,
            Err(index) => {
                self.manifest.errors.push(context.error_at(
                    line,
                    index,
                    ReadErrorKind::Syntax,
                    "no closing quotation in options",
                ));
                return;
            }
        };
        match requirement_end {
            None => self.parse_option_line(context, line, &options),
            Some(end) => {
                let mut hashes = Vec::new();
                if !self.parse_requirement_options(context, line, &options, &mut hashes) {
                    return;
                }
                self.add_requirement(context, line, 0, end, hashes, false);
            }
        }
    }

    /// Per-requirement options (`--hash`…). Returns false after reporting an error.
    fn parse_requirement_options(
        &mut self,
        context: &FileContext<'_>,
        line: &LogicalLine,
        options: &[Token],
        hashes: &mut Vec<Hash>,
    ) -> bool {
        let mut tokens = options.iter();
        while let Some(token) = tokens.next() {
            let Some(option) = split_option(token, &mut tokens) else {
                self.manifest.errors.push(context.error_at(
                    line,
                    token.start,
                    ReadErrorKind::Syntax,
                    format!("unexpected `{}` after the requirement", token.text),
                ));
                return false;
            };
            match option.name.as_str() {
                "--hash" => {
                    let Some(hash) = option.value.as_deref().and_then(Hash::parse) else {
                        self.manifest.errors.push(context.error_at(
                            line,
                            token.start,
                            ReadErrorKind::Syntax,
                            format!(
                                "invalid --hash value `{}` (expected algorithm:hexdigest)",
                                option.value.as_deref().unwrap_or("")
                            ),
                        ));
                        return false;
                    };
                    hashes.push(hash);
                }
                "--config-settings" | "--global-option" | "--install-option" => {
                    if option.value.is_none() {
                        self.manifest.errors.push(context.error_at(
                            line,
                            token.start,
                            ReadErrorKind::Syntax,
                            format!("option {} requires a value", option.name),
                        ));
                        return false;
                    }
                }
                other => {
                    let message = if GLOBAL_OPTIONS.iter().any(|spec| spec.matches(other)) {
                        format!("option {other} is not allowed on a requirement line")
                    } else {
                        format!("unknown option {other}")
                    };
                    self.manifest.errors.push(context.error_at(
                        line,
                        token.start,
                        ReadErrorKind::Syntax,
                        message,
                    ));
                    return false;
                }
            }
        }
        true
    }

    fn parse_option_line(
        &mut self,
        context: &FileContext<'_>,
        line: &LogicalLine,
        options: &[Token],
    ) {
        let mut tokens = options.iter();
        while let Some(token) = tokens.next() {
            let Some(option) = split_option(token, &mut tokens) else {
                self.manifest.errors.push(context.error_at(
                    line,
                    token.start,
                    ReadErrorKind::Syntax,
                    format!("unexpected `{}`", token.text),
                ));
                return;
            };
            let Some(spec) = GLOBAL_OPTIONS
                .iter()
                .find(|spec| spec.matches(&option.name))
            else {
                let message = if REQUIREMENT_OPTIONS.contains(&option.name.as_str()) {
                    format!(
                        "option {} needs a requirement before it on the same line",
                        option.name
                    )
                } else {
                    format!("unknown option {}", option.name)
                };
                self.manifest.errors.push(context.error_at(
                    line,
                    token.start,
                    ReadErrorKind::Syntax,
                    message,
                ));
                return;
            };
            let value = match (spec.takes_value, option.value) {
                (true, Some(value)) => value,
                (true, None) => {
                    self.manifest.errors.push(context.error_at(
                        line,
                        token.start,
                        ReadErrorKind::Syntax,
                        format!("option {} requires a value", spec.long),
                    ));
                    return;
                }
                (false, Some(_)) if option.glued => {
                    self.manifest.errors.push(context.error_at(
                        line,
                        token.start,
                        ReadErrorKind::Syntax,
                        format!("option {} takes no value", spec.long),
                    ));
                    return;
                }
                (false, _) => String::new(),
            };
            match spec.long {
                "--requirement" | "--constraint" => {
                    let constraint = context.constraint || spec.long == "--constraint";
                    self.include(context, line, token.start, &value, constraint);
                }
                "--editable" => {
                    // `-e target [--config-settings …]`: the target is the option's value.
                    let value_start = token_value_start(&line.text, token, &value);
                    let value_end = value_start + value.len();
                    self.manifest
                        .pip_options
                        .editables
                        .push(context.option_value(&value, line));
                    // What follows the target are its own options (`--config-settings`).
                    let rest: Vec<Token> = tokens.by_ref().cloned().collect();
                    let mut hashes = Vec::new();
                    if self.parse_requirement_options(context, line, &rest, &mut hashes) {
                        self.add_requirement(context, line, value_start, value_end, hashes, true);
                    }
                    return;
                }
                "--index-url" => self
                    .manifest
                    .pip_options
                    .index_urls
                    .push(context.option_value(&value, line)),
                "--extra-index-url" => self
                    .manifest
                    .pip_options
                    .extra_index_urls
                    .push(context.option_value(&value, line)),
                "--find-links" => self
                    .manifest
                    .pip_options
                    .find_links
                    .push(context.option_value(&value, line)),
                "--no-index" => {
                    self.manifest.pip_options.no_index = Some(context.option_value("", line));
                }
                "--require-hashes" => {
                    self.manifest.pip_options.require_hashes = Some(context.option_value("", line));
                }
                long => {
                    let shown = if value.is_empty() {
                        long.to_string()
                    } else {
                        format!("{long}={value}")
                    };
                    self.manifest
                        .pip_options
                        .other
                        .push(context.option_value(&shown, line));
                }
            }
        }
    }

    fn include(
        &mut self,
        context: &FileContext<'_>,
        line: &LogicalLine,
        at: usize,
        target: &str,
        constraint: bool,
    ) {
        let option = if constraint { "-c" } else { "-r" };
        if is_url(target) {
            self.manifest.errors.push(context.error_at(
                line,
                at,
                ReadErrorKind::MissingInclude,
                format!(
                    "{option} {}: remote includes are not fetched (snakeguard reads only local \
                     files), so the requirements it lists were not read or checked; download \
                     it and include it by path",
                    redact_credentials(target)
                ),
            ));
            let mut value = context.option_value(target, line);
            if constraint {
                value.value = format!("-c {}", value.value);
            } else {
                value.value = format!("-r {}", value.value);
            }
            self.manifest.pip_options.remote_includes.push(value);
            return;
        }
        let base = context.path.parent().unwrap_or_else(|| Path::new(""));
        let path = base.join(target);
        if !self.follow_includes {
            self.manifest.errors.push(context.error_at(
                line,
                at,
                ReadErrorKind::MissingInclude,
                format!("{option} {target}: includes are not followed when parsing text"),
            ));
            return;
        }
        let key = canonical(&path);
        if let Some(position) = self.stack.iter().position(|open| *open == key) {
            let chain: Vec<String> = self
                .stack
                .get(position..)
                .unwrap_or(&[])
                .iter()
                .chain(std::iter::once(&key))
                .map(|p| {
                    p.file_name().map_or_else(
                        || p.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    )
                })
                .collect();
            self.manifest.errors.push(context.error_at(
                line,
                at,
                ReadErrorKind::IncludeCycle,
                format!("include cycle: {}", chain.join(" -> ")),
            ));
            return;
        }
        if context.depth + 1 > MAX_INCLUDE_DEPTH {
            self.manifest.errors.push(context.error_at(
                line,
                at,
                ReadErrorKind::IncludeCycle,
                format!("{option} {target}: includes nested more than {MAX_INCLUDE_DEPTH} deep"),
            ));
            return;
        }
        if self.done.contains(&(key, constraint)) {
            return;
        }
        match std::fs::read(&path) {
            Ok(bytes) => {
                if !self.manifest.included.contains(&path) {
                    self.manifest.included.push(path.clone());
                }
                self.enter(&path, &bytes, constraint, context.depth + 1);
            }
            Err(error) => {
                let message = if error.kind() == std::io::ErrorKind::NotFound {
                    format!("{option} {target}: included file not found")
                } else {
                    format!("{option} {target}: cannot read included file: {error}")
                };
                self.manifest.errors.push(context.error_at(
                    line,
                    at,
                    ReadErrorKind::MissingInclude,
                    message,
                ));
            }
        }
    }

    /// Parses `line.text[start..end]` as a requirement and adds it.
    fn add_requirement(
        &mut self,
        context: &FileContext<'_>,
        line: &LogicalLine,
        start: usize,
        end: usize,
        hashes: Vec<Hash>,
        editable: bool,
    ) {
        let text = line.text.get(start..end).unwrap_or("").trim_end();
        let end = start + text.len();
        // Show what the file says, never an expanded value.
        let written = line.unexpand(text);
        match parse_requirement(text, editable) {
            Ok(mut parsed) => {
                parsed.source = unexpand_source(parsed.source, line);
                let Some(raw_name) = parsed.name.clone() else {
                    let target = parsed
                        .source
                        .location()
                        .map_or_else(|| written.clone(), str::to_string);
                    let target =
                        if editable && let Some(name) = self.local_project_name(context, &target) {
                            Some(name)
                        } else {
                            self.manifest
                                .pip_options
                                .unnamed
                                .push(context.option_value(&target, line));
                            None
                        };
                    if let Some(name) = target {
                        self.push_dependency(
                            context, line, start, end, &written, &name, parsed, hashes,
                        );
                    }
                    return;
                };
                self.push_dependency(
                    context, line, start, end, &written, &raw_name, parsed, hashes,
                );
            }
            Err((message, at, kind)) => {
                self.manifest
                    .errors
                    .push(context.error_at(line, start + at, kind, message));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_dependency(
        &mut self,
        context: &FileContext<'_>,
        line: &LogicalLine,
        start: usize,
        end: usize,
        written: &str,
        raw_name: &str,
        parsed: ParsedRequirement,
        mut hashes: Vec<Hash>,
    ) {
        let name = match PackageName::new(raw_name) {
            Ok(name) => name,
            Err(error) => {
                self.manifest.errors.push(context.error_at(
                    line,
                    start,
                    ReadErrorKind::InvalidName,
                    error.to_string(),
                ));
                return;
            }
        };
        let origin = Origin {
            path: context.path.clone(),
            format: Format::Requirements,
            line: line.line,
            range: Some(context.range(line, start, end)),
            specifier_range: parsed
                .specifier_span
                .and_then(|(a, b)| context.exact_range(line, start + a, start + b)),
            version_range: parsed
                .version_span
                .and_then(|(a, b)| context.exact_range(line, start + a, start + b)),
        };
        let mut dependency = Dependency::new(name, origin);
        dependency.requirement = written.to_string();
        dependency.version = parsed.version;
        dependency.specifier = parsed.specifier;
        dependency.markers = parsed.markers;
        dependency.extras = parsed.extras;
        hashes.extend(parsed.hashes);
        hashes.sort();
        hashes.dedup();
        dependency.hashes = hashes;
        dependency.source = parsed.source;
        dependency.constraint = context.constraint;
        self.manifest.dependencies.push(dependency);
    }

    /// The project name of a local directory requirement (`-e .`), from its
    /// `pyproject.toml` or `setup.cfg`, relative to the requirements file.
    fn local_project_name(&self, context: &FileContext<'_>, target: &str) -> Option<String> {
        if !self.follow_includes || is_url(target) {
            return None;
        }
        let base = context.path.parent().unwrap_or_else(|| Path::new(""));
        let directory = base.join(target.split('[').next().unwrap_or(target));
        crate::pyproject::project_name_of_directory(&directory)
    }
}

/// A source whose location is shown with `${VAR}` expansions undone.
fn unexpand_source(source: Source, line: &LogicalLine) -> Source {
    if line.expansions.is_empty() {
        return source;
    }
    match source {
        Source::Index { url } => Source::Index {
            url: url.map(|url| line.unexpand(&url)),
        },
        Source::Url { url } => Source::Url {
            url: line.unexpand(&url),
        },
        Source::Vcs {
            vcs,
            url,
            revision,
            commit,
        } => Source::Vcs {
            vcs,
            url: line.unexpand(&url),
            revision,
            commit,
        },
        Source::Path { path } => Source::Path {
            path: line.unexpand(&path),
        },
        Source::Editable { target } => Source::Editable {
            target: line.unexpand(&target),
        },
    }
}

const REQUIREMENT_OPTIONS: [&str; 4] = [
    "--hash",
    "--config-settings",
    "--global-option",
    "--install-option",
];

struct OptionSpec {
    short: Option<&'static str>,
    long: &'static str,
    takes_value: bool,
}

impl OptionSpec {
    fn matches(&self, name: &str) -> bool {
        self.long == name || self.short == Some(name)
    }
}

const GLOBAL_OPTIONS: [OptionSpec; 14] = [
    OptionSpec {
        short: Some("-r"),
        long: "--requirement",
        takes_value: true,
    },
    OptionSpec {
        short: Some("-c"),
        long: "--constraint",
        takes_value: true,
    },
    OptionSpec {
        short: Some("-e"),
        long: "--editable",
        takes_value: true,
    },
    OptionSpec {
        short: Some("-i"),
        long: "--index-url",
        takes_value: true,
    },
    OptionSpec {
        short: None,
        long: "--extra-index-url",
        takes_value: true,
    },
    OptionSpec {
        short: Some("-f"),
        long: "--find-links",
        takes_value: true,
    },
    OptionSpec {
        short: None,
        long: "--no-index",
        takes_value: false,
    },
    OptionSpec {
        short: None,
        long: "--require-hashes",
        takes_value: false,
    },
    OptionSpec {
        short: None,
        long: "--pre",
        takes_value: false,
    },
    OptionSpec {
        short: None,
        long: "--prefer-binary",
        takes_value: false,
    },
    OptionSpec {
        short: None,
        long: "--trusted-host",
        takes_value: true,
    },
    OptionSpec {
        short: None,
        long: "--only-binary",
        takes_value: true,
    },
    OptionSpec {
        short: None,
        long: "--no-binary",
        takes_value: true,
    },
    OptionSpec {
        short: None,
        long: "--use-feature",
        takes_value: true,
    },
];

fn is_editable_line(text: &str) -> bool {
    text.starts_with("-e") || text.starts_with("--editable")
}

fn via_is_direct(entry: &str) -> bool {
    let entry = entry.trim();
    entry.starts_with("-r ")
        || entry.starts_with("--requirement")
        || entry.ends_with("(pyproject.toml)")
        || entry.ends_with("(setup.py)")
        || entry.ends_with("(setup.cfg)")
        || matches!(entry, "pyproject.toml" | "setup.py" | "setup.cfg")
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A shell-split token with its byte offset in the logical line.
#[derive(Debug, Clone)]
struct Token {
    text: String,
    start: usize,
}

struct ParsedOption {
    name: String,
    value: Option<String>,
    /// The value was glued to the option (`--x=v`, `-rv`).
    glued: bool,
}

/// Splits `--name=value`, `--name value`, `-xvalue` and `-x value`.
fn split_option<'a>(
    token: &Token,
    rest: &mut impl Iterator<Item = &'a Token>,
) -> Option<ParsedOption> {
    let text = token.text.as_str();
    if let Some(long) = text.strip_prefix("--") {
        if long.is_empty() {
            return None;
        }
        if let Some((name, value)) = text.split_once('=') {
            return Some(ParsedOption {
                name: name.to_string(),
                value: Some(value.to_string()),
                glued: true,
            });
        }
        let takes_value = GLOBAL_OPTIONS
            .iter()
            .any(|spec| spec.long == text && spec.takes_value)
            || REQUIREMENT_OPTIONS.contains(&text);
        let value = if takes_value {
            rest.next().map(|token| token.text.clone())
        } else {
            None
        };
        return Some(ParsedOption {
            name: text.to_string(),
            value,
            glued: false,
        });
    }
    let short = text
        .get(..2)
        .filter(|s| s.starts_with('-') && s.len() == 2)?;
    let glued = text.get(2..).unwrap_or("");
    let takes_value = GLOBAL_OPTIONS
        .iter()
        .any(|spec| spec.short == Some(short) && spec.takes_value);
    if !glued.is_empty() {
        let value = glued.strip_prefix('=').unwrap_or(glued);
        return Some(ParsedOption {
            name: short.to_string(),
            value: Some(value.to_string()),
            glued: true,
        });
    }
    let value = if takes_value {
        rest.next().map(|token| token.text.clone())
    } else {
        None
    };
    Some(ParsedOption {
        name: short.to_string(),
        value,
        glued: false,
    })
}

/// Where an option's value starts in the line (for `-e target` positions).
fn token_value_start(line: &str, option: &Token, value: &str) -> usize {
    line.get(option.start..)
        .and_then(|rest| rest.find(value))
        .map_or(option.start, |index| option.start + index)
}

/// Whitespace-separated tokens as byte ranges.
fn whitespace_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (index, character) in text.char_indices() {
        if character.is_whitespace() {
            if let Some(token_start) = start.take() {
                tokens.push((token_start, index));
            }
        } else if start.is_none() {
            start = Some(index);
        }
    }
    if let Some(token_start) = start {
        tokens.push((token_start, text.len()));
    }
    tokens
}

/// POSIX shell-like splitting of `text[from..]` (quotes and backslashes). Errors with the
/// offset of an unclosed quote.
fn shlex_split(text: &str, from: usize) -> Result<Vec<Token>, usize> {
    let mut tokens = Vec::new();
    let mut current: Option<Token> = None;
    let mut chars = text.get(from..).unwrap_or("").char_indices().peekable();
    while let Some((relative, character)) = chars.next() {
        let index = from + relative;
        match character {
            c if c.is_whitespace() => {
                if let Some(token) = current.take() {
                    tokens.push(token);
                }
            }
            '\'' | '"' => {
                let token = current.get_or_insert_with(|| Token {
                    text: String::new(),
                    start: index,
                });
                let mut closed = false;
                while let Some((_, inner)) = chars.next() {
                    if inner == character {
                        closed = true;
                        break;
                    }
                    if character == '"'
                        && inner == '\\'
                        && let Some(&(_, escaped)) = chars.peek()
                        && matches!(escaped, '"' | '\\' | '$' | '`')
                    {
                        token.text.push(escaped);
                        chars.next();
                        continue;
                    }
                    token.text.push(inner);
                }
                if !closed {
                    return Err(index);
                }
            }
            '\\' => {
                let token = current.get_or_insert_with(|| Token {
                    text: String::new(),
                    start: index,
                });
                if let Some((_, escaped)) = chars.next() {
                    token.text.push(escaped);
                }
            }
            other => current
                .get_or_insert_with(|| Token {
                    text: String::new(),
                    start: index,
                })
                .text
                .push(other),
        }
    }
    if let Some(token) = current.take() {
        tokens.push(token);
    }
    Ok(tokens)
}

/// Splits text into logical lines (steps 1–3 of the grammar).
fn logical_lines(text: &str, env: &EnvVars) -> Vec<LogicalLine> {
    let mut lines = Vec::new();
    // Physical lines: (content without line ending, its start offset, 1-based number).
    let mut physical = Vec::new();
    // A UTF-8 byte order mark is skipped, but offsets keep counting it so that they index
    // the file's bytes.
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut offset = bom;
    for (number, raw) in text.get(bom..).unwrap_or("").split('\n').enumerate() {
        let content = raw.strip_suffix('\r').unwrap_or(raw);
        physical.push((content, offset, number as u32 + 1));
        offset += raw.len() + 1;
    }
    let mut joined = String::new();
    let mut offsets: Vec<usize> = Vec::new();
    let mut first_line: Option<u32> = None;
    let mut last_end = 0;
    for (content, start, number) in physical {
        let comment_only = content.trim_start().starts_with('#');
        if content.ends_with('\\') && !comment_only {
            // pip strips `\` from both ends of a continued line.
            let stripped_front = content.trim_start_matches('\\');
            let front = content.len() - stripped_front.len();
            let piece = stripped_front.trim_end_matches('\\');
            joined.push_str(piece);
            offsets.extend((0..piece.len()).map(|i| start + front + i));
            first_line.get_or_insert(number);
            last_end = start + front + piece.len();
            continue;
        }
        if comment_only && first_line.is_some() {
            // pip prefixes a comment line with a space so that it is stripped as a comment.
            joined.push(' ');
            offsets.push(start);
        }
        joined.push_str(content);
        offsets.extend((0..content.len()).map(|i| start + i));
        last_end = start + content.len();
        let line_number = first_line.take().unwrap_or(number);
        let is_comment_line = comment_only && joined.trim_start().starts_with('#');
        lines.push(finish_logical_line(
            &joined,
            &offsets,
            last_end,
            line_number,
            is_comment_line,
            env,
        ));
        joined.clear();
        offsets.clear();
    }
    if let Some(line_number) = first_line {
        lines.push(finish_logical_line(
            &joined,
            &offsets,
            last_end,
            line_number,
            false,
            env,
        ));
    }
    lines
}

fn finish_logical_line(
    joined: &str,
    offsets: &[usize],
    end_offset: usize,
    line: u32,
    comment_only: bool,
    env: &EnvVars,
) -> LogicalLine {
    // Step 2: the comment starts at a `#` at the start or after whitespace.
    let bytes = joined.as_bytes();
    let comment_start = (0..bytes.len()).find(|&index| {
        bytes.get(index) == Some(&b'#')
            && (index == 0 || bytes.get(index - 1).is_some_and(u8::is_ascii_whitespace))
    });
    let (content_end, comment) = match comment_start {
        Some(index) => (index, joined.get(index..).map(str::to_string)),
        None => (joined.len(), None),
    };
    let content = joined.get(..content_end).unwrap_or("");
    let trimmed_start = content.len() - content.trim_start().len();
    let trimmed = content.trim();
    let start = trimmed_start;
    let end = start + trimmed.len();
    let slice_offsets: Vec<usize> = offsets.get(start..end).unwrap_or(&[]).to_vec();
    let content_end_offset = if end > start {
        slice_offsets.last().map_or(end_offset, |last| last + 1)
    } else {
        offsets.get(start).copied().unwrap_or(end_offset)
    };
    // Step 3: `${VAR}` expansion, keeping the offset of the `$` for expanded bytes.
    let (text, text_offsets, expansions) = expand_env_vars(trimmed, &slice_offsets, env);
    LogicalLine {
        text,
        offsets: text_offsets,
        end_offset: content_end_offset,
        expansions,
        comment,
        comment_only,
        line,
    }
}

/// `${VAR}` expansion; also returns the (name, value) pairs that were expanded.
fn expand_env_vars(
    text: &str,
    offsets: &[usize],
    env: &EnvVars,
) -> (String, Vec<usize>, Vec<(String, String)>) {
    let mut expansions = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut out_offsets = Vec::with_capacity(offsets.len());
    let mut index = 0;
    let bytes = text.as_bytes();
    while index < bytes.len() {
        if bytes.get(index) == Some(&b'$') && bytes.get(index + 1) == Some(&b'{') {
            let name_start = index + 2;
            let name_len = bytes
                .get(name_start..)
                .unwrap_or(&[])
                .iter()
                .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'_')
                .count();
            if name_len > 0 && bytes.get(name_start + name_len) == Some(&b'}') {
                let name = text.get(name_start..name_start + name_len).unwrap_or("");
                if let Some(value) = env.get(name) {
                    let at = offsets.get(index).copied().unwrap_or(0);
                    out.push_str(&value);
                    expansions.push((name.to_string(), value.clone()));
                    out_offsets.extend(std::iter::repeat_n(at, value.len()));
                    index = name_start + name_len + 1;
                    continue;
                }
            }
        }
        // Copy one character (all its bytes) with their offsets.
        let character_len = text
            .get(index..)
            .and_then(|rest| rest.chars().next())
            .map_or(1, char::len_utf8);
        if let Some(piece) = text.get(index..index + character_len) {
            out.push_str(piece);
        }
        for byte_index in index..index + character_len {
            out_offsets.push(offsets.get(byte_index).copied().unwrap_or(0));
        }
        index += character_len;
    }
    (out, out_offsets, expansions)
}

/// A requirement taken apart; spans are byte ranges in the requirement text.
#[derive(Debug)]
pub(crate) struct ParsedRequirement {
    name: Option<String>,
    version: Option<Version>,
    specifier: Option<pep440_rs::VersionSpecifiers>,
    specifier_span: Option<(usize, usize)>,
    version_span: Option<(usize, usize)>,
    markers: Option<String>,
    extras: Vec<String>,
    hashes: Vec<Hash>,
    source: Source,
}

pub(crate) type ParseFailure = (String, usize, ReadErrorKind);

/// Parses one requirement (PEP 508, bare URL or bare path). `editable` requirements take
/// their source from the target.
fn parse_requirement(text: &str, editable: bool) -> Result<ParsedRequirement, ParseFailure> {
    if text.is_empty() {
        return Err((
            "missing requirement".to_string(),
            0,
            ReadErrorKind::InvalidRequirement,
        ));
    }
    let direct_reference = name_then_at(text);
    if !direct_reference && (is_url(text) || looks_like_path(text) || editable) {
        return Ok(parse_unnamed(text, editable));
    }
    parse_pep508(text, editable)
}

/// Parses a strict PEP 508 requirement (what `pyproject.toml`, `setup.cfg` and
/// `Requires-Dist` hold).
pub(crate) fn parse_pep508(text: &str, editable: bool) -> Result<ParsedRequirement, ParseFailure> {
    if text.trim().is_empty() {
        return Err((
            "missing requirement".to_string(),
            0,
            ReadErrorKind::InvalidRequirement,
        ));
    }
    prevalidate_names(text)?;
    let parsed = std::panic::catch_unwind(|| text.parse::<Requirement<RawUrl>>());
    let Ok(parsed) = parsed else {
        // `pep508_rs` asserts on a few inputs instead of returning an error; the checks above
        // cover the known ones, this keeps any other from taking the scan down.
        return Err((
            format!("invalid requirement `{text}`: the PEP 508 parser failed on it"),
            0,
            ReadErrorKind::InvalidRequirement,
        ));
    };
    let requirement: Requirement<RawUrl> = match parsed {
        Ok(requirement) => requirement,
        Err(error) => {
            let error: pep508_rs::Pep508Error<RawUrl> = error;
            // `start` counts characters; the Display of the error can panic on odd spans,
            // so only its message is used.
            let at = text
                .char_indices()
                .nth(error.start)
                .map_or(text.len(), |(index, _)| index);
            let kind = if error.message.to_string().contains("version") {
                ReadErrorKind::InvalidVersion
            } else {
                ReadErrorKind::InvalidRequirement
            };
            return Err((
                format!("invalid requirement `{text}`: {}", error.message),
                at,
                kind,
            ));
        }
    };
    let markers = marker_text(text);
    let extras = requirement
        .extras
        .iter()
        .map(ToString::to_string)
        .collect::<BTreeSet<_>>();
    let mut parsed = ParsedRequirement {
        name: Some(requirement.name.to_string()),
        version: None,
        specifier: None,
        specifier_span: None,
        version_span: None,
        markers,
        extras: extras.into_iter().collect(),
        hashes: Vec::new(),
        source: Source::DEFAULT_INDEX,
    };
    match requirement.version_or_url {
        Some(VersionOrUrl::VersionSpecifier(specifiers)) => {
            parsed.version = exact_version(&specifiers);
            parsed.specifier_span = specifier_span(text);
            if parsed.version.is_some() {
                parsed.version_span = parsed
                    .specifier_span
                    .and_then(|span| version_span(text, span));
            }
            if !specifiers.is_empty() {
                parsed.specifier = Some(specifiers);
            }
        }
        Some(VersionOrUrl::Url(url)) => {
            let classified = classify(&url.0);
            apply_url(&mut parsed, classified, editable);
        }
        None => {}
    }
    Ok(parsed)
}

/// Rejects a name or extra that ends in `.`, `-` or `_` before `pep508_rs` sees it: version
/// 0.9.2 panics on those (it validates the name only after accepting it).
fn prevalidate_names(text: &str) -> Result<(), ParseFailure> {
    let is_name_byte = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_');
    let leading = text.len() - text.trim_start().len();
    let name_len = text
        .as_bytes()
        .get(leading..)
        .unwrap_or(&[])
        .iter()
        .take_while(|b| is_name_byte(b))
        .count();
    let name = text.get(leading..leading + name_len).unwrap_or("");
    if name.ends_with(['.', '-', '_']) {
        return Err((
            format!(
                "invalid requirement `{text}`: package name `{name}` must end with a letter or digit"
            ),
            leading + name_len.saturating_sub(1),
            ReadErrorKind::InvalidName,
        ));
    }
    let rest = text.get(leading + name_len..).unwrap_or("");
    let after_space = rest.trim_start();
    let Some(extras) = after_space.strip_prefix('[') else {
        return Ok(());
    };
    let extras_start = text.len() - extras.len();
    // Up to `]`, or to the end when it is missing (the parser still reads the extras first).
    let region = extras
        .find(']')
        .map_or(extras, |close| extras.get(..close).unwrap_or(""));
    let mut offset = 0;
    for extra in region.split(',') {
        let trimmed = extra.trim_start();
        let identifier_len = trimmed.bytes().take_while(|b| is_name_byte(b)).count();
        let identifier = trimmed.get(..identifier_len).unwrap_or("");
        if identifier.ends_with(['.', '-', '_']) {
            return Err((
                format!(
                    "invalid requirement `{text}`: extra `{identifier}` must end with a letter or digit"
                ),
                extras_start + offset,
                ReadErrorKind::InvalidRequirement,
            ));
        }
        offset += extra.len() + 1;
    }
    Ok(())
}

/// The exact version of a `==V` (no wildcard) or `===V` specifier set of one element.
pub(crate) fn exact_version(specifiers: &pep440_rs::VersionSpecifiers) -> Option<Version> {
    match specifiers.iter().collect::<Vec<_>>().as_slice() {
        [only] if matches!(only.operator(), Operator::Equal | Operator::ExactEqual) => {
            Some(only.version().clone())
        }
        _ => None,
    }
}

fn apply_url(parsed: &mut ParsedRequirement, classified: ClassifiedUrl, editable: bool) {
    parsed.hashes = classified.hashes;
    if parsed.version.is_none() {
        parsed.version = classified.file_version;
    }
    parsed.source = if editable {
        Source::Editable {
            target: classified.source.location().unwrap_or_default().to_string(),
        }
    } else {
        classified.source
    };
}

/// A bare URL or path (`https://…/x.whl`, `./pkg[extra]`, `-e git+…#egg=name`).
fn parse_unnamed(text: &str, editable: bool) -> ParsedRequirement {
    let url_like = is_url(text);
    let (target, markers) = if url_like {
        match text.split_once("; ") {
            Some((target, markers)) => (target.trim(), Some(markers.trim().to_string())),
            None => (text, None),
        }
    } else {
        match text.split_once(';') {
            Some((target, markers)) => (target.trim(), Some(markers.trim().to_string())),
            None => (text, None),
        }
    };
    let (target, extras) = match (target.rfind('['), target.ends_with(']')) {
        (Some(open), true) if !url_like => {
            let extras = target
                .get(open + 1..target.len() - 1)
                .unwrap_or("")
                .split(',')
                .map(|extra| extra.trim().to_ascii_lowercase().replace(['_', '.'], "-"))
                .filter(|extra| !extra.is_empty())
                .collect::<BTreeSet<_>>();
            (
                target.get(..open).unwrap_or(target),
                extras.into_iter().collect(),
            )
        }
        _ => (target, Vec::new()),
    };
    let classified = classify(target);
    let name = classified
        .egg
        .clone()
        .map(|egg| egg.split('[').next().unwrap_or("").to_string())
        .or_else(|| classified.file_name.clone());
    let mut parsed = ParsedRequirement {
        name,
        version: None,
        specifier: None,
        specifier_span: None,
        version_span: None,
        markers: markers.filter(|m| !m.is_empty()),
        extras,
        hashes: Vec::new(),
        source: Source::DEFAULT_INDEX,
    };
    apply_url(&mut parsed, classified, editable);
    parsed
}

/// Whether the text is `name [extras] @ …` (a PEP 508 direct reference).
fn name_then_at(text: &str) -> bool {
    let name_len = text
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        .count();
    if name_len == 0 {
        return false;
    }
    let rest = text.get(name_len..).unwrap_or("").trim_start();
    let rest = if rest.starts_with('[') {
        rest.find(']')
            .and_then(|end| rest.get(end + 1..))
            .unwrap_or("")
            .trim_start()
    } else {
        rest
    };
    rest.starts_with('@')
}

/// The markers as written after `;` (the first `;` of a PEP 508 requirement).
fn marker_text(text: &str) -> Option<String> {
    let (_, markers) = text.split_once(';')?;
    let markers = markers.trim();
    (!markers.is_empty()).then(|| markers.to_string())
}

/// Byte range of the version specifier in a PEP 508 requirement with a version: after the
/// name and extras (and an optional `(`), up to `;` (or `)`), trimmed.
fn specifier_span(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut index = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        .count();
    let skip_whitespace = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    index = skip_whitespace(index);
    if bytes.get(index) == Some(&b'[') {
        index = text.get(index..)?.find(']').map(|end| index + end + 1)?;
        index = skip_whitespace(index);
    }
    let parenthesised = bytes.get(index) == Some(&b'(');
    if parenthesised {
        index = skip_whitespace(index + 1);
    }
    let rest = text.get(index..)?;
    let end = rest
        .find(if parenthesised { ')' } else { ';' })
        .map_or(text.len(), |end| index + end);
    let specifier = text.get(index..end)?.trim_end();
    (!specifier.is_empty()).then_some((index, index + specifier.len()))
}

/// Byte range of the version in an exact `==V` / `===V` specifier span.
fn version_span(text: &str, (start, end): (usize, usize)) -> Option<(usize, usize)> {
    let specifier = text.get(start..end)?;
    let operator_len = if specifier.starts_with("===") {
        3
    } else if specifier.starts_with("==") {
        2
    } else {
        return None;
    };
    let after = specifier.get(operator_len..)?;
    let leading = after.len() - after.trim_start().len();
    let version = after.trim();
    (!version.is_empty()).then(|| {
        let version_start = start + operator_len + leading;
        (version_start, version_start + version.len())
    })
}

/// Where a PEP 508 string sits in a file that is not a requirements file.
pub(crate) struct Placement<'a> {
    pub(crate) path: &'a Path,
    pub(crate) format: Format,
    pub(crate) index: &'a LineIndex<'a>,
    /// File offset of the string's first byte, when the file holds it byte for byte.
    pub(crate) content_start: Option<usize>,
    /// The whole value (with quotes), used when `content_start` is unknown.
    pub(crate) fallback: TextRange,
}

/// A [`Dependency`] from a PEP 508 string in a manifest (`pyproject.toml`, `setup.cfg`).
pub(crate) fn pep508_dependency(
    text: &str,
    place: &Placement<'_>,
) -> Result<Dependency, ReadError> {
    let leading = text.len() - text.trim_start().len();
    let trimmed = text.trim();
    let content_start = place.content_start.map(|start| start + leading);
    let error = |at: usize, kind: ReadErrorKind, message: String| {
        let offset = content_start.map_or(place.fallback.start, |start| start + at);
        let (line, column) = place.index.position(offset);
        ReadError::new(place.path, Some(line), Some(column), kind, message)
    };
    let parsed =
        parse_pep508(trimmed, false).map_err(|(message, at, kind)| error(at, kind, message))?;
    let raw_name = parsed.name.clone().unwrap_or_default();
    let name = PackageName::new(&raw_name)
        .map_err(|invalid| error(0, ReadErrorKind::InvalidName, invalid.to_string()))?;
    let range_of =
        |(a, b): (usize, usize)| content_start.map(|start| place.index.range(start + a, start + b));
    let range = content_start.map_or(place.fallback, |start| {
        place.index.range(start, start + trimmed.len())
    });
    let origin = Origin {
        path: place.path.to_path_buf(),
        format: place.format,
        line: range.line,
        range: Some(range),
        specifier_range: parsed.specifier_span.and_then(range_of),
        version_range: parsed.version_span.and_then(range_of),
    };
    let mut dependency = Dependency::new(name, origin);
    dependency.requirement = trimmed.to_string();
    dependency.version = parsed.version;
    dependency.specifier = parsed.specifier;
    dependency.markers = parsed.markers;
    dependency.extras = parsed.extras;
    dependency.hashes = parsed.hashes;
    dependency.source = parsed.source;
    dependency.relation = Relation::Direct;
    Ok(dependency)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Manifest {
        parse_requirements(
            text,
            Path::new("requirements.txt"),
            &EnvVars::Map(std::collections::BTreeMap::default()),
        )
    }

    #[test]
    fn version_ranges_point_at_the_version_in_the_file() {
        let text = "# top\nrequests[socks] == 2.31.0 ; python_version < \"3.12\" \\\n    --hash=sha256:aa\n";
        let manifest = parse(text);
        assert!(manifest.errors.is_empty(), "{:?}", manifest.errors);
        let dependency = &manifest.dependencies[0];
        let range = dependency.origin.version_range.unwrap();
        assert_eq!(&text[range.start..range.end], "2.31.0");
        assert_eq!((range.line, range.column), (2, 20));
        let specifier = dependency.origin.specifier_range.unwrap();
        assert_eq!(&text[specifier.start..specifier.end], "== 2.31.0");
        assert_eq!(dependency.hashes.len(), 1);
        assert_eq!(
            dependency.markers.as_deref(),
            Some("python_version < \"3.12\"")
        );
    }

    #[test]
    fn expanded_secrets_never_reach_displayed_values() {
        let env = EnvVars::Map(std::collections::BTreeMap::from([
            ("TOKEN".to_string(), "tok-123456".to_string()),
            ("V".to_string(), "1.0".to_string()),
        ]));
        let text = "-i https://pypi.example/${TOKEN}/simple\nprivate @ https://files.example/${TOKEN}/private-1.0.tar.gz\nfoo==${V} --hash=sha256:00ff\n";
        let manifest = parse_requirements(text, Path::new("requirements.txt"), &env);
        assert!(manifest.errors.is_empty(), "{:?}", manifest.errors);
        assert!(!format!("{manifest:?}").contains("tok-123456"));
        assert_eq!(
            manifest.pip_options.index_urls[0].value,
            "https://pypi.example/${TOKEN}/simple"
        );
        assert_eq!(
            manifest.dependencies[0].source.location(),
            Some("https://files.example/${TOKEN}/private-1.0.tar.gz")
        );
        assert_eq!(manifest.dependencies[1].requirement, "foo==1.0");
        assert_eq!(
            manifest.dependencies[1]
                .version
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("1.0")
        );
    }

    #[test]
    fn editables_take_their_own_options() {
        let manifest = parse(
            "-e git+https://h/r.git@0123456789abcdef0123456789abcdef01234567#egg=r --config-settings editable_mode=compat\n",
        );
        assert!(manifest.errors.is_empty(), "{:?}", manifest.errors);
        assert_eq!(manifest.dependencies.len(), 1);
        assert!(manifest.dependencies[0].is_editable());
    }

    #[test]
    fn shlex_handles_quotes_and_reports_unclosed_ones() {
        let tokens = shlex_split(r#"--index-url "https://a b" 'x y' z\ w"#, 0).unwrap();
        let texts: Vec<_> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["--index-url", "https://a b", "x y", "z w"]);
        assert_eq!(shlex_split("-i 'abc", 0).unwrap_err(), 3);
    }

    #[test]
    fn names_and_extras_ending_in_separators_are_errors_not_panics() {
        // pep508_rs 0.9.2 panics on these; found by the `requirements` fuzz target.
        for text in [
            "P[sP_,",
            "g.;",
            "foo_ ==1",
            "foo[bar-]",
            "foo[a, b.]==1",
            "x[y_",
        ] {
            let manifest = parse(text);
            assert!(manifest.dependencies.is_empty(), "{text}");
            assert_eq!(manifest.errors.len(), 1, "{text}: {:?}", manifest.errors);
        }
    }

    #[test]
    fn specifier_spans() {
        assert_eq!(specifier_span("foo"), None);
        assert_eq!(specifier_span("foo>=1,<2"), Some((3, 9)));
        assert_eq!(specifier_span("foo (>=1) ; os_name == 'nt'"), Some((5, 8)));
        assert_eq!(specifier_span("foo[a,b] ==1 ;x"), Some((9, 12)));
    }
}

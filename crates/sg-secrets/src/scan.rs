//! The text scanner: keyword prefilter, then rule regexes on candidate lines only.
//!
//! For each document:
//!
//! 1. Two Aho-Corasick automata (case-insensitive and case-sensitive keywords) run once over
//!    the whole text. A keyword hit makes its line a candidate for the rules that own the
//!    keyword. Most lines of a source tree hold no keyword and cost nothing more.
//! 2. Each candidate (line, rule) pair runs the rule's regex on that line. Lines longer than
//!    4 KiB (minified data) are cut to a window around the keyword. Multi-line rules (PEM
//!    blocks) run once over the whole text when their keyword occurs anywhere.
//! 3. Each match goes through the filters: placeholders, value checks, the name check of the
//!    generic rule, entropy, checksum, per-rule and configured allowlists, inline allow
//!    comments.
//! 4. Overlaps are resolved: a fallback rule (generic, bearer header, URL password) yields to
//!    a provider rule that matched the same text, and one span is reported once.

use std::ops::Range;

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use regex::Regex;
use sg_diagnostics::{Finding, Span, sort_findings};

use crate::catalog::{Catalog, Prefilter, SecretRule, ValueCheck, catalog};
use crate::entropy::shannon_entropy;
use crate::options::{Options, OptionsError};
use crate::redact::{redact, redact_in, secret_fingerprint_key};
use crate::{allow, python, values};

/// Lines longer than this are scanned in windows around each keyword hit.
const LONG_LINE: usize = 4096;
const WINDOW_BEFORE: usize = 512;
const WINDOW_AFTER: usize = 1536;
/// Snippets longer than this are cut to a window around the secret.
const MAX_SNIPPET: usize = 1000;

/// The secrets scanner with its options compiled. Cheap to share across threads.
#[derive(Debug)]
pub struct SecretScanner {
    pub(crate) options: Options,
    allow_regexes: Vec<Regex>,
    allow_stopwords: Vec<String>,
    pub(crate) allow_paths: GlobSet,
}

/// What the scanner knows about the text it is given.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DocContext {
    /// Python source (a `.py` file or a notebook code cell).
    pub python: bool,
    /// Program source in any language (Python, JavaScript, Go, …): a bare name on the
    /// right-hand side is a reference, so only quoted literals count for the generic rule.
    pub code: bool,
}

impl DocContext {
    pub(crate) fn for_path(display_path: &str) -> Self {
        DocContext {
            python: crate::files::is_python_source(display_path),
            code: crate::files::is_code_source(display_path),
        }
    }
}

#[derive(Debug, Clone)]
struct RawMatch {
    rule_index: usize,
    secret: Range<usize>,
}

impl SecretScanner {
    /// Compiles the configured allowlists. Errors name the offending key and value.
    pub fn new(options: Options) -> Result<Self, OptionsError> {
        let allow_regexes = options
            .allowlist_regexes
            .iter()
            .map(|pattern| {
                Regex::new(pattern).map_err(|error| OptionsError {
                    key: "allowlist-regexes",
                    value: pattern.clone(),
                    message: error.to_string(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut builder = GlobSetBuilder::new();
        for pattern in crate::files::BUILTIN_PATH_ALLOWLIST {
            if let Ok(glob) = GlobBuilder::new(pattern)
                .case_insensitive(true)
                .literal_separator(true)
                .build()
            {
                builder.add(glob);
            }
        }
        for pattern in &options.allowlist_paths {
            let glob = Glob::new(pattern).map_err(|error| OptionsError {
                key: "allowlist-paths",
                value: pattern.clone(),
                message: error.to_string(),
            })?;
            builder.add(glob);
        }
        let allow_paths = builder.build().map_err(|error| OptionsError {
            key: "allowlist-paths",
            value: options.allowlist_paths.join(", "),
            message: error.to_string(),
        })?;
        let allow_stopwords = options
            .allowlist_stopwords
            .iter()
            .map(|word| word.to_ascii_lowercase())
            .collect();
        // Build the rule table now rather than inside the first file's scan.
        let _ = catalog();
        Ok(SecretScanner {
            options,
            allow_regexes,
            allow_stopwords,
            allow_paths,
        })
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Scans one text file. `display_path` is the path shown in findings (relative to the
    /// scan root, `/` separators); its extension decides how the text is read: notebooks
    /// (`.ipynb`) are scanned cell by cell, Python sources require quoted literals for the
    /// generic rule. Findings come back sorted.
    pub fn scan_text(&self, display_path: &str, text: &str) -> Vec<Finding> {
        let mut findings = if crate::files::is_notebook(display_path) {
            crate::notebook::scan_notebook(self, display_path, text)
                .unwrap_or_else(|| self.scan_document(display_path, text, DocContext::default()))
        } else {
            self.scan_document(display_path, text, DocContext::for_path(display_path))
        };
        sort_findings(&mut findings);
        findings
    }

    /// Scans `text` as one document and returns findings (unsorted).
    pub(crate) fn scan_document(
        &self,
        display_path: &str,
        text: &str,
        context: DocContext,
    ) -> Vec<Finding> {
        let catalog = catalog();
        let mut lines: Option<LineIndex> = None;
        let mut segments: Vec<(usize, usize, usize)> = Vec::new();
        let mut whole_text_rules: Vec<usize> = Vec::new();
        for prefilter in [&catalog.insensitive, &catalog.sensitive] {
            collect_candidates(
                prefilter,
                catalog,
                text,
                &mut lines,
                &mut segments,
                &mut whole_text_rules,
            );
        }
        if segments.is_empty() && whole_text_rules.is_empty() {
            return Vec::new();
        }
        let segments = merge_segments(segments);
        whole_text_rules.sort_unstable();
        whole_text_rules.dedup();
        let lines = lines.unwrap_or_else(|| LineIndex::new(text));

        let mut matches: Vec<RawMatch> = Vec::new();
        for &(start, end, rule_index) in &segments {
            if let (Some(rule), Some(segment)) =
                (catalog.rules.get(rule_index), text.get(start..end))
            {
                self.run_rule(
                    rule,
                    rule_index,
                    segment,
                    start,
                    text,
                    &lines,
                    context,
                    &mut matches,
                );
            }
        }
        for &rule_index in &whole_text_rules {
            if let Some(rule) = catalog.rules.get(rule_index) {
                self.run_rule(
                    rule,
                    rule_index,
                    text,
                    0,
                    text,
                    &lines,
                    context,
                    &mut matches,
                );
            }
        }
        let matches = resolve_overlaps(matches, catalog);
        matches
            .into_iter()
            .filter_map(|raw| self.build_finding(display_path, text, &lines, &raw))
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn run_rule(
        &self,
        rule: &SecretRule,
        rule_index: usize,
        segment: &str,
        segment_start: usize,
        text: &str,
        lines: &LineIndex,
        context: DocContext,
        out: &mut Vec<RawMatch>,
    ) {
        for captures in rule.regex.captures_iter(segment) {
            let Some(secret) = captures.get(rule.secret_group) else {
                continue;
            };
            let key = rule
                .key_group
                .and_then(|group| captures.get(group))
                .map(|found| found.as_str());
            let quote = rule
                .quote_group
                .and_then(|group| captures.get(group))
                .and_then(|found| found.as_str().chars().last());
            let close = rule
                .close_group
                .and_then(|group| captures.get(group))
                .and_then(|found| found.as_str().chars().next());
            // A quoted value must be the whole literal: `'a|b:"c"'` is not the value `a|b:`.
            if rule.close_group.is_some() && quote.is_some() && quote != close {
                continue;
            }
            let quoted = quote.is_some();
            let absolute = trim_range(
                text,
                segment_start + secret.start()..segment_start + secret.end(),
            );
            let Some(secret_text) = text.get(absolute.clone()).filter(|found| !found.is_empty())
            else {
                continue;
            };
            if !self.accept(rule, secret_text, key, quoted, context) {
                continue;
            }
            let line_number = lines.line_of(absolute.start);
            let line_text = lines.line_text(text, line_number);
            let previous = line_number
                .checked_sub(1)
                .map(|previous| lines.line_text(text, previous));
            if allow::is_allowed(rule.rule, line_text, previous) {
                continue;
            }
            out.push(RawMatch {
                rule_index,
                secret: absolute,
            });
        }
    }

    fn accept(
        &self,
        rule: &SecretRule,
        secret: &str,
        key: Option<&str>,
        quoted: bool,
        context: DocContext,
    ) -> bool {
        if values::placeholder_reason(secret).is_some() {
            return false;
        }
        if rule.value_check == Some(ValueCheck::Generic)
            && values::generic_rejection(secret).is_some()
        {
            return false;
        }
        if rule.key_check {
            if context.code && !quoted {
                return false;
            }
            if context.python && !self.options.generic_in_python {
                return false;
            }
            // Unquoted, a value with brackets is code (`request.POST["password"]`,
            // `Cookies.get(...)`), never a credential.
            if !quoted && secret.contains(['(', ')', '[', ']', '{', '}']) {
                return false;
            }
            if !key.is_some_and(python::is_secret_like_name) {
                return false;
            }
            if secret.chars().count() < self.options.generic_min_length
                || shannon_entropy(secret) < self.options.generic_min_entropy
            {
                return false;
            }
        }
        if rule
            .entropy
            .is_some_and(|minimum| shannon_entropy(secret) < minimum)
        {
            return false;
        }
        if rule
            .checksum
            .is_some_and(|checksum| !checksum.verify(secret))
        {
            return false;
        }
        if rule
            .allow_regexes
            .iter()
            .any(|regex| regex.is_match(secret))
            || self
                .allow_regexes
                .iter()
                .any(|regex| regex.is_match(secret))
        {
            return false;
        }
        if !rule.stopwords.is_empty() || !self.allow_stopwords.is_empty() {
            let lower = secret.to_ascii_lowercase();
            if rule
                .stopwords
                .iter()
                .chain(&self.allow_stopwords)
                .any(|word| lower.contains(word.as_str()))
            {
                return false;
            }
        }
        true
    }

    /// Whether a configured allowlist (`allowlist-regexes`, `allowlist-stopwords`) covers
    /// `value`; used by the Python-aware rules, which have no per-rule allowlist.
    pub(crate) fn value_allowlisted(&self, value: &str) -> bool {
        if self.allow_regexes.iter().any(|regex| regex.is_match(value)) {
            return true;
        }
        if self.allow_stopwords.is_empty() {
            return false;
        }
        let lower = value.to_ascii_lowercase();
        self.allow_stopwords
            .iter()
            .any(|word| lower.contains(word.as_str()))
    }

    fn build_finding(
        &self,
        display_path: &str,
        text: &str,
        lines: &LineIndex,
        raw: &RawMatch,
    ) -> Option<Finding> {
        let rule = catalog().rules.get(raw.rule_index)?;
        let secret = text.get(raw.secret.clone())?;
        let (line, column) = lines.position(text, raw.secret.start);
        let (end_line, end_column) = lines.position(text, raw.secret.end);
        let span = Span::new(line, column, end_line, end_column);
        let redacted = redact(secret);
        let (message, snippet) = if self.options.show_secrets {
            (
                format!("{}: {secret}", rule.rule.summary),
                snippet_for(text, lines, &raw.secret, None),
            )
        } else {
            (
                format!("{}: {redacted}", rule.rule.summary),
                redact_in(
                    &snippet_for(text, lines, &raw.secret, Some(&redacted)),
                    secret,
                ),
            )
        };
        let mut finding = Finding::new(rule.rule, display_path, span, message)
            .with_snippet(snippet)
            .with_fingerprint_key(secret_fingerprint_key(secret))
            .with_extra("redacted", redacted);
        if self.options.show_secrets {
            finding = finding.with_extra("secret", secret);
        }
        Some(finding)
    }
}

fn collect_candidates(
    prefilter: &Prefilter,
    catalog: &Catalog,
    text: &str,
    lines: &mut Option<LineIndex>,
    segments: &mut Vec<(usize, usize, usize)>,
    whole_text_rules: &mut Vec<usize>,
) {
    let Some(automaton) = &prefilter.automaton else {
        return;
    };
    for hit in automaton.find_overlapping_iter(text) {
        let Some(rules) = prefilter.pattern_rules.get(hit.pattern().as_usize()) else {
            continue;
        };
        for &rule_index in rules {
            let multiline = catalog
                .rules
                .get(rule_index)
                .is_some_and(|rule| rule.multiline);
            if multiline {
                whole_text_rules.push(rule_index);
                continue;
            }
            let index = lines.get_or_insert_with(|| LineIndex::new(text));
            let line = index.line_of(hit.start());
            let (line_start, line_end) = index.line_bounds(text, line);
            let (start, end) = if line_end - line_start > LONG_LINE {
                (
                    floor_boundary(
                        text,
                        hit.start().saturating_sub(WINDOW_BEFORE).max(line_start),
                    ),
                    ceil_boundary(text, (hit.end() + WINDOW_AFTER).min(line_end)),
                )
            } else {
                (line_start, line_end)
            };
            segments.push((start, end, rule_index));
        }
    }
}

/// Sorts candidate `(start, end, rule)` segments and merges overlapping windows of one rule
/// (many keyword hits on one long line), so each byte is searched at most once per rule.
fn merge_segments(mut segments: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    segments.sort_unstable_by_key(|&(start, end, rule)| (rule, start, end));
    let mut merged: Vec<(usize, usize, usize)> = Vec::with_capacity(segments.len());
    for (start, end, rule) in segments {
        match merged.last_mut() {
            Some(last) if last.2 == rule && start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end, rule)),
        }
    }
    merged
}

/// Drops duplicate matches and fallback matches that overlap a more specific rule.
fn resolve_overlaps(mut matches: Vec<RawMatch>, catalog: &Catalog) -> Vec<RawMatch> {
    matches.sort_by_key(|raw| (raw.secret.start, raw.secret.end, raw.rule_index));
    matches.dedup_by(|a, b| a.secret == b.secret && a.rule_index == b.rule_index);
    let fallback = |raw: &RawMatch| {
        catalog
            .rules
            .get(raw.rule_index)
            .is_some_and(|rule| rule.fallback)
    };
    let mut keep = vec![true; matches.len()];
    for i in 0..matches.len() {
        for j in (i + 1)..matches.len() {
            let (a, b) = (&matches[i], &matches[j]);
            if b.secret.start >= a.secret.end {
                break;
            }
            let (a_fallback, b_fallback) = (fallback(a), fallback(b));
            let drop = match (a_fallback, b_fallback) {
                (true, false) => Some(i),
                (false, true) => Some(j),
                // Two fallbacks, or two specific rules on the very same text: keep the
                // lower code.
                (true, true) => Some(if a.rule_index <= b.rule_index { j } else { i }),
                (false, false) if a.secret == b.secret => {
                    Some(if a.rule_index <= b.rule_index { j } else { i })
                }
                (false, false) => None,
            };
            if let Some(index) = drop {
                keep[index] = false;
            }
        }
    }
    matches
        .into_iter()
        .zip(keep)
        .filter_map(|(raw, keep)| keep.then_some(raw))
        .collect()
}

/// The source lines holding the secret; with `replacement`, the secret's own bytes are
/// replaced by it (by position, so a multi-line secret is redacted whole). Lines longer than
/// `MAX_SNIPPET` are cut to a window around the secret.
fn snippet_for(
    text: &str,
    lines: &LineIndex,
    secret: &Range<usize>,
    replacement: Option<&str>,
) -> String {
    let first = lines.line_of(secret.start);
    let last = lines.line_of(secret.end.saturating_sub(1).max(secret.start));
    let (mut start, _) = lines.line_bounds(text, first);
    let (_, mut end) = lines.line_bounds(text, last);
    end = end.max(secret.end);
    if secret.start - start > MAX_SNIPPET / 2 {
        start = floor_boundary(text, secret.start - MAX_SNIPPET / 4);
    }
    if end - secret.end > MAX_SNIPPET / 2 {
        end = ceil_boundary(text, secret.end + MAX_SNIPPET / 4);
    }
    let before = text.get(start..secret.start).unwrap_or_default();
    let after = text.get(secret.end..end).unwrap_or_default();
    let middle = match replacement {
        Some(replacement) => replacement,
        None => text.get(secret.clone()).unwrap_or_default(),
    };
    format!("{before}{middle}{after}")
}

/// Narrows a secret's byte range past surrounding whitespace and escaped newlines (`\n` in
/// a JSON string), which multi-line rules capture with the body.
fn trim_range(text: &str, mut range: Range<usize>) -> Range<usize> {
    loop {
        let Some(slice) = text.get(range.clone()) else {
            return range;
        };
        if let Some(rest) = slice
            .strip_prefix("\\n")
            .or_else(|| slice.strip_prefix("\\r"))
        {
            range.start = range.end - rest.len();
        } else if let Some(first) = slice.chars().next().filter(|ch| ch.is_whitespace()) {
            range.start += first.len_utf8();
        } else if let Some(rest) = slice
            .strip_suffix("\\n")
            .or_else(|| slice.strip_suffix("\\r"))
        {
            range.end = range.start + rest.len();
        } else if let Some(last) = slice.chars().next_back().filter(|ch| ch.is_whitespace()) {
            range.end -= last.len_utf8();
        } else {
            return range;
        }
    }
}

fn floor_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn ceil_boundary(text: &str, mut index: usize) -> usize {
    while index < text.len() && !text.is_char_boundary(index) {
        index += 1;
    }
    index.min(text.len())
}

/// Byte offsets of line starts, for offset → (line, column) lookups.
#[derive(Debug)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()).map(|newline| newline + 1));
        LineIndex { starts }
    }

    /// 0-based line holding `offset`.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|start| *start <= offset)
            .saturating_sub(1)
    }

    /// Start and end (before `\r\n` / `\n`) of a 0-based line.
    pub(crate) fn line_bounds(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts.get(line).copied().unwrap_or(text.len());
        let mut end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| next.saturating_sub(1));
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end.max(start))
    }

    pub(crate) fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let (start, end) = self.line_bounds(text, line);
        text.get(start..end).unwrap_or_default()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column = text
            .get(start..floor_boundary(text, offset.min(text.len())))
            .map_or(0, |prefix| prefix.chars().count());
        (
            u32::try_from(line + 1).unwrap_or(u32::MAX),
            u32::try_from(column + 1).unwrap_or(u32::MAX),
        )
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(path: &str, text: &str) -> Vec<(String, u32, u32)> {
        SecretScanner::new(Options::default())
            .map(|scanner| scanner.scan_text(path, text))
            .unwrap_or_default()
            .into_iter()
            .map(|finding| {
                (
                    finding.rule.code.to_string(),
                    finding.span.line,
                    finding.span.column,
                )
            })
            .collect()
    }

    const TOKEN: &str = "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";

    #[test]
    fn long_lines_are_searched_in_merged_windows() {
        let filler = "token, ".repeat(20_000);
        let text = format!("{filler}\"{TOKEN}\" {filler}");
        let column = u32::try_from(filler.chars().count() + 2).unwrap_or(0);
        assert_eq!(
            scan("data.json", &text),
            [("SEC133".to_string(), 1, column)]
        );
    }

    #[test]
    fn a_provider_rule_wins_over_fallback_rules_on_the_same_text() {
        let text = format!("headers = {{\"Authorization\": \"Bearer {TOKEN}\"}}\n");
        assert_eq!(scan("client.txt", &text), [("SEC133".to_string(), 1, 37)]);
    }

    #[test]
    fn columns_count_characters_and_crlf_is_not_part_of_the_line() {
        let text = format!("# café\r\nnote = 'é' ; key = \"{TOKEN}\"\r\n");
        assert_eq!(scan("notes.txt", &text), [("SEC133".to_string(), 2, 21)]);
    }

    #[test]
    fn generic_rule_needs_quotes_in_code_but_not_in_config() {
        assert!(scan("app.py", "password = hunter_Zr8pQ2vLx9\n").is_empty());
        assert!(scan("app.js", "const password = userInput;\n").is_empty());
        assert_eq!(
            scan("app.py", "password = \"Zr8pQ2vLx9Tq\"\n"),
            [("SEC310".to_string(), 1, 13)]
        );
        assert_eq!(
            scan("app.cfg", "password = Zr8pQ2vLx9Tq\n"),
            [("SEC310".to_string(), 1, 12)]
        );
    }

    #[test]
    fn generic_rule_can_be_left_to_the_python_aware_rules() {
        let scanner = SecretScanner::new(Options {
            generic_in_python: false,
            ..Options::default()
        })
        .ok();
        let findings = scanner
            .map(|scanner| scanner.scan_text("app.py", "password = \"Zr8pQ2vLx9Tq\"\n"))
            .unwrap_or_default();
        assert!(findings.is_empty());
    }
}

//! One file, start to finish: find the pickles in it (raw, legacy PyTorch, zip members,
//! `.npy` object arrays, compressed joblib), run each through the machine, and turn what the
//! machine collected into findings and per-callable verdicts.

use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

use sg_diagnostics::{Finding, Severity, Span};

use crate::classify::{Classifier, Danger, Verdict};
use crate::options::Options;
use crate::rules;
use crate::sniff::{self, Format, SNIFF_LEN};
use crate::source::{Discarding, FileAt, ReadAt, ReadSkip, Section, Stream, read_fully_at};
use crate::vm::{self, Ctx, End, IssueKind, TORCH_LEGACY_MAGIC, Value};
use crate::zip;

/// CRCs are checked for scanned members up to this compressed size.
const MAX_CRC_CHECK: u64 = 64 * 1024 * 1024;
/// Zip central directories larger than this are not read (about two million members).
const MAX_DIRECTORY: u64 = 256 * 1024 * 1024;
/// npy headers longer than this are malformed (numpy itself caps them at 10 000 bytes).
const MAX_NPY_HEADER: u64 = 1024 * 1024;

/// The verdict on one imported global, as shown by `snakeguard pickle`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GlobalVerdict {
    /// The archive member it was found in (`None` for a plain pickle file).
    pub member: Option<String>,
    pub module: String,
    pub name: String,
    pub verdict: Verdict,
    /// Why a dangerous global is dangerous.
    pub danger: Option<Danger>,
    /// Byte offset of its first import (within the member, if any).
    pub offset: u64,
    /// How many times it is imported.
    pub imports: u32,
    /// How many times it is called (REDUCE, INST, OBJ, NEWOBJ, NEWOBJ_EX).
    pub calls: u32,
}

impl GlobalVerdict {
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.module, self.name)
    }
}

/// Everything one file's scan found.
#[derive(Debug, Clone)]
pub struct Report {
    /// What the file turned out to be.
    pub format: Format,
    /// The findings, sorted in the order every output uses.
    pub findings: Vec<Finding>,
    /// Every imported global with its verdict, sorted by member, offset and name.
    pub globals: Vec<GlobalVerdict>,
    /// How many pickle streams were scanned.
    pub pickles: u32,
}

impl Report {
    /// The file's overall verdict: dangerous if any finding is above medium or any global is
    /// dangerous, unknown if there is any other finding, safe otherwise.
    pub fn verdict(&self) -> Verdict {
        if self.globals.iter().any(|g| g.verdict == Verdict::Dangerous)
            || self.findings.iter().any(|f| f.severity >= Severity::High)
        {
            Verdict::Dangerous
        } else if self.findings.is_empty() {
            Verdict::Safe
        } else {
            Verdict::Unknown
        }
    }
}

/// An error that prevented scanning the file at all (it could not be opened or read).
#[derive(Debug)]
pub struct ScanError {
    pub path: String,
    pub source: std::io::Error,
}

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.source)
    }
}

impl std::error::Error for ScanError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

pub(crate) fn open(path: &Path) -> Result<FileAt, ScanError> {
    FileAt::open(path).map_err(|source| ScanError {
        path: path.display().to_string(),
        source,
    })
}

/// Scans one source; returns the report and, when `explain`, the disassembly.
pub(crate) fn scan_source(
    src: &dyn ReadAt,
    path: &Path,
    display_path: &str,
    options: &Options,
    explain: bool,
) -> (Report, Option<String>) {
    let classifier = Classifier::new(&options.allow);
    let mut ctx = Ctx::new(
        &classifier,
        options.max_memo,
        options.max_stack_depth,
        explain,
    );
    let mut head = vec![0u8; SNIFF_LEN];
    let read = read_fully_at(src, 0, &mut head).unwrap_or(0);
    head.truncate(read);
    let format = sniff::sniff_content(&head)
        .or_else(|| sniff::sniff(path, &head))
        .unwrap_or(Format::Pickle);
    let size = src.size();
    let limit = options.max_pickle_size;
    ctx.explain_line(&format!(
        "== {display_path} ({}, {size} bytes) ==",
        format.as_str()
    ));
    match format {
        Format::Pickle => {
            scan_pickles(&mut ctx, Box::new(Section::new(src, 0, size)), Some(size), limit, true);
            // A pickle with a zip appended is a polyglot: zipfile-based loaders see the zip.
            if zip::find_eocd(src).is_some()
                && let Ok(archive) = zip::read_archive(src, MAX_DIRECTORY.min(limit))
                    && !archive.entries.is_empty() {
                        ctx.issue(
                            IssueKind::ArchiveAnomaly,
                            0,
                            "file is both a pickle and a zip archive (polyglot); both were scanned",
                        );
                        scan_zip_members(&mut ctx, src, &archive, limit);
                    }
        }
        Format::Zip => scan_zip(&mut ctx, src, limit),
        Format::Npy => {
            let mut stream = Stream::with_size_hint(Box::new(Section::new(src, 0, size)), limit, Some(size));
            scan_npy(&mut ctx, &mut stream, Some(size));
        }
        Format::SevenZip => ctx.issue(
            IssueKind::Unsupported,
            0,
            "7z archive: snakeguard does not read 7z, so its content was not checked",
        ),
        Format::Gzip => {
            let decoder = flate2::read::MultiGzDecoder::new(Section::new(src, 0, size));
            ctx.explain_line("-- gzip stream: scanning the decompressed pickle");
            scan_pickles(&mut ctx, Box::new(Discarding(decoder)), None, limit, true);
        }
        Format::Zlib => {
            let decoder = flate2::read::ZlibDecoder::new(Section::new(src, 0, size));
            ctx.explain_line("-- zlib stream: scanning the decompressed pickle");
            scan_pickles(&mut ctx, Box::new(Discarding(decoder)), None, limit, true);
        }
        Format::OtherCompression => ctx.issue(
            IssueKind::Unsupported,
            0,
            "compressed with bzip2, xz/lzma or lz4, which snakeguard does not read; the content was not checked",
        ),
    }
    let explain_text = ctx.explain.take();
    let report = build_report(&ctx, format, display_path, options);
    let explain_text = explain_text.map(|mut text| {
        text.push_str(&verdict_summary(&report));
        text
    });
    (report, explain_text)
}

/// Runs every pickle in the stream back to back (keep going after STOP). A legacy
/// `torch.save` file (magic-number pickle first) is read as its five pickles; what follows
/// them is raw storage bytes.
fn scan_pickles(
    ctx: &mut Ctx,
    reader: Box<dyn ReadSkip + '_>,
    known_len: Option<u64>,
    limit: u64,
    whole_file: bool,
) {
    let mut stream = Stream::with_size_hint(reader, limit, known_len);
    match vm::run_pickle(ctx, &mut stream, known_len, 0) {
        End::Empty => {
            ctx.issue(
                IssueKind::Malformed,
                0,
                "empty file where a pickle was expected",
            );
            return;
        }
        End::Failed { offset } => {
            if offset == 0
                && let Some(issue) = ctx.issues.last_mut()
                && issue.kind == IssueKind::Malformed
                && issue.offset == 0
            {
                issue.message = format!("not a pickle or model file ({})", issue.message);
            }
            return;
        }
        End::Stop(value) => {
            let legacy = whole_file
                && matches!(&value, Value::BigInt(bytes) if bytes.as_ref() == TORCH_LEGACY_MAGIC);
            if legacy {
                ctx.explain_line("-- legacy torch.save format: protocol, sys-info, data and storage-key pickles follow");
                for index in 2..=5 {
                    match vm::run_pickle(ctx, &mut stream, known_len, 0) {
                        End::Stop(_) => {}
                        End::Empty => {
                            let offset = stream.position();
                            ctx.issue(
                                IssueKind::Malformed,
                                offset,
                                format!(
                                    "legacy PyTorch file ends after {} of its 5 pickles",
                                    index - 1
                                ),
                            );
                            return;
                        }
                        End::Failed { .. } => return,
                    }
                }
                let offset = stream.position();
                ctx.explain_line(&format!(
                    "{offset:>10}: -- raw tensor storages follow; not read"
                ));
                return;
            }
        }
    }
    loop {
        let offset = stream.position();
        let Some(next) = stream.peek() else { break };
        if crate::opcodes::Op::from_byte(next).is_none() {
            // pickle.load would raise on the first byte without running anything.
            ctx.explain_line(&format!(
                "{offset:>10}: -- trailing bytes are not a pickle; not scanned"
            ));
            break;
        }
        ctx.explain_line(&format!("{offset:>10}: -- another pickle follows"));
        match vm::run_pickle(ctx, &mut stream, known_len, 0) {
            End::Stop(_) => {}
            End::Empty | End::Failed { .. } => break,
        }
    }
}

fn scan_zip(ctx: &mut Ctx, src: &dyn ReadAt, limit: u64) {
    let max_directory = MAX_DIRECTORY.min(limit);
    match zip::read_archive(src, max_directory) {
        Ok(archive) => scan_zip_members(ctx, src, &archive, limit),
        Err((offset, message)) => {
            let kind = if message.contains("central directory of") {
                IssueKind::Limit
            } else {
                IssueKind::Malformed
            };
            ctx.issue(kind, offset, message);
        }
    }
}

fn scan_zip_members(ctx: &mut Ctx, src: &dyn ReadAt, archive: &zip::Archive, limit: u64) {
    for (offset, member, message) in &archive.anomalies {
        ctx.member = member.as_deref().map(Rc::from);
        ctx.issue(IssueKind::ArchiveAnomaly, *offset, message.clone());
    }
    let mut storages = 0u64;
    for entry in &archive.entries {
        ctx.member = Some(Rc::from(entry.name.as_str()));
        if entry.name.ends_with('/') && entry.size == 0 {
            continue;
        }
        if zip::is_storage_name(&entry.name) {
            storages += 1;
            continue;
        }
        let mut reader = match zip::open_member(src, entry) {
            Ok(reader) => reader,
            Err(message) => {
                let kind = if entry.data_offset.is_some() {
                    IssueKind::Unsupported
                } else {
                    IssueKind::Malformed
                };
                ctx.issue(kind, entry.header_offset, message);
                continue;
            }
        };
        let mut head = vec![0u8; SNIFF_LEN];
        let mut filled = 0;
        while filled < head.len() {
            match reader.read(&mut head[filled..]) {
                Ok(0) | Err(_) => break,
                Ok(n) => filled += n,
            }
        }
        head.truncate(filled);
        drop(reader);
        let lower = entry.name.to_ascii_lowercase();
        let named_pickle = [".pkl", ".pickle", ".joblib", ".dill"]
            .iter()
            .any(|ext| lower.ends_with(ext));
        let is_npy = head.starts_with(b"\x93NUMPY");
        let is_pickle = !is_npy && (sniff::looks_like_pickle(&head) || named_pickle);
        if !is_npy && !is_pickle {
            ctx.explain_line(&format!("-- member {}: not a pickle, skipped", entry.name));
            continue;
        }
        let Ok(reader) = zip::open_member(src, entry) else {
            continue;
        };
        ctx.explain_line(&format!(
            "== member {} ({} bytes) ==",
            entry.name, entry.size
        ));
        if is_npy {
            let mut stream = Stream::with_size_hint(reader, limit, Some(entry.size));
            scan_npy(ctx, &mut stream, Some(entry.size));
        } else {
            scan_pickles(ctx, reader, Some(entry.size), limit, true);
        }
        if entry.compressed_size <= MAX_CRC_CHECK
            && let Some(actual) = zip::member_crc(src, entry)
            && actual != entry.crc
        {
            ctx.issue(
                IssueKind::ArchiveAnomaly,
                entry.header_offset,
                format!(
                    "CRC mismatch: the central directory says {:08x}, the data has {actual:08x}",
                    entry.crc
                ),
            );
        }
    }
    ctx.member = None;
    if storages > 0 {
        ctx.explain_line(&format!(
            "-- {storages} tensor storage members (data/<n>) not read"
        ));
    }
}

/// A numpy `.npy` array: magic, version, header length, a Python-literal header; object
/// arrays (`descr` `|O`, or a structured dtype with an `O` field) are followed by a pickle.
fn scan_npy(ctx: &mut Ctx, stream: &mut Stream, known_len: Option<u64>) {
    let start = stream.position();
    let Some(prefix) = stream.read_array::<8>() else {
        ctx.issue(
            IssueKind::Malformed,
            start,
            "npy file is truncated in its header",
        );
        return;
    };
    if &prefix[..6] != b"\x93NUMPY" {
        ctx.issue(
            IssueKind::Malformed,
            start,
            "not a pickle or numpy file (no \\x93NUMPY magic)",
        );
        return;
    }
    let major = prefix[6];
    let header_len = match major {
        1 => stream
            .read_array::<2>()
            .map(|b| u64::from(u16::from_le_bytes(b))),
        2 | 3 => stream
            .read_array::<4>()
            .map(|b| u64::from(u32::from_le_bytes(b))),
        other => {
            ctx.issue(
                IssueKind::Malformed,
                start + 6,
                format!("unsupported npy format version {other}"),
            );
            return;
        }
    };
    let Some(header_len) = header_len else {
        ctx.issue(
            IssueKind::Malformed,
            start + 8,
            "npy file is truncated in its header",
        );
        return;
    };
    if header_len > MAX_NPY_HEADER {
        ctx.issue(
            IssueKind::Malformed,
            start + 8,
            format!("npy header of {header_len} bytes is too large"),
        );
        return;
    }
    let mut header = Vec::new();
    if !stream.read_into(header_len as usize, &mut header) {
        ctx.issue(
            IssueKind::Malformed,
            stream.position(),
            "npy file is truncated in its header",
        );
        return;
    }
    let header = String::from_utf8_lossy(&header);
    let Some(descr) = npy_descr(&header) else {
        ctx.issue(
            IssueKind::Malformed,
            start + 10,
            "npy header has no readable 'descr'",
        );
        return;
    };
    let object = npy_descr_has_object(descr);
    let offset = stream.position();
    if !object {
        ctx.explain_line(&format!(
            "{offset:>10}: -- npy array of {descr}: raw data, no pickle"
        ));
        return;
    }
    ctx.explain_line(&format!(
        "{offset:>10}: -- npy object array: pickle follows"
    ));
    let mut one = 0;
    loop {
        match vm::run_pickle(ctx, stream, known_len, 0) {
            End::Stop(_) => one += 1,
            End::Empty => {
                if one == 0 {
                    ctx.issue(
                        IssueKind::Malformed,
                        offset,
                        "npy object array without its pickle",
                    );
                }
                return;
            }
            End::Failed { .. } => return,
        }
        match stream.peek() {
            Some(byte) if crate::opcodes::Op::from_byte(byte).is_some() => {}
            _ => return,
        }
    }
}

/// The text of the `descr` value in an npy header dict.
fn npy_descr(header: &str) -> Option<&str> {
    let at = header
        .find("'descr'")
        .or_else(|| header.find("\"descr\""))?;
    let rest = header
        .get(at + 7..)?
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    if rest.starts_with('[') {
        // A structured dtype: up to the matching bracket.
        let mut depth = 0usize;
        for (i, c) in rest.char_indices() {
            match c {
                '[' | '(' => depth += 1,
                ']' | ')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return rest.get(..=i);
                    }
                }
                _ => {}
            }
        }
        return Some(rest);
    }
    let quote = rest.chars().next()?;
    if quote != '\'' && quote != '"' {
        return None;
    }
    let end = rest.get(1..)?.find(quote)?;
    rest.get(1..=end)
}

/// Whether a dtype description holds Python objects (`|O`, `O8`, or an `O` field).
fn npy_descr_has_object(descr: &str) -> bool {
    descr
        .split(['\'', '"'])
        .skip(1)
        .step_by(2)
        .chain(std::iter::once(descr))
        .any(|code| {
            let body = code.trim().trim_start_matches(['<', '>', '|', '=']);
            body.starts_with('O') && body[1..].bytes().all(|b| b.is_ascii_digit())
        })
}

fn member_prefix(member: Option<&str>) -> String {
    member.map_or_else(String::new, |m| format!("{m}: "))
}

fn member_suffix(member: Option<&str>) -> String {
    member.map_or_else(String::new, |m| format!(" in {m}"))
}

fn issue_rule(kind: IssueKind) -> &'static sg_diagnostics::Rule {
    match kind {
        IssueKind::DynamicGlobal => &rules::DYNAMIC_IMPORT,
        IssueKind::Extension => &rules::EXTENSION_IMPORT,
        IssueKind::Malformed => &rules::MALFORMED,
        IssueKind::Limit => &rules::LIMIT_EXCEEDED,
        IssueKind::Injection => &rules::ATTRIBUTE_INJECTION,
        IssueKind::IndirectCall => &rules::INDIRECT_CALL,
        IssueKind::ArchiveAnomaly => &rules::ARCHIVE_ANOMALY,
        IssueKind::Unsupported => &rules::UNSUPPORTED_FORMAT,
    }
}

fn build_report(ctx: &Ctx, format: Format, display_path: &str, options: &Options) -> Report {
    let mut findings = Vec::new();
    let mut globals = Vec::new();
    for group in &ctx.imports {
        let member = group.member.as_deref();
        globals.push(GlobalVerdict {
            member: member.map(str::to_string),
            module: group.module.clone(),
            name: group.name.clone(),
            verdict: group.class.verdict,
            danger: group.class.danger,
            offset: group.first_offset,
            imports: group.imports,
            calls: group.calls,
        });
        if group.class.verdict == Verdict::Safe {
            continue;
        }
        let qualified = group.qualified();
        let usage = if group.calls > 0 {
            format!(
                ", called {} time{} ({})",
                group.calls,
                if group.calls == 1 { "" } else { "s" },
                group.call_ops.join(", ")
            )
        } else if group.call_ops.contains(&"BUILD") {
            ", its __setstate__ runs on BUILD".to_string()
        } else {
            String::new()
        };
        let (rule, severity, message) = match group.class.danger {
            Some(danger) => (
                &rules::DANGEROUS_IMPORT,
                danger.severity(),
                format!(
                    "{}Dangerous import `{qualified}` ({}) at offset {}{usage}",
                    member_prefix(member),
                    danger.describe(),
                    group.first_offset,
                ),
            ),
            None => (
                &rules::UNKNOWN_IMPORT,
                if options.strict {
                    Severity::High
                } else {
                    Severity::Medium
                },
                format!(
                    "{}Unknown import `{qualified}` (not on the allowlist; importing runs module code) at offset {}{usage}",
                    member_prefix(member),
                    group.first_offset,
                ),
            ),
        };
        let mut finding = Finding::new(rule, display_path, Span::point(1, 1), message)
            .with_severity(severity)
            .with_snippet(format!("{} {qualified}", group.first_op))
            .with_fingerprint_key(format!("{}|{qualified}", member.unwrap_or("")))
            .with_extra("global", qualified.clone())
            .with_extra("offset", group.first_offset)
            .with_extra("verdict", group.class.verdict.as_str())
            .with_extra("imports", group.imports)
            .with_extra("calls", group.calls);
        if let Some(member) = member {
            finding = finding.with_extra("member", member);
        }
        findings.push(finding);
    }
    for issue in &ctx.issues {
        let member = issue.member.as_deref();
        let rule = issue_rule(issue.kind);
        let at = if issue.message.contains("offset") {
            String::new()
        } else {
            format!(" (offset {})", issue.offset)
        };
        let mut finding = Finding::new(
            rule,
            display_path,
            Span::point(1, 1),
            format!("{}{}{at}", member_prefix(member), issue.message),
        )
        .with_snippet(format!("offset {}", issue.offset))
        .with_fingerprint_key(format!("{}|{}", member.unwrap_or(""), issue.message))
        .with_extra("offset", issue.offset);
        if let Some(member) = member {
            finding = finding.with_extra("member", member);
        }
        findings.push(finding);
    }
    for (rule, dropped, what) in [
        (
            &rules::DYNAMIC_IMPORT,
            ctx.sites_dropped.0,
            "dynamic imports",
        ),
        (&rules::INDIRECT_CALL, ctx.sites_dropped.1, "indirect calls"),
    ] {
        if dropped > 0 {
            findings.push(
                Finding::new(
                    rule,
                    display_path,
                    Span::point(1, 1),
                    format!("{dropped} more {what} not listed one by one"),
                )
                .with_fingerprint_key(format!("more {what}")),
            );
        }
    }
    // Offsets order findings within a rule; the binary re-sorts with the shared sort key.
    findings.sort_by(|a, b| {
        let offset = |f: &Finding| f.extra.get("offset").and_then(serde_json::Value::as_u64);
        let member = |f: &Finding| {
            f.extra
                .get("member")
                .and_then(|m| m.as_str().map(str::to_string))
        };
        (member(a), offset(a), a.rule.code, &a.message).cmp(&(
            member(b),
            offset(b),
            b.rule.code,
            &b.message,
        ))
    });
    globals.sort_by(|a, b| {
        (&a.member, a.offset, &a.module, &a.name).cmp(&(&b.member, b.offset, &b.module, &b.name))
    });
    Report {
        format,
        findings,
        globals,
        pickles: ctx.pickles,
    }
}

fn verdict_summary(report: &Report) -> String {
    let mut out = String::from("\n== findings ==\n");
    if report.findings.is_empty() {
        out.push_str("(none)\n");
    }
    for finding in &report.findings {
        let _ = writeln!(
            out,
            "{} [{}] {}",
            finding.rule.code, finding.severity, finding.message
        );
    }
    out.push_str("\n== imported globals ==\n");
    if report.globals.is_empty() {
        out.push_str("(none)\n");
    }
    for global in &report.globals {
        let danger = global
            .danger
            .map_or(String::new(), |d| format!(" ({})", d.describe()));
        let _ = writeln!(
            out,
            "{:<9} {}{}{} — offset {}, imported {}, called {}",
            global.verdict.as_str(),
            global.qualified_name(),
            member_suffix(global.member.as_deref()),
            danger,
            global.offset,
            global.imports,
            global.calls
        );
    }
    let _ = writeln!(
        out,
        "\n== verdict: {} ({} finding{}, {} pickle{}) ==",
        report.verdict().as_str(),
        report.findings.len(),
        if report.findings.len() == 1 { "" } else { "s" },
        report.pickles,
        if report.pickles == 1 { "" } else { "s" }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npy_descr_parsing() {
        let header = "{'descr': '|O', 'fortran_order': False, 'shape': (3,), }";
        assert_eq!(npy_descr(header), Some("|O"));
        assert!(npy_descr_has_object("|O"));
        assert!(!npy_descr_has_object("<f8"));
        let structured =
            "{'descr': [('a', '<f8'), ('b', '|O')], 'fortran_order': False, 'shape': (2,), }";
        let descr = npy_descr(structured).unwrap_or_default();
        assert!(npy_descr_has_object(descr));
        assert!(!npy_descr_has_object("[('Obj', '<f8')]"));
    }
}

//! A minimal stand-alone scanner over sg-rules for the benches in `bench/bandit/`, usable
//! before (and independently of) the `snakeguard` binary:
//!
//! ```text
//! cargo run --release -p sg-rules --example bandit_scan -- DIR [OUT.json]
//! ```
//!
//! It walks DIR for `.py`/`.pyi`/`.ipynb` files (skipping hidden directories and
//! `__pycache__`), checks them in parallel with every Bandit rule, drops findings suppressed
//! by `# nosec` (bare, or naming the rule's code or an alias, on the finding's line or any
//! line of the statement around it), and writes `{"findings": [{rule, path, line, end_line,
//! message}]}` sorted. It is a bench tool, not the product: the binary does suppressions,
//! configuration and output properly.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sg_diagnostics::Finding;
use sg_rules::{FileOutcome, Settings, check_python_file};

fn collect(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if !name.starts_with('.') && name != "__pycache__" {
                    pending.push(path);
                }
            } else if kind.is_file() && sg_python::SourceKind::from_path(&path).is_some() {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn suppressed(finding: &Finding, outcome: &FileOutcome) -> bool {
    let cell = finding
        .extra
        .get("cell")
        .and_then(serde_json::Value::as_u64)
        .and_then(|cell| u32::try_from(cell).ok());
    let line = finding.span.line;
    let mut lines = vec![(line, line)];
    lines.extend(
        outcome
            .statements
            .iter()
            .filter(|statement| {
                statement.cell == cell && statement.start_line <= line && line <= statement.end_line
            })
            .map(|statement| (statement.start_line, statement.end_line)),
    );
    outcome.comments.iter().any(|comment| {
        comment.cell == cell
            && lines
                .iter()
                .any(|(first, last)| *first <= comment.line && comment.line <= *last)
            && nosec_applies(&comment.text, finding)
    })
}

fn nosec_applies(comment: &str, finding: &Finding) -> bool {
    let Some(at) = comment.find("nosec") else {
        return false;
    };
    let words: Vec<&str> = comment[at + "nosec".len()..]
        .split(|c: char| c == ',' || c == ':' || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .take_while(|word| !word.starts_with('#'))
        .collect();
    words.is_empty() || words.iter().any(|word| finding.rule.is_named(word))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: bandit_scan DIR [OUT.json]");
        std::process::exit(2);
    };
    let out = args.next();
    let settings = Settings::default();
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(64 * 1024 * 1024)
        .build();
    let Ok(pool) = pool else {
        eprintln!("cannot start the thread pool");
        std::process::exit(2);
    };
    let files = collect(&root);
    let mut findings: Vec<Finding> = pool.install(|| {
        files
            .par_iter()
            .flat_map_iter(|path| {
                let display = path
                    .strip_prefix(&root)
                    .unwrap_or(path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let Ok(bytes) = std::fs::read(path) else {
                    return Vec::new();
                };
                let Ok(source) = String::from_utf8(bytes) else {
                    return Vec::new();
                };
                let outcome = check_python_file(path, &display, &source, &settings);
                let kept: Vec<Finding> = outcome
                    .findings
                    .iter()
                    .filter(|finding| !suppressed(finding, &outcome))
                    .cloned()
                    .collect();
                kept
            })
            .collect()
    });
    sg_diagnostics::sort_findings(&mut findings);
    let documents: Vec<serde_json::Value> = findings
        .iter()
        .map(|finding| {
            serde_json::json!({
                "rule": finding.rule.code,
                "path": finding.path,
                "line": finding.span.line,
                "end_line": finding.span.end_line,
                "message": finding.message,
            })
        })
        .collect();
    let text = serde_json::json!({ "findings": documents }).to_string();
    let mut summary = String::new();
    let _ = write!(
        summary,
        "{} files, {} findings",
        files.len(),
        findings.len()
    );
    match out {
        Some(out) => {
            if let Err(error) = std::fs::write(&out, text) {
                eprintln!("cannot write {out}: {error}");
                std::process::exit(2);
            }
        }
        None => println!("{text}"),
    }
    eprintln!("{summary}");
}

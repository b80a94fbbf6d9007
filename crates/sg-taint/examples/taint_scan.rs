//! Runs the taint pass over a source tree the way the binary will: parse, the one walk with
//! every `sg-rules` rule (`check_source`), then `sg_taint::check` on the same parse and index.
//! Prints every TNT finding as one JSON object per line on stdout, and on stderr a summary
//! with the process CPU time.
//!
//! ```text
//! cargo run --release -p sg-taint --example taint_scan -- <root> [--no-taint] > findings.jsonl
//! ```
//!
//! `--no-taint` skips the taint pass: comparing the process CPU (`cpu=` on stderr, user +
//! system from `/proc/self/stat`) of both modes gives the cost of the pass end to end.
#![allow(clippy::print_stdout, clippy::print_stderr)] // an example binary reports on the terminal

use std::path::{Path, PathBuf};

use sg_python::{FileInfo, PythonSource, SourceKind, module_path};

/// User + system CPU of the whole process, in seconds (Linux; 0 elsewhere).
fn process_cpu() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let Some(rest) = stat.rsplit_once(')').map(|(_, rest)| rest) else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // USER_HZ is 100 on every Linux we run on.
    (ticks(11) + ticks(12)) / 100.0
}

fn python_files(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            python_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "py") {
            out.push(path);
        }
    }
}

fn main() {
    let Some(root) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: taint_scan <root> [--no-taint]");
        std::process::exit(2);
    };
    let run_taint = !std::env::args().any(|arg| arg == "--no-taint");
    let mut files = Vec::new();
    python_files(&root, &mut files);
    let settings =
        match sg_rules::Settings::new(sg_rules::RuleSet::all(), sg_rules::Options::default()) {
            Ok(settings) => settings,
            Err(error) => {
                eprintln!("settings: {error}");
                std::process::exit(2);
            }
        };
    let options = sg_taint::Options::default();
    let mut pattern_findings = 0usize;
    let mut taint_findings = Vec::new();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let display = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        let dotted = module_path(file);
        let Ok(source) = PythonSource::parse(SourceKind::Python, &text) else {
            continue;
        };
        let info = FileInfo {
            path: file,
            display_path: &display,
            module_path: dotted.as_deref(),
        };
        let (findings, index) = sg_rules::check_source(&source, info, &settings);
        let tainted = if run_taint {
            sg_taint::check(&source, info, &index, &options)
        } else {
            Vec::new()
        };
        pattern_findings += findings.len();
        taint_findings.extend(tainted);
    }
    for finding in &taint_findings {
        let trace: Vec<serde_json::Value> = finding
            .trace
            .iter()
            .map(|step| serde_json::json!({"line": step.line, "column": step.column, "message": step.message}))
            .collect();
        let line = serde_json::json!({
            "rule": finding.rule.code,
            "path": finding.path,
            "line": finding.span.line,
            "column": finding.span.column,
            "message": finding.message,
            "snippet": finding.snippet,
            "trace": trace,
        });
        println!("{line}");
    }
    eprintln!(
        "files={} pattern_findings={} tnt_findings={} taint={} cpu={:.2}s",
        files.len(),
        pattern_findings,
        taint_findings.len(),
        if run_taint { "on" } else { "off" },
        process_cpu()
    );
}

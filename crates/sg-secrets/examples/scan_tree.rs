//! Benchmark harness: scans a directory tree with the secrets scanner alone, the way
//! `snakeguard scan --select SEC` will once the CLI is wired.
//!
//! ```text
//! cargo run --release -p sg-secrets --example scan_tree -- PATH [--json] [--history]
//! ```
//!
//! With `--history`, PATH must be in a git repository and every commit's added lines are
//! scanned instead of the files.
//!
//! Prints a summary on stderr; with `--json`, one JSON object per finding on stdout
//! (`path`, `line`, `end_line`, `rule`, `name`, `redacted`).
#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line harness prints by design

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use sg_secrets::{Options, SecretScanner};

fn main() {
    let mut root: Option<PathBuf> = None;
    let mut json = false;
    let mut history = false;
    for argument in std::env::args().skip(1) {
        if argument == "--json" {
            json = true;
        } else if argument == "--history" {
            history = true;
        } else {
            root = Some(PathBuf::from(argument));
        }
    }
    let Some(root) = root else {
        eprintln!("usage: scan_tree PATH [--json]");
        std::process::exit(2);
    };
    let started = Instant::now();
    let scanner = match SecretScanner::new(Options::default()) {
        Ok(scanner) => scanner,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(2);
        }
    };
    if history {
        match scanner.scan_history(&root) {
            Ok(scan) => {
                for finding in &scan.findings {
                    println!(
                        "{}:{}:{}: {} {}",
                        finding.path,
                        finding.span.line,
                        finding.span.column,
                        finding.rule.code,
                        finding.message
                    );
                }
                eprintln!(
                    "{} commits, {} findings in {:.3}s",
                    scan.commits,
                    scan.findings.len(),
                    started.elapsed().as_secs_f64()
                );
            }
            Err(error) => {
                eprintln!("error: {error}");
                std::process::exit(2);
            }
        }
        return;
    }
    let scan = scanner.scan_tree(&root);
    let elapsed = started.elapsed();
    if json {
        for finding in &scan.findings {
            let record = serde_json::json!({
                "path": finding.path,
                "line": finding.span.line,
                "end_line": finding.span.end_line,
                "rule": finding.rule.code,
                "name": finding.rule.name,
                "redacted": finding.extra.get("redacted"),
            });
            println!("{record}");
        }
    }
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for finding in &scan.findings {
        *by_rule.entry(finding.rule.code).or_insert(0) += 1;
    }
    eprintln!(
        "scanned {} files ({} bytes) in {:.3}s; {} findings; skipped {:?}; unreadable {}",
        scan.files_scanned,
        scan.bytes_scanned,
        elapsed.as_secs_f64(),
        scan.findings.len(),
        scan.skipped,
        scan.unreadable.len()
    );
    eprintln!("by rule: {by_rule:?}");
}

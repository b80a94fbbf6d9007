//! Validates rendered SARIF with Microsoft's SARIF validator, the npm package
//! `@microsoft/sarif-multitool` (command `sarif-multitool validate`), and fails on any error
//! it reports.
//!
//! The package ships a self-contained native build of the .NET tool per platform (as an
//! optional dependency, e.g. `@microsoft/sarif-multitool-linux`), so only Node.js and npm are
//! needed: no .NET runtime. The test installs the pinned version into
//! `$CARGO_TARGET_TMPDIR/sarif-multitool-<version>` on first use (or into
//! `$SARIF_MULTITOOL_DIR` when set, e.g. by `scripts/install-sarif-validator.sh`) and reuses
//! it afterwards. It skips, saying why, only when `npm` itself is missing.
//!
//! Two rule sets run (`--rule-kind "Sarif;Gh"`): the SARIF specification rules (the default
//! set) and the GitHub code scanning ingestion rules (required properties, relative URIs,
//! message text…).
//! The validator exits 0 even when it finds errors, so its findings are read from the SARIF
//! log it writes (`-o`), where errors have `"level": "error"`. A deliberately broken document
//! is validated after ours and must produce errors from both rule sets, so a validator that
//! silently checks nothing fails the test too. This matters: given a document it cannot
//! deserialize (an unknown enum value such as `"level": "fatal"`), sarif-multitool 5.7.0
//! reports nothing for it or for any file after it and still says "Analysis completed
//! successfully", so the canary goes last and files are taken one at a time (`--threads 1`).
//! The validator spends about a second per file whatever its size, so the variants of our
//! output share one file (one run each).
//!
//! The `sarif-multitool` command npm installs is a Node.js wrapper that passes its arguments
//! through a shell (paths with spaces and `;`-separated lists break), so the test asks the
//! package for its native binary (`require("@microsoft/sarif-multitool")`, the wrapper's own
//! lookup) and runs that directly.

// The test says on stderr why it skipped, and what the validator warned about.
#![allow(clippy::print_stderr)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TOOL_VERSION, enabled_rules, sample_findings, sample_summary};
use sg_diagnostics::render::{Format, RenderOptions, Report, Summary, render};

const MULTITOOL_VERSION: &str = "5.7.0";

fn install_dir() -> PathBuf {
    match std::env::var_os("SARIF_MULTITOOL_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("sarif-multitool-{MULTITOOL_VERSION}")),
    }
}

fn command_path(dir: &Path) -> PathBuf {
    dir.join("node_modules")
        .join(".bin")
        .join("sarif-multitool")
}

/// The platform binary the `sarif-multitool` wrapper would run.
fn native_binary(dir: &Path) -> PathBuf {
    let output = Command::new("node")
        .args(["-p", "require('@microsoft/sarif-multitool')"])
        .current_dir(dir)
        .output()
        .expect("run node to locate the sarif-multitool binary");
    assert!(
        output.status.success(),
        "cannot locate the sarif-multitool binary for this platform:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())
}

fn npm_available() -> bool {
    Command::new("npm")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// The validator's binary, installing the package first if needed; `None` when npm is
/// missing.
fn sarif_multitool() -> Option<PathBuf> {
    let dir = install_dir();
    if command_path(&dir).exists() {
        return Some(native_binary(&dir));
    }
    if !npm_available() {
        return None;
    }
    // Install next to the final place and rename, so a concurrent or interrupted run never
    // leaves a half-installed tool that later runs would trust.
    let staging = dir.with_extension(format!("staging-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).expect("create the validator install dir");
    let output = Command::new("npm")
        .args(["install", "--prefix"])
        .arg(&staging)
        .args([
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--loglevel=error",
            &format!("@microsoft/sarif-multitool@{MULTITOOL_VERSION}"),
        ])
        .output()
        .expect("run npm install");
    assert!(
        output.status.success(),
        "npm install @microsoft/sarif-multitool@{MULTITOOL_VERSION} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    make_native_tool_executable(&staging);
    if std::fs::rename(&staging, &dir).is_err() {
        // Another run installed it first; use that one.
        let _ = std::fs::remove_dir_all(&staging);
    }
    let command = command_path(&dir);
    assert!(
        command.exists(),
        "npm installed @microsoft/sarif-multitool but {} is missing",
        command.display()
    );
    Some(native_binary(&dir))
}

/// The platform package marks its binary executable in a `postinstall` script, which npm
/// may skip (`--ignore-scripts`, or npm 11's install-script approval); do it ourselves.
fn make_native_tool_executable(prefix: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let packages = prefix.join("node_modules").join("@microsoft");
        for platform in ["linux", "darwin"] {
            let binary = packages
                .join(format!("sarif-multitool-{platform}"))
                .join("Sarif.Multitool");
            if let Ok(metadata) = std::fs::metadata(&binary) {
                let mut permissions = metadata.permissions();
                permissions.set_mode(permissions.mode() | 0o755);
                let _ = std::fs::set_permissions(&binary, permissions);
            }
        }
    }
    #[cfg(not(unix))]
    let _ = prefix;
}

struct Problem {
    level: String,
    rule: String,
    /// The validated file the problem is in.
    file: String,
}

/// Runs `sarif-multitool validate` (with `extra` arguments) on `files` and returns what it
/// reported, and its console output.
fn validate(
    multitool: &Path,
    files: &[PathBuf],
    extra: &[&str],
    work: &Path,
) -> (Vec<Problem>, String) {
    let log_path = work.join("validation.sarif");
    let output = Command::new(multitool)
        .arg("validate")
        .args(files)
        .args(extra)
        .arg("--output")
        .arg(&log_path)
        .args(["--log", "ForceOverwrite"])
        .output()
        .expect("run sarif-multitool");
    let console = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "sarif-multitool validate failed to run ({}):\n{console}",
        output.status
    );
    assert!(
        console.contains(&format!("Done. {} files scanned.", files.len())),
        "the validator did not check every file:\n{console}"
    );
    let log_text = std::fs::read_to_string(&log_path)
        .unwrap_or_else(|error| panic!("validator wrote no log ({error}):\n{console}"));
    let log: serde_json::Value = serde_json::from_str(&log_text).expect("validator log is JSON");
    let results = log["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let problems = results
        .iter()
        .map(|result| Problem {
            // SARIF's default level for a result is "warning".
            level: result["level"].as_str().unwrap_or("warning").to_string(),
            rule: result["ruleId"].as_str().unwrap_or("?").to_string(),
            file: result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap_or("?")
                .to_string(),
        })
        .collect();
    (problems, console)
}

/// A document with mistakes both rule sets must catch: a line 0 (schema), and a result
/// without locations or message text (GitHub).
const BROKEN_SARIF: &str = r#"{
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [{
    "tool": { "driver": { "name": "canary", "version": "1", "informationUri": "https://example.org" } },
    "results": [
      { "ruleId": "X1", "message": { "text": "Zero line." },
        "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "a.py" },
                                              "region": { "startLine": 0 } } }] },
      { "ruleId": "X2", "message": { "id": "default", "arguments": [] } }
    ]
  }]
}"#;

#[test]
fn rendered_sarif_passes_microsofts_validator() {
    let Some(multitool) = sarif_multitool() else {
        eprintln!(
            "SKIPPED rendered_sarif_passes_microsofts_validator: `npm` is not installed, so \
             @microsoft/sarif-multitool cannot be installed. Install Node.js and npm to run \
             the SARIF validation."
        );
        return;
    };

    let work = tempfile::tempdir().expect("temp dir");
    let findings = sample_findings();
    let summary = sample_summary(&findings);
    let rules = enabled_rules();
    let report = Report::new(&findings, &rules, &summary, TOOL_VERSION);
    let empty_summary = Summary::default();
    let empty = Report::new(&[], &rules, &empty_summary, TOOL_VERSION);
    let with_root = RenderOptions {
        source_root: Some("/home/dev/my project".into()),
        ..RenderOptions::default()
    };
    let sample = render(Format::Sarif, &report, &RenderOptions::default());
    // The variants go into one log, one run each: a run is exactly what we render.
    let mut variants: serde_json::Value =
        serde_json::from_str(&render(Format::Sarif, &report, &with_root)).expect("SARIF is JSON");
    let empty_log: serde_json::Value =
        serde_json::from_str(&render(Format::Sarif, &empty, &RenderOptions::default()))
            .expect("SARIF is JSON");
    if let (Some(runs), Some(empty_runs)) = (
        variants["runs"].as_array_mut(),
        empty_log["runs"].as_array(),
    ) {
        runs.extend(empty_runs.iter().cloned());
    }
    let documents = [
        ("sample.sarif", sample),
        ("variants.sarif", variants.to_string()),
        ("broken-canary.sarif", BROKEN_SARIF.to_string()),
    ];
    let mut files = Vec::new();
    for (name, text) in &documents {
        let path = work.path().join(name);
        std::fs::write(&path, text).expect("write SARIF");
        files.push(path);
    }

    let (problems, console) = validate(
        &multitool,
        &files,
        &["--rule-kind", "Sarif;Gh", "--threads", "1"],
        work.path(),
    );
    let (canary, ours): (Vec<&Problem>, Vec<&Problem>) = problems
        .iter()
        .partition(|problem| problem.file.ends_with("broken-canary.sarif"));
    for problem in &ours {
        eprintln!(
            "validator: {} {} in {}",
            problem.level, problem.rule, problem.file
        );
    }
    for family in ["SARIF/JSON", "GH"] {
        assert!(
            canary.iter().any(|problem| problem.level == "error"
                && if family == "GH" {
                    problem.rule.starts_with("GH")
                } else {
                    problem.rule.starts_with("SARIF") || problem.rule.starts_with("JSON")
                }),
            "the validator found no {family} error in the broken canary document: either those \
             rules are not running, or one of our documents (validated before the canary) made \
             the validator stop silently, as it does when a file does not deserialize:\n{console}"
        );
    }
    let errors = ours
        .iter()
        .filter(|problem| problem.level == "error")
        .count();
    assert_eq!(
        errors,
        0,
        "the SARIF validator reported {errors} error(s) in our output:\n{}",
        console
            .lines()
            .filter(|line| !line.contains("broken-canary.sarif"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

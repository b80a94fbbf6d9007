//! Shared by the integration tests: scan a fixture directory like the binary would.

#![allow(dead_code)]

use std::fmt::Write;
use std::path::{Path, PathBuf};

use sg_api::{Inventory, ModuleFacts, Options};
use sg_diagnostics::Finding;

/// `resources/test/fixtures/api` at the repository root.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../resources/test/fixtures/api")
}

/// Every `.py` file under `root`, sorted.
pub fn python_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "py") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Extracts every file of `root` (or the single file `root`), display paths relative to it.
pub fn extract_tree(root: &Path) -> Vec<ModuleFacts> {
    let files = if root.is_file() {
        vec![root.to_path_buf()]
    } else {
        python_files(root)
    };
    let base = if root.is_file() {
        root.parent().unwrap_or(root)
    } else {
        root
    };
    files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let display = file
                .strip_prefix(base)
                .unwrap_or(file)
                .to_string_lossy()
                .replace('\\', "/");
            sg_api::extract_file(file, &display, &text)
        })
        .collect()
}

/// Facts, inventory and findings of a fixture tree.
pub fn scan(root: &Path, options: &Options) -> (Vec<ModuleFacts>, Inventory, Vec<Finding>) {
    let facts = extract_tree(root);
    let inventory = sg_api::build_inventory(&facts, options);
    let findings = sg_api::check(&inventory, &facts, options);
    (facts, inventory, findings)
}

/// `path:line:column CODE [severity/confidence] message {endpoint}`, one per line.
pub fn render_findings(findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        let endpoint = finding
            .extra
            .get("endpoint")
            .and_then(|value| value.as_str())
            .map(|endpoint| format!(" {{{endpoint}}}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}:{}:{} {} [{}/{}] {}{endpoint}",
            finding.path,
            finding.span.line,
            finding.span.column,
            finding.rule.code,
            finding.severity.as_str(),
            finding.confidence.as_str(),
            finding.message
        );
    }
    out
}

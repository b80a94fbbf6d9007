//! The endpoint inventory of a directory, without the rest of snakeguard:
//!
//! ```text
//! cargo run --release -p sg-api --example api-inventory -- <DIR> [--format table|json|markdown] [--findings]
//! ```
//!
//! Walks `DIR` for `.py` files (skipping hidden directories, virtual environments,
//! `node_modules`, `site-packages`, `migrations`), extracts each file's facts, builds the
//! inventory and prints it. `--findings` prints the API/JWT findings after it, one per line.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};

fn python_files(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            let skip = name.starts_with('.')
                || matches!(
                    name,
                    "node_modules"
                        | "site-packages"
                        | "__pycache__"
                        | "venv"
                        | "env"
                        | "migrations"
                );
            if !skip && !path.is_symlink() {
                python_files(&path, out);
            }
        } else if path.extension().is_some_and(|ext| ext == "py") {
            out.push(path);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut root = None;
    let mut format = "table".to_string();
    let mut findings = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => format = args.next().unwrap_or_default(),
            "--findings" => findings = true,
            _ => root = Some(PathBuf::from(arg)),
        }
    }
    let Some(root) = root else {
        eprintln!("usage: api-inventory <DIR> [--format table|json|markdown] [--findings]");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    python_files(&root, &mut files);
    let mut facts = Vec::new();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let display = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        facts.push(sg_api::extract_file(file, &display, &text));
    }
    let options = sg_api::Options::default();
    let inventory = sg_api::build_inventory(&facts, &options);
    let rendered = match format.as_str() {
        "json" => sg_api::render::json(&inventory),
        "markdown" => sg_api::render::markdown(&inventory),
        _ => sg_api::render::table(&inventory),
    };
    print!("{rendered}");
    if findings {
        for finding in sg_api::check(&inventory, &facts, &options) {
            let endpoint = finding
                .extra
                .get("endpoint")
                .and_then(|value| value.as_str())
                .map(|endpoint| format!(" [{endpoint}]"))
                .unwrap_or_default();
            println!(
                "{}:{}:{} {} {}{endpoint}",
                finding.path,
                finding.span.line,
                finding.span.column,
                finding.rule.code,
                finding.message
            );
        }
    }
}

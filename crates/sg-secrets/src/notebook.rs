//! Jupyter notebooks: scan what people type, not what the kernel rendered.
//!
//! An `.ipynb` file is JSON (nbformat 4): `{"cells": [{"cell_type", "source", "outputs"}]}`,
//! where `source` is a string or a list of strings. Code, markdown and raw cells are scanned
//! as separate documents (code cells as Python). Outputs are scanned only for their text
//! (`stream` text and `text/plain` data, when `scan-notebook-outputs` is on): a token printed
//! by a cell is as leaked as one typed into it. Images and other base64 outputs, the main
//! source of high-entropy false alarms, are never scanned.
//!
//! Findings report the line and column inside the cell, and carry `extra["cell"]` (1-based
//! cell number) and, for outputs, `extra["output"]`. A file that is not valid notebook JSON
//! is scanned as plain text instead.

use serde_json::Value;
use sg_diagnostics::Finding;

use crate::scan::{DocContext, SecretScanner};

/// `None` when the text is not notebook JSON.
pub(crate) fn scan_notebook(
    scanner: &SecretScanner,
    display_path: &str,
    text: &str,
) -> Option<Vec<Finding>> {
    let notebook: Value = serde_json::from_str(text).ok()?;
    let cells = notebook.get("cells")?.as_array()?;
    let mut findings = Vec::new();
    for (index, cell) in cells.iter().enumerate() {
        let cell_number = index + 1;
        let cell_type = cell.get("cell_type").and_then(Value::as_str).unwrap_or("");
        let context = DocContext {
            python: cell_type == "code",
            code: cell_type == "code",
        };
        if let Some(source) = cell.get("source").map(joined_text) {
            for finding in scanner.scan_document(display_path, &source, context) {
                findings.push(tag(finding, cell_number, None));
            }
        }
        if !scanner.options.scan_notebook_outputs {
            continue;
        }
        let Some(outputs) = cell.get("outputs").and_then(Value::as_array) else {
            continue;
        };
        for (output_index, output) in outputs.iter().enumerate() {
            let texts = output
                .get("text")
                .into_iter()
                .chain(output.get("data").and_then(|data| data.get("text/plain")));
            for value in texts {
                let output_text = joined_text(value);
                for finding in
                    scanner.scan_document(display_path, &output_text, DocContext::default())
                {
                    findings.push(tag(finding, cell_number, Some(output_index + 1)));
                }
            }
        }
    }
    Some(findings)
}

fn tag(finding: Finding, cell: usize, output: Option<usize>) -> Finding {
    let where_ = match output {
        Some(output) => format!(" (cell {cell}, output {output})"),
        None => format!(" (cell {cell})"),
    };
    let message = format!("{}{where_}", finding.message);
    let mut finding = Finding { message, ..finding }.with_extra("cell", cell);
    if let Some(output) = output {
        finding = finding.with_extra("output", output);
    }
    finding
}

/// nbformat stores multi-line strings as a string or a list of lines (each ending in `\n`).
fn joined_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(parts) => parts.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

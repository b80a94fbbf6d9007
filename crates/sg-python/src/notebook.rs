//! Code cells of Jupyter notebooks (`.ipynb`).
//!
//! A notebook is nbformat JSON. The part we read:
//!
//! ```text
//! notebook := { "cells": [ cell, ... ], ... }
//! cell     := { "cell_type": "code" | "markdown" | "raw", "source": text, ... }
//! text     := string | [ string, ... ]        (a list is concatenated as is)
//! ```
//!
//! Only code cells are returned; each keeps its 1-based position among *all* cells of the
//! notebook, which is what a reader counts when scrolling, so a finding in "cell 3" is the
//! third cell on screen. Everything else (outputs, metadata) is ignored.

use serde_json::Value;

/// One code cell: its 1-based position among all cells and its source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCell {
    pub index: u32,
    pub source: String,
}

/// Why a notebook could not be read, with the position in the JSON text when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotebookError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl std::fmt::Display for NotebookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for NotebookError {}

/// The code cells of a notebook, in order.
pub fn code_cells(json: &str) -> Result<Vec<CodeCell>, NotebookError> {
    let document: Value = serde_json::from_str(json).map_err(|error| NotebookError {
        line: u32::try_from(error.line()).unwrap_or(u32::MAX).max(1),
        column: u32::try_from(error.column()).unwrap_or(u32::MAX).max(1),
        message: format!("notebook is not valid JSON: {error}"),
    })?;
    let shape_error = |message: &str| NotebookError {
        line: 1,
        column: 1,
        message: message.to_string(),
    };
    let cells = document
        .get("cells")
        .and_then(Value::as_array)
        .ok_or_else(|| shape_error("notebook has no \"cells\" list"))?;
    let mut code = Vec::new();
    for (position, cell) in cells.iter().enumerate() {
        if cell.get("cell_type").and_then(Value::as_str) != Some("code") {
            continue;
        }
        let source = match cell.get("source") {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Array(parts)) => parts.iter().filter_map(Value::as_str).collect(),
            _ => String::new(),
        };
        code.push(CodeCell {
            index: u32::try_from(position + 1).unwrap_or(u32::MAX),
            source,
        });
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_code_cells_with_positions() {
        let json = r##"{"cells": [
            {"cell_type": "markdown", "source": ["# title"]},
            {"cell_type": "code", "source": ["import os\n", "os.system(x)"]},
            {"cell_type": "code", "source": "print(1)"}
        ], "metadata": {}}"##;
        let cells = code_cells(json).unwrap_or_default();
        assert_eq!(
            cells,
            vec![
                CodeCell {
                    index: 2,
                    source: "import os\nos.system(x)".to_string()
                },
                CodeCell {
                    index: 3,
                    source: "print(1)".to_string()
                },
            ]
        );
    }

    #[test]
    fn invalid_json_is_an_error_with_position() {
        let error = code_cells("{\n  \"cells\": [,]}").err();
        assert_eq!(error.map(|e| (e.line, e.column)), Some((2, 13)));
    }
}

//! `snakeguard deps`: the rows to list, as a table or JSON.

use std::fmt::Write as _;

use serde::Serialize;

use crate::collect::Inventory;
use crate::model::Source;
use crate::rules::display_path;

/// One row of `snakeguard deps`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ListedDependency {
    /// Path relative to the scan root.
    pub file: String,
    pub line: u32,
    pub name: String,
    pub version: Option<String>,
    pub specifier: Option<String>,
    /// `direct`, `transitive` or `unknown`.
    pub relation: &'static str,
    pub group: Option<String>,
    pub format: &'static str,
    /// `index`, `url`, `vcs`, `path` or `editable`.
    pub source: &'static str,
    /// Index URL, archive URL, VCS URL, path or editable target, when known.
    pub location: Option<String>,
    pub markers: Option<String>,
    pub extras: Vec<String>,
    pub hashes: usize,
    pub constraint: bool,
}

/// The rows of `snakeguard deps`, sorted by file, then line, then name; a file included by
/// two requirements files is listed once.
pub fn listing(inventory: &Inventory) -> Vec<ListedDependency> {
    let mut rows: Vec<ListedDependency> = inventory
        .manifests
        .iter()
        .chain(inventory.environment.as_ref())
        .flat_map(|manifest| &manifest.dependencies)
        .map(|dependency| ListedDependency {
            file: display_path(&dependency.origin.path, &inventory.root),
            line: dependency.origin.line,
            name: dependency.name.to_string(),
            version: dependency.version.as_ref().map(ToString::to_string),
            specifier: dependency.specifier.as_ref().map(ToString::to_string),
            relation: dependency.relation.as_str(),
            group: dependency.group.clone(),
            format: dependency.origin.format.as_str(),
            source: dependency.source.kind(),
            location: match &dependency.source {
                Source::Index { url } => url.clone(),
                other => other.location().map(str::to_string),
            },
            markers: dependency.markers.clone(),
            extras: dependency.extras.clone(),
            hashes: dependency.hashes.len(),
            constraint: dependency.constraint,
        })
        .collect();
    rows.sort();
    rows.dedup();
    rows
}

const MAX_LOCATION_WIDTH: usize = 60;

fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut short: String = text.chars().take(width.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// A plain-text table (no colour), one row per dependency, then any read errors.
pub fn render_table(inventory: &Inventory) -> String {
    let rows = listing(inventory);
    let header = ["NAME", "VERSION", "SPECIFIER", "RELATION", "SOURCE", "FILE"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|row| {
            let source = match (&row.location, row.source) {
                (Some(location), kind) => {
                    // Fragments (`#sha256=…`, `#egg=…`) and very long URLs make the table
                    // unreadable; the JSON output keeps them whole.
                    let location = location.split('#').next().unwrap_or(location);
                    format!("{kind} {}", shorten(location, MAX_LOCATION_WIDTH))
                }
                (None, kind) => kind.to_string(),
            };
            let relation = match &row.group {
                Some(group) => format!("{} ({group})", row.relation),
                None => row.relation.to_string(),
            };
            [
                row.name.clone(),
                row.version.clone().unwrap_or_else(|| "-".to_string()),
                row.specifier.clone().unwrap_or_else(|| "-".to_string()),
                relation,
                source,
                format!("{}:{}", row.file, row.line),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut push_row = |row: &[&str]| {
        let mut line = String::new();
        for (index, (cell, width)) in row.iter().zip(widths).enumerate() {
            if index + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(width - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    };
    push_row(&header);
    for row in &cells {
        let refs: Vec<&str> = row.iter().map(String::as_str).collect();
        push_row(&refs);
    }
    let direct = rows.iter().filter(|row| row.relation == "direct").count();
    let transitive = rows
        .iter()
        .filter(|row| row.relation == "transitive")
        .count();
    let files: std::collections::BTreeSet<&str> =
        rows.iter().map(|row| row.file.as_str()).collect();
    let _ = writeln!(
        out,
        "\n{} dependencies ({direct} direct, {transitive} transitive) in {} files",
        rows.len(),
        files.len()
    );
    let errors = inventory.errors();
    if !errors.is_empty() {
        let _ = writeln!(out, "\n{} errors:", errors.len());
        for error in errors {
            let path = display_path(&error.path, &inventory.root);
            let position = match (error.line, error.column) {
                (Some(line), Some(column)) => format!(":{line}:{column}"),
                (Some(line), None) => format!(":{line}"),
                _ => String::new(),
            };
            let _ = writeln!(out, "  {path}{position}: {}", error.message);
        }
    }
    out
}

#[derive(Serialize)]
struct JsonError {
    path: String,
    line: Option<u32>,
    column: Option<u32>,
    kind: crate::ReadErrorKind,
    message: String,
}

#[derive(Serialize)]
struct JsonListing {
    version: u32,
    dependencies: Vec<ListedDependency>,
    errors: Vec<JsonError>,
}

/// `{"version": 1, "dependencies": [...], "errors": [...]}`, pretty-printed, with a final
/// newline.
pub fn render_json(inventory: &Inventory) -> String {
    let listing = JsonListing {
        version: 1,
        dependencies: listing(inventory),
        errors: inventory
            .errors()
            .into_iter()
            .map(|error| JsonError {
                path: display_path(&error.path, &inventory.root),
                line: error.line,
                column: error.column,
                kind: error.kind,
                message: error.message.clone(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&listing).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

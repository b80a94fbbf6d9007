//! `snakeguard api [PATH]` output: an aligned text table, JSON, or a markdown table.
//!
//! Columns: methods, full path, handler (`file:line qualname`), authentication markers
//! (`none` when there is none), scopes/permissions, rate limits (`none`), CSRF exemption.
//! A summary line follows the text and markdown tables. The JSON is
//! `{"version": 1, "apps": [...], "endpoints": [...]}` with the fields of
//! [`crate::Endpoint`] and [`crate::App`].

use std::fmt::Write;

use serde::Serialize;

use crate::inventory::{App, Endpoint, Inventory};

const HEADERS: [&str; 7] = [
    "METHOD",
    "PATH",
    "HANDLER",
    "AUTH",
    "SCOPES",
    "RATE LIMIT",
    "CSRF",
];

fn cells(endpoint: &Endpoint) -> [String; 7] {
    [
        endpoint.methods.join(","),
        endpoint.path.clone(),
        format!(
            "{}:{} {}",
            endpoint.handler.file, endpoint.handler.line, endpoint.handler.name
        ),
        if endpoint.auth.is_empty() {
            "none".to_string()
        } else {
            endpoint.auth.join(", ")
        },
        if endpoint.scopes.is_empty() {
            "-".to_string()
        } else {
            endpoint.scopes.join(", ")
        },
        match (
            endpoint.rate_limit.is_empty(),
            endpoint.inactive_rate_limit.is_empty(),
        ) {
            (true, true) => "none".to_string(),
            (true, false) => format!(
                "none (inactive: {})",
                endpoint.inactive_rate_limit.join(", ")
            ),
            (false, _) => endpoint.rate_limit.join(", "),
        },
        if endpoint.csrf_exempt {
            "exempt".to_string()
        } else {
            "-".to_string()
        },
    ]
}

fn summary(inventory: &Inventory) -> String {
    let total = inventory.endpoints.len();
    let without_auth = inventory
        .endpoints
        .iter()
        .filter(|endpoint| endpoint.auth.is_empty() && !endpoint.detail.external)
        .count();
    let without_limit = inventory
        .endpoints
        .iter()
        .filter(|endpoint| endpoint.rate_limit.is_empty() && !endpoint.detail.external)
        .count();
    let noun = if total == 1 { "endpoint" } else { "endpoints" };
    let apps = inventory.apps.len();
    let app_noun = if apps == 1 { "app" } else { "apps" };
    format!(
        "{total} {noun} in {apps} {app_noun}: {without_auth} without authentication, \
         {without_limit} without a rate limit"
    )
}

/// The inventory as an aligned text table with a summary line.
pub fn table(inventory: &Inventory) -> String {
    let rows: Vec<[String; 7]> = inventory.endpoints.iter().map(cells).collect();
    let mut widths = HEADERS.map(|header| header.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row.iter()) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header: Vec<String> = HEADERS.iter().map(ToString::to_string).collect();
    write_row(&mut out, &header, &widths);
    for row in &rows {
        write_row(&mut out, row, &widths);
    }
    out.push('\n');
    out.push_str(&summary(inventory));
    out.push('\n');
    out
}

fn write_row(out: &mut String, row: &[String], widths: &[usize; 7]) {
    let mut line = String::new();
    for (index, (cell, width)) in row.iter().zip(widths.iter()).enumerate() {
        if index + 1 == row.len() {
            line.push_str(cell);
        } else {
            let _ = write!(line, "{cell:<width$}  ");
        }
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

#[derive(Serialize)]
struct JsonInventory<'a> {
    version: u32,
    apps: &'a [App],
    endpoints: &'a [Endpoint],
}

/// The inventory as pretty-printed JSON (ends with a newline).
pub fn json(inventory: &Inventory) -> String {
    let document = JsonInventory {
        version: 1,
        apps: &inventory.apps,
        endpoints: &inventory.endpoints,
    };
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

/// Escapes a markdown table cell.
fn escape(cell: &str) -> String {
    cell.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('`', "\\`")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The inventory as a markdown table with a summary line.
pub fn markdown(inventory: &Inventory) -> String {
    let mut out = String::from(
        "| Method | Path | Handler | Auth | Scopes | Rate limit | CSRF |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for endpoint in &inventory.endpoints {
        let row = cells(endpoint);
        let escaped: Vec<String> = row.iter().map(|cell| escape(cell)).collect();
        let _ = writeln!(out, "| {} |", escaped.join(" | "));
    }
    out.push('\n');
    out.push_str(&summary(inventory));
    out.push('\n');
    out
}

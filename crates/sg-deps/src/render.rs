//! `snakeguard deps`: the rows to list, as a table or JSON.

use serde::Serialize;

use crate::collect::Inventory;

/// One row of `snakeguard deps`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedDependency {
    pub name: String,
}

/// The rows of `snakeguard deps`, sorted by file, then line, then name.
pub fn listing(_inventory: &Inventory) -> Vec<ListedDependency> {
    Vec::new()
}

pub fn render_table(inventory: &Inventory) -> String {
    let _ = inventory;
    String::new()
}

pub fn render_json(inventory: &Inventory) -> String {
    let _ = inventory;
    String::new()
}

//! The side table from expression ranges to resolved qualified names.
//!
//! The walk records, for every `Name`/`Attribute` chain that resolves (outermost chain only:
//! `os.path.join` is recorded, not `os.path` nor `os`), its qualified name. Later passes that
//! walk the tree again (taint per function, the API inventory) look names up by the
//! expression's range instead of rebuilding the semantic model. All names share one string
//! buffer, so recording costs no allocation per name.

use ruff_python_ast::name::QualifiedName;
use ruff_text_size::{TextRange, TextSize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    unit: u32,
    start: TextSize,
    end: TextSize,
    text_start: u32,
    text_end: u32,
}

/// Qualified names by (unit, range). Builtins are stored without the leading empty segment
/// (`eval`, not `.eval`); everything else dotted (`os.path.join`).
#[derive(Debug, Clone, Default)]
pub struct ResolvedNames {
    text: String,
    entries: Vec<Entry>,
}

impl ResolvedNames {
    pub(crate) fn insert(&mut self, unit: u32, range: TextRange, name: &QualifiedName<'_>) {
        use std::fmt::Write;
        let text_start = self.text.len() as u32;
        let _ = write!(self.text, "{name}");
        let text_end = self.text.len() as u32;
        self.entries.push(Entry {
            unit,
            start: range.start(),
            end: range.end(),
            text_start,
            text_end,
        });
    }

    /// Sorts for lookup; called once when the walk ends (deferred bodies come last).
    pub(crate) fn finish(&mut self) {
        self.entries.sort_unstable();
        self.entries
            .dedup_by(|a, b| (a.unit, a.start, a.end) == (b.unit, b.start, b.end));
    }

    /// The qualified name of the expression at `range` in unit `unit` (0 for a plain file,
    /// the code-cell's position in [`crate::PythonSource::units`] for a notebook).
    pub fn get(&self, unit: u32, range: TextRange) -> Option<&str> {
        let key = (unit, range.start(), range.end());
        let index = self
            .entries
            .binary_search_by(|entry| (entry.unit, entry.start, entry.end).cmp(&key))
            .ok()?;
        let entry = self.entries.get(index)?;
        self.text
            .get(entry.text_start as usize..entry.text_end as usize)
    }

    /// Every entry as (unit, range, name), sorted by position.
    pub fn iter(&self) -> impl Iterator<Item = (u32, TextRange, &str)> + '_ {
        self.entries.iter().map(|entry| {
            (
                entry.unit,
                TextRange::new(entry.start, entry.end),
                self.text
                    .get(entry.text_start as usize..entry.text_end as usize)
                    .unwrap_or(""),
            )
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

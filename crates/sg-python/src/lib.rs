//! Python parsing and the semantic model on top of the Ruff parser crates: one walk per file

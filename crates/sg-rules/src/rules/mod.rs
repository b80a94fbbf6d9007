//! Rule families. Each family's `mod.rs` holds its dispatch functions; each rule is one file.

pub mod bandit;
pub mod dsz;
pub mod secrets;

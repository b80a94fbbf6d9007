//! Progress reporting for long database operations, without printing.
//!
//! The library never draws anything: the binary passes an implementation of [`Progress`]
//! (an indicatif bar on a TTY, nothing otherwise) and the library calls it. Calls may come
//! from several threads while an index is built, hence `Sync`.

/// What a long operation is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Downloading the export; units are bytes.
    Download,
    /// Reading and checking every record of a database; units are records.
    Parse,
    /// Writing the per-package index; units are packages.
    Index,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Download => "downloading",
            Phase::Parse => "reading advisories",
            Phase::Index => "writing index",
        }
    }
}

/// Receives progress. Every method has an empty default.
pub trait Progress: Sync {
    /// A phase starts; `total` is known for downloads with a length and for parsing.
    fn start(&self, _phase: Phase, _total: Option<u64>) {}
    /// `amount` more units of the current phase are done.
    fn advance(&self, _amount: u64) {}
    /// The current phase is done.
    fn finish(&self, _phase: Phase) {}
}

/// Reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}

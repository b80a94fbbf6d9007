//! Lockfile readers: every package of the lock with its exact version, hashes and source.

pub(crate) mod pdm;
pub(crate) mod pipfile;
pub(crate) mod poetry;
pub(crate) mod pylock;
pub(crate) mod uv;

//! Errors of the vulnerability database, with the path or URL they concern.
//!
//! The binary turns them into messages and exit code 2; [`DbError::hint`] gives the command
//! that fixes the situation, so "no database" is never a dead end.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum DbError {
    /// Reading or writing a file failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// No database in the cache and none given with `--db`.
    Missing { cache_dir: PathBuf },
    /// A file or folder given as a database holds no OSV records or is not a zip/folder.
    NotADatabase { path: PathBuf, reason: String },
    /// A cache file failed its checks (and could not be rebuilt from the downloaded export).
    Corrupt { path: PathBuf, reason: String },
    /// The download failed: network, TLS, an HTTP error status or a cut-off body.
    Download { url: String, reason: String },
    /// The download finished but is not a usable OSV export; the old cache was kept.
    InvalidDownload { url: String, reason: String },
}

impl DbError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        DbError::Io {
            path: path.into(),
            source,
        }
    }

    /// A `hint:` line for the user, when there is a command that helps.
    pub fn hint(&self) -> Option<String> {
        match self {
            DbError::Missing { .. } | DbError::Corrupt { .. } => Some(
                "run `snakeguard db update` to download the OSV PyPI database, or pass `--db PATH` \
                 (an OSV zip, a folder of OSV JSON, or a PyPA advisory-database checkout)"
                    .to_string(),
            ),
            DbError::Download { .. } => Some(
                "check the network or proxy, or pass `--url` to use a mirror; the previous database \
                 (if any) is unchanged"
                    .to_string(),
            ),
            DbError::InvalidDownload { .. } => {
                Some("the previous database (if any) is unchanged; try again later".to_string())
            }
            DbError::Io { .. } | DbError::NotADatabase { .. } => None,
        }
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            DbError::Missing { cache_dir } => write!(
                f,
                "no vulnerability database in {} and no `--db` given",
                cache_dir.display()
            ),
            DbError::NotADatabase { path, reason } => {
                write!(f, "{} is not an OSV database: {reason}", path.display())
            }
            DbError::Corrupt { path, reason } => {
                write!(
                    f,
                    "vulnerability database {} is corrupt: {reason}",
                    path.display()
                )
            }
            DbError::Download { url, reason } => write!(f, "download of {url} failed: {reason}"),
            DbError::InvalidDownload { url, reason } => {
                write!(f, "{url} did not serve a usable OSV export: {reason}")
            }
        }
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DbError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

//! The database cache in the user cache folder: where it is, what state it is in, and how
//! a damaged index is rebuilt.
//!
//! ```text
//! <cache dir>/osv/all.zip       the downloaded export, exactly as served
//! <cache dir>/osv/source.json   where it came from: URL, ETag, Last-Modified, times, sha256
//! <cache dir>/osv/index.sgidx   per-package index (see `index`)
//! ```
//!
//! `<cache dir>` is `SNAKEGUARD_CACHE_DIR` when set, else the platform's user cache folder
//! plus `snakeguard` (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on
//! macOS, `%LOCALAPPDATA%` on Windows). Every file is written to a temporary file in the
//! same folder and renamed, so a reader sees either the old or the new file. The index
//! records the sha256 of the export it was built from; an index that fails any check, or
//! that belongs to another export, is rebuilt from the export, and an export whose sha256
//! differs from `source.json` is not trusted at all.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use crate::build::{BuildError, build_from_zip};
use crate::error::DbError;
use crate::index::{IndexHeader, IndexReader, SourceInfo};
use crate::progress::Progress;
use crate::source::DbStats;

/// osv.dev's export of every PyPI advisory (PYSEC, GHSA and MAL records).
pub const DEFAULT_URL: &str = "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip";
/// A database older than this gets a warning.
pub const STALE_AFTER_SECONDS: u64 = 7 * 24 * 60 * 60;
/// The environment variable that overrides the cache folder.
pub const CACHE_DIR_ENV: &str = "SNAKEGUARD_CACHE_DIR";

pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// The snakeguard cache folder: `SNAKEGUARD_CACHE_DIR`, else the platform user cache folder
/// joined with `snakeguard`. `None` when no home folder is known.
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CACHE_DIR_ENV).filter(|dir| !dir.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    platform_cache_dir().map(|dir| dir.join("snakeguard"))
}

fn platform_cache_dir() -> Option<PathBuf> {
    let absolute = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
    };
    if cfg!(windows) {
        return absolute("LOCALAPPDATA");
    }
    let home = absolute("HOME");
    if cfg!(target_os = "macos") {
        return home.map(|home| home.join("Library").join("Caches"));
    }
    absolute("XDG_CACHE_HOME").or_else(|| home.map(|home| home.join(".cache")))
}

/// The OSV cache inside a snakeguard cache folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    dir: PathBuf,
}

/// What `db status` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct DbStatus {
    /// The folder of the cache (`db path`).
    pub dir: PathBuf,
    /// Whether a downloaded export is there.
    pub present: bool,
    pub source: Option<SourceInfo>,
    /// Counts from the index, when the index is usable.
    pub stats: Option<DbStats>,
    /// Seconds since the export was downloaded.
    pub age_seconds: Option<u64>,
    /// Older than [`STALE_AFTER_SECONDS`].
    pub stale: bool,
    /// The index is complete and belongs to the export.
    pub index_ok: bool,
    /// Why the index or export is not usable, when it is not.
    pub problem: Option<String>,
    pub export_bytes: Option<u64>,
    pub index_bytes: Option<u64>,
}

impl Cache {
    /// The cache under `cache_dir` (files go into `cache_dir/osv`).
    pub fn new(cache_dir: impl Into<PathBuf>) -> Self {
        Cache {
            dir: cache_dir.into().join("osv"),
        }
    }

    /// The cache in [`default_cache_dir`].
    pub fn from_env() -> Result<Self, DbError> {
        default_cache_dir()
            .map(Cache::new)
            .ok_or_else(|| DbError::Missing {
                cache_dir: PathBuf::from(format!("(no home folder; set {CACHE_DIR_ENV})")),
            })
    }

    /// The folder holding the cache files (`snakeguard db path`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn export_path(&self) -> PathBuf {
        self.dir.join("all.zip")
    }

    pub fn source_path(&self) -> PathBuf {
        self.dir.join("source.json")
    }

    pub fn index_path(&self) -> PathBuf {
        self.dir.join("index.sgidx")
    }

    /// The recorded source of the export, if readable.
    pub fn read_source(&self) -> Option<SourceInfo> {
        let bytes = std::fs::read(self.source_path()).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    pub(crate) fn write_source(&self, source: &SourceInfo) -> Result<(), DbError> {
        let bytes = serde_json::to_vec_pretty(source).unwrap_or_default();
        write_atomically(&self.source_path(), &bytes)
    }

    /// Opens the index, checking that it is complete and belongs to the recorded export.
    pub fn open_index(&self) -> Result<IndexReader, DbError> {
        let reader = IndexReader::open(&self.index_path())?;
        let source = self.read_source();
        let expected = source.as_ref().and_then(|source| source.sha256.as_deref());
        if expected.is_none() || reader.header().source.sha256.as_deref() != expected {
            return Err(DbError::Corrupt {
                path: self.index_path(),
                reason: "the index was built from another export".to_string(),
            });
        }
        Ok(reader)
    }

    /// Rebuilds the index from the downloaded export, after checking the export against the
    /// sha256 recorded when it was downloaded. Streams: neither the export nor its records
    /// are held in memory.
    pub fn rebuild_index(&self, progress: &dyn Progress) -> Result<IndexHeader, DbError> {
        let export = self.export_path();
        if !export.exists() {
            return Err(DbError::Missing {
                cache_dir: self.dir.clone(),
            });
        }
        let source = self.read_source().ok_or_else(|| DbError::Corrupt {
            path: self.source_path(),
            reason: "missing or unreadable".to_string(),
        })?;
        let actual = sha256_file(&export)?;
        if source.sha256.as_deref() != Some(actual.as_str()) {
            return Err(DbError::Corrupt {
                path: export,
                reason: "its sha256 differs from the one recorded at download".to_string(),
            });
        }
        let pending =
            build_from_zip(&export, &self.dir, source, progress).map_err(|error| match error {
                BuildError::Invalid(reason) => DbError::Corrupt {
                    path: export.clone(),
                    reason,
                },
                BuildError::Io(error) => error,
            })?;
        pending.persist(&self.index_path())
    }

    /// The state of the cache, without changing anything.
    pub fn status(&self) -> DbStatus {
        let export_bytes = std::fs::metadata(self.export_path())
            .ok()
            .map(|metadata| metadata.len());
        let index_bytes = std::fs::metadata(self.index_path())
            .ok()
            .map(|metadata| metadata.len());
        let source = self.read_source();
        let (stats, index_ok, problem) = match self.open_index() {
            Ok(reader) => (Some(reader.header().stats.clone()), true, None),
            Err(error) => (None, false, Some(error.to_string())),
        };
        let age_seconds = source
            .as_ref()
            .and_then(|source| source.downloaded_at)
            .map(|at| unix_now().saturating_sub(at));
        DbStatus {
            dir: self.dir.clone(),
            present: export_bytes.is_some(),
            stale: age_seconds.is_some_and(|age| age > STALE_AFTER_SECONDS),
            source,
            stats,
            age_seconds,
            index_ok,
            problem,
            export_bytes,
            index_bytes,
        }
    }
}

/// The sha256 of a file, read in chunks.
pub(crate) fn sha256_file(path: &Path) -> Result<String, DbError> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path).map_err(|error| DbError::io(path, error))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        let count = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(count) => count,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(DbError::io(path, error)),
        };
        hasher.update(buffer.get(..count).unwrap_or_default());
    }
    Ok(hex(&hasher.finalize()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), DbError> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir).map_err(|error| DbError::io(dir, error))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|error| DbError::io(dir, error))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|error| DbError::io(temp.path(), error))?;
    temp.persist(path)
        .map_err(|error| DbError::io(path, error.error))?;
    Ok(())
}

/// "3 days", "5 hours", "12 minutes": an age for `db status`.
pub fn describe_age(seconds: u64) -> String {
    let (amount, unit) = if seconds >= 2 * 86_400 {
        (seconds / 86_400, "days")
    } else if seconds >= 2 * 3_600 {
        (seconds / 3_600, "hours")
    } else if seconds >= 120 {
        (seconds / 60, "minutes")
    } else {
        (seconds, "seconds")
    };
    format!("{amount} {unit}")
}

//! The advisory database an audit queries: either the cached per-package index or a
//! database loaded into memory from `--db PATH`.
//!
//! Both answer one question, "which advisories name this package?", with advisories already
//! trimmed to that package and withdrawn ones removed. If an index entry turns out to be
//! damaged mid-audit, the index is rebuilt from the downloaded export and the audit goes on
//! from the rebuilt index; damaged data is never used.

use std::path::Path;
use std::sync::OnceLock;

use crate::cache::{Cache, unix_now};
use crate::error::DbError;
use crate::index::{IndexReader, SourceInfo, corrupt};
use crate::osv::{Advisory, Note, normalize_name};
use crate::package::PackageAdvisories;
use crate::progress::Progress;
use crate::source::{DbStats, PackageMap, load_path, split_by_package};

#[derive(Debug)]
enum Backend {
    Memory(PackageMap),
    Index {
        reader: Box<IndexReader>,
        cache: Cache,
        /// Filled when the index failed a check during this run and was rebuilt.
        recovered: OnceLock<Result<Box<IndexReader>, String>>,
    },
}

/// A queryable advisory database.
#[derive(Debug)]
pub struct Database {
    backend: Backend,
    source: SourceInfo,
    stats: DbStats,
    notes: Vec<Note>,
    rebuilt: Option<String>,
}

impl Database {
    /// Loads `--db PATH`: an OSV zip, a folder of OSV JSON, or a PyPA checkout (YAML).
    pub fn load(path: &Path, progress: &dyn Progress) -> Result<Database, DbError> {
        let (loaded, kind) = load_path(path, progress)?;
        let (packages, stats, version_notes) = split_by_package(loaded.advisories, loaded.rejected);
        let mut notes = loaded.notes;
        notes.extend(version_notes);
        notes.sort();
        let modified = std::fs::metadata(path)
            .and_then(|metadata| metadata.modified())
            .ok()
            .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|elapsed| elapsed.as_secs());
        Ok(Database {
            backend: Backend::Memory(packages),
            source: SourceInfo {
                downloaded_at: modified,
                ..SourceInfo::new(kind, path.display().to_string())
            },
            stats,
            notes,
            rebuilt: None,
        })
    }

    /// The database an audit uses: `db` (`--db PATH`, or `db` in `[tool.snakeguard.audit]`)
    /// when given, else the cache in [`Cache::from_env`]. No database at all is
    /// [`DbError::Missing`], whose [`DbError::hint`] names `snakeguard db update`.
    pub fn open(db: Option<&Path>, progress: &dyn Progress) -> Result<Database, DbError> {
        match db {
            Some(path) => Database::load(path, progress),
            None => Database::open_cache(&Cache::from_env()?, progress),
        }
    }

    /// A database from advisories already in memory (tests, embedding).
    pub fn from_advisories(advisories: Vec<Advisory>, source: SourceInfo) -> Database {
        let (packages, stats, notes) = split_by_package(advisories, 0);
        Database {
            backend: Backend::Memory(packages),
            source,
            stats,
            notes,
            rebuilt: None,
        }
    }

    /// Opens the cached database. A missing index, a damaged one or one from another export
    /// is rebuilt from the downloaded export first (reported by [`Database::rebuilt`]); with
    /// no export at all the error is [`DbError::Missing`].
    pub fn open_cache(cache: &Cache, progress: &dyn Progress) -> Result<Database, DbError> {
        if !cache.export_path().exists() {
            return Err(DbError::Missing {
                cache_dir: cache.dir().to_path_buf(),
            });
        }
        let (reader, rebuilt) = match cache.open_index() {
            Ok(reader) => (reader, None),
            Err(reason) => {
                cache.rebuild_index(progress)?;
                (cache.open_index()?, Some(reason.to_string()))
            }
        };
        let header = reader.header().clone();
        Ok(Database {
            backend: Backend::Index {
                reader: Box::new(reader),
                cache: cache.clone(),
                recovered: OnceLock::new(),
            },
            source: header.source,
            stats: header.stats,
            notes: Vec::new(),
            rebuilt,
        })
    }

    /// The advisories naming `package` (any spelling; it is PEP 503-normalised here), in
    /// full.
    pub fn advisories_for(&self, package: &str) -> Result<Vec<Advisory>, DbError> {
        match self.package(package)? {
            Some(package) => package.advisories(),
            None => Ok(Vec::new()),
        }
    }

    /// The advisories naming `package` (any spelling; it is PEP 503-normalised here), ready
    /// to match; `None` when there are none. Reading the index, only the package's entry is
    /// read, and full records are decoded only when asked for.
    pub fn package(&self, package: &str) -> Result<Option<PackageAdvisories<'_>>, DbError> {
        let name = normalize_name(package);
        match &self.backend {
            Backend::Memory(packages) => Ok(packages
                .get(&name)
                .filter(|advisories| !advisories.is_empty())
                .map(|advisories| PackageAdvisories::from_memory(&name, advisories))),
            Backend::Index {
                reader,
                cache,
                recovered,
            } => {
                if let Some(recovered) = recovered.get() {
                    return from_recovered(recovered, &name, cache);
                }
                match reader.read_entry(&name) {
                    Ok(package) => Ok(package.map(|package| package.with_recovery(self))),
                    Err(DbError::Corrupt { .. }) => {
                        from_recovered(recover(recovered, cache), &name, cache)
                    }
                    Err(error) => Err(error),
                }
            }
        }
    }

    /// Advisory `index` of `name` (whose id is `id`) read from a rebuilt index, after its
    /// record in the current index failed its check.
    pub(crate) fn recover_advisory(
        &self,
        name: &str,
        index: usize,
        id: &str,
    ) -> Result<Advisory, DbError> {
        let Backend::Index {
            cache, recovered, ..
        } = &self.backend
        else {
            return Err(corrupt(
                Path::new(&self.source.location),
                format!("an advisory of {name} cannot be read"),
            ));
        };
        let package = from_recovered(recover(recovered, cache), name, cache)?;
        match package {
            Some(package) if package.ids(index).next() == Some(id) => {
                package.advisory(index).cloned()
            }
            _ => Err(corrupt(
                &cache.index_path(),
                format!("the rebuilt index no longer holds {id} of {name}"),
            )),
        }
    }

    /// Every PEP 503 package name with at least one live advisory, sorted.
    pub fn package_names(&self) -> Vec<String> {
        match &self.backend {
            Backend::Memory(packages) => packages.keys().cloned().collect(),
            Backend::Index { reader, .. } => reader.package_names().map(str::to_string).collect(),
        }
    }

    pub fn source(&self) -> &SourceInfo {
        &self.source
    }

    pub fn stats(&self) -> &DbStats {
        &self.stats
    }

    /// Notes from loading (`--db` only; the index keeps none).
    pub fn load_notes(&self) -> &[Note] {
        &self.notes
    }

    /// Why the index was rebuilt when it was opened, if it was.
    pub fn rebuilt(&self) -> Option<&str> {
        self.rebuilt.as_deref()
    }

    /// Seconds since the data was downloaded (or the `--db` path last changed).
    pub fn age_seconds(&self) -> Option<u64> {
        self.source
            .downloaded_at
            .map(|at| unix_now().saturating_sub(at))
    }
}

/// The rebuilt index, rebuilding it the first time a check fails during this run.
fn recover<'db>(
    recovered: &'db OnceLock<Result<Box<IndexReader>, String>>,
    cache: &Cache,
) -> &'db Result<Box<IndexReader>, String> {
    recovered.get_or_init(|| {
        cache
            .rebuild_index(&crate::progress::NoProgress)
            .and_then(|_| cache.open_index())
            .map(Box::new)
            .map_err(|error| error.to_string())
    })
}

fn from_recovered<'db>(
    recovered: &'db Result<Box<IndexReader>, String>,
    name: &str,
    cache: &Cache,
) -> Result<Option<PackageAdvisories<'db>>, DbError> {
    match recovered {
        Ok(reader) => reader.read_entry(name),
        Err(reason) => Err(corrupt(&cache.index_path(), reason.clone())),
    }
}

//! Reading advisories from the three places they come in: an OSV zip (osv.dev's
//! `PyPI/all.zip`, or a GitHub archive of the PyPA repository), a folder of OSV JSON files,
//! and a PyPA advisory-database checkout (`vulns/<package>/*.yaml`).
//!
//! One bad record costs one [`Note`], never the load. Records are parsed in parallel; the
//! result is sorted by id so the outcome does not depend on thread timing. When two records
//! share an id (a folder holding two copies), the most recently modified one is kept.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::DbError;
use crate::osv::{Advisory, Note, normalize_name};
use crate::progress::{Phase, Progress};

/// Larger zip members or files are not advisories (and a zip bomb stops here).
const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// What kind of database a path holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// A zip of OSV records (JSON, or YAML under a `vulns/` folder).
    OsvZip,
    /// A folder of OSV JSON (or YAML) files.
    OsvFolder,
    /// A checkout of github.com/pypa/advisory-database.
    PypaCheckout,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::OsvZip => "OSV zip",
            SourceKind::OsvFolder => "folder of OSV records",
            SourceKind::PypaCheckout => "PyPA advisory-database checkout",
        }
    }
}

/// Counts that `db status` shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbStats {
    /// Records read (JSON/YAML documents with an id).
    pub records: u64,
    /// Live advisories with at least one PyPI package (withdrawn ones excluded).
    pub advisories: u64,
    /// Withdrawn advisories, skipped.
    pub withdrawn: u64,
    /// Live `MAL-` advisories.
    pub malicious: u64,
    /// Distinct PEP 503 package names with at least one live advisory.
    pub packages: u64,
    /// Files or members that could not be read as a record at all.
    pub rejected: u64,
    /// Listed affected versions that are not PEP 440 (skipped).
    #[serde(default)]
    pub invalid_versions: u64,
}

/// Advisories as loaded, before they are split per package.
#[derive(Debug, Default)]
pub struct Loaded {
    pub advisories: Vec<Advisory>,
    pub notes: Vec<Note>,
    pub rejected: u64,
}

/// Per-package advisories: what both the in-memory database and the on-disk index hold.
/// Each advisory keeps only its `affected[]` entries for that package; withdrawn ones are gone.
pub type PackageMap = BTreeMap<String, Vec<Advisory>>;

/// Detects what `path` is and loads it.
pub fn load_path(path: &Path, progress: &dyn Progress) -> Result<(Loaded, SourceKind), DbError> {
    let metadata = std::fs::metadata(path).map_err(|error| DbError::io(path, error))?;
    let name = path.to_string_lossy();
    if metadata.is_file() && (has_extension(&name, &["json"]) || is_yaml(&name)) {
        // One record on its own: handy for a quick check of a single advisory.
        let bytes = read_limited_file(path).map_err(|reason| DbError::NotADatabase {
            path: path.to_path_buf(),
            reason,
        })?;
        let parsed = parse_record(&bytes, &name).map_err(|reason| DbError::NotADatabase {
            path: path.to_path_buf(),
            reason,
        })?;
        return Ok((collect(vec![Ok(parsed)]), SourceKind::OsvFolder));
    }
    if metadata.is_file() {
        let bytes = std::fs::read(path).map_err(|error| DbError::io(path, error))?;
        return load_zip_bytes(&bytes, progress)
            .map(|loaded| (loaded, SourceKind::OsvZip))
            .map_err(|reason| DbError::NotADatabase {
                path: path.to_path_buf(),
                reason,
            });
    }
    let vulns = path.join("vulns");
    let (root, kind) = if vulns.is_dir() {
        (vulns, SourceKind::PypaCheckout)
    } else {
        (path.to_path_buf(), SourceKind::OsvFolder)
    };
    let mut files = Vec::new();
    collect_record_files(&root, &mut files, 0).map_err(|error| DbError::io(&root, error))?;
    files.sort();
    if files.is_empty() {
        return Err(DbError::NotADatabase {
            path: path.to_path_buf(),
            reason: "no `.json` or `.yaml` files in it".to_string(),
        });
    }
    progress.start(Phase::Parse, Some(files.len() as u64));
    let results: Vec<ParsedRecord> = files
        .par_iter()
        .map(|file| {
            let origin = file.display().to_string();
            let parsed = read_limited_file(file).and_then(|bytes| parse_record(&bytes, &origin));
            progress.advance(1);
            parsed
        })
        .collect();
    progress.finish(Phase::Parse);
    Ok((collect(results), kind))
}

/// Loads every record of an OSV zip held in memory. `Err` when it is not a zip or holds no
/// record at all.
pub fn load_zip_bytes(bytes: &[u8], progress: &dyn Progress) -> Result<Loaded, String> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|error| format!("not a readable zip: {error}"))?;
    let count = archive.len();
    progress.start(Phase::Parse, Some(count as u64));
    let done = AtomicU64::new(0);
    let results: Vec<Option<ParsedRecord>> = (0..count)
        .into_par_iter()
        .map_init(
            || archive.clone(),
            |archive, index| {
                let result = read_zip_member(archive, index);
                // Batch the callbacks: one per record would cost more than the parse.
                let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                if finished.is_multiple_of(256) {
                    progress.advance(256);
                }
                result
            },
        )
        .collect();
    progress.advance(done.load(Ordering::Relaxed) % 256);
    progress.finish(Phase::Parse);
    let results: Vec<_> = results.into_iter().flatten().collect();
    if results.iter().all(Result::is_err) {
        return Err(if results.is_empty() {
            "the zip holds no `.json` OSV records".to_string()
        } else {
            format!("none of its {} records could be read", results.len())
        });
    }
    Ok(collect(results))
}

/// One record's outcome: the advisory and its notes, or why the record was rejected.
type ParsedRecord = Result<(Advisory, Vec<Note>), String>;

/// `None` for members that are not records (folders, READMEs).
fn read_zip_member(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
) -> Option<ParsedRecord> {
    Some(read_member_bytes(archive, index)?.and_then(|(name, bytes)| parse_record(&bytes, &name)))
}

/// The name and bytes of one record member of a zip; `None` for members that are not
/// records (folders, READMEs), `Err` for members that cannot be read.
pub(crate) fn read_member_bytes<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    index: usize,
) -> Option<Result<(String, Vec<u8>), String>> {
    let mut member = match archive.by_index(index) {
        Ok(member) => member,
        Err(error) => return Some(Err(format!("zip member #{index}: {error}"))),
    };
    if member.is_dir() {
        return None;
    }
    let name = match member.name() {
        Ok(name) => name.to_string(),
        Err(error) => return Some(Err(format!("zip member #{index}: bad name: {error}"))),
    };
    if !is_record_name(&name, true) {
        return None;
    }
    if member.size() > MAX_RECORD_BYTES {
        return Some(Err(format!("{name}: larger than {MAX_RECORD_BYTES} bytes")));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(member.size()).unwrap_or(0));
    // `take` guards against a size field that lies; reading to the end checks the CRC.
    if let Err(error) = (&mut member)
        .take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut bytes)
    {
        return Some(Err(format!("{name}: {error}")));
    }
    Some(Ok((name, bytes)))
}

/// JSON records anywhere; YAML only under a `vulns/` folder (PyPA layout), so that other
/// YAML in a repository archive (`triage/`, CI files) is not mistaken for advisories.
fn is_record_name(name: &str, in_zip: bool) -> bool {
    if has_extension(name, &["json"]) {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    is_yaml(name) && (!in_zip || lower.starts_with("vulns/") || lower.contains("/vulns/"))
}

fn has_extension(name: &str, extensions: &[&str]) -> bool {
    Path::new(name).extension().is_some_and(|extension| {
        extensions
            .iter()
            .any(|wanted| extension.eq_ignore_ascii_case(wanted))
    })
}

fn is_yaml(name: &str) -> bool {
    has_extension(name, &["yaml", "yml"])
}

/// Parses one OSV record, YAML when `origin` ends in `.yaml`/`.yml`, JSON otherwise. `Err`
/// only when the bytes are not a record with an id; anything else odd is a [`Note`].
pub fn parse_record(bytes: &[u8], origin: &str) -> Result<(Advisory, Vec<Note>), String> {
    if is_yaml(origin) {
        let text = std::str::from_utf8(bytes).map_err(|_| format!("{origin}: not UTF-8 text"))?;
        let value =
            crate::yaml::to_json_value(text).map_err(|error| format!("{origin}: {error}"))?;
        Advisory::from_value(value, origin)
    } else {
        Advisory::from_json_slice(bytes, origin)
    }
}

fn read_limited_file(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| format!("{}: {error}", path.display()))?;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(format!(
            "{}: larger than {MAX_RECORD_BYTES} bytes",
            path.display()
        ));
    }
    Ok(bytes)
}

/// Walks `dir` for record files. Hidden folders (`.git`) are skipped and symlinked folders
/// are not followed, so a link loop cannot trap the walk.
fn collect_record_files(dir: &Path, out: &mut Vec<PathBuf>, depth: u32) -> std::io::Result<()> {
    if depth > 32 {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let file_type = entry.file_type()?;
        let path = entry.path();
        if file_type.is_dir() {
            collect_record_files(&path, out, depth + 1)?;
        } else if (file_type.is_file() || file_type.is_symlink()) && is_record_name(&name, false) {
            out.push(path);
        }
    }
    Ok(())
}

fn collect(results: Vec<ParsedRecord>) -> Loaded {
    let mut loaded = Loaded::default();
    for result in results {
        match result {
            Ok((advisory, notes)) => {
                loaded.advisories.push(advisory);
                loaded.notes.extend(notes);
            }
            Err(reason) => {
                loaded.rejected += 1;
                loaded.notes.push(Note::new("(record)", reason));
            }
        }
    }
    loaded
        .advisories
        .sort_by(|a, b| a.id.cmp(&b.id).then_with(|| b.modified.cmp(&a.modified)));
    let before = loaded.advisories.len();
    loaded
        .advisories
        .dedup_by(|later, kept| later.id == kept.id);
    if loaded.advisories.len() != before {
        loaded.notes.push(Note::new(
            "(database)",
            format!(
                "{} records repeat an id; the most recently modified copy was kept",
                before - loaded.advisories.len()
            ),
        ));
    }
    loaded.notes.sort();
    loaded
}

/// One live advisory as it is stored per package: its listed versions turned into equality
/// keys (a note per version that is not PEP 440), then one copy per PEP 503 package name it
/// names, each keeping only that package's `affected[]` entries; sorted by name.
pub(crate) fn per_package(
    mut advisory: Advisory,
    notes: &mut Vec<Note>,
) -> Vec<(String, Advisory)> {
    for affected in &mut advisory.affected {
        crate::matcher::key_versions(affected, &advisory.id, notes);
    }
    let mut names: Vec<String> = advisory
        .affected
        .iter()
        .map(|affected| normalize_name(&affected.package))
        .collect();
    names.sort();
    names.dedup();
    if let [name] = names.as_slice() {
        // The common case: one package, no copy needed.
        return vec![(name.clone(), advisory)];
    }
    names
        .into_iter()
        .map(|name| {
            let mut copy = advisory.clone();
            copy.affected
                .retain(|affected| normalize_name(&affected.package) == name);
            (name, copy)
        })
        .collect()
}

/// Splits advisories per PEP 503 package name, dropping withdrawn ones, and counts them.
/// Listed versions become equality keys here, once per database build; the notes about
/// versions that are not PEP 440 are returned.
pub fn split_by_package(
    advisories: Vec<Advisory>,
    rejected: u64,
) -> (PackageMap, DbStats, Vec<Note>) {
    let mut notes = Vec::new();
    let mut stats = DbStats {
        records: advisories.len() as u64,
        rejected,
        ..DbStats::default()
    };
    let mut packages = PackageMap::new();
    for advisory in advisories {
        if advisory.withdrawn.is_some() {
            stats.withdrawn += 1;
            continue;
        }
        let before = notes.len();
        let malicious = advisory.is_malicious();
        let copies = per_package(advisory, &mut notes);
        stats.invalid_versions += (notes.len() - before) as u64;
        if copies.is_empty() {
            continue;
        }
        stats.advisories += 1;
        if malicious {
            stats.malicious += 1;
        }
        for (name, copy) in copies {
            packages.entry(name).or_default().push(copy);
        }
    }
    stats.packages = packages.len() as u64;
    (packages, stats, notes)
}

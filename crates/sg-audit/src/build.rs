//! Building the on-disk index from an OSV zip in bounded memory.
//!
//! The export is never held in memory, nor are its parsed records. The build makes two
//! passes:
//!
//! 1. **Spill.** Zip members are read in batches (each batch parsed in parallel, every
//!    worker reading the zip through its own positioned handle). Each live record is split
//!    per package, its listed versions are turned into equality keys, and each per-package
//!    copy is encoded as a match record and as compact JSON, both appended to an anonymous
//!    temporary file. Only `(package, record, offset, lengths, crc32s)` and a few facts per
//!    record (id, `modified`, withdrawn, malicious) stay in memory: a few megabytes for the
//!    whole PyPI export.
//! 2. **Write.** Records that repeat an id are resolved (the most recently modified copy is
//!    kept, as when loading into memory), the spilled entries are sorted by (package, id),
//!    and the index (see `index`) is written to a temporary file: each package's entry is
//!    its spilled match records followed by its spilled JSON, copied from the spill file,
//!    with each section's CRC combined from the pieces' CRCs so the table can be written
//!    before the data.
//!
//! The result is a [`PendingIndex`]: nothing in the cache changes until the caller persists
//! it, so a download that does not parse leaves the old cache untouched.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::DbError;
use crate::index::{
    FORMAT_VERSION, IndexHeader, MAGIC, Part, SourceInfo, encode_table_entry, read_exact_at,
};

use crate::progress::{Phase, Progress};
use crate::source::{DbStats, parse_record, per_package, read_member_bytes};

/// Members parsed together; bounds what is in memory at once.
const BATCH: usize = 512;

/// Why a build failed: the zip is not a usable export, or a file operation failed.
#[derive(Debug)]
pub(crate) enum BuildError {
    Invalid(String),
    Io(DbError),
}

/// A complete index in a temporary file next to its destination.
#[derive(Debug)]
pub(crate) struct PendingIndex {
    temp: tempfile::NamedTempFile,
    pub header: IndexHeader,
}

impl PendingIndex {
    /// Renames the index into place (atomic on one file system).
    pub fn persist(self, path: &Path) -> Result<IndexHeader, DbError> {
        self.temp
            .persist(path)
            .map_err(|error| DbError::io(path, error.error))?;
        Ok(self.header)
    }
}

/// A zip reader that reads by position, so clones share one open file without seeking
/// each other's cursor.
#[derive(Clone)]
struct SharedFile {
    file: Arc<File>,
    position: u64,
    len: u64,
}

impl Read for SharedFile {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let count = read_at(&self.file, buffer, self.position)?;
        self.position += count as u64;
        Ok(count)
    }
}

impl Seek for SharedFile {
    fn seek(&mut self, target: SeekFrom) -> std::io::Result<u64> {
        let position = match target {
            SeekFrom::Start(offset) => Some(offset),
            SeekFrom::End(delta) => self.len.checked_add_signed(delta),
            SeekFrom::Current(delta) => self.position.checked_add_signed(delta),
        };
        self.position = position.ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek out of range")
        })?;
        Ok(self.position)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buffer, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buffer, offset)
}

/// What one zip member contributed.
struct Parsed {
    id: String,
    modified: Option<String>,
    withdrawn: bool,
    malicious: bool,
    invalid_versions: u64,
    /// One piece per package it names (none when withdrawn or when it names no package).
    pieces: Vec<Piece>,
}

/// Facts kept per record until the write pass.
struct RecordMeta {
    id: String,
    modified: Option<String>,
    member: usize,
    withdrawn: bool,
    malicious: bool,
    invalid_versions: u64,
    has_packages: bool,
}

/// A record's data for one package: its match record and its compact JSON.
struct Piece {
    package: String,
    matching: Vec<u8>,
    json: Vec<u8>,
}

/// One piece in the spill file: its match record at `offset`, its JSON right after.
struct SpillEntry {
    package: String,
    record: usize,
    offset: u64,
    matching: Part,
    json_len: u32,
}

/// Builds an index of the OSV zip at `zip_path` into a temporary file in `index_dir`.
pub(crate) fn build_from_zip(
    zip_path: &Path,
    index_dir: &Path,
    source: SourceInfo,
    progress: &dyn Progress,
) -> Result<PendingIndex, BuildError> {
    let io = |path: &Path, error: std::io::Error| BuildError::Io(DbError::io(path, error));
    let file = File::open(zip_path).map_err(|error| io(zip_path, error))?;
    let len = file.metadata().map_err(|error| io(zip_path, error))?.len();
    let reader = SharedFile {
        file: Arc::new(file),
        position: 0,
        len,
    };
    let archive = zip::ZipArchive::new(reader)
        .map_err(|error| BuildError::Invalid(format!("not a readable zip: {error}")))?;
    let count = archive.len();

    std::fs::create_dir_all(index_dir).map_err(|error| io(index_dir, error))?;
    let spill_file = tempfile::tempfile_in(index_dir).map_err(|error| io(index_dir, error))?;
    let mut spill = BufWriter::with_capacity(256 * 1024, spill_file);
    let mut spill_len = 0u64;
    let mut records: Vec<RecordMeta> = Vec::new();
    let mut entries: Vec<SpillEntry> = Vec::new();
    let mut rejected = 0u64;
    let mut members_seen = 0u64;

    progress.start(Phase::Parse, Some(count as u64));
    let indices: Vec<usize> = (0..count).collect();
    for batch in indices.chunks(BATCH) {
        let results: Vec<Option<Result<Parsed, String>>> = batch
            .par_iter()
            .map_init(
                || archive.clone(),
                |archive, &index| read_member(archive, index),
            )
            .collect();
        progress.advance(batch.len() as u64);
        for (&member, result) in batch.iter().zip(results) {
            let Some(result) = result else { continue };
            members_seen += 1;
            let Ok(parsed) = result else {
                rejected += 1;
                continue;
            };
            let record = records.len();
            let has_packages = !parsed.pieces.is_empty();
            for piece in parsed.pieces {
                let (Ok(matching_len), Ok(json_len), Ok(_)) = (
                    u32::try_from(piece.matching.len()),
                    u32::try_from(piece.json.len()),
                    u16::try_from(piece.package.len()),
                ) else {
                    continue;
                };
                spill
                    .write_all(&piece.matching)
                    .and_then(|()| spill.write_all(&piece.json))
                    .map_err(|error| io(index_dir, error))?;
                entries.push(SpillEntry {
                    package: piece.package,
                    record,
                    offset: spill_len,
                    matching: Part {
                        len: matching_len,
                        crc32: crc32fast::hash(&piece.matching),
                    },
                    json_len,
                });
                spill_len += u64::from(matching_len) + u64::from(json_len);
            }
            records.push(RecordMeta {
                id: parsed.id,
                modified: parsed.modified,
                member,
                withdrawn: parsed.withdrawn,
                malicious: parsed.malicious,
                invalid_versions: parsed.invalid_versions,
                has_packages,
            });
        }
    }
    progress.finish(Phase::Parse);
    if records.is_empty() {
        return Err(BuildError::Invalid(if members_seen == 0 {
            "the zip holds no `.json` OSV records".to_string()
        } else {
            format!("none of its {members_seen} records could be read")
        }));
    }
    let spill_file = spill
        .into_inner()
        .map_err(|error| io(index_dir, error.into_error()))?;

    // Repeated ids: keep the most recently modified copy (then the first in the zip), as
    // `source::collect` does for a database loaded into memory.
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&records[a], &records[b]);
        a.id.cmp(&b.id)
            .then_with(|| b.modified.cmp(&a.modified))
            .then_with(|| a.member.cmp(&b.member))
    });
    let mut kept = vec![false; records.len()];
    let mut stats = DbStats {
        rejected,
        ..DbStats::default()
    };
    let mut previous: Option<&str> = None;
    for &index in &order {
        let record = &records[index];
        if previous == Some(record.id.as_str()) {
            continue;
        }
        previous = Some(record.id.as_str());
        kept[index] = true;
        stats.records += 1;
        if record.withdrawn {
            stats.withdrawn += 1;
            continue;
        }
        stats.invalid_versions += record.invalid_versions;
        if record.has_packages {
            stats.advisories += 1;
            if record.malicious {
                stats.malicious += 1;
            }
        }
    }
    entries.retain(|entry| kept[entry.record]);
    entries.sort_by(|a, b| {
        a.package
            .cmp(&b.package)
            .then_with(|| records[a.record].id.cmp(&records[b.record].id))
    });
    drop(order);

    // Group into packages: (first entry, entry count, match section, full section length).
    let mut packages: Vec<(usize, usize, Part, u32)> = Vec::new();
    let mut start = 0;
    while start < entries.len() {
        let name = &entries[start].package;
        let end = entries[start..]
            .iter()
            .position(|entry| &entry.package != name)
            .map_or(entries.len(), |offset| start + offset);
        let group = &entries[start..end];
        let matching = combine(group.iter().map(|entry| entry.matching));
        let full_len = group
            .iter()
            .map(|entry| u64::from(entry.json_len))
            .sum::<u64>();
        if let (Some(matching), Ok(full_len)) = (matching, u32::try_from(full_len)) {
            packages.push((start, end - start, matching, full_len));
        }
        start = end;
    }
    stats.packages = packages.len() as u64;

    let mut table = Vec::new();
    let mut offset = 0u64;
    for &(first, _, matching, full_len) in &packages {
        let name = entries
            .get(first)
            .map_or("", |entry| entry.package.as_str());
        encode_table_entry(&mut table, name, offset, matching, full_len);
        offset += u64::from(matching.len) + u64::from(full_len);
    }
    let header = IndexHeader {
        source,
        stats,
        built_at: crate::cache::unix_now(),
        table_len: table.len() as u64,
        table_crc32: crc32fast::hash(&table),
        data_len: offset,
    };
    let header_bytes = serde_json::to_vec(&header)
        .map_err(|error| BuildError::Invalid(format!("cannot encode index header: {error}")))?;
    let header_len = u32::try_from(header_bytes.len()).unwrap_or(u32::MAX);

    let temp = tempfile::NamedTempFile::new_in(index_dir).map_err(|error| io(index_dir, error))?;
    progress.start(Phase::Index, Some(packages.len() as u64));
    {
        let mut out = BufWriter::with_capacity(256 * 1024, temp.as_file());
        let mut buffer = Vec::new();
        let mut write = || -> std::io::Result<()> {
            out.write_all(MAGIC)?;
            out.write_all(&FORMAT_VERSION.to_le_bytes())?;
            out.write_all(&header_len.to_le_bytes())?;
            out.write_all(&crc32fast::hash(&header_bytes).to_le_bytes())?;
            out.write_all(&header_bytes)?;
            out.write_all(&table)?;
            for &(first, count, _, _) in &packages {
                // Each piece is one read (its match record, then its JSON); the package's
                // match records are written first, then its JSON records.
                let group = &entries[first..first + count];
                buffer.clear();
                for entry in group {
                    let start = buffer.len();
                    let len = entry.matching.len as usize + entry.json_len as usize;
                    buffer.resize(start + len, 0);
                    read_exact_at(&spill_file, &mut buffer[start..], entry.offset)?;
                }
                let mut at = 0;
                for entry in group {
                    out.write_all(&buffer[at..at + entry.matching.len as usize])?;
                    at += entry.matching.len as usize + entry.json_len as usize;
                }
                at = 0;
                for entry in group {
                    at += entry.matching.len as usize;
                    out.write_all(&buffer[at..at + entry.json_len as usize])?;
                    at += entry.json_len as usize;
                }
                progress.advance(1);
            }
            out.flush()
        };
        write().map_err(|error| io(temp.path(), error))?;
    }
    temp.as_file()
        .sync_all()
        .map_err(|error| io(temp.path(), error))?;
    progress.finish(Phase::Index);
    Ok(PendingIndex { temp, header })
}

/// The length and CRC of pieces written one after another; `None` past 4 GiB.
fn combine(parts: impl Iterator<Item = Part>) -> Option<Part> {
    let mut crc = crc32fast::Hasher::new();
    let mut total = 0u64;
    for part in parts {
        crc.combine(&crc32fast::Hasher::new_with_initial_len(
            part.crc32,
            u64::from(part.len),
        ));
        total += u64::from(part.len);
    }
    Some(Part {
        len: u32::try_from(total).ok()?,
        crc32: crc.finalize(),
    })
}

/// Reads and splits one member; `None` for members that are not records.
fn read_member(
    archive: &mut zip::ZipArchive<SharedFile>,
    index: usize,
) -> Option<Result<Parsed, String>> {
    Some(
        read_member_bytes(archive, index)?.and_then(|(name, bytes)| {
            parse_record(&bytes, &name).map(|(advisory, _)| split(advisory))
        }),
    )
}

/// One record's per-package pieces, as `source::split_by_package` would store them.
fn split(advisory: crate::osv::Advisory) -> Parsed {
    let mut parsed = Parsed {
        id: advisory.id.clone(),
        modified: advisory.modified.clone(),
        withdrawn: advisory.withdrawn.is_some(),
        malicious: advisory.is_malicious(),
        invalid_versions: 0,
        pieces: Vec::new(),
    };
    if parsed.withdrawn {
        return parsed;
    }
    let mut notes = Vec::new();
    parsed.pieces = per_package(advisory, &mut notes)
        .into_iter()
        .map(|(name, copy)| piece(&copy, name))
        .collect();
    parsed.invalid_versions = notes.len() as u64;
    parsed
}

fn piece(advisory: &crate::osv::Advisory, package: String) -> Piece {
    // Serialising these plain structs cannot fail; if it ever did, the empty JSON would be
    // reported as corrupt when read, never taken as "no advisories".
    let json = serde_json::to_vec(advisory).unwrap_or_default();
    let mut matching = Vec::new();
    let part = Part {
        len: u32::try_from(json.len()).unwrap_or(u32::MAX),
        crc32: crc32fast::hash(&json),
    };
    crate::match_record::encode(advisory, &package, part, &mut matching);
    Piece {
        package,
        matching,
        json,
    }
}

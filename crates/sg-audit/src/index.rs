//! The on-disk per-package index, so an audit reads only the packages it needs.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! file    = magic header table data
//! magic   = "SGOSVIDX" u32:format-version u32:header-length u32:crc32(header)
//! header  = JSON IndexHeader (source, counts, table and data lengths, crc32 of the table)
//! table   = { u16:name-length name u64:offset u32:match-length u32:crc32(match-section)
//!             u32:full-length }*                                     sorted by name
//! data    = one entry per package, at table offsets (relative to data):
//! entry   = match-section full-section
//! ```
//!
//! The match section holds one binary match record per advisory (see `match_record`), the
//! full section the same advisories' compact JSON, one after another; each match record
//! carries its JSON's length and CRC. An audit reads and matches the match sections; it
//! reads and decodes JSON only for the advisories it reports.
//!
//! Opening checks the magic, the version, the header checksum, that the file length is
//! exactly what the header promises (a half-written file fails here) and the table
//! checksum. Each package blob is checked against its own CRC when it is read, so the
//! index is never trusted blindly while a warm audit still reads only a few kilobytes.
//! The file is written to a temporary file in the same folder and renamed into place; it is
//! built by `build`, in bounded memory.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::DbError;
use crate::osv::Advisory;
use crate::package::PackageAdvisories;
use crate::source::{DbStats, SourceKind};

pub(crate) const MAGIC: &[u8; 8] = b"SGOSVIDX";
/// Bump when the layout or the stored advisory shape changes; an old index is rebuilt.
pub const FORMAT_VERSION: u32 = 3;
/// Far larger than any real index header; a bigger length is corruption.
const MAX_HEADER_BYTES: u32 = 1024 * 1024;

/// Where the indexed data came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub kind: SourceKind,
    /// The download URL, or the path given with `--db`.
    pub location: String,
    #[serde(default)]
    pub etag: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    /// Unix seconds of the download (or of reading a local database).
    #[serde(default)]
    pub downloaded_at: Option<u64>,
    /// Unix seconds of the last successful check with the server (a 304 counts).
    #[serde(default)]
    pub checked_at: Option<u64>,
    /// sha256 of the downloaded export, hex.
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(default)]
    pub size: Option<u64>,
}

impl SourceInfo {
    /// A source known only by its kind and location (a `--db` path, test data): no download
    /// facts.
    pub fn new(kind: SourceKind, location: impl Into<String>) -> Self {
        SourceInfo {
            kind,
            location: location.into(),
            etag: None,
            last_modified: None,
            downloaded_at: None,
            checked_at: None,
            sha256: None,
            size: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexHeader {
    pub source: SourceInfo,
    pub stats: DbStats,
    /// Unix seconds.
    pub built_at: u64,
    pub table_len: u64,
    pub table_crc32: u32,
    pub data_len: u64,
}

/// One package of the table. The name stays in the table bytes (`name_start..name_end`),
/// so opening an index allocates nothing per package.
#[derive(Debug)]
struct TableEntry {
    name_start: usize,
    name_end: usize,
    offset: u64,
    matching: Part,
    full_len: u32,
}

/// The length and crc32 of one section of a package entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Part {
    pub len: u32,
    pub crc32: u32,
}

/// Appends one table entry (see the layout above).
pub(crate) fn encode_table_entry(
    table: &mut Vec<u8>,
    name: &str,
    offset: u64,
    matching: Part,
    full_len: u32,
) {
    let name_bytes = name.as_bytes();
    let name_len = u16::try_from(name_bytes.len()).unwrap_or(u16::MAX);
    table.extend_from_slice(&name_len.to_le_bytes());
    table.extend_from_slice(
        name_bytes
            .get(..usize::from(name_len))
            .unwrap_or(name_bytes),
    );
    table.extend_from_slice(&offset.to_le_bytes());
    table.extend_from_slice(&matching.len.to_le_bytes());
    table.extend_from_slice(&matching.crc32.to_le_bytes());
    table.extend_from_slice(&full_len.to_le_bytes());
}

/// An opened, checked index.
#[derive(Debug)]
pub struct IndexReader {
    path: PathBuf,
    file: File,
    header: IndexHeader,
    /// The raw table, validated (sorted, offsets in range).
    table_bytes: Vec<u8>,
    table: Vec<TableEntry>,
    data_offset: u64,
}

pub(crate) fn corrupt(path: &Path, reason: impl Into<String>) -> DbError {
    DbError::Corrupt {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

impl IndexReader {
    /// Opens and checks an index. `Corrupt` for anything that is not a complete index of
    /// this format version.
    pub fn open(path: &Path) -> Result<IndexReader, DbError> {
        let mut file = File::open(path).map_err(|error| DbError::io(path, error))?;
        let file_len = file
            .metadata()
            .map_err(|error| DbError::io(path, error))?
            .len();
        let mut prefix = [0u8; 20];
        file.read_exact(&mut prefix)
            .map_err(|_| corrupt(path, "shorter than an index header"))?;
        if &prefix[..8] != MAGIC {
            return Err(corrupt(path, "not a snakeguard index"));
        }
        let word = |at: usize| {
            let mut bytes = [0u8; 4];
            bytes.copy_from_slice(&prefix[at..at + 4]);
            u32::from_le_bytes(bytes)
        };
        let version = word(8);
        if version != FORMAT_VERSION {
            return Err(corrupt(
                path,
                format!("index format {version}, expected {FORMAT_VERSION}"),
            ));
        }
        let header_len = word(12);
        if header_len > MAX_HEADER_BYTES {
            return Err(corrupt(path, "header length out of range"));
        }
        let mut header_bytes = vec![0u8; header_len as usize];
        file.read_exact(&mut header_bytes)
            .map_err(|_| corrupt(path, "header cut short"))?;
        if crc32fast::hash(&header_bytes) != word(16) {
            return Err(corrupt(path, "header checksum mismatch"));
        }
        let header: IndexHeader = serde_json::from_slice(&header_bytes)
            .map_err(|error| corrupt(path, format!("header: {error}")))?;
        let expected_len = 20u64
            .checked_add(u64::from(header_len))
            .and_then(|len| len.checked_add(header.table_len))
            .and_then(|len| len.checked_add(header.data_len));
        if expected_len != Some(file_len) {
            return Err(corrupt(
                path,
                format!(
                    "file is {file_len} bytes, the header promises {}",
                    expected_len
                        .map_or_else(|| "an impossible length".to_string(), |l| l.to_string())
                ),
            ));
        }
        let table_len = usize::try_from(header.table_len)
            .map_err(|_| corrupt(path, "table length out of range"))?;
        let mut table_bytes = vec![0u8; table_len];
        file.read_exact(&mut table_bytes)
            .map_err(|_| corrupt(path, "table cut short"))?;
        if crc32fast::hash(&table_bytes) != header.table_crc32 {
            return Err(corrupt(path, "table checksum mismatch"));
        }
        let table = parse_table(&table_bytes, header.data_len)
            .ok_or_else(|| corrupt(path, "table entries are malformed"))?;
        Ok(IndexReader {
            path: path.to_path_buf(),
            file,
            data_offset: 20 + u64::from(header_len) + header.table_len,
            header,
            table,
            table_bytes,
        })
    }

    pub fn header(&self) -> &IndexHeader {
        &self.header
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The advisories of one PEP 503-normalised package (empty when it has none).
    pub fn read_package(&self, canonical_name: &str) -> Result<Vec<Advisory>, DbError> {
        match self.read_entry(canonical_name)? {
            Some(package) => package.advisories(),
            None => Ok(Vec::new()),
        }
    }

    /// One package's advisories, their match section read and checked; `None` when the
    /// package has none. Full records are read when asked for (see [`Self::read_record`]).
    pub(crate) fn read_entry(
        &self,
        canonical_name: &str,
    ) -> Result<Option<PackageAdvisories<'_>>, DbError> {
        let Ok(position) = self
            .table
            .binary_search_by(|entry| self.name_bytes(entry).cmp(canonical_name.as_bytes()))
        else {
            return Ok(None);
        };
        let Some(entry) = self.table.get(position) else {
            return Ok(None);
        };
        let start = self.data_offset + entry.offset;
        let section = self.read_checked(start, entry.matching, || {
            format!("the entry of {canonical_name}")
        })?;
        PackageAdvisories::from_index_entry(
            self,
            canonical_name,
            section,
            start + u64::from(entry.matching.len),
            entry.full_len,
        )
        .map(Some)
    }

    /// Reads, checks and decodes one advisory's JSON at `offset` in the file.
    pub(crate) fn read_record(
        &self,
        canonical_name: &str,
        offset: u64,
        json: Part,
    ) -> Result<Advisory, DbError> {
        let bytes =
            self.read_checked(offset, json, || format!("an advisory of {canonical_name}"))?;
        serde_json::from_slice(&bytes).map_err(|error| {
            corrupt(
                &self.path,
                format!("an advisory of {canonical_name} does not decode: {error}"),
            )
        })
    }

    /// The `part.len` bytes at `offset`, checked against `part.crc32`; `what` names them in
    /// the error.
    fn read_checked(
        &self,
        offset: u64,
        part: Part,
        what: impl FnOnce() -> String,
    ) -> Result<Vec<u8>, DbError> {
        let mut bytes = vec![0u8; part.len as usize];
        read_exact_at(&self.file, &mut bytes, offset)
            .map_err(|error| DbError::io(&self.path, error))?;
        if crc32fast::hash(&bytes) != part.crc32 {
            return Err(corrupt(
                &self.path,
                format!("checksum mismatch in {}", what()),
            ));
        }
        Ok(bytes)
    }

    /// Every package name in the index, sorted.
    pub fn package_names(&self) -> impl Iterator<Item = &str> {
        self.table.iter().map(|entry| self.name_of(entry))
    }

    fn name_of(&self, entry: &TableEntry) -> &str {
        // Names are written from Rust strings and the table passed its CRC; one that is not
        // UTF-8 anyway reads as empty.
        std::str::from_utf8(self.name_bytes(entry)).unwrap_or("")
    }

    fn name_bytes(&self, entry: &TableEntry) -> &[u8] {
        self.table_bytes
            .get(entry.name_start..entry.name_end)
            .unwrap_or_default()
    }
}

/// Reads exactly `buffer.len()` bytes at `offset` without moving a shared cursor, so
/// concurrent reads need no lock.
#[cfg(unix)]
pub(crate) fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

#[cfg(windows)]
pub(crate) fn read_exact_at(
    file: &File,
    mut buffer: &mut [u8],
    mut offset: u64,
) -> std::io::Result<()> {
    while !buffer.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buffer, offset) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(count) => {
                let rest = std::mem::take(&mut buffer);
                buffer = rest.get_mut(count..).unwrap_or_default();
                offset += count as u64;
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

fn parse_table(all: &[u8], data_len: u64) -> Option<Vec<TableEntry>> {
    let mut table: Vec<TableEntry> = Vec::new();
    let mut bytes = all;
    let mut previous: Option<&[u8]> = None;
    while !bytes.is_empty() {
        let name_start = all.len() - bytes.len() + 2;
        let (name_len, rest) = bytes.split_first_chunk::<2>()?;
        let name_len = usize::from(u16::from_le_bytes(*name_len));
        let (name, rest) = rest.split_at_checked(name_len)?;
        let (offset, rest) = rest.split_first_chunk::<8>()?;
        let (matching_len, rest) = rest.split_first_chunk::<4>()?;
        let (matching_crc, rest) = rest.split_first_chunk::<4>()?;
        let (full_len, rest) = rest.split_first_chunk::<4>()?;
        let entry = TableEntry {
            name_start,
            name_end: name_start + name_len,
            offset: u64::from_le_bytes(*offset),
            matching: Part {
                len: u32::from_le_bytes(*matching_len),
                crc32: u32::from_le_bytes(*matching_crc),
            },
            full_len: u32::from_le_bytes(*full_len),
        };
        let entry_len = u64::from(entry.matching.len) + u64::from(entry.full_len);
        if entry.offset.checked_add(entry_len)? > data_len {
            return None;
        }
        if previous.is_some_and(|previous| previous >= name) {
            return None;
        }
        previous = Some(name);
        table.push(entry);
        bytes = rest;
    }
    Some(table)
}

//! A lenient zip reader for model archives (PyTorch checkpoints, `.npz`).
//!
//! Written here rather than taken from a zip crate because the point is to read *as
//! leniently as the loaders do* and to report every quirk instead of failing on it: PyTorch's
//! reader ignores CRC mismatches, "encrypted" flag bits and names that differ between the
//! local header and the central directory, and scanners that refused such archives were
//! bypassed (CVE-2025-1944, CVE-2025-1945, CVE-2025-10156). Each quirk becomes an anomaly.
//!
//! # Grammar (the parts read)
//!
//! ```text
//! archive  := [prefix] (local_header data)* central_entry* [eocd64 eocd64_locator] eocd
//! eocd     := "PK\5\6" disk:u16 cd_disk:u16 n_disk:u16 n_total:u16 cd_size:u32 cd_offset:u32
//!             comment_len:u16 comment        (searched backwards from the end)
//! eocd64_locator := "PK\6\7" disk:u32 eocd64_offset:u64 disks:u32
//! eocd64   := "PK\6\6" size:u64 made_by:u16 needed:u16 disk:u32 cd_disk:u32
//!             n_disk:u64 n_total:u64 cd_size:u64 cd_offset:u64
//! central_entry := "PK\1\2" made_by:u16 needed:u16 flags:u16 method:u16 time:u16 date:u16
//!             crc:u32 csize:u32 usize:u32 name_len:u16 extra_len:u16 comment_len:u16
//!             disk:u16 int_attr:u16 ext_attr:u32 local_offset:u32 name extra comment
//! local_header := "PK\3\4" needed:u16 flags:u16 method:u16 time:u16 date:u16 crc:u32
//!             csize:u32 usize:u32 name_len:u16 extra_len:u16 name extra
//! extra    := (id:u16 len:u16 data)*   id 0x0001 = zip64 sizes/offset for 0xFFFFFFFF fields
//! ```
//!
//! Sizes, method and CRC come from the central directory (as PyTorch's miniz and Python's
//! `zipfile` use them); the local header only gives where the data starts.

use std::io::Read;

use crate::source::{ReadAt, Section, read_fully_at};

/// One member of the archive.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) local_name: Option<String>,
    pub(crate) flags: u16,
    pub(crate) method: u16,
    pub(crate) crc: u32,
    pub(crate) compressed_size: u64,
    pub(crate) size: u64,
    /// Offset of the local header in the file.
    pub(crate) header_offset: u64,
    /// Offset of the member data in the file, when the local header could be read.
    pub(crate) data_offset: Option<u64>,
}

/// The archive's members plus every anomaly met while reading them.
#[derive(Debug, Default)]
pub(crate) struct Archive {
    pub(crate) entries: Vec<Entry>,
    /// `(file offset, member name if any, message)`.
    pub(crate) anomalies: Vec<(u64, Option<String>, String)>,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    bytes
        .get(at..at + 2)
        .and_then(|b| b.try_into().ok())
        .map(u16::from_le_bytes)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    bytes
        .get(at..at + 4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    bytes
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
}

/// Where the end-of-central-directory record is, if the file has one.
pub(crate) fn find_eocd(src: &dyn ReadAt) -> Option<(u64, Vec<u8>)> {
    let size = src.size();
    if size < 22 {
        return None;
    }
    let window = size.min(22 + 65535);
    let start = size - window;
    let mut tail = vec![0u8; window as usize];
    let read = read_fully_at(src, start, &mut tail).ok()?;
    tail.truncate(read);
    let mut at = tail.len().checked_sub(22)?;
    loop {
        if tail.get(at..at + 4) == Some(b"PK\x05\x06") {
            let comment_len = u16_at(&tail, at + 20).map_or(0, usize::from);
            // Python's zipfile accepts a record whose comment runs to the end of the file.
            if at + 22 + comment_len <= tail.len() {
                let record = tail[at..at + 22].to_vec();
                return Some((start + at as u64, record));
            }
        }
        if at == 0 {
            return None;
        }
        at -= 1;
    }
}

/// Reads the central directory (and each local header) of a zip.
pub(crate) fn read_archive(src: &dyn ReadAt, max_directory: u64) -> Result<Archive, (u64, String)> {
    let (eocd_offset, eocd) = find_eocd(src).ok_or((
        0,
        "zip archive without an end-of-central-directory record".to_string(),
    ))?;
    let mut archive = Archive::default();
    let mut total = u64::from(u16_at(&eocd, 10).unwrap_or(0));
    let mut cd_size = u64::from(u32_at(&eocd, 12).unwrap_or(0));
    let mut cd_offset = u64::from(u32_at(&eocd, 16).unwrap_or(0));
    let mut record_start = eocd_offset;

    // Zip64: a locator right before the EOCD points at the 64-bit record.
    if eocd_offset >= 20 {
        let mut locator = [0u8; 20];
        if read_fully_at(src, eocd_offset - 20, &mut locator).unwrap_or(0) == 20
            && &locator[..4] == b"PK\x06\x07"
        {
            let eocd64_offset = u64_at(&locator, 8).unwrap_or(u64::MAX);
            let mut record = [0u8; 56];
            if read_fully_at(src, eocd64_offset, &mut record).unwrap_or(0) == 56
                && &record[..4] == b"PK\x06\x06"
            {
                total = u64_at(&record, 32).unwrap_or(total);
                cd_size = u64_at(&record, 40).unwrap_or(cd_size);
                cd_offset = u64_at(&record, 48).unwrap_or(cd_offset);
                record_start = eocd64_offset;
            } else {
                archive.anomalies.push((
                    eocd_offset - 20,
                    None,
                    "zip64 locator points at no zip64 end record".into(),
                ));
            }
        }
    }

    // Data prepended to the archive shifts every offset (Python's zipfile corrects for it).
    let concat = record_start
        .checked_sub(cd_size)
        .and_then(|end| end.checked_sub(cd_offset))
        .unwrap_or(0);
    if concat > 0 {
        archive.anomalies.push((
            0,
            None,
            format!("{concat} bytes precede the zip archive (a polyglot or self-extracting file)"),
        ));
    }
    let cd_start = cd_offset.saturating_add(concat);
    if cd_size > max_directory {
        return Err((
            cd_start,
            format!(
                "central directory of {cd_size} bytes is larger than the {max_directory}-byte limit"
            ),
        ));
    }
    let mut directory = vec![0u8; usize::try_from(cd_size).unwrap_or(0)];
    let read = read_fully_at(src, cd_start, &mut directory)
        .map_err(|e| (cd_start, format!("read error: {e}")))?;
    if read < directory.len() {
        archive.anomalies.push((
            cd_start,
            None,
            format!("central directory is truncated ({read} of {cd_size} bytes)"),
        ));
        directory.truncate(read);
    }

    let mut at = 0usize;
    let mut seen = std::collections::HashSet::new();
    while at + 46 <= directory.len() {
        let entry_offset = cd_start + at as u64;
        if directory.get(at..at + 4) != Some(b"PK\x01\x02") {
            archive.anomalies.push((
                entry_offset,
                None,
                "bad central directory entry signature".into(),
            ));
            break;
        }
        let field16 = |o: usize| u16_at(&directory, at + o).unwrap_or(0);
        let field32 = |o: usize| u32_at(&directory, at + o).unwrap_or(0);
        let flags = field16(8);
        let method = field16(10);
        let crc = field32(16);
        let mut compressed_size = u64::from(field32(20));
        let mut size = u64::from(field32(24));
        let name_len = usize::from(field16(28));
        let extra_len = usize::from(field16(30));
        let comment_len = usize::from(field16(32));
        let mut header_offset = u64::from(field32(42));
        let name_bytes = directory.get(at + 46..at + 46 + name_len).unwrap_or(&[]);
        let name = String::from_utf8_lossy(name_bytes).into_owned();
        let extra = directory
            .get(at + 46 + name_len..at + 46 + name_len + extra_len)
            .unwrap_or(&[]);
        apply_zip64(extra, &mut size, &mut compressed_size, &mut header_offset);
        at += 46 + name_len + extra_len + comment_len;

        if !seen.insert(name.clone()) {
            archive.anomalies.push((
                entry_offset,
                Some(name.clone()),
                format!("duplicate member name {name}"),
            ));
        }
        if flags & 1 != 0 {
            archive.anomalies.push((
                entry_offset,
                Some(name.clone()),
                "member is flagged as encrypted; it was read as plain data, as PyTorch does".into(),
            ));
        }
        let mut entry = Entry {
            name,
            local_name: None,
            flags,
            method,
            crc,
            compressed_size,
            size,
            header_offset: header_offset.saturating_add(concat),
            data_offset: None,
        };
        // Tensor storages are never read, not even their local headers: PyTorch finds them
        // by their central name and never unpickles them, so their local header cannot hide
        // a pickle from it (and Python's zipfile refuses a mismatched one). This keeps a
        // checkpoint with thousands of tensors at the cost of its pickles.
        if !is_storage_name(&entry.name) {
            read_local_header(src, &mut entry, &mut archive.anomalies);
        }
        archive.entries.push(entry);
    }
    if (archive.entries.len() as u64) != total && total != 0xffff {
        archive.anomalies.push((
            eocd_offset,
            None,
            format!(
                "end record counts {total} members but the central directory lists {}",
                archive.entries.len()
            ),
        ));
    }
    Ok(archive)
}

fn apply_zip64(extra: &[u8], size: &mut u64, compressed: &mut u64, offset: &mut u64) {
    let mut at = 0;
    while at + 4 <= extra.len() {
        let id = u16_at(extra, at).unwrap_or(0);
        let len = usize::from(u16_at(extra, at + 2).unwrap_or(0));
        let data = extra.get(at + 4..at + 4 + len).unwrap_or(&[]);
        if id == 1 {
            let mut pos = 0;
            for field in [size, compressed, offset] {
                if *field == 0xffff_ffff {
                    if let Some(value) = u64_at(data, pos) {
                        *field = value;
                    }
                    pos += 8;
                }
            }
            return;
        }
        at += 4 + len;
    }
}

fn read_local_header(
    src: &dyn ReadAt,
    entry: &mut Entry,
    anomalies: &mut Vec<(u64, Option<String>, String)>,
) {
    // One read for the fixed header and a name as long as the central one (the common case).
    let mut header = vec![0u8; 30 + entry.name.len()];
    let read = read_fully_at(src, entry.header_offset, &mut header).unwrap_or(0);
    if read < 30 || &header[..4] != b"PK\x03\x04" {
        anomalies.push((
            entry.header_offset,
            Some(entry.name.clone()),
            format!(
                "no local header at offset {} for member {}",
                entry.header_offset, entry.name
            ),
        ));
        return;
    }
    header.truncate(read);
    let local_flags = u16_at(&header, 6).unwrap_or(0);
    let local_method = u16_at(&header, 8).unwrap_or(0);
    let name_len = usize::from(u16_at(&header, 26).unwrap_or(0));
    let extra_len = u16_at(&header, 28).unwrap_or(0);
    let mut name_bytes = header.get(30..).unwrap_or(&[]).to_vec();
    if name_bytes.len() < name_len {
        name_bytes.resize(name_len, 0);
        let got = read_fully_at(src, entry.header_offset + 30, &mut name_bytes).unwrap_or(0);
        name_bytes.truncate(got);
    } else {
        name_bytes.truncate(name_len);
    }
    let local_name = String::from_utf8_lossy(&name_bytes).into_owned();
    if local_name != entry.name {
        anomalies.push((
            entry.header_offset,
            Some(entry.name.clone()),
            format!(
                "local header names the member {local_name} but the central directory names it {}",
                entry.name
            ),
        ));
    }
    if (local_flags ^ entry.flags) & 1 != 0 {
        anomalies.push((
            entry.header_offset,
            Some(entry.name.clone()),
            "encryption flag differs between the local header and the central directory".into(),
        ));
    }
    if local_method != entry.method {
        anomalies.push((
            entry.header_offset,
            Some(entry.name.clone()),
            format!(
                "compression method differs between the local header ({local_method}) and the central directory ({})",
                entry.method
            ),
        ));
    }
    entry.local_name = Some(local_name);
    let data_offset = entry.header_offset + 30 + name_len as u64 + u64::from(extra_len);
    if data_offset.saturating_add(entry.compressed_size) > src.size() {
        anomalies.push((
            data_offset,
            Some(entry.name.clone()),
            format!(
                "member data ({} bytes at offset {data_offset}) runs past the end of the file",
                entry.compressed_size
            ),
        ));
    }
    entry.data_offset = Some(data_offset);
}

/// A forward reader of a member's uncompressed bytes, or why it cannot be read.
pub(crate) fn open_member<'a>(
    src: &'a dyn ReadAt,
    entry: &Entry,
) -> Result<Box<dyn crate::source::ReadSkip + 'a>, String> {
    let data_offset = entry
        .data_offset
        .ok_or_else(|| format!("member {} has no readable local header", entry.name))?;
    let section = Section::new(src, data_offset, entry.compressed_size);
    match entry.method {
        0 => Ok(Box::new(section)),
        8 => Ok(Box::new(crate::source::Discarding(
            flate2::read::DeflateDecoder::new(section),
        ))),
        other => Err(format!(
            "member {} uses compression method {other}, which snakeguard does not read",
            entry.name
        )),
    }
}

/// CRC-32 of a member's uncompressed bytes (read to the end), or `None` on a read error.
pub(crate) fn member_crc(src: &dyn ReadAt, entry: &Entry) -> Option<u32> {
    let mut reader = open_member(src, entry).ok()?;
    let mut hasher = crc32fast::Hasher::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Some(hasher.finalize()),
            Ok(n) => hasher.update(&buf[..n]),
            Err(_) => return None,
        }
    }
}

/// A `data/<n>` tensor-storage member of a PyTorch archive (never a pickle).
pub(crate) fn is_storage_name(name: &str) -> bool {
    let mut parts = name.rsplit('/');
    let last = parts.next().unwrap_or("");
    let parent = parts.next().unwrap_or("");
    parent == "data" && !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit())
}

//! The matching part of a stored advisory, in a compact binary form that an audit reads
//! without parsing JSON.
//!
//! Each package entry of the index starts with one match record per advisory (see `index`).
//! A record holds what deciding "is this version affected?" needs, and nothing else:
//!
//! ```text
//! record  = u32:json-length u32:json-crc32  ids  ranges  listed
//! ids     = u32:count { str }*              the advisory id, then its aliases
//! ranges  = u32:count { u32:count { u8:kind str }* }*   events as written, per range
//! listed  = u32:count { u64 }*              FNV-1a of the listed versions' equality keys, sorted
//! str     = u32:length utf-8-bytes
//! ```
//!
//! Listed versions are stored as hashes so that a lookup is a binary search in place, with
//! no string per version decoded. A hash hit is only a candidate: the caller confirms it on
//! the advisory's full record, so matching stays exact (see `package`).

use std::ops::Range as ByteRange;

use crate::index::Part;
use crate::matcher::{CompiledRange, EventKind, compile_range, equality_key, key_versions};
use crate::osv::{Advisory, Event, Note, normalize_name};
use pep440_rs::Version;

const EVENT_INTRODUCED: u8 = 0;
const EVENT_FIXED: u8 = 1;
const EVENT_LAST_AFFECTED: u8 = 2;
const EVENT_LIMIT: u8 = 3;

/// The 64-bit FNV-1a hash of a version's equality key: stable across builds and platforms,
/// since it is stored on disk.
pub(crate) fn key_hash(key: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A version to match, with its equality key and that key's hash, computed once.
#[derive(Debug)]
pub(crate) struct Probe<'v> {
    pub version: &'v Version,
    pub key: String,
    pub hash: u64,
}

impl<'v> Probe<'v> {
    pub fn new(version: &'v Version) -> Self {
        let key = equality_key(version);
        let hash = key_hash(&key);
        Probe { version, key, hash }
    }
}

// Lengths and counts are u32: nothing is cut, so a match record always holds everything its
// full record matches on (a record past 4 GiB could not be stored at all).
fn push_count(out: &mut Vec<u8>, count: usize) {
    out.extend_from_slice(&u32::try_from(count).unwrap_or(u32::MAX).to_le_bytes());
}

fn push_str(out: &mut Vec<u8>, text: &str) {
    push_count(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

/// Appends the match record of `advisory` for `package` (PEP 503 name): its `affected[]`
/// entries naming that package, listed versions keyed if they are not already.
pub(crate) fn encode(advisory: &Advisory, package: &str, json: Part, out: &mut Vec<u8>) {
    out.extend_from_slice(&json.len.to_le_bytes());
    out.extend_from_slice(&json.crc32.to_le_bytes());
    push_count(out, advisory.ids().count());
    for id in advisory.ids() {
        push_str(out, id);
    }
    let entries: Vec<_> = advisory
        .affected
        .iter()
        .filter(|affected| normalize_name(&affected.package) == package)
        .collect();
    let ranges: Vec<_> = entries.iter().flat_map(|entry| &entry.ranges).collect();
    push_count(out, ranges.len());
    for range in ranges {
        push_count(out, range.events.len());
        for event in &range.events {
            let (kind, text) = match event {
                Event::Introduced(text) => (EVENT_INTRODUCED, text),
                Event::Fixed(text) => (EVENT_FIXED, text),
                Event::LastAffected(text) => (EVENT_LAST_AFFECTED, text),
                Event::Limit(text) => (EVENT_LIMIT, text),
            };
            out.push(kind);
            push_str(out, text);
        }
    }
    let mut hashes: Vec<u64> = Vec::new();
    for entry in entries {
        if entry.keyed {
            hashes.extend(entry.versions.iter().map(|key| key_hash(key)));
        } else {
            let mut keyed = entry.clone();
            key_versions(&mut keyed, &advisory.id, &mut Vec::new());
            hashes.extend(keyed.versions.iter().map(|key| key_hash(key)));
        }
    }
    hashes.sort_unstable();
    hashes.dedup();
    push_count(out, hashes.len());
    for hash in hashes {
        out.extend_from_slice(&hash.to_le_bytes());
    }
}

/// One decoded match record. Ids and listed hashes stay in the section's bytes.
#[derive(Debug)]
pub(crate) struct MatchRecord {
    /// Length and crc32 of the advisory's JSON in the package's full section.
    pub json: Part,
    /// The encoded `ids` list (see the layout above).
    ids: ByteRange<usize>,
    pub ranges: Vec<CompiledRange>,
    /// The sorted hashes, 8 bytes each.
    listed: ByteRange<usize>,
}

impl MatchRecord {
    /// The advisory id, then its aliases.
    pub fn ids<'s>(&self, section: &'s [u8]) -> impl Iterator<Item = &'s str> {
        let mut cursor = Cursor {
            bytes: section.get(self.ids.clone()).unwrap_or_default(),
        };
        let count = cursor.u32().unwrap_or(0);
        (0..count).map_while(move |_| cursor.str())
    }

    /// Whether some range includes the version.
    pub fn in_ranges(&self, version: &Version) -> bool {
        self.ranges.iter().any(|range| range.includes(version))
    }

    /// Whether a listed version may equal the probe (a hash match, to be confirmed).
    pub fn maybe_listed(&self, section: &[u8], hash: u64) -> bool {
        let Some(listed) = section.get(self.listed.clone()) else {
            return false;
        };
        let at = |index: usize| {
            let mut word = [0u8; 8];
            word.copy_from_slice(&listed[index * 8..index * 8 + 8]);
            u64::from_le_bytes(word)
        };
        let (mut low, mut high) = (0, listed.len() / 8);
        while low < high {
            let middle = low + (high - low) / 2;
            match at(middle).cmp(&hash) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// The `fixed` versions of every range.
    pub fn fixed_versions(&self) -> impl Iterator<Item = &Version> {
        self.ranges.iter().flat_map(CompiledRange::fixed_versions)
    }
}

struct Cursor<'b> {
    bytes: &'b [u8],
}

impl<'b> Cursor<'b> {
    fn take(&mut self, len: usize) -> Option<&'b [u8]> {
        let (head, rest) = self.bytes.split_at_checked(len)?;
        self.bytes = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|bytes| bytes[0])
    }

    fn u32(&mut self) -> Option<u32> {
        let (head, rest) = self.bytes.split_first_chunk::<4>()?;
        self.bytes = rest;
        Some(u32::from_le_bytes(*head))
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u32()?).ok()
    }

    fn str(&mut self) -> Option<&'b str> {
        let len = self.len()?;
        std::str::from_utf8(self.take(len)?).ok()
    }
}

/// Decodes every record of a match section. `None` when the bytes are not a well-formed
/// section (the caller treats that as a damaged index). Versions in the data that are not
/// PEP 440 are skipped, with a note for `package`.
pub(crate) fn parse_section(
    section: &[u8],
    package: &str,
    notes: &mut Vec<Note>,
) -> Option<Vec<MatchRecord>> {
    let mut records = Vec::new();
    let mut cursor = Cursor { bytes: section };
    let position = |cursor: &Cursor<'_>| section.len() - cursor.bytes.len();
    while !cursor.bytes.is_empty() {
        let json = Part {
            len: cursor.u32()?,
            crc32: cursor.u32()?,
        };
        let ids_start = position(&cursor);
        // Ids are checked to be UTF-8 when they are read (see `MatchRecord::ids`).
        for _ in 0..cursor.u32()? {
            let len = cursor.len()?;
            cursor.take(len)?;
        }
        let ids = ids_start..position(&cursor);
        // Counts come from the file: capacity is bounded by the bytes left, never trusted.
        let range_count = cursor.len()?;
        let mut ranges = Vec::with_capacity(range_count.min(cursor.bytes.len() / 4));
        for _ in 0..range_count {
            let event_count = cursor.len()?;
            let mut events = Vec::with_capacity(event_count.min(cursor.bytes.len() / 5));
            for _ in 0..event_count {
                let kind = match cursor.u8()? {
                    EVENT_INTRODUCED => Some(EventKind::Introduced),
                    EVENT_FIXED => Some(EventKind::Fixed),
                    EVENT_LAST_AFFECTED => Some(EventKind::LastAffected),
                    EVENT_LIMIT => None,
                    _ => return None,
                };
                events.push((kind, cursor.str()?));
            }
            ranges.push(compile_range(events, "", package, notes));
        }
        let listed_count = cursor.len()?;
        let listed_start = position(&cursor);
        cursor.take(listed_count.checked_mul(8)?)?;
        records.push(MatchRecord {
            json,
            ids,
            ranges,
            listed: listed_start..position(&cursor),
        });
    }
    Some(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::parse_version;

    fn advisory(json: &str) -> Advisory {
        Advisory::from_json_slice(json.as_bytes(), "test")
            .unwrap()
            .0
    }

    #[test]
    fn round_trip_keeps_ids_ranges_and_listed_versions() {
        let record = advisory(
            r#"{"id": "PYSEC-1", "aliases": ["CVE-1", "GHSA-x"],
                "affected": [
                  {"package": {"ecosystem": "PyPI", "name": "Demo_Pkg"},
                   "ranges": [{"type": "ECOSYSTEM", "events": [{"fixed": "2.0"}, {"introduced": "1.0"}]}],
                   "versions": ["0.5", "0.5.0", "bad version"]},
                  {"package": {"ecosystem": "PyPI", "name": "other"},
                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}"#,
        );
        let mut section = Vec::new();
        let json = Part { len: 123, crc32: 7 };
        encode(&record, "demo-pkg", json, &mut section);
        let mut notes = Vec::new();
        let records = parse_section(&section, "demo-pkg", &mut notes).unwrap();
        assert_eq!(records.len(), 1);
        let decoded = &records[0];
        assert_eq!(decoded.json, json);
        assert_eq!(
            decoded.ids(&section).collect::<Vec<_>>(),
            ["PYSEC-1", "CVE-1", "GHSA-x"]
        );
        let version = |text: &str| parse_version(text).unwrap();
        assert!(decoded.in_ranges(&version("1.5")));
        assert!(!decoded.in_ranges(&version("2.0")));
        assert!(
            !decoded.in_ranges(&version("0.5")),
            "the other package's range"
        );
        let listed = |text: &str| {
            let v = version(text);
            decoded.maybe_listed(&section, Probe::new(&v).hash)
        };
        assert!(listed("0.5.0.0"));
        assert!(!listed("0.6"));
        assert_eq!(
            decoded.fixed_versions().cloned().collect::<Vec<_>>(),
            [version("2.0")]
        );
    }

    #[test]
    fn truncated_or_garbled_sections_are_rejected_not_panicking() {
        let record = advisory(
            r#"{"id": "X-1", "affected": [{"package": {"ecosystem": "PyPI", "name": "p"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1"}]}],
                "versions": ["0.1"]}]}"#,
        );
        let mut section = Vec::new();
        encode(&record, "p", Part::default(), &mut section);
        for cut in 0..section.len() {
            let _ = parse_section(&section[..cut], "p", &mut Vec::new());
        }
        assert!(parse_section(&section[..section.len() - 1], "p", &mut Vec::new()).is_none());
        let mut bad_kind = section.clone();
        // json (8) + id count (4) + id (4 + 3) + range count (4) + event count (4).
        bad_kind[27] = 9;
        assert!(parse_section(&bad_kind, "p", &mut Vec::new()).is_none());
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_sections_never_panic(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)
        ) {
            if let Some(records) = parse_section(&bytes, "p", &mut Vec::new()) {
                let version = parse_version("1.0").unwrap();
                for record in &records {
                    let _ = record.ids(&bytes).count();
                    let _ = record.in_ranges(&version);
                    let _ = record.maybe_listed(&bytes, Probe::new(&version).hash);
                }
            }
        }
    }
}

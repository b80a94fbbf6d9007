//! One package's advisories as an audit uses them: every advisory ready to match from its
//! match record, its full record (summary, severity, references) decoded only when a
//! finding or a hash match needs it.
//!
//! Matching is exact. A range decides on its own; a listed-version hash match is confirmed
//! on the full record, so a hash collision can cost a decode but never a wrong answer.

use std::cell::OnceCell;

use pep440_rs::Version;

use crate::database::Database;
use crate::error::DbError;
use crate::index::{IndexReader, Part, corrupt};
use crate::match_record::{MatchRecord, Probe, encode, parse_section};
use crate::matcher::{CompiledAdvisory, first_unaffected};
use crate::osv::{Advisory, Note};

/// Where the full records come from.
#[derive(Debug)]
enum FullRecords<'db> {
    /// A database in memory: the advisories themselves.
    Memory(&'db [Advisory]),
    /// An index entry: each advisory's JSON is read, checked and decoded when first asked
    /// for.
    Index {
        reader: &'db IndexReader,
        /// Asked for a record from a rebuilt index when one fails its check; `None` when
        /// `reader` already is the rebuilt one.
        recovery: Option<&'db Database>,
        /// Where each record's JSON starts in the index file.
        starts: Vec<u64>,
        decoded: Vec<OnceCell<Advisory>>,
    },
}

/// The advisories naming one package (PEP 503 name).
#[derive(Debug)]
pub struct PackageAdvisories<'db> {
    name: String,
    section: Vec<u8>,
    records: Vec<MatchRecord>,
    full: FullRecords<'db>,
}

impl<'db> PackageAdvisories<'db> {
    /// From advisories in memory (already trimmed to `name`, withdrawn ones removed).
    pub(crate) fn from_memory(name: &str, advisories: &'db [Advisory]) -> Self {
        let mut section = Vec::new();
        for advisory in advisories {
            encode(advisory, name, Part::default(), &mut section);
        }
        // Encoded just above, so it parses; invalid versions in the data give notes that
        // the full compile repeats for the advisories that are reported.
        let records = parse_section(&section, name, &mut Vec::new()).unwrap_or_default();
        PackageAdvisories {
            name: name.to_string(),
            section,
            records,
            full: FullRecords::Memory(advisories),
        }
    }

    /// From an index entry: its checked match section, and where its full section (of
    /// `full_len` bytes) starts in the index file.
    pub(crate) fn from_index_entry(
        reader: &'db IndexReader,
        name: &str,
        section: Vec<u8>,
        full_offset: u64,
        full_len: u32,
    ) -> Result<Self, DbError> {
        let records = parse_section(&section, name, &mut Vec::new()).ok_or_else(|| {
            corrupt(
                reader.path(),
                format!("match records of {name} do not decode"),
            )
        })?;
        let mut starts = Vec::with_capacity(records.len());
        let mut at = full_offset;
        for record in &records {
            starts.push(at);
            at += u64::from(record.json.len);
        }
        if at - full_offset != u64::from(full_len) {
            return Err(corrupt(
                reader.path(),
                format!("records of {name} do not add up to their section"),
            ));
        }
        let decoded = records.iter().map(|_| OnceCell::new()).collect();
        Ok(PackageAdvisories {
            name: name.to_string(),
            section,
            records,
            full: FullRecords::Index {
                reader,
                recovery: None,
                starts,
                decoded,
            },
        })
    }

    /// Lets a damaged record be read again from an index rebuilt by `database`.
    pub(crate) fn with_recovery(mut self, database: &'db Database) -> Self {
        if let FullRecords::Index { recovery, .. } = &mut self.full {
            *recovery = Some(database);
        }
        self
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The id and aliases of advisory `index`.
    pub fn ids(&self, index: usize) -> impl Iterator<Item = &str> {
        self.records
            .get(index)
            .into_iter()
            .flat_map(|record| record.ids(&self.section))
    }

    /// The full record of advisory `index`.
    pub fn advisory(&self, index: usize) -> Result<&Advisory, DbError> {
        match &self.full {
            FullRecords::Memory(advisories) => advisories.get(index).ok_or_else(|| {
                corrupt(
                    std::path::Path::new("<memory>"),
                    format!("no advisory {index} for {}", self.name),
                )
            }),
            FullRecords::Index {
                reader,
                recovery,
                starts,
                decoded,
            } => {
                let (Some(cell), Some(&start), Some(record)) = (
                    decoded.get(index),
                    starts.get(index),
                    self.records.get(index),
                ) else {
                    return Err(corrupt(
                        reader.path(),
                        format!("no advisory {index} for {}", self.name),
                    ));
                };
                if let Some(advisory) = cell.get() {
                    return Ok(advisory);
                }
                let advisory = match (reader.read_record(&self.name, start, record.json), recovery)
                {
                    (Err(DbError::Corrupt { .. }), Some(database)) => {
                        let id = self.ids(index).next().unwrap_or_default();
                        database.recover_advisory(&self.name, index, id)?
                    }
                    (result, _) => result?,
                };
                Ok(cell.get_or_init(|| advisory))
            }
        }
    }

    /// Every full record (decodes them all).
    pub fn advisories(&self) -> Result<Vec<Advisory>, DbError> {
        (0..self.len())
            .map(|index| self.advisory(index).cloned())
            .collect()
    }

    /// Whether advisory `index` affects the probed version, exactly (see the module doc).
    pub(crate) fn affects(&self, index: usize, probe: &Probe<'_>) -> Result<bool, DbError> {
        let Some(record) = self.records.get(index) else {
            return Ok(false);
        };
        if record.in_ranges(probe.version) {
            return Ok(true);
        }
        if !record.maybe_listed(&self.section, probe.hash) {
            return Ok(false);
        }
        let advisory = self.advisory(index)?;
        let compiled = CompiledAdvisory::compile(advisory, &self.name, &mut Vec::new());
        let key = OnceCell::from(probe.key.clone());
        Ok(compiled.is_affected_cached(probe.version, &key))
    }

    /// The indexes of the advisories affecting `version`.
    pub fn affected_by(&self, version: &Version) -> Result<Vec<usize>, DbError> {
        self.affecting(&Probe::new(version))
    }

    /// The indexes of the advisories affecting the probed version.
    pub(crate) fn affecting(&self, probe: &Probe<'_>) -> Result<Vec<usize>, DbError> {
        let mut affecting = Vec::new();
        for index in 0..self.len() {
            if self.affects(index, probe)? {
                affecting.push(index);
            }
        }
        Ok(affecting)
    }

    /// The smallest version above `installed` that none of the advisories selected by
    /// `considered` affects, taken from their `fixed` events: [`crate::matcher::smallest_fix`]
    /// computed on match records, decoding a record only to confirm a listed-version hit.
    pub fn smallest_fix(
        &self,
        installed: &Version,
        considered: &[usize],
    ) -> Result<Option<Version>, DbError> {
        let fixed = considered
            .iter()
            .filter_map(|&index| self.records.get(index))
            .flat_map(MatchRecord::fixed_versions);
        first_unaffected(installed, fixed, |candidate| {
            let probe = Probe::new(candidate);
            for &index in considered {
                if self.affects(index, &probe)? {
                    return Ok(true);
                }
            }
            Ok(false)
        })
    }

    /// Compiles advisory `index` in full, for reporting; notes go to `notes`.
    pub(crate) fn compiled(
        &self,
        index: usize,
        notes: &mut Vec<Note>,
    ) -> Result<CompiledAdvisory<'_>, DbError> {
        Ok(CompiledAdvisory::compile(
            self.advisory(index)?,
            &self.name,
            notes,
        ))
    }
}

//! Whether a PyPI version is affected by an advisory, exactly as the OSV schema specifies.
//!
//! The normative pseudocode (ossf/osv-schema `docs/schema.md`, "Evaluation"):
//!
//! ```text
//! affected(v)  = v in versions[]  OR  any(range includes v for range in ranges[])
//! includes(r, v) =
//!     before_limits(r, v) and walk(sorted(r.events), v)
//! walk:  vulnerable = false
//!        for event in sorted events:
//!            introduced    and v >= introduced     -> vulnerable = true
//!            fixed         and v >= fixed          -> vulnerable = false
//!            last_affected and v >  last_affected  -> vulnerable = false
//! before_limits(r, v) = no limit events, or v < some limit ("*" is infinity)
//! ```
//!
//! Ordering and equality are PEP 440 (`pep440_rs`): `1.0 == 1.0.0`, `.dev < a < b < rc <
//! release < .post`, a local `+tag` sorts after its public version, the epoch dominates, and
//! pre-releases are ordinary versions here (no `SpecifierSet` exclusion). `introduced: "0"`
//! means "before every version", including `0.dev0` and any epoch.
//!
//! Events are sorted by version before the walk; at one version `fixed` comes before
//! `introduced` (a release that reintroduces a bug is affected) and `introduced` before
//! `last_affected` (a single affected release `introduced: X, last_affected: X`).
//! A version in the data that is not PEP 440 is skipped with a [`Note`]; the rest of the
//! record still counts.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::cmp::Ordering;
use std::str::FromStr;

use pep440_rs::Version;

use crate::osv::{Advisory, Affected, Event, Note, normalize_name};

/// The lower bound of an `introduced` event: `"0"` is below everything.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Bound {
    Zero,
    Version(Version),
}

impl Bound {
    fn allows(&self, version: &Version) -> bool {
        match self {
            Bound::Zero => true,
            Bound::Version(bound) => version >= bound,
        }
    }
}

impl Ord for Bound {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Bound::Zero, Bound::Zero) => Ordering::Equal,
            (Bound::Zero, Bound::Version(_)) => Ordering::Less,
            (Bound::Version(_), Bound::Zero) => Ordering::Greater,
            (Bound::Version(a), Bound::Version(b)) => a.cmp(b),
        }
    }
}

impl PartialOrd for Bound {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Event kinds in their tie-break order at one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum EventKind {
    Fixed,
    Introduced,
    LastAffected,
}

/// One range, its events sorted and parsed.
#[derive(Debug, Clone)]
pub(crate) struct CompiledRange {
    /// Sorted by (bound, kind).
    events: Vec<(Bound, EventKind)>,
    /// `None` inside means `"*"` (infinity). An empty list means no limit at all.
    limits: Vec<Option<Version>>,
}

impl CompiledRange {
    /// The `fixed` versions of this range.
    pub(crate) fn fixed_versions(&self) -> impl Iterator<Item = &Version> {
        self.events
            .iter()
            .filter_map(|(bound, kind)| match (bound, kind) {
                (Bound::Version(version), EventKind::Fixed) => Some(version),
                _ => None,
            })
    }

    pub(crate) fn includes(&self, version: &Version) -> bool {
        if !self.limits.is_empty()
            && !self.limits.iter().any(|limit| match limit {
                None => true,
                Some(limit) => version < limit,
            })
        {
            return false;
        }
        let mut vulnerable = false;
        for (bound, kind) in &self.events {
            match kind {
                EventKind::Introduced => {
                    if bound.allows(version) {
                        vulnerable = true;
                    }
                }
                EventKind::Fixed => {
                    if bound.allows(version) {
                        vulnerable = false;
                    }
                }
                EventKind::LastAffected => {
                    let after = match bound {
                        // `last_affected: "0"` is odd data; read it as version 0.
                        Bound::Zero => version > &Version::new([0]),
                        Bound::Version(bound) => version > bound,
                    };
                    if after {
                        vulnerable = false;
                    }
                }
            }
        }
        vulnerable
    }
}

/// The text two versions share exactly when they are equal under PEP 440: the normal form
/// with trailing zero release segments removed (`2`, `2.0` and `2.0.0` all give `2`).
/// Lists of affected versions are stored as sorted keys, so matching one is a binary search
/// on strings instead of parsing every listed version at every audit.
pub fn equality_key(version: &Version) -> String {
    let release = version.release();
    let significant = release
        .iter()
        .rposition(|segment| *segment != 0)
        .map_or(1, |last| last + 1);
    if significant == release.len() {
        return version.to_string();
    }
    let trimmed: Vec<u64> = release.iter().take(significant).copied().collect();
    version.clone().with_release(trimmed).to_string()
}

/// Turns listed versions into sorted, de-duplicated equality keys; versions that are not
/// PEP 440 are dropped with a note for `id`.
pub fn key_versions(affected: &mut Affected, id: &str, notes: &mut Vec<Note>) {
    if affected.keyed {
        return;
    }
    let mut keys = Vec::with_capacity(affected.versions.len());
    for text in &affected.versions {
        match parse_version(text) {
            Some(version) => keys.push(equality_key(&version)),
            None => notes.push(Note::new(
                id,
                format!(
                    "listed version `{text}` of {} is not PEP 440; skipped",
                    affected.package
                ),
            )),
        }
    }
    keys.sort();
    keys.dedup();
    affected.versions = keys;
    affected.keyed = true;
}

/// Compiles one range from `(kind, version)` events (`None` is a limit): versions parsed,
/// events sorted by (version, kind); versions that are not PEP 440 become notes.
pub(crate) fn compile_range<'t>(
    raw_events: impl IntoIterator<Item = (Option<EventKind>, &'t str)>,
    id: &str,
    package: &str,
    notes: &mut Vec<Note>,
) -> CompiledRange {
    let mut events = Vec::new();
    let mut limits = Vec::new();
    for (kind, text) in raw_events {
        let Some(kind) = kind else {
            if text.trim() == "*" {
                limits.push(None);
            } else if let Some(limit) = parse_version(text) {
                limits.push(Some(limit));
            } else {
                notes.push(Note::new(
                    id,
                    format!("limit `{text}` of {package} is not PEP 440; skipped"),
                ));
            }
            continue;
        };
        if kind == EventKind::Introduced && text.trim() == "0" {
            events.push((Bound::Zero, kind));
        } else if let Some(version) = parse_version(text) {
            events.push((Bound::Version(version), kind));
        } else {
            let name = match kind {
                EventKind::Fixed => "fixed",
                EventKind::Introduced => "introduced",
                EventKind::LastAffected => "last_affected",
            };
            notes.push(Note::new(
                id,
                format!("{name} `{text}` of {package} is not PEP 440; event skipped"),
            ));
        }
    }
    events.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    CompiledRange { events, limits }
}

/// One `affected[]` entry, its listed versions keyed and its events sorted.
#[derive(Debug, Clone)]
pub struct CompiledAffected<'a> {
    /// Equality keys, sorted and de-duplicated (`2` and `2.0` are one version); borrowed
    /// from a built database, owned when raw data had to be keyed here.
    versions: Cow<'a, [String]>,
    ranges: Vec<CompiledRange>,
}

impl<'a> CompiledAffected<'a> {
    /// Compiles one entry; every version that is not PEP 440 becomes a note for `id`.
    pub fn compile(affected: &'a Affected, id: &str, notes: &mut Vec<Note>) -> Self {
        let versions = if affected.keyed {
            Cow::Borrowed(affected.versions.as_slice())
        } else {
            let mut keyed = Affected {
                package: affected.package.clone(),
                ranges: Vec::new(),
                versions: affected.versions.clone(),
                severity: Vec::new(),
                keyed: false,
            };
            key_versions(&mut keyed, id, notes);
            Cow::Owned(keyed.versions)
        };

        let ranges = affected
            .ranges
            .iter()
            .map(|range| {
                compile_range(
                    range.events.iter().map(|event| match event {
                        Event::Introduced(text) => (Some(EventKind::Introduced), text.as_str()),
                        Event::Fixed(text) => (Some(EventKind::Fixed), text.as_str()),
                        Event::LastAffected(text) => (Some(EventKind::LastAffected), text.as_str()),
                        Event::Limit(text) => (None, text.as_str()),
                    }),
                    id,
                    &affected.package,
                    notes,
                )
            })
            .collect();
        CompiledAffected { versions, ranges }
    }

    /// The OSV `IsVulnerable` test for this entry.
    pub fn is_affected(&self, version: &Version) -> bool {
        self.is_affected_cached(version, &OnceCell::new())
    }

    /// [`CompiledAffected::is_affected`] with the equality key of `version` computed at most
    /// once across calls sharing `key` (it formats the version: costly in a loop).
    pub fn is_affected_cached(&self, version: &Version, key: &OnceCell<String>) -> bool {
        self.ranges.iter().any(|range| range.includes(version))
            || (!self.versions.is_empty()
                && self
                    .versions
                    .binary_search(key.get_or_init(|| equality_key(version)))
                    .is_ok())
    }

    /// Every `fixed` version of every range, in no particular order.
    pub fn fixed_versions(&self) -> impl Iterator<Item = &Version> {
        self.ranges.iter().flat_map(CompiledRange::fixed_versions)
    }
}

/// An advisory compiled for one package: its `affected[]` entries for that package.
#[derive(Debug, Clone)]
pub struct CompiledAdvisory<'a> {
    pub advisory: &'a Advisory,
    entries: Vec<CompiledAffected<'a>>,
}

impl<'a> CompiledAdvisory<'a> {
    /// Compiles the entries of `advisory` whose package normalises to `canonical_name`.
    pub fn compile(advisory: &'a Advisory, canonical_name: &str, notes: &mut Vec<Note>) -> Self {
        let entries = advisory
            .affected
            .iter()
            .filter(|affected| normalize_name(&affected.package) == canonical_name)
            .map(|affected| CompiledAffected::compile(affected, &advisory.id, notes))
            .collect();
        CompiledAdvisory { advisory, entries }
    }

    /// Whether `version` is affected. Withdrawn advisories affect nothing.
    pub fn is_affected(&self, version: &Version) -> bool {
        self.is_affected_cached(version, &OnceCell::new())
    }

    /// [`CompiledAdvisory::is_affected`] sharing the equality key of `version` (see
    /// [`CompiledAffected::is_affected_cached`]).
    pub fn is_affected_cached(&self, version: &Version, key: &OnceCell<String>) -> bool {
        self.advisory.withdrawn.is_none()
            && self
                .entries
                .iter()
                .any(|entry| entry.is_affected_cached(version, key))
    }

    /// The `fixed` versions of this advisory for the package, sorted and de-duplicated.
    pub fn fixed_versions(&self) -> Vec<Version> {
        let mut fixed: Vec<Version> = self
            .entries
            .iter()
            .flat_map(CompiledAffected::fixed_versions)
            .cloned()
            .collect();
        fixed.sort();
        fixed.dedup();
        fixed
    }
}

/// The smallest version above `installed` that none of `advisories` affects, taken from
/// their `fixed` events. `None` when no such version is known (no fix, or every fix is
/// affected by another advisory that is still open).
pub fn smallest_fix(installed: &Version, advisories: &[&CompiledAdvisory<'_>]) -> Option<Version> {
    let fixed: Vec<Version> = advisories
        .iter()
        .flat_map(|advisory| advisory.fixed_versions())
        .collect();
    let search = first_unaffected(installed, &fixed, |candidate| {
        let key = OnceCell::new();
        Ok::<_, std::convert::Infallible>(
            advisories
                .iter()
                .any(|advisory| advisory.is_affected_cached(candidate, &key)),
        )
    });
    match search {
        Ok(fix) => fix,
        Err(never) => match never {},
    }
}

/// The smallest of the `fixed` versions above `installed` that `affected` says is not
/// affected: the fix search shared by full records and match records.
pub(crate) fn first_unaffected<'v, E>(
    installed: &Version,
    fixed: impl IntoIterator<Item = &'v Version>,
    mut affected: impl FnMut(&Version) -> Result<bool, E>,
) -> Result<Option<Version>, E> {
    let mut candidates: Vec<&Version> = fixed
        .into_iter()
        .filter(|candidate| *candidate > installed)
        .collect();
    candidates.sort();
    candidates.dedup();
    for candidate in candidates {
        if !affected(candidate)? {
            return Ok(Some(candidate.clone()));
        }
    }
    Ok(None)
}

/// Parses a PEP 440 version from advisory data or a pin, tolerating surrounding space.
pub fn parse_version(text: &str) -> Option<Version> {
    Version::from_str(text.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::osv::Range;

    fn entry(events: &[(&str, &str)], versions: &[&str]) -> CompiledAffected<'static> {
        // Leaked so the compiled entry may borrow it; a few bytes per test.
        let affected: &'static Affected = Box::leak(Box::new(Affected {
            package: "pkg".into(),
            ranges: vec![Range {
                kind: "ECOSYSTEM".into(),
                events: events
                    .iter()
                    .map(|(kind, version)| {
                        let version = (*version).to_string();
                        match *kind {
                            "introduced" => Event::Introduced(version),
                            "fixed" => Event::Fixed(version),
                            "last_affected" => Event::LastAffected(version),
                            _ => Event::Limit(version),
                        }
                    })
                    .collect(),
            }],
            versions: versions.iter().map(|v| (*v).to_string()).collect(),
            severity: vec![],
            keyed: false,
        }));
        let mut notes = Vec::new();
        CompiledAffected::compile(affected, "TEST", &mut notes)
    }

    fn affected(entry: &CompiledAffected, version: &str) -> bool {
        entry.is_affected(&parse_version(version).unwrap())
    }

    #[test]
    fn unsorted_events_are_sorted_first() {
        // PYSEC-2015-22 shape: introduced 1.8, fixed 1.8.4, introduced 1.7, fixed 1.7.11.
        let e = entry(
            &[
                ("introduced", "1.8"),
                ("fixed", "1.8.4"),
                ("introduced", "1.7"),
                ("fixed", "1.7.11"),
            ],
            &[],
        );
        assert!(affected(&e, "1.7.5"));
        assert!(!affected(&e, "1.7.11"));
        assert!(affected(&e, "1.8.0"));
        assert!(!affected(&e, "1.8.4"));
        assert!(!affected(&e, "1.6"));
    }

    #[test]
    fn fixed_before_introduced_at_the_same_version() {
        let e = entry(
            &[
                ("introduced", "0"),
                ("introduced", "2.0"),
                ("fixed", "2.0"),
                ("fixed", "2.5"),
            ],
            &[],
        );
        assert!(affected(&e, "1.9"));
        assert!(affected(&e, "2.0"), "2.0 reintroduces the bug");
        assert!(!affected(&e, "2.5"));
    }

    #[test]
    fn last_affected_is_inclusive_and_limit_bounds() {
        let e = entry(&[("introduced", "1.0"), ("last_affected", "1.4")], &[]);
        assert!(affected(&e, "1.4"));
        // A local version sorts after its public version, so it is past `last_affected`.
        assert!(!affected(&e, "1.4+local"));
        assert!(!affected(&e, "1.4.post1"));
        let limited = entry(&[("introduced", "0"), ("limit", "3.0")], &[]);
        assert!(affected(&limited, "2.9"));
        assert!(!affected(&limited, "3.0"));
        let star = entry(&[("introduced", "0"), ("limit", "*")], &[]);
        assert!(affected(&star, "99"));
    }

    #[test]
    fn equality_keys_are_pep440_equality() {
        let key = |text: &str| equality_key(&parse_version(text).unwrap());
        assert_eq!(key("2"), key("2.0.0"));
        assert_eq!(key("1.0rc1"), key("1rc1"));
        assert_eq!(key("0"), key("0.0"));
        assert_eq!(key("1!2.0+Local.01"), key("1!2+local.1"));
        assert_ne!(key("1.0.1"), key("1.1"));
        assert_ne!(key("1.0"), key("1.0+local"));
        let listed = entry(&[], &["2", "2.0", "bad version", "1.0.post1"]);
        assert!(affected(&listed, "2.0.0"));
        assert!(affected(&listed, "1.0.post1"));
        assert!(!affected(&listed, "1.0"));
    }

    #[test]
    fn introduced_zero_covers_dev_and_epochs() {
        let e = entry(&[("introduced", "0")], &[]);
        assert!(affected(&e, "0.dev0"));
        assert!(affected(&e, "1!0.1"));
    }
}

//! Property tests for the parsers of untrusted bytes (OSV JSON, YAML, zips) and for the
//! matcher. The fuzz target `fuzz/fuzz_targets/osv.rs` drives the same code paths.

use proptest::prelude::*;
use sg_audit::matcher::{CompiledAdvisory, parse_version};
use sg_audit::osv::{Advisory, Affected, Event, Range};
use sg_audit::{Database, NoProgress, SourceInfo, SourceKind, load_zip_bytes, parse_record};

fn memory_database(advisories: Vec<Advisory>) -> Database {
    Database::from_advisories(advisories, SourceInfo::new(SourceKind::OsvZip, "generated"))
}

/// Version-like strings, valid and not.
fn version_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,3}(\\.[0-9]{1,3}){0,3}",
        "[0-9]{1,2}\\.[0-9]{1,2}(a|b|rc|\\.post|\\.dev)[0-9]{1,2}",
        "[0-9]{1,2}!?[0-9]{1,2}\\.[0-9](\\+[a-z0-9]{1,4})?",
        "[ -~]{0,12}",
        Just("0".to_string()),
        Just("*".to_string()),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    (0..4u8, version_text()).prop_map(|(kind, version)| match kind {
        0 => Event::Introduced(version),
        1 => Event::Fixed(version),
        2 => Event::LastAffected(version),
        _ => Event::Limit(version),
    })
}

fn advisory() -> impl Strategy<Value = Advisory> {
    (
        prop::collection::vec(event(), 0..8),
        prop::collection::vec(version_text(), 0..5),
        any::<bool>(),
    )
        .prop_map(|(events, versions, withdrawn)| Advisory {
            id: "PROP-1".into(),
            aliases: vec![],
            summary: None,
            published: None,
            modified: None,
            withdrawn: withdrawn.then(|| "2024-01-01T00:00:00Z".to_string()),
            severity: vec![],
            database_severity: None,
            affected: vec![Affected {
                package: "pkg".into(),
                ranges: vec![Range {
                    kind: "ECOSYSTEM".into(),
                    events,
                }],
                versions,
                severity: vec![],
                keyed: false,
            }],
            references: vec![],
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_record(&bytes, "x.json");
        let _ = parse_record(&bytes, "x.yaml");
        let _ = load_zip_bytes(&bytes, &NoProgress);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[ -~\\n\\t{}\\[\\]:,\"'-]{0,300}") {
        let _ = parse_record(text.as_bytes(), "x.json");
        let _ = parse_record(text.as_bytes(), "x.yaml");
    }

    /// A generated record survives JSON and YAML (JSON is YAML 1.2) and matches identically.
    #[test]
    fn records_round_trip_and_match(advisory in advisory(), probes in prop::collection::vec(version_text(), 1..6)) {
        let mut value = serde_json::to_value(&advisory).unwrap();
        // Write the OSV shape (events as one-key objects, package as an object).
        let osv = serde_json::json!({
            "id": advisory.id,
            "withdrawn": value.get_mut("withdrawn").map(std::mem::take),
            "affected": [{
                "package": {"ecosystem": "PyPI", "name": "pkg"},
                "ranges": [{"type": "ECOSYSTEM", "events": advisory.affected[0].ranges[0].events.iter().map(|event| match event {
                    Event::Introduced(v) => serde_json::json!({"introduced": v}),
                    Event::Fixed(v) => serde_json::json!({"fixed": v}),
                    Event::LastAffected(v) => serde_json::json!({"last_affected": v}),
                    Event::Limit(v) => serde_json::json!({"limit": v}),
                }).collect::<Vec<_>>()}],
                "versions": advisory.affected[0].versions,
            }],
        });
        let bytes = serde_json::to_vec(&osv).unwrap();
        let (from_json, _) = parse_record(&bytes, "x.json").unwrap();
        let (from_yaml, _) = parse_record(&bytes, "x.yaml").unwrap();
        prop_assert_eq!(&from_json, &from_yaml);
        let mut notes = Vec::new();
        let compiled = CompiledAdvisory::compile(&from_json, "pkg", &mut notes);
        let direct = CompiledAdvisory::compile(&advisory, "pkg", &mut notes);
        for probe in probes.iter().filter_map(|probe| parse_version(probe)) {
            prop_assert_eq!(compiled.is_affected(&probe), direct.is_affected(&probe));
        }
    }

    /// Event order in the data never changes the answer (events are sorted first).
    #[test]
    fn event_order_does_not_matter(advisory in advisory(), seed in any::<u64>(), probes in prop::collection::vec(version_text(), 1..6)) {
        let mut shuffled = advisory.clone();
        let events = &mut shuffled.affected[0].ranges[0].events;
        // A deterministic permutation from the seed.
        let mut state = seed | 1;
        for index in (1..events.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let other = usize::try_from(state % (index as u64 + 1)).unwrap();
            events.swap(index, other);
        }
        let mut notes = Vec::new();
        let a = CompiledAdvisory::compile(&advisory, "pkg", &mut notes);
        let b = CompiledAdvisory::compile(&shuffled, "pkg", &mut notes);
        for probe in probes.iter().filter_map(|probe| parse_version(probe)) {
            prop_assert_eq!(a.is_affected(&probe), b.is_affected(&probe));
        }
    }

    /// The fix a search returns is above the installed version and not affected.
    #[test]
    fn smallest_fix_is_sound(advisory in advisory(), installed in version_text()) {
        let Some(installed) = parse_version(&installed) else { return Ok(()); };
        let mut notes = Vec::new();
        let compiled = CompiledAdvisory::compile(&advisory, "pkg", &mut notes);
        if let Some(fix) = sg_audit::matcher::smallest_fix(&installed, &[&compiled]) {
            prop_assert!(fix > installed);
            prop_assert!(!compiled.is_affected(&fix));
        }
    }

    /// Matching on the compact match records (what an audit runs) answers exactly as
    /// matching on the full records, listed versions included, and finds the same fix.
    #[test]
    fn match_records_answer_as_full_records(
        advisories in prop::collection::vec(advisory(), 1..4),
        probes in prop::collection::vec(version_text(), 1..6),
    ) {
        let advisories: Vec<Advisory> = advisories
            .into_iter()
            .enumerate()
            .map(|(index, mut advisory)| {
                advisory.id = format!("PROP-{index}");
                advisory
            })
            .collect();
        let listed: Vec<String> = advisories
            .iter()
            .flat_map(|advisory| advisory.affected[0].versions.clone())
            .collect();
        let database = memory_database(advisories);
        let stored = database.advisories_for("pkg").unwrap();
        let Some(package) = database.package("pkg").unwrap() else {
            prop_assert!(stored.is_empty());
            return Ok(());
        };
        let mut notes = Vec::new();
        let compiled: Vec<_> = stored
            .iter()
            .map(|advisory| CompiledAdvisory::compile(advisory, "pkg", &mut notes))
            .collect();
        let references: Vec<_> = compiled.iter().collect();
        let all: Vec<usize> = (0..package.len()).collect();
        for probe in probes.iter().chain(&listed).filter_map(|probe| parse_version(probe)) {
            let expected: Vec<usize> = (0..compiled.len())
                .filter(|&index| compiled[index].is_affected(&probe))
                .collect();
            prop_assert_eq!(package.affected_by(&probe).unwrap(), expected);
            prop_assert_eq!(
                package.smallest_fix(&probe, &all).unwrap(),
                sg_audit::matcher::smallest_fix(&probe, &references)
            );
        }
    }
}

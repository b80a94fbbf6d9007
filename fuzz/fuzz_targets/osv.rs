//! OSV records (JSON and YAML) and OSV zips: parsing must never panic, whatever parses must
//! compile and match without panicking, and matching on the compact match records an audit
//! uses must answer exactly as matching on the full record. The proptests in
//! `crates/sg-audit/tests/proptest_osv.rs` exercise the same paths in the normal suite.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sg_audit::matcher::{CompiledAdvisory, parse_version, smallest_fix};
use sg_audit::osv::normalize_name;
use sg_audit::{Database, NoProgress, SourceInfo, SourceKind, load_zip_bytes, parse_record};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the path, so one corpus covers all three parsers.
    let Some((selector, bytes)) = data.split_first() else {
        return;
    };
    let origin = match selector % 3 {
        0 => "record.json",
        1 => "record.yaml",
        _ => {
            let _ = load_zip_bytes(bytes, &NoProgress);
            return;
        }
    };
    let Ok((advisory, _notes)) = parse_record(bytes, origin) else {
        return;
    };
    let probes: Vec<_> = ["0", "0.dev0", "1.0", "1.0.post1", "2.0rc1", "1!1.0", "99.0+local"]
        .iter()
        .filter_map(|text| parse_version(text))
        .collect();
    let mut notes = Vec::new();
    let database = Database::from_advisories(
        vec![advisory.clone()],
        SourceInfo::new(SourceKind::OsvZip, "fuzz"),
    );
    for affected in &advisory.affected {
        let name = normalize_name(&affected.package);
        let compiled = CompiledAdvisory::compile(&advisory, &name, &mut notes);
        let package = database.package(&name).expect("in memory");
        for probe in &probes {
            let affected = compiled.is_affected(probe);
            let fix = smallest_fix(probe, &[&compiled]);
            if let Some(package) = &package {
                assert_eq!(!package.affected_by(probe).unwrap().is_empty(), affected);
                assert_eq!(package.smallest_fix(probe, &[0]).unwrap(), fix);
            }
        }
    }
});

//! The matcher and the audit on real data: the PyPA advisory database snapshot in
//! `../shared/data/pypa-advisory-db.zip` (2,661 advisories). Skipped when it is absent.

// Skips are reported on stderr, as the test conventions ask.
#![allow(clippy::print_stderr)]

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::affecting;
use sg_audit::matcher::CompiledAdvisory;
use sg_audit::{AuditSettings, Database, NoProgress, audit_manifests};

fn database() -> Option<Database> {
    let Some(path) = common::shared_data("pypa-advisory-db.zip") else {
        eprintln!("skipped: ../shared/data/pypa-advisory-db.zip is not present");
        return None;
    };
    Some(Database::load(&path, &NoProgress).expect("the snapshot loads"))
}

#[test]
fn counts_match_the_data_readme() {
    let Some(database) = database() else { return };
    let stats = database.stats();
    assert_eq!(stats.records, 2661);
    assert_eq!(stats.withdrawn, 10);
    assert_eq!(stats.advisories, 2651);
    assert_eq!(stats.packages, 660);
    assert_eq!(stats.rejected, 0);
    assert_eq!(stats.malicious, 0);
}

#[test]
fn data_quirks_become_exactly_the_documented_notes() {
    let Some(database) = database() else { return };
    // Listed versions are checked once, when the database is built.
    let listed = database
        .load_notes()
        .iter()
        .filter(|note| note.message.starts_with("listed version"))
        .count();
    assert_eq!(listed as u64, database.stats().invalid_versions);
    // The README counts 108 invalid listed versions over all advisories; withdrawn ones are
    // skipped before their versions are read, so the live ones hold a few less.
    assert!(listed <= 108 && listed > 90, "{listed}");
    let mut events = Vec::new();
    for name in database.package_names() {
        for advisory in database.advisories_for(&name).unwrap() {
            let mut notes = Vec::new();
            let _ = CompiledAdvisory::compile(&advisory, &name, &mut notes);
            events.extend(notes.iter().map(ToString::to_string));
        }
    }
    events.sort();
    assert_eq!(
        events,
        [
            "PYSEC-2019-125: fixed `2019-09-12` of steam is not PEP 440; event skipped",
            "PYSEC-2021-371: fixed `0.2.0-n653` of binderhub is not PEP 440; event skipped",
        ]
    );
}

#[test]
fn documented_quirks_match_the_spec() {
    let Some(database) = database() else { return };
    // Unsorted events (PYSEC-2015-22: 1.8 → 1.8.4, 1.7 → 1.7.10, 1.4 → 1.4.22).
    assert!(affecting(&database, "django", "1.7.9").contains(&"PYSEC-2015-22".to_string()));
    assert!(!affecting(&database, "django", "1.7.10").contains(&"PYSEC-2015-22".to_string()));
    // fixed 3.1.1 and introduced 3.1.1 (PYSEC-2022-236): 3.1.1 is affected.
    assert!(affecting(&database, "pyspark", "3.1.1").contains(&"PYSEC-2022-236".to_string()));
    assert!(!affecting(&database, "pyspark", "3.1.3").contains(&"PYSEC-2022-236".to_string()));
    // Overlapping intervals (PYSEC-2021-114): the state machine says 2.11.6.post1 is past the
    // 2.11.6 fix; a union-of-intervals reading would say affected.
    assert!(
        !affecting(&database, "wagtail", "2.11.6.post1").contains(&"PYSEC-2021-114".to_string())
    );
    assert!(affecting(&database, "wagtail", "2.11.5").contains(&"PYSEC-2021-114".to_string()));
    // The non-canonical name `jw.util` is found under any spelling.
    assert!(
        !affecting(&database, "jw.util", "1.0").is_empty()
            || !affecting(&database, "JW_Util", "2.0").is_empty()
    );
    // Range and list disagree (PYSEC-2007-1: range [0, 1.1), list 1.0.1–1.0.4): OR.
    let package = database
        .package_names()
        .into_iter()
        .find(|name| {
            database
                .advisories_for(name)
                .unwrap()
                .iter()
                .any(|a| a.id == "PYSEC-2007-1")
        })
        .unwrap();
    assert!(affecting(&database, &package, "1.0").contains(&"PYSEC-2007-1".to_string()));
}

#[test]
fn audit_of_old_pins_against_real_advisories() {
    let Some(database) = database() else { return };
    let text = "\
django==3.2.0
pyyaml==5.3
jinja2==2.10
requests==2.19.0
urllib3==1.24.1
pillow==8.0.0
flask==2.3.2
";
    let manifest = sg_deps::parse_requirements(
        text,
        Path::new("requirements.txt"),
        &sg_deps::EnvVars::Map(std::collections::BTreeMap::default()),
    );
    let report = audit_manifests(
        &[manifest],
        Path::new("."),
        &database,
        &AuditSettings::default(),
    )
    .unwrap();
    let mut out = String::new();
    for package in &report.packages {
        let _ = writeln!(
            out,
            "{} {} → fix {:?}",
            package.package, package.version, package.fix_version
        );
        for vulnerability in &package.vulnerabilities {
            let _ = writeln!(
                out,
                "    {} [{}] aliases={} fix={:?}",
                vulnerability.id,
                vulnerability.severity,
                vulnerability.aliases.join(","),
                vulnerability.fix_version
            );
        }
    }
    insta::assert_snapshot!(out);
    // Aliases never show up as separate vulnerabilities of one package.
    for package in &report.packages {
        let mut ids: Vec<&str> = package
            .vulnerabilities
            .iter()
            .flat_map(|v| {
                std::iter::once(v.id.as_str()).chain(v.aliases.iter().map(String::as_str))
            })
            .collect();
        let total = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), total, "{}", package.package);
    }
}

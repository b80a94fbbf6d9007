//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use sg_audit::{Database, NoProgress};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../resources/test/fixtures/audit")
}

/// `../shared/data/<name>` relative to the repository root, when present.
pub fn shared_data(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(name);
    path.exists().then_some(path)
}

pub fn edge_database() -> Database {
    Database::load(&fixtures().join("osv-edge"), &NoProgress).expect("edge fixtures load")
}

/// The ids of the live advisories of `package` that affect `version`, sorted.
pub fn affecting(database: &Database, package: &str, version: &str) -> Vec<String> {
    let advisories = database.advisories_for(package).expect("lookup");
    let canonical = sg_audit::osv::normalize_name(package);
    let version = sg_audit::matcher::parse_version(version).expect("test version is PEP 440");
    let mut notes = Vec::new();
    let mut ids: Vec<String> = advisories
        .iter()
        .map(|advisory| {
            sg_audit::matcher::CompiledAdvisory::compile(advisory, &canonical, &mut notes)
        })
        .filter(|compiled| compiled.is_affected(&version))
        .map(|compiled| compiled.advisory.id.clone())
        .collect();
    ids.sort();
    ids
}

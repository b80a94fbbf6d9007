//! The matcher against a reference implementation on Python's `packaging`
//! (`tests/helpers/osv_packaging.py`), over every live advisory of the real snapshot (or the
//! edge fixtures when the snapshot is absent) and up to 40 candidate versions per package,
//! built from the versions the data mentions nudged to their pre/post/dev/local/epoch
//! neighbours (about 100,000 advisory-version pairs).
//! Skipped when `python3` cannot import `packaging`.

// Skips are reported on stderr, as the test conventions ask.
#![allow(clippy::print_stderr)]

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use sg_audit::matcher::{CompiledAdvisory, parse_version};
use sg_audit::osv::Event;
use sg_audit::{Database, NoProgress};

fn packaging_available() -> bool {
    Command::new("python3")
        .args(["-c", "import packaging.version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

fn neighbours(version: &str) -> Vec<String> {
    let base = version.trim();
    let mut out = vec![base.to_string()];
    if parse_version(base).is_none() {
        return out;
    }
    for suffix in [".post1", "rc1", ".dev0", "+local.1", "a1", ".0", ".1"] {
        out.push(format!("{base}{suffix}"));
    }
    out.push(format!("1!{base}"));
    out
}

#[test]
fn matcher_agrees_with_python_packaging() {
    if !packaging_available() {
        eprintln!("skipped: python3 with the `packaging` library is not available");
        return;
    }
    let database = if let Some(path) = common::shared_data("pypa-advisory-db.zip") {
        Database::load(&path, &NoProgress).unwrap()
    } else {
        eprintln!("note: shared data absent; comparing on the edge fixtures only");
        common::edge_database()
    };
    let mut cases = Vec::new();
    let mut ours: Vec<Vec<Option<bool>>> = Vec::new();
    let mut labels = Vec::new();
    for name in database.package_names() {
        let advisories = database.advisories_for(&name).unwrap();
        // Candidate versions: everything this package's advisories mention, plus neighbours.
        let mut mentioned = Vec::new();
        for advisory in &advisories {
            for affected in &advisory.affected {
                mentioned.extend(affected.versions.iter().cloned());
                for range in &affected.ranges {
                    for event in &range.events {
                        let (Event::Introduced(text)
                        | Event::Fixed(text)
                        | Event::LastAffected(text)
                        | Event::Limit(text)) = event;
                        mentioned.push(text.clone());
                    }
                }
            }
        }
        mentioned.sort();
        mentioned.dedup();
        let all: Vec<String> = mentioned.iter().flat_map(|v| neighbours(v)).collect();
        // A deterministic sample keeps the test to seconds on packages with hundreds of
        // releases (tensorflow); every package still gets its boundary neighbours checked.
        let step = all.len().div_ceil(40).max(1);
        let candidates: Vec<String> = all.into_iter().step_by(step).collect();
        for advisory in &advisories {
            let mut notes = Vec::new();
            let compiled = CompiledAdvisory::compile(advisory, &name, &mut notes);
            for affected in &advisory.affected {
                let ranges: Vec<Value> = affected
                    .ranges
                    .iter()
                    .map(|range| {
                        Value::Array(
                            range
                                .events
                                .iter()
                                .map(|event| match event {
                                    Event::Introduced(v) => json!(["introduced", v]),
                                    Event::Fixed(v) => json!(["fixed", v]),
                                    Event::LastAffected(v) => json!(["last_affected", v]),
                                    Event::Limit(v) => json!(["limit", v]),
                                })
                                .collect(),
                        )
                    })
                    .collect();
                cases.push(json!({
                    "ranges": ranges,
                    "versions": affected.versions,
                    "candidates": candidates,
                }));
            }
            // Each test advisory has one PyPI entry per package, so one case per advisory.
            assert_eq!(advisory.affected.len(), 1, "{}", advisory.id);
            ours.push(
                candidates
                    .iter()
                    .map(|candidate| parse_version(candidate).map(|v| compiled.is_affected(&v)))
                    .collect(),
            );
            labels.push((advisory.id.clone(), candidates.clone()));
        }
    }
    let mut child = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/helpers/osv_packaging.py"
        ))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let input = serde_json::to_vec(&cases).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(output.status.success());
    let theirs: Vec<Vec<Option<bool>>> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(theirs.len(), ours.len());

    let mut compared = 0usize;
    let mut affected = 0usize;
    let mut disagreements = Vec::new();
    for ((our_case, their_case), (id, candidates)) in ours.iter().zip(&theirs).zip(&labels) {
        for ((our, their), candidate) in our_case.iter().zip(their_case).zip(candidates) {
            compared += 1;
            if our == &Some(true) {
                affected += 1;
            }
            if our != their {
                disagreements.push(format!(
                    "{id} {candidate}: ours {our:?}, packaging {their:?}"
                ));
            }
        }
    }
    eprintln!("compared {compared} (advisory, version) pairs, {affected} affected");
    assert!(compared > 1000, "{compared}");
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

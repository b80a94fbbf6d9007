//! `snakeguard audit`, `db` and `deps` on the real binary, with the vendored OSV edge-case
//! records as the database.

#![allow(clippy::print_stderr)] // a skipped test says why on stderr

mod common;

use std::path::PathBuf;

use common::{Project, json_findings};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../resources/test/fixtures/audit")
}

fn edge_db() -> String {
    fixtures().join("osv-edge").to_string_lossy().into_owned()
}

fn project_with_requirements() -> Project {
    let project = Project::new();
    let text = std::fs::read_to_string(fixtures().join("requirements/requirements.txt")).unwrap();
    project.write("requirements.txt", text);
    project
}

#[test]
fn audit_reports_vulnerable_and_malicious_pins_and_lists_what_it_could_not_audit() {
    let project = project_with_requirements();
    let run = project.run(&[
        "audit",
        "-r",
        "requirements.txt",
        "--db",
        &edge_db(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings = json_findings(&run.stdout);
    assert!(
        findings.contains(&"DEP002 requirements.txt:4".to_string()),
        "evil-pkg is malicious: {findings:?}"
    );
    assert!(
        findings
            .iter()
            .any(|finding| finding.starts_with("DEP001 requirements.txt:2")),
        "{findings:?}"
    );
    assert!(
        !findings
            .iter()
            .any(|finding| finding.ends_with(":12") || finding.ends_with(":13")),
        "withdrawn advisory and limit: {findings:?}"
    );
    assert!(
        run.stderr.contains("Not audited"),
        "not audited is never silent: {}",
        run.stderr
    );
    assert!(run.stderr.contains("requests"), "{}", run.stderr);

    let run = project.run(&["audit", "-r", "requirements.txt", "--db", &edge_db()]);
    assert!(run.stdout.contains("Not audited"), "{}", run.stdout);
}

#[test]
fn ignore_vuln_matches_aliases_and_strict_fails_on_unaudited() {
    let project = Project::new();
    project.write("requirements.txt", "evil-pkg==0.1\n");
    let run = project.run(&[
        "audit",
        "-r",
        "requirements.txt",
        "--db",
        &edge_db(),
        "--ignore-vuln",
        "MAL-2024-0001",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    project.write("requirements.txt", "requests>=2\n");
    let run = project.run(&["audit", "-r", "requirements.txt", "--db", &edge_db()]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("no dependency was audited"),
        "{}",
        run.stderr
    );
    let run = project.run(&[
        "audit",
        "-r",
        "requirements.txt",
        "--db",
        &edge_db(),
        "--strict",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn no_database_is_an_error_with_the_command_to_fix_it() {
    let project = project_with_requirements();
    let cache = project.path().join("cache");
    let run = project.run_with_env(
        &["audit", "-r", "requirements.txt"],
        &[("SNAKEGUARD_CACHE_DIR", cache.to_str().unwrap())],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("snakeguard db update"),
        "{}",
        run.stderr
    );
}

#[test]
fn db_update_from_a_local_export_then_audit_from_the_cache() {
    let Some(snapshot) = shared_snapshot() else {
        eprintln!("skipped: ../shared/data/pypa-advisory-db.zip is not present");
        return;
    };
    let project = Project::new();
    project.write("requirements.txt", "django==3.2.0\n");
    let cache = project.path().join("cache");
    let env = [("SNAKEGUARD_CACHE_DIR", cache.to_str().unwrap())];
    let run = project.run_with_env(&["db", "update", "--url", snapshot.to_str().unwrap()], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("advisories:  2651"), "{}", run.stdout);
    let run = project.run_with_env(&["db", "path"], &env);
    assert!(
        run.stdout.trim().starts_with(cache.to_str().unwrap()),
        "{}",
        run.stdout
    );
    let run = project.run_with_env(&["audit", "--format", "json"], &env);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        json_findings(&run.stdout)
            .iter()
            .all(|finding| finding == "DEP001 requirements.txt:1")
    );
    // `scan` includes the audit and says the database was available.
    let run = project.run_with_env(&["scan", "--select", "DEP001"], &env);
    assert!(
        run.stdout.contains("Vulnerability database: available"),
        "{}",
        run.stdout
    );
}

#[test]
fn fix_dry_run_shows_the_diff_and_fix_rewrites() {
    let project = Project::new();
    project.write(
        "requirements.txt",
        "# pins\naliased==1.3  # keep this comment\n",
    );
    let run = project.run(&[
        "audit",
        "-r",
        "requirements.txt",
        "--db",
        &edge_db(),
        "--fix",
        "--dry-run",
    ]);
    assert!(run.stdout.contains("-aliased==1.3"), "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(project.path().join("requirements.txt")).unwrap(),
        "# pins\naliased==1.3  # keep this comment\n"
    );
    let run = project.run(&[
        "audit",
        "-r",
        "requirements.txt",
        "--db",
        &edge_db(),
        "--fix",
    ]);
    assert!(
        run.stdout.contains("fixed requirements.txt"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    let fixed = std::fs::read_to_string(project.path().join("requirements.txt")).unwrap();
    assert!(
        fixed.contains("# keep this comment") && !fixed.contains("aliased==1.3 "),
        "{fixed}"
    );
}

#[test]
fn deps_lists_dependencies_as_a_table_and_json() {
    let project = project_with_requirements();
    let run = project.run(&["deps"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("NAME"), "{}", run.stdout);
    assert!(run.stdout.contains("evil-pkg"), "{}", run.stdout);
    let run = project.run(&["deps", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(document["version"], 1);
}

fn shared_snapshot() -> Option<PathBuf> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/pypa-advisory-db.zip");
    path.exists().then_some(path)
}

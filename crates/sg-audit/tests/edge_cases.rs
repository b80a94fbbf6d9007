//! Every OSV evaluation edge case, on small hand-written records
//! (`resources/test/fixtures/audit/osv-edge`), and the audit built on them.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::{affecting, edge_database, fixtures};
use sg_audit::{AuditSettings, Database, NoProgress, Options, audit_manifests};
use sg_deps::{EnvVars, read_requirements};
use sg_diagnostics::Severity;

/// (package, version, expected advisory ids).
const CASES: &[(&str, &str, &[&str])] = &[
    // Unsorted events: [1.4, 1.4.22) [1.7, 1.7.10) [1.8, 1.8.4).
    ("unsorted", "1.3", &[]),
    ("unsorted", "1.4.21", &["EDGE-0001"]),
    ("unsorted", "1.5", &[]),
    ("unsorted", "1.7.9", &["EDGE-0001"]),
    ("unsorted", "1.7.10", &[]),
    ("unsorted", "1.8", &["EDGE-0001"]),
    ("unsorted", "1.8.4", &[]),
    // fixed and introduced at 3.1.1: 3.1.1 is affected again.
    ("tie", "3.1.0", &["EDGE-0002"]),
    ("tie", "3.1.1", &["EDGE-0002"]),
    ("tie", "3.1.3", &[]),
    ("tie", "3.2.1", &["EDGE-0002"]),
    ("tie", "3.2.2", &[]),
    // Open-ended: every later version, whatever the epoch.
    ("open-ended", "1.9", &[]),
    ("open-ended", "2.0", &["EDGE-0003"]),
    ("open-ended", "999.0", &["EDGE-0003"]),
    ("open-ended", "1!0.1", &["EDGE-0003"]),
    // Epochs dominate.
    ("epoch-pkg", "5.0", &[]),
    ("epoch-pkg", "1!1.5", &["EDGE-0004"]),
    ("epoch-pkg", "1!2.0", &[]),
    // Pre/post/dev/local around [1.0, 2.0).
    ("prerelease", "1.0.dev0", &[]),
    ("prerelease", "1.0a1", &[]),
    ("prerelease", "1.0", &["EDGE-0005"]),
    ("prerelease", "1.0.post1", &["EDGE-0005"]),
    ("prerelease", "1.5+ubuntu.1", &["EDGE-0005"]),
    ("prerelease", "2.0.dev1", &["EDGE-0005"]),
    ("prerelease", "2.0rc1", &["EDGE-0005"]),
    ("prerelease", "2.0", &[]),
    ("prerelease", "2.0+local", &[]),
    ("prerelease", "2.0.post1", &[]),
    // last_affected is inclusive; a post-release is past it.
    ("last-affected", "1.4", &["EDGE-0006"]),
    ("last-affected", "1.4.0", &["EDGE-0006"]),
    ("last-affected", "1.4.post1", &[]),
    // limit: strictly before.
    ("limited", "2.9", &["EDGE-0007"]),
    ("limited", "3.0", &[]),
    // Withdrawn: nothing.
    ("withdrawn-pkg", "1.0", &[]),
    // The invalid `fixed` is skipped, so the range is open from 0.
    ("invalid-versions", "5.0", &["EDGE-0009"]),
    // List OR range: 1.0.5 through the range, 2.0.0 through the list (`2` == `2.0.0`).
    ("list-only", "1.0.5", &["EDGE-0010"]),
    ("list-only", "2.0.0", &["EDGE-0010"]),
    ("list-only", "1.5", &[]),
    // The empty event is skipped; the range still holds.
    ("empty-event", "0.9", &["EDGE-0011"]),
    ("empty-event", "1.0", &[]),
    // Aliased records match independently (merged only in findings).
    (
        "aliased",
        "1.3",
        &["GHSA-aaaa-bbbb-cccc", "GHSA-dddd-eeee-ffff", "PYSEC-9999-1"],
    ),
    ("aliased", "1.6", &["GHSA-dddd-eeee-ffff"]),
    // Malicious packages.
    ("evil-pkg", "0.0.1", &["MAL-2024-0001"]),
    ("reqeusts", "2.31.0", &["MAL-2024-0002"]),
    ("reqeusts", "2.31.1", &[]),
    // The record says `Jw.Util`; PEP 503 makes it `jw-util`, and any spelling finds it.
    ("jw-util", "2.0", &["EDGE-0012"]),
    ("JW_util", "2.0", &["EDGE-0012"]),
];

#[test]
fn every_edge_case_matches_as_the_osv_spec_says() {
    let database = edge_database();
    let mut failures = Vec::new();
    for (package, version, expected) in CASES {
        let actual = affecting(&database, package, version);
        if actual != *expected {
            failures.push(format!(
                "{package} {version}: expected {expected:?}, got {actual:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn loading_counts_and_notes() {
    let database = edge_database();
    let mut out = format!("{:#?}\n", database.stats());
    for note in database.load_notes() {
        // Paths differ between machines; keep the file name only.
        let message = note.message.replace(
            &fixtures().join("osv-edge").display().to_string(),
            "osv-edge",
        );
        let _ = writeln!(out, "{}: {message}", note.advisory);
    }
    insta::assert_snapshot!(out);
}

#[test]
fn invalid_versions_become_notes_not_errors() {
    let database = edge_database();
    // Listed versions are checked when the database is built ...
    let mut messages: Vec<String> = database
        .load_notes()
        .iter()
        .filter(|note| note.advisory == "EDGE-0009")
        .map(ToString::to_string)
        .collect();
    assert_eq!(database.stats().invalid_versions, 3);
    // ... range events when an advisory is compiled for matching.
    let advisories = database.advisories_for("invalid-versions").unwrap();
    let mut notes = Vec::new();
    let _ = sg_audit::matcher::CompiledAdvisory::compile(
        &advisories[0],
        "invalid-versions",
        &mut notes,
    );
    messages.extend(notes.iter().map(ToString::to_string));
    insta::assert_snapshot!(messages.join("\n"));
}

#[test]
fn pypa_checkout_yaml_reads_like_json() {
    let database = Database::load(&fixtures().join("pypa-checkout"), &NoProgress).unwrap();
    assert_eq!(database.source().kind, sg_audit::SourceKind::PypaCheckout);
    // Three records, one withdrawn; triage/ is not read.
    assert_eq!(database.stats().records, 3);
    assert_eq!(database.stats().withdrawn, 1);
    assert_eq!(database.stats().packages, 2);
    assert_eq!(affecting(&database, "aliased", "1.4"), ["PYSEC-9999-1"]);
    assert_eq!(affecting(&database, "aliased", "1.5"), Vec::<String>::new());
    // `1.10` in YAML stays the version 1.10 (not the number 1.1): listed, so affected
    // even though the range ends at 1.5.
    assert_eq!(affecting(&database, "aliased", "1.10"), ["PYSEC-9999-1"]);
    assert_eq!(affecting(&database, "aliased", "1.1"), ["PYSEC-9999-1"]);
    assert_eq!(affecting(&database, "jw.util", "1.9"), ["PYSEC-9999-2"]);
    let advisories = database.advisories_for("aliased").unwrap();
    assert_eq!(
        advisories[0].summary.as_deref(),
        Some("Remote code execution in aliased.")
    );
    assert_eq!(
        advisories[0].affected[0].ranges.len(),
        1,
        "GIT ranges are dropped"
    );
}

fn requirements_report(settings: &AuditSettings) -> sg_audit::AuditReport {
    let root = fixtures().join("requirements");
    let manifest = read_requirements(
        &root.join("requirements.txt"),
        &EnvVars::Map(std::collections::BTreeMap::default()),
    );
    assert!(manifest.errors.is_empty(), "{:?}", manifest.errors);
    audit_manifests(&[manifest], &root, &edge_database(), settings).unwrap()
}

fn describe(report: &sg_audit::AuditReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "audited: {}", report.audited);
    for finding in &report.findings {
        let _ = writeln!(
            out,
            "{}:{} {} [{}] {}",
            finding.path, finding.span.line, finding.rule.code, finding.severity, finding.message
        );
        let _ = writeln!(
            out,
            "    extra: {}",
            serde_json::to_string(&finding.extra).unwrap()
        );
    }
    for package in &report.packages {
        let _ = writeln!(
            out,
            "package {} {} -> fix {:?}",
            package.package, package.version, package.fix_version
        );
    }
    for entry in &report.not_audited {
        let _ = writeln!(
            out,
            "not audited: {}:{} {} ({}) covered_by={:?}",
            entry.path, entry.line, entry.package, entry.reason, entry.covered_by
        );
    }
    for ignored in &report.ignored {
        let _ = writeln!(
            out,
            "ignored: {} {} {} as {} ({:?})",
            ignored.package, ignored.version, ignored.id, ignored.ignored_as, ignored.reason
        );
    }
    for warning in &report.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    let _ = writeln!(out, "below threshold: {}", report.below_threshold);
    out
}

#[test]
fn audit_of_a_requirements_file() {
    let report = requirements_report(&AuditSettings::default());
    insta::assert_snapshot!(describe(&report));
    // What could not be audited is listed: the range, the editable and the VCS URL.
    assert_eq!(report.not_audited.len(), 3);
    assert!(report.strict_failure(&AuditSettings {
        strict: true,
        ..AuditSettings::default()
    }));
    assert!(!report.strict_failure(&AuditSettings::default()));
}

#[test]
fn ignores_match_aliases_and_unused_ignores_warn() {
    let options: Options = toml::from_str(
        "ignore-vulns = [{ id = \"CVE-9999-1\", reason = \"not reachable in our use\" }]\n",
    )
    .unwrap();
    let settings = AuditSettings::new(
        &options,
        &[
            "MAL-2024-0001".to_string(),
            "GHSA-zzzz-zzzz-zzzz".to_string(),
        ],
        None,
        false,
    );
    let report = requirements_report(&settings);
    insta::assert_snapshot!(describe(&report));
}

#[test]
fn severity_threshold_drops_and_counts() {
    let settings = AuditSettings {
        min_severity: Some(Severity::Critical),
        ..AuditSettings::default()
    };
    let report = requirements_report(&settings);
    let codes: Vec<(&str, &str)> = report
        .findings
        .iter()
        .map(|finding| {
            (
                finding.rule.code,
                finding.extra["advisory"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // The CVSS 9.8 group and the malicious package stay; the rest (high by default,
    // moderate from GitHub's word) are counted as below the threshold.
    assert_eq!(
        codes,
        [("DEP001", "PYSEC-9999-1"), ("DEP002", "MAL-2024-0001")]
    );
    assert_eq!(report.below_threshold, 4);
}

#[test]
fn markdown_and_cyclonedx_renderings() {
    let report = requirements_report(&AuditSettings::default());
    insta::assert_snapshot!("markdown", sg_audit::render_markdown(&report));
    let cyclonedx = sg_audit::render_cyclonedx(&report);
    let parsed: serde_json::Value = serde_json::from_str(&cyclonedx).unwrap();
    assert_eq!(parsed["specVersion"], "1.5");
    insta::assert_snapshot!("cyclonedx", cyclonedx);
}

#[test]
fn fix_rewrites_pins_in_place_and_drops_stale_hashes() {
    let temp = tempfile::tempdir().unwrap();
    let requirements = temp.path().join("requirements.txt");
    std::fs::copy(
        fixtures().join("requirements/requirements.txt"),
        &requirements,
    )
    .unwrap();
    let manifest = read_requirements(
        &requirements,
        &EnvVars::Map(std::collections::BTreeMap::default()),
    );
    let report = audit_manifests(
        &[manifest],
        temp.path(),
        &edge_database(),
        &AuditSettings::default(),
    )
    .unwrap();
    let plan = sg_audit::plan_fixes(&report, temp.path(), None);
    let mut out = plan.diff();
    for warning in &plan.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    for (package, version, path) in &plan.unfixable {
        let _ = writeln!(out, "unfixable: {package} {version} in {path}");
    }
    insta::assert_snapshot!(out);

    plan.apply().unwrap();
    let fixed = std::fs::read_to_string(&requirements).unwrap();
    assert_eq!(fixed, plan.files[0].fixed);
    // A second audit of the fixed file finds only what has no fix.
    let manifest = read_requirements(
        &requirements,
        &EnvVars::Map(std::collections::BTreeMap::default()),
    );
    let again = audit_manifests(
        &[manifest],
        temp.path(),
        &edge_database(),
        &AuditSettings::default(),
    )
    .unwrap();
    let remaining: Vec<&str> = again
        .packages
        .iter()
        .map(|package| package.package.as_str())
        .collect();
    assert_eq!(remaining, ["evil-pkg", "open-ended"]);
}

#[test]
fn lockfile_fixes_are_commands() {
    let lock = "version = 1\nrequires-python = \">=3.9\"\n\n[[package]]\nname = \"aliased\"\nversion = \"1.3\"\nsource = { registry = \"https://pypi.org/simple\" }\n\n[[package]]\nname = \"tie\"\nversion = \"3.1.1\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
    let manifest = sg_deps::parse_uv_lock(lock, Path::new("uv.lock"));
    assert!(manifest.errors.is_empty(), "{:?}", manifest.errors);
    let report = audit_manifests(
        &[manifest],
        Path::new("."),
        &edge_database(),
        &AuditSettings::default(),
    )
    .unwrap();
    let plan = sg_audit::plan_fixes(&report, Path::new("."), None);
    let commands: Vec<(&str, Option<&str>, &str)> = plan
        .lockfiles
        .iter()
        .map(|fix| {
            (
                fix.package.as_str(),
                fix.to.as_deref(),
                fix.command.as_str(),
            )
        })
        .collect();
    assert_eq!(
        commands,
        [
            (
                "aliased",
                Some("1.7.1"),
                "uv lock --upgrade-package aliased"
            ),
            ("tie", Some("3.1.3"), "uv lock --upgrade-package tie"),
        ]
    );
    assert!(plan.files.is_empty());
}

#[test]
fn a_range_in_pyproject_is_covered_by_the_lockfile_pin() {
    let pyproject = "[project]\nname = \"app\"\nversion = \"0\"\ndependencies = [\"tie>=3\", \"other-thing>=1\"]\n";
    let lock = "version = 1\nrequires-python = \">=3.9\"\n\n[[package]]\nname = \"tie\"\nversion = \"3.1.3\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
    let manifests = [
        sg_deps::parse_pyproject(pyproject, Path::new("pyproject.toml")),
        sg_deps::parse_uv_lock(lock, Path::new("uv.lock")),
    ];
    let report = audit_manifests(
        &manifests,
        Path::new("."),
        &edge_database(),
        &AuditSettings::default(),
    )
    .unwrap();
    let entries: Vec<(&str, Option<&str>)> = report
        .not_audited
        .iter()
        .map(|entry| (entry.package.as_str(), entry.covered_by.as_deref()))
        .collect();
    assert_eq!(entries, [("other-thing", None), ("tie", Some("uv.lock"))]);
    let strict = AuditSettings {
        strict: true,
        ..AuditSettings::default()
    };
    let uncovered: Vec<&str> = report
        .uncovered_not_audited()
        .map(|entry| entry.package.as_str())
        .collect();
    assert_eq!(uncovered, ["other-thing"]);
    assert!(report.strict_failure(&strict));
}

#[test]
fn fix_pins_a_vulnerable_transitive_dependency() {
    let temp = tempfile::tempdir().unwrap();
    let requirements = temp.path().join("requirements.txt");
    std::fs::write(&requirements, "# direct dependencies\nlimited==3.0\n").unwrap();
    // `tie` is installed (found in the environment) but no requirements file names it.
    let name = sg_deps::PackageName::new("tie").unwrap();
    let origin = sg_deps::Origin {
        path: temp
            .path()
            .join("venv/lib/site-packages/tie-3.1.1.dist-info/METADATA"),
        format: sg_deps::Format::Environment,
        line: 1,
        range: None,
        specifier_range: None,
        version_range: None,
    };
    let mut installed = sg_deps::Dependency::new(name, origin);
    installed.version = sg_audit::matcher::parse_version("3.1.1");
    installed.relation = sg_deps::Relation::Transitive;
    let direct = read_requirements(
        &requirements,
        &EnvVars::Map(std::collections::BTreeMap::default()),
    );
    let mut dependencies: Vec<&sg_deps::Dependency> = direct.dependencies.iter().collect();
    dependencies.push(&installed);
    let report = sg_audit::audit(
        &dependencies,
        temp.path(),
        &edge_database(),
        &AuditSettings::default(),
    )
    .unwrap();
    let plan = sg_audit::plan_fixes(&report, temp.path(), Some(&requirements));
    insta::assert_snapshot!(plan.diff());
    assert_eq!(
        plan.lockfiles[0].command,
        "python -m pip install 'tie==3.1.3'"
    );
    plan.apply().unwrap();
    assert!(
        std::fs::read_to_string(&requirements).unwrap().ends_with(
            "tie==3.1.3  # snakeguard: pinned to fix a vulnerable transitive dependency\n"
        )
    );
}

/// A `-r URL`/`-c URL` include is never fetched: the audit lists it among what it could not
/// audit (so `--strict` fails), with the credentials of the URL redacted.
#[test]
fn remote_includes_are_listed_as_not_audited() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../resources/test/fixtures/deps/malformed/requirements-remote-include");
    let manifest = read_requirements(
        &path.join("requirements.txt"),
        &EnvVars::Map(std::collections::BTreeMap::default()),
    );
    let report = audit_manifests(
        &[manifest],
        &path,
        &edge_database(),
        &AuditSettings::default(),
    )
    .unwrap();
    let listed: Vec<String> = report
        .not_audited
        .iter()
        .map(|entry| {
            format!(
                "{}:{} {}: {}",
                entry.path, entry.line, entry.package, entry.reason
            )
        })
        .collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(
        listed[0],
        "requirements.txt:2 -r https://example.com/shared/base-requirements.txt: a remote include, never fetched: the requirements it lists were not read"
    );
    assert!(
        listed[1].starts_with("requirements.txt:3 -c https://ci:****@example.com/"),
        "{listed:?}"
    );
    assert!(!listed[1].contains("s3cret"), "{listed:?}");
    assert!(report.strict_failure(&AuditSettings {
        strict: true,
        ..AuditSettings::default()
    }));
}

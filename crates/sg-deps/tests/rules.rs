//! One fixture directory per rule (`resources/test/fixtures/deps/rules/<CODE>/`), scanned
//! like `snakeguard scan` would: the exact findings of that rule (path, position, message)
//! are snapshotted, and the commented negatives in the fixtures must stay silent.

mod common;

use std::collections::BTreeMap;

use common::fixtures;
use sg_deps::{CollectOptions, EnvVars, Options};
use sg_diagnostics::Finding;

fn scan(code: &str, options: &Options) -> Vec<Finding> {
    let root = fixtures().join("rules").join(code);
    let inventory = sg_deps::collect(
        &root,
        &CollectOptions {
            python: None,
            use_active_virtualenv: false,
            env: EnvVars::Map(BTreeMap::new()),
        },
    );
    assert!(inventory.errors().is_empty(), "{:#?}", inventory.errors());
    sg_deps::check(&inventory, options)
}

fn render(findings: &[Finding], code: &str) -> Vec<String> {
    findings
        .iter()
        .filter(|finding| finding.rule.code == code)
        .map(|finding| {
            assert!(!finding.snippet.is_empty(), "{finding:?}");
            format!(
                "{}:{}:{} {} {}",
                finding.path,
                finding.span.line,
                finding.span.column,
                finding.rule.code,
                finding.message
            )
        })
        .collect()
}

macro_rules! rule_test {
    ($test:ident, $code:literal) => {
        #[test]
        fn $test() {
            let findings = scan($code, &Options::default());
            let shown = render(&findings, $code);
            assert!(
                !shown.is_empty(),
                "{} found nothing in its own fixture",
                $code
            );
            insta::assert_yaml_snapshot!(shown);
        }
    };
}

rule_test!(dep101_unpinned_requirement, "DEP101");
rule_test!(dep102_wildcard_pin, "DEP102");
rule_test!(dep103_missing_hash, "DEP103");
rule_test!(dep104_mutable_url_requirement, "DEP104");
rule_test!(dep105_editable_in_lock, "DEP105");
rule_test!(dep106_unpinned_transitive_dependency, "DEP106");
rule_test!(dep107_lock_package_without_hash, "DEP107");
rule_test!(dep108_unexpected_index, "DEP108");
rule_test!(dep201_possible_typosquat, "DEP201");
rule_test!(dep202_possible_combosquat, "DEP202");

#[test]
fn clean_fixtures_have_no_pinning_or_typosquat_findings() {
    // The realistic uv.lock and pylock fixtures are clean locks.
    for directory in ["uv", "pylock", "poetry-lock"] {
        let root = fixtures().join("formats").join(directory);
        let inventory = sg_deps::collect(&root, &CollectOptions::default());
        let findings: Vec<String> = sg_deps::check(&inventory, &Options::default())
            .iter()
            .filter(|f| f.rule.code != "DEP108")
            .map(|f| format!("{} {}", f.rule.code, f.message))
            .collect();
        assert!(
            findings.iter().all(|f| !f.starts_with("DEP2")),
            "{findings:?}"
        );
        assert!(
            findings.iter().all(|f| !f.starts_with("DEP107")),
            "{directory}: {findings:?}"
        );
    }
}

#[test]
fn options_change_what_is_reported() {
    // A requirements file listed in not-lock-files is not a lock.
    let options = Options {
        not_lock_files: vec!["requirements.txt".to_string()],
        ..Options::default()
    };
    assert!(render(&scan("DEP101", &options), "DEP101").is_empty());
    // require-hashes makes every line of a lock file need a hash.
    let options = Options {
        require_hashes: true,
        ..Options::default()
    };
    let shown = render(&scan("DEP102", &options), "DEP103");
    assert_eq!(shown.len(), 4, "{shown:?}");
    // A configured private index is not unexpected; an empty list disables the rule.
    let options = Options {
        index_urls: vec![
            "https://pypi.org/simple".to_string(),
            "https://pypi.internal.example/simple/".to_string(),
        ],
        ..Options::default()
    };
    assert!(render(&scan("DEP108", &options), "DEP108").is_empty());
    let options = Options {
        index_urls: Vec::new(),
        ..Options::default()
    };
    assert!(render(&scan("DEP108", &options), "DEP108").is_empty());
    // The allowlist silences one name or one name:target pair.
    let options = Options {
        typosquat_allowlist: vec!["reqeusts".to_string(), "djang0:django".to_string()],
        ..Options::default()
    };
    let shown = render(&scan("DEP201", &options), "DEP201");
    assert!(
        shown
            .iter()
            .all(|s| !s.contains("`reqeusts`") && !s.contains("`djang0`")),
        "{shown:?}"
    );
    assert_eq!(
        shown.len(),
        render(&scan("DEP201", &Options::default()), "DEP201").len() - 2
    );
}

#[test]
fn findings_carry_package_extras_and_stable_fingerprint_keys() {
    let findings = scan("DEP201", &Options::default());
    let finding = findings
        .iter()
        .find(|f| f.message.contains("`reqeusts`"))
        .unwrap();
    assert_eq!(finding.extra["package"], "reqeusts");
    assert_eq!(finding.extra["resembles"], "requests");
    assert_eq!(finding.extra["version"], "2.32.3");
    assert_eq!(finding.fingerprint_key, "reqeusts:requests");
    assert_eq!(finding.snippet, "reqeusts==2.32.3");
}

//! Snapshot tests: every rule runs on its fixture `resources/test/fixtures/<family>/<CODE>.py`
//! (`bandit/` for `B…` codes, else the lowercased letter prefix: `dsz/` for `DSZ…`)
//! (positives, and commented negatives) and the rendered findings are compared with
//! `tests/snapshots/`. A rule without a fixture fails the test.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use sg_rules::{Options, RuleSet, Settings, check_python_file, rules};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../resources/test/fixtures/bandit")
}

/// The fixture folder of a rule's family: `bandit` for `B…`, else the code's letters in lower
/// case (`DSZ001` → `dsz`).
fn family_dir(code: &str) -> PathBuf {
    let letters: String = code
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    let family = if letters == "b" { "bandit" } else { &letters };
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../resources/test/fixtures")
        .join(family)
}

/// `line:column CODE [severity/confidence] message`, one finding per line.
fn render(findings: &[sg_diagnostics::Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        let _ = writeln!(
            out,
            "{}:{} {} [{}/{}] {}",
            finding.span.line,
            finding.span.column,
            finding.rule.code,
            finding.severity.as_str(),
            finding.confidence.as_str(),
            finding.message
        );
    }
    out
}

/// Checks `file` with only `code` enabled.
fn check_fixture(code: &str, file: &Path, options: Options) -> String {
    let rule = rules().iter().find(|rule| rule.code == code);
    let rule_set = RuleSet::from_rules(rule.copied());
    let settings = match Settings::new(rule_set, options) {
        Ok(settings) => settings,
        Err(error) => return format!("settings error: {error}"),
    };
    let source = std::fs::read_to_string(file).unwrap_or_default();
    let display = file
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    let outcome = check_python_file(file, display, &source, &settings);
    render(&outcome.findings)
}

/// `<CODE>_*.py` files next to `<CODE>.py`, sorted.
fn variants(code: &str) -> Vec<PathBuf> {
    let prefix = format!("{code}_");
    let mut files: Vec<PathBuf> = std::fs::read_dir(family_dir(code))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.extension().is_some_and(|extension| extension == "py")
                        && path
                            .file_name()
                            .and_then(|name| name.to_str())
                            .is_some_and(|name| name.starts_with(&prefix))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn every_rule_matches_its_fixture_snapshot() {
    let mut missing = Vec::new();
    for rule in rules() {
        let file = family_dir(rule.code).join(format!("{}.py", rule.code));
        if !file.is_file() {
            missing.push(rule.code);
            continue;
        }
        let rendered = check_fixture(rule.code, &file, Options::default());
        insta::assert_snapshot!(rule.code, rendered);
        // Variants that need their own file (different imports): `<CODE>_<what>.py`.
        for variant in variants(rule.code) {
            let name = variant
                .file_stem()
                .and_then(|stem| stem.to_str())
                .unwrap_or_default()
                .to_string();
            let rendered = check_fixture(rule.code, &variant, Options::default());
            insta::assert_snapshot!(name, rendered);
        }
    }
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

#[test]
fn assert_used_skips_matches_like_fnmatch() {
    let options: Options =
        toml::from_str("[assert_used]\nskips = ['*B101.py']\n").unwrap_or_default();
    assert_eq!(options.assert_used.skips, vec!["*B101.py".to_string()]);
    let rendered = check_fixture("B101", &fixtures_dir().join("B101.py"), options);
    assert_eq!(rendered, "");
}

#[test]
fn typed_exception_option_reports_specific_handlers() {
    let options: Options =
        toml::from_str("[try_except_pass]\ncheck_typed_exception = true\n").unwrap_or_default();
    let rendered = check_fixture("B110", &fixtures_dir().join("B110.py"), options);
    assert!(rendered.contains("19:1 B110"), "{rendered}");
}

#[test]
fn tmp_dirs_option_replaces_the_defaults() {
    let options: Options =
        toml::from_str("[hardcoded_tmp_directory]\ntmp_dirs = ['/var/log']\n").unwrap_or_default();
    let rendered = check_fixture("B108", &fixtures_dir().join("B108.py"), options);
    assert_eq!(
        rendered,
        "7:7 B108 [medium/medium] Probable insecure usage of temp file/directory\n"
    );
}

#[test]
fn unknown_option_keys_are_errors_that_name_the_key() {
    let error = toml::from_str::<Options>("[assert_used]\nskip = []\n").err();
    let message = error.map(|error| error.to_string()).unwrap_or_default();
    assert!(message.contains("unknown field `skip`"), "{message}");
}

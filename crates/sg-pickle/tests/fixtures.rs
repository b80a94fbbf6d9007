//! The generated fixtures (resources/test/fixtures/pickle, written by generate.py): exact
//! findings per file as snapshots, benign files clean, sniffing by content, options.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sg_diagnostics::Severity;
use sg_pickle::{Options, Report, Verdict};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../resources/test/fixtures/pickle")
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixture directory exists")
        .filter_map(std::result::Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "generate.py")
        .collect();
    names.sort();
    names
}

fn scan(name: &str, options: &Options) -> Report {
    sg_pickle::scan_file(&fixtures_dir().join(name), name, options).expect("fixture is readable")
}

/// What a user sees: one line per finding, then the verdict of every non-safe global.
fn render(report: &Report) -> String {
    let mut out = format!(
        "format: {}, pickles: {}, verdict: {}\n",
        report.format.as_str(),
        report.pickles,
        report.verdict().as_str()
    );
    for finding in &report.findings {
        let _ = writeln!(
            out,
            "{} {} [{}] {}",
            finding.rule.code, finding.rule.name, finding.severity, finding.message
        );
    }
    let safe = report
        .globals
        .iter()
        .filter(|g| g.verdict == Verdict::Safe)
        .count();
    let _ = writeln!(out, "safe globals: {safe}");
    out
}

#[test]
fn every_fixture_has_exactly_the_expected_findings() {
    let names = fixture_names();
    assert!(
        names.len() > 70,
        "run generate.py: only {} fixtures",
        names.len()
    );
    for name in names {
        let report = scan(&name, &Options::default());
        let snapshot = format!("fixture_{}", name.replace('.', "_"));
        insta::assert_snapshot!(snapshot, render(&report));
    }
}

#[test]
fn benign_files_yield_no_findings() {
    let benign: Vec<String> = fixture_names()
        .into_iter()
        .filter(|name| name.starts_with("benign_"))
        .collect();
    assert!(benign.len() >= 15);
    for name in benign {
        let report = scan(&name, &Options::default());
        assert!(
            report.findings.is_empty(),
            "{name}: {:?}",
            report
                .findings
                .iter()
                .map(|f| &f.message)
                .collect::<Vec<_>>()
        );
        assert_eq!(report.verdict(), Verdict::Safe, "{name}");
        if name != "benign_numeric.npy" {
            assert!(report.pickles > 0, "{name}: no pickle scanned");
        }
    }
}

#[test]
fn torch_state_dict_is_hundreds_of_allowlisted_calls_and_no_finding() {
    let report = scan("benign_torch_state_dict.pt", &Options::default());
    let calls: u32 = report.globals.iter().map(|g| g.calls).sum();
    assert!(calls >= 290, "only {calls} calls");
    assert!(report.findings.is_empty());
    let rebuild = report
        .globals
        .iter()
        .find(|g| g.name == "_rebuild_tensor_v2")
        .expect("rebuild function imported");
    assert_eq!(rebuild.verdict, Verdict::Safe);
    assert_eq!(
        rebuild.member.as_deref(),
        Some("benign_torch_state_dict/data.pkl")
    );
}

#[test]
fn every_non_benign_fixture_has_a_finding() {
    for name in fixture_names() {
        if name.starts_with("benign_") {
            continue;
        }
        let report = scan(&name, &Options::default());
        assert!(!report.findings.is_empty(), "{name} passed as clean");
    }
}

#[test]
fn fixtures_are_chosen_by_content_not_extension() {
    for name in fixture_names() {
        let bytes = std::fs::read(fixtures_dir().join(&name)).expect("readable");
        let head = &bytes[..bytes.len().min(sg_pickle::SNIFF_LEN)];
        let sniffed = sg_pickle::sniff(Path::new(&name), head);
        assert!(sniffed.is_some(), "{name} would not be scanned");
        // The content alone (an extension that says nothing) selects every real pickle.
        if !name.starts_with("malformed_") && name != "bypass_lz4.joblib" {
            // (broken files and an unreadable compressor are selected by their extension)
            assert!(
                sg_pickle::sniff(Path::new("renamed.dat"), head).is_some(),
                "{name} renamed is missed"
            );
        }
    }
}

#[test]
fn strict_raises_unknown_imports_to_high() {
    let options = Options {
        strict: true,
        ..Options::default()
    };
    let report = scan("bypass_unknown_user_class.pkl", &options);
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].rule.code, "PKL002");
    assert_eq!(report.findings[0].severity, Severity::High);
    assert_eq!(report.verdict(), Verdict::Dangerous);
}

#[test]
fn allow_entries_silence_exactly_what_they_name() {
    let options = Options {
        allow: vec!["mypkg.models.Net".into()],
        ..Options::default()
    };
    assert!(
        scan("bypass_unknown_user_class.pkl", &options)
            .findings
            .is_empty()
    );
    let report = scan("call_build_setstate.pkl", &options);
    let codes: Vec<&str> = report.findings.iter().map(|f| f.rule.code).collect();
    assert_eq!(codes, ["PKL001", "PKL005"]);
}

#[test]
fn memo_limit_is_a_finding_not_a_crash() {
    let options = Options {
        max_memo: 3,
        ..Options::default()
    };
    let report = scan("benign_proto4.pkl", &options);
    let codes: Vec<&str> = report.findings.iter().map(|f| f.rule.code).collect();
    assert_eq!(codes, ["PKL008"]);
    let options = Options {
        max_stack_depth: 4,
        ..Options::default()
    };
    let report = scan("benign_proto0.pkl", &options);
    assert_eq!(report.findings[0].rule.code, "PKL008");
    let options = Options {
        max_pickle_size: 100,
        ..Options::default()
    };
    let report = scan("benign_proto2.pkl", &options);
    assert_eq!(report.findings[0].rule.code, "PKL008");
}

#[test]
fn explain_marks_flagged_operations() {
    for name in [
        "memo_stack_global_binget.pkl",
        "bypass_joblib_spliced.joblib",
        "bypass_zip_name_mismatch.pt",
        "benign_torch_legacy.pt",
    ] {
        let text = sg_pickle::explain_file(&fixtures_dir().join(name), name, &Options::default())
            .expect("readable");
        let snapshot = format!("explain_{}", name.replace('.', "_"));
        insta::assert_snapshot!(snapshot, text);
    }
}

#[test]
fn options_validate() {
    assert!(Options::default().validate().is_ok());
    let bad = Options {
        allow: vec!["mypkg.*".into()],
        ..Options::default()
    };
    assert!(bad.validate().is_err());
    let parsed: Options = toml_like(r#"{"allow": ["a.b"], "strict": true, "max-memo": 10}"#);
    assert_eq!(parsed.max_memo, 10);
    assert!(parsed.strict);
}

fn toml_like(json: &str) -> Options {
    serde_json::from_str(json).expect("options deserialize with kebab-case keys")
}

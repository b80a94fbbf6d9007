//! Taint and API scanners through `snakeguard scan`, and `snakeguard api`, on the fixture apps.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::json_findings;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../resources/test/fixtures")
}

fn run_in(dir: &PathBuf, args: &[&str]) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_snakeguard"))
        .args(args)
        .current_dir(dir)
        .env("CI", "true")
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn taint_findings_on_vulnerable_apps_and_none_on_sanitized_ones() {
    for framework in ["flask", "django", "fastapi", "aiohttp"] {
        let dir = fixtures().join("taint").join(framework);
        let (stdout, _) = run_in(
            &dir,
            &["scan", "vulnerable", "--select", "TNT", "--format", "json"],
        );
        assert!(
            !json_findings(&stdout).is_empty(),
            "{framework}: vulnerable app has TNT findings"
        );
        let (stdout, code) = run_in(
            &dir,
            &["scan", "sanitized", "--select", "TNT", "--format", "json"],
        );
        assert_eq!(
            json_findings(&stdout),
            Vec::<String>::new(),
            "{framework}: sanitized app is clean"
        );
        assert_eq!(code, 0);
    }
}

#[test]
fn taint_trace_is_in_json_and_text() {
    let dir = fixtures().join("taint/flask");
    let (stdout, _) = run_in(
        &dir,
        &[
            "scan",
            "vulnerable",
            "--select",
            "TNT004",
            "--format",
            "json",
        ],
    );
    let document: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let trace = document["findings"][0]["trace"].as_array().expect("trace");
    assert!(trace.len() >= 2, "{trace:?}");
    let (stdout, _) = run_in(&dir, &["scan", "vulnerable", "--select", "TNT004"]);
    assert!(stdout.contains("trace (source first)"), "{stdout}");
}

#[test]
fn api_inventory_and_route_findings() {
    let dir = fixtures().join("api/flask");
    let (stdout, code) = run_in(&dir, &["api"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("METHOD"), "{stdout}");
    assert!(stdout.contains("/admin/users"), "{stdout}");
    let (stdout, _) = run_in(&dir, &["api", "--format", "json"]);
    serde_json::from_str::<serde_json::Value>(&stdout).expect("valid JSON inventory");
    let (stdout, code) = run_in(&dir, &["scan", "--select", "API001", "--format", "json"]);
    assert_eq!(code, 1);
    let findings = json_findings(&stdout);
    assert!(
        findings.contains(&"API001 shop/admin.py:31".to_string()),
        "{findings:?}"
    );
    let document: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        document["findings"][0]["endpoint"].is_string(),
        "route findings name their endpoint"
    );
}

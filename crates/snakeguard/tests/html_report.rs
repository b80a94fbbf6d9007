//! `scan --format html -o report.html` on the real binary: the page is one self-contained,
//! well-escaped file (snapshot), and real headless Chromium renders it without a console
//! error and takes a screenshot (saved under `target/test-artifacts/`).
//!
//! Chromium is Debian's `chromium` package. When `/usr/bin/chromium` is missing the test
//! installs it with `apt-get install -y chromium` (as CI runs as root); when that is not
//! possible the browser half of the test says so on stderr and is skipped.

#![allow(clippy::print_stderr)] // a skipped browser check says why on stderr

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Project;

const CHROMIUM: &str = "/usr/bin/chromium";

/// A small project with findings from several scanners: source rules, taint, the API
/// inventory and route rules, secrets, a pickle, and vulnerable dependency pins (audited
/// against the vendored OSV edge-case records). Messages and snippets carry `<script>`.
fn project() -> Project {
    let project = Project::new();
    project.write(
        "app.py",
        "import pickle\n\
         import subprocess\n\
         \n\
         from flask import Flask, request\n\
         \n\
         app = Flask(__name__)\n\
         \n\
         \n\
         @app.route(\"/admin/users\", methods=[\"POST\"])\n\
         def delete_users():\n\
         \x20   data = pickle.loads(request.data)  # \"<script>alert(1)</script>\"\n\
         \x20   return str(data)\n\
         \n\
         \n\
         @app.route(\"/run\")\n\
         def run():\n\
         \x20   subprocess.call(request.args[\"cmd\"], shell=True)\n\
         \x20   return \"ok\"\n",
    );
    project.write(
        "settings.py",
        "AWS_ACCESS_KEY_ID = \"AKIAIOSFODNN7EXAMPLF\"\n\
         AWS_SECRET_ACCESS_KEY = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ\"\n",
    );
    // Protocol 0: `os.system("echo <script>")`.
    project.write("model.pkl", b"cos\nsystem\n(S'echo <script>'\ntR.");
    project.write("requirements.txt", "aliased==1.3\nrequests\n");
    project
}

fn edge_db() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../resources/test/fixtures/audit/osv-edge")
        .to_string_lossy()
        .into_owned()
}

/// Replaces the text between `start` and the next `end` (both kept) with `with`.
fn replace_between(text: &str, start: &str, end: &str, with: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(start) {
        let (before, after) = rest.split_at(at + start.len());
        out.push_str(before);
        out.push_str(with);
        let stop = after.find(end).unwrap_or(after.len());
        rest = &after[stop..];
    }
    out.push_str(rest);
    out
}

/// The report with what changes between runs (elapsed time, version, database age) fixed.
fn deterministic(html: &str) -> String {
    let html = replace_between(html, "<span class=\"elapsed\">", "</span>", "[ELAPSED]");
    let html = replace_between(&html, "vulnerability database: ", "</li>", "[DATABASE]");
    html.replace(
        &format!("snakeguard {}", env!("CARGO_PKG_VERSION")),
        "snakeguard [VERSION]",
    )
}

fn write_report(project: &Project) -> PathBuf {
    let report = project.path().join("report.html");
    let run = project.run(&[
        "scan",
        "--db",
        &edge_db(),
        "--format",
        "html",
        "-o",
        "report.html",
    ]);
    assert_eq!(run.code, 1, "findings exit 1: {}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.is_empty(),
        "the report goes to the file: {}",
        run.stdout
    );
    report
}

#[test]
fn html_report_is_self_contained_escaped_and_complete() {
    let project = project();
    let html = std::fs::read_to_string(write_report(&project)).expect("report written");

    // Self-contained: no script, no external reference of any kind.
    for forbidden in [
        "<script",
        "src=",
        "href=",
        "@import",
        "url(",
        "http-equiv=\"refresh\"",
    ] {
        assert!(
            !html.contains(forbidden),
            "found {forbidden:?} in the report"
        );
    }
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "snippet escaped"
    );
    assert!(
        html.contains("default-src 'none'"),
        "CSP forbids every load"
    );
    for section in [
        "id=\"summary\"",
        "id=\"severity-chart\"",
        "id=\"vulnerabilities\"",
        "id=\"findings\"",
        "id=\"endpoints\"",
        "id=\"scanner-source\"",
        "id=\"scanner-secrets\"",
        "id=\"scanner-pickle\"",
        "id=\"scanner-dependencies\"",
        "id=\"scanner-api\"",
    ] {
        assert!(html.contains(section), "missing {section}");
    }
    assert!(html.contains("/admin/users"), "endpoint inventory");

    insta::assert_snapshot!(deterministic(&html));
}

#[test]
fn markdown_report_lists_the_endpoint_inventory() {
    let project = project();
    let run = project.run(&["scan", "--db", &edge_db(), "--format", "markdown"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let inventory = run
        .stdout
        .split("### API endpoints")
        .nth(1)
        .expect("an endpoint section");
    insta::assert_snapshot!(inventory);
}

/// `/usr/bin/chromium`, installing Debian's package when it is missing and apt is usable.
fn chromium() -> Option<PathBuf> {
    if Path::new(CHROMIUM).is_file() {
        return Some(PathBuf::from(CHROMIUM));
    }
    let apt = Path::new("/usr/bin/apt-get");
    if !apt.is_file() {
        eprintln!("skipping the browser check: {CHROMIUM} is missing and there is no apt-get");
        return None;
    }
    eprintln!("{CHROMIUM} is missing: running `apt-get install -y chromium`");
    let installed = Command::new(apt)
        .args(["install", "-y", "chromium"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .is_ok_and(|status| status.success());
    if installed && Path::new(CHROMIUM).is_file() {
        Some(PathBuf::from(CHROMIUM))
    } else {
        eprintln!(
            "skipping the browser check: `apt-get install -y chromium` failed \
             (not root, or no package index: run `apt-get update` first)"
        );
        None
    }
}

/// Runs headless Chromium on `page` with `extra` arguments; returns (stdout, stderr).
fn run_chromium(chromium: &Path, page: &Path, extra: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().expect("profile directory");
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "chromium failed ({}): {stderr}",
        output.status
    );
    (stdout, stderr)
}

/// Console messages and page errors Chromium logged (`CONSOLE(…)`, `Uncaught …`, CSP
/// refusals), if any.
fn console_errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| {
            line.contains("CONSOLE")
                || line.contains("Uncaught")
                || line.contains("Refused to")
                || line.contains("Content Security Policy")
        })
        .collect()
}

#[test]
fn html_report_renders_in_headless_chromium_without_console_errors() {
    let Some(chromium) = chromium() else {
        return;
    };
    let project = project();
    // The check must be able to fail: a page that logs an error is caught.
    let canary = project.write(
        "canary.html",
        "<!DOCTYPE html><html><body><script>console.error('canary')</script></body></html>",
    );
    let (_, stderr) = run_chromium(&chromium, &canary, &["--dump-dom".to_string()]);
    assert!(
        console_errors(&stderr)
            .iter()
            .any(|line| line.contains("canary")),
        "console messages are not visible in Chromium's log; the check would pass blindly: {stderr}"
    );
    std::fs::remove_file(&canary).expect("remove the canary");
    let report = write_report(&project);

    let (dom, stderr) = run_chromium(&chromium, &report, &["--dump-dom".to_string()]);
    assert_eq!(console_errors(&stderr), Vec::<&str>::new(), "{stderr}");
    assert!(
        dom.contains("id=\"snakeguard-report\""),
        "the page rendered its main element: {dom}"
    );
    assert!(
        dom.contains("id=\"severity-chart\""),
        "the chart is in the DOM"
    );
    assert!(!dom.contains("<script"), "no script element appeared");

    let artifacts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/test-artifacts");
    std::fs::create_dir_all(&artifacts).expect("artifact directory");
    let screenshot = artifacts.join("html-report.png");
    let _ = std::fs::remove_file(&screenshot);
    let (_, stderr) = run_chromium(
        &chromium,
        &report,
        &[
            format!("--screenshot={}", screenshot.display()),
            "--window-size=1280,2000".to_string(),
            "--hide-scrollbars".to_string(),
        ],
    );
    assert_eq!(console_errors(&stderr), Vec::<&str>::new(), "{stderr}");
    let png = std::fs::read(&screenshot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    eprintln!("screenshot: {}", screenshot.display());
}

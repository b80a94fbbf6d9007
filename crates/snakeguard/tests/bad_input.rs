//! Bad input never panics and never loses output: each case gives a finding or a count.

mod common;

use common::{Project, json_findings};

fn summary_line(stdout: &str) -> String {
    stdout
        .lines()
        .find(|line| line.starts_with("Scanned"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn syntax_error_is_one_finding_and_other_rules_still_run() {
    let project = Project::new();
    project.write(
        "broken.py",
        "import pickle\ndef broken(:\n    pass\npickle.loads(x)\nx = = 1\n",
    );
    let run = project.run(&["scan", "--select", "B301,SG", "--format", "json"]);
    assert_eq!(
        json_findings(&run.stdout),
        vec!["SG001 broken.py:2", "B301 broken.py:4"]
    );
}

#[test]
fn non_utf8_and_binary_files_are_skipped_and_counted() {
    let project = Project::new();
    project.write("latin.py", b"x = '\xe9t\xe9'\n");
    project.write("blob.bin", b"\x00\x01\x02\x03");
    project.write("ok.py", "x = 1\n");
    let run = project.run(&["scan"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        summary_line(&run.stdout),
        "Scanned 1 file, skipped 2 (binary: 1, not-utf8: 1)"
    );
}

#[test]
fn files_no_selected_scanner_reads_are_not_opened() {
    // With only Bandit's rules selected, nothing reads the binary or the text file: they
    // are counted as such instead of being opened and sniffed (`binary` above).
    let project = Project::new();
    project.write("latin.py", b"x = '\xe9t\xe9'\n");
    project.write("blob.bin", b"\x00\x01\x02\x03");
    project.write("notes.txt", "password = 'hunter2hunter2'\n");
    project.write("ok.py", "x = 1\n");
    let run = project.run(&["scan", "--select", "B"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        summary_line(&run.stdout),
        "Scanned 1 file, skipped 3 (no-scanner: 2, not-utf8: 1)"
    );
}

#[test]
fn empty_file_is_fine() {
    let project = Project::new();
    project.write("empty.py", "");
    let run = project.run(&["scan"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(summary_line(&run.stdout), "Scanned 1 file");
}

#[test]
fn twenty_megabyte_file_is_scanned() {
    let project = Project::new();
    let mut source = String::from("import pickle\n");
    while source.len() < 20 * 1024 * 1024 {
        source.push_str("value = compute(alpha, beta, gamma) + other_value * 3  # filler line\n");
    }
    source.push_str("pickle.loads(data)\n");
    let lines = source.lines().count();
    project.write("huge.py", source);
    let run = project.run(&["scan", "--select", "B301", "--format", "json"]);
    assert_eq!(
        json_findings(&run.stdout),
        vec![format!("B301 huge.py:{lines}")]
    );
}

#[test]
fn deeply_nested_brackets_and_calls_do_not_overflow() {
    let project = Project::new();
    let depth = 100_000;
    project.write(
        "lists.py",
        format!("x = {}{}\n", "[".repeat(depth), "]".repeat(depth)),
    );
    project.write(
        "calls.py",
        format!(
            "import pickle\ny = {}1{}\npickle.loads(z)\n",
            "f(".repeat(depth),
            ")".repeat(depth)
        ),
    );
    let run = project.run(&["scan", "--format", "json"]);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}: {}",
        run.code,
        run.stderr
    );
    let findings = json_findings(&run.stdout);
    assert!(
        findings.contains(&"B301 calls.py:3".to_string()),
        "{findings:?}"
    );
    assert!(
        findings.iter().any(|finding| finding.starts_with("SG003 ")),
        "depth guard reported: {findings:?}"
    );
    assert!(
        !findings.iter().any(|finding| finding.starts_with("SG002 ")),
        "no internal error: {findings:?}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_counted() {
    let project = Project::new();
    project.write("pkg/ok.py", "x = 1\n");
    std::os::unix::fs::symlink(project.path(), project.path().join("pkg/loop")).unwrap();
    std::os::unix::fs::symlink(
        project.path().join("nowhere.py"),
        project.path().join("dangling.py"),
    )
    .unwrap();
    let run = project.run(&["scan", "--format", "json"]);
    assert_eq!(json_findings(&run.stdout), vec!["SG003 dangling.py:1"]);
    let run = project.run(&["scan"]);
    assert!(
        summary_line(&run.stdout).contains("symlink-loop: 1"),
        "{}",
        run.stdout
    );
    assert!(
        summary_line(&run.stdout).contains("unreadable: 1"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_panic_in_one_file_is_sg002_and_the_scan_finishes() {
    let project = Project::new();
    project.write("explodes.py", "x = 1\n");
    project.write("fine.py", "import pickle\npickle.loads(b)\n");
    let run = project.run_with_env(
        &["scan", "--select", "B301,SG", "--format", "json"],
        &[("SNAKEGUARD_DEBUG_PANIC_ON", "explodes.py")],
    );
    assert_eq!(
        json_findings(&run.stdout),
        vec!["SG002 explodes.py:1", "B301 fine.py:2"]
    );
    assert!(
        !run.stderr.contains("panicked"),
        "the panic is reported once, as a finding: {}",
        run.stderr
    );
}

#[test]
fn notebook_code_cells_are_scanned_with_cell_lines() {
    let project = Project::new();
    let notebook = serde_json::json!({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "pickle.loads(x)\n"]},
            {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [], "source": ["import pickle\n"]},
            {"cell_type": "code", "metadata": {}, "execution_count": 2, "outputs": [], "source": ["%matplotlib inline\n", "data = pickle.loads(blob)\n"]}
        ]
    });
    project.write("analysis.ipynb", notebook.to_string());
    let run = project.run(&["scan", "--select", "B301", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let finding = &document["findings"][0];
    assert_eq!(finding["rule"], "B301");
    assert_eq!(finding["line"], 2);
    assert_eq!(finding["cell"], 3);
    let text = project.run(&["scan", "--select", "B301"]).stdout;
    assert!(text.contains("analysis.ipynb:cell 3:2:8"), "{text}");
}

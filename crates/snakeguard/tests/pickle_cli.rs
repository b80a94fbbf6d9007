//! `snakeguard pickle` and pickle scanning inside `snakeguard scan`, on the committed fixtures.

mod common;

use common::{Project, json_findings};

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../resources/test/fixtures/pickle")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn verdicts_per_file_and_exit_codes() {
    let project = Project::new();
    project.write(
        "models/state_dict.pt",
        fixture("benign_torch_state_dict.pt"),
    );
    project.write(
        "models/pipeline.pkl",
        fixture("benign_sklearn_pipeline.pkl"),
    );
    let run = project.run(&["pickle", "models"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("safe       models/state_dict.pt"),
        "{}",
        run.stdout
    );

    project.write("models/evil.pkl", fixture("bypass_after_stop.pkl"));
    let run = project.run(&["pickle", "models", "--format", "json"]);
    assert_eq!(run.code, 1);
    let findings = json_findings(&run.stdout);
    assert!(
        !findings.is_empty()
            && findings
                .iter()
                .all(|finding| finding.contains("models/evil.pkl")),
        "{findings:?}"
    );
}

#[test]
fn scan_finds_a_pickle_renamed_to_txt_but_not_python_files() {
    let project = Project::new();
    project.write("notes.txt", fixture("bypass_after_stop.pkl"));
    project.write("app.py", "x = 1\n");
    let run = project.run(&["scan", "--select", "PKL", "--format", "json"]);
    assert_eq!(run.code, 1);
    let findings = json_findings(&run.stdout);
    assert!(
        findings.iter().all(|finding| finding.contains("notes.txt")),
        "{findings:?}"
    );
}

#[test]
fn explain_prints_the_disassembly() {
    let project = Project::new();
    project.write("evil.pkl", fixture("bypass_after_stop.pkl"));
    let run = project.run(&["pickle", "evil.pkl", "--explain"]);
    assert!(run.stdout.contains("STOP"), "{}", run.stdout);
    assert!(
        run.stdout.contains("<-- !!"),
        "flagged operations are marked:\n{}",
        run.stdout
    );
}

#[test]
fn missing_file_is_a_usage_error() {
    let project = Project::new();
    let run = project.run(&["pickle", "nope.pkl"]);
    assert_eq!(run.code, 2);
}

//! `# nosec` / `# noqa` forms on the real binary.

mod common;

use common::{Project, json_findings};

fn scan(source: &str, extra: &[&str]) -> Vec<String> {
    let project = Project::new();
    project.write("m.py", source);
    let mut args = vec!["scan", "--select", "B301,B602", "--format", "json"];
    args.extend_from_slice(extra);
    json_findings(&project.run(&args).stdout)
}

#[test]
fn bare_nosec_silences_the_line() {
    assert!(scan("import pickle\npickle.loads(b)  # nosec\n", &[]).is_empty());
}

#[test]
fn nosec_with_ids_or_test_names_silences_only_those() {
    assert!(scan("import pickle\npickle.loads(b)  # nosec B301\n", &[]).is_empty());
    assert!(scan("import pickle\npickle.loads(b)  # nosec: blacklist\n", &[]).is_empty());
    assert!(
        scan("import pickle\npickle.loads(b)  # nosec B001\n", &[]).is_empty(),
        "B001 is Bandit's umbrella id for every blacklist check"
    );
    assert_eq!(
        scan("import pickle\npickle.loads(b)  # nosec B602\n", &[]),
        vec!["B301 m.py:2"]
    );
}

#[test]
fn noqa_with_bandit_or_ruff_codes() {
    assert!(scan("import pickle\npickle.loads(b)  # noqa: B301\n", &[]).is_empty());
    assert!(scan("import pickle\npickle.loads(b)  # noqa: S301\n", &[]).is_empty());
    assert_eq!(
        scan("import pickle\npickle.loads(b)  # noqa\n", &[]),
        vec!["B301 m.py:2"],
        "bare noqa is for linters"
    );
}

#[test]
fn any_line_of_a_multiline_statement() {
    let source = "import subprocess\nsubprocess.run(\n    cmd,\n    shell=True,  # nosec B602\n)\n";
    assert!(scan(source, &[]).is_empty());
    // The comment inside a function body does not reach the function's other statements.
    let source =
        "import subprocess\ndef f(cmd):\n    x = 1  # nosec\n    subprocess.run(cmd, shell=True)\n";
    assert_eq!(scan(source, &[]), vec!["B602 m.py:4"]);
}

#[test]
fn nosec_inside_a_string_does_not_count() {
    assert_eq!(
        scan("import pickle\npickle.loads('# nosec')\n", &[]),
        vec!["B301 m.py:2"]
    );
}

#[test]
fn ignore_nosec_reports_everything() {
    assert_eq!(
        scan(
            "import pickle\npickle.loads(b)  # nosec\n",
            &["--ignore-nosec"]
        ),
        vec!["B301 m.py:2"]
    );
}

#[test]
fn unused_suppressions_only_on_request() {
    let source = "import json\njson.loads(b)  # nosec B301\n";
    assert!(scan(source, &[]).is_empty());
    assert_eq!(
        scan(source, &["--show-unused-suppressions"]),
        vec!["SG004 m.py:2"]
    );
}

#[test]
fn summary_counts_suppressed_findings() {
    let project = Project::new();
    project.write("m.py", "import pickle\npickle.loads(b)  # nosec\n");
    let run = project.run(&["scan", "--select", "B301"]);
    assert!(run.stdout.contains("nosec: 1"), "{}", run.stdout);
}

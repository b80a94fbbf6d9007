//! `--write-baseline` then `--baseline`: only new findings are reported.

mod common;

use common::{Project, json_findings};

#[test]
fn baseline_absorbs_known_findings_across_line_shifts_and_counts_duplicates() {
    let project = Project::new();
    project.write("m.py", "import pickle\npickle.loads(a)\n");
    let run = project.run(&[
        "scan",
        "--select",
        "B301",
        "--write-baseline",
        "baseline.json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("wrote 1 fingerprints"),
        "{}",
        run.stderr
    );

    let run = project.run(&[
        "scan",
        "--select",
        "B301",
        "--baseline",
        "baseline.json",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(json_findings(&run.stdout).is_empty());

    // Lines move: still absorbed.
    project.write("m.py", "import pickle\n\n\n# moved\npickle.loads(a)\n");
    let run = project.run(&[
        "scan",
        "--select",
        "B301",
        "--baseline",
        "baseline.json",
        "--format",
        "json",
    ]);
    assert!(json_findings(&run.stdout).is_empty(), "{}", run.stdout);

    // A second identical call is new: the baseline absorbs one, not all.
    project.write("m.py", "import pickle\npickle.loads(a)\npickle.loads(a)\n");
    let run = project.run(&[
        "scan",
        "--select",
        "B301",
        "--baseline",
        "baseline.json",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(json_findings(&run.stdout), vec!["B301 m.py:3"]);
}

#[test]
fn unreadable_baseline_is_a_clear_error() {
    let project = Project::new();
    project.write("m.py", "x = 1\n");
    project.write("baseline.json", "{not json");
    let run = project.run(&["scan", "--baseline", "baseline.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a snakeguard baseline"),
        "{}",
        run.stderr
    );
    let run = project.run(&["scan", "--baseline", "missing.json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing.json"), "{}", run.stderr);
}

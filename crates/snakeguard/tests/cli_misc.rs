//! `--version`, `help`, `completions` and `init` on the real binary.

mod common;

use common::Project;

#[test]
fn version_and_help() {
    let project = Project::new();
    let run = project.run(&["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout.trim(),
        format!("snakeguard {}", env!("CARGO_PKG_VERSION"))
    );
    let run = project.run(&["help"]);
    assert_eq!(run.code, 0);
    for command in [
        "scan",
        "audit",
        "pickle",
        "deps",
        "db",
        "rule",
        "init",
        "completions",
    ] {
        assert!(
            run.stdout.contains(command),
            "help lists {command}:\n{}",
            run.stdout
        );
    }
    let run = project.run(&["scan", "--bogus-flag"]);
    assert_eq!(run.code, 2);
}

#[test]
fn completions_for_each_shell() {
    let project = Project::new();
    for shell in ["bash", "zsh", "fish"] {
        let run = project.run(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(
            run.stdout.contains("snakeguard") && run.stdout.contains("scan"),
            "{shell}"
        );
    }
}

#[test]
fn init_adds_a_section_once_and_keeps_the_file() {
    let project = Project::new();
    project.write(
        "pyproject.toml",
        "[project]\nname = \"demo\"\nversion = \"1.0\"\n",
    );
    let run = project.run(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(project.path().join("pyproject.toml")).unwrap();
    assert!(text.starts_with("[project]\nname = \"demo\""), "{text}");
    assert!(text.contains("[tool.snakeguard]"), "{text}");
    // The written section is a working configuration.
    project.write("tests/test_a.py", "assert True\n");
    let run = project.run(&["scan", "--select", "B101"]);
    assert_eq!(
        run.code, 0,
        "per-file-ignores from init silence B101 in tests: {}",
        run.stdout
    );

    let run = project.run(&["init"]);
    assert!(run.stderr.contains("already has"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(project.path().join("pyproject.toml")).unwrap(),
        text
    );
}

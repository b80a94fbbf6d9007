//! The real binary on small trees: exit codes, formats, configuration discovery, selection.

mod common;

use common::{Project, json_findings};

const VULNERABLE: &str = "import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n";

#[test]
fn clean_tree_exits_zero_and_findings_exit_one() {
    let project = Project::new();
    project.write("ok.py", "import json\nprint(json.dumps({}))\n");
    let run = project.run(&["scan"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("No findings"), "{}", run.stdout);

    project.write("bad.py", VULNERABLE);
    let run = project.run(&["scan", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        json_findings(&run.stdout),
        vec!["B403 bad.py:1", "B301 bad.py:5"],
        "findings are ordered by path, then position"
    );

    let run = project.run(&["scan", "--exit-zero"]);
    assert_eq!(run.code, 0);
}

#[test]
fn severity_and_confidence_thresholds_filter_and_gate() {
    let project = Project::new();
    project.write("bad.py", VULNERABLE);
    let run = project.run(&["scan", "--severity", "high", "--format", "json"]);
    assert_eq!(run.code, 0, "B301 is medium and B403 low: nothing at high");
    assert!(json_findings(&run.stdout).is_empty());
    let run = project.run(&["scan", "--severity", "medium", "--format", "json"]);
    assert_eq!(json_findings(&run.stdout), vec!["B301 bad.py:5"]);
}

#[test]
fn select_and_ignore_take_codes_prefixes_and_names() {
    let project = Project::new();
    project.write("bad.py", VULNERABLE);
    let run = project.run(&["scan", "--select", "B3", "--format", "json"]);
    assert_eq!(json_findings(&run.stdout), vec!["B301 bad.py:5"]);
    let run = project.run(&["scan", "--ignore", "B301,B4", "--format", "json"]);
    assert!(json_findings(&run.stdout).is_empty());
    assert_eq!(run.code, 0);
    let run = project.run(&["scan", "--select", "import-pickle", "--format", "json"]);
    assert_eq!(json_findings(&run.stdout), vec!["B403 bad.py:1"]);
}

#[test]
fn unknown_selector_is_a_usage_error() {
    let project = Project::new();
    project.write("bad.py", VULNERABLE);
    let run = project.run(&["scan", "--select", "B999"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown rule selector `B999`"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_path_is_a_usage_error() {
    let project = Project::new();
    let run = project.run(&["scan", "does-not-exist"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("does-not-exist: no such file or directory"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_format_renders_and_parses() {
    let project = Project::new();
    project.write("bad.py", VULNERABLE);
    for format in ["text", "json", "sarif", "github", "markdown", "junit"] {
        let run = project.run(&["scan", "--format", format]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        match format {
            "json" | "sarif" => {
                let document: serde_json::Value =
                    serde_json::from_str(&run.stdout).expect("valid JSON");
                if format == "sarif" {
                    assert_eq!(document["version"], "2.1.0");
                    assert_eq!(
                        document["runs"][0]["results"].as_array().map(Vec::len),
                        Some(2)
                    );
                } else {
                    assert_eq!(document["version"], 1);
                }
            }
            "github" => assert!(
                run.stdout.lines().all(|line| line.starts_with("::")),
                "{}",
                run.stdout
            ),
            "junit" => assert!(run.stdout.starts_with("<?xml"), "{}", run.stdout),
            _ => assert!(run.stdout.contains("B301"), "{format}: {}", run.stdout),
        }
    }
}

#[test]
fn output_file_and_no_colour_without_a_terminal() {
    let project = Project::new();
    project.write("bad.py", VULNERABLE);
    let run = project.run(&["scan", "-o", "report.json", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    let written = std::fs::read_to_string(project.path().join("report.json")).unwrap();
    assert_eq!(json_findings(&written).len(), 2);
    let run = project.run(&["scan"]);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no escape codes when stdout is not a terminal"
    );
}

#[test]
fn pyproject_section_is_discovered_from_a_subdirectory() {
    let project = Project::new();
    project.write(
        "pyproject.toml",
        "[project]\nname = \"demo\"\n\n[tool.snakeguard]\nignore = [\"B403\"]\n",
    );
    project.write("src/demo/bad.py", VULNERABLE);
    let run = project.run(&["scan", "src", "--format", "json"]);
    assert_eq!(json_findings(&run.stdout), vec!["B301 src/demo/bad.py:5"]);
}

#[test]
fn snakeguard_toml_per_file_ignores_and_excludes() {
    let project = Project::new();
    project.write(
        "snakeguard.toml",
        "exclude = [\"vendor\"]\n[per-file-ignores]\n\"tests/**\" = [\"B101\"]\n\"test_*.py\" = [\"B101\"]\n",
    );
    project.write("tests/unit/test_x.py", "assert 1 == 1\n");
    project.write("test_top.py", "assert 1 == 1\n");
    project.write("app.py", "assert 1 == 1\n");
    project.write("vendor/lib.py", VULNERABLE);
    let run = project.run(&["scan", "--format", "json"]);
    assert_eq!(json_findings(&run.stdout), vec!["B101 app.py:1"]);
}

#[test]
fn bandit_configuration_is_the_fallback() {
    let project = Project::new();
    project.write(
        "pyproject.toml",
        "[tool.bandit]\nskips = [\"B403\"]\nexclude_dirs = [\"build\"]\n",
    );
    project.write("bad.py", VULNERABLE);
    project.write("build/gen.py", VULNERABLE);
    let run = project.run(&["scan", "--format", "json"]);
    assert_eq!(json_findings(&run.stdout), vec!["B301 bad.py:5"]);

    let project = Project::new();
    project.write(".bandit", "[bandit]\ntests = B403\n");
    project.write("bad.py", VULNERABLE);
    let run = project.run(&["scan", "--format", "json"]);
    assert_eq!(json_findings(&run.stdout), vec!["B403 bad.py:1"]);
}

#[test]
fn bandit_plugin_options_apply() {
    let project = Project::new();
    project.write(
        "pyproject.toml",
        "[tool.snakeguard.bandit.assert_used]\nskips = [\"*_test.py\"]\n",
    );
    project.write("x_test.py", "assert True\n");
    project.write("x.py", "assert True\n");
    let run = project.run(&["scan", "--format", "json"]);
    assert_eq!(json_findings(&run.stdout), vec!["B101 x.py:1"]);
}

#[test]
fn unknown_configuration_keys_are_errors_naming_the_key() {
    let project = Project::new();
    project.write("pyproject.toml", "[tool.snakeguard]\nignroe = [\"B101\"]\n");
    project.write("x.py", "x = 1\n");
    let run = project.run(&["scan"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("ignroe") && run.stderr.contains("pyproject.toml"),
        "{}",
        run.stderr
    );

    project.write(
        "pyproject.toml",
        "[tool.snakeguard]\nignore = [\"B9999\"]\n",
    );
    let run = project.run(&["scan"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("B9999"), "{}", run.stderr);

    project.write(
        "pyproject.toml",
        "[tool.snakeguard.bandit.assert_used]\nskip = [\"x\"]\n",
    );
    let run = project.run(&["scan"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("skip"), "{}", run.stderr);
}

#[test]
fn explicit_config_file_wins() {
    let project = Project::new();
    project.write("pyproject.toml", "[tool.snakeguard]\nignore = [\"B403\"]\n");
    project.write("strict.toml", "select = [\"B403\"]\n");
    project.write("bad.py", VULNERABLE);
    let run = project.run(&["scan", "--config", "strict.toml", "--format", "json"]);
    assert_eq!(json_findings(&run.stdout), vec!["B403 bad.py:1"]);
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let project = Project::new();
    for index in 0..40 {
        project.write(&format!("pkg{}/m{index}.py", index % 7), VULNERABLE);
    }
    let one = project.run(&["scan", "-j", "1", "--format", "json"]);
    let many = project.run(&["scan", "-j", "4", "--format", "json"]);
    let strip_elapsed = |text: &str| {
        text.lines()
            .filter(|line| !line.contains("elapsed"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip_elapsed(&one.stdout), strip_elapsed(&many.stdout));
    assert_eq!(json_findings(&one.stdout).len(), 80);
}

#[test]
fn rule_command_explains_and_lists() {
    let project = Project::new();
    let run = project.run(&["rule", "B301"]);
    assert_eq!(run.code, 0);
    for section in [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## References",
    ] {
        assert!(
            run.stdout.contains(section),
            "{section} missing:\n{}",
            run.stdout
        );
    }
    let run = project.run(&["rule", "S301"]);
    assert!(
        run.stdout.contains("(B301)"),
        "Ruff's code finds Bandit's rule:\n{}",
        run.stdout
    );
    let run = project.run(&["rule", "--all"]);
    assert!(run.stdout.contains("(B101)") && run.stdout.contains("(SG001)"));
    let run = project.run(&["rule", "NOPE1"]);
    assert_eq!(run.code, 2);
}

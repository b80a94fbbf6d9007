//! `.env` hygiene and history scanning on real temporary git repositories.

use std::path::Path;
use std::process::Command;

use sg_secrets::{Options, SecretScanner, check_env_files};

/// Runs git in `dir` with a fixed identity and no user or system configuration.
fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@localhost",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", "2024-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2024-01-02T03:04:05Z")
        .output()
        .is_ok_and(|output| output.status.success())
}

fn git_available() -> bool {
    let available = Command::new("git").arg("--version").output().is_ok();
    if !available {
        #[allow(clippy::print_stderr)] // the skip must be visible in the test log
        {
            eprintln!("skipping: git is not installed");
        }
    }
    available
}

fn write(dir: &Path, path: &str, text: &str) {
    let full = dir.join(path);
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent).expect("create parent directory");
    }
    std::fs::write(full, text).expect("write file");
}

fn codes(findings: &[sg_diagnostics::Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|finding| format!("{} {}", finding.rule.code, finding.path))
        .collect()
}

#[test]
fn env_files_tracked_ignored_and_not_ignored() {
    if !git_available() {
        return;
    }
    let repo = tempfile::tempdir().expect("temp dir");
    let root = repo.path();
    assert!(git(root, &["init", "-q"]));
    write(root, ".gitignore", ".env.local\nsecrets/\n");
    write(root, ".env", "DEBUG=1\n");
    write(root, ".env.local", "API_KEY=x\n");
    write(root, ".env.production", "API_KEY=y\n");
    write(root, ".env.example", "API_KEY=\n");
    write(root, "services/api/prod.env", "TOKEN=z\n");
    write(root, "secrets/.env", "TOKEN=z\n");
    write(root, "node_modules/pkg/.env", "X=1\n");
    assert!(git(root, &["add", ".gitignore", ".env", ".env.example"]));
    assert!(git(root, &["commit", "-q", "-m", "init"]));

    let findings = check_env_files(root).expect("hygiene check runs");
    assert_eq!(
        codes(&findings),
        [
            "SEC002 .env",
            "SEC001 .env.production",
            "SEC001 services/api/prod.env",
        ]
    );
    assert_eq!(findings[0].severity, sg_diagnostics::Severity::High);

    // Ignoring a tracked file does not untrack it.
    write(root, ".gitignore", ".env\n.env.*\n*.env\nsecrets/\n");
    let findings = check_env_files(root).expect("hygiene check runs");
    assert_eq!(codes(&findings), ["SEC002 .env"]);
}

#[test]
fn env_files_outside_git_use_gitignore_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, ".gitignore", ".env\n");
    write(root, ".env", "A=1\n");
    write(root, "deploy/.env.staging", "A=1\n");
    let findings = check_env_files(root).expect("hygiene check runs");
    assert_eq!(codes(&findings), ["SEC001 deploy/.env.staging"]);
    assert!(findings[0].message.contains("not ignored"));
}

#[test]
fn history_finds_deleted_secrets_with_their_commit() {
    if !git_available() {
        return;
    }
    let repo = tempfile::tempdir().expect("temp dir");
    let root = repo.path();
    assert!(git(root, &["init", "-q"]));
    write(root, "app.py", "import os\n\nDEBUG = True\n");
    assert!(git(root, &["add", "."]));
    assert!(git(root, &["commit", "-q", "-m", "initial"]));
    write(
        root,
        "app.py",
        "import os\n\nDEBUG = True\nAWS_ACCESS_KEY_ID = \"AKIA2E3F4G5H6J7K2L3M\"\nSLACK = \"xoxb-123456789012-1234567890123-Zr8pQ2vLx9TqW4n7Pc2vLx9T\"\n",
    );
    write(
        root,
        "deploy/key.pem",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDZr8pQ2vLx9TqW4n7Pc2vLx9TqZr8pQ2vLx9TqW4n7PcAAAAJgZr8pQ2v\n-----END OPENSSH PRIVATE KEY-----\n",
    );
    assert!(git(root, &["add", "."]));
    assert!(git(root, &["commit", "-q", "-m", "add config"]));
    let Some(added_in) = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string())
    else {
        panic!("rev-parse failed");
    };
    // Delete the secrets again: the working tree is clean, history is not.
    write(
        root,
        "app.py",
        "import os\n\nDEBUG = True\nAWS_ACCESS_KEY_ID = os.environ[\"AWS_ACCESS_KEY_ID\"]\n",
    );
    assert!(git(root, &["rm", "-q", "deploy/key.pem"]));
    assert!(git(root, &["commit", "-q", "-am", "remove secrets"]));

    let scanner = SecretScanner::new(Options::default()).expect("options compile");
    assert!(
        scanner.scan_tree(root).findings.is_empty(),
        "working tree is clean"
    );
    let history = scanner.scan_history(root).expect("history scan runs");
    assert_eq!(history.commits, 3);
    let summary: Vec<String> = history
        .findings
        .iter()
        .map(|finding| {
            format!(
                "{} {}:{}:{} {}",
                finding.rule.code,
                finding.path,
                finding.span.line,
                finding.span.column,
                finding
                    .extra
                    .get("commit")
                    .and_then(|value| value.as_str())
                    .unwrap_or_default()
                    == added_in
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "SEC101 app.py:4:22 true",
            "SEC158 app.py:5:10 true",
            "SEC302 deploy/key.pem:2:1 true",
        ]
    );
    for finding in &history.findings {
        assert!(
            finding.message.contains(&added_in[..12]),
            "{}",
            finding.message
        );
        assert!(!finding.message.contains("AKIA2E3F4G5H6J7K2L3M"));
    }
}

#[test]
fn history_of_a_directory_that_is_not_a_repository_is_an_error() {
    if !git_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let scanner = SecretScanner::new(Options::default()).expect("options compile");
    let error = scanner
        .scan_history(dir.path())
        .expect_err("not a repository");
    assert!(error.to_string().contains("cannot read the git history"));
}

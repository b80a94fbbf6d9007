//! The Python-aware secret rules (`SEC401`–`SEC407`) through the real binary: reported once
//! per literal (not also by the keyword-anchored text rule `SEC310`, a provider rule, or
//! Bandit's `B105`–`B107`), redacted in every output unless `--show-secrets`, silenced by the
//! inline allow comments and `# nosec`, absorbed by a baseline.

mod common;

use common::{Project, json_findings};

const SECRET: &str = "Kq7mW3xTb9Lp2Vn5";

fn settings_py() -> String {
    format!(
        "import os\n\
         import jwt\n\
         \n\
         SECRET_KEY = \"{SECRET}\"\n\
         DATABASES = {{\"default\": {{\"PASSWORD\": \"{SECRET}\"}}}}\n\
         db_password = \"{SECRET}\"\n\
         api_key = os.environ[\"API_KEY\"]\n\
         token_type = \"bearer\"\n\
         token = jwt.encode({{\"exp\": 1}}, \"{SECRET}\", algorithm=\"HS256\")\n\
         import requests\n\
         requests.get(\"https://x\", headers={{\"X-Api-Key\": \"{SECRET}\"}})\n"
    )
}

fn python_findings(stdout: &str) -> Vec<String> {
    json_findings(stdout)
        .into_iter()
        .filter(|finding| finding.starts_with("SEC") || finding.starts_with("B10"))
        .collect()
}

#[test]
fn default_selection_reports_each_literal_once_and_redacted() {
    let project = Project::new();
    project.write("app/settings.py", settings_py());
    let run = project.run(&["scan", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        python_findings(&run.stdout),
        [
            "SEC404 app/settings.py:4",
            "SEC405 app/settings.py:5",
            "SEC401 app/settings.py:6",
            "B105 app/settings.py:8",
            "SEC407 app/settings.py:9",
            "SEC401 app/settings.py:11",
        ]
    );
    // B113 (no timeout) on the line of a secret: its snippet is redacted too.
    assert!(
        json_findings(&run.stdout).contains(&"B113 app/settings.py:11".to_string()),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains(SECRET), "{}", run.stdout);
    assert!(
        run.stdout.contains("\"redacted\": \"Kq7***(16 chars)\""),
        "{}",
        run.stdout
    );

    let text = project.run(&["scan"]);
    assert!(!text.stdout.contains(SECRET), "{}", text.stdout);
    assert!(text.stdout.contains("SEC401"), "{}", text.stdout);
    for format in ["sarif", "markdown", "junit", "github"] {
        let run = project.run(&["scan", "--format", format]);
        assert!(!run.stdout.contains(SECRET), "{format}: {}", run.stdout);
    }
}

#[test]
fn show_secrets_shows_them_but_never_in_the_fingerprint() {
    let project = Project::new();
    project.write("settings.py", settings_py());
    let run = project.run(&[
        "scan",
        "--select",
        "SEC401",
        "--show-secrets",
        "--format",
        "json",
    ]);
    // Without SEC405, the `DATABASES` password is a secret-like dict entry.
    assert_eq!(
        python_findings(&run.stdout),
        [
            "SEC401 settings.py:5",
            "SEC401 settings.py:6",
            "SEC401 settings.py:11"
        ]
    );
    let document: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_default();
    let finding = &document["findings"][1];
    assert!(
        finding["message"]
            .as_str()
            .unwrap_or_default()
            .contains(SECRET)
    );
    assert!(
        !finding["fingerprint"]
            .as_str()
            .unwrap_or(SECRET)
            .contains(SECRET)
    );
}

#[test]
fn selection_decides_which_family_reports() {
    let project = Project::new();
    project.write("settings.py", settings_py());
    // Bandit alone: Bandit's semantics, SEC4xx off.
    let run = project.run(&["scan", "--select", "B105", "--format", "json"]);
    assert_eq!(
        python_findings(&run.stdout),
        [
            "B105 settings.py:4",
            "B105 settings.py:5",
            "B105 settings.py:6",
            "B105 settings.py:8"
        ]
    );
    // Secrets without the Python-aware rules: the keyword-anchored text rule covers `.py`.
    let run = project.run(&[
        "scan", "--select", "SEC", "--ignore", "SEC4", "--format", "json",
    ]);
    assert!(
        python_findings(&run.stdout).contains(&"SEC310 settings.py:6".to_string()),
        "{}",
        run.stdout
    );
    // With them, SEC310 leaves Python literals to SEC4xx.
    let run = project.run(&["scan", "--select", "SEC", "--format", "json"]);
    assert!(!run.stdout.contains("\"SEC310\""), "{}", run.stdout);
}

#[test]
fn provider_tokens_are_reported_once_as_the_provider() {
    let project = Project::new();
    // A GitHub token shape with a valid checksum is not needed: the generic shape is
    // enough to show the overlap rule for any provider finding on the same literal.
    let token = "xoxb-2940219390-2927373816-AbCdEfGhIjKlMnOpQrStUvWx";
    project.write("bot.py", format!("slack_token = \"{token}\"\n"));
    let run = project.run(&["scan", "--select", "SEC", "--format", "json"]);
    let found = python_findings(&run.stdout);
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert!(!found[0].starts_with("SEC4"), "{found:?}");
}

#[test]
fn allow_comments_nosec_and_baseline_apply() {
    let project = Project::new();
    project.write(
        "a.py",
        format!(
            "db_password = \"{SECRET}\"  # snakeguard: allow\n\
             db_password = \"{SECRET}\"  # pragma: allowlist secret\n\
             db_password = \"{SECRET}\"  # gitleaks:allow\n\
             db_password = \"{SECRET}\"  # nosec\n\
             db_password = \"{SECRET}\"  # nosec SEC401\n\
             db_password = \"{SECRET}\"\n"
        ),
    );
    let run = project.run(&["scan", "--select", "SEC4", "--format", "json"]);
    assert_eq!(
        python_findings(&run.stdout),
        ["SEC401 a.py:6"],
        "{}",
        run.stdout
    );

    let run = project.run(&[
        "scan",
        "--select",
        "SEC4",
        "--write-baseline",
        "baseline.json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let baseline =
        std::fs::read_to_string(project.path().join("baseline.json")).unwrap_or_default();
    assert!(!baseline.contains(SECRET), "{baseline}");
    // The line moves: still absorbed.
    let moved = std::fs::read_to_string(project.path().join("a.py")).unwrap_or_default();
    project.write("a.py", format!("\n\n{moved}"));
    let run = project.run(&[
        "scan",
        "--select",
        "SEC4",
        "--baseline",
        "baseline.json",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(python_findings(&run.stdout).is_empty(), "{}", run.stdout);
}

#[test]
fn api_findings_on_a_secret_line_are_redacted_too() {
    let project = Project::new();
    project.write(
        "auth.py",
        format!(
            "import jwt\n\n\ndef issue(user):\n    return jwt.encode({{\"sub\": user}}, \"{SECRET}\", algorithm=\"HS256\")\n"
        ),
    );
    let run = project.run(&["scan", "--format", "json"]);
    let findings = json_findings(&run.stdout);
    assert!(
        findings.iter().any(|finding| finding.starts_with("JWT")),
        "an API finding on the line: {findings:?}"
    );
    assert!(
        findings.contains(&"SEC407 auth.py:5".to_string()),
        "{findings:?}"
    );
    assert!(!run.stdout.contains(SECRET), "{}", run.stdout);
}

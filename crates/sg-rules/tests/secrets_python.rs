//! The Python-aware secret rules (`SEC401`–`SEC407`, declared in `sg-secrets`) on the one
//! walk: the exact findings on `resources/test/fixtures/secrets/python_aware.py`, its
//! `# expect:` / `# ok:` markers, negatives from real idioms, and the overlap with Bandit's
//! `B105`–`B107`.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sg_diagnostics::Finding;
use sg_rules::{Options, RuleId, RuleSet, Settings, check_python_file};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../resources/test/fixtures/secrets/python_aware.py")
}

fn secret_rules() -> RuleSet {
    RuleSet::from_rules(sg_secrets::python::rules())
}

fn settings(rules: RuleSet) -> Settings {
    Settings::new(rules, Options::default()).unwrap_or_default()
}

fn check(source: &str, rules: RuleSet) -> Vec<Finding> {
    check_python_file(Path::new("app.py"), "app.py", source, &settings(rules)).findings
}

fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        let _ = writeln!(
            out,
            "{}:{} {} {} | {}",
            finding.span.line,
            finding.span.column,
            finding.rule.code,
            finding.message,
            finding.snippet
        );
    }
    out
}

#[test]
fn python_aware_fixture_snapshot() {
    let source = std::fs::read_to_string(fixture()).unwrap_or_default();
    assert!(!source.is_empty(), "fixture missing");
    let findings = check(&source, secret_rules());
    insta::assert_snapshot!(render(&findings));
}

/// Every `# expect: SECxxx` line has exactly that finding; every other line, none.
#[test]
fn fixture_markers_hold() {
    let source = std::fs::read_to_string(fixture()).unwrap_or_default();
    let findings = check(&source, secret_rules());
    let mut problems = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let on_line: Vec<&str> = findings
            .iter()
            .filter(|finding| finding.span.line == number)
            .map(|finding| finding.rule.code)
            .collect();
        let expected: Vec<&str> = line
            .split_once("# expect: ")
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .into_iter()
            .collect();
        if on_line != expected {
            problems.push(format!(
                "line {number}: got {on_line:?}, expected {expected:?}: {line}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        source
            .lines()
            .filter(|line| line.contains("# expect: "))
            .count()
            >= 12,
        "the fixture lost its positives"
    );
}

#[test]
fn nothing_runs_unless_selected() {
    let source = std::fs::read_to_string(fixture()).unwrap_or_default();
    let findings = check(&source, RuleSet::all());
    assert!(
        findings
            .iter()
            .all(|finding| !finding.rule.code.starts_with("SEC")),
        "{}",
        render(&findings)
    );
    let mut only_jwt = RuleSet::empty();
    only_jwt.insert(RuleId::SEC407);
    let codes: Vec<&str> = check(&source, only_jwt)
        .iter()
        .map(|finding| finding.rule.code)
        .collect();
    assert_eq!(codes, ["SEC407", "SEC407"]);
}

#[test]
fn negatives_from_real_idioms() {
    let source = r#"
import os
import boto3
from decouple import config
from django.conf import settings

API_KEY = config("API_KEY")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DATABASE_PASSWORD = env("DATABASE_PASSWORD")
password_validators = ["django.contrib.auth.password_validation.MinimumLengthValidator"]
AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"}]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
token_type = "Bearer"
grant_type = "password"
response = client.list_objects_v2(Bucket="b", ContinuationToken="eyJ2IjoxfQ==")
form = {"password": "", "password_confirm": ""}
headers = {"Authorization": "Bearer {token}"}
password_input = "input[name=password]"
if token == "":
    pass
if password != settings.PASSWORD:
    pass
csrf_token = "csrfmiddlewaretoken"
login(username="admin", password=os.environ["ADMIN_PASSWORD"])
def connect(user, password=None, secret_name="db-secret"):
    ...
SECRET_KEY = "{{ secret_key }}"
key = "sort-key-value-1234"
"#;
    let findings = check(source, secret_rules());
    assert_eq!(render(&findings), "");
}

#[test]
fn more_positive_sites() {
    let source = r#"
import jwt as pyjwt
from jwt import encode as jwt_encode
from flask import Flask

app = Flask(__name__)
user, password = "admin", "Zr8pQ2vLx9Tq"
API_TOKEN: str = "q8Z2vLx9TqW4n7Pc"
self.api_key = "Zr8pQ2vLx9TqW4"
app.config.update(SECRET_KEY="Zr8pQ2vLx9TqW4n7", DEBUG=False)
SECRET_KEY = "Zr8pQ2vLx9TqW4n7"
pyjwt.encode({}, "Zr8pQ2vLx9TqW4n7")
jwt_encode({}, key="Zr8pQ2vLx9TqW4n7")
async def fetch(url, *, api_token="q8Z2vLx9TqW4n7Pc"):
    ...
DATABASES["default"]["PASSWORD"] = "Zr8pQ2vLx9Tq"
"#;
    let findings = check(source, secret_rules());
    let codes: Vec<(u32, &str)> = findings
        .iter()
        .map(|finding| (finding.span.line, finding.rule.code))
        .collect();
    assert_eq!(
        codes,
        [
            (7, "SEC401"),
            (8, "SEC401"),
            (9, "SEC401"),
            (10, "SEC406"),
            (11, "SEC406"),
            (12, "SEC407"),
            (13, "SEC407"),
            (14, "SEC403"),
            (16, "SEC405"),
        ],
        "{}",
        render(&findings)
    );
    assert_eq!(
        findings[2].message,
        "Hardcoded secret assigned to a secret-like name: `self.api_key` = Zr***(14 chars)"
    );
}

#[test]
fn secrets_are_redacted_in_message_snippet_and_fingerprint() {
    // The value is written with an escape, so its source spelling differs from its value.
    let source = "db_password = \"Zr8pQ2vL\\x39Tq\"  # the db\n";
    let findings = check(source, secret_rules());
    assert_eq!(findings.len(), 1, "{}", render(&findings));
    let finding = &findings[0];
    for text in [&finding.message, &finding.snippet, &finding.fingerprint_key] {
        assert!(!text.contains("Zr8pQ2vL9Tq"), "{text}");
        assert!(!text.contains("Zr8pQ2vL\\x39Tq"), "{text}");
    }
    assert_eq!(
        finding.snippet,
        "db_password = \"Zr***(11 chars)\"  # the db"
    );

    let shown = sg_secrets::SecretScanner::new(sg_secrets::Options {
        show_secrets: true,
        ..sg_secrets::Options::default()
    });
    let Ok(shown) = shown else {
        panic!("default options compile");
    };
    let settings = settings(secret_rules()).with_secrets(Arc::new(shown));
    let outcome = check_python_file(Path::new("app.py"), "app.py", source, &settings);
    assert_eq!(outcome.findings.len(), 1);
    assert!(outcome.findings[0].message.contains("Zr8pQ2vL9Tq"));
    assert!(!outcome.findings[0].fingerprint_key.contains("Zr8pQ2vL9Tq"));
}

#[test]
fn inline_allow_comments_and_allowlists() {
    let source = r#"
db_password = "Zr8pQ2vLx9Tq"  # snakeguard: allow
db_password = "Zr8pQ2vLx9Tq"  # pragma: allowlist secret
db_password = "Zr8pQ2vLx9Tq"  # gitleaks:allow
# pragma: allowlist nextline secret
db_password = "Zr8pQ2vLx9Tq"
db_password = "Zr8pQ2vLx9Tq"  # snakeguard: allow SEC101
api_token = "sandbox-Zr8pQ2vLx9Tq"
"#;
    let findings = check(source, secret_rules());
    let lines: Vec<u32> = findings.iter().map(|finding| finding.span.line).collect();
    assert_eq!(lines, [7, 8], "{}", render(&findings));

    let options = sg_secrets::Options {
        allowlist_stopwords: vec!["sandbox".to_string()],
        ..sg_secrets::Options::default()
    };
    let Ok(scanner) = sg_secrets::SecretScanner::new(options) else {
        panic!("options compile");
    };
    let settings = settings(secret_rules()).with_secrets(Arc::new(scanner));
    let outcome = check_python_file(Path::new("app.py"), "app.py", source, &settings);
    let lines: Vec<u32> = outcome
        .findings
        .iter()
        .map(|finding| finding.span.line)
        .collect();
    assert_eq!(lines, [7]);
}

/// With SEC401–SEC403 and B105–B107 both enabled (the default selection), a hardcoded
/// password is reported once, as SEC4xx; Bandit's findings stay where SEC4xx says nothing.
#[test]
fn bandit_password_rules_yield_to_sec4xx_on_the_same_literal() {
    let source = r#"
db_password = "Zr8pQ2vLx9Tq"
token_type = "bearer"
config = {"password": "Zr8pQ2vLx9Tq", "token": "x"}
connect(password="Zr8pQ2vLx9Tq")
def f(password="Zr8pQ2vLx9Tq"):
    pass
if password == "hunter22!":
    pass
settings["password"] = "Zr8pQ2vLx9Tq"
"#;
    let mut both = RuleSet::all();
    for id in secret_rules().iter() {
        both.insert(id);
    }
    let findings = check(source, both);
    let codes: Vec<(u32, &str)> = findings
        .iter()
        .map(|finding| (finding.span.line, finding.rule.code))
        .collect();
    assert_eq!(
        codes,
        [
            (2, "SEC401"),
            (3, "B105"),
            (4, "SEC401"),
            (4, "B105"),
            (5, "SEC402"),
            (6, "SEC403"),
            (8, "SEC401"),
            (10, "SEC401"),
        ],
        "{}",
        render(&findings)
    );
    // Bandit alone is unchanged.
    let bandit: Vec<&str> = check(source, RuleSet::all())
        .iter()
        .map(|finding| finding.rule.code)
        .collect();
    assert_eq!(
        bandit,
        [
            "B105", "B105", "B105", "B105", "B106", "B107", "B105", "B105"
        ]
    );
}

/// The code path of the `python_secrets` fuzz target: Python made of secret-position
/// fragments (assignments, dicts, calls, defaults, comparisons, tuples, allow comments) with
/// every rule on. Never panics; every SEC4xx finding is redacted and fingerprinted by hash.
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn fragment() -> impl Strategy<Value = String> {
        let names = prop::sample::select(vec![
            "password",
            "db_password",
            "self.api_key",
            "SECRET_KEY",
            "token_type",
            "DATABASES",
            "app.secret_key",
            "NextToken",
            "x",
            "a, password",
        ]);
        let values = prop::sample::select(vec![
            "\"Zr8pQ2vLx9Tq\"",
            "\"\"",
            "\"changeme\"",
            "'a' 'b'",
            "f\"{x}\"",
            "b\"k\"",
            "os.environ[\"X\"]",
            "(\"u\", \"Zr8pQ2vLx9Tq\")",
            "{\"PASSWORD\": \"Zr8pQ2vLx9Tq\"}",
            "\"\\x41\\u00e9\\N{BULLET}long-enough\"",
            "\"é🦀é🦀é🦀é🦀\"",
        ]);
        let shapes = prop::sample::select(vec![
            "{n} = {v}",
            "{n}: str = {v}",
            "f({n}={v})",
            "def g({n}={v}): pass",
            "if {n} == {v}: pass",
            "{{{v}: {v}, \"token\": {v}}}",
            "jwt.encode({{}}, {v})",
            "app.config[\"SECRET_KEY\"] = {v}",
            "DATABASES[\"a\"][\"PASSWORD\"] = {v}",
            "{n} = {v}  # snakeguard: allow",
            "x = (\n{v}\n)",
            "{n} = {v} if y else {v}",
        ]);
        (shapes, names, values).prop_map(|(shape, name, value)| {
            shape
                .replace("{n}", name)
                .replace("{v}", value)
                .replace("{{", "{")
                .replace("}}", "}")
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn secret_sites_never_panic_and_are_redacted(lines in prop::collection::vec(fragment(), 1..8)) {
            let source = format!("import jwt\nimport os\n{}\n", lines.join("\n"));
            let mut rules = RuleSet::all();
            for id in secret_rules().iter() {
                rules.insert(id);
            }
            for path in ["p.py", "p.ipynb"] {
                let outcome = check_python_file(Path::new(path), path, &source, &settings(rules));
                for finding in &outcome.findings {
                    if finding.rule.code.starts_with("SEC") {
                        prop_assert!(finding.fingerprint_key.starts_with("sha256:"));
                        prop_assert!(!finding.message.contains("Zr8pQ2vLx9Tq"));
                        prop_assert!(!finding.snippet.contains("Zr8pQ2vLx9Tq"), "{}", finding.snippet);
                    }
                }
            }
        }
    }
}

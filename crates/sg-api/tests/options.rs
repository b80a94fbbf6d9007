//! `[tool.snakeguard.api]` options and the library-version hint, on small projects written
//! to a temporary directory.

mod common;

use std::path::Path;

use sg_api::{LibraryVersions, Options};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::write(path, text).unwrap_or_else(|error| panic!("write {name}: {error}"));
}

fn codes(dir: &Path, options: &Options) -> Vec<String> {
    let (_, _, findings) = common::scan(dir, options);
    findings
        .iter()
        .map(|finding| {
            format!(
                "{} {}",
                finding.rule.code,
                finding
                    .extra
                    .get("endpoint")
                    .and_then(|v| v.as_str())
                    .unwrap_or("-")
            )
        })
        .collect()
}

const IN_HOUSE: &str = r#"
from flask import Flask
from myauth import require_user, throttled

app = Flask(__name__)


@app.post("/orders")
@require_user
def create_order():
    return ""


@app.post("/login")
@throttled("5/m")
def login():
    return ""
"#;

#[test]
fn in_house_decorators_are_configurable() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    write(dir.path(), "app.py", IN_HOUSE);
    let default = codes(dir.path(), &Options::default());
    assert!(
        default.contains(&"API001 POST /orders".to_string()),
        "{default:?}"
    );
    assert!(
        default.contains(&"API002 POST /login".to_string()),
        "{default:?}"
    );
    let options: Options = toml::from_str(
        "auth-decorators = [\"myauth.require_user\"]\nrate-limit-decorators = [\"throttled\"]",
    )?;
    let configured = codes(dir.path(), &options);
    assert!(
        !configured.iter().any(|c| c.starts_with("API001")),
        "{configured:?}"
    );
    assert!(
        !configured.iter().any(|c| c.starts_with("API002")),
        "{configured:?}"
    );
    let (_, inventory, _) = common::scan(dir.path(), &options);
    let table = sg_api::render::table(&inventory);
    assert!(table.contains("require_user"), "{table}");
    assert!(table.contains("throttled(\"5/m\")"), "{table}");
    Ok(())
}

#[test]
fn auth_dependencies_and_public_paths_are_configurable() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    write(
        dir.path(),
        "main.py",
        r#"
from fastapi import Depends, FastAPI
from tenancy import tenant_user

app = FastAPI()


@app.post("/projects")
def create_project(user=Depends(tenant_user)):
    return {}


@app.post("/webhooks/github")
def github():
    return {}
"#,
    );
    let default = codes(dir.path(), &Options::default());
    assert!(
        default.contains(&"API001 POST /projects".to_string()),
        "{default:?}"
    );
    assert!(
        default.contains(&"API001 POST /webhooks/github".to_string()),
        "{default:?}"
    );
    let options: Options =
        toml::from_str("auth-dependencies = [\"tenant_user\"]\npublic-paths = [\"/webhooks/*\"]")?;
    let configured = codes(dir.path(), &options);
    assert!(
        !configured.iter().any(|c| c.starts_with("API001")),
        "{configured:?}"
    );
    Ok(())
}

const PYJWT: &str = r"
import jwt


def legacy(token, key):
    return jwt.decode(token, key, verify=False)


def no_algorithms(token, key):
    return jwt.decode(token, key)
";

fn pyjwt_findings(version: Option<&str>) -> Result<String, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    write(dir.path(), "tokens.py", PYJWT);
    let options = Options {
        library_versions: LibraryVersions {
            pyjwt: version.map(ToString::to_string),
        },
        ..Options::default()
    };
    let (_, _, findings) = common::scan(dir.path(), &options);
    Ok(common::render_findings(&findings))
}

#[test]
fn pyjwt_version_picks_the_message() -> Result<(), Box<dyn std::error::Error>> {
    let rendered = format!(
        "# unknown\n{}# 1.7.1\n{}# 2.8.0\n{}",
        pyjwt_findings(None)?,
        pyjwt_findings(Some("1.7.1"))?,
        pyjwt_findings(Some("2.8.0"))?
    );
    insta::assert_snapshot!(rendered);
    Ok(())
}

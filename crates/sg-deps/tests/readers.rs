//! Snapshot tests of the parsed dependencies of realistic fixtures, one per format: what
//! every reader extracts (versions, specifiers, markers, extras, hashes, sources, relations)
//! and that the recorded positions point at the right bytes of the file.

mod common;

use std::collections::BTreeMap;

use common::{fixtures, manifest_view};
use sg_deps::EnvVars;

fn env() -> EnvVars {
    EnvVars::Map(BTreeMap::from([
        ("PYPI_USER".to_string(), "ci".to_string()),
        ("PYPI_TOKEN".to_string(), "s3cr3t-token".to_string()),
        ("NUMPY_VERSION".to_string(), "2.1.3".to_string()),
    ]))
}

#[test]
fn requirements_with_includes_hashes_markers_and_env_vars() {
    let path = fixtures().join("formats/requirements/requirements.txt");
    let manifest = sg_deps::read_requirements(&path, &env());
    let shown = format!("{manifest:?}");
    assert!(!shown.contains("s3cr3t-token"), "an expanded secret leaked");
    insta::assert_yaml_snapshot!(manifest_view(&manifest));
}

#[test]
fn pyproject_pep621_and_dependency_groups() {
    let manifest = sg_deps::read_pyproject(&fixtures().join("formats/pyproject/pyproject.toml"));
    insta::assert_yaml_snapshot!(manifest_view(&manifest));
}

#[test]
fn pyproject_poetry() {
    let manifest = sg_deps::read_pyproject(&fixtures().join("formats/poetry/pyproject.toml"));
    insta::assert_yaml_snapshot!(manifest_view(&manifest));
}

#[test]
fn setup_cfg() {
    let manifest = sg_deps::read_setup_cfg(&fixtures().join("formats/setup-cfg/setup.cfg"));
    insta::assert_yaml_snapshot!(manifest_view(&manifest));
}

#[test]
fn uv_lock() {
    let manifest = sg_deps::read_uv_lock(&fixtures().join("formats/uv/uv.lock"));
    insta::assert_yaml_snapshot!(manifest_view(&manifest));
}

#[test]
fn poetry_lock_new_layout() {
    let manifest = sg_deps::read_poetry_lock(&fixtures().join("formats/poetry-lock/poetry.lock"));
    insta::assert_yaml_snapshot!(manifest_view(&manifest));
}

#[test]
fn poetry_lock_old_layout() {
    let manifest =
        sg_deps::read_poetry_lock(&fixtures().join("formats/poetry-lock-old/poetry.lock"));
    insta::assert_yaml_snapshot!(manifest_view(&manifest));
}

#[test]
fn pipfile_lock() {
    let manifest = sg_deps::read_pipfile_lock(&fixtures().join("formats/pipfile/Pipfile.lock"));
    insta::assert_yaml_snapshot!(manifest_view(&manifest));
}

#[test]
fn pdm_lock() {
    let manifest = sg_deps::read_pdm_lock(&fixtures().join("formats/pdm/pdm.lock"));
    insta::assert_yaml_snapshot!(manifest_view(&manifest));
}

#[test]
fn pylock() {
    let manifest = sg_deps::read_pylock(&fixtures().join("formats/pylock/pylock.toml"));
    insta::assert_yaml_snapshot!(manifest_view(&manifest));
    let named = sg_deps::read_pylock(&fixtures().join("formats/pylock/pylock.docs.toml"));
    insta::assert_yaml_snapshot!("pylock_named", manifest_view(&named));
}

#[test]
fn environment_from_interpreter_venv_and_site_packages() {
    let venv = fixtures().join("formats/environment/venv");
    let manifest = sg_deps::read_environment(&venv.join("bin/python"));
    insta::assert_yaml_snapshot!(manifest_view(&manifest));
    // The same environment through the virtualenv root and the site-packages directory.
    for other in [venv.clone(), venv.join("lib/python3.12/site-packages")] {
        let again = sg_deps::read_environment(&other);
        assert_eq!(
            again.dependencies,
            manifest.dependencies,
            "{}",
            other.display()
        );
    }
}

#[test]
fn discovery_finds_every_format_and_skips_environments() {
    let root = fixtures().join("formats");
    let found: Vec<String> = sg_deps::discover(&root)
        .into_iter()
        .map(|(path, format)| format!("{} {format}", common::relative(&path)))
        .collect();
    insta::assert_yaml_snapshot!(found);
}

#[test]
fn collect_and_listing() {
    let root = fixtures().join("formats");
    let inventory = sg_deps::collect(
        &root,
        &sg_deps::CollectOptions {
            python: Some(root.join("environment/venv")),
            use_active_virtualenv: false,
            env: env(),
        },
    );
    insta::assert_snapshot!("deps_table", sg_deps::render_table(&inventory));
    let json: serde_json::Value = serde_json::from_str(&sg_deps::render_json(&inventory)).unwrap();
    assert_eq!(json["version"], 1);
    let rows = json["dependencies"].as_array().unwrap();
    assert_eq!(rows.len(), sg_deps::listing(&inventory).len());
    let requests = rows
        .iter()
        .find(|row| row["name"] == "requests" && row["format"] == "uv-lock");
    assert!(requests.is_none(), "uv fixture has no requests");
    let httpx = rows
        .iter()
        .find(|row| row["name"] == "httpx" && row["format"] == "uv-lock")
        .unwrap();
    assert_eq!(httpx["relation"], "direct");
    assert_eq!(httpx["file"], "uv/uv.lock");
    assert_eq!(httpx["version"], "0.27.2");
}

#[test]
fn pipfile_manifest() {
    let manifest = sg_deps::read_pipfile(&fixtures().join("formats/pipfile-manifest/Pipfile"));
    assert!(manifest.errors.is_empty(), "{:?}", manifest.errors);
    insta::assert_yaml_snapshot!(manifest_view(&manifest));
}

/// PEP 735 includes are expanded: every group lists what it reaches, under its own name,
/// with the origin of the line that wrote it.
#[test]
fn dependency_groups_are_expanded_recursively() {
    let manifest = sg_deps::read_pyproject(&fixtures().join("formats/pyproject/pyproject.toml"));
    let in_group = |group: &str| -> Vec<String> {
        manifest
            .dependencies
            .iter()
            .filter(|d| d.group.as_deref() == Some(group))
            .map(|d| format!("{}:{}", d.name, d.origin.line))
            .collect()
    };
    assert_eq!(in_group("test"), ["pytest:26", "pytest-cov:26"]);
    // In file order: a copy stands where the line it copies stands.
    assert_eq!(
        in_group("dev"),
        ["pytest:26", "pytest-cov:26", "ruff:27", "ipython:31"]
    );
    assert_eq!(
        in_group("CI"),
        [
            "pytest:26",
            "pytest-cov:26",
            "ruff:27",
            "ipython:31",
            "tox:34"
        ]
    );
}

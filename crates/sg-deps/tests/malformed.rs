//! Bad input for every reader: each error names the file and (where it has one) the line,
//! the good entries of the same file and every other file are still read, and nothing
//! panics.

mod common;

use std::collections::BTreeMap;

use common::{error_line, fixtures};
use sg_deps::{CollectOptions, EnvVars, Manifest, ReadErrorKind};

fn names(manifest: &Manifest) -> Vec<String> {
    manifest
        .dependencies
        .iter()
        .map(|d| d.name.to_string())
        .collect()
}

fn kinds(manifest: &Manifest) -> Vec<ReadErrorKind> {
    manifest.errors.iter().map(|e| e.kind).collect()
}

fn no_env() -> EnvVars {
    EnvVars::Map(BTreeMap::new())
}

#[test]
fn every_error_of_the_malformed_tree_with_file_and_line() {
    let root = fixtures().join("malformed");
    let inventory = sg_deps::collect(
        &root,
        &CollectOptions {
            python: Some(root.join("environment/site-packages")),
            use_active_virtualenv: false,
            env: no_env(),
        },
    );
    let errors: Vec<String> = inventory.errors().into_iter().map(error_line).collect();
    insta::assert_yaml_snapshot!(errors);
    // Every error that is about a place in a file has its line.
    for error in inventory.errors() {
        if error.kind != ReadErrorKind::Io {
            assert!(error.line.is_some(), "{error}");
        }
    }
    // The good entries around the bad ones are all there.
    let listed: Vec<String> = sg_deps::listing(&inventory)
        .into_iter()
        .map(|row| format!("{} {}", row.file, row.name))
        .collect();
    insta::assert_yaml_snapshot!("malformed_tree_good_entries", listed);
}

#[test]
fn requirements_bad_lines_keep_the_good_ones() {
    let manifest = sg_deps::read_requirements(
        &fixtures().join("malformed/requirements-bad-lines/requirements.txt"),
        &no_env(),
    );
    assert_eq!(names(&manifest), ["requests", "urllib3"]);
    assert_eq!(manifest.errors.len(), 11, "{:#?}", manifest.errors);
    assert!(kinds(&manifest).contains(&ReadErrorKind::InvalidRequirement));
    assert!(kinds(&manifest).contains(&ReadErrorKind::InvalidVersion));
}

#[test]
fn include_cycles_are_reported_once_at_the_include() {
    let manifest = sg_deps::read_requirements(
        &fixtures().join("malformed/include-cycle/requirements-a.txt"),
        &no_env(),
    );
    assert_eq!(names(&manifest), ["attrs", "six"]);
    assert_eq!(kinds(&manifest), [ReadErrorKind::IncludeCycle]);
    let error = &manifest.errors[0];
    assert_eq!(error.line, Some(2));
    assert!(error.path.ends_with("requirements-b.txt"));
    assert_eq!(
        error.message,
        "include cycle: requirements-a.txt -> requirements-b.txt -> requirements-a.txt"
    );
}

#[test]
fn missing_and_remote_includes_are_errors_not_aborts() {
    let manifest = sg_deps::read_requirements(
        &fixtures().join("malformed/missing-include/requirements.txt"),
        &no_env(),
    );
    assert_eq!(names(&manifest), ["click", "jinja2"]);
    assert_eq!(
        kinds(&manifest),
        [
            ReadErrorKind::MissingInclude,
            ReadErrorKind::MissingInclude,
            ReadErrorKind::MissingInclude
        ]
    );
    assert_eq!(
        manifest.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
        [Some(2), Some(3), Some(4)]
    );
}

#[test]
fn unknown_lock_versions_are_refused() {
    let pylock =
        sg_deps::read_pylock(&fixtures().join("malformed/pylock-unknown-version/pylock.toml"));
    assert!(pylock.dependencies.is_empty());
    assert_eq!(kinds(&pylock), [ReadErrorKind::UnsupportedVersion]);
    assert_eq!(pylock.errors[0].line, Some(1));
    let missing =
        sg_deps::read_pylock(&fixtures().join("malformed/pylock-missing-version/pylock.toml"));
    assert!(missing.dependencies.is_empty());
    assert_eq!(kinds(&missing), [ReadErrorKind::InvalidField]);
    let uv = sg_deps::read_uv_lock(&fixtures().join("malformed/uv-unknown-version/uv.lock"));
    assert!(uv.dependencies.is_empty());
    assert_eq!(kinds(&uv), [ReadErrorKind::UnsupportedVersion]);
    let poetry =
        sg_deps::read_poetry_lock(&fixtures().join("malformed/poetry-unknown-version/poetry.lock"));
    assert!(poetry.dependencies.is_empty());
    assert_eq!(kinds(&poetry), [ReadErrorKind::UnsupportedVersion]);
    assert_eq!(poetry.errors[0].line, Some(6));
}

#[test]
fn bad_toml_and_json_have_positions() {
    let pyproject =
        sg_deps::read_pyproject(&fixtures().join("malformed/pyproject-bad-toml/pyproject.toml"));
    assert_eq!(kinds(&pyproject), [ReadErrorKind::Syntax]);
    assert!(pyproject.errors[0].line.is_some());
    let pdm = sg_deps::read_pdm_lock(&fixtures().join("malformed/pdm-bad-toml/pdm.lock"));
    assert_eq!(kinds(&pdm), [ReadErrorKind::Syntax]);
    assert_eq!(pdm.errors[0].line, Some(4));
    let pipfile =
        sg_deps::read_pipfile_lock(&fixtures().join("malformed/pipfile-bad-json/Pipfile.lock"));
    assert_eq!(kinds(&pipfile), [ReadErrorKind::Syntax]);
    assert_eq!(pipfile.errors[0].line, Some(4));
}

#[test]
fn bad_fields_keep_the_good_entries() {
    let pyproject =
        sg_deps::read_pyproject(&fixtures().join("malformed/pyproject-bad-fields/pyproject.toml"));
    // `pytest` of group `test`, and again through the includes of `all` and `loop` (the
    // cycle between them stops the expansion, it does not loop).
    assert_eq!(
        names(&pyproject),
        [
            "requests",
            "valid-one",
            "pytest",
            "pytest",
            "pytest",
            "good"
        ]
    );
    let groups: Vec<Option<&str>> = pyproject
        .dependencies
        .iter()
        .filter(|d| d.name.as_str() == "pytest")
        .map(|d| d.group.as_deref())
        .collect();
    assert_eq!(groups, [Some("test"), Some("all"), Some("loop")]);
    let uv = sg_deps::read_uv_lock(&fixtures().join("malformed/uv-bad-packages/uv.lock"));
    assert_eq!(names(&uv), ["good"]);
    assert_eq!(uv.errors.len(), 4, "{:#?}", uv.errors);
    let poetry =
        sg_deps::read_poetry_lock(&fixtures().join("malformed/poetry-bad-version/poetry.lock"));
    assert_eq!(names(&poetry), ["certifi"]);
    assert_eq!(kinds(&poetry), [ReadErrorKind::InvalidVersion]);
    let pipfile =
        sg_deps::read_pipfile_lock(&fixtures().join("malformed/pipfile-bad-version/Pipfile.lock"));
    assert_eq!(names(&pipfile), ["idna"]);
    let setup_cfg = sg_deps::read_setup_cfg(&fixtures().join("malformed/setup-cfg-bad/setup.cfg"));
    assert_eq!(names(&setup_cfg), ["requests"]);
}

#[test]
fn environment_with_broken_metadata_keeps_the_good_distributions() {
    let environment =
        sg_deps::read_environment(&fixtures().join("malformed/environment/site-packages"));
    assert_eq!(names(&environment), ["six"]);
    assert_eq!(environment.errors.len(), 4, "{:#?}", environment.errors);
    let missing = sg_deps::read_environment(&fixtures().join("malformed/no-such-venv"));
    assert_eq!(kinds(&missing), [ReadErrorKind::Io]);
}

#[test]
fn non_utf8_requirements_are_read_with_an_error() {
    let manifest = sg_deps::read_requirements(
        &fixtures().join("malformed/non-utf8/requirements.txt"),
        &no_env(),
    );
    assert_eq!(names(&manifest), ["requests", "idna"]);
    assert_eq!(manifest.errors[0].kind, ReadErrorKind::Syntax);
    assert_eq!(manifest.errors[0].line, Some(2));
}

#[test]
fn read_errors_become_tool_findings() {
    let manifest =
        sg_deps::read_pyproject(&fixtures().join("malformed/pyproject-bad-toml/pyproject.toml"));
    let finding = manifest.errors[0].to_finding("pyproject.toml");
    assert_eq!(finding.rule.code, "SG001");
    assert_eq!(finding.path, "pyproject.toml");
    assert_eq!(finding.span.line, manifest.errors[0].line.unwrap());
    let missing = sg_deps::read_pylock(&fixtures().join("malformed/does-not-exist/pylock.toml"));
    assert_eq!(
        missing.errors[0].to_finding("pylock.toml").rule.code,
        "SG003"
    );
}

#[test]
fn pipfile_manifest_bad_entries_keep_the_good_ones() {
    let manifest =
        sg_deps::read_pipfile(&fixtures().join("malformed/pipfile-manifest-bad/Pipfile"));
    assert_eq!(names(&manifest), ["good", "also-good"]);
    let errors: Vec<String> = manifest.errors.iter().map(error_line).collect();
    insta::assert_yaml_snapshot!(errors);
}

/// A dependency-group cycle is an error at the include that closes it, and expansion stops
/// (each group once) instead of looping.
#[test]
fn dependency_group_cycle_is_an_error_and_expansion_ends() {
    let manifest = sg_deps::parse_pyproject(
        "[dependency-groups]\na = [{include-group = \"b\"}, \"x==1\"]\nb = [{include-group = \"a\"}, \"y==2\"]\nc = [{include-group = \"missing\"}]\n",
        std::path::Path::new("pyproject.toml"),
    );
    let listed: Vec<String> = manifest
        .dependencies
        .iter()
        .map(|d| format!("{} {}", d.group.as_deref().unwrap_or("-"), d.name))
        .collect();
    // In file order: each copy stands where the line it copies stands.
    assert_eq!(listed, ["a x", "b x", "b y", "a y"]);
    let errors: Vec<String> = manifest.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "pyproject.toml:4:6: dependency-groups.c includes unknown group `missing`",
            "pyproject.toml:3:6: dependency group include cycle: a -> b -> a",
        ]
    );
    assert_eq!(
        kinds(&manifest),
        [ReadErrorKind::InvalidField, ReadErrorKind::IncludeCycle]
    );
}

/// `-r URL` / `-c URL` are never fetched: each is an error that says so and why, and is
/// listed in `pip_options.remote_includes` (credentials redacted) for the audit.
#[test]
fn remote_includes_are_reported_not_ignored() {
    let manifest = sg_deps::read_requirements(
        &fixtures().join("malformed/requirements-remote-include/requirements.txt"),
        &no_env(),
    );
    assert_eq!(names(&manifest), ["flask"]);
    let errors: Vec<String> = manifest.errors.iter().map(error_line).collect();
    insta::assert_yaml_snapshot!(errors);
    let remote: Vec<String> = manifest
        .pip_options
        .remote_includes
        .iter()
        .map(|include| format!("{} {}", include.line, include.value))
        .collect();
    assert_eq!(remote.len(), 2);
    assert!(remote.iter().all(|r| !r.contains("s3cret")), "{remote:?}");
    assert!(
        remote[0].starts_with("2 -r https://example.com/shared/"),
        "{remote:?}"
    );
    assert!(remote[1].starts_with("3 -c https://"), "{remote:?}");
}

#[test]
fn prose_named_like_a_requirements_file_is_not_read_but_a_broken_one_is() {
    let root = tempfile::tempdir().unwrap();
    let docs = root.path().join("docs/ref");
    std::fs::create_dir_all(&docs).unwrap();
    // Django's docs/ref/contrib/postgres/constraints.txt: reStructuredText, not pip syntax.
    std::fs::write(
        docs.join("constraints.txt"),
        "========================================\n\
         PostgreSQL specific database constraints\n\
         ========================================\n\
         \n\
         .. module:: django.contrib.postgres.constraints\n\
         \x20  :synopsis: PostgreSQL specific database constraint\n",
    )
    .unwrap();
    // Mostly bad lines, but named requirements.txt outside docs/: always reported.
    std::fs::write(
        root.path().join("requirements.txt"),
        "requests ==\nflask >>\nnot a requirement\nalso not one\n",
    )
    .unwrap();
    // Good lines among bad ones: a requirements file with errors.
    std::fs::write(
        root.path().join("requirements-dev.txt"),
        "pytest==8.3.4\nruff==0.8.4\nnot a requirement\nalso not one\nnor this\n",
    )
    .unwrap();
    // Prose where a one-word line happens to be a valid requirement.
    std::fs::write(
        docs.join("requirements-notes.txt"),
        "Notes on our requirements\n-------------------------\n\nexamples\n\n\
         We pin every package exactly.\nSee the lock file for hashes.\n",
    )
    .unwrap();
    let inventory = sg_deps::collect(
        root.path(),
        &CollectOptions {
            python: None,
            use_active_virtualenv: false,
            env: no_env(),
        },
    );
    let read: Vec<String> = inventory
        .manifests
        .iter()
        .map(|manifest| {
            let name = manifest.path.strip_prefix(root.path()).unwrap();
            format!("{} {}", name.display(), manifest.errors.len())
        })
        .collect();
    assert_eq!(read, ["requirements-dev.txt 3", "requirements.txt 4"]);
    let set_aside: Vec<String> = inventory
        .not_requirements
        .iter()
        .map(|path| {
            path.strip_prefix(root.path())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        set_aside,
        [
            "docs/ref/constraints.txt",
            "docs/ref/requirements-notes.txt"
        ]
    );
}

//! Property tests for the parsers of untrusted text (the fuzz target
//! `fuzz/fuzz_targets/requirements.rs` runs the same paths): no input panics, every recorded
//! position lies inside the text on character boundaries, and well-formed requirement lines
//! come back with the name, version and version position they were written with.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use proptest::prelude::*;
use sg_deps::{EnvVars, Manifest, PackageName, TextRange};

fn env() -> EnvVars {
    EnvVars::Map(BTreeMap::from([("VERSION".to_string(), "1.0".to_string())]))
}

fn check_range(text: &str, range: Option<TextRange>) -> Result<(), TestCaseError> {
    if let Some(range) = range {
        prop_assert!(
            range.start <= range.end && range.end <= text.len(),
            "{range:?}"
        );
        prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        prop_assert!(range.line >= 1 && range.column >= 1);
    }
    Ok(())
}

fn check(text: &str, manifest: &Manifest) -> Result<(), TestCaseError> {
    for dependency in &manifest.dependencies {
        check_range(text, dependency.origin.range)?;
        check_range(text, dependency.origin.specifier_range)?;
        check_range(text, dependency.origin.version_range)?;
        if let (Some(range), Some(version)) = (dependency.origin.version_range, &dependency.version)
        {
            let written = &text[range.start..range.end];
            let parsed: pep440_rs::Version = written
                .parse()
                .map_err(|e| TestCaseError::fail(format!("{e}")))?;
            prop_assert_eq!(&parsed, version);
        }
    }
    Ok(())
}

/// Text made of the pieces requirements files are made of, so that the interesting paths
/// (continuations, options, markers, URLs, env vars) are reached often.
fn requirements_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("requests".to_string()),
        Just("==".to_string()),
        Just(">=1.0,<2".to_string()),
        Just("1.0".to_string()),
        Just(" ".to_string()),
        Just("\\\n".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("#".to_string()),
        Just(" # via -r x.in\n".to_string()),
        Just("--hash=sha256:00ff".to_string()),
        Just("--hash".to_string()),
        Just("-e ".to_string()),
        Just("-r ".to_string()),
        Just("-c ".to_string()),
        Just("--index-url ".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just(";".to_string()),
        Just(" ; python_version < \"3.9\"".to_string()),
        Just("[extra]".to_string()),
        Just("@ ".to_string()),
        Just("git+https://h/r.git@v1#egg=r".to_string()),
        Just("./pkg-1.0.tar.gz".to_string()),
        Just("${VERSION}".to_string()),
        Just("${UNSET}".to_string()),
        Just("\u{feff}".to_string()),
        Just("é".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        "[ -~]{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn requirements_never_panic_on_arbitrary_text(text in any::<String>()) {
        let manifest = sg_deps::parse_requirements(&text, Path::new("requirements.txt"), &env());
        check(&text, &manifest)?;
    }

    #[test]
    fn requirements_never_panic_on_requirements_like_text(text in requirements_like()) {
        let manifest = sg_deps::parse_requirements(&text, Path::new("requirements.txt"), &env());
        check(&text, &manifest)?;
    }

    #[test]
    fn pinned_lines_round_trip(
        name in "[A-Za-z][A-Za-z0-9._-]{0,12}[A-Za-z0-9]",
        version in "[0-9]{1,3}(\\.[0-9]{1,3}){0,3}",
        spaces in " {0,2}",
        extra in prop::option::of("[a-z]{1,6}"),
        marker in prop::option::of(Just("python_version >= \"3.8\"")),
        hashes in prop::collection::vec("[0-9a-f]{64}", 0..3),
        comment in prop::option::of("[ -~]{0,10}"),
        leading_lines in prop::collection::vec(prop_oneof![Just("# c"), Just(""), Just("six==1.16.0")], 0..3),
    ) {
        let mut text = leading_lines.join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        let extras = extra.as_ref().map(|e| format!("[{e}]")).unwrap_or_default();
        let mut line = format!("{name}{extras}{spaces}=={spaces}{version}");
        if let Some(marker) = marker {
            let _ = write!(line, " ; {marker}");
        }
        for hash in &hashes {
            let _ = write!(line, " \\\n    --hash=sha256:{hash}");
        }
        if let Some(comment) = &comment {
            let _ = write!(line, "  # {comment}");
        }
        text.push_str(&line);
        text.push('\n');
        let manifest = sg_deps::parse_requirements(&text, Path::new("requirements.txt"), &env());
        prop_assert!(manifest.errors.is_empty(), "{:?}\n{text}", manifest.errors);
        let dependency = manifest.dependencies.last().unwrap();
        prop_assert_eq!(&dependency.name, &PackageName::new(&name).unwrap());
        let range = dependency.origin.version_range.unwrap();
        prop_assert_eq!(&text[range.start..range.end], version.as_str());
        prop_assert_eq!(dependency.version.as_ref().map(ToString::to_string), Some(version.parse::<pep440_rs::Version>().unwrap().to_string()));
        prop_assert_eq!(dependency.hashes.len(), hashes.iter().collect::<std::collections::BTreeSet<_>>().len());
        check(&text, &manifest)?;
    }

    #[test]
    fn other_readers_never_panic(text in any::<String>(), toml_like in "[\\[\\]a-z =\"'{},.\n0-9#-]{0,200}") {
        for input in [&text, &toml_like] {
            check(input, &sg_deps::parse_pyproject(input, Path::new("pyproject.toml")))?;
            check(input, &sg_deps::parse_setup_cfg(input, Path::new("setup.cfg")))?;
            check(input, &sg_deps::parse_uv_lock(input, Path::new("uv.lock")))?;
            check(input, &sg_deps::parse_poetry_lock(input, Path::new("poetry.lock")))?;
            check(input, &sg_deps::parse_pdm_lock(input, Path::new("pdm.lock")))?;
            check(input, &sg_deps::parse_pylock(input, Path::new("pylock.toml")))?;
            check(input, &sg_deps::parse_pipfile_lock(input, Path::new("Pipfile.lock")))?;
            check(input, &sg_deps::parse_pipfile(input, Path::new("Pipfile")))?;
            let _ = sg_deps::parse_metadata(input, Path::new("METADATA"));
        }
    }

    #[test]
    fn structured_toml_never_panics(
        version in prop_oneof![Just("\"1.0\""), Just("1"), Just("\"two\""), Just("[]")],
        name in prop_oneof![Just("\"requests\""), Just("\"bad name\""), Just("3"), Just("\"\"")],
        extra in "[a-z_-]{1,10} = (\"[ -~]{0,10}\"|[0-9]{1,3}|\\[\\]|\\{\\})",
    ) {
        let text = format!(
            "version = 1\nlock-version = {version}\n[metadata]\nlock-version = {version}\nlock_version = {version}\n\n[[package]]\nname = {name}\nversion = {version}\n{extra}\n\n[[packages]]\nname = {name}\nversion = {version}\n{extra}\n"
        );
        check(&text, &sg_deps::parse_uv_lock(&text, Path::new("uv.lock")))?;
        check(&text, &sg_deps::parse_poetry_lock(&text, Path::new("poetry.lock")))?;
        check(&text, &sg_deps::parse_pdm_lock(&text, Path::new("pdm.lock")))?;
        check(&text, &sg_deps::parse_pylock(&text, Path::new("pylock.toml")))?;
        // The same values as Pipfile packages and dependency groups.
        let pipfile = format!(
            "[packages]\nx = {version}\nt = {{version = {version}, extras = [{name}]}}\n[dev-packages]\n{extra}\n"
        );
        check(&pipfile, &sg_deps::parse_pipfile(&pipfile, Path::new("Pipfile")))?;
        let groups = format!(
            "[dependency-groups]\na = [{{include-group = {name}}}, {version}]\nrequests = [{{include-group = \"a\"}}]\n{extra}\n"
        );
        check(&groups, &sg_deps::parse_pyproject(&groups, Path::new("pyproject.toml")))?;
    }

    #[test]
    fn typosquat_check_never_panics(name in "[a-z0-9][a-z0-9._-]{0,30}[a-z0-9]") {
        if let Ok(name) = PackageName::new(&name) {
            let _ = sg_deps::typosquat::Detector::builtin().check(&name);
        }
    }
}

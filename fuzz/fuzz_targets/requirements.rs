//! Requirements files (and, selected by the first byte, every other dependency file format):
//! parsing must never panic, and every position a dependency records must lie inside the
//! text on character boundaries. The proptests in `crates/sg-deps/tests/proptest_readers.rs`
//! exercise the same paths in the normal suite.
#![no_main]

use std::collections::BTreeMap;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use sg_deps::{EnvVars, Manifest, TextRange};

fn check_range(text: &str, range: Option<TextRange>) {
    if let Some(range) = range {
        assert!(
            range.start <= range.end && range.end <= text.len(),
            "{range:?}"
        );
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert!(range.line >= 1 && range.column >= 1);
    }
}

fn check(text: &str, manifest: &Manifest) {
    for dependency in &manifest.dependencies {
        check_range(text, dependency.origin.range);
        check_range(text, dependency.origin.specifier_range);
        check_range(text, dependency.origin.version_range);
        assert!(dependency.origin.line >= 1);
    }
    for error in &manifest.errors {
        assert!(error.line.is_none_or(|line| line >= 1));
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((selector, bytes)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(bytes);
    let env = EnvVars::Map(BTreeMap::from([("VERSION".to_string(), "1.0".to_string())]));
    match selector % 16 {
        0..=8 => {
            let manifest = sg_deps::parse_requirements(&text, Path::new("requirements.txt"), &env);
            check(&text, &manifest);
        }
        9 => check(
            &text,
            &sg_deps::parse_pyproject(&text, Path::new("pyproject.toml")),
        ),
        10 => check(
            &text,
            &sg_deps::parse_setup_cfg(&text, Path::new("setup.cfg")),
        ),
        11 => check(&text, &sg_deps::parse_uv_lock(&text, Path::new("uv.lock"))),
        12 => check(
            &text,
            &sg_deps::parse_poetry_lock(&text, Path::new("poetry.lock")),
        ),
        13 => check(
            &text,
            &sg_deps::parse_pdm_lock(&text, Path::new("pdm.lock")),
        ),
        14 => check(
            &text,
            &sg_deps::parse_pylock(&text, Path::new("pylock.toml")),
        ),
        _ => {
            check(
                &text,
                &sg_deps::parse_pipfile_lock(&text, Path::new("Pipfile.lock")),
            );
            check(&text, &sg_deps::parse_pipfile(&text, Path::new("Pipfile")));
            let _ = sg_deps::parse_metadata(&text, Path::new("METADATA"));
        }
    }
});

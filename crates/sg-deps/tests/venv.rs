//! A real virtualenv: `python3 -m venv`, `pip install` of two small pure-Python packages
//! from PyPI, then the environment is read through its interpreter path (what `--python`
//! passes) and compared with `pip freeze --all`. Skipped, with a message saying why, when
//! `python3` is missing or PyPI cannot be reached.
//!
//! Running Python here only builds the fixture; the reader itself never runs Python.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use sg_deps::{CollectOptions, EnvVars, PackageName, Relation};

fn run(program: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new(program)
        .args(args)
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("PIP_NO_INPUT", "1")
        .env_remove("PIP_REQUIRE_VIRTUALENV")
        .output()
        .map_err(|error| format!("{} could not be started: {error}", program.display()))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "{} {} failed: {}",
            program.display(),
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

#[test]
#[allow(clippy::print_stderr)] // the skip message is the point
fn reads_a_real_virtualenv_like_pip_freeze() {
    let directory = tempfile::tempdir().unwrap();
    let venv = directory.path().join("venv");
    let venv_text = venv.to_string_lossy().into_owned();
    // Seeding pip into a new virtualenv is most of the cost; when the host pip can install
    // into another interpreter (`pip --python`, pip >= 22.3), create the venv without pip.
    let host_pip_targets_other_interpreters =
        run(Path::new("python3"), &["-m", "pip", "--version"])
            .ok()
            .and_then(|version| {
                let number = version.split_whitespace().nth(1)?.to_string();
                let mut parts = number
                    .split('.')
                    .map(|part| part.parse::<u32>().unwrap_or(0));
                Some((parts.next()?, parts.next().unwrap_or(0)) >= (22, 3))
            })
            .unwrap_or(false);
    let mut venv_args = vec!["-m", "venv"];
    if host_pip_targets_other_interpreters {
        venv_args.push("--without-pip");
    }
    venv_args.push(&venv_text);
    if let Err(error) = run(Path::new("python3"), &venv_args) {
        eprintln!("skipped: cannot create a virtualenv with python3 -m venv: {error}");
        return;
    }
    let bin = if cfg!(windows) {
        venv.join("Scripts")
    } else {
        venv.join("bin")
    };
    let python = bin.join(if cfg!(windows) {
        "python.exe"
    } else {
        "python"
    });
    let python_text = python.to_string_lossy().into_owned();
    let (pip_program, mut pip_prefix): (&Path, Vec<&str>) = if host_pip_targets_other_interpreters {
        (
            Path::new("python3"),
            vec!["-m", "pip", "--python", &python_text],
        )
    } else {
        (&python, vec!["-m", "pip"])
    };
    // python-dateutil depends on six: one direct and one transitive distribution.
    let mut install = pip_prefix.clone();
    install.extend([
        "install",
        "--quiet",
        "--timeout",
        "15",
        "--retries",
        "1",
        "--only-binary",
        ":all:",
        "six==1.16.0",
        "python-dateutil==2.9.0.post0",
    ]);
    if let Err(error) = run(pip_program, &install) {
        eprintln!(
            "skipped: PyPI is unreachable or pip failed, so no packages could be installed: {error}"
        );
        return;
    }
    pip_prefix.extend(["freeze", "--all"]);
    let freeze = run(pip_program, &pip_prefix).unwrap();
    let frozen: BTreeMap<PackageName, String> = freeze
        .lines()
        .filter_map(|line| line.split_once("=="))
        .map(|(name, version)| {
            (
                PackageName::new(name.trim()).unwrap(),
                version.trim().to_string(),
            )
        })
        .collect();
    assert!(
        frozen.contains_key(&PackageName::new("six").unwrap()),
        "{freeze}"
    );

    let manifest = sg_deps::read_environment(&python);
    assert!(manifest.errors.is_empty(), "{:#?}", manifest.errors);
    let read: BTreeMap<PackageName, String> = manifest
        .dependencies
        .iter()
        .map(|d| (d.name.clone(), d.version.as_ref().unwrap().to_string()))
        .collect();
    assert_eq!(read, frozen, "pip freeze --all:\n{freeze}");

    let relation = |name: &str| {
        manifest
            .dependencies
            .iter()
            .find(|d| d.name.as_str() == name)
            .map(|d| d.relation)
    };
    assert_eq!(relation("python-dateutil"), Some(Relation::Direct));
    assert_eq!(relation("six"), Some(Relation::Transitive));

    // The same environment through VIRTUAL_ENV, as `snakeguard deps` finds it when active.
    let inventory = sg_deps::collect(
        directory.path(),
        &CollectOptions {
            python: None,
            use_active_virtualenv: true,
            env: EnvVars::Map(BTreeMap::from([(
                "VIRTUAL_ENV".to_string(),
                venv_text.clone(),
            )])),
        },
    );
    let environment = inventory.environment.unwrap();
    assert_eq!(environment.dependencies, manifest.dependencies);
    // Discovery does not walk into the virtualenv itself.
    assert!(inventory.manifests.is_empty(), "{:#?}", inventory.manifests);
}

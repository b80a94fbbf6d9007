//! Reader and check throughput for `bench/deps/read_speed.sh`: a generated hashed
//! requirements file and a `uv.lock`, each with the 2,000 most popular PyPI names, read and
//! checked (all DEP1xx/DEP2xx rules) the way `snakeguard scan` does. Median of 7 runs.
//!
//! Usage: `cargo run --release -p sg-deps --example read_speed`

#![allow(clippy::print_stdout)] // a report generator

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use sg_deps::typosquat::TOP_PYPI;
use sg_deps::{CollectOptions, Options};

const PACKAGES: usize = 2_000;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let directory = std::env::temp_dir().join(format!("sg-deps-read-speed-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("temp dir");
    let names: Vec<&str> = TOP_PYPI.lines().take(PACKAGES).collect();
    let mut requirements = String::new();
    let mut lock = String::from("version = 1\nrequires-python = \">=3.11\"\n");
    for (index, name) in names.iter().enumerate() {
        let _ = writeln!(
            requirements,
            "{name}==1.{index}.0 ; python_version >= \"3.8\" \\\n    --hash=sha256:{index:064x} \\\n    --hash=sha256:{:064x}\n    # via -r requirements.in",
            index + 1
        );
        let _ = write!(
            lock,
            "\n[[package]]\nname = \"{name}\"\nversion = \"1.{index}.0\"\nsource = {{ registry = \"https://pypi.org/simple\" }}\ndependencies = [{{ name = \"{}\" }}]\nsdist = {{ url = \"https://files.pythonhosted.org/{name}.tar.gz\", hash = \"sha256:{index:064x}\", size = 1 }}\n",
            names[(index + 1) % names.len()]
        );
    }
    std::fs::write(directory.join("requirements.txt"), &requirements).expect("write");
    std::fs::write(directory.join("uv.lock"), &lock).expect("write");

    let mut read = Vec::new();
    let mut check = Vec::new();
    let mut findings = 0;
    for _ in 0..7 {
        let started = Instant::now();
        let inventory = sg_deps::collect(&directory, &CollectOptions::default());
        read.push(started.elapsed());
        let started = Instant::now();
        findings = sg_deps::check(&inventory, &Options::default()).len();
        check.push(started.elapsed());
    }
    let mut requirements_only = Vec::new();
    let mut lock_only = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        let _ = sg_deps::read_requirements(
            &directory.join("requirements.txt"),
            &sg_deps::EnvVars::Process,
        );
        requirements_only.push(started.elapsed());
        let started = Instant::now();
        let _ = sg_deps::read_uv_lock(&directory.join("uv.lock"));
        lock_only.push(started.elapsed());
    }
    let bytes = requirements.len() + lock.len();
    let read = median(read);
    println!(
        "- input: requirements.txt ({} lines) + uv.lock ({PACKAGES} packages), {} KiB",
        requirements.lines().count(),
        bytes / 1024
    );
    println!(
        "- read (discover + parse both files): {:.1} ms ({:.1} MiB/s)",
        read.as_secs_f64() * 1e3,
        bytes as f64 / read.as_secs_f64() / 1_048_576.0
    );
    println!(
        "  - requirements.txt alone: {:.1} ms; uv.lock alone: {:.1} ms",
        median(requirements_only).as_secs_f64() * 1e3,
        median(lock_only).as_secs_f64() * 1e3
    );
    println!(
        "- check (every DEP rule, {} dependencies): {:.1} ms, {findings} findings",
        PACKAGES * 2,
        median(check).as_secs_f64() * 1e3
    );
    let _ = std::fs::remove_dir_all(&directory);
}

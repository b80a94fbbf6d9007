//! Helpers for tests that run the real `snakeguard` binary on small trees.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// A temporary project directory.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Self {
        Project {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create dirs");
        std::fs::write(&path, contents).expect("write file");
        path
    }

    /// Runs `snakeguard ARGS` with the project as the working directory.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_snakeguard"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("NO_COLOR")
            .env("CI", "true");
        for (key, value) in env {
            command.env(key, value);
        }
        let output = command.output().expect("run snakeguard");
        Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            code: output.status.code().unwrap_or(-1),
        }
    }
}

/// The `rule path:line` pairs of a JSON report, for compact assertions.
pub fn json_findings(stdout: &str) -> Vec<String> {
    let document: serde_json::Value = serde_json::from_str(stdout).expect("JSON output");
    document["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|finding| {
            format!(
                "{} {}:{}",
                finding["rule"].as_str().unwrap_or_default(),
                finding["path"].as_str().unwrap_or_default(),
                finding["line"]
            )
        })
        .collect()
}

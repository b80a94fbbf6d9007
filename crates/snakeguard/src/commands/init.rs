//! `snakeguard init`: appends a commented `[tool.snakeguard]` section to `pyproject.toml`,
//! never touching an existing one.

use std::path::Path;

use crate::{CommandError, CommandOutput};

const SECTION: &str = r#"
[tool.snakeguard]
# Rules to run: codes, prefixes or names (`snakeguard rule --all` lists them). Default: all.
# select = ["B", "DSZ", "TNT", "SEC", "PKL", "DEP", "API", "JWT"]
# Rules to skip.
# ignore = ["B101"]
# Paths not to scan (globs, relative to this file).
# exclude = ["docs/**", "migrations/**"]
# Minimum severity (low, medium, high, critical) and confidence (low, medium, high) reported.
# severity = "low"
# confidence = "low"

# Rules to skip for some files only.
[tool.snakeguard.per-file-ignores]
"tests/**" = ["B101"]  # assert is how pytest tests are written

# Bandit's plugin options, with Bandit's own names.
# [tool.snakeguard.bandit]
# hardcoded_tmp_directory.tmp_dirs = ["/tmp", "/var/tmp"]

# Extra globals that pickle and model files may import, matched exactly.
# [tool.snakeguard.pickle]
# allow = ["mypackage.model.Config"]

# Secrets: file size limit and paths that hold no secrets.
# [tool.snakeguard.secrets]
# max-file-size = 2097152
# allowlist-paths = ["tests/fixtures/**"]

# Vulnerabilities you have reviewed; a reason is required.
# [tool.snakeguard.audit]
# ignore-vulns = [{ id = "PYSEC-2023-0000", reason = "not reachable: we never parse untrusted XML" }]
"#;

pub fn run(path: &Path) -> Result<CommandOutput, CommandError> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => {
            return Err(CommandError::usage(format!(
                "cannot read {}: {error}",
                path.display()
            )));
        }
    };
    if !existing.is_empty() {
        let document: toml::Table = existing.parse().map_err(|error| {
            CommandError::usage(format!("{} is not valid TOML: {error}", path.display()))
        })?;
        let has_section = document
            .get("tool")
            .and_then(toml::Value::as_table)
            .is_some_and(|tool| tool.contains_key("snakeguard"));
        if has_section {
            return Ok(CommandOutput {
                stdout: String::new(),
                stderr: format!(
                    "{} already has a [tool.snakeguard] section; left unchanged\n",
                    path.display()
                ),
                exit: 0,
            });
        }
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(if text.is_empty() {
        SECTION.trim_start()
    } else {
        SECTION
    });
    std::fs::write(path, text).map_err(|error| {
        CommandError::usage(format!("cannot write {}: {error}", path.display()))
    })?;
    Ok(CommandOutput {
        stdout: String::new(),
        stderr: format!("added a [tool.snakeguard] section to {}\n", path.display()),
        exit: 0,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_section_is_valid_configuration() {
        let table: toml::Table = super::SECTION.parse().expect("valid TOML");
        let section = table["tool"]["snakeguard"]
            .as_table()
            .expect("section")
            .clone();
        let mut pyproject = toml::Table::new();
        let mut tool = toml::Table::new();
        tool.insert("snakeguard".into(), toml::Value::Table(section));
        pyproject.insert("tool".into(), toml::Value::Table(tool));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pyproject.toml");
        std::fs::write(&path, toml::to_string(&pyproject).unwrap()).unwrap();
        crate::config::load_file(&path).expect("the written section loads");
    }
}

//! Configuration discovery and parsing.
//!
//! Looked up from the scan root upwards: `snakeguard.toml` (top-level keys), then
//! `[tool.snakeguard]` in `pyproject.toml`. When neither exists anywhere up the tree, a Bandit
//! configuration (`[tool.bandit]` in `pyproject.toml`, or an INI `.bandit` file) is read instead,
//! so a team that moves from Bandit keeps its `skips`, `tests` and `exclude_dirs` unchanged.
//! Unknown keys are errors that name the key and the file.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sg_diagnostics::{Confidence, Severity};

/// Where the configuration came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// No configuration file was found; defaults apply.
    Defaults,
    Snakeguard(PathBuf),
    Bandit(PathBuf),
}

/// The merged settings of one configuration file, before command-line flags are applied.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Directory that relative globs in the file are resolved against.
    pub root: PathBuf,
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub exclude: Vec<String>,
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    pub severity: Option<Severity>,
    pub confidence: Option<Confidence>,
    /// Scanner sections, kept as TOML until the scanner deserialises its own `Options`.
    pub sections: Sections,
}

/// The per-scanner tables: `[tool.snakeguard.<name>]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sections {
    /// Bandit's plugin options with Bandit's own names (`assert_used.skips`, …).
    pub bandit: Option<toml::Table>,
    pub pickle: Option<toml::Table>,
    pub secrets: Option<toml::Table>,
    pub deps: Option<toml::Table>,
    pub audit: Option<toml::Table>,
    pub api: Option<toml::Table>,
    pub taint: Option<toml::Table>,
}

/// Deserialises one scanner's `[tool.snakeguard.<name>]` table into its `Options`, naming the
/// section in errors; defaults when the table is absent.
pub fn section<T: serde::de::DeserializeOwned + Default>(
    table: Option<&toml::Table>,
    name: &str,
) -> Result<T, String> {
    match table {
        Some(table) => table.clone().try_into().map_err(|error: toml::de::Error| {
            format!("[tool.snakeguard.{name}]: {}", error.message())
        }),
        None => Ok(T::default()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    exclude: Vec<String>,
    per_file_ignores: BTreeMap<String, Vec<String>>,
    severity: Option<Severity>,
    confidence: Option<Confidence>,
    bandit: Option<toml::Table>,
    pickle: Option<toml::Table>,
    secrets: Option<toml::Table>,
    deps: Option<toml::Table>,
    audit: Option<toml::Table>,
    api: Option<toml::Table>,
    taint: Option<toml::Table>,
}

/// Bandit's pyproject section. Its plugin option tables (`assert_used`, …) are collected into
/// the `bandit` section unchanged.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawBanditConfig {
    skips: Vec<String>,
    tests: Vec<String>,
    exclude_dirs: Vec<String>,
    #[serde(flatten)]
    rest: toml::Table,
}

/// Bandit options that only make sense for Bandit's own CLI; accepted and ignored.
const BANDIT_CLI_ONLY_KEYS: &[&str] = &[
    "targets",
    "recursive",
    "format",
    "output",
    "any_other_function_with_shell_equals_true",
];

#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid configuration in {}: {}",
            self.path.display(),
            self.message
        )
    }
}

impl std::error::Error for ConfigError {}

/// Finds and reads the configuration for a scan rooted at `start`.
pub fn discover(start: &Path) -> Result<(Config, ConfigSource), ConfigError> {
    let start = absolute_dir(start);
    for dir in start.ancestors() {
        let snakeguard_toml = dir.join("snakeguard.toml");
        if snakeguard_toml.is_file() {
            return load_file(&snakeguard_toml);
        }
        let pyproject = dir.join("pyproject.toml");
        if pyproject.is_file() && read_pyproject_tool(&pyproject, "snakeguard")?.is_some() {
            return load_file(&pyproject);
        }
    }
    for dir in start.ancestors() {
        let pyproject = dir.join("pyproject.toml");
        if pyproject.is_file() && read_pyproject_tool(&pyproject, "bandit")?.is_some() {
            return load_bandit_pyproject(&pyproject);
        }
        let dot_bandit = dir.join(".bandit");
        if dot_bandit.is_file() {
            return load_bandit_ini(&dot_bandit);
        }
    }
    Ok((
        Config {
            root: start,
            ..Config::default()
        },
        ConfigSource::Defaults,
    ))
}

/// Reads an explicitly named configuration file (`--config FILE`).
pub fn load_file(path: &Path) -> Result<(Config, ConfigSource), ConfigError> {
    let root = absolute_dir(path.parent().unwrap_or(Path::new(".")));
    let is_pyproject = path
        .file_name()
        .is_some_and(|name| name == "pyproject.toml");
    let table = if is_pyproject {
        if let Some(table) = read_pyproject_tool(path, "snakeguard")? {
            table
        } else if let Some(bandit) = read_pyproject_tool(path, "bandit")? {
            return bandit_from_table(path, bandit, root);
        } else {
            return Err(ConfigError {
                path: path.to_path_buf(),
                message: "no [tool.snakeguard] section".to_string(),
            });
        }
    } else if path.file_name().is_some_and(|name| name == ".bandit") {
        return load_bandit_ini(path);
    } else {
        read_toml(path)?
    };
    let raw: RawConfig = table
        .try_into()
        .map_err(|error: toml::de::Error| ConfigError {
            path: path.to_path_buf(),
            message: format!("[tool.snakeguard]: {}", error.message()),
        })?;
    let config = Config {
        root,
        select: raw.select,
        extend_select: raw.extend_select,
        ignore: raw.ignore,
        exclude: raw.exclude,
        per_file_ignores: raw.per_file_ignores,
        severity: raw.severity,
        confidence: raw.confidence,
        sections: Sections {
            bandit: raw.bandit,
            pickle: raw.pickle,
            secrets: raw.secrets,
            deps: raw.deps,
            audit: raw.audit,
            api: raw.api,
            taint: raw.taint,
        },
    };
    Ok((config, ConfigSource::Snakeguard(path.to_path_buf())))
}

fn load_bandit_pyproject(path: &Path) -> Result<(Config, ConfigSource), ConfigError> {
    let root = absolute_dir(path.parent().unwrap_or(Path::new(".")));
    match read_pyproject_tool(path, "bandit")? {
        Some(table) => bandit_from_table(path, table, root),
        None => Err(ConfigError {
            path: path.to_path_buf(),
            message: "no [tool.bandit] section".to_string(),
        }),
    }
}

fn bandit_from_table(
    path: &Path,
    table: toml::Table,
    root: PathBuf,
) -> Result<(Config, ConfigSource), ConfigError> {
    let raw: RawBanditConfig = table
        .try_into()
        .map_err(|error: toml::de::Error| ConfigError {
            path: path.to_path_buf(),
            message: format!("[tool.bandit]: {}", error.message()),
        })?;
    let mut plugin_options = toml::Table::new();
    for (key, value) in raw.rest {
        // Plugin option tables go to the Bandit rules, which reject the ones they do not know.
        if !BANDIT_CLI_ONLY_KEYS.contains(&key.as_str()) {
            plugin_options.insert(key, value);
        }
    }
    let config = Config {
        root,
        select: (!raw.tests.is_empty()).then_some(raw.tests),
        ignore: raw.skips,
        exclude: bandit_exclude_globs(&raw.exclude_dirs),
        sections: Sections {
            bandit: (!plugin_options.is_empty()).then_some(plugin_options),
            ..Sections::default()
        },
        ..Config::default()
    };
    Ok((config, ConfigSource::Bandit(path.to_path_buf())))
}

/// Reads Bandit's INI `.bandit` file: a `[bandit]` section with comma-separated `skips`, `tests`
/// and `exclude`.
fn load_bandit_ini(path: &Path) -> Result<(Config, ConfigSource), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| ConfigError {
        path: path.to_path_buf(),
        message: error.to_string(),
    })?;
    let root = absolute_dir(path.parent().unwrap_or(Path::new(".")));
    let mut in_bandit_section = false;
    let mut config = Config {
        root,
        ..Config::default()
    };
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if line.starts_with('[') {
            in_bandit_section = line == "[bandit]";
            continue;
        }
        if !in_bandit_section {
            continue;
        }
        let Some((key, value)) = line.split_once(['=', ':']) else {
            return Err(ConfigError {
                path: path.to_path_buf(),
                message: format!("line {}: expected `key = value`", index + 1),
            });
        };
        let values: Vec<String> = value
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_string)
            .collect();
        match key.trim() {
            "skips" => config.ignore = values,
            "tests" => config.select = (!values.is_empty()).then_some(values),
            "exclude" | "exclude_dirs" => config.exclude = bandit_exclude_globs(&values),
            "targets" | "recursive" | "format" | "output" => {}
            other => {
                return Err(ConfigError {
                    path: path.to_path_buf(),
                    message: format!("line {}: unknown key `{other}` in [bandit]", index + 1),
                });
            }
        }
    }
    Ok((config, ConfigSource::Bandit(path.to_path_buf())))
}

/// Bandit excludes any path containing one of `exclude_dirs`; as globs that is the directory
/// anywhere in the tree.
fn bandit_exclude_globs(dirs: &[String]) -> Vec<String> {
    dirs.iter()
        .map(|dir| dir.trim_start_matches("./").trim_matches('/'))
        .filter(|dir| !dir.is_empty())
        .flat_map(|dir| [dir.to_string(), format!("**/{dir}")])
        .collect()
}

fn read_toml(path: &Path) -> Result<toml::Table, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|error| ConfigError {
        path: path.to_path_buf(),
        message: error.to_string(),
    })?;
    text.parse::<toml::Table>().map_err(|error| ConfigError {
        path: path.to_path_buf(),
        message: toml_error(&text, &error),
    })
}

fn read_pyproject_tool(path: &Path, tool: &str) -> Result<Option<toml::Table>, ConfigError> {
    let mut table = read_toml(path)?;
    let Some(toml::Value::Table(mut tools)) = table.remove("tool") else {
        return Ok(None);
    };
    match tools.remove(tool) {
        Some(toml::Value::Table(section)) => Ok(Some(section)),
        Some(_) => Err(ConfigError {
            path: path.to_path_buf(),
            message: format!("[tool.{tool}] must be a table"),
        }),
        None => Ok(None),
    }
}

fn toml_error(text: &str, error: &toml::de::Error) -> String {
    match error.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {}", error.message())
        }
        None => error.message().to_string(),
    }
}

fn absolute_dir(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if absolute.is_file() {
        absolute.parent().map(Path::to_path_buf).unwrap_or(absolute)
    } else {
        absolute
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn finds_pyproject_section_above_scan_root() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "pyproject.toml",
            "[project]\nname='x'\n[tool.snakeguard]\nignore = ['B101']\n",
        );
        std::fs::create_dir_all(dir.path().join("src/pkg")).unwrap();
        let (config, source) = discover(&dir.path().join("src/pkg")).unwrap();
        assert_eq!(config.ignore, vec!["B101"]);
        assert!(
            matches!(source, ConfigSource::Snakeguard(path) if path.ends_with("pyproject.toml"))
        );
    }

    #[test]
    fn pyproject_without_section_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "snakeguard.toml", "select = ['B3']\n");
        write(dir.path(), "sub/pyproject.toml", "[project]\nname='x'\n");
        let (config, _) = discover(&dir.path().join("sub")).unwrap();
        assert_eq!(config.select, Some(vec!["B3".to_string()]));
    }

    #[test]
    fn unknown_key_is_named() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "snakeguard.toml", "selct = ['B3']\n");
        let error = discover(dir.path()).unwrap_err();
        assert!(
            error.to_string().contains("unknown field `selct`"),
            "{error}"
        );
    }

    #[test]
    fn bandit_pyproject_is_the_fallback() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "pyproject.toml",
            "[tool.bandit]\nskips = ['B101']\nexclude_dirs = ['tests']\n[tool.bandit.assert_used]\nskips = ['*_test.py']\n",
        );
        let (config, source) = discover(dir.path()).unwrap();
        assert!(matches!(source, ConfigSource::Bandit(_)));
        assert_eq!(config.ignore, vec!["B101"]);
        assert_eq!(config.exclude, vec!["tests", "**/tests"]);
        assert!(config.sections.bandit.unwrap().contains_key("assert_used"));
    }

    #[test]
    fn dot_bandit_ini_is_read() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            ".bandit",
            "[bandit]\nskips = B101,B601\ntests: B3\nexclude = /venv,./build\n",
        );
        let (config, _) = discover(dir.path()).unwrap();
        assert_eq!(config.ignore, vec!["B101", "B601"]);
        assert_eq!(config.select, Some(vec!["B3".to_string()]));
        assert_eq!(config.exclude, vec!["venv", "**/venv", "build", "**/build"]);
    }

    #[test]
    fn snakeguard_config_wins_over_bandit_config() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), ".bandit", "[bandit]\nskips = B101\n");
        write(
            dir.path(),
            "pyproject.toml",
            "[tool.snakeguard]\nignore = ['B102']\n",
        );
        let (config, _) = discover(dir.path()).unwrap();
        assert_eq!(config.ignore, vec!["B102"]);
    }

    #[test]
    fn broken_toml_gives_line() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "snakeguard.toml",
            "select = [\n'B3'\nignore = 1\n",
        );
        let error = discover(dir.path()).unwrap_err().to_string();
        assert!(
            error.contains("snakeguard.toml") && error.contains("line"),
            "{error}"
        );
    }
}

//! `[tool.snakeguard.audit]` in `pyproject.toml` (or `[audit]` in `snakeguard.toml`).
//!
//! ```toml
//! [tool.snakeguard.audit]
//! db = "vendor/advisory-database"      # instead of the downloaded cache
//! url = "https://mirror.example/PyPI/all.zip"
//! strict = true                        # dependencies that cannot be audited are an error
//! max-age-days = 7                     # warn when the database is older
//! ignore-vulns = [
//!   { id = "GHSA-xxxx-xxxx-xxxx", reason = "not reachable: we never call the affected API" },
//! ]
//! ```

use std::path::PathBuf;

use serde::Deserialize;

/// Audit settings read from the configuration file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// An OSV zip, a folder of OSV JSON, or a PyPA advisory-database checkout to use
    /// instead of the cache (`--db` wins).
    pub db: Option<PathBuf>,
    /// Where `db update` downloads from (`--url` wins).
    pub url: Option<String>,
    /// Advisories to ignore; each needs a reason. Matches the id or any alias.
    pub ignore_vulns: Vec<IgnoreVuln>,
    /// Dependencies that cannot be audited (unpinned, URL, editable) fail the audit.
    pub strict: bool,
    /// A database older than this many days gets a warning.
    pub max_age_days: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            db: None,
            url: None,
            ignore_vulns: Vec::new(),
            strict: false,
            max_age_days: 7,
        }
    }
}

/// One ignored advisory with the reason a reviewer will read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreVuln {
    pub id: String,
    pub reason: String,
}

impl Options {
    /// Checks what serde cannot: ids and reasons must not be blank. The error names the key.
    pub fn validate(&self) -> Result<(), String> {
        for (position, ignore) in self.ignore_vulns.iter().enumerate() {
            if ignore.id.trim().is_empty() {
                return Err(format!("audit.ignore-vulns[{position}]: `id` is empty"));
            }
            if ignore.reason.trim().is_empty() {
                return Err(format!(
                    "audit.ignore-vulns[{position}] ({}): `reason` is required and must not be empty",
                    ignore.id
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_kebab_case_and_requires_reasons() {
        let options: Options = toml::from_str(
            "strict = true\nmax-age-days = 3\nignore-vulns = [{ id = \"PYSEC-1\", reason = \"r\" }]\n",
        )
        .unwrap();
        assert!(options.strict);
        assert_eq!(options.max_age_days, 3);
        assert_eq!(options.ignore_vulns[0].id, "PYSEC-1");
        assert!(options.validate().is_ok());

        let missing = toml::from_str::<Options>("ignore-vulns = [{ id = \"PYSEC-1\" }]\n");
        assert!(missing.unwrap_err().to_string().contains("reason"));
        let blank: Options =
            toml::from_str("ignore-vulns = [{ id = \"PYSEC-1\", reason = \" \" }]\n").unwrap();
        assert!(blank.validate().unwrap_err().contains("reason"));
        assert!(toml::from_str::<Options>("unknown = 1\n").is_err());
    }
}

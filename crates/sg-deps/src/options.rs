//! `[tool.snakeguard.deps]`: which requirements files are locks, where packages may come
//! from, and the typosquat allowlist.

use serde::Deserialize;

/// Options of the dependency checks, read from `[tool.snakeguard.deps]`.
///
/// ```toml
/// [tool.snakeguard.deps]
/// lock-files = ["**/requirements*.txt", "**/requirements/*.txt", "**/constraints*.txt"]
/// not-lock-files = ["docs/requirements.txt"]
/// require-hashes = false
/// index-urls = ["https://pypi.org/simple"]
/// typosquat-allowlist = ["internal-reqeusts", "mylib:mylab"]
/// typosquat-targets = 5000
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Globs (matched against the path relative to the scan root, `/` separators) of
    /// requirements files that act as locks: every line must be pinned with `==`/`===`
    /// (`DEP101`, `DEP102`), URL requirements need a commit or hash (`DEP104`), and no
    /// editables (`DEP105`). A file that installs the project itself (`-e .`, `.`) is a
    /// development setup, never a lock.
    pub lock_files: Vec<String>,
    /// Globs of requirements files that are never locks, even when `lock-files` matches.
    pub not_lock_files: Vec<String>,
    /// Require `--hash` on every line of every lock requirements file (`DEP103`), not only
    /// when the file already uses hashes or sets `--require-hashes`.
    pub require_hashes: bool,
    /// Package indexes dependencies may come from (`DEP108`). Compared without credentials,
    /// case of the host, or trailing `/`; `https://pypi.org/simple` also matches
    /// `https://pypi.python.org/simple`.
    pub index_urls: Vec<String>,
    /// Names never reported as typosquats (`DEP201`/`DEP202`), or `name:target` pairs.
    pub typosquat_allowlist: Vec<String>,
    /// How many of the most downloaded PyPI projects count as typosquat targets.
    pub typosquat_targets: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lock_files: vec![
                "**/requirements*.txt".to_string(),
                "**/requirements/*.txt".to_string(),
                "**/constraints*.txt".to_string(),
            ],
            not_lock_files: Vec::new(),
            require_hashes: false,
            index_urls: vec![DEFAULT_INDEX.to_string()],
            typosquat_allowlist: Vec::new(),
            typosquat_targets: DEFAULT_TYPOSQUAT_TARGETS,
        }
    }
}

pub(crate) const DEFAULT_INDEX: &str = "https://pypi.org/simple";
pub(crate) const DEFAULT_TYPOSQUAT_TARGETS: usize = 5_000;

/// An index URL in the form used for comparison: no credentials, lowercase scheme and
/// host, no trailing `/`, PyPI's legacy host folded into `pypi.org`.
pub(crate) fn normalise_index(url: &str) -> String {
    let trimmed = url.trim().trim_end_matches('/');
    let Some((scheme, rest)) = trimmed.split_once("://") else {
        return trimmed.to_ascii_lowercase();
    };
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
        .to_ascii_lowercase();
    let host = match host.as_str() {
        "pypi.python.org" | "www.pypi.org" => "pypi.org".to_string(),
        _ => host,
    };
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        format!("{}://{host}", scheme.to_ascii_lowercase())
    } else {
        format!("{}://{host}/{path}", scheme.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_deserialise_from_kebab_case_and_reject_unknown_keys() {
        let options: Options = toml::from_str(
            "lock-files = [\"req.txt\"]\nindex-urls = [\"https://x/simple\"]\ntyposquat-targets = 10\n",
        )
        .unwrap();
        assert_eq!(options.lock_files, ["req.txt"]);
        assert_eq!(options.typosquat_targets, 10);
        assert!(options.not_lock_files.is_empty());
        assert!(toml::from_str::<Options>("lockfiles = []").is_err());
    }

    #[test]
    fn index_urls_compare_loosely() {
        assert_eq!(
            normalise_index("https://PyPI.python.org/simple/"),
            "https://pypi.org/simple"
        );
        assert_eq!(
            normalise_index("https://u:****@Private.example/simple"),
            "https://private.example/simple"
        );
    }
}

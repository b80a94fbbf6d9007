//! What a scan is configured with: the enabled rules and Bandit's per-check options.
//!
//! [`Options`] is the `[tool.snakeguard.bandit]` table. Its keys are Bandit's own plugin and
//! option names (`assert_used.skips`, `shell_injection.subprocess`…), so a Bandit user pastes
//! the plugin sections of their YAML/TOML config unchanged; the kebab-case spelling
//! (`assert-used`) is accepted too. Unknown keys are errors that name the key.

use std::sync::{Arc, OnceLock};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::registry::RuleSet;

/// Bandit's plugin options: `[tool.snakeguard.bandit]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// B101
    #[serde(alias = "assert-used")]
    pub assert_used: AssertUsed,
    /// B108
    #[serde(alias = "hardcoded-tmp-directory")]
    pub hardcoded_tmp_directory: HardcodedTmpDirectory,
    /// B110
    #[serde(alias = "try-except-pass")]
    pub try_except_pass: TypedException,
    /// B112
    #[serde(alias = "try-except-continue")]
    pub try_except_continue: TypedException,
    /// B602–B607, B609
    #[serde(alias = "shell-injection")]
    pub shell_injection: ShellInjection,
    /// B502, B503
    #[serde(alias = "ssl-with-bad-version")]
    pub ssl_with_bad_version: SslWithBadVersion,
    /// B505
    #[serde(alias = "weak-cryptographic-key")]
    pub weak_cryptographic_key: WeakCryptographicKey,
    /// B704
    #[serde(alias = "markupsafe-xss")]
    pub markupsafe_xss: MarkupsafeXss,
}

/// `assert_used`: fnmatch-style globs on the file path; matching files are exempt from B101.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AssertUsed {
    pub skips: Vec<String>,
}

/// `hardcoded_tmp_directory`: path prefixes B108 reports.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HardcodedTmpDirectory {
    #[serde(alias = "tmp-dirs")]
    pub tmp_dirs: Vec<String>,
}

impl Default for HardcodedTmpDirectory {
    fn default() -> Self {
        HardcodedTmpDirectory {
            tmp_dirs: strings(&["/tmp", "/var/tmp", "/dev/shm"]),
        }
    }
}

/// `try_except_pass` / `try_except_continue`: also report handlers for specific exceptions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TypedException {
    #[serde(alias = "check-typed-exception")]
    pub check_typed_exception: bool,
}

/// `shell_injection`: the qualified names of the three families of process-starting calls.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShellInjection {
    /// Calls that take `shell=` (B602, B603).
    pub subprocess: Vec<String>,
    /// Calls that always run a shell (B605).
    pub shell: Vec<String>,
    /// Calls that start a process without a shell (B606).
    #[serde(alias = "no-shell")]
    pub no_shell: Vec<String>,
}

impl Default for ShellInjection {
    fn default() -> Self {
        ShellInjection {
            subprocess: strings(&[
                "subprocess.Popen",
                "subprocess.call",
                "subprocess.check_call",
                "subprocess.check_output",
                "subprocess.run",
            ]),
            shell: strings(&[
                "os.system",
                "os.popen",
                "os.popen2",
                "os.popen3",
                "os.popen4",
                "popen2.popen2",
                "popen2.popen3",
                "popen2.popen4",
                "popen2.Popen3",
                "popen2.Popen4",
                "commands.getoutput",
                "commands.getstatusoutput",
                "subprocess.getoutput",
                "subprocess.getstatusoutput",
            ]),
            no_shell: strings(&[
                "os.execl",
                "os.execle",
                "os.execlp",
                "os.execlpe",
                "os.execv",
                "os.execve",
                "os.execvp",
                "os.execvpe",
                "os.spawnl",
                "os.spawnle",
                "os.spawnlp",
                "os.spawnlpe",
                "os.spawnv",
                "os.spawnve",
                "os.spawnvp",
                "os.spawnvpe",
                "os.startfile",
            ]),
        }
    }
}

/// `ssl_with_bad_version`: protocol constants B502/B503 report.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SslWithBadVersion {
    #[serde(alias = "bad-protocol-versions")]
    pub bad_protocol_versions: Vec<String>,
}

impl Default for SslWithBadVersion {
    fn default() -> Self {
        SslWithBadVersion {
            bad_protocol_versions: strings(&[
                "PROTOCOL_SSLv2",
                "SSLv2_METHOD",
                "SSLv23_METHOD",
                "PROTOCOL_SSLv3",
                "PROTOCOL_TLSv1",
                "SSLv3_METHOD",
                "TLSv1_METHOD",
                "PROTOCOL_TLSv1_1",
                "TLSv1_1_METHOD",
            ]),
        }
    }
}

/// `weak_cryptographic_key`: key sizes below `*_high` are HIGH, below `*_medium` MEDIUM.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WeakCryptographicKey {
    #[serde(alias = "weak-key-size-dsa-high")]
    pub weak_key_size_dsa_high: u32,
    #[serde(alias = "weak-key-size-dsa-medium")]
    pub weak_key_size_dsa_medium: u32,
    #[serde(alias = "weak-key-size-rsa-high")]
    pub weak_key_size_rsa_high: u32,
    #[serde(alias = "weak-key-size-rsa-medium")]
    pub weak_key_size_rsa_medium: u32,
    #[serde(alias = "weak-key-size-ec-high")]
    pub weak_key_size_ec_high: u32,
    #[serde(alias = "weak-key-size-ec-medium")]
    pub weak_key_size_ec_medium: u32,
}

impl Default for WeakCryptographicKey {
    fn default() -> Self {
        WeakCryptographicKey {
            weak_key_size_dsa_high: 1024,
            weak_key_size_dsa_medium: 2048,
            weak_key_size_rsa_high: 1024,
            weak_key_size_rsa_medium: 2048,
            weak_key_size_ec_high: 160,
            weak_key_size_ec_medium: 224,
        }
    }
}

/// `markupsafe_xss`: more `Markup`-like names, and calls whose result is trusted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarkupsafeXss {
    #[serde(alias = "extend-markup-names")]
    pub extend_markup_names: Vec<String>,
    #[serde(alias = "allowed-calls")]
    pub allowed_calls: Vec<String>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_string()).collect()
}

/// An option value that cannot be used (a glob that does not compile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// The option key, dotted: `assert_used.skips`.
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid value for `{}`: {}", self.key, self.message)
    }
}

impl std::error::Error for SettingsError {}

/// The enabled rules and their options, checked and compiled once per scan.
#[derive(Debug, Clone)]
pub struct Settings {
    pub rules: RuleSet,
    pub options: Options,
    assert_skips: GlobSet,
    /// The secrets scanner that judges literals for the Python-aware secret rules
    /// (`SEC401`–`SEC407`): its options (`python-min-length`, allowlists, `show_secrets`).
    secrets: Option<Arc<sg_secrets::SecretScanner>>,
}

impl Settings {
    pub fn new(rules: RuleSet, options: Options) -> Result<Settings, SettingsError> {
        let mut builder = GlobSetBuilder::new();
        for pattern in &options.assert_used.skips {
            let glob = Glob::new(pattern).map_err(|error| SettingsError {
                key: "assert_used.skips".to_string(),
                message: error.to_string(),
            })?;
            builder.add(glob);
        }
        let assert_skips = builder.build().map_err(|error| SettingsError {
            key: "assert_used.skips".to_string(),
            message: error.to_string(),
        })?;
        Ok(Settings {
            rules,
            options,
            assert_skips,
            secrets: None,
        })
    }

    /// Uses `scanner` (the one the binary built from `[tool.snakeguard.secrets]` and
    /// `--show-secrets`) for the Python-aware secret rules. Without it they use
    /// `sg_secrets::Options::default()`, which redacts.
    #[must_use]
    pub fn with_secrets(mut self, scanner: Arc<sg_secrets::SecretScanner>) -> Self {
        self.secrets = Some(scanner);
        self
    }

    /// The secrets scanner the Python-aware secret rules use.
    pub fn secrets(&self) -> Option<&sg_secrets::SecretScanner> {
        static DEFAULT: OnceLock<Option<sg_secrets::SecretScanner>> = OnceLock::new();
        if let Some(scanner) = &self.secrets {
            return Some(scanner);
        }
        DEFAULT
            .get_or_init(|| sg_secrets::SecretScanner::new(sg_secrets::Options::default()).ok())
            .as_ref()
    }

    /// Whether B101 is skipped for `display_path` (`assert_used.skips`). Like Bandit's
    /// fnmatch, `*` also matches `/`; the path is tried as given and with a leading `./`
    /// (Bandit sees paths as `./tests/test_x.py` when run as `bandit -r .`).
    pub fn assert_skipped(&self, display_path: &str) -> bool {
        !self.assert_skips.is_empty()
            && (self.assert_skips.is_match(display_path)
                || self.assert_skips.is_match(format!("./{display_path}")))
    }
}

impl Default for Settings {
    /// Every rule, Bandit's default options.
    fn default() -> Self {
        Settings {
            rules: RuleSet::all(),
            options: Options::default(),
            assert_skips: GlobSet::empty(),
            secrets: None,
        }
    }
}

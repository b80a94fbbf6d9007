//! Command-line definition. Help text is short and exact; long explanations live in the docs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "snakeguard",
    version,
    about = "Security checks for Python projects: source, secrets, pickles, dependencies, APIs",
    propagate_version = true,
    disable_help_subcommand = false
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories (default: the current directory)
    Scan(ScanArgs),
    /// List every HTTP endpoint: method, path, handler, authentication, scopes, rate limit
    Api(ApiArgs),
    /// Audit dependencies for known vulnerabilities and malicious packages
    Audit(AuditArgs),
    /// Print a shell completion script
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Manage the vulnerability database cache
    #[command(subcommand)]
    Db(DbCommand),
    /// List the dependencies found in manifests, lockfiles and environments
    Deps(DepsArgs),
    /// Add a commented [tool.snakeguard] section to pyproject.toml
    Init {
        /// The pyproject.toml to edit (created when missing)
        #[arg(default_value = "pyproject.toml", value_name = "FILE")]
        path: PathBuf,
    },
    /// Check pickle and model files without loading them
    Pickle(PickleArgs),
    /// Explain a rule, or list all rules
    Rule(RuleArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Sarif,
    Github,
    Markdown,
    Junit,
    /// One self-contained HTML page (use with `-o report.html`)
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    Low,
    Medium,
    High,
    Critical,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConfidenceLevel {
    Low,
    Medium,
    High,
}

/// Options shared by every command that reports findings.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Write the report to FILE instead of stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Report only findings of at least this severity
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub severity: Option<Level>,
    /// Report only findings of at least this confidence
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub confidence: Option<ConfidenceLevel>,
    /// Exit 0 even when findings are reported
    #[arg(long)]
    pub exit_zero: bool,
    /// Print only the findings, no summary
    #[arg(short, long)]
    pub quiet: bool,
    /// Never draw a progress bar
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Rules to run: codes, prefixes or names, comma-separated (default: all)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Rules to add to the selection
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,
    /// Rules to skip
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Skip paths matching GLOB (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Read configuration from FILE instead of discovering it
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report findings that a baseline file does not already hold
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write every finding's fingerprint to FILE and exit 0
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Report findings even on lines with `# nosec` or `# noqa`
    #[arg(long)]
    pub ignore_nosec: bool,
    /// Report `# nosec` / `# noqa` comments that suppressed nothing
    #[arg(long)]
    pub show_unused_suppressions: bool,
    /// Show secrets in clear instead of a redacted prefix
    #[arg(long)]
    pub show_secrets: bool,
    /// Also scan every commit's added lines for secrets (git repositories)
    #[arg(long)]
    pub history: bool,
    /// Read installed dependencies from this interpreter, virtualenv or site-packages
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// Vulnerability database: an OSV zip, a folder of OSV JSON, or a PyPA advisory-database checkout
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Number of worker threads (default: one per core)
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ApiArgs {
    /// Project directory (default: the current directory)
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = InventoryFormat::Table)]
    pub format: InventoryFormat,
    /// Read configuration from FILE instead of discovering it
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InventoryFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct DepsArgs {
    /// Project directory or dependency file (default: the current directory)
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// Also read this interpreter, virtualenv or site-packages
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Download the OSV PyPI database (if changed) and index it
    Update(DbUpdateArgs),
    /// Show where the database came from, its age and size
    Status,
    /// Print the cache folder
    Path,
}

#[derive(Debug, Args)]
pub struct DbUpdateArgs {
    /// Download from URL (or read a local file) instead of osv.dev's PyPI export
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Download even when the server says the copy is current
    #[arg(long)]
    pub force: bool,
    /// Never draw a progress bar
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    Text,
    Json,
    Sarif,
    Github,
    Markdown,
    Junit,
    Cyclonedx,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Project directory to search for dependency files (default: the current directory)
    #[arg(value_name = "PATH", conflicts_with_all = ["requirement", "lock"])]
    pub path: Option<PathBuf>,
    /// Audit this requirements file (repeatable)
    #[arg(short = 'r', long = "requirement", value_name = "FILE")]
    pub requirement: Vec<PathBuf>,
    /// Audit this lockfile or pyproject.toml (repeatable)
    #[arg(long, value_name = "FILE")]
    pub lock: Vec<PathBuf>,
    /// Audit the packages installed for this interpreter, virtualenv or site-packages
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// Vulnerability database: an OSV zip, a folder of OSV JSON, or a PyPA advisory-database checkout
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Ignore a vulnerability by id or alias (repeatable)
    #[arg(long, value_name = "ID")]
    pub ignore_vuln: Vec<String>,
    /// Fail when a dependency could not be audited (unpinned, URL, editable)
    #[arg(long)]
    pub strict: bool,
    /// Rewrite requirement files to the smallest fixing versions
    #[arg(long)]
    pub fix: bool,
    /// With --fix: print the diff instead of writing
    #[arg(long, requires = "fix")]
    pub dry_run: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub format: AuditFormat,
    /// Write the report to FILE instead of stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Report only vulnerabilities of at least this severity
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub severity: Option<Level>,
    /// Exit 0 even when vulnerabilities are reported
    #[arg(long)]
    pub exit_zero: bool,
    /// Print only the findings, no summary
    #[arg(short, long)]
    pub quiet: bool,
    /// Read configuration from FILE instead of discovering it
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PickleArgs {
    /// Pickle or model files, or directories to search for them
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Print the disassembly with the flagged operations marked
    #[arg(long)]
    pub explain: bool,
    /// Report imports that are not allowlisted at high severity
    #[arg(long)]
    pub strict: bool,
    /// Read configuration from FILE instead of discovering it
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// Rule code or name, e.g. B301 or pickle
    #[arg(value_name = "CODE", required_unless_present = "all")]
    pub code: Option<String>,
    /// Print every rule
    #[arg(long, conflicts_with = "code")]
    pub all: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
    pub format: RuleFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleFormat {
    Text,
    Markdown,
    Json,
}

impl From<Level> for sg_diagnostics::Severity {
    fn from(level: Level) -> Self {
        match level {
            Level::Low => sg_diagnostics::Severity::Low,
            Level::Medium => sg_diagnostics::Severity::Medium,
            Level::High => sg_diagnostics::Severity::High,
            Level::Critical => sg_diagnostics::Severity::Critical,
        }
    }
}

impl From<ConfidenceLevel> for sg_diagnostics::Confidence {
    fn from(level: ConfidenceLevel) -> Self {
        match level {
            ConfidenceLevel::Low => sg_diagnostics::Confidence::Low,
            ConfidenceLevel::Medium => sg_diagnostics::Confidence::Medium,
            ConfidenceLevel::High => sg_diagnostics::Confidence::High,
        }
    }
}

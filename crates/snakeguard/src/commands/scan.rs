//! `snakeguard scan [PATH...]`: every scanner over a tree, one sorted report, an exit code.

use std::fmt::Write;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sg_diagnostics::render::{Endpoint, Endpoints, Format, RenderOptions, Report, Summary};
use sg_diagnostics::{Confidence, Finding, Rule, Severity};

use crate::baseline::{self, Baseline};
use crate::cli::{OutputArgs, OutputFormat, ScanArgs};
use crate::config::{Config, ConfigSource};
use crate::progress::Progress;
use crate::scan::{self, ScanContext};
use crate::scanners::dependencies::rebase;
use crate::scanners::{ScannerFlags, Scanners};
use crate::selection::{PerFileIgnores, RuleSelection};
use crate::walk::{self, Excludes};
use crate::{CommandError, CommandOutput, registry};

/// Directories no one wants scanned: virtual environments, caches, VCS metadata. Matched by
/// name anywhere in the tree, like ruff's defaults.
pub const DEFAULT_EXCLUDES: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".bzr",
    ".tox",
    ".nox",
    ".venv",
    "venv",
    ".direnv",
    "__pypackages__",
    "node_modules",
    "site-packages",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".eggs",
];

pub fn run(args: &ScanArgs) -> Result<CommandOutput, CommandError> {
    let started = Instant::now();
    let root = super::scan_root()?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };

    let (config, config_source) = super::load_config(args.config.as_deref(), &paths[0])?;

    let rules = registry::all_rules();
    let selection = selection_for(args, &config, &rules)?;
    let per_file_ignores = PerFileIgnores::new(&rules, &config.per_file_ignores)
        .map_err(|error| CommandError::usage(config_error(&config_source, &error)))?;
    let excludes = Excludes::new(&[
        (config.root.clone(), config.exclude.clone()),
        (root.clone(), args.exclude.clone()),
        (
            root.clone(),
            DEFAULT_EXCLUDES
                .iter()
                .map(|pattern| (*pattern).to_string())
                .collect(),
        ),
    ])
    .map_err(CommandError::usage)?;
    let mut scanners = Scanners::new(
        &config,
        &selection,
        &rules,
        ScannerFlags {
            show_secrets: args.show_secrets,
            python: args.python.as_deref(),
            database: args.db.as_deref(),
        },
    )
    .map_err(|error| CommandError::usage(config_error(&config_source, &error)))?;

    let walked = walk::walk(&paths, &root, &excludes);
    if let Some(missing) = walked
        .problems
        .iter()
        .find(|problem| problem.reason == "no such file or directory")
    {
        return Err(CommandError::usage(format!(
            "{}: no such file or directory",
            missing.display
        )));
    }

    let project = project_checks(args, &paths, &root, &scanners, &selection)?;
    let project_findings = project.findings;
    scanners.set_pyjwt_version(project.pyjwt_version);
    let progress = Progress::new(
        walked.files.len() as u64,
        "scanning",
        !(args.output.no_progress || args.output.quiet),
    );
    let context = ScanContext {
        root: &root,
        config_root: &config.root,
        selection: &selection,
        per_file_ignores: &per_file_ignores,
        ignore_nosec: args.ignore_nosec,
        show_unused_suppressions: args.show_unused_suppressions,
        scanners: &scanners,
    };
    let outcome = scan::scan(&walked, project_findings, &context, args.jobs, &progress)
        .map_err(CommandError::usage)?;
    progress.finish();

    let mut summary = Summary {
        files_scanned: outcome.files_scanned as u64,
        ..Summary::default()
    };
    for (reason, count) in &outcome.skipped {
        summary.add_skipped(reason, *count);
    }
    for (mechanism, count) in &outcome.suppressed {
        summary.add_suppressed(mechanism, *count);
    }

    let mut findings = outcome.findings;
    if let Some(path) = &args.write_baseline {
        baseline::write(path, &findings).map_err(CommandError::usage)?;
        return Ok(CommandOutput {
            stdout: String::new(),
            stderr: format!(
                "wrote {} fingerprints to {}\n",
                findings.len(),
                path.display()
            ),
            exit: 0,
        });
    }
    if let Some(path) = &args.baseline {
        let baseline = Baseline::read(path).map_err(CommandError::usage)?;
        let before = findings.len();
        findings.retain(|finding| !baseline.contains(finding));
        summary.baseline_absorbed = (before - findings.len()) as u64;
    }
    let before = findings.len();
    apply_thresholds(&mut findings, &args.output, &config);
    if before > findings.len() {
        summary.add_suppressed("below-threshold", (before - findings.len()) as u64);
    }
    summary.count_findings(&findings);
    summary.elapsed = Some(started.elapsed());
    summary.vulnerability_database = project.database;

    let enabled: Vec<&'static Rule> = rules
        .iter()
        .copied()
        .filter(|rule| selection.is_enabled(rule.code))
        .collect();
    // Reports for people (markdown, html) also list the endpoints the API scanner found.
    let endpoints = outcome
        .api_inventory
        .as_ref()
        .filter(|_| {
            matches!(
                args.output.format,
                OutputFormat::Markdown | OutputFormat::Html
            )
        })
        .map(report_endpoints);
    let mut output = render_report(
        &findings,
        &enabled,
        &summary,
        endpoints.as_ref(),
        &args.output,
    )?;
    for warning in &project.warnings {
        let _ = writeln!(output.stderr, "warning: {warning}");
    }
    Ok(output)
}

/// Whole-tree checks that are not about one file's content: `.env` hygiene per scanned
/// directory and, with `--history`, secrets in git history.
fn project_checks(
    args: &ScanArgs,
    paths: &[PathBuf],
    root: &Path,
    scanners: &Scanners,
    selection: &RuleSelection,
) -> Result<ProjectOutcome, CommandError> {
    let mut findings = Vec::new();
    let mut database = None;
    let mut warnings = Vec::new();
    let mut pyjwt_version = None;
    let hygiene_enabled = [
        &sg_secrets::hygiene::ENV_FILE_NOT_IGNORED,
        &sg_secrets::hygiene::ENV_FILE_TRACKED,
    ]
    .iter()
    .any(|rule| selection.is_enabled(rule.code));
    for path in paths.iter().filter(|path| path.is_dir()) {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        let prefix = walk::display_path(&absolute, root);
        if hygiene_enabled {
            let hygiene = sg_secrets::check_env_files(&absolute)
                .map_err(|error| CommandError::usage(error.to_string()))?;
            findings.extend(hygiene.into_iter().map(|finding| rebase(finding, &prefix)));
        }
        if let Some(outcome) = scanners.scan_dependencies(&absolute, &prefix) {
            findings.extend(outcome.findings);
            database = database.or(outcome.database);
            warnings.extend(outcome.warnings);
            pyjwt_version = pyjwt_version.or(outcome.pyjwt_version);
        }
        if args.history {
            let history = scanners
                .scan_history(&absolute)
                .map_err(CommandError::usage)?;
            findings.extend(history.into_iter().map(|finding| rebase(finding, &prefix)));
        }
    }
    Ok(ProjectOutcome {
        findings,
        database,
        warnings,
        pyjwt_version,
    })
}

/// What the whole-tree checks found.
struct ProjectOutcome {
    findings: Vec<Finding>,
    database: Option<String>,
    warnings: Vec<String>,
    /// The PyJWT version the dependency files pin, for the JWT rules.
    pyjwt_version: Option<String>,
}

fn selection_for(
    args: &ScanArgs,
    config: &Config,
    rules: &[&'static Rule],
) -> Result<RuleSelection, CommandError> {
    let select = args.select.clone().or_else(|| config.select.clone());
    let mut extend_select = config.extend_select.clone();
    extend_select.extend(args.extend_select.iter().cloned());
    let mut ignore = config.ignore.clone();
    ignore.extend(args.ignore.iter().cloned());
    RuleSelection::new(rules, select.as_deref(), &extend_select, &ignore)
        .map_err(CommandError::usage)
}

fn config_error(source: &ConfigSource, error: &str) -> String {
    match source {
        ConfigSource::Snakeguard(path) | ConfigSource::Bandit(path) => {
            format!("invalid configuration in {}: {error}", path.display())
        }
        ConfigSource::Defaults => error.to_string(),
    }
}

fn apply_thresholds(findings: &mut Vec<Finding>, output: &OutputArgs, config: &Config) {
    let severity: Severity = output
        .severity
        .map(Into::into)
        .or(config.severity)
        .unwrap_or(Severity::Low);
    let confidence: Confidence = output
        .confidence
        .map(Into::into)
        .or(config.confidence)
        .unwrap_or(Confidence::Low);
    findings.retain(|finding| finding.severity >= severity && finding.confidence >= confidence);
}

/// The API inventory in the neutral shape the renderers take.
fn report_endpoints(inventory: &sg_api::Inventory) -> Endpoints {
    Endpoints {
        endpoints: inventory
            .endpoints
            .iter()
            .map(|endpoint| Endpoint {
                methods: endpoint.methods.clone(),
                path: endpoint.path.clone(),
                handler: format!(
                    "{}:{} {}",
                    endpoint.handler.file, endpoint.handler.line, endpoint.handler.name
                ),
                auth: endpoint.auth.clone(),
                scopes: endpoint.scopes.clone(),
                rate_limit: endpoint.rate_limit.clone(),
                inactive_rate_limit: endpoint.inactive_rate_limit.clone(),
                csrf_exempt: endpoint.csrf_exempt,
            })
            .collect(),
        // The table's last line is its summary; taking it keeps the wording of `snakeguard api`.
        summary: sg_api::render::table(inventory)
            .lines()
            .next_back()
            .unwrap_or_default()
            .to_string(),
    }
}

/// Renders the report to stdout or `-o FILE` and picks the exit code.
pub fn render_and_exit(
    findings: &[Finding],
    rules: &[&'static Rule],
    summary: &Summary,
    output: &OutputArgs,
) -> Result<CommandOutput, CommandError> {
    render_report(findings, rules, summary, None, output)
}

/// [`render_and_exit`] with the API endpoint inventory, when there is one.
fn render_report(
    findings: &[Finding],
    rules: &[&'static Rule],
    summary: &Summary,
    endpoints: Option<&Endpoints>,
    output: &OutputArgs,
) -> Result<CommandOutput, CommandError> {
    let format = render_format(output.format);
    let color = format == Format::Text
        && output.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    let options = RenderOptions {
        color,
        show_summary: !output.quiet,
        source_root: None,
    };
    let mut report = Report::new(findings, rules, summary, env!("CARGO_PKG_VERSION"));
    if let Some(endpoints) = endpoints {
        report = report.with_endpoints(endpoints);
    }
    let text = sg_diagnostics::render::render(format, &report, &options);
    let exit = u8::from(!findings.is_empty() && !output.exit_zero);
    match &output.output {
        Some(path) => {
            std::fs::write(path, text).map_err(|error| {
                CommandError::usage(format!("cannot write {}: {error}", path.display()))
            })?;
            Ok(CommandOutput {
                stdout: String::new(),
                stderr: String::new(),
                exit,
            })
        }
        None => Ok(CommandOutput {
            stdout: text,
            stderr: String::new(),
            exit,
        }),
    }
}

fn render_format(format: OutputFormat) -> Format {
    match format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Json => Format::Json,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Github => Format::Github,
        OutputFormat::Markdown => Format::Markdown,
        OutputFormat::Junit => Format::Junit,
        OutputFormat::Html => Format::Html,
    }
}

//! `snakeguard audit`: pip-audit's job, offline and exact. What could not be audited is always
//! listed; no database is an error with the command that fixes it.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sg_diagnostics::Rule;
use sg_diagnostics::render::Summary;

use crate::cli::{AuditArgs, AuditFormat, OutputArgs, OutputFormat};
use crate::commands::scan::render_and_exit;
use crate::config;
use crate::{CommandError, CommandOutput};

pub fn run(args: &AuditArgs) -> Result<CommandOutput, CommandError> {
    let started = Instant::now();
    let root = super::scan_root()?;
    let start = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let (config, _) = super::load_config(args.config.as_deref(), &start)?;
    let options: sg_audit::Options =
        config::section(config.sections.audit.as_ref(), "audit").map_err(CommandError::usage)?;

    let manifests = read_inputs(args, &start)?;
    let mut stderr = String::new();
    for error in manifests.iter().flat_map(|manifest| &manifest.errors) {
        let _ = writeln!(stderr, "warning: {error}");
    }

    let database = match &args.db {
        Some(path) => sg_audit::Database::load(path, &sg_audit::NoProgress),
        None => sg_audit::Cache::from_env()
            .and_then(|cache| sg_audit::Database::open_cache(&cache, &sg_audit::NoProgress)),
    }
    .map_err(|error| match error.hint() {
        Some(hint) => CommandError::usage(format!("{error}\nhint: {hint}")),
        None => CommandError::usage(error.to_string()),
    })?;

    let severity = args.severity.map(Into::into);
    let settings = sg_audit::AuditSettings::new(&options, &args.ignore_vuln, severity, args.strict);
    let report = sg_audit::audit_manifests(&manifests, &root, &database, &settings)
        .map_err(|error| CommandError::usage(error.to_string()))?;
    for warning in &report.warnings {
        let _ = writeln!(stderr, "warning: {warning}");
    }

    if args.fix {
        return fix(args, &report, &root, stderr);
    }

    let not_audited = not_audited_text(&report);
    let mut output = match args.format {
        AuditFormat::Markdown => plain(sg_audit::render_markdown(&report), args, &report)?,
        AuditFormat::Cyclonedx => plain(sg_audit::render_cyclonedx(&report), args, &report)?,
        format => {
            let mut summary = Summary {
                files_scanned: manifests.len() as u64,
                ..Summary::default()
            };
            summary.count_findings(&report.findings);
            summary.elapsed = Some(started.elapsed());
            let rules: Vec<&'static Rule> = sg_audit::rules().to_vec();
            let output_args = OutputArgs {
                format: generic_format(format),
                output: args.output.clone(),
                severity: None,
                confidence: None,
                exit_zero: args.exit_zero,
                quiet: args.quiet,
                no_progress: true,
            };
            render_and_exit(&report.findings, &rules, &summary, &output_args)?
        }
    };
    if !not_audited.is_empty() {
        if args.format == AuditFormat::Text && args.output.is_none() {
            output.stdout.push_str(&not_audited);
        } else {
            stderr.push_str(&not_audited);
        }
    }
    if report.audited == 0 {
        let _ = writeln!(
            stderr,
            "warning: no dependency was audited: none has an exact version"
        );
    }
    if report.strict_failure(&settings) {
        let _ = writeln!(
            stderr,
            "error: --strict: some dependencies could not be audited"
        );
        output.exit = 1;
    }
    output.stderr.insert_str(0, &stderr);
    Ok(output)
}

fn read_inputs(args: &AuditArgs, start: &Path) -> Result<Vec<sg_deps::Manifest>, CommandError> {
    let env = sg_deps::EnvVars::Process;
    let mut manifests = Vec::new();
    for path in &args.requirement {
        require_exists(path)?;
        manifests.push(sg_deps::read_requirements(path, &env));
    }
    for path in &args.lock {
        require_exists(path)?;
        let format = sg_deps::format_of(path).ok_or_else(|| {
            CommandError::usage(format!(
                "{}: not a lockfile or manifest snakeguard reads\nhint: uv.lock, poetry.lock, Pipfile.lock, pdm.lock, pylock.toml, pyproject.toml",
                path.display()
            ))
        })?;
        manifests.push(sg_deps::read_file(path, format, &env));
    }
    if let Some(python) = &args.python {
        manifests.push(sg_deps::read_environment(python));
    }
    if manifests.is_empty() {
        require_exists(start)?;
        let options = sg_deps::CollectOptions {
            python: None,
            use_active_virtualenv: false,
            env,
        };
        let inventory = sg_deps::collect(start, &options);
        manifests.extend(inventory.manifests);
        if manifests.is_empty() {
            return Err(CommandError::usage(format!(
                "no dependency files under {}\nhint: pass -r requirements.txt, --lock FILE or --python PATH",
                start.display()
            )));
        }
    }
    Ok(manifests)
}

fn require_exists(path: &Path) -> Result<(), CommandError> {
    if path.exists() {
        Ok(())
    } else {
        Err(CommandError::usage(format!(
            "{}: no such file or directory",
            path.display()
        )))
    }
}

/// `--fix`: rewrite requirement files (or show the diff), and name the command for lockfiles.
fn fix(
    args: &AuditArgs,
    report: &sg_audit::AuditReport,
    root: &Path,
    mut stderr: String,
) -> Result<CommandOutput, CommandError> {
    let plan = sg_audit::plan_fixes(report, root, None);
    for warning in &plan.warnings {
        let _ = writeln!(stderr, "warning: {warning}");
    }
    let mut stdout = String::new();
    if args.dry_run {
        stdout.push_str(&plan.diff());
    } else {
        plan.apply()
            .map_err(|error| CommandError::usage(error.to_string()))?;
        for file in &plan.files {
            let _ = writeln!(
                stdout,
                "fixed {} ({} changes)",
                file.display_path,
                file.changes.len()
            );
        }
    }
    for lockfile in &plan.lockfiles {
        let _ = writeln!(stdout, "{}: run `{}`", lockfile.path, lockfile.command);
    }
    for (package, version, reason) in &plan.unfixable {
        let _ = writeln!(stdout, "cannot fix {package} {version}: {reason}");
    }
    let unresolved = !plan.lockfiles.is_empty()
        || !plan.unfixable.is_empty()
        || (args.dry_run && !plan.files.is_empty());
    Ok(CommandOutput {
        stdout,
        stderr,
        exit: u8::from(unresolved && !args.exit_zero),
    })
}

fn not_audited_text(report: &sg_audit::AuditReport) -> String {
    let mut text = String::new();
    if report.not_audited.is_empty() {
        return text;
    }
    let _ = writeln!(text, "\nNot audited ({}):", report.not_audited.len());
    for entry in &report.not_audited {
        let covered = entry
            .covered_by
            .as_deref()
            .map(|by| format!(" (audited through {by})"))
            .unwrap_or_default();
        let _ = writeln!(
            text,
            "  {}:{}: {}: {}{covered}",
            entry.path, entry.line, entry.package, entry.reason
        );
    }
    text
}

/// Output of the audit-only formats (markdown, CycloneDX), with the usual exit code.
fn plain(
    text: String,
    args: &AuditArgs,
    report: &sg_audit::AuditReport,
) -> Result<CommandOutput, CommandError> {
    let exit = u8::from(!report.findings.is_empty() && !args.exit_zero);
    match &args.output {
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

fn generic_format(format: AuditFormat) -> OutputFormat {
    match format {
        AuditFormat::Json => OutputFormat::Json,
        AuditFormat::Sarif => OutputFormat::Sarif,
        AuditFormat::Github => OutputFormat::Github,
        AuditFormat::Junit => OutputFormat::Junit,
        AuditFormat::Text | AuditFormat::Markdown | AuditFormat::Cyclonedx => OutputFormat::Text,
    }
}

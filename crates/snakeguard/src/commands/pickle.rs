//! `snakeguard pickle PATH...`: a verdict on pickle and model files before anyone loads them.
//! Files named explicitly are always scanned; directories are searched by content sniffing.

use std::fmt::Write;
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use sg_diagnostics::render::Summary;
use sg_diagnostics::{Finding, Rule, assign_fingerprints, sort_findings};

use crate::cli::{OutputFormat, PickleArgs};
use crate::commands::scan::render_and_exit;
use crate::scanners::pickle::PickleScanner;
use crate::walk::{self, Excludes};
use crate::{CommandError, CommandOutput};

pub fn run(args: &PickleArgs) -> Result<CommandOutput, CommandError> {
    let started = Instant::now();
    let root = super::scan_root()?;
    let (config, _) = super::load_config(args.config.as_deref(), &args.paths[0])?;
    let scanner = PickleScanner::new(&config, args.strict).map_err(CommandError::usage)?;

    let mut targets: Vec<(PathBuf, String)> = Vec::new();
    let mut summary = Summary::default();
    for path in &args.paths {
        if path.is_dir() {
            let walked = walk::walk(
                std::slice::from_ref(path),
                &root,
                &Excludes::new(&[]).map_err(CommandError::usage)?,
            );
            for file in walked.files {
                if is_pickle_candidate(&file.path) {
                    targets.push((file.path, file.display));
                }
            }
            for problem in walked.problems {
                summary.skip_file(if problem.reason == "symbolic link loop" {
                    "symlink-loop"
                } else {
                    "unreadable"
                });
            }
        } else if path.exists() {
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            targets.push((absolute.clone(), walk::display_path(&absolute, &root)));
        } else {
            return Err(CommandError::usage(format!(
                "{}: no such file or directory",
                path.display()
            )));
        }
    }

    let mut findings: Vec<Finding> = Vec::new();
    let mut verdicts = String::new();
    let mut explanations = String::new();
    for (path, display) in &targets {
        let report = sg_pickle::scan_file(path, display, scanner.options());
        match report {
            Ok(report) => {
                summary.files_scanned += 1;
                let _ = writeln!(verdicts, "{:<10} {display}", report.verdict().as_str());
                findings.extend(report.findings);
            }
            Err(_) => findings.extend(scanner.scan(path, display).findings),
        }
        if args.explain
            && let Ok(text) = sg_pickle::explain_file(path, display, scanner.options())
        {
            let _ = writeln!(explanations, "{text}");
        }
    }
    sort_findings(&mut findings);
    assign_fingerprints(&mut findings);
    findings.retain(|finding| {
        args.output
            .severity
            .is_none_or(|level| finding.severity >= level.into())
            && args
                .output
                .confidence
                .is_none_or(|level| finding.confidence >= level.into())
    });
    summary.count_findings(&findings);
    summary.elapsed = Some(started.elapsed());

    let rules: Vec<&'static Rule> = sg_pickle::rules().to_vec();
    let mut output = render_and_exit(&findings, &rules, &summary, &args.output)?;
    if args.output.format == OutputFormat::Text && args.output.output.is_none() {
        let mut text = explanations;
        if !args.output.quiet {
            text.push_str(&verdicts);
            if !verdicts.is_empty() {
                text.push('\n');
            }
        }
        text.push_str(&output.stdout);
        output.stdout = text;
    }
    Ok(output)
}

/// Whether a file found in a directory is a pickle or model file, by its first bytes.
fn is_pickle_candidate(path: &std::path::Path) -> bool {
    let mut head = Vec::with_capacity(sg_pickle::SNIFF_LEN);
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if file
        .take(sg_pickle::SNIFF_LEN as u64)
        .read_to_end(&mut head)
        .is_err()
    {
        return false;
    }
    sg_pickle::sniff(path, &head).is_some()
}

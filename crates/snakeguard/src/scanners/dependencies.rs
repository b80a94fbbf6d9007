//! Dependency files under a scanned directory: pinning and typosquat checks (`sg-deps`), and
//! the vulnerability audit (`sg-audit`) when a database is available. These are whole-tree
//! checks: a requirements file includes others, a lockfile covers a manifest.

use std::path::{Path, PathBuf};

use sg_diagnostics::Finding;

use crate::config::Config;

/// What the dependency checks of one scan found, and whether the audit could run.
#[derive(Debug, Default)]
pub struct DependencyOutcome {
    pub findings: Vec<Finding>,
    /// For the summary: `available, updated 3 days ago` / `not available: …`; `None` when no
    /// audit rule was enabled.
    pub database: Option<String>,
    pub warnings: Vec<String>,
    /// The PyJWT version the project pins, for the JWT rules' messages.
    pub pyjwt_version: Option<String>,
}

pub struct DependencyScanner {
    deps_options: sg_deps::Options,
    audit_options: sg_audit::Options,
    python: Option<PathBuf>,
    database_path: Option<PathBuf>,
}

impl DependencyScanner {
    pub fn new(
        config: &Config,
        python: Option<PathBuf>,
        database_path: Option<PathBuf>,
    ) -> Result<Self, String> {
        Ok(DependencyScanner {
            deps_options: crate::config::section(config.sections.deps.as_ref(), "deps")?,
            audit_options: crate::config::section(config.sections.audit.as_ref(), "audit")?,
            python,
            database_path,
        })
    }

    /// Reads every dependency file under `directory` and checks it. `prefix` is the
    /// directory's display path, so that findings are relative to the scan root.
    pub fn scan(&self, directory: &Path, prefix: &str, audit: bool) -> DependencyOutcome {
        let collect_options = sg_deps::CollectOptions {
            python: self.python.clone(),
            use_active_virtualenv: false,
            env: sg_deps::EnvVars::Process,
        };
        let inventory = sg_deps::collect(directory, &collect_options);
        let mut outcome = DependencyOutcome {
            pyjwt_version: inventory
                .manifests
                .iter()
                .chain(inventory.environment.as_ref())
                .flat_map(|manifest| &manifest.dependencies)
                .filter(|dependency| dependency.name.as_str() == "pyjwt")
                .find_map(|dependency| dependency.version.as_ref().map(ToString::to_string)),
            ..DependencyOutcome::default()
        };
        for path in &inventory.not_requirements {
            outcome.warnings.push(format!(
                "{}: named like a requirements file, but most of its lines are not pip syntax; not read as one",
                display_in(path, directory, prefix)
            ));
        }
        for error in inventory.errors() {
            let display = display_in(&error.path, directory, prefix);
            outcome.findings.push(error.to_finding(&display));
        }
        outcome.findings.extend(
            sg_deps::check(&inventory, &self.deps_options)
                .into_iter()
                .map(|finding| rebase(finding, prefix)),
        );
        if audit {
            self.audit(&inventory, prefix, &mut outcome);
        }
        outcome
    }

    fn audit(&self, inventory: &sg_deps::Inventory, prefix: &str, outcome: &mut DependencyOutcome) {
        let database = match &self.database_path {
            Some(path) => sg_audit::Database::load(path, &sg_audit::NoProgress),
            None => sg_audit::Cache::from_env()
                .and_then(|cache| sg_audit::Database::open_cache(&cache, &sg_audit::NoProgress)),
        };
        let database = match database {
            Ok(database) => database,
            Err(error) => {
                outcome.database = Some(match error.hint() {
                    Some(hint) => format!("not available: {error} ({hint})"),
                    None => format!("not available: {error}"),
                });
                return;
            }
        };
        outcome.database = Some(database_state(self.database_path.as_deref()));
        let settings = sg_audit::AuditSettings::new(&self.audit_options, &[], None, false);
        let manifests: Vec<sg_deps::Manifest> = inventory
            .manifests
            .iter()
            .chain(inventory.environment.as_ref())
            .cloned()
            .collect();
        match sg_audit::audit_manifests(&manifests, &inventory.root, &database, &settings) {
            Ok(report) => {
                outcome.findings.extend(
                    report
                        .findings
                        .into_iter()
                        .map(|finding| rebase(finding, prefix)),
                );
                outcome.warnings.extend(report.warnings);
            }
            Err(error) => outcome.database = Some(format!("not available: {error}")),
        }
    }
}

/// How the summary describes the database in use.
fn database_state(explicit: Option<&Path>) -> String {
    if let Some(path) = explicit {
        return format!("available ({})", path.display());
    }
    let Ok(cache) = sg_audit::Cache::from_env() else {
        return "available".to_string();
    };
    let status = cache.status();
    match status.age_seconds {
        Some(age) if status.stale => format!(
            "available, updated {} ago (stale: run `snakeguard db update`)",
            sg_audit::describe_age(age)
        ),
        Some(age) => format!("available, updated {} ago", sg_audit::describe_age(age)),
        None => "available".to_string(),
    }
}

fn display_in(path: &Path, directory: &Path, prefix: &str) -> String {
    let relative = crate::walk::display_path(path, directory);
    if prefix == "." {
        relative
    } else {
        format!("{prefix}/{relative}")
    }
}

/// Makes a finding's path, relative to a scanned directory, relative to the scan root.
pub fn rebase(mut finding: Finding, prefix: &str) -> Finding {
    if prefix != "." && !finding.path.starts_with('/') {
        finding.path = format!("{prefix}/{}", finding.path);
    }
    finding
}

//! Adapters between the scan engine and each scanner crate: which files a scanner wants, the
//! options it reads from configuration, and how its results become a [`FileReport`].

use sg_diagnostics::tool_rules::UNUSED_SUPPRESSION;
use sg_diagnostics::{Finding, Span};

pub mod dependencies;
pub mod pickle;
mod python;
mod secrets;

use sg_diagnostics::Rule;

use crate::config::Config;
use crate::scan::{FileContent, FileReport, ScanContext};
use crate::selection::RuleSelection;
use crate::suppress::FileSuppressions;
use crate::walk::WalkedFile;

/// The configured scanners of one run; a scanner with no enabled rule is `None` and costs
/// nothing.
pub struct Scanners {
    python: Option<python::PythonScanner>,
    pickle: Option<pickle::PickleScanner>,
    secrets: Option<secrets::SecretsScanner>,
    dependencies: Option<dependencies::DependencyScanner>,
    /// Whether `DEP001`/`DEP002` are enabled: the audit runs only then.
    audit: bool,
    /// `[tool.snakeguard.api]`, when an `API`/`JWT` rule is enabled.
    api: Option<sg_api::Options>,
}

/// Command-line switches that change what scanners do.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScannerFlags<'a> {
    pub show_secrets: bool,
    /// `--python PATH`: an installed environment to read dependencies from.
    pub python: Option<&'a std::path::Path>,
    /// `--db PATH`: the vulnerability database to use instead of the cache.
    pub database: Option<&'a std::path::Path>,
}

impl Scanners {
    pub fn new(
        config: &Config,
        selection: &RuleSelection,
        all_rules: &[&'static Rule],
        flags: ScannerFlags<'_>,
    ) -> Result<Self, String> {
        let wants =
            |rules: &[&'static Rule]| rules.iter().any(|rule| selection.is_enabled(rule.code));
        let api = if wants(sg_api::rules()) {
            Some(crate::config::section::<sg_api::Options>(
                config.sections.api.as_ref(),
                "api",
            )?)
        } else {
            None
        };
        // SEC401–SEC407 run on the Python walk, judged by the secrets scanner. When the
        // assignment, argument and default rules all run, they replace the keyword-anchored
        // text rule (SEC310) on Python sources.
        let python_aware_secrets = wants(&sg_secrets::python::rules());
        let python_aware_cover_generic = ["SEC401", "SEC402", "SEC403"]
            .iter()
            .all(|code| selection.is_enabled(code));
        let secrets = if wants(sg_secrets::rules()) {
            Some(secrets::SecretsScanner::new(
                config,
                flags.show_secrets,
                python_aware_cover_generic,
            )?)
        } else {
            None
        };
        let python = if wants(sg_rules::rules())
            || wants(sg_taint::rules())
            || api.is_some()
            || python_aware_secrets
            || selection.is_enabled("SG001")
        {
            let shared = secrets
                .as_ref()
                .filter(|_| python_aware_secrets)
                .map(secrets::SecretsScanner::shared);
            Some(python::PythonScanner::new(
                config,
                selection,
                all_rules,
                api.is_some(),
                shared,
            )?)
        } else {
            None
        };
        let pickle = if wants(sg_pickle::rules()) {
            Some(pickle::PickleScanner::new(config, false)?)
        } else {
            None
        };
        let audit = sg_audit::rules()
            .iter()
            .any(|rule| selection.is_enabled(rule.code));
        let dependencies = if audit || wants(sg_deps::rules()) {
            Some(dependencies::DependencyScanner::new(
                config,
                flags.python.map(std::path::Path::to_path_buf),
                flags.database.map(std::path::Path::to_path_buf),
            )?)
        } else {
            None
        };
        Ok(Scanners {
            python,
            pickle,
            secrets,
            dependencies,
            audit,
            api,
        })
    }

    /// The project-level API pass: the endpoint inventory from every file's facts, and the
    /// route-level findings. `None` when no API rule is enabled.
    pub fn check_api(
        &self,
        facts: &[sg_api::ModuleFacts],
    ) -> Option<(sg_api::Inventory, Vec<Finding>)> {
        let options = self.api.as_ref()?;
        let inventory = sg_api::build_inventory(facts, options);
        let findings = sg_api::check(&inventory, facts, options);
        Some((inventory, findings))
    }

    /// Tells the API rules which PyJWT version the project pins, when the dependency files say.
    pub fn set_pyjwt_version(&mut self, version: Option<String>) {
        if let Some(options) = &mut self.api {
            options.library_versions.pyjwt = version;
        }
    }

    /// Dependency checks (and the audit, when enabled) for one scanned directory.
    pub fn scan_dependencies(
        &self,
        directory: &std::path::Path,
        prefix: &str,
    ) -> Option<dependencies::DependencyOutcome> {
        self.dependencies
            .as_ref()
            .map(|scanner| scanner.scan(directory, prefix, self.audit))
    }

    /// `--history`: secrets in every commit of the repository at `repo_root`.
    pub fn scan_history(&self, repo_root: &std::path::Path) -> Result<Vec<Finding>, String> {
        match &self.secrets {
            Some(secrets) => secrets.scan_history(repo_root),
            None => Ok(Vec::new()),
        }
    }

    /// Whether any enabled scanner reads this file's bytes. The secrets and pickle scanners
    /// read every file; the others choose files by path, so with only they enabled
    /// (`--select B`) the rest of the tree is never opened.
    pub fn reads(&self, path: &std::path::Path) -> bool {
        self.secrets.is_some()
            || self.pickle.is_some()
            || (self.python.is_some() && python::PythonScanner::is_python(path))
            || (self.api.is_some() && sg_api::is_env_file(path))
    }

    /// Whether the whole-tree dependency pass reads this file (it opens it itself).
    pub fn takes_dependency_file(&self, path: &std::path::Path) -> bool {
        self.dependencies.is_some() && sg_deps::format_of(path).is_some()
    }

    /// Binary containers (pickles, model files) are scanned from their path, never read whole.
    pub fn scan_binary_container(&self, file: &WalkedFile, head: &[u8]) -> Option<FileReport> {
        self.pickle.as_ref()?.scan_if_pickle(file, head)
    }

    /// Every scanner that wants this text file, merged into one report.
    pub fn scan_text_file(
        &self,
        content: &FileContent<'_>,
        context: &ScanContext<'_>,
    ) -> FileReport {
        let mut report = FileReport::default();
        let mut scanned = false;
        let mut skip_reason = None;
        if let Some(python) = &self.python
            && python::PythonScanner::is_python(&content.file.path)
        {
            report.merge(python.scan(content));
            scanned = report.skipped.is_none();
        }
        if let Some(secrets) = &self.secrets {
            match secrets.scan(&content.file.display, content.text) {
                Ok(findings) => {
                    report.findings.extend(findings);
                    scanned = true;
                }
                Err(reason) => skip_reason = Some(reason),
            }
            // A provider token in a Python literal is reported once, as the provider's rule.
            // Findings of rules that are not selected are dropped later; they must not
            // take a selected finding with them.
            sg_secrets::python::drop_python_duplicates(&mut report.findings, |code| {
                context.selection.is_enabled(code)
            });
            // Another scanner's finding on a secret's line must not show the secret.
            sg_secrets::redact_other_snippets(&mut report.findings);
        }
        // Flask's `.flaskenv`/`.env`: the API rules read `FLASK_DEBUG`/`FLASK_ENV` there.
        if self.api.is_some() && sg_api::is_env_file(&content.file.path) {
            report.api_facts = Some(sg_api::extract_env_file(
                &content.file.display,
                content.text,
            ));
            scanned = true;
        }
        // Dependency files are read by the whole-tree dependency pass.
        if self.dependencies.is_some() && sg_deps::format_of(&content.file.path).is_some() {
            scanned = true;
        }
        // A file counts as skipped only when no scanner read it.
        report.skipped = if scanned {
            None
        } else {
            report.skipped.or(skip_reason).or(Some("no-scanner"))
        };
        report
    }
}

/// `SG004` findings for the directives of one file that silenced nothing.
pub fn unused_suppression_findings(display: &str, suppressions: &FileSuppressions) -> Vec<Finding> {
    suppressions
        .unused()
        .into_iter()
        .map(|unused| {
            let message = if unused.codes.is_empty() {
                format!("`{}` suppressed nothing", unused.text)
            } else {
                format!(
                    "`{}`: {} did not fire here",
                    unused.text,
                    unused.codes.join(", ")
                )
            };
            let finding = Finding::new(
                &UNUSED_SUPPRESSION,
                display,
                Span::point(unused.line, unused.column),
                message,
            )
            .with_fingerprint_key(unused.text);
            match unused.cell {
                Some(cell) => finding.with_extra("cell", cell),
                None => finding,
            }
        })
        .collect()
}

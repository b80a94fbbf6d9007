//! Python source files (`.py`, `.pyi`, `.ipynb`): each file is parsed once and walked once for
//! the Bandit-compatible and DSZ rules (`sg-rules`); the taint pass (`sg-taint`) and the API
//! fact extraction (`sg-api`) reuse that parse and the walk's resolved names.

use sg_diagnostics::tool_rules::SYNTAX_ERROR;
use sg_diagnostics::{Finding, Rule, Span};
use sg_python::{FileInfo, PythonSource, SourceKind};

use crate::config::Config;
use crate::scan::{FileContent, FileReport};
use crate::selection::RuleSelection;
use crate::suppress::{Comment, FileSuppressions};

pub struct PythonScanner {
    settings: sg_rules::Settings,
    taint: Option<sg_taint::Options>,
    /// Whether API facts are extracted (an `API`/`JWT` rule is enabled, or the inventory is
    /// wanted).
    api: bool,
    /// Every known rule: a `# nosec` may name a rule of any scanner.
    all_rules: Vec<&'static Rule>,
}

impl PythonScanner {
    pub fn new(
        config: &Config,
        selection: &RuleSelection,
        all_rules: &[&'static Rule],
        api: bool,
        secrets: Option<std::sync::Arc<sg_secrets::SecretScanner>>,
    ) -> Result<Self, String> {
        let options: sg_rules::Options =
            crate::config::section(config.sections.bandit.as_ref(), "bandit")?;
        let enabled = all_rules
            .iter()
            .copied()
            .filter(|rule| selection.is_enabled(rule.code));
        let settings = sg_rules::Settings::new(sg_rules::RuleSet::from_rules(enabled), options)
            .map_err(|error| format!("[tool.snakeguard.bandit]: {error}"))?;
        // The Python-aware secret rules judge literals with the secrets scanner's options.
        let settings = match secrets {
            Some(scanner) => settings.with_secrets(scanner),
            None => settings,
        };
        let taint = if sg_taint::rules()
            .iter()
            .any(|rule| selection.is_enabled(rule.code))
        {
            Some(crate::config::section(
                config.sections.taint.as_ref(),
                "taint",
            )?)
        } else {
            None
        };
        Ok(PythonScanner {
            settings,
            taint,
            api,
            all_rules: all_rules.to_vec(),
        })
    }

    pub fn is_python(path: &std::path::Path) -> bool {
        SourceKind::from_path(path).is_some()
    }

    pub fn scan(&self, content: &FileContent<'_>) -> FileReport {
        let path = &content.file.path;
        let display = content.file.display.as_str();
        let kind = SourceKind::from_path(path).unwrap_or(SourceKind::Python);
        let parsed = match PythonSource::parse(kind, content.text) {
            Ok(parsed) => parsed,
            Err(error) => {
                let finding = Finding::new(
                    &SYNTAX_ERROR,
                    display,
                    Span::point(error.line, error.column),
                    error.message,
                );
                return FileReport {
                    findings: vec![finding],
                    skipped: Some("invalid-notebook"),
                    ..FileReport::default()
                };
            }
        };
        let module_path = sg_python::module_path(path);
        let file = FileInfo {
            path,
            display_path: display,
            module_path: module_path.as_deref(),
        };
        let (mut findings, index) = sg_rules::check_source(&parsed, file, &self.settings);
        if let Some(options) = &self.taint {
            findings.extend(sg_taint::check(&parsed, file, &index, options));
        }
        let api_facts = self.api.then(|| sg_api::extract(&parsed, file, &index));

        let mut comments = Vec::new();
        let mut statements = Vec::new();
        for unit in &parsed.units {
            comments.extend(unit.comments().into_iter().map(|comment| Comment {
                cell: comment.cell,
                line: comment.line,
                column: comment.column,
                text: comment.text,
            }));
            statements.extend(
                unit.statement_lines()
                    .into_iter()
                    .map(|lines| (lines.cell, lines.start_line, lines.end_line)),
            );
        }
        FileReport {
            findings,
            suppressions: Some(FileSuppressions::new(
                &comments,
                statements,
                &self.all_rules,
            )),
            api_facts,
            skipped: None,
        }
    }
}

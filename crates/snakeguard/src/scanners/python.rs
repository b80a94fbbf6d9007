//! Python source files (`.py`, `.pyi`, `.ipynb`): the Bandit-compatible and DSZ rules of
//! `sg-rules`, with `# nosec` / `# noqa` collected for the engine to apply.

use sg_diagnostics::Rule;

use crate::config::Config;
use crate::scan::{FileContent, FileReport};
use crate::selection::RuleSelection;
use crate::suppress::{Comment, FileSuppressions};

pub struct PythonScanner {
    settings: sg_rules::Settings,
    /// Every known rule: a `# nosec` may name a rule of any scanner.
    all_rules: Vec<&'static Rule>,
}

impl PythonScanner {
    pub fn new(
        config: &Config,
        selection: &RuleSelection,
        all_rules: &[&'static Rule],
    ) -> Result<Self, String> {
        let options: sg_rules::Options =
            crate::config::section(config.sections.bandit.as_ref(), "bandit")?;
        let enabled = all_rules
            .iter()
            .copied()
            .filter(|rule| selection.is_enabled(rule.code));
        let settings = sg_rules::Settings::new(sg_rules::RuleSet::from_rules(enabled), options)
            .map_err(|error| format!("[tool.snakeguard.bandit]: {error}"))?;
        Ok(PythonScanner {
            settings,
            all_rules: all_rules.to_vec(),
        })
    }

    pub fn is_python(path: &std::path::Path) -> bool {
        sg_python::SourceKind::from_path(path).is_some()
    }

    pub fn scan(&self, content: &FileContent<'_>) -> FileReport {
        let outcome = sg_rules::check_python_file(
            &content.file.path,
            &content.file.display,
            content.text,
            &self.settings,
        );
        let comments: Vec<Comment> = outcome
            .comments
            .into_iter()
            .map(|comment| Comment {
                cell: comment.cell,
                line: comment.line,
                column: comment.column,
                text: comment.text,
            })
            .collect();
        let statements = outcome
            .statements
            .iter()
            .map(|statement| (statement.cell, statement.start_line, statement.end_line))
            .collect();
        FileReport {
            findings: outcome.findings,
            suppressions: Some(FileSuppressions::new(
                &comments,
                statements,
                &self.all_rules,
            )),
            skipped: outcome.skipped.then_some("invalid-notebook"),
        }
    }
}

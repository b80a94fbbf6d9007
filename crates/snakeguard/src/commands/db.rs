//! `snakeguard db update | status | path`: the local copy of the OSV PyPI database.

use std::fmt::Write;
use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{DbCommand, DbUpdateArgs};
use crate::{CommandError, CommandOutput};

pub fn run(command: &DbCommand) -> Result<CommandOutput, CommandError> {
    let cache = sg_audit::Cache::from_env().map_err(|error| db_error(&error))?;
    match command {
        DbCommand::Path => Ok(CommandOutput::success(format!(
            "{}\n",
            cache.dir().display()
        ))),
        DbCommand::Status => Ok(status(&cache)),
        DbCommand::Update(args) => update(&cache, args),
    }
}

fn update(cache: &sg_audit::Cache, args: &DbUpdateArgs) -> Result<CommandOutput, CommandError> {
    let mut options = sg_audit::UpdateOptions::default();
    if let Some(url) = &args.url {
        options.url.clone_from(url);
    }
    options.force = args.force;
    let bar = BarProgress::new(!args.no_progress);
    let outcome = sg_audit::update(cache, &options, &bar).map_err(|error| db_error(&error));
    bar.clear();
    let message = match outcome? {
        sg_audit::UpdateOutcome::Downloaded { bytes, .. } => {
            format!(
                "downloaded {} ({bytes} bytes) and built the index\n",
                options.url
            )
        }
        sg_audit::UpdateOutcome::NotModified {
            rebuilt_index: true,
            ..
        } => "the database is current; its index was damaged and has been rebuilt\n".to_string(),
        sg_audit::UpdateOutcome::NotModified { .. } => "the database is current\n".to_string(),
    };
    let mut output = status(cache);
    output.stderr = message;
    Ok(output)
}

fn status(cache: &sg_audit::Cache) -> CommandOutput {
    let status = cache.status();
    let mut text = String::new();
    let _ = writeln!(text, "cache:       {}", status.dir.display());
    if !status.present {
        let _ = writeln!(text, "database:    not downloaded");
        return CommandOutput {
            stdout: text,
            stderr: "hint: run `snakeguard db update` to download the OSV PyPI database\n"
                .to_string(),
            exit: 0,
        };
    }
    if let Some(source) = &status.source {
        let _ = writeln!(text, "source:      {}", source.location);
    }
    if let Some(age) = status.age_seconds {
        let _ = writeln!(
            text,
            "age:         {}{}",
            sg_audit::describe_age(age),
            if status.stale { " (stale)" } else { "" }
        );
    }
    if let Some(stats) = &status.stats {
        let _ = writeln!(
            text,
            "advisories:  {} ({} malicious, {} withdrawn skipped)",
            stats.advisories, stats.malicious, stats.withdrawn
        );
        let _ = writeln!(text, "packages:    {}", stats.packages);
    }
    let _ = writeln!(
        text,
        "index:       {}",
        if status.index_ok {
            "ok"
        } else {
            "needs a rebuild (it happens on the next audit)"
        }
    );
    if let Some(problem) = &status.problem {
        let _ = writeln!(text, "problem:     {problem}");
    }
    let stderr = if status.stale {
        "warning: the database is older than 7 days: run `snakeguard db update`\n".to_string()
    } else {
        String::new()
    };
    CommandOutput {
        stdout: text,
        stderr,
        exit: 0,
    }
}

fn db_error(error: &sg_audit::DbError) -> CommandError {
    match error.hint() {
        Some(hint) => CommandError::usage(format!("{error}\nhint: {hint}")),
        None => CommandError::usage(error.to_string()),
    }
}

/// An indicatif bar for the download and indexing phases, on a terminal only.
pub struct BarProgress {
    bar: Option<ProgressBar>,
}

impl BarProgress {
    pub fn new(wanted: bool) -> Self {
        let on_terminal = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = (wanted && on_terminal)
            .then(|| ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()));
        BarProgress { bar }
    }

    pub fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl sg_audit::Progress for BarProgress {
    fn start(&self, phase: sg_audit::Phase, total: Option<u64>) {
        if let Some(bar) = &self.bar {
            bar.reset();
            bar.set_length(total.unwrap_or(0));
            let template = if total.is_some() {
                "{msg:10} [{bar:30}] {pos}/{len} {elapsed}"
            } else {
                "{msg:10} {spinner} {pos} {elapsed}"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(phase.as_str());
        }
    }

    fn advance(&self, amount: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(amount);
        }
    }
}

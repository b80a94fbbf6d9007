//! `snakeguard deps [PATH]`: every dependency found, from every manifest, lockfile and
//! environment, marked direct or transitive where the source knows.

use std::fmt::Write;

use crate::cli::{DepsArgs, ListFormat};
use crate::{CommandError, CommandOutput};

pub fn run(args: &DepsArgs) -> Result<CommandOutput, CommandError> {
    let path = args.path.clone().unwrap_or_else(|| ".".into());
    if !path.exists() {
        return Err(CommandError::usage(format!(
            "{}: no such file or directory",
            path.display()
        )));
    }
    let options = sg_deps::CollectOptions {
        python: args.python.clone(),
        use_active_virtualenv: args.python.is_none(),
        env: sg_deps::EnvVars::Process,
    };
    let inventory = sg_deps::collect(&path, &options);
    let mut stderr = String::new();
    for error in inventory.errors() {
        let _ = writeln!(stderr, "warning: {error}");
    }
    let stdout = match args.format {
        ListFormat::Table => sg_deps::render_table(&inventory),
        ListFormat::Json => sg_deps::render_json(&inventory),
    };
    Ok(CommandOutput {
        stdout,
        stderr,
        exit: 0,
    })
}

//! The `snakeguard` command line: parses arguments, runs one command, prints its output and
//! turns the outcome into an exit code (0 clean, 1 findings, 2 usage/config/internal error).
//! This is the only crate that prints.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod baseline;
mod cli;
mod commands;
mod config;
mod progress;
mod registry;
mod scan;
mod scanners;
mod selection;
mod suppress;
mod walk;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

/// What a command produced: data for stdout, notes for stderr, and the exit code it implies.
pub struct CommandOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit: u8,
}

impl CommandOutput {
    pub fn success(stdout: String) -> Self {
        CommandOutput {
            stdout,
            stderr: String::new(),
            exit: 0,
        }
    }
}

/// An error that ends the command with exit code 2.
#[derive(Debug)]
pub struct CommandError {
    pub message: String,
}

impl CommandError {
    pub fn usage(message: impl Into<String>) -> Self {
        CommandError {
            message: message.into(),
        }
    }
}

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let result = match &cli.command {
        cli::Command::Scan(args) => commands::scan::run(args),
        cli::Command::Api(args) => commands::api::run(args),
        cli::Command::Audit(args) => commands::audit::run(args),
        cli::Command::Completions { shell } => Ok(completions(*shell)),
        cli::Command::Init { path } => commands::init::run(path),
        cli::Command::Db(command) => commands::db::run(command),
        cli::Command::Deps(args) => commands::deps::run(args),
        cli::Command::Pickle(args) => commands::pickle::run(args),
        cli::Command::Rule(args) => commands::rule::run(args),
    };
    match result {
        Ok(output) => {
            if !output.stderr.is_empty() {
                eprint!("{}", output.stderr);
            }
            if write_stdout(&output.stdout).is_err() {
                // A closed pipe (`snakeguard … | head`) is not an error worth a message.
                return ExitCode::from(output.exit);
            }
            ExitCode::from(output.exit)
        }
        Err(error) => {
            eprintln!("error: {}", error.message);
            ExitCode::from(2)
        }
    }
}

fn completions(shell: clap_complete::Shell) -> CommandOutput {
    use clap::CommandFactory;
    let mut command = cli::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "snakeguard", &mut script);
    CommandOutput::success(String::from_utf8_lossy(&script).into_owned())
}

fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

//! `snakeguard api [PATH]`: the endpoint inventory of a project, for a reviewer.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::cli::{ApiArgs, InventoryFormat};
use crate::commands::scan::DEFAULT_EXCLUDES;
use crate::config;
use crate::walk::{self, Excludes};
use crate::{CommandError, CommandOutput};

pub fn run(args: &ApiArgs) -> Result<CommandOutput, CommandError> {
    let root = super::scan_root()?;
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    if !path.exists() {
        return Err(CommandError::usage(format!(
            "{}: no such file or directory",
            path.display()
        )));
    }
    let (config, _) = super::load_config(args.config.as_deref(), &path)?;
    let options: sg_api::Options =
        config::section(config.sections.api.as_ref(), "api").map_err(CommandError::usage)?;
    let excludes = Excludes::new(&[
        (config.root.clone(), config.exclude.clone()),
        (
            root.clone(),
            DEFAULT_EXCLUDES
                .iter()
                .map(|pattern| (*pattern).to_string())
                .collect(),
        ),
    ])
    .map_err(CommandError::usage)?;
    let walked = walk::walk(&[path], &root, &excludes);
    let facts: Vec<sg_api::ModuleFacts> = walked
        .files
        .par_iter()
        .filter(|file| sg_python::SourceKind::from_path(&file.path).is_some())
        .filter_map(|file| {
            let text = std::fs::read_to_string(&file.path).ok()?;
            Some(sg_api::extract_file(&file.path, &file.display, &text))
        })
        .collect();
    let inventory = sg_api::build_inventory(&facts, &options);
    let stdout = match args.format {
        InventoryFormat::Table => sg_api::render::table(&inventory),
        InventoryFormat::Json => sg_api::render::json(&inventory),
        InventoryFormat::Markdown => sg_api::render::markdown(&inventory),
    };
    Ok(CommandOutput::success(stdout))
}

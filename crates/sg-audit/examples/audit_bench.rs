//! Benchmark driver for `bench/audit/run.sh`: times the phases of `db update` and of an
//! audit from inside one process, and reports peak memory. Not part of the product: the
//! `snakeguard` binary owns the command line.
//!
//! ```text
//! audit_bench update CACHE_DIR URL             cold: download + verify + index build
//! audit_bench rebuild CACHE_DIR                index build alone, from the cached export
//! audit_bench audit CACHE_DIR REQUIREMENTS     warm: open the index, read, audit
//! audit_bench load DB_PATH REQUIREMENTS        `--db PATH`: load into memory, audit
//! ```
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::time::Instant;

use sg_audit::{
    AuditSettings, Cache, Database, NoProgress, UpdateOptions, audit_manifests, update,
};

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmHWM:")
                    .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            })
        })
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let command = args.get(1).map_or("", String::as_str);
    let started = Instant::now();
    match (command, args.get(2), args.get(3)) {
        ("update", Some(cache_dir), Some(url)) => {
            let cache = Cache::new(cache_dir);
            let options = UpdateOptions {
                url: url.clone(),
                force: true,
                ..UpdateOptions::default()
            };
            match update(&cache, &options, &NoProgress) {
                Ok(outcome) => println!(
                    "{{\"phase\":\"update\",\"ms\":{:.1},\"peak_rss_kib\":{},\"outcome\":{:?}}}",
                    started.elapsed().as_secs_f64() * 1000.0,
                    peak_rss_kib(),
                    format!("{outcome:?}").chars().take(200).collect::<String>()
                ),
                Err(error) => {
                    eprintln!("error: {error}");
                    std::process::exit(2);
                }
            }
        }
        ("rebuild", Some(cache_dir), _) => {
            let cache = Cache::new(cache_dir);
            match cache.rebuild_index(&NoProgress) {
                Ok(header) => println!(
                    "{{\"phase\":\"rebuild\",\"ms\":{:.1},\"peak_rss_kib\":{},\"records\":{},\"packages\":{}}}",
                    started.elapsed().as_secs_f64() * 1000.0,
                    peak_rss_kib(),
                    header.stats.records,
                    header.stats.packages
                ),
                Err(error) => {
                    eprintln!("error: {error}");
                    std::process::exit(2);
                }
            }
        }
        (mode @ ("audit" | "load"), Some(database_path), Some(requirements)) => {
            let database = if mode == "audit" {
                Database::open_cache(&Cache::new(database_path), &NoProgress)
            } else {
                Database::load(Path::new(database_path), &NoProgress)
            };
            let database = match database {
                Ok(database) => database,
                Err(error) => {
                    eprintln!("error: {error}");
                    std::process::exit(2);
                }
            };
            let opened = started.elapsed();
            let manifest = sg_deps::read_requirements(
                Path::new(requirements),
                &sg_deps::EnvVars::Map(std::collections::BTreeMap::default()),
            );
            let read = started.elapsed();
            let report = audit_manifests(
                &[manifest],
                Path::new("."),
                &database,
                &AuditSettings::default(),
            );
            let report = match report {
                Ok(report) => report,
                Err(error) => {
                    eprintln!("error: {error}");
                    std::process::exit(2);
                }
            };
            let vulnerabilities: usize = report
                .packages
                .iter()
                .map(|package| package.vulnerabilities.len())
                .sum();
            println!(
                "{{\"phase\":\"{mode}\",\"ms\":{:.2},\"open_ms\":{:.2},\"read_ms\":{:.2},\"peak_rss_kib\":{},\"audited\":{},\"not_audited\":{},\"vulnerable_packages\":{},\"vulnerabilities\":{},\"findings\":{}}}",
                started.elapsed().as_secs_f64() * 1000.0,
                opened.as_secs_f64() * 1000.0,
                read.saturating_sub(opened).as_secs_f64() * 1000.0,
                peak_rss_kib(),
                report.audited,
                report.not_audited.len(),
                report.packages.len(),
                vulnerabilities,
                report.findings.len()
            );
        }
        _ => {
            eprintln!(
                "usage: audit_bench update CACHE_DIR URL | rebuild CACHE_DIR | audit CACHE_DIR REQUIREMENTS | load DB_PATH REQUIREMENTS"
            );
            std::process::exit(2);
        }
    }
}

//! A minimal driver for benchmarks until `snakeguard pickle` exists: scans every file given
//! (directories recursively) that `sniff` selects, on one thread, and prints a summary line
//! `files=N scanned=N findings=N dangerous=N ms=T`. With `--findings`, prints each finding;
//! with `--list`, each scanned file with its format and verdict.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::time::Instant;

fn walk(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        entries.sort();
        for entry in entries {
            walk(&entry, out);
        }
    } else {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut show = false;
    let mut list = false;
    let mut files = Vec::new();
    for arg in std::env::args().skip(1) {
        if arg == "--findings" {
            show = true;
        } else if arg == "--list" {
            list = true;
        } else {
            walk(Path::new(&arg), &mut files);
        }
    }
    let options = sg_pickle::Options::default();
    let start = Instant::now();
    let (mut scanned, mut findings, mut dangerous) = (0usize, 0usize, 0usize);
    for path in &files {
        let mut head = vec![0u8; sg_pickle::SNIFF_LEN];
        let read = std::fs::File::open(path)
            .and_then(|mut f| {
                use std::io::Read;
                let mut filled = 0;
                loop {
                    let n = f.read(&mut head[filled..])?;
                    if n == 0 || filled + n == head.len() {
                        return Ok(filled + n);
                    }
                    filled += n;
                }
            })
            .unwrap_or(0);
        head.truncate(read);
        if sg_pickle::sniff(path, &head).is_none() {
            continue;
        }
        let display = path.display().to_string();
        match sg_pickle::scan_file(path, &display, &options) {
            Ok(report) => {
                scanned += 1;
                if list {
                    println!(
                        "{display}\t{}\t{}",
                        report.format.as_str(),
                        report.verdict().as_str()
                    );
                }
                findings += report.findings.len();
                if report.verdict() == sg_pickle::Verdict::Dangerous {
                    dangerous += 1;
                }
                if show {
                    for finding in &report.findings {
                        println!("{display}: {} {}", finding.rule.code, finding.message);
                    }
                }
            }
            Err(error) => eprintln!("{error}"),
        }
    }
    let elapsed = start.elapsed();
    println!(
        "files={} scanned={scanned} findings={findings} dangerous={dangerous} ms={:.3}",
        files.len(),
        elapsed.as_secs_f64() * 1000.0
    );
}

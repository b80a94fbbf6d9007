//! Typosquat evaluation for `bench/deps/typosquat.sh` (results in `bench/results/deps.md`).
//!
//! 1. Every name of the embedded corpus (`data/top-pypi.txt`) through the shipped detector:
//!    popular names must never be flagged.
//! 2. Hold-out: the detector built from the `N` most popular names only, run on the names
//!    ranked below `N`. Those are real, legitimate projects the detector has never seen, so
//!    what it flags estimates the false-positive rate on names outside the corpus.
//! 3. Known historical typosquats (a TSV of name, imitated package, year, source).
//!
//! Usage: `cargo run --release -p sg-deps --example typosquat_eval -- KNOWN.tsv`

#![allow(clippy::print_stdout)] // a report generator

use std::time::Instant;

use sg_deps::PackageName;
use sg_deps::typosquat::{Detector, Family, TOP_PYPI};

fn main() {
    let known_path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "bench/deps/known-typosquats.tsv".to_string());
    let corpus: Vec<&str> = TOP_PYPI
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();

    let started = Instant::now();
    let detector = Detector::builtin();
    let build_time = started.elapsed();
    let started = Instant::now();
    let flagged_popular: Vec<&str> = corpus
        .iter()
        .copied()
        .filter(|name| PackageName::new(name).is_ok_and(|n| detector.check(&n).is_some()))
        .collect();
    let check_time = started.elapsed();
    println!("## Popular names (every name of top-pypi.txt, shipped detector)\n");
    println!("- names checked: {}", corpus.len());
    println!("- flagged: {}", flagged_popular.len());
    println!(
        "- detector build: {:.1} ms; {} checks: {:.1} ms",
        build_time.as_secs_f64() * 1e3,
        corpus.len(),
        check_time.as_secs_f64() * 1e3
    );
    for name in &flagged_popular {
        println!("  - {name}");
    }

    println!("\n## Hold-out: names ranked below the corpus cut-off (legitimate, unseen)\n");
    println!("| corpus = top N | targets | candidates | DEP201 flagged | DEP202 flagged | rate |");
    println!("|---|---|---|---|---|---|");
    let mut examples = Vec::new();
    for cut in [5_000usize, 10_000] {
        let held = Detector::new(corpus.iter().copied().take(cut), 5_000, &[]);
        let started = Instant::now();
        let mut typo = 0;
        let mut combination = 0;
        let candidates = corpus.len().saturating_sub(cut);
        for name in corpus.iter().skip(cut) {
            let Ok(name) = PackageName::new(name) else {
                continue;
            };
            if let Some(resemblance) = held.check(&name) {
                match resemblance.family {
                    Family::Typo => typo += 1,
                    Family::Combination => combination += 1,
                }
                if cut == 10_000 {
                    examples.push((name.to_string(), resemblance));
                }
            }
        }
        let elapsed = started.elapsed();
        println!(
            "| {cut} | 5000 | {candidates} | {typo} | {combination} | {:.1}% ({:.0} ms) |",
            100.0 * f64::from(typo + combination) / candidates as f64,
            elapsed.as_secs_f64() * 1e3
        );
    }
    println!(
        "\nWhat the hold-out at N = 10000 flags (legitimate projects, i.e. false positives):\n"
    );
    println!("| name | resembles | rule | technique |");
    println!("|---|---|---|---|");
    for (name, resemblance) in &examples {
        let rule = match resemblance.family {
            Family::Typo => "DEP201",
            Family::Combination => "DEP202",
        };
        println!(
            "| {name} | {} (rank {}) | {rule} | {} |",
            resemblance.target, resemblance.target_rank, resemblance.technique
        );
    }

    println!("\n## Known historical typosquats\n");
    println!("| name | imitated | year | result |");
    println!("|---|---|---|---|");
    let known = std::fs::read_to_string(&known_path).unwrap_or_default();
    let (mut total, mut detected, mut in_corpus) = (0, 0, 0);
    for line in known
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let (Some(raw), Some(imitated), Some(year)) =
            (fields.first(), fields.get(1), fields.get(2))
        else {
            continue;
        };
        total += 1;
        let Ok(name) = PackageName::new(raw) else {
            println!("| {raw} | {imitated} | {year} | not a valid name |");
            continue;
        };
        let result = if let Some(rank) = detector.rank(&name) {
            in_corpus += 1;
            format!("not flagged: `{name}` is itself in the corpus (rank {rank})")
        } else if let Some(resemblance) = detector.check(&name) {
            detected += 1;
            let rule = match resemblance.family {
                Family::Typo => "DEP201",
                Family::Combination => "DEP202",
            };
            format!(
                "**{rule}**: resembles `{}` ({})",
                resemblance.target, resemblance.technique
            )
        } else {
            "not flagged".to_string()
        };
        println!("| {raw} | {imitated} | {year} | {result} |");
    }
    println!(
        "\nDetected {detected} of {total}; {in_corpus} are in the popularity corpus themselves (never flagged by design)."
    );
}

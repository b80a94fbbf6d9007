//! Pickle and model files: a static pickle VM, allowlist verdicts and container readers.
//!
//! snakeguard decides whether a `.pkl`, `.pt`, `.ckpt`, `.joblib`, `.npy`/`.npz` (or any file
//! whose bytes are a pickle) is safe to load *without loading it*: a symbolic machine runs
//! every opcode of protocols 0–5 on an abstract stack and memo, every imported callable gets
//! a verdict from an exact-match allowlist, and containers are read as leniently as the
//! loaders read them. Nothing is ever unpickled, imported or executed.
//!
//! # API for the binary
//!
//! ```no_run
//! use std::path::Path;
//! use sg_pickle::{Options, SNIFF_LEN};
//!
//! let options = Options::default(); // from [tool.snakeguard.pickle]
//! options.validate().expect("valid config");
//! let path = Path::new("models/model.pt");
//! // 1. Cheap selection while walking a tree: the first SNIFF_LEN bytes (or the whole file).
//! let head: Vec<u8> = std::fs::read(path).unwrap().into_iter().take(SNIFF_LEN).collect();
//! if sg_pickle::sniff(path, &head).is_some() {
//!     // 2. The scan: findings (PKL rules) plus one verdict per imported global.
//!     let report = sg_pickle::scan_file(path, "models/model.pt", &options).unwrap();
//!     for finding in &report.findings { /* render */ }
//!     for global in &report.globals { /* `snakeguard pickle` table */ }
//!     let _overall = report.verdict();
//!     // 3. `--explain`: the disassembly with flagged operations marked, then the verdicts.
//!     let _text = sg_pickle::explain_file(path, "models/model.pt", &options).unwrap();
//! }
//! ```
//!
//! - [`sniff`]`(path, head) -> Option<Format>` says whether a file should be scanned. Content
//!   decides (zip, `\x93NUMPY`, 7z, gzip/zlib holding a pickle, `\x80` + protocol, or a
//!   protocol 0/1 stream that the machine accepts back to back over the whole window, with
//!   importable names and, in text, only text opcodes), so a raw pickle renamed `.txt` is
//!   scanned and a Python file, a README or a `RECORD` file is not. A model extension (`.pkl
//!   .pickle .joblib .dill .pt .ckpt .npy .npz`) only makes an empty or binary file that
//!   matches nothing a candidate (it is then reported as malformed); text with such an
//!   extension (a vim `.pt` tutor) and Git LFS pointers are not scanned. It reads nothing
//!   itself: sniffing 100 000 files costs their first 4 KiB.
//! - [`scan_file`]`(path, display_path, &Options) -> Result<Report, ScanError>`: the error is
//!   only "could not open/read the file" (the binary reports it as SG003); everything wrong
//!   *inside* the file is a finding. Containers are read lazily: zip storages (`data/<n>`)
//!   are never opened and large byte arguments are skipped, so a multi-gigabyte checkpoint
//!   costs what its pickles cost. [`scan_bytes`] does the same for bytes in memory.
//! - [`explain_file`] / [`explain_bytes`] return the `--explain` text: for each pickle
//!   stream, one line per opcode (`offset: code NAME argument`) with `<-- !!` marks on
//!   dangerous imports and calls, `<--` on unknown ones, then the table of verdicts.
//! - [`Options`] is `[tool.snakeguard.pickle]`: `allow` (exact extra safe globals), `strict`
//!   (unknown imports at high severity), `max-memo`, `max-stack-depth`, `max-pickle-size`.
//! - [`rules`] lists the PKL rules in code order.
//!
//! Findings have no line: their span is 1:1, and `extra` carries `offset` (byte offset in
//! the file or archive member), `member` (zip member, when any), and for imports `global`,
//! `verdict`, `imports` and `calls`. The binary should run the scan under
//! `catch_unwind` like every scanner, though no input is known to panic it (fuzzed).
//!
//! # Rules
//!
//! | code | name | what |
//! |---|---|---|
//! | PKL001 | pickle-dangerous-import | denylisted callable (severity by danger) |
//! | PKL002 | pickle-unknown-import | not allowlisted (medium; high with strict) |
//! | PKL003 | pickle-dynamic-import | STACK_GLOBAL operand built at load time |
//! | PKL004 | pickle-extension-import | EXT1/2/4 |
//! | PKL005 | pickle-attribute-injection | BUILD/SETITEM on a global, planted dunders |
//! | PKL006 | pickle-indirect-call | call of a value that is not an imported global |
//! | PKL007 | pickle-malformed | malformed/truncated stream or container, with offset |
//! | PKL008 | pickle-limit-exceeded | memo/stack/size limit hit; the rest is unchecked |
//! | PKL009 | model-archive-anomaly | zip CRC/flag/name quirks, polyglots |
//! | PKL010 | model-format-unsupported | 7z, bz2/xz/lz4, unknown zip compression |

mod classify;
mod opcodes;
mod options;
mod rules;
mod scan;
mod sniff;
mod source;
mod text;
mod vm;
mod zip;

use std::path::Path;

pub use classify::{Danger, Verdict};
pub use options::Options;
pub use rules::rules;
pub use rules::{
    ARCHIVE_ANOMALY, ATTRIBUTE_INJECTION, DANGEROUS_IMPORT, DYNAMIC_IMPORT, EXTENSION_IMPORT,
    INDIRECT_CALL, LIMIT_EXCEEDED, MALFORMED, UNKNOWN_IMPORT, UNSUPPORTED_FORMAT,
};
pub use scan::{GlobalVerdict, Report, ScanError};
pub use sniff::{Format, SNIFF_LEN, sniff};

/// Scans one file. `display_path` is the path to show in findings (relative to the scan
/// root, `/` separators); `path` is also used as the extension fallback of [`sniff`].
pub fn scan_file(path: &Path, display_path: &str, options: &Options) -> Result<Report, ScanError> {
    let file = scan::open(path)?;
    Ok(scan::scan_source(&file, path, display_path, options, false).0)
}

/// Scans bytes already in memory. `path` only serves the extension fallback.
pub fn scan_bytes(bytes: &[u8], path: &Path, display_path: &str, options: &Options) -> Report {
    scan::scan_source(&bytes, path, display_path, options, false).0
}

/// The `--explain` text for one file: the disassembly with flagged operations marked, then
/// the verdict on every imported global.
pub fn explain_file(
    path: &Path,
    display_path: &str,
    options: &Options,
) -> Result<String, ScanError> {
    let file = scan::open(path)?;
    Ok(scan::scan_source(&file, path, display_path, options, true)
        .1
        .unwrap_or_default())
}

/// [`explain_file`] for bytes in memory.
pub fn explain_bytes(bytes: &[u8], path: &Path, display_path: &str, options: &Options) -> String {
    scan::scan_source(&bytes, path, display_path, options, true)
        .1
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_cross_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Report>();
        send_sync::<Options>();
        send_sync::<ScanError>();
    }

    #[test]
    fn rules_are_complete_unique_and_in_code_order() {
        let rules = rules();
        for rule in rules {
            assert!(
                rule.missing_doc_sections().is_empty(),
                "{} lacks doc sections",
                rule.code
            );
            assert!(rule.code.starts_with("PKL"));
        }
        let codes: Vec<&str> = rules.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
        let mut names: Vec<&str> = rules.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), rules.len());
    }
}

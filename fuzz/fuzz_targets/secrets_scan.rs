//! Fuzzes the secrets scanner's entry points for untrusted bytes: file contents (plain text,
//! Python, notebooks) and `git log -p` output. The proptests in
//! `crates/sg-secrets/tests/properties.rs` exercise the same calls in the normal suite.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sg_secrets::{Options, SecretScanner};

fn scanner() -> &'static SecretScanner {
    static SCANNER: OnceLock<SecretScanner> = OnceLock::new();
    SCANNER.get_or_init(|| match SecretScanner::new(Options::default()) {
        Ok(scanner) => scanner,
        Err(error) => panic!("default options do not compile: {error}"),
    })
}

fuzz_target!(|data: &[u8]| {
    let scanner = scanner();
    let _ = scanner.scan_bytes("fuzz.txt", data);
    let _ = scanner.scan_bytes("fuzz.py", data);
    let _ = scanner.scan_bytes("fuzz.ipynb", data);
    let _ = scanner.scan_log_output(data);
});

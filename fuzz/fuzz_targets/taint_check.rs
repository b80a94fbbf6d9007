//! The taint pass on arbitrary text, run after the rules on the same parse, as the binary
//! does (`sg_rules::check_python_file_with` + `sg_taint::check`). The same path runs in
//! `crates/sg-taint/tests/robustness.rs` as a proptest.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let settings = sg_rules::Settings::default();
    let options = sg_taint::Options::default();
    for path in ["fuzz.py", "views.py", "fuzz.ipynb"] {
        let _ = sg_rules::check_python_file_with(
            Path::new(path),
            path,
            text,
            &settings,
            |source, file, index| sg_taint::check(source, file, index, &options),
        );
    }
});

//! Arbitrary bytes as a Python file, a stub and a notebook through the whole sg-rules path:
//! parse, one walk with the semantic model, every Bandit rule. Must never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let settings = sg_rules::Settings::default();
    for path in ["fuzz.py", "fuzz.pyi", "fuzz.ipynb"] {
        let _ = sg_rules::check_python_file(Path::new(path), path, source, &settings);
    }
});

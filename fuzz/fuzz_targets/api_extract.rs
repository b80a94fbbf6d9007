//! Arbitrary bytes as two Python modules of one project through the whole sg-api path:
//! extraction, the project join (inventory), every API/JWT rule, the three renderers. Must
//! never panic or loop.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    // The same text as a module and as a package `__init__` (cross-module resolution).
    let middle = source.len() / 2;
    let (first, second) = if source.is_char_boundary(middle) {
        source.split_at(middle)
    } else {
        (source, "")
    };
    let facts = vec![
        sg_api::extract_file(Path::new("app.py"), "app.py", first),
        sg_api::extract_file(Path::new("urls.py"), "urls.py", second),
        sg_api::extract_file(Path::new("notebook.ipynb"), "notebook.ipynb", source),
    ];
    let options = sg_api::Options::default();
    let inventory = sg_api::build_inventory(&facts, &options);
    let _ = sg_api::check(&inventory, &facts, &options);
    let _ = sg_api::render::table(&inventory);
    let _ = sg_api::render::json(&inventory);
    let _ = sg_api::render::markdown(&inventory);
});

//! The pickle scanner on arbitrary bytes: sniffing, the VM, and every container reader
//! (the bytes are tried as a raw pickle, a zip, an npy file and a compressed stream). It must
//! never panic, and the small limits keep memory bounded.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = sg_pickle::Options {
        max_memo: 10_000,
        max_stack_depth: 10_000,
        max_pickle_size: 1 << 24,
        ..sg_pickle::Options::default()
    };
    let head = &data[..data.len().min(sg_pickle::SNIFF_LEN)];
    let _ = sg_pickle::sniff(Path::new("fuzz.bin"), head);
    let report = sg_pickle::scan_bytes(data, Path::new("fuzz.pkl"), "fuzz.pkl", &options);
    assert!(report.findings.len() <= data.len() + 16);
    let _ = sg_pickle::explain_bytes(data, Path::new("fuzz.npy"), "fuzz.npy", &options);
});

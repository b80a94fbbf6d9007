//! Arbitrary bytes as a Python file and a notebook through the Python-aware secret rules
//! (SEC401–SEC407) on the sg-rules walk, with the Bandit rules on as well so that the overlap
//! resolution (B105–B107 yield to SEC4xx) runs too. Must never panic, and a reported secret
//! is fingerprinted by hash and carries its redacted form.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let mut rules = sg_rules::RuleSet::all();
    for id in sg_rules::RuleSet::from_rules(sg_secrets::python::rules()).iter() {
        rules.insert(id);
    }
    let Ok(settings) = sg_rules::Settings::new(rules, sg_rules::Options::default()) else {
        return;
    };
    for path in ["fuzz.py", "fuzz.ipynb"] {
        let outcome = sg_rules::check_python_file(Path::new(path), path, source, &settings);
        for finding in &outcome.findings {
            if finding.rule.code.starts_with("SEC") {
                assert!(finding.fingerprint_key.starts_with("sha256:"));
                assert!(finding.extra.contains_key("redacted"));
            }
        }
    }
});

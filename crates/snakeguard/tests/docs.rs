//! `docs/rules.md` is generated from the rules' own docs; this test fails when the committed
//! file is stale. Regenerate it with
//! `SNAKEGUARD_UPDATE_DOCS=1 cargo test -p snakeguard --test docs`
//! (or `snakeguard rule --all --format markdown > docs/rules.md`).

use std::path::PathBuf;
use std::process::Command;

#[test]
fn rules_reference_is_up_to_date() {
    let output = Command::new(env!("CARGO_BIN_EXE_snakeguard"))
        .args(["rule", "--all", "--format", "markdown"])
        .env("CI", "true")
        .output()
        .expect("run snakeguard rule --all");
    assert!(output.status.success(), "snakeguard rule --all failed");
    let generated = String::from_utf8(output.stdout).expect("UTF-8 markdown");
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    if std::env::var_os("SNAKEGUARD_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("write docs/rules.md");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is stale (rules were added or their docs changed). Regenerate it with\n\
         \n    SNAKEGUARD_UPDATE_DOCS=1 cargo test -p snakeguard --test docs\n\
         \nand commit the result."
    );
}

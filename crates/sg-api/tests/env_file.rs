//! Flask's environment files (`.flaskenv`, `.env`, `.env.<name>`) read by `API106`:
//! `resources/test/fixtures/api/flaskenv/`.

mod common;

use sg_api::Options;

#[test]
fn flaskenv_fixture() {
    let root = common::fixtures().join("flaskenv");
    let mut facts = common::extract_tree(&root);
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    for name in &names {
        let path = root.join(name);
        if sg_api::is_env_file(&path) {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            facts.push(sg_api::extract_env_file(name, &text));
        }
    }
    let options = Options::default();
    let inventory = sg_api::build_inventory(&facts, &options);
    let findings = sg_api::check(&inventory, &facts, &options);
    insta::assert_snapshot!(common::render_findings(&findings));
}

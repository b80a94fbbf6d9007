//! `before_request`-style hooks whose authentication check covers only some endpoints
//! (public-endpoint lists, path prefixes, URL variables), next to an unconditional hook:
//! `resources/test/fixtures/api/flask_hooks/`.

mod common;

use sg_api::Options;

#[test]
fn flask_hooks_project() {
    let (_, inventory, findings) =
        common::scan(&common::fixtures().join("flask_hooks"), &Options::default());
    insta::assert_snapshot!(format!(
        "{}\n--- findings ---\n{}",
        sg_api::render::table(&inventory),
        common::render_findings(&findings)
    ));
}

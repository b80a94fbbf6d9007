//! Routes registered in loops over lists of `(path, resource)` tuples, directly and through
//! a helper in another module whose parameter receives the list (zou's
//! `configure_api_from_blueprint`): `resources/test/fixtures/api/flask_loops/`.

mod common;

use sg_api::Options;

#[test]
fn flask_loops_project() {
    let (_, inventory, findings) =
        common::scan(&common::fixtures().join("flask_loops"), &Options::default());
    insta::assert_snapshot!(format!(
        "{}\n--- findings ---\n{}",
        sg_api::render::table(&inventory),
        common::render_findings(&findings)
    ));
}

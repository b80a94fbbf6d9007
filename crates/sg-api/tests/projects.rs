//! The fixture projects (`resources/test/fixtures/api/<framework>/`): realistic multi-file
//! Flask, FastAPI, Django and aiohttp applications. Each test snapshots the full inventory
//! table and every finding, so a reviewer sees exactly what `snakeguard api` and
//! `snakeguard scan` would print for them.

mod common;

use sg_api::Options;

fn project(framework: &str) -> String {
    let (_, inventory, findings) =
        common::scan(&common::fixtures().join(framework), &Options::default());
    format!(
        "{}\n--- findings ---\n{}",
        sg_api::render::table(&inventory),
        common::render_findings(&findings)
    )
}

#[test]
fn flask_project() {
    insta::assert_snapshot!(project("flask"));
}

#[test]
fn fastapi_project() {
    insta::assert_snapshot!(project("fastapi"));
}

#[test]
fn django_project() {
    insta::assert_snapshot!(project("django"));
}

#[test]
fn aiohttp_project() {
    insta::assert_snapshot!(project("aiohttp"));
}

#[test]
fn every_finding_of_a_route_rule_names_its_endpoint() {
    for framework in ["flask", "fastapi", "django", "aiohttp"] {
        let (_, _, findings) =
            common::scan(&common::fixtures().join(framework), &Options::default());
        for finding in findings {
            if matches!(finding.rule.code, "API001" | "API002" | "API004" | "API005") {
                assert!(
                    finding.extra.contains_key("endpoint"),
                    "{} at {}:{} has no endpoint",
                    finding.rule.code,
                    finding.path,
                    finding.span.line
                );
            }
        }
    }
}

#[test]
fn json_and_markdown_renderings() {
    let (_, inventory, _) = common::scan(&common::fixtures().join("flask"), &Options::default());
    insta::assert_snapshot!("flask_json", sg_api::render::json(&inventory));
    insta::assert_snapshot!("flask_markdown", sg_api::render::markdown(&inventory));
}

#[test]
fn output_does_not_depend_on_file_order() {
    let root = common::fixtures().join("django");
    let mut facts = common::extract_tree(&root);
    let options = Options::default();
    let inventory = sg_api::build_inventory(&facts, &options);
    let findings = sg_api::check(&inventory, &facts, &options);
    facts.reverse();
    let reversed = sg_api::build_inventory(&facts, &options);
    let reversed_findings = sg_api::check(&reversed, &facts, &options);
    assert_eq!(
        sg_api::render::table(&inventory),
        sg_api::render::table(&reversed)
    );
    assert_eq!(
        common::render_findings(&findings),
        common::render_findings(&reversed_findings)
    );
}

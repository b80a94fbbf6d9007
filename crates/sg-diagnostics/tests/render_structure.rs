//! What each format promises beyond its snapshot: shapes consumers rely on, escaping of
//! hostile text, determinism, and the summary arithmetic.

mod common;

use std::time::Duration;

use common::{
    AWS_SECRET, PICKLE_LOADS, TOOL_VERSION, enabled_rules, sample_findings, sample_summary,
};
use sg_diagnostics::render::{
    Format, RenderOptions, Report, Summary, UnknownFormatError, render, write_report,
};
use sg_diagnostics::{Finding, Scanner, Severity, Span, TraceStep, assign_fingerprints};

fn render_with(format: Format, findings: &[Finding], options: &RenderOptions) -> String {
    let summary = Summary::from_findings(findings);
    let rules = enabled_rules();
    let report = Report::new(findings, &rules, &summary, TOOL_VERSION);
    render(format, &report, options)
}

fn render_sample(format: Format) -> String {
    let findings = sample_findings();
    let summary = sample_summary(&findings);
    let rules = enabled_rules();
    let report = Report::new(&findings, &rules, &summary, TOOL_VERSION);
    render(format, &report, &RenderOptions::default())
}

/// A finding whose every text field carries something a renderer must neutralise.
fn hostile_finding() -> Finding {
    let mut findings = vec![
        Finding::new(
            &PICKLE_LOADS,
            "evil\x1b[2J\u{202e}dir/<b>&\"x\"</b>.py",
            Span::new(1, 5, 1, 17),
            "msg with ]]> <script>alert(1)</script> & \"quotes\" 'single' \x00nul \x1b[31mred\x1b[0m\nnext line %0A 100%",
        )
        .with_snippet("x = pickle.loads(b'\x1b]0;title\x07')  # \u{202e}reversed")
        .with_trace(vec![TraceStep {
            line: 1,
            column: 5,
            message: "step \x1b[1m <b> \n ::error::injected".into(),
        }])
        .with_extra("cell", "2\x1b[0m")
        .with_extra("tags", "not-an-array")
        .with_extra("path", "overwritten?"),
    ];
    assign_fingerprints(&mut findings);
    findings.remove(0)
}

#[test]
fn format_names_round_trip_and_unknown_names_list_the_choices() {
    for format in Format::ALL {
        assert_eq!(format.as_str().parse::<Format>(), Ok(format));
        assert_eq!(format.to_string(), format.as_str());
    }
    assert_eq!("SARIF".parse::<Format>(), Ok(Format::Sarif));
    let error: UnknownFormatError = "xml".parse::<Format>().expect_err("unknown");
    assert_eq!(
        error.to_string(),
        "unknown format `xml` (expected one of: text, json, sarif, github, markdown, junit, html)"
    );
}

#[test]
fn write_report_writes_what_render_returns() {
    let findings = sample_findings();
    let summary = sample_summary(&findings);
    let rules = enabled_rules();
    let report = Report::new(&findings, &rules, &summary, TOOL_VERSION);
    for format in Format::ALL {
        let mut written = Vec::new();
        write_report(&mut written, format, &report, &RenderOptions::default()).expect("write");
        assert_eq!(
            String::from_utf8(written).expect("UTF-8"),
            render(format, &report, &RenderOptions::default())
        );
    }
}

#[test]
fn summary_counts_merge_and_totals() {
    let findings = sample_findings();
    let counts = Summary::from_findings(&findings).counts;
    assert_eq!(counts.total(), 9);
    assert_eq!(counts.scanner_total(Scanner::Source), 4);
    assert_eq!(counts.get(Scanner::Source, Severity::Medium), 3);
    assert_eq!(counts.severity_total(Severity::Critical), 2);
    assert_eq!(counts.scanner_total(Scanner::Api), 0);

    let mut left = Summary::from_findings(&findings[..4]);
    left.files_scanned = 3;
    left.skip_file("binary");
    left.add_suppressed("nosec", 1);
    let mut right = Summary::from_findings(&findings[4..]);
    right.files_scanned = 6;
    right.skip_file("binary");
    right.skip_file("not-utf8");
    right.add_suppressed("nosec", 2);
    right.baseline_absorbed = 1;
    right.vulnerability_database = Some("not available".into());
    right.elapsed = Some(Duration::from_secs(2));
    left.merge(&right);
    assert_eq!(left.counts, counts);
    assert_eq!(left.files_scanned, 9);
    assert_eq!(left.files_skipped_total(), 3);
    assert_eq!(left.files_skipped.get("binary"), Some(&2));
    assert_eq!(left.suppressed_total(), 3);
    assert_eq!(left.baseline_absorbed, 1);
    assert_eq!(
        left.vulnerability_database.as_deref(),
        Some("not available")
    );
    assert_eq!(left.elapsed, Some(Duration::from_secs(2)));
}

#[test]
fn json_flattens_extra_fields_and_keeps_core_fields() {
    let json: serde_json::Value =
        serde_json::from_str(&render_sample(Format::Json)).expect("JSON output parses");
    assert_eq!(json["version"], 1);
    assert_eq!(json["tool"]["name"], "snakeguard");
    assert_eq!(json["tool"]["version"], TOOL_VERSION);
    let findings = json["findings"].as_array().expect("findings array");
    assert_eq!(findings.len(), 9);
    let by_rule = |code: &str| {
        findings
            .iter()
            .find(|finding| finding["rule"] == code)
            .unwrap_or_else(|| panic!("no {code} finding"))
    };
    let dependency = by_rule("DEP001");
    assert_eq!(dependency["package"], "requests");
    assert_eq!(dependency["aliases"], serde_json::json!(["CVE-2018-18074"]));
    assert_eq!(dependency["fixed_versions"], serde_json::json!(["2.20.0"]));
    assert_eq!(dependency["severity"], "high"); // the finding's, not the rule's default
    assert_eq!(by_rule("DSZ004")["cell"], 3);
    assert_eq!(by_rule("SEC102")["redacted"], "wJal…EKEY");
    assert_eq!(by_rule("PKL001")["global"], "os.system");
    assert_eq!(by_rule("PKL001")["offset"], 52);
    assert_eq!(by_rule("SG001")["cwe"], serde_json::Value::Null);
    assert_eq!(by_rule("TNT002")["trace"].as_array().map(Vec::len), Some(3));
    assert!(by_rule("B301").get("trace").is_none());
    for finding in findings {
        let fingerprint = finding["fingerprint"].as_str().expect("fingerprint string");
        assert!(fingerprint.ends_with(":1"), "{fingerprint}");
    }
    assert_eq!(json["summary"]["findings"], 9);
    assert_eq!(json["summary"]["by_scanner"]["source"]["medium"], 3);
    assert_eq!(json["summary"]["elapsed_seconds"], 1.234);

    // A scanner can never overwrite a core field or produce a duplicate key.
    let hostile = render_with(
        Format::Json,
        &[hostile_finding()
            .with_extra("extra_path", "taken")
            .with_extra("rule", "X")],
        &RenderOptions::default(),
    );
    let parsed: serde_json::Value = serde_json::from_str(&hostile).expect("parses");
    let finding = &parsed["findings"][0];
    assert_eq!(finding["rule"], "B301");
    assert_eq!(finding["extra_rule"], "X");
    assert_eq!(finding["path"], "evil\x1b[2J\u{202e}dir/<b>&\"x\"</b>.py");
    assert_eq!(finding["extra_path"], "taken");
    assert_eq!(finding["extra_extra_path"], "overwritten?");
    assert_eq!(hostile.matches("\"path\":").count(), 1);
    assert_eq!(hostile.matches("\"extra_path\":").count(), 1);
}

#[test]
fn sarif_rules_results_and_locations_are_consistent() {
    let sarif: serde_json::Value =
        serde_json::from_str(&render_sample(Format::Sarif)).expect("SARIF parses");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .filter_map(|rule| rule["id"].as_str())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "rules are sorted by id and unique");
    assert!(
        ids.contains(&"B101"),
        "enabled rules without findings are listed"
    );
    assert_eq!(ids.len(), enabled_rules().len());
    for rule in rules {
        let properties = &rule["properties"];
        assert!(properties["security-severity"].is_string(), "{rule}");
        assert!(properties["tags"][0] == "security", "{rule}");
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .is_some_and(|help| help.contains("## Why is this bad?"))
        );
    }
    let pickle_rule = rules
        .iter()
        .find(|rule| rule["id"] == "B301")
        .expect("B301");
    assert!(
        pickle_rule["properties"]["tags"]
            .as_array()
            .is_some_and(|tags| tags.contains(&serde_json::json!("external/cwe/cwe-502")))
    );

    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 9);
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["partialFingerprints"]["snakeguardFingerprint/v1"].is_string());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &location["region"];
        assert!(region["startLine"].as_u64() >= Some(1));
        assert!(region["startColumn"].as_u64() >= Some(1));
    }
    let by_rule = |code: &str| {
        results
            .iter()
            .find(|result| result["ruleId"] == code)
            .unwrap_or_else(|| panic!("no {code} result"))
    };
    assert_eq!(by_rule("SEC102")["level"], "error");
    assert_eq!(by_rule("B301")["level"], "warning");
    assert_eq!(by_rule("SG001")["level"], "note");
    assert_eq!(
        by_rule("SG001")["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "notes/odd,%20name%3A%20v2%25.py"
    );
    let flow = &by_rule("TNT002")["codeFlows"][0]["threadFlows"][0]["locations"];
    assert_eq!(flow.as_array().map(Vec::len), Some(3));
    assert_eq!(
        flow[0]["location"]["physicalLocation"]["region"]["startLine"],
        11
    );
    let notebook = by_rule("DSZ004");
    assert_eq!(notebook["properties"]["cell"], 3);
    assert!(
        notebook["message"]["text"]
            .as_str()
            .is_some_and(|text| text.starts_with("Notebook cell 3, line 2: "))
    );
    let region = &by_rule("B602")["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["endLine"].as_u64()),
        (Some(24), Some(27))
    );
    assert_eq!(
        by_rule("DEP001")["properties"]["fixed_versions"][0],
        "2.20.0"
    );

    // `tags` is reserved in SARIF property bags: an extra field may not take it.
    let hostile: serde_json::Value = serde_json::from_str(&render_with(
        Format::Sarif,
        &[hostile_finding()],
        &RenderOptions::default(),
    ))
    .expect("parses");
    let properties = &hostile["runs"][0]["results"][0]["properties"];
    assert!(properties.get("tags").is_none());
    assert_eq!(properties["extra_tags"], "not-an-array");
}

#[test]
fn sarif_does_not_depend_on_rule_order_or_elapsed_time() {
    let findings = sample_findings();
    let mut summary = sample_summary(&findings);
    let rules = enabled_rules();
    let first = render(
        Format::Sarif,
        &Report::new(&findings, &rules, &summary, TOOL_VERSION),
        &RenderOptions::default(),
    );
    let mut reversed = rules.clone();
    reversed.reverse();
    summary.elapsed = Some(Duration::from_secs(99));
    let second = render(
        Format::Sarif,
        &Report::new(&findings, &reversed, &summary, TOOL_VERSION),
        &RenderOptions::default(),
    );
    assert_eq!(first, second);
}

#[test]
fn sarif_lists_rules_of_findings_even_when_not_enabled() {
    let findings = sample_findings();
    let summary = Summary::from_findings(&findings);
    let report = Report::new(&findings, &[], &summary, TOOL_VERSION);
    let sarif: serde_json::Value =
        serde_json::from_str(&render(Format::Sarif, &report, &RenderOptions::default()))
            .expect("parses");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert_eq!(rules.len(), 9);
    assert!(!rules.iter().any(|rule| rule["id"] == "B101"));
}

#[test]
fn github_writes_one_escaped_command_per_finding() {
    let output = render_sample(Format::Github);
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), 9);
    for line in &lines {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "{line}"
        );
    }
    let syntax_error = lines
        .iter()
        .find(|line| line.contains("SG001"))
        .expect("SG001 line");
    assert!(syntax_error.starts_with("::notice file=notes/odd%2C name%3A v2%25.py,line=3,"));
    assert!(syntax_error.contains("::Expected ':', found '='%0Arules ran on the 90%25 of"));
    let notebook = lines
        .iter()
        .find(|line| line.contains("DSZ004"))
        .expect("DSZ004 line");
    assert!(!notebook.contains(",line="), "{notebook}");
    assert!(
        notebook.contains("::cell 3, line 2, column 6: "),
        "{notebook}"
    );

    let hostile = render_with(
        Format::Github,
        &[hostile_finding()],
        &RenderOptions::default(),
    );
    assert_eq!(hostile.lines().count(), 1, "{hostile}");
    assert!(!hostile.contains('\x1b'));
    assert!(hostile.contains("%0A ::error::injected"));
}

#[test]
fn junit_is_well_formed_with_one_suite_per_scanner() {
    let xml = render_sample(Format::Junit);
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("9"));
    assert_eq!(root.attribute("failures"), Some("9"));
    assert_eq!(root.attribute("time"), Some("1.234"));
    let suites: Vec<roxmltree::Node<'_, '_>> = root
        .children()
        .filter(roxmltree::Node::is_element)
        .collect();
    let names: Vec<&str> = suites
        .iter()
        .filter_map(|suite| suite.attribute("name"))
        .collect();
    assert_eq!(
        names,
        [
            "source",
            "taint",
            "secrets",
            "pickle",
            "dependencies",
            "tool"
        ]
    );
    let failures: Vec<roxmltree::Node<'_, '_>> = document
        .descendants()
        .filter(|node| node.has_tag_name("failure"))
        .collect();
    assert_eq!(failures.len(), 9);
    let secret = failures
        .iter()
        .find(|failure| failure.attribute("type") == Some("SEC102"))
        .expect("SEC102 failure");
    assert_eq!(
        secret.attribute("message"),
        Some("[critical/high] AWS secret access key in source")
    );
    assert!(
        secret
            .text()
            .is_some_and(|text| text.starts_with("config/settings.py:3:26: SEC102"))
    );

    // A scanner that ran and found nothing shows as one passing test.
    let only_secret = render_with(
        Format::Junit,
        &sample_findings()
            .into_iter()
            .filter(|finding| finding.rule.code == AWS_SECRET.code)
            .collect::<Vec<_>>(),
        &RenderOptions::default(),
    );
    let document = roxmltree::Document::parse(&only_secret).expect("well-formed XML");
    let source = document
        .descendants()
        .find(|node| node.has_tag_name("testsuite") && node.attribute("name") == Some("source"))
        .expect("source suite");
    assert_eq!(source.attribute("failures"), Some("0"));
    let cases: Vec<&str> = source
        .children()
        .filter(|node| node.has_tag_name("testcase"))
        .filter_map(|node| node.attribute("name"))
        .collect();
    assert_eq!(cases, ["no findings"]);
}

#[test]
fn junit_escapes_markup_and_characters_xml_cannot_hold() {
    let xml = render_with(
        Format::Junit,
        &[hostile_finding()],
        &RenderOptions::default(),
    );
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let failure = document
        .descendants()
        .find(|node| node.has_tag_name("failure"))
        .expect("failure");
    let message = failure.attribute("message").expect("message");
    assert!(message.contains("]]> <script>alert(1)</script> & \"quotes\" 'single'"));
    assert!(message.contains("\\x00nul \\x1b[31mred"));
    assert!(
        message.contains("\nnext line"),
        "newlines survive in attributes"
    );
    assert!(!xml.contains('\x1b') && !xml.contains('\0'));
}

#[test]
fn text_colour_only_adds_styling() {
    let findings = sample_findings();
    let plain = render_with(Format::Text, &findings, &RenderOptions::default());
    let colored = render_with(
        Format::Text,
        &findings,
        &RenderOptions {
            color: true,
            ..RenderOptions::default()
        },
    );
    assert!(!plain.contains('\x1b'));
    assert!(colored.contains("\x1b[1;31mB301\x1b[0m"));
    assert_eq!(strip_ansi(&colored), plain);
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch == '\x1b' {
            for next in chars.by_ref() {
                if next == 'm' {
                    break;
                }
            }
        } else {
            out.push(ch);
        }
    }
    out
}

#[test]
fn text_and_markdown_never_pass_through_escape_sequences() {
    let finding = hostile_finding();
    for format in [
        Format::Text,
        Format::Markdown,
        Format::Github,
        Format::Junit,
    ] {
        let output = render_with(
            format,
            std::slice::from_ref(&finding),
            &RenderOptions::default(),
        );
        assert!(!output.contains('\x1b'), "{format}: {output}");
        assert!(!output.contains('\u{202e}'), "{format}: {output}");
        assert!(!output.contains('\0'), "{format}: {output}");
    }
    let text = render_with(Format::Text, &[finding], &RenderOptions::default());
    assert!(text.starts_with(
        "evil\\x1b[2J\\u{202e}dir/<b>&\"x\"</b>.py:cell 2\\x1b[0m:1:5: B301 [medium/high] msg"
    ));
}

#[test]
fn markdown_escapes_html_and_groups_by_file() {
    let markdown = render_sample(Format::Markdown);
    let headings: Vec<&str> = markdown
        .lines()
        .filter(|line| line.starts_with("### "))
        .collect();
    assert_eq!(
        headings,
        [
            "### `app.py`",
            "### `config/settings.py`",
            "### `models/classifier.pkl`",
            "### `notebooks/explore.ipynb`",
            "### `notes/odd, name: v2%.py`",
            "### `requirements.txt`",
        ]
    );
    let hostile = render_with(
        Format::Markdown,
        &[hostile_finding()],
        &RenderOptions::default(),
    );
    assert!(hostile.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"));
    assert!(!hostile.contains("<script>alert(1)</script> &"));
}

#[test]
fn markdown_stays_under_githubs_comment_limit() {
    let template = sample_findings();
    let mut findings = Vec::new();
    for copy in 0..400 {
        for finding in &template {
            let mut finding = finding.clone();
            finding.path = format!("pkg{copy:03}/{}", finding.path);
            findings.push(finding);
        }
    }
    let markdown = render_with(Format::Markdown, &findings, &RenderOptions::default());
    assert!(markdown.chars().count() < 65_536, "{}", markdown.len());
    assert!(markdown.contains("## snakeguard: 3600 findings"));
    assert!(markdown.contains(" more findings not shown here; see the full report"));
}

#[test]
fn json_schema_doc_names_every_key_the_renderer_writes() {
    let doc_path = concat!(env!("CARGO_MANIFEST_DIR"), "/JSON_SCHEMA.md");
    let doc = std::fs::read_to_string(doc_path).expect("JSON_SCHEMA.md");
    let json: serde_json::Value =
        serde_json::from_str(&render_sample(Format::Json)).expect("JSON output parses");
    let mut keys: Vec<String> = Vec::new();
    for object in [&json, &json["tool"], &json["summary"]] {
        keys.extend(
            object
                .as_object()
                .into_iter()
                .flat_map(|map| map.keys().cloned()),
        );
    }
    for finding in json["findings"].as_array().into_iter().flatten() {
        keys.extend(
            finding
                .as_object()
                .into_iter()
                .flat_map(|map| map.keys().cloned()),
        );
    }
    keys.sort();
    keys.dedup();
    let missing: Vec<&String> = keys
        .iter()
        .filter(|key| !doc.contains(&format!("`{key}`")) && !doc.contains(&format!("\"{key}\"")))
        .collect();
    assert!(
        missing.is_empty(),
        "JSON_SCHEMA.md does not document {missing:?}"
    );
    assert!(doc.contains(&format!("`version` is `{}`", json["version"])));
}

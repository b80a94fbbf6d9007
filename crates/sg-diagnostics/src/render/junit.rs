//! JUnit XML for CI test tabs (GitLab, Jenkins, Azure, CircleCI): one `testsuite` per
//! scanner that ran, one failing `testcase` per finding.
//!
//! The elements and attributes are those of the common "junit-10" schema (Jenkins, Maven
//! Surefire): no `file`/`line` attributes on test cases, so strict consumers accept it; the
//! location is in the test name instead. A scanner that ran and found nothing gets one
//! passing test case, so the tab shows it green rather than not at all.

use std::fmt::Write;

use super::escape::{xml_attribute, xml_text};
use super::paint::Painter;
use super::{Report, TOOL_NAME, location_label, text};
use crate::{Finding, Scanner};

pub(crate) fn render(report: &Report<'_>) -> String {
    let scanners: Vec<Scanner> = Scanner::ALL
        .into_iter()
        .filter(|scanner| {
            report.rules.iter().any(|rule| rule.scanner == *scanner)
                || report
                    .findings
                    .iter()
                    .any(|finding| finding.rule.scanner == *scanner)
        })
        .collect();
    let failures = report.findings.len();
    let tests: usize = scanners
        .iter()
        .map(|scanner| findings_of(report, *scanner).count().max(1))
        .sum();

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(
        out,
        "<testsuites name=\"{TOOL_NAME}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\""
    );
    if let Some(elapsed) = report.summary.elapsed {
        let _ = write!(out, " time=\"{:.3}\"", elapsed.as_secs_f64());
    }
    out.push_str(">\n");
    for scanner in scanners {
        let findings: Vec<&Finding> = findings_of(report, scanner).collect();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{scanner}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
            findings.len().max(1),
            findings.len()
        );
        if findings.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase name=\"no findings\" classname=\"{TOOL_NAME}.{scanner}\"/>"
            );
        }
        for finding in findings {
            push_testcase(&mut out, finding, scanner);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn findings_of<'r>(
    report: &'r Report<'_>,
    scanner: Scanner,
) -> impl Iterator<Item = &'r Finding> + 'r {
    report
        .findings
        .iter()
        .filter(move |finding| finding.rule.scanner == scanner)
}

fn push_testcase(out: &mut String, finding: &Finding, scanner: Scanner) {
    let name = format!(
        "{} {} {}",
        location_label(finding),
        finding.rule.code,
        finding.rule.name
    );
    let message = format!(
        "[{}/{}] {}",
        finding.severity, finding.confidence, finding.message
    );
    let mut body = String::new();
    text::push_finding(&mut body, finding, Painter::new(false));
    let _ = writeln!(
        out,
        "    <testcase name=\"{}\" classname=\"{TOOL_NAME}.{scanner}\">",
        xml_attribute(&name)
    );
    let _ = writeln!(
        out,
        "      <failure type=\"{}\" message=\"{}\">{}</failure>",
        xml_attribute(finding.rule.code),
        xml_attribute(&message),
        xml_text(&body)
    );
    out.push_str("    </testcase>\n");
}

//! The audit outputs the generic finding renderers (text, JSON, SARIF, GitHub) do not cover:
//! Markdown for pull-request comments, and a CycloneDX 1.5 SBOM with `vulnerabilities`.
//! Both are deterministic: no timestamps, no random serial numbers, sorted content.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::audit::{AuditReport, Vulnerability};

/// A Markdown report: vulnerabilities, what was not audited, what was ignored, warnings.
pub fn render_markdown(report: &AuditReport) -> String {
    let mut out = String::new();
    let vulnerability_count: usize = report
        .packages
        .iter()
        .map(|package| package.vulnerabilities.len())
        .sum();
    let _ = writeln!(out, "## snakeguard audit\n");
    let _ = writeln!(
        out,
        "{} known vulnerabilit{} in {} dependenc{}; {} dependenc{} audited, {} not audited.\n",
        vulnerability_count,
        if vulnerability_count == 1 { "y" } else { "ies" },
        report.packages.len(),
        if report.packages.len() == 1 {
            "y"
        } else {
            "ies"
        },
        report.audited,
        if report.audited == 1 { "y" } else { "ies" },
        report.not_audited.len(),
    );
    if !report.packages.is_empty() {
        let _ = writeln!(
            out,
            "| Package | Version | ID | Aliases | Severity | Fix | Location |\n|---|---|---|---|---|---|---|"
        );
        for package in &report.packages {
            for vulnerability in &package.vulnerabilities {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {}:{} |",
                    cell(&package.package),
                    cell(&package.version),
                    cell(&vulnerability.id),
                    cell(&vulnerability.aliases.join(", ")),
                    severity_cell(vulnerability),
                    cell(&fix_cell(vulnerability)),
                    cell(&package.path),
                    package.line
                );
            }
        }
        out.push('\n');
        let described: Vec<&Vulnerability> = report
            .packages
            .iter()
            .flat_map(|package| &package.vulnerabilities)
            .filter(|vulnerability| vulnerability.summary.is_some())
            .collect();
        if !described.is_empty() {
            let mut seen = std::collections::BTreeSet::new();
            let _ = writeln!(out, "<details><summary>Descriptions</summary>\n");
            for vulnerability in described {
                if seen.insert(vulnerability.id.clone())
                    && let Some(summary) = &vulnerability.summary
                {
                    let _ = writeln!(out, "- **{}**: {}", vulnerability.id, inline(summary));
                }
            }
            let _ = writeln!(out, "\n</details>\n");
        }
    }
    if !report.not_audited.is_empty() {
        let _ = writeln!(
            out,
            "### Not audited\n\n| Package | Location | Reason |\n|---|---|---|"
        );
        for entry in &report.not_audited {
            let reason = match &entry.covered_by {
                Some(other) => format!("{} (audited in {other})", entry.reason),
                None => entry.reason.to_string(),
            };
            let _ = writeln!(
                out,
                "| {} | {}:{} | {} |",
                cell(&entry.package),
                cell(&entry.path),
                entry.line,
                cell(&reason)
            );
        }
        out.push('\n');
    }
    if !report.ignored.is_empty() {
        let _ = writeln!(
            out,
            "### Ignored\n\n| Package | Version | ID | Reason |\n|---|---|---|---|"
        );
        for ignored in &report.ignored {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&ignored.package),
                cell(&ignored.version),
                cell(&ignored.id),
                cell(ignored.reason.as_deref().unwrap_or("(command line)"))
            );
        }
        out.push('\n');
    }
    if !report.warnings.is_empty() {
        let _ = writeln!(out, "### Warnings\n");
        for warning in &report.warnings {
            let _ = writeln!(out, "- {}", inline(warning));
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn severity_cell(vulnerability: &Vulnerability) -> String {
    match vulnerability.score {
        Some(score) => format!("{} ({score:.1})", vulnerability.severity),
        None => vulnerability.severity.to_string(),
    }
}

fn fix_cell(vulnerability: &Vulnerability) -> String {
    if vulnerability.malicious {
        return "remove".to_string();
    }
    vulnerability
        .fix_version
        .clone()
        .unwrap_or_else(|| "none known".to_string())
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    inline(text).replace('|', "\\|")
}

fn inline(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A package URL for a PyPI release (`pkg:pypi/name@version`, version percent-encoded).
fn purl(name: &str, version: &str) -> String {
    let mut encoded = String::with_capacity(version.len());
    for byte in version.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    format!("pkg:pypi/{name}@{encoded}")
}

/// A CycloneDX 1.5 JSON document: every audited package as a component and every reported
/// vulnerability with its ratings, aliases and the components it affects.
pub fn render_cyclonedx(report: &AuditReport) -> String {
    let components: Vec<Value> = report
        .components
        .iter()
        .map(|(name, version)| {
            let reference = purl(name, version);
            json!({
                "type": "library",
                "bom-ref": reference,
                "name": name,
                "version": version,
                "purl": reference,
            })
        })
        .collect();

    // One entry per vulnerability id; several files holding the same release share it.
    let mut vulnerabilities: BTreeMap<String, (Value, Vec<String>)> = BTreeMap::new();
    for package in &report.packages {
        let reference = purl(&package.package, &package.version);
        for vulnerability in &package.vulnerabilities {
            let entry = vulnerabilities
                .entry(vulnerability.id.clone())
                .or_insert_with(|| {
                    (
                        vulnerability_json(vulnerability, &package.package),
                        Vec::new(),
                    )
                });
            if !entry.1.contains(&reference) {
                entry.1.push(reference.clone());
            }
        }
    }
    let vulnerabilities: Vec<Value> = vulnerabilities
        .into_values()
        .map(|(mut value, mut affects)| {
            affects.sort();
            if let Value::Object(map) = &mut value {
                map.insert(
                    "affects".to_string(),
                    Value::Array(affects.into_iter().map(|r| json!({ "ref": r })).collect()),
                );
            }
            value
        })
        .collect();

    let document = json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "metadata": {
            "tools": {
                "components": [{
                    "type": "application",
                    "name": "snakeguard",
                    "version": env!("CARGO_PKG_VERSION"),
                }]
            }
        },
        "components": components,
        "vulnerabilities": vulnerabilities,
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

fn vulnerability_json(vulnerability: &Vulnerability, package: &str) -> Value {
    let mut map = serde_json::Map::new();
    map.insert(
        "bom-ref".into(),
        json!(format!("vuln:{}", vulnerability.id)),
    );
    map.insert("id".into(), json!(vulnerability.id));
    map.insert("source".into(), osv_source(&vulnerability.id));
    if !vulnerability.aliases.is_empty() {
        let references: Vec<Value> = vulnerability
            .aliases
            .iter()
            .map(|alias| json!({ "id": alias, "source": osv_source(alias) }))
            .collect();
        map.insert("references".into(), Value::Array(references));
    }
    let mut rating = serde_json::Map::new();
    if let Some(score) = vulnerability.score {
        rating.insert("score".into(), json!(score));
    }
    rating.insert("severity".into(), json!(vulnerability.severity.as_str()));
    if let Some(vector) = &vulnerability.vector {
        let method = if vector.starts_with("CVSS:4") {
            "CVSSv4"
        } else if vector.starts_with("CVSS:3.1") {
            "CVSSv31"
        } else if vector.starts_with("CVSS:3") {
            "CVSSv3"
        } else {
            "CVSSv2"
        };
        rating.insert("method".into(), json!(method));
        rating.insert("vector".into(), json!(vector));
    } else {
        rating.insert("method".into(), json!("other"));
    }
    map.insert("ratings".into(), json!([Value::Object(rating)]));
    if let Some(summary) = &vulnerability.summary {
        map.insert("description".into(), json!(summary));
    }
    let recommendation = if vulnerability.malicious {
        format!("Remove {package}: it is a known malicious package")
    } else if let Some(fix) = &vulnerability.fix_version {
        format!("Upgrade {package} to {fix} or later")
    } else {
        "No fixed version is known".to_string()
    };
    map.insert("recommendation".into(), json!(recommendation));
    if let Some(published) = &vulnerability.published {
        map.insert("published".into(), json!(published));
    }
    if !vulnerability.fixed_versions.is_empty() {
        map.insert(
            "properties".into(),
            json!([{ "name": "snakeguard:fixed_versions", "value": vulnerability.fixed_versions.join(", ") }]),
        );
    }
    Value::Object(map)
}

fn osv_source(id: &str) -> Value {
    json!({ "name": "OSV", "url": format!("https://osv.dev/vulnerability/{id}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purl_encodes_local_and_epoch() {
        assert_eq!(purl("django", "3.2.0"), "pkg:pypi/django@3.2.0");
        assert_eq!(purl("x", "1!2.0+local"), "pkg:pypi/x@1%212.0%2Blocal");
    }
}

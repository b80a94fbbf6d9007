//! Baseline files: the fingerprints of findings a team has accepted, so that adopting
//! snakeguard does not require fixing history first.
//!
//! Fingerprints are count-aware (`<hash>:<n>`), so a baseline holding one of two identical
//! findings absorbs exactly one.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sg_diagnostics::Finding;

const BASELINE_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<BaselineEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineEntry {
    fingerprint: String,
    rule: String,
    path: String,
}

#[derive(Debug, Default)]
pub struct Baseline {
    fingerprints: BTreeSet<String>,
}

impl Baseline {
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read baseline {}: {error}", path.display()))?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|error| {
            format!(
                "baseline {} is not a snakeguard baseline: {error}\nhint: write one with `snakeguard scan --write-baseline {}`",
                path.display(),
                path.display()
            )
        })?;
        if file.version != BASELINE_VERSION {
            return Err(format!(
                "baseline {} has version {}, this snakeguard reads version {BASELINE_VERSION}",
                path.display(),
                file.version
            ));
        }
        Ok(Baseline {
            fingerprints: file
                .findings
                .into_iter()
                .map(|entry| entry.fingerprint)
                .collect(),
        })
    }

    pub fn contains(&self, finding: &Finding) -> bool {
        self.fingerprints.contains(&finding.fingerprint)
    }
}

/// Writes the baseline for `findings` (already fingerprinted and sorted).
pub fn write(path: &Path, findings: &[Finding]) -> Result<(), String> {
    let file = BaselineFile {
        version: BASELINE_VERSION,
        findings: findings
            .iter()
            .map(|finding| BaselineEntry {
                fingerprint: finding.fingerprint.clone(),
                rule: finding.rule.code.to_string(),
                path: finding.path.clone(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(|error| error.to_string())?;
    text.push('\n');
    std::fs::write(path, text)
        .map_err(|error| format!("cannot write baseline {}: {error}", path.display()))
}

//! Severity of an advisory: CVSS vectors parsed into a base score and a level.
//!
//! OSV carries severity as vector strings (`CVSS_V2`, `CVSS_V3`, `CVSS_V4`), at the top of a
//! record or per affected package. The newest CVSS version present wins (a v4 score over a
//! v3 one, as NVD prefers newer scoring); among vectors of one version the highest score
//! wins. Without a usable vector, GitHub's `database_specific.severity` word is used.
//! A vector that does not parse is ignored with a note; it never fails the audit.

use std::str::FromStr;

use cvss::Cvss;
use sg_diagnostics::Severity;

use crate::osv::{Advisory, Note, SeverityVector, normalize_name};

/// Where a severity came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessed {
    pub level: Severity,
    /// CVSS base score, when a vector was parsed.
    pub score: Option<f64>,
    /// The vector the score comes from.
    pub vector: Option<String>,
    /// `CVSS_V3`, `CVSS_V4`, `CVSS_V2` or `database` (a severity word without a vector).
    pub source: String,
}

/// The severity of `advisory` for the package `canonical_name`, if the data says anything.
pub fn assess(
    advisory: &Advisory,
    canonical_name: &str,
    notes: &mut Vec<Note>,
) -> Option<Assessed> {
    let vectors = advisory.severity.iter().chain(
        advisory
            .affected
            .iter()
            .filter(|affected| normalize_name(&affected.package) == canonical_name)
            .flat_map(|affected| affected.severity.iter()),
    );
    let mut best: Option<(u8, f64, Assessed)> = None;
    for vector in vectors {
        let Some((version_rank, parsed)) = parse_vector(vector) else {
            if vector.kind.starts_with("CVSS") {
                notes.push(Note::new(
                    &advisory.id,
                    format!(
                        "{} vector `{}` does not parse; ignored",
                        vector.kind, vector.score
                    ),
                ));
            }
            continue;
        };
        let score = parsed.score();
        if !score.is_finite() {
            continue;
        }
        let candidate = Assessed {
            level: level_of(parsed.severity()),
            score: Some(score),
            vector: Some(vector.score.trim().to_string()),
            source: vector.kind.clone(),
        };
        let better = match &best {
            None => true,
            Some((rank, best_score, _)) => {
                version_rank > *rank || (version_rank == *rank && score > *best_score)
            }
        };
        if better {
            best = Some((version_rank, score, candidate));
        }
    }
    if let Some((_, _, assessed)) = best {
        return Some(assessed);
    }
    let word = advisory.database_severity.as_deref()?;
    let level = match word.to_ascii_uppercase().as_str() {
        "LOW" => Severity::Low,
        "MODERATE" | "MEDIUM" => Severity::Medium,
        "HIGH" => Severity::High,
        "CRITICAL" => Severity::Critical,
        _ => return None,
    };
    Some(Assessed {
        level,
        score: None,
        vector: None,
        source: "database".to_string(),
    })
}

/// Parses one `severity[]` entry; the rank orders CVSS versions (v4 > v3 > v2).
fn parse_vector(vector: &SeverityVector) -> Option<(u8, Cvss)> {
    let text = vector.score.trim();
    let rank = match vector.kind.as_str() {
        "CVSS_V2" => 2,
        "CVSS_V3" => 3,
        "CVSS_V4" => 4,
        _ => return None,
    };
    // v2 vectors are sometimes written with a `CVSS:2.0/` prefix or in parentheses.
    let text = if rank == 2 {
        text.trim_start_matches('(')
            .trim_end_matches(')')
            .trim_start_matches("CVSS:2.0/")
    } else {
        text
    };
    let parsed = Cvss::from_str(text).ok()?;
    let parsed_rank = match parsed {
        Cvss::CvssV20(_) => 2,
        Cvss::CvssV40(_) => 4,
        _ => 3,
    };
    Some((parsed_rank, parsed))
}

fn level_of(severity: cvss::Severity) -> Severity {
    match severity {
        cvss::Severity::None | cvss::Severity::Low => Severity::Low,
        cvss::Severity::Medium => Severity::Medium,
        cvss::Severity::High => Severity::High,
        cvss::Severity::Critical => Severity::Critical,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn advisory(severity: &[(&str, &str)], word: Option<&str>) -> Advisory {
        Advisory {
            id: "GHSA-x".into(),
            aliases: vec![],
            summary: None,
            published: None,
            modified: None,
            withdrawn: None,
            severity: severity
                .iter()
                .map(|(kind, score)| SeverityVector {
                    kind: (*kind).into(),
                    score: (*score).into(),
                })
                .collect(),
            database_severity: word.map(str::to_string),
            affected: vec![],
            references: vec![],
        }
    }

    #[test]
    fn cvss_v3_vector_gives_score_and_level() {
        let mut notes = Vec::new();
        let assessed = assess(
            &advisory(
                &[("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")],
                None,
            ),
            "x",
            &mut notes,
        )
        .unwrap();
        assert_eq!(assessed.level, Severity::Critical);
        assert_eq!(assessed.score, Some(9.8));
        assert!(notes.is_empty());
    }

    #[test]
    fn newer_cvss_version_wins_and_bad_vectors_are_notes() {
        let mut notes = Vec::new();
        let assessed = assess(
            &advisory(
                &[
                    ("CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P"),
                    ("CVSS_V3", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N"),
                    ("CVSS_V3", "garbage"),
                ],
                None,
            ),
            "x",
            &mut notes,
        )
        .unwrap();
        assert_eq!(assessed.source, "CVSS_V3");
        // 3.7: the v3 vector wins over the higher-scoring v2 one.
        assert_eq!(assessed.level, Severity::Low);
        assert_eq!(assessed.score, Some(3.7));
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn database_word_is_the_fallback() {
        let mut notes = Vec::new();
        let assessed = assess(&advisory(&[], Some("MODERATE")), "x", &mut notes).unwrap();
        assert_eq!(assessed.level, Severity::Medium);
        assert_eq!(assessed.score, None);
        assert!(assess(&advisory(&[], None), "x", &mut notes).is_none());
    }
}

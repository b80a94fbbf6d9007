//! Redaction: what a finding may say about a secret without repeating it.
//!
//! Outputs show a short prefix (enough to recognise `ghp_` or `AKIA`) and the length, never
//! the whole value. Baselines need a stable identity for a secret, so fingerprint keys hold
//! a SHA-256 of the value instead of the value.

use sha2::{Digest, Sha256};

/// `ghp_***(40 chars)`: at most four leading characters (fewer for short values, so a short
/// password never shows more than a fifth of itself) and the length in characters.
pub fn redact(secret: &str) -> String {
    let length = secret.chars().count();
    let shown = (length / 5).min(4);
    let prefix: String = secret.chars().take(shown).collect();
    format!("{prefix}***({length} chars)")
}

/// The identity of a secret for fingerprints: a truncated SHA-256, never the clear value.
pub fn secret_fingerprint_key(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    let mut out = String::from("sha256:");
    for byte in digest.iter().take(16) {
        use std::fmt::Write;
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// `text` with every occurrence of `secret` replaced by its redacted form.
pub fn redact_in(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        return text.to_string();
    }
    text.replace(secret, &redact(secret))
}

/// Redacts, in the snippets of the other findings of one file (a Bandit, taint or API
/// finding on the same line as a secret), the source lines that hold a secret, using the
/// secret finding's own redacted snippet. Only findings whose snippet is exactly the source
/// lines of their span are changed, and only the lines a secret finding covers. With
/// `--show-secrets` the secret findings' snippets are the source lines, so nothing changes.
pub fn redact_other_snippets(findings: &mut [sg_diagnostics::Finding]) {
    let secrets: Vec<(Option<serde_json::Value>, u32, Vec<String>)> = findings
        .iter()
        .filter(|finding| finding.extra.contains_key("redacted"))
        .filter_map(|finding| {
            let lines: Vec<String> = finding.snippet.lines().map(str::to_string).collect();
            let count = finding.span.end_line.checked_sub(finding.span.line)? as usize + 1;
            (lines.len() == count)
                .then(|| (finding.extra.get("cell").cloned(), finding.span.line, lines))
        })
        .collect();
    if secrets.is_empty() {
        return;
    }
    for finding in findings.iter_mut() {
        if finding.extra.contains_key("redacted") || finding.snippet.is_empty() {
            continue;
        }
        let mut lines: Vec<String> = finding.snippet.lines().map(str::to_string).collect();
        let count = finding
            .span
            .end_line
            .checked_sub(finding.span.line)
            .map_or(0, |lines| lines as usize + 1);
        if lines.len() != count {
            continue;
        }
        let cell = finding.extra.get("cell");
        let mut changed = false;
        for (secret_cell, first, redacted) in &secrets {
            if secret_cell.as_ref() != cell {
                continue;
            }
            for (line, text) in (*first..).zip(redacted) {
                let Some(index) = line.checked_sub(finding.span.line) else {
                    continue;
                };
                if let Some(slot) = lines.get_mut(index as usize)
                    && slot != text
                {
                    slot.clone_from(text);
                    changed = true;
                }
            }
        }
        if changed {
            finding.snippet = lines.join("\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_shows_prefix_and_length_only() {
        assert_eq!(
            redact("ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
            "ghp_***(40 chars)"
        );
        assert_eq!(redact("hunter22"), "h***(8 chars)");
        assert_eq!(redact("abc"), "***(3 chars)");
        assert_eq!(redact("ééééééééééé"), "éé***(11 chars)");
    }

    #[test]
    fn fingerprint_key_does_not_contain_the_secret() {
        let key = secret_fingerprint_key("hunter22");
        assert!(!key.contains("hunter22"));
        assert_eq!(key.len(), "sha256:".len() + 32);
        assert_eq!(key, secret_fingerprint_key("hunter22"));
    }

    #[test]
    fn other_findings_on_a_secret_line_get_the_redacted_line() {
        use sg_diagnostics::{Finding, Span};
        let secret = Finding::new(
            &crate::python::JWT_SIGNING_KEY,
            "a.py",
            Span::new(2, 17, 2, 35),
            "m",
        )
        .with_snippet("t = jwt.encode({}, \"Zr8***(16 chars)\")")
        .with_extra("redacted", "Zr8***(16 chars)");
        let other = Finding::new(
            &crate::python::JWT_SIGNING_KEY,
            "a.py",
            Span::new(1, 1, 3, 2),
            "m",
        )
        .with_snippet("x = (\nt = jwt.encode({}, \"Zr8pQ2vLx9TqW4n7\")\n)");
        let mut findings = vec![other, secret];
        redact_other_snippets(&mut findings);
        assert_eq!(
            findings[0].snippet,
            "x = (\nt = jwt.encode({}, \"Zr8***(16 chars)\")\n)"
        );
    }

    #[test]
    fn redact_in_replaces_every_occurrence() {
        assert_eq!(
            redact_in("a = 'hunter22' # hunter22", "hunter22"),
            "a = 'h***(8 chars)' # h***(8 chars)"
        );
    }
}

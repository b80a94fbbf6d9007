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
    fn redact_in_replaces_every_occurrence() {
        assert_eq!(
            redact_in("a = 'hunter22' # hunter22", "hunter22"),
            "a = 'h***(8 chars)' # h***(8 chars)"
        );
    }
}

//! Is this string literal a secret, given that it sits where a secret would?
//!
//! The Python-aware rules know the literal is assigned to a secret-like name (or passed as
//! a signing key, or stored as a Django `SECRET_KEY`). What is left is the value: an empty
//! string, a placeholder, a reference to where the secret really lives, a word, or
//! something short are not reported.

use crate::entropy::shannon_entropy;
use crate::values;

/// What a string literal in a secret position is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiteralVerdict {
    /// Looks like a real credential: report it.
    Secret,
    /// `""`.
    Empty,
    /// Shorter than the configured minimum (`python-min-length`).
    TooShort,
    /// `changeme`, `<your-key>`, `xxxx`, `${VAR}`, a documented vendor example key.
    Placeholder,
    /// The name or location of a secret, not the secret: `DATABASE_PASSWORD`,
    /// `/run/secrets/db`, `vault:secret/data/app`, `settings.SECRET_KEY`, `{password}`.
    Reference,
    /// A word, phrase, identifier, number, UUID, hash or dummy (`bearer`, `password`, `is not`,
    /// `csrftoken`, `pbkdf2_sha256$…`, `test-secret`, `1111-aaaaa`).
    NotSecret,
}

/// Classifies `value`, a string literal found where a secret would be.
pub fn classify_literal(value: &str, min_length: usize) -> LiteralVerdict {
    if value.trim().is_empty() {
        return LiteralVerdict::Empty;
    }
    if values::placeholder_reason(value).is_some() {
        return LiteralVerdict::Placeholder;
    }
    if let Some(reason) = values::generic_rejection(value) {
        return match reason {
            "environment variable name"
            | "reference to a secret stored elsewhere"
            | "path or URL"
            | "expression"
            | "format string" => LiteralVerdict::Reference,
            _ => LiteralVerdict::NotSecret,
        };
    }
    if value.chars().count() < min_length {
        return LiteralVerdict::TooShort;
    }
    if is_phrase(value) || shannon_entropy(value) < MIN_ENTROPY {
        return LiteralVerdict::NotSecret;
    }
    LiteralVerdict::Secret
}

/// Below this many bits per character a value is a repetitive dummy (`1111-aaaaa`,
/// `lcccccccX2kccccccc…`), not a credential; real passwords, even weak ones such as
/// `sésame` (2.25) or `p@ssword` (2.75), are above it.
const MIN_ENTROPY: f64 = 2.0;

/// Two or more plain words separated by spaces (`is not`, `not in`, `Invalid token`): text,
/// not a credential. A passphrase made only of lowercase words is missed by this; it is rare
/// in code and indistinguishable from text without a dictionary.
fn is_phrase(value: &str) -> bool {
    let mut words = 0;
    for word in value.split_whitespace() {
        let word = word.trim_end_matches(['.', ',', ':', ';', '!', '?']);
        if word.is_empty() || !word.chars().all(char::is_alphabetic) {
            return false;
        }
        words += 1;
    }
    words >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use LiteralVerdict::*;

    #[test]
    fn literals_from_real_code() {
        let cases = [
            ("", Empty),
            ("   ", Empty),
            ("changeme", Placeholder),
            ("<your-api-key>", Placeholder),
            ("${DB_PASSWORD}", Placeholder),
            ("{{ secret_key }}", Placeholder),
            ("xxxxxxxx", Placeholder),
            ("AKIAIOSFODNN7EXAMPLE", Placeholder),
            ("DATABASE_PASSWORD", Reference),
            ("/run/secrets/db_password", Reference),
            ("vault:secret/data/app#password", Reference),
            ("https://auth.acme.io/oauth/token", Reference),
            ("{password}", Placeholder),
            ("%s:%s", Reference),
            ("bearer", NotSecret),
            ("password", NotSecret),
            ("csrfmiddlewaretoken", NotSecret),
            ("access_token", NotSecret),
            ("X-Api-Key", NotSecret),
            ("django_tests_secret_key", NotSecret),
            ("pbkdf2_sha256$870000$salt$hash=", NotSecret),
            ("123456", NotSecret),
            ("is not", NotSecret),
            ("Invalid token.", NotSecret),
            ("1111-aaaaa", NotSecret),
            ("lcccccccX2kcccccccY2jcccccccssIC", NotSecret),
            ("sésame", Secret),
            ("p@ssword", Secret),
            ("s3cr", TooShort),
            ("hunter22", Secret),
            ("Zr8pQ2vLx9Tq", Secret),
            (
                "django-insecure-7x!q9v#2m@k4r$8w&z^p1n%c6b*f3h(j5l)s0d",
                Secret,
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(classify_literal(value, 6), expected, "{value:?}");
        }
    }
}

//! Is this string literal a secret, given that it sits where a secret would?
//!
//! The Python-aware rules know the literal is assigned to a secret-like name (or passed as
//! a signing key, or stored as a Django `SECRET_KEY`). What is left is the value: an empty
//! string, a placeholder, a reference to where the secret really lives, a word, or
//! something short are not reported.

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
    /// A word, identifier, number, UUID, hash or dummy (`bearer`, `password`, `csrftoken`,
    /// `pbkdf2_sha256$…`, `test-secret`).
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
    LiteralVerdict::Secret
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

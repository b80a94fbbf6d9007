//! Structural checks for formats that carry their own redundancy.
//!
//! A checksum turns a pattern match into near certainty and drops look-alikes for free:
//!
//! - `github-crc32`: GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) and npm tokens
//!   (`npm_`) end in six base62 digits (`0-9A-Za-z`, left-padded with `0`) holding the CRC32
//!   of the 30 random characters between the prefix and the checksum.
//! - `jwt`: the first dot-separated part is base64url of a JSON object with an `alg` member.
//! - `discord-bot`: the first part is base64 of a numeric snowflake id.
//! - `basic-auth`: the value is base64 of printable `user:password` with a non-empty password.

use serde::Deserialize;

/// The checks a rule can name in its `checksum` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Checksum {
    GithubCrc32,
    Jwt,
    DiscordBot,
    BasicAuth,
}

impl Checksum {
    /// Whether `secret` passes the check.
    pub fn verify(self, secret: &str) -> bool {
        match self {
            Checksum::GithubCrc32 => github_crc32(secret),
            Checksum::Jwt => jwt_header(secret),
            Checksum::DiscordBot => discord_bot(secret),
            Checksum::BasicAuth => basic_auth(secret),
        }
    }
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn base62_6(mut value: u32) -> [u8; 6] {
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(value % 62) as usize];
        value /= 62;
    }
    out
}

fn github_crc32(secret: &str) -> bool {
    let Some((_, body)) = secret.split_once('_') else {
        return false;
    };
    if body.len() < 7 || !body.is_ascii() {
        return false;
    }
    let (random, checksum) = body.split_at(body.len() - 6);
    base62_6(crc32fast::hash(random.as_bytes())) == checksum.as_bytes()
}

/// Decodes base64 or base64url, with or without padding. `None` on any invalid character.
pub fn decode_base64(input: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0u32;
    for byte in input.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

fn jwt_header(secret: &str) -> bool {
    let Some(header) = secret.split('.').next() else {
        return false;
    };
    let Some(bytes) = decode_base64(header) else {
        return false;
    };
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(map)) => map.contains_key("alg"),
        _ => false,
    }
}

fn discord_bot(secret: &str) -> bool {
    let Some(first) = secret.split('.').next() else {
        return false;
    };
    decode_base64(first)
        .is_some_and(|bytes| bytes.len() >= 15 && bytes.iter().all(u8::is_ascii_digit))
}

fn basic_auth(secret: &str) -> bool {
    let Some(bytes) = decode_base64(secret) else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return false;
    };
    match text.split_once(':') {
        Some((user, password)) => {
            !user.is_empty()
                && password.len() >= 4
                && !text.chars().any(char::is_control)
                && crate::values::dummy_rejection(password).is_none()
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_checksum_accepts_valid_and_rejects_altered_tokens() {
        // CRC32 of thirty zeros in base62 is 2C8GjS (computed independently with Python's zlib).
        assert!(Checksum::GithubCrc32.verify("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"));
        assert!(!Checksum::GithubCrc32.verify("ghp_0000000000000000000000000000002C8GjT"));
        assert!(!Checksum::GithubCrc32.verify("ghp_short"));
        assert!(!Checksum::GithubCrc32.verify("no-underscore"));
    }

    #[test]
    fn jwt_header_must_decode_to_an_object_with_alg() {
        assert!(Checksum::Jwt.verify("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"));
        assert!(!Checksum::Jwt.verify("eyJmb28iOiJiYXIifQ.eyJzdWIiOiIxIn0.c2ln"));
        assert!(!Checksum::Jwt.verify("eyJ!!!.x.y"));
    }

    #[test]
    fn basic_auth_needs_user_and_a_real_password() {
        // deploy:druerbqdcNdcZexp (letters only, camel-case-like, still random)
        assert!(Checksum::BasicAuth.verify("ZGVwbG95OmRydWVyYnFkY05kY1pleHA="));
        // user:password
        assert!(!Checksum::BasicAuth.verify("dXNlcjpwYXNzd29yZA=="));
        // no colon
        assert!(!Checksum::BasicAuth.verify("dXNlcm5hbWU="));
    }

    #[test]
    fn base64_decoding() {
        assert_eq!(decode_base64("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(decode_base64("aGVsbG8").as_deref(), Some(&b"hello"[..]));
        assert_eq!(decode_base64("a*b"), None);
    }
}

//! Is this name the name of a secret?
//!
//! Bandit's B105–B107 flag any string assigned to a name that contains `password`, `token`,
//! `secret`, … and so report `token_type = "bearer"`, `NextToken = "…"` (AWS pagination) or
//! `password_field = "password"`. Here a name is split into words (snake_case, camelCase,
//! kebab-case, dotted attributes) and must *end* in a secret noun:
//!
//! - a secret word: `password`, `passwd`, `pwd`, `pass`, `passphrase`, `secret`, `token`,
//!   `credential(s)`, `apikey`, or a word ending in one (`dbpassword`, `accesstoken`);
//! - or `key` qualified as a secret (`api_key`, `secret_key`, `private_key`, `signing_key`,
//!   `encryption_key`, `client_key`, `master_key`, `hmac_key`, …), but not `sort_key`,
//!   `cache_key`, `public_key` or `primary_key`.
//!
//! Words after the secret noun that describe something about the secret (`_type`, `_field`,
//! `_name`, `_url`, `_timeout`, `_length`, `_id`, …) and words before it that mark a
//! non-credential (`next_token`, `page_token`, `csrf_token`, `public_key`, `is_secret`) make
//! the name not secret-like.

/// Whether `name` (an identifier, attribute, dict key, keyword argument or config key) names
/// a secret value.
pub fn is_secret_like_name(name: &str) -> bool {
    let last = last_segment(name);
    let words = split_words(last);
    let Some(position) = words.iter().enumerate().rev().find_map(|(index, word)| {
        let previous = index.checked_sub(1).and_then(|i| words.get(i));
        let is_last = index + 1 == words.len();
        // `pass` alone is too common a word (`pass_through`) unless it ends the name.
        let noun =
            is_secret_noun(word, previous.map(String::as_str)) && (word != "pass" || is_last);
        noun.then_some(index)
    }) else {
        return false;
    };
    let after = words.get(position + 1..).unwrap_or_default();
    if after
        .iter()
        .any(|word| NON_SECRET_SUFFIXES.contains(&word.as_str()))
    {
        return false;
    }
    // A secret noun glued to a non-secret word: `csrftoken`, `nexttoken`, `publickey`.
    let glued_prefix = words.get(position).and_then(|word| {
        SECRET_WORD_ENDINGS
            .iter()
            .find(|ending| word.ends_with(*ending))
            .map(|ending| &word[..word.len() - ending.len()])
    });
    if glued_prefix.is_some_and(|prefix| NON_SECRET_PREFIXES.contains(&prefix)) {
        return false;
    }
    let before = words.get(..position).unwrap_or_default();
    if before
        .iter()
        .any(|word| NON_SECRET_PREFIXES.contains(&word.as_str()))
    {
        return false;
    }
    true
}

const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "pass",
    "passphrase",
    "secret",
    "secrets",
    "token",
    "credential",
    "credentials",
    "apikey",
    "privatekey",
    "secretkey",
    "accesskey",
];

/// Secret words that may end a longer word (`dbpassword`, `authtoken`, `clientsecret`).
const SECRET_WORD_ENDINGS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "secretkey",
    "privatekey",
    "accesskey",
    "passphrase",
];

/// Words that make a following `key` a secret key.
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "access",
    "secret",
    "private",
    "signing",
    "sign",
    "encryption",
    "encrypt",
    "crypt",
    "crypto",
    "auth",
    "client",
    "master",
    "app",
    "hmac",
    "jwt",
    "fernet",
    "aes",
    "webhook",
    "service",
    "subscription",
    "license",
    "consumer",
    "ssh",
    "rsa",
    "gpg",
    "pgp",
];

/// Words after the secret noun that describe a property of the secret, not its value.
const NON_SECRET_SUFFIXES: &[&str] = &[
    "type",
    "types",
    "kind",
    "field",
    "fields",
    "name",
    "names",
    "label",
    "url",
    "uri",
    "urls",
    "endpoint",
    "path",
    "paths",
    "file",
    "filename",
    "files",
    "dir",
    "directory",
    "length",
    "len",
    "size",
    "min",
    "max",
    "count",
    "timeout",
    "ttl",
    "expiry",
    "expires",
    "expiration",
    "expire",
    "age",
    "lifetime",
    "prefix",
    "suffix",
    "header",
    "headers",
    "param",
    "params",
    "parameter",
    "attr",
    "attribute",
    "column",
    "col",
    "env",
    "var",
    "variable",
    "id",
    "ids",
    "arn",
    "version",
    "mode",
    "method",
    "style",
    "class",
    "policy",
    "validator",
    "validators",
    "hasher",
    "hashers",
    "algorithm",
    "algorithms",
    "alg",
    "scheme",
    "location",
    "store",
    "storage",
    "backend",
    "backends",
    "provider",
    "cache",
    "input",
    "widget",
    "placeholder",
    "hint",
    "help",
    "text",
    "message",
    "msg",
    "format",
    "pattern",
    "regex",
    "template",
    "chars",
    "charset",
    "encoding",
    "separator",
    "delimiter",
    "index",
    "position",
    "status",
    "state",
    "flag",
    "enabled",
    "required",
    "changed",
    "hash",
    "hashed",
    "rounds",
    "iterations",
    "strength",
    "complexity",
    "rule",
    "rules",
    "manager",
    "service",
    "handler",
    "generator",
    "factory",
    "serializer",
    "form",
    "view",
    "model",
    "schema",
    "key",
    "keys",
    "source",
    "sources",
    "reset",
    "display",
    "title",
    "description",
    "desc",
    "question",
    "prompt",
    "error",
    "errors",
    "event",
    "events",
    "usage",
    "kwarg",
    "arg",
    "option",
    "options",
    "setting",
    "settings",
    "config",
    "cls",
    "mixin",
    "reader",
    "loader",
    "parser",
    "validation",
    "check",
    "checker",
    "required",
    "length",
];

/// Words before the secret noun that mark something that is not a credential.
const NON_SECRET_PREFIXES: &[&str] = &[
    "next",
    "prev",
    "previous",
    "page",
    "pagination",
    "continuation",
    "cursor",
    "sync",
    "csrf",
    "xsrf",
    "public",
    "publishable",
    "is",
    "has",
    "use",
    "uses",
    "enable",
    "enabled",
    "disable",
    "show",
    "allow",
    "require",
    "requires",
    "num",
    "max",
    "min",
    "no",
    "idempotency",
    "forgot",
    "get",
    "set",
    "check",
    "validate",
    "verify",
    "hash",
    "hashed",
];

fn is_secret_noun(word: &str, previous: Option<&str>) -> bool {
    if SECRET_WORDS.contains(&word) {
        return true;
    }
    if word == "key" {
        return previous.is_some_and(|previous| KEY_QUALIFIERS.contains(&previous));
    }
    SECRET_WORD_ENDINGS
        .iter()
        .any(|ending| word.len() > ending.len() + 1 && word.ends_with(ending))
}

/// `self.db_password` → `db_password`; `os.environ['API_KEY']` → `API_KEY`;
/// `--client-secret` → `client-secret`.
fn last_segment(name: &str) -> &str {
    let trimmed = name.trim_matches(|ch: char| {
        ch == '"' || ch == '\'' || ch == '[' || ch == ']' || ch.is_whitespace()
    });
    let after_dot = trimmed
        .rsplit(['.', '[', '\'', '"'])
        .find(|part| !part.is_empty());
    after_dot
        .unwrap_or(trimmed)
        .trim_start_matches(['-', '$', '@', '_'])
}

/// Lowercase words of an identifier: `NextToken` → `next token`, `APIKey` → `api key`,
/// `SECRET_KEY` → `secret key`, `client-secret` → `client secret`.
pub(crate) fn split_words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (index, &ch) in chars.iter().enumerate() {
        if !ch.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if ch.is_uppercase() && !current.is_empty() {
            let previous = chars.get(index.wrapping_sub(1)).copied();
            let next = chars.get(index + 1).copied();
            let previous_lower = previous.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit());
            let acronym_end =
                previous.is_some_and(char::is_uppercase) && next.is_some_and(char::is_lowercase);
            if previous_lower || acronym_end {
                words.push(std::mem::take(&mut current));
            }
        }
        current.extend(ch.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitting_identifiers_into_words() {
        assert_eq!(split_words("NextToken"), ["next", "token"]);
        assert_eq!(split_words("APIKey"), ["api", "key"]);
        assert_eq!(split_words("SECRET_KEY"), ["secret", "key"]);
        assert_eq!(split_words("client-secret"), ["client", "secret"]);
        assert_eq!(
            split_words("awsSecretAccessKey"),
            ["aws", "secret", "access", "key"]
        );
        assert_eq!(split_words("db2Password"), ["db2", "password"]);
    }

    #[test]
    fn secret_like_names() {
        for name in [
            "password",
            "PASSWORD",
            "db_password",
            "dbpassword",
            "DB_PASS",
            "smtp_pwd",
            "passwd",
            "secret",
            "client_secret",
            "clientSecret",
            "SECRET_KEY",
            "SECRET_KEY_FALLBACKS",
            "api_key",
            "apiKey",
            "APIKey",
            "x-api-key",
            "access_token",
            "accessToken",
            "refresh_token",
            "auth_token",
            "github_token",
            "AWS_SECRET_ACCESS_KEY",
            "private_key",
            "signing_key",
            "encryption_key",
            "credentials",
            "self.password",
            "settings.SECRET_KEY",
            "--client-secret",
            "passphrase",
            "webhook_secret",
            "bot_token",
        ] {
            assert!(is_secret_like_name(name), "{name} should be secret-like");
        }
    }

    #[test]
    fn names_that_are_not_secrets() {
        for name in [
            "token_type",
            "NextToken",
            "next_token",
            "page_token",
            "password_field",
            "password_reset_timeout",
            "PASSWORD_RESET_TIMEOUT",
            "password_validators",
            "AUTH_PASSWORD_VALIDATORS",
            "PASSWORD_HASHERS",
            "min_password_length",
            "secret_name",
            "token_url",
            "TOKEN_ENDPOINT",
            "csrf_token",
            "CSRF_COOKIE_NAME",
            "public_key",
            "publishable_key",
            "primary_key",
            "sort_key",
            "cache_key",
            "key",
            "tokenizer",
            "secretary",
            "bypass",
            "compass",
            "token_key",
            "password_help_text",
            "is_secret",
            "secret_id",
            "username",
            "user",
            "pass_through",
            "csrftoken",
            "nextToken",
        ] {
            assert!(
                !is_secret_like_name(name),
                "{name} should not be secret-like"
            );
        }
    }
}

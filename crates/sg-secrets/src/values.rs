//! What a candidate value looks like: a placeholder, a reference, an identifier, or possibly
//! a secret.
//!
//! Two levels, because provider formats and generic keyword matches need different care:
//!
//! - [`placeholder_reason`] applies to every rule. It rejects what no scanner should ever
//!   report: template syntax (`${VAR}`, `{{ var }}`, `%(name)s`, `<your-key>`), runs of one
//!   character (`xxxx`, `****`), documented vendor example keys (`AKIAIOSFODNN7EXAMPLE`) and
//!   stopwords such as `changeme` or `your_api_key`.
//! - [`generic_rejection`] applies on top of it to keyword-anchored matches (the generic rule
//!   and the Python-aware rules), where nothing but the name says "secret": it also rejects
//!   references (`DATABASE_PASSWORD`, `settings.SECRET`, `/run/secrets/db`), identifiers
//!   (`access_token`, `csrfToken`), numbers, UUIDs, hashes of passwords and lockfile
//!   integrity hashes, sequential strings, and dummy values built from the secret vocabulary
//!   (`mypassword`, `django_tests_secret_key`).

/// Documented example credentials from vendor docs and popular tutorials: never real.
const VENDOR_EXAMPLE_SECRETS: &[&str] = &[
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AKIAI44QH8DHBEXAMPLE",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
    "pk_test_TYooMQauvdEDq54NiTphI7jx",
    "rk_test_26PHem9AhJZvU623DfE1x4sd",
    "xoxb-not-a-real-token-this-will-not-work",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWUsImlhdCI6MTUxNjIzOTAyMn0.KMUFsIDTnFmyG3nMiGM6H9FNFUROf3wh7SmqJp-QV30",
    "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",
    "key-3ax6xnjp29jd6fds4gc373sgvjxteol0",
    "AC00000000000000000000000000000000",
    "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    "gho_16C7e42F292c6912E7710c838347Ae178B4a",
    "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
];

/// Substrings (lowercase) that mark a value as a placeholder in every rule.
const PLACEHOLDER_STOPWORDS: &[&str] = &[
    "example",
    "changeme",
    "change_me",
    "change-me",
    "changeit",
    "replaceme",
    "replace_me",
    "replace-me",
    "your_",
    "your-",
    "yourkey",
    "yourtoken",
    "yoursecret",
    "yourpassword",
    "placeholder",
    "redacted",
    "dummy",
    "notreal",
    "not_real",
    "not-real",
    "not-a-real",
    "insert_",
    "insert-",
    "xxxx",
    "****",
    "....",
    "....",
    "<secret",
    "<token",
    "<password",
];

/// Why `value` is a placeholder rather than a secret, if it is one.
pub fn placeholder_reason(value: &str) -> Option<&'static str> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Some("empty value");
    }
    if VENDOR_EXAMPLE_SECRETS.contains(&trimmed) {
        return Some("documented vendor example key");
    }
    if is_one_repeated_char(trimmed) {
        return Some("one repeated character");
    }
    if is_template(trimmed) {
        return Some("template or variable reference");
    }
    let lower = trimmed.to_ascii_lowercase();
    if PLACEHOLDER_STOPWORDS
        .iter()
        .any(|word| lower.contains(word))
    {
        return Some("placeholder word");
    }
    None
}

fn is_one_repeated_char(value: &str) -> bool {
    let mut chars = value.chars();
    match chars.next() {
        Some(first) => chars.all(|ch| ch == first),
        None => true,
    }
}

/// `${VAR}`, `$VAR`, `{{ var }}`, `{% %}`, `%(name)s`, `%VAR%`, `<your-key>`, `#{var}`,
/// `$(cmd)`, `{name}` format fields.
fn is_template(value: &str) -> bool {
    const MARKERS: &[&str] = &["${", "{{", "}}", "{%", "%(", "$(", "#{", "<%", "%>"];
    if MARKERS.iter().any(|marker| value.contains(marker)) {
        return true;
    }
    let is_name = |text: &str| {
        text.chars()
            .next()
            .is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '_')
            && text
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
    };
    if value.strip_prefix('$').is_some_and(is_name) {
        return true;
    }
    if value
        .strip_prefix('%')
        .and_then(|rest| rest.strip_suffix('%'))
        .is_some_and(is_name)
    {
        return true;
    }
    if value.starts_with('<') && value.ends_with('>') {
        return true;
    }
    // `%HOMEPATH%\\`, `C:\\%APPDATA%\\key`: a Windows variable anywhere in the value.
    let mut parts = value.split('%');
    parts.next();
    let mut inner_parts = parts.collect::<Vec<_>>();
    inner_parts.pop();
    if inner_parts.iter().any(|part| {
        part.len() >= 2
            && part
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
    }) {
        return true;
    }
    if value
        .strip_prefix('{')
        .and_then(|rest| rest.strip_suffix('}'))
        .is_some_and(|inner| {
            inner
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.')
        })
    {
        return true;
    }
    false
}

/// Words that, as the whole value, are vocabulary or dummies rather than credentials.
const WORD_VALUES: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "none",
    "null",
    "nil",
    "true",
    "false",
    "undefined",
    "bearer",
    "basic",
    "digest",
    "string",
    "value",
    "required",
    "optional",
    "default",
    "hidden",
    "testing",
    "foobar",
    "foobarbaz",
    "qwerty",
    "letmein",
    "abc123",
];

/// Substrings (lowercase) of dummy values built from the secret vocabulary itself.
const DUMMY_FRAGMENTS: &[&str] = &[
    "password", "passwd", "secret", "token", "apikey", "api_key", "api-key", "sample", "fake",
    "mock", "test", "dummy", "foo", "bar", "lorem", "ipsum", "hello", "pass",
];

/// Prefixes of password-hash and digest formats: stored hashes, not credentials.
const HASH_PREFIXES: &[&str] = &[
    "pbkdf2_",
    "pbkdf2$",
    "argon2",
    "bcrypt",
    "scrypt$",
    "sha1$",
    "md5$",
    "crypt$",
    "unsalted_",
    "$2a$",
    "$2b$",
    "$2y$",
    "$argon2",
    "$pbkdf2",
    "$6$",
    "$5$",
    "$1$",
    "{ssha}",
    "{sha}",
    "sha256:",
    "sha384-",
    "sha512-",
    "sha256-",
    "sha1:",
    "md5:",
];

/// Prefixes of references to a secret kept elsewhere.
const REFERENCE_PREFIXES: &[&str] = &[
    "vault:",
    "arn:aws:",
    "projects/",
    "sm://",
    "op://",
    "env:",
    "secret://",
    "secretref:",
    "azurekeyvault",
    "keyvault:",
    "file:",
    "os.environ",
    "os.getenv",
    "getenv(",
    "env(",
    "config(",
    "settings.",
];

/// Why a value whose structure already says "credential" (the password of a decoded
/// `Authorization: Basic` header) is a dummy: placeholders, vocabulary words and dummy
/// fragments only. Identifier-shaped values are accepted, since random letters can look
/// like camel case.
pub fn dummy_rejection(value: &str) -> Option<&'static str> {
    if let Some(reason) = placeholder_reason(value) {
        return Some(reason);
    }
    let lower = value.trim().to_ascii_lowercase();
    if WORD_VALUES.contains(&lower.as_str()) {
        return Some("vocabulary word");
    }
    if DUMMY_FRAGMENTS.iter().any(|word| lower.contains(word)) {
        return Some("dummy value");
    }
    None
}

/// Why a keyword-anchored value (a generic match or a Python literal) is not reported.
pub fn generic_rejection(value: &str) -> Option<&'static str> {
    if let Some(reason) = placeholder_reason(value) {
        return Some(reason);
    }
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    if WORD_VALUES.contains(&lower.as_str()) {
        return Some("vocabulary word");
    }
    if HASH_PREFIXES.iter().any(|prefix| lower.starts_with(prefix)) {
        return Some("hash, not a credential");
    }
    if REFERENCE_PREFIXES
        .iter()
        .any(|prefix| lower.starts_with(prefix))
    {
        return Some("reference to a secret stored elsewhere");
    }
    if value.chars().all(|ch| ch.is_ascii_digit() || ch == '.') {
        return Some("number");
    }
    if is_uuid(value) {
        return Some("UUID");
    }
    if is_env_var_name(value) {
        return Some("environment variable name");
    }
    if is_identifier_like(value) {
        return Some("identifier");
    }
    if is_path_or_url(value) {
        return Some("path or URL");
    }
    if is_call_expression(value) {
        return Some("expression");
    }
    if is_format_string(value) {
        return Some("format string");
    }
    if is_sequential(&lower) {
        return Some("sequential characters");
    }
    if DUMMY_FRAGMENTS.iter().any(|word| lower.contains(word)) {
        return Some("dummy value");
    }
    None
}

fn is_uuid(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .map(|part| part.len())
            .eq([8usize, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|part| part.chars().all(|ch| ch.is_ascii_hexdigit()))
}

/// `DATABASE_PASSWORD`, `API_KEY`: the name of a variable, not its value.
fn is_env_var_name(value: &str) -> bool {
    value
        .chars()
        .next()
        .is_some_and(|ch| ch.is_ascii_uppercase())
        && value
            .chars()
            .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
        && (value.contains('_') || value.chars().all(|ch| ch.is_ascii_uppercase()))
}

/// `access_token`, `csrfmiddlewaretoken`, `csrfToken`, `X-Api-Key`, `auth.token.header`:
/// lowercase words joined by `_`, `-` or `.`, or camel/Pascal case words without digits.
fn is_identifier_like(value: &str) -> bool {
    if value
        .chars()
        .all(|ch| ch.is_ascii_lowercase() || ch == '_' || ch == '-' || ch == '.')
    {
        return true;
    }
    // Header-style and camel case words: letters only, each upper case letter starts a word
    // of at least two lower case letters.
    if !value
        .chars()
        .all(|ch| ch.is_ascii_alphabetic() || ch == '-' || ch == '_')
    {
        return false;
    }
    let mut word_len = 0usize;
    let mut short_words = 0usize;
    for ch in value.chars() {
        if ch.is_ascii_uppercase() || ch == '-' || ch == '_' {
            if word_len == 1 {
                short_words += 1;
            }
            word_len = usize::from(ch.is_ascii_uppercase());
        } else {
            word_len += 1;
        }
    }
    short_words == 0 && word_len != 1
}

/// `get_secret()`, `os.getenv("X")`, `env.str('KEY', default='')`: code, not a value.
fn is_call_expression(value: &str) -> bool {
    let Some((callee, _)) = value.split_once('(') else {
        return false;
    };
    value.ends_with(')')
        && !callee.is_empty()
        && callee
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.')
}

fn is_path_or_url(value: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        ".json", ".pem", ".key", ".txt", ".yaml", ".yml", ".env", ".cfg", ".ini", ".p12", ".pfx",
        ".crt", ".cer", ".der", ".toml", ".conf", ".py", ".html", ".js", ".gpg",
    ];
    let lower = value.to_ascii_lowercase();
    if ["/", "./", "../", "~/", "\\\\"]
        .iter()
        .any(|prefix| lower.starts_with(prefix))
        && !lower.starts_with("//")
    {
        // Base64 can start with `/` too; a path has a second separator or a dot extension.
        return lower[1..].contains('/') || lower.contains('.');
    }
    if lower.len() > 2 && lower.as_bytes().get(1) == Some(&b':') && lower.contains('\\') {
        return true;
    }
    if let Some((scheme, rest)) = lower.split_once("://") {
        let authority = rest.split('/').next().unwrap_or("");
        return !scheme.is_empty() && !authority.contains('@');
    }
    EXTENSIONS
        .iter()
        .any(|extension| lower.ends_with(extension))
}

/// `{}`, `{0}`, `{name}`, `%s:%s`: a value that is filled in later. Random keys can hold
/// `%s` by chance (Django's alphabet has `%`), so a `%` conversion only counts when little
/// else is left.
fn is_format_string(value: &str) -> bool {
    if value.contains("{}") || value.contains("{0}") || (value.contains('{') && value.contains('}'))
    {
        return true;
    }
    if value.contains("%s") || value.contains("%d") {
        let rest = value.replace("%s", "").replace("%d", "");
        return rest.chars().count() < 8 || crate::entropy::shannon_entropy(&rest) < 3.0;
    }
    false
}

/// `abcdefgh`, `12345678`, `qwertyuiop`, `abcabcabc`: keyboard walks and repeats.
fn is_sequential(lower: &str) -> bool {
    const RUNS: &[&str] = &[
        "abcdefghijklmnopqrstuvwxyz",
        "zyxwvutsrqponmlkjihgfedcba",
        "0123456789012345678901234567890123456789",
        "9876543210987654321098765432109876543210",
        "qwertyuiopasdfghjklzxcvbnm",
        "1234567890abcdefghijklmnopqrstuvwxyz",
        "0123456789abcdef0123456789abcdef",
        "abcdef0123456789abcdef0123456789",
        "abcdefghijklmnopqrstuvwxyz0123456789",
    ];
    if lower.len() >= 6 && RUNS.iter().any(|run| run.contains(lower)) {
        return true;
    }
    // A short unit repeated: `abcabcabc`, `121212121212`.
    let bytes = lower.as_bytes();
    (1..=4).any(|unit| {
        bytes.len() >= unit * 3
            && bytes.len().is_multiple_of(unit)
            && bytes.chunks(unit).all(|chunk| chunk == &bytes[..unit])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_rejected_everywhere() {
        for value in [
            "AKIAIOSFODNN7EXAMPLE",
            "${AWS_SECRET}",
            "{{ api_key }}",
            "%(password)s",
            "<your-api-key>",
            "xxxxxxxxxxxxxxxx",
            "sk_live_XXXXXXXXXXXXXXXXXXXX",
            "changeme",
            "your_token_here",
            "$API_TOKEN",
            "%API_TOKEN%",
            "************",
            "{password}",
        ] {
            assert!(placeholder_reason(value).is_some(), "{value}");
        }
        for value in ["Zr8pQ2vLx9Tq", "ghp_7Gf2kLm9Pq4Rs8Tv1Wx3Yz5Ab6Cd0Ef2Gh4Ij"] {
            assert_eq!(placeholder_reason(value), None, "{value}");
        }
    }

    #[test]
    fn generic_values_that_are_not_secrets() {
        for value in [
            "bearer",
            "password",
            "access_token",
            "csrfmiddlewaretoken",
            "csrfToken",
            "X-Api-Key",
            "DATABASE_PASSWORD",
            "settings.SECRET_KEY",
            "/run/secrets/db_password",
            "credentials.json",
            "https://example.org/token",
            "1234567890",
            "12345678",
            "abcdefgh",
            "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
            "pbkdf2_sha256$260000$salt$hash",
            "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==",
            "django_tests_secret_key",
            "mypassword",
            "os.environ['X']",
            "get_secret()",
            "{}:{}",
            "abcabcabcabc",
        ] {
            assert!(generic_rejection(value).is_some(), "{value}");
        }
    }

    #[test]
    fn generic_values_that_look_like_secrets() {
        for value in [
            "hunter22!",
            "Zr8pQ2vLx9Tq",
            "s3cr3t-Pa55",
            "9f86d081884c7d659a2feaa0c55ad015",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz",
            "/K7MDENGbPxRfiCY+2vLx9TqZr8pQ",
        ] {
            assert_eq!(generic_rejection(value), None, "{value}");
        }
    }
}

//! Python-aware secret rules (`SEC4xx`): the declarations and the pure decisions.
//!
//! The Python source walk (crate `sg-rules`, on top of the one parse `sg-python` makes)
//! finds the places where a string literal sits in a secret position and asks this module
//! whether to report it. This crate never parses Python itself, so the walk hands over plain
//! strings:
//!
//! | place in the tree                                          | [`Site`]              | rule   |
//! |------------------------------------------------------------|-----------------------|--------|
//! | `name = "…"`, `obj.attr = "…"`, `d["key"] = "…"`            | `Assignment`          | SEC401 |
//! | `{"key": "…"}` (dict display, `dict(key="…")` is a kwarg)   | `DictEntry`           | SEC401 |
//! | `name == "…"` / `"…" == name`                              | `Comparison`          | SEC401 |
//! | `f(key="…")`                                                | `KeywordArgument`     | SEC402 |
//! | `def f(key="…")`                                            | `ParameterDefault`    | SEC403 |
//! | `SECRET_KEY = "…"` (Django settings), `configure(SECRET_KEY=…)` | `DjangoSecretKey` | SEC404 |
//! | `DATABASES[…]["PASSWORD"]` literal                         | `DjangoDatabasePassword` | SEC405 |
//! | `app.secret_key = "…"`, `app.config["SECRET_KEY"] = "…"`    | `FlaskSecretKey`      | SEC406 |
//! | `jwt.encode(payload, "…")`, `jwt.decode(token, "…")`        | `JwtSigningKey`       | SEC407 |
//!
//! Only string literals (and implicitly concatenated literals) are candidates: a name,
//! attribute, call or subscript on the right-hand side (`os.environ[...]`, `os.getenv(...)`,
//! `getpass()`, `settings.X`, `config("X")`) is a reference and never reaches this module.
//! F-strings with placeholders are references too.
//!
//! [`check`] decides; [`finding`] builds the finding with the same redaction and fingerprint
//! as every other secret finding.
//!
//! These rules generalise Bandit's B105–B107, which `sg-rules` implements with Bandit's own
//! semantics (same ids, same false positives, for teams migrating). Both families are enabled
//! by default; where a SEC4xx rule reports a literal, the B105–B107 finding on that literal
//! (or on the dict or subscript key it is stored under) is dropped by the walk, so a hardcoded
//! password is reported once. B105–B107 still report what these rules judge not to be secrets
//! (`token_type = "bearer"`); `--ignore B105,B106,B107` leaves only the SEC4xx judgement, and
//! `--select B` gives Bandit's findings unchanged.
//!
//! # How the walk uses this module
//!
//! `sg-rules` (`src/rules/secrets/`) finds the sites on the one parse and calls
//! [`SecretScanner::check_python_literal`](crate::SecretScanner::check_python_literal) with a
//! [`PythonLiteral`]: [`check`], the configured value and path allowlists, the inline allow
//! comments, then [`finding`] with the literal redacted in the snippet. The rules run only
//! when selected (`sg_rules::RuleSet::from_rules` with these `Rule`s). The binary shares one
//! `SecretScanner` between the text scan and the walk, turns `Options::generic_in_python`
//! off when SEC401–SEC403 are selected, and on each file's merged findings calls
//! [`drop_python_duplicates`] (a provider rule such as SEC201 wins over SEC4xx on one
//! literal) and [`redact_other_snippets`](crate::redact_other_snippets) (a Bandit or taint
//! finding on a secret's line does not show the secret in its snippet).

mod django_database_password;
mod django_secret_key;
mod flask_secret_key;
mod hardcoded_secret_argument;
mod hardcoded_secret_assignment;
mod hardcoded_secret_default;
mod jwt_signing_key;
mod literal;
mod names;

pub use django_database_password::DJANGO_DATABASE_PASSWORD;
pub use django_secret_key::DJANGO_SECRET_KEY;
pub use flask_secret_key::FLASK_SECRET_KEY;
pub use hardcoded_secret_argument::HARDCODED_SECRET_ARGUMENT;
pub use hardcoded_secret_assignment::HARDCODED_SECRET_ASSIGNMENT;
pub use hardcoded_secret_default::HARDCODED_SECRET_DEFAULT;
pub use jwt_signing_key::JWT_SIGNING_KEY;
pub use literal::{LiteralVerdict, classify_literal};
pub use names::is_secret_like_name;

use sg_diagnostics::{Finding, Rule, Span};

use crate::Options;
use crate::redact::{redact, secret_fingerprint_key};

/// Where a string literal was found. `name` is the target, key or parameter name as written
/// (`self.password`, `"api_key"`, `NextToken`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site<'a> {
    Assignment { name: &'a str },
    DictEntry { key: &'a str },
    Comparison { name: &'a str },
    KeywordArgument { name: &'a str },
    ParameterDefault { name: &'a str },
    DjangoSecretKey,
    DjangoDatabasePassword,
    FlaskSecretKey,
    JwtSigningKey,
}

impl Site<'_> {
    /// The rule a finding at this site belongs to.
    pub fn rule(self) -> &'static Rule {
        match self {
            Site::Assignment { .. } | Site::DictEntry { .. } | Site::Comparison { .. } => {
                &HARDCODED_SECRET_ASSIGNMENT
            }
            Site::KeywordArgument { .. } => &HARDCODED_SECRET_ARGUMENT,
            Site::ParameterDefault { .. } => &HARDCODED_SECRET_DEFAULT,
            Site::DjangoSecretKey => &DJANGO_SECRET_KEY,
            Site::DjangoDatabasePassword => &DJANGO_DATABASE_PASSWORD,
            Site::FlaskSecretKey => &FLASK_SECRET_KEY,
            Site::JwtSigningKey => &JWT_SIGNING_KEY,
        }
    }

    fn target(&self) -> Option<&str> {
        match self {
            Site::Assignment { name }
            | Site::Comparison { name }
            | Site::KeywordArgument { name }
            | Site::ParameterDefault { name } => Some(name),
            Site::DictEntry { key } => Some(key),
            _ => None,
        }
    }
}

/// The rule to report for `value` at `site`, or `None` when it is not a secret: the name is
/// not secret-like, or the value is empty, short, a placeholder, a reference or a word.
pub fn check(site: Site<'_>, value: &str, options: &Options) -> Option<&'static Rule> {
    if site
        .target()
        .is_some_and(|target| !is_secret_like_name(target) || names_a_dummy(target))
    {
        return None;
    }
    (classify_literal(value, options.python_min_length) == LiteralVerdict::Secret)
        .then(|| site.rule())
}

/// `TEST_SECRET`, `fake_password`, `dummy_token`, `self.mock_api_key`: a fixture value in a
/// test, named as one.
fn names_a_dummy(name: &str) -> bool {
    let words = names::split_words(name);
    let before_last = words.len().saturating_sub(1);
    words.iter().take(before_last).any(|word| {
        matches!(
            word.as_str(),
            "test" | "tests" | "testing" | "dummy" | "fake" | "mock" | "example" | "sample"
        )
    })
}

/// Builds the finding for a literal that [`check`] reported. `span` covers the literal
/// (quotes included or not, as the walk prefers); `snippet` is the source line(s), which are
/// redacted here unless `options.show_secrets`.
pub fn finding(
    site: Site<'_>,
    display_path: &str,
    span: Span,
    snippet: &str,
    value: &str,
    options: &Options,
) -> Finding {
    let rule = site.rule();
    let redacted = redact(value);
    let shown = if options.show_secrets {
        value.to_string()
    } else {
        redacted.clone()
    };
    let message = match site.target() {
        Some(target) => format!("{}: `{target}` = {shown}", rule.summary),
        None => format!("{}: {shown}", rule.summary),
    };
    let snippet = if options.show_secrets {
        snippet.to_string()
    } else {
        crate::redact::redact_in(snippet, value)
    };
    let mut finding = Finding::new(rule, display_path, span, message)
        .with_snippet(snippet)
        .with_fingerprint_key(secret_fingerprint_key(value))
        .with_extra("redacted", redacted);
    if options.show_secrets {
        finding = finding.with_extra("secret", value);
    }
    finding
}

/// A string literal the Python walk found in a secret position, with what is needed to
/// judge and report it. Built by `sg-rules` from the one parse; plain strings only.
#[derive(Debug, Clone, Copy)]
pub struct PythonLiteral<'a> {
    pub site: Site<'a>,
    pub display_path: &'a str,
    /// The literal's position (quotes included).
    pub span: Span,
    /// The literal's value (escapes decoded, implicit concatenation joined).
    pub value: &'a str,
    /// The literal as written in the source, prefix and quotes included.
    pub source: &'a str,
    /// The full source lines the literal is on (the snippet, and where inline allow
    /// comments are looked for).
    pub lines: &'a str,
    /// The line before the first of `lines` (detect-secrets' `pragma: allowlist nextline
    /// secret`).
    pub previous_line: Option<&'a str>,
}

impl crate::SecretScanner {
    /// The finding for a literal in a secret position, or `None` when it is not reported:
    /// [`check`] says it is not a secret, the configured value or path allowlists cover it,
    /// or an inline allow comment (`snakeguard: allow`, `pragma: allowlist secret`,
    /// `gitleaks:allow`, …) is on one of its lines.
    ///
    /// The message, the snippet (where the literal is replaced by its redacted form, even
    /// when its source spelling differs from its value) and the fingerprint key never hold
    /// the value unless `show_secrets` is set.
    pub fn check_python_literal(&self, literal: &PythonLiteral<'_>) -> Option<Finding> {
        let rule = check(literal.site, literal.value, &self.options)?;
        if self.value_allowlisted(literal.value) || self.allow_paths.is_match(literal.display_path)
        {
            return None;
        }
        let mut previous = literal.previous_line;
        for line in literal.lines.lines() {
            if crate::allow::is_allowed(rule, line, previous) {
                return None;
            }
            previous = Some(line);
        }
        let snippet = if self.options.show_secrets || literal.source.is_empty() {
            literal.lines.to_string()
        } else {
            literal
                .lines
                .replace(literal.source, &format!("\"{}\"", redact(literal.value)))
        };
        Some(finding(
            literal.site,
            literal.display_path,
            literal.span,
            &snippet,
            literal.value,
            &self.options,
        ))
    }
}

/// Whether `code` is one of the Python-aware rules (`SEC401`–`SEC407`).
pub fn is_python_rule(code: &str) -> bool {
    rules().iter().any(|rule| rule.code == code)
}

/// Drops Python-aware findings (`SEC4xx`) that repeat a provider or text finding
/// (`SEC1xx`–`SEC3xx`) on the same literal: `api_key = "ghp_…"` is reported once, as the
/// GitHub token, which says more. Both scans run on `.py` files; the binary calls this on
/// the merged findings of one file. Only text findings whose rule `is_enabled` count (the
/// others are about to be dropped by rule selection). Order is kept.
pub fn drop_python_duplicates(findings: &mut Vec<Finding>, is_enabled: impl Fn(&str) -> bool) {
    let text_spans: Vec<(Option<&serde_json::Value>, Span)> = findings
        .iter()
        .filter(|finding| {
            finding.rule.code.starts_with("SEC")
                && !is_python_rule(finding.rule.code)
                && is_enabled(finding.rule.code)
        })
        .map(|finding| (finding.extra.get("cell"), finding.span))
        .collect();
    if text_spans.is_empty() {
        return;
    }
    let repeated: Vec<bool> = findings
        .iter()
        .map(|finding| {
            is_python_rule(finding.rule.code)
                && text_spans.iter().any(|(cell, span)| {
                    *cell == finding.extra.get("cell") && spans_overlap(*span, finding.span)
                })
        })
        .collect();
    let mut flags = repeated.into_iter();
    findings.retain(|_| !flags.next().unwrap_or(false));
}

fn spans_overlap(a: Span, b: Span) -> bool {
    let start = |span: Span| (span.line, span.column);
    let end = |span: Span| (span.end_line, span.end_column);
    start(a) < end(b) && start(b) < end(a)
}

/// The `SEC4xx` rules in code order.
pub fn rules() -> [&'static Rule; 7] {
    [
        &HARDCODED_SECRET_ASSIGNMENT,
        &HARDCODED_SECRET_ARGUMENT,
        &HARDCODED_SECRET_DEFAULT,
        &DJANGO_SECRET_KEY,
        &DJANGO_DATABASE_PASSWORD,
        &FLASK_SECRET_KEY,
        &JWT_SIGNING_KEY,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(site: Site<'_>, value: &str) -> Option<&'static str> {
        check(site, value, &Options::default()).map(|rule| rule.code)
    }

    #[test]
    fn bandit_false_positives_are_not_reported() {
        // Idioms from real code that B105–B107 report.
        assert_eq!(
            verdict(Site::Assignment { name: "token_type" }, "bearer"),
            None
        );
        assert_eq!(
            verdict(Site::KeywordArgument { name: "NextToken" }, "eyJ2IjoxfQ=="),
            None
        );
        assert_eq!(
            verdict(
                Site::Assignment {
                    name: "password_field"
                },
                "password"
            ),
            None
        );
        assert_eq!(
            verdict(
                Site::Assignment {
                    name: "PASSWORD_RESET_TIMEOUT"
                },
                "259200"
            ),
            None
        );
        assert_eq!(
            verdict(Site::DictEntry { key: "csrf_token" }, "Zr8pQ2vLx9TqW4"),
            None
        );
        assert_eq!(
            verdict(Site::ParameterDefault { name: "password" }, ""),
            None
        );
        assert_eq!(
            verdict(Site::KeywordArgument { name: "password" }, "DB_PASSWORD"),
            None
        );
        assert_eq!(
            verdict(
                Site::Assignment {
                    name: "secret_path"
                },
                "/run/secrets/db"
            ),
            None
        );
        assert_eq!(verdict(Site::Comparison { name: "token" }, "Bearer"), None);
        assert_eq!(verdict(Site::DjangoSecretKey, "{{ secret_key }}"), None);
        assert_eq!(verdict(Site::FlaskSecretKey, "changeme"), None);
        assert_eq!(verdict(Site::JwtSigningKey, "secret"), None);
        assert_eq!(verdict(Site::DjangoDatabasePassword, ""), None);
        assert_eq!(
            verdict(
                Site::Assignment {
                    name: "TEST_SECRET"
                },
                "Zr8pQ2vLx9TqW4"
            ),
            None
        );
        assert_eq!(
            verdict(
                Site::KeywordArgument {
                    name: "fake_password"
                },
                "Zr8pQ2vLx9TqW4"
            ),
            None
        );
        assert_eq!(verdict(Site::Assignment { name: "token" }, "is not"), None);
    }

    #[test]
    fn real_secrets_are_reported_under_the_right_rule() {
        assert_eq!(
            verdict(
                Site::Assignment {
                    name: "db_password"
                },
                "Zr8pQ2vLx9Tq"
            ),
            Some("SEC401")
        );
        assert_eq!(
            verdict(
                Site::DictEntry {
                    key: "client_secret"
                },
                "q8Z2vLx9TqW4n7Pc"
            ),
            Some("SEC401")
        );
        assert_eq!(
            verdict(
                Site::KeywordArgument { name: "api_key" },
                "9f86d081884c7d65"
            ),
            Some("SEC402")
        );
        assert_eq!(
            verdict(Site::ParameterDefault { name: "password" }, "hunter22!"),
            Some("SEC403")
        );
        assert_eq!(
            verdict(
                Site::DjangoSecretKey,
                "django-insecure-7x!q9v#2m@k4r$8w&z^p1n%c6b*f3h(j5l)s0d"
            ),
            Some("SEC404")
        );
        assert_eq!(
            verdict(Site::DjangoDatabasePassword, "Zr8pQ2vLx9Tq"),
            Some("SEC405")
        );
        assert_eq!(
            verdict(Site::FlaskSecretKey, "Zr8pQ2vLx9TqW4n7"),
            Some("SEC406")
        );
        assert_eq!(
            verdict(Site::JwtSigningKey, "Zr8pQ2vLx9TqW4n7"),
            Some("SEC407")
        );
    }

    #[test]
    fn findings_are_redacted_and_fingerprinted_by_hash() {
        let site = Site::Assignment {
            name: "db_password",
        };
        let found = finding(
            site,
            "app/settings.py",
            Span::new(3, 15, 3, 29),
            "db_password = \"Zr8pQ2vLx9Tq\"",
            "Zr8pQ2vLx9Tq",
            &Options::default(),
        );
        assert_eq!(found.rule.code, "SEC401");
        assert_eq!(
            found.message,
            "Hardcoded secret assigned to a secret-like name: `db_password` = Zr***(12 chars)"
        );
        assert_eq!(found.snippet, "db_password = \"Zr***(12 chars)\"");
        assert!(!found.fingerprint_key.contains("Zr8pQ2vLx9Tq"));
        assert_eq!(found.extra.get("redacted"), Some(&"Zr***(12 chars)".into()));
    }

    #[test]
    fn python_rules_have_complete_docs_and_unique_codes() {
        for rule in rules() {
            assert!(rule.missing_doc_sections().is_empty(), "{}", rule.code);
        }
    }
}

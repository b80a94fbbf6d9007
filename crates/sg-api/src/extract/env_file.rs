//! Flask's dotenv files: `.flaskenv` (meant to be committed) and `.env`.
//!
//! `flask run` loads them into the environment, so `FLASK_DEBUG=1` there turns on the
//! Werkzeug debugger as surely as `app.debug = True` in code (`API106`). Grammar (the subset
//! python-dotenv reads that matters here), one assignment per line:
//!
//! ```text
//! line    = [ "export" WS ] KEY [ WS ] "=" [ WS ] VALUE [ WS "#" comment ] | "#" comment | blank
//! VALUE   = '"' chars '"' | "'" chars "'" | unquoted chars
//! ```
//!
//! Lines that do not parse are ignored (never an error: the file is not Python). Files named
//! for development or tests (`.env.development`, `.env.local`, `.env.test`) are not judged.

use std::path::Path;

use sg_diagnostics::{Finding, Span};

use crate::facts::{LocalFinding, ModuleFacts};
use crate::rules::api::flask_debug::FLASK_DEBUG;
use crate::rules::helpers::is_development_name;

/// Whether `path` is a dotenv file the API rules read: `.flaskenv`, `.env`, `.env.<name>`
/// (not a development or test variant).
pub fn is_env_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    if name == ".flaskenv" || name == ".env" {
        return true;
    }
    name.strip_prefix(".env.")
        .is_some_and(|variant| !variant.is_empty() && !is_development_name(variant))
}

/// The facts of a dotenv file: no Python, only the findings of the rules that read it
/// (`API106` for `FLASK_DEBUG=1` / `FLASK_ENV=development`).
pub fn extract_env_file(display_path: &str, text: &str) -> ModuleFacts {
    let mut facts = ModuleFacts {
        path: display_path.to_string(),
        ..ModuleFacts::default()
    };
    for (index, raw) in text.lines().enumerate() {
        let Some((key, value, column)) = assignment(raw) else {
            continue;
        };
        let message = match key {
            "FLASK_DEBUG" if is_truthy(value) => {
                format!("Flask debug mode enabled by the environment file (`FLASK_DEBUG={value}`)")
            }
            "FLASK_ENV" if value.eq_ignore_ascii_case("development") => {
                format!("Flask debug mode enabled by the environment file (`FLASK_ENV={value}`)")
            }
            _ => continue,
        };
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let finding = Finding::new(
            &FLASK_DEBUG,
            display_path,
            Span::point(line, column),
            message,
        )
        .with_snippet(raw.trim_end().to_string());
        facts.findings.push(LocalFinding {
            finding,
            subject: None,
            pyjwt: None,
            only_in_handlers: false,
            constant: None,
        });
    }
    facts
}

/// `(key, value, 1-based column of the key)` of an assignment line.
fn assignment(raw: &str) -> Option<(&str, &str, u32)> {
    let trimmed = raw.trim_start();
    if trimmed.starts_with('#') {
        return None;
    }
    let indent = raw.len() - trimmed.len();
    let (offset, rest) = match trimmed.strip_prefix("export") {
        Some(after) if after.starts_with([' ', '\t']) => {
            let after_ws = after.trim_start();
            (trimmed.len() - after_ws.len(), after_ws)
        }
        _ => (0, trimmed),
    };
    let (key, value) = rest.split_once('=')?;
    let key = key.trim_end();
    if key.is_empty()
        || !key
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
    {
        return None;
    }
    let value = value.trim();
    let value = if let Some(inner) = value.strip_prefix('"') {
        inner.split('"').next().unwrap_or("")
    } else if let Some(inner) = value.strip_prefix('\'') {
        inner.split('\'').next().unwrap_or("")
    } else {
        // An unquoted value ends at ` #`.
        value
            .split(" #")
            .next()
            .unwrap_or("")
            .split("\t#")
            .next()
            .unwrap_or("")
            .trim_end()
    };
    let column = u32::try_from(indent + offset + 1).unwrap_or(u32::MAX);
    Some((key, value, column))
}

/// Flask reads `FLASK_DEBUG` as true unless it is `0`, `false` or `no` (any case).
fn is_truthy(value: &str) -> bool {
    !value.is_empty()
        && !["0", "false", "no"]
            .iter()
            .any(|falsy| value.eq_ignore_ascii_case(falsy))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_env_file(Path::new("app/.flaskenv")));
        assert!(is_env_file(Path::new(".env")));
        assert!(is_env_file(Path::new(".env.production")));
        assert!(!is_env_file(Path::new(".env.development")));
        assert!(!is_env_file(Path::new(".env.local")));
        assert!(!is_env_file(Path::new(".env.test")));
        assert!(!is_env_file(Path::new("env.py")));
    }

    #[test]
    fn lines() {
        assert_eq!(assignment("FLASK_DEBUG=1"), Some(("FLASK_DEBUG", "1", 1)));
        assert_eq!(
            assignment("export FLASK_ENV = 'development'"),
            Some(("FLASK_ENV", "development", 8))
        );
        assert_eq!(
            assignment("  FLASK_DEBUG=true # on"),
            Some(("FLASK_DEBUG", "true", 3))
        );
        assert_eq!(assignment("# FLASK_DEBUG=1"), None);
        assert_eq!(assignment("not an assignment"), None);
        assert_eq!(assignment("=1"), None);
        assert!(is_truthy("1") && is_truthy("True") && !is_truthy("0") && !is_truthy("False"));
    }
}

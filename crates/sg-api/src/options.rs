//! `[tool.snakeguard.api]`: the names of in-house markers, and library versions.
//!
//! ```toml
//! [tool.snakeguard.api]
//! auth-decorators = ["myapp.auth.require_user", "requires_role"]
//! rate-limit-decorators = ["throttled"]
//! auth-dependencies = ["get_tenant_user"]
//! public-paths = ["/webhooks/*"]
//! ```
//!
//! A configured name matches a decorator, dependency or call whose resolved symbol equals
//! it, ends with `.<name>`, or (for a name without dots) whose last segment is the name.

use serde::Deserialize;

/// Options of the API scanner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Extra decorators (and calls at the top of a handler) that mean "authenticated":
    /// `require_user`, `myapp.auth.staff_only`.
    pub auth_decorators: Vec<String>,
    /// Extra decorators (and dependencies) that mean "rate limited".
    pub rate_limit_decorators: Vec<String>,
    /// Extra FastAPI dependencies that mean "authenticated" (functions or callables used in
    /// `Depends(...)`).
    pub auth_dependencies: Vec<String>,
    /// Endpoint paths that are public on purpose (glob with `*`): not reported by the
    /// authentication and scope rules.
    pub public_paths: Vec<String>,
    /// Library versions known from the dependency audit; not read from the configuration.
    #[serde(skip)]
    pub library_versions: LibraryVersions,
}

/// Versions of the JWT libraries the project pins, when the binary knows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LibraryVersions {
    /// PyJWT's version (`"1.7.1"`, `"2.8.0"`).
    pub pyjwt: Option<String>,
}

impl LibraryVersions {
    /// PyJWT's major version, when known.
    pub fn pyjwt_major(&self) -> Option<u64> {
        let version = self.pyjwt.as_deref()?.trim();
        let version = version.trim_start_matches(['=', '~', '>', '<', '!', ' ', 'v']);
        version.split('.').next()?.parse().ok()
    }
}

/// Whether `symbol` (a resolved dotted name) matches a configured `name`.
pub(crate) fn name_matches(symbol: &str, name: &str) -> bool {
    if symbol == name {
        return true;
    }
    if let Some(prefix) = symbol.strip_suffix(name) {
        return prefix.ends_with('.');
    }
    false
}

/// Whether `path` matches a glob where `*` stands for any run of characters.
pub(crate) fn path_matches(path: &str, pattern: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let Some((first, rest)) = parts.split_first() else {
        return path.is_empty();
    };
    let Some(mut remainder) = path.strip_prefix(first) else {
        return false;
    };
    if rest.is_empty() {
        return remainder.is_empty();
    }
    let (last, middle) = rest.split_last().unwrap_or((&"", &[]));
    for part in middle {
        match remainder.find(part) {
            Some(index) => remainder = remainder.get(index + part.len()..).unwrap_or(""),
            None => return false,
        }
    }
    remainder.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_names_match_on_segment_boundaries() {
        assert!(name_matches("myapp.auth.require_user", "require_user"));
        assert!(name_matches("myapp.auth.require_user", "auth.require_user"));
        assert!(name_matches("require_user", "require_user"));
        assert!(!name_matches("myapp.auth.not_require_user", "require_user"));
    }

    #[test]
    fn globs() {
        assert!(path_matches("/webhooks/stripe", "/webhooks/*"));
        assert!(path_matches("/health", "/health"));
        assert!(!path_matches("/healthz", "/health"));
        assert!(path_matches("/a/b/c", "/a/*/c"));
        assert!(!path_matches("/a/b/d", "/a/*/c"));
    }

    #[test]
    fn pyjwt_major() {
        let mut versions = LibraryVersions::default();
        assert_eq!(versions.pyjwt_major(), None);
        versions.pyjwt = Some("1.7.1".into());
        assert_eq!(versions.pyjwt_major(), Some(1));
        versions.pyjwt = Some("==2.8.0".into());
        assert_eq!(versions.pyjwt_major(), Some(2));
    }

    #[test]
    fn unknown_keys_are_errors() {
        let parsed: Result<Options, _> = toml::from_str("auth-decorator = [\"x\"]");
        assert!(parsed.is_err());
        let parsed: Result<Options, _> =
            toml::from_str("auth-decorators = [\"x\"]\nrate-limit-decorators = [\"y\"]");
        assert_eq!(
            parsed.ok().map(|options| options.auth_decorators),
            Some(vec!["x".to_string()])
        );
    }
}

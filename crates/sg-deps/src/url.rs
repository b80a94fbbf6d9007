//! What a requirement URL or path points at: a VCS checkout (and at which revision), an
//! archive (and its hash fragment, name and version from the file name), or a local path.
//! Shared by the requirements parser and the lockfile readers so that every format classifies
//! sources the same way.

use pep440_rs::Version;

use crate::model::{Hash, Source, Vcs};

/// A URL or path taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClassifiedUrl {
    pub(crate) source: Source,
    /// Hashes from the fragment (`#sha256=…`).
    pub(crate) hashes: Vec<Hash>,
    /// The `#egg=name` fragment.
    pub(crate) egg: Option<String>,
    /// Name and version from a wheel or sdist file name.
    pub(crate) file_name: Option<String>,
    pub(crate) file_version: Option<Version>,
}

const ARCHIVE_SUFFIXES: [&str; 7] = [
    ".whl", ".tar.gz", ".zip", ".tgz", ".tar.bz2", ".tar.xz", ".tar",
];

/// `scheme:` prefix of a URL (at least two characters, so `C:\x` is a path).
pub(crate) fn url_scheme(text: &str) -> Option<&str> {
    let colon = text.find(':')?;
    let scheme = text.get(..colon)?;
    let valid = scheme.len() >= 2
        && scheme
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    valid.then_some(scheme)
}

pub(crate) fn is_url(text: &str) -> bool {
    url_scheme(text).is_some_and(|scheme| {
        text.get(scheme.len()..)
            .is_some_and(|rest| rest.starts_with("://") || scheme.eq_ignore_ascii_case("file"))
    })
}

pub(crate) fn looks_like_path(text: &str) -> bool {
    text.starts_with('.')
        || text.starts_with('/')
        || text.starts_with('~')
        || text.contains('/')
        || text.contains('\\')
        || is_archive(text)
}

pub(crate) fn is_archive(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ARCHIVE_SUFFIXES
        .iter()
        .any(|suffix| lower.ends_with(suffix))
}

fn vcs_of_scheme(scheme: &str) -> Option<Vcs> {
    let scheme = scheme.to_ascii_lowercase();
    let base = scheme.split('+').next().unwrap_or("");
    match base {
        "git" => Some(Vcs::Git),
        "hg" => Some(Vcs::Hg),
        "svn" => Some(Vcs::Svn),
        "bzr" => Some(Vcs::Bzr),
        _ => None,
    }
}

/// A full commit id: 40 (SHA-1) or 64 (SHA-256) hex digits for git, 40 for hg.
pub(crate) fn is_commit_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Replaces the password of `scheme://user:password@host` with `****`, so credentials put
/// into URLs (often through `${VAR}`) never reach output.
pub(crate) fn redact_credentials(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let authority_start = scheme_end + 3;
    let rest = url.get(authority_start..).unwrap_or("");
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..authority_end).unwrap_or("");
    let Some(at) = authority.rfind('@') else {
        return url.to_string();
    };
    let userinfo = authority.get(..at).unwrap_or("");
    let redacted_userinfo = match userinfo.split_once(':') {
        Some((user, _password)) => format!("{user}:****"),
        // A lone token in the user part (`https://TOKEN@host`) is usually a secret too,
        // except git's conventional `git@host`.
        None if userinfo == "git" => userinfo.to_string(),
        None => "****".to_string(),
    };
    format!(
        "{}{}{}",
        url.get(..authority_start).unwrap_or(""),
        redacted_userinfo,
        url.get(authority_start + at..).unwrap_or("")
    )
}

/// Takes a URL or path apart. `url` is the text as the file gives it.
pub(crate) fn classify(url: &str) -> ClassifiedUrl {
    let (without_fragment, fragment) = match url.split_once('#') {
        Some((before, after)) => (before, Some(after)),
        None => (url, None),
    };
    let mut hashes = Vec::new();
    let mut egg = None;
    for part in fragment.unwrap_or("").split('&') {
        if let Some(name) = part.strip_prefix("egg=") {
            if !name.is_empty() {
                egg = Some(name.to_string());
            }
        } else if !part.starts_with("subdirectory=")
            && let Some(hash) = Hash::parse(part)
        {
            hashes.push(hash);
        }
    }
    let last_segment = without_fragment
        .split('?')
        .next()
        .unwrap_or("")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("");
    let (file_name, file_version) = parse_distribution_file_name(last_segment);
    let shown = redact_credentials(url);

    let source = match url_scheme(url) {
        Some(scheme) if vcs_of_scheme(scheme).is_some() && scheme.len() > 1 => {
            let vcs = vcs_of_scheme(scheme).unwrap_or(Vcs::Git);
            let revision = vcs_revision(without_fragment);
            let commit = revision.clone().filter(|revision| is_commit_id(revision));
            Source::Vcs {
                vcs,
                url: shown,
                revision,
                commit,
            }
        }
        Some(scheme) if scheme.eq_ignore_ascii_case("file") => Source::Path { path: shown },
        Some(_) if is_url(url) => Source::Url { url: shown },
        _ => Source::Path { path: shown },
    };
    ClassifiedUrl {
        source,
        hashes,
        egg,
        file_name,
        file_version,
    }
}

/// The revision after the last `@` of a VCS URL's path (`git+https://h/r.git@v1.0`), not the
/// `user@` of its authority.
pub(crate) fn vcs_revision(url: &str) -> Option<String> {
    let after_scheme = url.find("://").map_or(0, |index| index + 3);
    let rest = url.get(after_scheme..)?;
    let path_start = rest.find('/')?;
    let path = rest.get(path_start..)?;
    let (_, revision) = path.rsplit_once('@')?;
    (!revision.is_empty() && !revision.contains('/')).then(|| revision.to_string())
}

/// Name and version from `name-1.0-py3-none-any.whl` or `name-1.0.tar.gz`.
pub(crate) fn parse_distribution_file_name(file: &str) -> (Option<String>, Option<Version>) {
    let lower = file.to_ascii_lowercase();
    if std::path::Path::new(&lower)
        .extension()
        .is_some_and(|extension| extension == "whl")
    {
        let stem = file.get(..file.len() - 4).unwrap_or("");
        let mut parts = stem.split('-');
        let name = parts.next().filter(|name| !name.is_empty());
        let version = parts.next().and_then(|version| version.parse().ok());
        return match (name, version) {
            (Some(name), Some(version)) => (Some(name.to_string()), Some(version)),
            _ => (None, None),
        };
    }
    let Some(suffix) = ARCHIVE_SUFFIXES
        .iter()
        .find(|suffix| lower.ends_with(*suffix))
    else {
        return (None, None);
    };
    let stem = file.get(..file.len() - suffix.len()).unwrap_or("");
    // The version starts after the last `-` that is followed by something parsing as one.
    for (index, _) in stem
        .match_indices('-')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        let name = stem.get(..index).unwrap_or("");
        let version = stem.get(index + 1..).unwrap_or("");
        if let Ok(version) = version.parse::<Version>()
            && !name.is_empty()
        {
            return (Some(name.to_string()), Some(version));
        }
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vcs_urls_keep_revision_and_commit() {
        let classified =
            classify("git+https://git@github.com/org/repo.git@v1.2#egg=repo&subdirectory=pkg");
        assert_eq!(classified.egg.as_deref(), Some("repo"));
        assert_eq!(
            classified.source,
            Source::Vcs {
                vcs: Vcs::Git,
                url: "git+https://git@github.com/org/repo.git@v1.2#egg=repo&subdirectory=pkg"
                    .to_string(),
                revision: Some("v1.2".to_string()),
                commit: None,
            }
        );
        let sha = "0123456789abcdef0123456789abcdef01234567";
        let classified = classify(&format!("git+ssh://git@github.com/org/repo.git@{sha}"));
        assert!(matches!(classified.source, Source::Vcs { commit: Some(ref c), .. } if c == sha));
        let classified = classify("git+https://user@github.com/org/repo.git");
        assert!(matches!(
            classified.source,
            Source::Vcs { revision: None, .. }
        ));
    }

    #[test]
    fn archives_give_name_version_and_fragment_hashes() {
        let classified =
            classify("https://files.example/packages/Foo_Bar-1.2.3-py3-none-any.whl#sha256=ABCDEF");
        assert_eq!(classified.file_name.as_deref(), Some("Foo_Bar"));
        assert_eq!(
            classified.file_version.map(|v| v.to_string()).as_deref(),
            Some("1.2.3")
        );
        assert_eq!(classified.hashes.len(), 1);
        assert!(matches!(classified.source, Source::Url { .. }));
        assert_eq!(
            parse_distribution_file_name("python-dateutil-2.9.0.post0.tar.gz")
                .0
                .as_deref(),
            Some("python-dateutil")
        );
        assert!(matches!(
            classify("./dist/x-1.0.tar.gz").source,
            Source::Path { .. }
        ));
        assert!(matches!(
            classify("file:///tmp/x").source,
            Source::Path { .. }
        ));
    }

    #[test]
    fn credentials_are_redacted() {
        assert_eq!(
            redact_credentials("https://user:s3cret@pypi.example/simple"),
            "https://user:****@pypi.example/simple"
        );
        assert_eq!(
            redact_credentials("https://ghp_token@github.com/a/b"),
            "https://****@github.com/a/b"
        );
        assert_eq!(
            redact_credentials("git+ssh://git@github.com/a/b@v1"),
            "git+ssh://git@github.com/a/b@v1"
        );
        assert_eq!(
            redact_credentials("https://pypi.org/simple"),
            "https://pypi.org/simple"
        );
    }
}

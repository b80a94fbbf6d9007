//! Installed environments, read from `site-packages/*.dist-info/METADATA` without running
//! Python (the interpreter could be anything; reading files is always safe).
//!
//! `--python PATH` may name an interpreter (`.venv/bin/python`), a virtualenv or prefix
//! directory, or a `site-packages` directory. A virtualenv is recognised by its
//! `pyvenv.cfg`; its own `lib/python3.*/site-packages` (POSIX) or `Lib/site-packages`
//! (Windows) is read, not the base interpreter's (even with
//! `include-system-site-packages = true`).
//!
//! `METADATA` is an email-style header block (core metadata 1.0–2.4):
//!
//! ```text
//! headers    = { header } blank-line [ body ]
//! header     = name ":" value { continuation }
//! continuation = ( " " | "\t" ) { any }
//! ```
//!
//! `Name`, `Version` and every `Requires-Dist` are used. `direct_url.json` (PEP 610), when
//! present, gives the source of a distribution installed from a URL, VCS or directory.
//! A distribution that no other installed distribution requires is reported as direct
//! (what `pip list --not-required` shows); the others are transitive.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pep440_rs::Version;

use crate::manifest::{EnvVars, Manifest, ReadError, ReadErrorKind};
use crate::model::{Dependency, Format, Hash, Origin, PackageName, Relation, Source, Vcs};
use crate::url::{is_commit_id, redact_credentials};

/// Reads the installed distributions of an environment. `python` is an interpreter
/// (`.venv/bin/python`), a virtualenv or prefix directory, or a `site-packages` directory.
pub fn read_environment(python: &Path) -> Manifest {
    let mut manifest = Manifest::new(python, Format::Environment);
    let site_packages = match find_site_packages(python) {
        Ok(site_packages) => site_packages,
        Err(error) => {
            manifest.errors.push(error);
            return manifest;
        }
    };
    for directory in &site_packages {
        let entries = match std::fs::read_dir(directory) {
            Ok(entries) => entries,
            Err(error) => {
                manifest.errors.push(ReadError::io(directory, &error));
                continue;
            }
        };
        let mut dist_infos: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "dist-info")
                    && path.is_dir()
            })
            .collect();
        dist_infos.sort();
        for dist_info in dist_infos {
            let metadata_path = dist_info.join("METADATA");
            let text = match std::fs::read(&metadata_path) {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(error) => {
                    manifest.errors.push(ReadError::io(&metadata_path, &error));
                    continue;
                }
            };
            match parse_metadata(&text, &metadata_path) {
                Ok(mut dependency) => {
                    if let Ok(direct_url) =
                        std::fs::read_to_string(dist_info.join("direct_url.json"))
                    {
                        apply_direct_url(&mut dependency, &direct_url);
                    }
                    manifest.dependencies.push(dependency);
                }
                Err(error) => manifest.errors.push(error),
            }
        }
    }
    manifest
        .dependencies
        .sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
    let required: BTreeSet<PackageName> = manifest
        .dependencies
        .iter()
        .flat_map(|dependency| dependency.requires.iter().cloned())
        .collect();
    for dependency in &mut manifest.dependencies {
        dependency.relation = if required.contains(&dependency.name) {
            Relation::Transitive
        } else {
            Relation::Direct
        };
    }
    manifest
}

/// The `site-packages` directories of an interpreter, virtualenv or prefix root, or a
/// `site-packages` path itself.
pub fn find_site_packages(python: &Path) -> Result<Vec<PathBuf>, ReadError> {
    let not_found =
        |message: String| ReadError::new(python, None, None, ReadErrorKind::Io, message);
    let metadata = std::fs::metadata(python)
        .map_err(|error| not_found(format!("cannot read Python environment: {error}")))?;
    if metadata.is_dir() {
        if holds_distributions(python) {
            return Ok(vec![python.to_path_buf()]);
        }
        let found = site_packages_under(python);
        return if found.is_empty() {
            Err(not_found(
                "no site-packages found (expected a virtualenv, a prefix, or a site-packages directory)".to_string(),
            ))
        } else {
            Ok(found)
        };
    }
    // An interpreter: `<prefix>/bin/python` or `<prefix>/Scripts/python.exe`. Do not
    // resolve the symlink first: a virtualenv's `bin/python` links to the base interpreter.
    let prefix = python
        .parent()
        .and_then(Path::parent)
        .ok_or_else(|| not_found("cannot find the environment of this interpreter".to_string()))?;
    let mut found = site_packages_under(prefix);
    if !prefix.join("pyvenv.cfg").exists() {
        // A system interpreter also sees `<prefix>/local/lib/python3.X/…` (Debian, Ubuntu).
        for extra in site_packages_under(&prefix.join("local")) {
            if !found.contains(&extra) {
                found.push(extra);
            }
        }
    }
    if found.is_empty() && !prefix.join("pyvenv.cfg").exists() {
        // A system interpreter: pick the version from its name (`python3.12`) or its target.
        let version_of = |path: &Path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .and_then(|name| name.strip_prefix("python"))
                .filter(|version| version.contains('.'))
                .map(str::to_string)
        };
        let version = version_of(python).or_else(|| {
            std::fs::canonicalize(python)
                .ok()
                .and_then(|target| version_of(&target))
        });
        if let Some(version) = version {
            for base in [prefix.to_path_buf(), prefix.join("local")] {
                for kind in ["site-packages", "dist-packages"] {
                    let candidate = base.join("lib").join(format!("python{version}")).join(kind);
                    if candidate.is_dir() {
                        found.push(candidate);
                    }
                }
            }
        }
    }
    if found.is_empty() {
        Err(not_found(format!(
            "no site-packages found for interpreter under {}",
            prefix.display()
        )))
    } else {
        Ok(found)
    }
}

fn holds_distributions(directory: &Path) -> bool {
    let named = directory
        .file_name()
        .is_some_and(|name| name == "site-packages" || name == "dist-packages");
    named
        || std::fs::read_dir(directory).is_ok_and(|entries| {
            entries.filter_map(Result::ok).any(|entry| {
                entry
                    .path()
                    .extension()
                    .is_some_and(|extension| extension == "dist-info")
            })
        })
}

/// `lib/python3.*/site-packages`, `lib64/…` and `Lib/site-packages` under a prefix.
fn site_packages_under(prefix: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for lib in ["lib", "lib64"] {
        let Ok(entries) = std::fs::read_dir(prefix.join(lib)) else {
            continue;
        };
        // `site-packages` everywhere; Debian's system Python uses `dist-packages`
        // (`lib/python3/dist-packages`, `local/lib/python3.X/dist-packages`).
        let mut versions: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().starts_with("python"))
            .flat_map(|entry| {
                let path = entry.path();
                [path.join("site-packages"), path.join("dist-packages")]
            })
            .filter(|path| path.is_dir())
            .collect();
        versions.sort();
        for path in versions {
            // `lib64` is often a symlink to `lib`: keep one copy.
            let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if !found.iter().any(|seen: &PathBuf| {
                std::fs::canonicalize(seen).unwrap_or_else(|_| seen.clone()) == canonical
            }) {
                found.push(path);
            }
        }
    }
    let windows = prefix.join("Lib").join("site-packages");
    if windows.is_dir() && !found.contains(&windows) {
        found.push(windows);
    }
    found
}

/// The active virtualenv (`VIRTUAL_ENV`), if any.
pub fn active_virtualenv(env: &EnvVars) -> Option<PathBuf> {
    env.get("VIRTUAL_ENV")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
}

/// Parses one `METADATA` file (name, version, `Requires-Dist`).
pub fn parse_metadata(text: &str, path: &Path) -> Result<Dependency, ReadError> {
    let mut name: Option<(String, u32)> = None;
    let mut version: Option<(String, u32)> = None;
    let mut requires = BTreeSet::new();
    let mut headers: Vec<(String, String, u32)> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let number = number as u32 + 1;
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value, _)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        match line.split_once(':') {
            Some((key, value)) => headers.push((
                key.trim().to_ascii_lowercase(),
                value.trim().to_string(),
                number,
            )),
            None => {
                return Err(ReadError::new(
                    path,
                    Some(number),
                    Some(1),
                    ReadErrorKind::Syntax,
                    format!("expected `Header: value`, found `{line}`"),
                ));
            }
        }
    }
    for (key, value, number) in headers {
        match key.as_str() {
            "name" => name = Some((value, number)),
            "version" => version = Some((value, number)),
            "requires-dist" => {
                // Requirements of an extra only count when the extra was installed, which
                // the metadata does not record: leave them out, like `pip list --not-required`.
                let for_extra = value.split_once(';').is_some_and(|(_, markers)| {
                    markers
                        .split_whitespace()
                        .collect::<String>()
                        .contains("extra==")
                });
                if for_extra {
                    continue;
                }
                if let Some(required) = crate::locks::pdm::leading_name(&value) {
                    requires.insert(required);
                }
            }
            _ => {}
        }
    }
    let Some((raw_name, name_line)) = name else {
        return Err(ReadError::new(
            path,
            Some(1),
            Some(1),
            ReadErrorKind::InvalidField,
            "METADATA without a `Name` header",
        ));
    };
    let name = PackageName::new(&raw_name).map_err(|error| {
        ReadError::new(
            path,
            Some(name_line),
            Some(1),
            ReadErrorKind::InvalidName,
            error.to_string(),
        )
    })?;
    let Some((raw_version, version_line)) = version else {
        return Err(ReadError::new(
            path,
            Some(1),
            Some(1),
            ReadErrorKind::InvalidField,
            format!("METADATA of `{name}` without a `Version` header"),
        ));
    };
    let parsed_version: Version = raw_version.parse().map_err(|error| {
        ReadError::new(
            path,
            Some(version_line),
            Some(1),
            ReadErrorKind::InvalidVersion,
            format!("`{name}`: invalid version `{raw_version}`: {error}"),
        )
    })?;
    let origin = Origin {
        path: path.to_path_buf(),
        format: Format::Environment,
        line: name_line,
        range: None,
        specifier_range: None,
        version_range: None,
    };
    let mut dependency = Dependency::new(name, origin);
    dependency.requirement = format!("{}=={parsed_version}", dependency.name);
    dependency.version = Some(parsed_version);
    requires.remove(&dependency.name);
    dependency.requires = requires.into_iter().collect();
    Ok(dependency)
}

/// PEP 610 `direct_url.json`: where a distribution installed from a URL came from.
fn apply_direct_url(dependency: &mut Dependency, text: &str) {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return;
    };
    let Some(url) = value.get("url").and_then(serde_json::Value::as_str) else {
        return;
    };
    let url = redact_credentials(url);
    if value
        .get("dir_info")
        .and_then(|info| info.get("editable"))
        .and_then(serde_json::Value::as_bool)
        == Some(true)
    {
        dependency.source = Source::Editable { target: url };
    } else if let Some(vcs_info) = value.get("vcs_info") {
        let text_of = |key: &str| vcs_info.get(key).and_then(serde_json::Value::as_str);
        dependency.source = Source::Vcs {
            vcs: match text_of("vcs") {
                Some("hg") => Vcs::Hg,
                Some("svn") => Vcs::Svn,
                Some("bzr") => Vcs::Bzr,
                _ => Vcs::Git,
            },
            url,
            revision: text_of("requested_revision").map(str::to_string),
            commit: text_of("commit_id")
                .filter(|c| is_commit_id(c))
                .map(str::to_string),
        };
    } else if value.get("dir_info").is_some() {
        dependency.source = Source::Path { path: url };
    } else {
        if let Some(hashes) = value
            .get("archive_info")
            .and_then(|info| info.get("hashes"))
            .and_then(serde_json::Value::as_object)
        {
            dependency.hashes = hashes
                .iter()
                .filter_map(|(algorithm, digest)| {
                    Hash::parse(&format!("{algorithm}:{}", digest.as_str()?))
                })
                .collect();
        }
        dependency.source = Source::Url { url };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn debian_system_interpreter_reads_dist_packages() {
        let prefix = tempfile::tempdir().unwrap();
        let root = prefix.path();
        write(&root.join("bin/python3.11"), "");
        write(
            &root.join("lib/python3/dist-packages/six-1.16.0.dist-info/METADATA"),
            "Name: six\nVersion: 1.16.0\n",
        );
        write(
            &root.join("local/lib/python3.11/dist-packages/idna-3.10.dist-info/METADATA"),
            "Name: idna\nVersion: 3.10\n",
        );
        let manifest = read_environment(&root.join("bin/python3.11"));
        assert!(manifest.errors.is_empty(), "{:?}", manifest.errors);
        let names: Vec<&str> = manifest
            .dependencies
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(names, ["idna", "six"]);
    }

    #[test]
    fn metadata_headers_continue_and_stop_at_the_body() {
        let text = "Name: Foo.Bar\nVersion: 1.0\nRequires-Dist: baz>=1\nRequires-Dist: qux; extra == \"x\"\nSummary: a\n  continued\n\nName: body-not-header\n";
        let dependency = parse_metadata(text, Path::new("METADATA")).unwrap();
        assert_eq!(dependency.name.as_str(), "foo-bar");
        assert_eq!(
            dependency
                .requires
                .iter()
                .map(PackageName::as_str)
                .collect::<Vec<_>>(),
            ["baz"]
        );
    }
}

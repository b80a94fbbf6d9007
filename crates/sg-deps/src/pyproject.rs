//! `pyproject.toml`: PEP 621 `[project] dependencies` and `optional-dependencies`, PEP 735
//! `[dependency-groups]` (with `{include-group = "…"}`), and Poetry's
//! `[tool.poetry.dependencies]`, `dev-dependencies` and `group.<name>.dependencies`.
//!
//! Every entry becomes one direct [`Dependency`] whose `group` is the extra or group name;
//! a dependency group that includes others (PEP 735 `{include-group = "…"}`, recursively)
//! also lists their entries under its own name, so `dev = [{include-group = "test"}]`
//! shows what installing `dev` installs.
//! Poetry constraints (`^1.2`, `~1.2`, `1.2.*`, `>=1 <2`) are translated to PEP 440 so that
//! the pinning checks and the audit see one language; a constraint with `||` has no single
//! PEP 440 equivalent and keeps only its text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pep440_rs::VersionSpecifiers;
use toml::de::{DeTable, DeValue};

use crate::manifest::{Manifest, ReadError, ReadErrorKind};
use crate::model::{Dependency, Format, PackageName, Relation};
use crate::requirements::{Placement, exact_version, pep508_dependency};
use crate::table_source::{TableEntry, TableSource, table_entry};
use crate::toml_doc::{Document, Value, get, get_array, get_bool, get_extras, get_str, get_table};
use crate::url::is_commit_id;

/// Reads `path`; errors are in the returned manifest.
pub fn read_pyproject(path: &Path) -> Manifest {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_pyproject(&text, path),
        Err(error) => Manifest::failed(path, Format::Pyproject, ReadError::io(path, &error)),
    }
}

/// Parses the text of a `pyproject.toml` found at `path`.
pub fn parse_pyproject(text: &str, path: &Path) -> Manifest {
    let mut manifest = Manifest::new(path, Format::Pyproject);
    let Some(document) = Document::parse_into(text, path, &mut manifest) else {
        return manifest;
    };
    let root = document.root();
    if let Some(project) = get(root, "project") {
        match project.get_ref().as_table() {
            Some(project) => read_pep621(&document, project, &mut manifest),
            None => manifest.errors.push(document.error_at(
                project,
                ReadErrorKind::InvalidField,
                "[project] must be a table",
            )),
        }
    }
    if let Some(groups) = get(root, "dependency-groups") {
        match groups.get_ref().as_table() {
            Some(groups) => read_dependency_groups(&document, groups, &mut manifest),
            None => manifest.errors.push(document.error_at(
                groups,
                ReadErrorKind::InvalidField,
                "[dependency-groups] must be a table",
            )),
        }
    }
    if let Some(poetry) = get_table(root, "tool").and_then(|tool| get_table(tool, "poetry")) {
        read_poetry(&document, poetry, &mut manifest);
    }
    // TOML tables come back sorted by key: put entries back in file order.
    manifest
        .dependencies
        .sort_by_key(|dependency| dependency.origin.range.map(|range| range.start));
    manifest
}

/// The distribution name a local project directory declares (`[project] name`,
/// `[tool.poetry] name`, or `setup.cfg` `[metadata] name`), for `-e .` requirements.
pub(crate) fn project_name_of_directory(directory: &Path) -> Option<String> {
    if let Ok(text) = std::fs::read_to_string(directory.join("pyproject.toml")) {
        let path = directory.join("pyproject.toml");
        if let Ok(document) = Document::parse(&text, &path) {
            let root = document.root();
            let name = get_table(root, "project")
                .and_then(|project| get_str(project, "name"))
                .or_else(|| {
                    get_table(root, "tool")
                        .and_then(|tool| get_table(tool, "poetry"))
                        .and_then(|poetry| get_str(poetry, "name"))
                });
            if let Some(name) = name {
                return Some(name.to_string());
            }
        }
    }
    let text = std::fs::read_to_string(directory.join("setup.cfg")).ok()?;
    crate::setup_cfg::metadata_name(&text)
}

fn read_pep621(document: &Document<'_>, project: &DeTable<'_>, manifest: &mut Manifest) {
    if let Some(dependencies) = get(project, "dependencies") {
        read_pep508_array(
            document,
            dependencies,
            None,
            "project.dependencies",
            manifest,
        );
    }
    if let Some(optional) = get(project, "optional-dependencies") {
        let Some(table) = optional.get_ref().as_table() else {
            manifest.errors.push(document.error_at(
                optional,
                ReadErrorKind::InvalidField,
                "project.optional-dependencies must be a table",
            ));
            return;
        };
        for (extra, value) in table {
            let key = format!("project.optional-dependencies.{}", extra.get_ref());
            read_pep508_array(document, value, Some(extra.get_ref()), &key, manifest);
        }
    }
}

fn read_pep508_array(
    document: &Document<'_>,
    value: &Value<'_>,
    group: Option<&str>,
    key: &str,
    manifest: &mut Manifest,
) {
    let Some(array) = value.get_ref().as_array() else {
        manifest.errors.push(document.error_at(
            value,
            ReadErrorKind::InvalidField,
            format!("{key} must be an array of strings"),
        ));
        return;
    };
    for item in array {
        let Some(text) = item.get_ref().as_str() else {
            manifest.errors.push(document.error_at(
                item,
                ReadErrorKind::InvalidField,
                format!("{key} entries must be strings"),
            ));
            continue;
        };
        push_pep508(document, item, text, group, manifest);
    }
}

fn push_pep508(
    document: &Document<'_>,
    item: &Value<'_>,
    text: &str,
    group: Option<&str>,
    manifest: &mut Manifest,
) {
    let placement = Placement {
        path: document.path,
        format: manifest.format,
        index: &document.index,
        content_start: document.string_content_start(item),
        fallback: document.range_of(item),
    };
    match pep508_dependency(text, &placement) {
        Ok(mut dependency) => {
            dependency.group = group.map(str::to_string);
            manifest.dependencies.push(dependency);
        }
        Err(error) => manifest.errors.push(error),
    }
}

/// PEP 735 groups. Each written requirement is listed under the group that writes it, and
/// again under every group that includes that group, directly or through other groups (a
/// copy with the same origin, so a finding still points at the line that wrote it).
/// `include-group` references are checked: an unknown group and a cycle are errors, and a
/// cycle is expanded as far as it goes (each group at most once), never looping.
fn read_dependency_groups(document: &Document<'_>, groups: &DeTable<'_>, manifest: &mut Manifest) {
    let normalise = |name: &str| {
        PackageName::new(name).map_or_else(|_| name.to_ascii_lowercase(), |n| n.to_string())
    };
    let known: BTreeSet<String> = groups
        .iter()
        .map(|(name, _)| normalise(name.get_ref()))
        .collect();
    let mut includes: BTreeMap<String, Vec<(String, &Value<'_>)>> = BTreeMap::new();
    // Per normalised group: its name as written and the dependencies it writes.
    let mut written: BTreeMap<String, (String, std::ops::Range<usize>)> = BTreeMap::new();
    for (name, value) in groups {
        let group = name.get_ref().to_string();
        let first = manifest.dependencies.len();
        let Some(array) = value.get_ref().as_array() else {
            manifest.errors.push(document.error_at(
                value,
                ReadErrorKind::InvalidField,
                format!("dependency-groups.{group} must be an array"),
            ));
            continue;
        };
        for item in array {
            match item.get_ref() {
                DeValue::String(text) => push_pep508(document, item, text, Some(&group), manifest),
                DeValue::Table(table) => match get_str(table, "include-group") {
                    Some(included) if table.len() == 1 => {
                        if known.contains(&normalise(included)) {
                            includes
                                .entry(normalise(&group))
                                .or_default()
                                .push((normalise(included), item));
                        } else {
                            manifest.errors.push(document.error_at(
                                item,
                                ReadErrorKind::InvalidField,
                                format!("dependency-groups.{group} includes unknown group `{included}`"),
                            ));
                        }
                    }
                    _ => manifest.errors.push(document.error_at(
                        item,
                        ReadErrorKind::InvalidField,
                        format!("dependency-groups.{group}: a table entry must be exactly {{include-group = \"name\"}}"),
                    )),
                },
                _ => manifest.errors.push(document.error_at(
                    item,
                    ReadErrorKind::InvalidField,
                    format!("dependency-groups.{group} entries must be strings or include-group tables"),
                )),
            }
        }
        written.insert(
            normalise(&group),
            (group.clone(), first..manifest.dependencies.len()),
        );
    }
    // Cycle check: depth-first from every group; report each cycle once, at the include
    // that closes it.
    let mut reported = BTreeSet::new();
    for start in includes.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        while let Some((group, path)) = stack.pop() {
            for (included, item) in includes.get(&group).map_or(&[][..], Vec::as_slice) {
                if included == start {
                    let mut cycle = path.clone();
                    cycle.push(included.clone());
                    let mut key = cycle.clone();
                    key.sort();
                    key.dedup();
                    if reported.insert(key) {
                        manifest.errors.push(document.error_at(
                            item,
                            ReadErrorKind::IncludeCycle,
                            format!("dependency group include cycle: {}", cycle.join(" -> ")),
                        ));
                    }
                } else if !path.contains(included) {
                    let mut next = path.clone();
                    next.push(included.clone());
                    stack.push((included.clone(), next));
                }
            }
        }
    }
    expand_includes(&includes, &written, manifest);
}

/// Adds, for every group with `include-group` entries, a copy of each dependency of the
/// groups it reaches (in include order, depth first, each group once), under its own name.
fn expand_includes(
    includes: &BTreeMap<String, Vec<(String, &Value<'_>)>>,
    written: &BTreeMap<String, (String, std::ops::Range<usize>)>,
    manifest: &mut Manifest,
) {
    let mut added = Vec::new();
    for (group, direct) in includes {
        let Some((spelled, _)) = written.get(group) else {
            continue;
        };
        let mut visited = BTreeSet::from([group.clone()]);
        let mut stack: Vec<&String> = direct.iter().rev().map(|(name, _)| name).collect();
        while let Some(included) = stack.pop() {
            if !visited.insert(included.clone()) {
                continue;
            }
            if let Some((_, range)) = written.get(included) {
                for dependency in manifest.dependencies.get(range.clone()).unwrap_or(&[]) {
                    let mut copy = dependency.clone();
                    copy.group = Some(spelled.clone());
                    added.push(copy);
                }
            }
            if let Some(next) = includes.get(included) {
                stack.extend(next.iter().rev().map(|(name, _)| name));
            }
        }
    }
    manifest.dependencies.extend(added);
}

fn read_poetry(document: &Document<'_>, poetry: &DeTable<'_>, manifest: &mut Manifest) {
    let sources: BTreeMap<String, String> = get_array(poetry, "source")
        .unwrap_or(&[])
        .iter()
        .filter_map(|source| {
            let table = source.get_ref().as_table()?;
            Some((
                get_str(table, "name")?.to_string(),
                get_str(table, "url")?.to_string(),
            ))
        })
        .collect();
    let mut sections: Vec<(Option<String>, &Value<'_>)> = Vec::new();
    if let Some(dependencies) = get(poetry, "dependencies") {
        sections.push((None, dependencies));
    }
    if let Some(dev) = get(poetry, "dev-dependencies") {
        sections.push((Some("dev".to_string()), dev));
    }
    if let Some(groups) = get_table(poetry, "group") {
        for (name, group) in groups {
            if let Some(dependencies) = group
                .get_ref()
                .as_table()
                .and_then(|g| get(g, "dependencies"))
            {
                sections.push((Some(name.get_ref().to_string()), dependencies));
            }
        }
    }
    for (group, section) in sections {
        let Some(table) = section.get_ref().as_table() else {
            manifest.errors.push(document.error_at(
                section,
                ReadErrorKind::InvalidField,
                "Poetry dependencies must be a table",
            ));
            continue;
        };
        for (raw_name, value) in table {
            if raw_name.get_ref().eq_ignore_ascii_case("python") {
                continue;
            }
            let name = match PackageName::new(raw_name.get_ref()) {
                Ok(name) => name,
                Err(error) => {
                    let (line, column) = document.index.position(raw_name.span().start);
                    manifest.errors.push(ReadError::new(
                        document.path,
                        Some(line),
                        Some(column),
                        ReadErrorKind::InvalidName,
                        error.to_string(),
                    ));
                    continue;
                }
            };
            // A list of tables is "one of these constraints per marker": one entry each.
            let entries: Vec<&Value<'_>> = match value.get_ref().as_array() {
                Some(array) => array.iter().collect(),
                None => vec![value],
            };
            for entry in entries {
                match poetry_dependency(document, &name, entry, &sources) {
                    Ok(mut dependency) => {
                        dependency.group.clone_from(&group);
                        manifest.dependencies.push(dependency);
                    }
                    Err(error) => manifest.errors.push(error),
                }
            }
        }
    }
}

fn poetry_dependency(
    document: &Document<'_>,
    name: &PackageName,
    value: &Value<'_>,
    sources: &BTreeMap<String, String>,
) -> Result<Dependency, ReadError> {
    let TableEntry {
        mut origin,
        version: constraint,
        table,
    } = table_entry(
        document,
        Format::Pyproject,
        value,
        &format!("Poetry dependency `{name}`"),
        "a string",
    )?;
    let mut requirement = name.to_string();
    let mut specifier = None;
    let mut version = None;
    if let Some((constraint_value, constraint)) = constraint {
        let translated = poetry_constraint(constraint).map_err(|message| {
            document.error_at(
                constraint_value,
                ReadErrorKind::InvalidVersion,
                format!("Poetry dependency `{name}`: invalid version constraint `{constraint}`: {message}"),
            )
        })?;
        requirement = format!("{name} {constraint}");
        (origin.specifier_range, origin.version_range) = document.constraint_ranges(
            constraint_value,
            translated.as_ref().and_then(exact_version).is_some(),
        );
        version = translated.as_ref().and_then(exact_version);
        specifier = translated;
    }
    let mut dependency = Dependency::new(name.clone(), origin);
    dependency.relation = Relation::Direct;
    dependency.version = version;
    dependency.specifier = specifier;
    dependency.requirement = requirement;
    if let Some(table) = table {
        dependency.extras = get_extras(table);
        let mut markers = Vec::new();
        if let Some(python) = get_str(table, "python") {
            markers.push(python_marker(python));
        }
        if let Some(marker) = get_str(table, "markers") {
            markers.push(marker.to_string());
        }
        if !markers.is_empty() {
            dependency.markers = Some(markers.join(" and "));
        }
        let source = if let Some(url) = get_str(table, "git") {
            let revision = ["rev", "tag", "branch"]
                .iter()
                .find_map(|key| get_str(table, key))
                .map(str::to_string);
            let commit = get_str(table, "rev")
                .filter(|rev| is_commit_id(rev))
                .map(str::to_string);
            Some(TableSource::Git {
                url,
                revision,
                commit,
            })
        } else if let Some(path) = get_str(table, "path") {
            Some(TableSource::Path {
                path,
                editable: get_bool(table, "develop") == Some(true),
            })
        } else if let Some(url) = get_str(table, "url") {
            Some(TableSource::Url(url))
        } else {
            get_str(table, "source").map(TableSource::Index)
        };
        if let Some(source) = source {
            source.apply(&mut dependency, name.as_str(), sources);
        }
    }
    Ok(dependency)
}

/// A Poetry `python = "…"` constraint as a PEP 508 marker (`^3.10` becomes
/// `python_version >= "3.10" and python_version < "4"`).
fn python_marker(constraint: &str) -> String {
    let alternatives: Vec<String> = constraint
        .split("||")
        .map(|alternative| match poetry_constraint(alternative) {
            Ok(Some(specifiers)) => specifiers
                .iter()
                .map(|specifier| {
                    // `==3.*` keeps its wildcard: split the written form, not the parts.
                    let text = specifier.to_string();
                    let split = text
                        .find(|c: char| c.is_ascii_digit())
                        .unwrap_or(text.len());
                    format!(
                        "python_version {} \"{}\"",
                        text.get(..split).unwrap_or("").trim(),
                        text.get(split..).unwrap_or("").trim()
                    )
                })
                .collect::<Vec<_>>()
                .join(" and "),
            _ => format!("python_version == \"{}\"", alternative.trim()),
        })
        .collect();
    if alternatives.len() > 1 {
        alternatives
            .iter()
            .map(|alternative| format!("({alternative})"))
            .collect::<Vec<_>>()
            .join(" or ")
    } else {
        alternatives.concat()
    }
}

/// Translates a Poetry version constraint to PEP 440. `Ok(None)` means "any version" or a
/// union (`||`) that PEP 440 cannot express.
pub(crate) fn poetry_constraint(constraint: &str) -> Result<Option<VersionSpecifiers>, String> {
    let constraint = constraint.trim();
    if constraint.is_empty() || constraint == "*" {
        return Ok(None);
    }
    if constraint.contains('|') {
        // Check each alternative parses, but keep no specifier.
        for alternative in constraint
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            poetry_constraint(alternative)?;
        }
        return Ok(None);
    }
    let mut clauses = Vec::new();
    for part in constraint.split(',') {
        // Poetry also accepts clauses separated by spaces: `>=1.2 <2.0`.
        let mut current = String::new();
        for token in part.split_whitespace() {
            let starts_clause = token.starts_with(['<', '>', '=', '!', '~', '^']);
            if starts_clause
                && !current.is_empty()
                && !current.ends_with(['<', '>', '=', '!', '~', '^'])
            {
                clauses.push(std::mem::take(&mut current));
            }
            current.push_str(token);
        }
        if !current.is_empty() {
            clauses.push(current);
        }
    }
    let mut translated = Vec::new();
    for clause in clauses {
        translated.push(poetry_clause(&clause)?);
    }
    let joined = translated.join(", ");
    joined
        .parse::<VersionSpecifiers>()
        .map(Some)
        .map_err(|error| error.to_string())
}

fn poetry_clause(clause: &str) -> Result<String, String> {
    let release = |text: &str| -> Result<Vec<u64>, String> {
        let text = text.trim();
        let release_part = text
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .next()
            .unwrap_or("");
        let parts: Result<Vec<u64>, _> = release_part
            .split('.')
            .filter(|p| !p.is_empty())
            .map(str::parse::<u64>)
            .collect();
        match parts {
            Ok(parts) if !parts.is_empty() => Ok(parts),
            _ => Err(format!("`{text}` is not a version")),
        }
    };
    let join = |parts: &[u64]| {
        parts
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(".")
    };
    if let Some(rest) = clause.strip_prefix('^') {
        let parts = release(rest)?;
        // The upper bound bumps the first non-zero component (or the last given one).
        let bump_at = parts
            .iter()
            .position(|p| *p != 0)
            .unwrap_or(parts.len().saturating_sub(1));
        let mut upper: Vec<u64> = parts.iter().take(bump_at + 1).copied().collect();
        if let Some(last) = upper.last_mut() {
            *last += 1;
        }
        return Ok(format!(">={}, <{}", rest.trim(), join(&upper)));
    }
    if let Some(rest) = clause.strip_prefix('~').filter(|r| !r.starts_with('=')) {
        let parts = release(rest)?;
        let upper = if parts.len() >= 2 {
            vec![
                parts.first().copied().unwrap_or(0),
                parts.get(1).copied().unwrap_or(0) + 1,
            ]
        } else {
            vec![parts.first().copied().unwrap_or(0) + 1]
        };
        return Ok(format!(">={}, <{}", rest.trim(), join(&upper)));
    }
    if clause.starts_with(['<', '>', '=', '!', '~']) {
        return Ok(clause.to_string());
    }
    // A bare version is an exact pin (with `*` wildcards allowed).
    release(clause)?;
    Ok(format!("=={clause}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poetry_constraints_translate_to_pep440() {
        for (poetry, pep440) in [
            ("^1.2.3", Some(">=1.2.3, <2")),
            ("^0.2.3", Some(">=0.2.3, <0.3")),
            ("^0.0.3", Some(">=0.0.3, <0.0.4")),
            ("^0", Some(">=0, <1")),
            ("~1.2.3", Some(">=1.2.3, <1.3")),
            ("~1", Some(">=1, <2")),
            ("~=1.2", Some("~=1.2")),
            ("1.2.3", Some("==1.2.3")),
            ("1.2.*", Some("==1.2.*")),
            (">=1.2 <2.0", Some(">=1.2, <2.0")),
            (">= 1.2, < 2.0", Some(">=1.2, <2.0")),
            ("*", None),
            ("^1.0 || ^2.0", None),
        ] {
            let translated = poetry_constraint(poetry).unwrap();
            assert_eq!(
                translated.map(|s| s.to_string()).as_deref(),
                pep440,
                "{poetry}"
            );
        }
        assert!(poetry_constraint("^abc").is_err());
    }
}

//! The audit: dependencies in, findings and an honest account of what was not checked out.
//!
//! A dependency is audited when it has an exact version from a package index (an `==`/`===`
//! pin, a lockfile entry, an installed distribution). Everything else is listed in
//! [`AuditReport::not_audited`] with the reason (unpinned, URL, VCS, local path, editable),
//! never dropped: an audit that checked nothing must not look like a clean one. An unpinned
//! entry whose package *was* audited from another file (a `pyproject.toml` range next to its
//! lockfile) is listed with `covered_by` and does not count for `--strict`.
//!
//! For each audited dependency the package's advisories are read from the database once,
//! compiled, and matched (see `matcher`). Advisories that alias each other (PYSEC, GHSA,
//! CVE of one vulnerability) are merged into one finding listing every id. `--ignore-vuln`
//! entries match an id or any alias and drop the whole merged group; ignores that matched
//! nothing become warnings. Environment markers are not evaluated: the target environment is
//! not known, so every listed dependency counts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pep440_rs::Version;
use serde::Serialize;
use sg_deps::{Dependency, Format, Manifest, Relation, Source};
use sg_diagnostics::{Finding, Severity, sort_findings};

use crate::database::Database;
use crate::error::DbError;
use crate::match_record::Probe;
use crate::matcher::{CompiledAdvisory, smallest_fix};
use crate::options::Options;
use crate::osv::Note;
use crate::rules::{KNOWN_VULNERABILITY, MALICIOUS_PACKAGE};
use crate::severity::assess;

/// Where an ignore came from, for the unused-ignore warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IgnoreOrigin {
    /// `--ignore-vuln ID`.
    CommandLine,
    /// `[tool.snakeguard.audit] ignore-vulns`.
    Config,
}

/// One advisory id to ignore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ignore {
    pub id: String,
    pub reason: Option<String>,
    pub origin: IgnoreOrigin,
}

/// How the audit runs: the merged result of the configuration and the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditSettings {
    pub ignores: Vec<Ignore>,
    /// `--severity`: findings below are left out of the report (and counted).
    pub min_severity: Option<Severity>,
    /// `--strict`: dependencies that could not be audited fail the audit.
    pub strict: bool,
    /// Warn when the database is older than this.
    pub stale_after_seconds: u64,
}

impl Default for AuditSettings {
    fn default() -> Self {
        AuditSettings {
            ignores: Vec::new(),
            min_severity: None,
            strict: false,
            stale_after_seconds: crate::cache::STALE_AFTER_SECONDS,
        }
    }
}

impl AuditSettings {
    /// Settings from `[tool.snakeguard.audit]` plus `--ignore-vuln` ids, `--severity` and
    /// `--strict` (a command-line `true` wins over the file).
    pub fn new(
        options: &Options,
        cli_ignores: &[String],
        min_severity: Option<Severity>,
        cli_strict: bool,
    ) -> Self {
        let mut ignores: Vec<Ignore> = options
            .ignore_vulns
            .iter()
            .map(|ignore| Ignore {
                id: ignore.id.trim().to_string(),
                reason: Some(ignore.reason.clone()),
                origin: IgnoreOrigin::Config,
            })
            .collect();
        ignores.extend(cli_ignores.iter().map(|id| Ignore {
            id: id.trim().to_string(),
            reason: None,
            origin: IgnoreOrigin::CommandLine,
        }));
        AuditSettings {
            ignores,
            min_severity,
            strict: cli_strict || options.strict,
            stale_after_seconds: options.max_age_days.saturating_mul(86_400),
        }
    }
}

/// Why a dependency was not audited.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum NotAuditedReason {
    /// No exact version: a range (`>=1.0`) or nothing at all.
    Unpinned { specifier: Option<String> },
    /// `-e` / an editable install.
    Editable { target: String },
    /// A direct URL archive.
    Url { url: String },
    /// A VCS checkout.
    Vcs { url: String },
    /// A local directory or archive.
    Path { path: String },
    /// A requirement without a package name (a bare URL or path, `-e ./src`).
    Unnamed { target: String },
    /// A `-r URL`/`-c URL` include: never fetched, so what it lists is unknown.
    RemoteInclude { include: String },
}

impl std::fmt::Display for NotAuditedReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotAuditedReason::Unpinned {
                specifier: Some(specifier),
            } => {
                write!(f, "not pinned to an exact version (`{specifier}`)")
            }
            NotAuditedReason::Unpinned { specifier: None } => {
                f.write_str("not pinned to an exact version (any version)")
            }
            NotAuditedReason::Editable { target } => write!(f, "editable install of {target}"),
            NotAuditedReason::Url { url } => write!(f, "installed from a URL ({url})"),
            NotAuditedReason::Vcs { url } => write!(f, "installed from version control ({url})"),
            NotAuditedReason::Path { path } => write!(f, "installed from a local path ({path})"),
            NotAuditedReason::Unnamed { target } => {
                write!(f, "no package name to look up ({target})")
            }
            NotAuditedReason::RemoteInclude { .. } => f.write_str(
                "a remote include, never fetched: the requirements it lists were not read",
            ),
        }
    }
}

/// A dependency that was not audited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotAudited {
    pub package: String,
    pub path: String,
    pub line: u32,
    pub reason: NotAuditedReason,
    /// Where the same package was audited at an exact version, if anywhere.
    pub covered_by: Option<String>,
}

/// One vulnerability (one merged alias group) of one dependency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Vulnerability {
    /// The id shown first (PYSEC, then GHSA, then MAL, then others such as CVE).
    pub id: String,
    /// Every other id of the merged group (records and their aliases), sorted.
    pub aliases: Vec<String>,
    pub summary: Option<String>,
    pub severity: Severity,
    /// CVSS base score, when a vector was parsed.
    pub score: Option<f64>,
    pub vector: Option<String>,
    /// `CVSS_V3`, `CVSS_V4`, `CVSS_V2`, `database`, or `unknown` (then the rule default).
    pub severity_source: String,
    /// Smallest version above the installed one that none of the group's records affects.
    pub fix_version: Option<String>,
    /// Every `fixed` version the records give for this package, sorted.
    pub fixed_versions: Vec<String>,
    pub malicious: bool,
    pub references: Vec<String>,
    pub published: Option<String>,
}

impl Vulnerability {
    /// Whether `id` names this vulnerability (its id or any alias), ignoring ASCII case.
    pub fn is_named(&self, id: &str) -> bool {
        self.id.eq_ignore_ascii_case(id)
            || self
                .aliases
                .iter()
                .any(|alias| alias.eq_ignore_ascii_case(id))
    }
}

/// A dependency with at least one reported vulnerability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VulnerablePackage {
    pub package: String,
    pub version: String,
    /// Display path of the file it came from.
    pub path: String,
    pub line: u32,
    pub format: Format,
    pub relation: Relation,
    pub vulnerabilities: Vec<Vulnerability>,
    /// Smallest version that fixes every known (not ignored) advisory of this package, if
    /// one is known.
    pub fix_version: Option<String>,
    /// The dependency itself, for `--fix`.
    #[serde(skip)]
    pub dependency: Dependency,
}

/// An ignore that matched, and what it hid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IgnoredVulnerability {
    pub package: String,
    pub version: String,
    pub id: String,
    pub ignored_as: String,
    pub reason: Option<String>,
}

/// Everything an audit found out.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditReport {
    /// `DEP001`/`DEP002` findings, sorted, at or above the severity threshold.
    pub findings: Vec<Finding>,
    /// The same, grouped per dependency, for renderers and `--fix`.
    pub packages: Vec<VulnerablePackage>,
    /// Dependencies that were not audited, sorted by path and line.
    pub not_audited: Vec<NotAudited>,
    pub ignored: Vec<IgnoredVulnerability>,
    /// Number of dependencies audited (exact versions checked).
    pub audited: usize,
    /// The distinct `(package, version)` pairs audited, sorted: the SBOM components.
    pub components: Vec<(String, String)>,
    /// Vulnerabilities left out by `--severity`.
    pub below_threshold: usize,
    /// For the user: unused ignores, a stale or rebuilt database.
    pub warnings: Vec<String>,
    /// For `-v`: data problems met while matching (invalid versions, bad vectors).
    pub notes: Vec<Note>,
}

impl AuditReport {
    /// Not-audited dependencies that no exact pin elsewhere covers: what `--strict` fails on.
    pub fn uncovered_not_audited(&self) -> impl Iterator<Item = &NotAudited> {
        self.not_audited
            .iter()
            .filter(|entry| entry.covered_by.is_none())
    }

    /// Whether `--strict` (as set in `settings`) fails this audit.
    pub fn strict_failure(&self, settings: &AuditSettings) -> bool {
        settings.strict && self.uncovered_not_audited().next().is_some()
    }
}

/// Audits every dependency of `manifests` (paths displayed relative to `root`).
pub fn audit_manifests(
    manifests: &[Manifest],
    root: &Path,
    database: &Database,
    settings: &AuditSettings,
) -> Result<AuditReport, DbError> {
    let dependencies: Vec<&Dependency> = manifests
        .iter()
        .flat_map(|manifest| manifest.dependencies.iter())
        .collect();
    let mut report = audit(&dependencies, root, database, settings)?;
    // Requirements without a name (`-e ./src`, a bare URL) are not dependencies in the
    // model, but they are installed: list them too.
    for manifest in manifests {
        let options = &manifest.pip_options;
        let unnamed = options.unnamed.iter().map(|entry| {
            let target = entry.value.clone();
            (entry, NotAuditedReason::Unnamed { target })
        });
        let remote = options.remote_includes.iter().map(|entry| {
            let include = entry.value.clone();
            (entry, NotAuditedReason::RemoteInclude { include })
        });
        for (entry, reason) in unnamed.chain(remote) {
            report.not_audited.push(NotAudited {
                package: entry.value.clone(),
                path: display_path(&entry.path, root),
                line: entry.line,
                reason,
                covered_by: None,
            });
        }
    }
    sort_not_audited(&mut report.not_audited);
    Ok(report)
}

fn sort_not_audited(entries: &mut [NotAudited]) {
    entries.sort_by(|a, b| (&a.path, a.line, &a.package).cmp(&(&b.path, b.line, &b.package)));
}

/// Audits `dependencies` against `database`.
pub fn audit(
    dependencies: &[&Dependency],
    root: &Path,
    database: &Database,
    settings: &AuditSettings,
) -> Result<AuditReport, DbError> {
    let mut notes = Vec::new();
    let mut warnings = Vec::new();
    if let Some(reason) = database.rebuilt() {
        warnings.push(format!("the database index was rebuilt ({reason})"));
    }
    if let Some(age) = database.age_seconds()
        && age > settings.stale_after_seconds
    {
        warnings.push(format!(
            "the vulnerability database is {} old; run `snakeguard db update`",
            crate::cache::describe_age(age)
        ));
    }

    let mut auditable: Vec<(&Dependency, &Version)> = Vec::new();
    let mut not_audited = Vec::new();
    for dependency in dependencies {
        match classify(dependency) {
            Ok(version) => auditable.push((dependency, version)),
            Err(Some(reason)) => not_audited.push(NotAudited {
                package: dependency.name.as_str().to_string(),
                path: display_path(&dependency.origin.path, root),
                line: dependency.origin.line,
                reason,
                covered_by: None,
            }),
            Err(None) => {}
        }
    }

    // One database read per package name, one package in memory at a time. Matching runs
    // on the match records; full records are decoded only for the advisories reported.
    let mut auditable_by_name: BTreeMap<&str, Vec<(&Dependency, &Version)>> = BTreeMap::new();
    for &(dependency, version) in &auditable {
        auditable_by_name
            .entry(dependency.name.as_str())
            .or_default()
            .push((dependency, version));
    }

    let mut ignore_used = vec![false; settings.ignores.len()];
    let mut packages = Vec::new();
    let mut ignored = Vec::new();
    let mut below_threshold = 0;
    for (name, dependencies) in &auditable_by_name {
        let Some(package) = database.package(name)? else {
            continue;
        };
        for &(dependency, version) in dependencies {
            let affecting = package.affecting(&Probe::new(version))?;
            if affecting.is_empty() {
                continue;
            }
            let compiled = affecting
                .iter()
                .map(|&index| package.compiled(index, &mut notes))
                .collect::<Result<Vec<_>, _>>()?;
            let matching: Vec<&CompiledAdvisory<'_>> = compiled.iter().collect();
            let mut vulnerabilities = Vec::new();
            for group in alias_groups(&matching) {
                let ids = group_ids(&group);
                if let Some(position) = settings
                    .ignores
                    .iter()
                    .position(|ignore| ids.iter().any(|id| id.eq_ignore_ascii_case(&ignore.id)))
                {
                    // Mark every ignore naming this group as used, not just the first.
                    for (index, ignore) in settings.ignores.iter().enumerate() {
                        if ids.iter().any(|id| id.eq_ignore_ascii_case(&ignore.id)) {
                            ignore_used[index] = true;
                        }
                    }
                    let ignore = &settings.ignores[position];
                    ignored.push(IgnoredVulnerability {
                        package: name.to_string(),
                        version: version.to_string(),
                        id: primary_id(&ids).to_string(),
                        ignored_as: ignore.id.clone(),
                        reason: ignore.reason.clone(),
                    });
                    continue;
                }
                vulnerabilities.push(merge_group(&group, &ids, name, version, &mut notes));
            }
            if vulnerabilities.is_empty() {
                continue;
            }
            // The package fix must clear every advisory of the package that is not ignored, also
            // those that do not affect the installed version but would affect the target (a
            // fix release that introduced another bug).
            let considered: Vec<usize> = (0..package.len())
                .filter(|&index| {
                    settings.ignores.is_empty()
                        || !package.ids(index).any(|id| {
                            settings
                                .ignores
                                .iter()
                                .any(|ignore| ignore.id.eq_ignore_ascii_case(id))
                        })
                })
                .collect();
            let fix_version = package
                .smallest_fix(version, &considered)?
                .map(|fix| fix.to_string());
            let before = vulnerabilities.len();
            if let Some(threshold) = settings.min_severity {
                vulnerabilities.retain(|vulnerability| vulnerability.severity >= threshold);
            }
            below_threshold += before - vulnerabilities.len();
            if vulnerabilities.is_empty() {
                continue;
            }
            vulnerabilities
                .sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.id.cmp(&b.id)));
            packages.push(VulnerablePackage {
                package: name.to_string(),
                version: version.to_string(),
                path: display_path(&dependency.origin.path, root),
                line: dependency.origin.line,
                format: dependency.origin.format,
                relation: dependency.relation,
                vulnerabilities,
                fix_version,
                dependency: (*dependency).clone(),
            });
        }
    }
    packages.sort_by(|a, b| (&a.path, a.line, &a.package).cmp(&(&b.path, b.line, &b.package)));

    let mut findings: Vec<Finding> = packages.iter().flat_map(package_findings).collect();
    sort_findings(&mut findings);

    // An unpinned entry is covered when the same package was audited at an exact version.
    let audited_at: BTreeMap<&str, String> = auditable
        .iter()
        .map(|(dependency, _)| {
            (
                dependency.name.as_str(),
                display_path(&dependency.origin.path, root),
            )
        })
        .collect();
    for entry in &mut not_audited {
        entry.covered_by = audited_at.get(entry.package.as_str()).cloned();
    }
    sort_not_audited(&mut not_audited);

    for (ignore, used) in settings.ignores.iter().zip(&ignore_used) {
        if !used {
            let origin = match ignore.origin {
                IgnoreOrigin::CommandLine => "--ignore-vuln",
                IgnoreOrigin::Config => "ignore-vulns",
            };
            warnings.push(format!(
                "{origin} {} matched no vulnerability of the audited dependencies",
                ignore.id
            ));
        }
    }
    ignored.sort_by(|a, b| (&a.package, &a.version, &a.id).cmp(&(&b.package, &b.version, &b.id)));
    notes.sort();
    notes.dedup();
    let components: BTreeSet<(String, String)> = auditable
        .iter()
        .map(|(dependency, version)| (dependency.name.as_str().to_string(), version.to_string()))
        .collect();
    Ok(AuditReport {
        components: components.into_iter().collect(),
        findings,
        packages,
        not_audited,
        ignored,
        audited: auditable.len(),
        below_threshold,
        warnings,
        notes,
    })
}

/// `Ok(version)` when the dependency can be audited; `Err(Some(reason))` when it cannot and
/// must be listed; `Err(None)` for an unpinned constraint, which asks for no install.
fn classify(dependency: &Dependency) -> Result<&Version, Option<NotAuditedReason>> {
    let reason = match &dependency.source {
        Source::Index { .. } => match &dependency.version {
            Some(version) => return Ok(version),
            None if dependency.constraint => return Err(None),
            None => NotAuditedReason::Unpinned {
                specifier: dependency.specifier.as_ref().map(ToString::to_string),
            },
        },
        Source::Editable { target } => NotAuditedReason::Editable {
            target: target.clone(),
        },
        Source::Url { url } => NotAuditedReason::Url { url: url.clone() },
        Source::Vcs { url, .. } => NotAuditedReason::Vcs { url: url.clone() },
        Source::Path { path } => NotAuditedReason::Path { path: path.clone() },
    };
    Err(Some(reason))
}

/// Groups advisories that share an id or alias (union-find over the id sets).
fn alias_groups<'a, 'b>(
    advisories: &[&'b CompiledAdvisory<'a>],
) -> Vec<Vec<&'b CompiledAdvisory<'a>>> {
    let mut parent: Vec<usize> = (0..advisories.len()).collect();
    let mut owner: BTreeMap<String, usize> = BTreeMap::new();
    for (index, advisory) in advisories.iter().enumerate() {
        for id in advisory.advisory.ids() {
            let key = id.to_ascii_uppercase();
            if let Some(&other) = owner.get(&key) {
                let a = find(&mut parent, index);
                let b = find(&mut parent, other);
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            } else {
                owner.insert(key, index);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<&CompiledAdvisory<'_>>> = BTreeMap::new();
    for (index, advisory) in advisories.iter().enumerate() {
        let root = find(&mut parent, index);
        groups.entry(root).or_default().push(advisory);
    }
    groups.into_values().collect()
}

fn find(parent: &mut [usize], mut index: usize) -> usize {
    while parent[index] != index {
        parent[index] = parent[parent[index]];
        index = parent[index];
    }
    index
}

fn group_ids(group: &[&CompiledAdvisory<'_>]) -> Vec<String> {
    let mut ids: Vec<String> = group
        .iter()
        .flat_map(|advisory| advisory.advisory.ids().map(str::to_string))
        .collect();
    ids.sort_by(|a, b| id_rank(a).cmp(&id_rank(b)).then_with(|| a.cmp(b)));
    ids.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    ids
}

/// Display preference: the Python ecosystem's own ids first.
fn id_rank(id: &str) -> u8 {
    if id.starts_with("PYSEC-") {
        0
    } else if id.starts_with("GHSA-") {
        1
    } else if id.starts_with("MAL-") {
        2
    } else if id.starts_with("CVE-") {
        4
    } else {
        3
    }
}

fn primary_id(ids: &[String]) -> &str {
    ids.first().map_or("", String::as_str)
}

fn merge_group(
    group: &[&CompiledAdvisory<'_>],
    ids: &[String],
    package: &str,
    installed: &Version,
    notes: &mut Vec<Note>,
) -> Vulnerability {
    let id = primary_id(ids).to_string();
    let aliases: Vec<String> = ids.iter().skip(1).cloned().collect();
    // The record that carries the primary id speaks first for the text fields.
    let mut records: Vec<&CompiledAdvisory<'_>> = group.to_vec();
    records.sort_by_key(|record| {
        (
            !record.advisory.id.eq_ignore_ascii_case(&id),
            id_rank(&record.advisory.id),
            record.advisory.id.clone(),
        )
    });
    let summary = records
        .iter()
        .find_map(|record| record.advisory.summary.clone());
    let published = records
        .iter()
        .find_map(|record| record.advisory.published.clone());
    let malicious = records.iter().any(|record| record.advisory.is_malicious());

    let mut best = None;
    for record in &records {
        if let Some(assessed) = assess(record.advisory, package, notes) {
            let better = match &best {
                None => true,
                Some(current) => better_assessment(&assessed, current),
            };
            if better {
                best = Some(assessed);
            }
        }
    }
    let default_level = if malicious {
        MALICIOUS_PACKAGE.default_severity
    } else {
        KNOWN_VULNERABILITY.default_severity
    };
    let (severity, score, vector, severity_source) = match best {
        // A malicious package is critical whatever a score says.
        _ if malicious => (default_level, None, None, "malicious".to_string()),
        Some(assessed) => (
            assessed.level,
            assessed.score,
            assessed.vector,
            assessed.source,
        ),
        None => (default_level, None, None, "unknown".to_string()),
    };

    let mut fixed: Vec<Version> = records
        .iter()
        .flat_map(|record| record.fixed_versions())
        .collect();
    fixed.sort();
    fixed.dedup();
    let fix_version = smallest_fix(installed, &records).map(|fix| fix.to_string());
    let mut references: Vec<String> = Vec::new();
    for record in &records {
        for reference in &record.advisory.references {
            if !references.contains(reference) {
                references.push(reference.clone());
            }
        }
    }
    references.truncate(4);
    Vulnerability {
        id,
        aliases,
        summary,
        severity,
        score,
        vector,
        severity_source,
        fix_version,
        fixed_versions: fixed.iter().map(ToString::to_string).collect(),
        malicious,
        references,
        published,
    }
}

fn better_assessment(
    candidate: &crate::severity::Assessed,
    current: &crate::severity::Assessed,
) -> bool {
    match (candidate.score, current.score) {
        (Some(a), Some(b)) => a > b,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => candidate.level > current.level,
    }
}

fn package_findings(package: &VulnerablePackage) -> Vec<Finding> {
    let dependency = &package.dependency;
    package
        .vulnerabilities
        .iter()
        .map(|vulnerability| {
            let ids = if vulnerability.aliases.is_empty() {
                vulnerability.id.clone()
            } else {
                format!(
                    "{} ({})",
                    vulnerability.id,
                    vulnerability.aliases.join(", ")
                )
            };
            let summary = vulnerability
                .summary
                .as_deref()
                .map(|summary| format!(": {}", summary.trim_end_matches('.')))
                .unwrap_or_default();
            let (rule, advice) = if vulnerability.malicious {
                (
                    &MALICIOUS_PACKAGE,
                    "remove it and treat machines that installed it as compromised".to_string(),
                )
            } else {
                (
                    &KNOWN_VULNERABILITY,
                    match &vulnerability.fix_version {
                        Some(fix) => format!("fixed in {fix}"),
                        None => "no fixed version is known".to_string(),
                    },
                )
            };
            let what = if vulnerability.malicious {
                "is a known malicious package"
            } else {
                "has a known vulnerability"
            };
            let message = format!(
                "{} {} {what}, {ids}{summary}; {advice}",
                package.package, package.version
            );
            let mut finding = Finding::new(
                rule,
                package.path.clone(),
                dependency.origin.span(),
                message,
            )
            .with_severity(vulnerability.severity)
            .with_snippet(dependency.requirement.clone())
            .with_fingerprint_key(format!("{}:{}", package.package, vulnerability.id))
            .with_extra("package", package.package.clone())
            .with_extra("version", package.version.clone())
            .with_extra("advisory", vulnerability.id.clone())
            .with_extra("aliases", vulnerability.aliases.clone())
            .with_extra("fixed_versions", vulnerability.fixed_versions.clone())
            .with_extra("severity_source", vulnerability.severity_source.clone());
            if let Some(fix) = &vulnerability.fix_version {
                finding = finding.with_extra("fix_version", fix.clone());
            }
            if let Some(summary) = &vulnerability.summary {
                finding = finding.with_extra("summary", summary.clone());
            }
            if let Some(score) = vulnerability.score {
                finding = finding.with_extra("cvss_score", score);
            }
            if let Some(vector) = &vulnerability.vector {
                finding = finding.with_extra("cvss_vector", vector.clone());
            }
            if !vulnerability.references.is_empty() {
                finding = finding.with_extra("references", vulnerability.references.clone());
            }
            finding
        })
        .collect()
}

/// `path` relative to `root` with `/` separators (as given when it is not under `root`).
pub(crate) fn display_path(path: &Path, root: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let text = relative.to_string_lossy().replace('\\', "/");
    let text = text.strip_prefix("./").unwrap_or(&text);
    if text.is_empty() {
        path.to_string_lossy().replace('\\', "/")
    } else {
        text.to_string()
    }
}

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use sg_diagnostics::{Finding, declare_rule};

use crate::manifest::Manifest;
use crate::model::{Dependency, Format, PackageName};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a package that a lock requirements file's packages depend on (directly or
    /// further down) but that the file does not pin. The dependency graph comes from a
    /// lockfile in the same directory, or else from the installed environment given with
    /// `--python` (or the active virtualenv).
    ///
    /// ## Why is this bad?
    /// pip installs unpinned transitive dependencies at whatever version is newest, so
    /// pinning only the direct dependencies leaves most of the installed code floating. Most
    /// supply-chain incidents arrive through a transitive dependency.
    ///
    /// ## Example
    /// ```text
    /// requests==2.32.3
    /// ```
    /// while the environment also holds `urllib3`, `idna`, `certifi` and
    /// `charset-normalizer` for `requests`.
    ///
    /// Use instead:
    /// ```text
    /// certifi==2024.8.30
    /// charset-normalizer==3.4.0
    /// idna==3.10
    /// requests==2.32.3
    /// urllib3==2.2.3
    /// ```
    /// (`pip-compile`, `uv pip compile` or `pip freeze` produce the full set.)
    ///
    /// ## References
    /// - <https://pip.pypa.io/en/stable/topics/repeatable-installs/>
    /// - <https://cwe.mitre.org/data/definitions/1357.html>
    pub static UNPINNED_TRANSITIVE_DEPENDENCY: Rule {
        code: "DEP106",
        name: "unpinned-transitive-dependency",
        scanner: Dependencies,
        severity: Medium,
        confidence: Medium,
        cwe: Some(1357),
        summary: "Transitive dependency not pinned in a lock requirements file",
    }
}

pub(crate) fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    for manifest in context.requirements_manifests() {
        if !context.is_lock_requirements(&manifest.path) {
            continue;
        }
        let Some((graph, graph_name)) = graph_for(context, manifest) else {
            continue;
        };
        let pinned: BTreeSet<&PackageName> = manifest
            .dependencies
            .iter()
            .map(|dependency| &dependency.name)
            .collect();
        // Breadth-first from the file's own requirements, in file order: the first root that
        // reaches a missing package is where it is reported.
        let mut reported = BTreeSet::new();
        for root in manifest.dependencies.iter().filter(|dependency| {
            dependency.origin.format == Format::Requirements && !dependency.constraint
        }) {
            let mut queue = VecDeque::from([(root.name.clone(), vec![root.name.clone()])]);
            let mut seen = BTreeSet::from([root.name.clone()]);
            while let Some((name, chain)) = queue.pop_front() {
                let Some(node) = graph.get(&name) else {
                    continue;
                };
                for required in &node.requires {
                    if !seen.insert(required.clone()) {
                        continue;
                    }
                    let mut next = chain.clone();
                    next.push(required.clone());
                    let Some(installed) = graph.get(required) else {
                        continue;
                    };
                    if !pinned.contains(required) && reported.insert(required.clone()) {
                        let version = installed
                            .version
                            .as_ref()
                            .map_or_else(String::new, |version| format!(" {version}"));
                        let chain_text = next
                            .iter()
                            .map(PackageName::as_str)
                            .collect::<Vec<_>>()
                            .join(" -> ");
                        findings.push(
                            context
                                .finding_at(
                                    &UNPINNED_TRANSITIVE_DEPENDENCY,
                                    root,
                                    format!(
                                        "`{required}`{version} is required through {chain_text} ({graph_name}) but not pinned in this file"
                                    ),
                                )
                                .with_fingerprint_key(required.to_string())
                                .with_extra("package", required.to_string()),
                        );
                    }
                    queue.push_back((required.clone(), next));
                }
            }
        }
    }
}

/// The dependency graph to compare a requirements file with: lockfiles in its directory,
/// else the environment.
fn graph_for<'a>(
    context: &Context<'a>,
    manifest: &Manifest,
) -> Option<(BTreeMap<PackageName, &'a Dependency>, String)> {
    let directory = manifest.path.parent();
    let locks: Vec<&Manifest> = context
        .lock_manifests()
        .filter(|lock| lock.path.parent() == directory && !lock.dependencies.is_empty())
        .collect();
    let (sources, description): (Vec<&Manifest>, String) = if locks.is_empty() {
        let environment = context.inventory.environment.as_ref()?;
        (vec![environment], "in the environment".to_string())
    } else {
        let names = locks
            .iter()
            .map(|lock| context.display_path(&lock.path))
            .collect::<Vec<_>>()
            .join(", ");
        (locks, format!("in {names}"))
    };
    let mut graph = BTreeMap::new();
    for source in sources {
        for dependency in &source.dependencies {
            graph.entry(dependency.name.clone()).or_insert(dependency);
        }
    }
    Some((graph, description))
}

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
        // One breadth-first walk from all of the file's own requirements, in file order:
        // each package is reached once, from the first root that leads to it, and keeps its
        // parent so the chain can be shown. Linear in the size of the graph.
        let roots: Vec<&Dependency> = manifest
            .dependencies
            .iter()
            .filter(|dependency| {
                dependency.origin.format == Format::Requirements && !dependency.constraint
            })
            .collect();
        let mut parent: BTreeMap<PackageName, Option<PackageName>> = BTreeMap::new();
        let mut root_of: BTreeMap<PackageName, usize> = BTreeMap::new();
        let mut queue = VecDeque::new();
        for (index, root) in roots.iter().enumerate() {
            if !parent.contains_key(&root.name) {
                parent.insert(root.name.clone(), None);
                root_of.insert(root.name.clone(), index);
                queue.push_back(root.name.clone());
            }
        }
        let mut missing = Vec::new();
        while let Some(name) = queue.pop_front() {
            let Some(node) = graph.get(&name) else {
                continue;
            };
            let root_index = root_of.get(&name).copied().unwrap_or(0);
            for required in &node.requires {
                if parent.contains_key(required) || !graph.contains_key(required) {
                    continue;
                }
                parent.insert(required.clone(), Some(name.clone()));
                root_of.insert(required.clone(), root_index);
                if !pinned.contains(required) {
                    missing.push(required.clone());
                }
                queue.push_back(required.clone());
            }
        }
        for required in missing {
            let (Some(installed), Some(root)) = (
                graph.get(&required),
                root_of.get(&required).and_then(|index| roots.get(*index)),
            ) else {
                continue;
            };
            let mut chain = vec![required.as_str().to_string()];
            let mut cursor = parent.get(&required).cloned().flatten();
            while let Some(step) = cursor {
                chain.push(step.as_str().to_string());
                cursor = parent.get(&step).cloned().flatten();
            }
            chain.reverse();
            let version = installed
                .version
                .as_ref()
                .map_or_else(String::new, |version| format!(" {version}"));
            let mut finding = context
                .finding_at(
                    &UNPINNED_TRANSITIVE_DEPENDENCY,
                    root,
                    format!(
                        "`{required}`{version} is required through {} ({graph_name}) but not pinned in this file",
                        chain.join(" -> ")
                    ),
                )
                .with_fingerprint_key(required.to_string())
                .with_extra("package", required.to_string());
            // The extras describe the missing package, not the line it is reported at.
            finding.extra.remove("version");
            if let Some(version) = &installed.version {
                finding = finding.with_extra("version", version.to_string());
            }
            findings.push(finding);
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

use std::collections::BTreeSet;

use sg_diagnostics::{Finding, declare_rule};

use crate::model::{Format, Source};
use crate::options::normalise_index;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a package index other than the configured ones (`index-urls` under
    /// `[tool.snakeguard.deps]`, PyPI by default): an `--index-url` or `--extra-index-url`
    /// line of a requirements file, and each lockfile or Poetry package whose source is
    /// another index.
    ///
    /// ## Why is this bad?
    /// pip gives every index the same trust and installs the highest version it finds on any
    /// of them. With an extra index, anyone who registers the same name on the other index
    /// with a higher version gets their code installed ("dependency confusion"). A package
    /// locked to an unexpected index is also a sign that a lock was tampered with.
    ///
    /// ## Example
    /// ```text
    /// --extra-index-url https://pypi.internal.example/simple
    /// internal-utils==1.4.0
    /// ```
    ///
    /// Use instead: serve internal packages from one index that proxies PyPI (one
    /// `--index-url`), or use a resolver that pins each package to one index (uv's
    /// `[[tool.uv.index]]` with `explicit = true`, Poetry's `priority = "explicit"`), and
    /// list the index in `index-urls`.
    ///
    /// ## References
    /// - <https://pip.pypa.io/en/stable/cli/pip_install/#finding-packages>
    /// - <https://medium.com/@alex.birsan/dependency-confusion-4a5d60fec610>
    /// - <https://cwe.mitre.org/data/definitions/427.html>
    pub static UNEXPECTED_INDEX: Rule {
        code: "DEP108",
        name: "unexpected-index",
        scanner: Dependencies,
        severity: High,
        confidence: Medium,
        cwe: Some(427),
        summary: "Package index other than the configured one",
    }
}

pub(crate) fn check(context: &Context<'_>, findings: &mut Vec<Finding>) {
    if context.options.index_urls.is_empty() {
        return;
    }
    let allowed: BTreeSet<String> = context
        .options
        .index_urls
        .iter()
        .map(|url| normalise_index(url))
        .collect();
    let expected = context.options.index_urls.join(", ");
    for manifest in context.requirements_manifests() {
        let options = &manifest.pip_options;
        for (option, values) in [
            ("--index-url", &options.index_urls),
            ("--extra-index-url", &options.extra_index_urls),
        ] {
            for value in values {
                if allowed.contains(&normalise_index(&value.value)) {
                    continue;
                }
                let why = if option == "--extra-index-url" {
                    "pip takes the highest version from any index, so a same-named package there wins"
                } else {
                    "every package is installed from it"
                };
                findings.push(context.finding_at_line(
                    &UNEXPECTED_INDEX,
                    &value.path,
                    value.line,
                    format!(
                        "{option} {} is not a configured index ({expected}): {why}",
                        value.value
                    ),
                    format!("{option} {}", value.value),
                ));
            }
        }
    }
    let dependencies = context
        .all_manifests()
        .filter(|manifest| manifest.format != Format::Requirements)
        .flat_map(|manifest| &manifest.dependencies);
    for dependency in dependencies {
        let Source::Index { url: Some(url) } = &dependency.source else {
            continue;
        };
        if allowed.contains(&normalise_index(url)) {
            continue;
        }
        findings.push(context.finding_at(
            &UNEXPECTED_INDEX,
            dependency,
            format!(
                "`{}` comes from index `{url}`, not a configured index ({expected})",
                dependency.name
            ),
        ));
    }
}

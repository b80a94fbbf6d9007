//! DSZ001: PyYAML's explicitly unsafe loading functions.

use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports calls to PyYAML's loading functions that build arbitrary Python objects:
    /// `yaml.unsafe_load`, `yaml.unsafe_load_all`, `yaml.full_load` and
    /// `yaml.full_load_all`, however they are imported (`from yaml import unsafe_load as ul`,
    /// `load = yaml.unsafe_load`).
    ///
    /// Bandit's B506 only looks at `yaml.load`; these functions pick the unsafe loader by
    /// name, so B506 never sees them.
    ///
    /// ## Why is this bad?
    /// `unsafe_load` honours `!!python/object/apply` and friends: a YAML document can call any
    /// importable function (`os.system`) while it is loaded. `full_load` uses `FullLoader`,
    /// which ran arbitrary code before PyYAML 5.4 (CVE-2020-14343) and still builds
    /// instances of any class the program has imported. Configuration files, API payloads
    /// and anything a user uploads are data, and data needs nothing beyond plain YAML types.
    ///
    /// ## Example
    /// ```python
    /// import yaml
    ///
    /// def read_manifest(stream):
    ///     return yaml.unsafe_load(stream)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import yaml
    ///
    /// def read_manifest(stream):
    ///     return yaml.safe_load(stream)
    /// ```
    ///
    /// ## References
    /// - <https://pyyaml.org/wiki/PyYAMLDocumentation>
    /// - <https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation>
    /// - <https://nvd.nist.gov/vuln/detail/CVE-2020-14343>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static YAML_UNSAFE_LOAD: Rule {
        code: "DSZ001",
        name: "yaml-unsafe-load",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "PyYAML loading function that builds arbitrary Python objects",
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    let [
        "yaml",
        function @ ("unsafe_load" | "unsafe_load_all" | "full_load" | "full_load_all"),
    ] = callee.segments()
    else {
        return;
    };
    let all = if function.ends_with("_all") {
        "_all"
    } else {
        ""
    };
    checker.report(checker.finding(
        &YAML_UNSAFE_LOAD,
        call.range(),
        format!(
            "`yaml.{function}` can build arbitrary Python objects and run code while loading; \
             use `yaml.safe_load{all}`"
        ),
    ));
}

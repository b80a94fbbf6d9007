use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `yaml.load(...)` (PyYAML) unless the loader is `SafeLoader` or `CSafeLoader`
    /// (as `Loader=` or as the second positional argument).
    ///
    /// Differences from Bandit: the callee is resolved through imports (Bandit reports any
    /// dotted name containing `yaml` and ending in `load`, such as `ruamel.yaml.load`, once
    /// the file imports `yaml`); the loader is resolved too, and `BaseLoader`/`CBaseLoader`,
    /// which only build strings, lists and dicts, are accepted as safe.
    ///
    /// ## Why is this bad?
    /// PyYAML's full and unsafe loaders build arbitrary Python objects from tags such as
    /// `!!python/object/apply:os.system`: loading a document from outside runs its code.
    ///
    /// ## Example
    /// ```python
    /// import yaml
    ///
    /// config = yaml.load(request.body, Loader=yaml.Loader)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import yaml
    ///
    /// config = yaml.safe_load(request.body)
    /// ```
    ///
    /// ## References
    /// - <https://pyyaml.org/wiki/PyYAMLDocumentation>
    /// - <https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b506_yaml_load.html>
    /// - <https://cwe.mitre.org/data/definitions/20.html>
    pub static YAML_LOAD: Rule {
        code: "B506",
        name: "yaml-load",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(20),
        summary: "yaml.load without a safe loader",
        aliases: ["yaml_load", "S506"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if callee.segments() != ["yaml", "load"] {
        return;
    }
    if let Some(loader) = call.arguments.find_argument_value("Loader", 1)
        && checker.resolve_qualified_name(loader).is_some_and(|name| {
            matches!(
                name.segments().last(),
                Some(&("SafeLoader" | "CSafeLoader" | "BaseLoader" | "CBaseLoader"))
            )
        })
    {
        return;
    }
    checker.report(checker.finding(
        &YAML_LOAD,
        call.range(),
        "Use of unsafe yaml load. Allows instantiation of arbitrary objects. Consider \
         yaml.safe_load()",
    ));
}

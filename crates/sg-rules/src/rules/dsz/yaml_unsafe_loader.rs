//! DSZ002: `yaml.load(..., Loader=<unsafe loader>)`.

use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `yaml.load` and `yaml.load_all` called with an unsafe loader class, as the
    /// `Loader=` keyword or the second positional argument: `yaml.Loader`,
    /// `yaml.UnsafeLoader`, `yaml.FullLoader` and their libyaml versions `yaml.CLoader`,
    /// `yaml.CUnsafeLoader`, `yaml.CFullLoader` (also when imported from `yaml.loader` /
    /// `yaml.cyaml` or through an alias such as `from yaml import Loader as L`).
    ///
    /// Bandit's B506 reports every `yaml.load` that is not given a safe loader, with the same
    /// medium severity whether the loader was forgotten or deliberately unsafe; this rule is
    /// the deliberate case, resolved by qualified name rather than by the loader's text.
    ///
    /// ## Why is this bad?
    /// `Loader`/`UnsafeLoader` construct any Python object a document names with
    /// `!!python/object/apply`, which is arbitrary code execution. `FullLoader` ran code
    /// before PyYAML 5.4 (CVE-2020-14343) and still instantiates any imported class. The
    /// libyaml `C` variants behave the same, only faster.
    ///
    /// ## Example
    /// ```python
    /// import yaml
    ///
    /// with open(path) as stream:
    ///     settings = yaml.load(stream, Loader=yaml.Loader)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import yaml
    ///
    /// with open(path) as stream:
    ///     settings = yaml.load(stream, Loader=yaml.SafeLoader)  # or yaml.safe_load(stream)
    /// ```
    ///
    /// ## References
    /// - <https://pyyaml.org/wiki/PyYAMLDocumentation>
    /// - <https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static YAML_UNSAFE_LOADER: Rule {
        code: "DSZ002",
        name: "yaml-unsafe-loader",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "yaml.load with a loader that builds arbitrary Python objects",
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(callee.segments(), ["yaml", "load" | "load_all"]) {
        return;
    }
    let Some(loader) = call
        .arguments
        .find_keyword("Loader")
        .map(|keyword| &keyword.value)
        .or_else(|| call.arguments.args.get(1))
    else {
        return;
    };
    let Some(loader_name) = unsafe_loader(checker, loader) else {
        return;
    };
    checker.report(checker.finding(
        &YAML_UNSAFE_LOADER,
        call.range(),
        format!(
            "`{callee}` with `Loader=yaml.{loader_name}` can build arbitrary Python objects and \
             run code; use `Loader=yaml.SafeLoader` or `yaml.safe_load`"
        ),
    ));
}

/// The unsafe loader class `expr` refers to (`UnsafeLoader`), if it is one.
fn unsafe_loader(checker: &Checker, expr: &Expr) -> Option<&'static str> {
    let name = checker.resolve_qualified_name(expr)?;
    let (["yaml", class] | ["yaml", "loader" | "cyaml", class]) = name.segments() else {
        return None;
    };
    [
        "Loader",
        "UnsafeLoader",
        "FullLoader",
        "CLoader",
        "CUnsafeLoader",
        "CFullLoader",
    ]
    .into_iter()
    .find(|unsafe_class| unsafe_class == class)
}

//! DSZ003: ruamel.yaml's unsafe loader.

use sg_python::ast::{Expr, ExprCall};
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;
use crate::rules::bandit::helpers::string_literal;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports ruamel.yaml set up to load arbitrary Python objects:
    /// `ruamel.yaml.YAML(typ="unsafe")` (also `typ=["unsafe"]`), and the old module-level API
    /// `ruamel.yaml.load` / `load_all` called without a loader (it defaulted to the unsafe
    /// one) or with `Loader=ruamel.yaml.Loader` / `UnsafeLoader`. Bandit has no ruamel check.
    ///
    /// ## Why is this bad?
    /// The unsafe constructor honours `!!python/object/apply` tags: loading a document can
    /// call any importable function, which is arbitrary code execution when the YAML comes
    /// from a user, a repository or the network. ruamel's default (`typ="rt"`, round-trip)
    /// and `typ="safe"` never build arbitrary objects.
    ///
    /// ## Example
    /// ```python
    /// from ruamel.yaml import YAML
    ///
    /// yaml = YAML(typ="unsafe")
    /// config = yaml.load(stream)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from ruamel.yaml import YAML
    ///
    /// yaml = YAML(typ="safe")
    /// config = yaml.load(stream)
    /// ```
    ///
    /// ## References
    /// - <https://yaml.dev/doc/ruamel.yaml/basicuse/>
    /// - <https://yaml.dev/doc/ruamel.yaml/api/>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static RUAMEL_YAML_UNSAFE: Rule {
        code: "DSZ003",
        name: "ruamel-yaml-unsafe",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "ruamel.yaml set up to build arbitrary Python objects",
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    match callee.segments() {
        ["ruamel", "yaml", "YAML"] | ["ruamel", "yaml", "main", "YAML"] => {
            let Some(typ) = call.arguments.find_keyword("typ") else {
                return;
            };
            if names_unsafe(&typ.value) {
                checker.report(checker.finding(
                    &RUAMEL_YAML_UNSAFE,
                    call.range(),
                    "`YAML(typ=\"unsafe\")` can build arbitrary Python objects and run code \
                     while loading; use `YAML(typ=\"safe\")`",
                ));
            }
        }
        ["ruamel", "yaml", function @ ("load" | "load_all")] => {
            let loader = call
                .arguments
                .find_keyword("Loader")
                .map(|keyword| &keyword.value)
                .or_else(|| call.arguments.args.get(1));
            let unsafe_loader = match loader {
                None => true,
                Some(loader) => checker.resolve_qualified_name(loader).is_some_and(|name| {
                    matches!(
                        name.segments(),
                        ["ruamel", "yaml", "Loader" | "UnsafeLoader"]
                            | ["ruamel", "yaml", "loader", "Loader" | "UnsafeLoader"]
                    )
                }),
            };
            if unsafe_loader {
                checker.report(checker.finding(
                    &RUAMEL_YAML_UNSAFE,
                    call.range(),
                    format!(
                        "`ruamel.yaml.{function}` without a safe loader can build arbitrary \
                         Python objects and run code; use `YAML(typ=\"safe\").load`"
                    ),
                ));
            }
        }
        _ => {}
    }
}

/// `"unsafe"`, or a list/tuple holding it.
fn names_unsafe(typ: &Expr) -> bool {
    match typ {
        Expr::List(list) => list.elts.iter().any(names_unsafe),
        Expr::Tuple(tuple) => tuple.elts.iter().any(names_unsafe),
        _ => string_literal(typ) == Some("unsafe"),
    }
}

//! DSZ011: `pickle.Unpickler` subclasses that do not override `find_class`.

use sg_python::Ranged;
use sg_python::ast::{Expr, Stmt, StmtClassDef};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a class that subclasses `pickle.Unpickler` (also `pickle._Unpickler`,
    /// `_pickle.Unpickler`, `dill.Unpickler`, `dill._dill.Unpickler`) and does not define
    /// `find_class` in its body.
    ///
    /// Bandit's B301 reports calls to `pickle.Unpickler`, not the classes derived from it,
    /// so a custom unpickler (the usual place a "safe" unpickler is attempted) goes unseen.
    ///
    /// ## Why is this bad?
    /// `find_class` is the one hook that decides which globals a pickle may import; every
    /// pickle exploit goes through it (`os.system`, `builtins.eval`). The Python docs'
    /// "Restricting Globals" recipe is exactly an `Unpickler` subclass that overrides
    /// `find_class` with an allowlist. A subclass without it only adds features to an
    /// unrestricted loader, and readers of the code may assume it is the safe variant.
    ///
    /// ## Example
    /// ```python
    /// import pickle
    ///
    /// class CacheUnpickler(pickle.Unpickler):
    ///     def persistent_load(self, pid):
    ///         return CACHE[pid]
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import pickle
    ///
    /// SAFE_GLOBALS = {("collections", "OrderedDict"), ("datetime", "datetime")}
    ///
    /// class CacheUnpickler(pickle.Unpickler):
    ///     def persistent_load(self, pid):
    ///         return CACHE[pid]
    ///
    ///     def find_class(self, module, name):
    ///         if (module, name) in SAFE_GLOBALS:
    ///             return super().find_class(module, name)
    ///         raise pickle.UnpicklingError(f"global {module}.{name} is forbidden")
    /// ```
    /// Better still, store the data as JSON or validate it with pydantic.
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/pickle.html#restricting-globals>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static UNPICKLER_WITHOUT_FIND_CLASS: Rule {
        code: "DSZ011",
        name: "unpickler-without-find-class",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "Unpickler subclass that does not restrict globals with find_class",
    }
}

pub(crate) fn check(checker: &Checker, class: &StmtClassDef) {
    let Some(base) = class.bases().iter().find_map(|base| {
        let name = checker.resolve_qualified_name(base)?;
        matches!(
            name.segments(),
            ["pickle" | "_pickle" | "cPickle" | "dill", "Unpickler"]
                | ["pickle", "_Unpickler"]
                | ["dill", "_dill", "Unpickler"]
        )
        .then(|| name.to_string())
    }) else {
        return;
    };
    if class.body.iter().any(defines_find_class) {
        return;
    }
    checker.report(checker.finding(
        &UNPICKLER_WITHOUT_FIND_CLASS,
        class.name.range(),
        format!(
            "`{}` subclasses `{base}` without overriding `find_class`, so it imports any \
             global a pickle names; override `find_class` with an allowlist, or use JSON",
            class.name
        ),
    ));
}

/// `def find_class(...)`, or `find_class = ...` in the class body.
fn defines_find_class(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::FunctionDef(function) => function.name.as_str() == "find_class",
        Stmt::Assign(assign) => assign
            .targets
            .iter()
            .any(|target| matches!(target, Expr::Name(name) if name.id.as_str() == "find_class")),
        Stmt::AnnAssign(assign) => {
            matches!(&*assign.target, Expr::Name(name) if name.id.as_str() == "find_class")
        }
        _ => false,
    }
}

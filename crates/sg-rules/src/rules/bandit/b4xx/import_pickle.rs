sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports imports of `pickle`, `cPickle`, `dill` and `shelve`. Unlike Bandit (a text prefix
    /// match), `pickletools` or `pickle5_compat` do not count as `pickle`.
    ///
    /// ## Why is this bad?
    /// Unpickling data runs code chosen by whoever wrote the data. The import is reported so that
    /// its uses get reviewed (B301 reports the loading calls).
    ///
    /// ## Example
    /// ```python
    /// import pickle
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import json
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/pickle.html>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html#b403-import-pickle>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static IMPORT_PICKLE: Rule {
        code: "B403",
        name: "import-pickle",
        scanner: Source,
        severity: Low,
        confidence: High,
        cwe: Some(502),
        summary: "Import of pickle or a module that wraps it",
        aliases: ["import_pickle", "S403"],
    }
}

/// The modules (and their submodules and members) this rule reports.
pub(crate) const MODULES: &[&str] = &["pickle", "cPickle", "dill", "shelve"];

pub(crate) fn message(name: &str) -> String {
    format!("Consider possible security implications associated with {name} module")
}

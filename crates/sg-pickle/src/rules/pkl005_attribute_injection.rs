//! PKL005: BUILD or item opcodes that modify imported objects or plant dunder attributes.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `BUILD`, `SETITEM(S)`, `APPEND(S)` or `ADDITEMS` applied to an imported global
    /// itself (a module or class, not an instance), and `BUILD` states that set dunder
    /// attributes such as `__setstate__` or `__reduce__`.
    ///
    /// ## Why is this bad?
    /// `BUILD` without a `__setstate__` method does `setattr` on its target: on a module or
    /// class it rewires code that runs later (modelscan issue #89). A first `BUILD` can plant
    /// an instance attribute named `__setstate__` that a second `BUILD` then calls. Neither
    /// happens in files written by `pickle.dump`, `torch.save` or `joblib.dump`.
    ///
    /// ## Example
    /// ```text
    ///  0: c    GLOBAL 'mypkg config'
    /// 14: }    EMPTY_DICT
    /// 15: ...  (sets 'VERIFY' = False)
    /// 30: b    BUILD
    /// ```
    ///
    /// Use instead: do not load the file.
    ///
    /// ## References
    /// - <https://github.com/protectai/modelscan/issues/89>
    /// - <https://docs.python.org/3/library/pickle.html#object.__setstate__>
    pub static ATTRIBUTE_INJECTION: Rule {
        code: "PKL005",
        name: "pickle-attribute-injection",
        scanner: Pickle,
        severity: High,
        confidence: High,
        cwe: Some(915),
        summary: "Pickle modifies an imported object or plants dunder attributes",
    }
}

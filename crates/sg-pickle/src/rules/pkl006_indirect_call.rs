//! PKL006: a call whose callable is not an imported global.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports `REDUCE`, `OBJ`, `NEWOBJ`, `NEWOBJ_EX` or `INST` calls whose callable is not an
    /// imported global but a value built while loading: the result of another call, a
    /// persistent-id object, or an out-of-band buffer.
    ///
    /// ## Why is this bad?
    /// The real target of such a call is decided at load time (for example the function that
    /// `getattr(module, name)` returned), so the allowlist cannot vouch for it. Files written
    /// by `pickle.dump` only call what they import.
    ///
    /// ## Example
    /// ```text
    /// 40: R    REDUCE   # returns builtins.getattr(obj, 'system')
    /// 41: (    MARK
    /// 42: V    UNICODE 'id'
    /// 46: t    TUPLE
    /// 47: R    REDUCE   # calls the returned function
    /// ```
    ///
    /// Use instead: do not load the file.
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/pickle.html#object.__reduce__>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static INDIRECT_CALL: Rule {
        code: "PKL006",
        name: "pickle-indirect-call",
        scanner: Pickle,
        severity: High,
        confidence: Medium,
        cwe: Some(502),
        summary: "Pickle calls a value built at load time instead of an imported global",
    }
}

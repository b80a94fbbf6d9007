//! PKL003: a STACK_GLOBAL whose module or name is not a literal string.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a `STACK_GLOBAL` whose module or name operand is not a string literal in the
    /// stream (directly or through the memo): the result of a call, a persistent-id object,
    /// a truncated string, or any other value built while loading.
    ///
    /// ## Why is this bad?
    /// A name computed at load time cannot be judged statically, and hiding the imported name
    /// behind memo tricks or a call is how several picklescan bypasses worked. Whatever it
    /// resolves to, it is never known to be safe.
    ///
    /// ## Example
    /// ```text
    ///  0: \x8c SHORT_BINUNICODE 'builtins'
    /// 10: \x8c SHORT_BINUNICODE 'getattr'
    /// 19: \x93 STACK_GLOBAL
    ///  …  R    REDUCE          # returns a string
    ///  …  \x93 STACK_GLOBAL    # imports the computed name
    /// ```
    ///
    /// Use instead: do not load the file; a legitimate model file never computes the names it
    /// imports.
    ///
    /// ## References
    /// - <https://github.com/mmaitre314/picklescan/issues/22>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static DYNAMIC_IMPORT: Rule {
        code: "PKL003",
        name: "pickle-dynamic-import",
        scanner: Pickle,
        severity: High,
        confidence: High,
        cwe: Some(502),
        summary: "Pickle imports a name that is computed while loading",
    }
}

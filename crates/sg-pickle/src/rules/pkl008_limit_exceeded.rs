//! PKL008: a pickle that exceeds the configured limits.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a pickle whose memo, stack depth or size exceeds `max-memo`,
    /// `max-stack-depth` or `max-pickle-size`, or whose nesting is too deep. The scan of that
    /// pickle stops at the reported offset, so anything after it was not checked.
    ///
    /// ## Why is this bad?
    /// Memo and stack expansion ("billion laughs") exhaust the loader's memory; and a file
    /// that was only partly checked must not pass as clean.
    ///
    /// ## Example
    /// A pickle with two million `MEMOIZE` opcodes under the default `max-memo = 1000000`.
    ///
    /// Use instead: raise the limit in `[tool.snakeguard.pickle]` if the file is trusted and
    /// legitimately that large:
    /// ```toml
    /// [tool.snakeguard.pickle]
    /// max-memo = 5000000
    /// ```
    ///
    /// ## References
    /// - <https://github.com/trailofbits/fickling>
    /// - <https://cwe.mitre.org/data/definitions/400.html>
    pub static LIMIT_EXCEEDED: Rule {
        code: "PKL008",
        name: "pickle-limit-exceeded",
        scanner: Pickle,
        severity: Medium,
        confidence: High,
        cwe: Some(400),
        summary: "Pickle exceeds a scan limit and was checked only in part",
    }
}

//! PKL004: EXT1/EXT2/EXT4 imports through the copyreg extension registry.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports the `EXT1`, `EXT2` and `EXT4` opcodes, which import whatever global the
    /// loading process registered under an integer code with `copyreg.add_extension`.
    ///
    /// ## Why is this bad?
    /// The registry is empty by default and its content depends on the process that loads
    /// the file, so the import cannot be resolved statically. No common library writes these
    /// opcodes; they are a way to hide an import from scanners.
    ///
    /// ## Example
    /// ```text
    /// 2: \x82 EXT1  42
    /// ```
    ///
    /// Use instead: do not load the file, or re-save the data without extension codes.
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/copyreg.html>
    /// - <https://peps.python.org/pep-0307/#the-extension-registry>
    pub static EXTENSION_IMPORT: Rule {
        code: "PKL004",
        name: "pickle-extension-import",
        scanner: Pickle,
        severity: High,
        confidence: High,
        cwe: Some(502),
        summary: "Pickle imports through an extension code that cannot be resolved statically",
    }
}

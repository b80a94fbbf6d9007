//! PKL010: a model container snakeguard cannot read.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a model or pickle file in a container snakeguard does not read: 7z archives,
    /// joblib files compressed with bzip2, xz/lzma or lz4, and zip members stored with a
    /// compression method other than stored or deflate.
    ///
    /// ## Why is this bad?
    /// A file that was not read was not checked. It must not pass as clean.
    ///
    /// ## Example
    /// A `model.7z` holding a PyTorch checkpoint, or `joblib.dump(model, "m.joblib",
    /// compress="lz4")`.
    ///
    /// Use instead: unpack or re-save the file (`joblib.dump(model, path)` without
    /// compression, or `compress="zlib"`) and scan the result.
    ///
    /// ## References
    /// - <https://joblib.readthedocs.io/en/stable/persistence.html>
    /// - <https://www.7-zip.org/7z.html>
    pub static UNSUPPORTED_FORMAT: Rule {
        code: "PKL010",
        name: "model-format-unsupported",
        scanner: Pickle,
        severity: Medium,
        confidence: High,
        cwe: None,
        summary: "Model file is in a container that snakeguard cannot read",
    }
}

//! PKL007: a pickle or model file that does not parse.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a pickle stream that the unpickler would reject (invalid opcode, truncated
    /// data, stack underflow, missing MARK, unknown memo index, unsupported protocol, FRAME
    /// lengths past the end or overlapping frames), a model file whose container is broken,
    /// and a file with a model extension that is not a pickle at all. The finding carries the
    /// byte offset; imports seen before the break are reported by their own rules.
    ///
    /// ## Why is this bad?
    /// Pickle runs opcodes as it reads them: a stream cut off right after a malicious `REDUCE`
    /// has already run it when the loader raises. Other scanners counted "could not parse" as
    /// clean; snakeguard never does.
    ///
    /// ## Example
    /// ```text
    ///  0: \x80 PROTO  4
    ///  2: \x95 FRAME  1000   # only 40 bytes follow
    /// ```
    ///
    /// Use instead: obtain the file again from its source and verify its checksum.
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/pickletools.html>
    /// - <https://github.com/mmaitre314/picklescan/issues/52>
    pub static MALFORMED: Rule {
        code: "PKL007",
        name: "pickle-malformed",
        scanner: Pickle,
        severity: Medium,
        confidence: High,
        cwe: Some(20),
        summary: "Pickle or model file is malformed or truncated",
    }
}

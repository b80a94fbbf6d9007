//! PKL002: a pickle imports something that is not on the allowlist.

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a pickle that imports a global which is neither on snakeguard's exact-match
    /// allowlist (plain data types, `collections.OrderedDict`, `copyreg._reconstructor`,
    /// torch storages and `torch._utils._rebuild_*`, numpy `_reconstruct`/`ndarray`/`dtype`,
    /// common scikit-learn estimators…) nor known dangerous (PKL001).
    ///
    /// Medium severity by default; `--strict` (or `strict = true`) reports it at high severity
    /// so that it fails a build. Add the names your models legitimately use to
    /// `[tool.snakeguard.pickle] allow`.
    ///
    /// ## Why is this bad?
    /// Importing a module runs its code, and calling an arbitrary callable with
    /// attacker-chosen arguments is how every scanner bypass so far worked: denylists miss new
    /// gadgets (`pkgutil.resolve_name`, `pip.main`, profilers). An unknown import is never
    /// silently safe.
    ///
    /// ## Example
    /// ```text
    /// 20: \x93 STACK_GLOBAL ('mypkg.models', 'Net')
    /// ```
    ///
    /// Use instead: save only the weights (`torch.save(model.state_dict())`, safetensors), or
    /// allow the class after reviewing it:
    /// ```toml
    /// [tool.snakeguard.pickle]
    /// allow = ["mypkg.models.Net"]
    /// ```
    ///
    /// ## References
    /// - <https://pytorch.org/docs/stable/notes/serialization.html#weights-only>
    /// - <https://github.com/mmaitre314/picklescan/issues/66>
    /// - <https://cwe.mitre.org/data/definitions/502.html>
    pub static UNKNOWN_IMPORT: Rule {
        code: "PKL002",
        name: "pickle-unknown-import",
        scanner: Pickle,
        severity: Medium,
        confidence: Medium,
        cwe: Some(502),
        summary: "Pickle imports a global that is not on the allowlist",
    }
}

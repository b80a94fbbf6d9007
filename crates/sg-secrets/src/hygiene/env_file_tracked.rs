use sg_diagnostics::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `.env` file that is tracked by git (committed), whether or not `.gitignore`
    /// lists it now: ignoring a file does not untrack it.
    ///
    /// ## Why is this bad?
    /// Everything in the file is in the repository's history, its clones and forks. The
    /// values in it must be treated as leaked.
    ///
    /// ## Example
    /// `git ls-files` lists `.env`.
    ///
    /// Use instead: rotate every credential the file held, then untrack it and ignore it:
    /// ```text
    /// git rm --cached .env
    /// echo .env >> .gitignore
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository>
    pub static ENV_FILE_TRACKED: Rule {
        code: "SEC002",
        name: "env-file-committed",
        scanner: Secrets,
        severity: High,
        confidence: High,
        cwe: Some(538),
        summary: "`.env` file is tracked by git",
    }
}

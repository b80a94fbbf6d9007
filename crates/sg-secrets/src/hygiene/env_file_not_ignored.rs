use sg_diagnostics::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `.env` file (`.env`, `.env.local`, `.env.production`, `prod.env`, …) that
    /// `.gitignore` does not ignore. Template files meant to be committed (`.env.example`,
    /// `.env.sample`, `.env.template`, `.env.dist`, `.env.defaults`) are not reported.
    ///
    /// ## Why is this bad?
    /// `.env` files hold the real credentials of an environment. One `git add .` away from
    /// the repository, they leak into history, forks and CI logs.
    ///
    /// ## Example
    /// A project with `.env` next to `manage.py` and a `.gitignore` without `.env`.
    ///
    /// Use instead: add the files to `.gitignore`, and commit a `.env.example` with
    /// placeholder values:
    /// ```text
    /// .env
    /// .env.*
    /// !.env.example
    /// ```
    ///
    /// ## References
    /// - <https://git-scm.com/docs/gitignore>
    /// - <https://12factor.net/config>
    pub static ENV_FILE_NOT_IGNORED: Rule {
        code: "SEC001",
        name: "env-file-not-ignored",
        scanner: Secrets,
        severity: Medium,
        confidence: High,
        cwe: Some(538),
        summary: "`.env` file is not ignored by git",
    }
}

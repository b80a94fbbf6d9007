use sg_python::Ranged;
use sg_python::ast::{Expr, FStringPart, InterpolatedStringElement};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports string literals (and the leading text of f-strings) that start with a
    /// shared temporary directory: `/tmp`, `/var/tmp`, `/dev/shm` by default, configurable as
    /// `hardcoded_tmp_directory.tmp_dirs`.
    ///
    /// ## Why is this bad?
    /// Every user on the machine can create files in these directories. A fixed name there
    /// can be pre-created or replaced by a symlink by another user (a race between the check
    /// and the use), so the program reads or overwrites a file it did not mean to.
    ///
    /// ## Example
    /// ```python
    /// with open("/tmp/report.csv", "w") as out:
    ///     ...
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import tempfile
    ///
    /// with tempfile.NamedTemporaryFile("w", suffix=".csv") as out:
    ///     ...
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/tempfile.html>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b108_hardcoded_tmp_directory.html>
    /// - <https://cwe.mitre.org/data/definitions/377.html>
    pub static HARDCODED_TMP_DIRECTORY: Rule {
        code: "B108",
        name: "hardcoded-tmp-directory",
        scanner: Source,
        severity: Medium,
        confidence: Medium,
        cwe: Some(377),
        summary: "Probable insecure usage of a temporary file or directory",
        aliases: ["hardcoded_tmp_directory", "S108"],
    }
}

pub(crate) fn check(checker: &Checker, expr: &Expr) {
    let text = match expr {
        Expr::StringLiteral(literal) => literal.value.to_str(),
        Expr::FString(fstring) => match fstring.value.iter().next() {
            Some(FStringPart::Literal(literal)) => literal.as_str(),
            Some(FStringPart::FString(fstring)) => match fstring.elements.iter().next() {
                Some(InterpolatedStringElement::Literal(literal)) => literal.value.as_ref(),
                _ => return,
            },
            None => return,
        },
        _ => return,
    };
    let tmp_dirs = &checker.options().hardcoded_tmp_directory.tmp_dirs;
    if tmp_dirs.iter().any(|dir| text.starts_with(dir.as_str())) {
        checker.report(checker.finding(
            &HARDCODED_TMP_DIRECTORY,
            expr.range(),
            "Probable insecure usage of temp file/directory",
        ));
    }
}

//! Findings about the scan itself (`SG`): they tell the user what snakeguard could not check.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a Python file (or notebook cell) that does not parse, with the position of the
    /// first syntax error. Rules still run on the part of the file that parsed.
    ///
    /// ## Why is this bad?
    /// Code that does not parse cannot be checked completely: a finding could hide behind the
    /// error. It is also often a file that the project never runs, or one written for another
    /// Python version.
    ///
    /// ## Example
    /// ```python
    /// def broken(:
    ///     pickle.loads(data)
    /// ```
    ///
    /// Use instead: fix the syntax error, or exclude the file with `--exclude` if it is a
    /// deliberate test fixture.
    ///
    /// ## References
    /// - <https://docs.python.org/3/reference/grammar.html>
    pub static SYNTAX_ERROR: Rule {
        code: "SG001",
        name: "syntax-error",
        scanner: Tool,
        severity: Low,
        confidence: High,
        cwe: None,
        summary: "File does not parse; it was checked only in part",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a file whose analysis failed inside snakeguard (an internal error). The rest of
    /// the scan goes on; only this file's results from the failing scanner are missing.
    ///
    /// ## Why is this bad?
    /// A file that was not analysed may hide real problems. This is a bug in snakeguard: please
    /// report it with the file if you can share it.
    ///
    /// ## Example
    /// Any input that triggers an internal error.
    ///
    /// Use instead: nothing to change in your code; exclude the file until the bug is fixed.
    ///
    /// ## References
    /// - The snakeguard issue tracker
    pub static ANALYSIS_FAILED: Rule {
        code: "SG002",
        name: "analysis-failed",
        scanner: Tool,
        severity: Medium,
        confidence: High,
        cwe: None,
        summary: "Analysis of this file failed inside snakeguard",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a file that matched a scanner but could not be read (permissions, a broken
    /// link, an I/O error) or was skipped as too deeply nested to analyse safely.
    ///
    /// ## Why is this bad?
    /// What is not read is not checked. A scan that silently skips files gives false comfort.
    ///
    /// ## Example
    /// A `settings.py` that the scanning user cannot read.
    ///
    /// Use instead: make the file readable, or exclude it explicitly with `--exclude`.
    ///
    /// ## References
    /// - <https://cwe.mitre.org/data/definitions/1059.html>
    pub static FILE_NOT_ANALYSED: Rule {
        code: "SG003",
        name: "file-not-analysed",
        scanner: Tool,
        severity: Low,
        confidence: High,
        cwe: None,
        summary: "File could not be read or analysed completely",
    }
}

declare_rule! {
    /// ## What it does
    /// With `--show-unused-suppressions`, reports a `# nosec` or `# noqa` comment that
    /// suppressed nothing, or names a rule that did not fire on its statement.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding on that line. Bandit warns "nosec
    /// encountered, but no failed test"; this makes it a finding you can gate on.
    ///
    /// ## Example
    /// ```python
    /// data = json.loads(body)  # nosec B301
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// data = json.loads(body)
    /// ```
    ///
    /// ## References
    /// - <https://bandit.readthedocs.io/en/latest/config.html#exclusions>
    pub static UNUSED_SUPPRESSION: Rule {
        code: "SG004",
        name: "unused-suppression",
        scanner: Tool,
        severity: Low,
        confidence: High,
        cwe: None,
        summary: "Suppression comment that suppressed nothing",
    }
}

/// The `SG` rules in code order.
pub fn rules() -> &'static [&'static crate::Rule] {
    static RULES: [&crate::Rule; 4] = [
        &SYNTAX_ERROR,
        &ANALYSIS_FAILED,
        &FILE_NOT_ANALYSED,
        &UNUSED_SUPPRESSION,
    ];
    &RULES
}

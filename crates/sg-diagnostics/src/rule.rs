//! Rule metadata: what `snakeguard rule CODE` prints and what SARIF's rule table carries.
//!
//! A rule's documentation is its doc comment. The [`declare_rule!`](crate::declare_rule) macro
//! captures the `///` lines into [`Rule::doc`], so the text a user reads is the text next to
//! the code, compiled into the binary.

/// Which scanner a rule belongs to; used for grouping in summaries and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scanner {
    /// Bandit-compatible source checks (`B…`) and deserialization rules (`DSZ`).
    Source,
    /// Untrusted input reaching a dangerous sink (`TNT`).
    Taint,
    /// Endpoint, framework and JWT rules (`API`, `JWT`).
    Api,
    /// Hardcoded credentials (`SEC`).
    Secrets,
    /// Pickle and model files (`PKL`).
    Pickle,
    /// Dependency pinning, typosquats and known vulnerabilities (`DEP`).
    Dependencies,
    /// Findings about the scan itself (`SG`).
    Tool,
}

impl Scanner {
    pub const ALL: [Scanner; 7] = [
        Scanner::Source,
        Scanner::Taint,
        Scanner::Api,
        Scanner::Secrets,
        Scanner::Pickle,
        Scanner::Dependencies,
        Scanner::Tool,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scanner::Source => "source",
            Scanner::Taint => "taint",
            Scanner::Api => "api",
            Scanner::Secrets => "secrets",
            Scanner::Pickle => "pickle",
            Scanner::Dependencies => "dependencies",
            Scanner::Tool => "tool",
        }
    }
}

impl std::fmt::Display for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The sections every rule doc must have, in this order.
pub const REQUIRED_DOC_SECTIONS: [&str; 4] = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## References",
];

/// Static metadata of one rule.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// `B301`, `DSZ002`, `PKL001`…: stable, used in `--select`, `# nosec` and baselines.
    pub code: &'static str,
    /// Kebab-case name that reads well after "allow": `pickle-loads`.
    pub name: &'static str,
    pub scanner: Scanner,
    pub default_severity: crate::Severity,
    pub default_confidence: crate::Confidence,
    pub cwe: Option<u32>,
    /// One line, no trailing period: the short description in rule lists and SARIF.
    pub summary: &'static str,
    /// Raw doc-comment text (each line keeps the single leading space `///` leaves).
    pub doc: &'static str,
    /// Other spellings accepted in suppressions and selections: Bandit test names
    /// (`blacklist`, `hardcoded_password_string`) and Ruff codes (`S301`).
    pub aliases: &'static [&'static str],
}

impl Rule {
    /// The rule documentation as Markdown, with the doc-comment indentation removed.
    pub fn doc_markdown(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }

    /// Required doc sections this rule lacks (empty when the doc is complete).
    pub fn missing_doc_sections(&self) -> Vec<&'static str> {
        let doc = self.doc_markdown();
        REQUIRED_DOC_SECTIONS
            .iter()
            .copied()
            .filter(|section| !doc.lines().any(|line| line.trim_end() == *section))
            .collect()
    }

    /// Whether `selector` (a code, a code prefix such as `B3`, a kebab-case name or an alias)
    /// picks this rule. `ALL` picks every rule.
    pub fn matches_selector(&self, selector: &str) -> bool {
        selector.eq_ignore_ascii_case("ALL")
            || self.code.starts_with(selector)
            || self.name == selector
            || self.aliases.contains(&selector)
    }

    /// Whether `word` names exactly this rule (code, name or alias): used for `# nosec B301`.
    pub fn is_named(&self, word: &str) -> bool {
        self.code.eq_ignore_ascii_case(word)
            || self.name == word
            || self
                .aliases
                .iter()
                .any(|alias| alias.eq_ignore_ascii_case(word))
    }
}

/// Declares a `static` [`Rule`] whose `doc` is the doc comment written above it.
///
/// ```
/// sg_diagnostics::declare_rule! {
///     /// ## What it does
///     /// Checks for a thing.
///     ///
///     /// ## Why is this bad?
///     /// Because.
///     ///
///     /// ## Example
///     /// ```python
///     /// thing()
///     /// ```
///     ///
///     /// Use instead:
///     /// ```python
///     /// other()
///     /// ```
///     ///
///     /// ## References
///     /// - <https://example.org>
///     pub static THING: Rule {
///         code: "X001",
///         name: "thing",
///         scanner: Source,
///         severity: Low,
///         confidence: High,
///         cwe: Some(1),
///         summary: "Use of a thing",
///     }
/// }
/// assert!(THING.missing_doc_sections().is_empty());
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident: Rule {
            code: $code:literal,
            name: $name:literal,
            scanner: $scanner:ident,
            severity: $severity:ident,
            confidence: $confidence:ident,
            cwe: $cwe:expr,
            summary: $summary:literal
            $(, aliases: [$($alias:literal),* $(,)?])?
            $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis static $ident: $crate::Rule = $crate::Rule {
            code: $code,
            name: $name,
            scanner: $crate::Scanner::$scanner,
            default_severity: $crate::Severity::$severity,
            default_confidence: $crate::Confidence::$confidence,
            cwe: $cwe,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
            aliases: &[$($($alias),*)?],
        };
    };
}

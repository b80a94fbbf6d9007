//! The TNT rules: one per sink class. Every TNT finding is a proven flow from a source to a
//! sink inside one file, so every rule is high severity and high confidence; the message
//! names the kind of input and the sink, and the finding carries the trace.
//!
//! How TNT relates to the pattern rules (this text is repeated in each rule's doc): the
//! Bandit-compatible rules (`B301`, `B602`, `B608`…) and `DSZ` report a dangerous call
//! whatever its argument is, with Bandit's severity and confidence, so results stay
//! comparable with Bandit. TNT reports the same calls only when the analysis proves that
//! request data (or `input()`, or socket data) reaches them, and then always as high/high.
//! Teams that want only proven problems run `--select TNT` or `--severity high`; a pattern
//! finding on the same line says the call exists, the TNT finding says it is exploitable.

use sg_diagnostics::Rule;

pub mod code_eval;
pub mod command;
pub mod deserialization;
pub mod dynamic_import;
pub mod open_redirect;
pub mod path_traversal;
pub mod sql;
pub mod ssrf;
pub mod template;

/// The classes of sinks, one rule each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u16)]
pub enum SinkClass {
    Deserialization,
    Command,
    CodeEval,
    Sql,
    Template,
    Path,
    Url,
    Redirect,
    Import,
}

impl SinkClass {
    pub const ALL: [SinkClass; 9] = [
        SinkClass::Deserialization,
        SinkClass::Command,
        SinkClass::CodeEval,
        SinkClass::Sql,
        SinkClass::Template,
        SinkClass::Path,
        SinkClass::Url,
        SinkClass::Redirect,
        SinkClass::Import,
    ];

    pub fn rule(self) -> &'static Rule {
        match self {
            SinkClass::Deserialization => &deserialization::TAINTED_DESERIALIZATION,
            SinkClass::Command => &command::TAINTED_COMMAND,
            SinkClass::CodeEval => &code_eval::TAINTED_CODE_EVAL,
            SinkClass::Sql => &sql::TAINTED_SQL,
            SinkClass::Template => &template::TAINTED_TEMPLATE,
            SinkClass::Path => &path_traversal::TAINTED_PATH,
            SinkClass::Url => &ssrf::TAINTED_URL,
            SinkClass::Redirect => &open_redirect::TAINTED_REDIRECT,
            SinkClass::Import => &dynamic_import::TAINTED_IMPORT,
        }
    }

    /// What the input reaching this sink lets an attacker do, and what to do instead: the
    /// second half of every message.
    pub(crate) fn advice(self) -> &'static str {
        match self {
            SinkClass::Deserialization => {
                "deserializing it can run attacker code; parse JSON or validate with pydantic \
                 (`model_validate_json`), and load models with `weights_only=True`/safetensors"
            }
            SinkClass::Command => {
                "it can run arbitrary commands; pass a fixed program and an argument list \
                 without `shell=True`, or quote with `shlex.quote`"
            }
            SinkClass::CodeEval => {
                "it runs as Python code; use `ast.literal_eval`, `json.loads` or a lookup table"
            }
            SinkClass::Sql => {
                "it can change the SQL statement; pass values as query parameters \
                 (`execute(sql, params)`) instead of building the string"
            }
            SinkClass::Template => {
                "template syntax in it runs on the server; render a fixed template and pass the \
                 input as a context variable"
            }
            SinkClass::Path => {
                "`../` in it reaches files outside the intended folder; use `secure_filename` / \
                 `os.path.basename` or check the resolved path stays under the base folder"
            }
            SinkClass::Url => {
                "the server will fetch any URL, internal ones included; check the host against an \
                 allowlist or keep the host fixed"
            }
            SinkClass::Redirect => {
                "users can be sent to any site; redirect only to local paths or allowlisted hosts \
                 (`url_has_allowed_host_and_scheme`)"
            }
            SinkClass::Import => {
                "importing a module named by the input runs its code; map the input to an \
                 allowlisted module name"
            }
        }
    }

    /// Short name used in trace steps (`sink (SQL)`).
    pub(crate) fn label(self) -> &'static str {
        match self {
            SinkClass::Deserialization => "deserialization",
            SinkClass::Command => "command",
            SinkClass::CodeEval => "code evaluation",
            SinkClass::Sql => "SQL",
            SinkClass::Template => "template",
            SinkClass::Path => "file path",
            SinkClass::Url => "outgoing URL",
            SinkClass::Redirect => "redirect",
            SinkClass::Import => "import",
        }
    }
}

static RULES: [&Rule; 9] = [
    &deserialization::TAINTED_DESERIALIZATION,
    &command::TAINTED_COMMAND,
    &code_eval::TAINTED_CODE_EVAL,
    &sql::TAINTED_SQL,
    &template::TAINTED_TEMPLATE,
    &path_traversal::TAINTED_PATH,
    &ssrf::TAINTED_URL,
    &open_redirect::TAINTED_REDIRECT,
    &dynamic_import::TAINTED_IMPORT,
];

/// Every TNT rule, in code order.
pub fn rules() -> &'static [&'static Rule] {
    &RULES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_in_code_order_with_complete_docs() {
        let codes: Vec<&str> = rules().iter().map(|rule| rule.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
        for (class, rule) in SinkClass::ALL.iter().zip(rules()) {
            assert!(std::ptr::eq(class.rule(), *rule), "{}", rule.code);
            assert_eq!(
                rule.missing_doc_sections(),
                Vec::<&str>::new(),
                "{}",
                rule.code
            );
            assert!(rule.doc.contains("Use instead:"), "{}", rule.code);
            assert!(
                rule.doc.contains("## How it relates to"),
                "{} does not explain TNT versus the pattern rules",
                rule.code
            );
            assert!(!rule.summary.ends_with('.'), "{}", rule.code);
            assert_eq!(rule.scanner, sg_diagnostics::Scanner::Taint);
            assert_eq!(rule.default_severity, sg_diagnostics::Severity::High);
            assert_eq!(rule.default_confidence, sg_diagnostics::Confidence::High);
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            );
        }
    }
}

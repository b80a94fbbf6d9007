//! The secret rule table: TOML data compiled into the binary, parsed once.
//!
//! Secret rules are data, not code: each `[[rule]]` table in `crates/sg-secrets/rules/*.toml`
//! describes one format. Adding a provider means adding a table, with examples, and running
//! the tests. The schema (keys in kebab-case, unknown keys are errors):
//!
//! ```toml
//! [[rule]]
//! id = "SEC133"                 # stable code; SEC1xx/SEC2xx providers, SEC3xx key material
//! name = "github-pat"           # kebab-case, reads well after "allow"
//! summary = "GitHub personal access token (classic)"   # one line, no trailing period
//! description = "Finds …"       # becomes "## What it does"
//! severity = "critical"         # low | medium | high (default) | critical
//! confidence = "high"           # low | medium | high (default)
//! regex = '''\b(ghp_[A-Za-z0-9]{36})\b'''   # the secret is group `secret`, else group 1
//! keywords = ["ghp_"]           # the rule runs only on lines holding one of them
//! case-sensitive-keywords = false
//! entropy = 3.0                 # minimum Shannon entropy of the secret (bits per char)
//! checksum = "github-crc32"     # github-crc32 | jwt | discord-bot | basic-auth
//! multiline = false             # run on the whole file (PEM blocks), not on lines
//! fallback = false              # yield to any other rule that matches the same text
//! value-check = "generic"       # also reject references, identifiers, dummies, …
//! key-check = false             # group `key` must be a secret-like name; a group `quote`
//!                               # (opening quote) and `close` (the character after the
//!                               # value) must agree: a quoted value is complete
//! allowlist.regexes = ['''…''']  # secrets matching any are not reported
//! allowlist.stopwords = ["…"]   # secrets containing any (case-insensitive) are not reported
//! references = ["https://…"]
//! examples.should-match = ["…"]       # each must produce a finding of this rule
//! examples.should-not-match = ["…"]   # none may produce a finding of this rule
//! ```
//!
//! The [`Rule`] metadata that the rest of snakeguard needs is `&'static`: the parsed table is
//! leaked once, inside a `OnceLock`, which is the lifetime it has anyway.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;
use sg_diagnostics::{Confidence, Rule, Scanner, Severity};

use crate::checksum::Checksum;

const RULE_FILES: &[(&str, &str)] = &[
    ("cloud.toml", include_str!("../rules/cloud.toml")),
    ("vcs.toml", include_str!("../rules/vcs.toml")),
    ("messaging.toml", include_str!("../rules/messaging.toml")),
    ("payments.toml", include_str!("../rules/payments.toml")),
    ("ai.toml", include_str!("../rules/ai.toml")),
    ("registries.toml", include_str!("../rules/registries.toml")),
    ("saas.toml", include_str!("../rules/saas.toml")),
    ("keys.toml", include_str!("../rules/keys.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rule: Vec<RuleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RuleSpec {
    id: String,
    name: String,
    summary: String,
    description: String,
    #[serde(default = "default_severity")]
    severity: Severity,
    #[serde(default = "default_confidence")]
    confidence: Confidence,
    #[serde(default = "default_cwe")]
    cwe: u32,
    regex: String,
    keywords: Vec<String>,
    #[serde(default)]
    case_sensitive_keywords: bool,
    entropy: Option<f64>,
    checksum: Option<Checksum>,
    #[serde(default)]
    multiline: bool,
    #[serde(default)]
    fallback: bool,
    value_check: Option<ValueCheck>,
    #[serde(default)]
    key_check: bool,
    #[serde(default)]
    allowlist: AllowlistSpec,
    #[serde(default)]
    references: Vec<String>,
    examples: ExamplesSpec,
}

fn default_severity() -> Severity {
    Severity::High
}

fn default_confidence() -> Confidence {
    Confidence::High
}

fn default_cwe() -> u32 {
    798
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowlistSpec {
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ExamplesSpec {
    should_match: Vec<String>,
    should_not_match: Vec<String>,
}

/// Extra value checks a rule can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueCheck {
    /// [`crate::values::generic_rejection`]: references, identifiers, dummies, numbers, …
    Generic,
}

/// One compiled secret rule.
#[derive(Debug)]
pub struct SecretRule {
    pub rule: &'static Rule,
    pub keywords: Vec<String>,
    pub case_sensitive_keywords: bool,
    pub regex: Regex,
    pub secret_group: usize,
    pub key_group: Option<usize>,
    pub quote_group: Option<usize>,
    pub close_group: Option<usize>,
    pub entropy: Option<f64>,
    pub checksum: Option<Checksum>,
    pub multiline: bool,
    pub fallback: bool,
    pub value_check: Option<ValueCheck>,
    pub key_check: bool,
    pub allow_regexes: Vec<Regex>,
    pub stopwords: Vec<String>,
    pub should_match: Vec<String>,
    pub should_not_match: Vec<String>,
}

/// Every secret rule plus the keyword automata that pick which rules run on which lines.
#[derive(Debug)]
pub struct Catalog {
    pub rules: Vec<SecretRule>,
    /// The `Rule` metadata in code order.
    pub rule_refs: Vec<&'static Rule>,
    pub insensitive: Prefilter,
    pub sensitive: Prefilter,
}

/// An Aho-Corasick automaton over keywords and, per pattern, the rules it triggers.
#[derive(Debug)]
pub struct Prefilter {
    pub automaton: Option<AhoCorasick>,
    pub pattern_rules: Vec<Vec<usize>>,
}

/// The catalog, built on first use.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| match build_catalog() {
        Ok(catalog) => catalog,
        // The rule files are compiled in and checked by the test suite: failing here is a
        // bug in this crate, never a property of scanned input.
        Err(message) => panic!("invalid embedded secret rules: {message}"),
    })
}

fn build_catalog() -> Result<Catalog, String> {
    let mut specs = Vec::new();
    for (file_name, text) in RULE_FILES {
        let file: RuleFile =
            toml::from_str(text).map_err(|error| format!("{file_name}: {error}"))?;
        specs.extend(file.rule);
    }
    specs.sort_by(|a, b| a.id.cmp(&b.id));
    let mut rules = Vec::with_capacity(specs.len());
    for spec in specs {
        rules.push(compile(spec)?);
    }
    let rule_refs = rules.iter().map(|rule| rule.rule).collect();
    let insensitive = build_prefilter(&rules, false)?;
    let sensitive = build_prefilter(&rules, true)?;
    Ok(Catalog {
        rules,
        rule_refs,
        insensitive,
        sensitive,
    })
}

fn build_prefilter(rules: &[SecretRule], case_sensitive: bool) -> Result<Prefilter, String> {
    let mut patterns: Vec<String> = Vec::new();
    let mut pattern_rules: Vec<Vec<usize>> = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        if rule.case_sensitive_keywords != case_sensitive {
            continue;
        }
        for keyword in &rule.keywords {
            let keyword = if case_sensitive {
                keyword.clone()
            } else {
                keyword.to_ascii_lowercase()
            };
            if let Some(position) = patterns.iter().position(|known| *known == keyword) {
                if let Some(list) = pattern_rules.get_mut(position) {
                    list.push(index);
                }
            } else {
                patterns.push(keyword);
                pattern_rules.push(vec![index]);
            }
        }
    }
    if patterns.is_empty() {
        return Ok(Prefilter {
            automaton: None,
            pattern_rules,
        });
    }
    let automaton = AhoCorasickBuilder::new()
        .ascii_case_insensitive(!case_sensitive)
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .map_err(|error| format!("keyword automaton: {error}"))?;
    Ok(Prefilter {
        automaton: Some(automaton),
        pattern_rules,
    })
}

fn compile(spec: RuleSpec) -> Result<SecretRule, String> {
    let context = |what: &str| format!("rule {} ({}): {what}", spec.id, spec.name);
    if spec.keywords.is_empty() {
        return Err(context("no keywords"));
    }
    if spec.examples.should_match.is_empty() {
        return Err(context("no should-match example"));
    }
    let regex = Regex::new(&spec.regex).map_err(|error| context(&error.to_string()))?;
    let secret_group = regex
        .capture_names()
        .position(|name| name == Some("secret"))
        .unwrap_or(1);
    if secret_group >= regex.captures_len() {
        return Err(context("regex has no capture group for the secret"));
    }
    let key_group = regex.capture_names().position(|name| name == Some("key"));
    let quote_group = regex.capture_names().position(|name| name == Some("quote"));
    let close_group = regex.capture_names().position(|name| name == Some("close"));
    if spec.key_check && key_group.is_none() {
        return Err(context("key-check needs a `key` group"));
    }
    let allow_regexes = spec
        .allowlist
        .regexes
        .iter()
        .map(|pattern| Regex::new(pattern).map_err(|error| context(&error.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let doc = rule_doc(&spec);
    let aliases: Vec<&'static str> = Vec::new();
    let rule: &'static Rule = Box::leak(Box::new(Rule {
        code: leak(spec.id),
        name: leak(spec.name),
        scanner: Scanner::Secrets,
        default_severity: spec.severity,
        default_confidence: spec.confidence,
        cwe: Some(spec.cwe),
        summary: leak(spec.summary),
        doc: leak(doc),
        aliases: aliases.leak(),
    }));
    Ok(SecretRule {
        rule,
        keywords: spec.keywords,
        case_sensitive_keywords: spec.case_sensitive_keywords,
        regex,
        secret_group,
        key_group,
        quote_group,
        close_group,
        entropy: spec.entropy,
        checksum: spec.checksum,
        multiline: spec.multiline,
        fallback: spec.fallback,
        value_check: spec.value_check,
        key_check: spec.key_check,
        allow_regexes,
        stopwords: spec
            .allowlist
            .stopwords
            .iter()
            .map(|word| word.to_ascii_lowercase())
            .collect(),
        should_match: spec.examples.should_match,
        should_not_match: spec.examples.should_not_match,
    })
}

fn leak(text: String) -> &'static str {
    text.leak()
}

/// The rule documentation in the shape `snakeguard rule CODE` prints: each line carries the
/// single leading space a `///` comment leaves, like `declare_rule!` docs.
fn rule_doc(spec: &RuleSpec) -> String {
    let mut markdown = String::new();
    markdown.push_str("## What it does\n");
    markdown.push_str(&spec.description);
    markdown.push_str("\n\n## Why is this bad?\n");
    markdown.push_str(
        "Anyone who can read the file, the repository, its history, a fork or a leaked copy \
         can use this credential until it is revoked. Deleting it from the code does not \
         remove it from git history: revoke it and issue a new one.\n\n",
    );
    markdown.push_str("## Example\n```text\n");
    if let Some(example) = spec.examples.should_match.first() {
        markdown.push_str(example);
    }
    markdown.push_str("\n```\n\nUse instead: read the value at run time from the environment or a secret manager, \
         and keep it out of version control:\n```python\nimport os\n\ntoken = os.environ[\"SERVICE_TOKEN\"]\n```\n\n## References\n");
    for reference in &spec.references {
        markdown.push_str("- <");
        markdown.push_str(reference);
        markdown.push_str(">\n");
    }
    markdown.push_str("- <https://cwe.mitre.org/data/definitions/798.html>\n");
    markdown.lines().fold(String::new(), |mut out, line| {
        out.push(' ');
        out.push_str(line);
        out.push('\n');
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_loads_and_codes_and_names_are_unique() {
        let catalog = catalog();
        let mut codes: Vec<&str> = catalog.rules.iter().map(|rule| rule.rule.code).collect();
        let mut names: Vec<&str> = catalog.rules.iter().map(|rule| rule.rule.name).collect();
        let count = codes.len();
        codes.dedup();
        names.sort_unstable();
        names.dedup();
        assert_eq!(codes.len(), count, "duplicate codes");
        assert_eq!(names.len(), count, "duplicate names");
        let providers = catalog
            .rules
            .iter()
            .filter(|rule| rule.rule.code.starts_with("SEC1") || rule.rule.code.starts_with("SEC2"))
            .count();
        assert!(providers >= 80, "only {providers} provider rules");
    }

    #[test]
    fn names_are_kebab_case_and_docs_complete() {
        for rule in &catalog().rules {
            let name = rule.rule.name;
            assert!(
                name.chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
                "{name}"
            );
            assert!(rule.rule.missing_doc_sections().is_empty(), "{name}");
            assert!(!rule.rule.summary.ends_with('.'), "{name}");
        }
    }
}

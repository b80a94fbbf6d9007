//! `# nosec` and `# noqa` suppressions in Python files.
//!
//! Accepted forms, on the finding's line or on any line of the statement that holds it:
//! - `# nosec`: every finding there;
//! - `# nosec B301, B602` or `# nosec: import_subprocess`: only those rules (codes, Bandit test
//!   names, kebab-case names and Ruff `S` codes all work). Words that name no rule are ignored,
//!   as Bandit does, so `# nosec - reviewed` is a bare `nosec`;
//! - `# noqa: B301` or `# noqa: S301`: only those rules. A bare `# noqa` does not silence
//!   security findings: it is usually there for a linter, and hiding a vulnerability by
//!   accident is worse than a repeated warning.
//!
//! The comment must be a real comment token: `"# nosec"` inside a string does not count.

use sg_diagnostics::{Finding, Rule, Span};

/// A comment in a Python file, as the parser found it.
#[derive(Debug, Clone)]
pub struct Comment {
    /// Notebook cell (1-based), `None` in plain files: lines are relative to it.
    pub cell: Option<u32>,
    pub line: u32,
    pub column: u32,
    pub text: String,
}

/// A directive that silenced nothing; `codes` lists the rules it named that did not fire, and
/// is empty for a bare `nosec` that matched no finding.
#[derive(Debug)]
pub struct UnusedDirective<'a> {
    pub cell: Option<u32>,
    pub line: u32,
    pub column: u32,
    pub text: &'a str,
    pub codes: Vec<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    All,
    Rules(Vec<&'static str>),
}

#[derive(Debug)]
struct Directive {
    /// `nosec` or `noqa`, for the summary.
    mechanism: &'static str,
    cell: Option<u32>,
    line: u32,
    column: u32,
    text: String,
    scope: Scope,
    used: Vec<&'static str>,
    used_bare: bool,
}

/// The directives of one file and the statement line ranges they extend over.
#[derive(Debug, Default)]
pub struct FileSuppressions {
    directives: Vec<Directive>,
    /// `(cell, first_line, last_line)` of each simple statement and compound-statement
    /// header, for multi-line statements.
    statements: Vec<(Option<u32>, u32, u32)>,
}

impl FileSuppressions {
    pub fn new(
        comments: &[Comment],
        mut statements: Vec<(Option<u32>, u32, u32)>,
        rules: &[&'static Rule],
    ) -> Self {
        let directives = comments
            .iter()
            .filter_map(|comment| parse_directive(comment, rules))
            .collect();
        statements.sort_unstable();
        FileSuppressions {
            directives,
            statements,
        }
    }

    /// Whether `finding` is silenced, and by which mechanism (`nosec` or `noqa`); records
    /// which directive did it.
    pub fn suppresses(&mut self, finding: &Finding) -> Option<&'static str> {
        if self.directives.is_empty() {
            return None;
        }
        let cell = finding_cell(finding);
        let (first, last) = self.lines_covering(cell, finding.span);
        let mut suppressed = None;
        for directive in &mut self.directives {
            if directive.cell != cell || directive.line < first || directive.line > last {
                continue;
            }
            match &directive.scope {
                Scope::All => {
                    directive.used_bare = true;
                    suppressed = suppressed.or(Some(directive.mechanism));
                }
                Scope::Rules(codes) => {
                    if codes.contains(&finding.rule.code) {
                        if !directive.used.contains(&finding.rule.code) {
                            directive.used.push(finding.rule.code);
                        }
                        suppressed = suppressed.or(Some(directive.mechanism));
                    }
                }
            }
        }
        suppressed
    }

    /// Directives (or the rules named in them) that silenced nothing.
    pub fn unused(&self) -> Vec<UnusedDirective<'_>> {
        let mut unused = Vec::new();
        for directive in &self.directives {
            let codes = match &directive.scope {
                Scope::All if !directive.used_bare => Vec::new(),
                Scope::Rules(codes) => {
                    let missing: Vec<_> = codes
                        .iter()
                        .copied()
                        .filter(|code| !directive.used.contains(code))
                        .collect();
                    if missing.is_empty() {
                        continue;
                    }
                    missing
                }
                Scope::All => continue,
            };
            unused.push(UnusedDirective {
                cell: directive.cell,
                line: directive.line,
                column: directive.column,
                text: &directive.text,
                codes,
            });
        }
        unused
    }

    /// The finding's own lines, widened to the innermost statement that contains its first line.
    fn lines_covering(&self, cell: Option<u32>, span: Span) -> (u32, u32) {
        let mut first = span.line;
        let mut last = span.end_line.max(span.line);
        let innermost = self
            .statements
            .iter()
            .filter(|(statement_cell, start, end)| {
                *statement_cell == cell && *start <= span.line && span.line <= *end
            })
            .min_by_key(|(_, start, end)| end - start);
        if let Some((_, start, end)) = innermost {
            first = first.min(*start);
            last = last.max(*end);
        }
        (first, last)
    }
}

fn finding_cell(finding: &Finding) -> Option<u32> {
    finding
        .extra
        .get("cell")
        .and_then(serde_json::Value::as_u64)
        .and_then(|cell| u32::try_from(cell).ok())
}

fn parse_directive(comment: &Comment, rules: &[&'static Rule]) -> Option<Directive> {
    let lower = comment.text.to_ascii_lowercase();
    let mechanism;
    let scope = if let Some(position) = find_word(&lower, "nosec") {
        mechanism = "nosec";
        let rest = &comment.text[position + "nosec".len()..];
        let rest = rest.split('#').next().unwrap_or("");
        let codes = named_rules(rest, rules);
        if codes.is_empty() {
            Scope::All
        } else {
            Scope::Rules(codes)
        }
    } else if let Some(position) = find_word(&lower, "noqa") {
        mechanism = "noqa";
        let rest = comment.text[position + "noqa".len()..].trim_start();
        let list = rest.strip_prefix(':')?;
        let list = list.split('#').next().unwrap_or("");
        let codes = named_rules(list, rules);
        if codes.is_empty() {
            return None;
        }
        Scope::Rules(codes)
    } else {
        return None;
    };
    Some(Directive {
        mechanism,
        cell: comment.cell,
        line: comment.line,
        column: comment.column,
        text: comment.text.trim().to_string(),
        scope,
        used: Vec::new(),
        used_bare: false,
    })
}

/// Position of `word` in `text` where it is not part of a longer identifier.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    text.match_indices(word)
        .map(|(index, _)| index)
        .find(|&index| {
            let before_ok = index == 0 || !is_identifier_byte(bytes[index - 1]);
            let after = index + word.len();
            let after_ok = after >= bytes.len() || !is_identifier_byte(bytes[after]);
            before_ok && after_ok
        })
}

fn is_identifier_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn named_rules(list: &str, rules: &[&'static Rule]) -> Vec<&'static str> {
    let mut codes = Vec::new();
    for word in list.split(|c: char| c == ',' || c == ':' || c.is_whitespace()) {
        let word = word.trim();
        if word.is_empty() {
            continue;
        }
        if let Some(umbrella) = crate::selection::blacklist_umbrella(rules, word) {
            for code in umbrella {
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            continue;
        }
        for rule in rules.iter().filter(|rule| rule.is_named(word)) {
            if !codes.contains(&rule.code) {
                codes.push(rule.code);
            }
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;
    use sg_diagnostics::tool_rules::{ANALYSIS_FAILED, SYNTAX_ERROR};

    fn comment(line: u32, text: &str) -> Comment {
        Comment {
            cell: None,
            line,
            column: 1,
            text: text.to_string(),
        }
    }

    fn rules() -> Vec<&'static Rule> {
        vec![&SYNTAX_ERROR, &ANALYSIS_FAILED]
    }

    fn finding(rule: &'static Rule, line: u32) -> Finding {
        Finding::new(rule, "a.py", Span::point(line, 1), "m")
    }

    #[test]
    fn bare_nosec_silences_everything_on_its_line_only() {
        let mut suppressions = FileSuppressions::new(&[comment(3, "# nosec")], vec![], &rules());
        assert!(
            suppressions
                .suppresses(&finding(&SYNTAX_ERROR, 3))
                .is_some()
        );
        assert!(
            suppressions
                .suppresses(&finding(&SYNTAX_ERROR, 4))
                .is_none()
        );
        assert!(suppressions.unused().is_empty());
    }

    #[test]
    fn nosec_with_codes_silences_only_those() {
        let mut suppressions =
            FileSuppressions::new(&[comment(3, "# nosec SG002")], vec![], &rules());
        assert!(
            suppressions
                .suppresses(&finding(&SYNTAX_ERROR, 3))
                .is_none()
        );
        assert!(
            suppressions
                .suppresses(&finding(&ANALYSIS_FAILED, 3))
                .is_some()
        );
    }

    #[test]
    fn nosec_accepts_names_and_ignores_prose() {
        let mut suppressions = FileSuppressions::new(
            &[
                comment(1, "# nosec: syntax-error"),
                comment(2, "# nosec - reviewed by alice"),
            ],
            vec![],
            &rules(),
        );
        assert!(
            suppressions
                .suppresses(&finding(&SYNTAX_ERROR, 1))
                .is_some()
        );
        assert!(
            suppressions
                .suppresses(&finding(&ANALYSIS_FAILED, 1))
                .is_none()
        );
        assert!(
            suppressions
                .suppresses(&finding(&ANALYSIS_FAILED, 2))
                .is_some()
        );
    }

    #[test]
    fn noqa_needs_codes() {
        let mut suppressions = FileSuppressions::new(
            &[comment(1, "# noqa"), comment(2, "# noqa: SG001, E501")],
            vec![],
            &rules(),
        );
        assert!(
            suppressions
                .suppresses(&finding(&SYNTAX_ERROR, 1))
                .is_none()
        );
        assert!(
            suppressions
                .suppresses(&finding(&SYNTAX_ERROR, 2))
                .is_some()
        );
    }

    #[test]
    fn comment_on_any_line_of_a_multiline_statement_counts() {
        // Statement ranges are simple statements and compound-statement headers (a `def`'s
        // signature, not its body), so a `nosec` in a body never reaches the `def` line.
        let mut suppressions = FileSuppressions::new(
            &[comment(7, "# nosec")],
            vec![(None, 1, 2), (None, 5, 8)],
            &rules(),
        );
        assert!(
            suppressions
                .suppresses(&finding(&SYNTAX_ERROR, 5))
                .is_some()
        );
        assert!(
            suppressions
                .suppresses(&finding(&SYNTAX_ERROR, 1))
                .is_none()
        );
        assert!(
            suppressions
                .suppresses(&finding(&SYNTAX_ERROR, 3))
                .is_none()
        );
    }

    #[test]
    fn unused_directives_are_listed() {
        let mut suppressions = FileSuppressions::new(
            &[comment(1, "# nosec SG001, SG002"), comment(9, "# nosec")],
            vec![],
            &rules(),
        );
        assert!(
            suppressions
                .suppresses(&finding(&SYNTAX_ERROR, 1))
                .is_some()
        );
        let unused = suppressions.unused();
        assert_eq!(unused.len(), 2);
        assert_eq!(unused[0].codes, vec!["SG002"]);
        assert!(unused[1].codes.is_empty());
    }

    #[test]
    fn nosec_inside_a_longer_word_does_not_count() {
        let suppressions = FileSuppressions::new(
            &[comment(1, "# nosecurity review needed")],
            vec![],
            &rules(),
        );
        assert!(suppressions.unused().is_empty() && suppressions.directives.is_empty());
    }
}

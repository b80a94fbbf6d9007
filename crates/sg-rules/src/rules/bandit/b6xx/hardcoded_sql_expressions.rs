use sg_diagnostics::Confidence;
use sg_python::ast::visitor::{self, Visitor};
use sg_python::ast::{Expr, ExprCall, ExprFString, FStringPart, InterpolatedStringElement, Stmt};
use sg_python::{MAX_NESTING, Ranged, TextRange};

use crate::checker::Checker;
use crate::rules::bandit::helpers::is_constant;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports SQL text built from a string literal and other values: with `+` or `%`
    /// (`"SELECT * FROM t WHERE id = %s" % user_id`), with `.format(...)` or `.replace(...)`
    /// on the literal, or in an f-string with placeholders. The literal text must look like
    /// SQL: `SELECT … FROM`, `DELETE FROM`, `INSERT INTO … VALUES` or `UPDATE … SET`
    /// (case-insensitive, Bandit's pattern). Confidence is MEDIUM when the built string is
    /// passed straight to a call named `execute` or `executemany` as a positional argument
    /// (and not built with `.replace`), LOW otherwise.
    ///
    /// Differences from Bandit: a string built only from literals (`"SELECT a " + "FROM t"`,
    /// `"… %s" % (1,)`, an f-string without placeholders) is not reported, as no outside
    /// value can reach it; a `+`/`%` chain with several string literals gives one finding
    /// for the whole expression instead of one per literal, and all its literals are read
    /// together (Bandit leaves out the literal next to the one it examines, so it misses
    /// `"SELECT a " + "FROM t WHERE id = " + user_id`).
    ///
    /// ## Why is this bad?
    /// A value pasted into SQL text can close the quote and add its own SQL
    /// (`' OR '1'='1`, `'; DROP TABLE users; --`). Database drivers take the values
    /// separately as parameters, which they never interpret as SQL.
    ///
    /// ## Example
    /// ```python
    /// def find_user(cursor, name):
    ///     cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)
    ///     return cursor.fetchone()
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// def find_user(cursor, name):
    ///     cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
    ///     return cursor.fetchone()
    /// ```
    ///
    /// ## References
    /// - <https://peps.python.org/pep-0249/#paramstyle>
    /// - <https://owasp.org/www-community/attacks/SQL_Injection>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b608_hardcoded_sql_expressions.html>
    /// - <https://cwe.mitre.org/data/definitions/89.html>
    pub static HARDCODED_SQL_EXPRESSIONS: Rule {
        code: "B608",
        name: "hardcoded-sql-expressions",
        scanner: Source,
        severity: Medium,
        confidence: Medium,
        cwe: Some(89),
        summary: "SQL query built from strings and values",
        aliases: ["hardcoded_sql_expressions", "S608"],
    }
}

/// Looks at the expressions of one statement (its header, for compound statements: the walk
/// calls this again for every nested statement), knowing each expression's parent.
pub(crate) fn check(checker: &Checker, stmt: &Stmt) {
    let mut finder = SqlFinder {
        checker,
        parent: Parent::Other,
        depth: 0,
    };
    visitor::walk_stmt(&mut finder, stmt);
}

/// What an expression is directly inside: only these parents matter to Bandit's logic.
#[derive(Clone, Copy)]
enum Parent<'s> {
    Other,
    /// An operand of `+`, `%`…: not the root of the chain.
    BinOp,
    /// A positional argument of this call.
    Argument(&'s ExprCall),
}

struct SqlFinder<'r, 'c, 'a, 's> {
    checker: &'r Checker<'c, 'a>,
    /// The parent of the expression about to be visited.
    parent: Parent<'s>,
    depth: u32,
}

impl<'s> Visitor<'s> for SqlFinder<'_, '_, '_, 's> {
    fn visit_stmt(&mut self, _stmt: &'s Stmt) {
        // Nested statements are checked when the walk reaches them.
    }

    fn visit_expr(&mut self, expr: &'s Expr) {
        let parent = std::mem::replace(&mut self.parent, Parent::Other);
        // The walk's own depth guard does not cover this second look at the expressions.
        if self.depth >= MAX_NESTING {
            return;
        }
        self.depth += 1;
        match expr {
            Expr::BinOp(binary) => {
                if !matches!(parent, Parent::BinOp) {
                    self.check_chain(expr, parent);
                }
                self.parent = Parent::BinOp;
                self.visit_expr(&binary.left);
                self.parent = Parent::BinOp;
                self.visit_expr(&binary.right);
            }
            Expr::Call(call) => {
                self.check_format(call, parent);
                self.visit_expr(&call.func);
                for argument in &call.arguments.args {
                    self.parent = Parent::Argument(call);
                    self.visit_expr(argument);
                }
                for keyword in &call.arguments.keywords {
                    self.visit_expr(&keyword.value);
                }
            }
            Expr::FString(f_string) => {
                self.check_f_string(f_string, parent);
                visitor::walk_expr(self, expr);
            }
            _ => visitor::walk_expr(self, expr),
        }
        self.parent = Parent::Other;
        self.depth -= 1;
    }
}

impl<'s> SqlFinder<'_, '_, '_, 's> {
    /// The root of a `+`/`%` chain: its string literals, joined with spaces as Bandit does.
    fn check_chain(&self, chain: &'s Expr, parent: Parent<'s>) {
        let mut strings = Vec::new();
        let mut only_literals = true;
        // Iterative: a chain of 100,000 `+` is one deep left-leaning tree.
        let mut pending = vec![chain];
        while let Some(node) = pending.pop() {
            match node {
                Expr::BinOp(binary) => {
                    pending.push(&binary.right);
                    pending.push(&binary.left);
                }
                Expr::StringLiteral(literal) => strings.push(literal.value.to_str()),
                other => only_literals &= is_literal_value(other),
            }
        }
        if only_literals || !strings.iter().any(|text| has_sql_verb(text)) {
            return;
        }
        if looks_like_sql(&strings.join(" ")) {
            self.report(chain.range(), parent, false);
        }
    }

    /// `"SELECT … {}".format(...)` and `"SELECT …".replace(...)`.
    fn check_format(&self, call: &'s ExprCall, parent: Parent<'s>) {
        let Expr::Attribute(attribute) = &*call.func else {
            return;
        };
        let Expr::StringLiteral(literal) = &*attribute.value else {
            return;
        };
        let replace = match attribute.attr.as_str() {
            "format" => false,
            "replace" => true,
            _ => return,
        };
        let only_literals = call.arguments.args.iter().all(is_literal_value)
            && call
                .arguments
                .keywords
                .iter()
                .all(|keyword| keyword.arg.is_some() && is_literal_value(&keyword.value));
        if only_literals {
            return;
        }
        if looks_like_sql(literal.value.to_str()) {
            self.report(call.range(), parent, replace);
        }
    }

    /// An f-string with placeholders: its literal parts, concatenated.
    fn check_f_string(&self, f_string: &'s ExprFString, parent: Parent<'s>) {
        let mut text = String::new();
        let mut interpolated = false;
        for part in &f_string.value {
            match part {
                FStringPart::Literal(literal) => text.push_str(literal.as_str()),
                FStringPart::FString(f_string) => {
                    for element in &f_string.elements {
                        match element {
                            InterpolatedStringElement::Literal(literal) => {
                                text.push_str(&literal.value);
                            }
                            InterpolatedStringElement::Interpolation(_) => interpolated = true,
                        }
                    }
                }
            }
        }
        if interpolated && looks_like_sql(&text) {
            self.report(f_string.range(), parent, false);
        }
    }

    fn report(&self, range: TextRange, parent: Parent<'s>, replace: bool) {
        let executed = matches!(
            parent,
            Parent::Argument(call) if matches!(called_name(call), "execute" | "executemany")
        );
        let mut finding = self.checker.finding(
            &HARDCODED_SQL_EXPRESSIONS,
            range,
            "Possible SQL injection vector through string-based query construction",
        );
        if !executed || replace {
            finding = finding.with_confidence(Confidence::Low);
        }
        self.checker.report(finding);
    }
}

/// The last name of the callee, as written (`execute` for `cursor.execute`).
fn called_name(call: &ExprCall) -> &str {
    match &*call.func {
        Expr::Attribute(attribute) => attribute.attr.as_str(),
        Expr::Name(name) => name.id.as_str(),
        _ => "",
    }
}

/// A constant, or a tuple/list of constants (`% (1, "a")`).
fn is_literal_value(expr: &Expr) -> bool {
    match expr {
        Expr::Tuple(tuple) => tuple.elts.iter().all(is_constant),
        Expr::List(list) => list.elts.iter().all(is_constant),
        other => is_constant(other),
    }
}

/// Whether `text` holds one of the words every SQL pattern needs (a cheap first test).
fn has_sql_verb(text: &str) -> bool {
    ["select", "delete", "insert", "update"]
        .iter()
        .any(|verb| find_ignore_case(text, verb, 0).is_some())
}

/// Bandit's `(select\s.*from\s|delete\s+from\s|insert\s+into\s.*values[\s(]|update\s.*set\s)`,
/// case-insensitive, `.` matching newlines, searched anywhere in `text`.
pub(crate) fn looks_like_sql(text: &str) -> bool {
    // `select\s.*from\s`: the earliest `select\s` leaves the most room for `from\s`.
    if let Some(after) = find_word_space(text, "select", 0)
        && find_word_space(text, "from", after).is_some()
    {
        return true;
    }
    if let Some(after) = find_word_space(text, "update", 0)
        && find_word_space(text, "set", after).is_some()
    {
        return true;
    }
    // `delete\s+from\s`
    let mut start = 0;
    while let Some(at) = find_ignore_case(text, "delete", start) {
        let rest = skip_spaces(text, at + "delete".len());
        if rest > at + "delete".len() && starts_with_word_space(text, rest, "from").is_some() {
            return true;
        }
        start = at + 1;
    }
    // `insert\s+into\s.*values[\s(]`
    let mut start = 0;
    while let Some(at) = find_ignore_case(text, "insert", start) {
        let rest = skip_spaces(text, at + "insert".len());
        if rest > at + "insert".len()
            && let Some(after_into) = starts_with_word_space(text, rest, "into")
        {
            let mut from = after_into;
            while let Some(values) = find_ignore_case(text, "values", from) {
                let next = text
                    .get(values + "values".len()..)
                    .and_then(|s| s.chars().next());
                if next.is_some_and(|c| c == '(' || is_space(c)) {
                    return true;
                }
                from = values + 1;
            }
            // The first `insert\s+into\s` leaves the most room for `values`.
            return false;
        }
        start = at + 1;
    }
    false
}

/// Python's `\s` for `str` patterns.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The byte offset of the first ASCII-case-insensitive `needle` (lower case, ASCII) at or
/// after `from`.
fn find_ignore_case(text: &str, needle: &str, from: usize) -> Option<usize> {
    let haystack = text.as_bytes();
    let needle = needle.as_bytes();
    let last = haystack.len().checked_sub(needle.len())?;
    (from..=last).find(|&at| {
        haystack
            .get(at..at + needle.len())
            .is_some_and(|window| window.eq_ignore_ascii_case(needle))
    })
}

/// The offset just after the first `word` followed by one whitespace character, searching
/// from `from`.
fn find_word_space(text: &str, word: &str, from: usize) -> Option<usize> {
    let mut start = from;
    while let Some(at) = find_ignore_case(text, word, start) {
        if let Some(after) = starts_with_word_space(text, at, word) {
            return Some(after);
        }
        start = at + 1;
    }
    None
}

/// If `word` (case-insensitive) and one whitespace character start at `at`, the offset after
/// them.
fn starts_with_word_space(text: &str, at: usize, word: &str) -> Option<usize> {
    let end = at + word.len();
    let candidate = text.get(at..end)?;
    if !candidate.eq_ignore_ascii_case(word) {
        return None;
    }
    let space = text.get(end..)?.chars().next().filter(|c| is_space(*c))?;
    Some(end + space.len_utf8())
}

/// The offset of the first non-whitespace character at or after `at`.
fn skip_spaces(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    let trimmed = rest.trim_start_matches(is_space);
    at + (rest.len() - trimmed.len())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::{is_space, looks_like_sql};
    use crate::{Settings, check_python_file};

    /// The regex read literally: every start position, every later position.
    fn brute_force(text: &str) -> bool {
        let chars: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
        let word_at = |at: usize, word: &str| {
            word.chars()
                .enumerate()
                .all(|(offset, expected)| chars.get(at + offset) == Some(&expected))
        };
        let space_at = |at: usize| chars.get(at).is_some_and(|c| is_space(*c));
        let spaces_from = |mut at: usize| {
            let start = at;
            while space_at(at) {
                at += 1;
            }
            (at > start).then_some(at)
        };
        let later = |from: usize, word: &str, next: &dyn Fn(usize) -> bool| {
            (from..=chars.len()).any(|at| word_at(at, word) && next(at + word.len()))
        };
        (0..chars.len()).any(|at| {
            let select = word_at(at, "select")
                && space_at(at + 6)
                && later(at + 7, "from", &|end| space_at(end));
            let update = word_at(at, "update")
                && space_at(at + 6)
                && later(at + 7, "set", &|end| space_at(end));
            let delete = word_at(at, "delete")
                && spaces_from(at + 6)
                    .is_some_and(|rest| word_at(rest, "from") && space_at(rest + 4));
            let insert = word_at(at, "insert")
                && spaces_from(at + 6).is_some_and(|rest| {
                    word_at(rest, "into")
                        && space_at(rest + 4)
                        && later(rest + 5, "values", &|end| {
                            space_at(end) || chars.get(end) == Some(&'(')
                        })
                });
            select || update || delete || insert
        })
    }

    /// SQL words, pieces of them, spaces and other characters, so that both answers occur.
    fn sql_like() -> impl Strategy<Value = String> {
        let token = prop::sample::select(vec![
            "select", "SELECT", "from", "FROM", "delete", "insert", "into", "values", "update",
            "set", "sel", "ect", "fro", " ", " ", "\n", "\t", "(", "x", "é", "\u{2028}",
        ]);
        prop::collection::vec(token, 0..14).prop_map(|tokens| tokens.concat())
    }

    proptest! {
        #[test]
        fn matcher_agrees_with_the_regex(text in sql_like()) {
            prop_assert_eq!(looks_like_sql(&text), brute_force(&text), "{:?}", text);
        }

        #[test]
        fn matcher_never_panics(text in any::<String>()) {
            let _ = looks_like_sql(&text);
        }
    }

    #[test]
    fn a_very_long_chain_is_one_finding() {
        // 100,000 `+` make one left-leaning tree 100,000 levels deep.
        let worker = std::thread::Builder::new()
            .stack_size(8 * 1024 * 1024)
            .spawn(|| {
                let source = format!(
                    "q = \"SELECT * FROM t WHERE a = \"{}\n",
                    " + x".repeat(100_000)
                );
                let outcome =
                    check_python_file(Path::new("q.py"), "q.py", &source, &Settings::default());
                outcome
                    .findings
                    .iter()
                    .filter(|finding| finding.rule.code == "B608")
                    .count()
            });
        let count = worker.ok().and_then(|handle| handle.join().ok());
        assert_eq!(count, Some(1));
    }

    #[test]
    fn sql_pattern_follows_bandit() {
        for sql in [
            "SELECT * FROM users WHERE id = ",
            "select name\nfrom t",
            "SELECT\tx FROM\ty",
            "deselect a from b",
            "DELETE FROM t WHERE id = %s",
            "delete \n  from t ",
            "INSERT INTO t (a) VALUES (",
            "insert into t values(",
            "insert   into t select 1 values ",
            "UPDATE users SET name = ",
            "update t set ",
            "Please select a user from the list",
        ] {
            assert!(looks_like_sql(sql), "{sql}");
        }
        for text in [
            "SELECT *",
            "selected from x",
            "select\nfromage",
            "DELETE t",
            "deletefrom t ",
            "INSERT INTO t VALUES",
            "insertinto t values ",
            "UPDATE t",
            "update t reset",
            "SELECT * FROM",
            "",
            "sélect x from y",
        ] {
            assert!(!looks_like_sql(text), "{text}");
        }
    }
}

//! Small AST helpers shared by the Bandit rules.

use sg_python::QualifiedName;
use sg_python::ast::{self, Expr, ExprCall, Number};

/// The value of a plain string literal (implicit concatenation included), `None` for
/// anything else (f-strings, bytes, names).
pub fn string_literal(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(literal) => Some(literal.value.to_str()),
        _ => None,
    }
}

/// The value of keyword argument `name`, if given.
pub fn keyword<'e>(call: &'e ExprCall, name: &str) -> Option<&'e Expr> {
    call.arguments
        .find_keyword(name)
        .map(|keyword| &keyword.value)
}

/// Whether a qualified name equals a dotted name from configuration (`subprocess.Popen`,
/// or `eval` for a builtin) without allocating. Called for every call against option lists,
/// so it compares prefixes instead of splitting `dotted`.
pub fn is_dotted(name: &QualifiedName<'_>, dotted: &str) -> bool {
    let segments = match name.segments() {
        ["", rest @ ..] => rest,
        segments => segments,
    };
    let mut rest = dotted;
    for (index, segment) in segments.iter().enumerate() {
        if index > 0 {
            match rest.strip_prefix('.') {
                Some(after_dot) => rest = after_dot,
                None => return false,
            }
        }
        match rest.strip_prefix(segment) {
            Some(after_segment) => rest = after_segment,
            None => return false,
        }
    }
    rest.is_empty()
}

/// Whether the qualified name is one of the dotted names in `list`.
pub fn is_any_dotted(name: &QualifiedName<'_>, list: &[String]) -> bool {
    list.iter().any(|dotted| is_dotted(name, dotted))
}

/// Bandit's reading of a `shell=` value: `Some(false)` for literals that are false
/// (`False`, `None`, `0`, `""`, `[]`, `{}`), `Some(true)` for other literals, and `None` for
/// anything that is not a literal (which Bandit, and we, treat as "could be true").
pub fn literal_truthiness(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::BooleanLiteral(literal) => Some(literal.value),
        Expr::NoneLiteral(_) => Some(false),
        Expr::NumberLiteral(literal) => Some(match &literal.value {
            Number::Int(int) => int.as_u64() != Some(0),
            Number::Float(float) => *float != 0.0,
            Number::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        }),
        Expr::StringLiteral(literal) => Some(!literal.value.is_empty()),
        Expr::BytesLiteral(literal) => Some(!literal.value.is_empty()),
        Expr::List(list) => Some(!list.elts.is_empty()),
        Expr::Tuple(tuple) => Some(!tuple.elts.is_empty()),
        Expr::Dict(dict) => Some(!dict.items.is_empty()),
        _ => None,
    }
}

/// Whether a keyword argument is present with a value that is, or may be, true
/// (Bandit's "truthy shell").
pub fn keyword_may_be_true(call: &ExprCall, name: &str) -> bool {
    keyword(call, name).is_some_and(|value| literal_truthiness(value) != Some(false))
}

/// The first positional argument, or the keyword `name` standing for it.
pub fn first_argument<'e>(call: &'e ExprCall, name: &str) -> Option<&'e Expr> {
    call.arguments
        .args
        .first()
        .filter(|arg| !arg.is_starred_expr())
        .or_else(|| keyword(call, name))
}

/// The source text of a call's callee for messages (`subprocess.run`).
pub fn dotted_text(name: &QualifiedName<'_>) -> String {
    name.to_string()
}

/// `Expr::Name` with this identifier.
pub fn is_name(expr: &Expr, id: &str) -> bool {
    matches!(expr, Expr::Name(ast::ExprName { id: name, .. }) if name.as_str() == id)
}

/// Bandit's password-name test: one `_`-separated part of `name` (case-insensitive) is
/// `pas+wo?r?d`, `pass`, `passphrase`, `pwd`, `token`, `secret` or `secrete`. This is the
/// same language as Bandit's `(^W$|_W_|^W_|_W$)` regex, since no word holds an underscore.
pub fn looks_like_password(name: &str) -> bool {
    name.split('_').any(is_password_word)
}

fn is_password_word(part: &str) -> bool {
    let lower = part.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "pass" | "passphrase" | "pwd" | "token" | "secret" | "secrete"
    ) {
        return true;
    }
    // pas+wo?r?d
    let Some(rest) = lower.strip_prefix("pa") else {
        return false;
    };
    let after_s = rest.trim_start_matches('s');
    if after_s.len() == rest.len() {
        return false;
    }
    let mut tail = after_s;
    for optional in ['w', 'o', 'r'] {
        tail = tail.strip_prefix(optional).unwrap_or(tail);
    }
    tail == "d"
}

/// Whether the call unpacks `*args` or `**kwargs`: any argument may hide in them.
pub fn has_unpacking(call: &ExprCall) -> bool {
    call.arguments.args.iter().any(Expr::is_starred_expr)
        || call
            .arguments
            .keywords
            .iter()
            .any(|keyword| keyword.arg.is_none())
}

/// The value of a non-negative integer literal (`2048`), `None` for anything else.
pub fn int_literal(expr: &Expr) -> Option<u64> {
    match expr {
        Expr::NumberLiteral(ast::ExprNumberLiteral {
            value: Number::Int(int),
            ..
        }) => int.as_u64(),
        _ => None,
    }
}

/// Whether `expr` is a literal constant: a string, bytes, number, boolean, `None` or `...`
/// (Python's `ast.Constant`).
pub fn is_constant(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
    )
}

/// Test support: the findings of one rule on `source`, as `line:column code severity message`.
#[cfg(test)]
pub(crate) fn findings_of(
    rule: crate::RuleId,
    options: crate::Options,
    source: &str,
) -> Vec<String> {
    let Ok(settings) = crate::Settings::new(std::iter::once(rule).collect(), options) else {
        return vec!["invalid options".to_string()];
    };
    let path = std::path::Path::new("test.py");
    crate::check_python_file(path, "test.py", source, &settings)
        .findings
        .iter()
        .map(|finding| {
            format!(
                "{}:{} {} {} {}",
                finding.span.line,
                finding.span.column,
                finding.rule.code,
                finding.severity.as_str(),
                finding.message
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use sg_python::QualifiedName;

    use super::{is_dotted, looks_like_password};

    #[test]
    fn dotted_names_compare_whole_segments() {
        let name = QualifiedName::user_defined("subprocess.Popen");
        assert!(is_dotted(&name, "subprocess.Popen"));
        assert!(!is_dotted(&name, "subprocess.Popen2"));
        assert!(!is_dotted(&name, "subprocess"));
        assert!(!is_dotted(&name, "subprocessPopen"));
        assert!(is_dotted(&QualifiedName::builtin("eval"), "eval"));
        assert!(!is_dotted(&QualifiedName::builtin("eval"), "builtins.eval"));
    }

    #[test]
    fn password_names_follow_bandit() {
        for yes in [
            "password",
            "PASSWORD",
            "db_password",
            "password_hash",
            "my_pwd_x",
            "token",
            "auth_token",
            "secret",
            "Secrete",
            "passwd",
            "pasword",
            "passphrase",
            "__password",
            "pass",
        ] {
            assert!(looks_like_password(yes), "{yes}");
        }
        for no in [
            "passport",
            "tokens",
            "NextToken",
            "secretary",
            "compass",
            "mypassword",
            "",
        ] {
            assert!(!looks_like_password(no), "{no}");
        }
    }
}

//! Python-aware secret rules (`SEC401`–`SEC407`): where a string literal sits in a secret
//! position, found on the one walk, and judged by `sg_secrets::python`.
//!
//! The rules are declared in `sg-secrets` (`sg_secrets::python`), which decides whether a
//! value is a secret and builds the redacted finding; this crate knows the tree. The modules
//! here find the sites and hand over plain strings:
//!
//! | module         | sites                                                              |
//! |----------------|--------------------------------------------------------------------|
//! | [`assignment`] | `name = "…"`, `x: str = "…"`, `self.token = "…"`, `d["api_key"] = "…"`, paired tuple targets; Django `SECRET_KEY` and `DATABASES`; Flask `app.secret_key` and `app.config["SECRET_KEY"]` |
//! | [`expression`] | dict entries `{"password": "…"}`, comparisons `password == "…"`     |
//! | [`call`]       | keyword arguments `connect(password="…")`; `app.config.update(SECRET_KEY=…)`, `settings.configure(SECRET_KEY=…)`; `jwt.encode(payload, "…")` / `jwt.decode(token, "…")` resolved through imports and aliases |
//! | [`default`]    | parameter defaults `def f(token="…")`                              |
//!
//! Only string literals are candidates: a name, call, attribute or subscript on the
//! right-hand side (`os.environ[…]`, `os.getenv(…)`, `getpass()`, `settings.X`,
//! `config("X")`) is a reference and is never looked at. F-strings and bytes are skipped.
//!
//! # Overlaps
//!
//! One literal is reported once. `resolve_overlaps` runs on the file's findings after the
//! walk:
//! - two `SEC4xx` sites on one literal (`{"PASSWORD": "…"}` inside `DATABASES` is both a
//!   secret-like dict entry, `SEC401`, and a Django database password, `SEC405`): the more
//!   specific rule (the higher code) is kept;
//! - Bandit's `B105`–`B107` keep Bandit's semantics (same sites, same false positives) for
//!   teams that compare with Bandit, but a `B105`–`B107` finding on a literal (or the dict
//!   key or subscript key of a literal) that a `SEC4xx` rule reported is dropped. With the
//!   default selection (every rule) a hardcoded password is reported once, as `SEC4xx`, and
//!   Bandit's false positives (`token_type = "bearer"`) still show as `B105` unless `B105`
//!   is ignored. With `--select B` the Bandit rules behave exactly as Bandit.

pub mod assignment;
pub mod call;
pub mod default;
pub mod expression;

use std::cell::RefCell;

use sg_diagnostics::{Finding, Span};
use sg_python::ast::{Expr, ExprCall, Stmt};
use sg_python::{QualifiedName, Ranged, TextRange};
use sg_secrets::python::{PythonLiteral, Site};

use crate::checker::Checker;
use crate::registry::RuleId;

/// Whether any Python-aware secret rule is enabled (the walk's cheap early exit).
fn any_enabled(checker: &Checker) -> bool {
    SECRET_RULES.iter().any(|id| checker.enabled(*id))
}

const SECRET_RULES: [RuleId; 7] = [
    RuleId::SEC401,
    RuleId::SEC402,
    RuleId::SEC403,
    RuleId::SEC404,
    RuleId::SEC405,
    RuleId::SEC406,
    RuleId::SEC407,
];

pub(crate) fn statement(checker: &Checker, stmt: &Stmt) {
    if !any_enabled(checker) {
        return;
    }
    match stmt {
        Stmt::Assign(assign) => {
            for target in &assign.targets {
                assignment::check(checker, target, &assign.value);
            }
        }
        Stmt::AnnAssign(assign) => {
            if let Some(value) = &assign.value {
                assignment::check(checker, &assign.target, value);
            }
        }
        Stmt::FunctionDef(function) => default::check(checker, function),
        _ => {}
    }
}

pub(crate) fn call(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    if any_enabled(checker) {
        call::check(checker, call, callee);
    }
}

pub(crate) fn expression(checker: &Checker, expr: &Expr) {
    if any_enabled(checker) {
        expression::check(checker, expr);
    }
}

/// The value of a plain string literal (implicit concatenation joined); `None` for
/// f-strings, bytes and anything else.
pub(crate) fn string_value(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(literal) => Some(literal.value.to_str()),
        _ => None,
    }
}

/// Reports `literal` at `site` if its rule is enabled and `sg_secrets` says it is a secret.
/// `key` is the dict or subscript key the literal is stored under, which Bandit's B105
/// reports instead of the value.
pub(crate) fn report(checker: &Checker, site: Site<'_>, literal: &Expr, key: Option<TextRange>) {
    let Some(value) = string_value(literal) else {
        return;
    };
    let Some(id) = RuleId::of(site.rule()) else {
        return;
    };
    if !checker.enabled(id) {
        return;
    }
    let Some(scanner) = checker.settings().secrets() else {
        return;
    };
    let locator = checker.locator();
    let range = literal.range();
    let first_line = locator.line(range.start());
    let previous_line = (first_line > 1).then(|| locator.lines(first_line - 1, first_line - 1));
    let span = locator.span(range);
    let candidate = PythonLiteral {
        site,
        display_path: checker.display_path(),
        span,
        value,
        source: locator.slice(range),
        lines: locator.snippet(range),
        previous_line,
    };
    let Some(mut finding) = scanner.check_python_literal(&candidate) else {
        return;
    };
    let cell = checker.cell();
    if let Some(cell) = cell {
        finding = finding.with_extra("cell", cell);
    }
    let mut claimed = vec![(cell, span)];
    if let Some(key) = key {
        claimed.push((cell, locator.span(key)));
    }
    checker.claim_secret_sites(&claimed);
    checker.report(finding);
}

/// A target's or key's name as the message shows it: `db_password`, `self.api_key`,
/// `api_key` for `config["api_key"]`.
pub(crate) fn target_name<'e>(checker: &Checker<'_, 'e>, target: &'e Expr) -> Option<&'e str> {
    match target {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attribute) => {
            let text = checker.locator().slice(attribute.range());
            if text.is_empty() || text.len() > 80 || text.contains(['\n', '\r', '#', '(']) {
                Some(attribute.attr.as_str())
            } else {
                Some(text)
            }
        }
        Expr::Subscript(subscript) => string_value(&subscript.slice),
        _ => None,
    }
}

/// One literal, one finding: keeps the most specific `SEC4xx` site per literal and drops
/// Bandit's `B105`–`B107` where a `SEC4xx` rule reported (see the module docs).
pub(crate) fn resolve_overlaps(findings: &mut Vec<Finding>, claimed: &RefCell<Vec<Claim>>) {
    let claimed = claimed.borrow();
    if claimed.is_empty() {
        return;
    }
    let cell_of = |finding: &Finding| {
        finding
            .extra
            .get("cell")
            .and_then(serde_json::Value::as_u64)
            .and_then(|cell| u32::try_from(cell).ok())
    };
    let is_secret =
        |finding: &Finding| RuleId::of(finding.rule).is_some_and(|id| SECRET_RULES.contains(&id));
    // The highest SEC4xx code per literal.
    let mut best: Vec<((Option<u32>, Span), &'static str)> = Vec::new();
    for finding in findings.iter().filter(|finding| is_secret(finding)) {
        let at = (cell_of(finding), finding.span);
        match best.iter_mut().find(|(site, _)| *site == at) {
            Some((_, code)) => {
                if finding.rule.code > *code {
                    *code = finding.rule.code;
                }
            }
            None => best.push((at, finding.rule.code)),
        }
    }
    let mut kept: Vec<(Option<u32>, Span)> = Vec::new();
    findings.retain(|finding| {
        let at = (cell_of(finding), finding.span);
        if is_secret(finding) {
            let best_here = best
                .iter()
                .any(|(site, code)| *site == at && *code == finding.rule.code);
            if !best_here || kept.contains(&at) {
                return false;
            }
            kept.push(at);
            return true;
        }
        let bandit_password = matches!(finding.rule.code, "B105" | "B106" | "B107");
        !(bandit_password && claimed.contains(&at))
    });
}

/// A site a `SEC4xx` finding was made on: the notebook cell and the span of the literal, or of
/// the key it is stored under.
pub(crate) type Claim = (Option<u32>, Span);

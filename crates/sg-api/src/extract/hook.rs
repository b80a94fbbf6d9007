//! Conditional authentication in `before_request`-style hooks.
//!
//! A hook that checks authentication for every request protects every endpoint below it. Many
//! hooks check only some: they return early for public endpoints, look at `request.path`, or
//! (Flask's `url_value_preprocessor`) act only when the URL carries a variable:
//!
//! ```python
//! @bp.before_request
//! def require_login():
//!     if request.endpoint in PUBLIC_ENDPOINTS:     # exempt endpoints
//!         return
//!     if not request.path.startswith("/api"):      # only under /api
//!         return
//!     if "user_id" not in session:
//!         abort(401)
//!
//! @bp.url_value_preprocessor
//! def pull_project(endpoint, values):
//!     project_id = values.pop("project_id", None)  # only routes with <project_id>
//!     if project_id:
//!         if project_id not in session["projects"]:
//!             raise Redirect(url_for(".authenticate"))
//! ```
//!
//! [`condition`] reads such a hook into a [`HookCondition`]. The heuristic:
//!
//! - the body must hold an authentication check that rejects (an `if` about
//!   authentication whose branch or `else` aborts, raises or redirects, at any depth), and
//!   must read which endpoint is requested (`endpoint`/`request.endpoint`, `values` /
//!   `request.view_args`, `request.path`); otherwise the hook is not conditional;
//! - endpoint names compared (`==`, `in`) in an `if` whose branch rejects limit the check to
//!   them; compared anywhere else (an early-`return` test, an allow condition whose `else`
//!   rejects, an assignment such as `is_public = endpoint == "main.feed"`), or with `!=` /
//!   `not in` in a rejecting test, they are exempt;
//! - `request.path.startswith(p)`: in an early-`return` test `p` is exempt, negated
//!   (`not ...startswith`) it is the only prefix checked; in a rejecting test the reverse;
//! - `values.pop("x")`, `values.get("x")`, `"x" in request.view_args`: only routes whose
//!   path has the variable `x` are checked.
//!
//! The join marks an endpoint `before_request (conditional): <hook>` when the hook plausibly
//! covers it (not exempt, within the limits), and leaves the others without that marker.

use sg_python::ast::{self, CmpOp, Expr, Stmt, UnaryOp};

use super::ast_util::{for_each_expr, for_each_expr_in_body, string_literal};
use super::body::{branch_rejects, nested_auth_rejection};
use super::names::{Names, dotted};
use crate::facts::HookCondition;
use crate::value::Value;

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// The tested names are the only ones checked.
    Only,
    /// The tested names are let through.
    Exempt,
}

impl Mode {
    fn flip(self) -> Mode {
        match self {
            Mode::Only => Mode::Exempt,
            Mode::Exempt => Mode::Only,
        }
    }
}

/// The condition of a hook whose authentication check depends on the endpoint, if any.
pub(crate) fn condition(body: &[Stmt], names: &Names<'_>) -> Option<HookCondition> {
    let rejection = nested_auth_rejection(body)?;
    let mut condition = HookCondition {
        rejection,
        ..HookCondition::default()
    };
    statements(body, names, &mut condition);
    for_each_expr_in_body(body, &mut |expr| view_arg(expr, &mut condition.view_args));
    let depends = !condition.only_endpoints.is_empty()
        || !condition.exempt_endpoints.is_empty()
        || !condition.view_args.is_empty()
        || !condition.only_prefixes.is_empty()
        || !condition.exempt_prefixes.is_empty();
    for list in [
        &mut condition.view_args,
        &mut condition.only_prefixes,
        &mut condition.exempt_prefixes,
    ] {
        list.sort();
        list.dedup();
    }
    depends.then_some(condition)
}

fn statements(body: &[Stmt], names: &Names<'_>, condition: &mut HookCondition) {
    for stmt in body {
        match stmt {
            Stmt::If(node) => {
                let mode = if is_bare_return(&node.body) {
                    Mode::Exempt
                } else if branch_rejects(&node.body) {
                    Mode::Only
                } else {
                    // An allow condition (`if allowed or is_public: ... else: reject`).
                    Mode::Exempt
                };
                test(&node.test, mode, names, condition);
                statements(&node.body, names, condition);
                for clause in &node.elif_else_clauses {
                    if let Some(clause_test) = &clause.test {
                        let mode = if is_bare_return(&clause.body) {
                            Mode::Exempt
                        } else if branch_rejects(&clause.body) {
                            Mode::Only
                        } else {
                            Mode::Exempt
                        };
                        test(clause_test, mode, names, condition);
                    }
                    statements(&clause.body, names, condition);
                }
            }
            Stmt::Assign(assign) => test(&assign.value, Mode::Exempt, names, condition),
            Stmt::With(node) => statements(&node.body, names, condition),
            Stmt::For(node) => statements(&node.body, names, condition),
            Stmt::Try(node) => {
                statements(&node.body, names, condition);
                statements(&node.orelse, names, condition);
            }
            _ => {}
        }
    }
}

/// `return` / `return None` / `pass` only: the request goes on unchecked.
fn is_bare_return(body: &[Stmt]) -> bool {
    !body.is_empty()
        && body.iter().all(|stmt| match stmt {
            Stmt::Return(ret) => ret
                .value
                .as_deref()
                .is_none_or(|value| matches!(value, Expr::NoneLiteral(_))),
            Stmt::Pass(_) => true,
            _ => false,
        })
}

fn test(expr: &Expr, mode: Mode, names: &Names<'_>, condition: &mut HookCondition) {
    match expr {
        Expr::UnaryOp(unary) if unary.op == UnaryOp::Not => {
            test(&unary.operand, mode.flip(), names, condition);
        }
        Expr::BoolOp(boolean) => {
            for value in &boolean.values {
                test(value, mode, names, condition);
            }
        }
        Expr::Compare(compare) => {
            let (Some(op), Some(right)) = (compare.ops.first(), compare.comparators.first()) else {
                return;
            };
            let mode = match op {
                CmpOp::Eq | CmpOp::In => mode,
                CmpOp::NotEq | CmpOp::NotIn => mode.flip(),
                _ => return,
            };
            let other = if is_endpoint(&compare.left) {
                right
            } else if is_endpoint(right) {
                &compare.left
            } else {
                return;
            };
            let target = match mode {
                Mode::Only => &mut condition.only_endpoints,
                Mode::Exempt => &mut condition.exempt_endpoints,
            };
            endpoint_names(other, names, target);
        }
        Expr::Call(call) => {
            let Expr::Attribute(attribute) = &*call.func else {
                return;
            };
            if attribute.attr.as_str() != "startswith" || !is_path(&attribute.value) {
                return;
            }
            let mut prefixes = Vec::new();
            if let Some(argument) = call.arguments.args.first() {
                for_each_expr(argument, &mut |inner| {
                    if let Some(text) = string_literal(inner) {
                        prefixes.push(text.to_string());
                    }
                });
            }
            match mode {
                Mode::Only => condition.only_prefixes.extend(prefixes),
                Mode::Exempt => condition.exempt_prefixes.extend(prefixes),
            }
        }
        _ => {}
    }
}

/// `endpoint` (a hook parameter), `request.endpoint`.
fn is_endpoint(expr: &Expr) -> bool {
    match expr {
        Expr::Name(name) => name.id.as_str() == "endpoint",
        _ => dotted(expr).is_some_and(|name| name == "request.endpoint"),
    }
}

/// `request.path`, `request.full_path`, `request.url_rule.rule`.
fn is_path(expr: &Expr) -> bool {
    dotted(expr).is_some_and(|name| {
        matches!(
            name.as_str(),
            "request.path" | "request.full_path" | "request.url_rule.rule" | "request.url.path"
        )
    })
}

/// `values`, `request.view_args`.
fn is_view_args(expr: &Expr) -> bool {
    match expr {
        Expr::Name(name) => name.id.as_str() == "values",
        _ => dotted(expr).is_some_and(|name| name == "request.view_args"),
    }
}

fn endpoint_names(expr: &Expr, names: &Names<'_>, out: &mut Vec<Value>) {
    match expr {
        Expr::StringLiteral(literal) => out.push(Value::Str(literal.value.to_str().to_string())),
        Expr::List(ast::ExprList { elts, .. })
        | Expr::Tuple(ast::ExprTuple { elts, .. })
        | Expr::Set(ast::ExprSet { elts, .. }) => {
            for element in elts {
                endpoint_names(element, names, out);
            }
        }
        Expr::Name(_) | Expr::Attribute(_) => {
            if let Some(symbol) = names.symbol(expr) {
                out.push(Value::Ref(symbol));
            }
        }
        _ => {}
    }
}

/// `values.pop("x")`, `values.get("x")`, `request.view_args["x"]`, `"x" in values`.
fn view_arg(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::Call(call) => {
            if let Expr::Attribute(attribute) = &*call.func
                && matches!(attribute.attr.as_str(), "pop" | "get")
                && is_view_args(&attribute.value)
                && let Some(name) = call.arguments.args.first().and_then(string_literal)
            {
                out.push(name.to_string());
            }
        }
        Expr::Subscript(subscript) => {
            if is_view_args(&subscript.value)
                && let Some(name) = string_literal(&subscript.slice)
            {
                out.push(name.to_string());
            }
        }
        Expr::Compare(compare) => {
            if let (Some(CmpOp::In), Some(right)) =
                (compare.ops.first(), compare.comparators.first())
                && is_view_args(right)
                && let Some(name) = string_literal(&compare.left)
            {
                out.push(name.to_string());
            }
        }
        _ => {}
    }
}

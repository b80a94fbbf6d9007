//! Small AST helpers shared by extraction and the per-file rules.
//!
//! Traversals here are recursive: extraction only runs on files the parser walk finished
//! without tripping its depth guard, so the tree is known to be shallow enough.

use sg_python::ast::{self, Expr, Number, Stmt, visitor};

/// The value of a plain string literal (implicit concatenation included).
pub(crate) fn string_literal(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(literal) => Some(literal.value.to_str()),
        _ => None,
    }
}

/// The value of an integer literal.
pub(crate) fn int_literal(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::NumberLiteral(number) => match &number.value {
            Number::Int(int) => int.as_i64(),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `expr` is the literal `False` (or `0`).
pub(crate) fn is_false_literal(expr: &Expr) -> bool {
    matches!(expr, Expr::BooleanLiteral(literal) if !literal.value) || int_literal(expr) == Some(0)
}

/// Whether `expr` is the literal `True` (or `1`).
pub(crate) fn is_true_literal(expr: &Expr) -> bool {
    matches!(expr, Expr::BooleanLiteral(literal) if literal.value) || int_literal(expr) == Some(1)
}

/// The value of keyword argument `name`.
pub(crate) fn keyword<'e>(call: &'e ast::ExprCall, name: &str) -> Option<&'e Expr> {
    call.arguments
        .find_keyword(name)
        .map(|keyword| &keyword.value)
}

/// Positional argument `index` (before any `*args`), or keyword `name`.
pub(crate) fn argument<'e>(call: &'e ast::ExprCall, index: usize, name: &str) -> Option<&'e Expr> {
    call.arguments
        .args
        .iter()
        .take_while(|arg| !arg.is_starred_expr())
        .nth(index)
        .or_else(|| keyword(call, name))
}

/// The last segment of a dotted name.
pub(crate) fn last_segment(dotted: &str) -> &str {
    dotted.rsplit('.').next().unwrap_or(dotted)
}

/// Calls `f` on every expression of `body` (nested function and class bodies excluded),
/// outermost first.
pub(crate) fn for_each_expr_in_body<'a>(body: &'a [Stmt], f: &mut dyn FnMut(&'a Expr)) {
    let mut walker = ExprWalker { f };
    for stmt in body {
        visitor::Visitor::visit_stmt(&mut walker, stmt);
    }
}

/// Calls `f` on `expr` and every expression inside it, outermost first.
pub(crate) fn for_each_expr<'a>(expr: &'a Expr, f: &mut dyn FnMut(&'a Expr)) {
    let mut walker = ExprWalker { f };
    visitor::Visitor::visit_expr(&mut walker, expr);
}

/// Calls `f` on every statement of `body`, nested blocks included, nested function and class
/// bodies excluded.
pub(crate) fn for_each_stmt<'a>(body: &'a [Stmt], f: &mut dyn FnMut(&'a Stmt)) {
    for stmt in body {
        f(stmt);
        for child in sg_child_bodies(stmt) {
            for_each_stmt(child, f);
        }
    }
}

/// The statement bodies nested directly in `stmt` (not function or class bodies).
pub(crate) fn sg_child_bodies(stmt: &Stmt) -> Vec<&[Stmt]> {
    match stmt {
        Stmt::For(node) => vec![&node.body, &node.orelse],
        Stmt::While(node) => vec![&node.body, &node.orelse],
        Stmt::If(node) => std::iter::once(&node.body[..])
            .chain(node.elif_else_clauses.iter().map(|clause| &clause.body[..]))
            .collect(),
        Stmt::With(node) => vec![&node.body],
        Stmt::Match(node) => node.cases.iter().map(|case| &case.body[..]).collect(),
        Stmt::Try(node) => std::iter::once(&node.body[..])
            .chain(node.handlers.iter().map(|handler| match handler {
                ast::ExceptHandler::ExceptHandler(handler) => &handler.body[..],
            }))
            .chain([&node.orelse[..], &node.finalbody[..]])
            .collect(),
        _ => Vec::new(),
    }
}

struct ExprWalker<'f, 'a> {
    f: &'f mut dyn FnMut(&'a Expr),
}

impl<'a> visitor::Visitor<'a> for ExprWalker<'_, 'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        (self.f)(expr);
        visitor::walk_expr(self, expr);
    }
}

/// The body without a leading docstring.
pub(crate) fn without_docstring(body: &[Stmt]) -> &[Stmt] {
    match body.split_first() {
        Some((Stmt::Expr(first), rest)) if first.value.is_string_literal_expr() => rest,
        _ => body,
    }
}

//! The API and JWT rules: the table, the per-file hooks and the project-level checks.
//!
//! Per-file rules run during extraction on the AST ([`local_statement`], [`local_call`],
//! [`local_function`]) and leave [`crate::facts::LocalFinding`]s; route-level and
//! project-level rules run in [`check`] on the inventory and the facts. Each rule is one
//! module with its documentation and its check.

use sg_diagnostics::{Finding, Rule};
use sg_python::ast::{self, Stmt};

use crate::extract::Context;
use crate::facts::ModuleFacts;
use crate::inventory::Inventory;
use crate::options::Options;

/// Every rule this crate can emit, in code order.
pub fn rules() -> &'static [&'static Rule] {
    RULES
}

static RULES: &[&Rule] = &[];

pub(crate) fn local_statement(context: &Context<'_, '_>, stmt: &Stmt) {
    let _ = (context, stmt);
}

pub(crate) fn local_call(context: &Context<'_, '_>, call: &ast::ExprCall) {
    let _ = (context, call);
}

pub(crate) fn local_function(context: &Context<'_, '_>, function: &ast::StmtFunctionDef) {
    let _ = (context, function);
}

/// Runs the route-level and project-level rules and completes the per-file findings.
pub fn check(inventory: &Inventory, facts: &[ModuleFacts], options: &Options) -> Vec<Finding> {
    let _ = (inventory, facts, options);
    Vec::new()
}

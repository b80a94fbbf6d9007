//! The one walk's rule dispatch: per node kind, each rule family's list of
//! "if enabled, run this rule". No registry, no trait objects per rule: what runs on a node
//! is read top to bottom in the family's `mod.rs`.

use std::cell::RefCell;

use sg_diagnostics::Finding;
use sg_python::ast::{ExceptHandlerExceptHandler, Expr, Stmt};
use sg_python::{Analyzer, PythonSource};

use crate::checker::Checker;
use crate::rules::bandit::{b1xx, b2xx, b3xx, b4xx, b5xx, b6xx, b7xx};
use crate::rules::{dsz, secrets};
use crate::settings::Settings;

/// Checks on the text of a file rather than its tree (B613), once per file: they also see
/// comments and files that do not parse.
pub(crate) fn source_text(
    settings: &Settings,
    source: &PythonSource,
    display_path: &str,
    findings: &mut Vec<Finding>,
) {
    b6xx::source_text(settings, source, display_path, findings);
}

/// Runs every enabled rule on the nodes the walk hands it.
pub(crate) struct RuleRunner<'s> {
    settings: &'s Settings,
    findings: RefCell<Vec<Finding>>,
    /// Where Python-aware secret findings were made (see `rules::secrets`).
    secret_sites: RefCell<Vec<secrets::Claim>>,
}

impl<'s> RuleRunner<'s> {
    pub(crate) fn new(settings: &'s Settings) -> Self {
        RuleRunner {
            settings,
            findings: RefCell::new(Vec::new()),
            secret_sites: RefCell::new(Vec::new()),
        }
    }

    pub(crate) fn into_findings(self) -> Vec<Finding> {
        let mut findings = self.findings.into_inner();
        secrets::resolve_overlaps(&mut findings, &self.secret_sites);
        findings
    }
}

impl<'a> Analyzer<'a> for RuleRunner<'_> {
    fn statement(&mut self, python: &sg_python::Checker<'a>, stmt: &'a Stmt) {
        let checker = Checker::new(python, self.settings, &self.findings, &self.secret_sites);
        b1xx::statement(&checker, stmt);
        b2xx::statement(&checker, stmt);
        b3xx::statement(&checker, stmt);
        b4xx::statement(&checker, stmt);
        b5xx::statement(&checker, stmt);
        b6xx::statement(&checker, stmt);
        b7xx::statement(&checker, stmt);
        dsz::statement(&checker, stmt);
        secrets::statement(&checker, stmt);
    }

    fn expression(&mut self, python: &sg_python::Checker<'a>, expr: &'a Expr) {
        let checker = Checker::new(python, self.settings, &self.findings, &self.secret_sites);
        if let Expr::Call(call) = expr {
            // Resolved once per call; every family matches on it.
            let callee = checker.resolve_qualified_name(&call.func);
            let callee = callee.as_ref();
            b1xx::call(&checker, call, callee);
            b2xx::call(&checker, call, callee);
            b3xx::call(&checker, call, callee);
            b4xx::call(&checker, call, callee);
            b5xx::call(&checker, call, callee);
            b6xx::call(&checker, call, callee);
            b7xx::call(&checker, call, callee);
            dsz::call(&checker, call, callee);
            secrets::call(&checker, call, callee);
        }
        b1xx::expression(&checker, expr);
        b2xx::expression(&checker, expr);
        b5xx::expression(&checker, expr);
        b6xx::expression(&checker, expr);
        b7xx::expression(&checker, expr);
        secrets::expression(&checker, expr);
    }

    fn except_handler(
        &mut self,
        python: &sg_python::Checker<'a>,
        handler: &'a ExceptHandlerExceptHandler,
    ) {
        let checker = Checker::new(python, self.settings, &self.findings, &self.secret_sites);
        b1xx::except_handler(&checker, handler);
    }
}

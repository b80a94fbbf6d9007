//! The API and JWT rules: the table, the per-file hooks and the project-level checks.
//!
//! Per-file rules run during extraction on the AST, through three hooks called by the walk
//! ([`local_statement`] for every statement, [`local_call`] for every call, [`local_function`]
//! once per function body) and leave [`LocalFinding`]s. Route-level and project-level rules
//! run in [`check`] on the inventory and the facts, which also completes the per-file
//! findings: the endpoint they concern (`extra["endpoint"]`), the PyJWT version, constants
//! defined in other modules. Each rule is one module with its documentation and its check.

pub(crate) mod api;
pub(crate) mod helpers;
pub(crate) mod jwt;

use sg_diagnostics::{Finding, Rule, sort_findings};
use sg_python::ast::{self, Stmt};

use crate::extract::Context;
use crate::facts::{LocalFinding, ModuleFacts};
use crate::inventory::Inventory;
use crate::inventory::project::Project;
use crate::options::Options;

/// Every rule this crate can emit, in code order.
pub fn rules() -> &'static [&'static Rule] {
    RULES
}

static RULES: &[&Rule] = &[
    &api::unauthenticated_endpoint::UNAUTHENTICATED_ENDPOINT,
    &api::auth_endpoint_without_rate_limit::AUTH_ENDPOINT_WITHOUT_RATE_LIMIT,
    &api::app_without_rate_limit::APP_WITHOUT_RATE_LIMIT,
    &api::missing_scope::MISSING_SCOPE,
    &api::inactive_rate_limit::INACTIVE_RATE_LIMIT,
    &api::authz_from_client_data::AUTHZ_FROM_CLIENT_DATA,
    &api::mass_assignment::MASS_ASSIGNMENT,
    &api::stack_trace_exposure::STACK_TRACE_EXPOSURE,
    &api::django_debug::DJANGO_DEBUG,
    &api::django_allowed_hosts::DJANGO_ALLOWED_HOSTS,
    &api::insecure_cookie::INSECURE_COOKIE,
    &api::csrf_middleware_missing::CSRF_MIDDLEWARE_MISSING,
    &api::csrf_exempt::CSRF_EXEMPT,
    &api::flask_debug::FLASK_DEBUG,
    &api::csrf_disabled::CSRF_DISABLED,
    &api::cors_wildcard_credentials::CORS_WILDCARD_CREDENTIALS,
    &api::drf_default_permissions::DRF_DEFAULT_PERMISSIONS,
    &jwt::signature_not_verified::SIGNATURE_NOT_VERIFIED,
    &jwt::unverified_claims_used::UNVERIFIED_CLAIMS_USED,
    &jwt::alg_none::ALG_NONE,
    &jwt::decode_without_algorithms::DECODE_WITHOUT_ALGORITHMS,
    &jwt::algorithm_confusion::ALGORITHM_CONFUSION,
    &jwt::key_from_constant::KEY_FROM_CONSTANT,
    &jwt::token_without_expiry::TOKEN_WITHOUT_EXPIRY,
    &jwt::claims_not_verified::CLAIMS_NOT_VERIFIED,
    &jwt::sensitive_payload::SENSITIVE_PAYLOAD,
];

/// Called for every statement (before its children).
pub(crate) fn local_statement(context: &Context<'_, '_>, stmt: &Stmt) {
    api::django_debug::statement(context, stmt);
    api::django_allowed_hosts::statement(context, stmt);
    api::insecure_cookie::statement(context, stmt);
    api::csrf_middleware_missing::statement(context, stmt);
    api::csrf_exempt::statement(context, stmt);
    api::flask_debug::statement(context, stmt);
    api::csrf_disabled::statement(context, stmt);
    jwt::alg_none::statement(context, stmt);
    jwt::algorithm_confusion::statement(context, stmt);
    jwt::key_from_constant::statement(context, stmt);
    jwt::token_without_expiry::statement(context, stmt);
}

/// Called for every call expression.
pub(crate) fn local_call(context: &Context<'_, '_>, call: &ast::ExprCall) {
    api::csrf_exempt::call(context, call);
    api::flask_debug::call(context, call);
    api::insecure_cookie::call(context, call);
    api::csrf_disabled::call(context, call);
    api::cors_wildcard_credentials::call(context, call);
    if let Some(jwt_call) = jwt::classify(context, call) {
        jwt::signature_not_verified::call(context, call, jwt_call);
        jwt::alg_none::call(context, call, jwt_call);
        jwt::decode_without_algorithms::call(context, call, jwt_call);
        jwt::algorithm_confusion::call(context, call, jwt_call);
        jwt::key_from_constant::call(context, call, jwt_call);
        jwt::token_without_expiry::call(context, call, jwt_call);
        jwt::claims_not_verified::call(context, call, jwt_call);
        jwt::sensitive_payload::call(context, call, jwt_call);
    }
    jwt::token_without_expiry::flask_jwt_call(context, call);
    jwt::alg_none::config_call(context, call);
}

/// Called once per function, with the function's scope.
pub(crate) fn local_function(context: &Context<'_, '_>, function: &ast::StmtFunctionDef) {
    api::authz_from_client_data::function(context, function);
    api::mass_assignment::function(context, function);
    api::stack_trace_exposure::function(context, function);
    jwt::unverified_claims_used::function(context, function);
    jwt::claims_not_verified::function(context, function);
}

/// Runs the route-level and project-level rules and completes the per-file findings
/// (endpoint, library version, constants from other modules). Sorted; no rule selection
/// applied (the binary does that).
pub fn check(inventory: &Inventory, facts: &[ModuleFacts], options: &Options) -> Vec<Finding> {
    let project = Project::new(facts);
    let mut findings = Vec::new();
    for module in facts {
        for local in &module.findings {
            if let Some(finding) = complete(local, inventory, &project, options) {
                findings.push(finding);
            }
        }
    }
    api::unauthenticated_endpoint::check(inventory, &mut findings);
    api::auth_endpoint_without_rate_limit::check(inventory, &mut findings);
    api::app_without_rate_limit::check(inventory, &mut findings);
    api::missing_scope::check(inventory, &mut findings);
    api::inactive_rate_limit::check(inventory, &project, options, &mut findings);
    api::cors_wildcard_credentials::check(&project, &mut findings);
    api::drf_default_permissions::check(&project, &mut findings);
    api::mass_assignment::check_drf(inventory, &project, &mut findings);
    sort_findings(&mut findings);
    findings.dedup_by(|a, b| {
        a.rule.code == b.rule.code && a.path == b.path && a.span == b.span && a.message == b.message
    });
    findings
}

/// A per-file finding with its endpoint, or `None` when the join drops it (a pattern that
/// only matters in handlers, a constant that turns out not to be a literal, a PyJWT issue
/// that the pinned version does not have).
fn complete(
    local: &LocalFinding,
    inventory: &Inventory,
    project: &Project<'_>,
    options: &Options,
) -> Option<Finding> {
    let mut finding = local.finding.clone();
    let endpoints = local
        .subject
        .as_deref()
        .map(|subject| helpers::endpoints_for(inventory, subject))
        .unwrap_or_default();
    if local.only_in_handlers {
        let is_error_handler = local
            .subject
            .as_deref()
            .is_some_and(|subject| inventory.error_handlers.iter().any(|h| h == subject));
        if endpoints.is_empty() && !is_error_handler {
            return None;
        }
    }
    if let Some(constant) = &local.constant {
        finding = jwt::key_from_constant::resolve(finding, constant, project)?;
    }
    if let Some(sensitivity) = local.pyjwt {
        finding = jwt::pyjwt_version(finding, sensitivity, &options.library_versions)?;
    }
    Some(helpers::with_endpoints(finding, &endpoints))
}

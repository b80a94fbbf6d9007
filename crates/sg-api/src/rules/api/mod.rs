//! `API` rules: endpoints (`API0xx`) and framework settings (`API1xx`).

pub(crate) mod app_without_rate_limit;
pub(crate) mod auth_endpoint_without_rate_limit;
pub(crate) mod authz_from_client_data;
pub(crate) mod cors_wildcard_credentials;
pub(crate) mod csrf_disabled;
pub(crate) mod csrf_exempt;
pub(crate) mod csrf_middleware_missing;
pub(crate) mod django_allowed_hosts;
pub(crate) mod django_debug;
pub(crate) mod drf_default_permissions;
pub(crate) mod flask_debug;
pub(crate) mod inactive_rate_limit;
pub(crate) mod insecure_cookie;
pub(crate) mod mass_assignment;
pub(crate) mod missing_scope;
pub(crate) mod stack_trace_exposure;
pub(crate) mod unauthenticated_endpoint;

use crate::inventory::Endpoint;

/// Path segments (lower case, `-`/`_` removed) that make an endpoint an authentication
/// endpoint.
const AUTH_SEGMENTS: &[&str] = &[
    "login",
    "logon",
    "signin",
    "signup",
    "register",
    "registration",
    "token",
    "otp",
    "mfa",
    "2fa",
    "totp",
    "password",
    "passwordreset",
    "resetpassword",
    "forgotpassword",
    "changepassword",
    "apikey",
    "authenticate",
];

/// Words of handler names that make an endpoint an authentication endpoint.
const AUTH_NAME_PARTS: &[&str] = &[
    "login",
    "signin",
    "signup",
    "register",
    "password",
    "token",
    "otp",
    "mfa",
    "2fa",
    "totp",
    "authenticate",
    "forgot",
];

/// Why an endpoint is an authentication endpoint (login, token, password reset, OTP,
/// registration), or `None`. Path and name only count for endpoints that accept a
/// state-changing method; calling `check_password`/`authenticate`/`jwt.encode` always
/// counts. Logout endpoints are not authentication endpoints.
pub(crate) fn auth_endpoint_reason(endpoint: &Endpoint) -> Option<String> {
    if let Some(call) = endpoint.detail.credential_calls.first() {
        return Some(format!("calls `{call}`"));
    }
    let accepts_writes = endpoint.is_mutating() || endpoint.methods.iter().any(|m| m == "ANY");
    if !accepts_writes {
        return None;
    }
    let name = endpoint.handler.name.to_ascii_lowercase();
    let path = endpoint.path.to_ascii_lowercase();
    if name.contains("logout") || name.contains("signout") || path.contains("logout") {
        return None;
    }
    for segment in path.split('/') {
        let compact: String = segment.chars().filter(|c| *c != '-' && *c != '_').collect();
        if AUTH_SEGMENTS.contains(&compact.as_str()) {
            return Some(format!("path segment `{segment}`"));
        }
    }
    let last = name.rsplit('.').next().unwrap_or(&name);
    if let Some(part) = AUTH_NAME_PARTS.iter().find(|part| last.contains(**part)) {
        return Some(format!("handler name contains `{part}`"));
    }
    None
}

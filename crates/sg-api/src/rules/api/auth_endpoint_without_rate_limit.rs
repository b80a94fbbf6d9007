use sg_diagnostics::Finding;

use crate::inventory::Inventory;
use crate::rules::helpers::endpoint_finding;

use super::auth_endpoint_reason;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports an authentication endpoint without a rate limit. An endpoint is an
    /// authentication endpoint when it accepts a state-changing method and its path or
    /// handler name says login, sign-in, sign-up, register, token, OTP/MFA/2FA, password
    /// (reset, change, forgot) or API key, or when its handler calls `check_password`,
    /// `check_password_hash`, `authenticate`, `login_user`, `jwt.encode` or
    /// `create_access_token`.
    ///
    /// Rate limits recognised: Flask-Limiter and slowapi `@limiter.limit(...)` (also
    /// `limiter.limit(...)(blueprint)` and the limiter's `default_limits` when bound to the
    /// app), fastapi-limiter `Depends(RateLimiter(...))` on the route, router or include,
    /// django-ratelimit `@ratelimit(...)` (not with `block=False`), DRF `throttle_classes`
    /// and `DEFAULT_THROTTLE_CLASSES`, rate-limit middleware, django-axes / django-defender
    /// for views that call `authenticate`/`login`, and the names in
    /// `rate-limit-decorators`.
    ///
    /// ## Why is this bad?
    /// Without a limit an attacker can try passwords, one-time codes and reset tokens as
    /// fast as the server answers (credential stuffing, brute force of a 6-digit OTP in
    /// hours), or create accounts in bulk.
    ///
    /// ## Example
    /// ```python
    /// @bp.post("/register")
    /// def register():
    ///     ...
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// @bp.post("/register")
    /// @limiter.limit("5 per minute")
    /// def register():
    ///     ...
    /// ```
    ///
    /// ## References
    /// - <https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/>
    /// - <https://cwe.mitre.org/data/definitions/307.html>
    /// - <https://flask-limiter.readthedocs.io/>
    /// - <https://www.django-rest-framework.org/api-guide/throttling/>
    pub static AUTH_ENDPOINT_WITHOUT_RATE_LIMIT: Rule {
        code: "API002",
        name: "auth-endpoint-without-rate-limit",
        scanner: Api,
        severity: Medium,
        confidence: Medium,
        cwe: Some(307),
        summary: "Authentication endpoint without a rate limit",
    }
}

pub(crate) fn check(inventory: &Inventory, findings: &mut Vec<Finding>) {
    for endpoint in &inventory.endpoints {
        if endpoint.detail.external || !endpoint.rate_limit.is_empty() {
            continue;
        }
        let Some(reason) = auth_endpoint_reason(endpoint) else {
            continue;
        };
        let message = format!(
            "`{}` is an authentication endpoint ({reason}) without a rate limit",
            endpoint.label()
        );
        findings.push(endpoint_finding(
            &AUTH_ENDPOINT_WITHOUT_RATE_LIMIT,
            endpoint,
            message,
        ));
    }
}

use sg_diagnostics::{Finding, Span};

use crate::inventory::Inventory;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports an application (a Flask, FastAPI, Starlette or aiohttp app object, or a
    /// Django project) that has endpoints and no rate limiting at all: no app-wide default
    /// (`Limiter(default_limits=...)`, DRF `DEFAULT_THROTTLE_CLASSES`, a rate-limit
    /// middleware) and not one endpoint with a limit. The finding points at the app's
    /// creation (or the Django settings module).
    ///
    /// ## Why is this bad?
    /// Every endpoint can then be called without bound: password guessing, scraping, and
    /// expensive queries that exhaust the workers. A default limit for the whole app, with
    /// stricter ones on authentication endpoints, is the baseline.
    ///
    /// ## Example
    /// ```python
    /// app = web.Application()
    /// app.add_routes(routes)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// limiter = Limiter(get_remote_address, app=app, default_limits=["200 per day", "50 per hour"])
    /// ```
    ///
    /// ## References
    /// - <https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/>
    /// - <https://cwe.mitre.org/data/definitions/770.html>
    /// - <https://slowapi.readthedocs.io/>
    pub static APP_WITHOUT_RATE_LIMIT: Rule {
        code: "API003",
        name: "app-without-rate-limiting",
        scanner: Api,
        severity: Medium,
        confidence: Medium,
        cwe: Some(770),
        summary: "Application without any rate limiting",
    }
}

pub(crate) fn check(inventory: &Inventory, findings: &mut Vec<Finding>) {
    for app in &inventory.apps {
        if app.endpoints == 0 || !app.rate_limit.is_empty() {
            continue;
        }
        let limited = inventory.endpoints.iter().any(|endpoint| {
            endpoint.detail.app.as_deref() == Some(app.symbol.as_str())
                && !endpoint.rate_limit.is_empty()
        });
        if limited {
            continue;
        }
        let span = if app.location.span.line == 0 {
            Span::point(1, 1)
        } else {
            app.location.span
        };
        let noun = if app.endpoints == 1 {
            "endpoint"
        } else {
            "endpoints"
        };
        let message = format!(
            "{} app `{}` has {} {noun} and no rate limiting",
            app.framework.as_str(),
            app.name,
            app.endpoints
        );
        let mut finding = Finding::new(&APP_WITHOUT_RATE_LIMIT, app.file.clone(), span, message)
            .with_snippet(app.location.snippet.clone());
        if let Some(cell) = app.location.cell {
            finding = finding.with_extra("cell", cell);
        }
        findings.push(finding);
    }
}

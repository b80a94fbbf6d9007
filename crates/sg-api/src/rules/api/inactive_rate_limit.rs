use sg_diagnostics::Finding;

use crate::inventory::Inventory;
use crate::inventory::markers::Kind;
use crate::inventory::project::Project;
use crate::options::Options;
use crate::rules::helpers::{endpoints_for, with_endpoints};
use crate::value::{Value, last_segments, parent_symbol};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a slowapi `@limiter.limit(...)` on a handler that has no parameter named
    /// `request` (or `websocket`), and a slowapi limit written above the route decorator.
    ///
    /// slowapi finds the request by the parameter name; without one it cannot count
    /// anything (current releases refuse the function when the module is imported, older
    /// ones let it through). A decorator above `@app.get(...)` wraps the function after the
    /// route already registered the undecorated one, so the limit never runs.
    ///
    /// ## Why is this bad?
    /// The code reads as rate limited and is not: a login or OTP endpoint that looks
    /// protected against brute force accepts unlimited attempts.
    ///
    /// ## Example
    /// ```python
    /// @app.post("/login")
    /// @limiter.limit("5/minute")
    /// async def login(form: LoginForm):
    ///     ...
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// @app.post("/login")
    /// @limiter.limit("5/minute")
    /// async def login(request: Request, form: LoginForm):
    ///     ...
    /// ```
    ///
    /// ## References
    /// - <https://slowapi.readthedocs.io/en/latest/#limitations-and-known-issues>
    /// - <https://cwe.mitre.org/data/definitions/307.html>
    pub static INACTIVE_RATE_LIMIT: Rule {
        code: "API005",
        name: "inactive-rate-limit",
        scanner: Api,
        severity: Medium,
        confidence: High,
        cwe: Some(307),
        summary: "slowapi rate limit that cannot apply",
    }
}

const ROUTE_METHODS: &[&str] = &[
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "options",
    "head",
    "trace",
    "api_route",
    "route",
    "websocket",
];

pub(crate) fn check(
    inventory: &Inventory,
    project: &Project<'_>,
    options: &Options,
    findings: &mut Vec<Finding>,
) {
    let classifier = crate::inventory::markers::Classifier { project, options };
    for module in project.facts {
        for function in &module.functions {
            let mut route_position = None;
            let mut limit_position = None;
            let mut limit_location = None;
            for (position, decorator) in function.decorators.iter().enumerate() {
                let Value::Call(call) = &decorator.value else {
                    continue;
                };
                let Value::Ref(callee) = &call.func else {
                    continue;
                };
                let Some(receiver) = parent_symbol(callee) else {
                    continue;
                };
                let method = last_segments(callee, 1);
                match classifier.object(receiver).map(|(kind, _, _)| kind) {
                    Some(Kind::SlowapiLimiter)
                        if matches!(method, "limit" | "shared_limit")
                            && limit_position.is_none() =>
                    {
                        limit_position = Some(position);
                        limit_location = Some(&decorator.location);
                    }
                    Some(
                        Kind::FastApiApp
                        | Kind::FastApiRouter
                        | Kind::StarletteApp
                        | Kind::StarletteRouter,
                    ) if ROUTE_METHODS.contains(&method) => {
                        route_position.get_or_insert(position);
                    }
                    _ => {}
                }
            }
            let (Some(limit), Some(location)) = (limit_position, limit_location) else {
                continue;
            };
            let has_request = function
                .parameters
                .iter()
                .any(|parameter| matches!(parameter.name.as_str(), "request" | "websocket"));
            let message = if route_position.is_some_and(|route| limit < route) {
                format!(
                    "slowapi limit on `{}` is above the route decorator: the route registered the function without it",
                    function.name
                )
            } else if !has_request {
                format!(
                    "slowapi limit on `{}`, which has no `request` parameter: the limit cannot apply",
                    function.name
                )
            } else {
                continue;
            };
            let mut finding = Finding::new(
                &INACTIVE_RATE_LIMIT,
                module.path.clone(),
                location.span,
                message,
            )
            .with_snippet(location.snippet.clone());
            if let Some(cell) = location.cell {
                finding = finding.with_extra("cell", cell);
            }
            let endpoints = endpoints_for(inventory, &function.id);
            findings.push(with_endpoints(finding, &endpoints));
        }
    }
}

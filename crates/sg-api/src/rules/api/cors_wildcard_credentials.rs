use sg_diagnostics::Finding;
use sg_python::Ranged;
use sg_python::ast::{self, Expr};

use crate::extract::Context;
use crate::extract::ast_util::{is_true_literal, keyword, string_literal};
use crate::facts::{Assignment, Scope};
use crate::inventory::project::Project;
use crate::rules::helpers::is_development_name;
use crate::value::Value;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports CORS configurations that allow credentials from any origin:
    ///
    /// - flask-cors `CORS(app, supports_credentials=True)` or
    ///   `@cross_origin(supports_credentials=True)` with no `origins` (the default is `*`),
    ///   `origins="*"`, or a `resources` entry whose `origins` is `*`;
    /// - Starlette/FastAPI `CORSMiddleware` (through `add_middleware` or `Middleware(...)`)
    ///   with `allow_credentials=True` and `allow_origins=["*"]` or an
    ///   `allow_origin_regex` that matches everything (`.*`);
    /// - django-cors-headers settings `CORS_ALLOW_ALL_ORIGINS = True` (or the old
    ///   `CORS_ORIGIN_ALLOW_ALL`) or a match-all `CORS_ALLOWED_ORIGIN_REGEXES`, with
    ///   `CORS_ALLOW_CREDENTIALS = True` in the project's settings;
    /// - aiohttp-cors defaults or routes keyed by `"*"` with
    ///   `ResourceOptions(allow_credentials=True)`.
    ///
    /// ## Why is this bad?
    /// Browsers refuse `Access-Control-Allow-Origin: *` with credentials, so these libraries
    /// reflect the caller's `Origin` instead: every website can then read authenticated
    /// responses of the API with the user's cookies.
    ///
    /// ## Example
    /// ```python
    /// app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// app.add_middleware(
    ///     CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True
    /// )
    /// ```
    ///
    /// ## References
    /// - <https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#credentialed_requests_and_wildcards>
    /// - <https://www.starlette.io/middleware/#corsmiddleware>
    /// - <https://github.com/adamchainz/django-cors-headers>
    /// - <https://cwe.mitre.org/data/definitions/942.html>
    pub static CORS_WILDCARD_CREDENTIALS: Rule {
        code: "API108",
        name: "cors-wildcard-with-credentials",
        scanner: Api,
        severity: High,
        confidence: High,
        cwe: Some(942),
        summary: "CORS allows credentials from any origin",
    }
}

fn is_wildcard(expr: &Expr) -> bool {
    match expr {
        Expr::StringLiteral(literal) => {
            matches!(literal.value.to_str(), "*" | ".*" | "^.*$" | ".+")
        }
        Expr::List(list) => list.elts.iter().any(is_wildcard),
        Expr::Tuple(tuple) => tuple.elts.iter().any(is_wildcard),
        _ => false,
    }
}

fn is_match_all_regex(expr: &Expr) -> bool {
    string_literal(expr).is_some_and(|regex| {
        let trimmed = regex.trim_start_matches('^').trim_end_matches('$');
        matches!(
            trimmed,
            ".*" | ".+" | "https?://.*" | "https://.*" | "http://.*" | "(.*)"
        )
    })
}

pub(crate) fn call(context: &Context<'_, '_>, call: &ast::ExprCall) {
    let name = context.qualified(&call.func).unwrap_or_default();
    match name.as_str() {
        "flask_cors.CORS" | "flask_cors.cross_origin" => {
            if !keyword(call, "supports_credentials").is_some_and(is_true_literal) {
                return;
            }
            let origins = keyword(call, "origins");
            let resources = keyword(call, "resources");
            let wildcard = match (origins, resources) {
                (Some(origins), _) => is_wildcard(origins),
                (None, Some(Expr::Dict(dict))) => dict.items.iter().any(|item| match &item.value {
                    Expr::Dict(options) => {
                        options.items.iter().any(|option| {
                            option.key.as_ref().and_then(string_literal) == Some("origins")
                                && is_wildcard(&option.value)
                        }) || !options.items.iter().any(|option| {
                            option.key.as_ref().and_then(string_literal) == Some("origins")
                        })
                    }
                    _ => false,
                }),
                (None, Some(_)) => false,
                (None, None) => true,
            };
            if wildcard {
                context.report(context.finding(
                    &CORS_WILDCARD_CREDENTIALS,
                    call.range(),
                    "flask-cors allows credentials from any origin (`supports_credentials=True` with origins `*`)",
                ));
            }
        }
        _ => {
            // add_middleware(CORSMiddleware, ...), Middleware(CORSMiddleware, ...),
            // CORSMiddleware(app, ...)
            let is_cors = |expr: &Expr| {
                context.qualified(expr).is_some_and(|name| {
                    matches!(
                        name.as_str(),
                        "starlette.middleware.cors.CORSMiddleware"
                            | "fastapi.middleware.cors.CORSMiddleware"
                    )
                })
            };
            let cors = is_cors(&call.func) || call.arguments.args.first().is_some_and(is_cors);
            if cors {
                let credentials = keyword(call, "allow_credentials").is_some_and(is_true_literal);
                let any_origin = keyword(call, "allow_origins").is_some_and(is_wildcard)
                    || keyword(call, "allow_origin_regex").is_some_and(is_match_all_regex);
                if credentials && any_origin {
                    context.report(context.finding(
                        &CORS_WILDCARD_CREDENTIALS,
                        call.range(),
                        "CORSMiddleware allows credentials from any origin",
                    ));
                }
                return;
            }
            aiohttp_cors(context, call, &name);
        }
    }
}

/// `aiohttp_cors.setup(app, defaults={"*": ResourceOptions(allow_credentials=True)})`,
/// `cors.add(route, {"*": ResourceOptions(allow_credentials=True)})`.
fn aiohttp_cors(context: &Context<'_, '_>, call: &ast::ExprCall, name: &str) {
    let mapping = if name == "aiohttp_cors.setup" {
        keyword(call, "defaults")
    } else if matches!(&*call.func, Expr::Attribute(attribute) if attribute.attr.as_str() == "add")
    {
        call.arguments.args.get(1)
    } else {
        None
    };
    let Some(Expr::Dict(dict)) = mapping else {
        return;
    };
    for item in &dict.items {
        if item.key.as_ref().and_then(string_literal) != Some("*") {
            continue;
        }
        if let Expr::Call(options) = &item.value
            && context
                .qualified(&options.func)
                .is_some_and(|name| name == "aiohttp_cors.ResourceOptions")
            && keyword(options, "allow_credentials").is_some_and(is_true_literal)
        {
            context.report(context.finding(
                &CORS_WILDCARD_CREDENTIALS,
                item.value.range(),
                "aiohttp-cors allows credentials for origin `*`",
            ));
        }
    }
}

/// django-cors-headers settings, project-wide.
pub(crate) fn check(project: &Project<'_>, findings: &mut Vec<Finding>) {
    let settings = |name: &str| -> Vec<&Assignment> {
        project
            .module_assignments_named(name)
            .into_iter()
            .filter(|(index, _)| {
                project
                    .facts
                    .get(*index)
                    .is_some_and(|module| !is_development_name(file_stem(&module.path)))
            })
            .map(|(_, assignment)| assignment)
            .collect()
    };
    let credentials = settings("CORS_ALLOW_CREDENTIALS")
        .iter()
        .any(|assignment| assignment.value.is_true());
    if !credentials {
        return;
    }
    let mut wildcards: Vec<(&Assignment, String)> = Vec::new();
    for name in ["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"] {
        for assignment in settings(name) {
            if assignment.value.is_true() {
                wildcards.push((
                    assignment,
                    format!("`{name} = True` with `CORS_ALLOW_CREDENTIALS = True`"),
                ));
            }
        }
    }
    for name in ["CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST"] {
        for assignment in settings(name) {
            let match_all = assignment.value.strings().iter().any(|regex| {
                let trimmed = regex.trim_start_matches('^').trim_end_matches('$');
                matches!(trimmed, ".*" | ".+" | "https?://.*")
            });
            if match_all {
                wildcards.push((
                    assignment,
                    format!("`{name}` matches every origin, with `CORS_ALLOW_CREDENTIALS = True`"),
                ));
            }
        }
    }
    for (assignment, message) in wildcards {
        if assignment.scope != Scope::Module {
            continue;
        }
        let Some(path) = project.file_of(&assignment.target) else {
            continue;
        };
        let mut finding = Finding::new(
            &CORS_WILDCARD_CREDENTIALS,
            path.to_string(),
            assignment.location.span,
            message,
        )
        .with_snippet(assignment.location.snippet.clone());
        if let Some(cell) = assignment.location.cell {
            finding = finding.with_extra("cell", cell);
        }
        findings.push(finding);
    }
    let _ = Value::None;
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".py").unwrap_or(name)
}

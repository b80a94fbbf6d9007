//! The endpoint inventory: every HTTP endpoint of the project, joined across modules.
//!
//! [`build_inventory`] indexes every file's facts ([`project::Project`]), then lets each
//! framework's resolver add endpoints:
//!
//! - [`routes`]: Flask (apps, factories, blueprints with prefixes and nesting,
//!   `add_url_rule`, `MethodView`/`View.as_view`, flask-restful/flask-restx resources),
//!   FastAPI/Starlette (apps, `APIRouter`s, `include_router` prefixes and dependencies,
//!   `api_route`, `add_api_route`, `Route`/`Mount` lists, sub-applications) and aiohttp
//!   (`router.add_*`, `RouteTableDef`, `add_routes`, sub-applications): a graph of groups
//!   (apps, blueprints, routers) and mounts walked from every application;
//! - [`django`]: `urlpatterns` from `ROOT_URLCONF` through `include`, `path`/`re_path`,
//!   function and class-based views, inline wrappers, DRF routers and viewsets.
//!
//! Each endpoint carries the authentication, scopes, rate limits and CSRF exemption found
//! along its chain ([`markers`]). Endpoints are sorted by path, method and handler.

pub(crate) mod django;
pub(crate) mod loops;
pub(crate) mod markers;
pub(crate) mod project;
pub(crate) mod routes;

use serde::Serialize;

use crate::facts::{Location, ModuleFacts};
use crate::options::Options;
use markers::Classifier;
use project::Project;

/// The web framework an endpoint belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Framework {
    Flask,
    Fastapi,
    Starlette,
    Django,
    Drf,
    Aiohttp,
}

impl Framework {
    pub fn as_str(self) -> &'static str {
        match self {
            Framework::Flask => "flask",
            Framework::Fastapi => "fastapi",
            Framework::Starlette => "starlette",
            Framework::Django => "django",
            Framework::Drf => "drf",
            Framework::Aiohttp => "aiohttp",
        }
    }
}

/// The function or class that handles an endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Handler {
    /// The file (display path).
    pub file: String,
    pub line: u32,
    /// Qualified name within the module (`views.UserView.get` style `qualname`).
    pub name: String,
    /// The dotted module.
    pub module: String,
}

/// One HTTP endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// Upper-case methods, sorted (`GET`, `POST`); `ANY` when the view accepts every method;
    /// `WS` for a websocket.
    pub methods: Vec<String>,
    /// The full path, prefixes included (`/api/v1/users/<int:id>`).
    pub path: String,
    pub framework: Framework,
    pub handler: Handler,
    /// Authentication markers found (decorators, dependencies, mixins, guards,
    /// permission classes); empty means none.
    pub auth: Vec<String>,
    /// Scopes, roles or permissions required.
    pub scopes: Vec<String>,
    /// Rate-limit markers (`limiter.limit("5/minute")`, `default: 200 per day`, DRF
    /// throttles); empty means none.
    pub rate_limit: Vec<String>,
    /// Rate limits written on the handler that cannot apply (slowapi without a `request`
    /// parameter, or above the route decorator).
    pub inactive_rate_limit: Vec<String>,
    pub csrf_exempt: bool,
    #[serde(skip)]
    pub(crate) detail: Detail,
}

impl Endpoint {
    /// `POST /api/users` (methods joined with `,`).
    pub fn label(&self) -> String {
        format!("{} {}", self.methods.join(","), self.path)
    }

    /// Whether the endpoint accepts a state-changing method.
    pub fn is_mutating(&self) -> bool {
        self.methods
            .iter()
            .any(|method| matches!(method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE"))
    }
}

/// What the rules need about an endpoint beyond the table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Detail {
    /// The handler function's symbol (a method for class-based views).
    pub function: Option<String>,
    /// The application this endpoint belongs to (symbol, or the settings module).
    pub app: Option<String>,
    /// The router/blueprint/viewset it is declared on.
    pub group: Option<String>,
    /// Where findings about the endpoint point (the handler's `def`).
    pub location: Location,
    pub write: Option<String>,
    pub credential_calls: Vec<String>,
    pub handles_unsafe_method: bool,
    /// Marked public on purpose (`@login_not_required`, `AllowAny` explicitly set,
    /// `jwt_required(optional=True)`).
    pub public: bool,
    /// Not code of the project: Django's admin site, a third-party URLconf
    /// (`include("allauth.urls")`); listed, not judged.
    pub external: bool,
}

/// An application: a Flask/FastAPI/Starlette/aiohttp app object or a Django project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct App {
    pub framework: Framework,
    /// The variable (`app`) or settings module (`mysite.settings`).
    pub name: String,
    pub file: String,
    pub line: u32,
    pub endpoints: usize,
    /// App-wide rate limits (`default_limits`, `DEFAULT_THROTTLE_CLASSES`, middleware).
    pub rate_limit: Vec<String>,
    #[serde(skip)]
    pub(crate) symbol: String,
    #[serde(skip)]
    pub(crate) location: Location,
}

/// Every endpoint and application of a project.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Inventory {
    pub endpoints: Vec<Endpoint>,
    pub apps: Vec<App>,
    /// Error handlers (`@app.errorhandler`, `@app.exception_handler`): their responses reach
    /// clients too.
    #[serde(skip)]
    pub(crate) error_handlers: Vec<String>,
}

/// Builds the inventory from every Python file's facts.
pub fn build_inventory(facts: &[ModuleFacts], options: &Options) -> Inventory {
    // Registration calls made in loops over route lists become one call per element; the
    // project index is built again only when that changed the facts.
    let project = Project::new(facts);
    let expanded = loops::expand(&project);
    if expanded.is_empty() {
        return inventory_of(&project, options);
    }
    let augmented = with_expanded_calls(facts, expanded);
    inventory_of(&Project::new(&augmented), options)
}

fn inventory_of(project: &Project<'_>, options: &Options) -> Inventory {
    let classifier = Classifier { project, options };
    let mut inventory = Inventory::default();
    routes::collect(&classifier, &mut inventory);
    django::collect(&classifier, &mut inventory);
    finish(&mut inventory, options);
    inventory
}

/// A copy of the facts with each expanded loop call replaced by its expansion.
fn with_expanded_calls(
    facts: &[ModuleFacts],
    expanded: Vec<(usize, usize, Vec<crate::facts::CallSite>)>,
) -> Vec<ModuleFacts> {
    let mut replacements: std::collections::HashMap<(usize, usize), Vec<crate::facts::CallSite>> =
        expanded
            .into_iter()
            .map(|(file, index, calls)| ((file, index), calls))
            .collect();
    let mut out = facts.to_vec();
    for (file, module) in out.iter_mut().enumerate() {
        if !replacements.keys().any(|(f, _)| *f == file) {
            continue;
        }
        let calls = std::mem::take(&mut module.calls);
        for (index, site) in calls.into_iter().enumerate() {
            match replacements.remove(&(file, index)) {
                Some(expansion) => module.calls.extend(expansion),
                None => module.calls.push(site),
            }
        }
    }
    out
}

fn finish(inventory: &mut Inventory, options: &Options) {
    for endpoint in &mut inventory.endpoints {
        endpoint
            .methods
            .sort_unstable_by_key(|method| method_rank(method));
        endpoint.methods.dedup();
        if options
            .public_paths
            .iter()
            .any(|pattern| crate::options::path_matches(&endpoint.path, pattern))
        {
            endpoint.detail.public = true;
        }
    }
    inventory.endpoints.sort_by(|a, b| {
        (
            &a.path,
            &a.methods,
            &a.handler.file,
            a.handler.line,
            &a.handler.name,
        )
            .cmp(&(
                &b.path,
                &b.methods,
                &b.handler.file,
                b.handler.line,
                &b.handler.name,
            ))
    });
    inventory.endpoints.dedup();
    for app in &mut inventory.apps {
        app.endpoints = inventory
            .endpoints
            .iter()
            .filter(|endpoint| endpoint.detail.app.as_deref() == Some(app.symbol.as_str()))
            .count();
    }
    inventory
        .apps
        .sort_by(|a, b| (&a.file, a.line, &a.name).cmp(&(&b.file, b.line, &b.name)));
    inventory.apps.dedup();
    inventory.error_handlers.sort_unstable();
    inventory.error_handlers.dedup();
}

/// Conventional method order: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, others.
fn method_rank(method: &str) -> (u8, String) {
    let rank = match method {
        "ANY" => 0,
        "GET" => 1,
        "HEAD" => 2,
        "POST" => 3,
        "PUT" => 4,
        "PATCH" => 5,
        "DELETE" => 6,
        "OPTIONS" => 7,
        "TRACE" => 8,
        "WS" => 9,
        _ => 10,
    };
    (rank, method.to_string())
}

/// Flask's prefix rule: `"/".join((prefix.rstrip("/"), rule.lstrip("/")))`, or the prefix
/// alone for an empty rule. FastAPI concatenates, which gives the same for the usual forms.
pub(crate) fn join_path(prefix: &str, rule: &str) -> String {
    if prefix.is_empty() {
        return rule.to_string();
    }
    if rule.is_empty() {
        return prefix.to_string();
    }
    format!(
        "{}/{}",
        prefix.trim_end_matches('/'),
        rule.trim_start_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_join_like_flask() {
        assert_eq!(join_path("/api", "/users"), "/api/users");
        assert_eq!(join_path("/api/", "users"), "/api/users");
        assert_eq!(join_path("/api", "/"), "/api/");
        assert_eq!(join_path("/api", ""), "/api");
        assert_eq!(join_path("", "/x"), "/x");
    }
}

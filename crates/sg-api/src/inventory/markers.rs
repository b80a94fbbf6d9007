//! What decorators, dependencies, mixins and body checks say about an endpoint: object kinds,
//! authentication, scopes, rate limits, CSRF exemption and accepted methods.
//!
//! Built-in names cover the common libraries (flask-login, flask-jwt-extended,
//! Flask-HTTPAuth, Flask-Security, Django's auth decorators and mixins, DRF, FastAPI's
//! security classes, Flask-Limiter, slowapi, fastapi-limiter, django-ratelimit); the
//! `auth-decorators`, `auth-dependencies` and `rate-limit-decorators` options add in-house
//! names. A decorator written in the project counts as authentication when its body (or its
//! wrapper's) rejects unauthenticated requests (see `extract::body`).

use std::collections::HashSet;

use crate::facts::{Class, Function};
use crate::options::{Options, name_matches};
use crate::value::{CallValue, Value, last_segments, parent_symbol};

use super::project::{Project, Target};

/// Kinds of objects the inventory cares about, by the class that builds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    FlaskApp,
    FlaskBlueprint,
    RestfulApi,
    RestxNamespace,
    FastApiApp,
    FastApiRouter,
    StarletteApp,
    StarletteRouter,
    AiohttpApp,
    AiohttpRouteTable,
    DrfRouter,
    FlaskLimiter,
    SlowapiLimiter,
    HttpAuth,
    CsrfProtect,
    SecurityScheme,
}

/// The kind of object built by calling the class `qualified` (a third-party name).
fn kind_of_external(qualified: &str) -> Option<Kind> {
    let kind = match qualified {
        "flask.Flask" | "flask.app.Flask" | "quart.Quart" | "apiflask.APIFlask" => Kind::FlaskApp,
        "flask.Blueprint"
        | "flask.blueprints.Blueprint"
        | "quart.Blueprint"
        | "apiflask.APIBlueprint"
        | "flask_smorest.Blueprint" => Kind::FlaskBlueprint,
        "flask_restful.Api" | "flask_restx.Api" | "flask_restplus.Api" => Kind::RestfulApi,
        "flask_restx.Namespace" | "flask_restplus.Namespace" => Kind::RestxNamespace,
        "fastapi.FastAPI" | "fastapi.applications.FastAPI" => Kind::FastApiApp,
        "fastapi.APIRouter" | "fastapi.routing.APIRouter" => Kind::FastApiRouter,
        "starlette.applications.Starlette" => Kind::StarletteApp,
        "starlette.routing.Router" => Kind::StarletteRouter,
        "aiohttp.web.Application" | "aiohttp.web_app.Application" => Kind::AiohttpApp,
        "aiohttp.web.RouteTableDef" | "aiohttp.web_routedef.RouteTableDef" => {
            Kind::AiohttpRouteTable
        }
        "rest_framework.routers.DefaultRouter"
        | "rest_framework.routers.SimpleRouter"
        | "rest_framework_nested.routers.SimpleRouter"
        | "rest_framework_nested.routers.DefaultRouter"
        | "rest_framework_nested.routers.NestedSimpleRouter"
        | "rest_framework_nested.routers.NestedDefaultRouter" => Kind::DrfRouter,
        "flask_limiter.Limiter" | "flask_limiter.extension.Limiter" => Kind::FlaskLimiter,
        "slowapi.Limiter" | "slowapi.extension.Limiter" => Kind::SlowapiLimiter,
        "flask_httpauth.HTTPBasicAuth"
        | "flask_httpauth.HTTPTokenAuth"
        | "flask_httpauth.HTTPDigestAuth"
        | "flask_httpauth.MultiAuth" => Kind::HttpAuth,
        "flask_wtf.CSRFProtect" | "flask_wtf.csrf.CSRFProtect" | "flask_wtf.CsrfProtect" => {
            Kind::CsrfProtect
        }
        _ => {
            if is_security_scheme(qualified) {
                Kind::SecurityScheme
            } else {
                return None;
            }
        }
    };
    Some(kind)
}

/// FastAPI's security classes (`fastapi.security.OAuth2PasswordBearer`…).
fn is_security_scheme(qualified: &str) -> bool {
    let Some(rest) = qualified.strip_prefix("fastapi.security.") else {
        return false;
    };
    let class = last_segments(rest, 1);
    matches!(
        class,
        "OAuth2PasswordBearer"
            | "OAuth2AuthorizationCodeBearer"
            | "OAuth2"
            | "HTTPBearer"
            | "HTTPBasic"
            | "HTTPDigest"
            | "APIKeyHeader"
            | "APIKeyQuery"
            | "APIKeyCookie"
            | "OpenIdConnect"
    )
}

/// What one decorator, dependency chain or class contributes to an endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Markers {
    pub auth: Vec<String>,
    pub scopes: Vec<String>,
    pub rate_limit: Vec<String>,
    pub rate_limit_exempt: bool,
    pub csrf_exempt: bool,
    /// Methods a decorator restricts the view to (`@require_POST`, `@api_view([...])`).
    pub methods: Option<Vec<String>>,
    /// DRF `@permission_classes([...])` / `permission_classes = [...]`.
    pub drf_permissions: Option<Vec<String>>,
    /// DRF `@throttle_classes([...])` (an empty list removes the default throttles).
    pub drf_throttles: Option<Vec<String>>,
    /// Explicitly public (`@login_not_required`, `jwt_required(optional=True)`).
    pub public: bool,
    /// Uses `@api_view` (a DRF function view).
    pub drf_view: bool,
    /// The rate limit comes from slowapi (which needs a `request` parameter).
    pub slowapi: bool,
    /// Rate limits written but unable to apply (slowapi without `request`, or above the
    /// route decorator).
    pub inactive_limits: Vec<String>,
    /// Hooks (function symbols) whose authentication check covers only some endpoints
    /// (`BodySummary::condition`): decided per endpoint when it is emitted.
    pub conditional_hooks: Vec<String>,
}

impl Markers {
    pub fn merge(&mut self, other: Markers) {
        extend_unique(&mut self.auth, other.auth);
        extend_unique(&mut self.scopes, other.scopes);
        extend_unique(&mut self.rate_limit, other.rate_limit);
        self.rate_limit_exempt |= other.rate_limit_exempt;
        self.csrf_exempt |= other.csrf_exempt;
        if other.methods.is_some() {
            self.methods = other.methods;
        }
        if other.drf_permissions.is_some() {
            self.drf_permissions = other.drf_permissions;
        }
        if other.drf_throttles.is_some() {
            self.drf_throttles = other.drf_throttles;
        }
        self.public |= other.public;
        self.drf_view |= other.drf_view;
        self.slowapi |= other.slowapi;
        extend_unique(&mut self.inactive_limits, other.inactive_limits);
        extend_unique(&mut self.conditional_hooks, other.conditional_hooks);
    }
}

pub(crate) fn extend_unique(target: &mut Vec<String>, items: Vec<String>) {
    for item in items {
        if !target.contains(&item) {
            target.push(item);
        }
    }
}

/// Decorator names (last segment) that require an authenticated user.
const AUTH_DECORATORS: &[&str] = &[
    "login_required",
    "jwt_required",
    "fresh_jwt_required",
    "jwt_refresh_token_required",
    "auth_required",
    "roles_required",
    "roles_accepted",
    "permissions_required",
    "permissions_accepted",
    "permission_required",
    "user_passes_test",
    "staff_member_required",
    "superuser_required",
    "admin_required",
    "token_required",
    "token_auth_required",
    "auth_token_required",
    "requires_auth",
    "http_auth_required",
];

/// Decorators whose arguments are role or permission names (shown as scopes).
const SCOPE_DECORATORS: &[&str] = &[
    "roles_required",
    "roles_accepted",
    "permissions_required",
    "permissions_accepted",
    "permission_required",
    "requires",
];

/// Calls at the top of a handler that check authentication.
const AUTH_CALLS: &[&str] = &[
    "flask_jwt_extended.verify_jwt_in_request",
    "flask_jwt_extended.view_decorators.verify_jwt_in_request",
    "aiohttp_security.check_authorized",
    "aiohttp_security.check_permission",
    "flask_praetorian.auth_required",
];

/// Mixins (last segment of the class name) that require an authenticated user.
const AUTH_MIXINS: &[&str] = &[
    "LoginRequiredMixin",
    "PermissionRequiredMixin",
    "UserPassesTestMixin",
    "StaffuserRequiredMixin",
    "SuperuserRequiredMixin",
    "GroupRequiredMixin",
    "StaffRequiredMixin",
    "MultiplePermissionsRequiredMixin",
];

/// Classifies decorators, dependencies and classes for one project.
pub(crate) struct Classifier<'c, 'p> {
    pub project: &'c Project<'p>,
    pub options: &'c Options,
}

impl<'p> Classifier<'_, 'p> {
    /// The kind of the object built by `call` (its callee resolved through the project; a
    /// project subclass of `Flask` is a Flask app).
    pub fn kind_of_call(&self, call: &'p CallValue) -> Option<Kind> {
        let Value::Ref(callee) = &call.func else {
            return None;
        };
        match self.project.resolve(callee) {
            Target::External(name) => kind_of_external(name),
            Target::Class(class) => self
                .project
                .ancestors(class)
                .iter()
                .find_map(|ancestor| kind_of_external(ancestor)),
            _ => None,
        }
    }

    /// The kind and symbol of the object `symbol` refers to.
    pub fn object(&self, symbol: &'p str) -> Option<(Kind, &'p str, &'p CallValue)> {
        match self.project.resolve(symbol) {
            Target::Object(object, call) => {
                self.kind_of_call(call).map(|kind| (kind, object, call))
            }
            _ => None,
        }
    }

    /// The markers of one decorator expression.
    pub fn decorator(&self, value: &'p Value) -> Markers {
        let mut markers = Markers::default();
        let (callee, call) = match value {
            Value::Ref(symbol) => (symbol.as_str(), None),
            Value::Call(call) => match &call.func {
                Value::Ref(symbol) => (symbol.as_str(), Some(&**call)),
                // `@a(...)(...)` and other shapes: no supported framework uses them.
                _ => return markers,
            },
            _ => return markers,
        };
        let resolved = match self.project.resolve(callee) {
            Target::External(name) => name,
            _ => callee,
        };
        let last = last_segments(resolved, 1);
        let display = self.display(callee, call);

        // Methods on objects: limiter.limit, auth.login_required, csrf.exempt.
        if let Some(receiver) = parent_symbol(callee) {
            let kind = self.object(receiver).map(|(kind, _, _)| kind);
            match (kind, last) {
                (
                    Some(kind @ (Kind::FlaskLimiter | Kind::SlowapiLimiter)),
                    "limit" | "shared_limit",
                ) => {
                    markers.rate_limit.push(display);
                    markers.slowapi = kind == Kind::SlowapiLimiter;
                    return markers;
                }
                (Some(Kind::FlaskLimiter | Kind::SlowapiLimiter), "exempt") => {
                    markers.rate_limit_exempt = true;
                    return markers;
                }
                (Some(Kind::HttpAuth), "login_required") => {
                    markers.auth.push(display);
                    if let Some(call) = call
                        && let Some(role) = call.keyword("role")
                    {
                        markers
                            .scopes
                            .extend(role.strings().into_iter().map(String::from));
                    }
                    return markers;
                }
                (Some(Kind::CsrfProtect), "exempt") => {
                    markers.csrf_exempt = true;
                    return markers;
                }
                (None, "limit" | "shared_limit")
                    if last_segments(receiver, 1)
                        .to_ascii_lowercase()
                        .contains("limit") =>
                {
                    markers.rate_limit.push(display);
                    return markers;
                }
                (None, "exempt")
                    if last_segments(receiver, 1)
                        .to_ascii_lowercase()
                        .contains("limit") =>
                {
                    markers.rate_limit_exempt = true;
                    return markers;
                }
                (None, "exempt")
                    if last_segments(receiver, 1)
                        .to_ascii_lowercase()
                        .contains("csrf") =>
                {
                    markers.csrf_exempt = true;
                    return markers;
                }
                _ => {}
            }
        }

        match resolved {
            "django.views.decorators.csrf.csrf_exempt" => {
                markers.csrf_exempt = true;
                return markers;
            }
            "django.utils.decorators.method_decorator" => {
                if let Some(call) = call
                    && let Some(inner) = call.args.first()
                {
                    match inner {
                        Value::List(items) => {
                            for item in items {
                                markers.merge(self.decorator(item));
                            }
                        }
                        other => markers.merge(self.decorator(other)),
                    }
                }
                return markers;
            }
            "django.views.decorators.http.require_http_methods" => {
                markers.methods = call
                    .and_then(|call| call.args.first())
                    .map(|methods| upper(methods.strings()));
                return markers;
            }
            "django.views.decorators.http.require_POST" => {
                markers.methods = Some(vec!["POST".to_string()]);
                return markers;
            }
            "django.views.decorators.http.require_GET" => {
                markers.methods = Some(vec!["GET".to_string()]);
                return markers;
            }
            "django.views.decorators.http.require_safe" => {
                markers.methods = Some(vec!["GET".to_string(), "HEAD".to_string()]);
                return markers;
            }
            "rest_framework.decorators.api_view" => {
                let methods = call
                    .and_then(|call| call.argument(0, "http_method_names"))
                    .map(|methods| upper(methods.strings()))
                    .filter(|methods| !methods.is_empty())
                    .unwrap_or_else(|| vec!["GET".to_string()]);
                markers.methods = Some(methods);
                markers.drf_view = true;
                return markers;
            }
            "rest_framework.decorators.permission_classes" => {
                let classes = call
                    .and_then(|call| call.args.first())
                    .map(|list| self.class_names(list))
                    .unwrap_or_default();
                markers.drf_permissions = Some(classes);
                return markers;
            }
            "rest_framework.decorators.throttle_classes" => {
                let classes = call
                    .and_then(|call| call.args.first())
                    .map(|list| self.class_names(list))
                    .unwrap_or_default();
                markers.drf_throttles = Some(classes);
                return markers;
            }
            "django_ratelimit.decorators.ratelimit" | "ratelimit.decorators.ratelimit" => {
                let blocks = call
                    .and_then(|call| call.keyword("block"))
                    .is_none_or(|block| !block.is_false());
                if blocks {
                    markers.rate_limit.push(display);
                }
                return markers;
            }
            "starlette.authentication.requires" => {
                if let Some(call) = call
                    && let Some(scopes) = call.argument(0, "scopes")
                {
                    let scopes: Vec<String> =
                        scopes.strings().into_iter().map(String::from).collect();
                    markers.scopes.extend(scopes);
                }
                markers.auth.push(display);
                return markers;
            }
            "django.contrib.auth.decorators.login_not_required" => {
                markers.public = true;
                return markers;
            }
            _ => {}
        }

        if last == "jwt_optional" {
            markers.public = true;
            return markers;
        }
        if last == "jwt_required"
            && call.is_some_and(|call| call.keyword("optional").is_some_and(Value::is_true))
        {
            markers.public = true;
            return markers;
        }
        if matches_configured(resolved, &self.options.rate_limit_decorators)
            || matches_configured(callee, &self.options.rate_limit_decorators)
        {
            markers.rate_limit.push(display);
            return markers;
        }
        let configured_auth = matches_configured(resolved, &self.options.auth_decorators)
            || matches_configured(callee, &self.options.auth_decorators);
        if configured_auth || AUTH_DECORATORS.contains(&last) {
            markers.auth.push(display);
            if SCOPE_DECORATORS.contains(&last)
                && let Some(call) = call
            {
                for arg in &call.args {
                    markers
                        .scopes
                        .extend(arg.strings().into_iter().map(String::from));
                }
            }
            return markers;
        }
        // A decorator written in the project that rejects unauthenticated requests.
        if let Target::Function(function) = self.project.resolve(callee)
            && self.function_checks_auth(function)
        {
            markers.auth.push(display);
            if let Some(call) = call {
                for arg in &call.args {
                    markers
                        .scopes
                        .extend(arg.strings().into_iter().map(String::from));
                }
            }
        }
        markers
    }

    /// Whether a decorator registers a FastAPI/Starlette route (`@router.get(...)`).
    fn is_asgi_route(&self, value: &'p Value) -> bool {
        let Some(call) = value.as_call() else {
            return false;
        };
        let Some(callee) = call.func.as_ref_symbol() else {
            return false;
        };
        let Some(receiver) = parent_symbol(callee) else {
            return false;
        };
        let method = last_segments(callee, 1);
        matches!(
            self.object(receiver).map(|(kind, _, _)| kind),
            Some(
                Kind::FastApiApp | Kind::FastApiRouter | Kind::StarletteApp | Kind::StarletteRouter
            )
        ) && matches!(
            method,
            "get"
                | "post"
                | "put"
                | "patch"
                | "delete"
                | "options"
                | "head"
                | "trace"
                | "api_route"
                | "route"
                | "websocket"
        )
    }

    /// Whether a project function (a decorator, a `before_request` hook, a middleware) checks
    /// authentication: a guard in its body or its nested wrapper, or an auth call at its top.
    pub fn function_checks_auth(&self, function: &'p Function) -> bool {
        if function.body.guard.is_some() || self.top_auth_call(function).is_some() {
            return true;
        }
        let prefix = format!("{}.<locals>.", function.id);
        let Some(module) = self
            .project
            .file_index(&function.id)
            .and_then(|index| self.project.facts.get(index))
        else {
            return false;
        };
        module
            .functions
            .iter()
            .filter(|inner| inner.id.starts_with(&prefix))
            .any(|inner| inner.body.guard.is_some() || self.top_auth_call(inner).is_some())
    }

    /// The first call at the top of `function` that checks authentication.
    pub fn top_auth_call(&self, function: &'p Function) -> Option<String> {
        function.body.top_calls.iter().find_map(|symbol| {
            let resolved = match self.project.resolve(symbol) {
                Target::External(name) => name,
                _ => symbol.as_str(),
            };
            let known = AUTH_CALLS.contains(&resolved)
                || matches_configured(resolved, &self.options.auth_decorators)
                || matches_configured(symbol, &self.options.auth_decorators);
            known.then(|| format!("{}()", last_segments(resolved, 1)))
        })
    }

    /// Markers from a function's decorators, body and (FastAPI) parameters.
    pub fn function(&self, function: &'p Function) -> Markers {
        let mut markers = Markers::default();
        let has_request = function
            .parameters
            .iter()
            .any(|parameter| matches!(parameter.name.as_str(), "request" | "websocket"));
        let route_position = function
            .decorators
            .iter()
            .position(|decorator| self.is_asgi_route(&decorator.value));
        for (position, decorator) in function.decorators.iter().enumerate() {
            let mut found = self.decorator(&decorator.value);
            // slowapi needs `request`, and must wrap the function before the route does.
            if found.slowapi
                && (!has_request || route_position.is_some_and(|route| position < route))
            {
                let inactive = std::mem::take(&mut found.rate_limit);
                extend_unique(&mut found.inactive_limits, inactive);
                found.slowapi = false;
            }
            markers.merge(found);
        }
        if let Some(guard) = &function.body.guard {
            extend_unique(&mut markers.auth, vec![format!("guard: {guard}")]);
        }
        if let Some(call) = self.top_auth_call(function) {
            extend_unique(&mut markers.auth, vec![call]);
        }
        markers
    }

    /// Markers of a FastAPI handler's parameters (`Depends`, `Security`, `Annotated`).
    pub fn parameters(&self, function: &'p Function, visited: &mut HashSet<String>) -> Markers {
        let mut markers = Markers::default();
        for parameter in &function.parameters {
            for value in [&parameter.default, &parameter.annotation] {
                for call in self.dependency_calls(value, 0) {
                    markers.merge(self.dependency(call, visited));
                }
            }
        }
        markers
    }

    /// `Depends(...)`/`Security(...)` calls in a default or annotation (`Annotated[...]`,
    /// followed through a module-level alias such as `CurrentUser = Annotated[...]`).
    fn dependency_calls(&self, value: &'p Value, depth: u32) -> Vec<&'p CallValue> {
        if depth > 4 {
            return Vec::new();
        }
        match value {
            Value::Call(call) if self.is_depends(call) => vec![&**call],
            Value::Subscript(base, index) => {
                let annotated = base
                    .as_ref_symbol()
                    .is_some_and(|symbol| last_segments(symbol, 1) == "Annotated");
                if !annotated {
                    return Vec::new();
                }
                match &**index {
                    Value::List(items) => items
                        .iter()
                        .flat_map(|item| self.dependency_calls(item, depth + 1))
                        .collect(),
                    _ => Vec::new(),
                }
            }
            Value::Ref(symbol) => match self.project.resolve(symbol) {
                Target::Value(_, inner @ Value::Subscript(..)) => {
                    self.dependency_calls(inner, depth + 1)
                }
                Target::Object(_, call) if self.is_depends(call) => vec![call],
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    fn is_depends(&self, call: &'p CallValue) -> bool {
        call.func.as_ref_symbol().is_some_and(|symbol| {
            matches!(
                self.project.external_name(symbol),
                "fastapi.Depends"
                    | "fastapi.Security"
                    | "fastapi.params.Depends"
                    | "fastapi.params.Security"
                    | "fastapi.param_functions.Depends"
                    | "fastapi.param_functions.Security"
            )
        })
    }

    /// Markers of `dependencies=[...]` (a router's, an include's, a route's).
    pub fn dependency_list(&self, value: Option<&'p Value>) -> Markers {
        let mut markers = Markers::default();
        let Some(value) = value else {
            return markers;
        };
        let mut visited = HashSet::new();
        for item in self.project.list(value) {
            if let Value::Call(call) = item
                && self.is_depends(call)
            {
                markers.merge(self.dependency(call, &mut visited));
            }
        }
        markers
    }

    /// Markers of one `Depends(x)` / `Security(x, scopes=[...])`, following `x` through
    /// project functions and their own dependencies.
    pub fn dependency(&self, call: &'p CallValue, visited: &mut HashSet<String>) -> Markers {
        let mut markers = Markers::default();
        let is_security = call.func.as_ref_symbol().is_some_and(|symbol| {
            last_segments(self.project.external_name(symbol), 1) == "Security"
        });
        if is_security && let Some(scopes) = call.keyword("scopes") {
            for scope in self.project.list(scopes) {
                if let Some(text) = scope.as_str() {
                    markers.scopes.push(text.to_string());
                }
            }
        }
        let Some(target) = call.argument(0, "dependency") else {
            return markers;
        };
        markers.merge(self.dependency_target(target, visited, 0));
        markers
    }

    fn dependency_target(
        &self,
        target: &'p Value,
        visited: &mut HashSet<String>,
        depth: u32,
    ) -> Markers {
        let mut markers = Markers::default();
        if depth > 8 {
            return markers;
        }
        match target {
            Value::Ref(symbol) => {
                if !visited.insert(symbol.clone()) {
                    return markers;
                }
                let name = last_segments(symbol, 1).to_string();
                if matches_configured(symbol, &self.options.auth_dependencies)
                    || matches_configured(symbol, &self.options.auth_decorators)
                {
                    markers.auth.push(name.clone());
                }
                if matches_configured(symbol, &self.options.rate_limit_decorators) {
                    markers.rate_limit.push(name.clone());
                }
                match self.project.resolve(symbol) {
                    Target::Function(function) => {
                        let inner = self.parameters(function, visited);
                        let checks = !inner.auth.is_empty()
                            || function.body.rejects_unauthenticated
                            || self.function_checks_auth(function);
                        if checks {
                            extend_unique(&mut markers.auth, vec![name]);
                        }
                        extend_unique(&mut markers.scopes, inner.scopes);
                        extend_unique(&mut markers.rate_limit, inner.rate_limit);
                    }
                    Target::Object(_, constructor) => {
                        markers.merge(self.dependency_instance(constructor, &name, visited, depth));
                    }
                    Target::Class(class) => {
                        markers.merge(self.dependency_class(class, &name, visited));
                    }
                    Target::External(external) => {
                        if let Some(kind_marker) = self.external_dependency(external) {
                            markers.merge(kind_marker);
                        }
                    }
                    _ => {}
                }
            }
            Value::Call(constructor) => {
                let name = constructor.func.short();
                markers.merge(self.dependency_instance(constructor, &name, visited, depth));
            }
            _ => {}
        }
        markers
    }

    /// A dependency that is an instance: a security scheme, a rate limiter, or an instance of
    /// a project class with `__call__`.
    fn dependency_instance(
        &self,
        constructor: &'p CallValue,
        name: &str,
        visited: &mut HashSet<String>,
        depth: u32,
    ) -> Markers {
        let mut markers = Markers::default();
        let Value::Ref(callee) = &constructor.func else {
            return markers;
        };
        match self.project.resolve(callee) {
            Target::External(external) => {
                if is_security_scheme(external) {
                    markers.auth.push(last_segments(external, 1).to_string());
                } else if external.starts_with("fastapi_limiter.")
                    && external.ends_with("RateLimiter")
                {
                    markers
                        .rate_limit
                        .push(format!("{}(...)", last_segments(external, 1)));
                } else if let Some(known) = self.external_dependency(external) {
                    markers.merge(known);
                } else if matches_configured(external, &self.options.auth_dependencies) {
                    markers.auth.push(name.to_string());
                }
            }
            Target::Class(class) => {
                if self
                    .project
                    .ancestors(class)
                    .iter()
                    .any(|ancestor| is_security_scheme(ancestor))
                {
                    markers.auth.push(class.name.clone());
                } else {
                    markers.merge(self.dependency_class(class, name, visited));
                }
            }
            Target::Function(function) => {
                // `Depends(fastapi_users.current_user(active=True))`-style factories written
                // in the project: what the factory returns decides.
                for returned in &function.returns {
                    markers.merge(self.dependency_target(returned, visited, depth + 1));
                }
            }
            Target::Object(_, _) | Target::Module(_) | Target::Value(..) => {}
        }
        // `fastapi_users.current_user(...)`: a method of an object from an auth library.
        if markers.auth.is_empty()
            && matches!(
                last_segments(callee, 1),
                "current_user" | "authenticator" | "get_current_user"
            )
        {
            markers
                .auth
                .push(format!("{}(...)", last_segments(callee, 1)));
        }
        markers
    }

    /// A class used as a dependency (its `__call__` or `__init__` parameters decide).
    fn dependency_class(
        &self,
        class: &'p Class,
        name: &str,
        visited: &mut HashSet<String>,
    ) -> Markers {
        let mut markers = Markers::default();
        for method in ["__call__", "__init__"] {
            if let Some(function) = self.project.method(class, method) {
                let inner = self.parameters(function, visited);
                let checks = !inner.auth.is_empty()
                    || function.body.rejects_unauthenticated
                    || function.body.guard.is_some();
                if checks {
                    extend_unique(&mut markers.auth, vec![name.to_string()]);
                }
                extend_unique(&mut markers.scopes, inner.scopes);
                extend_unique(&mut markers.rate_limit, inner.rate_limit);
            }
        }
        markers
    }

    /// Third-party dependencies known to authenticate.
    fn external_dependency(&self, external: &str) -> Option<Markers> {
        let last = last_segments(external, 1);
        let mut markers = Markers::default();
        if is_security_scheme(external) {
            markers.auth.push(last.to_string());
            return Some(markers);
        }
        if matches_configured(external, &self.options.auth_dependencies) {
            markers.auth.push(last.to_string());
            return Some(markers);
        }
        None
    }

    /// Markers of a view class: mixins, `decorators = [...]` (Flask views, flask-restful
    /// `method_decorators`), `@method_decorator(...)` on the class or on `dispatch`.
    pub fn class(&self, class: &'p Class) -> Markers {
        let mut markers = Markers::default();
        for owner in self.project.class_chain(class) {
            for decorator in &owner.decorators {
                markers.merge(self.decorator(&decorator.value));
            }
            for attribute in ["decorators", "method_decorators"] {
                if let Some(value) = owner.attribute(attribute) {
                    let decorators: Vec<&'p Value> = match value {
                        Value::Dict(entries) => entries
                            .iter()
                            .flat_map(|(_, list)| self.project.list(list))
                            .collect(),
                        _ => self.project.list(value),
                    };
                    for decorator in decorators {
                        markers.merge(self.decorator(decorator));
                    }
                }
            }
            if let Some(dispatch) = self.project.function(&format!("{}.dispatch", owner.id)) {
                let dispatch_markers = self.function(dispatch);
                markers.merge(dispatch_markers);
            }
        }
        for ancestor in self.project.ancestors(class) {
            let last = last_segments(&ancestor, 1);
            let configured = matches_configured(&ancestor, &self.options.auth_decorators);
            if AUTH_MIXINS.contains(&last) || configured {
                extend_unique(&mut markers.auth, vec![last.to_string()]);
                if last == "PermissionRequiredMixin"
                    && let Some(permission) = self
                        .project
                        .inherited_attribute(class, "permission_required")
                {
                    extend_unique(
                        &mut markers.scopes,
                        permission.strings().into_iter().map(String::from).collect(),
                    );
                }
            }
        }
        markers
    }

    /// Display names of the classes in a list value (`[IsAuthenticated, IsAdminUser]`).
    pub fn class_names(&self, value: &'p Value) -> Vec<String> {
        self.project
            .list(value)
            .into_iter()
            .filter_map(|item| match item {
                Value::Ref(symbol) => Some(last_segments(symbol, 1).to_string()),
                Value::Call(call) => Some(call.func.short()),
                Value::Str(text) => Some(last_segments(text, 1).to_string()),
                _ => None,
            })
            .collect()
    }

    /// The text shown for a decorator: `login_required`, `limiter.limit("5/minute")`,
    /// `roles_required("admin")`.
    fn display(&self, callee: &'p str, call: Option<&CallValue>) -> String {
        let name = match parent_symbol(callee) {
            Some(receiver) if self.object(receiver).is_some() => {
                last_segments(callee, 2).to_string()
            }
            _ => last_segments(callee, 1).to_string(),
        };
        match call {
            None => name,
            Some(call) => {
                let shown = |value: &Value| match value {
                    Value::Str(text) => format!("{text:?}"),
                    Value::List(items) if items.iter().all(|item| item.as_str().is_some()) => {
                        format!(
                            "[{}]",
                            items
                                .iter()
                                .filter_map(Value::as_str)
                                .map(|text| format!("{text:?}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                    Value::List(_) => "[...]".to_string(),
                    Value::Bool(true) => "True".to_string(),
                    Value::Bool(false) => "False".to_string(),
                    Value::Int(number) => number.to_string(),
                    _ => "...".to_string(),
                };
                let mut args: Vec<String> = call.args.iter().map(shown).collect();
                for (name, value) in &call.keywords {
                    if let Some(name) = name {
                        args.push(format!("{name}={}", shown(value)));
                    }
                }
                format!("{name}({})", args.join(", "))
            }
        }
    }
}

fn upper(methods: Vec<&str>) -> Vec<String> {
    methods.into_iter().map(str::to_ascii_uppercase).collect()
}

/// Whether `symbol` matches one of the configured names.
fn matches_configured(symbol: &str, configured: &[String]) -> bool {
    configured.iter().any(|name| name_matches(symbol, name))
}

/// Whether the class (by its ancestors) is one of `names` (last segments).
pub(crate) fn has_ancestor<'p>(project: &Project<'p>, class: &'p Class, names: &[&str]) -> bool {
    project
        .ancestors(class)
        .iter()
        .any(|ancestor| names.contains(&last_segments(ancestor, 1)))
}

//! Flask, FastAPI/Starlette and aiohttp: a graph of groups and mounts, walked from each app.
//!
//! A *group* is an object routes are declared on: a Flask app or blueprint, a flask-restful
//! `Api` or flask-restx `Namespace`, a FastAPI app or `APIRouter`, a Starlette app or
//! `Router`, an aiohttp `Application` or `RouteTableDef`. Groups are found from the
//! assignments that build them (`bp = Blueprint("shop", __name__, url_prefix="/shop")`),
//! wherever they are in the project. Routes attach to a group through decorators
//! (`@bp.route`, `@router.post`, `@routes.get`), calls (`add_url_rule`, `add_api_route`,
//! `router.add_get`, `add_resource`), or constructor lists (Starlette `routes=[...]`).
//! *Mounts* connect groups: `register_blueprint`, `include_router`, `mount`,
//! `add_namespace`, `add_subapp`, `add_routes(table)`, `Api(app)`.
//!
//! Prefixes: a Flask blueprint's (or restx namespace's) own prefix is replaced by the one
//! given when it is registered; a FastAPI router's own prefix is added after the one given
//! to `include_router`. Markers (auth dependencies, `before_request` hooks, blueprint-wide
//! limits) accumulate from the app down to the route. Groups that no app reaches are still
//! listed (with their own prefix): a blueprint registered in a way the scanner cannot
//! follow is better shown than lost. Objects built in test code (`tests/`, `test_*.py`,
//! `conftest.py`) are ignored.

use std::collections::{BTreeMap, HashSet};

use crate::facts::{Class, Function, Location};
use crate::value::{CallValue, Value, last_segments, parent_symbol};

use super::markers::{Classifier, Kind, Markers, extend_unique};
use super::project::Target;
use super::{App, Detail, Endpoint, Framework, Handler, Inventory, join_path};

const HTTP_VERBS: &[&str] = &[
    "get", "head", "post", "put", "patch", "delete", "options", "trace",
];

struct Group<'p> {
    kind: Kind,
    location: &'p Location,
    file: usize,
    prefix: String,
    markers: Markers,
    /// Markers that apply to the whole application (`before_app_request`).
    app_markers: Markers,
    routes: Vec<Route<'p>>,
}

struct Route<'p> {
    path: String,
    methods: Option<Vec<String>>,
    view: View<'p>,
    markers: Markers,
    location: &'p Location,
    file: usize,
}

#[derive(Clone, Copy)]
enum View<'p> {
    Function(&'p Function),
    Class(&'p Class),
    Unknown,
}

struct Mount<'p> {
    parent: &'p str,
    child: &'p str,
    prefix: Option<String>,
    markers: Markers,
}

struct Graph<'c, 'p> {
    classifier: &'c Classifier<'c, 'p>,
    groups: BTreeMap<&'p str, Group<'p>>,
    mounts: Vec<Mount<'p>>,
    error_handlers: Vec<String>,
    /// App-wide default limits: `(app symbol or None for "the project's apps", text)`.
    default_limits: Vec<(Option<&'p str>, String)>,
    /// Apps with a slowapi middleware (its default limits apply).
    slowapi_middleware: HashSet<&'p str>,
    slowapi_defaults: Vec<String>,
}

fn is_container(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::FlaskApp
            | Kind::FlaskBlueprint
            | Kind::RestfulApi
            | Kind::RestxNamespace
            | Kind::FastApiApp
            | Kind::FastApiRouter
            | Kind::StarletteApp
            | Kind::StarletteRouter
            | Kind::AiohttpApp
            | Kind::AiohttpRouteTable
    )
}

fn is_app(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::FlaskApp | Kind::FastApiApp | Kind::StarletteApp | Kind::AiohttpApp
    )
}

fn framework(kind: Kind) -> Framework {
    match kind {
        Kind::FastApiApp | Kind::FastApiRouter => Framework::Fastapi,
        Kind::StarletteApp | Kind::StarletteRouter => Framework::Starlette,
        Kind::AiohttpApp | Kind::AiohttpRouteTable => Framework::Aiohttp,
        _ => Framework::Flask,
    }
}

/// Adds the endpoints and apps of Flask, FastAPI/Starlette and aiohttp projects.
pub(crate) fn collect(classifier: &Classifier<'_, '_>, inventory: &mut Inventory) {
    let mut graph = Graph {
        classifier,
        groups: BTreeMap::new(),
        mounts: Vec::new(),
        error_handlers: Vec::new(),
        default_limits: Vec::new(),
        slowapi_middleware: HashSet::new(),
        slowapi_defaults: Vec::new(),
    };
    graph.find_groups();
    graph.decorated();
    graph.calls();
    graph.emit(inventory);
}

impl<'c, 'p> Graph<'c, 'p> {
    fn project(&self) -> &'c super::project::Project<'p> {
        self.classifier.project
    }

    /// Every object built by a known constructor, keyed by its variable.
    fn find_groups(&mut self) {
        let facts = self.project().facts;
        for (file, module) in facts.iter().enumerate() {
            // Apps and routers built by the test suite are not the application's endpoints.
            if is_test_path(&module.path) {
                continue;
            }
            for assignment in &module.assignments {
                if assignment.augmented {
                    continue;
                }
                let Some((kind, symbol, call)) = self.classifier.object(&assignment.target) else {
                    continue;
                };
                if symbol != assignment.target {
                    continue;
                }
                match kind {
                    Kind::FlaskLimiter => self.limiter(symbol, call),
                    Kind::SlowapiLimiter => {
                        if let Some(defaults) = call.keyword("default_limits") {
                            for limit in self.project().list(defaults) {
                                if let Some(text) = self.project().string_or_placeholder(limit) {
                                    self.slowapi_defaults.push(format!("default: {text}"));
                                }
                            }
                        }
                    }
                    kind if is_container(kind) => {
                        if self.groups.contains_key(symbol) {
                            continue;
                        }
                        let group = self.group(kind, call, &assignment.location, file);
                        self.groups.insert(symbol, group);
                        self.constructor_links(kind, symbol, call, file, &assignment.location);
                    }
                    _ => {}
                }
            }
        }
    }

    fn group(
        &self,
        kind: Kind,
        call: &'p CallValue,
        location: &'p Location,
        file: usize,
    ) -> Group<'p> {
        let project = self.project();
        let prefix = match kind {
            Kind::FlaskBlueprint => call
                .keyword("url_prefix")
                .and_then(|value| project.string_or_placeholder(value))
                .unwrap_or_default(),
            Kind::FastApiRouter | Kind::RestfulApi => call
                .keyword("prefix")
                .and_then(|value| project.string_or_placeholder(value))
                .unwrap_or_default(),
            Kind::RestxNamespace => call
                .keyword("path")
                .and_then(|value| project.string_or_placeholder(value))
                .or_else(|| {
                    call.argument(0, "name")
                        .and_then(|name| project.string(name))
                        .map(|name| format!("/{name}"))
                })
                .unwrap_or_default(),
            _ => String::new(),
        };
        let mut markers = Markers::default();
        if matches!(kind, Kind::FastApiApp | Kind::FastApiRouter) {
            markers.merge(
                self.classifier
                    .dependency_list(call.keyword("dependencies")),
            );
        }
        if kind == Kind::RestfulApi
            && let Some(decorators) = call.keyword("decorators")
        {
            for decorator in project.list(decorators) {
                markers.merge(self.classifier.decorator(decorator));
            }
        }
        if kind == Kind::AiohttpApp
            && let Some(middlewares) = call.keyword("middlewares")
        {
            for middleware in project.list(middlewares) {
                markers.merge(self.middleware(middleware));
            }
        }
        if matches!(kind, Kind::StarletteApp | Kind::FastApiApp)
            && let Some(middleware) = call.keyword("middleware")
        {
            for item in project.list(middleware) {
                if let Value::Call(entry) = item
                    && let Some(class) = entry.args.first()
                {
                    markers.merge(self.middleware(class));
                }
            }
        }
        Group {
            kind,
            location,
            file,
            prefix,
            markers,
            app_markers: Markers::default(),
            routes: Vec::new(),
        }
    }

    /// What a constructor says about links: `Api(app)`, Starlette `routes=[...]`.
    fn constructor_links(
        &mut self,
        kind: Kind,
        symbol: &'p str,
        call: &'p CallValue,
        file: usize,
        location: &'p Location,
    ) {
        match kind {
            Kind::RestfulApi => {
                if let Some(Value::Ref(parent)) = call.argument(0, "app")
                    && let Some((parent_kind, parent_symbol, _)) = self.classifier.object(parent)
                    && matches!(parent_kind, Kind::FlaskApp | Kind::FlaskBlueprint)
                {
                    self.mounts.push(Mount {
                        parent: parent_symbol,
                        child: symbol,
                        prefix: None,
                        markers: Markers::default(),
                    });
                }
            }
            Kind::StarletteApp | Kind::StarletteRouter | Kind::FastApiApp | Kind::FastApiRouter => {
                if let Some(routes) = call.keyword("routes") {
                    let routes: Vec<&'p Value> = self.project().list(routes);
                    self.starlette_routes(symbol, "", &routes, file, location, 0);
                }
            }
            _ => {}
        }
    }

    /// Starlette `Route`/`WebSocketRoute`/`Mount` lists (nested mounts concatenate).
    fn starlette_routes(
        &mut self,
        owner: &'p str,
        prefix: &str,
        routes: &[&'p Value],
        file: usize,
        location: &'p Location,
        depth: u32,
    ) {
        if depth > 8 {
            return;
        }
        for item in routes {
            let Value::Call(call) = item else { continue };
            let Value::Ref(callee) = &call.func else {
                continue;
            };
            let name = self.project().external_name(callee);
            match name {
                "starlette.routing.Route" | "fastapi.routing.APIRoute" => {
                    let Some(path) = call
                        .argument(0, "path")
                        .and_then(|p| self.project().string_or_placeholder(p))
                    else {
                        continue;
                    };
                    let Some(endpoint) = call.argument(1, "endpoint") else {
                        continue;
                    };
                    let methods = call
                        .keyword("methods")
                        .map(|methods| upper(self.project().list(methods)));
                    let (view, markers) = self.view(endpoint);
                    self.add_route(
                        owner,
                        Route {
                            path: join_path(prefix, &path),
                            methods,
                            view,
                            markers,
                            location,
                            file,
                        },
                    );
                }
                "starlette.routing.WebSocketRoute" => {
                    let Some(path) = call
                        .argument(0, "path")
                        .and_then(|p| self.project().string_or_placeholder(p))
                    else {
                        continue;
                    };
                    if let Some(endpoint) = call.argument(1, "endpoint") {
                        let (view, markers) = self.view(endpoint);
                        self.add_route(
                            owner,
                            Route {
                                path: join_path(prefix, &path),
                                methods: Some(vec!["WS".to_string()]),
                                view,
                                markers,
                                location,
                                file,
                            },
                        );
                    }
                }
                "starlette.routing.Mount" => {
                    let Some(path) = call
                        .argument(0, "path")
                        .and_then(|p| self.project().string_or_placeholder(p))
                    else {
                        continue;
                    };
                    let full = join_path(prefix, &path);
                    if let Some(inner) = call.keyword("routes") {
                        let inner = self.project().list(inner);
                        self.starlette_routes(owner, &full, &inner, file, location, depth + 1);
                    } else if let Some(Value::Ref(app)) = call.argument(1, "app")
                        && let Some((kind, child, _)) = self.classifier.object(app)
                        && is_container(kind)
                    {
                        self.mounts.push(Mount {
                            parent: owner,
                            child,
                            prefix: Some(full),
                            markers: Markers::default(),
                        });
                    }
                }
                _ => {}
            }
        }
    }

    fn add_route(&mut self, owner: &'p str, route: Route<'p>) {
        if let Some(group) = self.groups.get_mut(owner) {
            group.routes.push(route);
        }
    }

    /// A Flask-Limiter: its default limits and the app it is bound to.
    fn limiter(&mut self, symbol: &'p str, call: &'p CallValue) {
        let mut defaults = Vec::new();
        for key in ["default_limits", "application_limits"] {
            if let Some(value) = call.keyword(key) {
                for limit in self.project().list(value) {
                    if let Some(text) = self.project().string_or_placeholder(limit) {
                        defaults.push(format!("default: {text}"));
                    }
                }
            }
        }
        if defaults.is_empty() {
            return;
        }
        let mut apps: Vec<&'p str> = Vec::new();
        let bound = call
            .keyword("app")
            .into_iter()
            .chain(call.args.iter().take(1));
        for value in bound {
            if let Value::Ref(app) = value
                && let Some((Kind::FlaskApp, app, _)) = self.classifier.object(app)
            {
                apps.push(app);
            }
        }
        for (_, site) in self.project().calls() {
            if let Value::Ref(callee) = &site.call.func
                && last_segments(callee, 1) == "init_app"
                && parent_symbol(callee) == Some(symbol)
                && let Some(Value::Ref(app)) = site.call.args.first()
                && let Some((Kind::FlaskApp, app, _)) = self.classifier.object(app)
            {
                apps.push(app);
            }
        }
        for text in defaults {
            if apps.is_empty() {
                self.default_limits.push((None, text));
            } else {
                for app in &apps {
                    self.default_limits.push((Some(app), text.clone()));
                }
            }
        }
    }

    /// An aiohttp/Starlette middleware (a function or class): auth if it rejects
    /// unauthenticated requests, a rate limit if it is a rate-limit middleware.
    fn middleware(&self, value: &'p Value) -> Markers {
        let mut markers = Markers::default();
        let Value::Ref(symbol) = value else {
            return markers;
        };
        let name = last_segments(symbol, 1).to_string();
        let lower = name.to_ascii_lowercase();
        if lower.contains("ratelimit")
            || lower.contains("rate_limit")
            || lower.contains("throttl")
            || lower.contains("slowapi")
        {
            markers.rate_limit.push(format!("middleware: {name}"));
            return markers;
        }
        match self.project().resolve(symbol) {
            Target::Function(function) if self.classifier.function_checks_auth(function) => {
                markers.auth.push(format!("middleware: {name}"));
            }
            Target::Class(class) => {
                let checks = ["dispatch", "__call__"].iter().any(|method| {
                    self.project()
                        .method(class, method)
                        .is_some_and(|function| self.classifier.function_checks_auth(function))
                });
                if checks {
                    markers.auth.push(format!("middleware: {name}"));
                }
            }
            _ => {}
        }
        markers
    }

    /// The group a receiver symbol designates (`app`, `bp`, `app.router` for aiohttp).
    fn group_of(&self, receiver: &'p str) -> Option<(Kind, &'p str)> {
        if let Some((kind, symbol, _)) = self.classifier.object(receiver)
            && is_container(kind)
        {
            return Some((kind, symbol));
        }
        if let Some(base) = receiver.strip_suffix(".router")
            && let Some((kind, symbol, _)) = self.classifier.object(base)
            && kind == Kind::AiohttpApp
        {
            return Some((kind, symbol));
        }
        self.annotated_parameter(receiver)
    }

    /// A parameter no call site binds (`def init_routes(app: FastAPI)` called by the
    /// framework through `lifespan`), typed as an app or router class: the project's only
    /// group of that kind, if there is exactly one.
    fn annotated_parameter(&self, receiver: &'p str) -> Option<(Kind, &'p str)> {
        let (function, parameter) = receiver.rsplit_once(".<locals>.")?;
        let function = self.project().function(function)?;
        let parameter = function.parameters.iter().find(|p| p.name == parameter)?;
        let Value::Ref(annotation) = &parameter.annotation else {
            return None;
        };
        let kind = match self.project().external_name(annotation) {
            "fastapi.FastAPI" | "fastapi.applications.FastAPI" => Kind::FastApiApp,
            "fastapi.APIRouter" | "fastapi.routing.APIRouter" => Kind::FastApiRouter,
            "flask.Flask" | "flask.app.Flask" => Kind::FlaskApp,
            "flask.Blueprint" | "flask.blueprints.Blueprint" => Kind::FlaskBlueprint,
            "starlette.applications.Starlette" => Kind::StarletteApp,
            "aiohttp.web.Application" | "aiohttp.web_app.Application" => Kind::AiohttpApp,
            _ => return None,
        };
        // Apps built by tests (`tests/`, `test_*.py`, `conftest.py`) do not count.
        let mut candidates = self
            .groups
            .iter()
            .filter(|(_, group)| group.kind == kind)
            .filter(|(_, group)| {
                self.project()
                    .facts
                    .get(group.file)
                    .is_some_and(|module| !is_test_path(&module.path))
            })
            .map(|(symbol, _)| *symbol);
        let only = candidates.next()?;
        candidates.next().is_none().then_some((kind, only))
    }

    /// What a view value is: a function, a class (`X.as_view()`, a resource class), with
    /// markers of inline wrappers (`login_required(view)`).
    fn view(&self, value: &'p Value) -> (View<'p>, Markers) {
        self.view_at(value, 0)
    }

    fn view_at(&self, value: &'p Value, depth: u32) -> (View<'p>, Markers) {
        if depth > 6 {
            return (View::Unknown, Markers::default());
        }
        match value {
            Value::Ref(symbol) => match self.project().resolve(symbol) {
                Target::Function(function) => (View::Function(function), Markers::default()),
                Target::Class(class) => (View::Class(class), Markers::default()),
                Target::Object(_, call) => self.view_call(call, depth),
                _ => (View::Unknown, Markers::default()),
            },
            Value::Call(call) => self.view_call(call, depth),
            _ => (View::Unknown, Markers::default()),
        }
    }

    fn view_call(&self, call: &'p CallValue, depth: u32) -> (View<'p>, Markers) {
        if let Value::Ref(callee) = &call.func
            && last_segments(callee, 1) == "as_view"
            && let Some(class) = parent_symbol(callee)
            && let Target::Class(class) = self.project().resolve(class)
        {
            return (View::Class(class), Markers::default());
        }
        // `login_required(view)`; `limiter.limit("1/s")(view)` is a call of a call.
        if let Some(inner) = call.args.first() {
            let (view, mut markers) = self.view_at(inner, depth + 1);
            if !matches!(view, View::Unknown) {
                markers.merge(self.classifier.decorator(&call.func));
                return (view, markers);
            }
        }
        (View::Unknown, Markers::default())
    }

    /// Route decorators on functions and classes, hooks, error handlers.
    fn decorated(&mut self) {
        let facts = self.project().facts;
        for (file, module) in facts.iter().enumerate() {
            for function in &module.functions {
                for decorator in &function.decorators {
                    self.function_decorator(function, &decorator.value, &decorator.location, file);
                }
            }
            for class in &module.classes {
                for decorator in &class.decorators {
                    self.class_decorator(class, &decorator.value, &decorator.location, file);
                }
            }
        }
    }

    fn function_decorator(
        &mut self,
        function: &'p Function,
        value: &'p Value,
        location: &'p Location,
        file: usize,
    ) {
        let (callee, call) = match value {
            Value::Ref(symbol) => (symbol.as_str(), None),
            Value::Call(call) => match &call.func {
                Value::Ref(symbol) => (symbol.as_str(), Some(&**call)),
                _ => return,
            },
            _ => return,
        };
        let Some(receiver) = parent_symbol(callee) else {
            return;
        };
        let method = last_segments(callee, 1);
        let Some((kind, owner)) = self.group_of(receiver) else {
            return;
        };
        match (kind, method, call) {
            (_, "before_request" | "before_app_request" | "url_value_preprocessor", None) => {
                self.hook(owner, method, function);
            }
            (_, "errorhandler" | "app_errorhandler" | "exception_handler", _) => {
                self.error_handlers.push(function.id.clone());
            }
            (Kind::FastApiApp | Kind::StarletteApp, "middleware", Some(_)) => {
                let markers = self.middleware_function(function);
                if let Some(group) = self.groups.get_mut(owner) {
                    group.markers.merge(markers);
                }
            }
            (_, _, Some(call)) => {
                let Some((path, methods, markers)) = self.route_decorator(kind, method, call)
                else {
                    return;
                };
                self.add_route(
                    owner,
                    Route {
                        path,
                        methods,
                        view: View::Function(function),
                        markers,
                        location,
                        file,
                    },
                );
            }
            _ => {}
        }
    }

    /// A `before_request` / `before_app_request` / `url_value_preprocessor` hook: auth for
    /// every endpoint below `owner` when it checks authentication unconditionally, for the
    /// endpoints its condition covers when the check depends on the endpoint.
    fn hook(&mut self, owner: &'p str, method: &str, function: &'p Function) {
        let conditional = function.body.condition.is_some();
        if !conditional && !self.classifier.function_checks_auth(function) {
            return;
        }
        let Some(group) = self.groups.get_mut(owner) else {
            return;
        };
        let markers = if method == "before_app_request" {
            &mut group.app_markers
        } else {
            &mut group.markers
        };
        if conditional {
            extend_unique(&mut markers.conditional_hooks, vec![function.id.clone()]);
        } else {
            extend_unique(
                &mut markers.auth,
                vec![format!("before_request: {}", function.name)],
            );
        }
    }

    /// `before_request (conditional): hook` markers for the conditional hooks that cover
    /// an endpoint (see `extract::hook` for the heuristic).
    fn conditional_auth(
        &self,
        hooks: &[String],
        path: &str,
        function: Option<&'p Function>,
        class: Option<&'p Class>,
    ) -> Vec<String> {
        let project = self.project();
        let handler_names: Vec<&str> = function
            .map(|function| function.name.as_str())
            .into_iter()
            .chain(class.map(|class| class.name.as_str()))
            .collect();
        let names_match = |values: &'p [Value]| {
            values.iter().any(|value| {
                let listed: Vec<&'p Value> = match value {
                    Value::Str(_) => vec![value],
                    _ => project.list(value),
                };
                listed.iter().filter_map(|item| item.as_str()).any(|name| {
                    handler_names
                        .iter()
                        .any(|handler| last_segments(name, 1) == *handler)
                })
            })
        };
        let mut out = Vec::new();
        for hook in hooks {
            let Some(hook) = project.function(hook) else {
                continue;
            };
            let Some(condition) = &hook.body.condition else {
                continue;
            };
            let covered = (condition.only_endpoints.is_empty()
                || names_match(&condition.only_endpoints))
                && !names_match(&condition.exempt_endpoints)
                && condition
                    .view_args
                    .iter()
                    .all(|name| path_has_variable(path, name))
                && (condition.only_prefixes.is_empty()
                    || condition
                        .only_prefixes
                        .iter()
                        .any(|prefix| path.starts_with(prefix.as_str())))
                && !condition
                    .exempt_prefixes
                    .iter()
                    .any(|prefix| path.starts_with(prefix.as_str()));
            if covered {
                out.push(format!("before_request (conditional): {}", hook.name));
            }
        }
        out
    }

    fn middleware_function(&self, function: &'p Function) -> Markers {
        let mut markers = Markers::default();
        let lower = function.name.to_ascii_lowercase();
        if lower.contains("limit") || lower.contains("throttl") {
            markers
                .rate_limit
                .push(format!("middleware: {}", function.name));
        } else if self.classifier.function_checks_auth(function) {
            markers.auth.push(format!("middleware: {}", function.name));
        }
        markers
    }

    /// `(path, methods, markers)` of a route decorator call on a group of `kind`.
    fn route_decorator(
        &self,
        kind: Kind,
        method: &str,
        call: &'p CallValue,
    ) -> Option<(String, Option<Vec<String>>, Markers)> {
        let project = self.project();
        let path_of = |index: usize, name: &str| {
            call.argument(index, name)
                .and_then(|value| project.string_or_placeholder(value))
        };
        match kind {
            Kind::FlaskApp | Kind::FlaskBlueprint => {
                let path = path_of(0, "rule")?;
                match method {
                    "route" => {
                        let methods = call
                            .keyword("methods")
                            .map(|methods| upper(project.list(methods)));
                        Some((path, methods, Markers::default()))
                    }
                    verb if HTTP_VERBS.contains(&verb) => Some((
                        path,
                        Some(vec![verb.to_ascii_uppercase()]),
                        Markers::default(),
                    )),
                    _ => None,
                }
            }
            Kind::FastApiApp | Kind::FastApiRouter | Kind::StarletteApp | Kind::StarletteRouter => {
                let path = path_of(0, "path")?;
                let markers = self
                    .classifier
                    .dependency_list(call.keyword("dependencies"));
                match method {
                    "api_route" | "route" => {
                        let methods = call
                            .keyword("methods")
                            .map(|methods| upper(project.list(methods)));
                        Some((path, methods, markers))
                    }
                    "websocket" | "websocket_route" => {
                        Some((path, Some(vec!["WS".to_string()]), markers))
                    }
                    verb if HTTP_VERBS.contains(&verb) => {
                        Some((path, Some(vec![verb.to_ascii_uppercase()]), markers))
                    }
                    _ => None,
                }
            }
            Kind::AiohttpRouteTable => match method {
                "route" => {
                    let verb = call.argument(0, "method").and_then(Value::as_str)?;
                    let path = path_of(1, "path")?;
                    Some((path, Some(vec![aiohttp_method(verb)]), Markers::default()))
                }
                verb if HTTP_VERBS.contains(&verb) => {
                    let path = path_of(0, "path")?;
                    Some((
                        path,
                        Some(vec![verb.to_ascii_uppercase()]),
                        Markers::default(),
                    ))
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn class_decorator(
        &mut self,
        class: &'p Class,
        value: &'p Value,
        location: &'p Location,
        file: usize,
    ) {
        let Value::Call(call) = value else { return };
        let Value::Ref(callee) = &call.func else {
            return;
        };
        let Some(receiver) = parent_symbol(callee) else {
            return;
        };
        let method = last_segments(callee, 1);
        let Some((kind, owner)) = self.group_of(receiver) else {
            return;
        };
        let paths: Vec<String> = match (kind, method) {
            (Kind::RestxNamespace | Kind::RestfulApi, "route" | "resource") => call
                .args
                .iter()
                .filter_map(|value| self.project().string_or_placeholder(value))
                .collect(),
            (Kind::AiohttpRouteTable, "view") => call
                .argument(0, "path")
                .and_then(|value| self.project().string_or_placeholder(value))
                .into_iter()
                .collect(),
            (Kind::FlaskApp | Kind::FlaskBlueprint, "route") => call
                .argument(0, "rule")
                .and_then(|value| self.project().string_or_placeholder(value))
                .into_iter()
                .collect(),
            _ => return,
        };
        for path in paths {
            self.add_route(
                owner,
                Route {
                    path,
                    methods: None,
                    view: View::Class(class),
                    markers: Markers::default(),
                    location,
                    file,
                },
            );
        }
    }

    /// Statement calls: registrations, mounts, hooks, limiter bindings.
    fn calls(&mut self) {
        let sites: Vec<(usize, &'p crate::facts::CallSite)> = self.project().calls().collect();
        for (file, site) in sites {
            let call = &site.call;
            match &call.func {
                Value::Ref(callee) => self.method_call(callee, call, &site.location, file),
                // `limiter.limit("10/minute")(bp)`: a blueprint-wide limit.
                Value::Call(inner) => {
                    let Some(Value::Ref(target)) = call.args.first() else {
                        continue;
                    };
                    let markers = self.classifier.decorator(&call.func);
                    let _ = inner;
                    if let Some((_, owner)) = self.group_of(target)
                        && let Some(group) = self.groups.get_mut(owner)
                    {
                        group.markers.merge(markers);
                    }
                }
                _ => {}
            }
        }
    }

    fn method_call(
        &mut self,
        callee: &'p str,
        call: &'p CallValue,
        location: &'p Location,
        file: usize,
    ) {
        let Some(receiver) = parent_symbol(callee) else {
            return;
        };
        let method = last_segments(callee, 1);
        let Some((kind, owner)) = self.group_of(receiver) else {
            return;
        };
        let project = self.project();
        match (kind, method) {
            (Kind::FlaskApp | Kind::FlaskBlueprint, "add_url_rule") => {
                let Some(path) = call
                    .argument(0, "rule")
                    .and_then(|value| project.string_or_placeholder(value))
                else {
                    return;
                };
                let Some(view_value) = call.argument(2, "view_func") else {
                    return;
                };
                let (view, markers) = self.view(view_value);
                let methods = call
                    .keyword("methods")
                    .map(|methods| upper(project.list(methods)));
                self.add_route(
                    owner,
                    Route {
                        path,
                        methods,
                        view,
                        markers,
                        location,
                        file,
                    },
                );
            }
            (Kind::FlaskApp | Kind::FlaskBlueprint, "register_blueprint") => {
                let Some(Value::Ref(child)) = call.argument(0, "blueprint") else {
                    return;
                };
                let prefix = call
                    .keyword("url_prefix")
                    .and_then(|value| project.string_or_placeholder(value));
                self.mount(owner, child, prefix, Markers::default());
            }
            (
                Kind::FlaskApp | Kind::FlaskBlueprint,
                "before_request" | "before_app_request" | "url_value_preprocessor",
            ) => {
                let Some(Value::Ref(hook)) = call.args.first() else {
                    return;
                };
                if let Target::Function(function) = project.resolve(hook) {
                    self.hook(owner, method, function);
                }
            }
            (_, "register_error_handler" | "add_exception_handler") => {
                if let Some(Value::Ref(handler)) = call.args.get(1)
                    && let Target::Function(function) = project.resolve(handler)
                {
                    self.error_handlers.push(function.id.clone());
                }
            }
            (Kind::RestfulApi, "add_resource") => {
                let Some(resource) = call.args.first() else {
                    return;
                };
                let (view, markers) = self.view(resource);
                for url in call.args.iter().skip(1) {
                    if let Some(path) = project.string_or_placeholder(url) {
                        self.add_route(
                            owner,
                            Route {
                                path,
                                methods: None,
                                view,
                                markers: markers.clone(),
                                location,
                                file,
                            },
                        );
                    }
                }
            }
            (Kind::RestfulApi, "add_namespace") => {
                let Some(Value::Ref(child)) = call.args.first() else {
                    return;
                };
                let prefix = call
                    .argument(1, "path")
                    .and_then(|value| project.string_or_placeholder(value));
                self.mount(owner, child, prefix, Markers::default());
            }
            (Kind::RestfulApi, "init_app") => {
                if let Some(Value::Ref(app)) = call.args.first()
                    && let Some((_, app)) = self.group_of(app)
                {
                    self.mounts.push(Mount {
                        parent: app,
                        child: owner,
                        prefix: None,
                        markers: Markers::default(),
                    });
                }
            }
            (Kind::FastApiApp | Kind::FastApiRouter, "include_router") => {
                let Some(Value::Ref(child)) = call.argument(0, "router") else {
                    return;
                };
                let prefix = call
                    .keyword("prefix")
                    .and_then(|value| project.string_or_placeholder(value));
                let markers = self
                    .classifier
                    .dependency_list(call.keyword("dependencies"));
                self.mount(owner, child, prefix, markers);
            }
            (
                Kind::FastApiApp | Kind::FastApiRouter | Kind::StarletteApp | Kind::StarletteRouter,
                "add_api_route" | "add_route" | "add_websocket_route" | "add_api_websocket_route",
            ) => {
                let Some(path) = call
                    .argument(0, "path")
                    .and_then(|value| project.string_or_placeholder(value))
                else {
                    return;
                };
                let Some(endpoint) = call
                    .argument(1, "endpoint")
                    .or_else(|| call.keyword("route"))
                else {
                    return;
                };
                let (view, mut markers) = self.view(endpoint);
                markers.merge(
                    self.classifier
                        .dependency_list(call.keyword("dependencies")),
                );
                let methods = if method.contains("websocket") {
                    Some(vec!["WS".to_string()])
                } else {
                    call.keyword("methods")
                        .map(|methods| upper(project.list(methods)))
                };
                self.add_route(
                    owner,
                    Route {
                        path,
                        methods,
                        view,
                        markers,
                        location,
                        file,
                    },
                );
            }
            (
                Kind::FastApiApp | Kind::FastApiRouter | Kind::StarletteApp | Kind::StarletteRouter,
                "mount",
            ) => {
                let Some(path) = call
                    .argument(0, "path")
                    .and_then(|value| project.string_or_placeholder(value))
                else {
                    return;
                };
                if let Some(child) = call.argument(1, "app") {
                    self.mount_value(owner, child, Some(path));
                }
            }
            (Kind::FastApiApp | Kind::StarletteApp, "add_middleware") => {
                let Some(class) = call.argument(0, "middleware_class") else {
                    return;
                };
                let name = class.short();
                if name.contains("SlowAPI") {
                    self.slowapi_middleware.insert(owner);
                    return;
                }
                let markers = self.middleware(class);
                if let Some(group) = self.groups.get_mut(owner) {
                    group.markers.merge(markers);
                }
            }
            (Kind::AiohttpApp | Kind::AiohttpRouteTable, _) => {
                self.aiohttp_call(kind, owner, method, call, location, file);
            }
            _ => {}
        }
    }

    fn aiohttp_call(
        &mut self,
        kind: Kind,
        owner: &'p str,
        method: &str,
        call: &'p CallValue,
        location: &'p Location,
        file: usize,
    ) {
        let project = self.project();
        match method {
            "add_route" => {
                let Some(verb) = call.argument(0, "method").and_then(Value::as_str) else {
                    return;
                };
                let Some(path) = call
                    .argument(1, "path")
                    .and_then(|v| project.string_or_placeholder(v))
                else {
                    return;
                };
                let Some(handler) = call.argument(2, "handler") else {
                    return;
                };
                let (view, markers) = self.view(handler);
                self.add_route(
                    owner,
                    Route {
                        path,
                        methods: Some(vec![aiohttp_method(verb)]),
                        view,
                        markers,
                        location,
                        file,
                    },
                );
            }
            "add_view" => {
                let Some(path) = call
                    .argument(0, "path")
                    .and_then(|v| project.string_or_placeholder(v))
                else {
                    return;
                };
                let Some(handler) = call.argument(1, "handler") else {
                    return;
                };
                let (view, markers) = self.view(handler);
                self.add_route(
                    owner,
                    Route {
                        path,
                        methods: None,
                        view,
                        markers,
                        location,
                        file,
                    },
                );
            }
            "add_routes" => {
                let Some(routes) = call.args.first() else {
                    return;
                };
                if let Value::Ref(table) = routes
                    && let Some((Kind::AiohttpRouteTable, table)) = self.group_of(table)
                {
                    self.mounts.push(Mount {
                        parent: owner,
                        child: table,
                        prefix: None,
                        markers: Markers::default(),
                    });
                    return;
                }
                let items = project.list(routes);
                for item in items {
                    self.aiohttp_route_def(owner, item, location, file);
                }
            }
            "add_subapp" => {
                let Some(prefix) = call
                    .argument(0, "prefix")
                    .and_then(|v| project.string_or_placeholder(v))
                else {
                    return;
                };
                if let Some(child) = call.argument(1, "subapp") {
                    self.mount_value(owner, child, Some(prefix));
                }
            }
            verb if kind == Kind::AiohttpApp => {
                let Some(verb) = verb.strip_prefix("add_") else {
                    return;
                };
                if !HTTP_VERBS.contains(&verb) {
                    return;
                }
                let Some(path) = call
                    .argument(0, "path")
                    .and_then(|v| project.string_or_placeholder(v))
                else {
                    return;
                };
                let Some(handler) = call.argument(1, "handler") else {
                    return;
                };
                let (view, markers) = self.view(handler);
                self.add_route(
                    owner,
                    Route {
                        path,
                        methods: Some(vec![verb.to_ascii_uppercase()]),
                        view,
                        markers,
                        location,
                        file,
                    },
                );
            }
            _ => {}
        }
    }

    /// `web.get("/x", handler)`, `web.view("/x", View)`, `web.route("*", "/x", handler)`.
    fn aiohttp_route_def(
        &mut self,
        owner: &'p str,
        item: &'p Value,
        location: &'p Location,
        file: usize,
    ) {
        let Value::Call(call) = item else { return };
        let Value::Ref(callee) = &call.func else {
            return;
        };
        let name = self.project().external_name(callee);
        let Some(function) = name.strip_prefix("aiohttp.web.") else {
            return;
        };
        let project = self.project();
        let (verb, path_index) = match function {
            "route" => match call.argument(0, "method").and_then(Value::as_str) {
                Some(verb) => (Some(aiohttp_method(verb)), 1),
                None => return,
            },
            "view" => (None, 0),
            verb if HTTP_VERBS.contains(&verb) => (Some(verb.to_ascii_uppercase()), 0),
            _ => return,
        };
        let Some(path) = call
            .argument(path_index, "path")
            .and_then(|value| project.string_or_placeholder(value))
        else {
            return;
        };
        let Some(handler) = call.argument(path_index + 1, "handler") else {
            return;
        };
        let (view, markers) = self.view(handler);
        self.add_route(
            owner,
            Route {
                path,
                methods: verb.map(|verb| vec![verb]),
                view,
                markers,
                location,
                file,
            },
        );
    }

    /// Mounts a child given as a value: a variable, or a call of a project factory
    /// (`app.add_subapp("/admin/", admin_app())`).
    fn mount_value(&mut self, parent: &'p str, child: &'p Value, prefix: Option<String>) {
        match child {
            Value::Ref(child) => self.mount(parent, child, prefix, Markers::default()),
            Value::Call(call) => {
                if let Value::Ref(factory) = &call.func
                    && let Target::Function(function) = self.project().resolve(factory)
                {
                    for returned in &function.returns {
                        if let Value::Ref(returned) = returned {
                            self.mount(parent, returned, prefix.clone(), Markers::default());
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Mounts `child` (a symbol to resolve: a group, or a loop variable over groups).
    fn mount(&mut self, parent: &'p str, child: &'p str, prefix: Option<String>, markers: Markers) {
        if let Some((_, child)) = self.group_of(child) {
            self.mounts.push(Mount {
                parent,
                child,
                prefix,
                markers,
            });
            return;
        }
        // `for bp in (auth_bp, api_bp): app.register_blueprint(bp)`
        if let Target::Value(_, Value::List(items)) = self.project().resolve(child) {
            for item in items {
                if let Value::Ref(item) = item
                    && let Some((_, item)) = self.group_of(item)
                {
                    self.mounts.push(Mount {
                        parent,
                        child: item,
                        prefix: prefix.clone(),
                        markers: markers.clone(),
                    });
                }
            }
        }
    }

    /// Walks from every application (and from groups no app reaches) and adds endpoints.
    fn emit(mut self, inventory: &mut Inventory) {
        let mut reached: HashSet<&'p str> = HashSet::new();
        // Applications mounted into another one (`app.mount("/legacy", legacy_app)`) are
        // part of it, not roots of their own.
        let mounted: HashSet<&'p str> = self
            .mounts
            .iter()
            .filter(|mount| self.groups.contains_key(mount.parent) && mount.parent != mount.child)
            .map(|mount| mount.child)
            .collect();
        let roots: Vec<&'p str> = self
            .groups
            .iter()
            .filter(|(symbol, group)| is_app(group.kind) && !mounted.contains(*symbol))
            .map(|(symbol, _)| *symbol)
            .collect();
        let mut endpoints = Vec::new();
        for root in &roots {
            let mut app_markers = Markers::default();
            self.collect_app_markers(root, &mut app_markers, &mut HashSet::new());
            let mut path = Vec::new();
            self.walk(
                root,
                "",
                app_markers,
                Some(root),
                &mut reached,
                &mut path,
                &mut endpoints,
            );
        }
        // Groups no app reaches: listed from their own prefix.
        let orphans: Vec<&'p str> =
            self.groups
                .keys()
                .copied()
                .filter(|symbol| !reached.contains(symbol))
                .filter(|symbol| {
                    !self.mounts.iter().any(|mount| {
                        mount.child == *symbol && self.groups.contains_key(mount.parent)
                    })
                })
                .collect();
        for orphan in orphans {
            let mut path = Vec::new();
            let prefix = self
                .groups
                .get(orphan)
                .map(|group| group.prefix.clone())
                .unwrap_or_default();
            self.walk(
                orphan,
                &prefix,
                Markers::default(),
                None,
                &mut reached,
                &mut path,
                &mut endpoints,
            );
        }
        for (symbol, group) in &self.groups {
            if !roots.contains(symbol) {
                continue;
            }
            let mut rate_limit = Vec::new();
            for (app, text) in &self.default_limits {
                if app.is_none_or(|app| app == *symbol) && matches!(group.kind, Kind::FlaskApp) {
                    extend_unique(&mut rate_limit, vec![text.clone()]);
                }
            }
            if self.slowapi_middleware.contains(symbol) {
                if self.slowapi_defaults.is_empty() {
                    // The limiter is built where the scanner cannot see its defaults.
                    extend_unique(
                        &mut rate_limit,
                        vec!["middleware: SlowAPIMiddleware".to_string()],
                    );
                } else {
                    extend_unique(&mut rate_limit, self.slowapi_defaults.clone());
                }
            }
            extend_unique(&mut rate_limit, group.markers.rate_limit.clone());
            let file = self.project().facts.get(group.file);
            inventory.apps.push(App {
                framework: framework(group.kind),
                name: last_segments(symbol, 1).to_string(),
                file: file.map(|module| module.path.clone()).unwrap_or_default(),
                line: group.location.span.line,
                endpoints: 0,
                rate_limit,
                symbol: (*symbol).to_string(),
                location: group.location.clone(),
            });
        }
        // App-wide default limits go on every endpoint of the app, unless exempt.
        for endpoint in &mut endpoints {
            let (endpoint, exempt) = endpoint;
            if *exempt {
                continue;
            }
            if let Some(app) = inventory
                .apps
                .iter()
                .find(|app| endpoint.detail.app.as_deref() == Some(app.symbol.as_str()))
            {
                extend_unique(&mut endpoint.rate_limit, app.rate_limit.clone());
            }
        }
        inventory
            .endpoints
            .extend(endpoints.into_iter().map(|(endpoint, _)| endpoint));
        inventory.error_handlers.append(&mut self.error_handlers);
    }

    /// `before_app_request` hooks of the app and of everything mounted in it.
    fn collect_app_markers(
        &self,
        symbol: &'p str,
        markers: &mut Markers,
        seen: &mut HashSet<&'p str>,
    ) {
        if !seen.insert(symbol) {
            return;
        }
        if let Some(group) = self.groups.get(symbol) {
            markers.merge(group.app_markers.clone());
        }
        for mount in self.mounts.iter().filter(|mount| mount.parent == symbol) {
            self.collect_app_markers(mount.child, markers, seen);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        symbol: &'p str,
        prefix: &str,
        inherited: Markers,
        app: Option<&'p str>,
        reached: &mut HashSet<&'p str>,
        stack: &mut Vec<&'p str>,
        out: &mut Vec<(Endpoint, bool)>,
    ) {
        if stack.contains(&symbol) || stack.len() > 32 {
            return;
        }
        let Some(group) = self.groups.get(symbol) else {
            return;
        };
        reached.insert(symbol);
        stack.push(symbol);
        let mut markers = inherited;
        markers.merge(group.markers.clone());
        for route in &group.routes {
            let path = join_path(prefix, &route.path);
            self.route_endpoints(group, symbol, route, &path, &markers, app, out);
        }
        for mount in self.mounts.iter().filter(|mount| mount.parent == symbol) {
            let Some(child) = self.groups.get(mount.child) else {
                continue;
            };
            let overrides = matches!(child.kind, Kind::FlaskBlueprint | Kind::RestxNamespace);
            let child_prefix = match (&mount.prefix, overrides) {
                (Some(given), true) => join_path(prefix, given),
                (Some(given), false) => join_path(&join_path(prefix, given), &child.prefix),
                (None, _) => join_path(prefix, &child.prefix),
            };
            let mut child_markers = markers.clone();
            child_markers.merge(mount.markers.clone());
            self.walk(
                mount.child,
                &child_prefix,
                child_markers,
                app,
                reached,
                stack,
                out,
            );
        }
        stack.pop();
    }

    #[allow(clippy::too_many_arguments)]
    fn route_endpoints(
        &self,
        group: &Group<'p>,
        group_symbol: &'p str,
        route: &Route<'p>,
        path: &str,
        inherited: &Markers,
        app: Option<&'p str>,
        out: &mut Vec<(Endpoint, bool)>,
    ) {
        let frame = framework(group.kind);
        let project = self.project();
        let mut base = inherited.clone();
        base.merge(route.markers.clone());
        let is_fastapi = matches!(
            group.kind,
            Kind::FastApiApp | Kind::FastApiRouter | Kind::StarletteApp | Kind::StarletteRouter
        );
        match route.view {
            View::Function(function) => {
                let mut markers = base;
                markers.merge(self.classifier.function(function));
                if is_fastapi {
                    markers.merge(self.classifier.parameters(function, &mut HashSet::new()));
                }
                let methods = route
                    .methods
                    .clone()
                    .or_else(|| markers.methods.clone())
                    .unwrap_or_else(|| vec!["GET".to_string()]);
                out.push(self.endpoint(
                    frame,
                    methods,
                    path,
                    Some(function),
                    None,
                    markers,
                    group_symbol,
                    app,
                    route,
                ));
            }
            View::Class(class) => {
                let class_markers = self.classifier.class(class);
                let verbs = match &route.methods {
                    Some(methods) if !methods.iter().any(|method| method == "ANY") => {
                        methods.clone()
                    }
                    _ => class_verbs(project, class),
                };
                for verb in verbs {
                    let function = project.method(class, &verb.to_ascii_lowercase());
                    let mut markers = base.clone();
                    markers.merge(class_markers.clone());
                    if let Some(function) = function {
                        markers.merge(self.classifier.function(function));
                        if is_fastapi {
                            markers
                                .merge(self.classifier.parameters(function, &mut HashSet::new()));
                        }
                    }
                    out.push(self.endpoint(
                        frame,
                        vec![verb],
                        path,
                        function,
                        Some(class),
                        markers,
                        group_symbol,
                        app,
                        route,
                    ));
                }
            }
            View::Unknown => {
                let methods = route
                    .methods
                    .clone()
                    .unwrap_or_else(|| vec!["GET".to_string()]);
                out.push(self.endpoint(
                    frame,
                    methods,
                    path,
                    None,
                    None,
                    base,
                    group_symbol,
                    app,
                    route,
                ));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn endpoint(
        &self,
        frame: Framework,
        methods: Vec<String>,
        path: &str,
        function: Option<&'p Function>,
        class: Option<&'p Class>,
        markers: Markers,
        group: &'p str,
        app: Option<&'p str>,
        route: &Route<'p>,
    ) -> (Endpoint, bool) {
        let project = self.project();
        let (file, name, module, location) = match (function, class) {
            (Some(function), _) => {
                let module = project
                    .file_index(&function.id)
                    .and_then(|i| project.facts.get(i));
                (
                    module.map(|m| m.path.clone()).unwrap_or_default(),
                    function.qualname.clone(),
                    module.map(|m| m.module.clone()).unwrap_or_default(),
                    function.location.clone(),
                )
            }
            (None, Some(class)) => {
                let module = project
                    .file_index(&class.id)
                    .and_then(|i| project.facts.get(i));
                (
                    module.map(|m| m.path.clone()).unwrap_or_default(),
                    class.qualname.clone(),
                    module.map(|m| m.module.clone()).unwrap_or_default(),
                    class.location.clone(),
                )
            }
            (None, None) => {
                let module = project.facts.get(route.file);
                (
                    module.map(|m| m.path.clone()).unwrap_or_default(),
                    "?".to_string(),
                    module.map(|m| m.module.clone()).unwrap_or_default(),
                    route.location.clone(),
                )
            }
        };
        let mut markers = markers;
        let conditional = self.conditional_auth(&markers.conditional_hooks, path, function, class);
        extend_unique(&mut markers.auth, conditional);
        let body = function.map(|function| &function.body);
        let exempt = markers.rate_limit_exempt;
        let endpoint = Endpoint {
            methods,
            path: path.to_string(),
            framework: frame,
            handler: Handler {
                file,
                line: location.span.line,
                name,
                module,
            },
            auth: markers.auth,
            scopes: markers.scopes,
            rate_limit: markers.rate_limit,
            inactive_rate_limit: markers.inactive_limits,
            csrf_exempt: markers.csrf_exempt,
            detail: Detail {
                function: function.map(|function| function.id.clone()),
                app: app.map(ToString::to_string),
                group: Some(group.to_string()),
                location,
                write: body.and_then(|body| body.write.clone()),
                credential_calls: body
                    .map(|body| body.credential_calls.clone())
                    .unwrap_or_default(),
                handles_unsafe_method: body.is_some_and(|body| body.handles_unsafe_method),
                public: markers.public,
                external: false,
            },
        };
        (endpoint, exempt)
    }
}

/// The HTTP methods a class-based view implements (its own and inherited project methods),
/// or its `methods = [...]` attribute.
pub(crate) fn class_verbs<'p>(
    project: &super::project::Project<'p>,
    class: &'p Class,
) -> Vec<String> {
    if let Some(methods) = project.inherited_attribute(class, "methods") {
        let listed = upper(project.list(methods));
        if !listed.is_empty() {
            return listed;
        }
    }
    let mut verbs = Vec::new();
    for owner in project.class_chain(class) {
        for method in &owner.methods {
            if HTTP_VERBS.contains(&method.as_str()) && method != "options" && method != "head" {
                let verb = method.to_ascii_uppercase();
                if !verbs.contains(&verb) {
                    verbs.push(verb);
                }
            }
        }
    }
    if verbs.is_empty() {
        verbs.push("GET".to_string());
    }
    verbs
}

/// Whether a route path has the URL variable `name` (`<name>`, `<int:name>`, `{name}`).
fn path_has_variable(path: &str, name: &str) -> bool {
    path.split(['<', '{']).skip(1).any(|part| {
        part.split(['>', '}'])
            .next()
            .and_then(|variable| variable.rsplit(':').next())
            .is_some_and(|variable| variable == name)
    })
}

/// Whether a display path is test code: a `test`/`tests` directory, `test_*.py`,
/// `*_test.py` or `conftest.py`.
pub(crate) fn is_test_path(path: &str) -> bool {
    path.split('/').any(|segment| {
        segment == "tests"
            || segment == "test"
            || segment == "conftest.py"
            || (segment.starts_with("test_")
                && std::path::Path::new(segment)
                    .extension()
                    .is_some_and(|extension| extension.eq_ignore_ascii_case("py")))
            || segment.ends_with("_test.py")
    })
}

fn upper(values: Vec<&Value>) -> Vec<String> {
    values
        .into_iter()
        .filter_map(Value::as_str)
        .map(str::to_ascii_uppercase)
        .collect()
}

fn aiohttp_method(verb: &str) -> String {
    if verb == "*" {
        "ANY".to_string()
    } else {
        verb.to_ascii_uppercase()
    }
}

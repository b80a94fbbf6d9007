//! Django and Django REST framework: `urlpatterns` from `ROOT_URLCONF` through `include`.
//!
//! Settings modules are the modules that assign `INSTALLED_APPS`, `ROOT_URLCONF` or
//! `MIDDLEWARE` at module level. The URLconfs walked are the `ROOT_URLCONF` modules found in
//! the project, or, without one, every `urls` module that no other URLconf includes.
//!
//! A URLconf's patterns are every value assigned or added to its `urlpatterns` (`=`, `+=`,
//! `.append`, `.extend`, `+ router.urls`). Entries: `path`/`re_path`/`url(route, view)`
//! where the view is `include("app.urls")`, `include(module)`, `include((patterns, "ns"))`,
//! `include(router.urls)`, `admin.site.urls`, a function, `View.as_view()`,
//! `ViewSet.as_view({"get": "list"})`, or one of those wrapped inline
//! (`login_required(view)`, `csrf_exempt(view)`, `ratelimit(...)(view)`).
//!
//! Methods: a function view accepts any method (`ANY`) unless `@require_http_methods`,
//! `@require_POST`… or DRF's `@api_view([...])` say otherwise; a class-based view has one row
//! per method it implements (its own `get`/`post`… and those of Django's and DRF's generic
//! views). DRF routers expand `register(prefix, ViewSet)` into the viewset's actions (from
//! its mixins and methods: `list`/`create` on `prefix/`, `retrieve`/`update`/
//! `partial_update`/`destroy` on `prefix/{pk}/`) plus its `@action`s, and `DefaultRouter`
//! adds its API root.
//!
//! Authentication: decorators, mixins, `method_decorator` on the class or `dispatch`, inline
//! wrappers, guards at the top of the view; DRF's `permission_classes` (the view's, its
//! `@action`'s or `@permission_classes`), else `DEFAULT_PERMISSION_CLASSES`, else `AllowAny`
//! (none). `IsAuthenticatedOrReadOnly`-style permissions protect unsafe methods only.
//! `LoginRequiredMiddleware` (Django 5.1) protects everything but `@login_not_required`.
//! Rate limits: django-ratelimit decorators, DRF `throttle_classes` and
//! `DEFAULT_THROTTLE_CLASSES`, rate-limit middleware; django-axes/django-defender count for
//! views that authenticate.

use std::collections::HashSet;

use crate::facts::{Class, Function, Location};
use crate::value::{CallValue, Value, last_segments, parent_symbol};

use super::markers::{Classifier, Kind, Markers, extend_unique, has_ancestor};
use super::project::{Project, Target};
use super::routes::class_verbs;
use super::{App, Detail, Endpoint, Framework, Handler, Inventory};

/// How deep `include`s are followed.
const MAX_INCLUDE_DEPTH: u32 = 16;

/// What the settings say, project-wide.
#[derive(Default)]
struct Settings<'p> {
    /// The module holding `ROOT_URLCONF` (or the first settings module): the app's name.
    module: Option<(usize, &'p Location)>,
    root_urlconfs: Vec<String>,
    default_permissions: Option<Vec<String>>,
    default_throttles: Vec<String>,
    login_required_middleware: bool,
    middleware_rate_limit: Vec<String>,
    lockout: Option<String>,
}

/// DRF permissions that only protect unsafe methods.
const READ_ONLY_PERMISSIONS: &[&str] = &[
    "IsAuthenticatedOrReadOnly",
    "DjangoModelPermissionsOrAnonReadOnly",
];

/// The endpoint's view, resolved.
#[derive(Clone, Copy)]
enum View<'p> {
    Function(&'p Function),
    /// A class-based view, with the `as_view({...})` actions mapping for a viewset.
    Class(&'p Class, Option<&'p Value>),
    Unknown,
}

struct Walker<'c, 'p> {
    classifier: &'c Classifier<'c, 'p>,
    settings: Settings<'p>,
    app: String,
    out: Vec<Endpoint>,
    visited: HashSet<String>,
}

/// Adds the endpoints of Django projects.
pub(crate) fn collect(classifier: &Classifier<'_, '_>, inventory: &mut Inventory) {
    let project = classifier.project;
    let settings = read_settings(project);
    let mut roots: Vec<String> = settings
        .root_urlconfs
        .iter()
        .filter(|module| project.module_index(module).is_some())
        .cloned()
        .collect();
    if roots.is_empty() {
        roots = unincluded_urlconfs(project);
    }
    if roots.is_empty() {
        return;
    }
    let app = match settings.module {
        Some((index, _)) => project
            .facts
            .get(index)
            .map_or_else(|| "django".to_string(), |module| module.module.clone()),
        None => "django".to_string(),
    };
    let (app_file, app_location) = if let Some((index, location)) = settings.module {
        (
            project
                .facts
                .get(index)
                .map(|module| module.path.clone())
                .unwrap_or_default(),
            location.clone(),
        )
    } else {
        let first = roots
            .first()
            .and_then(|root| project.module_index(root))
            .and_then(|index| project.facts.get(index));
        (
            first.map(|module| module.path.clone()).unwrap_or_default(),
            Location::default(),
        )
    };
    let mut rate_limit = settings.default_throttles.clone();
    extend_unique(&mut rate_limit, settings.middleware_rate_limit.clone());
    let mut walker = Walker {
        classifier,
        settings,
        app: app.clone(),
        out: Vec::new(),
        visited: HashSet::new(),
    };
    for root in &roots {
        walker.urlconf(root, "", &Markers::default(), 0);
    }
    inventory.endpoints.append(&mut walker.out);
    inventory.apps.push(App {
        framework: Framework::Django,
        name: app.clone(),
        file: app_file,
        line: app_location.span.line,
        endpoints: 0,
        rate_limit,
        symbol: app,
        location: app_location,
    });
}

fn read_settings<'p>(project: &Project<'p>) -> Settings<'p> {
    let mut settings = Settings::default();
    let mut settings_modules: Vec<usize> = Vec::new();
    for name in ["ROOT_URLCONF", "INSTALLED_APPS", "MIDDLEWARE"] {
        for (index, assignment) in project.module_assignments_named(name) {
            if !settings_modules.contains(&index) {
                settings_modules.push(index);
            }
            if name == "ROOT_URLCONF"
                && let Some(root) = assignment.value.as_str()
            {
                if !settings.root_urlconfs.iter().any(|known| known == root) {
                    settings.root_urlconfs.push(root.to_string());
                }
                if settings.module.is_none() {
                    settings.module = Some((index, &assignment.location));
                }
            }
        }
    }
    settings.root_urlconfs.sort();
    if settings.module.is_none()
        && let Some((index, assignment)) = project
            .module_assignments_named("INSTALLED_APPS")
            .into_iter()
            .next()
    {
        settings.module = Some((index, &assignment.location));
    }
    let mut frameworks: Vec<(usize, &Value)> = project
        .module_assignments_named("REST_FRAMEWORK")
        .into_iter()
        .map(|(index, assignment)| (index, &assignment.value))
        .collect();
    frameworks.sort_by_key(|(index, _)| project.facts.get(*index).map(|m| m.path.clone()));
    for (_, value) in &frameworks {
        if settings.default_permissions.is_none()
            && let Some(classes) = value.dict_get("DEFAULT_PERMISSION_CLASSES")
        {
            settings.default_permissions = Some(dotted_names(project, classes));
        }
        if settings.default_throttles.is_empty()
            && let Some(classes) = value.dict_get("DEFAULT_THROTTLE_CLASSES")
        {
            let names = dotted_names(project, classes);
            if !names.is_empty() {
                settings
                    .default_throttles
                    .push(format!("default throttle: {}", names.join(", ")));
            }
        }
    }
    for (_, assignment) in project.module_assignments_named("MIDDLEWARE") {
        for item in project.list(&assignment.value) {
            let Some(path) = item.as_str() else { continue };
            if path == "django.contrib.auth.middleware.LoginRequiredMiddleware" {
                settings.login_required_middleware = true;
            }
            let lower = path.to_ascii_lowercase();
            if lower.contains("ratelimit") || lower.contains("throttl") {
                extend_unique(
                    &mut settings.middleware_rate_limit,
                    vec![format!("middleware: {}", last_segments(path, 1))],
                );
            }
        }
    }
    for (_, assignment) in project.module_assignments_named("INSTALLED_APPS") {
        for item in project.list(&assignment.value) {
            let Some(app) = item.as_str() else { continue };
            let root = app.split('.').next().unwrap_or(app);
            if matches!(root, "axes" | "defender") && settings.lockout.is_none() {
                settings.lockout = Some(format!("{root} (login lockout)"));
            }
        }
    }
    settings
}

/// Last segments of dotted class paths in a settings list (`"rest_framework.permissions.
/// IsAuthenticated"` → `IsAuthenticated`).
fn dotted_names<'p>(project: &Project<'p>, value: &'p Value) -> Vec<String> {
    project
        .list(value)
        .into_iter()
        .filter_map(|item| match item {
            Value::Str(path) => Some(last_segments(path, 1).to_string()),
            Value::Ref(symbol) => Some(last_segments(symbol, 1).to_string()),
            _ => None,
        })
        .collect()
}

/// `urls` modules with `urlpatterns` that no other URLconf includes by name.
fn unincluded_urlconfs(project: &Project<'_>) -> Vec<String> {
    let mut candidates: Vec<String> = Vec::new();
    let mut included: HashSet<String> = HashSet::new();
    for module in project.facts {
        if super::routes::is_test_path(&module.path) {
            continue;
        }
        let has_patterns = module
            .assignments
            .iter()
            .any(|assignment| assignment.name == "urlpatterns");
        if !has_patterns {
            continue;
        }
        candidates.push(module.module.clone());
        for assignment in &module.assignments {
            if assignment.name != "urlpatterns" {
                continue;
            }
            collect_include_names(&assignment.value, &mut included, 0);
        }
    }
    candidates.retain(|module| !included.contains(module));
    candidates.sort();
    candidates.dedup();
    candidates
}

fn collect_include_names(value: &Value, out: &mut HashSet<String>, depth: u32) {
    if depth > 16 {
        return;
    }
    match value {
        Value::List(items) => {
            for item in items {
                collect_include_names(item, out, depth + 1);
            }
        }
        Value::Add(left, right) => {
            collect_include_names(left, out, depth + 1);
            collect_include_names(right, out, depth + 1);
        }
        Value::Starred(inner) => collect_include_names(inner, out, depth + 1),
        Value::Call(call) => {
            if call.method_name() == Some("include")
                && let Some(Value::Str(module) | Value::Ref(module)) = call.args.first()
            {
                out.insert(module.clone());
            }
            for arg in &call.args {
                collect_include_names(arg, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Joins Django route pieces (`api/` + `users/`), dropping regex anchors of `re_path`.
fn join_route(prefix: &str, route: &str, regex: bool) -> String {
    let route = if regex {
        route.trim_start_matches('^').trim_end_matches('$')
    } else {
        route
    };
    format!("{prefix}{route}")
}

fn display_path(route: &str) -> String {
    if route.starts_with('/') {
        route.to_string()
    } else {
        format!("/{route}")
    }
}

impl<'p> Walker<'_, 'p> {
    fn project(&self) -> &Project<'p> {
        self.classifier.project
    }

    /// Walks the URLconf module `module` under `prefix`.
    fn urlconf(&mut self, module: &str, prefix: &str, inherited: &Markers, depth: u32) {
        if depth > MAX_INCLUDE_DEPTH {
            return;
        }
        let key = format!("{module}|{prefix}");
        if !self.visited.insert(key) {
            return;
        }
        let project = self.classifier.project;
        let Some(index) = project.module_index(module) else {
            return;
        };
        let Some(facts) = project.facts.get(index) else {
            return;
        };
        let symbol = format!("{}.urlpatterns", facts.module);
        let mut entries: Vec<&'p Value> = Vec::new();
        for assignment in project.assignments(&symbol) {
            entries.extend(self.entries(&assignment.value, 0));
        }
        for site in &facts.calls {
            if let Value::Ref(callee) = &site.call.func
                && parent_symbol(callee) == Some(symbol.as_str())
            {
                match last_segments(callee, 1) {
                    "append" => entries.extend(site.call.args.first()),
                    "extend" => {
                        if let Some(list) = site.call.args.first() {
                            entries.extend(self.entries(list, 0));
                        }
                    }
                    _ => {}
                }
            }
        }
        for entry in entries {
            self.entry(entry, prefix, inherited, index, depth);
        }
    }

    /// The entries of a patterns value (lists, `+`, `*router.urls`, helper calls). A variable
    /// is expanded once (`urlpatterns += urlpatterns` would otherwise double at each level).
    fn entries(&self, value: &'p Value, depth: u32) -> Vec<&'p Value> {
        let mut out = Vec::new();
        let mut expanded = HashSet::new();
        self.entries_into(value, depth, &mut expanded, &mut out);
        out
    }

    fn entries_into(
        &self,
        value: &'p Value,
        depth: u32,
        expanded: &mut HashSet<&'p str>,
        out: &mut Vec<&'p Value>,
    ) {
        if depth > 16 || out.len() > 10_000 {
            return;
        }
        match value {
            Value::List(items) => {
                for item in items {
                    match item {
                        Value::Starred(inner) => self.entries_into(inner, depth + 1, expanded, out),
                        _ => out.push(item),
                    }
                }
            }
            Value::Add(left, right) => {
                self.entries_into(left, depth + 1, expanded, out);
                self.entries_into(right, depth + 1, expanded, out);
            }
            Value::Ref(symbol) => {
                if self.router_of_urls(symbol).is_some() {
                    out.push(value);
                } else if expanded.insert(symbol.as_str()) {
                    for assignment in self.project().assignments(symbol) {
                        self.entries_into(&assignment.value, depth + 1, expanded, out);
                    }
                }
            }
            Value::Call(call) => {
                let name = call.method_name().unwrap_or("");
                if matches!(name, "format_suffix_patterns" | "i18n_patterns") {
                    for arg in &call.args {
                        self.entries_into(arg, depth + 1, expanded, out);
                    }
                }
            }
            _ => {}
        }
    }

    /// The DRF router whose `.urls` `symbol` is.
    fn router_of_urls(&self, symbol: &'p str) -> Option<&'p str> {
        let router = symbol.strip_suffix(".urls")?;
        match self.classifier.object(router) {
            Some((Kind::DrfRouter, router, _)) => Some(router),
            _ => None,
        }
    }

    fn entry(
        &mut self,
        entry: &'p Value,
        prefix: &str,
        inherited: &Markers,
        file: usize,
        depth: u32,
    ) {
        // `include(urlpatterns)` inside `urlpatterns` nests without end.
        if depth > MAX_INCLUDE_DEPTH {
            return;
        }
        let project = self.classifier.project;
        match entry {
            Value::Ref(symbol) => {
                if let Some(router) = self.router_of_urls(symbol) {
                    self.router(router, prefix, inherited, depth);
                }
            }
            Value::Call(call) => {
                let Value::Ref(callee) = &call.func else {
                    return;
                };
                let name = project.external_name(callee);
                let regex = match name {
                    "django.urls.path" | "django.urls.conf.path" => false,
                    "django.urls.re_path" | "django.urls.conf.re_path" | "django.conf.urls.url" => {
                        true
                    }
                    _ => return,
                };
                let Some(route) = call
                    .argument(0, "route")
                    .and_then(|value| project.string_or_placeholder(value))
                else {
                    return;
                };
                let full = join_route(prefix, &route, regex);
                let Some(view) = call.argument(1, "view") else {
                    return;
                };
                self.view_entry(view, &full, inherited, file, call, depth);
            }
            _ => {}
        }
    }

    fn view_entry(
        &mut self,
        view: &'p Value,
        route: &str,
        inherited: &Markers,
        file: usize,
        entry: &'p CallValue,
        depth: u32,
    ) {
        let project = self.classifier.project;
        // include(...)
        if let Value::Call(call) = view
            && let Value::Ref(callee) = &call.func
            && matches!(
                project.external_name(callee),
                "django.urls.include" | "django.conf.urls.include" | "django.urls.conf.include"
            )
        {
            self.include(call, route, inherited, file, entry, depth);
            return;
        }
        // admin.site.urls
        if let Value::Ref(symbol) = view {
            if let Some(router) = self.router_of_urls(symbol) {
                self.router(router, route, inherited, depth);
                return;
            }
            let name = project.external_name(symbol);
            if name.starts_with("django.contrib.admin") && last_segments(name, 1) == "urls" {
                self.external(
                    route,
                    "admin.site.urls",
                    vec!["admin site login".to_string()],
                    file,
                    entry,
                );
                return;
            }
        }
        let (resolved, markers) = self.resolve_view(view, 0);
        let mut chain = inherited.clone();
        chain.merge(markers);
        if matches!(resolved, View::Unknown)
            && let Some(name) = self.external_view(view)
        {
            self.external_known_view(route, name, chain, file, entry);
            return;
        }
        self.add_view(resolved, route, chain, file, entry);
    }

    fn include(
        &mut self,
        call: &'p CallValue,
        route: &str,
        inherited: &Markers,
        file: usize,
        entry: &'p CallValue,
        depth: u32,
    ) {
        let project = self.classifier.project;
        let Some(target) = call.argument(0, "arg") else {
            return;
        };
        match target {
            Value::Str(module) => {
                if project.module_index(module).is_some() {
                    self.urlconf(module, route, inherited, depth + 1);
                } else {
                    self.external(
                        route,
                        &format!("include(\"{module}\")"),
                        Vec::new(),
                        file,
                        entry,
                    );
                }
            }
            Value::Ref(symbol) => {
                if let Some(router) = self.router_of_urls(symbol) {
                    self.router(router, route, inherited, depth);
                    return;
                }
                match project.resolve(symbol) {
                    Target::Module(module) => self.urlconf(module, route, inherited, depth + 1),
                    Target::Value(_, list @ Value::List(_)) => {
                        for item in self.entries(list, 0) {
                            self.entry(item, route, inherited, file, depth + 1);
                        }
                    }
                    _ => {
                        let module = symbol.as_str();
                        if project.module_index(module).is_some() {
                            self.urlconf(module, route, inherited, depth + 1);
                        }
                    }
                }
            }
            // include((patterns, "app_name")) or include([...])
            Value::List(items) => {
                let patterns = match items.first() {
                    Some(first @ (Value::List(_) | Value::Ref(_))) if items.len() == 2 => first,
                    _ => target,
                };
                for item in self.entries(patterns, 0) {
                    self.entry(item, route, inherited, file, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// Where a `path(...)` entry is: its line and column, with its own source line.
    fn entry_location(&self, file: usize, entry: &CallValue) -> Location {
        let module = self.classifier.project.facts.get(file);
        let snippet = module
            .and_then(|module| {
                module
                    .assignments
                    .iter()
                    .map(|assignment| &assignment.location)
                    .find(|location| {
                        location.span.line <= entry.line && entry.line <= location.span.end_line
                    })
            })
            .and_then(|location| {
                let offset = entry.line.checked_sub(location.span.line)? as usize;
                location
                    .snippet
                    .lines()
                    .nth(offset)
                    .map(ToString::to_string)
            })
            .unwrap_or_default();
        Location {
            span: sg_diagnostics::Span::point(entry.line, entry.column),
            snippet,
            cell: None,
        }
    }

    /// A row for something that is not project code (admin site, third-party URLconf).
    fn external(
        &mut self,
        route: &str,
        name: &str,
        auth: Vec<String>,
        file: usize,
        entry: &CallValue,
    ) {
        let project = self.classifier.project;
        let module = project.facts.get(file);
        let location = self.entry_location(file, entry);
        self.out.push(Endpoint {
            methods: vec!["ANY".to_string()],
            path: display_path(route),
            framework: Framework::Django,
            handler: Handler {
                file: module.map(|m| m.path.clone()).unwrap_or_default(),
                line: entry.line,
                name: name.to_string(),
                module: module.map(|m| m.module.clone()).unwrap_or_default(),
            },
            auth,
            scopes: Vec::new(),
            rate_limit: Vec::new(),
            inactive_rate_limit: Vec::new(),
            csrf_exempt: false,
            detail: Detail {
                app: Some(self.app.clone()),
                location,
                external: true,
                ..Detail::default()
            },
        });
    }

    /// The qualified name of a third-party view (`rest_framework.authtoken.views.
    /// obtain_auth_token`, `SomeView.as_view()` of a library).
    fn external_view(&self, value: &'p Value) -> Option<&'p str> {
        let symbol = match value {
            Value::Ref(symbol) => symbol.as_str(),
            Value::Call(call) => {
                let callee = call.func.as_ref_symbol()?;
                if last_segments(callee, 1) != "as_view" {
                    return None;
                }
                parent_symbol(callee)?
            }
            _ => return None,
        };
        match self.project().resolve(symbol) {
            Target::External(name) if name.contains('.') => Some(name),
            _ => None,
        }
    }

    /// A row for a library view: known authentication views are judged like project code
    /// (DRF's `obtain_auth_token` accepts POST with `throttle_classes = ()`), others are
    /// listed only.
    fn external_known_view(
        &mut self,
        route: &str,
        name: &'p str,
        chain: Markers,
        file: usize,
        entry: &CallValue,
    ) {
        let known: Option<(&[&str], bool)> = match name {
            "rest_framework.authtoken.views.obtain_auth_token"
            | "rest_framework.authtoken.views.ObtainAuthToken" => Some((&["POST"], false)),
            "rest_framework_simplejwt.views.TokenObtainPairView"
            | "rest_framework_simplejwt.views.TokenRefreshView"
            | "rest_framework_simplejwt.views.TokenObtainSlidingView"
            | "rest_framework_simplejwt.views.token_obtain_pair"
            | "rest_framework_simplejwt.views.token_refresh" => Some((&["POST"], true)),
            _ => None,
        };
        let before = self.out.len();
        self.external(
            route,
            last_segments(name, 1),
            chain.auth.clone(),
            file,
            entry,
        );
        let Some(endpoint) = self.out.get_mut(before) else {
            return;
        };
        endpoint.handler.name = name.to_string();
        endpoint.rate_limit = chain.rate_limit;
        endpoint.csrf_exempt = chain.csrf_exempt;
        if let Some((methods, default_throttles)) = known {
            endpoint.methods = methods.iter().map(ToString::to_string).collect();
            endpoint.framework = Framework::Drf;
            endpoint.detail.external = false;
            endpoint.detail.public = true;
            if default_throttles {
                extend_unique(
                    &mut endpoint.rate_limit,
                    self.settings.default_throttles.clone(),
                );
            }
        }
    }

    /// A view value: a function, `Class.as_view(...)`, or a wrapper around one.
    fn resolve_view(&self, value: &'p Value, depth: u32) -> (View<'p>, Markers) {
        if depth > 6 {
            return (View::Unknown, Markers::default());
        }
        match value {
            Value::Ref(symbol) => match self.project().resolve(symbol) {
                Target::Function(function) => (View::Function(function), Markers::default()),
                Target::Class(class) => (View::Class(class, None), Markers::default()),
                Target::Object(_, call) => self.resolve_view_call(call, depth),
                _ => (View::Unknown, Markers::default()),
            },
            Value::Call(call) => self.resolve_view_call(call, depth),
            _ => (View::Unknown, Markers::default()),
        }
    }

    fn resolve_view_call(&self, call: &'p CallValue, depth: u32) -> (View<'p>, Markers) {
        if let Value::Ref(callee) = &call.func
            && last_segments(callee, 1) == "as_view"
            && let Some(class) = parent_symbol(callee)
            && let Target::Class(class) = self.project().resolve(class)
        {
            let actions = call
                .args
                .first()
                .filter(|value| matches!(value, Value::Dict(_)));
            return (View::Class(class, actions), Markers::default());
        }
        if let Some(inner) = call.args.first() {
            let (view, mut markers) = self.resolve_view(inner, depth + 1);
            if !matches!(view, View::Unknown) {
                markers.merge(self.classifier.decorator(&call.func));
                return (view, markers);
            }
        }
        (View::Unknown, Markers::default())
    }

    fn add_view(
        &mut self,
        view: View<'p>,
        route: &str,
        chain: Markers,
        file: usize,
        entry: &CallValue,
    ) {
        match view {
            View::Function(function) => {
                let mut markers = chain;
                markers.merge(self.classifier.function(function));
                let drf = markers.drf_view;
                let methods = markers
                    .methods
                    .clone()
                    .unwrap_or_else(|| vec!["ANY".to_string()]);
                let framework = if drf {
                    Framework::Drf
                } else {
                    Framework::Django
                };
                let mut endpoint = self.endpoint(
                    framework,
                    methods,
                    route,
                    Some(function),
                    None,
                    markers.clone(),
                    None,
                );
                if drf {
                    self.apply_drf(
                        &mut endpoint,
                        markers.drf_permissions.clone(),
                        None,
                        None,
                        markers.drf_throttles.clone(),
                    );
                }
                self.push(endpoint);
            }
            View::Class(class, actions) => {
                let drf = self.is_drf(class);
                let class_markers = self.classifier.class(class);
                let rows: Vec<(String, Option<String>)> = match actions {
                    Some(Value::Dict(entries)) => entries
                        .iter()
                        .filter_map(|(method, action)| {
                            Some((
                                method.as_str()?.to_ascii_uppercase(),
                                Some(action.as_str()?.to_string()),
                            ))
                        })
                        .collect(),
                    _ => self
                        .view_verbs(class)
                        .into_iter()
                        .map(|verb| (verb, None))
                        .collect(),
                };
                for (verb, action) in rows {
                    let method_name = action.clone().unwrap_or_else(|| verb.to_ascii_lowercase());
                    let function = self.project().method(class, &method_name);
                    let mut markers = chain.clone();
                    markers.merge(class_markers.clone());
                    if let Some(function) = function {
                        markers.merge(self.classifier.function(function));
                    }
                    let framework = if drf {
                        Framework::Drf
                    } else {
                        Framework::Django
                    };
                    let mut endpoint = self.endpoint(
                        framework,
                        vec![verb],
                        route,
                        function,
                        Some(class),
                        markers,
                        None,
                    );
                    if drf {
                        self.apply_drf(&mut endpoint, None, Some(class), None, None);
                    }
                    self.push(endpoint);
                }
            }
            View::Unknown => {
                let project = self.classifier.project;
                let module = project.facts.get(file);
                let location = self.entry_location(file, entry);
                self.out.push(Endpoint {
                    methods: vec!["ANY".to_string()],
                    path: display_path(route),
                    framework: Framework::Django,
                    handler: Handler {
                        file: module.map(|m| m.path.clone()).unwrap_or_default(),
                        line: entry.line,
                        name: "?".to_string(),
                        module: module.map(|m| m.module.clone()).unwrap_or_default(),
                    },
                    auth: chain.auth,
                    scopes: chain.scopes,
                    rate_limit: chain.rate_limit,
                    inactive_rate_limit: Vec::new(),
                    csrf_exempt: chain.csrf_exempt,
                    detail: Detail {
                        app: Some(self.app.clone()),
                        location,
                        ..Detail::default()
                    },
                });
            }
        }
    }

    fn is_drf(&self, class: &'p Class) -> bool {
        self.project()
            .ancestors(class)
            .iter()
            .any(|ancestor| ancestor.starts_with("rest_framework."))
    }

    /// Methods of a class-based view: its own verbs plus those of generic ancestors.
    fn view_verbs(&self, class: &'p Class) -> Vec<String> {
        let mut verbs: Vec<String> = Vec::new();
        let own = class_verbs(self.project(), class);
        let defines_any = self.project().class_chain(class).iter().any(|owner| {
            owner
                .methods
                .iter()
                .any(|m| matches!(m.as_str(), "get" | "post" | "put" | "patch" | "delete"))
        }) || self
            .project()
            .inherited_attribute(class, "methods")
            .is_some();
        if defines_any {
            verbs.extend(own);
        }
        for ancestor in self.project().ancestors(class) {
            for verb in generic_verbs(last_segments(&ancestor, 1)) {
                if !verbs.iter().any(|known| known == verb) {
                    verbs.push((*verb).to_string());
                }
            }
        }
        if verbs.is_empty() {
            verbs.push("GET".to_string());
        }
        verbs
    }

    #[allow(clippy::too_many_arguments)]
    fn endpoint(
        &self,
        framework: Framework,
        methods: Vec<String>,
        route: &str,
        function: Option<&'p Function>,
        class: Option<&'p Class>,
        markers: Markers,
        name_override: Option<String>,
    ) -> Endpoint {
        let project = self.project();
        let (file, name, module, location) = match (function, class) {
            (Some(function), _) => {
                let facts = project
                    .file_index(&function.id)
                    .and_then(|i| project.facts.get(i));
                (
                    facts.map(|m| m.path.clone()).unwrap_or_default(),
                    function.qualname.clone(),
                    facts.map(|m| m.module.clone()).unwrap_or_default(),
                    function.location.clone(),
                )
            }
            (None, Some(class)) => {
                let facts = project
                    .file_index(&class.id)
                    .and_then(|i| project.facts.get(i));
                (
                    facts.map(|m| m.path.clone()).unwrap_or_default(),
                    class.qualname.clone(),
                    facts.map(|m| m.module.clone()).unwrap_or_default(),
                    class.location.clone(),
                )
            }
            (None, None) => (
                String::new(),
                "?".to_string(),
                String::new(),
                Location::default(),
            ),
        };
        let body = function.map(|function| &function.body);
        let mut auth = markers.auth;
        if self.settings.login_required_middleware && !markers.public {
            extend_unique(&mut auth, vec!["LoginRequiredMiddleware".to_string()]);
        }
        let mut rate_limit = markers.rate_limit;
        if !markers.rate_limit_exempt {
            extend_unique(&mut rate_limit, self.settings.middleware_rate_limit.clone());
        }
        let credential_calls: Vec<String> = body
            .map(|body| body.credential_calls.clone())
            .unwrap_or_default();
        let is_login_view = class.is_some_and(|class| {
            has_ancestor(
                project,
                class,
                &["LoginView", "ObtainAuthToken", "TokenObtainPairView"],
            )
        });
        if let Some(lockout) = &self.settings.lockout
            && (is_login_view
                || credential_calls
                    .iter()
                    .any(|call| matches!(last_segments(call, 1), "authenticate" | "login")))
        {
            extend_unique(&mut rate_limit, vec![lockout.clone()]);
        }
        Endpoint {
            methods,
            path: display_path(route),
            framework,
            handler: Handler {
                file,
                line: location.span.line,
                name: name_override.unwrap_or(name),
                module,
            },
            auth,
            scopes: markers.scopes,
            rate_limit,
            inactive_rate_limit: Vec::new(),
            csrf_exempt: markers.csrf_exempt,
            detail: Detail {
                function: function.map(|function| function.id.clone()),
                app: Some(self.app.clone()),
                group: class.map(|class| class.id.clone()),
                location,
                write: body.and_then(|body| body.write.clone()),
                credential_calls,
                handles_unsafe_method: body.is_some_and(|body| body.handles_unsafe_method),
                public: markers.public,
                external: false,
            },
        }
    }

    /// DRF permissions and throttles: the view's (or action's), else the defaults.
    fn apply_drf(
        &self,
        endpoint: &mut Endpoint,
        decorator_permissions: Option<Vec<String>>,
        class: Option<&'p Class>,
        action_permissions: Option<Vec<String>>,
        action_throttles: Option<Vec<String>>,
    ) {
        let project = self.project();
        let class_permissions = class.and_then(|class| {
            project
                .inherited_attribute(class, "permission_classes")
                .map(permission_names)
        });
        let dynamic = class.is_some_and(|class| project.method(class, "get_permissions").is_some());
        let (permissions, explicit) = match action_permissions
            .or(decorator_permissions)
            .or(class_permissions)
        {
            Some(permissions) => (permissions, true),
            None => (
                self.settings
                    .default_permissions
                    .clone()
                    .unwrap_or_default(),
                false,
            ),
        };
        if dynamic {
            extend_unique(&mut endpoint.auth, vec!["get_permissions()".to_string()]);
        }
        let safe = endpoint
            .methods
            .iter()
            .all(|method| matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS"));
        let mut allow_any = permissions.is_empty();
        for permission in &permissions {
            match permission.as_str() {
                "AllowAny" => allow_any = true,
                name if READ_ONLY_PERMISSIONS.contains(&name) => {
                    if safe {
                        extend_unique(&mut endpoint.scopes, vec![format!("{name} (writes only)")]);
                    } else {
                        extend_unique(&mut endpoint.auth, vec![name.to_string()]);
                    }
                }
                name => extend_unique(&mut endpoint.auth, vec![name.to_string()]),
            }
        }
        if allow_any && explicit && !dynamic && endpoint.auth.is_empty() {
            endpoint.detail.public = true;
            extend_unique(&mut endpoint.scopes, vec!["AllowAny".to_string()]);
        }
        // Throttles.
        let class_throttles = class.and_then(|class| {
            project
                .inherited_attribute(class, "throttle_classes")
                .map(|value| self.classifier.class_names(value))
        });
        let throttles = action_throttles.or(class_throttles);
        match throttles {
            Some(throttles) if throttles.is_empty() => {
                endpoint
                    .rate_limit
                    .retain(|marker| !marker.starts_with("default throttle"));
            }
            Some(throttles) => {
                let scope = class
                    .and_then(|class| project.inherited_attribute(class, "throttle_scope"))
                    .and_then(Value::as_str)
                    .map(|scope| format!(" ({scope})"))
                    .unwrap_or_default();
                extend_unique(
                    &mut endpoint.rate_limit,
                    vec![format!("throttle: {}{scope}", throttles.join(", "))],
                );
            }
            None => {
                extend_unique(
                    &mut endpoint.rate_limit,
                    self.settings.default_throttles.clone(),
                );
            }
        }
    }

    fn push(&mut self, endpoint: Endpoint) {
        self.out.push(endpoint);
    }

    /// Expands a DRF router's registrations under `prefix`.
    fn router(&mut self, router: &'p str, prefix: &str, inherited: &Markers, depth: u32) {
        let key = format!("router|{router}|{prefix}");
        if !self.visited.insert(key) || depth > MAX_INCLUDE_DEPTH {
            return;
        }
        let project = self.classifier.project;
        let default_router = matches!(
            self.classifier.object(router).map(|(_, _, call)| call.func.as_ref_symbol().map(|s| project.external_name(s))),
            Some(Some(name)) if name.ends_with("DefaultRouter")
        );
        let trailing = match self.classifier.object(router) {
            Some((_, _, call)) => call
                .keyword("trailing_slash")
                .is_none_or(|value| !value.is_false()),
            None => true,
        };
        let slash = if trailing { "/" } else { "" };
        let registrations: Vec<&'p CallValue> = project
            .calls()
            .filter_map(|(_, site)| {
                let Value::Ref(callee) = &site.call.func else {
                    return None;
                };
                (last_segments(callee, 1) == "register"
                    && parent_symbol(callee)
                        .and_then(|receiver| self.classifier.object(receiver))
                        .is_some_and(|(_, symbol, _)| symbol == router))
                .then_some(&site.call)
            })
            .collect();
        if default_router {
            let mut endpoint = self.endpoint(
                Framework::Drf,
                vec!["GET".to_string()],
                prefix,
                None,
                None,
                inherited.clone(),
                Some("DefaultRouter API root".to_string()),
            );
            if let Some(file) = project.file_of(router) {
                endpoint.handler.file = file.to_string();
            }
            if let Some(location) = project.assignments(router).first().map(|a| &a.location) {
                endpoint.handler.line = location.span.line;
                endpoint.detail.location = location.clone();
            }
            self.apply_drf(&mut endpoint, None, None, None, None);
            self.push(endpoint);
        }
        for registration in registrations {
            let Some(route_prefix) = registration
                .argument(0, "prefix")
                .and_then(|value| project.string_or_placeholder(value))
            else {
                continue;
            };
            let Some(Value::Ref(viewset)) = registration.argument(1, "viewset") else {
                continue;
            };
            let Target::Class(class) = project.resolve(viewset) else {
                continue;
            };
            let base = join_route(
                prefix,
                route_prefix.trim_start_matches('^').trim_end_matches('$'),
                false,
            );
            let lookup = project
                .inherited_attribute(class, "lookup_url_kwarg")
                .or_else(|| project.inherited_attribute(class, "lookup_field"))
                .and_then(Value::as_str)
                .unwrap_or("pk");
            let class_markers = self.classifier.class(class);
            let actions = viewset_actions(project, class);
            for (action, verb, detail) in actions {
                let route = if detail {
                    format!("{base}/{{{lookup}}}{slash}")
                } else {
                    format!("{base}{slash}")
                };
                let function = project.method(class, action);
                let mut markers = inherited.clone();
                markers.merge(class_markers.clone());
                if let Some(function) = function {
                    markers.merge(self.classifier.function(function));
                }
                let mut endpoint = self.endpoint(
                    Framework::Drf,
                    vec![verb.to_string()],
                    &route,
                    function,
                    Some(class),
                    markers,
                    function
                        .is_none()
                        .then(|| format!("{}.{action}", class.qualname)),
                );
                self.apply_drf(&mut endpoint, None, Some(class), None, None);
                self.push(endpoint);
            }
            // @action methods.
            for owner in project.class_chain(class) {
                for method in &owner.methods {
                    let Some(function) = project.function(&format!("{}.{method}", owner.id)) else {
                        continue;
                    };
                    let Some(action) = self.action_decorator(function) else {
                        continue;
                    };
                    let url_path = action
                        .keyword("url_path")
                        .and_then(Value::as_str)
                        .unwrap_or(method.as_str());
                    let detail = action.keyword("detail").is_some_and(Value::is_true)
                        || function.decorators.iter().any(|d| {
                            d.value
                                .as_call()
                                .and_then(|c| c.func.as_ref_symbol())
                                .is_some_and(|s| s.ends_with("detail_route"))
                        });
                    let methods: Vec<String> = action
                        .keyword("methods")
                        .map(|methods| {
                            project
                                .list(methods)
                                .into_iter()
                                .filter_map(Value::as_str)
                                .map(str::to_ascii_uppercase)
                                .collect()
                        })
                        .filter(|methods: &Vec<String>| !methods.is_empty())
                        .unwrap_or_else(|| vec!["GET".to_string()]);
                    let route = if detail {
                        format!("{base}/{{{lookup}}}/{url_path}{slash}")
                    } else {
                        format!("{base}/{url_path}{slash}")
                    };
                    let action_permissions =
                        action.keyword("permission_classes").map(permission_names);
                    let action_throttles = action
                        .keyword("throttle_classes")
                        .map(|value| self.classifier.class_names(value));
                    for verb in methods {
                        let mut markers = inherited.clone();
                        markers.merge(class_markers.clone());
                        markers.merge(self.classifier.function(function));
                        let mut endpoint = self.endpoint(
                            Framework::Drf,
                            vec![verb],
                            &route,
                            Some(function),
                            Some(class),
                            markers,
                            None,
                        );
                        self.apply_drf(
                            &mut endpoint,
                            None,
                            Some(class),
                            action_permissions.clone(),
                            action_throttles.clone(),
                        );
                        self.push(endpoint);
                    }
                }
            }
        }
    }

    /// The `@action(...)` (or legacy `@detail_route`/`@list_route`) call on a method.
    fn action_decorator(&self, function: &'p Function) -> Option<&'p CallValue> {
        function.decorators.iter().find_map(|decorator| {
            let call = decorator.value.as_call()?;
            let symbol = call.func.as_ref_symbol()?;
            let name = self.project().external_name(symbol);
            matches!(
                name,
                "rest_framework.decorators.action"
                    | "rest_framework.decorators.detail_route"
                    | "rest_framework.decorators.list_route"
            )
            .then_some(call)
        })
    }
}

/// DRF permission class names in a `permission_classes` value; `custom` for composed ones
/// (`IsAuthenticated | ReadOnly`).
fn permission_names(value: &Value) -> Vec<String> {
    let Value::List(items) = value else {
        return vec!["custom".to_string()];
    };
    items
        .iter()
        .map(|item| match item {
            Value::Ref(symbol) => last_segments(symbol, 1).to_string(),
            Value::Call(call) => call.func.short(),
            _ => "custom".to_string(),
        })
        .collect()
}

/// HTTP methods of Django's and DRF's generic class-based views.
fn generic_verbs(class: &str) -> &'static [&'static str] {
    match class {
        "TemplateView" | "ListView" | "DetailView" | "ArchiveIndexView" | "YearArchiveView"
        | "MonthArchiveView" | "WeekArchiveView" | "DayArchiveView" | "TodayArchiveView"
        | "DateDetailView" | "RedirectView" | "ListAPIView" | "RetrieveAPIView" => &["GET"],
        "FormView"
        | "CreateView"
        | "UpdateView"
        | "DeleteView"
        | "LoginView"
        | "PasswordChangeView"
        | "PasswordResetView"
        | "PasswordResetConfirmView"
        | "ListCreateAPIView" => &["GET", "POST"],
        "LogoutView"
        | "CreateAPIView"
        | "ObtainAuthToken"
        | "TokenObtainPairView"
        | "TokenRefreshView"
        | "TokenVerifyView" => &["POST"],
        "DestroyAPIView" => &["DELETE"],
        "UpdateAPIView" => &["PUT", "PATCH"],
        "RetrieveUpdateAPIView" => &["GET", "PUT", "PATCH"],
        "RetrieveDestroyAPIView" => &["GET", "DELETE"],
        "RetrieveUpdateDestroyAPIView" => &["GET", "PUT", "PATCH", "DELETE"],
        _ => &[],
    }
}

/// `(action, method, detail)` of a viewset's standard actions, from its mixins and methods.
fn viewset_actions<'p>(
    project: &Project<'p>,
    class: &'p Class,
) -> Vec<(&'static str, &'static str, bool)> {
    const ALL: [(&str, &str, bool); 6] = [
        ("list", "GET", false),
        ("create", "POST", false),
        ("retrieve", "GET", true),
        ("update", "PUT", true),
        ("partial_update", "PATCH", true),
        ("destroy", "DELETE", true),
    ];
    let ancestors: Vec<String> = project
        .ancestors(class)
        .iter()
        .map(|ancestor| last_segments(ancestor, 1).to_string())
        .collect();
    let has = |name: &str| ancestors.iter().any(|ancestor| ancestor == name);
    let mut enabled: HashSet<&str> = HashSet::new();
    if has("ModelViewSet") {
        enabled.extend([
            "list",
            "create",
            "retrieve",
            "update",
            "partial_update",
            "destroy",
        ]);
    }
    if has("ReadOnlyModelViewSet") {
        enabled.extend(["list", "retrieve"]);
    }
    if has("ListModelMixin") {
        enabled.insert("list");
    }
    if has("CreateModelMixin") {
        enabled.insert("create");
    }
    if has("RetrieveModelMixin") {
        enabled.insert("retrieve");
    }
    if has("UpdateModelMixin") {
        enabled.extend(["update", "partial_update"]);
    }
    if has("DestroyModelMixin") {
        enabled.insert("destroy");
    }
    for owner in project.class_chain(class) {
        for method in &owner.methods {
            if let Some((action, _, _)) = ALL.iter().find(|(action, _, _)| action == method) {
                enabled.insert(action);
            }
        }
    }
    ALL.iter()
        .copied()
        .filter(|(action, _, _)| enabled.contains(action))
        .collect()
}

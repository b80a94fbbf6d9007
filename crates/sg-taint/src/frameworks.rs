//! Where untrusted input enters a function: web framework entry points and their parameters.
//!
//! - Flask: functions decorated with `@app.route`/`@bp.get`… (or registered with
//!   `add_url_rule`); their parameters are route parameters, except those with an `int`,
//!   `float` or `uuid` converter in the rule. `flask.request.*` is a source anywhere.
//! - Django/DRF: a parameter named `request` (or annotated `HttpRequest`/`Request`) is a
//!   request object; in views (a `views` module, a view decorator, or an HTTP-verb method of a
//!   class) the other parameters are URL kwargs. In methods, `self.request` is the request and
//!   `self.kwargs`/`self.args` are URL kwargs.
//! - FastAPI/Starlette: handlers of `@app.get`/`@router.post`… take every parameter from the
//!   request, so each is classified by its annotation: `str`, `bytes`, untyped, `dict`… are
//!   sources; `int`, `float`, `bool`, `UUID`, dates, enums and `Literal` are validated (clean);
//!   `HttpUrl` is clean except for outgoing URLs and redirects; a pydantic model of this
//!   module is a model value whose `str` fields are sources; `Request`/`WebSocket` are
//!   request objects; `UploadFile` is a source; `Depends(...)` parameters are clean.
//! - aiohttp: handlers of `@routes.get`… or `router.add_get(..., handler)` get a request
//!   object as first parameter.

use std::collections::{HashMap, HashSet};

use sg_python::ast::{self, Expr, Parameters, Stmt, StmtClassDef, StmtFunctionDef};
use sg_python::{ImportedModules, Ranged, ResolvedNames};

use crate::rules::SinkClass;
use crate::value::{ObjectKind, SinkSet};

/// Which frameworks (and other source libraries) the file imports.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Frameworks {
    pub flask: bool,
    pub django: bool,
    pub fastapi: bool,
    pub aiohttp: bool,
    pub socket: bool,
    pub asyncpg: bool,
}

impl Frameworks {
    pub(crate) fn from_imports(imports: &ImportedModules) -> Frameworks {
        Frameworks {
            flask: imports.imports("flask") || imports.imports("werkzeug"),
            django: imports.imports("django") || imports.imports("rest_framework"),
            fastapi: imports.imports("fastapi") || imports.imports("starlette"),
            aiohttp: imports.imports("aiohttp"),
            socket: imports.imports("socket") || imports.imports("socketserver"),
            asyncpg: imports.imports("asyncpg") || imports.imports("aiopg"),
        }
    }

    /// Whether request objects arrive as parameters (everything but Flask).
    pub(crate) fn request_parameters(self) -> bool {
        self.django || self.fastapi || self.aiohttp
    }

    pub(crate) fn any(self) -> bool {
        self.flask || self.request_parameters() || self.socket
    }
}

/// How a function is reached from the outside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry {
    None,
    /// A Flask view; the rule when it is a literal (for converters).
    Flask(Option<String>),
    FastApi,
    Aiohttp,
    /// A Django/DRF view (URL kwargs are sources).
    DjangoView,
}

/// What a parameter holds when the function starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ParamInit {
    /// `self`/`cls` of a method.
    Receiver,
    /// Whatever the caller passes (only a symbolic label for summaries).
    Symbolic,
    /// Untrusted input, already sanitized for `blocked`; the text describes it.
    Source {
        description: String,
        blocked: SinkSet,
    },
    /// A framework request object.
    Request,
    /// A pydantic model instance (index into the module's models, `None` when not ours).
    Model(Option<usize>),
}

/// A field of a pydantic model, or a FastAPI parameter, by its annotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Annotated {
    /// Text the client chose, sanitized for these sinks (`HttpUrl`: all but URL/redirect).
    Text(SinkSet),
    /// Validated into something that cannot carry an attack (numbers, UUIDs, enums…).
    Clean,
    Model(Option<usize>),
    Request,
    Upload,
}

/// A pydantic model class of this module.
#[derive(Debug)]
pub(crate) struct Model<'a> {
    pub name: &'a str,
    pub fields: Vec<(&'a str, Annotated)>,
}

impl Model<'_> {
    pub(crate) fn field(&self, name: &str) -> Option<Annotated> {
        self.fields
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, annotated)| *annotated)
    }

    pub(crate) fn has_text(&self) -> bool {
        self.fields
            .iter()
            .any(|(_, annotated)| matches!(annotated, Annotated::Text(_)))
    }
}

/// Everything annotation classification needs from the module.
pub(crate) struct TypeContext<'m, 'a> {
    pub names: &'m ResolvedNames,
    pub unit: u32,
    pub models: &'m HashMap<&'a str, usize>,
}

impl<'m> TypeContext<'m, '_> {
    fn resolve(&self, expr: &Expr) -> Option<&'m str> {
        self.names.get(self.unit, expr.range())
    }

    pub(crate) fn classify(&self, annotation: Option<&Expr>) -> Annotated {
        let Some(annotation) = annotation else {
            return Annotated::Text(SinkSet::NONE);
        };
        self.classify_expr(annotation, 0)
    }

    fn classify_expr(&self, expr: &Expr, depth: u32) -> Annotated {
        if depth > 16 {
            return Annotated::Text(SinkSet::NONE);
        }
        match expr {
            Expr::NoneLiteral(_) => Annotated::Clean,
            Expr::StringLiteral(literal) => self.classify_local(literal.value.to_str()),
            Expr::BinOp(binop) if binop.op == ast::Operator::BitOr => union(
                self.classify_expr(&binop.left, depth + 1),
                self.classify_expr(&binop.right, depth + 1),
            ),
            Expr::Subscript(subscript) => self.classify_subscript(subscript, depth),
            Expr::Call(call) => {
                let name = self.resolve(&call.func).unwrap_or("");
                match name {
                    "pydantic.constr" | "pydantic.types.constr" => {
                        if has_anchored_pattern(&call.arguments) {
                            Annotated::Clean
                        } else {
                            Annotated::Text(SinkSet::NONE)
                        }
                    }
                    _ => Annotated::Clean,
                }
            }
            Expr::Name(name) => match self.resolve(expr) {
                Some(resolved) => self.classify_name(resolved, Some(name.id.as_str())),
                None => self.classify_local(name.id.as_str()),
            },
            Expr::Attribute(_) => match self.resolve(expr) {
                Some(resolved) => self.classify_name(resolved, None),
                None => Annotated::Clean,
            },
            _ => Annotated::Text(SinkSet::NONE),
        }
    }

    /// A class by name: one of this module's models, or something validated (an enum, an
    /// imported model whose fields we cannot see).
    fn classify_local(&self, name: &str) -> Annotated {
        match self.models.get(name) {
            Some(index) => Annotated::Model(Some(*index)),
            None => Annotated::Clean,
        }
    }

    fn classify_name(&self, resolved: &str, local: Option<&str>) -> Annotated {
        match resolved {
            "str"
            | "bytes"
            | "bytearray"
            | "object"
            | "dict"
            | "list"
            | "typing.Any"
            | "typing.AnyStr"
            | "typing.Dict"
            | "typing.List"
            | "typing_extensions.Any"
            | "pydantic.Json"
            | "pydantic.SecretStr"
            | "pydantic.StrictStr"
            | "pydantic.types.StrictStr"
            | "pydantic.SecretBytes"
            | "pydantic.StrictBytes" => Annotated::Text(SinkSet::NONE),
            "pydantic.HttpUrl"
            | "pydantic.AnyUrl"
            | "pydantic.AnyHttpUrl"
            | "pydantic.networks.HttpUrl"
            | "pydantic.networks.AnyUrl"
            | "pydantic.networks.AnyHttpUrl" => Annotated::Text(
                SinkSet::ALL
                    .without(SinkClass::Url)
                    .without(SinkClass::Redirect),
            ),
            "fastapi.Request"
            | "fastapi.requests.Request"
            | "starlette.requests.Request"
            | "fastapi.WebSocket"
            | "fastapi.websockets.WebSocket"
            | "starlette.websockets.WebSocket" => Annotated::Request,
            "fastapi.UploadFile"
            | "fastapi.datastructures.UploadFile"
            | "starlette.datastructures.UploadFile" => Annotated::Upload,
            // A class of this module (the resolved name is `<module>.<class>`); anything
            // else (numbers, dates, UUIDs, classes we cannot see) is validated by its type.
            _ => match local {
                Some(local) if resolved.ends_with(local) && resolved != local => {
                    self.classify_local(local)
                }
                _ => Annotated::Clean,
            },
        }
    }

    fn classify_subscript(&self, subscript: &ast::ExprSubscript, depth: u32) -> Annotated {
        let outer = self.resolve(&subscript.value).unwrap_or("");
        let elements: Vec<&Expr> = match &*subscript.slice {
            Expr::Tuple(tuple) => tuple.elts.iter().collect(),
            other => vec![other],
        };
        match outer {
            "typing.Optional"
            | "list"
            | "set"
            | "frozenset"
            | "tuple"
            | "typing.List"
            | "typing.Set"
            | "typing.FrozenSet"
            | "typing.Tuple"
            | "typing.Sequence"
            | "typing.Iterable"
            | "collections.abc.Sequence"
            | "collections.abc.Iterable"
            | "typing.Union" => elements
                .iter()
                .filter(|element| !matches!(element, Expr::EllipsisLiteral(_)))
                .map(|element| self.classify_expr(element, depth + 1))
                .reduce(union)
                .unwrap_or(Annotated::Clean),
            "typing.Annotated" | "typing_extensions.Annotated" => {
                let metadata = elements.get(1..).unwrap_or_default();
                let validated = metadata.iter().any(|meta| match meta {
                    Expr::Call(call) => {
                        let name = self.resolve(&call.func).unwrap_or("");
                        matches!(
                            name,
                            "fastapi.Depends"
                                | "fastapi.Security"
                                | "fastapi.params.Depends"
                                | "fastapi.params.Security"
                        ) || has_anchored_pattern(&call.arguments)
                    }
                    _ => false,
                });
                if validated {
                    Annotated::Clean
                } else {
                    elements.first().map_or(Annotated::Clean, |inner| {
                        self.classify_expr(inner, depth + 1)
                    })
                }
            }
            "dict" | "typing.Dict" | "typing.Mapping" | "collections.abc.Mapping" => {
                Annotated::Text(SinkSet::NONE)
            }
            _ => Annotated::Clean,
        }
    }
}

/// The join of two branches of a union type: text wins, then models.
fn union(a: Annotated, b: Annotated) -> Annotated {
    match (a, b) {
        (Annotated::Text(x), Annotated::Text(y)) => Annotated::Text(x.intersection(y)),
        (Annotated::Text(x), _) | (_, Annotated::Text(x)) => Annotated::Text(x),
        (Annotated::Clean, other) | (other, _) => other,
    }
}

/// `pattern="^…$"` / `regex="^…$"`: a fully anchored pattern validates the whole string.
fn has_anchored_pattern(arguments: &ast::Arguments) -> bool {
    ["pattern", "regex"].iter().any(|keyword| {
        arguments.find_keyword(keyword).is_some_and(|keyword| {
            matches!(&keyword.value, Expr::StringLiteral(literal) if {
                let pattern = literal.value.to_str();
                pattern.starts_with('^') && (pattern.ends_with('$') || pattern.ends_with("\\Z"))
            })
        })
    })
}

/// The models (pydantic `BaseModel`/`RootModel`, SQLModel, django-ninja `Schema` subclasses)
/// of a module's top level, in source order (a base must be defined first).
pub(crate) fn collect_models<'a>(
    classes: &[&'a StmtClassDef],
    resolve: &dyn Fn(&StmtClassDef, &Expr) -> Option<String>,
) -> Vec<&'a StmtClassDef> {
    let mut models: Vec<&'a StmtClassDef> = Vec::new();
    let mut model_names: HashSet<&str> = HashSet::new();
    for class in classes {
        let is_model = class.bases().iter().any(|base| {
            matches!(
                resolve(class, base).as_deref(),
                Some(
                    "pydantic.BaseModel"
                        | "pydantic.main.BaseModel"
                        | "pydantic.RootModel"
                        | "sqlmodel.SQLModel"
                        | "ninja.Schema"
                        | "pydantic.v1.BaseModel"
                )
            ) || matches!(base, Expr::Name(name) if model_names.contains(name.id.as_str()))
        });
        if is_model {
            model_names.insert(class.name.as_str());
            models.push(class);
        }
    }
    models
}

/// The fields of a model class: annotated names in its body (and its local bases' fields,
/// which the caller merges).
pub(crate) fn model_fields<'a>(
    class: &'a StmtClassDef,
    types: &TypeContext<'_, 'a>,
) -> Vec<(&'a str, Annotated)> {
    let mut fields = Vec::new();
    for stmt in &class.body {
        if let Stmt::AnnAssign(assign) = stmt
            && let Expr::Name(name) = &*assign.target
        {
            let mut annotated = types.classify(Some(&assign.annotation));
            // `name: str = Field(pattern="^…$")` is validated too.
            if let Some(Expr::Call(call)) = assign.value.as_deref()
                && has_anchored_pattern(&call.arguments)
            {
                annotated = Annotated::Clean;
            }
            fields.push((name.id.as_str(), annotated));
        }
    }
    fields
}

/// The parameters of a function in call order: positional-only, positional, `*args`,
/// keyword-only, `**kwargs`.
pub(crate) fn parameter_list(parameters: &Parameters) -> Vec<&ast::Parameter> {
    let mut list: Vec<&ast::Parameter> = Vec::new();
    list.extend(parameters.posonlyargs.iter().map(|p| &p.parameter));
    list.extend(parameters.args.iter().map(|p| &p.parameter));
    if let Some(vararg) = &parameters.vararg {
        list.push(vararg);
    }
    list.extend(parameters.kwonlyargs.iter().map(|p| &p.parameter));
    if let Some(kwarg) = &parameters.kwarg {
        list.push(kwarg);
    }
    list
}

/// The default value of a parameter, if any.
fn parameter_default<'a>(parameters: &'a Parameters, name: &str) -> Option<&'a Expr> {
    parameters
        .posonlyargs
        .iter()
        .chain(&parameters.args)
        .chain(&parameters.kwonlyargs)
        .find(|p| p.parameter.name.as_str() == name)
        .and_then(|p| p.default.as_deref())
}

/// The entry kind of a function from its decorators.
pub(crate) fn decorator_entry(
    function: &StmtFunctionDef,
    frameworks: Frameworks,
    objects: &HashMap<&str, ObjectKind>,
    resolve: &dyn Fn(&Expr) -> Option<String>,
) -> Entry {
    for decorator in &function.decorator_list {
        let expr = &decorator.expression;
        let (func, call) = match expr {
            Expr::Call(call) => (&*call.func, Some(call)),
            other => (other, None),
        };
        if let Expr::Attribute(attribute) = func {
            let receiver = match &*attribute.value {
                Expr::Name(name) => objects.get(name.id.as_str()).copied(),
                _ => None,
            };
            let method = attribute.attr.as_str();
            let rule = call.and_then(|call| {
                call.arguments
                    .args
                    .first()
                    .or_else(|| call.arguments.find_keyword("rule").map(|k| &k.value))
                    .and_then(|rule| match rule {
                        Expr::StringLiteral(literal) => Some(literal.value.to_str().to_string()),
                        _ => None,
                    })
            });
            let verb = matches!(method, "get" | "post" | "put" | "patch" | "delete");
            let entry = match receiver {
                Some(ObjectKind::FlaskApp) if verb || method == "route" => Entry::Flask(rule),
                Some(ObjectKind::FastApiApp)
                    if verb
                        || matches!(
                            method,
                            "head" | "options" | "trace" | "api_route" | "websocket" | "route"
                        ) =>
                {
                    Entry::FastApi
                }
                Some(ObjectKind::AiohttpRoutes)
                    if verb || matches!(method, "route" | "view" | "head") =>
                {
                    Entry::Aiohttp
                }
                None if call.is_none() => Entry::None,
                None if method == "route" && frameworks.flask => Entry::Flask(rule),
                None if verb && frameworks.fastapi => Entry::FastApi,
                None if verb && frameworks.flask => Entry::Flask(rule),
                None if verb && frameworks.aiohttp => Entry::Aiohttp,
                None if frameworks.fastapi
                    && matches!(method, "api_route" | "websocket" | "head" | "options") =>
                {
                    Entry::FastApi
                }
                None if frameworks.django && method == "action" => Entry::DjangoView,
                _ => Entry::None,
            };
            if entry != Entry::None {
                return entry;
            }
        }
        if frameworks.django {
            let name = resolve(func).unwrap_or_default();
            let last = name.rsplit('.').next().unwrap_or(&name);
            if matches!(
                last,
                "api_view"
                    | "require_http_methods"
                    | "require_GET"
                    | "require_POST"
                    | "require_safe"
                    | "login_required"
                    | "permission_required"
                    | "staff_member_required"
                    | "csrf_exempt"
                    | "never_cache"
                    | "cache_page"
                    | "action"
            ) {
                return Entry::DjangoView;
            }
        }
    }
    Entry::None
}

/// Whether a display path is a Django views module (`views.py`, `views/…`).
pub(crate) fn is_views_module(display_path: &str) -> bool {
    let mut parts = display_path.rsplit('/');
    let file = parts.next().unwrap_or("");
    file == "views.py" || parts.any(|part| part == "views")
}

/// HTTP-verb and DRF action method names of class-based views.
pub(crate) fn is_view_method(name: &str) -> bool {
    matches!(
        name,
        "get"
            | "post"
            | "put"
            | "patch"
            | "delete"
            | "head"
            | "options"
            | "dispatch"
            | "list"
            | "create"
            | "retrieve"
            | "update"
            | "partial_update"
            | "destroy"
    )
}

/// The `<converter:name>` placeholders of a Flask rule: `true` when the converter validates
/// the value into something safe (`int`, `float`, `uuid`).
fn flask_placeholders(rule: &str) -> Vec<(&str, bool)> {
    let mut placeholders = Vec::new();
    let mut rest = rule;
    while let Some(start) = rest.find('<') {
        let after = rest.get(start + 1..).unwrap_or("");
        let Some(end) = after.find('>') else { break };
        let inner = after.get(..end).unwrap_or("");
        let (converter, name) = match inner.split_once(':') {
            Some((converter, name)) => {
                let converter = converter.split('(').next().unwrap_or(converter);
                (converter.trim(), name.trim())
            }
            None => ("string", inner.trim()),
        };
        placeholders.push((name, matches!(converter, "int" | "float" | "uuid")));
        rest = after.get(end + 1..).unwrap_or("");
    }
    placeholders
}

/// Parameter initial values of one function.
pub(crate) fn parameter_inits(
    function: &StmtFunctionDef,
    is_method: bool,
    entry: &Entry,
    frameworks: Frameworks,
    display_path: &str,
    types: &TypeContext<'_, '_>,
) -> Vec<ParamInit> {
    let parameters = parameter_list(&function.parameters);
    let is_static = function.decorator_list.iter().any(|decorator| {
        matches!(&decorator.expression, Expr::Name(name) if name.id.as_str() == "staticmethod")
    });
    let receiver_count = usize::from(is_method && !is_static && !parameters.is_empty());
    let mut inits = Vec::with_capacity(parameters.len());
    let flask_rule = match entry {
        Entry::Flask(Some(rule)) => Some(flask_placeholders(rule)),
        _ => None,
    };
    for (index, parameter) in parameters.iter().enumerate() {
        let name = parameter.name.as_str();
        if index < receiver_count {
            inits.push(ParamInit::Receiver);
            continue;
        }
        let first = index == receiver_count;
        let annotation = parameter.annotation.as_deref();
        let request_annotation = annotation.map(|annotation| types.classify(Some(annotation)));
        let init = match entry {
            Entry::Flask(_) => match &flask_rule {
                Some(placeholders) => match placeholders.iter().find(|(p, _)| *p == name) {
                    Some((_, false)) => source(format!("route parameter `{name}` (Flask)")),
                    _ => ParamInit::Symbolic,
                },
                None => source(format!("route parameter `{name}` (Flask)")),
            },
            Entry::FastApi => {
                let depends = parameter_default(&function.parameters, name).is_some_and(|d| {
                    matches!(d, Expr::Call(call) if matches!(
                        types.resolve(&call.func),
                        Some("fastapi.Depends" | "fastapi.Security" | "fastapi.params.Depends"
                            | "fastapi.params.Security")
                    ))
                });
                let pattern = parameter_default(&function.parameters, name).is_some_and(
                    |d| matches!(d, Expr::Call(call) if has_anchored_pattern(&call.arguments)),
                );
                if depends || pattern {
                    ParamInit::Symbolic
                } else {
                    match types.classify(annotation) {
                        Annotated::Text(blocked) => ParamInit::Source {
                            description: format!("request parameter `{name}` (FastAPI)"),
                            blocked,
                        },
                        Annotated::Upload => source(format!("uploaded file `{name}` (FastAPI)")),
                        Annotated::Request => ParamInit::Request,
                        Annotated::Model(model) => ParamInit::Model(model),
                        Annotated::Clean => ParamInit::Symbolic,
                    }
                }
            }
            Entry::Aiohttp if first => ParamInit::Request,
            _ if frameworks.request_parameters()
                && first
                && (name == "request"
                    || matches!(request_annotation, Some(Annotated::Request))
                    || annotation.is_some_and(|a| is_request_type(types, a))) =>
            {
                ParamInit::Request
            }
            Entry::DjangoView if !first => django_kwarg(name, parameter),
            Entry::None
                if frameworks.django
                    && !first
                    && has_request_first(&parameters, receiver_count)
                    && ((is_method && is_view_method(function.name.as_str()))
                        || (!is_method && is_views_module(display_path))) =>
            {
                django_kwarg(name, parameter)
            }
            _ => ParamInit::Symbolic,
        };
        inits.push(init);
    }
    inits
}

fn source(description: String) -> ParamInit {
    ParamInit::Source {
        description,
        blocked: SinkSet::NONE,
    }
}

fn django_kwarg(name: &str, parameter: &ast::Parameter) -> ParamInit {
    // `pk: int` in a view signature says what the URL converter produced.
    if let Some(Expr::Name(annotation)) = parameter.annotation.as_deref()
        && matches!(annotation.id.as_str(), "int" | "float" | "UUID" | "bool")
    {
        return ParamInit::Symbolic;
    }
    source(format!("URL parameter `{name}` (Django view)"))
}

fn has_request_first(parameters: &[&ast::Parameter], receiver_count: usize) -> bool {
    parameters
        .get(receiver_count)
        .is_some_and(|p| p.name.as_str() == "request")
}

fn is_request_type(types: &TypeContext<'_, '_>, annotation: &Expr) -> bool {
    matches!(
        types.resolve(annotation),
        Some(
            "django.http.HttpRequest"
                | "django.http.request.HttpRequest"
                | "rest_framework.request.Request"
                | "aiohttp.web.Request"
                | "aiohttp.web.BaseRequest"
                | "aiohttp.web_request.Request"
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flask_converters() {
        assert_eq!(
            flask_placeholders("/users/<int:user_id>/files/<path:name>/<slug>"),
            vec![("user_id", true), ("name", false), ("slug", false)]
        );
        assert_eq!(flask_placeholders("/<uuid:id>"), vec![("id", true)]);
        assert_eq!(flask_placeholders("/broken/<name"), vec![]);
    }

    #[test]
    fn views_modules() {
        assert!(is_views_module("shop/views.py"));
        assert!(is_views_module("shop/views/orders.py"));
        assert!(!is_views_module("shop/models.py"));
    }
}

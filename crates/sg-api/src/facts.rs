//! What per-file extraction leaves for the project-level join: owned, `Send` facts.
//!
//! One [`ModuleFacts`] per Python file. The inventory is built from all of them at once
//! (blueprints, routers and views are usually defined in one module and registered in
//! another), so a fact never borrows from the parsed file: symbols are dotted strings,
//! expressions are [`Value`]s, positions are lines and columns with the source line copied.

use sg_diagnostics::{Finding, Span};

use crate::value::{CallValue, Value};

/// Everything the inventory and the rules need from one Python file.
#[derive(Debug, Clone, Default)]
pub struct ModuleFacts {
    /// The path findings carry (relative to the scan root, `/` separators).
    pub path: String,
    /// Dotted module name (`shop.views`; a package's `__init__.py` is the package itself).
    pub module: String,
    /// Top-level modules the file imports (`flask`, `fastapi`, `django`, `rest_framework`…),
    /// sorted and deduplicated.
    pub imported_roots: Vec<String>,
    /// `from a.b import c as d` at module level: `(module.d, a.b.c)`. Relative imports are
    /// made absolute. Lets the join follow re-exports (`from .views import bp` in a
    /// package's `__init__.py`).
    pub imports: Vec<(String, String)>,
    /// Modules imported with `from x import *` (settings split over several files).
    pub star_imports: Vec<String>,
    pub assignments: Vec<Assignment>,
    /// Calls made as statements (`app.register_blueprint(bp)`, `router.register(...)`).
    pub calls: Vec<CallSite>,
    pub functions: Vec<Function>,
    pub classes: Vec<Class>,
    /// Findings of per-file rules, completed by the join (endpoint, library version).
    pub findings: Vec<LocalFinding>,
    /// Set when the file could not be analysed (nesting deeper than the parser walk allows).
    pub skipped: bool,
}

impl ModuleFacts {
    /// Every call the file makes at statement level or as an assigned value, in file order
    /// within each kind: what the project-wide passes look through for registrations.
    pub fn all_calls(&self) -> impl Iterator<Item = &CallValue> {
        self.calls.iter().map(|site| &site.call).chain(
            self.assignments
                .iter()
                .filter_map(|assignment| assignment.value.as_call()),
        )
    }
}

/// Where something is: line, column and the source line(s), for findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub span: Span,
    pub snippet: String,
    /// The notebook cell (1-based), `None` for plain files.
    pub cell: Option<u32>,
}

/// Which scope a fact was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Module,
    /// Inside the function with this symbol (`shop.create_app`).
    Function(String),
    /// In the body of the class with this symbol.
    Class(String),
}

/// `target = value` (or `target += value` when `augmented`).
#[derive(Debug, Clone)]
pub struct Assignment {
    /// The symbol assigned (`shop.urls.urlpatterns`, `shop.create_app.<locals>.app`,
    /// `shop.app.state.limiter` for an attribute target).
    pub target: String,
    /// The name as written (`urlpatterns`, `app.state.limiter`).
    pub name: String,
    pub value: Value,
    pub augmented: bool,
    pub scope: Scope,
    pub location: Location,
    /// The `for` loops the assignment is in, outermost first (`for decorator in decorators:
    /// view = decorator(view)`).
    pub loops: Vec<Loop>,
}

/// A call made as a statement.
#[derive(Debug, Clone)]
pub struct CallSite {
    pub call: CallValue,
    pub scope: Scope,
    pub location: Location,
    /// The `for` loops the call is in, outermost first (`for path, view in routes:
    /// bp.add_url_rule(path, view_func=view)`): the join registers one route per element.
    pub loops: Vec<Loop>,
}

/// `for <target> in <iter>:` around a call.
#[derive(Debug, Clone, PartialEq)]
pub struct Loop {
    /// The loop variable(s): a [`Value::Ref`], or a [`Value::List`] of them for
    /// `for path, view in ...`.
    pub target: Value,
    pub iter: Value,
}

/// A decorator: its expression and where it is.
#[derive(Debug, Clone)]
pub struct Decorator {
    pub value: Value,
    pub location: Location,
}

/// One parameter of a function.
#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub annotation: Value,
    pub default: Value,
}

/// A function or method definition.
#[derive(Debug, Clone)]
pub struct Function {
    /// The symbol (`shop.views.index`, `shop.views.UserView.get`,
    /// `shop.create_app.<locals>.index`).
    pub id: String,
    /// Python's `__qualname__` (`UserView.get`, `create_app.<locals>.index`).
    pub qualname: String,
    pub name: String,
    /// The class symbol when this is a method.
    pub class: Option<String>,
    pub is_async: bool,
    /// Outermost first, as written.
    pub decorators: Vec<Decorator>,
    pub parameters: Vec<Parameter>,
    /// The `def` line.
    pub location: Location,
    pub body: BodySummary,
    /// Values of `return` statements (factories return their app).
    pub returns: Vec<Value>,
}

/// What a function body does that matters for the rules.
#[derive(Debug, Clone, Default)]
pub struct BodySummary {
    /// An early `abort(401)`, `raise PermissionDenied`, `return redirect(login)`… guarded
    /// by an authentication check, at the top of the body (or of a nested wrapper: that is
    /// how a project-local auth decorator looks).
    pub guard: Option<String>,
    /// Symbols of the calls made by the first statements of the body
    /// (`flask_jwt_extended.verify_jwt_in_request`, `aiohttp_security.check_authorized`):
    /// the join decides which are authentication checks (built-in and configured names).
    pub top_calls: Vec<String>,
    /// The first call that writes to a database or a file (`db.session.commit()`).
    pub write: Option<String>,
    /// Calls that make this an authentication endpoint (`check_password`, `authenticate`,
    /// `jwt.encode`, `create_access_token`).
    pub credential_calls: Vec<String>,
    /// Compares `request.method` with an unsafe method (`"POST"`…): a Django view that
    /// accepts any method but changes state on POST.
    pub handles_unsafe_method: bool,
    /// Raises or returns a 401/403 anywhere (used for FastAPI dependencies).
    pub rejects_unauthenticated: bool,
    /// For a `before_request`-style hook: the auth check depends on which endpoint is
    /// requested (`request.endpoint`, `request.view_args`, `request.path`, the
    /// `url_value_preprocessor` arguments), so it covers only some endpoints.
    pub condition: Option<HookCondition>,
}

/// Which endpoints a conditional authentication hook covers (see `extract::hook`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HookCondition {
    /// How it rejects (`redirect`, `abort(401)`).
    pub rejection: String,
    /// Endpoint names (strings, or references to a list constant) the check is limited to.
    pub only_endpoints: Vec<Value>,
    /// Endpoint names the hook lets through (early `return`, allow conditions).
    pub exempt_endpoints: Vec<Value>,
    /// URL variables the check needs (`values.pop("project_id")`): only routes with them.
    pub view_args: Vec<String>,
    /// Path prefixes the check is limited to (`request.path.startswith("/api")`).
    pub only_prefixes: Vec<String>,
    /// Path prefixes the hook lets through.
    pub exempt_prefixes: Vec<String>,
}

/// A class definition.
#[derive(Debug, Clone)]
pub struct Class {
    pub id: String,
    pub qualname: String,
    pub name: String,
    pub bases: Vec<Value>,
    pub decorators: Vec<Decorator>,
    /// Class-level assignments (`permission_classes = [IsAuthenticated]`, `methods = [...]`,
    /// `decorators = [login_required]`), in order.
    pub attributes: Vec<(String, Value)>,
    /// Names of the methods defined in the body.
    pub methods: Vec<String>,
    pub location: Location,
}

impl Class {
    /// The last value assigned to class attribute `name`.
    pub fn attribute(&self, name: &str) -> Option<&Value> {
        self.attributes
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }
}

/// How a finding depends on the PyJWT major version (1.x and 2.x differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PyJwtSensitivity {
    /// `jwt.decode(token, verify=False)`: disables verification on 1.x, ignored on 2.x.
    VerifyKeyword,
    /// PyJWT `jwt.decode(token, key)` without `algorithms`: 1.x accepts every registered
    /// algorithm, 2.x raises `DecodeError`.
    MissingAlgorithms,
}

/// A finding of a per-file rule, before the join adds the endpoint it concerns.
#[derive(Debug, Clone)]
pub struct LocalFinding {
    pub finding: Finding,
    /// The function this finding is about: the one it is in, or for an inline wrapper in
    /// `urls.py` (`csrf_exempt(views.hook)`) the wrapped view.
    pub subject: Option<String>,
    /// Set for PyJWT findings whose meaning depends on the library version.
    pub pyjwt: Option<PyJwtSensitivity>,
    /// Keep only when the subject turns out to be an endpoint or error handler (the pattern
    /// is harmless elsewhere: `return str(error)` in a helper).
    pub only_in_handlers: bool,
    /// A module constant whose value decides the finding (JWT key from a constant defined in
    /// another module): `(symbol, message prefix)`; resolved by the join.
    pub constant: Option<String>,
}

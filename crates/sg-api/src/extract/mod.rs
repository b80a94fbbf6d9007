//! Per-file fact extraction: one pass over a parsed file, on the parse the other rules use.
//!
//! [`extract`] walks the module (every notebook cell in order), turning what the inventory
//! needs into owned facts ([`ModuleFacts`]): assignments (`bp = Blueprint(...)`,
//! `urlpatterns = [...]`), statement calls (`app.register_blueprint(bp)`), functions with
//! their decorators, parameters and a body summary, classes with their bases and class
//! attributes, and re-exporting imports. The per-file rules (JWT misuse, framework settings,
//! request data in dangerous places) run during the same pass, on the AST, and leave
//! [`LocalFinding`]s that the join completes with the endpoint they concern.

pub(crate) mod ast_util;
mod body;
mod convert;
mod env_file;
mod hook;
pub(crate) mod names;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use sg_diagnostics::{Finding, Rule};
use sg_python::ast::{self, Expr, Stmt};
use sg_python::{
    Analyzer, FileInfo, Locator, PythonSource, Ranged, SemanticIndex, SourceKind, TextRange,
    module_path,
};

pub use env_file::{extract_env_file, is_env_file};

use convert::Converter;
use names::{FunctionScope, Names, function_locals, normalize};

use crate::facts::{
    Assignment, CallSite, Class, Decorator, Function, LocalFinding, Location, Loop, ModuleFacts,
    Parameter, Scope,
};
use crate::value::Value;

/// Extracts the facts of one parsed Python file. `index` is what the walk over the same parse
/// returned (`sg_rules::check_source` gives it back). A file whose walk stopped at the depth
/// guard yields empty facts with `skipped` set: the walk already reported it (`SG003`).
pub fn extract(
    source: &PythonSource<'_>,
    file: FileInfo<'_>,
    index: &SemanticIndex,
) -> ModuleFacts {
    let module = module_name(file);
    let mut facts = ModuleFacts {
        path: file.display_path.to_string(),
        module: module.clone(),
        ..ModuleFacts::default()
    };
    if index.depth_limit.is_some() {
        facts.skipped = true;
        return facts;
    }
    let mut roots: BTreeSet<String> = BTreeSet::new();
    for name in index.imports.names() {
        let root = name.split('.').next().unwrap_or(name);
        if !root.is_empty() {
            roots.insert(root.to_string());
        }
    }
    facts.imported_roots = roots.into_iter().collect();
    let findings = RefCell::new(Vec::new());
    for (position, unit) in source.units.iter().enumerate() {
        let mut extractor = Extractor {
            names: Names::new(index, module.clone()),
            locator: unit.locator(),
            cell: unit.cell(),
            file,
            facts: &mut facts,
            findings: &findings,
            class_stack: Vec::new(),
            module_values: module_values(unit.suite()),
            function_values: Vec::new(),
            returns: Vec::new(),
            function_bodies: Vec::new(),
            loops: Vec::new(),
        };
        extractor.names.unit = u32::try_from(position).unwrap_or(u32::MAX);
        extractor.body(unit.suite());
    }
    facts.findings = findings.into_inner();
    facts
}

/// Parses and walks `text` itself, then extracts: for tools that do not run the other
/// source rules on the same parse (the `api-inventory` example, tests). `path` (on disk) picks
/// the parser by extension and the package for relative imports; `display_path` is what
/// findings carry.
pub fn extract_file(path: &Path, display_path: &str, text: &str) -> ModuleFacts {
    struct NoRules;
    impl Analyzer<'_> for NoRules {}
    let kind = SourceKind::from_path(path).unwrap_or(SourceKind::Python);
    let Ok(source) = PythonSource::parse(kind, text) else {
        return ModuleFacts {
            path: display_path.to_string(),
            skipped: true,
            ..ModuleFacts::default()
        };
    };
    let dotted = module_path(path);
    let file = FileInfo {
        path,
        display_path,
        module_path: dotted.as_deref(),
    };
    let index = sg_python::walk(&source, file, &mut NoRules);
    extract(&source, file, &index)
}

/// The dotted module name of the file, `__init__` dropped (`shop/__init__.py` → `shop`); the
/// file stem when the module path is unknown.
fn module_name(file: FileInfo<'_>) -> String {
    match file.module_path {
        Some(segments) if !segments.is_empty() => normalize(&segments.join(".")),
        _ => file
            .path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or("module")
            .to_string(),
    }
}

/// Module-level `NAME = expr` (last one wins), for rules that look a value up by name.
fn module_values(suite: &[Stmt]) -> HashMap<&str, &Expr> {
    let mut values = HashMap::new();
    collect_values(suite, &mut values);
    values
}

fn collect_values<'a>(body: &'a [Stmt], values: &mut HashMap<&'a str, &'a Expr>) {
    ast_util::for_each_stmt(body, &mut |stmt| match stmt {
        Stmt::Assign(assign) => {
            if let [Expr::Name(name)] = assign.targets.as_slice() {
                values.insert(name.id.as_str(), &assign.value);
            }
        }
        Stmt::AnnAssign(assign) => {
            if let (Expr::Name(name), Some(value)) = (&*assign.target, &assign.value) {
                values.insert(name.id.as_str(), value);
            }
        }
        _ => {}
    });
}

/// What a per-file rule sees: names, positions, values bound to names, where to report.
pub(crate) struct Context<'x, 'a> {
    pub names: &'x Names<'a>,
    pub locator: Locator<'a>,
    pub path: &'x str,
    pub module: &'x str,
    cell: Option<u32>,
    module_values: &'x HashMap<&'a str, &'a Expr>,
    function_values: Option<&'x HashMap<&'a str, &'a Expr>>,
    function_body: Option<&'a [Stmt]>,
    findings: &'x RefCell<Vec<LocalFinding>>,
    /// The file stem (`settings`, `production`), for settings-module heuristics.
    pub stem: &'x str,
    /// The class whose body is being walked, if any (`class TestingConfig:`).
    pub class_name: Option<&'x str>,
    /// Its symbol.
    pub class_id: Option<&'x str>,
}

impl<'a> Context<'_, 'a> {
    /// A finding at `range` with its snippet (and cell).
    pub fn finding(
        &self,
        rule: &'static Rule,
        range: TextRange,
        message: impl Into<String>,
    ) -> Finding {
        let mut finding = Finding::new(rule, self.path, self.locator.span(range), message)
            .with_snippet(self.locator.snippet(range));
        if let Some(cell) = self.cell {
            finding = finding.with_extra("cell", cell);
        }
        finding
    }

    /// Reports a finding about the function being walked.
    pub fn report(&self, finding: Finding) {
        self.push(LocalFinding {
            finding,
            subject: self.names.current_function().map(ToString::to_string),
            pyjwt: None,
            only_in_handlers: false,
            constant: None,
        });
    }

    pub fn push(&self, local: LocalFinding) {
        self.findings.borrow_mut().push(local);
    }

    /// The function being walked.
    pub fn subject(&self) -> Option<String> {
        self.names.current_function().map(ToString::to_string)
    }

    /// The expression last assigned to `name` in the current function, else at module level.
    pub fn value_of(&self, name: &str) -> Option<&'a Expr> {
        if let Some(values) = self.function_values
            && let Some(value) = values.get(name)
        {
            return Some(value);
        }
        if self.names.current_function().is_some()
            && self
                .names
                .scopes
                .last()
                .is_some_and(|scope| scope.locals.contains(name))
        {
            // A local bound some other way (parameter, loop): not the module's value.
            return None;
        }
        self.module_values.get(name).copied()
    }

    /// `value_of` for a `Name` expression, else the expression itself.
    pub fn resolve_local<'e>(&self, expr: &'e Expr) -> &'e Expr
    where
        'a: 'e,
    {
        match expr {
            Expr::Name(name) => self.value_of(name.id.as_str()).unwrap_or(expr),
            _ => expr,
        }
    }

    /// The body of the function being walked.
    pub fn function_body(&self) -> Option<&'a [Stmt]> {
        self.function_body
    }

    /// Whether the file imports `module` (or something inside it).
    pub fn imports(&self, module: &str) -> bool {
        self.names.imports().imports(module)
    }

    /// The symbol a `def`/`class` named `name` at this point defines.
    pub fn definition_symbol(&self, name: &str) -> String {
        if let Some(class) = self.class_id {
            return format!("{class}.{name}");
        }
        self.names.binding_symbol(name)
    }

    /// Whether the module assigns `name` at module level.
    pub fn module_has(&self, name: &str) -> bool {
        self.module_values.contains_key(name)
    }

    /// What the walk resolved `expr` to (third-party names: `jwt.decode`).
    pub fn qualified(&self, expr: &Expr) -> Option<String> {
        self.names.qualified(expr)
    }

    /// Whether the current scope is the module itself.
    pub fn at_module_level(&self) -> bool {
        self.names.current_function().is_none() && self.class_name.is_none()
    }
}

struct Extractor<'x, 'a> {
    names: Names<'a>,
    locator: Locator<'a>,
    cell: Option<u32>,
    file: FileInfo<'a>,
    facts: &'x mut ModuleFacts,
    findings: &'x RefCell<Vec<LocalFinding>>,
    /// `(id, qualname, name)` of the classes whose bodies are being walked.
    class_stack: Vec<(String, String, String)>,
    module_values: HashMap<&'a str, &'a Expr>,
    /// Per function being walked: its `NAME = expr` bindings.
    function_values: Vec<HashMap<&'a str, &'a Expr>>,
    /// Per function being walked: the values it returns.
    returns: Vec<Vec<Value>>,
    /// Per function being walked: its body.
    function_bodies: Vec<&'a [Stmt]>,
    /// The `for` loops around the statement being walked (in the current function).
    loops: Vec<Loop>,
}

impl<'a> Extractor<'_, 'a> {
    fn context(&self) -> Context<'_, 'a> {
        Context {
            names: &self.names,
            locator: self.locator,
            path: &self.facts.path,
            module: &self.facts.module,
            cell: self.cell,
            module_values: &self.module_values,
            function_values: self.function_values.last(),
            function_body: self.function_bodies.last().copied(),
            findings: self.findings,
            stem: self
                .file
                .path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .unwrap_or(""),
            class_name: self.class_stack.last().map(|(_, _, name)| name.as_str()),
            class_id: self.class_stack.last().map(|(id, _, _)| id.as_str()),
        }
    }

    fn location(&self, range: TextRange) -> Location {
        Location {
            span: self.locator.span(range),
            snippet: self.locator.snippet(range).to_string(),
            cell: self.cell,
        }
    }

    fn scope(&self) -> Scope {
        if let Some((id, _, _)) = self.class_stack.last()
            && self.in_class_body()
        {
            return Scope::Class(id.clone());
        }
        match self.names.current_function() {
            Some(id) => Scope::Function(id.to_string()),
            None => Scope::Module,
        }
    }

    /// Whether the innermost scope is a class body (method bodies clear the class stack).
    fn in_class_body(&self) -> bool {
        !self.class_stack.is_empty()
    }

    fn value(&self, expr: &Expr) -> Value {
        Converter::new(&self.names, self.locator).value(expr)
    }

    fn body(&mut self, body: &'a [Stmt]) {
        for stmt in body {
            self.statement(stmt);
        }
    }

    fn statement(&mut self, stmt: &'a Stmt) {
        crate::rules::local_statement(&self.context(), stmt);
        match stmt {
            Stmt::FunctionDef(function) => self.function(function),
            Stmt::ClassDef(class) => self.class(class),
            Stmt::Assign(assign) => {
                self.expressions_of(stmt);
                for target in &assign.targets {
                    self.assignment(target, &assign.value, false, stmt.range());
                }
            }
            Stmt::AugAssign(assign) => {
                self.expressions_of(stmt);
                if assign.op == ast::Operator::Add {
                    self.assignment(&assign.target, &assign.value, true, stmt.range());
                }
            }
            Stmt::AnnAssign(assign) => {
                self.expressions_of(stmt);
                if let Some(value) = &assign.value {
                    self.assignment(&assign.target, value, false, stmt.range());
                }
            }
            Stmt::Expr(expr) => {
                self.expressions_of(stmt);
                let inner = match &*expr.value {
                    Expr::Await(await_expr) => &*await_expr.value,
                    other => other,
                };
                if let Expr::Call(call) = inner {
                    let call = Converter::new(&self.names, self.locator).call(call);
                    let site = CallSite {
                        call,
                        scope: self.scope(),
                        location: self.location(stmt.range()),
                        loops: self.loops.clone(),
                    };
                    self.facts.calls.push(site);
                }
            }
            Stmt::Return(ret) => {
                self.expressions_of(stmt);
                if let Some(value) = &ret.value {
                    let value = self.value(value);
                    if let Some(returns) = self.returns.last_mut() {
                        returns.push(value);
                    }
                }
            }
            Stmt::ImportFrom(import) => self.import_from(import),
            Stmt::If(node) => {
                self.header_expr(&node.test);
                self.body(&node.body);
                for clause in &node.elif_else_clauses {
                    if let Some(test) = &clause.test {
                        self.header_expr(test);
                    }
                    self.body(&clause.body);
                }
            }
            Stmt::For(node) => {
                self.header_expr(&node.iter);
                let target = self.value(&node.target);
                // `for decorator in decorators or []`: the list is the first operand.
                let iter = match &*node.iter {
                    Expr::BoolOp(boolean) if boolean.op == ast::BoolOp::Or => boolean
                        .values
                        .first()
                        .map_or(Value::Unknown, |first| self.value(first)),
                    other => self.value(other),
                };
                // Bounded: deeper loops are not registration loops.
                let tracked = self.loops.len() < 4;
                if tracked {
                    self.loops.push(Loop { target, iter });
                }
                self.body(&node.body);
                if tracked {
                    self.loops.pop();
                }
                self.body(&node.orelse);
            }
            Stmt::While(node) => {
                self.header_expr(&node.test);
                self.body(&node.body);
                self.body(&node.orelse);
            }
            Stmt::With(node) => {
                for item in &node.items {
                    self.header_expr(&item.context_expr);
                }
                self.body(&node.body);
            }
            Stmt::Try(node) => {
                self.body(&node.body);
                for handler in &node.handlers {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    self.body(&handler.body);
                }
                self.body(&node.orelse);
                self.body(&node.finalbody);
            }
            Stmt::Match(node) => {
                self.header_expr(&node.subject);
                for case in &node.cases {
                    self.body(&case.body);
                }
            }
            _ => self.expressions_of(stmt),
        }
    }

    /// Runs the per-call rules on every call inside a simple statement.
    fn expressions_of(&self, stmt: &'a Stmt) {
        let context = self.context();
        ast_util::for_each_expr_in_body(std::slice::from_ref(stmt), &mut |expr| {
            if let Expr::Call(call) = expr {
                crate::rules::local_call(&context, call);
            }
        });
    }

    fn header_expr(&self, expr: &'a Expr) {
        let context = self.context();
        ast_util::for_each_expr(expr, &mut |inner| {
            if let Expr::Call(call) = inner {
                crate::rules::local_call(&context, call);
            }
        });
    }

    fn assignment(&mut self, target: &'a Expr, value: &'a Expr, augmented: bool, range: TextRange) {
        let symbol = match target {
            Expr::Name(name) => {
                if self.in_class_body() {
                    return;
                }
                self.names.binding_symbol(name.id.as_str())
            }
            Expr::Attribute(_) => match self.names.symbol(target) {
                Some(symbol) => symbol,
                None => return,
            },
            _ => return,
        };
        let name = names::dotted(target).unwrap_or_default();
        let value = self.value(value);
        let assignment = Assignment {
            target: symbol,
            name,
            value,
            augmented,
            scope: self.scope(),
            location: self.location(range),
            loops: self.loops.clone(),
        };
        self.facts.assignments.push(assignment);
    }

    fn import_from(&mut self, import: &'a ast::StmtImportFrom) {
        if self.names.current_function().is_some() || !self.class_stack.is_empty() {
            return;
        }
        let module = import.module.as_ref().map(ast::Identifier::as_str);
        let Some(absolute) = self.absolute_module(import.level, module) else {
            return;
        };
        for alias in &import.names {
            let member = alias.name.as_str();
            if member == "*" {
                if !absolute.is_empty() {
                    self.facts.star_imports.push(absolute.clone());
                }
                continue;
            }
            let bound = alias.asname.as_ref().unwrap_or(&alias.name);
            let target = if absolute.is_empty() {
                member.to_string()
            } else {
                format!("{absolute}.{member}")
            };
            let local = format!("{}.{}", self.facts.module, bound.as_str());
            self.facts.imports.push((local, target));
        }
    }

    /// `from ..x import y` made absolute with the module path (`None` when unknown).
    fn absolute_module(&self, level: u32, module: Option<&str>) -> Option<String> {
        if level == 0 {
            return module.map(str::to_string);
        }
        let path = self.file.module_path?;
        let keep = path.len().checked_sub(level as usize)?;
        let mut segments: Vec<&str> = path.get(..keep)?.iter().map(String::as_str).collect();
        if let Some(module) = module {
            segments.extend(module.split('.'));
        }
        Some(normalize(&segments.join(".")))
    }

    fn decorators(&self, decorators: &[ast::Decorator]) -> Vec<Decorator> {
        decorators
            .iter()
            .map(|decorator| Decorator {
                value: self.value(&decorator.expression),
                location: self.location(decorator.range()),
            })
            .collect()
    }

    fn function(&mut self, function: &'a ast::StmtFunctionDef) {
        let name = function.name.to_string();
        let (id, qualname, class) = if self.in_class_body()
            && let Some((class_id, class_qualname, _)) = self.class_stack.last()
        {
            (
                format!("{class_id}.{name}"),
                format!("{class_qualname}.{name}"),
                Some(class_id.clone()),
            )
        } else if let Some(outer) = self.names.current_function() {
            let outer_qualname = outer
                .strip_prefix(&format!("{}.", self.facts.module))
                .unwrap_or(outer)
                .to_string();
            (
                format!("{outer}.<locals>.{name}"),
                format!("{outer_qualname}.<locals>.{name}"),
                None,
            )
        } else {
            (format!("{}.{name}", self.facts.module), name.clone(), None)
        };
        for decorator in &function.decorator_list {
            self.header_expr(&decorator.expression);
        }
        let decorators = self.decorators(&function.decorator_list);
        let mut parameters = Vec::new();
        for parameter in &*function.parameters {
            parameters.push(Parameter {
                name: parameter.name().to_string(),
                annotation: parameter
                    .annotation()
                    .map_or(Value::Unknown, |annotation| self.value(annotation)),
                default: parameter
                    .default()
                    .map_or(Value::Unknown, |default| self.value(default)),
            });
            if let Some(default) = parameter.default() {
                self.header_expr(default);
            }
        }
        let location = self.location(function.name.range());
        self.names.scopes.push(FunctionScope {
            id: id.clone(),
            locals: function_locals(function),
        });
        let mut values = HashMap::new();
        collect_values(&function.body, &mut values);
        self.function_values.push(values);
        self.function_bodies.push(&function.body);
        self.returns.push(Vec::new());
        let summary = body::summarize(function, &self.names);
        crate::rules::local_function(&self.context(), function);
        // Methods and nested functions are walked with the class stack cleared of the
        // enclosing class's body state: a def inside a method is not a method.
        let saved_classes = std::mem::take(&mut self.class_stack);
        let saved_loops = std::mem::take(&mut self.loops);
        self.body(&function.body);
        self.loops = saved_loops;
        self.class_stack = saved_classes;
        let returns = self.returns.pop().unwrap_or_default();
        self.function_values.pop();
        self.function_bodies.pop();
        self.names.scopes.pop();
        self.facts.functions.push(Function {
            id,
            qualname,
            name,
            class,
            is_async: function.is_async,
            decorators,
            parameters,
            location,
            body: summary,
            returns,
        });
    }

    fn class(&mut self, class: &'a ast::StmtClassDef) {
        let name = class.name.to_string();
        let (id, qualname) = if self.in_class_body()
            && let Some((outer_id, outer_qualname, _)) = self.class_stack.last()
        {
            (
                format!("{outer_id}.{name}"),
                format!("{outer_qualname}.{name}"),
            )
        } else if let Some(outer) = self.names.current_function() {
            let outer_qualname = outer
                .strip_prefix(&format!("{}.", self.facts.module))
                .unwrap_or(outer)
                .to_string();
            (
                format!("{outer}.<locals>.{name}"),
                format!("{outer_qualname}.<locals>.{name}"),
            )
        } else {
            (format!("{}.{name}", self.facts.module), name.clone())
        };
        for decorator in &class.decorator_list {
            self.header_expr(&decorator.expression);
        }
        let decorators = self.decorators(&class.decorator_list);
        let bases = class
            .arguments
            .as_ref()
            .map(|arguments| arguments.args.iter().map(|base| self.value(base)).collect())
            .unwrap_or_default();
        let mut attributes = Vec::new();
        let mut methods = Vec::new();
        for stmt in &class.body {
            match stmt {
                Stmt::Assign(assign) => {
                    for target in &assign.targets {
                        if let Expr::Name(target) = target {
                            attributes.push((target.id.to_string(), self.value(&assign.value)));
                        }
                    }
                }
                Stmt::AnnAssign(assign) => {
                    if let (Expr::Name(target), Some(value)) = (&*assign.target, &assign.value) {
                        attributes.push((target.id.to_string(), self.value(value)));
                    }
                }
                Stmt::FunctionDef(function) => methods.push(function.name.to_string()),
                _ => {}
            }
        }
        let location = self.location(class.name.range());
        self.class_stack
            .push((id.clone(), qualname.clone(), name.clone()));
        // Class bodies are not function scopes: names stay resolved as in the enclosing
        // scope, and defs inside become methods.
        let saved_scopes_len = self.names.scopes.len();
        self.body(&class.body);
        self.names.scopes.truncate(saved_scopes_len);
        self.class_stack.pop();
        self.facts.classes.push(Class {
            id,
            qualname,
            name,
            bases,
            decorators,
            attributes,
            methods,
            location,
        });
    }
}

//! The one walk per file: bindings into Ruff's `SemanticModel`, and hooks for the rules.
//!
//! `SemanticModel` is a passive store of scopes and bindings; it does not walk the tree.
//! This module does what `ruff_linter`'s `Checker` does for it, in the same order:
//!
//! - imports bind `Import` / `SubmoduleImport` / `FromImport` (relative imports resolve
//!   against the dotted module path, see [`crate::module_path`]);
//! - parameters bind `Argument`, stores bind `Assignment`, `def`/`class` bind their
//!   definitions; classes, lambdas and comprehensions get their own scopes (a
//!   comprehension's first iterable is evaluated in the enclosing scope);
//! - function bodies are deferred: at the `def` we snapshot the scope and visit the body
//!   after the module, so a name imported below the `def` still resolves inside it;
//! - loads call `resolve_load`, so later lookups use the binding that was live there.
//!
//! On top of the model the checker keeps a simple alias table (`f = pickle.loads`, then
//! `f(x)` resolves to `pickle.loads`: the model alone says "an assignment"), the set of
//! modules the file imports, and a side table from each resolved expression's range to its
//! qualified name, so that later passes (taint per function, API inventory) need not rebuild
//! the model.
//!
//! Rules plug in through [`Analyzer`]: statements are reported before their children,
//! expressions after theirs (their names are resolved by then).
//!
//! Depth guard: the walk is recursive. Past [`MAX_NESTING`] nested statements or
//! expressions it stops descending and records one [`DepthLimit`], so adversarial input
//! (100,000 nested brackets) cannot overflow the stack.

use std::collections::HashMap;
use std::path::Path;

use ruff_python_ast::helpers::collect_import_from_member;
use ruff_python_ast::name::{QualifiedName, UnqualifiedName};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{
    self as ast, Comprehension, ExceptHandler, Expr, ExprContext, PySourceType, Stmt,
};
use ruff_python_semantic::{
    BindingFlags, BindingId, BindingKind, FromImport, GeneratorKind, Import, Module, ModuleKind,
    ModuleSource, ScopeKind, SemanticModel, Snapshot, StarImport, SubmoduleImport,
};
use ruff_text_size::{Ranged, TextRange};
use sg_diagnostics::{Finding, Rule, Span};

use crate::source::{PythonSource, SourceKind, SourceUnit, TARGET_VERSION};
use crate::{Locator, ResolvedNames};

/// How many statements/expressions deep the walk descends before it gives up on a subtree.
/// Real code stays far below (CPython's own parser refuses ~200 nested parentheses); each
/// level costs a few stack frames, so this fits an 8 MiB stack with a wide margin.
pub const MAX_NESTING: u32 = 256;

/// Hooks the rules implement. Every method has an empty default.
pub trait Analyzer<'a> {
    /// Called for every statement before its children are visited.
    fn statement(&mut self, checker: &Checker<'a>, stmt: &'a Stmt) {
        let _ = (checker, stmt);
    }

    /// Called for every expression after its children are visited.
    fn expression(&mut self, checker: &Checker<'a>, expr: &'a Expr) {
        let _ = (checker, expr);
    }

    /// Called for every `except` clause before its body is visited.
    fn except_handler(
        &mut self,
        checker: &Checker<'a>,
        handler: &'a ast::ExceptHandlerExceptHandler,
    ) {
        let _ = (checker, handler);
    }
}

/// What the walk needs to know about the file besides its text.
#[derive(Debug, Clone, Copy)]
pub struct FileInfo<'a> {
    /// The file on disk (used for stub detection; relative imports use `module_path`).
    pub path: &'a Path,
    /// The path findings carry (relative to the scan root, `/` separators).
    pub display_path: &'a str,
    /// The dotted module path (`["pkg", "sub", "mod"]`), see [`crate::module_path`].
    pub module_path: Option<&'a [String]>,
}

/// Where the walk stopped descending because of the depth guard (the first place only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DepthLimit {
    pub cell: Option<u32>,
    pub span: Span,
}

/// Modules a file imports, as dotted names: `import a.b` gives `a.b`; `from a.b import c`
/// gives `a.b` and `a.b.c`; relative imports are made absolute when the module path is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedModules {
    names: Vec<String>,
}

impl ImportedModules {
    fn add(&mut self, name: String) {
        if !self.names.contains(&name) {
            self.names.push(name);
        }
    }

    /// Whether the file imports `module` itself or anything inside it (`flask` matches
    /// `import flask`, `import flask.json` and `from flask import Flask`).
    pub fn imports(&self, module: &str) -> bool {
        self.names.iter().any(|name| {
            name.strip_prefix(module)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
    }

    /// Whether the file imports exactly `module` (or a member of it via `from`).
    pub fn imports_exact(&self, module: &str) -> bool {
        self.names.iter().any(|name| name == module)
    }

    /// Every imported name, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.names.iter().map(String::as_str).collect();
        names.sort_unstable();
        names
    }
}

/// What one walk leaves behind for later passes.
#[derive(Debug, Default)]
pub struct SemanticIndex {
    /// Qualified name of every resolved `Name`/`Attribute` chain (outermost expression only).
    pub resolved: ResolvedNames,
    pub imports: ImportedModules,
    /// Set when the depth guard stopped the walk somewhere.
    pub depth_limit: Option<DepthLimit>,
}

/// A function body waiting to be visited after the module body.
struct DeferredFunction<'a> {
    unit: usize,
    depth: u32,
    snapshot: Snapshot,
    function: &'a ast::StmtFunctionDef,
}

/// The read-only view rules get: the semantic model, name resolution, positions.
pub struct Checker<'a> {
    semantic: SemanticModel<'a>,
    units: &'a [SourceUnit<'a>],
    unit: usize,
    display_path: &'a str,
    module_path: Option<&'a [String]>,
    /// Binding → the qualified name its value resolved to (`f = pickle.loads`).
    aliases: HashMap<BindingId, Box<[String]>>,
    imports: ImportedModules,
}

impl<'a> Checker<'a> {
    pub fn semantic(&self) -> &SemanticModel<'a> {
        &self.semantic
    }

    /// The notebook cell being walked (1-based), `None` for a plain file.
    pub fn cell(&self) -> Option<u32> {
        self.units.get(self.unit).and_then(SourceUnit::cell)
    }

    /// Positions in the unit being walked.
    pub fn locator(&self) -> Locator<'a> {
        if let Some(unit) = self.units.get(self.unit) {
            unit.locator()
        } else {
            // Unreachable: the walk only runs over existing units. An empty source keeps
            // every lookup harmless.
            static EMPTY: std::sync::OnceLock<ruff_source_file::LineIndex> =
                std::sync::OnceLock::new();
            Locator::new(
                "",
                EMPTY.get_or_init(|| ruff_source_file::LineIndex::from_source_text("")),
            )
        }
    }

    pub fn display_path(&self) -> &'a str {
        self.display_path
    }

    pub fn module_path(&self) -> Option<&'a [String]> {
        self.module_path
    }

    /// Modules imported so far (all of them once function bodies are walked).
    pub fn imports(&self) -> &ImportedModules {
        &self.imports
    }

    /// The fully qualified name `expr` (a `Name` or `Attribute` chain) refers to, through
    /// imports, aliases, relative imports and simple assignments (`f = pickle.loads`).
    /// Builtins come back as `["", "eval"]`. `None` for locals, parameters, call results.
    pub fn resolve_qualified_name<'n>(&'n self, expr: &'n Expr) -> Option<QualifiedName<'n>>
    where
        'a: 'n,
    {
        if let Some(name) = self.semantic.resolve_qualified_name(expr) {
            return Some(name);
        }
        if self.aliases.is_empty() {
            return None;
        }
        let head = head_name(expr)?;
        let binding_id = self
            .semantic
            .resolve_name(head)
            .or_else(|| self.semantic.lookup_symbol(head.id.as_str()).binding_id())?;
        let target = self.aliases.get(&binding_id)?;
        let unqualified = UnqualifiedName::from_expr(expr)?;
        let tail = unqualified.segments().get(1..).unwrap_or_default();
        let segments: Vec<&'n str> = target
            .iter()
            .map(String::as_str)
            .chain(tail.iter().copied())
            .collect();
        Some(segments.into_iter().collect())
    }

    /// Whether `expr` resolves to exactly `segments` (builtins as `["", "eval"]`).
    pub fn resolves_to(&self, expr: &Expr, segments: &[&str]) -> bool {
        self.resolve_qualified_name(expr)
            .is_some_and(|name| name.segments() == segments)
    }

    /// A finding at `range` of the unit being walked, with its snippet and, in a notebook,
    /// `extra["cell"]`.
    pub fn finding(
        &self,
        rule: &'static Rule,
        range: TextRange,
        message: impl Into<String>,
    ) -> Finding {
        let locator = self.locator();
        let mut finding = Finding::new(rule, self.display_path, locator.span(range), message)
            .with_snippet(locator.snippet(range));
        if let Some(cell) = self.cell() {
            finding = finding.with_extra("cell", cell);
        }
        finding
    }

    fn bind(&mut self, name: &'a str, range: TextRange, kind: BindingKind<'a>) -> BindingId {
        let id = self
            .semantic
            .push_binding(name, range, kind, BindingFlags::empty());
        self.semantic.current_scope_mut().add(name, id);
        id
    }
}

/// The `Name` at the head of an attribute chain.
fn head_name(expr: &Expr) -> Option<&ast::ExprName> {
    match expr {
        Expr::Attribute(attribute) => head_name(&attribute.value),
        Expr::Name(name) => Some(name),
        _ => None,
    }
}

/// Walks `source` once, building the semantic model and calling `analyzer` on every node.
pub fn walk<'a, A: Analyzer<'a>>(
    source: &'a PythonSource<'a>,
    file: FileInfo<'a>,
    analyzer: &mut A,
) -> SemanticIndex {
    let source_type = match source.kind {
        SourceKind::Python => PySourceType::Python,
        SourceKind::Stub => PySourceType::Stub,
        SourceKind::Notebook => PySourceType::Ipynb,
    };
    let suite: &'a [Stmt] = source.units.first().map_or(&[], |unit| unit.suite());
    let module = Module {
        kind: if file.path.file_stem().is_some_and(|stem| stem == "__init__") {
            ModuleKind::Package
        } else {
            ModuleKind::Module
        },
        source: match file.module_path {
            Some(dotted) => ModuleSource::Path(dotted),
            None => ModuleSource::File(file.path),
        },
        python_ast: suite,
        name: None,
    };
    let semantic = SemanticModel::new(&[], &[], TARGET_VERSION, source_type, file.path, module);
    let mut walker = Walker {
        checker: Checker {
            semantic,
            units: &source.units,
            unit: 0,
            display_path: file.display_path,
            module_path: file.module_path,
            aliases: HashMap::new(),
            imports: ImportedModules::default(),
        },
        analyzer,
        deferred: Vec::new(),
        depth: 0,
        depth_limit: None,
        in_attribute_value: false,
        resolved: ResolvedNames::default(),
    };
    // Notebook cells share one namespace, like a kernel running them top to bottom.
    for (index, unit) in source.units.iter().enumerate() {
        walker.checker.unit = index;
        walker.visit_body(unit.suite());
    }
    while !walker.deferred.is_empty() {
        for deferred in std::mem::take(&mut walker.deferred) {
            walker.checker.unit = deferred.unit;
            walker.depth = deferred.depth;
            walker.checker.semantic.restore(deferred.snapshot);
            for parameter in &*deferred.function.parameters {
                let name = parameter.name();
                walker
                    .checker
                    .bind(name.as_str(), name.range(), BindingKind::Argument);
            }
            walker.visit_body(&deferred.function.body);
        }
    }
    let Walker {
        checker,
        mut resolved,
        depth_limit,
        ..
    } = walker;
    resolved.finish();
    let mut imports = checker.imports;
    imports.names.sort_unstable();
    SemanticIndex {
        resolved,
        imports,
        depth_limit,
    }
}

struct Walker<'a, 'x, A> {
    checker: Checker<'a>,
    analyzer: &'x mut A,
    deferred: Vec<DeferredFunction<'a>>,
    depth: u32,
    depth_limit: Option<DepthLimit>,
    /// Set just before visiting the `value` of an `Attribute`: that expression is part of a
    /// longer chain and is not recorded on its own.
    in_attribute_value: bool,
    resolved: ResolvedNames,
}

impl<'a, A: Analyzer<'a>> Walker<'a, '_, A> {
    /// Enters one nesting level; `false` (and a recorded limit) when the guard trips.
    fn enter(&mut self, range: TextRange) -> bool {
        if self.depth >= MAX_NESTING {
            if self.depth_limit.is_none() {
                self.depth_limit = Some(DepthLimit {
                    cell: self.checker.cell(),
                    span: self.checker.locator().span(range),
                });
            }
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn unit_index(&self) -> u32 {
        u32::try_from(self.checker.unit).unwrap_or(u32::MAX)
    }

    fn visit_import(&mut self, import: &'a ast::StmtImport) {
        for alias in &import.names {
            let module = alias.name.as_str();
            self.checker.imports.add(module.to_string());
            if let Some(asname) = &alias.asname {
                let kind = BindingKind::Import(Import {
                    qualified_name: Box::new(QualifiedName::user_defined(module)),
                });
                self.checker.bind(asname.as_str(), alias.range(), kind);
            } else {
                let head = module.split('.').next().unwrap_or(module);
                let kind = if module.contains('.') {
                    BindingKind::SubmoduleImport(SubmoduleImport {
                        qualified_name: Box::new(QualifiedName::user_defined(module)),
                    })
                } else {
                    BindingKind::Import(Import {
                        qualified_name: Box::new(QualifiedName::user_defined(module)),
                    })
                };
                self.checker.bind(head, alias.range(), kind);
            }
        }
    }

    fn visit_import_from(&mut self, import: &'a ast::StmtImportFrom) {
        let module = import.module.as_ref().map(ast::Identifier::as_str);
        let absolute_module = self.absolute_module(import.level, module);
        if let Some(absolute) = &absolute_module
            && !absolute.is_empty()
        {
            self.checker.imports.add(absolute.clone());
        }
        for alias in &import.names {
            let member = alias.name.as_str();
            if member == "*" {
                self.checker
                    .semantic
                    .current_scope_mut()
                    .add_star_import(StarImport {
                        level: import.level,
                        module,
                    });
                continue;
            }
            if let Some(absolute) = &absolute_module {
                let full = if absolute.is_empty() {
                    member.to_string()
                } else {
                    format!("{absolute}.{member}")
                };
                self.checker.imports.add(full);
            }
            let kind = BindingKind::FromImport(FromImport {
                qualified_name: Box::new(collect_import_from_member(import.level, module, member)),
            });
            let bound = alias.asname.as_ref().unwrap_or(&alias.name);
            self.checker.bind(bound.as_str(), alias.range(), kind);
        }
    }

    /// `from ..x import y` made absolute with the module path (`None` when unknown).
    fn absolute_module(&self, level: u32, module: Option<&str>) -> Option<String> {
        if level == 0 {
            return module.map(str::to_string);
        }
        let path = self.checker.module_path?;
        let keep = path.len().checked_sub(level as usize)?;
        let mut segments: Vec<&str> = path.get(..keep)?.iter().map(String::as_str).collect();
        if let Some(module) = module {
            segments.extend(module.split('.'));
        }
        Some(segments.join("."))
    }

    fn visit_function_def(&mut self, function: &'a ast::StmtFunctionDef) {
        for decorator in &function.decorator_list {
            self.visit_decorator(decorator);
        }
        if let Some(type_params) = &function.type_params {
            self.visit_type_params(type_params);
        }
        for parameter in &*function.parameters {
            if let Some(default) = parameter.default() {
                self.visit_expr(default);
            }
            if let Some(annotation) = parameter.annotation() {
                self.visit_annotation(annotation);
            }
        }
        if let Some(returns) = &function.returns {
            self.visit_annotation(returns);
        }
        self.checker
            .semantic
            .push_scope(ScopeKind::Function(function));
        let scope_id = self.checker.semantic.scope_id;
        self.deferred.push(DeferredFunction {
            unit: self.checker.unit,
            depth: self.depth,
            snapshot: self.checker.semantic.snapshot(),
            function,
        });
        self.checker.semantic.pop_scope();
        self.checker.bind(
            function.name.as_str(),
            function.name.range(),
            BindingKind::FunctionDefinition(scope_id),
        );
    }

    fn visit_class_def(&mut self, class: &'a ast::StmtClassDef) {
        for decorator in &class.decorator_list {
            self.visit_decorator(decorator);
        }
        if let Some(type_params) = &class.type_params {
            self.visit_type_params(type_params);
        }
        if let Some(arguments) = &class.arguments {
            self.visit_arguments(arguments);
        }
        self.checker.semantic.push_scope(ScopeKind::Class(class));
        let scope_id = self.checker.semantic.scope_id;
        self.visit_body(&class.body);
        self.checker.semantic.pop_scope();
        self.checker.bind(
            class.name.as_str(),
            class.name.range(),
            BindingKind::ClassDefinition(scope_id),
        );
    }

    /// `x = <dotted name>`: remember what `x` aliases, so `x(...)` resolves.
    fn record_alias(&mut self, target: &'a Expr, value: &'a Expr) {
        let Expr::Name(name) = target else { return };
        if !matches!(value, Expr::Name(_) | Expr::Attribute(_)) {
            return;
        }
        let Some(binding_id) = self.checker.semantic.current_scope().get(name.id.as_str()) else {
            return;
        };
        let Some(segments) = self.checker.resolve_qualified_name(value).map(|qualified| {
            qualified
                .segments()
                .iter()
                .map(|segment| (*segment).to_string())
                .collect::<Box<[String]>>()
        }) else {
            return;
        };
        self.checker.aliases.insert(binding_id, segments);
    }

    fn visit_generators(
        &mut self,
        kind: GeneratorKind,
        generators: &'a [Comprehension],
        elements: &[&'a Expr],
    ) {
        let Some((first, rest)) = generators.split_first() else {
            for element in elements {
                self.visit_expr(element);
            }
            return;
        };
        // The first iterable is evaluated in the enclosing scope.
        self.visit_expr(&first.iter);
        self.checker.semantic.push_scope(ScopeKind::Generator {
            kind,
            is_async: generators.iter().any(|generator| generator.is_async),
        });
        self.visit_expr(&first.target);
        for condition in &first.ifs {
            self.visit_expr(condition);
        }
        for generator in rest {
            self.visit_expr(&generator.iter);
            self.visit_expr(&generator.target);
            for condition in &generator.ifs {
                self.visit_expr(condition);
            }
        }
        for element in elements {
            self.visit_expr(element);
        }
        self.checker.semantic.pop_scope();
    }

    fn record_resolved(&mut self, expr: &'a Expr) {
        if let Some(name) = self.checker.resolve_qualified_name(expr) {
            let unit = self.unit_index();
            self.resolved.insert(unit, expr.range(), &name);
        }
    }
}

impl<'a, A: Analyzer<'a>> Visitor<'a> for Walker<'a, '_, A> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if !self.enter(stmt.range()) {
            return;
        }
        self.analyzer.statement(&self.checker, stmt);
        match stmt {
            Stmt::Import(import) => self.visit_import(import),
            Stmt::ImportFrom(import) => self.visit_import_from(import),
            Stmt::FunctionDef(function) => self.visit_function_def(function),
            Stmt::ClassDef(class) => self.visit_class_def(class),
            Stmt::Assign(assign) => {
                self.visit_expr(&assign.value);
                for target in &assign.targets {
                    self.visit_expr(target);
                }
                if let [target] = assign.targets.as_slice() {
                    self.record_alias(target, &assign.value);
                }
            }
            Stmt::AnnAssign(assign) => {
                self.visit_annotation(&assign.annotation);
                if let Some(value) = &assign.value {
                    self.visit_expr(value);
                }
                self.visit_expr(&assign.target);
                if let Some(value) = &assign.value {
                    self.record_alias(&assign.target, value);
                }
            }
            _ => visitor::walk_stmt(self, stmt),
        }
        self.leave();
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        let inside_chain = std::mem::replace(&mut self.in_attribute_value, false);
        if !self.enter(expr.range()) {
            return;
        }
        match expr {
            Expr::Name(name) => match name.ctx {
                ExprContext::Load => {
                    self.checker.semantic.resolve_load(name);
                    if !inside_chain {
                        self.record_resolved(expr);
                    }
                }
                ExprContext::Store => {
                    self.checker
                        .bind(name.id.as_str(), name.range(), BindingKind::Assignment);
                }
                ExprContext::Del | ExprContext::Invalid => {}
            },
            Expr::Attribute(attribute) => {
                self.in_attribute_value = true;
                self.visit_expr(&attribute.value);
                self.in_attribute_value = false;
                if !inside_chain && attribute.ctx == ExprContext::Load {
                    self.record_resolved(expr);
                }
            }
            Expr::Named(named) => {
                self.visit_expr(&named.value);
                if let Expr::Name(name) = &*named.target {
                    self.checker.bind(
                        name.id.as_str(),
                        name.range(),
                        BindingKind::NamedExprAssignment,
                    );
                } else {
                    self.visit_expr(&named.target);
                }
            }
            Expr::Lambda(lambda) => {
                if let Some(parameters) = &lambda.parameters {
                    for parameter in &**parameters {
                        if let Some(default) = parameter.default() {
                            self.visit_expr(default);
                        }
                    }
                }
                self.checker.semantic.push_scope(ScopeKind::Lambda(lambda));
                if let Some(parameters) = &lambda.parameters {
                    for parameter in &**parameters {
                        let name = parameter.name();
                        self.checker
                            .bind(name.as_str(), name.range(), BindingKind::Argument);
                    }
                }
                self.visit_expr(&lambda.body);
                self.checker.semantic.pop_scope();
            }
            Expr::ListComp(comp) => {
                self.visit_generators(
                    GeneratorKind::ListComprehension,
                    &comp.generators,
                    &[&comp.elt],
                );
            }
            Expr::SetComp(comp) => {
                self.visit_generators(
                    GeneratorKind::SetComprehension,
                    &comp.generators,
                    &[&comp.elt],
                );
            }
            Expr::Generator(comp) => {
                self.visit_generators(GeneratorKind::Generator, &comp.generators, &[&comp.elt]);
            }
            Expr::DictComp(comp) => {
                let elements: Vec<&Expr> = comp
                    .key
                    .as_deref()
                    .into_iter()
                    .chain([&*comp.value])
                    .collect();
                self.visit_generators(
                    GeneratorKind::DictComprehension,
                    &comp.generators,
                    &elements,
                );
            }
            _ => visitor::walk_expr(self, expr),
        }
        self.analyzer.expression(&self.checker, expr);
        self.leave();
    }

    fn visit_except_handler(&mut self, except_handler: &'a ExceptHandler) {
        let ExceptHandler::ExceptHandler(handler) = except_handler;
        if !self.enter(handler.range()) {
            return;
        }
        self.analyzer.except_handler(&self.checker, handler);
        if let Some(type_) = &handler.type_ {
            self.visit_expr(type_);
        }
        if let Some(name) = &handler.name {
            self.checker
                .bind(name.as_str(), name.range(), BindingKind::Assignment);
        }
        self.visit_body(&handler.body);
        self.leave();
    }
}

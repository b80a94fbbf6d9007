//! One file's analysis: what the file defines (functions, methods, pydantic models, allowlist
//! constants, app objects, route registrations), the function summaries computed on demand,
//! and the findings collected from every function.
//!
//! Each function is analysed once, callees first when they are called from a function being
//! analysed (a recursive call sees no summary and is treated as an unknown function). A
//! function that cannot touch a source (no entry point, no request parameter, no
//! `request`/`input`/`recv` in its text) is analysed only when another function calls it.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use sg_diagnostics::{Finding, Span, sort_findings};
use sg_python::ast::{self, Expr, Stmt, StmtClassDef, StmtFunctionDef};
use sg_python::{FileInfo, Locator, PythonSource, Ranged, ResolvedNames, SemanticIndex, TextRange};

use crate::Options;
use crate::catalog;
use crate::engine::{FunctionRun, State};
use crate::frameworks::{
    self, Annotated, Entry, Frameworks, Model, ParamInit, TypeContext, parameter_list,
};
use crate::rules::SinkClass;
use crate::value::{Label, ObjectKind, Origin, SinkSet, Step, Trace, finding_trace, trace_origin};

/// How deep on-demand summary computation may nest before a callee is treated as unknown.
const MAX_SUMMARY_NESTING: u32 = 32;

pub(crate) struct FunctionInfo<'a> {
    pub def: &'a StmtFunctionDef,
    pub unit: u32,
    /// The class whose body defines this function directly.
    pub class: Option<usize>,
    pub params: Vec<&'a ast::Parameter>,
    pub inits: Vec<ParamInit>,
    pub may_have_sources: bool,
}

/// Where a sink is, for findings and summaries.
#[derive(Debug, Clone)]
pub(crate) struct SinkSite {
    pub unit: u32,
    pub range: TextRange,
    pub step: Step,
    pub callee: Rc<str>,
}

/// A parameter of a function that reaches a sink inside it.
#[derive(Debug, Clone)]
pub(crate) struct ParamSink {
    pub param: u16,
    pub class: SinkClass,
    pub blocked: SinkSet,
    /// From the parameter to the sink.
    pub trace: Trace,
    pub site: Rc<SinkSite>,
}

#[derive(Debug, Default)]
pub(crate) struct Summary {
    /// Labels of the return value: parameters (with the sanitizers on the way) and sources.
    pub returns: Vec<Label>,
    pub sinks: Vec<ParamSink>,
}

enum Slot {
    NotStarted,
    InProgress,
    Done(Rc<Summary>),
}

struct Reported {
    origin: (u32, u32),
    finding: Finding,
}

pub(crate) struct Module<'a> {
    pub source: &'a PythonSource<'a>,
    pub file: FileInfo<'a>,
    pub names: &'a ResolvedNames,
    pub options: &'a Options,
    pub frameworks: Frameworks,
    pub functions: Vec<FunctionInfo<'a>>,
    /// Functions callable by bare name (the last definition wins, as at run time).
    pub by_name: HashMap<&'a str, usize>,
    /// Methods by (class, name).
    pub methods: HashMap<(usize, &'a str), usize>,
    pub models: Vec<Model<'a>>,
    /// Module-level names bound to literal collections (allowlists).
    pub constants: HashSet<&'a str>,
    /// Names bound to objects of a known kind (`app = Flask(__name__)`).
    pub objects: HashMap<&'a str, ObjectKind>,
    slots: RefCell<Vec<Slot>>,
    nesting: Cell<u32>,
    findings: RefCell<BTreeMap<(u32, u32, u32, SinkClass), Reported>>,
}

/// What the discovery walk collects.
#[derive(Default)]
struct Discovered<'a> {
    functions: Vec<(&'a StmtFunctionDef, u32, Option<usize>)>,
    classes: Vec<(&'a StmtClassDef, u32)>,
    top_classes: Vec<(&'a StmtClassDef, u32)>,
    registrations: Vec<(&'a str, Entry)>,
    object_assignments: Vec<(&'a str, &'a ast::ExprCall, u32)>,
}

impl<'a> Module<'a> {
    pub(crate) fn new(
        source: &'a PythonSource<'a>,
        file: FileInfo<'a>,
        index: &'a SemanticIndex,
        options: &'a Options,
    ) -> Module<'a> {
        let frameworks = Frameworks::from_imports(&index.imports);
        let names = &index.resolved;
        let mut discovered = Discovered::default();
        let mut constants = HashSet::new();
        for (unit_index, unit) in source.units.iter().enumerate() {
            let unit_index = u32::try_from(unit_index).unwrap_or(u32::MAX);
            for stmt in unit.suite() {
                collect_constant(stmt, &mut constants);
            }
            discover(
                unit.suite(),
                unit_index,
                None,
                0,
                true,
                names,
                &mut discovered,
            );
        }
        let mut objects = HashMap::new();
        for (name, call, unit) in &discovered.object_assignments {
            if let Some(kind) = names
                .get(*unit, call.func.range())
                .and_then(catalog::object_constructor)
            {
                objects.insert(*name, kind);
            }
        }
        // Models of the top level.
        let class_units: HashMap<*const StmtClassDef, u32> = discovered
            .top_classes
            .iter()
            .map(|(class, unit)| (std::ptr::from_ref(*class), *unit))
            .collect();
        let top: Vec<&StmtClassDef> = discovered.top_classes.iter().map(|(c, _)| *c).collect();
        let model_classes = frameworks::collect_models(&top, &|class, base| {
            let unit = class_units
                .get(&std::ptr::from_ref(class))
                .copied()
                .unwrap_or(0);
            names.get(unit, base.range()).map(str::to_string)
        });
        let model_index: HashMap<&str, usize> = model_classes
            .iter()
            .enumerate()
            .map(|(index, class)| (class.name.as_str(), index))
            .collect();
        let mut models: Vec<Model> = Vec::with_capacity(model_classes.len());
        for class in &model_classes {
            let unit = class_units
                .get(&std::ptr::from_ref(*class))
                .copied()
                .unwrap_or(0);
            let types = TypeContext {
                names,
                unit,
                models: &model_index,
            };
            let mut fields = frameworks::model_fields(class, &types);
            // Fields of local model bases come first.
            for base in class.bases() {
                if let Expr::Name(base) = base
                    && let Some(index) = model_index.get(base.id.as_str())
                    && let Some(parent) = models.get(*index)
                {
                    let inherited: Vec<(&str, Annotated)> = parent
                        .fields
                        .iter()
                        .filter(|(name, _)| !fields.iter().any(|(own, _)| own == name))
                        .copied()
                        .collect();
                    fields.extend(inherited);
                }
            }
            models.push(Model {
                name: class.name.as_str(),
                fields,
            });
        }
        let registrations: HashMap<&str, Entry> = discovered.registrations.into_iter().collect();
        let mut functions = Vec::with_capacity(discovered.functions.len());
        let mut by_name = HashMap::new();
        let mut methods = HashMap::new();
        let any_configured = !options.sources.is_empty();
        for (def, unit, class) in discovered.functions {
            let resolve = |expr: &Expr| names.get(unit, expr.range()).map(str::to_string);
            let entry = match registrations.get(def.name.as_str()) {
                Some(entry) if class.is_none() => entry.clone(),
                _ => frameworks::decorator_entry(def, frameworks, &objects, &resolve),
            };
            let types = TypeContext {
                names,
                unit,
                models: &model_index,
            };
            let inits = frameworks::parameter_inits(
                def,
                class.is_some(),
                &entry,
                frameworks,
                file.display_path,
                &types,
            );
            let text = source
                .units
                .get(unit as usize)
                .map_or("", |u| u.locator().slice(def.range()));
            let may_have_sources = any_configured
                || entry != Entry::None
                || inits
                    .iter()
                    .any(|init| !matches!(init, ParamInit::Receiver | ParamInit::Symbolic))
                || text.contains("request")
                || text.contains("input")
                || text.contains("recv")
                || text.contains("self.kwargs")
                || text.contains("self.args");
            let index = functions.len();
            match class {
                Some(class) => {
                    methods.insert((class, def.name.as_str()), index);
                }
                None => {
                    by_name.insert(def.name.as_str(), index);
                }
            }
            functions.push(FunctionInfo {
                def,
                unit,
                class,
                params: parameter_list(&def.parameters),
                inits,
                may_have_sources,
            });
        }
        let slots = RefCell::new(functions.iter().map(|_| Slot::NotStarted).collect());
        Module {
            source,
            file,
            names,
            options,
            frameworks,
            functions,
            by_name,
            methods,
            models,
            constants,
            objects,
            slots,
            nesting: Cell::new(0),
            findings: RefCell::new(BTreeMap::new()),
        }
    }

    /// Analyses every function that may see a source, then the module's own statements.
    pub(crate) fn run(&self) -> Vec<Finding> {
        for index in 0..self.functions.len() {
            if self
                .functions
                .get(index)
                .is_some_and(|f| f.may_have_sources)
            {
                let _ = self.summary(index);
            }
        }
        let mut run = FunctionRun::new(self, None, 0);
        let mut state = Some(State::default());
        for (unit_index, unit) in self.source.units.iter().enumerate() {
            run.set_unit(u32::try_from(unit_index).unwrap_or(u32::MAX));
            if let Some(current) = state.take() {
                state = run.run_body(unit.suite(), current);
            }
            if state.is_none() {
                // A notebook cell that raised: later cells still run in a fresh kernel state.
                state = Some(State::default());
            }
        }
        let findings = std::mem::take(&mut *self.findings.borrow_mut());
        let mut findings: Vec<Finding> = findings.into_values().map(|r| r.finding).collect();
        sort_findings(&mut findings);
        findings
    }

    /// The summary of a function, computing it now if needed; `None` while it is being
    /// computed (recursion) or when nesting is too deep.
    pub(crate) fn summary(&self, index: usize) -> Option<Rc<Summary>> {
        {
            let slots = self.slots.borrow();
            match slots.get(index)? {
                Slot::Done(summary) => return Some(Rc::clone(summary)),
                Slot::InProgress => return None,
                Slot::NotStarted => {}
            }
        }
        if self.nesting.get() >= MAX_SUMMARY_NESTING {
            return None;
        }
        if let Some(slot) = self.slots.borrow_mut().get_mut(index) {
            *slot = Slot::InProgress;
        }
        self.nesting.set(self.nesting.get() + 1);
        let summary = Rc::new(FunctionRun::analyze(self, index));
        self.nesting.set(self.nesting.get().saturating_sub(1));
        if let Some(slot) = self.slots.borrow_mut().get_mut(index) {
            *slot = Slot::Done(Rc::clone(&summary));
        }
        Some(summary)
    }

    pub(crate) fn locator(&self, unit: u32) -> Option<Locator<'a>> {
        self.source.units.get(unit as usize).map(|u| u.locator())
    }

    /// A source label reached a sink: one finding per sink and class, the earliest source
    /// (by position) wins so that the result does not depend on analysis order.
    pub(crate) fn report(&self, class: SinkClass, site: &SinkSite, label: &Label) {
        let Origin::Source(kind) = label.origin else {
            return;
        };
        let origin = trace_origin(&label.trace);
        let key = (
            site.unit,
            site.range.start().to_u32(),
            site.range.end().to_u32(),
            class,
        );
        let mut findings = self.findings.borrow_mut();
        if findings.get(&key).is_some_and(|r| r.origin <= origin) {
            return;
        }
        let Some(locator) = self.locator(site.unit) else {
            return;
        };
        let span: Span = locator.span(site.range);
        let message = format!(
            "{} reaches `{}` ({}): {}",
            kind.describe(),
            site.callee,
            class.label(),
            class.advice()
        );
        let mut finding = Finding::new(class.rule(), self.file.display_path, span, message)
            .with_snippet(locator.snippet(site.range))
            .with_trace(finding_trace(&label.trace, site.step.clone()));
        if let Some(cell) = self
            .source
            .units
            .get(site.unit as usize)
            .and_then(sg_python::SourceUnit::cell)
        {
            finding = finding.with_extra("cell", cell);
        }
        findings.insert(key, Reported { origin, finding });
    }
}

/// Whether a file can hold any source at all: it imports a web framework or `socket`, calls
/// `input`, or there are configured sources (else the pass is skipped).
pub(crate) fn may_have_sources(index: &SemanticIndex, options: &Options) -> bool {
    Frameworks::from_imports(&index.imports).any()
        || !options.sources.is_empty()
        || index
            .resolved
            .iter()
            .any(|(_, _, name)| matches!(name, "input" | "builtins.input"))
}

/// Module-level `NAME = <literal collection>` (an allowlist candidate).
fn collect_constant<'a>(stmt: &'a Stmt, constants: &mut HashSet<&'a str>) {
    let (target, value) = match stmt {
        Stmt::Assign(assign) => match assign.targets.as_slice() {
            [target] => (target, &*assign.value),
            _ => return,
        },
        Stmt::AnnAssign(assign) => match assign.value.as_deref() {
            Some(value) => (&*assign.target, value),
            None => return,
        },
        _ => return,
    };
    if let Expr::Name(name) = target
        && is_literal_collection(value)
    {
        constants.insert(name.id.as_str());
    }
}

/// A list/tuple/set of literals, a dict with literal keys, or `frozenset(...)`/`set(...)` of
/// one.
pub(crate) fn is_literal_collection(expr: &Expr) -> bool {
    match expr {
        Expr::List(list) => list.elts.iter().all(is_literal),
        Expr::Tuple(tuple) => tuple.elts.iter().all(is_literal),
        Expr::Set(set) => set.elts.iter().all(is_literal),
        Expr::Dict(dict) => dict
            .items
            .iter()
            .all(|item| item.key.as_ref().is_some_and(is_literal)),
        Expr::Call(call) => {
            matches!(&*call.func, Expr::Name(name) if matches!(name.id.as_str(), "frozenset" | "set" | "tuple" | "list"))
                && call.arguments.args.len() == 1
                && call.arguments.args.iter().all(is_literal_collection)
        }
        _ => false,
    }
}

pub(crate) fn is_literal(expr: &Expr) -> bool {
    match expr {
        Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_) => true,
        Expr::Tuple(tuple) => tuple.elts.iter().all(is_literal),
        _ => false,
    }
}

/// Collects functions (with their class), classes, route registrations and object
/// assignments, through every block.
fn discover<'a>(
    body: &'a [Stmt],
    unit: u32,
    class: Option<usize>,
    depth: u32,
    top_level: bool,
    names: &ResolvedNames,
    out: &mut Discovered<'a>,
) {
    if depth > sg_python::MAX_NESTING {
        return;
    }
    for stmt in body {
        match stmt {
            Stmt::FunctionDef(function) => {
                out.functions.push((function, unit, class));
                discover(&function.body, unit, None, depth + 1, false, names, out);
            }
            Stmt::ClassDef(class_def) => {
                let index = out.classes.len();
                out.classes.push((class_def, unit));
                if top_level {
                    out.top_classes.push((class_def, unit));
                }
                discover(
                    &class_def.body,
                    unit,
                    Some(index),
                    depth + 1,
                    false,
                    names,
                    out,
                );
            }
            Stmt::Assign(assign) => {
                if let [Expr::Name(name)] = assign.targets.as_slice()
                    && let Expr::Call(call) = &*assign.value
                {
                    out.object_assignments.push((name.id.as_str(), call, unit));
                }
            }
            Stmt::Expr(expr) => {
                if let Expr::Call(call) = &*expr.value {
                    registration(call, unit, names, out);
                }
            }
            _ => {
                for nested in sg_python_child_bodies(stmt) {
                    discover(nested, unit, class, depth + 1, top_level, names, out);
                }
            }
        }
    }
}

/// The blocks nested in a compound statement (not functions or classes).
fn sg_python_child_bodies(stmt: &Stmt) -> Vec<&[Stmt]> {
    match stmt {
        Stmt::For(node) => vec![&node.body, &node.orelse],
        Stmt::While(node) => vec![&node.body, &node.orelse],
        Stmt::If(node) => std::iter::once(&node.body[..])
            .chain(node.elif_else_clauses.iter().map(|clause| &clause.body[..]))
            .collect(),
        Stmt::With(node) => vec![&node.body],
        Stmt::Match(node) => node.cases.iter().map(|case| &case.body[..]).collect(),
        Stmt::Try(node) => std::iter::once(&node.body[..])
            .chain(node.handlers.iter().map(|handler| match handler {
                ast::ExceptHandler::ExceptHandler(handler) => &handler.body[..],
            }))
            .chain([&node.orelse[..], &node.finalbody[..]])
            .collect(),
        _ => Vec::new(),
    }
}

/// Route registrations by call: `app.add_url_rule(rule, endpoint, view)`,
/// `app.router.add_get(path, handler)`, `app.add_routes([web.get(path, handler)])`,
/// `app.add_api_route(path, endpoint)`.
fn registration<'a>(
    call: &'a ast::ExprCall,
    unit: u32,
    names: &ResolvedNames,
    out: &mut Discovered<'a>,
) {
    let Expr::Attribute(attribute) = &*call.func else {
        return;
    };
    let args = &call.arguments.args;
    let handler_name = |expr: Option<&'a Expr>| match expr {
        Some(Expr::Name(name)) => Some(name.id.as_str()),
        _ => None,
    };
    match attribute.attr.as_str() {
        "add_url_rule" => {
            let view = call
                .arguments
                .find_keyword("view_func")
                .map(|k| &k.value)
                .or_else(|| args.get(2));
            let rule = match args.first() {
                Some(Expr::StringLiteral(literal)) => Some(literal.value.to_str().to_string()),
                _ => None,
            };
            if let Some(name) = handler_name(view) {
                out.registrations.push((name, Entry::Flask(rule)));
            }
        }
        "add_get" | "add_post" | "add_put" | "add_patch" | "add_delete" | "add_head"
        | "add_route" | "add_view" => {
            if let Some(name) = handler_name(
                call.arguments
                    .find_keyword("handler")
                    .map(|k| &k.value)
                    .or_else(|| args.last()),
            ) {
                out.registrations.push((name, Entry::Aiohttp));
            }
        }
        "add_api_route" | "add_api_websocket_route" => {
            if let Some(name) = handler_name(
                call.arguments
                    .find_keyword("endpoint")
                    .map(|k| &k.value)
                    .or_else(|| args.get(1)),
            ) {
                out.registrations.push((name, Entry::FastApi));
            }
        }
        "add_routes" => {
            let elements: &[Expr] = match args.first() {
                Some(Expr::List(list)) => &list.elts,
                Some(Expr::Tuple(tuple)) => &tuple.elts,
                _ => &[],
            };
            for element in elements {
                if let Expr::Call(route) = element
                    && names.get(unit, route.func.range()).is_some_and(|name| {
                        matches!(
                            name,
                            "aiohttp.web.get"
                                | "aiohttp.web.post"
                                | "aiohttp.web.put"
                                | "aiohttp.web.patch"
                                | "aiohttp.web.delete"
                                | "aiohttp.web.head"
                                | "aiohttp.web.route"
                                | "aiohttp.web.view"
                        )
                    })
                    && let Some(name) = handler_name(route.arguments.args.last())
                {
                    out.registrations.push((name, Entry::Aiohttp));
                }
            }
        }
        _ => {}
    }
}

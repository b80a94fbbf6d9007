//! The project-level index over every file's facts, and symbol resolution across modules.
//!
//! [`Project::resolve`] follows a symbol to what it finally stands for:
//!
//! 1. a function or class defined in the project;
//! 2. a variable: its first plain assignment (`bp = Blueprint(...)` → an object built by that
//!    call; `app = create_app()` → whatever the project function `create_app` returns;
//!    `api = other` → `other`, followed);
//! 3. an import re-exported by a module (`from .views import bp` in `shop/__init__.py`);
//! 4. a parameter of a project function (`def init_app(app)`): the argument of its call
//!    sites (`init_app(app)` in the factory);
//! 5. a module of the project (`include(polls.urls)`);
//! 6. an attribute of a module or of an instance of a project class (`settings.API_PREFIX`
//!    where `settings = Settings()` and `class Settings: API_PREFIX = "/api"`);
//! 7. when nothing matches and the file lives in a namespace package (no `__init__.py`, so
//!    its module name lacks the package path), a unique definition whose symbol ends with the
//!    same last two segments.
//!
//! Resolution is bounded ([`MAX_RESOLVE_DEPTH`]), so cycles (`a = b; b = a`) end.
//!
//! Resolutions are remembered at every link, not only at the top: Django's thousands of
//! `self.x.y` call symbols share their parents, and resolving each parent again made the
//! inventory cost seconds. A remembered result is reused only where resolving afresh would
//! give the same answer (see [`Resolved`]).

use std::cell::{Cell, RefCell};
// foldhash: the symbol tables are hashed millions of times on a large project (SipHash was
// a tenth of a Django scan); its per-process seed keeps crafted names from colliding.
use foldhash::HashMap;

use crate::facts::{Assignment, CallSite, Class, Function, ModuleFacts, Scope};
use crate::value::{CallValue, Value, last_segments, parent_symbol};

/// How many links resolution follows before giving up.
pub(crate) const MAX_RESOLVE_DEPTH: u32 = 24;

/// What a symbol resolves to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Target<'p> {
    Function(&'p Function),
    Class(&'p Class),
    /// An object built by a call: the canonical symbol of the variable and the call.
    Object(&'p str, &'p CallValue),
    /// A module of the project.
    Module(&'p str),
    /// A variable bound to some other value (a literal, a list).
    Value(&'p str, &'p Value),
    /// Not defined in the project (a third-party name, or unresolvable): the symbol.
    External(&'p str),
}

/// A resolution that did not hit the depth bound, remembered with the number of links it
/// followed below its symbol: from depth `d` it is the answer whenever `d + links` stays
/// within the bound, since nothing was cut off.
#[derive(Debug, Clone, Copy)]
struct Complete<'p> {
    target: Target<'p>,
    links: u32,
}

/// Indexes over all facts.
pub(crate) struct Project<'p> {
    pub facts: &'p [ModuleFacts],
    modules: HashMap<&'p str, usize>,
    functions: HashMap<&'p str, &'p Function>,
    classes: HashMap<&'p str, &'p Class>,
    assignments: HashMap<&'p str, Vec<&'p Assignment>>,
    imports: HashMap<&'p str, &'p str>,
    /// `last two segments` → full symbols, for namespace-package fallbacks.
    suffixes: HashMap<&'p str, Vec<&'p str>>,
    /// Parameter symbol (`m.init_app.<locals>.app`) → arguments at call sites.
    parameter_arguments: HashMap<String, Vec<&'p Value>>,
    /// Which file a function, class or assignment comes from.
    file_of: HashMap<&'p str, usize>,
    /// Memo of [`Project::resolve`]: the same receivers are resolved for every route.
    resolved: RefCell<HashMap<&'p str, Complete<'p>>>,
    /// Resolutions cut off by the depth bound (cycles such as `a = b; b = a`), by symbol and
    /// starting depth: what the bound cuts depends on where the walk started.
    cut: RefCell<HashMap<(&'p str, u32), Target<'p>>>,
    /// The deepest link reached by the resolutions in progress.
    deepest: Cell<u32>,
}

impl<'p> Project<'p> {
    pub fn new(facts: &'p [ModuleFacts]) -> Self {
        let mut project = Project {
            facts,
            modules: HashMap::default(),
            functions: HashMap::default(),
            classes: HashMap::default(),
            assignments: HashMap::default(),
            imports: HashMap::default(),
            suffixes: HashMap::default(),
            parameter_arguments: HashMap::default(),
            file_of: HashMap::default(),
            resolved: RefCell::new(HashMap::default()),
            cut: RefCell::new(HashMap::default()),
            deepest: Cell::new(0),
        };
        for (index, module) in facts.iter().enumerate() {
            project
                .modules
                .entry(module.module.as_str())
                .or_insert(index);
            for function in &module.functions {
                project
                    .functions
                    .entry(function.id.as_str())
                    .or_insert(function);
                project.file_of.entry(function.id.as_str()).or_insert(index);
                project.add_suffix(&function.id);
            }
            for class in &module.classes {
                project.classes.entry(class.id.as_str()).or_insert(class);
                project.file_of.entry(class.id.as_str()).or_insert(index);
                project.add_suffix(&class.id);
            }
            for assignment in &module.assignments {
                project
                    .assignments
                    .entry(assignment.target.as_str())
                    .or_default()
                    .push(assignment);
                project
                    .file_of
                    .entry(assignment.target.as_str())
                    .or_insert(index);
                if assignment.scope == Scope::Module {
                    project.add_suffix(&assignment.target);
                }
            }
            for (local, target) in &module.imports {
                project
                    .imports
                    .entry(local.as_str())
                    .or_insert(target.as_str());
            }
        }
        // Parameters bound at call sites of project functions: `register(app)`.
        let mut bindings: Vec<(String, &'p Value)> = Vec::new();
        for module in facts {
            for call in module.all_calls() {
                let Value::Ref(symbol) = &call.func else {
                    continue;
                };
                let Some(function) = project.function_by_symbol(symbol) else {
                    continue;
                };
                let offset = usize::from(function.class.is_some());
                for (position, argument) in call.args.iter().enumerate() {
                    if matches!(argument, Value::Starred(_)) {
                        break;
                    }
                    if let Some(parameter) = function.parameters.get(position + offset) {
                        bindings.push((
                            format!("{}.<locals>.{}", function.id, parameter.name),
                            argument,
                        ));
                    }
                }
                for (keyword, argument) in &call.keywords {
                    if let Some(keyword) = keyword
                        && function.parameters.iter().any(|p| &p.name == keyword)
                    {
                        bindings.push((format!("{}.<locals>.{keyword}", function.id), argument));
                    }
                }
            }
        }
        for (parameter, argument) in bindings {
            project
                .parameter_arguments
                .entry(parameter)
                .or_default()
                .push(argument);
        }
        // What was resolved above did not know the parameter bindings yet.
        project.resolved.get_mut().clear();
        project.cut.get_mut().clear();
        project
    }

    fn add_suffix(&mut self, symbol: &'p str) {
        let suffix = last_segments(symbol, 2);
        if suffix.len() < symbol.len() {
            self.suffixes.entry(suffix).or_default().push(symbol);
        }
    }

    fn function_by_symbol(&self, symbol: &'p str) -> Option<&'p Function> {
        match self.resolve(symbol) {
            Target::Function(function) => Some(function),
            _ => None,
        }
    }

    pub fn function(&self, id: &str) -> Option<&'p Function> {
        self.functions.get(id).copied()
    }

    pub fn class(&self, id: &str) -> Option<&'p Class> {
        self.classes.get(id).copied()
    }

    pub fn module_index(&self, module: &str) -> Option<usize> {
        self.modules.get(module).copied()
    }

    /// The file (index into `facts`) that defines `symbol`.
    pub fn file_index(&self, symbol: &str) -> Option<usize> {
        self.file_of.get(symbol).copied()
    }

    /// The display path of the file that defines `symbol`.
    pub fn file_of(&self, symbol: &str) -> Option<&'p str> {
        self.file_index(symbol)
            .and_then(|index| self.facts.get(index))
            .map(|module| module.path.as_str())
    }

    /// Every assignment to `symbol`, in file order.
    pub fn assignments(&self, symbol: &str) -> &[&'p Assignment] {
        self.assignments.get(symbol).map_or(&[], Vec::as_slice)
    }

    /// Every statement call in the project, with the file it is in.
    pub fn calls(&self) -> impl Iterator<Item = (usize, &'p CallSite)> + '_ {
        self.facts
            .iter()
            .enumerate()
            .flat_map(|(index, module)| module.calls.iter().map(move |site| (index, site)))
    }

    /// Resolves a symbol (see the module doc).
    pub fn resolve(&self, symbol: &'p str) -> Target<'p> {
        self.resolve_at(symbol, 0)
    }

    /// Notes that resolution reached link `depth` (past the bound: it was cut off).
    fn reach(&self, depth: u32) {
        if depth > self.deepest.get() {
            self.deepest.set(depth);
        }
    }

    fn resolve_at(&self, symbol: &'p str, depth: u32) -> Target<'p> {
        if depth > MAX_RESOLVE_DEPTH {
            self.reach(depth);
            return Target::External(symbol);
        }
        let complete = self.resolved.borrow().get(symbol).copied();
        if let Some(complete) = complete
            && depth + complete.links <= MAX_RESOLVE_DEPTH
        {
            self.reach(depth + complete.links);
            return complete.target;
        }
        let cut = self.cut.borrow().get(&(symbol, depth)).copied();
        if let Some(target) = cut {
            self.reach(MAX_RESOLVE_DEPTH + 1);
            return target;
        }
        let outer = self.deepest.replace(depth);
        let target = self.resolve_links(symbol, depth);
        let deepest = self.deepest.get();
        self.deepest.set(outer.max(deepest));
        if deepest <= MAX_RESOLVE_DEPTH {
            let links = deepest - depth;
            self.resolved
                .borrow_mut()
                .insert(symbol, Complete { target, links });
        } else {
            self.cut.borrow_mut().insert((symbol, depth), target);
        }
        target
    }

    fn resolve_links(&self, symbol: &'p str, depth: u32) -> Target<'p> {
        if let Some(function) = self.functions.get(symbol) {
            return Target::Function(function);
        }
        if let Some(class) = self.classes.get(symbol) {
            return Target::Class(class);
        }
        if let Some(assignment) = self
            .assignments
            .get(symbol)
            .and_then(|list| list.iter().find(|assignment| !assignment.augmented))
        {
            return self.resolve_value_at(&assignment.target, &assignment.value, depth + 1);
        }
        if let Some(target) = self.imports.get(symbol) {
            return self.resolve_at(target, depth + 1);
        }
        if let Some(arguments) = self.parameter_arguments.get(symbol)
            && let Some(argument) = arguments.first()
            && let Some(resolved) = self.resolve_value_ref(argument, depth + 1)
        {
            return resolved;
        }
        if let Some((name, _)) = self.modules.get_key_value(symbol) {
            return Target::Module(name);
        }
        // An attribute of a module or of an instance of a project class.
        if let Some(parent) = parent_symbol(symbol) {
            let attribute = last_segments(symbol, 1);
            match self.resolve_at(parent, depth + 1) {
                Target::Module(module) => {
                    let full = format!("{module}.{attribute}");
                    if let Some(found) = self.interned(&full) {
                        return self.resolve_at(found, depth + 1);
                    }
                }
                Target::Object(_, call) => {
                    if let Value::Ref(class_symbol) = &call.func
                        && let Target::Class(class) = self.resolve_at(class_symbol, depth + 1)
                        && let Some(value) = self.class_attribute(class, attribute, depth + 1)
                    {
                        return self.resolve_value_at(symbol, value, depth + 1);
                    }
                }
                Target::Class(class) => {
                    if let Some(value) = self.class_attribute(class, attribute, depth + 1) {
                        return self.resolve_value_at(symbol, value, depth + 1);
                    }
                }
                _ => {}
            }
        }
        // Namespace packages: the defining file's module name lacks the package path.
        let suffix = last_segments(symbol, 2);
        if suffix.len() < symbol.len()
            && let Some(candidates) = self.suffixes.get(suffix)
            && let [only] = candidates.as_slice()
            && *only != symbol
        {
            return self.resolve_at(only, depth + 1);
        }
        Target::External(symbol)
    }

    /// The value of a class attribute, looking through project base classes.
    fn class_attribute(&self, class: &'p Class, attribute: &str, depth: u32) -> Option<&'p Value> {
        if depth > MAX_RESOLVE_DEPTH {
            self.reach(depth);
            return None;
        }
        if let Some(value) = class.attribute(attribute) {
            return Some(value);
        }
        class.bases.iter().find_map(|base| match base {
            Value::Ref(base) => match self.resolve_at(base, depth + 1) {
                Target::Class(base) => self.class_attribute(base, attribute, depth + 1),
                _ => None,
            },
            _ => None,
        })
    }

    /// Resolves a symbol that may not be owned by the facts (built by a rule): through an
    /// owned equal symbol, a module or object attribute, or the namespace-package fallback.
    pub fn resolve_str(&self, symbol: &str) -> Option<Target<'p>> {
        self.resolve_str_at(symbol, 0)
    }

    fn resolve_str_at(&self, symbol: &str, depth: u32) -> Option<Target<'p>> {
        if depth > MAX_RESOLVE_DEPTH {
            return None;
        }
        if let Some(owned) = self.interned(symbol) {
            return Some(self.resolve(owned));
        }
        if let Some(parent) = parent_symbol(symbol) {
            let attribute = last_segments(symbol, 1);
            match self.resolve_str_at(parent, depth + 1)? {
                Target::Module(module) => {
                    let full = format!("{module}.{attribute}");
                    return self.interned(&full).map(|owned| self.resolve(owned));
                }
                Target::Object(_, call) => {
                    if let Value::Ref(class_symbol) = &call.func
                        && let Target::Class(class) = self.resolve(class_symbol)
                        && let Some(value) = self.class_attribute(class, attribute, depth + 1)
                    {
                        return Some(self.resolve_value_at(class.id.as_str(), value, depth + 1));
                    }
                }
                Target::Class(class) => {
                    if let Some(value) = self.class_attribute(class, attribute, depth + 1) {
                        return Some(self.resolve_value_at(class.id.as_str(), value, depth + 1));
                    }
                }
                _ => {}
            }
        }
        let suffix = last_segments(symbol, 2);
        if suffix.len() < symbol.len()
            && let Some(candidates) = self.suffixes.get(suffix)
            && let [only] = candidates.as_slice()
        {
            return Some(self.resolve(only));
        }
        None
    }

    /// A symbol string owned by the index that equals `symbol`.
    fn interned(&self, symbol: &str) -> Option<&'p str> {
        if let Some((key, _)) = self.functions.get_key_value(symbol) {
            return Some(key);
        }
        if let Some((key, _)) = self.classes.get_key_value(symbol) {
            return Some(key);
        }
        if let Some((key, _)) = self.assignments.get_key_value(symbol) {
            return Some(key);
        }
        if let Some((key, _)) = self.imports.get_key_value(symbol) {
            return Some(key);
        }
        if let Some((key, _)) = self.modules.get_key_value(symbol) {
            return Some(key);
        }
        None
    }

    /// What a value bound to `symbol` stands for.
    fn resolve_value_at(&self, symbol: &'p str, value: &'p Value, depth: u32) -> Target<'p> {
        match value {
            Value::Ref(other) => self.resolve_at(other, depth + 1),
            Value::Call(call) => {
                if let Value::Ref(callee) = &call.func
                    && let Target::Function(factory) = self.resolve_at(callee, depth + 1)
                    && let Some(returned) = factory.returns.iter().find_map(|value| match value {
                        Value::Ref(returned) => Some(returned),
                        _ => None,
                    })
                {
                    return self.resolve_at(returned, depth + 1);
                }
                Target::Object(symbol, call)
            }
            _ => Target::Value(symbol, value),
        }
    }

    fn resolve_value_ref(&self, value: &'p Value, depth: u32) -> Option<Target<'p>> {
        match value {
            Value::Ref(symbol) => Some(self.resolve_at(symbol, depth)),
            _ => None,
        }
    }

    /// The qualified third-party name a callee resolves to (`flask.Blueprint`), following
    /// project aliases (`from .compat import Blueprint`).
    pub fn external_name(&self, symbol: &'p str) -> &'p str {
        match self.resolve(symbol) {
            Target::External(name) => name,
            _ => symbol,
        }
    }

    /// The string a value evaluates to: literals, f-strings and `+` of constants; names of
    /// constants (module variables, class attributes of settings objects). Unknown parts are
    /// shown as `{name}`.
    pub fn string(&self, value: &'p Value) -> Option<String> {
        self.string_at(value, 0)
    }

    fn string_at(&self, value: &'p Value, depth: u32) -> Option<String> {
        if depth > MAX_RESOLVE_DEPTH {
            return None;
        }
        match value {
            Value::Str(text) => Some(text.clone()),
            Value::Format(parts) => {
                let mut out = String::new();
                for part in parts {
                    if let Some(text) = self.string_at(part, depth + 1) {
                        out.push_str(&text);
                    } else {
                        out.push('{');
                        out.push_str(&part.short());
                        out.push('}');
                    }
                }
                Some(out)
            }
            Value::Add(left, right) => {
                let left = self
                    .string_at(left, depth + 1)
                    .unwrap_or_else(|| format!("{{{}}}", left.short()));
                let right = self
                    .string_at(right, depth + 1)
                    .unwrap_or_else(|| format!("{{{}}}", right.short()));
                Some(left + &right)
            }
            Value::Ref(symbol) => match self.resolve_at(symbol, depth + 1) {
                Target::Value(_, Value::Str(text)) => Some(text.clone()),
                Target::Value(_, inner @ (Value::Format(_) | Value::Add(..))) => {
                    self.string_at(inner, depth + 1)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Like [`Project::string`], but a reference that does not resolve is shown as
    /// `{name}` instead of failing.
    pub fn string_or_placeholder(&self, value: &'p Value) -> Option<String> {
        match value {
            Value::Ref(_) | Value::Attr(..) | Value::Call(_) | Value::Subscript(..) => Some(
                self.string(value)
                    .unwrap_or_else(|| format!("{{{}}}", value.short())),
            ),
            _ => self.string(value),
        }
    }

    /// The elements of a list value, following references to list variables (each once) and
    /// `+`.
    pub fn list(&self, value: &'p Value) -> Vec<&'p Value> {
        let mut out = Vec::new();
        let mut expanded = std::collections::HashSet::new();
        self.list_at(value, 0, &mut expanded, &mut out);
        out
    }

    fn list_at(
        &self,
        value: &'p Value,
        depth: u32,
        expanded: &mut std::collections::HashSet<&'p str>,
        out: &mut Vec<&'p Value>,
    ) {
        if depth > MAX_RESOLVE_DEPTH || out.len() > 10_000 {
            return;
        }
        match value {
            Value::List(items) => {
                for item in items {
                    match item {
                        Value::Starred(inner) => self.list_at(inner, depth + 1, expanded, out),
                        _ => out.push(item),
                    }
                }
            }
            Value::Add(left, right) => {
                self.list_at(left, depth + 1, expanded, out);
                self.list_at(right, depth + 1, expanded, out);
            }
            Value::Ref(symbol) if expanded.insert(symbol.as_str()) => {
                for assignment in self.assignments(symbol) {
                    self.list_at(&assignment.value, depth + 1, expanded, out);
                }
            }
            _ => {}
        }
    }

    /// The class's own and inherited (project) base classes, nearest first, as symbols of
    /// what they resolve to (project classes by id, others by qualified name).
    pub fn ancestors(&self, class: &'p Class) -> Vec<String> {
        let mut out = Vec::new();
        self.ancestors_at(class, 0, &mut out);
        out
    }

    fn ancestors_at(&self, class: &'p Class, depth: u32, out: &mut Vec<String>) {
        if depth > MAX_RESOLVE_DEPTH {
            return;
        }
        for base in &class.bases {
            let Value::Ref(symbol) = base else {
                continue;
            };
            match self.resolve(symbol) {
                Target::Class(base) if !out.contains(&base.id) => {
                    out.push(base.id.clone());
                    self.ancestors_at(base, depth + 1, out);
                }
                Target::External(name) if !out.iter().any(|known| known == name) => {
                    out.push(name.to_string());
                }
                _ => {}
            }
        }
    }

    /// The project classes in `class`'s hierarchy, itself first.
    pub fn class_chain(&self, class: &'p Class) -> Vec<&'p Class> {
        let mut chain = vec![class];
        for ancestor in self.ancestors(class) {
            if let Some(found) = self.classes.get(ancestor.as_str()) {
                chain.push(found);
            }
        }
        chain
    }

    /// A class attribute looked up through project bases (`permission_classes`).
    pub fn inherited_attribute(&self, class: &'p Class, attribute: &str) -> Option<&'p Value> {
        self.class_attribute(class, attribute, 0)
    }

    /// The method `name` of `class` or of a project base class.
    pub fn method(&self, class: &'p Class, name: &str) -> Option<&'p Function> {
        self.class_chain(class).into_iter().find_map(|owner| {
            if owner.methods.iter().any(|method| method == name) {
                self.functions
                    .get(format!("{}.{name}", owner.id).as_str())
                    .copied()
            } else {
                None
            }
        })
    }

    /// Every module-level assignment in the project named `name` (settings lookups).
    pub fn module_assignments_named(&self, name: &str) -> Vec<(usize, &'p Assignment)> {
        let mut out = Vec::new();
        for (index, module) in self.facts.iter().enumerate() {
            for assignment in &module.assignments {
                if assignment.scope == Scope::Module && assignment.name == name {
                    out.push((index, assignment));
                }
            }
        }
        out
    }
}

//! Symbols: the dotted name a Python name or attribute chain stands for, project-wide.
//!
//! The inventory joins facts from many files, so "the `bp` in `app.register_blueprint(bp)`"
//! and "the `bp = Blueprint(...)` in `shop/views.py`" must get the same string. The walk's
//! side table ([`sg_python::ResolvedNames`]) already knows imports (relative ones made
//! absolute), aliases and definitions; what it cannot name (variables) gets a symbol here:
//!
//! - a local of a function (assigned, a parameter, a nested `def`): `<function id>.<locals>.x`;
//! - otherwise what the walk resolved (`flask.Blueprint`, `shop.views.bp`, `shop.views.index`);
//! - otherwise a module-level variable: `<module>.x`.
//!
//! `__init__` segments are dropped so that `shop/__init__.py` is the module `shop`, the name
//! other modules import it by.

use std::collections::HashSet;

use sg_python::ast::{self, Expr, Stmt};
use sg_python::{Ranged, SemanticIndex};

/// The names bound in one function body.
#[derive(Debug, Default)]
pub(crate) struct FunctionScope {
    pub id: String,
    pub locals: HashSet<String>,
}

/// Turns names into symbols for the unit being walked.
pub(crate) struct Names<'a> {
    index: &'a SemanticIndex,
    pub module: String,
    pub unit: u32,
    pub scopes: Vec<FunctionScope>,
}

impl<'a> Names<'a> {
    pub fn new(index: &'a SemanticIndex, module: String) -> Self {
        Names {
            index,
            module,
            unit: 0,
            scopes: Vec::new(),
        }
    }

    /// The modules the file imports.
    pub fn imports(&self) -> &sg_python::ImportedModules {
        &self.index.imports
    }

    /// What the walk resolved `expr` to (imports, definitions), `__init__` dropped.
    pub fn qualified(&self, expr: &Expr) -> Option<String> {
        self.index
            .resolved
            .get(self.unit, expr.range())
            .map(normalize)
    }

    /// The symbol of a `Name` or attribute chain (`None` for anything else, such as an
    /// attribute of a call result).
    pub fn symbol(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Name(name) => Some(self.name_symbol(name)),
            Expr::Attribute(attribute) => {
                if let Some(head) = head_name(expr)
                    && let Some(local) = self.local(head.id.as_str())
                {
                    let tail = chain_tail(expr)?;
                    return Some(format!("{local}{tail}"));
                }
                if let Some(qualified) = self.qualified(expr) {
                    return Some(qualified);
                }
                let base = self.symbol(&attribute.value)?;
                Some(format!("{base}.{}", attribute.attr.as_str()))
            }
            _ => None,
        }
    }

    fn name_symbol(&self, name: &ast::ExprName) -> String {
        let id = name.id.as_str();
        if let Some(local) = self.local(id) {
            return local;
        }
        if let Some(qualified) = self.index.resolved.get(self.unit, name.range()) {
            return normalize(qualified);
        }
        format!("{}.{id}", self.module)
    }

    /// The symbol of a local of an enclosing function.
    fn local(&self, id: &str) -> Option<String> {
        self.scopes
            .iter()
            .rev()
            .find(|scope| scope.locals.contains(id))
            .map(|scope| format!("{}.<locals>.{id}", scope.id))
    }

    /// The symbol a name bound in the current scope gets (an assignment target).
    pub fn binding_symbol(&self, id: &str) -> String {
        match self.scopes.last() {
            Some(scope) => format!("{}.<locals>.{id}", scope.id),
            None => format!("{}.{id}", self.module),
        }
    }

    /// The id of the innermost function being walked.
    pub fn current_function(&self) -> Option<&str> {
        self.scopes.last().map(|scope| scope.id.as_str())
    }
}

/// Drops `__init__` segments: `shop.__init__.create_app` → `shop.create_app`.
pub(crate) fn normalize(qualified: &str) -> String {
    if !qualified.contains("__init__") {
        return qualified.to_string();
    }
    qualified
        .split('.')
        .filter(|segment| *segment != "__init__")
        .collect::<Vec<_>>()
        .join(".")
}

/// The `Name` at the head of an attribute chain.
pub(crate) fn head_name(expr: &Expr) -> Option<&ast::ExprName> {
    match expr {
        Expr::Attribute(attribute) => head_name(&attribute.value),
        Expr::Name(name) => Some(name),
        _ => None,
    }
}

/// `.b.c` for `a.b.c` (`None` when the chain does not start with a name).
fn chain_tail(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Attribute(attribute) => {
            let head = chain_tail(&attribute.value)?;
            Some(format!("{head}.{}", attribute.attr.as_str()))
        }
        Expr::Name(_) => Some(String::new()),
        _ => None,
    }
}

/// The dotted text of a name or attribute chain as written (`db.session.commit`).
pub(crate) fn dotted(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(name) => Some(name.id.to_string()),
        Expr::Attribute(attribute) => {
            let base = dotted(&attribute.value)?;
            Some(format!("{base}.{}", attribute.attr.as_str()))
        }
        _ => None,
    }
}

/// The names a function body binds (parameters included, imports and nested bodies not):
/// what makes a name local in Python.
pub(crate) fn function_locals(function: &ast::StmtFunctionDef) -> HashSet<String> {
    let mut locals = HashSet::new();
    for parameter in &*function.parameters {
        locals.insert(parameter.name().to_string());
    }
    let mut globals = HashSet::new();
    collect_bindings(&function.body, &mut locals, &mut globals);
    for name in globals {
        locals.remove(&name);
    }
    locals
}

fn collect_bindings(body: &[Stmt], locals: &mut HashSet<String>, globals: &mut HashSet<String>) {
    for stmt in body {
        match stmt {
            Stmt::FunctionDef(function) => {
                locals.insert(function.name.to_string());
            }
            Stmt::ClassDef(class) => {
                locals.insert(class.name.to_string());
            }
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    target_names(target, locals);
                }
            }
            Stmt::AugAssign(assign) => target_names(&assign.target, locals),
            Stmt::AnnAssign(assign) if assign.value.is_some() => {
                target_names(&assign.target, locals);
            }
            Stmt::For(node) => {
                target_names(&node.target, locals);
                collect_bindings(&node.body, locals, globals);
                collect_bindings(&node.orelse, locals, globals);
            }
            Stmt::While(node) => {
                collect_bindings(&node.body, locals, globals);
                collect_bindings(&node.orelse, locals, globals);
            }
            Stmt::If(node) => {
                collect_bindings(&node.body, locals, globals);
                for clause in &node.elif_else_clauses {
                    collect_bindings(&clause.body, locals, globals);
                }
            }
            Stmt::With(node) => {
                for item in &node.items {
                    if let Some(vars) = &item.optional_vars {
                        target_names(vars, locals);
                    }
                }
                collect_bindings(&node.body, locals, globals);
            }
            Stmt::Try(node) => {
                collect_bindings(&node.body, locals, globals);
                for handler in &node.handlers {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    if let Some(name) = &handler.name {
                        locals.insert(name.to_string());
                    }
                    collect_bindings(&handler.body, locals, globals);
                }
                collect_bindings(&node.orelse, locals, globals);
                collect_bindings(&node.finalbody, locals, globals);
            }
            Stmt::Match(node) => {
                for case in &node.cases {
                    collect_bindings(&case.body, locals, globals);
                }
            }
            Stmt::Global(global) => {
                globals.extend(global.names.iter().map(ToString::to_string));
            }
            Stmt::Nonlocal(nonlocal) => {
                globals.extend(nonlocal.names.iter().map(ToString::to_string));
            }
            _ => {}
        }
    }
}

fn target_names(target: &Expr, locals: &mut HashSet<String>) {
    match target {
        Expr::Name(name) => {
            locals.insert(name.id.to_string());
        }
        Expr::Tuple(tuple) => {
            for element in &tuple.elts {
                target_names(element, locals);
            }
        }
        Expr::List(list) => {
            for element in &list.elts {
                target_names(element, locals);
            }
        }
        Expr::Starred(starred) => target_names(&starred.value, locals),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_segments_are_dropped() {
        assert_eq!(normalize("shop.__init__.create_app"), "shop.create_app");
        assert_eq!(normalize("shop.views.bp"), "shop.views.bp");
        assert_eq!(normalize("__init__"), "");
    }
}

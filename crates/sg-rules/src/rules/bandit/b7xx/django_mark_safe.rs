use std::cell::RefCell;

use sg_python::ast::visitor::{self, Visitor};
use sg_python::ast::{self, Expr, ExprCall, InterpolatedStringElement, Operator, Stmt};
use sg_python::semantic::ScopeKind;
use sg_python::{MAX_NESTING, QualifiedName, Ranged, TextSize};

use crate::checker::Checker;
use crate::rules::bandit::helpers::string_literal;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports Django's `mark_safe(x)` (and `SafeString`, `SafeText`, `SafeUnicode`,
    /// `SafeBytes` from `django.utils.safestring`) unless `x` is provably built from string
    /// literals only. Like Bandit, it reads the enclosing function (or class or module body)
    /// before the call: a name is safe when every assignment to it that may reach the call is
    /// safe (a plain assignment at the top level of the body replaces the earlier ones);
    /// `"...".format(...)`, `"..." % (...)`, `+` and f-strings are safe when all their parts
    /// are. Function parameters, attributes, subscripts and other calls are unsafe.
    ///
    /// Differences from Bandit: the callee is resolved through imports (Bandit reports any
    /// call named `mark_safe` once the file imports `django.utils.safestring`, so a local
    /// helper of that name is reported there and not here); an assignment in a branch or a
    /// loop does not replace the earlier ones (in Bandit, `if c: x = "<b>"` hides an earlier
    /// `x = name`); `+`, f-strings and keyword arguments of `format` are evaluated (Bandit
    /// calls them unsafe); every kind of parameter (keyword-only, `*args`, lambda and
    /// comprehension variables) is unsafe; assignments inside nested functions are ignored.
    /// At the top level of a notebook cell the value is not traced.
    ///
    /// ## Why is this bad?
    /// `mark_safe` tells Django templates not to escape the value. If any part of it comes
    /// from a user, it can carry `<script>` into the page (cross-site scripting).
    ///
    /// ## Example
    /// ```python
    /// from django.utils.safestring import mark_safe
    ///
    /// def badge(user):
    ///     return mark_safe("<span class='badge'>%s</span>" % user.nickname)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// from django.utils.html import format_html
    ///
    /// def badge(user):
    ///     return format_html("<span class='badge'>{}</span>", user.nickname)
    /// ```
    ///
    /// ## References
    /// - <https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.safestring.mark_safe>
    /// - <https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.html.format_html>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b703_django_mark_safe.html>
    /// - <https://cwe.mitre.org/data/definitions/80.html>
    pub static DJANGO_MARK_SAFE: Rule {
        code: "B703",
        name: "django-mark-safe",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(80),
        summary: "Django mark_safe on a value that may come from outside",
        aliases: ["django_mark_safe"],
    }
}

/// How many names deep a value is traced before giving up (unsafe).
const MAX_TRACE: u32 = 32;

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(
        callee.segments(),
        [
            "django",
            "utils",
            "safestring",
            "mark_safe" | "SafeText" | "SafeUnicode" | "SafeString" | "SafeBytes"
        ]
    ) {
        return;
    }
    let Some(content) = call.arguments.args.first() else {
        return;
    };
    if string_literal(content).is_some() {
        return;
    }
    let safe =
        Tracer::enclosing(checker, call.start()).is_some_and(|tracer| tracer.is_safe(content, 0));
    if !safe {
        checker.report(checker.finding(
            &DJANGO_MARK_SAFE,
            call.range(),
            "Potential XSS on mark_safe function",
        ));
    }
}

/// Decides whether a value at one point of a body is built from string literals only.
struct Tracer<'a> {
    /// The statements of the enclosing function, class or module.
    body: &'a [Stmt],
    /// Only top-level statements of `body` that start before this offset are read.
    until: TextSize,
    /// Parameters and comprehension variables: never safe.
    unsafe_names: Vec<&'a str>,
    /// Names being traced: a name that (indirectly) refers to itself adds nothing unsafe.
    in_progress: RefCell<Vec<&'a str>>,
}

impl<'a> Tracer<'a> {
    /// The tracer for the body the call is in, `None` when it cannot be read.
    fn enclosing(checker: &Checker<'_, 'a>, until: TextSize) -> Option<Tracer<'a>> {
        let semantic = checker.semantic();
        let mut unsafe_names = Vec::new();
        let body: &'a [Stmt] = 'found: {
            for scope in semantic.current_scopes() {
                match scope.kind {
                    ScopeKind::Function(function) => {
                        unsafe_names.extend(
                            function
                                .parameters
                                .iter()
                                .map(|parameter| parameter.name().as_str()),
                        );
                        break 'found &function.body;
                    }
                    ScopeKind::Class(class) => break 'found &class.body,
                    ScopeKind::Module => {
                        // A notebook cell's statements are not reachable from here.
                        if checker.cell().is_some() {
                            return None;
                        }
                        break 'found semantic.definitions.python_ast()?;
                    }
                    ScopeKind::Lambda(_) | ScopeKind::Generator { .. } => {
                        unsafe_names.extend(scope.bindings().map(|(name, _)| name));
                    }
                    ScopeKind::Type | ScopeKind::DunderClassCell => {}
                }
            }
            return None;
        };
        Some(Tracer {
            body,
            until,
            unsafe_names,
            in_progress: RefCell::new(Vec::new()),
        })
    }

    fn is_safe(&self, expr: &'a Expr, depth: u32) -> bool {
        if depth > MAX_TRACE {
            return false;
        }
        match expr {
            Expr::StringLiteral(_) => true,
            Expr::Name(name) => self.name_is_safe(name.id.as_str(), depth + 1),
            Expr::Call(call) => self.format_is_safe(call, depth + 1),
            Expr::BinOp(binary) => match binary.op {
                // `"<b>%s</b>" % (a, b)`
                Operator::Mod if string_literal(&binary.left).is_some() => match &*binary.right {
                    Expr::Tuple(tuple) => tuple
                        .elts
                        .iter()
                        .all(|element| self.is_safe(element, depth + 1)),
                    other => self.is_safe(other, depth + 1),
                },
                Operator::Add => {
                    self.is_safe(&binary.left, depth + 1) && self.is_safe(&binary.right, depth + 1)
                }
                _ => false,
            },
            Expr::FString(f_string) => f_string.value.iter().all(|part| match part {
                ast::FStringPart::Literal(_) => true,
                ast::FStringPart::FString(f_string) => {
                    f_string.elements.iter().all(|element| match element {
                        InterpolatedStringElement::Literal(_) => true,
                        InterpolatedStringElement::Interpolation(interpolation) => {
                            self.is_safe(&interpolation.expression, depth + 1)
                        }
                    })
                }
            }),
            _ => false,
        }
    }

    /// `"<b>{}</b>".format(a, *["b"], c=d)` with every argument safe.
    fn format_is_safe(&self, call: &'a ExprCall, depth: u32) -> bool {
        let Expr::Attribute(attribute) = &*call.func else {
            return false;
        };
        if attribute.attr.as_str() != "format" || string_literal(&attribute.value).is_none() {
            return false;
        }
        let arguments_safe = call.arguments.args.iter().all(|argument| match argument {
            Expr::Starred(starred) => match &*starred.value {
                Expr::List(list) => list.elts.iter().all(|elt| self.is_safe(elt, depth)),
                Expr::Tuple(tuple) => tuple.elts.iter().all(|elt| self.is_safe(elt, depth)),
                _ => false,
            },
            other => self.is_safe(other, depth),
        });
        arguments_safe
            && call
                .arguments
                .keywords
                .iter()
                .all(|keyword| keyword.arg.is_some() && self.is_safe(&keyword.value, depth))
    }

    /// Every value assigned to `name` before the call is safe (and there is one).
    fn name_is_safe(&self, name: &'a str, depth: u32) -> bool {
        if self.unsafe_names.contains(&name) {
            return false;
        }
        if self.in_progress.borrow().contains(&name) {
            return true;
        }
        let mut assignments = Assignments {
            name,
            values: Vec::new(),
            unknown: false,
        };
        for stmt in self.body {
            if stmt.start() >= self.until {
                break;
            }
            // A plain assignment at the top of the body always runs: what came before it can
            // no longer reach the call. One inside a branch or a loop may not run.
            if assigns_name(stmt, name) {
                assignments.values.clear();
                assignments.unknown = false;
            }
            assignments.statement(stmt, 0);
        }
        if assignments.unknown || assignments.values.is_empty() {
            return false;
        }
        self.in_progress.borrow_mut().push(name);
        let safe = assignments
            .values
            .iter()
            .all(|value| self.is_safe(value, depth));
        self.in_progress.borrow_mut().pop();
        safe
    }
}

/// Whether `stmt` is `name = …` (or `name: T = …`) with a value that does not read `name`
/// (`x = x + "a"` extends the earlier value rather than replacing it).
fn assigns_name(stmt: &Stmt, name: &str) -> bool {
    let is_name = |target: &Expr| matches!(target, Expr::Name(bound) if bound.id.as_str() == name);
    let (assigned, value) = match stmt {
        Stmt::Assign(assign) => (assign.targets.iter().any(is_name), &*assign.value),
        Stmt::AnnAssign(assign) => match &assign.value {
            Some(value) => (is_name(&assign.target), &**value),
            None => return false,
        },
        _ => return false,
    };
    if !assigned {
        return false;
    }
    let mut reads = ReadsName {
        name,
        found: false,
        depth: 0,
    };
    reads.visit_expr(value);
    !reads.found
}

/// Looks for a load of one name in an expression (depth-guarded: past the limit, assume yes).
struct ReadsName<'n> {
    name: &'n str,
    found: bool,
    depth: u32,
}

impl<'e> Visitor<'e> for ReadsName<'_> {
    fn visit_expr(&mut self, expr: &'e Expr) {
        if self.found {
            return;
        }
        if self.depth >= MAX_NESTING {
            self.found = true;
            return;
        }
        if let Expr::Name(name) = expr
            && name.id.as_str() == self.name
        {
            self.found = true;
            return;
        }
        self.depth += 1;
        visitor::walk_expr(self, expr);
        self.depth -= 1;
    }
}

/// The values assigned to one name in some statements, Bandit's `DeepAssignation`.
struct Assignments<'a> {
    name: &'a str,
    values: Vec<&'a Expr>,
    /// The name is bound in a way whose value is unknown (`for`, `with … as`, `import`…).
    unknown: bool,
}

impl<'a> Assignments<'a> {
    fn body(&mut self, body: &'a [Stmt], depth: u32) {
        for stmt in body {
            self.statement(stmt, depth);
        }
    }

    fn statement(&mut self, stmt: &'a Stmt, depth: u32) {
        if depth >= MAX_NESTING {
            self.unknown = true;
            return;
        }
        let depth = depth + 1;
        match stmt {
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    self.target(target, &assign.value, depth);
                }
            }
            Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    self.target(&assign.target, value, depth);
                }
            }
            Stmt::AugAssign(assign) if self.binds(&assign.target, depth) => {
                self.values.push(&assign.value);
            }
            Stmt::For(node) => {
                if self.binds(&node.target, depth) {
                    self.unknown = true;
                }
                self.body(&node.body, depth);
                self.body(&node.orelse, depth);
            }
            Stmt::While(node) => {
                self.body(&node.body, depth);
                self.body(&node.orelse, depth);
            }
            Stmt::If(node) => {
                self.body(&node.body, depth);
                for clause in &node.elif_else_clauses {
                    self.body(&clause.body, depth);
                }
            }
            Stmt::With(node) => {
                if node.items.iter().any(|item| {
                    item.optional_vars
                        .as_deref()
                        .is_some_and(|vars| self.binds(vars, depth))
                }) {
                    self.unknown = true;
                }
                self.body(&node.body, depth);
            }
            Stmt::Try(node) => {
                self.body(&node.body, depth);
                for handler in &node.handlers {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    if handler
                        .name
                        .as_ref()
                        .is_some_and(|bound| bound.as_str() == self.name)
                    {
                        self.unknown = true;
                    }
                    self.body(&handler.body, depth);
                }
                self.body(&node.orelse, depth);
                self.body(&node.finalbody, depth);
            }
            Stmt::Match(node) => {
                // Names bound by the patterns themselves are not traced (rare in views).
                for case in &node.cases {
                    self.body(&case.body, depth);
                }
            }
            Stmt::FunctionDef(function) => {
                self.unknown |= function.name.as_str() == self.name;
            }
            Stmt::ClassDef(class) => {
                self.unknown |= class.name.as_str() == self.name;
            }
            Stmt::Import(import) => {
                self.unknown |= import.names.iter().any(|alias| {
                    let bound = alias.asname.as_ref().map_or_else(
                        || alias.name.as_str().split('.').next().unwrap_or_default(),
                        ast::Identifier::as_str,
                    );
                    bound == self.name
                });
            }
            Stmt::ImportFrom(import) => {
                self.unknown |= import.names.iter().any(|alias| {
                    alias.asname.as_ref().unwrap_or(&alias.name).as_str() == self.name
                });
            }
            Stmt::Global(global) => {
                self.unknown |= global.names.iter().any(|bound| bound.as_str() == self.name);
            }
            Stmt::Nonlocal(nonlocal) => {
                self.unknown |= nonlocal
                    .names
                    .iter()
                    .any(|bound| bound.as_str() == self.name);
            }
            _ => {}
        }
    }

    /// `target = value`, with tuples unpacked element by element when both sides match.
    fn target(&mut self, target: &'a Expr, value: &'a Expr, depth: u32) {
        match (target, value) {
            (Expr::Name(name), _) => {
                if name.id.as_str() == self.name {
                    self.values.push(value);
                }
            }
            (
                Expr::Tuple(ast::ExprTuple { elts: targets, .. }),
                Expr::Tuple(ast::ExprTuple { elts: values, .. }),
            )
            | (
                Expr::List(ast::ExprList { elts: targets, .. }),
                Expr::List(ast::ExprList { elts: values, .. }),
            ) if targets.len() == values.len()
                && !targets
                    .iter()
                    .chain(values.iter())
                    .any(Expr::is_starred_expr) =>
            {
                if depth >= MAX_NESTING {
                    self.unknown = true;
                    return;
                }
                for (target, value) in targets.iter().zip(values.iter()) {
                    self.target(target, value, depth + 1);
                }
            }
            (other, _) => {
                if self.binds(other, depth) {
                    self.unknown = true;
                }
            }
        }
    }

    /// Whether the assignment target binds the name (`x`, `(a, x)`, `*x`).
    fn binds(&self, target: &Expr, depth: u32) -> bool {
        if depth >= MAX_NESTING {
            return true;
        }
        match target {
            Expr::Name(name) => name.id.as_str() == self.name,
            Expr::Tuple(tuple) => tuple.elts.iter().any(|elt| self.binds(elt, depth + 1)),
            Expr::List(list) => list.elts.iter().any(|elt| self.binds(elt, depth + 1)),
            Expr::Starred(starred) => self.binds(&starred.value, depth + 1),
            _ => false,
        }
    }
}

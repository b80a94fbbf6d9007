//! The per-function analysis: a forward, flow-sensitive walk over one function body that
//! keeps, for every variable (and `obj.attr` path), the labels of its value.
//!
//! Statements transfer the state; `if`/`match`/`try` branches are joined; loops run to a
//! fixed point (labels only grow, so this ends within a few passes); `return`, `raise`,
//! `break`, `continue` and calls that never return (`abort`, `sys.exit`) end a path, which is
//! what makes `if x not in ALLOWED: abort(404)` a sanitizer for the code below it.
//! Expressions are evaluated bottom-up; calls check sinks, apply sanitizers, propagators and
//! the summaries of the file's own functions.

use std::collections::BTreeMap;
use std::rc::Rc;

use sg_python::ast::{self, Expr, ExprCall, Stmt};
use sg_python::{Ranged, TextRange};

use crate::catalog::{self, Arguments, Condition, Sink};
use crate::module::{Module, ParamSink, SinkSite, Summary, is_literal, is_literal_collection};
use crate::rules::SinkClass;
use crate::value::{
    Kind, Label, Labels, ObjectKind, Origin, SinkSet, SourceKind, Step, Value, trace_concat,
    trace_extend, trace_start,
};

/// How deep expressions and statements may nest before the rest is treated as clean (the walk
/// of `sg-python` stops at the same depth and reports it).
const MAX_DEPTH: u32 = sg_python::MAX_NESTING;

/// Passes over a loop body before giving up on a fixed point (labels only grow, and real
/// loops settle in two).
const MAX_LOOP_PASSES: u32 = 4;

/// Loops nested deeper than this get a single pass (see `run_loop`).
const MAX_FIXED_POINT_NESTING: usize = 3;

/// Sinks that a fixed scheme and host (`https://api.example.com/…`, `/local/…`) neutralize.
const DESTINATION_SINKS: SinkSet = SinkSet::of(SinkClass::Url).with(SinkClass::Redirect);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Key<'a> {
    Name(&'a str),
    Attr(&'a str, &'a str),
}

/// What is known at one program point: the interesting values by variable (absent = clean).
pub(crate) type State<'a> = BTreeMap<Key<'a>, Value>;

fn join_states<'a>(a: Option<State<'a>>, b: Option<State<'a>>) -> Option<State<'a>> {
    match (a, b) {
        (None, other) | (other, None) => other,
        (Some(mut a), Some(b)) => {
            for (key, value) in b {
                match a.get_mut(&key) {
                    Some(existing) => existing.join(&value),
                    None => {
                        a.insert(key, value);
                    }
                }
            }
            Some(a)
        }
    }
}

fn same_states(a: &State<'_>, b: &State<'_>) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|(key, value)| b.get(key).is_some_and(|other| other.same(value)))
}

#[derive(Default)]
struct LoopExits<'a> {
    breaks: Option<State<'a>>,
    continues: Option<State<'a>>,
}

/// The values of a call's arguments.
struct CallArgs<'a> {
    positional: Vec<(bool, Value)>,
    keywords: Vec<(Option<&'a str>, Value)>,
}

impl CallArgs<'_> {
    /// The argument at `position` (a starred argument at or before it may stand for it) or
    /// passed as `keyword` (or through `**kwargs`).
    fn get(&self, position: usize, keyword: &str) -> Option<&Value> {
        if position != usize::MAX {
            for (index, (starred, value)) in self.positional.iter().enumerate() {
                if *starred && index <= position {
                    return Some(value);
                }
                if index == position {
                    return Some(value);
                }
            }
        }
        self.keywords
            .iter()
            .find(|(name, _)| name.is_none_or(|name| name == keyword))
            .map(|(_, value)| value)
    }

    fn all(&self) -> impl Iterator<Item = &Value> {
        self.positional
            .iter()
            .map(|(_, value)| value)
            .chain(self.keywords.iter().map(|(_, value)| value))
    }

    fn union(&self) -> Labels {
        let mut labels = Labels::default();
        for value in self.all() {
            labels.join(&value.labels);
        }
        labels
    }
}

pub(crate) struct FunctionRun<'m, 'a> {
    m: &'m Module<'a>,
    function: Option<usize>,
    unit: u32,
    /// The name of `self` in a method.
    self_name: Option<&'a str>,
    class: Option<usize>,
    loops: Vec<LoopExits<'a>>,
    returned: Value,
    sinks: Vec<ParamSink>,
    depth: u32,
}

impl<'m, 'a> FunctionRun<'m, 'a> {
    pub(crate) fn new(m: &'m Module<'a>, function: Option<usize>, unit: u32) -> Self {
        FunctionRun {
            m,
            function,
            unit,
            self_name: None,
            class: None,
            loops: Vec::new(),
            returned: Value::clean(),
            sinks: Vec::new(),
            depth: 0,
        }
    }

    pub(crate) fn set_unit(&mut self, unit: u32) {
        self.unit = unit;
    }

    /// Analyses function `index` of the module: its findings go to the module, its summary
    /// is returned.
    pub(crate) fn analyze(m: &'m Module<'a>, index: usize) -> Summary {
        let Some(info) = m.functions.get(index) else {
            return Summary::default();
        };
        let mut run = FunctionRun::new(m, Some(index), info.unit);
        run.class = info.class;
        let function_name = info.def.name.as_str();
        let mut state = State::default();
        for (position, (parameter, init)) in info.params.iter().zip(&info.inits).enumerate() {
            let name = parameter.name.as_str();
            let param = u16::try_from(position).unwrap_or(u16::MAX);
            let symbolic = Label {
                origin: Origin::Param(param),
                blocked: SinkSet::NONE,
                trace: trace_start(run.step(
                    parameter.name.range(),
                    format!("parameter `{name}` of `{function_name}()`"),
                )),
            };
            let value = match init {
                crate::frameworks::ParamInit::Receiver => {
                    run.self_name = Some(name);
                    continue;
                }
                crate::frameworks::ParamInit::Symbolic => Value::tainted(Labels::one(symbolic)),
                crate::frameworks::ParamInit::Source {
                    description,
                    blocked,
                } => {
                    let mut labels = Labels::one(symbolic);
                    labels.add(&Label {
                        origin: Origin::Source(SourceKind::Request),
                        blocked: *blocked,
                        trace: trace_start(
                            run.step(parameter.name.range(), format!("source: {description}")),
                        ),
                    });
                    Value::tainted(labels)
                }
                crate::frameworks::ParamInit::Request => Value::of_kind(Kind::Request),
                crate::frameworks::ParamInit::Model(model) => Value {
                    labels: Labels::one(symbolic),
                    kind: Kind::Model(*model),
                },
            };
            state.insert(Key::Name(name), value);
        }
        let _ = run.run_body(&info.def.body, state);
        let returns = run.returned.labels.iter().cloned().collect();
        let mut sinks = std::mem::take(&mut run.sinks);
        let mut seen = std::collections::HashSet::new();
        sinks.retain(|sink| {
            seen.insert((
                sink.param,
                sink.class,
                sink.site.unit,
                sink.site.range.start(),
                sink.site.range.end(),
            ))
        });
        Summary { returns, sinks }
    }

    fn step(&self, range: TextRange, message: impl Into<String>) -> Step {
        let (line, column) = self
            .m
            .locator(self.unit)
            .map_or((1, 1), |locator| locator.line_column(range.start()));
        Step {
            line,
            column,
            message: message.into(),
        }
    }

    fn slice(&self, range: TextRange) -> &'a str {
        self.m.locator(self.unit).map_or("", |l| l.slice(range))
    }

    /// Source text for messages: one line, at most 60 characters.
    fn short_text(&self, range: TextRange) -> String {
        let text = self.slice(range);
        let first_line = text.lines().next().unwrap_or("");
        let mut short: String = first_line.chars().take(60).collect();
        if short.len() < text.len() {
            short.push('…');
        }
        short
    }

    fn resolved(&self, expr: &Expr) -> Option<&'a str> {
        self.m.names.get(self.unit, expr.range())
    }

    // ----- statements -----

    /// Runs a block; `None` when its end is unreachable.
    pub(crate) fn run_body(&mut self, body: &'a [Stmt], mut state: State<'a>) -> Option<State<'a>> {
        for stmt in body {
            state = self.run_stmt(stmt, state)?;
        }
        Some(state)
    }

    fn run_stmt(&mut self, stmt: &'a Stmt, state: State<'a>) -> Option<State<'a>> {
        if self.depth >= MAX_DEPTH {
            return Some(state);
        }
        self.depth += 1;
        let out = self.run_stmt_inner(stmt, state);
        self.depth -= 1;
        out
    }

    fn run_stmt_inner(&mut self, stmt: &'a Stmt, mut state: State<'a>) -> Option<State<'a>> {
        match stmt {
            Stmt::FunctionDef(function) => {
                state.remove(&Key::Name(function.name.as_str()));
            }
            Stmt::ClassDef(class) => {
                state.remove(&Key::Name(class.name.as_str()));
            }
            Stmt::Return(ret) => {
                if let Some(value) = &ret.value {
                    let value = self.eval(value, &mut state);
                    self.returned.join(&value);
                }
                return None;
            }
            Stmt::Delete(delete) => {
                for target in &delete.targets {
                    if let Some(key) = key_of(target) {
                        state.remove(&key);
                    }
                }
            }
            Stmt::TypeAlias(_)
            | Stmt::Global(_)
            | Stmt::Nonlocal(_)
            | Stmt::Pass(_)
            | Stmt::IpyEscapeCommand(_) => {}
            Stmt::Assign(assign) => {
                let element_wise = assign.targets.len() == 1
                    && match (assign.targets.first(), &*assign.value) {
                        (Some(Expr::Tuple(t)), Expr::Tuple(v)) => same_shape(&t.elts, &v.elts),
                        (Some(Expr::List(t)), Expr::List(v)) => same_shape(&t.elts, &v.elts),
                        _ => false,
                    };
                if element_wise {
                    let (targets, values) = match (assign.targets.first(), &*assign.value) {
                        (Some(Expr::Tuple(t)), Expr::Tuple(v)) => (&t.elts, &v.elts),
                        (Some(Expr::List(t)), Expr::List(v)) => (&t.elts, &v.elts),
                        _ => return Some(state),
                    };
                    let values: Vec<Value> =
                        values.iter().map(|v| self.eval(v, &mut state)).collect();
                    for (target, value) in targets.iter().zip(values) {
                        self.assign(target, value, &mut state);
                    }
                } else {
                    let value = self.eval(&assign.value, &mut state);
                    for target in &assign.targets {
                        self.assign(target, value.clone(), &mut state);
                    }
                }
            }
            Stmt::AugAssign(assign) => {
                let value = self.eval(&assign.value, &mut state);
                let mut current = self.eval(&assign.target, &mut state);
                current.labels.join(&value.labels);
                if !matches!(current.kind, Kind::Sequence(_)) {
                    current.kind = Kind::Plain;
                }
                self.assign(&assign.target, current, &mut state);
            }
            Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    let value = self.eval(value, &mut state);
                    self.assign(&assign.target, value, &mut state);
                }
            }
            Stmt::For(for_stmt) => {
                let iterable = self.eval(&for_stmt.iter, &mut state);
                let element = Value::tainted(iterable.labels);
                return self.run_loop(
                    Some(&for_stmt.target),
                    &element,
                    None,
                    &for_stmt.body,
                    &for_stmt.orelse,
                    state,
                );
            }
            Stmt::While(while_stmt) => {
                return self.run_loop(
                    None,
                    &Value::clean(),
                    Some(&while_stmt.test),
                    &while_stmt.body,
                    &while_stmt.orelse,
                    state,
                );
            }
            Stmt::If(if_stmt) => {
                return self.run_if(
                    &if_stmt.test,
                    &if_stmt.body,
                    &if_stmt.elif_else_clauses,
                    state,
                );
            }
            Stmt::With(with) => {
                for item in &with.items {
                    let value = self.eval(&item.context_expr, &mut state);
                    if let Some(target) = &item.optional_vars {
                        self.assign(target, value, &mut state);
                    }
                }
                return self.run_body(&with.body, state);
            }
            Stmt::Match(match_stmt) => {
                let subject = self.eval(&match_stmt.subject, &mut state);
                let mut out = Some(state.clone());
                for case in &match_stmt.cases {
                    let mut branch = state.clone();
                    let mut captured = Vec::new();
                    pattern_names(&case.pattern, &mut captured, 0);
                    for name in captured {
                        bind(&mut branch, Key::Name(name), subject.clone());
                    }
                    if let Some(guard) = &case.guard {
                        let _ = self.eval(guard, &mut branch);
                    }
                    let end = self.run_body(&case.body, branch);
                    out = join_states(out, end);
                }
                return out;
            }
            Stmt::Raise(raise) => {
                if let Some(exc) = &raise.exc {
                    let _ = self.eval(exc, &mut state);
                }
                return None;
            }
            Stmt::Try(try_stmt) => {
                let body_end = self.run_body(&try_stmt.body, state.clone());
                let handler_entry = join_states(Some(state), body_end.clone());
                let mut out = None;
                for handler in &try_stmt.handlers {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    let Some(mut entry) = handler_entry.clone() else {
                        continue;
                    };
                    if let Some(name) = &handler.name {
                        entry.remove(&Key::Name(name.as_str()));
                    }
                    let end = self.run_body(&handler.body, entry);
                    out = join_states(out, end);
                }
                let else_end = match body_end {
                    Some(end) => self.run_body(&try_stmt.orelse, end),
                    None => None,
                };
                let merged = join_states(else_end, out);
                if try_stmt.finalbody.is_empty() {
                    return merged;
                }
                let Some(merged) = merged else {
                    if let Some(entry) = handler_entry {
                        let _ = self.run_body(&try_stmt.finalbody, entry);
                    }
                    return None;
                };
                return self.run_body(&try_stmt.finalbody, merged);
            }
            Stmt::Assert(assert) => {
                let _ = self.eval(&assert.test, &mut state);
                self.refine(&assert.test, true, &mut state);
                if let Some(msg) = &assert.msg {
                    let _ = self.eval(msg, &mut state);
                }
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    let bound = alias.asname.as_ref().map_or_else(
                        || alias.name.as_str().split('.').next().unwrap_or(""),
                        ast::Identifier::as_str,
                    );
                    state.remove(&Key::Name(bound));
                }
            }
            Stmt::ImportFrom(import) => {
                for alias in &import.names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    state.remove(&Key::Name(bound.as_str()));
                }
            }
            Stmt::Break(_) => {
                if let Some(frame) = self.loops.last_mut() {
                    frame.breaks = join_states(frame.breaks.take(), Some(state));
                }
                return None;
            }
            Stmt::Continue(_) => {
                if let Some(frame) = self.loops.last_mut() {
                    frame.continues = join_states(frame.continues.take(), Some(state));
                }
                return None;
            }
            Stmt::Expr(expr) => {
                let _ = self.eval(&expr.value, &mut state);
                if let Expr::Call(call) = &*expr.value
                    && self.never_returns(call)
                {
                    return None;
                }
            }
        }
        Some(state)
    }

    /// `abort(404)`, `sys.exit()`…: the path ends here.
    fn never_returns(&self, call: &ExprCall) -> bool {
        self.resolved(&call.func).is_some_and(|name| {
            matches!(
                name,
                "flask.abort"
                    | "werkzeug.exceptions.abort"
                    | "sys.exit"
                    | "os._exit"
                    | "exit"
                    | "quit"
            )
        })
    }

    fn run_loop(
        &mut self,
        target: Option<&'a Expr>,
        element: &Value,
        test: Option<&'a Expr>,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
        state: State<'a>,
    ) -> Option<State<'a>> {
        let mut head = state;
        let mut broken: Option<State<'a>> = None;
        // Nested loops multiply passes; past a few levels one pass each keeps the cost linear
        // (the state after the loop still joins the entry state with the body's end).
        let passes = if self.loops.len() >= MAX_FIXED_POINT_NESTING {
            1
        } else {
            MAX_LOOP_PASSES
        };
        for _ in 0..passes {
            let mut entry = head.clone();
            if let Some(test) = test {
                let _ = self.eval(test, &mut entry);
            }
            if let Some(target) = target {
                self.assign(target, element.clone(), &mut entry);
            }
            self.loops.push(LoopExits::default());
            let end = self.run_body(body, entry);
            let exits = self.loops.pop().unwrap_or_default();
            broken = join_states(broken, exits.breaks);
            let back = join_states(end, exits.continues);
            let Some(next) = join_states(Some(head.clone()), back) else {
                break;
            };
            if same_states(&next, &head) {
                break;
            }
            head = next;
        }
        let after = self.run_body(orelse, head);
        join_states(after, broken)
    }

    fn run_if(
        &mut self,
        test: &'a Expr,
        body: &'a [Stmt],
        clauses: &'a [ast::ElifElseClause],
        mut state: State<'a>,
    ) -> Option<State<'a>> {
        let _ = self.eval(test, &mut state);
        let mut then_state = state.clone();
        self.refine(test, true, &mut then_state);
        let then_end = self.run_body(body, then_state);
        let mut else_state = state;
        self.refine(test, false, &mut else_state);
        let else_end = match clauses.split_first() {
            None => Some(else_state),
            Some((clause, rest)) => match &clause.test {
                Some(test) => self.run_if(test, &clause.body, rest, else_state),
                None => self.run_body(&clause.body, else_state),
            },
        };
        join_states(then_end, else_end)
    }

    /// Applies what a condition proves on the branch where it is `positive`.
    fn refine(&self, test: &'a Expr, positive: bool, state: &mut State<'a>) {
        let mut guards = Vec::new();
        self.guards(test, positive, &mut guards, 0);
        for (key, sinks) in guards {
            if let Some(value) = state.get_mut(&key) {
                value.labels.block(sinks);
                if !value.is_interesting() {
                    state.remove(&key);
                }
            }
        }
    }

    fn guards(
        &self,
        test: &'a Expr,
        positive: bool,
        out: &mut Vec<(Key<'a>, SinkSet)>,
        depth: u32,
    ) {
        if depth > 16 {
            return;
        }
        match test {
            Expr::UnaryOp(unary) if unary.op == ast::UnaryOp::Not => {
                self.guards(&unary.operand, !positive, out, depth + 1);
            }
            Expr::BoolOp(bool_op) => {
                let and = bool_op.op == ast::BoolOp::And;
                if and == positive {
                    // `a and b` true proves both; `a or b` false proves neither holds.
                    for value in &bool_op.values {
                        self.guards(value, positive, out, depth + 1);
                    }
                } else {
                    // `a and b` false: one of them is false, so only what every one of them
                    // proves when false holds (`not (x and guard(x))`: x is falsy or guarded).
                    let mut common: Option<Vec<(Key<'a>, SinkSet)>> = None;
                    for value in &bool_op.values {
                        let mut facts = Vec::new();
                        self.guards(value, positive, &mut facts, depth + 1);
                        common = Some(match common {
                            None => facts,
                            Some(previous) => intersect_facts(&previous, &facts),
                        });
                    }
                    out.extend(common.unwrap_or_default());
                }
            }
            // A falsy value (`None`, `""`) carries nothing.
            Expr::Name(_) | Expr::Attribute(_) if !positive => {
                if let Some(key) = key_of(test) {
                    out.push((key, SinkSet::ALL));
                }
            }
            Expr::Compare(compare) => {
                let ([op], [right]) = (&*compare.ops, &*compare.comparators) else {
                    return;
                };
                let left = &*compare.left;
                match op {
                    ast::CmpOp::In | ast::CmpOp::NotIn
                        if (*op == ast::CmpOp::In) == positive && self.is_allowlist(right) =>
                    {
                        if let Some(key) = key_of(left) {
                            out.push((key, SinkSet::ALL));
                        } else if let Some(key) = self.url_host_subject(left) {
                            // `urlsplit(url).hostname in ALLOWED`: the destination is fixed.
                            out.push((key, DESTINATION_SINKS));
                        }
                    }
                    ast::CmpOp::Eq | ast::CmpOp::NotEq if (*op == ast::CmpOp::Eq) == positive => {
                        if is_literal(right)
                            && let Some(key) = key_of(left)
                        {
                            out.push((key, SinkSet::ALL));
                        } else if is_literal(left)
                            && let Some(key) = key_of(right)
                        {
                            out.push((key, SinkSet::ALL));
                        }
                    }
                    _ => {}
                }
            }
            Expr::Call(call) if positive => {
                if let Expr::Attribute(attribute) = &*call.func
                    && self.resolved(&call.func).is_none()
                    && let Some(key) = key_of(&attribute.value)
                {
                    match attribute.attr.as_str() {
                        "isdigit" | "isdecimal" | "isnumeric" | "isalnum" | "isalpha"
                        | "isidentifier" => out.push((key, SinkSet::ALL)),
                        "startswith" => out.push((key, SinkSet::of(SinkClass::Path))),
                        _ => {}
                    }
                }
                let name = self.resolved(&call.func).or(match &*call.func {
                    Expr::Name(name) => Some(name.id.as_str()),
                    Expr::Attribute(attribute) => Some(attribute.attr.as_str()),
                    _ => None,
                });
                let Some(name) = name else { return };
                let last = name.rsplit('.').next().unwrap_or(name);
                if catalog::is_url_guard(last)
                    && let Some(key) = call
                        .arguments
                        .args
                        .first()
                        .or_else(|| call.arguments.find_keyword("url").map(|k| &k.value))
                        .and_then(key_of)
                {
                    out.push((key, DESTINATION_SINKS));
                }
                if matches!(name, "re.fullmatch" | "re.match")
                    && let [pattern, subject, ..] = &*call.arguments.args
                    && let Expr::StringLiteral(pattern) = pattern
                    && (name == "re.fullmatch" || {
                        let text = pattern.value.to_str();
                        text.ends_with('$') || text.ends_with("\\Z")
                    })
                    && let Some(key) = key_of(subject)
                {
                    out.push((key, SinkSet::ALL));
                }
            }
            _ => {}
        }
    }

    /// The URL variable of `urlsplit(url).hostname` (also `urlparse`, `.netloc`, `.host`).
    fn url_host_subject(&self, expr: &'a Expr) -> Option<Key<'a>> {
        let Expr::Attribute(attribute) = expr else {
            return None;
        };
        if !matches!(attribute.attr.as_str(), "hostname" | "netloc" | "host") {
            return None;
        }
        let Expr::Call(call) = &*attribute.value else {
            return None;
        };
        let parser = self.resolved(&call.func)?;
        if !matches!(parser, "urllib.parse.urlsplit" | "urllib.parse.urlparse") {
            return None;
        }
        call.arguments.args.first().and_then(key_of)
    }

    /// A literal collection, or a module-level name bound to one (or its `.keys()`).
    fn is_allowlist(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Name(name) => self.m.constants.contains(name.id.as_str()),
            Expr::Call(call) if call.arguments.args.is_empty() => match &*call.func {
                Expr::Attribute(attribute)
                    if matches!(attribute.attr.as_str(), "keys" | "values") =>
                {
                    self.is_allowlist(&attribute.value)
                }
                _ => is_literal_collection(expr),
            },
            other => is_literal_collection(other),
        }
    }

    /// Binds `value` to an assignment target, recording the step in its trace.
    fn assign(&mut self, target: &'a Expr, value: Value, state: &mut State<'a>) {
        match target {
            Expr::Name(name) => {
                let value = self.with_step(value, target, name.id.as_str());
                bind(state, Key::Name(name.id.as_str()), value);
            }
            Expr::Attribute(attribute) => {
                if let Expr::Name(base) = &*attribute.value {
                    let value = self.with_step(value, target, self.slice(target.range()));
                    bind(
                        state,
                        Key::Attr(base.id.as_str(), attribute.attr.as_str()),
                        value,
                    );
                }
            }
            Expr::Subscript(subscript) => {
                // `response["Location"] = url`, `response.headers["Location"] = url`.
                if value.is_tainted()
                    && matches!(&*subscript.slice, Expr::StringLiteral(header)
                        if header.value.to_str().eq_ignore_ascii_case("location"))
                {
                    let callee: Rc<str> = Rc::from(self.short_text(target.range()));
                    self.hit(SinkClass::Redirect, target.range(), &callee, &value.labels);
                }
                // `d[k] = v`: the container now holds the value (a weak update).
                if value.is_tainted()
                    && let Some(key) = key_of(&subscript.value)
                {
                    let value = self.with_step(value, target, self.slice(target.range()));
                    let entry = state.entry(key).or_default();
                    entry.labels.join(&value.labels);
                }
            }
            Expr::Tuple(tuple) => {
                for element in &tuple.elts {
                    self.assign(element, Value::tainted(value.labels.clone()), state);
                }
            }
            Expr::List(list) => {
                for element in &list.elts {
                    self.assign(element, Value::tainted(value.labels.clone()), state);
                }
            }
            Expr::Starred(starred) => self.assign(&starred.value, value, state),
            _ => {}
        }
    }

    fn with_step(&self, mut value: Value, target: &Expr, text: &str) -> Value {
        value.labels = value
            .labels
            .step(|| self.step(target.range(), format!("assigned to `{text}`")));
        value
    }

    // ----- expressions -----

    fn eval(&mut self, expr: &'a Expr, state: &mut State<'a>) -> Value {
        if self.depth >= MAX_DEPTH {
            return Value::clean();
        }
        self.depth += 1;
        let value = self.eval_inner(expr, state);
        self.depth -= 1;
        value
    }

    fn eval_inner(&mut self, expr: &'a Expr, state: &mut State<'a>) -> Value {
        match expr {
            Expr::BoolOp(bool_op) => {
                let mut value = Value::clean();
                for operand in &bool_op.values {
                    let operand = self.eval(operand, state);
                    value.join(&operand);
                }
                value
            }
            Expr::Named(named) => {
                let value = self.eval(&named.value, state);
                self.assign(&named.target, value.clone(), state);
                value
            }
            Expr::BinOp(binop) => self.eval_binop(binop, state),
            Expr::UnaryOp(unary) => {
                let operand = self.eval(&unary.operand, state);
                if unary.op == ast::UnaryOp::Not {
                    Value::clean()
                } else {
                    Value::tainted(operand.labels)
                }
            }
            Expr::Lambda(_)
            | Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
            | Expr::IpyEscapeCommand(_) => Value::clean(),
            Expr::If(if_expr) => {
                let _ = self.eval(&if_expr.test, state);
                let mut value = self.eval(&if_expr.body, state);
                let orelse = self.eval(&if_expr.orelse, state);
                value.join(&orelse);
                value
            }
            Expr::Dict(dict) => {
                let mut labels = Labels::default();
                for item in &dict.items {
                    if let Some(key) = &item.key {
                        labels.join(&self.eval(key, state).labels);
                    }
                    labels.join(&self.eval(&item.value, state).labels);
                }
                Value::tainted(labels)
            }
            Expr::Set(set) => {
                let mut labels = Labels::default();
                for element in &set.elts {
                    labels.join(&self.eval(element, state).labels);
                }
                Value::tainted(labels)
            }
            Expr::List(list) => self.eval_sequence(&list.elts, state),
            Expr::Tuple(tuple) => self.eval_sequence(&tuple.elts, state),
            Expr::ListComp(comp) => self.eval_comprehension(&comp.generators, &[&comp.elt], state),
            Expr::SetComp(comp) => self.eval_comprehension(&comp.generators, &[&comp.elt], state),
            Expr::Generator(comp) => self.eval_comprehension(&comp.generators, &[&comp.elt], state),
            Expr::DictComp(comp) => {
                let mut elements: Vec<&'a Expr> = vec![&comp.value];
                if let Some(key) = &comp.key {
                    elements.push(key);
                }
                self.eval_comprehension(&comp.generators, &elements, state)
            }
            Expr::Await(await_expr) => self.eval(&await_expr.value, state),
            Expr::Yield(yield_expr) => {
                if let Some(value) = &yield_expr.value {
                    let value = self.eval(value, state);
                    self.returned.join(&value);
                }
                Value::clean()
            }
            Expr::YieldFrom(yield_from) => {
                let value = self.eval(&yield_from.value, state);
                self.returned.join(&value);
                Value::clean()
            }
            Expr::Compare(compare) => {
                let _ = self.eval(&compare.left, state);
                for comparator in &compare.comparators {
                    let _ = self.eval(comparator, state);
                }
                Value::clean()
            }
            Expr::Call(call) => self.eval_call(call, state),
            Expr::FString(fstring) => {
                let mut parts: Vec<Part> = Vec::new();
                for part in &fstring.value {
                    match part {
                        ast::FStringPart::Literal(literal) => {
                            parts.push(Part::Literal(literal.value.to_string()));
                        }
                        ast::FStringPart::FString(inner) => {
                            self.interpolated_parts(&inner.elements, &mut parts, state);
                        }
                    }
                }
                Value::tainted(join_parts(parts))
            }
            Expr::TString(tstring) => {
                let mut parts: Vec<Part> = Vec::new();
                for part in &tstring.value {
                    self.interpolated_parts(&part.elements, &mut parts, state);
                }
                Value::tainted(join_parts(parts))
            }
            Expr::Attribute(attribute) => self.eval_attribute(expr, attribute, state),
            Expr::Subscript(subscript) => {
                let _ = self.eval(&subscript.slice, state);
                let container = self.eval(&subscript.value, state);
                Value::tainted(container.labels)
            }
            Expr::Starred(starred) => self.eval(&starred.value, state),
            Expr::Name(name) => self.eval_name(expr, name, state),
            Expr::Slice(slice) => {
                for part in [&slice.lower, &slice.upper, &slice.step]
                    .into_iter()
                    .flatten()
                {
                    let _ = self.eval(part, state);
                }
                Value::clean()
            }
        }
    }

    fn interpolated_parts(
        &mut self,
        elements: &'a ast::InterpolatedStringElements,
        parts: &mut Vec<Part>,
        state: &mut State<'a>,
    ) {
        for element in elements {
            match element {
                ast::InterpolatedStringElement::Literal(literal) => {
                    parts.push(Part::Literal(literal.value.to_string()));
                }
                ast::InterpolatedStringElement::Interpolation(interpolation) => {
                    let mut value = self.eval(&interpolation.expression, state);
                    if let Some(spec) = &interpolation.format_spec {
                        let mut spec_parts = Vec::new();
                        self.interpolated_parts(&spec.elements, &mut spec_parts, state);
                        value.labels.join(&join_parts(spec_parts));
                    }
                    parts.push(Part::Value(value.labels));
                }
            }
        }
    }

    fn eval_sequence(&mut self, elements: &'a [Expr], state: &mut State<'a>) -> Value {
        let mut labels = Labels::default();
        let mut head = None;
        for (index, element) in elements.iter().enumerate() {
            let value = self.eval(element, state);
            if index == 0 {
                head = Some(value.labels.clone());
            }
            labels.join(&value.labels);
        }
        Value {
            labels,
            kind: Kind::Sequence(head),
        }
    }

    fn eval_comprehension(
        &mut self,
        generators: &'a [ast::Comprehension],
        elements: &[&'a Expr],
        state: &mut State<'a>,
    ) -> Value {
        // Comprehension variables do not leak; restore what they shadowed.
        let mut saved: Vec<(Key<'a>, Option<Value>)> = Vec::new();
        for generator in generators {
            let iterable = self.eval(&generator.iter, state);
            let mut names = Vec::new();
            target_names(&generator.target, &mut names, 0);
            for name in names {
                let key = Key::Name(name);
                saved.push((key, state.get(&key).cloned()));
            }
            self.assign(&generator.target, Value::tainted(iterable.labels), state);
            for condition in &generator.ifs {
                let _ = self.eval(condition, state);
            }
        }
        let mut labels = Labels::default();
        for element in elements {
            labels.join(&self.eval(element, state).labels);
        }
        for (key, value) in saved.into_iter().rev() {
            match value {
                Some(value) => {
                    state.insert(key, value);
                }
                None => {
                    state.remove(&key);
                }
            }
        }
        Value::tainted(labels)
    }

    fn eval_binop(&mut self, binop: &'a ast::ExprBinOp, state: &mut State<'a>) -> Value {
        if binop.op == ast::Operator::Add {
            // Flatten `a + b + c` so that a fixed `https://host/` prefix is seen.
            let mut operands = Vec::new();
            flatten_add(&binop.left, &mut operands, 0);
            operands.push(&*binop.right);
            let mut parts = Vec::with_capacity(operands.len());
            let mut first_kind = None;
            for (index, operand) in operands.iter().enumerate() {
                let value = self.eval(operand, state);
                if index == 0 {
                    first_kind = Some(value.kind.clone());
                }
                match string_literal(operand) {
                    Some(text) => parts.push(Part::Literal(text)),
                    None => parts.push(Part::Value(value.labels)),
                }
            }
            let labels = join_parts(parts);
            return Value {
                labels,
                kind: match first_kind {
                    Some(kind @ Kind::Sequence(_)) => kind,
                    _ => Kind::Plain,
                },
            };
        }
        let left = self.eval(&binop.left, state);
        if binop.op == ast::Operator::Mod
            && let Some(template) = string_literal(&binop.left)
        {
            // `"…%s…%s" % (a, b)`: each conversion gets its own element.
            let (elements, whole) = match &*binop.right {
                Expr::Tuple(tuple) if !tuple.elts.iter().any(Expr::is_starred_expr) => (
                    tuple
                        .elts
                        .iter()
                        .map(|element| self.eval(element, state).labels)
                        .collect(),
                    Labels::default(),
                ),
                other => (Vec::new(), self.eval(other, state).labels),
            };
            return Value::tainted(join_parts(percent_parts(&template, &elements, &whole)));
        }
        let right = self.eval(&binop.right, state);
        // `Path(base) / name` is still a path.
        if binop.op == ast::Operator::Div && matches!(left.kind, Kind::Object(ObjectKind::Path)) {
            return Value {
                labels: left.labels.joined(&right.labels),
                kind: left.kind,
            };
        }
        if binop.op == ast::Operator::Mod && !left.is_tainted() {
            // `self.url % kwargs`: a template we cannot see, but not the input's, decides
            // where the result points; the input only fills its placeholders.
            return Value::tainted(right.labels.blocked(DESTINATION_SINKS));
        }
        Value::tainted(left.labels.joined(&right.labels))
    }

    fn eval_name(&mut self, expr: &'a Expr, name: &'a ast::ExprName, state: &State<'a>) -> Value {
        if let Some(value) = state.get(&Key::Name(name.id.as_str())) {
            return value.clone();
        }
        if let Some(qualified) = self.resolved(expr) {
            return self.global_value(qualified, expr);
        }
        if let Some(kind) = self.m.objects.get(name.id.as_str()) {
            return Value::of_kind(Kind::Object(*kind));
        }
        Value::clean()
    }

    /// The value of a module-level name chain: Flask's request data and configured sources.
    fn global_value(&self, qualified: &str, expr: &'a Expr) -> Value {
        let qualified = qualified
            .strip_prefix("flask.globals.request")
            .map_or(std::borrow::Cow::Borrowed(qualified), |rest| {
                std::borrow::Cow::Owned(format!("flask.request{rest}"))
            });
        if qualified == "flask.request" {
            return Value::of_kind(Kind::Request);
        }
        if let Some(length) = catalog::flask_request_source(&qualified) {
            let source_expr = trim_chain(expr, &qualified, length);
            return self.source_value(
                SourceKind::Request,
                source_expr.range(),
                format!(
                    "source: `{}` (Flask request data)",
                    self.short_text(source_expr.range())
                ),
            );
        }
        for configured in &self.m.options.sources {
            if qualified
                .strip_prefix(configured.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            {
                let source_expr = trim_chain(expr, &qualified, configured.len());
                return self.source_value(
                    SourceKind::Configured,
                    source_expr.range(),
                    format!(
                        "source: `{}` (configured source `{configured}`)",
                        self.short_text(source_expr.range())
                    ),
                );
            }
        }
        Value::clean()
    }

    fn source_value(&self, kind: SourceKind, range: TextRange, message: String) -> Value {
        Value::tainted(Labels::one(Label {
            origin: Origin::Source(kind),
            blocked: SinkSet::NONE,
            trace: trace_start(self.step(range, message)),
        }))
    }

    fn eval_attribute(
        &mut self,
        expr: &'a Expr,
        attribute: &'a ast::ExprAttribute,
        state: &mut State<'a>,
    ) -> Value {
        if let Some(qualified) = self.resolved(expr) {
            return self.global_value(qualified, expr);
        }
        if let Expr::Name(base) = &*attribute.value {
            if let Some(value) = state.get(&Key::Attr(base.id.as_str(), attribute.attr.as_str())) {
                return value.clone();
            }
            if self.self_name == Some(base.id.as_str())
                && self.class.is_some()
                && self.m.frameworks.request_parameters()
            {
                match attribute.attr.as_str() {
                    "request" => return Value::of_kind(Kind::Request),
                    "kwargs" | "args" if self.m.frameworks.django => {
                        return self.source_value(
                            SourceKind::Request,
                            expr.range(),
                            format!(
                                "source: `{}` (URL parameters of the view)",
                                self.short_text(expr.range())
                            ),
                        );
                    }
                    _ => {}
                }
            }
        }
        let base = self.eval(&attribute.value, state);
        self.attribute_of(&base, attribute.attr.as_str(), expr)
    }

    fn attribute_of(&self, base: &Value, attribute: &str, expr: &'a Expr) -> Value {
        match &base.kind {
            Kind::Request => {
                if catalog::is_request_data_attribute(attribute) {
                    self.source_value(
                        SourceKind::Request,
                        expr.range(),
                        format!("source: `{}` (request data)", self.short_text(expr.range())),
                    )
                } else {
                    Value::clean()
                }
            }
            Kind::Model(Some(index)) => {
                let Some(model) = self.m.models.get(*index) else {
                    return Value::clean();
                };
                match model.field(attribute) {
                    Some(crate::frameworks::Annotated::Text(blocked)) => {
                        let mut value = self.source_value(
                            SourceKind::Request,
                            expr.range(),
                            format!(
                                "source: `{}` (text field of request model `{}`)",
                                self.short_text(expr.range()),
                                model.name
                            ),
                        );
                        value.labels.block(blocked);
                        value
                    }
                    Some(crate::frameworks::Annotated::Model(inner)) => {
                        Value::of_kind(Kind::Model(inner))
                    }
                    None if matches!(
                        attribute,
                        "model_dump" | "dict" | "model_dump_json" | "json"
                    ) && model.has_text() =>
                    {
                        self.source_value(
                            SourceKind::Request,
                            expr.range(),
                            format!(
                                "source: `{}` (request model `{}` with text fields)",
                                self.short_text(expr.range()),
                                model.name
                            ),
                        )
                    }
                    _ => Value::clean(),
                }
            }
            Kind::Model(None) => Value::clean(),
            _ => {
                if catalog::is_validated_attribute(attribute) {
                    Value::clean()
                } else {
                    Value::tainted(base.labels.clone())
                }
            }
        }
    }

    fn callee_text(&self, call: &ExprCall, resolved: Option<&str>) -> Rc<str> {
        match resolved {
            Some(name) => Rc::from(name),
            None => Rc::from(self.short_text(call.func.range())),
        }
    }

    fn eval_call(&mut self, call: &'a ExprCall, state: &mut State<'a>) -> Value {
        let resolved = self.resolved(&call.func);
        // The receiver of a method call whose callee does not resolve to a global name.
        let (method, receiver) = match (&*call.func, resolved) {
            (Expr::Attribute(attribute), None) => {
                let receiver = self.eval(&attribute.value, state);
                (Some(attribute.attr.as_str()), Some(receiver))
            }
            (Expr::Name(_) | Expr::Attribute(_), Some(_)) => (None, None),
            (other, _) => {
                let _ = self.eval(other, state);
                (None, None)
            }
        };
        let args = CallArgs {
            positional: call
                .arguments
                .args
                .iter()
                .map(|arg| (arg.is_starred_expr(), self.eval(arg, state)))
                .collect(),
            keywords: call
                .arguments
                .keywords
                .iter()
                .map(|keyword| {
                    (
                        keyword.arg.as_ref().map(ast::Identifier::as_str),
                        self.eval(&keyword.value, state),
                    )
                })
                .collect(),
        };
        // A function of this file, called by name (resolved or not: a file outside a package
        // has no module path to resolve against).
        if let Expr::Name(callee) = &*call.func
            && !state.contains_key(&Key::Name(callee.id.as_str()))
            && let Some(index) = self.m.by_name.get(callee.id.as_str()).copied()
            && resolved.is_none_or(|name| name.rsplit('.').next() == Some(callee.id.as_str()))
        {
            return self.apply_summary(index, call, &args, 0);
        }
        match (resolved, method, receiver) {
            (Some(name), _, _) => self.call_global(call, name, &args),
            (None, Some(method), Some(receiver)) => {
                self.call_method(call, method, &receiver, &args, state)
            }
            (None, None, None) => match &*call.func {
                Expr::Name(name) if is_class_name(name.id.as_str()) => {
                    self.construct(name.id.as_str(), &args)
                }
                _ => Value::clean(),
            },
            _ => Value::clean(),
        }
    }

    fn call_global(&mut self, call: &'a ExprCall, name: &'a str, args: &CallArgs<'a>) -> Value {
        let options = self.m.options;
        if options.sanitizers.iter().any(|s| s == name) {
            return Value::clean();
        }
        if let Some(blocked) = catalog::sanitizer(name) {
            if blocked == SinkSet::ALL {
                return Value::clean();
            }
            return Value::tainted(args.union().blocked(blocked));
        }
        if let Some(class) = options.sinks.get(name) {
            let callee = self.callee_text(call, Some(name));
            for value in args.all() {
                self.hit(class.class(), call.range(), &callee, &value.labels);
            }
        }
        // A method reached through an imported name (`Invoice.objects.raw`,
        // `db.session.execute`) is matched like any method call.
        let qualified_sink = catalog::sink_call(name);
        let sink = qualified_sink.or_else(|| match &*call.func {
            Expr::Attribute(attribute) => {
                catalog::sink_method(attribute.attr.as_str(), None, self.m.frameworks.asyncpg)
            }
            _ => None,
        });
        if let Some(sink) = sink {
            let callee = self.callee_text(call, qualified_sink.map(|_| name));
            self.check_sink(sink, call, &callee, args);
        }
        if let Some(kind) = catalog::source_call(name) {
            return self.source_value(
                kind,
                call.range(),
                format!("source: `{}`", self.short_text(call.range())),
            );
        }
        if name == "ruamel.yaml.YAML" || name == "ruamel.yaml.main.YAML" {
            let unsafe_typ = call
                .arguments
                .find_keyword("typ")
                .is_some_and(|typ| names_unsafe(&typ.value));
            return if unsafe_typ {
                Value::of_kind(Kind::Object(ObjectKind::UnsafeYaml))
            } else {
                Value::clean()
            };
        }
        if let Some(kind) = catalog::object_constructor(name) {
            let labels = if kind == ObjectKind::Path {
                args.union()
            } else {
                Labels::default()
            };
            return Value {
                labels,
                kind: Kind::Object(kind),
            };
        }
        if catalog::is_propagator(name) {
            return Value::tainted(args.union());
        }
        // Deserializers hand back what the data said.
        if sink.is_some_and(|sink| sink.class == SinkClass::Deserialization) {
            return Value::tainted(args.union());
        }
        // A method of Flask's request data (`request.args.get`), or a configured source.
        let callee_value = self.global_value(name, &call.func);
        if !callee_value.is_tainted() && sink.is_none() && is_class_name(name) {
            return self.construct(name, args);
        }
        if callee_value.is_tainted() {
            let method = name.rsplit('.').next().unwrap_or(name);
            if catalog::is_non_propagating_method(method) || converts_to_number(call, method, self)
            {
                return Value::clean();
            }
            return callee_value;
        }
        Value::clean()
    }

    fn call_method(
        &mut self,
        call: &'a ExprCall,
        method: &'a str,
        receiver: &Value,
        args: &CallArgs<'a>,
        state: &mut State<'a>,
    ) -> Value {
        if catalog::is_validating_method(method) {
            return Value::clean();
        }
        let receiver_expr = match &*call.func {
            Expr::Attribute(attribute) => Some(&*attribute.value),
            _ => None,
        };
        // A method of this class, through `self`.
        if let (Some(Expr::Name(base)), Some(class)) = (receiver_expr, self.class)
            && self.self_name == Some(base.id.as_str())
            && let Some(index) = self.m.methods.get(&(class, method)).copied()
        {
            return self.apply_summary(index, call, args, 1);
        }
        let object = match receiver.kind {
            Kind::Object(kind) => Some(kind),
            _ => None,
        };
        if let Some(sink) = catalog::sink_method(method, object, self.m.frameworks.asyncpg) {
            let callee = self.callee_text(call, None);
            self.check_sink(sink, call, &callee, args);
        }
        if object == Some(ObjectKind::Path)
            && catalog::is_path_file_method(method)
            && receiver.is_tainted()
        {
            let callee = self.callee_text(call, None);
            self.hit(SinkClass::Path, call.range(), &callee, &receiver.labels);
        }
        // An uploaded file saved under a path from the request.
        if method == "save"
            && receiver.is_tainted()
            && let Some(destination) = args.get(0, "dst")
        {
            let callee = self.callee_text(call, None);
            let labels = destination.labels.clone();
            self.hit(SinkClass::Path, call.range(), &callee, &labels);
        }
        if catalog::is_socket_read(method)
            && (object == Some(ObjectKind::Socket)
                || (self.m.frameworks.socket && method != "makefile"))
        {
            return self.source_value(
                SourceKind::Network,
                call.range(),
                format!("source: `{}` (socket data)", self.short_text(call.range())),
            );
        }
        if catalog::is_mutating_method(method)
            && let Some(key) = receiver_expr.and_then(key_of)
        {
            let added = args.union();
            if !added.is_empty() {
                let step = self.step(
                    call.range(),
                    format!(
                        "added to `{}`",
                        self.slice(receiver_expr.map_or(call.range(), Ranged::range),)
                    ),
                );
                let added = added.step(|| step);
                let entry = state.entry(key).or_default();
                if let Kind::Sequence(None) = entry.kind
                    && matches!(method, "append" | "extend" | "insert" | "appendleft")
                {
                    entry.kind = Kind::Sequence(Some(added.clone()));
                }
                entry.labels.join(&added);
            }
        }
        match &receiver.kind {
            Kind::Request | Kind::Model(_) => {
                let attribute = self.attribute_of(receiver, method, &call.func);
                if attribute.is_tainted() {
                    return Value::tainted(attribute.labels);
                }
                return Value::clean();
            }
            _ => {}
        }
        if receiver.is_tainted() {
            if catalog::is_non_propagating_method(method) || converts_to_number(call, method, self)
            {
                return Value::clean();
            }
            let mut labels = receiver.labels.clone();
            if catalog::is_string_builder(method) {
                labels.join(&args.union());
            }
            return Value::tainted(labels);
        }
        if catalog::is_string_builder(method) {
            let labels = args.union();
            // `"https://host/{}".format(x)`: the literal fixes the destination.
            if let Some(Expr::StringLiteral(template)) = receiver_expr {
                let text = template.value.to_str();
                let prefix = text.split('{').next().unwrap_or("").to_string();
                return Value::tainted(join_parts(vec![
                    Part::Literal(prefix),
                    Part::Value(labels),
                ]));
            }
            // `self.url_template.format(**kwargs)`: like `%` with a template we cannot see.
            if matches!(method, "format" | "format_map") {
                return Value::tainted(labels.blocked(DESTINATION_SINKS));
            }
            return Value::tainted(labels);
        }
        Value::clean()
    }

    /// An instance of a class we do not model keeps what it was built from, except a
    /// pydantic model of this file: constructing it validates, like `model_validate`.
    fn construct(&self, name: &str, args: &CallArgs<'a>) -> Value {
        let last = name.rsplit('.').next().unwrap_or(name);
        if self.m.models.iter().any(|model| model.name == last) {
            return Value::clean();
        }
        Value::tainted(args.union())
    }

    /// Checks one sink call's dangerous arguments.
    fn check_sink(&mut self, sink: Sink, call: &ExprCall, callee: &Rc<str>, args: &CallArgs<'a>) {
        if !self.condition_holds(sink.condition, call) {
            return;
        }
        let shell = sink.condition == Condition::Subprocess && may_be_true(call, "shell");
        let selected: Vec<&Value> = match sink.arguments {
            Arguments::All => args.all().collect(),
            Arguments::These(list) => list
                .iter()
                .filter_map(|(position, keyword)| args.get(*position, keyword))
                .collect(),
        };
        for value in selected {
            let labels = match sink.condition {
                Condition::Subprocess if !shell => value.head_labels(),
                Condition::Argv0 => value.head_labels(),
                _ => value.labels.clone(),
            };
            self.hit(sink.class, call.range(), callee, &labels);
        }
        if sink.condition == Condition::Subprocess
            && let Some(executable) = args
                .keywords
                .iter()
                .find(|(name, _)| *name == Some("executable"))
        {
            let labels = executable.1.labels.clone();
            self.hit(sink.class, call.range(), callee, &labels);
        }
    }

    fn condition_holds(&self, condition: Condition, call: &ExprCall) -> bool {
        let keyword = |name: &str| call.arguments.find_keyword(name).map(|k| &k.value);
        match condition {
            Condition::Always | Condition::Subprocess | Condition::Argv0 => true,
            Condition::YamlLoader | Condition::RuamelLoader => {
                let loader = keyword("Loader").or_else(|| call.arguments.args.get(1));
                !loader.is_some_and(|loader| {
                    self.resolved(loader)
                        .is_some_and(catalog::is_safe_yaml_loader)
                })
            }
            Condition::TorchWeightsOnly => {
                keyword("weights_only").is_none_or(|value| literal_truthiness(value) != Some(true))
            }
            Condition::NumpyAllowPickle => keyword("allow_pickle")
                .or_else(|| call.arguments.args.get(2))
                .is_some_and(|value| literal_truthiness(value) != Some(false)),
            Condition::KerasUnsafe => keyword("safe_mode")
                .is_some_and(|value| matches!(value, Expr::BooleanLiteral(b) if !b.value)),
            Condition::TrustRemoteCode => keyword("trust_remote_code")
                .is_some_and(|value| literal_truthiness(value) != Some(false)),
        }
    }

    /// Labels reach a sink: sources become findings, parameters go into the summary.
    fn hit(&mut self, class: SinkClass, range: TextRange, callee: &Rc<str>, labels: &Labels) {
        let mut site: Option<Rc<SinkSite>> = None;
        for label in labels.iter() {
            if label.blocked.contains(class) {
                continue;
            }
            let site = site
                .get_or_insert_with(|| {
                    Rc::new(SinkSite {
                        unit: self.unit,
                        range,
                        step: self.step(range, format!("sink ({}): `{callee}`", class.label())),
                        callee: Rc::clone(callee),
                    })
                })
                .clone();
            match label.origin {
                Origin::Source(_) => self.m.report(class, &site, label),
                Origin::Param(param) => {
                    if self.function.is_some() {
                        self.sinks.push(ParamSink {
                            param,
                            class,
                            blocked: label.blocked,
                            trace: Rc::clone(&label.trace),
                            site,
                        });
                    }
                }
            }
        }
    }

    /// A call of one of the file's functions: its parameter→sink paths are checked against
    /// the arguments, and its return value carries what its parameters and sources gave it.
    fn apply_summary(
        &mut self,
        index: usize,
        call: &'a ExprCall,
        args: &CallArgs<'a>,
        receiver_offset: usize,
    ) -> Value {
        let Some(summary) = self.m.summary(index) else {
            return Value::clean();
        };
        let Some(info) = self.m.functions.get(index) else {
            return Value::clean();
        };
        let positional_count =
            info.def.parameters.posonlyargs.len() + info.def.parameters.args.len();
        let has_vararg = info.def.parameters.vararg.is_some();
        let bound = |param: u16| -> Option<Value> {
            let param = usize::from(param);
            let parameter = info.params.get(param)?;
            if param < positional_count {
                if let Some(position) = param.checked_sub(receiver_offset)
                    && let Some(value) = args.get(position, parameter.name.as_str())
                {
                    return Some(value.clone());
                }
                return None;
            }
            if has_vararg && param == positional_count {
                let mut labels = Labels::default();
                for (_, value) in args
                    .positional
                    .iter()
                    .skip(positional_count.saturating_sub(receiver_offset))
                {
                    labels.join(&value.labels);
                }
                return Some(Value::tainted(labels));
            }
            args.get(usize::MAX, parameter.name.as_str()).cloned()
        };
        let call_step = self.step(
            call.range(),
            format!("call of `{}()`", info.def.name.as_str()),
        );
        for sink in &summary.sinks {
            let Some(value) = bound(sink.param) else {
                continue;
            };
            for label in value.labels.iter() {
                let blocked = label.blocked.union(sink.blocked);
                if blocked.contains(sink.class) {
                    continue;
                }
                let combined = Label {
                    origin: label.origin,
                    blocked,
                    trace: trace_concat(
                        &trace_extend(&label.trace, call_step.clone()),
                        &sink.trace,
                    ),
                };
                match label.origin {
                    Origin::Source(_) => self.m.report(sink.class, &sink.site, &combined),
                    Origin::Param(param) => {
                        if self.function.is_some() {
                            self.sinks.push(ParamSink {
                                param,
                                class: sink.class,
                                blocked,
                                trace: combined.trace,
                                site: Rc::clone(&sink.site),
                            });
                        }
                    }
                }
            }
        }
        let function_name = info.def.name.as_str();
        let mut result = Labels::default();
        if summary.returns.is_empty() {
            return Value::clean();
        }
        let returned_step = self.step(call.range(), format!("returned by `{function_name}()`"));
        for returned in &summary.returns {
            match returned.origin {
                Origin::Source(_) => result.add(&Label {
                    origin: returned.origin,
                    blocked: returned.blocked,
                    trace: trace_extend(&returned.trace, returned_step.clone()),
                }),
                Origin::Param(param) => {
                    let Some(value) = bound(param) else { continue };
                    for label in value.labels.iter() {
                        result.add(&Label {
                            origin: label.origin,
                            blocked: label.blocked.union(returned.blocked),
                            trace: trace_extend(
                                &trace_concat(
                                    &trace_extend(&label.trace, call_step.clone()),
                                    &returned.trace,
                                ),
                                returned_step.clone(),
                            ),
                        });
                    }
                }
            }
        }
        Value::tainted(result)
    }
}

/// A piece of a string being built: literal text or a value's labels.
enum Part {
    Literal(String),
    Value(Labels),
}

/// The labels of a built string; a leading fixed destination (a literal `https://host/…` or
/// `/local…`, or a value that cannot choose the destination followed by `/…`, `?…` or `#…`)
/// neutralizes outgoing-URL and redirect sinks.
fn join_parts(parts: Vec<Part>) -> Labels {
    let mut fixed = SinkSet::NONE;
    for class in [SinkClass::Url, SinkClass::Redirect] {
        let fixes = match parts.first() {
            Some(Part::Literal(text)) => fixes_destination(text),
            Some(Part::Value(labels)) => {
                labels.iter().all(|label| label.blocked.contains(class))
                    && matches!(
                        parts.get(1),
                        Some(Part::Literal(text)) if text.starts_with(['/', '?', '#'])
                    )
            }
            None => false,
        };
        if fixes {
            fixed = fixed.with(class);
        }
    }
    let mut labels = Labels::default();
    for part in parts {
        if let Part::Value(value) = part {
            labels.join(&value);
        }
    }
    labels.block(fixed);
    labels
}

/// The pieces of `template % values`: literal text between the `%` conversions, and for each
/// conversion the next tuple element's labels (or the whole right operand's when it is not a
/// tuple literal).
fn percent_parts(template: &str, elements: &[Labels], whole: &Labels) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut next_element = 0;
    let mut chars = template.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch != '%' {
            literal.push(ch);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            literal.push('%');
            continue;
        }
        // `%(name)s`, flags, width, precision, then the conversion character.
        if chars.peek() == Some(&'(') {
            for inner in chars.by_ref() {
                if inner == ')' {
                    break;
                }
            }
        }
        while chars
            .peek()
            .is_some_and(|c| matches!(c, '-' | '+' | ' ' | '#' | '0'..='9' | '.' | '*'))
        {
            chars.next();
        }
        chars.next();
        parts.push(Part::Literal(std::mem::take(&mut literal)));
        let labels = if elements.is_empty() {
            whole.clone()
        } else {
            let labels = elements.get(next_element).cloned().unwrap_or_default();
            next_element += 1;
            labels
        };
        parts.push(Part::Value(labels));
    }
    parts.push(Part::Literal(literal));
    // A leading empty literal does not fix anything: drop it so that a leading value is seen.
    if matches!(parts.first(), Some(Part::Literal(text)) if text.is_empty()) && parts.len() > 1 {
        parts.remove(0);
    }
    parts
}

/// Facts that hold on every branch of a disjunction: the keys all of them sanitize, for the
/// sinks all of them sanitize.
fn intersect_facts<'a>(
    a: &[(Key<'a>, SinkSet)],
    b: &[(Key<'a>, SinkSet)],
) -> Vec<(Key<'a>, SinkSet)> {
    let collect = |facts: &[(Key<'a>, SinkSet)], key: Key<'a>| {
        facts
            .iter()
            .filter(|(k, _)| *k == key)
            .fold(SinkSet::NONE, |sinks, (_, s)| sinks.union(*s))
    };
    let mut out: Vec<(Key<'a>, SinkSet)> = Vec::new();
    for (key, _) in a {
        if out.iter().any(|(k, _)| k == key) {
            continue;
        }
        let common = collect(a, *key).intersection(collect(b, *key));
        if common != SinkSet::NONE {
            out.push((*key, common));
        }
    }
    out
}

/// `scheme://host/…` with the host closed, or a local path `/x…` (not `//`, not `/\`).
fn fixes_destination(prefix: &str) -> bool {
    if let Some(rest) = prefix.strip_prefix('/') {
        return rest.chars().next().is_some_and(|c| c != '/' && c != '\\');
    }
    let Some((scheme, rest)) = prefix.split_once("://") else {
        return false;
    };
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return false;
    }
    match rest.find(['/', '?', '#']) {
        Some(end) => end > 0,
        None => false,
    }
}

fn flatten_add<'a>(expr: &'a Expr, out: &mut Vec<&'a Expr>, depth: u32) {
    match expr {
        Expr::BinOp(binop) if binop.op == ast::Operator::Add && depth < 64 => {
            flatten_add(&binop.left, out, depth + 1);
            out.push(&binop.right);
        }
        other => out.push(other),
    }
}

fn string_literal(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(literal) => Some(literal.value.to_str().to_string()),
        _ => None,
    }
}

/// The part of a name chain that is the source: `request.args` in `request.args.get`, when
/// `qualified` (`flask.request.args.get`) has `source_length` bytes of source name.
fn trim_chain<'a>(expr: &'a Expr, qualified: &str, source_length: usize) -> &'a Expr {
    let source_segments = qualified
        .get(..source_length)
        .unwrap_or(qualified)
        .split('.')
        .count();
    let extra = qualified.split('.').count().saturating_sub(source_segments);
    let mut current = expr;
    for _ in 0..extra {
        match current {
            Expr::Attribute(attribute) => current = &attribute.value,
            _ => return expr,
        }
    }
    current
}

/// `CaseInsensitiveDict`, `forms.ContactForm`: a class (by Python naming convention), whose
/// instance keeps what it was built from. Exceptions and warnings are not worth following.
fn is_class_name(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name);
    last.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && last.chars().any(|c| c.is_ascii_lowercase())
        && !last.ends_with("Error")
        && !last.ends_with("Exception")
        && !last.ends_with("Warning")
}

/// The state key of a variable or `name.attr` path.
fn key_of(expr: &Expr) -> Option<Key<'_>> {
    match expr {
        Expr::Name(name) => Some(Key::Name(name.id.as_str())),
        Expr::Attribute(attribute) => match &*attribute.value {
            Expr::Name(base) => Some(Key::Attr(base.id.as_str(), attribute.attr.as_str())),
            _ => None,
        },
        _ => None,
    }
}

fn bind<'a>(state: &mut State<'a>, key: Key<'a>, value: Value) {
    if value.is_interesting() {
        state.insert(key, value);
    } else {
        state.remove(&key);
    }
}

fn same_shape(targets: &[Expr], values: &[Expr]) -> bool {
    targets.len() == values.len()
        && !targets.iter().any(Expr::is_starred_expr)
        && !values.iter().any(Expr::is_starred_expr)
}

fn target_names<'a>(target: &'a Expr, out: &mut Vec<&'a str>, depth: u32) {
    if depth > 32 {
        return;
    }
    match target {
        Expr::Name(name) => out.push(name.id.as_str()),
        Expr::Tuple(tuple) => {
            for element in &tuple.elts {
                target_names(element, out, depth + 1);
            }
        }
        Expr::List(list) => {
            for element in &list.elts {
                target_names(element, out, depth + 1);
            }
        }
        Expr::Starred(starred) => target_names(&starred.value, out, depth + 1),
        _ => {}
    }
}

/// Names a `case` pattern captures.
fn pattern_names<'a>(pattern: &'a ast::Pattern, out: &mut Vec<&'a str>, depth: u32) {
    if depth > 32 {
        return;
    }
    match pattern {
        ast::Pattern::MatchAs(node) => {
            if let Some(name) = &node.name {
                out.push(name.as_str());
            }
            if let Some(inner) = &node.pattern {
                pattern_names(inner, out, depth + 1);
            }
        }
        ast::Pattern::MatchStar(node) => {
            if let Some(name) = &node.name {
                out.push(name.as_str());
            }
        }
        ast::Pattern::MatchSequence(node) => {
            for inner in &node.patterns {
                pattern_names(inner, out, depth + 1);
            }
        }
        ast::Pattern::MatchMapping(node) => {
            for inner in &node.patterns {
                pattern_names(inner, out, depth + 1);
            }
            if let Some(rest) = &node.rest {
                out.push(rest.as_str());
            }
        }
        ast::Pattern::MatchClass(node) => {
            for inner in &node.arguments.patterns {
                pattern_names(inner, out, depth + 1);
            }
            for keyword in &node.arguments.keywords {
                pattern_names(&keyword.pattern, out, depth + 1);
            }
        }
        ast::Pattern::MatchOr(node) => {
            for inner in &node.patterns {
                pattern_names(inner, out, depth + 1);
            }
        }
        ast::Pattern::MatchValue(_) | ast::Pattern::MatchSingleton(_) => {}
    }
}

/// `"unsafe"`, or a list/tuple holding it (ruamel's `typ=`).
fn names_unsafe(typ: &Expr) -> bool {
    match typ {
        Expr::List(list) => list.elts.iter().any(names_unsafe),
        Expr::Tuple(tuple) => tuple.elts.iter().any(names_unsafe),
        Expr::StringLiteral(literal) => literal.value.to_str() == "unsafe",
        _ => false,
    }
}

/// `request.args.get("page", type=int)`: Werkzeug converts (and drops bad values).
fn converts_to_number(call: &ExprCall, method: &str, run: &FunctionRun<'_, '_>) -> bool {
    method == "get"
        && call.arguments.find_keyword("type").is_some_and(|keyword| {
            run.resolved(&keyword.value)
                .and_then(catalog::sanitizer)
                .is_some_and(|blocked| blocked == SinkSet::ALL)
        })
}

/// Whether keyword `name` is present with a value that is, or may be, true.
fn may_be_true(call: &ExprCall, name: &str) -> bool {
    call.arguments
        .find_keyword(name)
        .is_some_and(|keyword| literal_truthiness(&keyword.value) != Some(false))
}

/// The truth value of a literal (`None` for anything that is not one).
fn literal_truthiness(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::BooleanLiteral(literal) => Some(literal.value),
        Expr::NoneLiteral(_) => Some(false),
        Expr::NumberLiteral(literal) => Some(match &literal.value {
            ast::Number::Int(int) => int.as_u64() != Some(0),
            ast::Number::Float(float) => *float != 0.0,
            ast::Number::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        }),
        Expr::StringLiteral(literal) => Some(!literal.value.is_empty()),
        Expr::List(list) => Some(!list.elts.is_empty()),
        Expr::Tuple(tuple) => Some(!tuple.elts.is_empty()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::fixes_destination;

    #[test]
    fn destinations() {
        assert!(fixes_destination("https://api.example.com/v1/"));
        assert!(fixes_destination("http://internal:8080?x="));
        assert!(fixes_destination("/accounts/"));
        assert!(!fixes_destination("https://"));
        assert!(!fixes_destination("https://api.example.com"));
        assert!(!fixes_destination("//"));
        assert!(!fixes_destination("/\\evil"));
        assert!(!fixes_destination("/"));
        assert!(!fixes_destination(""));
    }
}

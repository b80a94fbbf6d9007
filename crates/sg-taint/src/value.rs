//! What the analysis knows about a value: which untrusted origins reach it (labels, each with
//! the trace that got it there and the sink classes a sanitizer already made it safe for),
//! and what kind of object it is when that matters (a request object, a pydantic model, an
//! HTTP client, a list whose first element we track for `argv[0]`).
//!
//! Traces are persistent linked lists: extending one for a new step shares the old prefix,
//! so copying a value between variables costs a reference count, not a vector.

use std::rc::Rc;

use sg_diagnostics::TraceStep;

use crate::rules::SinkClass;

/// A set of sink classes, as a bitset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct SinkSet(u16);

impl SinkSet {
    pub(crate) const NONE: SinkSet = SinkSet(0);
    pub(crate) const ALL: SinkSet = SinkSet(u16::MAX);

    pub(crate) const fn of(class: SinkClass) -> SinkSet {
        SinkSet(1 << class as u16)
    }

    pub(crate) const fn with(self, class: SinkClass) -> SinkSet {
        SinkSet(self.0 | 1 << class as u16)
    }

    pub(crate) const fn without(self, class: SinkClass) -> SinkSet {
        SinkSet(self.0 & !(1 << class as u16))
    }

    pub(crate) const fn contains(self, class: SinkClass) -> bool {
        self.0 & (1 << class as u16) != 0
    }

    pub(crate) const fn union(self, other: SinkSet) -> SinkSet {
        SinkSet(self.0 | other.0)
    }

    pub(crate) const fn intersection(self, other: SinkSet) -> SinkSet {
        SinkSet(self.0 & other.0)
    }
}

/// Steps beyond this many are dropped from a trace (the sink step is always added).
const MAX_TRACE_STEPS: u16 = 24;

/// One step of a trace in the making.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// A trace, newest step first; `prev` leads back to the origin.
#[derive(Debug)]
pub(crate) struct TraceNode {
    step: Step,
    prev: Option<Rc<TraceNode>>,
    len: u16,
}

pub(crate) type Trace = Rc<TraceNode>;

pub(crate) fn trace_start(step: Step) -> Trace {
    Rc::new(TraceNode {
        step,
        prev: None,
        len: 1,
    })
}

pub(crate) fn trace_extend(trace: &Trace, step: Step) -> Trace {
    if trace.len >= MAX_TRACE_STEPS || trace.step == step {
        return Rc::clone(trace);
    }
    Rc::new(TraceNode {
        step,
        prev: Some(Rc::clone(trace)),
        len: trace.len + 1,
    })
}

/// `tail`'s steps (origin first) appended after `head`.
pub(crate) fn trace_concat(head: &Trace, tail: &Trace) -> Trace {
    trace_steps(tail)
        .into_iter()
        .fold(Rc::clone(head), |trace, step| trace_extend(&trace, step))
}

/// The steps, origin first.
pub(crate) fn trace_steps(trace: &Trace) -> Vec<Step> {
    let mut steps = Vec::with_capacity(usize::from(trace.len));
    let mut node = Some(trace);
    while let Some(current) = node {
        steps.push(current.step.clone());
        node = current.prev.as_ref();
    }
    steps.reverse();
    steps
}

/// The trace as the finding model wants it, origin first, with `last` appended.
pub(crate) fn finding_trace(trace: &Trace, last: Step) -> Vec<TraceStep> {
    let mut steps = trace_steps(trace);
    if steps.last() != Some(&last) {
        steps.push(last);
    }
    steps
        .into_iter()
        .map(|step| TraceStep {
            line: step.line,
            column: step.column,
            message: step.message,
        })
        .collect()
}

/// The line and column of the origin of a trace (for ordering and messages).
pub(crate) fn trace_origin(trace: &Trace) -> (u32, u32) {
    let mut node = trace;
    while let Some(prev) = &node.prev {
        node = prev;
    }
    (node.step.line, node.step.column)
}

/// What kind of untrusted input a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SourceKind {
    /// Web request data (Flask, Django, DRF, FastAPI/Starlette, aiohttp).
    Request,
    /// `input()`.
    Input,
    /// Bytes from a socket.
    Network,
    /// A source from `[tool.snakeguard.taint] sources`.
    Configured,
}

impl SourceKind {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            SourceKind::Request => "Request data",
            SourceKind::Input => "User input",
            SourceKind::Network => "Network data",
            SourceKind::Configured => "Untrusted input",
        }
    }
}

/// Where a label comes from: a real source, or (for function summaries) a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Source(SourceKind),
    Param(u16),
}

#[derive(Debug, Clone)]
pub(crate) struct Label {
    pub origin: Origin,
    /// Sink classes this value has been sanitized for on every path.
    pub blocked: SinkSet,
    pub trace: Trace,
}

/// The labels of a value: at most one per origin.
#[derive(Debug, Clone, Default)]
pub(crate) struct Labels(Vec<Label>);

impl Labels {
    pub(crate) fn one(label: Label) -> Labels {
        Labels(vec![label])
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Label> {
        self.0.iter()
    }

    /// Adds `label`; an origin present on both keeps the first trace, and is blocked only
    /// for what both paths blocked.
    pub(crate) fn add(&mut self, label: &Label) {
        if let Some(existing) = self.0.iter_mut().find(|l| l.origin == label.origin) {
            let blocked = existing.blocked.intersection(label.blocked);
            if blocked != existing.blocked && blocked == label.blocked {
                existing.trace = Rc::clone(&label.trace);
            }
            existing.blocked = blocked;
        } else {
            self.0.push(label.clone());
        }
    }

    pub(crate) fn join(&mut self, other: &Labels) {
        for label in &other.0 {
            self.add(label);
        }
    }

    pub(crate) fn joined(mut self, other: &Labels) -> Labels {
        self.join(other);
        self
    }

    /// Marks every label sanitized for `sinks`; labels sanitized for everything are dropped.
    pub(crate) fn block(&mut self, sinks: SinkSet) {
        for label in &mut self.0 {
            label.blocked = label.blocked.union(sinks);
        }
        self.0.retain(|label| label.blocked != SinkSet::ALL);
    }

    pub(crate) fn blocked(mut self, sinks: SinkSet) -> Labels {
        self.block(sinks);
        self
    }

    /// Every trace extended by `step` (built only when there is a label to carry it).
    pub(crate) fn step(&self, step: impl FnOnce() -> Step) -> Labels {
        if self.0.is_empty() {
            return Labels::default();
        }
        let step = step();
        Labels(
            self.0
                .iter()
                .map(|label| Label {
                    origin: label.origin,
                    blocked: label.blocked,
                    trace: trace_extend(&label.trace, step.clone()),
                })
                .collect(),
        )
    }

    /// Same origins and sanitizers (traces are not compared): the fixed-point test.
    pub(crate) fn same(&self, other: &Labels) -> bool {
        self.0.len() == other.0.len()
            && self.0.iter().all(|label| {
                other
                    .0
                    .iter()
                    .any(|o| o.origin == label.origin && o.blocked == label.blocked)
            })
    }
}

/// Objects whose methods are sinks or sources, by the constructor that made them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ObjectKind {
    FlaskApp,
    FastApiApp,
    AiohttpRoutes,
    HttpClient,
    TemplateEnvironment,
    SandboxedEnvironment,
    UnsafeYaml,
    Path,
    Socket,
}

#[derive(Debug, Clone, Default)]
pub(crate) enum Kind {
    #[default]
    Plain,
    /// A framework request object (Django/DRF/aiohttp/Starlette parameter, `flask.request`).
    Request,
    /// An instance of a pydantic model of this module (index into the model table), or of a
    /// model we cannot see (`None`).
    Model(Option<usize>),
    Object(ObjectKind),
    /// A list or tuple built in this function: the labels of its first element (`None` while
    /// it is still empty), for `argv[0]`.
    Sequence(Option<Labels>),
}

impl Kind {
    fn same(&self, other: &Kind) -> bool {
        match (self, other) {
            (Kind::Plain, Kind::Plain) | (Kind::Request, Kind::Request) => true,
            (Kind::Model(a), Kind::Model(b)) => a == b,
            (Kind::Object(a), Kind::Object(b)) => a == b,
            (Kind::Sequence(a), Kind::Sequence(b)) => match (a, b) {
                (None, None) => true,
                (Some(a), Some(b)) => a.same(b),
                _ => false,
            },
            _ => false,
        }
    }

    fn join(&self, other: &Kind) -> Kind {
        match (self, other) {
            (Kind::Sequence(a), Kind::Sequence(b)) => Kind::Sequence(match (a, b) {
                (Some(a), Some(b)) => Some(a.clone().joined(b)),
                (Some(head), None) | (None, Some(head)) => Some(head.clone()),
                (None, None) => None,
            }),
            (Kind::Plain, kind) | (kind, Kind::Plain) => kind.clone(),
            (a, b) if a.same(b) => a.clone(),
            _ => Kind::Plain,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Value {
    pub labels: Labels,
    pub kind: Kind,
}

impl Value {
    pub(crate) fn clean() -> Value {
        Value::default()
    }

    pub(crate) fn tainted(labels: Labels) -> Value {
        Value {
            labels,
            kind: Kind::Plain,
        }
    }

    pub(crate) fn of_kind(kind: Kind) -> Value {
        Value {
            labels: Labels::default(),
            kind,
        }
    }

    pub(crate) fn is_tainted(&self) -> bool {
        !self.labels.is_empty()
    }

    /// Whether keeping this value in the state tells us anything (clean plain values are
    /// the default and are not stored).
    pub(crate) fn is_interesting(&self) -> bool {
        self.is_tainted() || !matches!(self.kind, Kind::Plain)
    }

    pub(crate) fn join(&mut self, other: &Value) {
        self.labels.join(&other.labels);
        self.kind = self.kind.join(&other.kind);
    }

    pub(crate) fn same(&self, other: &Value) -> bool {
        self.labels.same(&other.labels) && self.kind.same(&other.kind)
    }

    /// The labels that matter for `argv[0]`: the first element of a known list, else all.
    pub(crate) fn head_labels(&self) -> Labels {
        match &self.kind {
            Kind::Sequence(Some(head)) => head.clone(),
            Kind::Sequence(None) => Labels::default(),
            _ => self.labels.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(line: u32) -> Step {
        Step {
            line,
            column: 1,
            message: format!("step {line}"),
        }
    }

    #[test]
    fn traces_share_prefixes_and_concatenate_in_order() {
        let a = trace_start(step(1));
        let b = trace_extend(&a, step(2));
        let c = trace_extend(&b, step(3));
        let other = trace_extend(&trace_start(step(10)), step(11));
        let joined = trace_concat(&c, &other);
        let lines: Vec<u32> = trace_steps(&joined).iter().map(|s| s.line).collect();
        assert_eq!(lines, vec![1, 2, 3, 10, 11]);
        assert_eq!(trace_origin(&joined), (1, 1));
    }

    #[test]
    fn joining_keeps_one_label_per_origin_blocked_only_where_both_are() {
        let source = |blocked| Label {
            origin: Origin::Source(SourceKind::Request),
            blocked,
            trace: trace_start(step(1)),
        };
        let mut labels = Labels::one(source(SinkSet::of(SinkClass::Command)));
        labels.join(&Labels::one(source(
            SinkSet::of(SinkClass::Command).with(SinkClass::Sql),
        )));
        assert_eq!(labels.iter().count(), 1);
        assert_eq!(
            labels.iter().next().map(|l| l.blocked),
            Some(SinkSet::of(SinkClass::Command))
        );
        labels.block(SinkSet::ALL);
        assert!(labels.is_empty());
    }
}

//! The symbolic pickle machine: runs opcodes on an abstract stack and memo, never on Python.
//!
//! It follows CPython's C unpickler (`_pickle.c`), which is what `pickle.load` runs: the
//! object stack with a mark stack and its "fence" (an opcode may not pop below the last
//! MARK), the memo (`PUT`/`BINPUT`/`LONG_BINPUT`/`MEMOIZE`, overwritten slots included), and
//! the same error conditions, so that where the real loader would stop, this machine stops
//! and reports a malformed stream at that byte offset.
//!
//! Values are symbolic. Strings, numbers and tuples are kept (bounded), so `STACK_GLOBAL`
//! operands are resolved through the memo and joblib array headers can be read; lists, dicts
//! and call results live in a bounded arena so that mutation through the memo is seen. An
//! operand that is not a literal string (a call result, a persistent-id object) makes the
//! import *dynamic*: it can never be judged safe.
//!
//! Every import site is recorded in [`Ctx`] with its verdict, every call site (`REDUCE`,
//! `INST`, `OBJ`, `NEWOBJ`, `NEWOBJ_EX`, `BUILD`) is counted against the import it calls,
//! and anything odd (extension codes, attribute injection, calls on computed callables,
//! frame anomalies) becomes an [`Issue`].

use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;

use crate::classify::{Classification, Classifier, Verdict};
use crate::opcodes::{ArgKind, Op};
use crate::source::{Short, Stream};
use crate::text::{self, PyInt};

/// Strings and byte strings longer than this are not kept (only their length).
const MAX_KEPT_TEXT: usize = 4096;
/// Protocol 0 text lines longer than this are cut (their tail is skipped, not stored).
const MAX_LINE: usize = 64 * 1024;
/// Items kept per container; the rest are counted, not stored.
const MAX_KEPT_ITEMS: usize = 64;
/// Arena objects per file before new containers become opaque (bounded memory).
const MAX_ARENA: usize = 1 << 21;
/// Nested pickles (joblib object arrays inside a pickle) deeper than this are not followed.
const MAX_NESTING: u32 = 4;
/// Individual dynamic-import and indirect-call sites kept per file (the rest are counted).
const MAX_SITES: usize = 256;
/// Tuples nested deeper than this become opaque values.
const MAX_TUPLE_DEPTH: u8 = 32;

/// The magic number the legacy `torch.save` format writes as its first pickle.
pub(crate) const TORCH_LEGACY_MAGIC: [u8; 10] =
    [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

/// A symbolic value on the stack or in the memo.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    None,
    Bool(bool),
    Int(i64),
    /// An integer beyond i64: its little-endian two's complement bytes when short.
    BigInt(Rc<[u8]>),
    Float,
    Str(Rc<str>),
    /// A string too long to keep.
    LongStr(u64),
    Bytes(u64),
    /// An imported global: index into [`Ctx::imports`].
    Global(u32),
    /// A global that could not be resolved statically (dynamic STACK_GLOBAL operand, EXT code).
    Unresolved,
    /// A tuple and its nesting depth (bounded, so that dropping it cannot recurse deeply).
    Tuple(Rc<[Value]>, u8),
    /// A list, dict, set or call result in the arena.
    Obj(u32),
    /// Something whose content is not modelled (persistent-id result, out-of-band buffer).
    Opaque(&'static str),
}

impl Value {
    fn describe(&self, ctx: &Ctx) -> String {
        self.describe_to_depth(ctx, 3)
    }

    /// Call results describe their callee, which may be a call result: a chain a stream can
    /// make arbitrarily long, so it is cut after `depth` links.
    fn describe_to_depth(&self, ctx: &Ctx, depth: u8) -> String {
        match self {
            Value::None => "None".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(_) => "a long integer".into(),
            Value::Float => "a float".into(),
            Value::Str(s) => text::short_repr(s, 60),
            Value::LongStr(n) => format!("a {n}-character string"),
            Value::Bytes(n) => format!("{n} bytes"),
            Value::Global(i) => ctx
                .imports
                .get(*i as usize)
                .map_or_else(|| "a global".into(), ImportGroup::qualified),
            Value::Unresolved => "an unresolved global".into(),
            Value::Tuple(items, _) => format!("a {}-tuple", items.len()),
            Value::Obj(i) => match ctx.arena.get(*i as usize) {
                Some(Obj::Made { callee, .. }) if depth > 0 => {
                    format!(
                        "the result of calling {}",
                        callee.describe_to_depth(ctx, depth - 1)
                    )
                }
                Some(Obj::Made { .. }) => "the result of a chain of calls".into(),
                Some(Obj::List { .. }) => "a list".into(),
                Some(Obj::Dict { .. }) => "a dict".into(),
                Some(Obj::Set) => "a set".into(),
                None => "an object".into(),
            },
            Value::Opaque(what) => (*what).into(),
        }
    }
}

/// Arena objects: mutable containers and call results.
#[derive(Debug, Clone)]
pub(crate) enum Obj {
    List {
        items: Vec<Value>,
    },
    Dict {
        items: Vec<(Value, Value)>,
    },
    Set,
    /// The result of calling `callee` (REDUCE, NEWOBJ, OBJ, INST…) with `args`.
    Made {
        callee: Value,
        args: Value,
    },
}

/// Every import of one `module.name` in one member: its verdict and how it was used.
#[derive(Debug, Clone)]
pub(crate) struct ImportGroup {
    pub(crate) member: Option<Rc<str>>,
    pub(crate) module: String,
    pub(crate) name: String,
    pub(crate) class: Classification,
    pub(crate) first_offset: u64,
    pub(crate) first_op: &'static str,
    pub(crate) imports: u32,
    pub(crate) calls: u32,
    pub(crate) call_ops: Vec<&'static str>,
    pub(crate) first_call_offset: Option<u64>,
}

impl ImportGroup {
    pub(crate) fn qualified(&self) -> String {
        format!("{}.{}", self.module, self.name)
    }
}

/// What kind of problem an [`Issue`] is; each maps to one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum IssueKind {
    DynamicGlobal,
    Extension,
    Malformed,
    Limit,
    Injection,
    IndirectCall,
    ArchiveAnomaly,
    Unsupported,
}

/// One problem other than an import verdict.
#[derive(Debug, Clone)]
pub(crate) struct Issue {
    pub(crate) kind: IssueKind,
    pub(crate) member: Option<Rc<str>>,
    pub(crate) offset: u64,
    pub(crate) message: String,
}

/// What one file's scan collects, across all its pickles and members.
pub(crate) struct Ctx<'o> {
    pub(crate) classifier: &'o Classifier,
    pub(crate) max_memo: usize,
    pub(crate) max_stack: usize,
    /// The member being scanned (`None` for the file itself).
    pub(crate) member: Option<Rc<str>>,
    pub(crate) imports: Vec<ImportGroup>,
    import_index: HashMap<(Option<Rc<str>>, String, String), u32>,
    pub(crate) issues: Vec<Issue>,
    /// Dynamic-global and indirect-call sites beyond [`MAX_SITES`], not listed one by one:
    /// `(dynamic imports, indirect calls)`.
    pub(crate) sites_dropped: (u64, u64),
    sites_kept: usize,
    pub(crate) arena: Vec<Obj>,
    /// Disassembly text, when explaining.
    pub(crate) explain: Option<String>,
    pub(crate) pickles: u32,
    /// Opcodes executed, and whether any had a binary argument (used when sniffing).
    pub(crate) ops: u64,
    pub(crate) binary_ops: bool,
}

impl<'o> Ctx<'o> {
    pub(crate) fn new(
        classifier: &'o Classifier,
        max_memo: usize,
        max_stack: usize,
        explain: bool,
    ) -> Self {
        Ctx {
            classifier,
            max_memo,
            max_stack,
            member: None,
            imports: Vec::new(),
            import_index: HashMap::new(),
            issues: Vec::new(),
            sites_dropped: (0, 0),
            sites_kept: 0,
            arena: Vec::new(),
            explain: explain.then(String::new),
            pickles: 0,
            ops: 0,
            binary_ops: false,
        }
    }

    pub(crate) fn issue(&mut self, kind: IssueKind, offset: u64, message: impl Into<String>) {
        if matches!(kind, IssueKind::DynamicGlobal | IssueKind::IndirectCall) {
            if self.sites_kept >= MAX_SITES {
                if kind == IssueKind::DynamicGlobal {
                    self.sites_dropped.0 += 1;
                } else {
                    self.sites_dropped.1 += 1;
                }
                return;
            }
            self.sites_kept += 1;
        }
        self.issues.push(Issue {
            kind,
            member: self.member.clone(),
            offset,
            message: message.into(),
        });
    }

    pub(crate) fn explain_line(&mut self, line: &str) {
        if let Some(out) = self.explain.as_mut() {
            out.push_str(line);
            out.push('\n');
        }
    }

    fn import(&mut self, module: &str, name: &str, proto: u8, offset: u64, op: Op) -> u32 {
        let key = (self.member.clone(), module.to_string(), name.to_string());
        if let Some(&index) = self.import_index.get(&key) {
            if let Some(group) = self.imports.get_mut(index as usize) {
                group.imports += 1;
            }
            return index;
        }
        let class = self.classifier.classify(module, name, proto);
        let index = self.imports.len() as u32;
        self.imports.push(ImportGroup {
            member: self.member.clone(),
            module: module.to_string(),
            name: name.to_string(),
            class,
            first_offset: offset,
            first_op: op.name(),
            imports: 1,
            calls: 0,
            call_ops: Vec::new(),
            first_call_offset: None,
        });
        self.import_index.insert(key, index);
        index
    }

    fn alloc(&mut self, obj: Obj) -> Value {
        if self.arena.len() >= MAX_ARENA {
            return Value::Opaque("an object");
        }
        self.arena.push(obj);
        Value::Obj((self.arena.len() - 1) as u32)
    }
}

/// How one pickle ended.
#[derive(Debug)]
pub(crate) enum End {
    /// At STOP, with the value it returned.
    Stop(Value),
    /// The stream held no byte at all.
    Empty,
    /// The loader would raise here (or a limit was hit); already reported as an issue.
    Failed { offset: u64 },
}

/// A decoded argument.
#[derive(Debug)]
enum Arg {
    None,
    Int(i64),
    Big(Rc<[u8]>, String),
    Float(f64),
    Text(Rc<str>),
    LongText(u64),
    Bytes(u64),
    Pair(String, String),
}

impl Arg {
    fn display(&self) -> String {
        match self {
            Arg::None => String::new(),
            Arg::Int(i) => i.to_string(),
            Arg::Big(_, digits) => digits.clone(),
            Arg::Float(f) => format!("{f}"),
            Arg::Text(s) => text::short_repr(s, 80),
            Arg::LongText(n) => format!("<{n} characters>"),
            Arg::Bytes(n) => format!("<{n} bytes>"),
            Arg::Pair(module, name) => format!(
                "{} {}",
                text::short_repr(module, 80),
                text::short_repr(name, 80)
            ),
        }
    }
}

/// Why an opcode failed.
struct Fail {
    message: String,
    limit: bool,
}

fn fail(message: impl Into<String>) -> Fail {
    Fail {
        message: message.into(),
        limit: false,
    }
}

fn truncated(stream: &Stream) -> Fail {
    match &stream.short {
        Some(Short::Limit) => Fail {
            message: "pickle is larger than max-pickle-size".into(),
            limit: true,
        },
        Some(Short::Io(error)) => fail(format!("read error: {error}")),
        _ => fail("pickle data was truncated"),
    }
}

/// The memo: dense for the small consecutive keys every pickler writes, sparse beyond.
#[derive(Default)]
struct Memo {
    dense: Vec<Option<Value>>,
    sparse: HashMap<u64, Value>,
    len: usize,
}

/// Keys below this go into the dense table (it grows only as far as keys are used).
const DENSE_MEMO: u64 = 1 << 20;

impl Memo {
    fn get(&self, key: u64) -> Option<&Value> {
        if key < DENSE_MEMO {
            self.dense.get(key as usize).and_then(Option::as_ref)
        } else {
            self.sparse.get(&key)
        }
    }

    fn contains(&self, key: u64) -> bool {
        self.get(key).is_some()
    }

    fn insert(&mut self, key: u64, value: Value) {
        if key < DENSE_MEMO {
            let index = key as usize;
            if index >= self.dense.len() {
                self.dense.resize(index + 1, None);
            }
            if self.dense[index].replace(value).is_none() {
                self.len += 1;
            }
        } else if self.sparse.insert(key, value).is_none() {
            self.len += 1;
        }
    }
}

/// The state of one pickle being loaded: stack, marks and memo.
struct Machine {
    stack: Vec<Value>,
    marks: Vec<usize>,
    memo: Memo,
    proto: u8,
    frame_end: Option<u64>,
    frame_anomaly_reported: bool,
    depth: u32,
    known_len: Option<u64>,
}

/// Runs one pickle from the stream's current position to its STOP (or failure).
pub(crate) fn run_pickle(
    ctx: &mut Ctx,
    stream: &mut Stream,
    known_len: Option<u64>,
    depth: u32,
) -> End {
    let mut machine = Machine {
        stack: Vec::new(),
        marks: Vec::new(),
        memo: Memo::default(),
        proto: 0,
        frame_end: None,
        frame_anomaly_reported: false,
        depth,
        known_len,
    };
    let start = stream.position();
    if stream.at_end() {
        if let Some(Short::Io(error)) = &stream.short {
            let message = format!("read error: {error}");
            ctx.issue(IssueKind::Malformed, start, message);
            return End::Failed { offset: start };
        }
        return End::Empty;
    }
    ctx.pickles += 1;
    let mut scratch = Vec::new();
    loop {
        let offset = stream.position();
        let Some(byte) = stream.read_u8() else {
            let fail = truncated(stream);
            return Machine::failed(ctx, offset, fail);
        };
        let Some(op) = Op::from_byte(byte) else {
            let message = format!("invalid opcode byte 0x{byte:02x}");
            return Machine::failed(ctx, offset, fail(message));
        };
        ctx.ops += 1;
        ctx.binary_ops |= op.has_binary_argument();
        let arg = match decode_arg(op, stream, &mut scratch) {
            Ok(arg) => arg,
            Err(fail) => return Machine::failed(ctx, offset, fail),
        };
        machine.check_frame(ctx, offset, stream.position());
        let result = machine.execute(ctx, stream, op, &arg, offset);
        match result {
            Ok(step) => {
                if ctx.explain.is_some() {
                    let shown = step.shown.clone().unwrap_or_else(|| arg.display());
                    let mut line = format!(
                        "{offset:>10}: {:<4} {:<16} {shown}",
                        Op::code_repr(byte),
                        op.name(),
                    );
                    if let Some(note) = &step.note {
                        let _ = write!(line, "  {note}");
                    }
                    let line = line.trim_end().to_string();
                    ctx.explain_line(&line);
                }
                if let Some(value) = step.stop {
                    return End::Stop(value);
                }
            }
            Err(fail) => return Machine::failed(ctx, offset, fail),
        }
    }
}

/// What an executed opcode reports back.
#[derive(Default)]
struct Step {
    /// The value STOP returned.
    stop: Option<Value>,
    /// The mark shown next to the opcode in `--explain`.
    note: Option<String>,
    /// What the opcode resolved, shown in place of its (empty) argument.
    shown: Option<String>,
}

fn note(text: String) -> Step {
    Step {
        stop: None,
        note: Some(text),
        shown: None,
    }
}

fn read_len(stream: &mut Stream, kind: ArgKind) -> Result<u64, Fail> {
    let len = match kind {
        ArgKind::String1 | ArgKind::Bytes1 | ArgKind::UnicodeString1 | ArgKind::Long1 => {
            stream.read_u8().map(u64::from)
        }
        ArgKind::String4 | ArgKind::Long4 => {
            let raw = stream.read_array::<4>().map(i32::from_le_bytes);
            match raw {
                Some(n) if n < 0 => {
                    return Err(fail(match kind {
                        ArgKind::Long4 => "LONG pickle has negative byte count",
                        _ => "BINSTRING pickle has negative byte count",
                    }));
                }
                other => other.map(|n| n.unsigned_abs().into()),
            }
        }
        ArgKind::Bytes4 | ArgKind::UnicodeString4 => stream
            .read_array::<4>()
            .map(|b| u32::from_le_bytes(b).into()),
        _ => stream.read_array::<8>().map(u64::from_le_bytes),
    };
    len.ok_or_else(|| truncated(stream))
}

/// Reads `len` bytes, keeping them only when short; `None` means they were skipped.
fn read_payload(stream: &mut Stream, len: u64, keep: &mut Vec<u8>) -> Result<bool, Fail> {
    if len <= MAX_KEPT_TEXT as u64 {
        if stream.read_into(len as usize, keep) {
            Ok(true)
        } else {
            Err(truncated(stream))
        }
    } else if stream.skip(len) {
        Ok(false)
    } else {
        Err(truncated(stream))
    }
}

fn read_text_line(stream: &mut Stream, scratch: &mut Vec<u8>) -> Result<(Vec<u8>, bool), Fail> {
    match stream.read_line(MAX_LINE, scratch) {
        Some(fits) => Ok((scratch.clone(), fits)),
        None => Err(truncated(stream)),
    }
}

fn decode_arg(op: Op, stream: &mut Stream, scratch: &mut Vec<u8>) -> Result<Arg, Fail> {
    let kind = op.arg_kind();
    Ok(match kind {
        ArgKind::None => Arg::None,
        ArgKind::Uint1 => Arg::Int(stream.read_u8().ok_or_else(|| truncated(stream))?.into()),
        ArgKind::Uint2 => Arg::Int(
            stream
                .read_array::<2>()
                .map(u16::from_le_bytes)
                .ok_or_else(|| truncated(stream))?
                .into(),
        ),
        ArgKind::Int4 => Arg::Int(
            stream
                .read_array::<4>()
                .map(i32::from_le_bytes)
                .ok_or_else(|| truncated(stream))?
                .into(),
        ),
        ArgKind::Uint4 => Arg::Int(
            stream
                .read_array::<4>()
                .map(u32::from_le_bytes)
                .ok_or_else(|| truncated(stream))?
                .into(),
        ),
        ArgKind::Uint8 => {
            let raw = stream
                .read_array::<8>()
                .map(u64::from_le_bytes)
                .ok_or_else(|| truncated(stream))?;
            match i64::try_from(raw) {
                Ok(v) => Arg::Int(v),
                Err(_) => Arg::Big(Rc::from(raw.to_le_bytes().as_slice()), raw.to_string()),
            }
        }
        ArgKind::Float8 => Arg::Float(f64::from_be_bytes(
            stream.read_array::<8>().ok_or_else(|| truncated(stream))?,
        )),
        ArgKind::DecimalShort | ArgKind::DecimalLong => {
            let (line, fits) = read_text_line(stream, scratch)?;
            if !fits {
                return Err(fail("integer literal too long"));
            }
            if line.is_empty() {
                return Err(fail("pickle data was truncated (empty line)"));
            }
            let mut text = String::from_utf8_lossy(&line).into_owned();
            if kind == ArgKind::DecimalLong && text.ends_with('L') {
                text.pop();
            }
            // INT "00"/"01" are protocol 0 booleans.
            if op == Op::INT && (text == "00" || text == "01") {
                return Ok(Arg::Int(i64::from(text == "01")));
            }
            let base_zero = op != Op::GET && op != Op::PUT;
            match text::parse_py_int(&text, base_zero) {
                Some(PyInt::Small(v)) => Arg::Int(v),
                Some(PyInt::Big(digits)) => Arg::Big(Rc::from(&[][..]), digits),
                None => return Err(fail("could not convert string to int")),
            }
        }
        ArgKind::FloatNl => {
            let (line, fits) = read_text_line(stream, scratch)?;
            let text = String::from_utf8_lossy(&line);
            match (fits, text::parse_py_float(&text)) {
                (true, Some(v)) => Arg::Float(v),
                _ => return Err(fail("could not convert string to float")),
            }
        }
        ArgKind::StringNl => {
            let (line, fits) = read_text_line(stream, scratch)?;
            if line.is_empty() {
                return Err(fail("pickle data was truncated (empty line)"));
            }
            let bytes = text::decode_string_nl(&line).map_err(fail)?;
            if fits {
                Arg::Text(Rc::from(text::latin1(&bytes)))
            } else {
                Arg::LongText(bytes.len() as u64)
            }
        }
        ArgKind::StringNlNoEscape => {
            let (line, fits) = read_text_line(stream, scratch)?;
            if !line.is_ascii() {
                return Err(fail("persistent IDs in protocol 0 must be ASCII strings"));
            }
            if fits {
                Arg::Text(Rc::from(String::from_utf8_lossy(&line).as_ref()))
            } else {
                Arg::LongText(line.len() as u64)
            }
        }
        ArgKind::StringNlNoEscapePair => {
            let mut parts = Vec::with_capacity(2);
            for _ in 0..2 {
                let (line, fits) = read_text_line(stream, scratch)?;
                if line.is_empty() {
                    return Err(fail("pickle data was truncated (empty line)"));
                }
                let mut text = std::str::from_utf8(&line)
                    .map_err(|_| fail("module or name is not valid UTF-8"))?
                    .to_string();
                if !fits {
                    text.push('…');
                }
                parts.push(text);
            }
            let name = parts.pop().unwrap_or_default();
            let module = parts.pop().unwrap_or_default();
            Arg::Pair(module, name)
        }
        ArgKind::UnicodeStringNl => {
            let (line, fits) = read_text_line(stream, scratch)?;
            let decoded = text::decode_raw_unicode_escape(&line).map_err(fail)?;
            if fits {
                Arg::Text(Rc::from(decoded))
            } else {
                Arg::LongText(decoded.chars().count() as u64)
            }
        }
        ArgKind::String1 | ArgKind::String4 => {
            let len = read_len(stream, kind)?;
            let mut keep = Vec::new();
            if read_payload(stream, len, &mut keep)? {
                Arg::Text(Rc::from(text::latin1(&keep)))
            } else {
                Arg::LongText(len)
            }
        }
        ArgKind::UnicodeString1 | ArgKind::UnicodeString4 | ArgKind::UnicodeString8 => {
            let len = read_len(stream, kind)?;
            let mut keep = Vec::new();
            if read_payload(stream, len, &mut keep)? {
                Arg::Text(Rc::from(String::from_utf8_lossy(&keep).as_ref()))
            } else {
                Arg::LongText(len)
            }
        }
        ArgKind::Bytes1 | ArgKind::Bytes4 | ArgKind::Bytes8 | ArgKind::ByteArray8 => {
            let len = read_len(stream, kind)?;
            let mut keep = Vec::new();
            read_payload(stream, len, &mut keep)?;
            Arg::Bytes(len)
        }
        ArgKind::Long1 | ArgKind::Long4 => {
            let len = read_len(stream, kind)?;
            let mut keep = Vec::new();
            if read_payload(stream, len, &mut keep)? {
                if len <= 8 {
                    let mut buf = [0u8; 8];
                    let negative = keep.last().is_some_and(|b| b & 0x80 != 0);
                    if negative {
                        buf = [0xff; 8];
                    }
                    buf[..keep.len()].copy_from_slice(&keep);
                    Arg::Int(i64::from_le_bytes(buf))
                } else {
                    Arg::Big(Rc::from(keep.as_slice()), format!("<{len}-byte integer>"))
                }
            } else {
                Arg::Big(Rc::from(&[][..]), format!("<{len}-byte integer>"))
            }
        }
    })
}

/// Dunder names that, set through BUILD state, redirect later behaviour of the object.
fn is_injected_dunder(key: &str) -> bool {
    key.len() > 4
        && key.starts_with("__")
        && key.ends_with("__")
        && !matches!(
            key,
            "__doc__" | "__module__" | "__qualname__" | "__annotations__"
        )
}

impl Machine {
    fn failed(ctx: &mut Ctx, offset: u64, fail: Fail) -> End {
        let kind = if fail.limit {
            IssueKind::Limit
        } else {
            IssueKind::Malformed
        };
        ctx.explain_line(&format!("{offset:>10}: !! {}", fail.message));
        ctx.issue(kind, offset, fail.message);
        End::Failed { offset }
    }

    fn fence(&self) -> usize {
        self.marks.last().copied().unwrap_or(0)
    }

    fn pop(&mut self) -> Result<Value, Fail> {
        if self.stack.len() <= self.fence() {
            return Err(fail("unpickling stack underflow"));
        }
        self.stack
            .pop()
            .ok_or_else(|| fail("unpickling stack underflow"))
    }

    fn top(&self) -> Result<&Value, Fail> {
        if self.stack.len() <= self.fence() {
            return Err(fail("unpickling stack underflow"));
        }
        self.stack
            .last()
            .ok_or_else(|| fail("unpickling stack underflow"))
    }

    fn push(&mut self, ctx: &Ctx, value: Value) -> Result<(), Fail> {
        if self.stack.len() + self.marks.len() >= ctx.max_stack {
            return Err(Fail {
                message: format!("stack deeper than max-stack-depth ({})", ctx.max_stack),
                limit: true,
            });
        }
        self.stack.push(value);
        Ok(())
    }

    /// Pops the last mark and returns its stack position (CPython's `marker()`).
    fn marker(&mut self) -> Result<usize, Fail> {
        self.marks.pop().ok_or_else(|| fail("could not find MARK"))
    }

    /// Pops everything above the last mark.
    fn pop_mark(&mut self) -> Result<Vec<Value>, Fail> {
        let mark = self.marker()?;
        let mark = mark.min(self.stack.len());
        Ok(self.stack.split_off(mark))
    }

    fn memo_put(&mut self, ctx: &Ctx, key: u64, value: Value) -> Result<(), Fail> {
        if !self.memo.contains(key) && self.memo.len >= ctx.max_memo {
            return Err(Fail {
                message: format!("memo larger than max-memo ({})", ctx.max_memo),
                limit: true,
            });
        }
        self.memo.insert(key, value);
        Ok(())
    }

    fn memo_get(&self, key: u64) -> Result<Value, Fail> {
        self.memo
            .get(key)
            .cloned()
            .ok_or_else(|| fail(format!("memo value not found at index {key}")))
    }

    fn check_frame(&mut self, ctx: &mut Ctx, op_start: u64, op_end: u64) {
        if let Some(end) = self.frame_end {
            if op_start < end && op_end > end && !self.frame_anomaly_reported {
                self.frame_anomaly_reported = true;
                ctx.issue(
                    IssueKind::Malformed,
                    op_start,
                    format!(
                        "opcode at offset {op_start} crosses the end of its frame at offset {end}"
                    ),
                );
            }
            if op_end >= end {
                self.frame_end = None;
            }
        }
    }

    fn tuple_of(items: Vec<Value>) -> Value {
        let mut items = items;
        items.truncate(MAX_KEPT_ITEMS);
        let depth = items
            .iter()
            .map(|item| match item {
                Value::Tuple(_, depth) => *depth,
                _ => 0,
            })
            .max()
            .unwrap_or(0)
            .saturating_add(1);
        if depth > MAX_TUPLE_DEPTH {
            return Value::Opaque("a deeply nested tuple");
        }
        Value::Tuple(Rc::from(items), depth)
    }

    /// Records a call of `callee` by `op` and returns the note for `--explain`.
    fn call(ctx: &mut Ctx, callee: &Value, op: Op, offset: u64) -> Option<String> {
        match callee {
            Value::Global(index) => {
                let group = ctx.imports.get_mut(*index as usize)?;
                group.calls += 1;
                if group.first_call_offset.is_none() {
                    group.first_call_offset = Some(offset);
                }
                if !group.call_ops.contains(&op.name()) {
                    group.call_ops.push(op.name());
                }
                match group.class.verdict {
                    Verdict::Safe => None,
                    Verdict::Unknown => Some(format!("<-- calls unknown {}", group.qualified())),
                    Verdict::Dangerous => {
                        Some(format!("<-- !! calls dangerous {}", group.qualified()))
                    }
                }
            }
            Value::Unresolved => Some("<-- !! calls an unresolved global".into()),
            Value::Obj(_) | Value::Opaque(_) => {
                let what = callee.describe(ctx);
                ctx.issue(
                    IssueKind::IndirectCall,
                    offset,
                    format!(
                        "{} at offset {offset} calls {what}, not an imported global",
                        op.name()
                    ),
                );
                Some(format!("<-- !! calls {what}"))
            }
            // Calling a plain value (int, str, tuple…) fails at load time without effect.
            _ => None,
        }
    }

    fn import_note(ctx: &Ctx, index: u32) -> Option<String> {
        let group = ctx.imports.get(index as usize)?;
        match group.class.verdict {
            Verdict::Safe => None,
            Verdict::Unknown => Some(format!("<-- unknown import {}", group.qualified())),
            Verdict::Dangerous => Some(format!(
                "<-- !! dangerous import {} ({})",
                group.qualified(),
                group.class.danger.map_or("dangerous", |d| d.describe())
            )),
        }
    }

    /// Mutation of an imported global itself (not an instance): attribute/item injection.
    fn mutation_target(ctx: &mut Ctx, target: &Value, op: Op, offset: u64) -> Option<String> {
        if let Value::Global(index) = target {
            let what = ctx
                .imports
                .get(*index as usize)
                .map_or_else(|| "a global".into(), ImportGroup::qualified);
            ctx.issue(
                IssueKind::Injection,
                offset,
                format!(
                    "{} at offset {offset} modifies the imported object {what} itself",
                    op.name()
                ),
            );
            return Some(format!("<-- !! modifies {what}"));
        }
        None
    }

    fn execute(
        &mut self,
        ctx: &mut Ctx,
        stream: &mut Stream,
        op: Op,
        arg: &Arg,
        offset: u64,
    ) -> Result<Step, Fail> {
        use Op::{
            ADDITEMS, APPEND, APPENDS, BINBYTES, BINBYTES8, BINFLOAT, BINGET, BININT, BININT1,
            BININT2, BINPERSID, BINPUT, BINSTRING, BINUNICODE, BINUNICODE8, BUILD, BYTEARRAY8,
            DICT, DUP, EMPTY_DICT, EMPTY_LIST, EMPTY_SET, EMPTY_TUPLE, EXT1, EXT2, EXT4, FLOAT,
            FRAME, FROZENSET, GET, GLOBAL, INST, INT, LIST, LONG, LONG_BINGET, LONG_BINPUT, LONG1,
            LONG4, MARK, MEMOIZE, NEWFALSE, NEWOBJ, NEWOBJ_EX, NEWTRUE, NEXT_BUFFER, NONE, OBJ,
            PERSID, POP, POP_MARK, PROTO, PUT, READONLY_BUFFER, REDUCE, SETITEM, SETITEMS,
            SHORT_BINBYTES, SHORT_BINSTRING, SHORT_BINUNICODE, STACK_GLOBAL, STOP, STRING, TUPLE,
            TUPLE1, TUPLE2, TUPLE3, UNICODE,
        };
        match op {
            MARK => {
                if self.stack.len() + self.marks.len() >= ctx.max_stack {
                    return Err(Fail {
                        message: format!("stack deeper than max-stack-depth ({})", ctx.max_stack),
                        limit: true,
                    });
                }
                self.marks.push(self.stack.len());
            }
            STOP => {
                let value = self.pop()?;
                return Ok(Step {
                    stop: Some(value),
                    ..Step::default()
                });
            }
            POP => {
                if self.marks.last() == Some(&self.stack.len()) {
                    self.marks.pop();
                } else {
                    self.pop()?;
                }
            }
            POP_MARK => {
                self.pop_mark()?;
            }
            DUP => {
                let top = self.top()?.clone();
                self.push(ctx, top)?;
            }
            FLOAT | BINFLOAT => self.push(ctx, Value::Float)?,
            INT | BININT | BININT1 | BININT2 | LONG | LONG1 | LONG4 => {
                let value = match arg {
                    Arg::Int(v) => Value::Int(*v),
                    Arg::Big(bytes, _) => Value::BigInt(bytes.clone()),
                    _ => Value::Int(0),
                };
                self.push(ctx, value)?;
            }
            NONE => self.push(ctx, Value::None)?,
            NEWTRUE => self.push(ctx, Value::Bool(true))?,
            NEWFALSE => self.push(ctx, Value::Bool(false))?,
            PERSID => {
                self.push(ctx, Value::Opaque("a persistent-id object"))?;
            }
            BINPERSID => {
                self.pop()?;
                self.push(ctx, Value::Opaque("a persistent-id object"))?;
            }
            STRING | BINSTRING | SHORT_BINSTRING | UNICODE | BINUNICODE | SHORT_BINUNICODE
            | BINUNICODE8 => {
                let value = match arg {
                    Arg::Text(s) => Value::Str(s.clone()),
                    Arg::LongText(n) => Value::LongStr(*n),
                    _ => Value::LongStr(0),
                };
                self.push(ctx, value)?;
            }
            BINBYTES | SHORT_BINBYTES | BINBYTES8 | BYTEARRAY8 => {
                let len = if let Arg::Bytes(n) = arg { *n } else { 0 };
                self.push(ctx, Value::Bytes(len))?;
            }
            EMPTY_LIST => {
                let list = ctx.alloc(Obj::List { items: Vec::new() });
                self.push(ctx, list)?;
            }
            EMPTY_DICT => {
                let dict = ctx.alloc(Obj::Dict { items: Vec::new() });
                self.push(ctx, dict)?;
            }
            EMPTY_SET => {
                let set = ctx.alloc(Obj::Set);
                self.push(ctx, set)?;
            }
            EMPTY_TUPLE => self.push(ctx, Value::Tuple(Rc::from(Vec::new()), 1))?,
            LIST => {
                let mut items = self.pop_mark()?;
                items.truncate(MAX_KEPT_ITEMS);
                let list = ctx.alloc(Obj::List { items });
                self.push(ctx, list)?;
            }
            TUPLE => {
                let items = self.pop_mark()?;
                self.push(ctx, Self::tuple_of(items))?;
            }
            TUPLE1 | TUPLE2 | TUPLE3 => {
                let n = match op {
                    TUPLE1 => 1,
                    TUPLE2 => 2,
                    _ => 3,
                };
                if self.stack.len() < self.fence() + n {
                    return Err(fail("unpickling stack underflow"));
                }
                let items = self.stack.split_off(self.stack.len() - n);
                self.push(ctx, Self::tuple_of(items))?;
            }
            DICT => {
                let items = self.pop_mark()?;
                if items.len() % 2 != 0 {
                    return Err(fail("odd number of items for DICT"));
                }
                let pairs = pairs_of(items);
                let dict = ctx.alloc(Obj::Dict { items: pairs });
                self.push(ctx, dict)?;
            }
            FROZENSET => {
                self.pop_mark()?;
                let set = ctx.alloc(Obj::Set);
                self.push(ctx, set)?;
            }
            APPEND => {
                let len = self.stack.len();
                if len < 2 || len - 1 <= self.fence() {
                    return Err(fail("unpickling stack underflow"));
                }
                return self.do_append(ctx, len - 1, op, offset);
            }
            APPENDS => {
                let mark = self.marker()?;
                return self.do_append(ctx, mark, op, offset);
            }
            SETITEM => {
                let len = self.stack.len();
                if len < 2 {
                    return Err(fail("unpickling stack underflow"));
                }
                return self.do_setitems(ctx, len - 2, op, offset);
            }
            SETITEMS => {
                let mark = self.marker()?;
                return self.do_setitems(ctx, mark, op, offset);
            }
            ADDITEMS => {
                let mark = self.marker()?;
                let len = self.stack.len();
                if mark > len || mark <= self.fence() {
                    return Err(fail("unpickling stack underflow"));
                }
                let target = self.stack.get(mark - 1).cloned().unwrap_or(Value::None);
                self.stack.truncate(mark);
                if let Some(text) = Self::mutation_target(ctx, &target, op, offset) {
                    return Ok(note(text));
                }
            }
            GET | BINGET | LONG_BINGET => {
                let key = match arg {
                    Arg::Int(v) if *v >= 0 => v.unsigned_abs(),
                    _ => return Err(fail("memo key is not a valid index")),
                };
                let value = self.memo_get(key)?;
                self.push(ctx, value)?;
            }
            PUT | BINPUT | LONG_BINPUT => {
                let key = match arg {
                    Arg::Int(v) if *v >= 0 => v.unsigned_abs(),
                    _ => return Err(fail(format!("negative {} argument", op.name()))),
                };
                let value = self.top()?.clone();
                self.memo_put(ctx, key, value)?;
            }
            MEMOIZE => {
                let value = self.top()?.clone();
                let key = self.memo.len as u64;
                self.memo_put(ctx, key, value)?;
                return Ok(Step {
                    shown: Some(format!("(as {key})")),
                    ..Step::default()
                });
            }
            GLOBAL => {
                let Arg::Pair(module, name) = arg else {
                    return Err(fail("GLOBAL without module and name"));
                };
                let index = ctx.import(module, name, self.proto, offset, op);
                self.push(ctx, Value::Global(index))?;
                if let Some(text) = Self::import_note(ctx, index) {
                    return Ok(note(text));
                }
            }
            STACK_GLOBAL => {
                let name = self.pop()?;
                let module = self.pop()?;
                if let (Value::Str(module), Value::Str(name)) = (&module, &name) {
                    let index = ctx.import(module, name, self.proto, offset, op);
                    self.push(ctx, Value::Global(index))?;
                    return Ok(Step {
                        note: Self::import_note(ctx, index),
                        shown: Some(format!(
                            "{} {}",
                            text::short_repr(module, 80),
                            text::short_repr(name, 80)
                        )),
                        ..Step::default()
                    });
                }
                let message = format!(
                    "STACK_GLOBAL at offset {offset} imports a name that is not a literal string (module: {}, name: {})",
                    module.describe(ctx),
                    name.describe(ctx)
                );
                ctx.issue(IssueKind::DynamicGlobal, offset, message);
                self.push(ctx, Value::Unresolved)?;
                return Ok(note("<-- !! import of a name computed at load time".into()));
            }
            INST => {
                let Arg::Pair(module, name) = arg else {
                    return Err(fail("INST without module and name"));
                };
                let items = self.pop_mark()?;
                let index = ctx.import(module, name, self.proto, offset, op);
                let callee = Value::Global(index);
                let mut notes: Vec<String> = Self::import_note(ctx, index).into_iter().collect();
                notes.extend(Self::call(ctx, &callee, op, offset));
                let made = ctx.alloc(Obj::Made {
                    callee,
                    args: Self::tuple_of(items),
                });
                self.push(ctx, made)?;
                if let Some(text) = notes.into_iter().last() {
                    return Ok(note(text));
                }
            }
            OBJ => {
                let mut items = self.pop_mark()?;
                if items.is_empty() {
                    return Err(fail("unpickling stack underflow"));
                }
                let callee = items.remove(0);
                let text = Self::call(ctx, &callee, op, offset);
                let made = ctx.alloc(Obj::Made {
                    callee,
                    args: Self::tuple_of(items),
                });
                self.push(ctx, made)?;
                if let Some(text) = text {
                    return Ok(note(text));
                }
            }
            REDUCE | NEWOBJ => {
                let args = self.pop()?;
                let callee = self.pop()?;
                let text = Self::call(ctx, &callee, op, offset);
                let made = ctx.alloc(Obj::Made { callee, args });
                self.push(ctx, made)?;
                if let Some(text) = text {
                    return Ok(note(text));
                }
            }
            NEWOBJ_EX => {
                let _kwargs = self.pop()?;
                let args = self.pop()?;
                let callee = self.pop()?;
                let text = Self::call(ctx, &callee, op, offset);
                let made = ctx.alloc(Obj::Made { callee, args });
                self.push(ctx, made)?;
                if let Some(text) = text {
                    return Ok(note(text));
                }
            }
            BUILD => {
                let state = self.pop()?;
                let target = self.top()?.clone();
                return self.build(ctx, stream, &target, &state, offset);
            }
            EXT1 | EXT2 | EXT4 => {
                let code = if let Arg::Int(v) = arg { *v } else { 0 };
                if code <= 0 {
                    return Err(fail("EXT specifies code <= 0"));
                }
                ctx.issue(
                    IssueKind::Extension,
                    offset,
                    format!(
                        "{} at offset {offset} imports extension code {code} from the copyreg registry, which cannot be resolved statically",
                        op.name()
                    ),
                );
                self.push(ctx, Value::Unresolved)?;
                return Ok(note(format!(
                    "<-- !! extension code {code}: unresolvable import"
                )));
            }
            PROTO => {
                let version = if let Arg::Int(v) = arg { *v } else { 0 };
                if !(0..=5).contains(&version) {
                    return Err(fail(format!("unsupported pickle protocol: {version}")));
                }
                self.proto = u8::try_from(version).unwrap_or(0);
            }
            FRAME => {
                let len = match arg {
                    Arg::Int(v) => v.unsigned_abs(),
                    _ => u64::MAX,
                };
                let here = stream.position();
                if let Some(known) = self.known_len
                    && here.saturating_add(len) > known
                {
                    // The loader raises here, but report what the bytes that are
                    // present would import: a truncated copy of a payload is still one.
                    ctx.issue(
                        IssueKind::Malformed,
                        offset,
                        format!(
                            "FRAME at offset {offset} claims {len} bytes but only {} remain",
                            known.saturating_sub(here)
                        ),
                    );
                    self.frame_anomaly_reported = true;
                    self.frame_end = None;
                    return Ok(Step::default());
                }
                if let Some(end) = self.frame_end
                    && here < end
                    && !self.frame_anomaly_reported
                {
                    self.frame_anomaly_reported = true;
                    ctx.issue(
                            IssueKind::Malformed,
                            offset,
                            format!("FRAME at offset {offset} starts before the previous frame ends at offset {end}"),
                        );
                }
                self.frame_end = Some(here.saturating_add(len));
            }
            NEXT_BUFFER => {
                self.push(ctx, Value::Opaque("an out-of-band buffer"))?;
            }
            READONLY_BUFFER => {
                self.top()?;
            }
        }
        Ok(Step::default())
    }

    fn do_append(&mut self, ctx: &mut Ctx, x: usize, op: Op, offset: u64) -> Result<Step, Fail> {
        let len = self.stack.len();
        if x > len || x <= self.fence() || x == 0 {
            return Err(fail("unpickling stack underflow"));
        }
        let items = self.stack.split_off(x);
        let target = self.stack.get(x - 1).cloned().unwrap_or(Value::None);
        match target {
            Value::Obj(index) => {
                if let Some(Obj::List { items: kept }) = ctx.arena.get_mut(index as usize) {
                    let room = MAX_KEPT_ITEMS.saturating_sub(kept.len());
                    kept.extend(items.into_iter().take(room));
                }
            }
            other => {
                if let Some(text) = Self::mutation_target(ctx, &other, op, offset) {
                    return Ok(note(text));
                }
            }
        }
        Ok(Step::default())
    }

    fn do_setitems(&mut self, ctx: &mut Ctx, x: usize, op: Op, offset: u64) -> Result<Step, Fail> {
        let len = self.stack.len();
        if x > len || x <= self.fence() || x == 0 {
            return Err(fail("unpickling stack underflow"));
        }
        if !(len - x).is_multiple_of(2) {
            return Err(fail("odd number of items for SETITEMS"));
        }
        let items = self.stack.split_off(x);
        let target = self.stack.get(x - 1).cloned().unwrap_or(Value::None);
        match target {
            Value::Obj(index) => {
                if let Some(Obj::Dict { items: kept }) = ctx.arena.get_mut(index as usize) {
                    for (key, value) in pairs_of(items) {
                        let existing = match &key {
                            Value::Str(s) => kept
                                .iter()
                                .position(|(k, _)| matches!(k, Value::Str(t) if t == s)),
                            _ => None,
                        };
                        if let Some(slot) = existing.and_then(|pos| kept.get_mut(pos)) {
                            slot.1 = value;
                        } else if kept.len() < MAX_KEPT_ITEMS {
                            kept.push((key, value));
                        }
                    }
                }
            }
            other => {
                if let Some(text) = Self::mutation_target(ctx, &other, op, offset) {
                    return Ok(note(text));
                }
            }
        }
        Ok(Step::default())
    }

    fn build(
        &mut self,
        ctx: &mut Ctx,
        stream: &mut Stream,
        target: &Value,
        state: &Value,
        offset: u64,
    ) -> Result<Step, Fail> {
        let mut notes = Vec::new();
        if let Some(text) = Self::mutation_target(ctx, target, Op::BUILD, offset) {
            notes.push(text);
        }
        // BUILD calls the target's __setstate__ when it has one: a call site of its class.
        if let Value::Obj(index) = target
            && let Some(Obj::Made { callee, .. }) = ctx.arena.get(*index as usize).cloned()
            && let Value::Global(g) = callee
            && let Some(group) = ctx.imports.get_mut(g as usize)
            && !group.call_ops.contains(&"BUILD")
        {
            group.call_ops.push("BUILD");
        }
        // State dicts (or the (state, slotstate) pair) that plant dunder attributes.
        let mut dicts = Vec::new();
        match state {
            Value::Obj(_) => dicts.push(state.clone()),
            Value::Tuple(items, _) => dicts.extend(items.iter().take(2).cloned()),
            _ => {}
        }
        for dict in dicts {
            if let Value::Obj(index) = dict
                && let Some(Obj::Dict { items }) = ctx.arena.get(index as usize)
            {
                let planted: Vec<String> = items
                    .iter()
                    .filter_map(|(k, _)| match k {
                        Value::Str(key) if is_injected_dunder(key) => Some(key.to_string()),
                        _ => None,
                    })
                    .collect();
                for key in planted {
                    ctx.issue(
                        IssueKind::Injection,
                        offset,
                        format!(
                            "BUILD at offset {offset} sets the attribute {key} on {}",
                            target.describe(ctx)
                        ),
                    );
                    notes.push(format!("<-- !! sets {key}"));
                }
            }
        }
        if let Some(text) = self.joblib_array(ctx, stream, target, state, offset)? {
            notes.push(text);
        }
        Ok(Step {
            note: notes.pop(),
            ..Step::default()
        })
    }

    /// joblib writes each array's bytes right after the BUILD of its `NumpyArrayWrapper`
    /// (object arrays as a nested pickle): skip them, or scan the nested pickle.
    fn joblib_array(
        &mut self,
        ctx: &mut Ctx,
        stream: &mut Stream,
        target: &Value,
        state: &Value,
        offset: u64,
    ) -> Result<Option<String>, Fail> {
        let Value::Obj(index) = target else {
            return Ok(None);
        };
        let Some(Obj::Made {
            callee: Value::Global(g),
            ..
        }) = ctx.arena.get(*index as usize)
        else {
            return Ok(None);
        };
        let is_wrapper = ctx.imports.get(*g as usize).is_some_and(|group| {
            group.name == "NumpyArrayWrapper"
                && matches!(
                    group.module.as_str(),
                    "joblib.numpy_pickle" | "sklearn.externals.joblib.numpy_pickle"
                )
        });
        if !is_wrapper {
            return Ok(None);
        }
        let Value::Obj(state_index) = state else {
            return Err(fail("NumpyArrayWrapper state is not a dict"));
        };
        let Some(Obj::Dict { items }) = ctx.arena.get(*state_index as usize) else {
            return Err(fail("NumpyArrayWrapper state is not a dict"));
        };
        let lookup = |key: &str| {
            items
                .iter()
                .find(|(k, _)| matches!(k, Value::Str(s) if s.as_ref() == key))
                .map(|(_, v)| v.clone())
        };
        let dtype = lookup("dtype");
        let shape = lookup("shape");
        let alignment = lookup("numpy_array_alignment_bytes");
        let dtype_code = match &dtype {
            Some(Value::Obj(d)) => match ctx.arena.get(*d as usize) {
                Some(Obj::Made {
                    args: Value::Tuple(args, _),
                    ..
                }) => match args.first() {
                    Some(Value::Str(code)) => Some(code.to_string()),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        let Some(code) = dtype_code else {
            return Err(fail(
                "joblib array with a dtype that cannot be read statically",
            ));
        };
        if code
            .trim_start_matches(['<', '>', '|', '='])
            .starts_with('O')
        {
            if self.depth + 1 >= MAX_NESTING {
                return Err(Fail {
                    message: "joblib object arrays nested too deeply".into(),
                    limit: true,
                });
            }
            ctx.explain_line(&format!(
                "{:>10}: -- joblib object array: nested pickle follows",
                stream.position()
            ));
            return match run_pickle(ctx, stream, self.known_len, self.depth + 1) {
                End::Stop(_) => Ok(Some(
                    "<-- joblib object array (nested pickle scanned)".into(),
                )),
                End::Empty => Err(fail("joblib object array data is missing")),
                End::Failed { .. } => Err(Fail {
                    message: format!(
                        "nested pickle of the joblib array built at offset {offset} is malformed"
                    ),
                    limit: false,
                }),
            };
        }
        let Some(itemsize) = dtype_itemsize(&code) else {
            return Err(fail(format!("joblib array with unsupported dtype {code}")));
        };
        let mut count: u64 = 1;
        match shape {
            Some(Value::Tuple(dims, _)) => {
                for dim in dims.iter() {
                    match dim {
                        Value::Int(n) if *n >= 0 => {
                            count = count
                                .checked_mul(n.unsigned_abs())
                                .ok_or_else(|| fail("joblib array size overflows"))?;
                        }
                        _ => return Err(fail("joblib array shape is not a tuple of integers")),
                    }
                }
            }
            _ => return Err(fail("joblib array shape is not a tuple of integers")),
        }
        let bytes = count
            .checked_mul(itemsize)
            .ok_or_else(|| fail("joblib array size overflows"))?;
        if matches!(alignment, Some(Value::Int(_))) {
            let at = stream.position();
            let padding = stream.read_u8().ok_or_else(|| truncated(stream))?;
            // joblib pads to 16 bytes with 1..=16 bytes; anything else is not joblib's
            // doing (and could be an opcode for a plain `pickle.load` of the same file).
            if padding == 0 || padding > 16 {
                return Err(fail(format!(
                    "joblib alignment byte at offset {at} is {padding}, not a padding length joblib writes"
                )));
            }
            if !stream.skip(u64::from(padding)) {
                return Err(truncated(stream));
            }
        }
        let start = stream.position();
        if !stream.skip(bytes) {
            return Err(Fail {
                message: format!(
                    "joblib array data ({bytes} bytes at offset {start}) is truncated"
                ),
                limit: matches!(stream.short, Some(Short::Limit)),
            });
        }
        ctx.explain_line(&format!(
            "{start:>10}: -- {bytes} bytes of joblib array data skipped"
        ));
        Ok(Some(format!("<-- joblib array: {bytes} raw bytes follow")))
    }
}

fn pairs_of(items: Vec<Value>) -> Vec<(Value, Value)> {
    let mut pairs = Vec::with_capacity(items.len().min(MAX_KEPT_ITEMS * 2) / 2);
    let mut iter = items.into_iter();
    while let (Some(key), Some(value)) = (iter.next(), iter.next()) {
        if pairs.len() >= MAX_KEPT_ITEMS {
            break;
        }
        pairs.push((key, value));
    }
    pairs
}

/// Item size of a numpy dtype as numpy pickles it (`f8`, `<i4`, `U5` → 20, `b1`…).
pub(crate) fn dtype_itemsize(code: &str) -> Option<u64> {
    let body = code.trim_start_matches(['<', '>', '|', '=']);
    let kind = body.chars().next()?;
    let digits = &body[kind.len_utf8()..];
    let size: u64 = if digits.is_empty() {
        match kind {
            '?' | 'b' | 'B' => 1,
            'h' | 'H' | 'e' => 2,
            'i' | 'I' | 'l' | 'f' => 4,
            'q' | 'Q' | 'd' | 'g' | 'L' | 'p' | 'P' => 8,
            _ => return None,
        }
    } else {
        let n: u64 = digits.split('[').next()?.parse().ok()?;
        match kind {
            'U' => n.checked_mul(4)?,
            'b' | 'i' | 'u' | 'f' | 'c' | 'S' | 'a' | 'V' | 'M' | 'm' => n,
            _ => return None,
        }
    };
    Some(size)
}

//! An owned, simplified copy of the Python expressions the inventory needs.
//!
//! Per-file extraction runs on one parsed file at a time (in parallel), and the project-level
//! join runs after every file is dropped, so what it needs of an expression (a route path, a
//! `dependencies=[Depends(get_user)]` list, a `path("x/", include("app.urls"))` entry) is
//! copied into a [`Value`]: literals, containers, calls and references. A reference is the
//! dotted symbol the name stands for (see `extract::names`): `flask.Blueprint` for an import,
//! `shop.views.bp` for a module-level variable of `shop/views.py`,
//! `shop.create_app.<locals>.app` for a local of a factory function.
//!
//! Anything else (comprehensions, arithmetic other than `+`, lambdas) is [`Value::Unknown`].
//! Copies are bounded ([`MAX_VALUE_NODES`] nodes, [`MAX_VALUE_DEPTH`] levels), so a module that
//! holds a megabyte of literal data costs a bounded amount.

/// How many nodes one copied expression may have; the rest is [`Value::Unknown`].
pub const MAX_VALUE_NODES: usize = 20_000;
/// How deep a copied expression may nest; deeper parts are [`Value::Unknown`].
pub const MAX_VALUE_DEPTH: u32 = 48;

/// A copied expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string literal (implicit concatenation joined).
    Str(String),
    /// An f-string: literal parts as [`Value::Str`], placeholders as their expression.
    Format(Vec<Value>),
    Int(i64),
    Bool(bool),
    None,
    /// A list, tuple or set display.
    List(Vec<Value>),
    /// A dict display; `**mapping` entries have an [`Value::Unknown`] key.
    Dict(Vec<(Value, Value)>),
    /// A name or attribute chain, as the dotted symbol it refers to.
    Ref(String),
    Call(Box<CallValue>),
    /// An attribute of something that is not a reference (`Api(app).resource`).
    Attr(Box<Value>, String),
    /// `value[index]`.
    Subscript(Box<Value>, Box<Value>),
    /// `left + right`.
    Add(Box<Value>, Box<Value>),
    /// `*value` inside a display or call.
    Starred(Box<Value>),
    Unknown,
}

/// A copied call: callee, positional and keyword arguments, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct CallValue {
    pub func: Value,
    pub args: Vec<Value>,
    /// `(Some(name), value)` for `name=value`, `(None, value)` for `**value`.
    pub keywords: Vec<(Option<String>, Value)>,
    /// 1-based line and column of the call.
    pub line: u32,
    pub column: u32,
}

impl CallValue {
    /// The keyword argument `name`.
    pub fn keyword(&self, name: &str) -> Option<&Value> {
        self.keywords
            .iter()
            .find(|(key, _)| key.as_deref() == Some(name))
            .map(|(_, value)| value)
    }

    /// Positional argument `index`, or the keyword `name` that stands for it.
    pub fn argument(&self, index: usize, name: &str) -> Option<&Value> {
        // A starred argument hides the positions after it.
        let positional = self
            .args
            .iter()
            .take_while(|arg| !matches!(arg, Value::Starred(_)))
            .nth(index);
        positional.or_else(|| self.keyword(name))
    }

    /// Whether the callee is a reference whose last segment is `name` (`x.route`).
    pub fn method_name(&self) -> Option<&str> {
        match &self.func {
            Value::Ref(symbol) => symbol.rsplit('.').next(),
            Value::Attr(_, attribute) => Some(attribute),
            _ => None,
        }
    }
}

impl Value {
    /// The string, when this is a string literal.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(text) => Some(text),
            _ => None,
        }
    }

    /// The symbol, when this is a reference.
    pub fn as_ref_symbol(&self) -> Option<&str> {
        match self {
            Value::Ref(symbol) => Some(symbol),
            _ => None,
        }
    }

    pub fn as_call(&self) -> Option<&CallValue> {
        match self {
            Value::Call(call) => Some(call),
            _ => None,
        }
    }

    /// The elements of a list/tuple/set display.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// The value of string key `key` in a dict display.
    pub fn dict_get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Dict(entries) => entries
                .iter()
                .rev()
                .find(|(entry_key, _)| entry_key.as_str() == Some(key))
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// Whether this is the literal `True`.
    pub fn is_true(&self) -> bool {
        matches!(self, Value::Bool(true))
    }

    /// Whether this is the literal `False`.
    pub fn is_false(&self) -> bool {
        matches!(self, Value::Bool(false))
    }

    /// Strings in a list display (or a single string), in order; other elements skipped.
    pub fn strings(&self) -> Vec<&str> {
        match self {
            Value::Str(text) => vec![text.as_str()],
            Value::List(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// A short human rendering for tables and messages: `get_current_user`,
    /// `RateLimiter(...)`, `"5/minute"`.
    pub fn short(&self) -> String {
        match self {
            Value::Str(text) => format!("{text:?}"),
            Value::Format(_) => "f\"...\"".to_string(),
            Value::Int(number) => number.to_string(),
            Value::Bool(true) => "True".to_string(),
            Value::Bool(false) => "False".to_string(),
            Value::None => "None".to_string(),
            Value::List(_) => "[...]".to_string(),
            Value::Dict(_) => "{...}".to_string(),
            Value::Ref(symbol) => last_segments(symbol, 1).to_string(),
            Value::Call(call) => format!("{}(...)", call.func.short()),
            Value::Attr(value, attribute) => format!("{}.{attribute}", value.short()),
            Value::Subscript(value, _) => format!("{}[...]", value.short()),
            Value::Add(left, right) => format!("{} + {}", left.short(), right.short()),
            Value::Starred(value) => format!("*{}", value.short()),
            Value::Unknown => "?".to_string(),
        }
    }
}

/// The last `count` dot-separated segments of `symbol` (the whole symbol when shorter).
pub fn last_segments(symbol: &str, count: usize) -> &str {
    let mut position = symbol.len();
    for _ in 0..count {
        match symbol.get(..position).and_then(|head| head.rfind('.')) {
            Some(dot) => position = dot,
            None => return symbol,
        }
    }
    symbol.get(position + 1..).unwrap_or(symbol)
}

/// The symbol without its last segment (`a.b.c` → `a.b`), `None` for a single segment.
pub fn parent_symbol(symbol: &str) -> Option<&str> {
    symbol.rfind('.').and_then(|dot| symbol.get(..dot))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments() {
        assert_eq!(last_segments("a.b.c", 1), "c");
        assert_eq!(last_segments("a.b.c", 2), "b.c");
        assert_eq!(last_segments("a.b.c", 5), "a.b.c");
        assert_eq!(parent_symbol("a.b.c"), Some("a.b"));
        assert_eq!(parent_symbol("a"), None);
    }

    #[test]
    fn call_arguments_stop_at_a_starred_argument() {
        let call = CallValue {
            func: Value::Ref("x.add_url_rule".into()),
            args: vec![
                Value::Str("/a".into()),
                Value::Starred(Box::new(Value::Unknown)),
                Value::Str("b".into()),
            ],
            keywords: vec![(Some("view_func".into()), Value::Ref("v".into()))],
            line: 1,
            column: 1,
        };
        assert_eq!(call.argument(0, "rule"), Some(&Value::Str("/a".into())));
        assert_eq!(call.argument(2, "view_func"), Some(&Value::Ref("v".into())));
        assert_eq!(call.method_name(), Some("add_url_rule"));
    }
}

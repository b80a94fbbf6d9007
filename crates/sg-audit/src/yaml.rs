//! YAML advisories (the PyPA advisory-database checkout) turned into JSON values.
//!
//! The PyPA repository stores OSV records as YAML. They go through the same lenient
//! conversion as JSON records, so this module only maps YAML events to a
//! [`serde_json::Value`]: mappings to objects (keys as text), sequences to arrays, and every
//! plain scalar to a string *as written*, because versions such as `1.10` must not become the
//! number 1.1. `null`/`~`/empty plain scalars are null and `true`/`false` are booleans.
//!
//! The tree is built from parser events on an explicit stack (no recursion, a depth limit)
//! and aliases are refused: an advisory never needs them, and expanding them is how a
//! "billion laughs" document exhausts memory.

use serde_json::{Map, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Deeper nesting than this is not an advisory.
const MAX_DEPTH: usize = 128;

/// Parses the first YAML document of `text` into a JSON value.
pub fn to_json_value(text: &str) -> Result<Value, String> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut builder, false)
        .map_err(|error| format!("invalid YAML: {error}"))?;
    if let Some(error) = builder.error {
        return Err(error);
    }
    Ok(builder.root.unwrap_or(Value::Null))
}

enum Frame {
    Sequence(Vec<Value>),
    /// The object so far and the key waiting for its value.
    Mapping(Map<String, Value>, Option<String>),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Value>,
    error: Option<String>,
}

impl Builder {
    fn push_value(&mut self, value: Value) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(value);
                }
            }
            Some(Frame::Sequence(items)) => items.push(value),
            Some(Frame::Mapping(map, pending_key)) => {
                if let Some(key) = pending_key.take() {
                    map.insert(key, value);
                } else {
                    let key = match value {
                        Value::String(key) => key,
                        Value::Null => "null".to_string(),
                        other => other.to_string(),
                    };
                    *pending_key = Some(key);
                }
            }
        }
    }

    fn open(&mut self, frame: Frame, mark: Marker) {
        if self.stack.len() >= MAX_DEPTH {
            self.fail(format!(
                "YAML nested deeper than {MAX_DEPTH} levels at line {}",
                mark.line()
            ));
            return;
        }
        self.stack.push(frame);
    }

    fn fail(&mut self, message: String) {
        if self.error.is_none() {
            self.error = Some(message);
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match event {
            Event::Scalar(text, style, _anchor, _tag) => {
                let value = if style == TScalarStyle::Plain {
                    match text.as_str() {
                        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
                        "true" | "True" | "TRUE" => Value::Bool(true),
                        "false" | "False" | "FALSE" => Value::Bool(false),
                        _ => Value::String(text),
                    }
                } else {
                    Value::String(text)
                };
                self.push_value(value);
            }
            Event::SequenceStart(..) => self.open(Frame::Sequence(Vec::new()), mark),
            Event::MappingStart(..) => self.open(Frame::Mapping(Map::new(), None), mark),
            Event::SequenceEnd | Event::MappingEnd => {
                let value = match self.stack.pop() {
                    Some(Frame::Sequence(items)) => Value::Array(items),
                    Some(Frame::Mapping(map, _)) => Value::Object(map),
                    None => return,
                };
                self.push_value(value);
            }
            Event::Alias(_) => self.fail(format!(
                "YAML aliases are not supported in advisories (line {})",
                mark.line()
            )),
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_keep_their_text() {
        let value = to_json_value(
            "id: PYSEC-1\nversions:\n- 1.10\n- '2.0'\nwithdrawn: ~\nflag: true\nevents:\n- introduced: 0\n",
        )
        .unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "id": "PYSEC-1",
                "versions": ["1.10", "2.0"],
                "withdrawn": null,
                "flag": true,
                "events": [{"introduced": "0"}],
            })
        );
    }

    #[test]
    fn aliases_and_bad_yaml_are_errors() {
        assert!(to_json_value("a: &x [1]\nb: *x\n").is_err());
        assert!(to_json_value("a: [1, 2\n").is_err());
        let deep = "[".repeat(500);
        assert!(to_json_value(&deep).is_err());
    }
}

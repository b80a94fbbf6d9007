//! Copying AST expressions into owned [`Value`]s (bounded in size and depth).

use sg_python::ast::{self, Expr, Number, Operator};
use sg_python::{Locator, Ranged};

use super::names::Names;
use crate::value::{CallValue, MAX_VALUE_DEPTH, MAX_VALUE_NODES, Value};

/// Copies expressions with one node budget.
pub(crate) struct Converter<'n, 'a> {
    names: &'n Names<'a>,
    locator: Locator<'a>,
    budget: usize,
}

impl<'n, 'a> Converter<'n, 'a> {
    pub fn new(names: &'n Names<'a>, locator: Locator<'a>) -> Self {
        Converter {
            names,
            locator,
            budget: MAX_VALUE_NODES,
        }
    }

    pub fn value(&mut self, expr: &Expr) -> Value {
        self.convert(expr, 0)
    }

    pub fn call(&mut self, call: &ast::ExprCall) -> CallValue {
        self.call_value(call, 0)
    }

    fn convert(&mut self, expr: &Expr, depth: u32) -> Value {
        if depth >= MAX_VALUE_DEPTH || self.budget == 0 {
            return Value::Unknown;
        }
        self.budget -= 1;
        let depth = depth + 1;
        match expr {
            Expr::StringLiteral(literal) => Value::Str(literal.value.to_str().to_string()),
            Expr::FString(fstring) => {
                let mut parts = Vec::new();
                for part in &fstring.value {
                    match part {
                        ast::FStringPart::Literal(literal) => {
                            parts.push(Value::Str(literal.value.to_string()));
                        }
                        ast::FStringPart::FString(fstring) => {
                            for element in &fstring.elements {
                                match element {
                                    ast::InterpolatedStringElement::Literal(literal) => {
                                        parts.push(Value::Str(literal.value.to_string()));
                                    }
                                    ast::InterpolatedStringElement::Interpolation(
                                        interpolation,
                                    ) => {
                                        parts.push(self.convert(&interpolation.expression, depth));
                                    }
                                }
                            }
                        }
                    }
                }
                Value::Format(parts)
            }
            Expr::NumberLiteral(number) => match &number.value {
                Number::Int(int) => int.as_i64().map_or(Value::Unknown, Value::Int),
                _ => Value::Unknown,
            },
            Expr::BooleanLiteral(literal) => Value::Bool(literal.value),
            Expr::NoneLiteral(_) => Value::None,
            Expr::List(list) => self.sequence(&list.elts, depth),
            Expr::Tuple(tuple) => self.sequence(&tuple.elts, depth),
            Expr::Set(set) => self.sequence(&set.elts, depth),
            Expr::Dict(dict) => {
                let mut entries = Vec::with_capacity(dict.items.len());
                for item in &dict.items {
                    let key = item
                        .key
                        .as_ref()
                        .map_or(Value::Unknown, |key| self.convert(key, depth));
                    let value = self.convert(&item.value, depth);
                    entries.push((key, value));
                }
                Value::Dict(entries)
            }
            Expr::Name(_) => self.names.symbol(expr).map_or(Value::Unknown, Value::Ref),
            Expr::Attribute(attribute) => match self.names.symbol(expr) {
                Some(symbol) => Value::Ref(symbol),
                None => Value::Attr(
                    Box::new(self.convert(&attribute.value, depth)),
                    attribute.attr.to_string(),
                ),
            },
            Expr::Call(call) => Value::Call(Box::new(self.call_value(call, depth))),
            Expr::Subscript(subscript) => Value::Subscript(
                Box::new(self.convert(&subscript.value, depth)),
                Box::new(self.convert(&subscript.slice, depth)),
            ),
            Expr::BinOp(binop) if binop.op == Operator::Add => Value::Add(
                Box::new(self.convert(&binop.left, depth)),
                Box::new(self.convert(&binop.right, depth)),
            ),
            Expr::Starred(starred) => Value::Starred(Box::new(self.convert(&starred.value, depth))),
            Expr::Await(await_expr) => self.convert(&await_expr.value, depth),
            _ => Value::Unknown,
        }
    }

    fn sequence(&mut self, elements: &[Expr], depth: u32) -> Value {
        let mut items = Vec::with_capacity(elements.len().min(256));
        for element in elements {
            if self.budget == 0 {
                items.push(Value::Unknown);
                break;
            }
            items.push(self.convert(element, depth));
        }
        Value::List(items)
    }

    fn call_value(&mut self, call: &ast::ExprCall, depth: u32) -> CallValue {
        let func = self.convert(&call.func, depth);
        let mut args = Vec::with_capacity(call.arguments.args.len());
        for arg in &call.arguments.args {
            args.push(self.convert(arg, depth));
        }
        let mut keywords = Vec::with_capacity(call.arguments.keywords.len());
        for keyword in &call.arguments.keywords {
            keywords.push((
                keyword.arg.as_ref().map(ToString::to_string),
                self.convert(&keyword.value, depth),
            ));
        }
        let (line, column) = self.locator.line_column(call.range().start());
        CallValue {
            func,
            args,
            keywords,
            line,
            column,
        }
    }
}

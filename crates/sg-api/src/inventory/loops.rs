//! Routes registered in a loop over a list of `(path, view)` tuples.
//!
//! Large Flask projects keep their routes as data and register them in a loop:
//!
//! ```python
//! routes = [("/data/persons", PersonsResource), ("/data/persons/<id>", PersonResource)]
//! for path, resource in routes:
//!     api.add_resource(resource, path)
//! ```
//!
//! often through a helper defined in another module, called once per blueprint:
//!
//! ```python
//! def configure_api_from_blueprint(blueprint, route_tuples):
//!     for path, resource in route_tuples:
//!         blueprint.add_url_rule(path, view_func=resource.as_view(resource.__name__))
//!
//! configure_api_from_blueprint(blueprint, routes)
//! ```
//!
//! Before the framework resolvers run, [`expand`] rewrites each registration call made in
//! such a loop into one plain call per element of the list, with the loop variables replaced
//! by the element's parts (`route[0]`, tuple unpacking). When the loop is in a function and
//! the list, the receiver or an argument is one of its parameters, the function's call sites
//! bind them: one level of call is followed, and each call site gives its own set of calls
//! (`blueprint` and `route_tuples` differ per call). A local assigned in the loop from a
//! loop variable (`view_func = resource.as_view(...)`) is replaced by that assignment.
//! Lists are module-level displays, possibly imported from another module, `+` of lists, or
//! a display written at the call site. A loop whose list cannot be resolved is left as it
//! was (its call keeps a `{path}` placeholder).

use std::collections::HashMap;

use crate::facts::{CallSite, Loop, Scope};
use crate::value::{CallValue, Value, last_segments};

use super::project::{Project, Target};

/// Registration methods whose calls in loops are expanded.
const REGISTRATIONS: &[&str] = &[
    "add_url_rule",
    "add_resource",
    "add_api_route",
    "add_route",
    "add_websocket_route",
    "add_api_websocket_route",
    "register_blueprint",
    "include_router",
    "add_namespace",
    "mount",
    "add_get",
    "add_post",
    "add_put",
    "add_patch",
    "add_delete",
    "add_head",
    "add_view",
];

/// How many calls one loop call may expand to (call sites × elements).
const MAX_EXPANSION: usize = 5_000;
/// How many call sites of a helper are followed.
const MAX_CALL_SITES: usize = 500;

type Env = HashMap<String, Value>;

/// Replacement call sites: `(file index, call index) → calls`, for every registration call
/// made in a loop whose list resolves.
pub(crate) fn expand(project: &Project<'_>) -> Vec<(usize, usize, Vec<CallSite>)> {
    let mut out = Vec::new();
    for (file, module) in project.facts.iter().enumerate() {
        for (index, site) in module.calls.iter().enumerate() {
            if site.loops.is_empty() {
                continue;
            }
            let is_registration = site
                .call
                .method_name()
                .is_some_and(|name| REGISTRATIONS.contains(&name));
            if !is_registration {
                continue;
            }
            let calls = expand_site(project, site);
            if !calls.is_empty() {
                out.push((file, index, calls));
            }
        }
    }
    out
}

fn expand_site(project: &Project<'_>, site: &CallSite) -> Vec<CallSite> {
    let mut envs: Vec<Env> = parameter_envs(project, site);
    for Loop { target, iter } in &site.loops {
        let mut next = Vec::new();
        for env in &envs {
            let iter = substitute(project, iter, env, 0);
            for item in items(project, &iter) {
                let mut bound = env.clone();
                if bind(target, &item, &mut bound) {
                    next.push(bound);
                }
                if next.len() >= MAX_EXPANSION {
                    break;
                }
            }
        }
        envs = next;
        if envs.is_empty() {
            return Vec::new();
        }
    }
    // Only calls that use a loop variable are rewritten.
    let loop_names = loop_variables(&site.loops);
    let uses_loop = mentions(&site.call.func, &loop_names)
        || site.call.args.iter().any(|arg| mentions(arg, &loop_names))
        || site
            .call
            .keywords
            .iter()
            .any(|(_, value)| mentions(value, &loop_names))
        || call_locals_use_loop(project, &site.call, &loop_names);
    if !uses_loop {
        return Vec::new();
    }
    envs.iter()
        .map(|env| CallSite {
            call: substitute_call(project, &site.call, env, 0),
            scope: site.scope.clone(),
            location: site.location.clone(),
            loops: Vec::new(),
        })
        .collect()
}

/// Bindings of the enclosing function's parameters, one set per call site of the function,
/// when the loop's list, the receiver or an argument is a parameter. A single empty set
/// otherwise (or when the function has no call site: the usual resolution applies).
fn parameter_envs(project: &Project<'_>, site: &CallSite) -> Vec<Env> {
    let Scope::Function(function_id) = &site.scope else {
        return vec![Env::new()];
    };
    let Some(function) = project.function(function_id) else {
        return vec![Env::new()];
    };
    let parameters: Vec<String> = function
        .parameters
        .iter()
        .map(|parameter| format!("{function_id}.<locals>.{}", parameter.name))
        .collect();
    let used = site.loops.iter().any(|lp| mentions(&lp.iter, &parameters))
        || mentions(&site.call.func, &parameters)
        || site.call.args.iter().any(|arg| mentions(arg, &parameters));
    if !used {
        return vec![Env::new()];
    }
    let offset = usize::from(function.class.is_some());
    let mut envs = Vec::new();
    for call in call_sites(project, function_id) {
        let mut env = Env::new();
        for (position, argument) in call.args.iter().enumerate() {
            if matches!(argument, Value::Starred(_)) {
                break;
            }
            if let Some(parameter) = function.parameters.get(position + offset) {
                env.insert(
                    format!("{function_id}.<locals>.{}", parameter.name),
                    argument.clone(),
                );
            }
        }
        for (keyword, argument) in &call.keywords {
            if let Some(keyword) = keyword
                && function.parameters.iter().any(|p| &p.name == keyword)
            {
                env.insert(
                    format!("{function_id}.<locals>.{keyword}"),
                    argument.clone(),
                );
            }
        }
        // Unbound parameters take their default (`decorators=None`), never another call
        // site's argument.
        for parameter in function.parameters.iter().skip(offset) {
            env.entry(format!("{function_id}.<locals>.{}", parameter.name))
                .or_insert_with(|| parameter.default.clone());
        }
        envs.push(env);
        if envs.len() >= MAX_CALL_SITES {
            break;
        }
    }
    if envs.is_empty() {
        envs.push(Env::new());
    }
    envs
}

/// Every call of the project function `function_id` (statement calls and assigned calls).
fn call_sites<'p>(project: &Project<'p>, function_id: &str) -> Vec<&'p CallValue> {
    let mut out = Vec::new();
    for module in project.facts {
        for call in module.all_calls() {
            let Value::Ref(symbol) = &call.func else {
                continue;
            };
            // Cheap filter before resolving: the callee's name must match.
            if last_segments(symbol, 1) != last_segments(function_id, 1) {
                continue;
            }
            if let Target::Function(function) = project.resolve(symbol)
                && function.id == function_id
            {
                out.push(call);
            }
        }
    }
    out
}

/// The elements of a list value: a display, a variable holding one (also imported), `+`.
fn items(project: &Project<'_>, value: &Value) -> Vec<Value> {
    match value {
        Value::List(items) => items
            .iter()
            .flat_map(|item| match item {
                Value::Starred(inner) => items_of_ref(project, inner),
                other => vec![other.clone()],
            })
            .collect(),
        Value::Add(left, right) => {
            let mut out = items(project, left);
            out.extend(items(project, right));
            out
        }
        Value::Ref(_) => items_of_ref(project, value),
        _ => Vec::new(),
    }
}

fn items_of_ref(project: &Project<'_>, value: &Value) -> Vec<Value> {
    let Value::Ref(symbol) = value else {
        return Vec::new();
    };
    match project.resolve_str(symbol) {
        Some(Target::Value(_, list)) => project.list(list).into_iter().cloned().collect(),
        _ => Vec::new(),
    }
}

/// Binds loop variables to an element; `false` when the shapes differ.
fn bind(target: &Value, item: &Value, env: &mut Env) -> bool {
    match target {
        Value::Ref(symbol) => {
            env.insert(symbol.clone(), item.clone());
            true
        }
        Value::List(targets) => {
            let Value::List(parts) = item else {
                return false;
            };
            if targets.len() != parts.len() {
                return false;
            }
            targets
                .iter()
                .zip(parts)
                .all(|(target, part)| bind(target, part, env))
        }
        _ => false,
    }
}

fn loop_variables(loops: &[Loop]) -> Vec<String> {
    fn collect(target: &Value, out: &mut Vec<String>) {
        match target {
            Value::Ref(symbol) => out.push(symbol.clone()),
            Value::List(targets) => targets.iter().for_each(|target| collect(target, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for lp in loops {
        collect(&lp.target, &mut out);
    }
    out
}

/// Whether a local passed to the call is assigned from a loop variable
/// (`view_func = resource.as_view(...)`).
fn call_locals_use_loop(project: &Project<'_>, call: &CallValue, names: &[String]) -> bool {
    call.args
        .iter()
        .chain(call.keywords.iter().map(|(_, value)| value))
        .any(|value| match value {
            Value::Ref(symbol) if symbol.contains(".<locals>.") => project
                .assignments(symbol)
                .iter()
                .any(|assignment| mentions(&assignment.value, names)),
            _ => false,
        })
}

/// Whether `value` refers to one of `symbols` (or an attribute of one).
fn mentions(value: &Value, symbols: &[String]) -> bool {
    match value {
        Value::Ref(symbol) => symbols.iter().any(|name| is_or_under(symbol, name)),
        Value::Format(items) | Value::List(items) => {
            items.iter().any(|item| mentions(item, symbols))
        }
        Value::Dict(entries) => entries
            .iter()
            .any(|(key, value)| mentions(key, symbols) || mentions(value, symbols)),
        Value::Call(call) => {
            mentions(&call.func, symbols)
                || call.args.iter().any(|arg| mentions(arg, symbols))
                || call
                    .keywords
                    .iter()
                    .any(|(_, value)| mentions(value, symbols))
        }
        Value::Attr(inner, _) | Value::Starred(inner) => mentions(inner, symbols),
        Value::Subscript(left, right) | Value::Add(left, right) => {
            mentions(left, symbols) || mentions(right, symbols)
        }
        _ => false,
    }
}

fn is_or_under(symbol: &str, name: &str) -> bool {
    symbol == name
        || symbol
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with('.'))
}

fn substitute_call(project: &Project<'_>, call: &CallValue, env: &Env, depth: u32) -> CallValue {
    CallValue {
        func: substitute(project, &call.func, env, depth),
        args: call
            .args
            .iter()
            .map(|arg| substitute(project, arg, env, depth))
            .collect(),
        keywords: call
            .keywords
            .iter()
            .map(|(key, value)| (key.clone(), substitute(project, value, env, depth)))
            .collect(),
        line: call.line,
        column: call.column,
    }
}

/// `value` with the bound names replaced: `path` → `"/data/persons"`, `route[1]` → the
/// tuple's second element, `resource.as_view` → `PersonsResource.as_view`, and a local
/// assigned from a loop variable → its (substituted) assignment.
fn substitute(project: &Project<'_>, value: &Value, env: &Env, depth: u32) -> Value {
    if depth > 8 || env.is_empty() {
        return value.clone();
    }
    let next = depth + 1;
    match value {
        Value::Ref(symbol) => substitute_ref(project, symbol, env, next),
        Value::Subscript(base, index) => {
            let base = substitute(project, base, env, next);
            let index = substitute(project, index, env, next);
            match (&base, &index) {
                (Value::List(parts), Value::Int(position)) => {
                    let position = if *position < 0 {
                        i64::try_from(parts.len())
                            .ok()
                            .and_then(|len| usize::try_from(len + position).ok())
                    } else {
                        usize::try_from(*position).ok()
                    };
                    position
                        .and_then(|position| parts.get(position))
                        .cloned()
                        .unwrap_or(Value::Unknown)
                }
                _ => Value::Subscript(Box::new(base), Box::new(index)),
            }
        }
        Value::Call(call) => Value::Call(Box::new(substitute_call(project, call, env, next))),
        Value::List(items) => Value::List(
            items
                .iter()
                .map(|item| substitute(project, item, env, next))
                .collect(),
        ),
        Value::Format(items) => Value::Format(
            items
                .iter()
                .map(|item| substitute(project, item, env, next))
                .collect(),
        ),
        Value::Dict(entries) => Value::Dict(
            entries
                .iter()
                .map(|(key, value)| {
                    (
                        substitute(project, key, env, next),
                        substitute(project, value, env, next),
                    )
                })
                .collect(),
        ),
        Value::Attr(inner, attribute) => Value::Attr(
            Box::new(substitute(project, inner, env, next)),
            attribute.clone(),
        ),
        Value::Add(left, right) => Value::Add(
            Box::new(substitute(project, left, env, next)),
            Box::new(substitute(project, right, env, next)),
        ),
        Value::Starred(inner) => Value::Starred(Box::new(substitute(project, inner, env, next))),
        other => other.clone(),
    }
}

fn substitute_ref(project: &Project<'_>, symbol: &str, env: &Env, depth: u32) -> Value {
    if let Some(bound) = env.get(symbol) {
        return bound.clone();
    }
    // `resource.as_view` where `resource` is bound.
    for (name, bound) in env {
        if let Some(rest) = symbol.strip_prefix(name.as_str())
            && let Some(rest) = rest.strip_prefix('.')
        {
            return match bound {
                Value::Ref(base) => Value::Ref(format!("{base}.{rest}")),
                other => rest.split('.').fold(other.clone(), |inner, attribute| {
                    Value::Attr(Box::new(inner), attribute.to_string())
                }),
            };
        }
    }
    // A local assigned from a bound name: `view_func = resource.as_view(resource.__name__)`
    // (an `as_view` call preferred over `view_funcs.get(resource)` caches).
    if symbol.contains(".<locals>.") {
        let names: Vec<String> = env.keys().cloned().collect();
        let candidates: Vec<&Value> = project
            .assignments(symbol)
            .iter()
            .map(|assignment| &assignment.value)
            .filter(|value| mentions(value, &names))
            .collect();
        let preferred = candidates
            .iter()
            .find(|value| {
                value
                    .as_call()
                    .and_then(CallValue::method_name)
                    .is_some_and(|name| name == "as_view")
            })
            .or_else(|| candidates.first());
        if let Some(value) = preferred {
            let mut view = substitute(project, value, env, depth);
            // `for decorator in decorators: view_func = decorator(view_func)`: each element
            // of the (bound) list wraps the view, in order.
            for assignment in project.assignments(symbol) {
                let Some(call) = assignment.value.as_call() else {
                    continue;
                };
                let (Value::Ref(wrapper), [Value::Ref(argument)]) =
                    (&call.func, call.args.as_slice())
                else {
                    continue;
                };
                if argument != symbol {
                    continue;
                }
                let Some(lp) = assignment
                    .loops
                    .iter()
                    .rev()
                    .find(|lp| lp.target.as_ref_symbol() == Some(wrapper.as_str()))
                else {
                    continue;
                };
                let iter = substitute(project, &lp.iter, env, depth);
                for decorator in items(project, &iter) {
                    view = Value::Call(Box::new(CallValue {
                        func: decorator,
                        args: vec![view],
                        keywords: Vec::new(),
                        line: call.line,
                        column: call.column,
                    }));
                }
            }
            return view;
        }
    }
    Value::Ref(symbol.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscripts_and_attributes_of_bound_names() {
        let facts = Vec::new();
        let project = Project::new(&facts);
        let mut env = Env::new();
        env.insert(
            "m.route".to_string(),
            Value::List(vec![Value::Str("/a".into()), Value::Ref("m.View".into())]),
        );
        let first = Value::Subscript(
            Box::new(Value::Ref("m.route".into())),
            Box::new(Value::Int(0)),
        );
        assert_eq!(
            substitute(&project, &first, &env, 0),
            Value::Str("/a".into())
        );
        let last = Value::Subscript(
            Box::new(Value::Ref("m.route".into())),
            Box::new(Value::Int(-1)),
        );
        assert_eq!(
            substitute(&project, &last, &env, 0),
            Value::Ref("m.View".into())
        );
        let out_of_range = Value::Subscript(
            Box::new(Value::Ref("m.route".into())),
            Box::new(Value::Int(5)),
        );
        assert_eq!(substitute(&project, &out_of_range, &env, 0), Value::Unknown);
        env.insert("m.view".to_string(), Value::Ref("m.View".into()));
        assert_eq!(
            substitute(&project, &Value::Ref("m.view.as_view".into()), &env, 0),
            Value::Ref("m.View.as_view".into())
        );
        assert_eq!(
            substitute(&project, &Value::Ref("m.viewer".into()), &env, 0),
            Value::Ref("m.viewer".into())
        );
    }

    #[test]
    fn tuple_targets_bind_by_position() {
        let mut env = Env::new();
        let target = Value::List(vec![Value::Ref("m.p".into()), Value::Ref("m.v".into())]);
        let item = Value::List(vec![Value::Str("/x".into()), Value::Ref("m.V".into())]);
        assert!(bind(&target, &item, &mut env));
        assert_eq!(env.get("m.p"), Some(&Value::Str("/x".into())));
        assert!(!bind(&target, &Value::Str("/x".into()), &mut Env::new()));
    }
}

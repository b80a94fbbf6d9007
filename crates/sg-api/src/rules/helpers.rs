//! Helpers shared by the rules: configuration assignments in their several spellings,
//! request data, endpoint attachment.

use sg_diagnostics::{Finding, Rule};
use sg_python::ast::{self, Expr, Stmt};
use sg_python::{Ranged, TextRange};

use crate::extract::Context;
use crate::extract::ast_util::{last_segment, string_literal};
use crate::extract::names::dotted;
use crate::inventory::{Endpoint, Inventory};

/// Endpoints whose handler is `subject` (a function, or a method of the class `subject`).
pub(crate) fn endpoints_for<'i>(inventory: &'i Inventory, subject: &str) -> Vec<&'i Endpoint> {
    let class_prefix = format!("{subject}.");
    let mut endpoints: Vec<&Endpoint> =
        inventory
            .endpoints
            .iter()
            .filter(|endpoint| {
                endpoint.detail.function.as_deref().is_some_and(|function| {
                    function == subject || function.starts_with(&class_prefix)
                }) || endpoint.detail.group.as_deref() == Some(subject)
            })
            .collect();
    endpoints.sort_by_key(|endpoint| endpoint.label());
    endpoints.dedup_by_key(|endpoint| endpoint.label());
    endpoints
}

/// Adds `extra["endpoint"]` (the first, by label) and `extra["endpoints"]` (all, when more
/// than one).
pub(crate) fn with_endpoints(mut finding: Finding, endpoints: &[&Endpoint]) -> Finding {
    let mut labels: Vec<String> = endpoints.iter().map(|endpoint| endpoint.label()).collect();
    labels.sort();
    labels.dedup();
    if let Some(first) = labels.first() {
        finding = finding.with_extra("endpoint", first.clone());
    }
    if labels.len() > 1 {
        finding = finding.with_extra("endpoints", labels);
    }
    finding
}

/// A finding about an endpoint, at its handler.
pub(crate) fn endpoint_finding(
    rule: &'static Rule,
    endpoint: &Endpoint,
    message: String,
) -> Finding {
    let location = &endpoint.detail.location;
    let mut finding = Finding::new(rule, endpoint.handler.file.clone(), location.span, message)
        .with_snippet(location.snippet.clone())
        .with_extra("endpoint", endpoint.label());
    if let Some(cell) = location.cell {
        finding = finding.with_extra("cell", cell);
    }
    finding
}

/// Where a configuration value was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConfigPlace<'s> {
    /// `NAME = value` at module level.
    Module,
    /// `NAME = value` in the body of the class named so.
    Class(&'s str),
    /// `app.config["NAME"] = value`, `app.config.update(NAME=value)`.
    AppConfig,
}

/// One configuration assignment: key, value, where, and the range to report.
pub(crate) struct ConfigItem<'e, 's> {
    pub key: String,
    pub value: &'e Expr,
    pub place: ConfigPlace<'s>,
    pub range: TextRange,
}

/// Configuration assignments made by `stmt`: module-level and class-level `NAME = value`
/// (upper-case names only) and `x.config["NAME"] = value`.
pub(crate) fn config_assignments<'e, 's>(
    context: &'s Context<'_, '_>,
    stmt: &'e Stmt,
) -> Vec<ConfigItem<'e, 's>> {
    let mut items = Vec::new();
    let (targets, value): (Vec<&Expr>, &Expr) = match stmt {
        Stmt::Assign(assign) => (assign.targets.iter().collect(), &assign.value),
        Stmt::AnnAssign(assign) => match &assign.value {
            Some(value) => (vec![&*assign.target], value),
            None => return items,
        },
        _ => return items,
    };
    for target in targets {
        match target {
            Expr::Name(name) => {
                let key = name.id.as_str();
                if !is_setting_name(key) {
                    continue;
                }
                let place = if context.at_module_level() {
                    ConfigPlace::Module
                } else if let Some(class) = context.class_name
                    && context.names.current_function().is_none()
                {
                    ConfigPlace::Class(class)
                } else {
                    continue;
                };
                items.push(ConfigItem {
                    key: key.to_string(),
                    value,
                    place,
                    range: stmt.range(),
                });
            }
            Expr::Subscript(subscript) => {
                let Some(key) = string_literal(&subscript.slice) else {
                    continue;
                };
                let on_config = dotted(&subscript.value)
                    .is_some_and(|receiver| last_segment(&receiver) == "config");
                if on_config {
                    items.push(ConfigItem {
                        key: key.to_string(),
                        value,
                        place: ConfigPlace::AppConfig,
                        range: stmt.range(),
                    });
                }
            }
            _ => {}
        }
    }
    items
}

/// `x.config.update(NAME=value)`, `x.config.update({"NAME": value})`,
/// `x.config.from_mapping(NAME=value)`: the items it sets.
pub(crate) fn config_call_items(call: &ast::ExprCall) -> Vec<(String, &Expr)> {
    let mut items = Vec::new();
    let Expr::Attribute(attribute) = &*call.func else {
        return items;
    };
    if !matches!(attribute.attr.as_str(), "update" | "from_mapping") {
        return items;
    }
    let on_config =
        dotted(&attribute.value).is_some_and(|receiver| last_segment(&receiver) == "config");
    if !on_config {
        return items;
    }
    for keyword in &call.arguments.keywords {
        if let Some(name) = &keyword.arg {
            items.push((name.to_string(), &keyword.value));
        }
    }
    if let Some(Expr::Dict(dict)) = call.arguments.args.first() {
        for item in &dict.items {
            if let Some(key) = item.key.as_ref().and_then(string_literal) {
                items.push((key.to_string(), &item.value));
            }
        }
    }
    items
}

fn is_setting_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Whether a name (a settings file stem, a config class) is for development or tests,
/// where debug settings are expected.
pub(crate) fn is_development_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["dev", "local", "test", "debug", "ci"].iter().any(|word| {
        lower
            .split(['_', '.', '-'])
            .any(|part| part == *word || part.starts_with(word) && *word != "ci")
    }) || lower.ends_with("development")
        || lower.contains("testing")
}

/// Whether the module is a Django settings module: it sets `INSTALLED_APPS`,
/// `ROOT_URLCONF`, `MIDDLEWARE` or `DATABASES`, or lives in a `settings` package / is named
/// `settings`.
pub(crate) fn is_django_settings(context: &Context<'_, '_>) -> bool {
    ["INSTALLED_APPS", "ROOT_URLCONF", "MIDDLEWARE", "DATABASES"]
        .iter()
        .any(|name| context.module_has(name))
        || context
            .module
            .split('.')
            .any(|segment| segment == "settings")
}

/// Whether `expr` reads data the client sent: `request.json`, `request.get_json()`,
/// `request.form`, `request.POST`, `request.data`, `json.loads(request.body)`,
/// `await request.json()`, or a local bound to one of those.
pub(crate) fn is_request_data(context: &Context<'_, '_>, expr: &Expr, depth: u32) -> bool {
    if depth > 4 {
        return false;
    }
    match expr {
        Expr::Await(await_expr) => is_request_data(context, &await_expr.value, depth + 1),
        Expr::BoolOp(bool_op) => bool_op
            .values
            .first()
            .is_some_and(|first| is_request_data(context, first, depth + 1)),
        Expr::Attribute(_) => dotted(expr).is_some_and(|text| is_request_attribute(&text)),
        Expr::Call(call) => {
            if let Some(text) = dotted(&call.func) {
                if matches!(
                    text.rsplit_once('.')
                        .map(|(receiver, method)| (is_request_name(receiver), method)),
                    Some((true, "get_json" | "json" | "post"))
                ) {
                    return true;
                }
                // request.form.to_dict(), request.POST.dict()
                if let Some((receiver, method)) = text.rsplit_once('.')
                    && matches!(method, "to_dict" | "dict" | "copy")
                    && is_request_attribute(receiver)
                {
                    return true;
                }
            }
            if context
                .qualified(&call.func)
                .is_some_and(|name| matches!(name.as_str(), "json.loads" | "dict"))
            {
                return call
                    .arguments
                    .args
                    .first()
                    .is_some_and(|arg| is_request_data(context, arg, depth + 1));
            }
            false
        }
        Expr::Name(name) => context.value_of(name.id.as_str()).is_some_and(|value| {
            !std::ptr::eq(value, expr) && is_request_data(context, value, depth + 1)
        }),
        _ => false,
    }
}

fn is_request_name(name: &str) -> bool {
    matches!(name, "request" | "req" | "self.request")
}

fn is_request_attribute(text: &str) -> bool {
    let Some((receiver, attribute)) = text.rsplit_once('.') else {
        return false;
    };
    is_request_name(receiver)
        && matches!(
            attribute,
            "json" | "form" | "values" | "POST" | "data" | "GET" | "args" | "query_params"
        )
}

/// The string keys of a dict display.
pub(crate) fn dict_keys(dict: &ast::ExprDict) -> Vec<&str> {
    dict.items
        .iter()
        .filter_map(|item| item.key.as_ref().and_then(string_literal))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn development_names() {
        assert!(is_development_name("DevelopmentConfig"));
        assert!(is_development_name("settings_dev"));
        assert!(is_development_name("local"));
        assert!(is_development_name("TestingConfig"));
        assert!(is_development_name("test_settings"));
        assert!(!is_development_name("ProductionConfig"));
        assert!(!is_development_name("production"));
        assert!(!is_development_name("settings"));
        assert!(!is_development_name("base"));
    }
}

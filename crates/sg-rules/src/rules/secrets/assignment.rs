//! Secrets assigned to names: `SEC401` (secret-like targets), `SEC404` (Django
//! `SECRET_KEY`), `SEC405` (Django `DATABASES` passwords), `SEC406` (Flask secret key).
//!
//! Targets: a name, an attribute (`self.api_key`), a subscript with a string key
//! (`config["api_key"]`), and tuple or list targets paired element by element with a tuple or
//! list value of the same length (`user, password = "admin", "…"`).

use sg_python::Ranged;
use sg_python::ast::{Expr, ExprDict};
use sg_secrets::python::Site;

use super::{report, string_value, target_name};
use crate::checker::Checker;

/// `target = value` (also annotated; called once per target of a chained assignment).
pub(crate) fn check(checker: &Checker, target: &Expr, value: &Expr) {
    match (target, value) {
        (Expr::Tuple(_) | Expr::List(_), Expr::Tuple(_) | Expr::List(_)) => {
            let (Some(targets), Some(values)) = (elements(target), elements(value)) else {
                return;
            };
            if targets.len() != values.len()
                || targets.iter().chain(values).any(Expr::is_starred_expr)
            {
                return;
            }
            for (target, value) in targets.iter().zip(values) {
                check(checker, target, value);
            }
        }
        (Expr::Name(name), Expr::Dict(dict)) if name.id.as_str() == "DATABASES" => {
            database_passwords(checker, dict, 0);
        }
        (_, Expr::StringLiteral(_)) => literal(checker, target, value),
        _ => {}
    }
}

fn elements(expr: &Expr) -> Option<&[Expr]> {
    match expr {
        Expr::Tuple(tuple) => Some(&tuple.elts),
        Expr::List(list) => Some(&list.elts),
        _ => None,
    }
}

/// A string literal assigned to `target`.
fn literal(checker: &Checker, target: &Expr, value: &Expr) {
    let key = match target {
        Expr::Subscript(subscript) => Some(subscript.slice.range()),
        _ => None,
    };
    if let Some(site) = special_site(checker, target) {
        report(checker, site, value, key);
        return;
    }
    if let Some(name) = target_name(checker, target) {
        report(checker, Site::Assignment { name }, value, key);
    }
}

/// The Django or Flask setting `target` is, if it is one.
fn special_site(checker: &Checker, target: &Expr) -> Option<Site<'static>> {
    match target {
        Expr::Name(name) if name.id.as_str() == "SECRET_KEY" => {
            // A config module of a Flask app without Django in sight is Flask's.
            if checker.imports().imports("flask") && !checker.imports().imports("django") {
                Some(Site::FlaskSecretKey)
            } else {
                Some(Site::DjangoSecretKey)
            }
        }
        Expr::Attribute(attribute)
            if attribute.attr.as_str() == "secret_key" && checker.imports().imports("flask") =>
        {
            Some(Site::FlaskSecretKey)
        }
        Expr::Subscript(subscript) => {
            let key = string_value(&subscript.slice)?;
            // `app.config["SECRET_KEY"]`
            if key == "SECRET_KEY"
                && matches!(&*subscript.value, Expr::Attribute(attribute) if attribute.attr.as_str() == "config")
            {
                return Some(Site::FlaskSecretKey);
            }
            // `DATABASES["default"]["PASSWORD"]`
            if key == "PASSWORD" && subscript_root_is(&subscript.value, "DATABASES") {
                return Some(Site::DjangoDatabasePassword);
            }
            None
        }
        _ => None,
    }
}

fn subscript_root_is(expr: &Expr, name: &str) -> bool {
    match expr {
        Expr::Name(root) => root.id.as_str() == name,
        Expr::Subscript(subscript) => subscript_root_is(&subscript.value, name),
        _ => false,
    }
}

/// `"PASSWORD": "…"` entries anywhere in the `DATABASES` dict display (one level per
/// database alias, plus `TEST` and `OPTIONS` sub-dicts).
fn database_passwords(checker: &Checker, dict: &ExprDict, depth: usize) {
    if depth > 4 {
        return;
    }
    for item in &dict.items {
        let Some(key) = &item.key else { continue };
        match &item.value {
            Expr::Dict(inner) => database_passwords(checker, inner, depth + 1),
            value @ Expr::StringLiteral(_)
                if string_value(key).is_some_and(|key| key.eq_ignore_ascii_case("PASSWORD")) =>
            {
                report(
                    checker,
                    Site::DjangoDatabasePassword,
                    value,
                    Some(key.range()),
                );
            }
            _ => {}
        }
    }
}

//! B4xx: blacklisted imports (telnetlib, ftplib, pickle, subprocess, XML parsers, …).
//!
//! Each rule file holds its metadata, the modules it reports and its message; the matching
//! is shared and lives here. A module matches when the imported dotted name is the listed
//! module or lies inside it (`import xml.sax.saxutils` and `from xml.sax import parse`
//! match `xml.sax`; unlike Bandit's text prefix, `pickletools` does not match `pickle`).
//! Dynamic imports with a literal name (`__import__("pickle")`,
//! `importlib.import_module("pickle")`) count as imports, and a call that resolves to a
//! listed name (`wsgiref.handlers.CGIHandler()`) is reported too, as Bandit does.
//! Relative imports (`from . import subprocess`) name the project's own modules and are
//! never reported.

use sg_diagnostics::Rule;
use sg_python::ast::{ExprCall, Stmt};
use sg_python::{QualifiedName, Ranged, TextRange};

use crate::checker::Checker;
use crate::registry::RuleId;
use crate::rules::bandit::helpers::{is_dotted, keyword, string_literal};

pub mod import_ftplib;
pub mod import_httpoxy;
pub mod import_pickle;
pub mod import_pycrypto;
pub mod import_pyghmi;
pub mod import_subprocess;
pub mod import_telnetlib;
pub mod import_xml_etree;
pub mod import_xml_expat;
pub mod import_xml_minidom;
pub mod import_xml_pulldom;
pub mod import_xml_sax;
pub mod import_xmlrpclib;

struct ImportRule {
    id: RuleId,
    rule: &'static Rule,
    modules: &'static [&'static str],
    message: fn(&str) -> String,
}

macro_rules! import_rule {
    ($id:ident, $module:ident, $rule:ident) => {
        ImportRule {
            id: RuleId::$id,
            rule: &$module::$rule,
            modules: $module::MODULES,
            message: $module::message,
        }
    };
}

/// In code order.
static IMPORT_RULES: [ImportRule; 13] = [
    import_rule!(B401, import_telnetlib, IMPORT_TELNETLIB),
    import_rule!(B402, import_ftplib, IMPORT_FTPLIB),
    import_rule!(B403, import_pickle, IMPORT_PICKLE),
    import_rule!(B404, import_subprocess, IMPORT_SUBPROCESS),
    import_rule!(B405, import_xml_etree, IMPORT_XML_ETREE),
    import_rule!(B406, import_xml_sax, IMPORT_XML_SAX),
    import_rule!(B407, import_xml_expat, IMPORT_XML_EXPAT),
    import_rule!(B408, import_xml_minidom, IMPORT_XML_MINIDOM),
    import_rule!(B409, import_xml_pulldom, IMPORT_XML_PULLDOM),
    import_rule!(B411, import_xmlrpclib, IMPORT_XMLRPCLIB),
    import_rule!(B412, import_httpoxy, IMPORT_HTTPOXY),
    import_rule!(B413, import_pycrypto, IMPORT_PYCRYPTO),
    import_rule!(B415, import_pyghmi, IMPORT_PYGHMI),
];

/// Whether `imported` is `module` or lies inside it.
fn within(imported: &str, module: &str) -> bool {
    imported
        .strip_prefix(module)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// Reports every enabled rule (not yet in `reported`) whose modules contain `imported`,
/// naming the listed module in the message.
fn check_module(checker: &Checker, imported: &str, range: TextRange, reported: &mut Vec<RuleId>) {
    for import_rule in &IMPORT_RULES {
        if !checker.enabled(import_rule.id) || reported.contains(&import_rule.id) {
            continue;
        }
        if let Some(module) = import_rule
            .modules
            .iter()
            .find(|module| within(imported, module))
        {
            reported.push(import_rule.id);
            checker.report(checker.finding(import_rule.rule, range, (import_rule.message)(module)));
        }
    }
}

/// One finding per rule and statement (`from subprocess import Popen, PIPE` is one import of
/// `subprocess`), but every rule a statement triggers (`import pickle, subprocess` gives
/// B403 and B404; Bandit stops at the first).
pub(crate) fn statement(checker: &Checker, stmt: &Stmt) {
    let mut reported = Vec::new();
    match stmt {
        Stmt::Import(import) => {
            for alias in &import.names {
                check_module(checker, alias.name.as_str(), alias.range(), &mut reported);
            }
        }
        Stmt::ImportFrom(import) if import.level == 0 => {
            let Some(module) = &import.module else { return };
            let module = module.as_str();
            for alias in &import.names {
                let member = alias.name.as_str();
                if member == "*" {
                    check_module(checker, module, alias.range(), &mut reported);
                } else {
                    let imported = format!("{module}.{member}");
                    check_module(checker, &imported, alias.range(), &mut reported);
                }
            }
        }
        _ => {}
    }
}

pub(crate) fn call(checker: &Checker, call: &ExprCall, callee: Option<&QualifiedName>) {
    let Some(callee) = callee else { return };
    if matches!(
        callee.segments(),
        ["" | "builtins", "__import__"] | ["importlib", "import_module" | "__import__"]
    ) {
        let name = call
            .arguments
            .args
            .first()
            .or_else(|| keyword(call, "name"))
            .and_then(string_literal);
        if let Some(name) = name.filter(|name| !name.starts_with('.')) {
            check_module(checker, name, call.range(), &mut Vec::new());
        }
        return;
    }
    // Only B412's classes are ever called; skip the lists for every other root.
    if !matches!(
        callee.segments().first().copied(),
        Some("wsgiref" | "twisted")
    ) {
        return;
    }
    for import_rule in &IMPORT_RULES {
        if checker.enabled(import_rule.id)
            && import_rule
                .modules
                .iter()
                .any(|module| is_dotted(callee, module))
        {
            let shown = callee.to_string();
            checker.report(checker.finding(
                import_rule.rule,
                call.range(),
                (import_rule.message)(&shown),
            ));
        }
    }
}

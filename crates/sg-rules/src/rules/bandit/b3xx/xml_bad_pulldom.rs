use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports calls to `xml.dom.pulldom`'s parsing functions (`parse`, `parseString`).
    ///
    /// ## Why is this bad?
    /// The standard library XML parsers expand entities: a small document can expand to gigabytes
    /// ("billion laughs"), and some parsers fetch external resources. Parsing untrusted XML with
    /// them lets the sender exhaust memory or probe the network.
    ///
    /// ## Example
    /// ```python
    /// import xml.dom.pulldom
    ///
    /// doc = xml.dom.pulldom.parse(upload)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import defusedxml.pulldom
    ///
    /// doc = defusedxml.pulldom.parse(upload)
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/xml.html#xml-vulnerabilities>
    /// - <https://pypi.org/project/defusedxml/>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b319-xml-bad-pulldom>
    /// - <https://cwe.mitre.org/data/definitions/20.html>
    pub static XML_BAD_PULLDOM: Rule {
        code: "B319",
        name: "xml-bad-pulldom",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(20),
        summary: "XML parsing with xml.dom.pulldom, which is open to XML attacks",
        aliases: ["xml_bad_pulldom", "S319"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(
        callee.segments(),
        ["xml", "dom", "pulldom", "parse" | "parseString"]
    ) {
        return;
    }
    checker.report(checker.finding(&XML_BAD_PULLDOM, call.range(), format!("Using {callee} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace {callee} with its defusedxml equivalent function or make sure defusedxml.defuse_stdlib() is called")));
}

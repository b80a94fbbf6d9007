use sg_python::ast::ExprCall;
use sg_python::{QualifiedName, Ranged};

use crate::checker::Checker;

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports calls to `xml.sax.expatreader`'s parsing functions (`create_parser`).
    ///
    /// ## Why is this bad?
    /// The standard library XML parsers expand entities: a small document can expand to gigabytes
    /// ("billion laughs"), and some parsers fetch external resources. Parsing untrusted XML with
    /// them lets the sender exhaust memory or probe the network.
    ///
    /// ## Example
    /// ```python
    /// import xml.sax.expatreader
    ///
    /// doc = xml.sax.expatreader.create_parser(upload)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import defusedxml.expatreader
    ///
    /// doc = defusedxml.expatreader.create_parser(upload)
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/xml.html#xml-vulnerabilities>
    /// - <https://pypi.org/project/defusedxml/>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b315-xml-bad-expatreader>
    /// - <https://cwe.mitre.org/data/definitions/20.html>
    pub static XML_BAD_EXPATREADER: Rule {
        code: "B315",
        name: "xml-bad-expatreader",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(20),
        summary: "XML parsing with xml.sax.expatreader, which is open to XML attacks",
        aliases: ["xml_bad_expatreader", "S315"],
    }
}

pub(crate) fn check(checker: &Checker, call: &ExprCall, callee: &QualifiedName) {
    if !matches!(
        callee.segments(),
        ["xml", "sax", "expatreader", "create_parser"]
    ) {
        return;
    }
    checker.report(checker.finding(&XML_BAD_EXPATREADER, call.range(), format!("Using {callee} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace {callee} with its defusedxml equivalent function or make sure defusedxml.defuse_stdlib() is called")));
}

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports imports of `xmlrpc` (and Python 2's `xmlrpclib`).
    ///
    /// ## Why is this bad?
    /// XML-RPC parses XML from the peer with the standard library parsers, which a crafted document
    /// can make expand without bound.
    ///
    /// ## Example
    /// ```python
    /// import xmlrpc.client
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import xmlrpc.client
    /// import defusedxml.xmlrpc
    ///
    /// defusedxml.xmlrpc.monkey_patch()
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/xmlrpc.html>
    /// - <https://pypi.org/project/defusedxml/>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html#b411-import-xmlrpclib>
    /// - <https://cwe.mitre.org/data/definitions/20.html>
    pub static IMPORT_XMLRPCLIB: Rule {
        code: "B411",
        name: "import-xmlrpclib",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(20),
        summary: "Import of xmlrpc, which is open to XML attacks",
        aliases: ["import_xmlrpclib", "S411"],
    }
}

/// The modules (and their submodules and members) this rule reports.
pub(crate) const MODULES: &[&str] = &["xmlrpc", "xmlrpclib"];

pub(crate) fn message(name: &str) -> String {
    format!(
        "Using {name} to parse untrusted XML data is known to be vulnerable to XML attacks. Use defusedxml.xmlrpc.monkey_patch() function to monkey-patch xmlrpclib and mitigate XML vulnerabilities"
    )
}

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports imports of `xml.etree.cElementTree`, `xml.etree.ElementTree` (and their submodules
    /// and members).
    ///
    /// ## Why is this bad?
    /// The standard library XML parsers expand entities and can be made to use huge amounts of
    /// memory or fetch external resources by a crafted document. The import itself is harmless; it
    /// is reported so that its parsing calls get reviewed (B313–B319 report the calls).
    ///
    /// ## Example
    /// ```python
    /// import xml.etree.ElementTree
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// import defusedxml.ElementTree
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/xml.html#xml-vulnerabilities>
    /// - <https://pypi.org/project/defusedxml/>
    /// - <https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html#b405-import-xml-etree>
    /// - <https://cwe.mitre.org/data/definitions/20.html>
    pub static IMPORT_XML_ETREE: Rule {
        code: "B405",
        name: "import-xml-etree",
        scanner: Source,
        severity: Low,
        confidence: High,
        cwe: Some(20),
        summary: "Import of xml.etree.ElementTree, which is open to XML attacks",
        aliases: ["import_xml_etree", "S405"],
    }
}

/// The modules (and their submodules and members) this rule reports.
pub(crate) const MODULES: &[&str] = &["xml.etree.cElementTree", "xml.etree.ElementTree"];

pub(crate) fn message(name: &str) -> String {
    format!(
        "Using {name} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace {name} with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called"
    )
}

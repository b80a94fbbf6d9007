use std::fmt::Write;

use sg_diagnostics::Finding;
use sg_python::{PythonSource, TextRange, TextSize};

sg_diagnostics::declare_rule! {
    /// ## What it does
    /// Reports a file that contains a Unicode bidirectional control character: the
    /// embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, and the
    /// right-to-left mark U+200F. One finding per file, at the first such character (in a
    /// notebook, the first code cell that has one).
    ///
    /// This looks at the text of the file, not its syntax tree, so it also finds the
    /// characters in comments and in files that do not parse. The code frame shows each
    /// of these characters as `<U+202E>` so that it cannot reorder the report itself.
    ///
    /// ## Why is this bad?
    /// These characters change the order in which an editor or a code review tool *shows*
    /// the text, not the order in which Python *reads* it ("Trojan Source",
    /// CVE-2021-42574): code that looks like a comment can run, and a string that looks
    /// closed can go on. Source code almost never needs them.
    ///
    /// ## Example
    /// ```python
    /// access_level = "user"
    /// if access_level != "none\u202e \u2066# Check if admin\u2069 \u2066":
    ///     grant_admin()
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// access_level = "user"
    /// if access_level != "none":  # Check if admin
    ///     grant_admin()
    /// ```
    ///
    /// (The example writes the characters as escapes; in the attack they are raw.)
    ///
    /// ## References
    /// - <https://trojansource.codes/>
    /// - <https://nvd.nist.gov/vuln/detail/CVE-2021-42574>
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b613_trojansource.html>
    /// - <https://cwe.mitre.org/data/definitions/838.html>
    pub static TROJANSOURCE: Rule {
        code: "B613",
        name: "trojansource",
        scanner: Source,
        severity: High,
        confidence: Medium,
        cwe: Some(838),
        summary: "Bidirectional control character in source file",
        aliases: [],
    }
}

/// Whether `c` is one of the bidirectional control characters Bandit looks for.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200f}')
}

/// The first bidirectional control character in `text` and its byte offset.
fn first_bidi_control(text: &str) -> Option<(usize, char)> {
    // Every one of them is encoded as three bytes starting with 0xE2: skip to those bytes
    // instead of decoding every character.
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(position) = bytes.get(from..)?.iter().position(|byte| *byte == 0xe2) {
        let at = from + position;
        // 0xE2 only ever starts a character, so `at` is a character boundary.
        if let Some(c) = text.get(at..).and_then(|rest| rest.chars().next())
            && is_bidi_control(c)
        {
            return Some((at, c));
        }
        from = at + 1;
    }
    None
}

/// One finding for the first bidirectional control character of the file, if any.
pub(crate) fn check(source: &PythonSource, display_path: &str, findings: &mut Vec<Finding>) {
    for unit in &source.units {
        let Some((offset, c)) = first_bidi_control(unit.source()) else {
            continue;
        };
        let (Ok(start), Ok(length)) = (u32::try_from(offset), u32::try_from(c.len_utf8())) else {
            return;
        };
        let range = TextRange::at(TextSize::new(start), TextSize::new(length));
        let locator = unit.locator();
        let snippet = escape_bidi_controls(locator.snippet(range));
        let mut finding = Finding::new(
            &TROJANSOURCE,
            display_path,
            locator.span(range),
            format!(
                "A Python source file contains bidirectional control characters ('\\u{:04x}')",
                u32::from(c)
            ),
        )
        .with_snippet(snippet);
        if let Some(cell) = unit.cell() {
            finding = finding.with_extra("cell", cell);
        }
        findings.push(finding);
        return;
    }
}

/// The text with every bidirectional control character written as `<U+202E>`.
fn escape_bidi_controls(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if is_bidi_control(c) {
            let _ = write!(escaped, "<U+{:04X}>", u32::from(c));
        } else {
            escaped.push(c);
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use sg_python::{PythonSource, SourceKind};

    use super::{check, escape_bidi_controls, first_bidi_control};

    #[test]
    fn reports_once_with_an_escaped_snippet() {
        let text = "x = 1\ny = '\u{202e}' + '\u{2066}'\nz = '\u{202e}'\n";
        let Ok(source) = PythonSource::parse(SourceKind::Python, text) else {
            panic!("a Python file always parses");
        };
        let mut findings = Vec::new();
        check(&source, "t.py", &mut findings);
        assert_eq!(findings.len(), 1);
        let finding = &findings[0];
        assert_eq!((finding.span.line, finding.span.column), (2, 6));
        assert_eq!(finding.snippet, "y = '<U+202E>' + '<U+2066>'");
    }

    #[test]
    fn finds_the_first_control_character() {
        assert_eq!(first_bidi_control("plain é — text"), None);
        assert_eq!(
            first_bidi_control("a\u{2066}b\u{202e}"),
            Some((1, '\u{2066}'))
        );
        assert_eq!(first_bidi_control("€\u{200f}"), Some((3, '\u{200f}')));
        // U+200E (left-to-right mark) is not in Bandit's list.
        assert_eq!(first_bidi_control("\u{200e}"), None);
        assert_eq!(escape_bidi_controls("x\u{202e}y"), "x<U+202E>y");
    }
}

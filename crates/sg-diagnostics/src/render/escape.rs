//! Making untrusted text safe to show.
//!
//! Paths, messages and snippets come from scanned files, which may hold terminal escape
//! sequences or Unicode bidirectional controls ("Trojan Source", CVE-2021-42574) that would
//! recolour a terminal or reorder what a reviewer reads. Renderers for humans show such
//! characters as visible escapes (`\x1b`, `\u{202e}`) instead of passing them through.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a character must be shown as an escape rather than printed.
pub(crate) fn is_unsafe_char(ch: char) -> bool {
    ch.is_control() || is_bidi_control(ch)
}

/// The Unicode characters that change the display order of the text around them.
fn is_bidi_control(ch: char) -> bool {
    matches!(
        ch,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// The visible ASCII spelling of an unsafe character.
pub(crate) fn escaped_char(ch: char) -> String {
    match ch {
        '\n' => "\\n".to_string(),
        '\r' => "\\r".to_string(),
        '\t' => "\\t".to_string(),
        ch if u32::from(ch) < 0x80 => format!("\\x{:02x}", u32::from(ch)),
        ch => format!("\\u{{{:x}}}", u32::from(ch)),
    }
}

/// `text` with every unsafe character (including newlines and tabs) escaped, for one-line
/// fields such as paths and messages.
pub(crate) fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        if is_unsafe_char(ch) {
            out.push_str(&escaped_char(ch));
        } else {
            out.push(ch);
        }
    }
    Cow::Owned(out)
}

/// Escapes text for an XML attribute value: `&`, `<`, `>`, `"` and `'` as entities, `\t`,
/// `\n` and `\r` as character references (so the value keeps them), and the characters XML
/// 1.0 cannot carry at all, and other unsafe characters, as their visible escape.
pub(crate) fn xml_attribute(text: &str) -> Cow<'_, str> {
    xml(text, true)
}

/// Escapes text for XML element content: like [`xml_attribute`], but quotes, tabs and
/// newlines stay as they are, so multi-line text remains readable in the file.
pub(crate) fn xml_text(text: &str) -> Cow<'_, str> {
    xml(text, false)
}

fn xml(text: &str, attribute: bool) -> Cow<'_, str> {
    let needs_work = text.chars().any(|ch| {
        matches!(ch, '&' | '<' | '>') || is_unsafe_char(ch) || !is_xml_char(ch) || {
            attribute && matches!(ch, '"' | '\'')
        }
    });
    if !needs_work {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\t' | '\n' | '\r' if attribute => {
                let _ = write!(out, "&#{};", u32::from(ch));
            }
            // A raw carriage return in content would be normalised away by XML parsers.
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(ch),
            ch if !is_xml_char(ch) || is_unsafe_char(ch) => out.push_str(&escaped_char(ch)),
            ch => out.push(ch),
        }
    }
    Cow::Owned(out)
}

/// XML 1.0's `Char` production (surrogates cannot occur in a Rust `char`).
fn is_xml_char(ch: char) -> bool {
    matches!(ch, '\t' | '\n' | '\r' | '\u{20}'..='\u{fffd}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_escapes_terminal_and_bidi_controls() {
        assert_eq!(one_line("plain ü 漢"), "plain ü 漢");
        assert_eq!(
            one_line("a\x1b[31mb\nc\u{202e}d\te"),
            "a\\x1b[31mb\\nc\\u{202e}d\\te"
        );
    }

    #[test]
    fn xml_escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            xml_attribute("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
        assert_eq!(xml_attribute("a\tb\nc\r"), "a&#9;b&#10;c&#13;");
        assert_eq!(xml_text("\"q\" 'a'\tb\nc\r"), "\"q\" 'a'\tb\nc&#13;");
        assert_eq!(
            xml_attribute("nul\0 esc\x1b ffff\u{ffff} bidi\u{202e}"),
            "nul\\x00 esc\\x1b ffff\\u{ffff} bidi\\u{202e}"
        );
    }
}

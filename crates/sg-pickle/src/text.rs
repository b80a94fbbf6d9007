//! Decoders for the text arguments of protocol 0 opcodes, following CPython's `_pickle.c`.

use std::fmt::Write as _;

/// A parsed Python integer literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PyInt {
    Small(i64),
    /// Too large for i64; the digits are kept for display.
    Big(String),
}

/// Parses an integer the way `int(text, base)` would, for base 10 or base 0 (prefixes
/// `0x`/`0o`/`0b`, and a bare leading `0` meaning octal as C `strtol` does).
pub(crate) fn parse_py_int(text: &str, base_zero: bool) -> Option<PyInt> {
    let trimmed = text.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\0');
    let (negative, body) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if base_zero {
        if let Some(rest) = lower.strip_prefix("0x") {
            (16, rest.to_string())
        } else if let Some(rest) = lower.strip_prefix("0o") {
            (8, rest.to_string())
        } else if let Some(rest) = lower.strip_prefix("0b") {
            (2, rest.to_string())
        } else if lower.len() > 1 && lower.starts_with('0') {
            (8, lower[1..].to_string())
        } else {
            (10, lower)
        }
    } else {
        (10, lower)
    };
    let digits = digits.trim_start_matches('_');
    if digits.is_empty()
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.chars().all(|c| c == '_' || c.is_digit(radix))
    {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    match i64::from_str_radix(&clean, radix) {
        Ok(value) => Some(PyInt::Small(if negative { -value } else { value })),
        Err(_) => Some(PyInt::Big(format!(
            "{}{}",
            if negative { "-" } else { "" },
            clean
        ))),
    }
}

/// Parses a FLOAT argument (`repr(float)` text, `inf`, `nan`).
pub(crate) fn parse_py_float(text: &str) -> Option<f64> {
    let trimmed = text.trim();
    trimmed.parse::<f64>().ok().or_else(|| {
        match trimmed.to_ascii_lowercase().trim_start_matches(['+', '-']) {
            "inf" | "infinity" | "nan" => Some(f64::NAN),
            _ => None,
        }
    })
}

/// Decodes the argument of STRING: a quoted Python byte-string repr with backslash escapes.
/// Returns the bytes, or an error message as CPython gives it.
pub(crate) fn decode_string_nl(line: &[u8]) -> Result<Vec<u8>, &'static str> {
    let quoted = match (line.first(), line.last()) {
        (Some(&first), Some(&last))
            if line.len() >= 2 && first == last && (first == b'\'' || first == b'"') =>
        {
            &line[1..line.len() - 1]
        }
        _ => return Err("the STRING opcode argument must be quoted"),
    };
    let mut out = Vec::with_capacity(quoted.len());
    let mut i = 0;
    while i < quoted.len() {
        let byte = quoted[i];
        if byte != b'\\' {
            out.push(byte);
            i += 1;
            continue;
        }
        let Some(&escape) = quoted.get(i + 1) else {
            return Err("trailing \\ in string");
        };
        i += 2;
        match escape {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'a' => out.push(0x07),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(0x0b),
            b'0'..=b'7' => {
                let mut value = u32::from(escape - b'0');
                for _ in 0..2 {
                    match quoted.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((value & 0xff) as u8);
            }
            b'x' => {
                let hex = quoted.get(i..i + 2).ok_or("invalid \\x escape")?;
                let text = std::str::from_utf8(hex).map_err(|_| "invalid \\x escape")?;
                let value = u8::from_str_radix(text, 16).map_err(|_| "invalid \\x escape")?;
                out.push(value);
                i += 2;
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// Decodes `raw-unicode-escape` (the UNICODE argument): bytes are Latin-1 except
/// `\uXXXX` and `\UXXXXXXXX`.
pub(crate) fn decode_raw_unicode_escape(bytes: &[u8]) -> Result<String, &'static str> {
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'\\' {
            // An odd run of backslashes before u/U starts an escape.
            let mut run = 1;
            while bytes.get(i + run) == Some(&b'\\') {
                run += 1;
            }
            let next = bytes.get(i + run).copied();
            if run % 2 == 1 && matches!(next, Some(b'u' | b'U')) {
                for _ in 0..run - 1 {
                    out.push('\\');
                }
                let width = if next == Some(b'u') { 4 } else { 8 };
                let start = i + run + 1;
                let hex = bytes
                    .get(start..start + width)
                    .ok_or("truncated \\uXXXX escape")?;
                let text = std::str::from_utf8(hex).map_err(|_| "truncated \\uXXXX escape")?;
                let code = u32::from_str_radix(text, 16).map_err(|_| "truncated \\uXXXX escape")?;
                out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                i = start + width;
                continue;
            }
            for _ in 0..run {
                out.push('\\');
            }
            i += run;
            continue;
        }
        out.push(char::from(byte));
        i += 1;
    }
    Ok(out)
}

/// Latin-1 text of bytes (lossless), as `encoding='latin1'` would give for py2 strings.
pub(crate) fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// A short, printable rendering of text for disassembly and messages.
pub(crate) fn short_repr(text: &str, max_chars: usize) -> String {
    let mut out = String::from("'");
    for (count, c) in text.chars().enumerate() {
        if count >= max_chars {
            out.push_str("'…");
            return out;
        }
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints() {
        assert_eq!(parse_py_int(" 42", false), Some(PyInt::Small(42)));
        assert_eq!(parse_py_int("-1_0", false), Some(PyInt::Small(-10)));
        assert_eq!(parse_py_int("0x1f", true), Some(PyInt::Small(31)));
        assert_eq!(parse_py_int("010", true), Some(PyInt::Small(8)));
        assert_eq!(parse_py_int("0x1f", false), None);
        assert_eq!(parse_py_int("abc", false), None);
        assert!(matches!(
            parse_py_int("123456789012345678901234567890", false),
            Some(PyInt::Big(_))
        ));
    }

    #[test]
    fn strings() {
        assert_eq!(decode_string_nl(b"'a\\x41\\n'").unwrap(), b"aA\n");
        assert!(decode_string_nl(b"abc").is_err());
        assert_eq!(
            decode_raw_unicode_escape(b"a\\u0041\\\\u").unwrap(),
            "aA\\\\u"
        );
        assert_eq!(short_repr("os\nx", 10), "'os\\nx'");
    }
}

//! Code frames: the flagged lines with line numbers and carets under the span.
//!
//! ```text
//!    |
//! 12 |     data = pickle.loads(request.body)
//!    |            ^^^^^^^^^^^^^^^^^^^^^^^^^^ pickle-loads
//!    |
//! ```
//!
//! Span columns count Unicode scalar values; the screen counts cells. Tabs are expanded to
//! the next multiple of [`TAB_WIDTH`], wide characters take two cells and combining marks none,
//! and control or bidirectional characters are shown as visible escapes (see
//! [`escape`](super::escape)), so the carets stay under the text they mark. Long lines are cut
//! to a window around the span and long spans to their first and last lines, so a finding on
//! a minified file does not print megabytes.

use std::fmt::Write;
use unicode_width::UnicodeWidthChar;

use super::escape::{escaped_char, is_unsafe_char, one_line};
use super::paint::{Painter, Style};
use crate::{Finding, Span};

pub(crate) const TAB_WIDTH: usize = 4;
/// Screen cells of source shown per line before it is cut around the span.
const MAX_LINE_WIDTH: usize = 120;
/// Cells of context kept left of the span when a line is cut.
const LEFT_CONTEXT: usize = 30;
/// Frames of more lines than this show only the first and last few.
const MAX_FRAME_LINES: usize = 8;
const HEAD_LINES: usize = 4;
const TAIL_LINES: usize = 3;
const ELLIPSIS: &str = "...";

/// Appends the code frame of `finding` to `out`, each line starting with `indent`, and
/// returns the width of its line-number gutter. Writes nothing and returns `None` when the
/// finding has no snippet.
pub(crate) fn push_code_frame(
    out: &mut String,
    finding: &Finding,
    indent: &str,
    painter: Painter,
) -> Option<usize> {
    let lines: Vec<&str> = finding.snippet.lines().collect();
    if lines.is_empty() {
        return None;
    }
    let span = finding.span;
    let first_number = u64::from(span.line.max(1));
    let shown: Vec<usize> = if lines.len() > MAX_FRAME_LINES {
        (0..HEAD_LINES)
            .chain(lines.len() - TAIL_LINES..lines.len())
            .collect()
    } else {
        (0..lines.len()).collect()
    };
    let last_number = first_number + lines.len() as u64 - 1;
    let mut gutter_width = last_number.to_string().len();
    if shown.len() < lines.len() {
        gutter_width = gutter_width.max(ELLIPSIS.len());
    }
    let blank_gutter = " ".repeat(gutter_width);

    let rendered: Vec<(u64, RenderedLine)> = shown
        .iter()
        .filter_map(|&index| {
            let text = lines.get(index)?;
            let number = first_number + index as u64;
            Some((number, render_line(text, caret_columns(span, number, text))))
        })
        .collect();
    let label_line = rendered.iter().rposition(|(_, line)| line.carets.is_some());
    let caret_style = Style::Severity(finding.severity);

    push_gutter(out, indent, &blank_gutter, painter);
    out.push('\n');
    let mut previous: Option<u64> = None;
    for (position, (number, line)) in rendered.iter().enumerate() {
        if let Some(previous) = previous
            && *number > previous + 1
        {
            let hidden = number - previous - 1;
            push_gutter(out, indent, &format!("{ELLIPSIS:>gutter_width$}"), painter);
            out.push(' ');
            let noun = if hidden == 1 { "line" } else { "lines" };
            painter.push(out, &format!("({hidden} more {noun})"), Style::Dim);
            out.push('\n');
        }
        previous = Some(*number);
        push_gutter(out, indent, &format!("{number:>gutter_width$}"), painter);
        let text = line.text.trim_end();
        if !text.is_empty() {
            out.push(' ');
            out.push_str(text);
        }
        out.push('\n');
        if let Some((start, length)) = line.carets {
            push_gutter(out, indent, &blank_gutter, painter);
            out.push(' ');
            out.push_str(&" ".repeat(start));
            painter.push(out, &"^".repeat(length), caret_style);
            if label_line == Some(position) {
                out.push(' ');
                painter.push(out, finding.rule.name, caret_style);
            }
            out.push('\n');
        }
    }
    push_gutter(out, indent, &blank_gutter, painter);
    out.push('\n');
    Some(gutter_width)
}

/// The taint trace under the frame, aligned with the frame's gutter.
pub(crate) fn push_trace(
    out: &mut String,
    finding: &Finding,
    gutter_width: usize,
    painter: Painter,
) {
    if finding.trace.is_empty() {
        return;
    }
    let pad = " ".repeat(gutter_width);
    out.push_str(&pad);
    painter.push(out, " = trace", Style::Gutter);
    out.push_str(" (source first):\n");
    for (index, step) in finding.trace.iter().enumerate() {
        let _ = writeln!(
            out,
            "{pad}   {}. {}:{} {}",
            index + 1,
            step.line,
            step.column,
            one_line(&step.message)
        );
    }
}

/// `{indent}{label} |` with the label and bar in the gutter style.
fn push_gutter(out: &mut String, indent: &str, label: &str, painter: Painter) {
    out.push_str(indent);
    painter.push(out, &format!("{label} |"), Style::Gutter);
}

/// The 1-based, end-exclusive character columns to underline on line `number`, if any.
///
/// The first line is marked from the span's column to its end, middle lines from their
/// first non-blank character, the last line up to the span's end column. A point span gets
/// one caret.
fn caret_columns(span: Span, number: u64, text: &str) -> Option<(usize, usize)> {
    let start_line = u64::from(span.line.max(1));
    let end_line = u64::from(span.end_line).max(start_line);
    if number < start_line || number > end_line {
        return None;
    }
    let char_count = text.chars().count();
    let after_last = char_count + 1;
    let first_non_blank = text
        .chars()
        .position(|ch| !ch.is_whitespace())
        .map(|index| index + 1);
    let column = span.column.max(1) as usize;
    let end_column = span.end_column as usize;
    let (start, end) = match (number == start_line, number == end_line) {
        (true, true) => (column, end_column.max(column + 1)),
        (true, false) => (column, after_last.max(column + 1)),
        (false, false) => (first_non_blank?, after_last),
        (false, true) => {
            let start = first_non_blank?;
            if end_column <= start {
                return None;
            }
            (start, end_column)
        }
    };
    Some((start, end))
}

struct RenderedLine {
    /// What is shown after the gutter (already escaped and cut).
    text: String,
    /// Screen offset and length of the carets, relative to `text`.
    carets: Option<(usize, usize)>,
}

/// How a character is shown: its text (when not itself) and its width in screen cells,
/// given the screen column it starts at.
fn display(ch: char, column: usize) -> (Option<String>, usize) {
    if ch == '\t' {
        let width = TAB_WIDTH - column % TAB_WIDTH;
        (Some(" ".repeat(width)), width)
    } else if is_unsafe_char(ch) {
        let escaped = escaped_char(ch);
        let width = escaped.len();
        (Some(escaped), width)
    } else {
        (None, ch.width().unwrap_or(0))
    }
}

/// Renders one source line and places the carets for the character columns `marked`.
///
/// Two passes over the characters and no per-character allocation, because a "line" may be a
/// whole minified file.
fn render_line(text: &str, marked: Option<(usize, usize)>) -> RenderedLine {
    // Pass 1: the screen columns of the marked characters and the line's total width.
    let (want_start, want_end) = marked.map_or((usize::MAX, usize::MAX), |(start, end)| {
        (start.saturating_sub(1), end.saturating_sub(1))
    });
    let mut screen_start = None;
    let mut screen_end = None;
    let mut column = 0;
    for (index, ch) in text.chars().enumerate() {
        if index == want_start {
            screen_start = Some(column);
        }
        if index == want_end {
            screen_end = Some(column);
        }
        column += display(ch, column).1;
    }
    let total_width = column;
    let caret_start = screen_start.unwrap_or(total_width);
    let caret_end = screen_end.unwrap_or(total_width).max(caret_start + 1);

    // The window of screen columns to show.
    let (window_start, window_end) = if total_width <= MAX_LINE_WIDTH {
        (0, total_width)
    } else {
        let start = if marked.is_some() {
            caret_start.saturating_sub(LEFT_CONTEXT)
        } else {
            0
        };
        let end = (start + MAX_LINE_WIDTH).min(total_width);
        (end.saturating_sub(MAX_LINE_WIDTH), end)
    };

    // Pass 2: the visible characters.
    let mut shown = String::new();
    let prefix = window_start > 0;
    if prefix {
        shown.push_str(ELLIPSIS);
    }
    let mut column = 0;
    for ch in text.chars() {
        let (replacement, width) = display(ch, column);
        let next = column + width;
        if next > window_end && width > 0 {
            break;
        }
        if column >= window_start {
            match replacement {
                Some(replacement) => shown.push_str(&replacement),
                None => shown.push(ch),
            }
        } else if next > window_start {
            // A wide character or tab cut by the window's left edge.
            shown.push_str(&" ".repeat(next - window_start));
        }
        column = next;
    }
    let suffix = window_end < total_width;
    if suffix {
        shown.push_str(ELLIPSIS);
    }

    let carets = marked.map(|_| {
        let offset = if prefix { ELLIPSIS.len() } else { 0 };
        let visible_start = caret_start.clamp(window_start, window_end);
        let mut visible_end = caret_end.min(window_end);
        if caret_end > window_end && suffix {
            visible_end += ELLIPSIS.len();
        }
        let start = visible_start - window_start + offset;
        let length = visible_end.saturating_sub(visible_start).max(1);
        (start, length)
    });
    RenderedLine {
        text: shown,
        carets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(snippet: &str, span: Span) -> String {
        crate::declare_rule! {
            /// ## What it does
            /// Test.
            static RULE: Rule {
                code: "T001",
                name: "test-rule",
                scanner: Tool,
                severity: Low,
                confidence: Low,
                cwe: None,
                summary: "Test",
            }
        }
        let finding = Finding::new(&RULE, "a.py", span, "m").with_snippet(snippet);
        let mut out = String::new();
        push_code_frame(&mut out, &finding, "", Painter::new(false));
        out
    }

    #[test]
    fn single_line_span() {
        assert_eq!(
            frame("x = eval(s)", Span::new(7, 5, 7, 12)),
            "  |\n7 | x = eval(s)\n  |     ^^^^^^^ test-rule\n  |\n"
        );
    }

    #[test]
    fn point_span_and_column_past_the_end_get_one_caret() {
        assert_eq!(
            frame("abc", Span::point(1, 2)),
            "  |\n1 | abc\n  |  ^ test-rule\n  |\n"
        );
        assert_eq!(
            frame("abc", Span::new(1, 9, 1, 12)),
            "  |\n1 | abc\n  |    ^ test-rule\n  |\n"
        );
    }

    #[test]
    fn tabs_wide_and_combining_characters_keep_carets_aligned() {
        // "\t" fills to column 4; "漢" is two cells; "e\u{301}" is one cell.
        let out = frame("\tx = '漢e\u{301}' + y", Span::new(3, 12, 3, 13));
        assert_eq!(
            out,
            "  |\n3 |     x = '漢e\u{301}' + y\n  |               ^ test-rule\n  |\n"
        );
    }

    #[test]
    fn control_and_bidi_characters_are_escaped_and_counted() {
        let out = frame("s = '\x1b[2J\u{202e}' ; eval(s)", Span::new(1, 15, 1, 22));
        assert_eq!(
            out,
            "  |\n1 | s = '\\x1b[2J\\u{202e}' ; eval(s)\n  |                         ^^^^^^^ test-rule\n  |\n"
        );
    }

    #[test]
    fn multi_line_span_marks_each_line_from_its_indent() {
        let out = frame(
            "subprocess.call(\n    cmd,\n\n    shell=True)",
            Span::new(10, 1, 13, 16),
        );
        assert_eq!(
            out,
            "   |\n10 | subprocess.call(\n   | ^^^^^^^^^^^^^^^^\n11 |     cmd,\n   |     ^^^^\n12 |\n13 |     shell=True)\n   |     ^^^^^^^^^^^ test-rule\n   |\n"
        );
    }

    #[test]
    fn long_spans_show_head_and_tail() {
        let snippet: Vec<String> = (1..=20).map(|n| format!("line{n}")).collect();
        let out = frame(&snippet.join("\n"), Span::new(1, 1, 20, 7));
        assert!(out.contains("... | (13 more lines)\n"), "{out}");
        assert!(out.contains("  4 | line4\n"), "{out}");
        assert!(!out.contains("line5\n"), "{out}");
        assert!(out.contains(" 18 | line18\n"), "{out}");
        assert!(
            out.ends_with(" 20 | line20\n    | ^^^^^^ test-rule\n    |\n"),
            "{out}"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let line = format!("{}SECRET{}", "a".repeat(500), "b".repeat(500));
        let out = frame(&line, Span::new(1, 501, 1, 507));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        let code = lines[1];
        let carets = lines[2];
        assert!(
            code.starts_with("1 | ...") && code.ends_with("..."),
            "{code}"
        );
        assert!(code.chars().count() < 140, "{code}");
        let caret_at = carets.find('^').unwrap_or_default();
        assert_eq!(&code[caret_at..caret_at + 6], "SECRET");
    }
}

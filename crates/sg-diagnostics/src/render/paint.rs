//! ANSI styling that collapses to plain text when colour is off.
//!
//! The binary decides whether colour is wanted (a terminal, and no `NO_COLOR`); with colour
//! off not a single escape byte is written, so output piped into files and CI logs is clean.

use crate::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Bold,
    Dim,
    /// Line numbers and the `|` of code frames.
    Gutter,
    /// Rule codes.
    Code,
    /// Severity names and the carets under a span.
    Severity(Severity),
}

impl Style {
    fn ansi(self) -> &'static str {
        match self {
            Style::Bold => "\x1b[1m",
            Style::Dim => "\x1b[2m",
            Style::Gutter => "\x1b[1;34m",
            Style::Code | Style::Severity(Severity::High) => "\x1b[1;31m",
            Style::Severity(Severity::Critical) => "\x1b[1;35m",
            Style::Severity(Severity::Medium) => "\x1b[1;33m",
            Style::Severity(Severity::Low) => "\x1b[1;36m",
        }
    }
}

const RESET: &str = "\x1b[0m";

#[derive(Debug, Clone, Copy)]
pub(crate) struct Painter {
    color: bool,
}

impl Painter {
    pub(crate) fn new(color: bool) -> Self {
        Painter { color }
    }

    /// Appends `text` to `out`, styled when colour is on. `text` must already be safe to show.
    pub(crate) fn push(self, out: &mut String, text: &str, style: Style) {
        if self.color && !text.is_empty() {
            out.push_str(style.ansi());
            out.push_str(text);
            out.push_str(RESET);
        } else {
            out.push_str(text);
        }
    }
}

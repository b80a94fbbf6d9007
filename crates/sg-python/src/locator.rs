//! Positions for findings: byte ranges from the parser turned into 1-based lines and columns.
//!
//! Columns count Unicode scalar values, the unit the finding model uses; a BOM on line 1 is
//! not counted. One [`Locator`] is built per parsed unit (a file, or one notebook cell).

use ruff_source_file::{LineIndex, OneIndexed};
use ruff_text_size::{TextRange, TextSize};
use sg_diagnostics::Span;

/// Line/column lookups and source-line snippets for one unit of source text.
#[derive(Debug, Clone, Copy)]
pub struct Locator<'src> {
    source: &'src str,
    index: &'src LineIndex,
}

impl<'src> Locator<'src> {
    /// A locator over `source`; `index` must have been built from the same text
    /// (`LineIndex::from_source_text(source)`).
    pub fn new(source: &'src str, index: &'src LineIndex) -> Self {
        Locator { source, index }
    }

    pub fn source(&self) -> &'src str {
        self.source
    }

    /// 1-based line and column (Unicode scalars) of `offset`.
    pub fn line_column(&self, offset: TextSize) -> (u32, u32) {
        let position = self.index.line_column(offset, self.source);
        (to_u32(position.line.get()), to_u32(position.column.get()))
    }

    /// The 1-based line `offset` is on.
    pub fn line(&self, offset: TextSize) -> u32 {
        to_u32(self.index.line_index(offset).get())
    }

    /// The span of `range`.
    pub fn span(&self, range: TextRange) -> Span {
        let (line, column) = self.line_column(range.start());
        let (end_line, end_column) = self.line_column(range.end());
        Span::new(line, column, end_line, end_column)
    }

    /// The text of `range`, or `""` when the range is not on character boundaries of this
    /// source (it never is for ranges the parser produced for this unit).
    pub fn slice(&self, range: TextRange) -> &'src str {
        self.source
            .get(range.start().to_usize()..range.end().to_usize())
            .unwrap_or("")
    }

    /// The full source lines `first..=last` (1-based), without the final line break: what a
    /// code frame shows and what fingerprints hash.
    pub fn lines(&self, first: u32, last: u32) -> &'src str {
        let count = self.index.line_count();
        let first = (first as usize).clamp(1, count.max(1));
        let last = (last as usize).clamp(first, count.max(1));
        let start = self.index.line_start(
            OneIndexed::new(first).unwrap_or(OneIndexed::MIN),
            self.source,
        );
        let end = self.index.line_end(
            OneIndexed::new(last).unwrap_or(OneIndexed::MIN),
            self.source,
        );
        let text = self
            .source
            .get(start.to_usize()..end.to_usize())
            .unwrap_or("");
        text.trim_end_matches(['\n', '\r'])
    }

    /// The source lines a range covers (see [`Locator::lines`]).
    pub fn snippet(&self, range: TextRange) -> &'src str {
        let first = self.line(range.start());
        let last = self.line(range.end());
        self.lines(first, last)
    }

    pub fn line_count(&self) -> u32 {
        to_u32(self.index.line_count())
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_unicode_scalars() {
        let source = "x = 'é'; y = 1\nz = 2\n";
        let index = LineIndex::from_source_text(source);
        let locator = Locator::new(source, &index);
        let offset = TextSize::try_from(source.find('y').unwrap_or(0)).unwrap_or_default();
        assert_eq!(locator.line_column(offset), (1, 10));
        assert_eq!(locator.lines(2, 2), "z = 2");
        assert_eq!(locator.lines(1, 9), "x = 'é'; y = 1\nz = 2");
    }
}

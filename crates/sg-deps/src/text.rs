//! Byte offsets to 1-based lines and columns, so every reader reports positions the same way.

use crate::model::TextRange;

/// Line starts of one file's text.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, byte)| *byte == b'\n')
                .map(|(index, _)| index + 1),
        );
        LineIndex { text, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset; offsets past the end or
    /// inside a character are clamped to a valid position.
    pub(crate) fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(index) => index,
            Err(index) => index.saturating_sub(1),
        };
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let prefix = self.text.get(line_start..offset).map_or_else(
            || {
                // `offset` is inside a multi-byte character: count up to the character start.
                let mut start = offset;
                while start > line_start && !self.text.is_char_boundary(start) {
                    start -= 1;
                }
                self.text
                    .get(line_start..start)
                    .unwrap_or("")
                    .chars()
                    .count()
            },
            |prefix| prefix.chars().count(),
        );
        (line_index as u32 + 1, prefix as u32 + 1)
    }

    pub(crate) fn line_of(&self, offset: usize) -> u32 {
        self.position(offset).0
    }

    pub(crate) fn range(&self, start: usize, end: usize) -> TextRange {
        let (line, column) = self.position(start);
        let (end_line, end_column) = self.position(end);
        TextRange {
            start,
            end,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let index = LineIndex::new("ab\nçd\n\nx");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(2), (1, 3));
        assert_eq!(index.position(3), (2, 1));
        assert_eq!(index.position(5), (2, 2));
        assert_eq!(index.position(4), (2, 1));
        assert_eq!(index.position(7), (3, 1));
        assert_eq!(index.position(8), (4, 1));
        assert_eq!(index.position(9), (4, 2));
        assert_eq!(index.position(100), (4, 2));
    }
}

//! Byte sources: random access to a file or a buffer, sections of it, and a buffered forward
//! reader that can skip without reading.
//!
//! Everything the scanner reads goes through here so that a multi-gigabyte checkpoint costs
//! what its pickle parts cost: a zip member that holds tensor bytes is never opened, and a
//! pickle argument that holds megabytes of array data is skipped with a seek, not read.

use std::fs::File;
use std::io::{self, Read};

/// Random access to immutable bytes (a file on disk, or a buffer in memory).
pub(crate) trait ReadAt {
    /// Reads up to `buf.len()` bytes at `offset`; returns 0 at or past the end.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize>;
    fn size(&self) -> u64;
}

impl ReadAt for &[u8] {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Ok(start) = usize::try_from(offset) else {
            return Ok(0);
        };
        let Some(rest) = self.get(start..) else {
            return Ok(0);
        };
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        Ok(n)
    }

    fn size(&self) -> u64 {
        self.len() as u64
    }
}

/// A file opened for scanning; its size is taken once when it is opened.
pub(crate) struct FileAt {
    file: File,
    size: u64,
}

impl FileAt {
    pub(crate) fn open(path: &std::path::Path) -> io::Result<Self> {
        let file = File::open(path)?;
        let size = file.metadata()?.len();
        Ok(FileAt { file, size })
    }
}

impl ReadAt for FileAt {
    #[cfg(unix)]
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        use std::os::unix::fs::FileExt;
        loop {
            match self.file.read_at(buf, offset) {
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                other => return other,
            }
        }
    }

    #[cfg(windows)]
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        use std::os::windows::fs::FileExt;
        self.file.seek_read(buf, offset)
    }

    #[cfg(not(any(unix, windows)))]
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        use std::io::{Seek, SeekFrom};
        let mut file = &self.file;
        file.seek(SeekFrom::Start(offset))?;
        file.read(buf)
    }

    fn size(&self) -> u64 {
        self.size
    }
}

/// Reads `buf.len()` bytes at `offset`, or fewer at the end; returns how many were read.
pub(crate) fn read_fully_at(src: &dyn ReadAt, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        let n = src.read_at(offset + filled as u64, &mut buf[filled..])?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

/// A forward reader that can also skip bytes (cheaply when the source allows it).
pub(crate) trait ReadSkip: Read {
    /// Skips up to `n` bytes; returns how many were skipped (fewer only at the end).
    fn skip(&mut self, n: u64) -> io::Result<u64>;
}

/// A window `[start, start + len)` of a random-access source, read forward.
pub(crate) struct Section<'a> {
    src: &'a dyn ReadAt,
    pos: u64,
    end: u64,
}

impl<'a> Section<'a> {
    pub(crate) fn new(src: &'a dyn ReadAt, start: u64, len: u64) -> Self {
        let end = start.saturating_add(len).min(src.size());
        Section {
            src,
            pos: start.min(end),
            end,
        }
    }
}

impl Read for Section<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.end - self.pos;
        let want = buf
            .len()
            .min(usize::try_from(available).unwrap_or(usize::MAX));
        if want == 0 {
            return Ok(0);
        }
        let n = self.src.read_at(self.pos, &mut buf[..want])?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl ReadSkip for Section<'_> {
    fn skip(&mut self, n: u64) -> io::Result<u64> {
        let step = n.min(self.end - self.pos);
        self.pos += step;
        Ok(step)
    }
}

/// Any reader, skipped by reading and discarding (used for decompressed streams).
pub(crate) struct Discarding<R>(pub(crate) R);

impl<R: Read> Read for Discarding<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl<R: Read> ReadSkip for Discarding<R> {
    fn skip(&mut self, n: u64) -> io::Result<u64> {
        io::copy(&mut (&mut self.0).take(n), &mut io::sink())
    }
}

const BUFFER_LEN: usize = 64 * 1024;

/// Why a read stopped short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Short {
    /// The stream ended.
    Eof,
    /// The configured size limit was reached.
    Limit,
    /// The operating system reported an error (message kept for the finding).
    Io(String),
}

/// A buffered forward reader over a [`ReadSkip`] with a position and a size limit.
pub(crate) struct Stream<'a> {
    inner: Box<dyn ReadSkip + 'a>,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// Stream position of `buf[start]`.
    pos: u64,
    limit: u64,
    eof: bool,
    pub(crate) short: Option<Short>,
}

impl<'a> Stream<'a> {
    pub(crate) fn new(inner: Box<dyn ReadSkip + 'a>, limit: u64) -> Self {
        Self::with_size_hint(inner, limit, None)
    }

    /// A stream whose length is probably `size_hint` (the buffer is no larger than needed).
    pub(crate) fn with_size_hint(
        inner: Box<dyn ReadSkip + 'a>,
        limit: u64,
        size_hint: Option<u64>,
    ) -> Self {
        let len = size_hint.map_or(BUFFER_LEN, |n| {
            usize::try_from(n.saturating_add(1)).map_or(BUFFER_LEN, |n| n.clamp(64, BUFFER_LEN))
        });
        Stream {
            inner,
            buf: vec![0; len],
            start: 0,
            end: 0,
            pos: 0,
            limit,
            eof: false,
            short: None,
        }
    }

    pub(crate) fn position(&self) -> u64 {
        self.pos
    }

    fn fill(&mut self) -> bool {
        if self.start < self.end {
            return true;
        }
        if self.eof {
            return false;
        }
        if self.pos >= self.limit {
            self.short = Some(Short::Limit);
            return false;
        }
        let room = usize::try_from(self.limit - self.pos)
            .unwrap_or(usize::MAX)
            .min(self.buf.len());
        loop {
            match self.inner.read(&mut self.buf[..room]) {
                Ok(0) => {
                    self.eof = true;
                    self.short = Some(Short::Eof);
                    return false;
                }
                Ok(n) => {
                    self.start = 0;
                    self.end = n;
                    return true;
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => {
                    self.eof = true;
                    self.short = Some(Short::Io(error.to_string()));
                    return false;
                }
            }
        }
    }

    /// Whether at least one more byte can be read.
    pub(crate) fn at_end(&mut self) -> bool {
        !self.fill()
    }

    /// Looks at the next byte without consuming it.
    pub(crate) fn peek(&mut self) -> Option<u8> {
        if self.fill() {
            Some(self.buf[self.start])
        } else {
            None
        }
    }

    pub(crate) fn read_u8(&mut self) -> Option<u8> {
        if self.fill() {
            let byte = self.buf[self.start];
            self.start += 1;
            self.pos += 1;
            Some(byte)
        } else {
            None
        }
    }

    /// Reads exactly `n` bytes into `out` (cleared first); false if the stream ended first.
    pub(crate) fn read_into(&mut self, n: usize, out: &mut Vec<u8>) -> bool {
        out.clear();
        while out.len() < n {
            if !self.fill() {
                return false;
            }
            let take = (n - out.len()).min(self.end - self.start);
            out.extend_from_slice(&self.buf[self.start..self.start + take]);
            self.start += take;
            self.pos += take as u64;
        }
        true
    }

    pub(crate) fn read_array<const N: usize>(&mut self) -> Option<[u8; N]> {
        let mut out = [0u8; N];
        for slot in &mut out {
            *slot = self.read_u8()?;
        }
        Some(out)
    }

    /// Reads through the next `\n` into `out` (without it). `None` if the stream ended
    /// first; `Some(false)` if the line is longer than `max` (the excess is skipped).
    pub(crate) fn read_line(&mut self, max: usize, out: &mut Vec<u8>) -> Option<bool> {
        out.clear();
        let mut fits = true;
        loop {
            if !self.fill() {
                return None;
            }
            let chunk = &self.buf[self.start..self.end];
            let newline = chunk.iter().position(|&b| b == b'\n');
            let take = newline.map_or(chunk.len(), |i| i);
            let room = max.saturating_sub(out.len());
            if take > room {
                fits = false;
            }
            out.extend_from_slice(&chunk[..take.min(room)]);
            let consumed = take + usize::from(newline.is_some());
            self.start += consumed;
            self.pos += consumed as u64;
            if newline.is_some() {
                return Some(fits);
            }
        }
    }

    /// Skips `n` bytes; false if the stream ended (or hit the limit) first.
    pub(crate) fn skip(&mut self, n: u64) -> bool {
        let buffered = (self.end - self.start) as u64;
        if n <= buffered {
            self.start += n as usize;
            self.pos += n;
            return true;
        }
        let mut remaining = n - buffered;
        self.pos += buffered;
        self.start = self.end;
        if self.pos.saturating_add(remaining) > self.limit {
            remaining = self.limit - self.pos;
            // Reaching the end first means the input is truncated, not oversized.
            if self.skip_inner(remaining) {
                self.short = Some(Short::Limit);
            }
            return false;
        }
        self.skip_inner(remaining)
    }

    fn skip_inner(&mut self, n: u64) -> bool {
        match self.inner.skip(n) {
            Ok(done) => {
                self.pos += done;
                if done < n {
                    self.eof = true;
                    self.short = Some(Short::Eof);
                    false
                } else {
                    true
                }
            }
            Err(error) => {
                self.eof = true;
                self.short = Some(Short::Io(error.to_string()));
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream<'a>(bytes: &'a &'a [u8], limit: u64) -> Stream<'a> {
        Stream::new(Box::new(Section::new(bytes, 0, bytes.len() as u64)), limit)
    }

    #[test]
    fn lines_skips_and_limits() {
        let data = b"abc\ndefgh\nrest";
        let data: &[u8] = data;
        let mut s = stream(&data, u64::MAX);
        let mut line = Vec::new();
        assert_eq!(s.read_line(10, &mut line), Some(true));
        assert_eq!(line, b"abc");
        assert_eq!(s.read_line(2, &mut line), Some(false));
        assert_eq!(line, b"de");
        assert_eq!(s.position(), 10);
        assert!(s.skip(2));
        assert_eq!(s.read_u8(), Some(b's'));
        assert!(!s.skip(5));
        assert_eq!(s.short, Some(Short::Eof));

        let mut limited = stream(&data, 3);
        assert!(!limited.skip(4));
        assert_eq!(limited.short, Some(Short::Limit));
    }
}

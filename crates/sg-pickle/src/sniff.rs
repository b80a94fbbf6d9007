//! Which files hold pickles: decided by content, with the extension only as a fallback.
//!
//! Every extension-based bypass of other scanners (CVE-2025-1889, CVE-2025-10155) came from
//! choosing files or code paths by name. Here the magic bytes decide: zip `PK\3\4`,
//! `\x93NUMPY`, 7z, gzip/zlib, and the pickle protocol byte `\x80` + 0..=5. Protocol 0 and 1
//! pickles have no magic, so the first bytes are run through the pickle machine: text (Python
//! source, Markdown, CSV) fails within a few bytes, a real pickle parses to its STOP or to
//! the end of the sniffed window. Only when the content says nothing does a model extension
//! (`.pkl`, `.pt`, `.npy`…) make the file a candidate, so that a broken model file is reported
//! as malformed instead of silently skipped.

use std::path::Path;

use crate::classify::Classifier;
use crate::source::{Section, Stream};
use crate::vm::{self, Ctx, End};

/// How many leading bytes [`sniff`] wants (fewer means the whole file).
pub const SNIFF_LEN: usize = 4096;

/// The container or encoding of a pickle-bearing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// One or more raw pickles (also legacy `torch.save` and joblib files).
    Pickle,
    /// A zip archive: PyTorch checkpoint, `.npz`, or any zip holding pickles.
    Zip,
    /// A numpy `.npy` array (holds a pickle only for object arrays).
    Npy,
    /// A 7z archive (not read; reported as unsupported).
    SevenZip,
    /// A gzip stream (joblib `compress=`), scanned after decompression.
    Gzip,
    /// A zlib stream (joblib's default compressor), scanned after decompression.
    Zlib,
    /// bzip2, xz/lzma or lz4 (joblib compressors that are not read; reported as unsupported).
    OtherCompression,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pickle => "pickle",
            Format::Zip => "zip",
            Format::Npy => "npy",
            Format::SevenZip => "7z",
            Format::Gzip => "gzip",
            Format::Zlib => "zlib",
            Format::OtherCompression => "compressed",
        }
    }
}

/// Extensions that say "this is a model or pickle file" even when the content is broken.
const MODEL_EXTENSIONS: [&str; 11] = [
    "pkl", "pickle", "joblib", "dill", "pt", "pth", "ckpt", "npy", "npz", "bin", "sav",
];

/// Whether the file at `path`, whose first bytes are `head` (the first [`SNIFF_LEN`] bytes,
/// or the whole file when shorter), should be scanned as a pickle or model file, and as what.
pub fn sniff(path: &Path, head: &[u8]) -> Option<Format> {
    if head.starts_with(b"version https://git-lfs") {
        return None;
    }
    if let Some(format) = sniff_content(head) {
        return Some(format);
    }
    // An empty file with a model extension is a broken download: scanned, and reported.
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)?;
    // `.bin` and `.sav` are also common non-model formats: only their content counts.
    match extension.as_str() {
        "bin" | "sav" => None,
        "npy" => Some(Format::Npy),
        "npz" => Some(Format::Zip),
        ext if MODEL_EXTENSIONS.contains(&ext) => {
            // A compressed joblib/pickle written with another compressor.
            if head.starts_with(b"BZh")
                || head.starts_with(b"\xfd7zXZ\x00")
                || head.starts_with(b"\x04\x22\x4d\x18")
                || head.starts_with(b"\x5d\x00\x00")
            {
                Some(Format::OtherCompression)
            } else {
                Some(Format::Pickle)
            }
        }
        _ => None,
    }
}

/// The format the bytes themselves announce, if any.
pub(crate) fn sniff_content(head: &[u8]) -> Option<Format> {
    if head.starts_with(b"PK\x03\x04")
        || head.starts_with(b"PK\x05\x06")
        || head.starts_with(b"PK\x07\x08")
    {
        return Some(Format::Zip);
    }
    if head.starts_with(b"\x93NUMPY") {
        return Some(Format::Npy);
    }
    if head.starts_with(b"7z\xbc\xaf\x27\x1c") {
        return Some(Format::SevenZip);
    }
    if head.starts_with(b"\x1f\x8b") {
        return inner_is_pickle(head, true).then_some(Format::Gzip);
    }
    if head.len() >= 2
        && head[0] == 0x78
        && (u16::from(head[0]) << 8 | u16::from(head[1])) % 31 == 0
    {
        return inner_is_pickle(head, false).then_some(Format::Zlib);
    }
    looks_like_pickle(head).then_some(Format::Pickle)
}

/// Whether a compressed head decompresses to something that sniffs as a pickle or zip.
fn inner_is_pickle(head: &[u8], gzip: bool) -> bool {
    use std::io::Read;
    let mut out = vec![0u8; SNIFF_LEN];
    let mut filled = 0;
    let mut reader: Box<dyn Read> = if gzip {
        Box::new(flate2::read::GzDecoder::new(head))
    } else {
        Box::new(flate2::read::ZlibDecoder::new(head))
    };
    while filled < out.len() {
        match reader.read(&mut out[filled..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => filled += n,
        }
    }
    out.truncate(filled);
    if out.is_empty() {
        return false;
    }
    // The decompressed window is partial: treat it as a full window.
    out.starts_with(b"\x80") && out.get(1).is_some_and(|&p| p <= 5)
        || pickle_prefix_parses(&out, true)
}

/// Whether `head` starts a pickle: a protocol 2+ header, or a protocol 0/1 stream that the
/// pickle machine accepts (to its STOP, or to the end of a full sniff window).
pub(crate) fn looks_like_pickle(head: &[u8]) -> bool {
    match head {
        [0x80, proto, ..] => *proto <= 5,
        [first, ..] if is_plausible_first_opcode(*first) => {
            pickle_prefix_parses(head, head.len() >= SNIFF_LEN)
        }
        _ => false,
    }
}

/// Opcodes a protocol 0/1 pickle can start with (a value, a mark or an import).
fn is_plausible_first_opcode(byte: u8) -> bool {
    matches!(
        byte,
        b'(' | b'c'
            | b'i'
            | b']'
            | b'}'
            | b')'
            | b'N'
            | b'I'
            | b'J'
            | b'K'
            | b'M'
            | b'L'
            | b'F'
            | b'G'
            | b'S'
            | b'T'
            | b'U'
            | b'V'
            | b'X'
            | b'B'
            | b'C'
            | b'P'
            | b'l'
            | b'd'
            | b't'
    )
}

fn pickle_prefix_parses(head: &[u8], window_is_partial: bool) -> bool {
    let classifier = Classifier::default();
    let mut ctx = Ctx::new(&classifier, 10_000, 10_000, false);
    let mut stream = Stream::new(
        Box::new(Section::new(&head, 0, head.len() as u64)),
        u64::MAX,
    );
    let end = vm::run_pickle(&mut ctx, &mut stream, None, 0);
    match end {
        End::Stop(_) => ctx.issues.is_empty() && stream.position() >= 2,
        End::Empty => false,
        End::Failed { offset, .. } => {
            // Only "ran out of bytes" at the end of a partial window is acceptable.
            window_is_partial
                && offset >= 16
                && ctx.issues.len() == 1
                && ctx
                    .issues
                    .first()
                    .is_some_and(|issue| issue.message == "pickle data was truncated")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(name: &str, head: &[u8]) -> Option<Format> {
        sniff(Path::new(name), head)
    }

    #[test]
    fn content_decides() {
        assert_eq!(sniffed("a.txt", b"\x80\x04\x95"), Some(Format::Pickle));
        assert_eq!(
            sniffed("a.txt", b"cos\nsystem\n(S'ls'\ntR."),
            Some(Format::Pickle)
        );
        assert_eq!(sniffed("a.txt", b"(lp0\nI1\naI2\na."), Some(Format::Pickle));
        assert_eq!(sniffed("a.dat", b"PK\x03\x04rest"), Some(Format::Zip));
        assert_eq!(sniffed("x", b"\x93NUMPY\x01\x00"), Some(Format::Npy));
        assert_eq!(
            sniffed("x", b"7z\xbc\xaf\x27\x1c\x00\x04"),
            Some(Format::SevenZip)
        );
    }

    #[test]
    fn text_is_not_a_pickle() {
        assert_eq!(
            sniffed("a.py", b"import os\n\ndef main():\n    pass\n"),
            None
        );
        assert_eq!(
            sniffed("a.txt", b"(c) 2024 Example Corp\nAll rights reserved\n"),
            None
        );
        assert_eq!(sniffed("a.md", b"# Title\n\nSome text.\n"), None);
        assert_eq!(sniffed("a.csv", b"a,b,c\n1,2,3\n"), None);
        assert_eq!(sniffed("a.txt", b"Lorem ipsum dolor sit amet\n"), None);
        assert_eq!(sniffed("a.txt", b"N"), None);
        assert_eq!(sniffed("a.bin", b"\x00\x01\x02"), None);
        assert_eq!(sniffed("a.txt", b""), None);
    }

    #[test]
    fn extension_only_as_fallback() {
        assert_eq!(sniffed("model.pkl", b"garbage"), Some(Format::Pickle));
        assert_eq!(
            sniffed("model.pt", b"version https://git-lfs.github.com/spec/v1\n"),
            None
        );
        assert_eq!(sniffed("model.npy", b"garbage"), Some(Format::Npy));
        assert_eq!(
            sniffed("model.joblib", b"BZh91AY"),
            Some(Format::OtherCompression)
        );
        assert_eq!(sniffed("data.sav", b"$FL2@(#) SPSS"), None);
    }
}

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
    // A broken model file (binary garbage, or empty: a failed download) is scanned and
    // reported by its extension; text with a model extension is something else (a vim
    // tutor `.pt`, a Zope template) and could not be loaded as a pickle anyway.
    if !head.is_empty() && is_text(head) {
        return None;
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)?;
    // `.bin`, `.sav` and `.pth` (site-packages path files) are also common non-model
    // formats: only their content counts.
    match extension.as_str() {
        "bin" | "sav" | "pth" => None,
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

/// Any opcode can start a stream the C unpickler accepts (protocol 2+ opcodes such as
/// `NEWTRUE` or `EXT1` need no PROTO header); the machine then decides.
fn is_plausible_first_opcode(byte: u8) -> bool {
    crate::opcodes::Op::from_byte(byte).is_some()
}

/// Whether a protocol 0/1 candidate is really a pickle. Text can look like a few opcodes
/// (`G` + 8 bytes + `.` is a float), so the whole window must be pickles back to back: each
/// ends at STOP and the next starts right after, up to the end of the file, or (when the
/// window is only the start of the file) the last one runs past the window. Imports must
/// name Python identifiers, as any importable global does.
fn pickle_prefix_parses(head: &[u8], window_is_partial: bool) -> bool {
    let classifier = Classifier::default();
    let mut ctx = Ctx::new(&classifier, 10_000, 10_000, false);
    let mut stream = Stream::new(
        Box::new(Section::new(&head, 0, head.len() as u64)),
        u64::MAX,
    );
    // Text can only be a protocol 0 pickle: binary opcodes in text are letters by chance.
    let text = is_text(head);
    let plausible = |ctx: &Ctx| {
        !(text && ctx.binary_ops)
            && ctx.imports.iter().all(|group| {
                is_dotted_identifier(&group.module) && is_dotted_identifier(&group.name)
            })
    };
    loop {
        match vm::run_pickle(&mut ctx, &mut stream, None, 0) {
            End::Stop(_) => {
                if !ctx.issues.is_empty() || !plausible(&ctx) {
                    return false;
                }
                if stream.at_end() {
                    return stream.position() >= 2;
                }
            }
            End::Empty => return false,
            End::Failed { offset } => {
                // Only running out of bytes at the end of a partial window is acceptable,
                // after a few opcodes (a random length field runs past any window).
                return window_is_partial
                    && offset >= 16
                    && ctx.ops >= 4
                    && plausible(&ctx)
                    && ctx.issues.len() == 1
                    && ctx
                        .issues
                        .first()
                        .is_some_and(|issue| issue.message == "pickle data was truncated");
            }
        }
    }
}

/// Text in any ASCII-compatible encoding: no control bytes but tab, line breaks and form
/// feed (binary pickles and random binary files have length fields full of them), and either
/// valid UTF-8 or mostly ASCII (Latin-1 prose).
fn is_text(bytes: &[u8]) -> bool {
    let no_controls = bytes
        .iter()
        .all(|&b| b >= 0x20 && b != 0x7f || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c));
    if !no_controls {
        return false;
    }
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    let utf8 = match std::str::from_utf8(bytes) {
        Ok(_) => true,
        // A multi-byte character cut by the end of the window.
        Err(error) => error.error_len().is_none(),
    };
    utf8 || high * 10 <= bytes.len()
}

/// `a.b_c.D`: what `import` and `getattr` can reach.
fn is_dotted_identifier(text: &str) -> bool {
    !text.is_empty()
        && text.split('.').all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
                && chars.all(|c| c == '_' || c.is_alphanumeric())
        })
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
        assert_eq!(
            sniffed("a.txt", b"\x880cos\nsystem\n(S'id'\ntR."),
            Some(Format::Pickle)
        );
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
        assert_eq!(sniffed("README", b"README\n======\n"), None);
        assert_eq!(
            sniffed("notes.txt", b"Git v2.34.1 Release Notes\n=====\n"),
            None
        );
        assert_eq!(sniffed("RECORD", b"cryptography-48.0.0.dist-info/INSTALLER,sha256=x,4\ncryptography-48.0.0.dist-info/METADATA,sha256=y,43\n"), None);
        assert_eq!(sniffed("site.pth", b"# a path file\nimport os\n"), None);
        let mut changelog =
            b"Please refer to the docs for\nchange details since 0.8.\n\n\nMore".to_vec();
        changelog.resize(SNIFF_LEN, b'x');
        assert_eq!(sniffed("ChangeLog", &changelog), None);
        let mut bmp = b"BM\x36\x00\x0c\x00\x00\x00".to_vec();
        bmp.resize(SNIFF_LEN, 0);
        assert_eq!(sniffed("image.bmp", &bmp), None);
        assert_eq!(sniffed("n.txt", b"Notes on the model\n"), None);
        assert_eq!(sniffed("a.json", b"{\"a\": [1, 2]}\n"), None);
        assert_eq!(
            sniffed("a.toml", b"[tool.snakeguard]\nstrict = true\n"),
            None
        );
        assert_eq!(sniffed("a.txt", b"N"), None);
        assert_eq!(sniffed("a.bin", b"\x00\x01\x02"), None);
        assert_eq!(sniffed("a.txt", b""), None);
    }

    #[test]
    fn extension_only_as_fallback() {
        assert_eq!(
            sniffed("model.pkl", b"\x00\x01garbage"),
            Some(Format::Pickle)
        );
        assert_eq!(sniffed("model.pkl", b""), Some(Format::Pickle));
        assert_eq!(sniffed("tutor.pt", b"Bem-vindo ao tutor do Vim\n"), None);
        assert_eq!(sniffed("tutor.pt", b"Li\xe7\xe3o 1.1: MOVENDO O CURSOR\n\n  Para mover o cursor, pressione as teclas h, j, k, l\n"), None);
        assert_eq!(
            sniffed("model.pt", b"version https://git-lfs.github.com/spec/v1\n"),
            None
        );
        assert_eq!(sniffed("model.npy", b"\x00garbage"), Some(Format::Npy));
        assert_eq!(
            sniffed("model.joblib", b"BZh91AY&SY\x00\x01"),
            Some(Format::OtherCompression)
        );
        assert_eq!(sniffed("data.sav", b"$FL2@(#) SPSS"), None);
    }
}

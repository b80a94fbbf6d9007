//! Which files the secrets scanner reads, and why it skips the others.
//!
//! Every text file that is not ignored is scanned: Python, `.env*`, YAML, JSON, TOML, INI/CFG,
//! notebooks, Dockerfiles, shell scripts, docs. Skipped, and counted by the caller:
//!
//! - files on the path allowlist: lockfiles (their hashes are not secrets), installed
//!   packages (`site-packages`, `*.dist-info`, `node_modules`), minified assets and source
//!   maps, media and archives by extension, plus the project's `allowlist-paths`;
//! - files larger than `max-file-size`;
//! - binary files: a NUL byte in the first 8 KiB, as git and ripgrep decide.
//!
//! Text that is not valid UTF-8 is decoded lossily and still scanned.

use sg_diagnostics::Finding;

use crate::SecretScanner;

/// Globs of paths never scanned for secrets (matched against the display path).
pub const BUILTIN_PATH_ALLOWLIST: &[&str] = &[
    // Lockfiles: integrity hashes and resolved URLs, never credentials.
    "**/package-lock.json",
    "**/npm-shrinkwrap.json",
    "**/yarn.lock",
    "**/pnpm-lock.yaml",
    "**/bun.lock",
    "**/Pipfile.lock",
    "**/poetry.lock",
    "**/uv.lock",
    "**/pdm.lock",
    "**/pylock.toml",
    "**/pylock.*.toml",
    "**/Cargo.lock",
    "**/composer.lock",
    "**/Gemfile.lock",
    "**/go.sum",
    "**/packages.lock.json",
    "**/Podfile.lock",
    "**/Cartfile.resolved",
    "**/Package.resolved",
    "**/Brewfile.lock.json",
    "**/conda-lock.yml",
    // Installed third-party code.
    "**/site-packages/**",
    "**/dist-packages/**",
    "**/*.dist-info/**",
    "**/*.egg-info/**",
    "**/node_modules/**",
    "**/bower_components/**",
    "**/.git/**",
    // Minified assets and source maps.
    "**/*.min.js",
    "**/*.min.css",
    "**/*.min.mjs",
    "**/*.js.map",
    "**/*.css.map",
    "**/*.bundle.js",
    // detect-secrets baselines hold hashes of accepted secrets.
    "**/.secrets.baseline",
    // Media, fonts, documents, archives, compiled code.
    "**/*.{png,jpg,jpeg,gif,bmp,ico,icns,webp,tif,tiff,psd,svgz}",
    "**/*.{woff,woff2,ttf,otf,eot}",
    "**/*.{pdf,doc,docx,xls,xlsx,ppt,pptx,odt,ods,odp}",
    "**/*.{zip,gz,tgz,bz2,xz,zst,7z,rar,tar,jar,war,whl,egg}",
    "**/*.{mp3,mp4,m4a,wav,ogg,flac,mov,avi,mkv,webm}",
    "**/*.{pyc,pyo,so,dylib,dll,exe,o,a,lib,class,wasm}",
    "**/*.{mo,sqlite,sqlite3,db}",
];

/// Why a file was not scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// The path is on the built-in or configured path allowlist.
    Allowlisted,
    /// Larger than `max-file-size`.
    TooLarge,
    /// Holds a NUL byte in its first 8 KiB.
    Binary,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Allowlisted => "allowlisted path",
            SkipReason::TooLarge => "too large",
            SkipReason::Binary => "binary",
        }
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `bytes` look binary: a NUL byte in the first 8 KiB.
pub fn is_binary(bytes: &[u8]) -> bool {
    let head = bytes.get(..8192).unwrap_or(bytes);
    memchr::memchr(0, head).is_some()
}

pub(crate) fn is_notebook(display_path: &str) -> bool {
    extension(display_path).is_some_and(|ext| ext.eq_ignore_ascii_case("ipynb"))
}

pub(crate) fn is_python_source(display_path: &str) -> bool {
    extension(display_path).is_some_and(|ext| {
        ["py", "pyi", "pyw"]
            .iter()
            .any(|known| ext.eq_ignore_ascii_case(known))
    })
}

/// Program source, where a bare name on the right of `=` is a variable, not a value.
pub(crate) fn is_code_source(display_path: &str) -> bool {
    const CODE: &[&str] = &[
        "py", "pyi", "pyw", "pyx", "js", "mjs", "cjs", "jsx", "ts", "tsx", "java", "kt", "kts",
        "scala", "go", "rb", "php", "cs", "c", "h", "cc", "cpp", "hpp", "rs", "swift", "lua", "pl",
        "pm", "dart", "groovy", "vue", "svelte",
    ];
    extension(display_path)
        .is_some_and(|ext| CODE.iter().any(|known| ext.eq_ignore_ascii_case(known)))
}

fn extension(display_path: &str) -> Option<&str> {
    let file_name = display_path.rsplit('/').next()?;
    let (stem, ext) = file_name.rsplit_once('.')?;
    (!stem.is_empty()).then_some(ext)
}

impl SecretScanner {
    /// Why the file at `display_path` (of `size` bytes, when known) is not scanned, if it is
    /// not: call it before reading the file.
    pub fn path_skip_reason(&self, display_path: &str, size: Option<u64>) -> Option<SkipReason> {
        if self.allow_paths.is_match(display_path) {
            return Some(SkipReason::Allowlisted);
        }
        if size.is_some_and(|size| size > self.options.max_file_size) {
            return Some(SkipReason::TooLarge);
        }
        None
    }

    /// Scans a file's bytes: skips binary and oversized content, decodes text (lossily when it
    /// is not UTF-8) and scans it. The path allowlist is checked too, so this is the one call
    /// a caller that has already read the file needs.
    pub fn scan_bytes(&self, display_path: &str, bytes: &[u8]) -> Result<Vec<Finding>, SkipReason> {
        let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if let Some(reason) = self.path_skip_reason(display_path, Some(size)) {
            return Err(reason);
        }
        if is_binary(bytes) {
            return Err(SkipReason::Binary);
        }
        let text = String::from_utf8_lossy(bytes);
        Ok(self.scan_text(display_path, &text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    #[test]
    fn path_allowlist_and_size_limit() {
        let scanner = SecretScanner::new(Options {
            max_file_size: 100,
            allowlist_paths: vec!["fixtures/**".into()],
            ..Options::default()
        })
        .unwrap_or_else(|error| panic!("{error}"));
        for path in [
            "poetry.lock",
            "web/package-lock.json",
            "venv/lib/python3.12/site-packages/requests/api.py",
            "static/js/app.min.js",
            "requests-2.0.dist-info/RECORD",
            "img/logo.PNG",
            "fixtures/keys.txt",
        ] {
            assert_eq!(
                scanner.path_skip_reason(path, Some(1)),
                Some(SkipReason::Allowlisted),
                "{path}"
            );
        }
        assert_eq!(scanner.path_skip_reason("app/settings.py", Some(1)), None);
        assert_eq!(scanner.path_skip_reason(".env", None), None);
        assert_eq!(
            scanner.path_skip_reason("app/settings.py", Some(101)),
            Some(SkipReason::TooLarge)
        );
        assert_eq!(
            scanner.scan_bytes("a.bin", b"\x00\x01password=hunter22"),
            Err(SkipReason::Binary)
        );
        assert_eq!(
            scanner.scan_bytes("a.txt", b"hello \xff world"),
            Ok(Vec::new())
        );
    }

    #[test]
    fn kinds_by_extension() {
        assert!(is_python_source("a/b.py"));
        assert!(is_python_source("a/B.PYI"));
        assert!(!is_python_source("a/.py"));
        assert!(!is_python_source("Dockerfile"));
        assert!(is_notebook("nb/Analysis.ipynb"));
    }
}

//! `snakeguard db update`: download the OSV export into the cache and index it.
//!
//! 1. A conditional GET (`If-None-Match` with the stored ETag, `If-Modified-Since` with the
//!    stored Last-Modified) over HTTPS with rustls. `304 Not Modified` keeps the export and
//!    only re-checks (and if needed rebuilds) the index.
//! 2. A `200` body streams into a temporary file next to the cache while its sha256 is
//!    computed; a body shorter than its `Content-Length` or a broken connection is an error
//!    and the temporary file is deleted.
//! 3. The download must parse as an OSV zip with at least one record before anything is
//!    replaced; a truncated or foreign file leaves the old cache exactly as it was.
//! 4. The export is renamed into place, then the index is written (atomically), then
//!    `source.json`. An interrupted update is detected at the next open by the sha256 link
//!    between the three files, and the index is rebuilt or the user is told to update.
//!
//! A `url` without an `http://` or `https://` scheme is a local file (a mirror copied onto
//! an air-gapped machine): it goes through the same checks, and "not modified" means the
//! same sha256 as the cached export.

use std::io::{Read, Write};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::build::{BuildError, build_from_zip};
use crate::cache::{Cache, hex, sha256_file, unix_now};
use crate::error::DbError;
use crate::index::{IndexHeader, SourceInfo};
use crate::progress::{Phase, Progress};
use crate::source::SourceKind;

/// What `db update` should do.
#[derive(Debug, Clone)]
pub struct UpdateOptions {
    /// The export to download; [`crate::DEFAULT_URL`] unless `--url` is given.
    pub url: String,
    /// Download even when the server says the copy is current.
    pub force: bool,
    /// Connect timeout; the body itself may take as long as it needs while bytes arrive.
    pub connect_timeout: Duration,
    /// Longest silence while receiving the response.
    pub read_timeout: Duration,
}

impl Default for UpdateOptions {
    fn default() -> Self {
        UpdateOptions {
            url: crate::cache::DEFAULT_URL.to_string(),
            force: false,
            connect_timeout: Duration::from_secs(20),
            read_timeout: Duration::from_mins(1),
        }
    }
}

/// What an update did.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateOutcome {
    /// A new export was downloaded and indexed.
    Downloaded { header: IndexHeader, bytes: u64 },
    /// The server said the cached export is current. `rebuilt_index` tells whether the
    /// index had to be rebuilt because it failed its checks.
    NotModified {
        header: IndexHeader,
        rebuilt_index: bool,
    },
}

/// Downloads (if changed) and indexes the export. On any error the previous cache is
/// untouched.
pub fn update(
    cache: &Cache,
    options: &UpdateOptions,
    progress: &dyn Progress,
) -> Result<UpdateOutcome, DbError> {
    std::fs::create_dir_all(cache.dir()).map_err(|error| DbError::io(cache.dir(), error))?;
    let previous = cache
        .read_source()
        .filter(|source| source.location == options.url && cache.export_path().exists());
    let lower = options.url.to_ascii_lowercase();
    if !lower.starts_with("http://") && !lower.starts_with("https://") {
        return update_from_file(cache, options, previous, progress);
    }

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(options.connect_timeout))
        .timeout_recv_response(Some(options.read_timeout))
        .timeout_per_read(Some(options.read_timeout))
        .user_agent(format!("snakeguard/{}", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut request = agent.get(&options.url);
    if let Some(previous) = previous.as_ref().filter(|_| !options.force) {
        if let Some(etag) = &previous.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(last_modified) = &previous.last_modified {
            request = request.header("If-Modified-Since", last_modified);
        }
    }
    let download_error = |reason: String| DbError::Download {
        url: options.url.clone(),
        reason,
    };
    let response = request
        .call()
        .map_err(|error| download_error(error.to_string()))?;
    let status = response.status().as_u16();
    if status == 304 {
        let Some(mut previous) = previous else {
            return Err(download_error(
                "the server answered 304 Not Modified to an unconditional request".to_string(),
            ));
        };
        previous.checked_at = Some(unix_now());
        cache.write_source(&previous)?;
        if let Ok(reader) = cache.open_index() {
            return Ok(UpdateOutcome::NotModified {
                header: reader.header().clone(),
                rebuilt_index: false,
            });
        }
        let header = cache.rebuild_index(progress)?;
        return Ok(UpdateOutcome::NotModified {
            header,
            rebuilt_index: true,
        });
    }
    if status != 200 {
        return Err(download_error(format!("HTTP status {status}")));
    }
    let header_text = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string)
    };
    let etag = header_text("etag");
    let last_modified = header_text("last-modified");
    let mut body = response.into_body();
    let expected_len = body.content_length();

    // Stream to a temporary file in the cache folder, so the final rename is atomic.
    let mut temp = tempfile::NamedTempFile::new_in(cache.dir())
        .map_err(|error| DbError::io(cache.dir(), error))?;
    progress.start(Phase::Download, expected_len);
    let mut reader = body.as_reader();
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut received = 0u64;
    loop {
        let count = match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(count) => count,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(download_error(format!("after {received} bytes: {error}"))),
        };
        let chunk = buffer.get(..count).unwrap_or_default();
        hasher.update(chunk);
        temp.write_all(chunk)
            .map_err(|error| DbError::io(temp.path(), error))?;
        received += count as u64;
        progress.advance(count as u64);
    }
    progress.finish(Phase::Download);
    if let Some(expected) = expected_len
        && expected != received
    {
        return Err(download_error(format!(
            "the body ended after {received} of {expected} bytes"
        )));
    }
    temp.as_file()
        .sync_all()
        .map_err(|error| DbError::io(temp.path(), error))?;

    install(
        cache,
        options,
        temp,
        hex(&hasher.finalize()),
        (etag, last_modified),
        received,
        progress,
    )
}

/// Verifies the export in `temp` by building its index (in bounded memory) and, only if it
/// is a usable OSV zip, moves the export and then the index into the cache.
fn install(
    cache: &Cache,
    options: &UpdateOptions,
    temp: tempfile::NamedTempFile,
    sha256: String,
    (etag, last_modified): (Option<String>, Option<String>),
    size: u64,
    progress: &dyn Progress,
) -> Result<UpdateOutcome, DbError> {
    let now = unix_now();
    let source = SourceInfo {
        kind: SourceKind::OsvZip,
        location: options.url.clone(),
        etag,
        last_modified,
        downloaded_at: Some(now),
        checked_at: Some(now),
        sha256: Some(sha256),
        size: Some(size),
    };
    let pending =
        build_from_zip(temp.path(), cache.dir(), source.clone(), progress).map_err(|error| {
            match error {
                BuildError::Invalid(reason) => DbError::InvalidDownload {
                    url: options.url.clone(),
                    reason,
                },
                BuildError::Io(error) => error,
            }
        })?;
    temp.persist(cache.export_path())
        .map_err(|error| DbError::io(cache.export_path(), error.error))?;
    let header = pending.persist(&cache.index_path())?;
    cache.write_source(&source)?;
    Ok(UpdateOutcome::Downloaded {
        header,
        bytes: size,
    })
}

/// `db update --url ./all.zip`: the same checks and atomic replacement, from a local file
/// (copied in chunks while its sha256 is computed).
fn update_from_file(
    cache: &Cache,
    options: &UpdateOptions,
    previous: Option<SourceInfo>,
    progress: &dyn Progress,
) -> Result<UpdateOutcome, DbError> {
    let path = std::path::Path::new(&options.url);
    let sha256 = sha256_file(path)?;
    if let Some(mut previous) = previous
        .filter(|previous| !options.force && previous.sha256.as_deref() == Some(sha256.as_str()))
    {
        previous.checked_at = Some(unix_now());
        cache.write_source(&previous)?;
        if let Ok(reader) = cache.open_index() {
            return Ok(UpdateOutcome::NotModified {
                header: reader.header().clone(),
                rebuilt_index: false,
            });
        }
        let header = cache.rebuild_index(progress)?;
        return Ok(UpdateOutcome::NotModified {
            header,
            rebuilt_index: true,
        });
    }
    let mut temp = tempfile::NamedTempFile::new_in(cache.dir())
        .map_err(|error| DbError::io(cache.dir(), error))?;
    let mut file = std::fs::File::open(path).map_err(|error| DbError::io(path, error))?;
    let size = std::io::copy(&mut file, temp.as_file_mut())
        .map_err(|error| DbError::io(temp.path(), error))?;
    temp.as_file()
        .sync_all()
        .map_err(|error| DbError::io(temp.path(), error))?;
    // The file may have changed between hashing and copying; hash what was copied.
    let copied = sha256_file(temp.path())?;
    if copied != sha256 {
        return Err(DbError::InvalidDownload {
            url: options.url.clone(),
            reason: "the file changed while it was being copied".to_string(),
        });
    }
    install(cache, options, temp, sha256, (None, None), size, progress)
}

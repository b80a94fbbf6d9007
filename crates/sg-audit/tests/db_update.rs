//! `db update` against a real HTTP server on 127.0.0.1 started by the test, and the cache's
//! reaction to damage: first download, 304, changed export, truncated body, a body that is
//! not a zip, server down, corrupt index, corrupt export.

// Skips are reported on stderr, as the test conventions ask.
#![allow(clippy::print_stderr)]

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use sg_audit::{Cache, Database, DbError, NoProgress, UpdateOptions, UpdateOutcome, update};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Normal,
    /// Promise the whole length, send half, close.
    Truncate,
    Status(u16),
}

struct State {
    body: Vec<u8>,
    etag: String,
    mode: Mode,
    /// The `If-None-Match` header of each request (empty when absent).
    seen_if_none_match: Vec<String>,
}

/// A one-thread HTTP/1.1 server serving one file at any path.
struct Server {
    url: String,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
    address: std::net::SocketAddr,
}

impl Server {
    fn start(body: Vec<u8>, etag: &str) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            body,
            etag: etag.to_string(),
            mode: Mode::Normal,
            seen_if_none_match: Vec::new(),
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let handle = {
            let state = Arc::clone(&state);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        serve(stream, &state);
                    }
                }
            })
        };
        Server {
            url: format!("http://{address}/PyPI/all.zip"),
            state,
            stop,
            handle: Some(handle),
            address,
        }
    }

    fn set(&self, change: impl FnOnce(&mut State)) {
        change(&mut self.state.lock().unwrap());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(self.address);
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

fn serve(mut stream: TcpStream, state: &Mutex<State>) {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut request = Vec::new();
    let mut buffer = [0u8; 1024];
    while !request.windows(4).any(|window| window == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(count) => request.extend_from_slice(&buffer[..count]),
        }
    }
    let request = String::from_utf8_lossy(&request).to_string();
    let if_none_match = request
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("if-none-match")
                .then(|| value.trim().to_string())
        })
        .unwrap_or_default();
    let mut state = state.lock().unwrap();
    state.seen_if_none_match.push(if_none_match.clone());
    let last_modified = "Wed, 01 Jan 2025 00:00:00 GMT";
    let response: Vec<u8> = match state.mode {
        Mode::Status(code) => {
            format!("HTTP/1.1 {code} Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .into_bytes()
        }
        _ if if_none_match == state.etag => format!(
            "HTTP/1.1 304 Not Modified\r\nETag: {}\r\nConnection: close\r\n\r\n",
            state.etag
        )
        .into_bytes(),
        mode => {
            let mut response = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: {}\r\nETag: {}\r\nLast-Modified: {last_modified}\r\nConnection: close\r\n\r\n",
                state.body.len(),
                state.etag
            )
            .into_bytes();
            let body = if mode == Mode::Truncate {
                &state.body[..state.body.len() / 2]
            } else {
                &state.body[..]
            };
            response.extend_from_slice(body);
            response
        }
    };
    let _ = stream.write_all(&response);
    let _ = stream.flush();
}

/// A zip of OSV JSON records built from the edge-case fixtures (optionally plus one more).
fn edge_zip(extra: Option<(&str, &str)>) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut entries: Vec<_> = std::fs::read_dir(common::fixtures().join("osv-edge"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        writer.start_file(name, options).unwrap();
        writer.write_all(&std::fs::read(&path).unwrap()).unwrap();
    }
    if let Some((name, content)) = extra {
        writer.start_file(name, options).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn options(server: &Server) -> UpdateOptions {
    UpdateOptions {
        url: server.url.clone(),
        connect_timeout: Duration::from_secs(5),
        read_timeout: Duration::from_secs(5),
        ..UpdateOptions::default()
    }
}

fn affected_ids(database: &Database, package: &str, version: &str) -> Vec<String> {
    common::affecting(database, package, version)
}

#[test]
fn first_download_not_modified_changed_truncated_invalid_and_down() {
    let temp = tempfile::tempdir().unwrap();
    let cache = Cache::new(temp.path());
    let server = Server::start(edge_zip(None), "\"v1\"");

    // Nothing yet: a clear error that names the fix.
    let missing = Database::open_cache(&cache, &NoProgress).unwrap_err();
    assert!(matches!(missing, DbError::Missing { .. }));
    assert!(missing.hint().unwrap().contains("snakeguard db update"));

    // First download.
    let outcome = update(&cache, &options(&server), &NoProgress).unwrap();
    let UpdateOutcome::Downloaded { header, .. } = outcome else {
        panic!("expected a download, got {outcome:?}");
    };
    assert_eq!(header.stats.records, 18);
    assert_eq!(header.source.etag.as_deref(), Some("\"v1\""));
    let status = cache.status();
    assert!(
        status.present && status.index_ok && !status.stale,
        "{status:?}"
    );
    assert_eq!(status.stats.as_ref().map(|stats| stats.packages), Some(14));
    let database = Database::open_cache(&cache, &NoProgress).unwrap();
    assert_eq!(affected_ids(&database, "tie", "3.1.1"), ["EDGE-0002"]);
    assert_eq!(database.rebuilt(), None);

    // Same ETag: 304, nothing downloaded, the conditional header was sent.
    let outcome = update(&cache, &options(&server), &NoProgress).unwrap();
    assert!(
        matches!(
            outcome,
            UpdateOutcome::NotModified {
                rebuilt_index: false,
                ..
            }
        ),
        "{outcome:?}"
    );
    assert_eq!(
        server
            .state
            .lock()
            .unwrap()
            .seen_if_none_match
            .last()
            .map(String::as_str),
        Some("\"v1\"")
    );

    // The export changed: a new record appears.
    let new_record = r#"{"id": "EDGE-0100", "modified": "2025-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "PyPI", "name": "brand-new"}, "versions": ["1.0"]}]}"#;
    server.set(|state| {
        state.body = edge_zip(Some(("EDGE-0100.json", new_record)));
        state.etag = "\"v2\"".to_string();
    });
    let outcome = update(&cache, &options(&server), &NoProgress).unwrap();
    assert!(
        matches!(outcome, UpdateOutcome::Downloaded { .. }),
        "{outcome:?}"
    );
    let database = Database::open_cache(&cache, &NoProgress).unwrap();
    assert_eq!(affected_ids(&database, "brand-new", "1.0"), ["EDGE-0100"]);
    let good_sha = cache.status().source.unwrap().sha256;

    // A truncated body (shorter than Content-Length): error, old cache kept.
    server.set(|state| {
        state.body = edge_zip(None);
        state.etag = "\"v3\"".to_string();
        state.mode = Mode::Truncate;
    });
    let error = update(&cache, &options(&server), &NoProgress).unwrap_err();
    assert!(matches!(error, DbError::Download { .. }), "{error}");
    assert_eq!(cache.status().source.unwrap().sha256, good_sha);
    let database = Database::open_cache(&cache, &NoProgress).unwrap();
    assert_eq!(affected_ids(&database, "brand-new", "1.0"), ["EDGE-0100"]);

    // A complete body that is not a zip: rejected before anything is replaced.
    server.set(|state| {
        state.body = b"<html>captive portal</html>".to_vec();
        state.etag = "\"v4\"".to_string();
        state.mode = Mode::Normal;
    });
    let error = update(&cache, &options(&server), &NoProgress).unwrap_err();
    assert!(matches!(error, DbError::InvalidDownload { .. }), "{error}");
    assert_eq!(cache.status().source.unwrap().sha256, good_sha);

    // An HTTP error status.
    server.set(|state| state.mode = Mode::Status(503));
    let error = update(&cache, &options(&server), &NoProgress).unwrap_err();
    assert!(error.to_string().contains("HTTP status 503"), "{error}");

    // Server down.
    let url = server.url.clone();
    drop(server);
    let error = update(
        &cache,
        &UpdateOptions {
            url,
            ..options_with_short_timeouts()
        },
        &NoProgress,
    )
    .unwrap_err();
    assert!(matches!(error, DbError::Download { .. }), "{error}");
    assert!(error.hint().is_some());
    // Still usable afterwards.
    let database = Database::open_cache(&cache, &NoProgress).unwrap();
    assert_eq!(affected_ids(&database, "brand-new", "1.0"), ["EDGE-0100"]);

    // No temporary files left behind.
    let leftovers: Vec<_> = std::fs::read_dir(cache.dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| !["all.zip", "source.json", "index.sgidx"].contains(&name.as_str()))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn options_with_short_timeouts() -> UpdateOptions {
    UpdateOptions {
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(2),
        ..UpdateOptions::default()
    }
}

fn downloaded_cache(temp: &Path) -> Cache {
    let cache = Cache::new(temp);
    let server = Server::start(edge_zip(None), "\"v1\"");
    update(&cache, &options(&server), &NoProgress).unwrap();
    cache
}

#[test]
fn a_damaged_index_is_detected_and_rebuilt() {
    let temp = tempfile::tempdir().unwrap();
    let cache = downloaded_cache(temp.path());
    let index = cache.index_path();
    let original = std::fs::read(&index).unwrap();

    // Cut short (a half-written file).
    std::fs::write(&index, &original[..original.len() / 2]).unwrap();
    assert!(!cache.status().index_ok);
    let database = Database::open_cache(&cache, &NoProgress).unwrap();
    assert!(
        database.rebuilt().unwrap().contains("file is"),
        "{:?}",
        database.rebuilt()
    );
    assert_eq!(affected_ids(&database, "tie", "3.1.1"), ["EDGE-0002"]);
    assert!(cache.status().index_ok, "the rebuilt index is in place");

    // Garbage.
    std::fs::write(&index, b"not an index at all").unwrap();
    let database = Database::open_cache(&cache, &NoProgress).unwrap();
    assert!(database.rebuilt().is_some());

    // An index of an older format (here: the version word set to 2) is rebuilt, not read.
    let mut older = std::fs::read(&index).unwrap();
    older[8..12].copy_from_slice(&2u32.to_le_bytes());
    std::fs::write(&index, &older).unwrap();
    let database = Database::open_cache(&cache, &NoProgress).unwrap();
    let reason = database.rebuilt().unwrap_or_default();
    assert!(reason.contains("index format 2, expected "), "{reason}");
    assert_eq!(affected_ids(&database, "tie", "3.1.1"), ["EDGE-0002"]);

    // One flipped byte in the match section of the first package entry, then one in the
    // last advisory's JSON: each is found when it is read, and the audit goes on from a
    // rebuilt index.
    let pristine = std::fs::read(&index).unwrap();
    let header_len = u32::from_le_bytes(pristine[12..16].try_into().unwrap()) as usize;
    let header: serde_json::Value = serde_json::from_slice(&pristine[20..20 + header_len]).unwrap();
    let data_start = 20 + header_len + header["table_len"].as_u64().unwrap() as usize;
    for at in [data_start + 2, pristine.len() - 3] {
        let mut damaged = pristine.clone();
        damaged[at] ^= 0x55;
        std::fs::write(&index, &damaged).unwrap();
        let database = Database::open_cache(&cache, &NoProgress).unwrap();
        assert_eq!(database.rebuilt(), None, "header and table are intact");
        assert_damaged_entries_recovered(&database);
        assert!(cache.status().index_ok, "the index was rewritten");
    }
}

fn assert_damaged_entries_recovered(database: &Database) {
    let mut all = Vec::new();
    for package in [
        "aliased",
        "evil-pkg",
        "jw-util",
        "tie",
        "unsorted",
        "withdrawn-pkg",
    ] {
        all.push((package, database.advisories_for(package).unwrap().len()));
    }
    assert_eq!(
        all,
        [
            ("aliased", 4),
            ("evil-pkg", 1),
            ("jw-util", 1),
            ("tie", 1),
            ("unsorted", 1),
            ("withdrawn-pkg", 0)
        ]
    );
}

#[test]
fn a_damaged_export_is_never_trusted() {
    let temp = tempfile::tempdir().unwrap();
    let cache = downloaded_cache(temp.path());
    // The export changes behind our back and the index is gone: the sha256 no longer
    // matches the download record, so nothing is rebuilt from it.
    let mut export = std::fs::read(cache.export_path()).unwrap();
    export[10] ^= 0x01;
    std::fs::write(cache.export_path(), &export).unwrap();
    std::fs::remove_file(cache.index_path()).unwrap();
    let error = Database::open_cache(&cache, &NoProgress).unwrap_err();
    assert!(matches!(error, DbError::Corrupt { .. }), "{error}");
    assert!(error.hint().unwrap().contains("db update"));
}

#[test]
fn index_matches_the_in_memory_database_on_real_data() {
    let Some(zip_path) = common::shared_data("pypa-advisory-db.zip") else {
        eprintln!("skipped: ../shared/data/pypa-advisory-db.zip is not present");
        return;
    };
    let temp = tempfile::tempdir().unwrap();
    let cache = Cache::new(temp.path());
    let server = Server::start(std::fs::read(&zip_path).unwrap(), "\"real\"");
    let UpdateOutcome::Downloaded { header, .. } =
        update(&cache, &options(&server), &NoProgress).unwrap()
    else {
        panic!("expected a download");
    };
    assert_eq!(header.stats.records, 2661);
    assert_eq!(header.stats.withdrawn, 10);
    assert_eq!(header.stats.packages, 660);
    let indexed = Database::open_cache(&cache, &NoProgress).unwrap();
    let memory = Database::load(&zip_path, &NoProgress).unwrap();
    // Every package reads back from the index exactly as the in-memory database holds it.
    let names = memory.package_names();
    assert_eq!(names.len(), 660);
    assert_eq!(indexed.package_names(), names);
    for name in names.iter().map(String::as_str).chain(["no-such-package"]) {
        assert_eq!(
            indexed.advisories_for(name).unwrap(),
            memory.advisories_for(name).unwrap(),
            "{name}"
        );
    }
    // Matching on the index's match records answers exactly as full matching does, for
    // range bounds and listed versions alike, and so does the fix search.
    let mut checked = 0;
    for name in &names {
        let advisories = memory.advisories_for(name).unwrap();
        let event_probes = advisories
            .iter()
            .flat_map(|advisory| advisory.affected.iter())
            .flat_map(|affected| affected.ranges.iter())
            .flat_map(|range| range.events.iter())
            .map(|event| match event {
                sg_audit::osv::Event::Introduced(v)
                | sg_audit::osv::Event::Fixed(v)
                | sg_audit::osv::Event::LastAffected(v)
                | sg_audit::osv::Event::Limit(v) => v.clone(),
            })
            .take(6);
        let listed_probes = advisories
            .iter()
            .flat_map(|advisory| advisory.affected.iter())
            .flat_map(|affected| affected.versions.iter().cloned())
            .take(4);
        let mut probes: Vec<String> = event_probes.chain(listed_probes).collect();
        probes.push("0.0.1".to_string());
        let package = indexed.package(name).unwrap().expect("indexed package");
        let all: Vec<usize> = (0..package.len()).collect();
        for probe in probes
            .iter()
            .filter_map(|probe| sg_audit::matcher::parse_version(probe))
        {
            let mut notes = Vec::new();
            let compiled: Vec<_> = advisories
                .iter()
                .map(|advisory| {
                    sg_audit::matcher::CompiledAdvisory::compile(advisory, name, &mut notes)
                })
                .collect();
            let expected: Vec<usize> = (0..compiled.len())
                .filter(|&index| compiled[index].is_affected(&probe))
                .collect();
            assert_eq!(
                package.affected_by(&probe).unwrap(),
                expected,
                "{name} {probe}"
            );
            let references: Vec<_> = compiled.iter().collect();
            assert_eq!(
                package.smallest_fix(&probe, &all).unwrap(),
                sg_audit::matcher::smallest_fix(&probe, &references),
                "{name} {probe}"
            );
            checked += 1;
        }
    }
    assert!(checked > 2000, "{checked}");
}

#[test]
fn update_from_a_local_file_for_air_gapped_machines() {
    let temp = tempfile::tempdir().unwrap();
    let export = temp.path().join("mirror-all.zip");
    std::fs::write(&export, edge_zip(None)).unwrap();
    let cache = Cache::new(temp.path().join("cache"));
    let options = UpdateOptions {
        url: export.display().to_string(),
        ..UpdateOptions::default()
    };
    let outcome = update(&cache, &options, &NoProgress).unwrap();
    assert!(
        matches!(outcome, UpdateOutcome::Downloaded { .. }),
        "{outcome:?}"
    );
    let outcome = update(&cache, &options, &NoProgress).unwrap();
    assert!(
        matches!(
            outcome,
            UpdateOutcome::NotModified {
                rebuilt_index: false,
                ..
            }
        ),
        "{outcome:?}"
    );
    std::fs::write(&export, b"not a zip").unwrap();
    let error = update(&cache, &options, &NoProgress).unwrap_err();
    assert!(matches!(error, DbError::InvalidDownload { .. }), "{error}");
    let database = Database::open_cache(&cache, &NoProgress).unwrap();
    assert_eq!(affected_ids(&database, "tie", "3.1.1"), ["EDGE-0002"]);
}

#[test]
fn a_single_record_file_is_a_database() {
    let database = Database::load(
        &common::fixtures().join("osv-edge/EDGE-0002.json"),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(database.stats().records, 1);
    assert_eq!(affected_ids(&database, "tie", "3.1.1"), ["EDGE-0002"]);
}

/// The streaming index build gives exactly what loading into memory gives, across batch
/// boundaries, with repeated ids (the most recently modified copy wins), records naming
/// several packages, withdrawn records, members that are not records and broken members.
#[test]
fn streaming_index_build_equals_the_in_memory_database() {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let record = |id: &str, modified: &str, packages: &[&str], withdrawn: bool| {
        let affected: Vec<String> = packages
            .iter()
            .map(|package| {
                format!(
                    r#"{{"package":{{"ecosystem":"PyPI","name":"{package}"}},"ranges":[{{"type":"ECOSYSTEM","events":[{{"introduced":"0"}},{{"fixed":"1.{}"}}]}}],"versions":["0.9","1.0rc1","not a version"]}}"#,
                    id.len()
                )
            })
            .collect();
        let withdrawn = if withdrawn {
            r#","withdrawn":"2024-01-01T00:00:00Z""#
        } else {
            ""
        };
        format!(
            r#"{{"id":"{id}","modified":"{modified}","summary":"{id} at {modified}"{withdrawn},"affected":[{}]}}"#,
            affected.join(",")
        )
    };
    let mut members: Vec<(String, String)> = Vec::new();
    for n in 0..1200 {
        let package = format!("pkg-{}", n % 97);
        members.push((
            format!("PYSEC-{n}.json"),
            record(
                &format!("PYSEC-{n}"),
                "2024-01-01T00:00:00Z",
                &[&package],
                n % 50 == 7,
            ),
        ));
    }
    // A repeated id: the later-modified copy (stored first here) must win.
    members.push((
        "dup-new.json".to_string(),
        record(
            "GHSA-dup",
            "2025-05-05T00:00:00Z",
            &["Dup_Pkg", "other.pkg"],
            false,
        ),
    ));
    members.push((
        "dup-old.json".to_string(),
        record("GHSA-dup", "2020-01-01T00:00:00Z", &["dup-pkg"], false),
    ));
    members.push(("broken.json".to_string(), "{not json".to_string()));
    members.push(("README.md".to_string(), "not a record".to_string()));
    members.push((
        "MAL-1.json".to_string(),
        record("MAL-1", "2024-02-02T00:00:00Z", &["evil", "evil2"], false),
    ));
    for (name, content) in &members {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    let zip_bytes = writer.finish().unwrap().into_inner();

    let temp = tempfile::tempdir().unwrap();
    let export = temp.path().join("all.zip");
    std::fs::write(&export, &zip_bytes).unwrap();
    let cache = Cache::new(temp.path().join("cache"));
    let options = UpdateOptions {
        url: export.display().to_string(),
        ..UpdateOptions::default()
    };
    let UpdateOutcome::Downloaded { header, .. } = update(&cache, &options, &NoProgress).unwrap()
    else {
        panic!("expected a download");
    };
    let memory = Database::load(&export, &NoProgress).unwrap();
    assert_eq!(&header.stats, memory.stats());
    assert_eq!(header.stats.records, 1202);
    assert_eq!(header.stats.rejected, 1);
    assert_eq!(header.stats.withdrawn, 24);
    assert_eq!(header.stats.malicious, 1);
    let indexed = Database::open_cache(&cache, &NoProgress).unwrap();
    let names = memory.package_names();
    assert_eq!(indexed.package_names(), names);
    assert!(names.contains(&"other-pkg".to_string()), "{names:?}");
    for name in names.iter().map(String::as_str).chain(["no-such-package"]) {
        assert_eq!(
            indexed.advisories_for(name).unwrap(),
            memory.advisories_for(name).unwrap(),
            "{name}"
        );
    }
    let dup = indexed.advisories_for("dup-pkg").unwrap();
    assert_eq!(dup.len(), 1);
    assert_eq!(
        dup[0].summary.as_deref(),
        Some("GHSA-dup at 2025-05-05T00:00:00Z")
    );
    // A rebuild from the cached export writes the same index.
    let before = std::fs::read(cache.index_path()).unwrap();
    std::fs::remove_file(cache.index_path()).unwrap();
    let rebuilt = cache.rebuild_index(&NoProgress).unwrap();
    assert_eq!(rebuilt.stats, header.stats);
    let after = std::fs::read(cache.index_path()).unwrap();
    // Only `built_at` in the header may differ.
    assert_eq!(before.len(), after.len());
}

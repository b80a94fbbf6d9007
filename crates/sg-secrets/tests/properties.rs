//! Property tests: untrusted text never panics the scanner, the git log parser or the
//! notebook reader, and findings always point inside the text they came from. The fuzz
//! target `fuzz/fuzz_targets/secrets_scan.rs` drives the same entry points.

use proptest::prelude::*;
use sg_secrets::{Options, SecretScanner};

fn scanner() -> &'static SecretScanner {
    static SCANNER: std::sync::OnceLock<SecretScanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(|| SecretScanner::new(Options::default()).expect("default options compile"))
}

/// Text built from fragments that reach deep into the rules: keywords, prefixes, quotes,
/// separators, PEM markers, escapes, multi-byte characters and newlines.
fn tricky_text() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("password".to_string()),
        Just("api_key".to_string()),
        Just("token".to_string()),
        Just(" = ".to_string()),
        Just(": ".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\\n".to_string()),
        Just("ghp_".to_string()),
        Just("AKIA".to_string()),
        Just("xoxb-".to_string()),
        Just("eyJ".to_string()),
        Just("://".to_string()),
        Just("@".to_string()),
        Just("-----BEGIN RSA PRIVATE KEY-----".to_string()),
        Just("-----END RSA PRIVATE KEY-----".to_string()),
        Just("PuTTY-User-Key-File-3: ".to_string()),
        Just("Private-Lines: 1\n".to_string()),
        Just("# snakeguard: allow".to_string()),
        Just("é✓🔑".to_string()),
        "[A-Za-z0-9+/=_-]{0,80}",
        any::<String>(),
    ];
    prop::collection::vec(fragment, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn scanning_never_panics_and_spans_are_inside_the_text(text in tricky_text()) {
        for path in ["a.py", "a.txt", "nb.ipynb", ".env"] {
            let findings = scanner().scan_text(path, &text);
            let line_count = text.split('\n').count() as u32;
            for finding in findings {
                prop_assert!(finding.span.line >= 1 && finding.span.line <= line_count.max(1));
                prop_assert!(finding.span.end_line >= finding.span.line);
                prop_assert!(finding.span.column >= 1);
                prop_assert!(finding.extra.contains_key("redacted"));
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = scanner().scan_bytes("file.txt", &bytes);
        let _ = scanner().scan_bytes("file.ipynb", &bytes);
        let _ = scanner().scan_log_output(&bytes);
    }

    #[test]
    fn git_log_parser_never_panics(lines in prop::collection::vec(prop_oneof![
        Just("\u{1}sg-commit 0123456789abcdef0123456789abcdef01234567 2024-01-01T00:00:00Z".to_string()),
        Just("diff --git a/x.py b/x.py".to_string()),
        Just("+++ b/x.py".to_string()),
        Just("+++ /dev/null".to_string()),
        Just("--- a/x.py".to_string()),
        "@@ -[0-9]{1,3}(,[0-9]{1,3})? \\+[0-9]{1,3}(,[0-9]{1,3})? @@",
        Just("@@ -0,0 +4294967295,4294967295 @@".to_string()),
        Just("+token = \"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\"".to_string()),
        Just("+AKIA2E3F4G5H6J7K2L3M".to_string()),
        Just("\\ No newline at end of file".to_string()),
        "[-+ ].{0,60}",
    ], 0..60)) {
        let log = lines.join("\n");
        let scan = scanner().scan_log_output(log.as_bytes());
        for finding in scan.findings {
            prop_assert!(finding.extra.contains_key("commit"));
        }
    }

    #[test]
    fn notebook_json_never_panics(sources in prop::collection::vec(tricky_text(), 0..4)) {
        let cells: Vec<serde_json::Value> = sources
            .iter()
            .map(|source| serde_json::json!({"cell_type": "code", "source": [source], "outputs": [{"output_type": "stream", "text": source}]}))
            .collect();
        let notebook = serde_json::json!({"cells": cells, "nbformat": 4}).to_string();
        let _ = scanner().scan_text("nb.ipynb", &notebook);
    }
}

#[test]
fn git_log_output_is_parsed_into_commits_and_lines() {
    let log = "\u{1}sg-commit 1111111111111111111111111111111111111111 2024-02-01T00:00:00Z\n\
diff --git a/cfg.py b/cfg.py\n\
--- a/cfg.py\n\
+++ b/cfg.py\n\
@@ -10,0 +11,2 @@ class Config:\n\
+    DEBUG = False\n\
+    aws = \"AKIA2E3F4G5H6J7K2L3M\"\n\
\u{1}sg-commit 2222222222222222222222222222222222222222 2024-01-01T00:00:00Z\n\
diff --git a/cfg.py b/cfg.py\n\
new file mode 100644\n\
--- /dev/null\n\
+++ b/cfg.py\n\
@@ -0,0 +1,2 @@\n\
+++ not a header: an added line starting with two plus signs\n\
+aws = \"AKIA2E3F4G5H6J7K2L3M\"\n";
    let scan = scanner().scan_log_output(log.as_bytes());
    assert_eq!(scan.commits, 2);
    // The same secret in the same file: reported once, for the older commit.
    assert_eq!(scan.findings.len(), 1);
    let finding = &scan.findings[0];
    assert_eq!(
        (
            finding.path.as_str(),
            finding.span.line,
            finding.span.column
        ),
        ("cfg.py", 2, 8)
    );
    assert_eq!(
        finding.extra.get("commit").and_then(|value| value.as_str()),
        Some("2222222222222222222222222222222222222222")
    );
}

//! A small, hand-built set of findings that exercises every renderer: a taint trace, a
//! multi-line span, a notebook cell, a redacted secret, a pickle and a dependency finding
//! without a code frame, tabs and non-ASCII text in a snippet, and messages with quotes,
//! newlines and percent signs. Snippets of source findings are cut from the fixture files in
//! `resources/test/fixtures/render/` the way a scanner cuts them.

#![allow(dead_code)] // each test binary uses a different part of this module

use std::path::PathBuf;
use std::time::Duration;

use sg_diagnostics::render::Summary;
use sg_diagnostics::{
    Confidence, Finding, Rule, Severity, Span, TraceStep, assign_fingerprints, declare_rule,
    sort_findings, tool_rules,
};

declare_rule! {
    /// ## What it does
    /// Checks for `assert` statements.
    ///
    /// ## Why is this bad?
    /// Assertions are removed when Python runs with `-O`, so they cannot guard anything.
    ///
    /// ## Example
    /// ```python
    /// assert user.is_admin
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// if not user.is_admin:
    ///     raise PermissionError
    /// ```
    ///
    /// ## References
    /// - <https://bandit.readthedocs.io/en/latest/plugins/b101_assert_used.html>
    pub static ASSERT_USED: Rule {
        code: "B101",
        name: "assert-used",
        scanner: Source,
        severity: Low,
        confidence: High,
        cwe: Some(703),
        summary: "Use of assert detected",
        aliases: ["assert_used", "S101"],
    }
}

declare_rule! {
    /// ## What it does
    /// Checks for `pickle.loads` and the other pickle entry points.
    ///
    /// ## Why is this bad?
    /// Unpickling runs code chosen by whoever wrote the bytes.
    ///
    /// ## Example
    /// ```python
    /// obj = pickle.loads(request.get_data())
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// obj = json.loads(request.get_data())
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/pickle.html>
    pub static PICKLE_LOADS: Rule {
        code: "B301",
        name: "pickle-loads",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "Deserialization with pickle",
        aliases: ["pickle", "S301"],
    }
}

declare_rule! {
    /// ## What it does
    /// Checks for `subprocess` calls with `shell=True`.
    ///
    /// ## Why is this bad?
    /// The command goes through a shell, so any interpolated value can inject commands.
    ///
    /// ## Example
    /// ```python
    /// subprocess.call(f"tar -czf {target} /srv", shell=True)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// subprocess.call(["tar", "-czf", target, "/srv"])
    /// ```
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/subprocess.html#security-considerations>
    pub static SUBPROCESS_SHELL: Rule {
        code: "B602",
        name: "subprocess-popen-with-shell-equals-true",
        scanner: Source,
        severity: High,
        confidence: High,
        cwe: Some(78),
        summary: "subprocess call with shell=True",
    }
}

declare_rule! {
    /// ## What it does
    /// Checks for SQL built from strings with `%`, `+`, `format` or f-strings.
    ///
    /// ## Why is this bad?
    /// Values spliced into SQL text can change the query (SQL injection).
    ///
    /// ## Example
    /// ```python
    /// cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
    /// ```
    ///
    /// ## References
    /// - <https://owasp.org/www-community/attacks/SQL_Injection>
    pub static SQL_STRING: Rule {
        code: "B608",
        name: "hardcoded-sql-expression",
        scanner: Source,
        severity: Medium,
        confidence: Low,
        cwe: Some(89),
        summary: "SQL query built from strings",
    }
}

declare_rule! {
    /// ## What it does
    /// Checks for `pandas.read_pickle`.
    ///
    /// ## Why is this bad?
    /// It unpickles the file, which runs code chosen by whoever wrote it.
    ///
    /// ## Example
    /// ```python
    /// df = pd.read_pickle(path)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// df = pd.read_parquet(path)
    /// ```
    ///
    /// ## References
    /// - <https://pandas.pydata.org/docs/reference/api/pandas.read_pickle.html>
    pub static PANDAS_READ_PICKLE: Rule {
        code: "DSZ004",
        name: "pandas-read-pickle",
        scanner: Source,
        severity: Medium,
        confidence: High,
        cwe: Some(502),
        summary: "pandas.read_pickle loads a pickle",
    }
}

declare_rule! {
    /// ## What it does
    /// Follows request data into shell commands.
    ///
    /// ## Why is this bad?
    /// A client controls the command line (command injection).
    ///
    /// ## Example
    /// ```python
    /// subprocess.check_output("ping " + request.args["host"], shell=True)
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// subprocess.check_output(["ping", "-c", "1", host])
    /// ```
    ///
    /// ## References
    /// - <https://cwe.mitre.org/data/definitions/78.html>
    pub static TAINTED_SHELL: Rule {
        code: "TNT002",
        name: "tainted-shell-command",
        scanner: Taint,
        severity: High,
        confidence: Medium,
        cwe: Some(78),
        summary: "Untrusted input reaches a shell command",
    }
}

declare_rule! {
    /// ## What it does
    /// Finds AWS secret access keys in code and configuration.
    ///
    /// ## Why is this bad?
    /// Anyone who reads the repository can act as the key's owner.
    ///
    /// ## Example
    /// ```python
    /// AWS_SECRET_ACCESS_KEY = "..."
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// AWS_SECRET_ACCESS_KEY = os.environ["AWS_SECRET_ACCESS_KEY"]
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html>
    pub static AWS_SECRET: Rule {
        code: "SEC102",
        name: "aws-secret-access-key",
        scanner: Secrets,
        severity: Critical,
        confidence: High,
        cwe: Some(798),
        summary: "AWS secret access key",
    }
}

declare_rule! {
    /// ## What it does
    /// Flags pickles that import a callable able to run commands.
    ///
    /// ## Why is this bad?
    /// Loading the file runs the command.
    ///
    /// ## Example
    /// A pickle whose `GLOBAL` opcode names `os.system`.
    ///
    /// Use instead: a format without code, such as safetensors.
    ///
    /// ## References
    /// - <https://docs.python.org/3/library/pickle.html#restricting-globals>
    pub static DANGEROUS_GLOBAL: Rule {
        code: "PKL001",
        name: "pickle-dangerous-global",
        scanner: Pickle,
        severity: Critical,
        confidence: High,
        cwe: Some(502),
        summary: "Pickle imports a dangerous callable",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports dependencies with known vulnerabilities.
    ///
    /// ## Why is this bad?
    /// Published vulnerabilities are the first thing attackers try.
    ///
    /// ## Example
    /// ```text
    /// requests==2.19.0
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// requests==2.32.3
    /// ```
    ///
    /// ## References
    /// - <https://osv.dev>
    pub static VULNERABLE_DEPENDENCY: Rule {
        code: "DEP001",
        name: "vulnerable-dependency",
        scanner: Dependencies,
        severity: Medium,
        confidence: High,
        cwe: Some(1395),
        summary: "Dependency with a known vulnerability",
    }
}

/// Every rule the sample run had enabled (B101 is enabled but found nothing). Of the tool's
/// own rules only SG001 is listed, so that new `SG` rules do not change these snapshots.
pub fn enabled_rules() -> Vec<&'static Rule> {
    vec![
        &ASSERT_USED,
        &PICKLE_LOADS,
        &SUBPROCESS_SHELL,
        &SQL_STRING,
        &PANDAS_READ_PICKLE,
        &TAINTED_SHELL,
        &AWS_SECRET,
        &DANGEROUS_GLOBAL,
        &VULNERABLE_DEPENDENCY,
        &tool_rules::SYNTAX_ERROR,
    ]
}

pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../resources/test/fixtures/render")
}

/// Lines `span.line..=span.end_line` of a fixture file, as a scanner's snippet.
fn snippet_of(file: &str, span: Span) -> String {
    let path = fixture_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    lines_of(&text, span)
}

fn lines_of(text: &str, span: Span) -> String {
    text.lines()
        .skip(span.line as usize - 1)
        .take((span.end_line - span.line) as usize + 1)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The source of a notebook cell (1-based position among all cells).
fn notebook_cell_source(file: &str, cell: usize) -> String {
    let path = fixture_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    let notebook: serde_json::Value = serde_json::from_str(&text).expect("fixture notebook");
    notebook["cells"][cell - 1]["source"]
        .as_array()
        .expect("cell source list")
        .iter()
        .filter_map(serde_json::Value::as_str)
        .collect()
}

/// The sample findings, sorted and fingerprinted as the binary does.
pub fn sample_findings() -> Vec<Finding> {
    let taint_span = Span::new(13, 12, 13, 56);
    let pickle_span = Span::new(19, 7, 19, 28);
    let shell_span = Span::new(24, 5, 27, 6);
    let sql_span = Span::new(31, 13, 31, 59);
    let notebook_span = Span::new(2, 6, 2, 26);
    let requirement_span = Span::new(2, 1, 2, 17);
    let mut findings = vec![
        Finding::new(
            &TAINTED_SHELL,
            "app.py",
            taint_span,
            "Untrusted input from \"request.args\" reaches a shell command",
        )
        .with_snippet(snippet_of("app.py", taint_span))
        .with_trace(vec![
            TraceStep {
                line: 11,
                column: 12,
                message: "source: request.args.get(\"host\") (Flask query parameter)".into(),
            },
            TraceStep {
                line: 12,
                column: 5,
                message: "`command` is built from it by string concatenation".into(),
            },
            TraceStep {
                line: 13,
                column: 12,
                message: "sink: subprocess.check_output(..., shell=True)".into(),
            },
        ]),
        Finding::new(
            &PICKLE_LOADS,
            "app.py",
            pickle_span,
            "Pickle and modules that wrap it can be unsafe when used to deserialize untrusted data",
        )
        .with_snippet(snippet_of("app.py", pickle_span)),
        Finding::new(
            &SUBPROCESS_SHELL,
            "app.py",
            shell_span,
            "subprocess call with shell=True identified, security issue",
        )
        .with_snippet(snippet_of("app.py", shell_span)),
        Finding::new(
            &SQL_STRING,
            "app.py",
            sql_span,
            "Possible SQL injection through string-based query construction: \"SELECT * FROM users WHERE name = '%s'\" % name",
        )
        .with_snippet(snippet_of("app.py", sql_span)),
        Finding::new(
            &PANDAS_READ_PICKLE,
            "notebooks/explore.ipynb",
            notebook_span,
            "pandas.read_pickle runs code from the file it loads",
        )
        .with_snippet(lines_of(
            &notebook_cell_source("explore.ipynb", 3),
            notebook_span,
        ))
        .with_extra("cell", 3),
        // The secrets scanner redacts before it builds the finding; the key never reaches a
        // renderer, so the snippet here is already redacted.
        Finding::new(
            &AWS_SECRET,
            "config/settings.py",
            Span::new(3, 26, 3, 66),
            "AWS secret access key in source",
        )
        .with_snippet("AWS_SECRET_ACCESS_KEY = \"wJal********************************EKEY\"")
        .with_fingerprint_key("sha256:5a1c6b0e2f7d")
        .with_extra("redacted", "wJal…EKEY"),
        Finding::new(
            &DANGEROUS_GLOBAL,
            "models/classifier.pkl",
            Span::point(1, 1),
            "Pickle imports os.system, which runs a shell command when the file is loaded",
        )
        .with_fingerprint_key("os.system")
        .with_extra("global", "os.system")
        .with_extra("offset", 52),
        Finding::new(
            &VULNERABLE_DEPENDENCY,
            "requirements.txt",
            requirement_span,
            "requests 2.19.0 is vulnerable to GHSA-x84v-xcm2-53pg (CVE-2018-18074); fixed in 2.20.0",
        )
        .with_severity(Severity::High)
        .with_snippet(snippet_of("requirements.txt", requirement_span))
        .with_fingerprint_key("requests GHSA-x84v-xcm2-53pg")
        .with_extra("package", "requests")
        .with_extra("version", "2.19.0")
        .with_extra("advisory", "GHSA-x84v-xcm2-53pg")
        .with_extra("aliases", vec!["CVE-2018-18074"])
        .with_extra("fixed_versions", vec!["2.20.0"]),
        // A path with `,` and `:` (GitHub property escaping, SARIF URI encoding) and a message
        // with a newline and a percent sign.
        Finding::new(
            &tool_rules::SYNTAX_ERROR,
            "notes/odd, name: v2%.py",
            Span::point(3, 10),
            "Expected ':', found '='\nrules ran on the 90% of the file that parsed",
        )
        .with_confidence(Confidence::High)
        .with_snippet("    if x = 1:"),
    ];
    sort_findings(&mut findings);
    assign_fingerprints(&mut findings);
    findings
}

/// The summary the binary would compute for the sample run.
pub fn sample_summary(findings: &[Finding]) -> Summary {
    let mut summary = Summary::from_findings(findings);
    summary.files_scanned = 9;
    summary.skip_file("binary");
    summary.skip_file("not-utf8");
    summary.skip_file("binary");
    summary.add_suppressed("nosec", 2);
    summary.add_suppressed("per-file-ignores", 1);
    summary.baseline_absorbed = 1;
    summary.vulnerability_database = Some("available, updated 2 days ago".into());
    summary.elapsed = Some(Duration::from_millis(1234));
    summary
}

pub const TOOL_VERSION: &str = "0.1.0";

//! Untrusted input never panics: arbitrary text as Python and as a notebook, Python-like
//! fragments, and deep nesting. The same code path has a cargo-fuzz target
//! (`fuzz/fuzz_targets/python_check.rs`).

use std::path::Path;

use proptest::prelude::*;
use sg_rules::{Settings, check_python_file};

fn check_everything(source: &str) {
    let settings = Settings::default();
    for path in ["fuzz.py", "fuzz.pyi", "fuzz.ipynb"] {
        let outcome = check_python_file(Path::new(path), path, source, &settings);
        for finding in &outcome.findings {
            assert!(finding.span.line >= 1 && finding.span.column >= 1);
        }
    }
}

/// Fragments that exercise imports, calls, strings, scopes and broken syntax.
fn python_fragment() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "import pickle\n",
        "from . import x\n",
        "from ..a import b as c\n",
        "import os.path as p\n",
        "pickle.loads(x)\n",
        "subprocess.run(c, shell=True)\n",
        "def f(password='x', /, *a, token='y', **k):\n",
        "    return [y for y in z if y]\n",
        "class C(B, metaclass=M):\n",
        "    pass\n",
        "try:\n    pass\nexcept:\n    pass\n",
        "lambda q=1: q(\n",
        "x = f'{a!r:>{w}}' \"/tmp\"\n",
        "assert x, 'm'\n",
        "{'password': '1', **d}\n",
        "%magic\n",
        "!ls\n",
        "é = '0.0.0.0'\n",
        ")]}\n",
        "\t\t  \n",
        "\r\n",
        "\u{202e}\n",
        "async def g(): await h()\n",
        "match x:\n    case [a, *b]: pass\n",
        "type T[X] = list[X]\n",
    ])
    .prop_map(str::to_string)
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(source in any::<String>()) {
        check_everything(&source);
    }

    #[test]
    fn python_like_fragments_never_panic(parts in prop::collection::vec(python_fragment(), 0..24)) {
        check_everything(&parts.concat());
    }

    #[test]
    fn notebook_like_json_never_panics(cells in prop::collection::vec(python_fragment(), 0..6)) {
        let cells: Vec<String> = cells
            .iter()
            .map(|cell| format!("{{\"cell_type\": \"code\", \"source\": {}}}", serde_json::Value::from(cell.as_str())))
            .collect();
        let notebook = format!("{{\"cells\": [{}]}}", cells.join(","));
        let outcome = check_python_file(Path::new("n.ipynb"), "n.ipynb", &notebook, &Settings::default());
        prop_assert!(!outcome.skipped);
    }
}

#[test]
fn deep_nesting_reports_sg003_on_an_8_mib_stack() {
    let worker = std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(|| {
            let depth = 100_000;
            let source = format!(
                "import pickle\nx = {}pickle.loads(d){}\n",
                "f(".repeat(depth),
                ")".repeat(depth)
            );
            let outcome = check_python_file(
                Path::new("deep.py"),
                "deep.py",
                &source,
                &Settings::default(),
            );
            outcome
                .findings
                .iter()
                .map(|finding| {
                    format!(
                        "{}:{} {}",
                        finding.span.line, finding.span.column, finding.rule.code
                    )
                })
                .collect::<Vec<_>>()
        });
    let codes = worker
        .ok()
        .and_then(|handle| handle.join().ok())
        .unwrap_or_default();
    assert_eq!(
        codes,
        vec!["1:8 B403".to_string(), "2:513 SG003".to_string()]
    );
}

#[test]
fn syntax_error_gives_one_sg001_and_rules_still_run() {
    let source = "import pickle\ndef broken(:\n    pass\nx = = 1\npickle.loads(data)\n";
    let outcome = check_python_file(Path::new("bad.py"), "bad.py", source, &Settings::default());
    let rendered: Vec<String> = outcome
        .findings
        .iter()
        .map(|finding| {
            format!(
                "{}:{} {} {}",
                finding.span.line, finding.span.column, finding.rule.code, finding.message
            )
        })
        .collect();
    assert_eq!(
        rendered,
        vec![
            "1:8 B403 Consider possible security implications associated with pickle module".to_string(),
            "2:12 SG001 Syntax error: Expected a parameter or the end of the parameter list".to_string(),
            "5:1 B301 Pickle and modules that wrap it can be unsafe when used to deserialize untrusted data: `pickle.loads`".to_string(),
        ]
    );
}

#[test]
fn notebook_findings_carry_cell_and_cell_relative_line() {
    let notebook = r##"{"cells": [
        {"cell_type": "markdown", "source": "# title"},
        {"cell_type": "code", "source": ["import pickle\n"]},
        {"cell_type": "code", "source": ["x = 1\n", "pickle.loads(x)  # nosec\n"]}
    ]}"##;
    let outcome = check_python_file(
        Path::new("nb.ipynb"),
        "nb.ipynb",
        notebook,
        &Settings::default(),
    );
    let rendered: Vec<String> = outcome
        .findings
        .iter()
        .map(|finding| {
            format!(
                "cell {} {}:{} {}",
                finding
                    .extra
                    .get("cell")
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                finding.span.line,
                finding.span.column,
                finding.rule.code
            )
        })
        .collect();
    assert_eq!(
        rendered,
        vec!["cell 2 1:8 B403".to_string(), "cell 3 2:1 B301".to_string()]
    );
    assert_eq!(outcome.comments.len(), 1);
    assert_eq!(
        (outcome.comments[0].cell, outcome.comments[0].line),
        (Some(3), 2)
    );
    let invalid = check_python_file(
        Path::new("nb.ipynb"),
        "nb.ipynb",
        "{not json",
        &Settings::default(),
    );
    assert!(invalid.skipped);
    assert_eq!(invalid.findings.len(), 1);
    assert_eq!(invalid.findings[0].rule.code, "SG001");
}

//! Options from TOML, configured sources/sinks/sanitizers, and untrusted input never panics:
//! arbitrary text, Python-like fragments rich in sources and sinks, and deep nesting.

use std::fmt::Write;
use std::path::Path;

use proptest::prelude::*;
use sg_python::{Analyzer, FileInfo, PythonSource, SourceKind, walk};
use sg_taint::{Options, SinkKind, check};

struct NoRules;
impl Analyzer<'_> for NoRules {}

/// `line CODE message` per finding.
fn taint(source: &str, kind: SourceKind, options: &Options) -> Vec<String> {
    let Ok(parsed) = PythonSource::parse(kind, source) else {
        return Vec::new();
    };
    let info = FileInfo {
        path: Path::new("app.py"),
        display_path: "app.py",
        module_path: None,
    };
    let index = walk(&parsed, info, &mut NoRules);
    check(&parsed, info, &index, options)
        .iter()
        .map(|finding| {
            assert!(finding.span.line >= 1 && finding.span.column >= 1);
            assert!(!finding.trace.is_empty());
            format!(
                "{} {} {}",
                finding.span.line, finding.rule.code, finding.message
            )
        })
        .collect()
}

#[test]
fn options_read_from_toml_with_kebab_case_keys_and_sink_classes() {
    let options: Options = toml::from_str(
        r#"
        sources = ["myapp.auth.current_claims"]
        sanitizers = ["myapp.validators.clean_slug"]
        sinks = { "myapp.db.run_raw" = "sql", "myapp.ops.shell" = "command", "myapp.load" = "code-eval" }
        "#,
    )
    .unwrap_or_default();
    assert_eq!(
        options.sources,
        vec!["myapp.auth.current_claims".to_string()]
    );
    assert_eq!(options.sinks.get("myapp.db.run_raw"), Some(&SinkKind::Sql));
    assert_eq!(options.sinks.get("myapp.load"), Some(&SinkKind::CodeEval));
    let unknown: Result<Options, _> = toml::from_str("source = []");
    assert!(unknown.is_err(), "unknown keys are errors");
    let bad_class: Result<Options, _> = toml::from_str("sinks = { \"a.b\" = \"shell\" }");
    assert!(bad_class.is_err(), "unknown sink classes are errors");
}

#[test]
fn configured_sources_sinks_and_sanitizers() {
    let options: Options = toml::from_str(
        r#"
        sources = ["myapp.queue.receive"]
        sanitizers = ["myapp.validators.clean_slug"]
        sinks = { "myapp.db.run_raw" = "sql" }
        "#,
    )
    .unwrap_or_default();
    let source = "\
from myapp.queue import receive
from myapp.db import run_raw
from myapp.validators import clean_slug

def worker():
    message = receive()
    run_raw('DELETE FROM jobs WHERE id = ' + message)
    run_raw('DELETE FROM jobs WHERE slug = ' + clean_slug(message))
";
    let findings = taint(source, SourceKind::Python, &options);
    assert_eq!(
        findings,
        vec![
            "7 TNT004 Untrusted input reaches `myapp.db.run_raw` (SQL): it can change the SQL \
             statement; pass values as query parameters (`execute(sql, params)`) instead of \
             building the string"
                .to_string()
        ]
    );
    assert!(taint(source, SourceKind::Python, &Options::default()).is_empty());
}

#[test]
fn notebook_cells_share_state_and_findings_carry_the_cell() {
    let notebook = serde_json::json!({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [
            {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
             "source": ["import os\n", "command = input()\n"]},
            {"cell_type": "markdown", "metadata": {}, "source": ["text"]},
            {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
             "source": ["os.system(command)\n"]}
        ]
    })
    .to_string();
    let Ok(parsed) = PythonSource::parse(SourceKind::Notebook, &notebook) else {
        panic!("notebook did not parse");
    };
    let info = FileInfo {
        path: Path::new("n.ipynb"),
        display_path: "n.ipynb",
        module_path: None,
    };
    let index = walk(&parsed, info, &mut NoRules);
    let findings = check(&parsed, info, &index, &Options::default());
    assert_eq!(findings.len(), 1);
    let finding = &findings[0];
    assert_eq!((finding.rule.code, finding.span.line), ("TNT002", 1));
    assert_eq!(finding.extra.get("cell"), Some(&serde_json::json!(3)));
}

fn python_fragment() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "from flask import Flask, request, redirect\n",
        "import os, pickle, subprocess\n",
        "app = Flask(__name__)\n",
        "@app.route('/<name>')\n",
        "def view(name, *args, **kwargs):\n",
        "    x = request.args.get('q')\n",
        "    y, *z = x, name\n",
        "    for a in x: y += a\n",
        "    while y: break\n",
        "    if x in ('a', 'b'): pass\n",
        "    if not x.isdigit(): return\n",
        "    os.system(f'{x!r:>{y}}')\n",
        "    subprocess.run([y, *z], shell=y)\n",
        "    return helper(x, y=y)\n",
        "def helper(a, /, b=1, *c, d, **e):\n",
        "    return pickle.loads(a) + helper(b)\n",
        "class V:\n    def get(self, request): return self.get(request.GET)\n",
        "try:\n    pass\nexcept E as e:\n    pass\nfinally:\n    x = 1\n",
        "match x:\n    case {'k': v, **rest}: os.system(v)\n",
        "with open(x) as f, g() as (h, i): pass\n",
        "lambda q=request.data: eval(q)\n",
        "[eval(v) for v in request.args if v]\n",
        "x = y = z = request.json\n",
        ")]}\n",
        "\t  \n",
        "async def h(request): return await request.json()\n",
        "del x, y.z, w[0]\n",
    ])
    .prop_map(str::to_string)
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(source in any::<String>()) {
        let _ = taint(&source, SourceKind::Python, &Options::default());
    }

    #[test]
    fn python_like_fragments_never_panic(parts in prop::collection::vec(python_fragment(), 0..24)) {
        let _ = taint(&parts.concat(), SourceKind::Python, &Options::default());
    }
}

#[test]
fn deep_nesting_does_not_overflow_an_8_mib_stack() {
    let depth = 100_000;
    let expression = format!(
        "from flask import request\nimport os\ndef f():\n    os.system({}request.args['x']{})\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let statements = {
        let mut text = String::from("from flask import request\nimport os\ndef f():\n");
        for level in 1..400 {
            text.push_str(&" ".repeat(level * 4));
            text.push_str("if x:\n");
        }
        text.push_str(&" ".repeat(400 * 4));
        text.push_str("os.system(request.args['x'])\n");
        text
    };
    let handle = std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            let _ = taint(&expression, SourceKind::Python, &Options::default());
            let _ = taint(&statements, SourceKind::Python, &Options::default());
        });
    assert!(handle.is_ok_and(|handle| handle.join().is_ok()));
}

#[test]
fn runs_after_the_rules_on_the_same_parse_through_check_python_file_with() {
    let settings = sg_rules::Settings::default();
    let options = Options::default();
    let outcome = sg_rules::check_python_file_with(
        Path::new("tool.py"),
        "tool.py",
        "import os\n\nos.system(input('command: '))\n",
        &settings,
        |source, file, index| check(source, file, index, &options),
    );
    let taint: Vec<(&str, u32)> = outcome
        .findings
        .iter()
        .filter(|finding| finding.rule.code.starts_with("TNT"))
        .map(|finding| (finding.rule.code, finding.span.line))
        .collect();
    assert_eq!(taint, vec![("TNT002", 3)]);
}

#[test]
fn deeply_nested_loops_stay_linear() {
    let mut text = String::from("from flask import request\nimport os\ndef f(x):\n    y = x\n");
    for level in 1..=60 {
        text.push_str(&" ".repeat(level * 4));
        let _ = writeln!(text, "for v{level} in y:");
    }
    text.push_str(&" ".repeat(61 * 4));
    text.push_str("y = y + request.args['q']\n    os.system(y)\n");
    let started = std::time::Instant::now();
    let findings = taint(&text, SourceKind::Python, &Options::default());
    assert_eq!(findings.len(), 1, "{findings:?}");
    // Exponential passes would take hours; linear ones take milliseconds even in debug.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

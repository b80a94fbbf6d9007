//! The walk on its own: name resolution, notebooks, syntax errors and the depth guard.

use std::fmt::Write;
use std::path::Path;

use sg_python::ast::{Expr, Stmt};
use sg_python::{Analyzer, Checker, FileInfo, PythonSource, Ranged, SourceKind, walk};

/// Records `line:col callee -> qualified name` for every call.
#[derive(Default)]
struct Calls {
    out: Vec<(Option<u32>, u32, u32, String)>,
}

impl<'a> Analyzer<'a> for Calls {
    fn expression(&mut self, checker: &Checker<'a>, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            let (line, column) = checker.locator().line_column(call.start());
            let text = checker.locator().slice(call.func.range()).to_string();
            let resolved = checker
                .resolve_qualified_name(&call.func)
                .map_or_else(|| "-".to_string(), |name| name.to_string());
            self.out.push((
                checker.cell(),
                line,
                column,
                format!("{text} -> {resolved}"),
            ));
        }
    }
}

fn resolve(kind: SourceKind, source: &str, module_path: Option<&[String]>) -> String {
    let Ok(parsed) = PythonSource::parse(kind, source) else {
        return "notebook error".to_string();
    };
    let file = FileInfo {
        path: Path::new("sample.py"),
        display_path: "sample.py",
        module_path,
    };
    let mut calls = Calls::default();
    let index = walk(&parsed, file, &mut calls);
    calls.out.sort();
    let mut rendered = String::new();
    for (cell, line, column, text) in calls.out {
        let cell = cell.map(|cell| format!("cell {cell} ")).unwrap_or_default();
        let _ = writeln!(rendered, "{cell}{line}:{column} {text}");
    }
    let _ = writeln!(rendered, "imports: {:?}", index.imports.names());
    rendered
}

const SAMPLE: &str = r#"import os
import pickle
import subprocess as sp
import xml.etree.ElementTree as ET
import os.path
from pickle import loads as l
from yaml import load
from . import sibling
from ..utils import helper as h
from hashlib import *

l(data)
load(s)
sp.run(cmd, shell=True)
os.path.join("a", "b")
ET.fromstring(x)
eval(code)
h(1)
sibling.go()
md5(b"x")


def f(pickle):
    pickle.loads(x)
    return late.dumps(1)


class C:
    import tempfile

    def method(self):
        tempfile.mktemp()


import json as late

print([sp.call(c) for c in cmds])
(lambda: pickle.load(fh))()
alias = os.system
alias("id")
l = len
l(x)
"#;

#[test]
fn resolves_calls_like_parser_notes_sample() {
    let dotted: Vec<String> = ["pkg", "sub", "sample"]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    insta::assert_snapshot!(resolve(SourceKind::Python, SAMPLE, Some(&dotted)));
}

#[test]
fn notebook_cells_share_one_namespace_and_report_cell_lines() {
    let notebook = r#"{"cells": [
        {"cell_type": "code", "source": ["import pickle\n", "%matplotlib inline\n"]},
        {"cell_type": "markdown", "source": "text"},
        {"cell_type": "code", "source": ["x = 1\n", "pickle.loads(x)\n", "!ls\n"]}
    ]}"#;
    let rendered = resolve(SourceKind::Notebook, notebook, None);
    assert_eq!(
        rendered,
        "cell 3 2:1 pickle.loads -> pickle.loads\nimports: [\"pickle\"]\n"
    );
}

#[test]
fn syntax_errors_keep_the_recovered_tree() {
    let source = "import pickle\ndef broken(:\n    pass\npickle.loads(x)\n";
    let Ok(parsed) = PythonSource::parse(SourceKind::Python, source) else {
        panic!("a .py file always parses");
    };
    let unit = &parsed.units[0];
    let error = unit
        .syntax_error()
        .map(|error| unit.locator().span(error.range));
    assert_eq!(error.map(|span| (span.line, span.column)), Some((2, 12)));
    assert!(resolve(SourceKind::Python, source, None).contains("4:1 pickle.loads -> pickle.loads"));
}

#[test]
fn comments_and_statement_lines() {
    let source = "x = call(\n    a,  # nosec B602\n)\nif x:  # nosec\n    y = 1\n";
    let Ok(parsed) = PythonSource::parse(SourceKind::Python, source) else {
        panic!("a .py file always parses");
    };
    let unit = &parsed.units[0];
    let comments: Vec<(u32, u32, String)> = unit
        .comments()
        .into_iter()
        .map(|comment| (comment.line, comment.column, comment.text))
        .collect();
    assert_eq!(
        comments,
        vec![
            (2, 9, "# nosec B602".to_string()),
            (4, 8, "# nosec".to_string())
        ]
    );
    let lines: Vec<(u32, u32)> = unit
        .statement_lines()
        .into_iter()
        .map(|lines| (lines.start_line, lines.end_line))
        .collect();
    assert_eq!(lines, vec![(1, 3), (4, 4), (5, 5)]);
}

/// Counts statements; used to prove the walk finished.
#[derive(Default)]
struct Count(usize);

impl<'a> Analyzer<'a> for Count {
    fn statement(&mut self, _: &Checker<'a>, _: &'a Stmt) {
        self.0 += 1;
    }
}

fn walk_deep(source: String) -> Option<(u32, u32)> {
    // Run on an 8 MiB stack, the main thread's size: the guard must hold on its own.
    let worker = std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            let parsed = PythonSource::parse(SourceKind::Python, &source).ok()?;
            let file = FileInfo {
                path: Path::new("deep.py"),
                display_path: "deep.py",
                module_path: None,
            };
            let mut count = Count::default();
            let index = walk(&parsed, file, &mut count);
            assert_eq!(count.0, 2, "both top-level statements were visited");
            index
                .depth_limit
                .map(|limit| (limit.span.line, limit.span.column))
        });
    worker.ok()?.join().ok()?
}

#[test]
fn depth_guard_holds_on_100000_nested_brackets_and_calls() {
    let depth = 100_000;
    let lists = format!("x = {}1{}\ny = 2\n", "[".repeat(depth), "]".repeat(depth));
    let limit = walk_deep(lists);
    assert_eq!(limit.map(|(line, _)| line), Some(1));

    let calls = format!("x = {}1{}\ny = 2\n", "f(".repeat(depth), ")".repeat(depth));
    let limit = walk_deep(calls);
    assert_eq!(limit.map(|(line, _)| line), Some(1));
}

#!/usr/bin/env python3
"""Differential check: Bandit 1.9.4 vs snakeguard on the corpora fetched by setup.sh.

    bench/bandit/setup.sh
    cargo build --release -p snakeguard
    bench/bandit/differential.py [--snakeguard target/release/snakeguard] [--rerun-bandit]

or, without the CLI, with the sg-rules example scanner (Bandit rules + `# nosec` only):

    cargo build --release -p sg-rules --example bandit_scan
    bench/bandit/differential.py --snakeguard target/release/examples/bandit_scan

For every corpus it runs `bandit -r . -f json` and `snakeguard scan . --select B --format json`
(both from the corpus root, both honouring `# nosec`), then pairs findings per file and check
id: a snakeguard finding pairs with a Bandit issue when its line range overlaps Bandit's
`line_range` (the tools attribute multi-line calls to different lines), else when it is
within 3 lines. It prints, per check id: Bandit count, snakeguard count, agree, only Bandit,
only snakeguard, and writes every disagreement to bench/.work/differential/<corpus>/<ID>.txt
with the source line, for review. Bandit's JSON is cached (it takes minutes); pass
--rerun-bandit to refresh it.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join(ROOT, "bench", ".work")
VENV = os.path.join(ROOT, "bench", ".venv")
CORPORA = ["django", "sqlalchemy", "ansible-core"]


def run_bandit(corpus_dir, out, rerun):
    if os.path.exists(out) and not rerun:
        return
    subprocess.run(
        [os.path.join(VENV, "bin", "bandit"), "-r", ".", "-q", "-f", "json", "-o", out],
        cwd=corpus_dir,
        check=False,
    )


def snakeguard_command(binary, out):
    """The CLI, or the sg-rules example `bandit_scan` (same JSON fields) when given that."""
    if os.path.basename(binary).startswith("bandit_scan"):
        return [binary, ".", out]
    return [binary, "scan", ".", "--select", "B", "--format", "json", "-o", out,
            "--exit-zero", "--no-progress", "-q"]


def run_snakeguard(binary, corpus_dir, out):
    subprocess.run(snakeguard_command(binary, out), cwd=corpus_dir, check=True)


def norm(path):
    return path[2:] if path.startswith("./") else path


def load_bandit(path):
    with open(path) as handle:
        document = json.load(handle)
    issues = []
    for result in document.get("results", []):
        lines = result.get("line_range") or [result["line_number"]]
        issues.append({
            "path": norm(result["filename"]),
            "id": result["test_id"],
            "line": result["line_number"],
            "first": min(lines),
            "last": max(lines),
            "text": result.get("issue_text", ""),
        })
    errors = [norm(error["filename"]) for error in document.get("errors", [])]
    return issues, errors


def load_snakeguard(path):
    with open(path) as handle:
        document = json.load(handle)
    findings = []
    for finding in document.get("findings", []):
        findings.append({
            "path": norm(finding["path"]),
            "id": finding["rule"],
            "line": finding["line"],
            "first": finding["line"],
            "last": finding.get("end_line", finding["line"]),
            "text": finding.get("message", ""),
        })
    return findings


def pair(bandit, ours):
    """Returns (agree, only_bandit, only_ours) lists, matched per (path, id)."""
    groups = collections.defaultdict(lambda: ([], []))
    for issue in bandit:
        groups[(issue["path"], issue["id"])][0].append(issue)
    for finding in ours:
        groups[(finding["path"], finding["id"])][1].append(finding)
    agree, only_bandit, only_ours = [], [], []
    for (_, _), (theirs, mine) in sorted(groups.items()):
        mine_left = list(mine)
        unmatched = []
        for issue in theirs:
            hit = next((f for f in mine_left
                        if f["first"] <= issue["last"] and issue["first"] <= f["last"]), None)
            if hit is None:
                unmatched.append(issue)
            else:
                mine_left.remove(hit)
                agree.append(issue)
        for issue in unmatched:
            hit = next((f for f in mine_left if abs(f["line"] - issue["line"]) <= 3), None)
            if hit is None:
                only_bandit.append(issue)
            else:
                mine_left.remove(hit)
                agree.append(issue)
        only_ours.extend(mine_left)
    return agree, only_bandit, only_ours


def source_line(corpus_dir, path, line):
    try:
        with open(os.path.join(corpus_dir, path), encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, 1):
                if number == line:
                    return text.rstrip()
    except OSError:
        pass
    return ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--snakeguard", default=os.path.join(ROOT, "target", "release", "snakeguard"))
    parser.add_argument("--rerun-bandit", action="store_true")
    parser.add_argument("--corpus", action="append", choices=CORPORA)
    args = parser.parse_args()
    out_dir = os.path.join(WORK, "differential")
    os.makedirs(out_dir, exist_ok=True)
    totals = collections.Counter()
    for corpus in args.corpus or CORPORA:
        corpus_dir = os.path.join(WORK, "corpus", corpus)
        if not os.path.isdir(corpus_dir):
            sys.exit(f"missing {corpus_dir}: run bench/bandit/setup.sh first")
        bandit_json = os.path.join(out_dir, f"{corpus}-bandit.json")
        ours_json = os.path.join(out_dir, f"{corpus}-snakeguard.json")
        run_bandit(corpus_dir, bandit_json, args.rerun_bandit)
        run_snakeguard(args.snakeguard, corpus_dir, ours_json)
        bandit, errors = load_bandit(bandit_json)
        ours = load_snakeguard(ours_json)
        syntax = [f for f in ours if f["id"] == "SG001"]
        ours = [f for f in ours if f["id"].startswith("B")]
        agree, only_bandit, only_ours = pair(bandit, ours)
        print(f"\n## {corpus}\n")
        print(f"Bandit: {len(bandit)} issues, {len(errors)} files with errors; "
              f"snakeguard: {len(ours)} findings, {len(syntax)} SG001")
        print()
        print("| check | Bandit | snakeguard | agree | only Bandit | only snakeguard |")
        print("|---|---:|---:|---:|---:|---:|")
        ids = sorted({i["id"] for i in bandit} | {f["id"] for f in ours})
        count = lambda items, check: sum(1 for item in items if item["id"] == check)
        case_dir = os.path.join(out_dir, corpus)
        os.makedirs(case_dir, exist_ok=True)
        for check in ids:
            row = (count(bandit, check), count(ours, check), count(agree, check),
                   count(only_bandit, check), count(only_ours, check))
            totals.update({(check, k): v for k, v in zip("bsaxy", row)})
            print(f"| {check} | " + " | ".join(str(v) for v in row) + " |")
            with open(os.path.join(case_dir, f"{check}.txt"), "w") as handle:
                for label, items in (("only Bandit", only_bandit), ("only snakeguard", only_ours)):
                    for item in items:
                        if item["id"] != check:
                            continue
                        line = source_line(corpus_dir, item["path"], item["line"])
                        handle.write(f"{label}\t{item['path']}:{item['line']}\t{item['text']}\n\t{line.strip()}\n")
        print(f"\nagree {len(agree)}, only Bandit {len(only_bandit)}, only snakeguard {len(only_ours)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes bench/results/taint.md from the outputs of bench/taint/run.sh.

    report.py <work dir> <requirement>...

Reads <work>/<name>.jsonl (TNT findings of the last run), <name>.timing and
<name>.notaint.timing (one `... cpu=<seconds>s` line per run), the hand-written verdicts in
bench/taint/verdicts.tsv (corpus, path:line, rule, verdict, note) and bench/taint/notes.md,
and prints the markdown.
"""
import json
import re
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def cpu_times(path):
    times = []
    for line in path.read_text().splitlines():
        match = re.search(r"cpu=([0-9.]+)s", line)
        if match:
            times.append(float(match.group(1)))
    return times


def summary_field(path, field):
    for line in path.read_text().splitlines()[-1:]:
        match = re.search(field + r"=(\d+)", line)
        if match:
            return int(match.group(1))
    return 0


def main():
    work = Path(sys.argv[1])
    requirements = sys.argv[2:]
    verdicts = {}
    verdicts_file = HERE / "verdicts.tsv"
    if verdicts_file.exists():
        for line in verdicts_file.read_text().splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            corpus, location, rule, verdict, note = (line.split("\t") + [""] * 5)[:5]
            verdicts[(corpus, location, rule)] = (verdict, note)

    out = []
    out.append("# Taint pass (TNT) on real code")
    out.append("")
    out.append("Command: `RUNS=5 bench/taint/run.sh` (it ends with `bench/taint/report.py`); the")
    out.append("verdicts are hand-written in `bench/taint/verdicts.tsv`. Each corpus is scanned with")
    out.append("`crates/sg-taint/examples/taint_scan.rs` (release build): per file, parse, the one walk")
    out.append("with every `sg-rules` rule (`check_source`), then `sg_taint::check` on the same parse;")
    out.append("and once more with `--no-taint`. CPU is the process's user+system time")
    out.append("(`/proc/self/stat`), median of the runs; the two modes alternate so that load from")
    out.append("other processes hits both alike.")
    out.append("")
    out.append("## CPU the taint pass adds")
    out.append("")
    out.append("| corpus | .py files | pattern findings | TNT findings | CPU without taint (median) | with taint (median) | added |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    findings = []
    for requirement in requirements:
        name = requirement.split("==")[0]
        with_taint = cpu_times(work / f"{name}.timing")
        without = cpu_times(work / f"{name}.notaint.timing")
        timing = work / f"{name}.timing"
        files = summary_field(timing, "files")
        patterns = summary_field(timing, "pattern_findings")
        tnt = summary_field(timing, "tnt_findings")
        if with_taint and without:
            on = statistics.median(with_taint)
            off = statistics.median(without)
            added = f"{(on - off) / off * 100:+.0f}%" if off > 0 else "n/a"
            runs = f" ({len(with_taint)} runs: {', '.join(f'{t:.2f}' for t in with_taint)} / {', '.join(f'{t:.2f}' for t in without)})"
        else:
            on = off = 0.0
            added, runs = "n/a", ""
        out.append(f"| {requirement} | {files} | {patterns} | {tnt} | {off:.2f} s | {on:.2f} s | {added}{runs} |")
        jsonl = work / f"{name}.jsonl"
        for line in jsonl.read_text().splitlines() if jsonl.exists() else []:
            finding = json.loads(line)
            findings.append((requirement, name, finding))
    out.append("")
    out.append("## Every TNT finding")
    out.append("")
    out.append("Verdicts for the first 30 (all of them while there are fewer). TP = the flow is")
    out.append("real (request or user data reaches the sink as the trace says); FP = it is not.")
    out.append("")
    out.append("| # | corpus | rule | location | trace (line: step) | verdict | note |")
    out.append("|---:|---|---|---|---|---|---|")
    for number, (requirement, name, finding) in enumerate(findings, start=1):
        location = f"{finding['path']}:{finding['line']}"
        trace = "<br>".join(
            f"{step['line']}: {step['message']}".replace("|", "\\|") for step in finding["trace"]
        )
        verdict, note = verdicts.get((name, location, finding["rule"]), ("—", ""))
        if number > 30 and verdict == "—":
            verdict = "(not reviewed)"
        out.append(
            f"| {number} | {requirement} | {finding['rule']} | `{location}` | {trace} | {verdict} | {note} |"
        )
    if not findings:
        out.append("| | | | (none) | | | |")
    notes = HERE / "notes.md"
    if notes.exists():
        out.append("")
        out.append(notes.read_text().rstrip())
    print("\n".join(out))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Runs snakeguard's secrets scanner and detect-secrets on the same trees and compares them.

Usage: compare.py --snakeguard CMD --detect-secrets CMD --django DIR --planted DIR
                  [--detect-secrets-cache DIR]

`--snakeguard` is a command that takes a directory and prints one JSON finding per line
(`path`, `line`, `end_line`, `rule`); `--planted` is the output directory of plant.py
(`tree/` and `manifest.json`). Prints a Markdown report on stdout. Standard library only.
"""
import argparse
import json
import os
import resource
import shlex
import subprocess
import sys
import time


def run(command, cwd):
    if os.path.exists(command[0]):
        command = [os.path.abspath(command[0])] + command[1:]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    completed = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if completed.returncode not in (0, 1):
        sys.exit(f"{command} failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return completed.stdout, completed.stderr, wall, cpu


def tree_size(root):
    files = size = 0
    for directory, _, names in os.walk(root):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(directory, name))
    return files, size


def snakeguard(command, root):
    stdout, stderr, wall, cpu = run(shlex.split(command) + [os.path.abspath(root), "--json"], cwd=root)
    findings = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return [(f["path"], f["line"], f["end_line"], f["rule"]) for f in findings], wall, cpu, stderr.strip()


def detect_secrets(command, root, cache=None):
    """detect-secrets' findings on `root`. With `cache` (a file path), its raw output and times
    are saved there, and read back instead of rerunning when the file exists: detect-secrets
    takes ten minutes on Django and does not change between snakeguard runs."""
    if cache and os.path.exists(cache):
        with open(cache, encoding="utf-8") as handle:
            saved = json.load(handle)
        stdout, wall, cpu = saved["stdout"], saved["wall"], saved["cpu"]
    else:
        stdout, stderr, wall, cpu = run(shlex.split(command) + ["scan", "--all-files", "."], cwd=root)
        if cache:
            with open(cache, "w", encoding="utf-8") as handle:
                json.dump({"stdout": stdout, "wall": wall, "cpu": cpu}, handle)
    results = json.loads(stdout)["results"]
    findings = []
    for path, items in results.items():
        for item in items:
            findings.append((path.replace(os.sep, "/"), item["line_number"], item["line_number"], item["type"], item.get("hashed_secret")))
    return findings, wall, cpu, ""


def matches(record, finding, raw_lines):
    path, line, end_line = finding[0], finding[1], finding[2]
    if path != record["path"]:
        return False
    if raw_lines and "raw_line" in record:
        return line == record["raw_line"]
    return line <= record["last_line"] and end_line >= record["first_line"]


def score(manifest, findings, raw_lines):
    found = [record for record in manifest if any(matches(record, finding, raw_lines) for finding in findings)]
    alarms = [finding for finding in findings if not any(matches(record, finding, raw_lines) for record in manifest)]
    return found, alarms


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--snakeguard", required=True)
    parser.add_argument("--detect-secrets", required=True)
    parser.add_argument("--django", required=True)
    parser.add_argument("--planted", required=True)
    parser.add_argument("--detect-secrets-cache", help="directory for detect-secrets' saved output (reused when present)")
    args = parser.parse_args()

    planted_tree = os.path.join(args.planted, "tree")
    with open(os.path.join(args.planted, "manifest.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)

    rows = []
    details = {}
    for label, root in (("Django 5.1.4 sdist", args.django), ("planted tree", planted_tree)):
        files, size = tree_size(root)
        sg_findings, sg_wall, sg_cpu, sg_log = snakeguard(args.snakeguard, root)
        cache = None
        if args.detect_secrets_cache:
            os.makedirs(args.detect_secrets_cache, exist_ok=True)
            cache = os.path.join(args.detect_secrets_cache, label.split()[0].lower() + ".json")
        ds_findings, ds_wall, ds_cpu, _ = detect_secrets(args.detect_secrets, root, cache)
        rows.append((label, files, size, sg_wall, sg_cpu, len(sg_findings), ds_wall, ds_cpu, len(ds_findings)))
        details[label] = (sg_findings, ds_findings, sg_log)

    print("| tree | files | MB | snakeguard wall s | snakeguard CPU s | detect-secrets wall s | detect-secrets CPU s | wall ratio | CPU ratio | snakeguard findings | detect-secrets findings |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for label, files, size, sg_wall, sg_cpu, sg_count, ds_wall, ds_cpu, ds_count in rows:
        print(f"| {label} | {files} | {size / 1e6:.1f} | {sg_wall:.2f} | {sg_cpu:.2f} | {ds_wall:.1f} | {ds_cpu:.1f} | {ds_wall / max(sg_wall, 1e-9):.0f}× | {ds_cpu / max(sg_cpu, 1e-9):.0f}× | {sg_count} | {ds_count} |")

    sg_findings, ds_findings, _ = details["planted tree"]
    sg_found, sg_alarms = score(manifest, sg_findings, raw_lines=False)
    ds_found, ds_alarms = score(manifest, ds_findings, raw_lines=True)
    print()
    print(f"Planted secrets: {len(manifest)}. Recall: snakeguard {len(sg_found)}/{len(manifest)} ({len(sg_found) / len(manifest):.0%}), "
          f"detect-secrets {len(ds_found)}/{len(manifest)} ({len(ds_found) / len(manifest):.0%}). "
          f"Findings that are not a planted secret: snakeguard {len(sg_alarms)}, detect-secrets {len(ds_alarms)}.")
    print()
    print("| kind | planted | snakeguard | detect-secrets |")
    print("|---|---|---|---|")
    kinds = sorted({record["kind"] for record in manifest})
    for kind in kinds:
        total = sum(1 for record in manifest if record["kind"] == kind)
        sg = sum(1 for record in sg_found if record["kind"] == kind)
        ds = sum(1 for record in ds_found if record["kind"] == kind)
        print(f"| {kind} | {total} | {sg} | {ds} |")

    django_sg, django_ds, _ = details["Django 5.1.4 sdist"]
    print()
    print(f"Alarms on Django (no real secrets): snakeguard {len(django_sg)}, detect-secrets {len(django_ds)}.")
    by_rule = {}
    for finding in django_sg:
        by_rule[finding[3]] = by_rule.get(finding[3], 0) + 1
    by_type = {}
    for finding in django_ds:
        by_type[finding[3]] = by_type.get(finding[3], 0) + 1
    print(f"snakeguard by rule: {dict(sorted(by_rule.items()))}")
    print(f"detect-secrets by type: {dict(sorted(by_type.items()))}")
    if os.environ.get("SHOW_ALARMS"):
        print()
        for finding in sorted(django_sg):
            print(f"    snakeguard django: {finding}")
        for finding in sorted(sg_alarms):
            print(f"    snakeguard planted-tree alarm: {finding}")
        missed = [record for record in manifest if record not in sg_found]
        for record in missed:
            print(f"    snakeguard missed: {record}")


if __name__ == "__main__":
    main()

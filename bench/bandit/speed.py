#!/usr/bin/env python3
"""Speed: snakeguard vs `bandit -r` vs `ruff check --select S` on the Django 5.1.4 sdist.

    bench/bandit/setup.sh
    cargo build --release -p snakeguard
    bench/bandit/speed.py [--runs 3] [--snakeguard target/release/snakeguard] [--skip-bandit]

(`--snakeguard target/release/examples/bandit_scan` times the sg-rules example scanner.)

Each tool runs from the corpus root under GNU `/usr/bin/time -v`, interleaved, `--runs`
times; the table shows medians of wall time, user+system CPU time and peak RSS, and the
ratios against snakeguard. Output goes to /dev/null in every case. The host's load average
is printed before and after, because a loaded host inflates wall times (CPU time is the
fairer comparison then).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV = os.path.join(ROOT, "bench", ".venv")
CORPUS = os.path.join(ROOT, "bench", ".work", "corpus", "django")


def timed(command, cwd):
    result = subprocess.run(["/usr/bin/time", "-v", *command], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    text = result.stderr

    def field(pattern):
        match = re.search(pattern, text)
        if not match:
            sys.exit(f"could not read `time -v` output of {command}:\n{text[-2000:]}")
        return match.group(1)

    wall = field(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)")
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    cpu = float(field(r"User time \(seconds\): (\S+)")) + float(field(r"System time \(seconds\): (\S+)"))
    rss_mib = int(field(r"Maximum resident set size \(kbytes\): (\d+)")) / 1024
    return seconds, cpu, rss_mib


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--snakeguard", default=os.path.join(ROOT, "target", "release", "snakeguard"))
    parser.add_argument("--skip-bandit", action="store_true")
    args = parser.parse_args()
    if not os.path.isdir(CORPUS):
        sys.exit("missing Django corpus: run bench/bandit/setup.sh first")
    binary = os.path.abspath(args.snakeguard)
    if os.path.basename(binary).startswith("bandit_scan"):
        # The sg-rules example scanner (see differential.py): Bandit rules and `# nosec` only.
        ours = [binary, ".", "/dev/null"]
    else:
        ours = [binary, "scan", ".", "--select", "B", "--format", "json", "-o", "/dev/null",
                "--exit-zero", "--no-progress", "-q"]
    tools = {
        "snakeguard": ours,
        "ruff": [os.path.join(VENV, "bin", "ruff"), "check", "--select", "S", "--no-cache", "-q",
                 "--exit-zero", "."],
        "bandit": [os.path.join(VENV, "bin", "bandit"), "-r", ".", "-q", "-f", "json", "-o", "/dev/null"],
    }
    if args.skip_bandit:
        del tools["bandit"]
    print(f"load average before: {os.getloadavg()}")
    samples = {name: [] for name in tools}
    for _ in range(args.runs):
        for name, command in tools.items():
            samples[name].append(timed(command, CORPUS))
    print(f"load average after: {os.getloadavg()}\n")
    for name, command in tools.items():
        print(f"- {name}: `{' '.join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in command)}`")
    print()
    print("| tool | wall s (median) | CPU s (median) | peak RSS MiB (median) | wall × | CPU × | RSS × |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    medians = {name: tuple(statistics.median(run[i] for run in runs) for i in range(3))
               for name, runs in samples.items()}
    base = medians["snakeguard"]
    for name, (wall, cpu, rss) in medians.items():
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss:.1f} | {wall / base[0]:.1f} | "
              f"{cpu / base[1]:.1f} | {rss / base[2]:.1f} |")
    print("\nraw runs (wall s / CPU s / RSS MiB):")
    for name, runs in samples.items():
        print(f"- {name}: " + "; ".join(f"{w:.2f} / {c:.2f} / {r:.1f}" for w, c, r in runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Side-by-side: snakeguard's pickle scanner vs picklescan vs fickling. Prints Markdown.

    python3 bench/pickle/compare.py SNAKEGUARD_CMD VENV_PYTHON CORPUS_DIR DETECTION_DIR BIG_FILE MODELS_DIR

SNAKEGUARD_CMD is a command line (split on spaces) that takes paths; it must print a
summary line with ms= (the sg-pickle example) or be `snakeguard pickle`. Each timing is the
best of REPEAT runs of a whole process started from here: wall clock, and CPU time (user +
system of the child), which stays meaningful when other work shares the machine.
"""

import os
import re
import resource
import shlex
import subprocess
import sys
import time

REPEAT = int(os.environ.get("REPEAT", "3"))
HERE = os.path.dirname(os.path.abspath(__file__))


def wall(cmd):
    """Best wall-clock and best CPU (user+sys of the child) seconds over REPEAT runs."""
    best_wall = best_cpu = None
    out = ""
    for _ in range(REPEAT):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        out = proc.stdout + proc.stderr
        best_wall = elapsed if best_wall is None else min(best_wall, elapsed)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    return (best_wall, best_cpu), out


def count_files(path):
    return sum(len(names) for _, _, names in os.walk(path))


def scanned_by_picklescan(output):
    match = re.search(r"Scanned files: *([0-9]+)", output)
    return int(match.group(1)) if match else None


def main():
    sg_cmd, python, corpus, detection, big, models = sys.argv[1:7]
    sg = shlex.split(sg_cmd)
    picklescan = [os.path.join(os.path.dirname(python), "picklescan")]
    fickling = [python, os.path.join(HERE, "fickling_scan.py")]
    big_gib = os.path.getsize(big) / (1 << 30)
    tools = (
        ("snakeguard (sg-pickle)", lambda path: sg + [path]),
        ("picklescan 1.0.5", lambda path: picklescan + ["-p", path]),
        ("fickling 0.1.12", lambda path: fickling + [path]),
    )
    suites = (
        ("generated corpus", corpus, count_files(corpus)),
        ("realistic checkpoints", models, count_files(models)),
        ("%.1f GiB torch zip" % big_gib, big, 1),
    )
    print("Best of %d runs; CPU = user + system time of the tool's process (the machine is shared, so" % REPEAT)
    print("wall time is inflated by other work; CPU time is the comparable number).\n")
    for title, path, files in suites:
        print("### %s (%s)\n" % (title, "%d files" % files if files > 1 else os.path.basename(path)))
        print("| tool | wall s | CPU s | files/s (CPU) | CPU ratio to snakeguard | files the tool scanned |")
        print("|---|---:|---:|---:|---:|---:|")
        results = []
        for name, command in tools:
            (seconds, cpu), out = wall(command(path))
            if name.startswith("picklescan"):
                scanned = scanned_by_picklescan(out)
            elif name.startswith("snakeguard"):
                match = re.search(r"scanned=([0-9]+)", out)
                scanned = int(match.group(1)) if match else None
            else:
                scanned = files
            results.append((name, seconds, cpu, out, scanned))
        base = max(results[0][2], 1e-6)
        for name, seconds, cpu, _, scanned in results:
            print("| %s | %.3f | %.3f | %.0f | %.1f× | %s |" % (
                name, seconds, cpu, files / max(cpu, 1e-6), cpu / base, scanned if scanned is not None else "?"))
        ms = re.search(r"ms=([0-9.]+)", results[0][3])
        if ms:
            print("\nsnakeguard in-process scan time (excluding process start): %s ms" % ms.group(1))
        print()

    # Detection on one copy of the fixtures: which files each tool reports.
    names = sorted(n for n in os.listdir(detection) if n != "generate.py")
    sg_out = subprocess.run(sg + ["--findings", detection], capture_output=True, text=True).stdout
    sg_flagged = {os.path.basename(line.split(": ")[0]) for line in sg_out.splitlines() if ": PKL" in line}
    ps_flagged, ps_suspicious = set(), set()
    probe = (
        "import sys\nfrom picklescan.scanner import scan_file_path\n"
        "for p in sys.argv[1:]:\n"
        "    try:\n"
        "        r = scan_file_path(p)\n"
        "    except Exception:\n"
        "        print(p, 0, 1, 0)\n"
        "        continue\n"
        "    sus = any(g.safety.name != 'Innocuous' for g in r.globals)\n"
        "    print(p, r.issues_count, int(r.scan_err), int(sus))\n"
    )
    ps_out = subprocess.run([python, "-c", probe] + [os.path.join(detection, n) for n in names],
                            capture_output=True, text=True).stdout
    for line in ps_out.splitlines():
        path, issues, err, sus = line.rsplit(" ", 3)
        if int(issues) > 0:
            ps_flagged.add(os.path.basename(path))
        if int(issues) > 0 or int(err) or int(sus):
            ps_suspicious.add(os.path.basename(path))
    fk_out = subprocess.run(fickling + ["-v"] + [os.path.join(detection, n) for n in names],
                            capture_output=True, text=True).stdout
    fk_flagged = {line.split("\t")[0] for line in fk_out.splitlines() if line.endswith("\tflagged")}

    benign = [n for n in names if n.startswith("benign_")]
    bad = [n for n in names if not n.startswith("benign_")]

    def score(flagged):
        return (sum(n in flagged for n in bad), sum(n in flagged for n in benign))

    print("\nDetection on one copy of the fixtures (%d non-benign, %d benign files):\n" % (len(bad), len(benign)))
    print("| tool | non-benign files reported | benign files reported (false positives) |")
    print("|---|---:|---:|")
    for name, flagged in (("snakeguard (any PKL finding)", sg_flagged),
                          ("picklescan (dangerous)", ps_flagged),
                          ("picklescan (dangerous, suspicious or scan error)", ps_suspicious),
                          ("fickling (above LIKELY_SAFE)", fk_flagged)):
        tp, fp = score(flagged)
        print("| %s | %d / %d | %d / %d |" % (name, tp, len(bad), fp, len(benign)))
    missed = {"picklescan (dangerous)": [n for n in bad if n not in ps_flagged],
              "fickling": [n for n in bad if n not in fk_flagged],
              "snakeguard": [n for n in bad if n not in sg_flagged]}
    print()
    for name, files_missed in missed.items():
        print("- %s misses: %s" % (name, ", ".join(files_missed) if files_missed else "none"))


if __name__ == "__main__":
    main()

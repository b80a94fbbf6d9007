#!/usr/bin/env bash
# Adapter for compare.py: `snakeguard_cli.sh DIR --json` runs the snakeguard CLI
# (`$SNAKEGUARD_BIN scan . --select $SNAKEGUARD_SELECT --format json` in DIR; default
# selection `SEC`, which includes the Python-aware rules SEC401–SEC407 on the one parse) and
# prints one JSON finding per line (path, line, end_line, rule), as compare.py expects.
set -euo pipefail
dir="$1"
cd "$dir"
"${SNAKEGUARD_BIN:?set SNAKEGUARD_BIN to the snakeguard binary}" scan . \
    --select "${SNAKEGUARD_SELECT:-SEC}" --format json --exit-zero --quiet |
    python3 -c '
import json, sys
for finding in json.load(sys.stdin)["findings"]:
    if not finding["rule"].startswith("SEC"):
        continue  # tool findings (SG001 syntax errors) stay on under --select
    path = finding["path"]
    if path.startswith("./"):
        path = path[2:]
    print(json.dumps({"path": path, "line": finding["line"], "end_line": finding["end_line"], "rule": finding["rule"]}))
'

#!/usr/bin/env bash
# Audit benchmark: a 700-package lock against (1) the PyPA advisory snapshot in
# ../shared/data and (2) a synthetic 25,000-record OSV export the size of osv.dev's PyPI
# all.zip; cold (`db update`: download from a local HTTP server + verify + index build) and
# warm (a fresh process opening the index and auditing); then pip-audit on the same lock
# where it can run. Results: bench/results/audit.md.
#
#   bash bench/audit/run.sh            # everything
#   RUNS=5 bash bench/audit/run.sh     # fewer warm runs
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=$ROOT/bench/.work/audit
RUNS=${RUNS:-20}
SHARED=${SHARED:-$ROOT/../shared/data}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/target-audit-release}
mkdir -p "$WORK"

echo "== build (release)"
cargo build --release -q -p sg-audit --example audit_bench
BENCH=$CARGO_TARGET_DIR/release/examples/audit_bench

echo "== inputs"
python3 bench/audit/make_synthetic_db.py "$WORK"
cp "$SHARED/pypa-advisory-db.zip" "$WORK/snapshot-all.zip"
python3 bench/audit/make_snapshot_lock.py "$SHARED/pypa-advisory-db.zip" "$WORK/snapshot-lock.txt"

# A local HTTP server stands in for osv.dev (the network here reaches only registries).
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
python3 - "$PORT" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
        break
    except OSError:
        time.sleep(0.1)
PY

python3 - "$BENCH" "$WORK" "$PORT" "$RUNS" <<'PY'
import json, statistics, subprocess, sys, time
bench, work, port, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def run(*args):
    started = time.perf_counter()
    out = subprocess.run([bench, *args], check=True, capture_output=True, text=True).stdout
    return (time.perf_counter() - started) * 1000, json.loads(out)

for name in ("snapshot", "synthetic"):
    cache = f"{work}/cache-{name}"
    url = f"http://127.0.0.1:{port}/{name}-all.zip"
    lock = f"{work}/{name}-lock.txt"
    updates = [run("update", cache, url) for _ in range(3)]
    rebuilds = [run("rebuild", cache) for _ in range(3)]
    warm = [run("audit", cache, lock) for _ in range(runs)]
    loads = [run("load", f"{work}/{name}-all.zip", lock) for _ in range(3)]
    median = lambda values: statistics.median(values)
    last = warm[-1][1]
    print(f"\n### {name}: {lock.split('/')[-1]} against {name}-all.zip")
    print(f"- db update (cold: download + verify + index), wall: median {median([w for w, _ in updates]):.0f} ms, peak RSS {max(r['peak_rss_kib'] for _, r in updates)/1024:.1f} MiB")
    print(f"- index build alone (from the cached export), wall: median {median([w for w, _ in rebuilds]):.0f} ms, peak RSS {max(r['peak_rss_kib'] for _, r in rebuilds)/1024:.1f} MiB")
    print(f"- warm audit, whole process wall over {runs} runs: median {median([w for w, _ in warm]):.1f} ms (min {min(w for w, _ in warm):.1f}); inside the process: median {median([r['ms'] for _, r in warm]):.2f} ms (open index {median([r['open_ms'] for _, r in warm]):.2f} ms, read lock {median([r['read_ms'] for _, r in warm]):.2f} ms); peak RSS {max(r['peak_rss_kib'] for _, r in warm)/1024:.1f} MiB")
    print(f"- `--db {name}-all.zip` (load into memory, no index), wall: median {median([w for w, _ in loads]):.0f} ms, peak RSS {max(r['peak_rss_kib'] for _, r in loads)/1024:.1f} MiB")
    print(f"- result: {last['audited']} audited, {last['vulnerable_packages']} vulnerable packages, {last['vulnerabilities']} vulnerabilities (after alias merging), {last['not_audited']} not audited")
PY

echo
echo "== pip-audit 2.10.1 on the snapshot lock (same file)"
if [ ! -x bench/.venv/bin/pip-audit ]; then
  python3 -m venv bench/.venv && bench/.venv/bin/pip install -q pip-audit==2.10.1 || true
fi
if [ -x bench/.venv/bin/pip-audit ]; then
  for service in pypi osv; do
    start=$(date +%s.%N)
    set +e
    timeout 600 bench/.venv/bin/pip-audit -r "$WORK/snapshot-lock.txt" --no-deps --disable-pip -s "$service" -f json \
      >"$WORK/pip-audit-$service.json" 2>"$WORK/pip-audit-$service.err"
    code=$?
    set -e
    end=$(date +%s.%N)
    python3 - "$service" "$code" "$start" "$end" "$WORK/pip-audit-$service.json" "$WORK/pip-audit-$service.err" <<'PY'
import json, sys
service, code, start, end, out, err = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
summary = ""
try:
    data = json.load(open(out))
    deps = data.get("dependencies", [])
    vulns = sum(len(d.get("vulns", [])) for d in deps)
    skipped = sum(1 for d in deps if "skip_reason" in d)
    summary = f"{len(deps)} dependencies, {vulns} vulnerabilities, {skipped} skipped"
except Exception:
    tail = open(err).read().strip().splitlines()[-1:] or ["(no output)"]
    summary = "no JSON; last stderr line: " + tail[0][:200]
print(f"- pip-audit -s {service}: exit {code}, {end - start:.1f} s wall; {summary}")
PY
  done
else
  echo "- pip-audit could not be installed"
fi

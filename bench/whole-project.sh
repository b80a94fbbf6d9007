#!/usr/bin/env bash
# Whole-project comparison: what a team runs today (Bandit, detect-secrets, picklescan and
# pip-audit, one after the other) against one `snakeguard scan`, on the Django 5.1.4 sdist.
# Wall time of each and what each found. Results: bench/results/whole-project.md.
#
#   bash bench/whole-project.sh
#
# - Django 5.1.4 from PyPI (`pip download --no-binary :all: --no-deps`) into bench/.work,
#   unpacked into bench/.work/corpus/django (the Bandit bench uses the same tree).
# - Peer tools from PyPI into bench/.venv: bandit 1.9.4, detect-secrets 1.5.0,
#   picklescan 1.0.5, pip-audit 2.10.1.
# - snakeguard: release build (CARGO_TARGET_DIR, default /tmp/target-pkg-release; or SNAKEGUARD=BIN), with the
#   vulnerability database from ../shared/data/pypa-advisory-db.zip when present (--db).
# - pip-audit needs pinned requirements: Django declares `asgiref>=3.8.1` and `sqlparse>=0.3.1`
#   unpinned, so both tools also audit a requirements file pinning the lowest allowed
#   versions (what `pip install django==5.1.4` could have resolved to on its release day).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=$ROOT/bench/.venv
WORK=$ROOT/bench/.work
OUT=$WORK/whole-project
SHARED=${SHARED:-$ROOT/../shared/data}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/target-pkg-release}
mkdir -p "$OUT" "$WORK/sdists" "$WORK/corpus"

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check "bandit==1.9.4" "detect-secrets==1.5.0" \
  "picklescan==1.0.5" "pip-audit==2.10.1"

TREE=$WORK/corpus/django
if [ ! -d "$TREE" ]; then
  "$VENV/bin/pip" download -q --disable-pip-version-check --no-deps --no-binary :all: \
    --no-build-isolation -d "$WORK/sdists" "django==5.1.4"
  mkdir -p "$TREE"
  tar -xzf "$WORK/sdists/django-5.1.4.tar.gz" -C "$TREE" --strip-components=1
fi

# SNAKEGUARD=/path/to/snakeguard skips the build (for example the binary scripts/test-wheel.sh
# built: release profile with LTO off).
if [ -n "${SNAKEGUARD:-}" ]; then
  SG=$SNAKEGUARD
else
  echo "== build snakeguard (release)"
  cargo build --release -q -p snakeguard
  SG=$CARGO_TARGET_DIR/release/snakeguard
fi
DB_ARGS=()
[ -f "$SHARED/pypa-advisory-db.zip" ] && DB_ARGS=(--db "$SHARED/pypa-advisory-db.zip")
printf 'asgiref==3.8.1\nsqlparse==0.3.1\n' >"$OUT/requirements.txt"

# Runs a command in the tree, records wall seconds and exit code; output into $OUT/<name>.out.
declare -A SECONDS_OF CPU_OF EXIT_OF
timed() {
  local name=$1
  shift
  local started ended code
  started=$(date +%s.%N)
  set +e
  (cd "$TREE" && /usr/bin/time -f '%U %S' -o "$OUT/$name.cpu" "$@") >"$OUT/$name.out" 2>"$OUT/$name.err"
  code=$?
  set -e
  ended=$(date +%s.%N)
  SECONDS_OF[$name]=$(python3 -c "print(f'{$ended - $started:.2f}')")
  CPU_OF[$name]=$(python3 -c "import sys; u, s = open(sys.argv[1]).read().split()[-2:]; print(f'{float(u) + float(s):.2f}')" "$OUT/$name.cpu")
  EXIT_OF[$name]=$code
  echo "$name: ${SECONDS_OF[$name]} s wall, ${CPU_OF[$name]} CPU-s (exit $code)"
}

echo "== warm-up (file cache)"
(cd "$TREE" && "$SG" scan --no-progress --exit-zero --format json "${DB_ARGS[@]}" >/dev/null 2>&1) || true

echo "== the four tools in sequence"
timed bandit "$VENV/bin/bandit" -r . -f json -q
timed detect-secrets "$VENV/bin/detect-secrets" scan --all-files .
timed picklescan "$VENV/bin/picklescan" --path .
timed pip-audit timeout 300 "$VENV/bin/pip-audit" -r "$OUT/requirements.txt" --no-deps --disable-pip -f json
echo "== snakeguard"
timed snakeguard "$SG" scan --no-progress --format json "${DB_ARGS[@]}"
timed snakeguard-audit "$SG" audit -r "$OUT/requirements.txt" --format json "${DB_ARGS[@]}"

python3 - "$OUT" "${SECONDS_OF[bandit]}" "${SECONDS_OF[detect-secrets]}" "${SECONDS_OF[picklescan]}" \
  "${SECONDS_OF[pip-audit]}" "${SECONDS_OF[snakeguard]}" "${SECONDS_OF[snakeguard-audit]}" \
  "${EXIT_OF[pip-audit]}" "${#DB_ARGS[@]}" \
  "${CPU_OF[bandit]}" "${CPU_OF[detect-secrets]}" "${CPU_OF[picklescan]}" \
  "${CPU_OF[pip-audit]}" "${CPU_OF[snakeguard]}" "${CPU_OF[snakeguard-audit]}" <<'PY'
import collections, json, pathlib, re, sys
out = pathlib.Path(sys.argv[1])
bandit_s, ds_s, pkl_s, pa_s, sg_s, sga_s = map(float, sys.argv[2:8])
pa_exit, has_db = int(sys.argv[8]), sys.argv[9] != "0"
bandit_c, ds_c, pkl_c, pa_c, sg_c, sga_c = map(float, sys.argv[10:16])

def load(name):
    try:
        return json.loads((out / f"{name}.out").read_text())
    except (OSError, ValueError):
        return None

bandit = load("bandit") or {}
b_results = bandit.get("results", [])
b_ids = collections.Counter(r["test_id"] for r in b_results)
ds = load("detect-secrets") or {}
ds_count = sum(len(v) for v in ds.get("results", {}).values())
ds_types = collections.Counter(s["type"] for v in ds.get("results", {}).values() for s in v)
pkl_text = (out / "picklescan.out").read_text() + (out / "picklescan.err").read_text()
m = re.search(r"Scanned files:\s*(\d+)", pkl_text)
pkl_files = m.group(1) if m else "?"
m = re.search(r"Infected files:\s*(\d+)", pkl_text)
pkl_infected = m.group(1) if m else "?"
pa = load("pip-audit")
pa_text = (out / "pip-audit.err").read_text().strip().splitlines()
pa_last = pa_text[-1] if pa_text else ""
sg = load("snakeguard") or {}
findings = sg.get("findings", [])
by_scanner = collections.Counter(f.get("scanner", "?") for f in findings)
by_prefix = collections.Counter(re.match(r"[A-Z]+", f["rule"]).group(0) for f in findings)
summary = sg.get("summary", {})
sga = load("snakeguard-audit") or {}
sga_findings = sga.get("findings", [])

total_peer = bandit_s + ds_s + pkl_s + pa_s
total_peer_cpu = bandit_c + ds_c + pkl_c + pa_c
lines = []
w = lines.append
w("# Whole project: snakeguard vs Bandit + detect-secrets + picklescan + pip-audit")
w("")
w("Django 5.1.4 sdist (`bench/.work/corpus/django`), on this 2-core machine, file cache warm,")
w("CPU time = user + sys of the process and its children (steadier than wall on a shared machine),")
w("one run each. Command: `bash bench/whole-project.sh` (outputs in `bench/.work/whole-project/`).")
w("")
w("| Tool | Wall time | CPU time | Found |")
w("|---|--:|--:|---|")
w(f"| Bandit 1.9.4 (`bandit -r . -f json -q`) | {bandit_s:.2f} s | {bandit_c:.2f} s | {len(b_results)} issues ({', '.join(f'{k} {v}' for k, v in b_ids.most_common(6))}, …) |")
w(f"| detect-secrets 1.5.0 (`detect-secrets scan --all-files .`) | {ds_s:.2f} s | {ds_c:.2f} s | {ds_count} potential secrets ({', '.join(f'{k}: {v}' for k, v in ds_types.most_common(4))}) |")
w(f"| picklescan 1.0.5 (`picklescan --path .`) | {pkl_s:.2f} s | {pkl_c:.2f} s | {pkl_files} files scanned, {pkl_infected} infected |")
if isinstance(pa, dict):
    pa_deps = pa.get("dependencies", [])
    pa_skipped = [d for d in pa_deps if d.get("skip_reason")]
    pa_found = f"{sum(len(d.get('vulns', [])) for d in pa_deps)} vulnerabilities"
    if pa_skipped:
        pa_found += (f", but {len(pa_skipped)} of {len(pa_deps)} dependencies not audited "
                     f"(\"{pa_skipped[0]['skip_reason'][:60]}…\"; it printed \"{pa_last[:40]}\" and exited {pa_exit})")
else:
    pa_found = f"no result (exit {pa_exit}: {pa_last[:120]})"
w(f"| pip-audit 2.10.1 (`-r requirements.txt --no-deps --disable-pip`) | {pa_s:.2f} s | {pa_c:.2f} s | {pa_found} |")
w(f"| **the four in sequence** | **{total_peer:.2f} s** | **{total_peer_cpu:.2f} s** | |")
w(f"| **snakeguard scan** (`snakeguard scan --format json{' --db pypa-advisory-db.zip' if has_db else ''}`) | **{sg_s:.2f} s** | **{sg_c:.2f} s** | {len(findings)} findings: {', '.join(f'{k} {v}' for k, v in sorted(by_scanner.items()))} |")
w(f"| snakeguard audit (same requirements.txt) | {sga_s:.2f} s | {sga_c:.2f} s | {len(sga_findings)} vulnerabilities ({', '.join(sorted({f.get('advisory', '?') for f in sga_findings})[:6])}) |")
w("")
w(f"snakeguard findings by rule family: {', '.join(f'{k} {v}' for k, v in sorted(by_prefix.items()))}.")
w(f"Files scanned: {summary.get('files_scanned', '?')}; skipped: {summary.get('files_skipped', {})}; "
  f"vulnerability database: {summary.get('vulnerability_database', 'n/a')}.")
if total_peer and sg_s:
    w("")
    w(f"One `snakeguard scan` took {sg_s:.2f} s against {total_peer:.2f} s for the four tools run in "
      f"sequence ({total_peer / sg_s:.1f}× less wall time; {total_peer_cpu / max(sg_c, 0.01):.1f}× less CPU "
      "time), and it also ran taint, API, "
      "dependency-pinning and typosquat checks the four do not have.")
(out / "whole-project.md").write_text("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "results: $OUT/whole-project.md (copy into bench/results/whole-project.md with notes)"

#!/usr/bin/env bash
# Peak memory and CPU time of the index build and of a warm audit, measured from outside
# the process (`/usr/bin/time -v`, `perf stat`), on the inputs `run.sh` generated. Wall
# times on a shared machine are noisy; CPU time (user+sys) is the steadier number.
#
#   bash bench/audit/run.sh        # once: builds audit_bench, inputs, caches
#   bash bench/audit/measure.sh    # then this
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=bench/.work/audit
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/target-audit-release}
B=$CARGO_TARGET_DIR/release/examples/audit_bench
RUNS=${RUNS:-20}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for name in snapshot synthetic; do
  cache=$WORK/cache-$name
  lock=$WORK/$name-lock.txt
  echo "== $name: index build (rebuild from the cached export)"
  for _ in 1 2 3; do
    /usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KiB" "$B" rebuild "$cache" 2>&1 >/dev/null
  done
  echo "== $name: warm audit of $(wc -l <"$lock") lines"
  for _ in 1 2 3; do
    /usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KiB" "$B" audit "$cache" "$lock" 2>&1 >/dev/null
  done
  if command -v hyperfine >/dev/null; then
    hyperfine -N -w 3 -r "$RUNS" "$B audit $cache $lock"
  else
    python3 - "$B" "$cache" "$lock" "$RUNS" <<'PY'
import os, resource, statistics, subprocess, sys, time
bench, cache, lock, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
walls, cpus = [], []
for _ in range(3):
    subprocess.run([bench, "audit", cache, lock], check=True, capture_output=True)
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([bench, "audit", cache, lock], check=True, capture_output=True)
    walls.append((time.perf_counter() - started) * 1000)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append(((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000)
print(f"warm audit over {runs} runs: wall median {statistics.median(walls):.1f} ms (min {min(walls):.1f}), "
      f"CPU user+sys median {statistics.median(cpus):.1f} ms (min {min(cpus):.1f})")
PY
  fi
done

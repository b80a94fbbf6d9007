#!/usr/bin/env bash
# Endpoint inventory on real applications from PyPI (pinned sdists).
#
#   bash bench/api/run.sh
#
# Downloads the sdists into bench/.work/api (git-ignored) with the shared bench venv
# (bench/.venv; build backends are installed there because pip prepares metadata even for
# `pip download`), builds the `api-inventory` example in release mode, and prints for each
# application the endpoint count, apps, endpoints without authentication / rate limit, the
# API/JWT findings per rule, and the wall time. The inventory itself is written as JSON to
# bench/.work/api/<name>.json. Nothing is installed from the applications and none of their
# code runs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$root/bench/.work/api"
venv="$root/bench/.venv"
target="${CARGO_TARGET_DIR:-$root/target}"

# name==version  framework
apps=(
    "ihatemoney==7.2.1 flask"
    "zou==1.0.97 flask-restful"
    "lnbits==1.6.2 fastapi"
    "label-studio==1.23.2 django"
)

mkdir -p "$work/sdists" "$work/corpus"
if [[ ! -x "$venv/bin/pip" ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check \
    setuptools wheel hatchling poetry-core flit-core pdm-backend setuptools-scm babel tomli

for entry in "${apps[@]}"; do
    requirement="${entry%% *}"
    name="${requirement%%==*}"
    if [[ -d "$work/corpus/$name" ]]; then
        continue
    fi
    "$venv/bin/pip" download -q --disable-pip-version-check --no-deps --no-binary :all: \
        --no-build-isolation -d "$work/sdists" "$requirement"
    archive="$(ls "$work/sdists" | grep -i "^${name//-/[-_]}-" | grep -E '\.tar\.gz$' | head -n 1)"
    mkdir -p "$work/corpus/$name"
    tar -xzf "$work/sdists/$archive" -C "$work/corpus/$name" --strip-components=1
done

(cd "$root" && cargo build -q --release -p sg-api --example api-inventory)
bin="$target/release/examples/api-inventory"

printf '%-14s %-14s %9s %5s %8s %9s %8s\n' app framework endpoints apps no-auth no-limit seconds
for entry in "${apps[@]}"; do
    requirement="${entry%% *}"
    framework="${entry##* }"
    name="${requirement%%==*}"
    start=$(date +%s.%N)
    "$bin" "$work/corpus/$name" --format json > "$work/$name.json"
    end=$(date +%s.%N)
    "$bin" "$work/corpus/$name" --findings > "$work/$name.txt"
    python3 - "$work/$name.json" "$requirement" "$framework" "$start" "$end" <<'PY'
import json, sys
path, requirement, framework, start, end = sys.argv[1:]
data = json.load(open(path))
endpoints = data["endpoints"]
no_auth = sum(1 for e in endpoints if not e["auth"])
no_limit = sum(1 for e in endpoints if not e["rate_limit"])
print(f"{requirement:<14} {framework:<14} {len(endpoints):>9} {len(data['apps']):>5} {no_auth:>8} {no_limit:>9} {float(end) - float(start):>8.2f}")
PY
done

echo
echo "findings per rule (from bench/.work/api/<name>.txt):"
for entry in "${apps[@]}"; do
    requirement="${entry%% *}"
    name="${requirement%%==*}"
    counts="$(grep -oE ' (API|JWT)[0-9]{3} ' "$work/$name.txt" | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}' || true)"
    echo "$requirement: ${counts:-none}"
done

echo
echo "zou, counted from its route tuples (bench/api/count_zou.py, Python's ast):"
python3 "$here/count_zou.py" "$work/corpus/zou" "$work/zou.json"

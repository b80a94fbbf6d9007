#!/usr/bin/env bash
# The taint pass (TNT) on real code: every finding, and the CPU it adds to parse + rules.
#
#   bench/taint/run.sh            # fetch, build, run 3x per corpus, write bench/results/taint.md
#
# - sdists from PyPI (pinned, --no-deps --no-binary :all:) into bench/.work/taint/sdists,
#   unpacked into bench/.work/taint/corpus/<name>: Django 5.1.4 (the performance anchor),
#   httpbin 0.10.4 (a Flask app) and wagtail 6.3.1 (a Django CMS)
# - the example binary crates/sg-taint/examples/taint_scan.rs does what `snakeguard scan` does
#   per file (parse, sg_rules::check_source with every rule, then sg_taint::check on the same
#   parse) and measures each phase's thread CPU time and the process CPU; findings go to
#   bench/.work/taint/<name>.jsonl, timings to bench/.work/taint/<name>.timing (and
#   <name>.notaint.timing for the same run without the taint pass)
# - bench/taint/report.py turns them, with the hand-written verdicts in
#   bench/taint/verdicts.tsv, into bench/results/taint.md
# Idempotent: corpora already unpacked are kept.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/bench/.work/taint"
venv="$root/bench/.venv"
corpora=("django==5.1.4" "httpbin==0.10.4" "wagtail==6.3.1")
runs="${RUNS:-3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/target-taint}"

if [[ ! -x "$venv/bin/pip" ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check "setuptools>=70" wheel

mkdir -p "$work/sdists" "$work/corpus"
for requirement in "${corpora[@]}"; do
    name="${requirement%%==*}"
    version="${requirement##*==}"
    if [[ -d "$work/corpus/$name" ]]; then
        continue
    fi
    "$venv/bin/pip" download -q --disable-pip-version-check --no-deps --no-binary :all: \
        --no-build-isolation -d "$work/sdists" "$requirement"
    archive="$(ls "$work/sdists" | grep -i "^${name//-/[-_]}-${version}\.tar\.gz$" | head -n 1)"
    mkdir -p "$work/corpus/$name"
    tar -xzf "$work/sdists/$archive" -C "$work/corpus/$name" --strip-components=1
done

(cd "$root" && cargo build -q --release -p sg-taint --example taint_scan)
scanner="$CARGO_TARGET_DIR/release/examples/taint_scan"

# Each run: once with the taint pass, once without (`--no-taint`), alternating so that load
# from other processes hits both alike.
for requirement in "${corpora[@]}"; do
    name="${requirement%%==*}"
    : > "$work/$name.timing"
    : > "$work/$name.notaint.timing"
    for _ in $(seq "$runs"); do
        "$scanner" "$work/corpus/$name" > "$work/$name.jsonl" 2>> "$work/$name.timing"
        "$scanner" "$work/corpus/$name" --no-taint > /dev/null 2>> "$work/$name.notaint.timing"
    done
    echo "$requirement: $(tail -n 1 "$work/$name.timing")"
done

python3 "$root/bench/taint/report.py" "$work" "${corpora[@]}" > "$root/bench/results/taint.md"
echo "wrote bench/results/taint.md"

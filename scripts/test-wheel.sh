#!/usr/bin/env bash
# Proves `pip install` works like ruff's: builds the snakeguard wheel with maturin (from
# PyPI, in a fresh venv), installs the wheel into a second fresh venv, and runs the installed
# `snakeguard --version` and a scan of a small tree that must exit 1 with a known finding.
#
# Usage: scripts/test-wheel.sh            (from anywhere; work happens under target/wheel-test)
# Set CARGO_TARGET_DIR to reuse an existing release build. The release profile's LTO is turned
# off and codegen units raised for this build only, to keep CI time down.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$repo/target/wheel-test
started=$(date +%s)

fail() { echo "test-wheel: FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"

echo "test-wheel: installing maturin into $work/build-venv"
python3 -m venv "$work/build-venv"
"$work/build-venv/bin/python" -m pip install --quiet --disable-pip-version-check "maturin>=1.7,<2"

echo "test-wheel: building the wheel"
CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  "$work/build-venv/bin/maturin" build --release --manifest-path crates/snakeguard/Cargo.toml \
  --out "$work/dist"
wheels=("$work"/dist/snakeguard-*.whl)
[ -f "${wheels[0]}" ] || fail "maturin wrote no wheel into $work/dist"
echo "test-wheel: built ${wheels[0]##*/}"

echo "test-wheel: installing the wheel into a fresh venv"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "${wheels[0]}"
installed=$work/venv/bin/snakeguard
[ -x "$installed" ] || fail "the wheel put no snakeguard into the venv's bin/"

expected_version=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -n 1)
version=$("$installed" --version)
echo "test-wheel: $version"
[ "$version" = "snakeguard $expected_version" ] || fail "expected 'snakeguard $expected_version', got '$version'"

mkdir -p "$work/tree/pkg"
printf 'import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n' >"$work/tree/pkg/bad.py"
printf 'import json\n\nprint(json.dumps({}))\n' >"$work/tree/pkg/ok.py"
set +e
(cd "$work/tree" && "$installed" scan --no-progress --format json) >"$work/scan.json"
code=$?
set -e
[ "$code" -eq 1 ] || fail "scan exited $code, expected 1 (findings): $(cat "$work/scan.json")"
grep -q '"rule": "B301"' "$work/scan.json" || fail "B301 (pickle.loads) not reported: $(cat "$work/scan.json")"
grep -q '"path": "pkg/bad.py"' "$work/scan.json" || fail "finding path is not pkg/bad.py"

echo "test-wheel: OK in $(($(date +%s) - started))s"

#!/usr/bin/env bash
# Proves the pre-commit hooks work: installs pre-commit from PyPI into a venv, makes a
# temporary git repository with a vulnerable file and a vulnerable pin, points a
# .pre-commit-config.yaml at THIS repository (its path, rev = the current HEAD commit), and
# checks that `pre-commit run --all-files` fails with the expected findings, then passes once
# the file and the pin are fixed.
#
# The hooks are read from the committed HEAD, so commit .pre-commit-hooks.yaml and
# pyproject.toml first. pre-commit `pip install`s the repository, which builds the binary
# with maturin: CARGO_TARGET_DIR (default: target/pre-commit-build) is kept between runs and
# the release profile's LTO is off, to save time.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$repo/target/pre-commit-test
started=$(date +%s)

fail() { echo "test-pre-commit: FAIL: $*" >&2; exit 1; }

git cat-file -e HEAD:.pre-commit-hooks.yaml 2>/dev/null || fail ".pre-commit-hooks.yaml is not committed"
git cat-file -e HEAD:pyproject.toml 2>/dev/null || fail "pyproject.toml is not committed"
rev=$(git rev-parse HEAD)

rm -rf "$work"
mkdir -p "$work"
export PRE_COMMIT_HOME=$work/cache
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target/pre-commit-build}
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

echo "test-pre-commit: installing pre-commit into $work/venv"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check pre-commit
pre_commit=$work/venv/bin/pre-commit

project=$work/project
mkdir -p "$project/src/app"
cd "$project"
git init --quiet
git config user.email test@example.invalid
git config user.name "snakeguard test"
git config commit.gpgsign false

cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: snakeguard
      - id: snakeguard-audit
        args: [--db, $repo/resources/test/fixtures/audit/osv-edge]
YAML
printf 'import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n' >src/app/loader.py
printf 'import json\n\nprint(json.dumps({}))\n' >src/app/ok.py
printf 'aliased==1.3\n' >requirements.txt
git add -A
git commit --quiet -m "vulnerable" --no-verify

echo "test-pre-commit: pre-commit run --all-files (expecting failures; the first run builds the hook)"
set +e
"$pre_commit" run --all-files --color never >"$work/first.log" 2>&1
code=$?
set -e
cat "$work/first.log"
[ "$code" -ne 0 ] || fail "pre-commit passed on a vulnerable tree"
grep -q "B301" "$work/first.log" || fail "the snakeguard hook did not report B301"
grep -q "src/app/loader.py:5" "$work/first.log" || fail "the finding does not name src/app/loader.py:5"
grep -q "GHSA-aaaa-bbbb-cccc\|PYSEC-9999-1" "$work/first.log" || fail "the audit hook did not report aliased==1.3"
grep -q "ok.py" "$work/first.log" && fail "a clean file was reported"

printf 'import json\n\n\ndef load(blob):\n    return json.loads(blob)\n' >src/app/loader.py
printf 'aliased==1.7.1\n' >requirements.txt
git add -A

echo "test-pre-commit: pre-commit run --all-files (expecting success)"
set +e
"$pre_commit" run --all-files --color never >"$work/second.log" 2>&1
code=$?
set -e
cat "$work/second.log"
[ "$code" -eq 0 ] || fail "pre-commit failed on the fixed tree (exit $code)"

echo "test-pre-commit: OK in $(($(date +%s) - started))s"

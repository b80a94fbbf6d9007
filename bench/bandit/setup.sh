#!/usr/bin/env bash
# Fetches the pinned corpora and peer tools for the Bandit differential and speed benches.
#
#   bench/bandit/setup.sh
#
# - peer tools into bench/.venv: bandit 1.9.4 and ruff 0.14.10 (from PyPI)
# - sdists from PyPI into bench/.work/sdists, unpacked into bench/.work/corpus/<name>:
#   Django 5.1.4, SQLAlchemy 2.0.36, ansible-core 2.17.7
# `--no-build-isolation`: pip only reads the sdists' metadata, and an isolated build would
# compile their build dependencies (Cython) from source first.
# Idempotent: what is already there is kept.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/bench/.venv"
work="$root/bench/.work"
corpora=("django==5.1.4" "sqlalchemy==2.0.36" "ansible-core==2.17.7")

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check "bandit==1.9.4" "ruff==0.14.10" "setuptools>=70" wheel

mkdir -p "$work/sdists" "$work/corpus"
for requirement in "${corpora[@]}"; do
    name="${requirement%%==*}"
    if [[ -d "$work/corpus/$name" ]]; then
        continue
    fi
    "$venv/bin/pip" download -q --disable-pip-version-check --no-deps --no-binary :all: --no-build-isolation \
        -d "$work/sdists" "$requirement"
    archive="$(ls "$work/sdists" | grep -i "^${name//-/[-_]}-" | grep -E '\.tar\.gz$' | head -n 1)"
    mkdir -p "$work/corpus/$name"
    tar -xzf "$work/sdists/$archive" -C "$work/corpus/$name" --strip-components=1
done

"$venv/bin/bandit" --version | head -n 1
"$venv/bin/ruff" --version
for requirement in "${corpora[@]}"; do
    name="${requirement%%==*}"
    count="$(find "$work/corpus/$name" -name '*.py' | wc -l)"
    echo "$requirement: $count .py files in bench/.work/corpus/$name"
done

#!/usr/bin/env bash
# Secrets benchmark: snakeguard's secrets scanner vs detect-secrets 1.5.0.
#
#   bash bench/secrets/run.sh            # from the repository root
#
# Fetches the Django 5.1.4 sdist into bench/.work/secrets, installs detect-secrets into
# bench/.venv, generates a tree of mixed file types with planted fake secrets
# (bench/secrets/plant.py), builds the scanner harness (crates/sg-secrets/examples/scan_tree.rs,
# or uses `target/release/snakeguard scan --select SEC` once the CLI is wired: set SNAKEGUARD
# to a command that takes a directory and `--json` and prints one JSON finding per line),
# runs both tools on both trees and prints a Markdown report (bench/secrets/compare.py).
#
#   SNAKEGUARD_BIN=target/release/snakeguard bash bench/secrets/run.sh
#       measures the CLI (`snakeguard scan --select SEC`: text rules plus the Python-aware
#       SEC401–SEC407 on the parse tree) through bench/secrets/snakeguard_cli.sh;
#       SNAKEGUARD_SELECT changes the selection.
#   DS_CACHE=bench/.work/secrets/ds-cache  saves detect-secrets' output and reuses it.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
WORK="$ROOT/bench/.work/secrets"
VENV="$ROOT/bench/.venv"
mkdir -p "$WORK"

if [ ! -d "$WORK/Django-5.1.4" ]; then
    python3 -m pip download --quiet --no-deps --no-binary :all: django==5.1.4 -d "$WORK"
    tar -xzf "$WORK"/[Dd]jango-5.1.4.tar.gz -C "$WORK"
fi
if [ ! -x "$VENV/bin/detect-secrets" ]; then
    [ -d "$VENV" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet detect-secrets==1.5.0
fi
if [ ! -f "$WORK/planted/manifest.json" ]; then
    rm -rf "$WORK/planted"
    python3 bench/secrets/plant.py "$WORK/planted" --files 3000 --seed 1
fi
if [ -n "${SNAKEGUARD_BIN:-}" ] && [ -z "${SNAKEGUARD:-}" ]; then
    # The CLI, with the Python-aware rules (SEC401–SEC407) on the Python walk.
    SNAKEGUARD="bash $ROOT/bench/secrets/snakeguard_cli.sh"
fi
if [ -z "${SNAKEGUARD:-}" ]; then
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
    cargo build --quiet --release -p sg-secrets --example scan_tree
    SNAKEGUARD="$CARGO_TARGET_DIR/release/examples/scan_tree"
fi
echo "detect-secrets $("$VENV/bin/detect-secrets" --version); $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/secrets/compare.py \
    --snakeguard "$SNAKEGUARD" \
    --detect-secrets "$VENV/bin/detect-secrets" \
    --django "$WORK/Django-5.1.4" \
    --planted "$WORK/planted" \
    ${DS_CACHE:+--detect-secrets-cache "$DS_CACHE"}

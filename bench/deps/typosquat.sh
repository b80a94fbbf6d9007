#!/usr/bin/env bash
# Typosquat evaluation of sg-deps (DEP201/DEP202), written to bench/results/deps.md.
#
# 1. every name of crates/sg-deps/data/top-pypi.txt (a copy of ../shared/data/top-pypi.txt)
#    through the shipped detector: popular names flagged must be 0;
# 2. hold-out false-positive estimate: a detector built from the N most popular names only,
#    run on the (legitimate) names ranked below N;
# 3. detection of known historical typosquats, bench/deps/known-typosquats.tsv (sources in
#    that file and in the results).
#
# Usage: bench/deps/typosquat.sh            (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/target-deps}"
cargo build --release -p sg-deps --example typosquat_eval >&2
"$CARGO_TARGET_DIR/release/examples/typosquat_eval" bench/deps/known-typosquats.tsv

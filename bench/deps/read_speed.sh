#!/usr/bin/env bash
# Read and check throughput of sg-deps on generated inputs (2,000-line hashed requirements
# file and a 2,000-package uv.lock). Usage: bench/deps/read_speed.sh (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/target-deps}"
cargo build --release -p sg-deps --example read_speed >&2
"$CARGO_TARGET_DIR/release/examples/read_speed"

#!/usr/bin/env bash
# Installs Microsoft's SARIF validator (npm package @microsoft/sarif-multitool) for the
# sg-diagnostics SARIF validation test, so that `cargo test` itself does not have to.
#
# Optional: the test installs the same pinned version on first use when npm is available.
# The package carries a self-contained native build per platform; no .NET runtime is needed.
#
# Usage: scripts/install-sarif-validator.sh [DIR]   (default: target/tools/sarif-multitool-5.7.0)
# Then:  export SARIF_MULTITOOL_DIR=DIR            (the test looks there first)
set -euo pipefail

version=5.7.0 # keep in step with MULTITOOL_VERSION in crates/sg-diagnostics/tests/sarif_validator.rs
dir=${1:-target/tools/sarif-multitool-$version}

if ! command -v npm >/dev/null; then
    echo "install-sarif-validator: npm is not installed (apt-get install nodejs npm)" >&2
    exit 1
fi
if [ ! -x "$dir/node_modules/.bin/sarif-multitool" ]; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error \
        "@microsoft/sarif-multitool@$version"
fi
# The platform package sets the executable bit in a postinstall script, which npm may skip.
for binary in "$dir"/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool; do
    [ -f "$binary" ] && chmod u+x "$binary"
done
"$dir/node_modules/.bin/sarif-multitool" --version
echo "export SARIF_MULTITOOL_DIR=$(cd "$dir" && pwd)"

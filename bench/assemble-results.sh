#!/usr/bin/env bash
# Rebuilds bench/RESULTS.md from the per-area result files in bench/results/.
# Each area's bench script writes its own file (with the command that produced the numbers);
# this script only joins them, in a fixed order, so RESULTS.md is one page to read.
set -euo pipefail
cd "$(dirname "$0")"
{
  echo "# Benchmark and corpus results"
  echo
  echo "Produced by the scripts under \`bench/\` on this project's 2-core machine; each section"
  echo "names the command that produced it. Regenerate this page with \`bench/assemble-results.sh\`."
  echo "Speed is measured here, never in tests."
  for area in bandit taint secrets pickle deps audit api whole-project; do
    file="results/$area.md"
    if [ -f "$file" ]; then
      echo
      # Demote the area's headings one level under this page's title (not inside code fences).
      awk '/^```/ { fence = !fence } !fence && /^#/ { $0 = "#" $0 } { print }' "$file"
    fi
  done
} > RESULTS.md
echo "wrote bench/RESULTS.md"

#!/usr/bin/env bash
# Pickle/model scanning: snakeguard vs picklescan vs fickling (PyPI, in bench/.venv).
#
#   bash bench/pickle/run.sh            # writes bench/results/pickle.md
#   COPIES=25 BIG_GIB=4 MODELS=20 REPEAT=3 bash bench/pickle/run.sh
#
# Corpus: COPIES copies of the generated fixtures (resources/test/fixtures/pickle/generate.py,
# standard library only) plus one BIG_GIB synthetic PyTorch zip written sparsely into
# bench/.work (never committed). Uses `snakeguard pickle` when the binary has it, else the
# sg-pickle example driver (same library, one thread).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
WORK="$ROOT/bench/.work/pickle"
VENV="$ROOT/bench/.venv"
COPIES="${COPIES:-25}"
BIG_GIB="${BIG_GIB:-4}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
mkdir -p "$WORK"

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
# fickling 0.1.12 imports typing_extensions without declaring it; picklescan needs numpy for
# .npy files and py7zr (its [7z] extra) for 7z archives.
"$VENV/bin/pip" install -q "picklescan[7z]==1.0.5" fickling==0.1.12 typing_extensions==4.12.2 numpy==2.1.3

rm -rf "$WORK/corpus" "$WORK/detection"
python3 resources/test/fixtures/pickle/generate.py "$WORK/detection" >/dev/null
for i in $(seq 1 "$COPIES"); do
  python3 resources/test/fixtures/pickle/generate.py "$WORK/corpus/copy$i" >/dev/null
  # picklescan's directory scan aborts with a traceback on the fake 7z archive and on some
  # malformed files (empty file, truncated zip…), leaving the rest unscanned: keep those out
  # of the timing corpus so that every tool scans the same files to the end.
  rm -f "$WORK/corpus/copy$i"/*.7z "$WORK/corpus/copy$i"/malformed_*
done
BIG="$WORK/big-${BIG_GIB}gib.pt"
[ -f "$BIG" ] || python3 bench/pickle/big_torch_zip.py "$BIG" --gib "$BIG_GIB"
# Realistic checkpoints: MODELS torch zips of 2000 tensors each (a ~200 KB data.pkl with
# 4000 REDUCE calls, 256 MiB of sparse storages): pickle-parsing throughput.
MODELS="${MODELS:-20}"
if [ ! -f "$WORK/models/model$MODELS.pt" ]; then
  rm -rf "$WORK/models"; mkdir -p "$WORK/models"
  for i in $(seq 1 "$MODELS"); do
    python3 bench/pickle/big_torch_zip.py "$WORK/models/model$i.pt" --gib 0.25 --tensors 2000 >/dev/null
  done
fi

cargo build -q --release -p sg-pickle --example pickle_scan
SG="$CARGO_TARGET_DIR/release/examples/pickle_scan"

{
  echo "## Pickle and model files (sg-pickle)"
  echo
  echo "Command: \`COPIES=$COPIES BIG_GIB=$BIG_GIB MODELS=$MODELS REPEAT=${REPEAT:-3} bash bench/pickle/run.sh\`"
  echo "($(date -u +%Y-%m-%d), $(nproc) cores, $(python3 --version 2>&1); snakeguard = sg-pickle example driver, one thread;"
  echo "picklescan via its CLI on the directory; fickling via its scan_file/scan_zip_archive API in one process."
  echo "The timing corpus leaves out the 7z and malformed fixtures, on which picklescan's directory scan aborts"
  echo "with a traceback; the detection table below covers them file by file)"
  echo
  python3 bench/pickle/compare.py "$SG" "$VENV/bin/python" "$WORK/corpus" "$WORK/detection" "$BIG" "$WORK/models"
} > "$WORK/pickle.md.tmp"
mkdir -p "$ROOT/bench/results"
mv "$WORK/pickle.md.tmp" "$ROOT/bench/results/pickle.md"
cat "$ROOT/bench/results/pickle.md"

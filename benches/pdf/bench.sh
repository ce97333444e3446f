#!/usr/bin/env bash
# Pages per second of intake's PDF reader and of poppler's pdftotext over the same PDFs, one
# core each, side by side with their ratio. Reading only (file bytes are loaded before the
# clock starts for intake; pdftotext reads its own file and writes to /dev/null).
#
#   benches/pdf/bench.sh [PDF_DIR] [ROUNDS]
#
# PDF_DIR defaults to ../shared/corpora/real/pdf; ROUNDS (default 3) repeats both sides and
# reports the best round of each.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${1:-$ROOT/../shared/corpora/real/pdf}
ROUNDS=${2:-3}
command -v pdftotext >/dev/null || { echo "pdftotext missing (apt-get install poppler-utils poppler-data)"; exit 1; }
[ -d "$DIR" ] || { echo "no PDF directory at $DIR"; exit 1; }
cargo build --quiet --release -p intake-extract --example pdf_bench --manifest-path "$ROOT/Cargo.toml"
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/pdf_bench
mapfile -t FILES < <(find "$DIR" -maxdepth 1 -name '*.pdf' | sort)
best_i=""; best_p=""; pages=0
for _ in $(seq "$ROUNDS"); do
  out=$(taskset -c 0 "$BIN" "${FILES[@]}" 2>/dev/null || "$BIN" "${FILES[@]}")
  pages=$(awk '{print $4}' <<<"$out"); s=$(awk '{print $8}' <<<"$out")
  best_i=$(awk -v a="$best_i" -v b="$s" 'BEGIN{print (a=="" || b<a) ? b : a}')
  t0=$(date +%s.%N)
  for f in "${FILES[@]}"; do taskset -c 0 pdftotext -q -enc UTF-8 "$f" /dev/null 2>/dev/null || pdftotext -q -enc UTF-8 "$f" /dev/null || true; done
  t1=$(date +%s.%N)
  p=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')
  best_p=$(awk -v a="$best_p" -v b="$p" 'BEGIN{print (a=="" || b<a) ? b : a}')
done
awk -v n="${#FILES[@]}" -v pg="$pages" -v i="$best_i" -v p="$best_p" 'BEGIN{
  printf "%d PDFs, %d pages (best of rounds)\n", n, pg;
  printf "intake     %8.3f s  %8.1f pages/s\n", i, pg/i;
  printf "pdftotext  %8.3f s  %8.1f pages/s\n", p, pg/p;
  printf "ratio intake/pdftotext pages/s: %.2f\n", p/i }'

#!/bin/sh
# Throughput at batch scale (issue 9): prints one table.
#
#   benches/scale.sh                      # N = 200 1000 5000
#   SIZES="200 1000" benches/scale.sh     # other sizes
#
# For each N it generates (once) a scale batch with corpora/gen/scale.py under $SCALE_DIR
# (default target/scale; never inside corpora/), runs the whole pipeline with --jobs 2 through
# the intake-pipeline example `scale_run` (which prints the run's Summary with stage times as
# JSON), and takes its peak RSS (the kernel's high-water mark; benches/peakrss.sh samples the
# anon/file split). Then, on the first N, --jobs 1 pinned to one
# core vs --jobs 2 on two (taskset), and on a PDF-only batch of the same PDFs, intake's whole
# pipeline (--jobs 1) vs `pdftotext` over every PDF, one after another.
#
# Columns: docs/s and pages/s are end to end (wall); pages are PDF pages; stage columns are
# seconds summed over threads (read = extract + facts); cpu = user + system seconds.
# Needs: python3 + python-docx, LibreOffice (first pool render only), poppler-utils, util-linux
# (taskset). Timings on a shared machine vary: the cpu column shows what the work itself cost.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SIZES=${SIZES:-"200 1000 5000"}
SCALE_DIR=${SCALE_DIR:-$ROOT/target/scale}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
mkdir -p "$SCALE_DIR"
cargo build --release -q -p intake-cli -p intake-pipeline --example scale_run
RUN=$TARGET/release/examples/scale_run
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

batch() { # N [--pdf-only] → path of the batch (generated once)
    dir=$SCALE_DIR/n$1${2:+-pdf}
    [ -d "$dir" ] && [ "$(ls "$dir" | wc -l)" -eq "$1" ] ||
        python3 corpora/gen/scale.py "$1" "$dir" --pool "$SCALE_DIR/pool" ${2:-} >/dev/null
    echo "$dir"
}

measure() { # LABEL CPUS JOBS BATCH → one table row; JSON kept in $TMP/LABEL.json
    label=$1 cpus=$2 jobs=$3 b=$4
    /usr/bin/time -f "%U %S %M" -o "$TMP/$label.time" \
        taskset -c "$cpus" "$ROOT/benches/peakrss.sh" "$RUN" "$b" "$SCALE_DIR/out-$label" "$jobs" \
        >"$TMP/$label.json" 2>"$TMP/$label.rss"
    python3 - "$label" "$TMP" <<'EOF'
import json, re, sys
label, tmp = sys.argv[1], sys.argv[2]
s = json.load(open(f"{tmp}/{label}.json"))
# Peak RSS: the kernel's high-water mark (getrusage of the process tree, via time's %M), not
# the 0.2 s samples peakrss.sh takes (kept in $TMP/LABEL.rss for the anon/file split).
u, sy, rss = open(f"{tmp}/{label}.time").read().split()[-3:]
u, sy, rss = float(u), float(sy), int(rss)
w = s["seconds"]
print(f"| {label:<12} | {s['submissions']:>5} | {s['documents']:>6} | {s['pdf_pages']:>6} | {w:>7.1f} "
      f"| {s['documents']/w:>6.1f} | {s['pdf_pages']/w:>7.1f} | {s['read']:>6.1f} | {s['rules']:>5.1f} "
      f"| {s['integrity']:>5.1f} | {s['index']:>5.1f} | {s['report']:>5.2f} | {u+sy:>6.1f} | {rss/1024:>6.0f} |")
EOF
}

echo "| run          |     N |   docs |  pages |  wall s | docs/s | pages/s | read s | rules | integ | index | report |  cpu s | RSS MB |"
echo "|--------------|-------|--------|--------|---------|--------|---------|--------|-------|-------|-------|--------|--------|--------|"
first=
for n in $SIZES; do
    b=$(batch "$n")
    first=${first:-$n}
    measure "n$n-j2" 0,1 2 "$b"
done
b=$(batch "$first")
measure "n$first-j1" 0 1 "$b"
p1=$(python3 -c "import json;s=json.load(open('$TMP/n$first-j1.json'));print(s['pdf_pages']/s['seconds'])")
p2=$(python3 -c "import json;s=json.load(open('$TMP/n$first-j2.json'));print(s['pdf_pages']/s['seconds'])")
echo
echo "jobs 2 vs jobs 1 (N=$first, end-to-end pages/s): $(python3 -c "print(f'{$p2/$p1:.2f}x')")"

# intake vs pdftotext on the same PDFs: a batch holding only the attachment PDFs.
pb=$(batch "$first" --pdf-only)
measure "pdf$first-j1" 0 1 "$pb" >"$TMP/pdfrow"
find "$pb" -name '*.pdf' | sort >"$TMP/pdfs"
/usr/bin/time -f "%e %U %S" -o "$TMP/pdftotext.time" taskset -c 0 sh -c \
    'while read -r f; do pdftotext -enc UTF-8 "$f" /dev/null; done' <"$TMP/pdfs"
python3 - "$TMP" "pdf$first-j1" <<'EOF'
import json, sys
tmp, label = sys.argv[1], sys.argv[2]
s = json.load(open(f"{tmp}/{label}.json"))
w, u, sy = map(float, open(f"{tmp}/pdftotext.time").read().split())
pages = s["pdf_pages"]
print(f"intake whole pipeline (--jobs 1, one core): {pages} PDF pages in {s['seconds']:.2f} s = "
      f"{1000 * s['seconds'] / pages:.2f} ms/page")
print(f"pdftotext (one process per file, one core):  {pages} PDF pages in {w:.2f} s = "
      f"{1000 * w / pages:.2f} ms/page (cpu {1000 * (u + sy) / pages:.2f} ms/page)")
print(f"intake / pdftotext per page: {s['seconds'] / w:.2f}x")
EOF

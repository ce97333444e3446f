#!/bin/sh
# Issue 23's figures in one run: --jobs as cores, a pool-copied batch against a unique one,
# memory as batches grow, PDF text against pdftotext.
#
#   benches/throughput.sh                 # N = 2000 (and 200, 5000 for memory)
#   N=500 SMALL=100 LARGE=1000 benches/throughput.sh   # a quicker look
#
# Batches (generated once under $SCALE_DIR, default target/scale):
#   nN         corpora/gen/scale.py N: N unique submissions (templates and attachments shared)
#   poolN      corpora/gen/scale.py N --shared 20: N submissions like nN's, whose bodies are
#              about 40 distinct documents each carried by ~N/20 applicants under their own
#              names (what a re-uploaded round or a consultancy writing for many applicants
#              looks like), so the two batches differ only in the duplication
# Every run is `intake run --jobs J --quiet` on the release binary, timed by /usr/bin/time
# (wall, user + system CPU, peak RSS: the kernel's high-water mark). CPU% = CPU / wall.
# Per-stage wall and CPU come from batch.json (`timing.profile`).
#
# Prints, last, the done-means lines of issue 23 with their targets.
# Needs: python3 + python-docx and LibreOffice (first pool render of scale.py), poppler-utils.
# On a machine doing other work the CPU% and ratios still hold roughly; wall times do not.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
N=${N:-2000}
SMALL=${SMALL:-200}
LARGE=${LARGE:-5000}
SCALE_DIR=${SCALE_DIR:-$ROOT/target/scale}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
mkdir -p "$SCALE_DIR"
cargo build --release -q -p intake-cli
INTAKE=$TARGET/release/intake
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

unique() { # N → batch path (generated once)
    dir=$SCALE_DIR/n$1
    [ -d "$dir" ] && [ "$(ls "$dir" | wc -l)" -eq "$1" ] ||
        python3 corpora/gen/scale.py "$1" "$dir" --pool "$SCALE_DIR/pool" >/dev/null
    echo "$dir"
}

pooled() { # N → batch path: scale.py's pool-copied batch (generated once)
    dir=$SCALE_DIR/shared$1
    [ -d "$dir" ] && [ "$(ls "$dir" | wc -l)" -eq "$1" ] ||
        python3 corpora/gen/scale.py "$1" "$dir" --pool "$SCALE_DIR/pool" --shared 20 >/dev/null
    echo "$dir"
}

run() { # LABEL JOBS BATCH → $TMP/LABEL.{time,json}
    out=$SCALE_DIR/out-$1
    rm -rf "$out"
    /usr/bin/time -f "%e %U %S %M" -o "$TMP/$1.time" "$INTAKE" run "$3" --out "$out" --jobs "$2" --quiet
    cp "$out/batch.json" "$TMP/$1.json"
    rm -rf "$out"
    python3 - "$TMP" "$1" <<'EOF'
import json, sys
tmp, label = sys.argv[1], sys.argv[2]
e, u, s, rss = open(f"{tmp}/{label}.time").read().split()[-4:]
e, cpu = float(e), float(u) + float(s)
b = json.load(open(f"{tmp}/{label}.json"))
dup = b["findings"]["by_kind"].get("duplicate_text", 0)
print(f"| {label:<10} | {b['submissions']:>5} | {e:>7.1f} | {cpu:>7.1f} | {100 * cpu / e:>5.0f}% "
      f"| {int(rss) / 1024:>6.0f} | {dup:>9} |")
EOF
}

echo "| run        |     N |  wall s |   cpu s |  CPU% | RSS MB | dup finds |"
echo "|------------|-------|---------|---------|-------|--------|-----------|"
u=$(unique "$N")
run "n$N-j1" 1 "$u"
run "n$N-j2" 2 "$u"
run "pool$N-j2" 2 "$(pooled "$N")"
run "n$SMALL-j2" 2 "$(unique "$SMALL")"
run "n$LARGE-j2" 2 "$(unique "$LARGE")"

echo
echo "per stage, n$N (wall s summed over threads / cpu s):"
python3 - "$TMP" "n$N-j1" "n$N-j2" "pool$N-j2" <<'EOF'
import json, sys
tmp, labels = sys.argv[1], sys.argv[2:]
prof = {l: {p["stage"]: p for p in json.load(open(f"{tmp}/{l}.json"))["timing"]["profile"]} for l in labels}
stages = list(prof[labels[0]])
print(f"| {'stage':<22} |" + "|".join(f" {l:>17} " for l in labels) + "|")
for st in stages:
    print(f"| {st:<22} |" + "|".join(f" {prof[l][st]['wall']:>7.1f} / {prof[l][st]['cpu']:>6.1f} " for l in labels) + "|")
EOF

echo
echo "PDF text, intake vs pdftotext over ../shared/corpora/real/pdf:"
PDFS=$ROOT/../shared/corpora/real/pdf
if [ -d "$PDFS" ]; then
    benches/pdf/bench.sh "$PDFS" 3 | tee "$TMP/pdf.txt"
    # pdf_agreement reads the corpus root (its MANIFEST.tsv and reference/), not the PDF folder.
    cargo run --release -q -p intake-extract --example pdf_agreement -- "$(dirname "$PDFS")" 2>/dev/null \
        | grep -E '^(TOTAL|SPEED)' | tee "$TMP/agree.txt"
else
    echo "(no PDF corpus at $PDFS: skipped)"
fi

echo
echo "issue 23, done means:"
python3 - "$TMP" "$N" "$SMALL" "$LARGE" <<'EOF'
import json, os, sys
tmp, n, small, large = sys.argv[1:]
def t(label):
    e, u, s, rss = open(f"{tmp}/{label}.time").read().split()[-4:]
    return float(e), float(u) + float(s), int(rss)
j1, j2, pool = t(f"n{n}-j1"), t(f"n{n}-j2"), t(f"pool{n}-j2")
lo, hi = t(f"n{small}-j2"), t(f"n{large}-j2")
def line(text, value, ok):
    print(f"  {'ok  ' if ok else 'MISS'} {text}: {value}")
line(f"--jobs 1 CPU% (n{n}, target <= 110%)", f"{100 * j1[1] / j1[0]:.0f}%", j1[1] / j1[0] <= 1.10)
line(f"--jobs 2 CPU% (n{n}, target >= 185%)", f"{100 * j2[1] / j2[0]:.0f}%", j2[1] / j2[0] >= 1.85)
line("speed-up --jobs 2 / --jobs 1 (target >= 1.8x)", f"{j1[0] / j2[0]:.2f}x", j1[0] / j2[0] >= 1.8)
line(f"pool{n} / n{n} time (--jobs 2, target <= 1.2x)", f"{pool[0] / j2[0]:.2f}x", pool[0] / j2[0] <= 1.2)
line(f"pool{n} / n{n} peak RSS (target <= 1.5x)", f"{pool[2] / j2[2]:.2f}x", pool[2] / j2[2] <= 1.5)
line(f"peak RSS n{large} / n{small} (target <= 1.5x)", f"{hi[2] / lo[2]:.2f}x ({hi[2] // 1024} / {lo[2] // 1024} MB)",
     hi[2] / lo[2] <= 1.5)
pdf = os.path.join(tmp, "pdf.txt")
if os.path.exists(pdf):
    for l in open(pdf):
        if l.startswith("ratio"):
            r = 1 / float(l.split(":")[1])  # bench.sh prints pdftotext/intake in pages/s terms
            line("PDF text time intake / pdftotext (target <= 1.0)", f"{r:.2f}", r <= 1.0)
    print("  agreement (pdf_agreement, must not drop):", " | ".join(l.strip() for l in open(os.path.join(tmp, "agree.txt"))))
EOF

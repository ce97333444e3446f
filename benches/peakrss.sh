#!/bin/sh
# Runs a command and prints, on stderr after it ends, its peak resident memory split into
# anonymous (heap) and file-backed (mmapped index segments) kB, sampled from /proc every 0.2 s.
# Usage: benches/peakrss.sh CMD ARGS...
"$@" &
pid=$!
anon=0; file=0; total=0
while kill -0 "$pid" 2>/dev/null; do
    if [ -r "/proc/$pid/status" ]; then
        set -- $(awk '/^RssAnon:/{a=$2} /^RssFile:/{f=$2} /^VmRSS:/{t=$2} END{print a+0, f+0, t+0}' "/proc/$pid/status" 2>/dev/null)
        [ "${1:-0}" -gt "$anon" ] && anon=$1
        [ "${2:-0}" -gt "$file" ] && file=$2
        [ "${3:-0}" -gt "$total" ] && total=$3
    fi
    sleep 0.2
done
wait "$pid"
rc=$?
echo "peak_rss_kb=$total peak_anon_kb=$anon peak_file_kb=$file" >&2
exit $rc

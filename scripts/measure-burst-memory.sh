#!/bin/bash
# Memory of a server during and after a burst of 16 simultaneous report
# submissions (issue 16 item 5; docs/performance.md).
#
#   scripts/measure-burst-memory.sh BIN LABEL [SETTLE_SECONDS]
#
# BIN is an `integer` binary, LABEL names the logs in /tmp. It starts
# `integer demo` on DATA (default /tmp/burst-mem-data; run the demo on it
# once beforehand so that it is seeded) at 127.0.0.1:PORT (default 18437),
# waits for /healthz and SETTLE_SECONDS (20), reads VmRSS (idle), resets the
# peak (clear_refs 5, needs the right to write /proc/PID/clear_refs), runs
# `integer-load submit -c 16 -n 160` (LOAD, default /tmp/integer-load), and
# reads VmHWM (the peak) and VmRSS 5, 10, 20, 30, 45 and 60 s after the burst.
BIN=$1; LABEL=$2; SETTLE=${3:-20}
PORT=${PORT:-18437}; DATA=${DATA:-/tmp/burst-mem-data}; LOAD=${LOAD:-/tmp/integer-load}
export INTEGER_SUBMISSIONS_PER_HOUR=10000 INTEGER_ORG_SUBMISSIONS_PER_HOUR=100000
"$BIN" demo --data "$DATA" --addr 127.0.0.1:$PORT > /tmp/burst-demo-$LABEL.log 2>&1 &
PID=$!
for _ in $(seq 1 300); do curl -sf -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 0.2; done
sleep "$SETTLE"
rss() { awk '/^VmRSS/{print int($2/1024)}' /proc/$PID/status; }
hwm() { awk '/^VmHWM/{print int($2/1024)}' /proc/$PID/status; }
IDLE=$(rss); echo 5 > /proc/$PID/clear_refs
T0=$(date +%s.%N)
"$LOAD" submit -url http://127.0.0.1:$PORT -org demo -c 16 -n 160 > /tmp/burst-load-$LABEL.log 2>&1
T1=$(date +%s.%N)
PEAK=$(hwm)
declare -A AFTER
for s in 5 10 20 30 45 60; do
  while [ "$(echo "$(date +%s.%N) - $T1 < $s" | bc)" = 1 ]; do sleep 0.2; done
  AFTER[$s]=$(rss)
done
echo "$LABEL idle=${IDLE}MiB peak=${PEAK}MiB after5s=${AFTER[5]} after10s=${AFTER[10]} after20s=${AFTER[20]} after30s=${AFTER[30]} after45s=${AFTER[45]} after60s=${AFTER[60]}MiB burst=$(echo "$T1 - $T0" | bc)s"
tail -1 /tmp/burst-load-$LABEL.log
kill $PID; wait $PID 2>/dev/null

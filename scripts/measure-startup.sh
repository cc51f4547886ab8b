#!/usr/bin/env bash
# Measures how long `integer serve` takes from exec to a 200 from /healthz on
# an empty SQLite database (migrations included), and its resident memory
# then and after 50 requests. Usage: scripts/measure-startup.sh [runs]
set -euo pipefail
runs=${1:-5}
bin=$(mktemp -d)/integer
go build -o "$bin" ./cmd/integer
port=18080
for i in $(seq "$runs"); do
  data=$(mktemp -d)
  start=$(date +%s%N)
  "$bin" serve --data "$data" --addr 127.0.0.1:$port 2>/dev/null &
  pid=$!
  until curl -sf http://127.0.0.1:$port/healthz >/dev/null; do sleep 0.002; done
  end=$(date +%s%N)
  rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  for _ in $(seq 50); do curl -s http://127.0.0.1:$port/ >/dev/null; done
  hwm=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$data"
  echo "run $i: ready in $(( (end-start)/1000000 )) ms, RSS $((rss/1024)) MiB at ready, peak $((hwm/1024)) MiB after 50 requests"
done

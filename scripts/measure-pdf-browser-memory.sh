#!/usr/bin/env bash
# Resident memory of a server and of the PDF engine's browser it keeps
# between PDFs (docs/performance.md, "The annual report's PDF"): every
# process below the server's, with RSS (pages counted in each process that
# maps them) and PSS (shared pages divided among the processes), from
# /proc/PID/smaps_rollup (Linux).
#
#   scripts/measure-pdf-browser-memory.sh SERVER_PID
set -euo pipefail
root=${1:?usage: $0 SERVER_PID}
descendants() {
	local c
	for c in $(ps -o pid= --ppid "$1"); do
		echo "$c"
		descendants "$c"
	done
}
rss=0 pss=0 n=0
for p in $(descendants "$root"); do
	read -r r s < <(awk '/^Rss:/{r=$2} /^Pss:/{s=$2} END{print r+0, s+0}' "/proc/$p/smaps_rollup" 2>/dev/null || echo "0 0")
	if [ "$r" -gt 0 ]; then
		rss=$((rss + r)) pss=$((pss + s)) n=$((n + 1))
	fi
done
self=$(awk '/^Rss:/{print $2}' "/proc/$root/smaps_rollup")
echo "server RSS ${self} kB; browser: $n processes, RSS ${rss} kB, PSS ${pss} kB"

#!/bin/bash
# Measures every target of issue 16 (docs/performance.md, "Where each target stands"):
# seeds SQLite (100,000 and 150,000 reports) and a PostgreSQL 15 of its own on a Unix socket
# (1,000,000 reports over 300 organisations, and 150,000), then the pages, the annual report
# and the import. Run as root from the repository (it starts PostgreSQL as user postgres):
#   scripts/measure-targets.sh build; ... pg; ... seed; ... pages; ... annual; ... import; ... stop
set -u
Q=/tmp/Q; PGD=/tmp/pgQ; PORTPG=55690
DB="postgres://postgres@/q1m?host=$PGD&port=$PORTPG"
DB150="postgres://postgres@/q150?host=$PGD&port=$PORTPG"
case "$1" in
build)
  git log --oneline -1 && go build -o $Q-integer ./cmd/integer && go build -o $Q-load ./cmd/integer-load ;;
pg)
  mkdir -p $PGD && chown postgres $PGD
  su postgres -c "/usr/lib/postgresql/15/bin/initdb -D $PGD/data -U postgres --auth=trust >/dev/null && /usr/lib/postgresql/15/bin/pg_ctl -D $PGD/data -l $PGD/log -o \"-p $PORTPG -k $PGD -c listen_addresses='' -c shared_buffers=512MB -c max_wal_size=4GB\" start"
  sleep 2
  su postgres -c "psql -h $PGD -p $PORTPG -U postgres -c 'create database q1m' -c 'create database q150'"
  # the seed writes the audit key file ($PGD/audit.key) that the server then reads
  ;;
seed)
  rm -rf $Q-100k $Q-150k
  ( time $Q-load seed -data $Q-100k -org load -reports 100000 -open 0.01 ) > $Q-seed100k.log 2>&1
  ( time $Q-load seed -data $Q-150k -org load -reports 150000 -years 15 -open 0.01 ) > $Q-seed150k.log 2>&1
  ( time $Q-load seed -database "$DB150" -audit-key $PGD/audit.key -org load -reports 150000 -years 15 -open 0.01 ) > $Q-seedpg150.log 2>&1
  ( time $Q-load seed -database "$DB" -audit-key $PGD/audit.key -org load -orgs 300 -reports 1000000 -open 0.01 ) > $Q-seedpg1m.log 2>&1
  su postgres -c "psql -h $PGD -p $PORTPG -U postgres q1m -c 'VACUUM ANALYZE'"
  su postgres -c "psql -h $PGD -p $PORTPG -U postgres q150 -c 'VACUUM ANALYZE'"
  tail -3 $Q-seed*.log ;;
pages)
  uptime
  $Q-integer serve --data $Q-100k --addr 127.0.0.1:18691 > $Q-serve1.log 2>&1 & S=$!; sleep 3
  $Q-load page -url http://127.0.0.1:18691 -org load -c 1 -n 200 -runs 5 -path /load/dashboard \
    -path /load/reports -path '/load/reports?state=closed' -path '/load/reports/{id}' -ids 1-100000
  kill $S; wait $S 2>/dev/null; uptime
  INTEGER_DATABASE="$DB" INTEGER_AUDIT_KEY_FILE=$PGD/audit.key $Q-integer serve --addr 127.0.0.1:18692 > $Q-serve2.log 2>&1 & S=$!; sleep 4
  $Q-load page -url http://127.0.0.1:18692 -org load300 -c 1 -n 200 -runs 5 -path /load300/dashboard \
    -path /load300/reports -path '/load300/reports?state=closed' -path '/load300/reports/{id}' -ids 996668-1000000
  kill $S; wait $S 2>/dev/null; uptime ;;
annual)
  for E in sqlite pg; do
    uptime
    if [ $E = sqlite ]; then $Q-integer serve --data $Q-150k --addr 127.0.0.1:18693 > $Q-serve3.log 2>&1 & S=$!
    else INTEGER_DATABASE="$DB150" INTEGER_AUDIT_KEY_FILE=$PGD/audit.key $Q-integer serve --addr 127.0.0.1:18693 > $Q-serve4.log 2>&1 & S=$!; fi
    sleep 4
    for P in json pdf; do
      echo "== $E $P cold"; $Q-load page -url http://127.0.0.1:18693 -org load -user loadcontroller -c 1 -n 1 -runs 1 -path "/load/annual-report.$P?year=2025"
      echo "== $E $P warm"; $Q-load page -url http://127.0.0.1:18693 -org load -user loadcontroller -c 1 -n 5 -runs 3 -path "/load/annual-report.$P?year=2025"
    done
    kill $S; wait $S 2>/dev/null
  done; uptime ;;
import)
  uptime; go test ./internal/register/ -run '^$' -bench 'ImportReports100k|Import100kPeople' -benchtime 1x -count 3 -benchmem; uptime ;;
stop)
  su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D $PGD/data stop" ;;
esac

#!/usr/bin/env bash
# tests/ha/measure.sh - the figures of the sizing model (deploy/cluster/
# README.md) for one replication mode: the primary's PostgreSQL killed with
# SIGKILL in the middle of writes.
#
#   TD_BUILD=build tests/ha/measure.sh [--async] [--seconds S] [--kill-after S]
#
# A cluster of its own (deploy/cluster/cluster.sh up, synchronous mode
# unless --async); td_bench_submit, closed loop, 16 connections through
# HAProxy over three communes' certificates, for S seconds (default 30);
# the leader's postmaster killed after --kill-after seconds (default 12).
# The generator here does not send again (a reply lost is counted as a
# failure), so what it was told is exactly what a client holds a receipt
# for. Prints, on one FIGURES line:
#   rps        petitions stored per second before the kill (from the
#              database: the count at 3 s and at the kill)
#   acked      petitions acknowledged to the generator
#   stored     petitions on the new primary at the end
#   lost       acknowledged petitions not on the new primary (by key and
#              receipt number)
#   gap_ms     the longest time between two consecutive write transactions
#              around the kill, from the events' timestamps (each batch's
#              transaction start, petition_events.at), so the time from the
#              last write on the old primary to the first on the new one
#   failover_s from the kill until Patroni's REST API names a new leader
#   bytes_per_petition  growth of every table and index of the database
#              (pg_total_relation_size) over the run, per petition stored
# The cluster is removed at the end.
. "$(dirname "$0")/lib.sh"

async=
secs=30
kill_after=12
while (($# > 0)); do
  case $1 in
  --async) async=1; shift ;;
  --seconds) secs=$2; shift 2 ;;
  --kill-after) kill_after=$2; shift 2 ;;
  *) echo "usage: measure.sh [--async] [--seconds S] [--kill-after S]" >&2; exit 2 ;;
  esac
done
if [[ -n $async ]]; then ha_up --async; else ha_up; fi

size_sql="SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
size0=$(sql "$size_sql")
certs=()
for c in rc03390 rc03405 rc03430; do
  certs+=(--cert "$TD_CL_PKI/$c.crt" --key "$TD_CL_PKI/$c.key")
done
step "load: 16 connections for ${secs}s, the primary killed after ${kill_after}s"
"$HA_BUILD/tests/td_bench_submit" --server "$TD_CL_CLIENT" --ca "$TD_CL_PKI/ca.crt" "${certs[@]}" \
  --conns 16 --warmup 0 --duration "$secs" --acked "$CL/acked.tsv" >"$CL/load.out" 2>"$CL/load.err" &
load_pid=$!
sleep 3
n3=$(sql "SELECT count(*) FROM petitions")
sleep $((kill_after - 3))
nk=$(sql "SELECT count(*) FROM petitions")
old=$("$HA_CLUSTER" primary "$CL")
victim=$("$HA_CLUSTER" pid "$CL" "${old%% *}")
t_kill=$(date +%s.%N)
kill -KILL "$victim"
t_new=
while [[ -z $t_new ]]; do
  if new=$("$HA_CLUSTER" primary "$CL" 2>/dev/null) && [[ ${new%% *} != "${old%% *}" ]]; then
    t_new=$(date +%s.%N)
  elif (($(date +%s) - ${t_kill%.*} > 60)); then
    break
  else
    sleep 0.1
  fi
done
wait "$load_pid" || true
note "killed ${old%% *}; new leader: ${new:-none}"
note "load generator: $(cat "$CL/load.out")"
sleep 2

acked=$(wc -l <"$CL/acked.tsv")
stored=$(sql "SELECT count(*) FROM petitions")
lost=$("$(td_pg_bin)/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$TD_CL_DB" <<EOF
CREATE TEMP TABLE acked (k uuid, r text, id bigint);
\\copy acked FROM '$CL/acked.tsv'
SELECT count(*) FROM acked a
WHERE NOT EXISTS (SELECT 1 FROM petitions p WHERE p.idempotency_key = a.k AND p.receipt_no = a.r);
EOF
)
gap=$(sql "SELECT coalesce(round(max(d) * 1000), 0) FROM (
  SELECT extract(epoch FROM at - lag(at) OVER (ORDER BY at)) AS d FROM (
    SELECT DISTINCT at FROM petition_events
    WHERE at BETWEEN to_timestamp($t_kill) - interval '5 s' AND to_timestamp($t_kill) + interval '60 s') t) g")
size1=$(sql "$size_sql")
rps=$(awk -v a="$n3" -v b="$nk" -v t=$((kill_after - 3)) 'BEGIN { printf "%.0f", (b - a) / t }')
fo=$(awk -v a="$t_kill" -v b="${t_new:-0}" 'BEGIN { if (b > 0) printf "%.1f", b - a; else print "none" }')
bpp=$(awk -v a="$size0" -v b="$size1" -v n="$stored" 'BEGIN { if (n > 0) printf "%.0f", (b - a) / n }')
printf 'FIGURES measure mode=%s rps=%s acked=%s stored=%s lost=%s gap_ms=%s failover_s=%s bytes_per_petition=%s\n' \
  "$([[ -n $async ]] && echo async || echo sync)" "$rps" "$acked" "$stored" "$lost" "$gap" "$fo" "$bpp"

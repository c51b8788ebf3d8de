#!/usr/bin/env bash
# The metrics and health listener (metrics-listen): /metrics passes promtool,
# names every metric the README lists, and each moves when it should;
# /healthz and /readyz answer as documented, also with PostgreSQL
# unreachable and while draining; other paths and methods are refused; a
# hostile HTTP client does not hurt the TLS service; deploy/prometheus/
# passes promtool.
. "$(dirname "$0")/lib.sh"
td_test_db

have_promtool=1
command -v promtool >/dev/null || {
  have_promtool=0
  echo "promtool is not installed (tests/run.sh installs prometheus): skipping its checks"
}

# The example configuration and alert rules ----------------------------------

if ((have_promtool)); then
  run_cmd out rc promtool check config "$TD_SRC/deploy/prometheus/prometheus.yml"
  expect_eq "promtool check config deploy/prometheus/prometheus.yml" "$rc" 0
  run_cmd out rc promtool check rules "$TD_SRC/deploy/prometheus/tiepdan.rules.yml"
  expect_eq "promtool check rules deploy/prometheus/tiepdan.rules.yml" "$rc" 0
  for alert in TiepdanDown TiepdanNotReady TiepdanOverdueGrowing TiepdanCertificateExpiringSoon; do
    expect_contains "the rules have $alert" "$(cat "$TD_SRC/deploy/prometheus/tiepdan.rules.yml")" "alert: $alert"
  done
fi

# Helpers ------------------------------------------------------------------------

# metrics_port LOG: the port a server logged "metrics on 127.0.0.1:N" for.
metrics_port() {
  local i p
  for ((i = 0; i < 100; i++)); do
    p=$(sed -n 's/.* metrics on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$1" 2>/dev/null | tail -n 1)
    [[ -n $p ]] && {
      echo "$p"
      return 0
    }
    sleep 0.1
  done
  return 1
}

# http PATH [CURL ARGS...]: the body; the status is left in $T/status.
http() {
  local path=$1
  shift
  curl -s -m 10 -o "$T/body" -w '%{http_code}' "$@" "http://127.0.0.1:$MP$path" >"$T/status" || true
  cat "$T/body"
}
status() { cat "$T/status"; }

# scrape: /metrics into $T/scrape (and $T/scrape.N, kept for a failure).
n_scrape=0
scrape() {
  n_scrape=$((n_scrape + 1))
  http /metrics >"$T/scrape.$n_scrape"
  cp "$T/scrape.$n_scrape" "$T/scrape"
}
# m SERIES: its value in the last scrape ("absent" if it is not there).
# (Label values may hold spaces: the value is the last field.)
m() { awk -v k="$1 " 'index($0, k) == 1 { print $NF; f = 1 } END { if (!f) print "absent" }' "$T/scrape"; }
# The change of SERIES since the scrape BEFORE (a number of $T/scrape.N).
moved() {
  local was now
  was=$(awk -v k="$2 " 'index($0, k) == 1 { print $NF; f = 1 } END { if (!f) print 0 }' "$T/scrape.$1")
  now=$(m "$2")
  [[ $now == absent ]] && now=0
  echo $((now - was))
}
# settle SERIES VALUE: scrapes until SERIES is VALUE, at most 5 s (gauges
# the loop publishes every 250 ms, connections closing in the background).
settle() {
  local i
  for ((i = 0; i < 50; i++)); do
    scrape
    [[ $(m "$1") == "$2" ]] && return 0
    sleep 0.1
  done
}
# refused WHAT: the last run_cmd failed, as it should.
refused() { if [[ $rc != 0 ]]; then pass "$1"; else fail "$1" "$out"; fi; }
# notAfter of a certificate, unix time.
not_after() { date -d "$(openssl x509 -in "$1" -noout -enddate | cut -d= -f2)" +%s; }

# One server, its metrics on a free port -------------------------------------------

td_server_start --metrics-listen 127.0.0.1:0 --pool-size 3 --max-conns 2 --handshake-timeout 2
MP=$(metrics_port "$T/server.log") || fail "the server logs the metrics port" "$(cat "$T/server.log")"
pass "the server logs where the metrics are (port $MP)"
# td_server_start returned as soon as the log said "listening": /readyz
# agrees from that moment (a load balancer's check, a systemctl start).
expect_eq "/readyz: ready as soon as the server listens" "$(http /readyz)" ready
expect_contains "... and where the clients connect" "$(cat "$T/server.log")" "listening on 127.0.0.1:$TD_PORT"

scrape
expect_eq "GET /metrics: 200" "$(status)" 200
ctype=$(curl -s -m 5 -o /dev/null -w '%{content_type}' "http://127.0.0.1:$MP/metrics")
expect_contains "Content-Type: text/plain; version=0.0.4" "$ctype" "text/plain; version=0.0.4"
if ((have_promtool)); then
  run_cmd out rc promtool check metrics <"$T/scrape"
  expect_eq "promtool check metrics: clean" "$rc:$out" "0:"
fi

# Every metric the README lists, with its type.
for nt in tiepdan_build_info:gauge tiepdan_start_time_seconds:gauge \
  tiepdan_requests_total:counter tiepdan_request_duration_seconds:histogram \
  tiepdan_connections_accepted_total:counter tiepdan_connections_open:gauge \
  tiepdan_connections_refused_total:counter tiepdan_tls_handshake_failures_total:counter \
  tiepdan_db_pool_connections:gauge tiepdan_db_pool_queue_depth:gauge \
  tiepdan_db_errors_total:counter tiepdan_feed_horizon:gauge tiepdan_feed_parked_polls:gauge \
  tiepdan_draining:gauge tiepdan_certificate_expiry_timestamp_seconds:gauge \
  tiepdan_petitions_open:gauge tiepdan_petitions_overdue:gauge \
  tiepdan_petitions_figures_timestamp_seconds:gauge tiepdan_petitions_figures_failures_total:counter; do
  expect_contains "metric ${nt%%:*} (${nt##*:})" "$(cat "$T/scrape")" "# TYPE ${nt%%:*} ${nt##*:}"
done

expect_eq "build info names the version" "$(m 'tiepdan_build_info{version="'"$("$TD_BUILD/tiepdand" --version | awk '{print $2}')"'"}')" 1
start=$(m tiepdan_start_time_seconds)
if ((start > $(date +%s) - 120 && start <= $(date +%s))); then pass "start time is now"; else fail "start time is now" "$start"; fi
# The loop publishes the pool every 250 ms: the first look may be older
# than the connections.
up() { echo $(($(m 'tiepdan_db_pool_connections{state="idle"}') + $(m 'tiepdan_db_pool_connections{state="busy"}'))); }
for ((i = 0; i < 20; i++)); do
  [[ $(up) == 3 ]] && break
  sleep 0.1
  scrape
done
expect_eq "pool: its 3 connections up (idle or busy)" "$(up)" 3
expect_eq "pool: none broken" "$(m 'tiepdan_db_pool_connections{state="broken"}')" 0
expect_eq "pool: nothing queued" "$(m tiepdan_db_pool_queue_depth)" 0
expect_eq "the server's certificate expiry" "$(m 'tiepdan_certificate_expiry_timestamp_seconds{certificate="server"}')" "$(not_after "$TD_PKI/server.crt")"
expect_eq "the CA's certificate expiry" "$(m 'tiepdan_certificate_expiry_timestamp_seconds{certificate="ca"}')" "$(not_after "$TD_PKI/ca.crt")"
expect_eq "no client certificate seen yet" "$(m 'tiepdan_certificate_expiry_timestamp_seconds{certificate="client"}')" absent
expect_eq "no petition open in province 12" "$(m 'tiepdan_petitions_open{province="12",name="Tỉnh Lai Châu"}')" 0
expect_eq "none overdue in province 12" "$(m 'tiepdan_petitions_overdue{province="12",name="Tỉnh Lai Châu"}')" 0
expect_eq "not draining" "$(m tiepdan_draining)" 0
figures_at=$(m tiepdan_petitions_figures_timestamp_seconds)
first=$n_scrape

# Health -----------------------------------------------------------------------------

expect_eq "/healthz: ok" "$(http /healthz)" ok
expect_eq "/healthz: 200" "$(status)" 200
expect_eq "/readyz: ready" "$(http /readyz)" ready
expect_eq "/readyz: 200" "$(status)" 200
http /nothing-here >/dev/null
expect_eq "an unknown path: 404" "$(status)" 404
http /metrics/ >/dev/null
expect_eq "/metrics/ (not /metrics): 404" "$(status)" 404
http /metrics -X POST -d x=1 >/dev/null
expect_eq "POST /metrics: 405" "$(status)" 405
http /healthz -X DELETE >/dev/null
expect_eq "DELETE /healthz: 405" "$(status)" 405
allow=$(curl -s -m 5 -D - -o /dev/null -X PUT "http://127.0.0.1:$MP/readyz" | tr -d '\r' | sed -n 's/^Allow: //Ip')
expect_eq "... and says what is allowed" "$allow" "GET, HEAD"
head=$(curl -s -m 5 -I "http://127.0.0.1:$MP/healthz" | head -n 1 | tr -d '\r')
expect_contains "HEAD /healthz: 200" "$head" " 200"

# Requests, latency, connections, the client certificate ------------------------------

cli hoa submit --kind complaint --channel regular_reception --field land \
  --summary "Đơn thứ nhất để đếm" >"$T/s1.out" 2>&1 || fail "submit 1" "$(cat "$T/s1.out")"
scrape
expect_eq "the first client's certificate expiry" "$(m 'tiepdan_certificate_expiry_timestamp_seconds{certificate="client"}')" "$(not_after "$TD_PKI/hoa.crt")"
cli hoa submit --kind request --channel digital --field electricity \
  --summary "Đơn thứ hai để đếm" >"$T/s2.out" 2>&1 || fail "submit 2" "$(cat "$T/s2.out")"
cli hoa list >"$T/list.out" 2>&1 || fail "list" "$(cat "$T/list.out")"
run_cmd out rc cli tinh submit --kind complaint --channel regular_reception --field land --summary "Không được phép"
expect_eq "a dashboard may not submit (exit)" "$rc" 4
sleep 0.5
scrape
expect_eq "requests: submit_petition OK +2" "$(moved "$first" 'tiepdan_requests_total{op="submit_petition",result="OK"}')" 2
expect_eq "requests: list_petitions OK +1" "$(moved "$first" 'tiepdan_requests_total{op="list_petitions",result="OK"}')" 1
expect_eq "requests: submit_petition PERMISSION_DENIED +1" "$(moved "$first" 'tiepdan_requests_total{op="submit_petition",result="PERMISSION_DENIED"}')" 1
expect_eq "latency: submit_petition count +3" "$(moved "$first" 'tiepdan_request_duration_seconds_count{op="submit_petition"}')" 3
expect_eq "latency: submit_petition +Inf bucket = count" "$(m 'tiepdan_request_duration_seconds_bucket{op="submit_petition",le="+Inf"}')" "$(m 'tiepdan_request_duration_seconds_count{op="submit_petition"}')"
sum=$(m 'tiepdan_request_duration_seconds_sum{op="submit_petition"}')
if awk -v s="$sum" 'BEGIN { exit !(s > 0 && s < 60) }'; then pass "latency: a sum of seconds ($sum)"; else fail "latency: a sum of seconds" "$sum"; fi
expect_eq "connections accepted +4" "$(moved "$first" tiepdan_connections_accepted_total)" 4
settle tiepdan_connections_open 0
expect_eq "connections open: none now" "$(m tiepdan_connections_open)" 0
horizon_moved=$(moved "$first" tiepdan_feed_horizon)
if ((horizon_moved > 0)); then pass "the feed horizon moved ($horizon_moved)"; else fail "the feed horizon moved" "$horizon_moved"; fi
if ((have_promtool)); then
  run_cmd out rc promtool check metrics <"$T/scrape"
  expect_eq "promtool check metrics after requests: clean" "$rc:$out" "0:"
fi

# The business figures: read again within 15 s of the last read.
for ((i = 0; i < 200; i++)); do
  scrape
  [[ $(m tiepdan_petitions_figures_timestamp_seconds) != "$figures_at" ]] && break
  sleep 0.1
done
expect_eq "open petitions in province 12: the two submitted" "$(m 'tiepdan_petitions_open{province="12",name="Tỉnh Lai Châu"}')" 2
oracle=$(sql "SELECT count(*) FROM petitions p JOIN units u ON u.id = p.unit_id
              WHERE u.province_id = (SELECT id FROM units WHERE code = '12')
                AND p.closed_at IS NULL AND p.deadline < (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date")
expect_eq "overdue in province 12: as the petitions say" "$(m 'tiepdan_petitions_overdue{province="12",name="Tỉnh Lai Châu"}')" "$oracle"
expect_eq "province 11: nothing open" "$(m 'tiepdan_petitions_open{province="11",name="Tỉnh Điện Biên"}')" 0
expect_eq "no failed read of the figures" "$(m tiepdan_petitions_figures_failures_total)" 0

# A parked poll.
cursor=$(cli tinh changes | sed -n 's/^cursor //p')
cli tinh changes --since "$cursor" --wait 4 >/dev/null 2>&1 &
poller=$!
settle tiepdan_feed_parked_polls 1
expect_eq "a parked poll is counted" "$(m tiepdan_feed_parked_polls)" 1
wait "$poller" || true
settle tiepdan_feed_parked_polls 0
expect_eq "... and no more once answered" "$(m tiepdan_feed_parked_polls)" 0

# Handshakes refused, by reason -----------------------------------------------------------

before=$n_scrape
# The client will not even offer an expired certificate: openssl will.
run_cmd out rc timeout 10 openssl s_client -connect "127.0.0.1:$TD_PORT" -CAfile "$TD_PKI/ca.crt" \
  -cert "$TD_PKI/expired.crt" -key "$TD_PKI/expired.key" </dev/null
sleep 0.2
expect_contains "the expired certificate is refused" "$(cat "$T/server.log")" "certificate has expired (O = 03390, OU = reception, CN = Vàng Thị Mai)"
run_cmd out rc cli rogue/client whoami
refused "the rogue CA's certificate is refused"
run_cmd out rc cli stranger whoami
refused "the stranger (a good certificate, no principal) is refused"
# Not TLS at all.
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 5 bash -c "cat >/dev/tcp/127.0.0.1/$TD_PORT" 2>/dev/null || true
sleep 0.5
scrape
expect_eq "TLS failures: expired +1" "$(moved "$before" 'tiepdan_tls_handshake_failures_total{reason="expired"}')" 1
expect_eq "TLS failures: unknown_ca +1" "$(moved "$before" 'tiepdan_tls_handshake_failures_total{reason="unknown_ca"}')" 1
protocol=$(moved "$before" 'tiepdan_tls_handshake_failures_total{reason="protocol"}')
closed=$(moved "$before" 'tiepdan_tls_handshake_failures_total{reason="closed"}')
expect_eq "TLS failures: the plain-text peer, protocol or closed, +1" "$((protocol + closed))" 1
expect_eq "TLS failures: nothing else (the stranger's handshake is good)" \
  "$(moved "$before" 'tiepdan_tls_handshake_failures_total{reason="revoked"}')$(moved "$before" 'tiepdan_tls_handshake_failures_total{reason="bad_certificate"}')" 00
expect_eq "connections accepted +4" "$(moved "$before" tiepdan_connections_accepted_total)" 4

# Connections refused past max-conns (2), and handshakes that time out (2 s).
before=$n_scrape
exec 7<>"/dev/tcp/127.0.0.1/$TD_PORT" 8<>"/dev/tcp/127.0.0.1/$TD_PORT"
settle tiepdan_connections_open 2
expect_eq "connections open: the two silent ones" "$(m tiepdan_connections_open)" 2
run_cmd out rc cli hoa whoami
refused "a third connection is refused"
settle tiepdan_connections_open 0
expect_eq "refused: max_conns +1" "$(moved "$before" 'tiepdan_connections_refused_total{reason="max_conns"}')" 1
expect_eq "TLS failures: timeout +2" "$(moved "$before" 'tiepdan_tls_handshake_failures_total{reason="timeout"}')" 2
expect_eq "connections open: none after the timeouts" "$(m tiepdan_connections_open)" 0
exec 7>&- 8>&-

# A hostile HTTP client does not hurt the TLS service -------------------------------------

hostile=()
for ((i = 0; i < 80; i++)); do
  # Garbage, and a request never finished (slowloris), held open.
  (exec 3<>"/dev/tcp/127.0.0.1/$MP" && printf 'GARBAGE \x01\x02\r\nGET /metrics HTTP/1.1\r\nX: ' >&3 && sleep 8) 2>/dev/null &
  hostile+=($!)
done
head -c 200000 /dev/urandom | timeout 5 bash -c "cat >/dev/tcp/127.0.0.1/$MP" 2>/dev/null || true
sleep 0.5
run_cmd out rc timeout 20 "$TD_BUILD/tiepdan" --server "127.0.0.1:$TD_PORT" --ca "$TD_PKI/ca.crt" \
  --cert "$TD_PKI/hoa.crt" --key "$TD_PKI/hoa.key" --timeout 10 list
expect_eq "a client command works while the HTTP port is flooded" "$rc" 0
kill "${hostile[@]}" 2>/dev/null || true
wait "${hostile[@]}" 2>/dev/null || true
for ((i = 0; i < 100; i++)); do
  [[ $(http /healthz) == ok ]] && break
  sleep 0.1
done
expect_eq "/healthz answers again once they are gone" "$(http /healthz)" ok
if kill -0 "$TD_SERVER_PID" 2>/dev/null; then pass "the server is still running"; else fail "the server is still running"; fi

# The metrics port taken, a bad value -------------------------------------------------------

run_cmd out rc timeout 20 "$TD_BUILD/tiepdand" --listen "127.0.0.1:$(td_free_port)" \
  --db "$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB")" \
  --cert "$TD_PKI/server.crt" --key "$TD_PKI/server.key" --ca "$TD_PKI/ca.crt" \
  --metrics-listen "127.0.0.1:$MP"
expect_eq "metrics port taken: the server does not start (exit)" "$rc" 1
expect_contains "... and says why" "$out" "cannot serve metrics on 127.0.0.1:$MP: Address already in use"
for bad in nonsense 127.0.0.1 127.0.0.1:99999 ""; do
  run_cmd out rc "$TD_BUILD/tiepdand" --metrics-listen "$bad" --help
  expect_eq "--metrics-listen '$bad': usage error" "$rc" 2
  expect_contains "... and says what is expected" "$out" "metrics-listen: expected HOST:PORT"
done
printf 'metrics-listen = 127.0.0.1:nine\n' >"$T/bad.conf"
run_cmd out rc "$TD_BUILD/tiepdand" --config "$T/bad.conf"
expect_eq "metrics-listen in a config file: checked too" "$rc:${out%%$'\n'*}" "2:tiepdand: $T/bad.conf:1: metrics-listen: expected HOST:PORT (port 0: any free one) or off, got '127.0.0.1:nine'"
run_cmd out rc timeout 20 "$TD_BUILD/tiepdand" --listen "127.0.0.1:$(td_free_port)" \
  --db "$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB")" \
  --cert "$TD_PKI/server.crt" --key "$TD_PKI/server.key" --ca "$TD_PKI/ca.crt" \
  --metrics-listen "localhost:$(td_free_port)"
expect_eq "a host name (not an address): the server does not start" "$rc" 1
expect_contains "... and says why" "$out" "not an IP address"

# PostgreSQL unreachable: alive, not ready ------------------------------------------------

closed=$(td_free_port)
"$TD_BUILD/tiepdand" --listen "127.0.0.1:$(td_free_port)" \
  --db "host=127.0.0.1 port=$closed dbname=nothing user=nobody connect_timeout=2" \
  --cert "$TD_PKI/server.crt" --key "$TD_PKI/server.key" --ca "$TD_PKI/ca.crt" \
  --metrics-listen 127.0.0.1:0 >"$T/nodb.log" 2>&1 &
nodb=$!
td_cleanup_push td_stop_pid "$nodb" 10
main_mp=$MP
MP=$(metrics_port "$T/nodb.log") || fail "the server without a database serves its metrics" "$(cat "$T/nodb.log")"
sleep 0.5
expect_eq "no database: /healthz ok" "$(http /healthz)" ok
expect_eq "... 200" "$(status)" 200
expect_contains "no database: /readyz says why" "$(http /readyz)" "PostgreSQL is not answering"
expect_eq "... 503" "$(status)" 503
scrape
errs=$(m 'tiepdan_db_errors_total{class="08"}')
if ((errs > 0)); then pass "no database: connection errors counted ($errs, class 08)"; else fail "no database: connection errors counted" "$errs"; fi
expect_eq "no database: no pool connection idle" "$(m 'tiepdan_db_pool_connections{state="idle"}')" 0
expect_eq "no database: the figures could not be read" "$(m tiepdan_petitions_figures_failures_total)" 1
expect_eq "no database: ... and were never read" "$(m tiepdan_petitions_figures_timestamp_seconds)" 0
if ((have_promtool)); then
  run_cmd out rc promtool check metrics <"$T/scrape"
  expect_eq "promtool check metrics, no database: clean" "$rc:$out" "0:"
fi
td_stop_pid "$nodb" 10
MP=$main_mp

# Draining: not ready while a request finishes ------------------------------------------------

k=$(uuid)
PGAPPNAME=td_locker td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB" \
  -c "SELECT pg_advisory_lock(hashtextextended('$k', 0))" -c "SELECT pg_sleep(3)" >/dev/null &
locker=$!
for _ in $(seq 100); do
  # The locker's own lock: the statistics fold takes advisory locks too.
  [[ $(sql "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted
              AND a.application_name = 'td_locker'") -ge 1 ]] && break
  sleep 0.05
done
cli hoa submit --key "$k" --kind complaint --channel regular_reception --field land \
  --summary "Đơn đang được ghi khi máy chủ dừng" >"$T/drain.out" 2>&1 &
client=$!
for _ in $(seq 50); do
  [[ $(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") -ge 1 ]] && break
  sleep 0.1
done
kill -TERM "$TD_SERVER_PID"
sleep 0.5
expect_contains "draining: /readyz says so" "$(http /readyz)" "draining"
expect_eq "... 503" "$(status)" 503
expect_eq "draining: /healthz still ok" "$(http /healthz)" ok
scrape
expect_eq "draining: the gauge says so" "$(m tiepdan_draining)" 1
rc=0
wait "$client" || rc=$?
expect_eq "the request in flight is answered" "$rc" 0
rc=0
wait "$TD_SERVER_PID" || rc=$?
expect_eq "the server stops cleanly" "$rc" 0
wait "$locker" || true
http /healthz >/dev/null
expect_eq "once stopped, nothing answers on the metrics port" "$(status)" 000

# A revoked certificate, with a CRL ---------------------------------------------------------

# A PKI of the test's own under the suite's CA (as test_tls_scan.sh), where
# the revocation is kept.
pki=$T/pki
mkdir -p "$pki"
cp "$TD_PKI/ca.crt" "$TD_PKI/ca.key" "$pki/"
"$TD_SRC/deploy/pki.sh" issue "$pki" "Máy bị mất" --out lost --unit 03390 --role reception >/dev/null
"$TD_SRC/deploy/pki.sh" revoke "$pki" "$pki/lost.crt" >/dev/null
td_server_start --crl "$pki/ca.crl" --metrics-listen 127.0.0.1:0
MP=$(metrics_port "$T/server.log") || fail "the server with a CRL logs its metrics port"
before=$((n_scrape + 1))
scrape
run_cmd out rc "$TD_BUILD/tiepdan" --server "127.0.0.1:$TD_PORT" --ca "$TD_PKI/ca.crt" \
  --cert "$pki/lost.crt" --key "$pki/lost.key" --timeout 10 whoami
refused "the revoked certificate is refused"
sleep 0.2
scrape
expect_eq "TLS failures: revoked +1" "$(moved "$before" 'tiepdan_tls_handshake_failures_total{reason="revoked"}')" 1
expect_eq "TLS failures: nothing else" "$(moved "$before" 'tiepdan_tls_handshake_failures_total{reason="unknown_ca"}')" 0
td_done

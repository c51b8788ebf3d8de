#!/usr/bin/env bash
# SIGHUP under load (issue 16): sixteen connections keep submitting while
# the server's certificate is renewed with a new key, the client CA file
# becomes a bundle of two CAs, and a certificate is revoked; each SIGHUP
# puts the new material in force for the next handshake and none of the
# sixteen notices. A broken certificate or a broken configuration file is
# refused with a log line and what was in force stays; a setting that needs
# a restart says so; a changed log level applies.
. "$(dirname "$0")/lib.sh"
td_test_db

pkish() { "$TD_SRC/deploy/pki.sh" "$@"; }
conninfo=$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB")
register() {
  "$TD_BUILD/tiepdand" --db "$conninfo" --add-principal "$1" --role reception --unit 03390 >/dev/null
}
# CA A: the suite's own CA, copied, where revocations are kept. CA B: the
# province's new CA, which clients issued from now on carry.
a=$T/a b=$T/b
mkdir -p "$a"
cp "$TD_PKI/ca.crt" "$TD_PKI/ca.key" "$TD_PKI/server.crt" "$TD_PKI/server.key" "$a/"
pkish init "$b" --name "tiepdan CA 2027" >/dev/null
for n in 1 2 3; do
  pkish issue "$a" "Máy xách tay $n" --out "laptop$n" --unit 03390 --role reception >/dev/null
  register "$a/laptop$n.crt"
done
pkish issue "$b" "Máy mới" --out newca --unit 03390 --role reception >/dev/null
register "$b/newca.crt"
pkish revoke "$a" "$a/laptop3.crt" >/dev/null
pkish crl "$b" >/dev/null

# What the server is configured with, in one folder, as in /etc/tiepdan.
srv=$T/srv conf=$T/tiepdand.conf
mkdir -p "$srv"
cp "$a/server.crt" "$a/server.key" "$srv/"
cp "$a/ca.crt" "$srv/ca.pem"
cp "$a/ca.crl" "$srv/crl.pem"
write_conf() {
  cat >"$conf" <<CONF
# tiepdand.conf of the reload test
cert = $srv/server.crt
key = $srv/server.key
ca = $srv/ca.pem
crl = $srv/crl.pem
log-level = ${1:-info}
${2:-}
CONF
}
write_conf
# The clients trust both CAs' server certificates.
cat "$a/ca.crt" "$b/ca.crt" >"$T/trust.pem"

TD_PORT=$(td_free_port)
"$TD_BUILD/tiepdand" --metrics-listen 127.0.0.1:0 --listen "127.0.0.1:$TD_PORT" --db "$conninfo" --config "$conf" \
  >>"$T/server.log" 2>&1 &
TD_SERVER_PID=$!
td_wait_listening 15 || { cat "$T/server.log"; exit 1; }
td_cleanup_push td_stop_pid "$TD_SERVER_PID" 10
mport=$(sed -n 's/.*metrics on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$T/server.log" | head -1)
# The server certificate's expiry as /metrics says it, and as the file does.
expiry_metric() {
  curl -s "http://127.0.0.1:$mport/metrics" |
    sed -n 's/^tiepdan_certificate_expiry_timestamp_seconds{certificate="server"} //p'
}
expiry_of() { date -d "$(openssl x509 -in "$1" -noout -enddate | cut -d= -f2)" +%s; }

# whoami_as DIR WHO: one new connection; the client's status and words.
whoami_as() {
  run_cmd out rc "$TD_BUILD/tiepdan" --server "127.0.0.1:$TD_PORT" --ca "$T/trust.pem" \
    --cert "$1/$2.crt" --key "$1/$2.key" --timeout 10 whoami
}
served() {
  whoami_as "$2" "$3"
  expect_eq "$1: served" "$rc" 0
}
refused() {
  whoami_as "$2" "$3"
  expect_eq "$1: refused at the handshake (exit 3)" "$rc" 3
  [[ -z ${4:-} ]] || expect_contains "$1: the client says why" "$out" "$4"
}
# The certificate a new handshake is served, as its SHA-256 fingerprint.
served_fp() {
  openssl s_client -connect "127.0.0.1:$TD_PORT" -CAfile "$T/trust.pem" \
    -cert "$a/laptop1.crt" -key "$a/laptop1.key" </dev/null 2>/dev/null |
    openssl x509 -noout -fingerprint -sha256 2>/dev/null
}
fp_of() { openssl x509 -in "$1" -noout -fingerprint -sha256; }
# wait_log NEEDLE COUNT: until NEEDLE is in the log COUNT times (10 s).
wait_log() {
  local i
  for ((i = 0; i < 100; i++)); do
    (($(grep -cF -- "$1" "$T/server.log") >= ${2:-1})) && return 0
    sleep 0.1
  done
  return 1
}
hup() {
  kill -HUP "$TD_SERVER_PID"
  wait_log "$1" "$2" || fail "SIGHUP: the log does not say \"$1\" ($2)"
}

served "laptop 1 at start" "$a" laptop1
served "laptop 2 at start" "$a" laptop2
refused "laptop 3, on the CRL at start" "$a" laptop3 revoked
refused "a certificate of CA B, not yet trusted" "$b" newca
expect_eq "the server serves its first certificate" "$(served_fp)" "$(fp_of "$a/server.crt")"
expect_eq "/metrics gives its expiry" "$(expiry_metric)" "$(expiry_of "$a/server.crt")"

# The load: sixteen connections, each submitting one petition after
# another for 31 s, through every reload below.
"$TD_BUILD/tests/td_bench_submit" --server "127.0.0.1:$TD_PORT" --ca "$T/trust.pem" \
  --cert "$a/laptop1.crt" --key "$a/laptop1.key" --conns 16 --warmup 1 --duration 30 \
  --acked "$T/acked.tsv" >"$T/bench.out" 2>"$T/bench.err" &
bench=$!
td_cleanup_push td_stop_pid "$bench" 5
sleep 3

# 1. The certificate renewed with a new key, under the same CA.
mkdir -p "$T/renew"
cp "$a/ca.crt" "$a/ca.key" "$T/renew/"
pkish init "$T/renew" >/dev/null
cp "$T/renew/server.crt" "$T/renew/server.key" "$srv/"
hup "reloaded: serving with" 1
expect_eq "1. a new handshake gets the renewed certificate" "$(served_fp)" \
  "$(fp_of "$T/renew/server.crt")"
served "1. laptop 1 on the renewed certificate" "$a" laptop1
expect_eq "1. /metrics gives the renewed certificate's expiry" "$(expiry_metric)" \
  "$(expiry_of "$T/renew/server.crt")"

# 2. The CA file becomes a bundle of both CAs, the CRL file both CRLs.
cat "$a/ca.crt" "$b/ca.crt" >"$srv/ca.pem.new"
cat "$a/ca.crl" "$b/ca.crl" >"$srv/crl.pem.new"
mv -f "$srv/ca.pem.new" "$srv/ca.pem"
mv -f "$srv/crl.pem.new" "$srv/crl.pem"
hup "reloaded: serving with" 2
served "2. a certificate of CA B, once the bundle is in force" "$b" newca
served "2. laptop 2 of CA A still" "$a" laptop2

# 3. Laptop 2 revoked.
pkish revoke "$a" "$a/laptop2.crt" >/dev/null
cat "$a/ca.crl" "$b/ca.crl" >"$srv/crl.pem.new"
mv -f "$srv/crl.pem.new" "$srv/crl.pem"
hup "reloaded: serving with" 3
refused "3. laptop 2, revoked, at its next handshake" "$a" laptop2 revoked
served "3. laptop 1 still" "$a" laptop1

# 4. A broken certificate file: refused, the renewed one stays.
cp "$srv/server.crt" "$T/good.crt"
printf -- '-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n' \
  >"$srv/server.crt"
hup "reload refused: server certificate $srv/server.crt" 1
expect_contains "4. the refusal says the old material stays" "$(cat "$T/server.log")" \
  "the configuration, certificate, key and CA in force stay"
expect_eq "4. the renewed certificate is still served" "$(served_fp)" \
  "$(fp_of "$T/renew/server.crt")"
served "4. laptop 1 after the broken certificate" "$a" laptop1
expect_eq "4. /metrics still gives the renewed certificate's expiry" "$(expiry_metric)" \
  "$(expiry_of "$T/renew/server.crt")"
refused "4. laptop 2 still revoked" "$a" laptop2 revoked
cp "$T/good.crt" "$srv/server.crt"

# 5. A key that does not match the certificate: refused too.
cp "$srv/server.key" "$T/good.key"
cp "$a/server.key" "$srv/server.key"
hup "reload refused: server key $srv/server.key" 1
served "5. laptop 1 after the mismatched key" "$a" laptop1
cp "$T/good.key" "$srv/server.key"

# 6. A broken configuration file: refused, nothing changes.
write_conf debug "this line is not a setting"
hup "reload refused: $conf:" 1
expect_contains "6. the refusal names the line" "$(cat "$T/server.log")" \
  "expected 'key = value'; the configuration in force stays"
write_conf debug "max-conns = many"
hup "max-conns: value 'many' is not a number in range; the configuration in force stays" 1
served "6. laptop 1 after the broken configuration" "$a" laptop1
expect_not_contains "6. the log level did not change" "$(grep -c ' debug ' "$T/server.log")" "[1-9]"

# Reloads 1 to 3 happened with the sixteen connections open.
while read -r n; do
  ((n >= 16)) && pass "a reload with $n connections open" || fail "a reload with only $n connections open"
done < <(grep 'reloaded: serving' "$T/server.log" | sed -n 's/.* the \([0-9]*\) open connection.*/\1/p')

# 7. A setting only a restart can change, and one a reload does.
write_conf debug "pool-size = 9"
hup "reloaded: serving with" 4
expect_contains "7. listen: a restart is needed, said" "$(cat "$T/server.log")" \
  "reload: pool-size changed in the configuration; that takes effect at the next restart"
expect_contains "7. the new log level is in force" "$(grep 'reloaded: serving' "$T/server.log" | tail -1)" \
  "log level debug"
served "7. still served on the port it had" "$a" laptop1

# The sixteen connections never noticed.
rc=0
wait "$bench" || rc=$?
line=$(cat "$T/bench.out")
echo "load: $line"
expect_eq "the load generator ended well" "$rc" 0
expect_contains "no submission of the sixteen connections failed" "$line" " failures=0 "
requests=$(sed -n 's/.* requests=\([0-9]*\) .*/\1/p' <<<"$line")
((requests > 100)) && pass "the sixteen connections kept submitting ($requests)" ||
  fail "too few submissions under reload: $requests"
acked=$(wc -l <"$T/acked.tsv")
expect_eq "every acknowledged petition is stored once" \
  "$(sql "SELECT count(*), count(DISTINCT receipt_no) FROM petitions")" "$acked|$acked"
expect_eq "the sixteen connections stayed up (one handshake each)" \
  "$(grep -c 'td_bench_submit: connection' "$T/bench.err")" 0
td_done

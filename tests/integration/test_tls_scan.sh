#!/usr/bin/env bash
# What an outside scanner sees, and certificates revoked by the CA: testssl.sh
# finds only TLS 1.2 and 1.3, only AEAD suites with forward secrecy, and a
# client certificate required; with a crl set, a certificate on the CRL is
# refused at the handshake, one revoked later is refused as soon as the new
# CRL is in place (no restart), a bad new CRL keeps the old one in force, an
# out-of-date CRL keeps refusing what it lists, and a server given a bad CRL
# does not start.
. "$(dirname "$0")/lib.sh"
td_test_db

# A PKI of the test's own under the suite's CA (same ca.crt and key, so the
# server and registered officers are unchanged), where revocations are kept.
pki=$T/pki
mkdir -p "$pki"
cp "$TD_PKI/ca.crt" "$TD_PKI/ca.key" "$pki/"
pkish() { "$TD_SRC/deploy/pki.sh" "$@"; }
conninfo=$(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB")
for n in 1 2 3; do
  pkish issue "$pki" "Máy xách tay $n" --out "laptop$n" --unit 03390 --role reception >/dev/null
  "$TD_BUILD/tiepdand" --db "$conninfo" --add-principal "$pki/laptop$n.crt" \
    --role reception --unit 03390 >/dev/null
done
serial1=$(pkish revoke "$pki" "$pki/laptop1.crt")

# whoami_as DIR WHO: the client's exit status and message, in rc and out.
whoami_as() {
  run_cmd out rc "$TD_BUILD/tiepdan" --server "127.0.0.1:$TD_PORT" --ca "$TD_PKI/ca.crt" \
    --cert "$1/$2.crt" --key "$1/$2.key" --timeout 10 whoami
}
# served WHAT DIR WHO / refused WHAT DIR WHO: one handshake, checked.
served() {
  whoami_as "$2" "$3"
  expect_eq "$1: served" "$rc" 0
}
refused() {
  whoami_as "$2" "$3"
  expect_eq "$1: refused at the handshake (exit 3)" "$rc" 3
  expect_contains "$1: the client says revoked" "$out" "revoked"
}
# wait_log NEEDLE SECONDS: until the server log holds NEEDLE.
wait_log() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    grep -qF -- "$1" "$T/server.log" && return 0
    sleep 0.1
  done
  return 1
}

td_server_start --crl "$pki/ca.crl"
pid=$TD_SERVER_PID
expect_contains "the CRL is loaded at start" "$(cat "$T/server.log")" \
  "crl $pki/ca.crl loaded (start): 1 CRL(s), 1 certificate(s) revoked"

# testssl.sh ------------------------------------------------------------------
# Protocols (-p) and every cipher suite the server accepts (-e). Its
# s_client runs get -ign_eof: without it, s_client may quit on the end of
# its (empty) input before the server's "certificate required" alert in TLS
# 1.3 arrives, and testssl.sh then reports no client authentication.
cat >"$T/openssl" <<'EOF'
#!/bin/sh
if [ "$1" = s_client ]; then
  shift
  exec openssl s_client -ign_eof "$@"
fi
exec openssl "$@"
EOF
chmod +x "$T/openssl"
# It runs while the CRL is exercised below (it never offers a certificate,
# so the CRL does not change what it sees); its findings are checked after.
scan=$T/testssl.csv
started=$SECONDS
timeout 250 testssl --quiet --color 0 --warnings off --nodns none --openssl "$T/openssl" \
  --openssl-timeout 10 --csvfile "$scan" -p -e "127.0.0.1:$TD_PORT" >"$T/testssl.log" 2>&1 &
scan_pid=$!
td_cleanup_push td_stop_pid "$scan_pid" 5

# The CRL --------------------------------------------------------------------
refused "laptop 1, on the CRL at start" "$pki" laptop1
expect_contains "the server logs the revoked certificate's serial" "$(cat "$T/server.log")" \
  "certificate revoked (serial $serial1"
expect_contains "the server logs whose certificate it is" "$(cat "$T/server.log")" "CN = Máy xách tay 1"
served "laptop 2, not revoked" "$pki" laptop2
served "an officer of the suite's PKI" "$TD_PKI" hoa

# A stolen laptop at night: the province revokes it and puts the new CRL in
# place; the server notices the file by itself.
pkish revoke "$pki" "$pki/laptop2.crt" >/dev/null
wait_log "loaded (the file changed): 1 CRL(s), 2 certificate(s) revoked" 20 ||
  fail "the new CRL was not noticed within 20 s"
refused "laptop 2, revoked while the server runs" "$pki" laptop2
served "laptop 3, still not revoked" "$pki" laptop3

# A bad new file changes nothing, and says so.
printf 'not a CRL\n' >"$pki/ca.crl.new"
mv -f "$pki/ca.crl.new" "$pki/ca.crl"
kill -HUP "$pid"
wait_log "no CRL in it (expected -----BEGIN X509 CRL-----); the configuration, certificate, key, CA and CRL in force stay" 10 ||
  fail "a bad CRL was not reported"
refused "laptop 2, after a bad CRL file" "$pki" laptop2
served "laptop 3, after a bad CRL file" "$pki" laptop3

# SIGHUP reads it at once.
pkish revoke "$pki" "$pki/laptop3.crt" >/dev/null
kill -HUP "$pid"
wait_log "loaded (SIGHUP): 1 CRL(s), 3 certificate(s) revoked" 10 ||
  fail "SIGHUP did not reload the CRL"
refused "laptop 3, revoked, then SIGHUP" "$pki" laptop3

# A CRL past its nextUpdate: still in force, loudly.
pkish crl "$pki" --expired
kill -HUP "$pid"
wait_log "is out of date: its next update was due 2021-01-01 00:00:00 UTC" 10 ||
  fail "an out-of-date CRL was not reported"
refused "laptop 3, on an out-of-date CRL" "$pki" laptop3
served "an officer not on the out-of-date CRL" "$TD_PKI" hoa

# testssl.sh's findings -------------------------------------------------------
wait "$scan_pid" || true
echo "testssl.sh took $((SECONDS - started)) s"
# finding ID: the finding testssl.sh reported under ID ("" if none).
finding() { awk -F'","' -v id="\"$1" '$1 == id { print $5 }' "$scan" 2>/dev/null; }

expect_eq "testssl: SSLv2 not offered" "$(finding SSLv2)" "not offered"
expect_eq "testssl: SSLv3 not offered" "$(finding SSLv3)" "not offered"
expect_eq "testssl: TLS 1.0 not offered" "$(finding TLS1)" "not offered"
expect_eq "testssl: TLS 1.1 not offered" "$(finding TLS1_1)" "not offered"
expect_eq "testssl: TLS 1.2 offered" "$(finding TLS1_2)" "offered"
expect_contains "testssl: TLS 1.3 offered" "$(finding TLS1_3)" "offered"
expect_eq "testssl: a client certificate is required" "$(finding service)" \
  "certificate-based authentication => skipping all HTTP checks"
# Each accepted suite: "hexcode  OpenSSL-name  KeyExch  bits  Encryption  bits  IANA-name".
suites=$(awk -F'","' '$1 ~ /^"cipher_x/ { print $5 }' "$scan" 2>/dev/null)
n=$(grep -c . <<<"$suites" || true)
expect_eq "testssl: some suites found (TLS 1.2 and 1.3)" "$((n >= 2))" 1
expect_contains "testssl: a TLS 1.3 suite among them" "$suites" "TLS_AES_"
expect_contains "testssl: a TLS 1.2 suite among them" "$suites" "TLS_ECDHE_"
while read -r _ _ kx _ enc _ iana; do
  [[ -n ${iana:-} ]] || continue
  if [[ $iana =~ ^TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256|AES_128_CCM_SHA256)$ ||
    $iana =~ ^TLS_(ECDHE|DHE)_(ECDSA|RSA)_WITH_.*(_GCM_|CHACHA20_POLY1305|_CCM) ]] &&
    [[ $kx == ECDH || $kx == DH ]] && [[ ${enc^^} =~ ^(AESGCM|CHACHA20|AESCCM)$ ]]; then
    pass "testssl: $iana is AEAD with an ephemeral key exchange"
  else
    fail "testssl: $iana is not AEAD with forward secrecy" "$kx $enc"
  fi
done <<<"$suites"

expect_eq "the same server process all along" "$(kill -0 "$pid" 2>/dev/null && echo alive)" alive
td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0

# A server given a bad CRL does not start ---------------------------------------
# start_with CONF-LINE: tiepdand with that config line; leaves out and rc.
start_with() {
  printf '%s\n' "$1" >"$T/crl.conf"
  run_cmd out rc timeout 20 "$TD_BUILD/tiepdand" --config "$T/crl.conf" --listen "127.0.0.1:$(td_free_port)" \
    --db "$conninfo" --cert "$TD_PKI/server.crt" --key "$TD_PKI/server.key" --ca "$TD_PKI/ca.crt" \
    --metrics-listen off
}
printf 'garbage\n' >"$T/garbage.crl"
start_with "crl = $T/garbage.crl"
expect_eq "garbage CRL: does not start" "$rc" 1
expect_contains "garbage CRL: says why" "$out" "crl $T/garbage.crl: no CRL in it"
expect_contains "garbage CRL: says it cannot start" "$out" "cannot start without it"
start_with "crl = $T/missing.crl"
expect_eq "missing CRL: does not start" "$rc" 1
expect_contains "missing CRL: says why" "$out" "crl $T/missing.crl: No such file or directory"
mkdir -p "$T/rogue"
cp "$TD_PKI/rogue/ca.crt" "$TD_PKI/rogue/ca.key" "$T/rogue/"
pkish crl "$T/rogue"
start_with "crl = $T/rogue/ca.crl"
expect_eq "a CRL of another CA: does not start" "$rc" 1
expect_contains "a CRL of another CA: says why" "$out" "is not signed by a CA of $TD_PKI/ca.crt"
td_done

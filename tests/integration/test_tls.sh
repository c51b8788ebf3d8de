#!/usr/bin/env bash
# Mutual TLS: no certificate, a certificate from another CA, an expired one and
# one that no principal holds are each refused, the client says why, and the
# server goes on serving.
. "$(dirname "$0")/lib.sh"
td_test_db
td_server_start

# refused NAME EXPECTED_EXIT NEEDLE CLI-ARGS...: run the client, check both.
refused() {
  local what=$1 code=$2 needle=$3 rc=0 out
  shift 3
  out=$("$TD_BUILD/tiepdan" --server "127.0.0.1:$TD_PORT" --ca "$TD_PKI/ca.crt" --timeout 10 "$@" whoami 2>&1) || rc=$?
  expect_eq "$what: exit status" "$rc" "$code"
  expect_contains "$what: message" "$out" "$needle"
}

# The client itself refuses to go without a certificate...
refused "client without certificate" 2 "--cert"
# ...and the server refuses a peer that offers none (the probe can omit it).
rc=0
out=$("$TD_BUILD/tests/td_probe" --server "127.0.0.1:$TD_PORT" --ca "$TD_PKI/ca.crt" hello expect 2>&1) || rc=$?
expect_contains "peer without certificate: refused" "$out" "certificate"
expect_eq "peer without certificate: nothing answered" "$(grep -c 'hello_reply' <<<"$out")" 0
refused "certificate from another CA" 3 "not signed by a CA the server trusts" \
  --cert "$TD_PKI/rogue/client.crt" --key "$TD_PKI/rogue/client.key"
refused "expired certificate" 3 "expired" \
  --cert "$TD_PKI/expired.crt" --key "$TD_PKI/expired.key"
refused "unregistered certificate" 4 "not registered" \
  --cert "$TD_PKI/stranger.crt" --key "$TD_PKI/stranger.key"
refused "key that does not match the certificate" 3 "does not match" \
  --cert "$TD_PKI/hoa.crt" --key "$TD_PKI/lan.key"

log=$(cat "$T/server.log")
expect_contains "server logs the refused rogue certificate" "$log" "TLS refused"
expect_contains "server logs the unregistered certificate" "$log" "not registered"
expect_contains "server logs its fingerprint" "$log" "$("$TD_SRC/deploy/pki.sh" fingerprint "$TD_PKI/stranger.crt")"

# Only AEAD suites with forward secrecy: in TLS 1.2 the server refuses the four
# CBC suites (two of them with SHA-1) that OpenSSL offers for its EC key by
# default, and accepts the AEAD ones; TLS 1.3 stays.
# handshake CIPHER ARGS...: openssl s_client as hoa; leaves out and rc.
handshake() {
  run_cmd out rc openssl s_client -connect "127.0.0.1:$TD_PORT" -CAfile "$TD_PKI/ca.crt" \
    -cert "$TD_PKI/hoa.crt" -key "$TD_PKI/hoa.key" "$@" </dev/null
}
for suite in ECDHE-ECDSA-AES128-SHA ECDHE-ECDSA-AES256-SHA ECDHE-ECDSA-AES128-SHA256 \
  ECDHE-ECDSA-AES256-SHA384; do
  handshake -tls1_2 -cipher "$suite"
  expect_eq "TLS 1.2 $suite: refused" "$rc" 1
  expect_contains "TLS 1.2 $suite: no shared suite" "$out" "handshake failure"
done
for suite in ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES256-GCM-SHA384 \
  ECDHE-ECDSA-CHACHA20-POLY1305; do
  handshake -tls1_2 -cipher "$suite"
  expect_contains "TLS 1.2 $suite: accepted" "$out" "Cipher is $suite"
done
handshake -tls1_3
expect_contains "TLS 1.3: accepted" "$out" "New, TLSv1.3, Cipher is TLS_AES_"

# None of that stopped anyone else.
out=$(cli hoa whoami)
expect_contains "a registered officer still gets in" "$out" "Nguyễn Thị Hoa"
expect_contains "whoami shows the role" "$out" "reception"
expect_contains "whoami shows the unit" "$out" "03390"
td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done

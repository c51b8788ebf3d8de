#!/usr/bin/env bash
# tests/integration/test_pki.sh - self-test of deploy/pki.sh (needs only openssl).
# Run by ctest with TD_SRC set; standalone it finds the source tree itself.
set -euo pipefail

src=${TD_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
pki=(bash "$src/deploy/pki.sh")
work=$(mktemp -d "${TMPDIR:-/tmp}/tiepdan-test-pki.XXXXXX")
trap 'rm -rf "$work"' EXIT
dir=$work/pki
failures=0

# Record a failed check.
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  failures=$((failures + 1))
}

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
  local what=$1
  shift
  "$@" >/dev/null 2>&1 || fail "$what"
}

# verify_fails CERT PATTERN: openssl verify must reject CERT, saying PATTERN.
verify_fails() {
  local out
  if out=$(openssl verify -CAfile "$dir/ca.crt" "$1" 2>&1); then
    fail "$1 verified but should not have"
  elif [[ $out != *"$2"* ]]; then
    fail "$1: expected '$2', got: $out"
  fi
}

# The lowercase colon-free fingerprint as openssl x509 reports it.
x509_fp() {
  local fp
  fp=$(openssl x509 -in "$1" -noout -fingerprint -sha256)
  fp=${fp#*=}
  fp=${fp//:/}
  printf '%s\n' "${fp,,}"
}

# Value of one subject field (CN, O, OU) of a certificate, printed as UTF-8.
subject_field() {
  openssl x509 -in "$1" -noout -subject -nameopt utf8,sep_multiline,-esc_msb |
    sed -n "s/^ *$2=//p"
}

name="Nguyễn Thị Hoa"
role="cán bộ tiếp dân"

# Issuing before init: refused, saying how to make the CA, nothing written.
rc=0
out=$("${pki[@]}" issue "$dir" "$name" --out hoa 2>&1) || rc=$?
[[ $rc -ne 0 ]] || fail "issue without a CA exited 0"
[[ $out == *"no CA in $dir"*"create it first with:"*"init $dir"* ]] ||
  fail "issue without a CA: expected to be told to run init, got: $out"
[[ ! -e $dir/hoa.crt && ! -e $dir/hoa.key ]] || fail "issue without a CA wrote a certificate"
rc=0
out=$("${pki[@]}" crl "$dir" 2>&1) || rc=$?
[[ $rc -ne 0 && $out == *"create it first with:"* ]] ||
  fail "crl without a CA: expected to be told to run init, got ($rc): $out"

"${pki[@]}" init "$dir" --host tiepdan.test >/dev/null || fail "pki.sh init"
ca_before=$(sha256sum <"$dir/ca.crt" || true)
"${pki[@]}" init "$dir" >/dev/null || fail "second pki.sh init"
[[ $(sha256sum <"$dir/ca.crt" || true) == "$ca_before" ]] || fail "second init replaced the CA"

fp=$("${pki[@]}" issue "$dir" "$name" --out hoa --unit 01001 --role "$role") || fail "pki.sh issue"
"${pki[@]}" issue "$dir" "Trần Văn Nam" --out old --expired >/dev/null || fail "pki.sh issue --expired"
rogue_fp=$("${pki[@]}" rogue "$dir") || fail "pki.sh rogue"

for f in ca.crt ca.key server.crt server.key hoa.crt hoa.key old.crt old.key rogue/client.crt rogue/client.key; do
  [[ -s $dir/$f ]] || fail "missing $f"
done
for f in ca.key server.key hoa.key old.key rogue/client.key; do
  [[ $(stat -c %a "$dir/$f" 2>/dev/null) == 600 ]] || fail "$f is not mode 0600"
done

openssl x509 -in "$dir/ca.crt" -noout -ext basicConstraints 2>/dev/null | tr -d '\n ' |
  grep -q 'critical.*CA:TRUE' || fail "CA certificate is not basicConstraints critical CA:TRUE"
check "client certificate does not verify" openssl verify -CAfile "$dir/ca.crt" -purpose sslclient "$dir/hoa.crt"
check "server certificate does not verify for localhost" \
  openssl verify -CAfile "$dir/ca.crt" -purpose sslserver -verify_hostname localhost "$dir/server.crt"
check "server certificate does not cover ::1" \
  openssl verify -CAfile "$dir/ca.crt" -verify_ip ::1 "$dir/server.crt"
check "server certificate does not cover --host" \
  openssl verify -CAfile "$dir/ca.crt" -verify_hostname tiepdan.test "$dir/server.crt"
verify_fails "$dir/old.crt" "certificate has expired"
verify_fails "$dir/rogue/client.crt" "unable to get local issuer certificate"

[[ ${fp:-} =~ ^[0-9a-f]{64}$ ]] || fail "issue printed '${fp:-}', not one lowercase hex fingerprint"
[[ ${fp:-} == "$(x509_fp "$dir/hoa.crt")" ]] || fail "issue fingerprint differs from openssl x509 -fingerprint"
[[ $("${pki[@]}" fingerprint "$dir/hoa.crt") == "$(x509_fp "$dir/hoa.crt")" ]] ||
  fail "pki.sh fingerprint differs from openssl x509 -fingerprint"
[[ ${rogue_fp:-} == "$(x509_fp "$dir/rogue/client.crt")" ]] || fail "rogue fingerprint is wrong"

[[ $(subject_field "$dir/hoa.crt" CN) == "$name" ]] || fail "CN did not round-trip: $(subject_field "$dir/hoa.crt" CN)"
[[ $(subject_field "$dir/hoa.crt" OU) == "$role" ]] || fail "OU did not round-trip"
[[ $(subject_field "$dir/hoa.crt" O) == 01001 ]] || fail "O is not the unit code"

if ((failures)); then
  printf 'test_pki: %d check(s) failed\n' "$failures" >&2
  exit 1
fi
echo "test_pki: all checks passed"

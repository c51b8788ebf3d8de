#!/usr/bin/env bash
# The systemd units of deploy/systemd/, checked offline (no systemd needs to
# run: the CI machine and containers have none as PID 1):
#  - `systemd-analyze verify` on tiepdand.service (system) and
#    tiepdan-outbox.service (user). verify refuses a unit whose ExecStart=
#    or ExecCondition= program does not exist, and looks its Documentation=
#    man page up: it checks copies whose programs point at this build's and
#    the source's, with MANPATH at the source's man pages (laid out as
#    man<N>/), so every warning left is about the unit itself and fails.
#  - `systemd-analyze security --offline=true`: the exposure scores are
#    printed; tiepdand.service must score 1.5 or less (Debian 12's redis: 1.2,
#    pgbouncer 9.2, postgresql 9.6). The outbox's user unit is printed, not
#    judged: a user manager cannot apply most of the sandbox (its comments).
# Needs only systemd-analyze (the systemd package) and a build (TD_BUILD).
set -euo pipefail

src=${TD_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${TD_BUILD:-$src/build}
limit=1.5
if ! command -v systemd-analyze >/dev/null; then
  echo "skipped: systemd-analyze is not installed (tests/run.sh installs systemd)"
  exit 77
fi
[[ -x $build/tiepdand && -x $build/tiepdan ]] || { echo "FAIL no build in $build"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tiepdan-units.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
pass() { printf 'ok   %s\n' "$1"; }
fail() {
  printf 'FAIL %s\n' "$1"
  [[ $# -gt 1 ]] && printf '     %s\n' "${@:2}"
  failed=$((failed + 1))
}

mkdir -p "$work/man/man1" "$work/man/man8" "$work/run"
chmod 0700 "$work/run"
cp "$src/man/tiepdan.1" "$work/man/man1/"
cp "$src/man/tiepdand.8" "$work/man/man8/"
sed -e "s|/usr/sbin/tiepdand|$build/tiepdand|" \
  -e "s|/usr/libexec/tiepdand/configured|$src/deploy/systemd/tiepdand-configured|" \
  "$src/deploy/systemd/tiepdand.service" >"$work/tiepdand.service"
sed -e "s|/usr/bin/tiepdan|$build/tiepdan|" \
  "$src/deploy/systemd/tiepdan-outbox.service" >"$work/tiepdan-outbox.service"
# The copy differs from the unit only in those paths.
diff <(sed -e "s|$build/tiepdand|/usr/sbin/tiepdand|" \
  -e "s|$src/deploy/systemd/tiepdand-configured|/usr/libexec/tiepdand/configured|" \
  "$work/tiepdand.service") "$src/deploy/systemd/tiepdand.service" >/dev/null ||
  fail "the checked copy of tiepdand.service differs only in its programs' paths"

rc=0
out=$(MANPATH=$work/man systemd-analyze verify "$work/tiepdand.service" 2>&1) || rc=$?
if ((rc == 0)) && [[ -z $out ]]; then
  pass "systemd-analyze verify tiepdand.service: no warning"
else
  fail "systemd-analyze verify tiepdand.service (exit $rc)" "$out"
fi
rc=0
out=$(MANPATH=$work/man XDG_RUNTIME_DIR=$work/run \
  systemd-analyze --user verify "$work/tiepdan-outbox.service" 2>&1) || rc=$?
if ((rc == 0)) && [[ -z $out ]]; then
  pass "systemd-analyze --user verify tiepdan-outbox.service: no warning"
else
  fail "systemd-analyze --user verify tiepdan-outbox.service (exit $rc)" "$out"
fi

# score UNIT: the overall exposure systemd-analyze prints, e.g. 1.1.
score() {
  systemd-analyze security --offline=true "$1" 2>&1 |
    sed -n 's/^→ Overall exposure level for .*: \([0-9.]*\) .*/\1/p'
}
s=$(score "$src/deploy/systemd/tiepdand.service")
echo "systemd-analyze security --offline=true tiepdand.service: $s"
systemd-analyze security --offline=true "$src/deploy/systemd/tiepdand.service" 2>&1 | grep '✗' || true
if [[ -z $s ]]; then
  fail "systemd-analyze security prints tiepdand.service's score"
elif awk -v s="$s" -v l="$limit" 'BEGIN { exit !(s <= l) }'; then
  pass "tiepdand.service scores $s <= $limit"
else
  fail "tiepdand.service scores $s <= $limit"
fi
# --threshold is systemd's own check of the same (tenths: 15 is 1.5).
if systemd-analyze security --offline=true --threshold=15 \
  "$src/deploy/systemd/tiepdand.service" >/dev/null 2>&1; then
  pass "systemd-analyze security --threshold=15 accepts tiepdand.service"
else
  fail "systemd-analyze security --threshold=15 accepts tiepdand.service"
fi
s=$(score "$src/deploy/systemd/tiepdan-outbox.service")
echo "systemd-analyze security --offline=true tiepdan-outbox.service (user unit, not judged): $s"
[[ -n $s ]] || fail "systemd-analyze security prints tiepdan-outbox.service's score"

# The settings the server needs to work at all, which a tightening of the
# sandbox must not take away (what the score alone would not notice).
unit=$src/deploy/systemd/tiepdand.service
for want in 'Type=notify' 'NotifyAccess=main' 'WatchdogSec=30' \
  'ExecReload=/bin/kill -HUP $MAINPID' 'User=tiepdan' \
  'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' 'CapabilityBoundingSet=' \
  'ExecCondition=/usr/libexec/tiepdand/configured /etc/tiepdan/tiepdand.conf' \
  'ExecStart=/usr/sbin/tiepdand --config /etc/tiepdan/tiepdand.conf'; do
  if grep -qxF -- "$want" "$unit"; then pass "tiepdand.service: $want"; else fail "tiepdand.service: $want"; fi
done
if grep -Eq '^(IPAddressAllow|PrivateNetwork)=' "$unit"; then
  fail "tiepdand.service does not cut the network clients come from"
else
  pass "tiepdand.service does not cut the network clients come from"
fi

# The ExecCondition: skips (1) until db, cert, key and ca are set.
cfg=$work/tiepdand.conf
cp "$src/deploy/tiepdand.conf" "$cfg"
rc=0
out=$("$src/deploy/systemd/tiepdand-configured" "$cfg" 2>&1) || rc=$?
if ((rc == 1)) && [[ $out == *"does not set: db cert key ca"* ]]; then
  pass "the packaged configuration is not configured: $out"
else
  fail "the packaged configuration is not configured" "exit $rc: $out"
fi
printf 'db = host=/run/postgresql dbname=tiepdan\ncert = /e/s.crt\nkey = /e/s.key\n' >>"$cfg"
rc=0
out=$("$src/deploy/systemd/tiepdand-configured" "$cfg" 2>&1) || rc=$?
expect="does not set: ca"
if ((rc == 1)) && [[ $out == *"$expect"* ]]; then pass "one setting missing: $expect"; else fail "one setting missing" "exit $rc: $out"; fi
printf '  ca =   /e/ca.crt\n' >>"$cfg"
rc=0
out=$("$src/deploy/systemd/tiepdand-configured" "$cfg" 2>&1) || rc=$?
if ((rc == 0)) && [[ -z $out ]]; then pass "db, cert, key and ca set: configured"; else fail "configured" "exit $rc: $out"; fi
rc=0
out=$("$src/deploy/systemd/tiepdand-configured" "$work/none.conf" 2>&1) || rc=$?
if ((rc == 1)) && [[ $out == *"cannot be read"* ]]; then pass "no file: not configured"; else fail "no file" "exit $rc: $out"; fi

if ((failed > 0)); then
  echo "$failed check(s) failed"
  exit 1
fi
echo "all checks passed"

#!/usr/bin/env bash
# tests/ha/run.sh BUILD_DIR - the failover tests (tests/ha/test_*.sh), one
# after the other, each with a cluster of its own (deploy/cluster/cluster.sh)
# and bounded in time (HA_TEST_TIMEOUT seconds each, default 150; the whole
# run takes about 2.5 minutes). As root on Debian 12; tests/run.sh runs it
# after the Release suite. Exit status: 0 when every test passed.
set -euo pipefail

(($# == 1)) || { echo "usage: tests/ha/run.sh BUILD_DIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
TD_BUILD=$(cd "$1" && pwd)
TD_SRC=$(cd "$here/../.." && pwd)
export TD_BUILD TD_SRC
limit=${HA_TEST_TIMEOUT:-150}
status=0
for t in "$here"/test_*.sh; do
  name=$(basename "$t" .sh)
  printf '== %s\n' "$name"
  rc=0
  # SIGTERM at the limit (the test's cleanup stops its cluster), SIGKILL 30 s later.
  timeout -k 30 "$limit" bash "$t" || rc=$?
  if ((rc == 0)); then
    printf 'PASS %s\n' "$name"
  elif ((rc == 77)); then
    # A test on tests/integration/lib.sh, outside tests/run.sh.
    printf 'SKIP %s\n' "$name"
  else
    ((rc != 124)) || printf '%s: took more than %s s\n' "$name" "$limit"
    printf 'FAIL %s (exit %s)\n' "$name" "$rc"
    status=1
  fi
done
exit $status

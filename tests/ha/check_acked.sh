#!/usr/bin/env bash
# tests/ha/check_acked.sh ACKED_FILE CONNINFO - whether every petition the
# load generator saw acknowledged (tests/bench/bench_submit.c --acked: one
# line per petition, tab-separated idempotency key, receipt number,
# petition id) is stored, once, in the database CONNINFO names (a libpq
# conninfo string or URI), as its reply said. Prints one line:
#   acked=N stored=N missing=N duplicated=N receipts_twice=N
# acked: lines of the file; stored: lines whose key is on exactly one
# petition, and that petition has the line's receipt number and id;
# missing: lines with no petition of that key, receipt number and id (lost,
# or stored under another number than the citizen holds); duplicated: keys
# on more than one petition or acknowledged on more than one line;
# receipts_twice: receipt numbers on more than one petition, or
# acknowledged for two keys.
# Exit status: 0 when missing, duplicated and receipts_twice are all 0; 1
# when one is not; 2 on a bad command line, an unreadable or malformed file
# or a database that cannot be read (said on stderr).
# Needs psql: $PSQL, else psql on the PATH, else the PostgreSQL 15 one.
set -euo pipefail

if (($# != 2)); then
  echo "usage: check_acked.sh ACKED_FILE CONNINFO" >&2
  exit 2
fi
acked=$1 conninfo=$2
if [[ ! -f $acked || ! -r $acked ]]; then
  echo "check_acked.sh: $acked: not a readable file" >&2
  exit 2
fi
psql=${PSQL:-}
if [[ -z $psql ]]; then
  if command -v psql >/dev/null; then
    psql=psql
  else
    psql=/usr/lib/postgresql/15/bin/psql
  fi
fi

script=$(mktemp)
trap 'rm -f "$script"' EXIT
cat >"$script" <<'SQL'
CREATE TEMP TABLE acked (key uuid NOT NULL, receipt text NOT NULL, id bigint NOT NULL);
\copy acked FROM pstdin
SELECT format('acked=%s stored=%s missing=%s duplicated=%s receipts_twice=%s',
  (SELECT count(*) FROM acked),
  (SELECT count(*) FROM acked a
   WHERE (SELECT count(*) FROM petitions p WHERE p.idempotency_key = a.key) = 1
     AND EXISTS (SELECT 1 FROM petitions p
                 WHERE p.idempotency_key = a.key AND p.receipt_no = a.receipt
                   AND p.id = a.id)),
  (SELECT count(*) FROM acked a
   WHERE NOT EXISTS (SELECT 1 FROM petitions p
                     WHERE p.idempotency_key = a.key AND p.receipt_no = a.receipt
                       AND p.id = a.id)),
  (SELECT count(*) FROM
     (SELECT key FROM acked GROUP BY key HAVING count(*) > 1
      UNION
      SELECT p.idempotency_key FROM petitions p
      WHERE p.idempotency_key IN (SELECT key FROM acked)
      GROUP BY p.idempotency_key HAVING count(*) > 1) d),
  (SELECT count(*) FROM
     (SELECT receipt_no FROM petitions GROUP BY receipt_no HAVING count(*) > 1
      UNION
      SELECT receipt FROM acked GROUP BY receipt HAVING count(DISTINCT key) > 1) r));
SQL

if ! line=$("$psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$conninfo" -f "$script" <"$acked"); then
  echo "check_acked.sh: cannot check $acked against the database" >&2
  exit 2
fi
echo "$line"
[[ $line =~ missing=0\ duplicated=0\ receipts_twice=0$ ]]

#!/usr/bin/env bash
# tests/fuzz/fuzz_one.sh BINARY CORPUS SECONDS - runs one libFuzzer target.
#
# The target runs for SECONDS on a copy of its committed seed corpus (what
# it finds is kept in that copy, not in the tree). A crash leaves its input
# in the work directory, which is then kept and named, and fails the run:
# fix the parser, then add the input to tests/fuzz/corpus/<target>/.
set -euo pipefail

bin=$1 corpus=$2 seconds=$3
name=$(basename "$bin")
work=$(mktemp -d "${TMPDIR:-/tmp}/td-$name.XXXXXX")
mkdir "$work/corpus" "$work/crashes"
cp "$corpus"/* "$work/corpus/"
rc=0
"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$work/crashes/" \
  "$work/corpus" >"$work/log" 2>&1 || rc=$?
grep -E '^(stat::number_of_executed_units|stat::new_units_added|Done)' "$work/log" || true
if ((rc != 0)) || [[ -n "$(ls -A "$work/crashes")" ]]; then
  tail -n 60 "$work/log"
  echo "$name FAILED (status $rc); its inputs and log are kept in $work"
  exit 1
fi
echo "$name: no crash in $seconds s on $(ls "$corpus" | wc -l) seeds"
rm -rf "$work"

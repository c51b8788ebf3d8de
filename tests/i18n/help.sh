#!/usr/bin/env bash
# tests/i18n/help.sh TIEPDAN LOCALEDIR EXPECTED [--update]
#
# What the officer reads, word for word, in each language: `tiepdan --help`
# and `tiepdan COMMAND --help` are compared with tests/i18n/expected/
# NAME.vi.txt (the default: no locale set, as on many an officer's
# machine) and NAME.en.txt (TIEPDAN_LANG=en), so an English line that
# creeps into the Vietnamese, or a translation lost, shows as a diff.
# Then how the language is chosen: an English locale, the configuration
# file's "language" setting, and --lang and TIEPDAN_LANG winning over it;
# and the "excel" setting's byte-order mark. --update rewrites the expected
# files (review them by eye before committing).
set -euo pipefail

bin=$1
localedir=$2
expected=$3
update=${4:-}
commands=(main whoami submit show list history receipt stats report watch changes accept reject
  transfer start resolve withdraw reopen extend note session outbox admin)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/empty.conf"

# Runs tiepdan with no locale, no language and an empty configuration,
# after the assignments given as NAME=VALUE words, then the arguments.
run() {
  local -a assign=()
  while [[ $# -gt 0 && $1 == *=* && $1 != -* ]]; do
    assign+=("$1")
    shift
  done
  env -u LANG -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u TIEPDAN_LANG \
    HOME="$tmp" TIEPDAN_CONFIG="$tmp/empty.conf" \
    TIEPDAN_LOCALEDIR="$localedir" "${assign[@]}" "$bin" "$@"
}

help_of() {
  local name=$1
  shift
  if [[ $name == main ]]; then
    run "$@" --help
  else
    run "${@:1:$#}" "$name" --help
  fi
}

failed=0
check() { # NAME WHAT EXPECTED-FILE ACTUAL-FILE
  if diff -u "$3" "$4" >"$tmp/diff"; then
    echo "ok   $1: $2"
  else
    echo "FAIL $1: $2"
    cat "$tmp/diff"
    failed=1
  fi
}

for name in "${commands[@]}"; do
  help_of "$name" >"$tmp/$name.vi.txt"
  help_of "$name" TIEPDAN_LANG=en >"$tmp/$name.en.txt"
  if [[ $update == --update ]]; then
    cp "$tmp/$name.vi.txt" "$tmp/$name.en.txt" "$expected/"
    continue
  fi
  check "$name" "Vietnamese by default" "$expected/$name.vi.txt" "$tmp/$name.vi.txt"
  check "$name" "English with TIEPDAN_LANG=en" "$expected/$name.en.txt" "$tmp/$name.en.txt"
  # The catalog was in fact used: the two differ.
  if cmp -s "$tmp/$name.vi.txt" "$tmp/$name.en.txt"; then
    echo "FAIL $name: the Vietnamese help is the English one"
    failed=1
  fi
done
[[ $update == --update ]] && { echo "expected files rewritten in $expected"; exit 0; }

# How the language is chosen, on the help of stats.
ex_vi="$expected/stats.vi.txt"
ex_en="$expected/stats.en.txt"
help_of stats LANG=en_US.UTF-8 >"$tmp/out"
check stats "English with LANG=en_US.UTF-8" "$ex_en" "$tmp/out"
help_of stats LANG=vi_VN.UTF-8 >"$tmp/out"
check stats "Vietnamese with LANG=vi_VN.UTF-8" "$ex_vi" "$tmp/out"
help_of stats LANG=C.UTF-8 >"$tmp/out"
check stats "Vietnamese with LANG=C.UTF-8" "$ex_vi" "$tmp/out"
run --lang en stats --help >"$tmp/out"
check stats "English with --lang en" "$ex_en" "$tmp/out"

printf 'server = localhost:7443\nlanguage = en\n' >"$tmp/en.conf"
help_of stats TIEPDAN_CONFIG="$tmp/en.conf" >"$tmp/out"
check stats "English with language = en in the configuration file" "$ex_en" "$tmp/out"
run TIEPDAN_CONFIG="$tmp/empty.conf" --config "$tmp/en.conf" stats --help >"$tmp/out"
check stats "English with language = en in the file --config names" "$ex_en" "$tmp/out"
help_of stats TIEPDAN_CONFIG="$tmp/en.conf" TIEPDAN_LANG=vi >"$tmp/out"
check stats "TIEPDAN_LANG=vi wins over language = en" "$ex_vi" "$tmp/out"
run TIEPDAN_CONFIG="$tmp/en.conf" --lang vi stats --help >"$tmp/out"
check stats "--lang vi wins over language = en" "$ex_vi" "$tmp/out"
printf 'language = vi\n' >"$tmp/vi.conf"
help_of stats TIEPDAN_CONFIG="$tmp/vi.conf" LANG=en_US.UTF-8 >"$tmp/out"
check stats "language = vi wins over an English locale" "$ex_vi" "$tmp/out"

# A usage error is worded in the language too.
rc=0
run stats --by nothing >/dev/null 2>"$tmp/err" || rc=$?
if [[ $rc -eq 2 ]] && grep -q '^tiepdan stats: --by phải ghi unit, kind' "$tmp/err"; then
  echo "ok   stats: a usage error in Vietnamese, status 2"
else
  echo "FAIL stats: a usage error in Vietnamese, status 2 (got $rc)"
  cat "$tmp/err"
  failed=1
fi

# excel = yes: csv after a UTF-8 byte-order mark, as --excel; nothing
# else changes.
printf 'excel = yes\n' >"$tmp/excel.conf"
bom() { head -c 3 "$1" | od -An -tx1 | tr -d ' \n'; }
run TIEPDAN_CONFIG="$tmp/excel.conf" --format csv stats --help >"$tmp/out"
if [[ $(bom "$tmp/out") == efbbbf ]]; then
  echo "ok   excel = yes: a byte-order mark before csv"
else
  echo "FAIL excel = yes: no byte-order mark before csv"
  failed=1
fi
run TIEPDAN_CONFIG="$tmp/excel.conf" stats --help >"$tmp/out"
check stats "excel = yes leaves a table alone" "$ex_vi" "$tmp/out"
printf 'excel = no\n' >"$tmp/noexcel.conf"
run TIEPDAN_CONFIG="$tmp/noexcel.conf" --format csv stats --help >"$tmp/out"
check stats "excel = no: csv without the mark" "$ex_vi" "$tmp/out"

exit $failed

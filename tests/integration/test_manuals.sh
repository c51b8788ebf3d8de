#!/usr/bin/env bash
# The manuals (man/: tiepdand.8 and tiepdan.1, English; man/vi/: the same in
# Vietnamese) agree with the programs and render cleanly:
#  - every option `tiepdand --help` prints is in both tiepdand(8), and so are
#    --log-format and --metrics-listen; every setting is in the packaged
#    configuration deploy/tiepdand.conf as a commented `#name = default`;
#  - every command of `tiepdan --help`, every global option, every
#    subcommand (session, outbox, admin and its tasks) and every option of
#    every command's own --help is in both tiepdan(1);
#  - groff (-ww, all warnings) and man -l render each page without a
#    warning, the Vietnamese as UTF-8 (mandoc -T lint too, if installed).
# Pages are compared as rendered, at a width where no line breaks a word.
set -euo pipefail

src=${TD_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${TD_BUILD:-$src/build}
command -v groff >/dev/null || { echo "skipped: groff is not installed"; exit 77; }
[[ -x $build/tiepdand && -x $build/tiepdan ]] || { echo "FAIL no build in $build"; exit 1; }
export LC_ALL=C.UTF-8 TIEPDAN_LOCALEDIR=$build/locale
failed=0
pass() { printf 'ok   %s\n' "$1"; }
fail() {
  printf 'FAIL %s\n' "$1"
  [[ $# -gt 1 ]] && printf '     %s\n' "${@:2}"
  failed=$((failed + 1))
}

pages=(man/tiepdand.8 man/vi/tiepdand.8 man/tiepdan.1 man/vi/tiepdan.1)
declare -A text
for p in "${pages[@]}"; do
  [[ -f $src/$p ]] || { fail "$p exists"; continue; }
  # -k: preconv, the UTF-8 of the Vietnamese; -ww: every warning.
  err=$(groff -k -man -Tutf8 -ww -z "$src/$p" 2>&1)
  if [[ -z $err ]]; then pass "$p: groff -ww renders it without a warning"; else fail "$p: groff warnings" "$err"; fi
  if command -v man >/dev/null; then
    err=$(MANWIDTH=80 man --warnings -l "$src/$p" 2>&1 >/dev/null)
    if [[ -z $err ]]; then pass "$p: man -l renders it without a warning"; else fail "$p: man -l warnings" "$err"; fi
  fi
  if command -v mandoc >/dev/null; then
    err=$(mandoc -T lint -W warning "$src/$p" 2>&1) || true
    if [[ -z $err ]]; then pass "$p: mandoc -T lint"; else fail "$p: mandoc -T lint" "$err"; fi
  fi
  # One long line per paragraph, no hyphenation: words stay whole.
  text[$p]=$(groff -k -man -Tutf8 -P-cbou -rLL=2000n -rHY=0 "$src/$p" 2>/dev/null)
done
if [[ ${text[man/vi/tiepdan.1]:-} == *"Ghi nhận một đơn và in số biên nhận"* &&
  ${text[man/vi/tiepdand.8]:-} == *"Nạp lại mà không ngắt ai"* ]]; then
  pass "the Vietnamese pages render their Vietnamese"
else
  fail "the Vietnamese pages render their Vietnamese"
fi

# in_pages WHAT NEEDLE PAGE...: NEEDLE in each page's text, as a whole word.
in_pages() {
  local what=$1 needle=$2 p missing=()
  shift 2
  for p in "$@"; do
    grep -qE -- "(^|[^[:alnum:]_-])$(sed 's/[][\.|*+?(){}^$]/\\&/g' <<<"$needle")([^[:alnum:]_-]|$)" \
      <<<"${text[$p]:-}" || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    checked=$((checked + 1))
  else
    fail "$what '$needle' is in ${missing[*]}"
  fi
}

# tiepdand ----------------------------------------------------------------------
checked=0
opts=$("$build/tiepdand" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
((${#opts} > 0)) || fail "tiepdand --help prints options"
for o in $opts --log-format --metrics-listen; do
  in_pages "tiepdand option" "$o" man/tiepdand.8 man/vi/tiepdand.8
done
echo "     ($checked options of tiepdand checked in both languages)"
# Every setting (an option with a value, not a task) in the configuration.
checked=0
for o in $opts --log-format --metrics-listen; do
  case $o in
  --config | --migrate | --add-principal | --role | --unit | --name | --help | --version) continue ;;
  esac
  if grep -qE "^#${o#--} = " "$src/deploy/tiepdand.conf"; then
    checked=$((checked + 1))
  else
    fail "deploy/tiepdand.conf has '#${o#--} = ...'"
  fi
done
echo "     ($checked settings in deploy/tiepdand.conf)"
[[ $failed -gt 0 ]] || pass "tiepdand(8) and the configuration name every option of tiepdand --help"

# tiepdan -----------------------------------------------------------------------
before=$failed
checked=0
en() { "$build/tiepdan" --lang en "$@" --help 2>&1; }
main=$(en)
cmds=$(awk '/^Run "tiepdan/ { exit } /^  [a-z]/ { print $1 }' <<<"$main" | sort -u)
((${#cmds} > 0)) || fail "tiepdan --help prints commands"
vi_en=(man/tiepdan.1 man/vi/tiepdan.1)
for c in $cmds; do in_pages "command" "$c" "${vi_en[@]}"; done
for o in $(sed -n '/^Global options/,$p' <<<"$main" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
  in_pages "global option" "$o" "${vi_en[@]}"
done
# Subcommands: "  session open ...", "  admin holidays load ..." lines.
subs=$(for c in $cmds; do en "$c" | sed -n "s/^  \($c [a-z][a-z-]*\( [a-z][a-z-]*\)\?\)\( .*\)\?$/\1/p"; done |
  sed -E 's/ (YEAR|ID|OLD)$//' | sort -u)
while read -r s; do
  [[ -n $s ]] && in_pages "subcommand" "$s" "${vi_en[@]}"
done <<<"$subs"
# outbox's list of commands.
for s in $(en outbox | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \((none), \)\?\([a-z]*\).*/\2/p'); do
  in_pages "outbox command" "$s" "${vi_en[@]}"
done
# Every option of every command's help, and of each subcommand's.
while read -r s; do
  [[ -n $s ]] || continue
  # shellcheck disable=SC2086 # the words of the subcommand
  for o in $(en $s | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    in_pages "option of '$s'" "$o" "${vi_en[@]}"
  done
done <<<"$(printf '%s\n' $cmds; printf '%s\n' "$subs")"
echo "     ($checked commands, subcommands and options of tiepdan checked in both languages)"
((failed > before)) || pass "tiepdan(1) names every command, subcommand and option of tiepdan's help"

if ((failed > 0)); then
  echo "$failed check(s) failed"
  exit 1
fi
echo "all checks passed"

#!/usr/bin/env bash
# The server's error messages in the client's catalog.
#
# The server sends with each error the English template of its message
# (every conversion written %s) and the values (common/tmpl.h); the client
# translates the template through po/vi.po and puts the values in. This
# extracts every template from the server's sources (the format of
# td_req_fail, send_conn_error, td_invalid_set and the domain's fail
# macro), normalised as the server sends it, and the fixed phrases that can
# be its values (a step's refusal reason marked WHY(), other phrases marked
# TD_VALUE(), what td_reply_db_error and td_reply_reached say the server was
# doing, the names of statuses, steps, roles and requests), which the catalog holds under the context "server
# value"; then fails naming each one po/vi.po lacks or leaves untranslated
# or fuzzy.
#
# Usage: server_templates.sh [--list|--pot] [SOURCE_DIR]
#   --list  print the templates and values, one a line, and check nothing
#   --pot   print them as a PO template (to start translations from)
set -euo pipefail
export LC_ALL=C.UTF-8

mode=check
case ${1:-} in
--list | --pot)
  mode=${1#--}
  shift
  ;;
esac
src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$src"
for tool in xgettext msgcat msgcmp; do
  command -v "$tool" >/dev/null || {
    echo "server_templates.sh: $tool (gettext) is needed" >&2
    exit 2
  }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mapfile -t all < <(find server -name '*.c' | sort)
mapfile -t domain < <(find server/domain -name '*.c' | sort)
# xgettext warns of every msgid that is not ASCII (some of the server's
# are Vietnamese): its messages are shown only when it fails.
xg() {
  xgettext --from-code=UTF-8 --language=C --no-wrap --sort-output -k "$@" \
    2>"$tmp/xgettext.err" || {
    cat "$tmp/xgettext.err" >&2
    return 1
  }
}

# Templates: what the message is formatted from.
xg -ktd_req_fail:4 -ksend_conn_error:3 -ktd_invalid_set:3 \
  -o "$tmp/a.pot" "${all[@]}"
xg -kfail:3 -o "$tmp/b.pot" "${domain[@]}"
# Values: phrases the client words, under a context of their own.
xg -kWHY:1 -o "$tmp/c.pot" "${domain[@]}"
xg -ktd_reply_db_error:3 -ktd_reply_reached:5 -kTD_VALUE:1 -o "$tmp/d.pot" \
  "${all[@]}"
{
  # The names of statuses, steps and roles (proto/wire.c) a message says.
  for table in status_names action_names role_names; do
    sed -n "/^static const char \*const $table\[\] = {/,/^};/p" proto/wire.c |
      sed -n 's/.*] = "\([a-z_]*\)",$/\1/p'
  done
  # The requests of the route table (server/dispatch.c), which "the %s role
  # may not do %s" names.
  sed -n 's/^ *XX([A-Z_]*, "\([a-z_]*\)".*/\1/p' server/dispatch.c
} | sort -u | while read -r name; do
  printf 'msgid "%s"\nmsgstr ""\n\n' "$name"
done >"$tmp/e.pot"
touch "$tmp/a.pot" "$tmp/b.pot" "$tmp/c.pot" "$tmp/d.pot"

# Every conversion as the server sends it: %s ("%%" stays; xgettext
# writes "%" PRId64 as %<PRId64>).
for f in a b; do
  perl -pe 'if (/^msgid /) {
    s/(%%)|%<PRI\w+>|%[-+ #0\x27]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|L|z|j|t)?[diouxXcspfFeEgGaA]/defined $1 ? $1 : "%s"/ge }' \
    "$tmp/$f.pot" >"$tmp/$f.norm.pot"
done
# Values under their context, "server value".
for f in c d e; do
  perl -pe 's/^msgid (?!""$)/msgctxt "server value"\nmsgid /' "$tmp/$f.pot" \
    >"$tmp/$f.norm.pot"
done
msgcat --no-wrap --sort-output --use-first -o "$tmp/server.pot" \
  "$tmp"/?.norm.pot

case $mode in
list)
  msgcat --no-wrap --sort-output --no-location "$tmp/server.pot" |
    sed -n 's/^msgid "\(..*\)"$/\1/p'
  exit 0
  ;;
pot)
  msgcat --no-wrap --sort-output "$tmp/server.pot"
  exit 0
  ;;
esac

n=$(grep -c '^msgid "..*"$' "$tmp/server.pot" || true)
if msgcmp po/vi.po "$tmp/server.pot" >"$tmp/cmp" 2>&1; then
  echo "ok   the catalog words all $n of the server's error templates and values"
  exit 0
fi
echo "FAIL po/vi.po lacks a translation of the server's:"
# msgcmp names a line of either file; show the message that is there.
grep -v 'warning: this message is not used' "$tmp/cmp" |
  while IFS= read -r line; do
    printf '     %s\n' "$line"
    if [[ $line =~ ^(.*):([0-9]+):\  ]]; then
      file=${BASH_REMATCH[1]}
      [[ $file == "$tmp/"* || $file == po/* ]] &&
        awk -v n="${BASH_REMATCH[2]}" 'NR <= n && /^msgid / { m = $0 }
          NR == n { print "       " m; exit }' "$file"
    fi
  done
exit 1

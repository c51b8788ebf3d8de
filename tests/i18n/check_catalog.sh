#!/usr/bin/env bash
# tests/i18n/check_catalog.sh [SRC] - every message the client can show has
# its Vietnamese in po/vi.po.
#
# xgettext extracts what the source marks (_(), N_(), td_ngettext) from
# every client/**/*.c, and from the server's files that use those keywords
# (the server words some errors in the officer's language), into a .pot;
# then the catalog must hold, for every msgid of it, a translation that is
# not empty and not fuzzy; it must have no obsolete (#~) entries; and
# msgfmt -c must pass (the header, and each translation keeping its
# msgid's printf conversions in order). On failure it prints the msgids
# still to translate. Entries no source uses any more are only warned of.
set -euo pipefail

src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
po="$src/po/vi.po"
for tool in xgettext msgfmt msgcmp msgmerge msgattrib; do
  command -v "$tool" >/dev/null || { echo "check_catalog: $tool not found (gettext)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$src"
# The client's files, and the server's that mark messages.
{
  find client -name '*.c' | sort
  grep -rlE --include='*.c' '(^|[^A-Za-z0-9_])(N_|_|td_ngettext)\(' server || true
} >"$tmp/files"
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
  --keyword=td_ngettext:1,2 --add-location=file --sort-by-file \
  --package-name=tiepdan --files-from="$tmp/files" -o "$tmp/tiepdan.pot"

failed=0

# Prints the msgid of each entry of a PO file on standard input on one
# line, with the file it comes from when the entry says; the header is left
# out. Obsolete entries (#~) are printed too.
msgids() {
  awk 'BEGIN { RS = "" }
    {
      id = ""; where = ""; inid = 0
      n = split($0, line, "\n")
      for (i = 1; i <= n; i++) {
        l = line[i]
        sub(/^#~ /, "", l)
        if (l ~ /^#: /) where = substr(l, 4)
        if (l ~ /^msgid /) { inid = 1; l = substr(l, 7) }
        else if (l ~ /^(msgstr|msgid_plural)/) inid = 0
        if (inid && l ~ /^"/) id = id substr(l, 2, length(l) - 2)
      }
      if (id != "") printf "  %s%s\n", (where != "" ? where ": " : ""), id
    }'
}

# The msgids of the source without a translation, printed whole.
msgmerge --quiet --no-fuzzy-matching --no-wrap "$po" "$tmp/tiepdan.pot" \
  -o "$tmp/merged.po"
if ! msgcmp "$po" "$tmp/tiepdan.pot" >"$tmp/msgcmp.out" 2>&1; then
  failed=1
  echo "check_catalog: messages of the source with no Vietnamese in po/vi.po:"
  msgattrib --untranslated --no-obsolete --no-wrap "$tmp/merged.po" | msgids
fi

# Fuzzy or empty entries in the catalog itself.
msgattrib --only-fuzzy --no-obsolete --no-wrap "$po" | msgids >"$tmp/fuzzy"
if [[ -s "$tmp/fuzzy" ]]; then
  failed=1
  echo "check_catalog: fuzzy entries in po/vi.po (check them, then drop the fuzzy flag):"
  cat "$tmp/fuzzy"
fi
msgattrib --untranslated --no-obsolete --no-wrap "$po" | msgids >"$tmp/empty"
if [[ -s "$tmp/empty" ]]; then
  failed=1
  echo "check_catalog: entries of po/vi.po with an empty translation:"
  cat "$tmp/empty"
fi

# Obsolete entries: delete them rather than keep them commented out.
if grep -q '^#~' "$po"; then
  failed=1
  echo "check_catalog: obsolete (#~) entries in po/vi.po; delete them:"
  msgattrib --only-obsolete --no-wrap "$po" | msgids
fi

# The header, and translations that keep their msgid's conversions.
if ! msgfmt --check -o /dev/null "$po" 2>"$tmp/msgfmt.out"; then
  failed=1
  echo "check_catalog: msgfmt -c po/vi.po:"
  cat "$tmp/msgfmt.out"
fi

# Entries of the catalog that no source uses any more (msgmerge makes them
# obsolete): a warning only, as a string may be moving between files while
# several branches merge.
msgattrib --only-obsolete --no-wrap "$tmp/merged.po" | msgids |
  sed 's/^ */check_catalog: warning: no source uses /'

n=$(grep -c '^msgid' "$tmp/tiepdan.pot")
if [[ $failed -ne 0 ]]; then
  echo "check_catalog: FAILED ($((n - 1)) messages in the source)"
  exit 1
fi
echo "check_catalog: ok, $((n - 1)) messages of the source, all in Vietnamese"

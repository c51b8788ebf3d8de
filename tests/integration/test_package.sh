#!/usr/bin/env bash
# The Debian packages, as an administrator meets them: built by
# deploy/package.sh from a copy of the source tree (this tree is never
# written to), checked by lintian (no error), installed with dpkg -i, the
# installed server configured against the suite's PostgreSQL, its database
# migrated by the installed `tiepdand --migrate` with the installed SQL, the
# installed server run as the user tiepdan (there is no systemd to run it
# here) and a petition submitted and read back with the installed client,
# in Vietnamese from the installed catalog. Then an upgrade to a higher
# version, whose postinst migrates the configured database (a schema file
# only the new version has is applied) before it would restart the service;
# then removal and purge, after which nothing of the packages is left.
#
# Root only, dpkg-buildpackage needed (tests/run.sh installs debhelper and
# lintian), on a machine without these packages or an /etc/tiepdan of its
# own; run once, from the Release build's suite (the packages build their own
# binaries: the sanitizer build has nothing to add). Whatever happens, the
# packages are purged, and what the test added (/etc/tiepdan, the user
# tiepdan) is removed when the test created it.
. "$(dirname "$0")/lib.sh"

skip() {
  echo "skipped: $*"
  exit 77
}
# check WHAT TEST...: passes when the command TEST succeeds.
check() {
  local what=$1
  shift
  if "$@" >/dev/null; then pass "$what"; else fail "$what"; fi
}
((EUID == 0)) || skip "installing packages needs root"
command -v dpkg-buildpackage >/dev/null || skip "dpkg-buildpackage is not installed (tests/run.sh installs it)"
command -v lintian >/dev/null || skip "lintian is not installed (tests/run.sh installs it)"
if grep -q __asan_init "$TD_BUILD/tiepdand"; then
  skip "the packages are built and tested once, in the Release build's run"
fi
for p in tiepdand tiepdan; do
  if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != *not-installed* &&
    -n "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" ]]; then
    skip "the package $p is already on this machine; this test would not leave it as it was"
  fi
done
[[ ! -e /etc/tiepdan ]] || skip "/etc/tiepdan exists; this test would not leave it as it was"

# dpkg ARGS...: dpkg, waiting (up to 10 minutes) while another apt or dpkg
# holds its lock, instead of failing on it.
dpkg() {
  local i out rc
  for ((i = 0; i < 120; i++)); do
    rc=0
    out=$(command dpkg "$@" 2>&1) || rc=$?
    if ((rc == 0)) || [[ $out != *"lock"*"locked by another process"* ]]; then break; fi
    sleep 5
  done
  [[ -z $out ]] || printf '%s\n' "$out"
  return "$rc"
}

user_existed=0
getent passwd tiepdan >/dev/null && user_existed=1
# Cleanup, whatever happens: purge the packages, remove what the test made.
cleanup_machine() {
  local p
  for p in tiepdan tiepdand; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -qv not-installed; then
      dpkg -P "$p" >>"$T/cleanup.log" 2>&1 || echo "cleanup: dpkg -P $p failed" >&2
    fi
  done
  rm -rf /etc/tiepdan
  if ((!user_existed)) && getent passwd tiepdan >/dev/null; then
    userdel tiepdan || echo "cleanup: userdel tiepdan failed" >&2
    if getent group tiepdan >/dev/null; then groupdel tiepdan || true; fi
  fi
}
td_cleanup_push cleanup_machine

# Building -------------------------------------------------------------------------
step() { printf '== %s (%ds)\n' "$*" "$SECONDS"; }
tree_state() { git -C "$TD_SRC" status --porcelain --ignored=no 2>/dev/null | grep -v '^?? build' || true; }
before=$(tree_state)
step "copying the source tree and building the packages"
mkdir "$T/src" "$T/debs"
tar -C "$TD_SRC" --exclude=./.git --exclude='./build*' -cf - . | tar -C "$T/src" -xf -
if ! "$T/src/deploy/package.sh" "$T/debs" >"$T/package.log" 2>&1; then
  cat "$T/package.log"
  fail "deploy/package.sh builds the packages"
  td_done
fi
server_deb=$(ls "$T"/debs/tiepdand_*.deb)
client_deb=$(ls "$T"/debs/tiepdan_*.deb)
pass "deploy/package.sh built $(basename "$server_deb") and $(basename "$client_deb")"
expect_eq "building left the source tree as it was" "$(tree_state)" "$before"

step "lintian"
lint=$(lintian --display-info "$server_deb" "$client_deb" 2>&1 | grep -v 'running with root privileges' || true)
printf '%s\n' "${lint:-(lintian: nothing to report)}" | sed 's/^/     lintian: /'
if grep -q '^E: ' <<<"$lint"; then fail "lintian reports no error"; else pass "lintian reports no error"; fi

# Installing ----------------------------------------------------------------------
step "dpkg -i"
run_cmd out rc dpkg -i "$server_deb" "$client_deb"
expect_eq "dpkg -i installs both packages" "$rc" 0
((rc == 0)) || { printf '%s\n' "$out"; td_done; }
expect_not_contains "installing an unconfigured server migrates nothing" "$out" "migrating"
for f in /usr/sbin/tiepdand /usr/bin/tiepdan /usr/libexec/tiepdand/configured; do
  check "installed: $f" test -x "$f"
done
for f in /lib/systemd/system/tiepdand.service /usr/lib/systemd/user/tiepdan-outbox.service \
  /usr/share/man/man8/tiepdand.8.gz /usr/share/man/vi/man8/tiepdand.8.gz \
  /usr/share/man/man1/tiepdan.1.gz /usr/share/man/vi/man1/tiepdan.1.gz \
  /usr/share/locale/vi/LC_MESSAGES/tiepdan.mo /usr/share/bash-completion/completions/tiepdan \
  /etc/tiepdan/tiepdand.conf; do
  check "installed: $f" test -f "$f"
done
expect_eq "the installed unit is the one of deploy/systemd/" \
  "$(cmp /lib/systemd/system/tiepdand.service "$TD_SRC/deploy/systemd/tiepdand.service" && echo same)" same
expect_eq "the installed SQL is the tree's" \
  "$(diff -r "$TD_SRC/sql" /usr/share/tiepdan/sql && echo same)" same
expect_eq "the configuration is a conffile" \
  "$(dpkg-query -W -f='${Conffiles}' tiepdand | awk '{print $1}')" /etc/tiepdan/tiepdand.conf
expect_eq "the system user tiepdan: system uid, no login" \
  "$(getent passwd tiepdan | awk -F: '{print ($3 < 1000), $7}')" "1 /usr/sbin/nologin"
expect_eq "/etc/tiepdan and the configuration: root:tiepdan 0750 and 0640" \
  "$(stat -c '%U:%G %a' /etc/tiepdan /etc/tiepdan/tiepdand.conf | tr '\n' ' ')" \
  "root:tiepdan 750 root:tiepdan 640 "
check "the service is enabled" test -L /etc/systemd/system/multi-user.target.wants/tiepdand.service
# Without systemd the restart cannot be watched: the installed postinst
# migrates first, then (debhelper's part) restarts through deb-systemd-invoke.
pi=/var/lib/dpkg/info/tiepdand.postinst
expect_eq "the postinst migrates before it restarts the service" \
  "$(awk '/runuser .*--migrate/ && !m { m = NR } /deb-systemd-invoke \$_dh_action/ { r = NR }
          END { print (m > 0 && r > m) ? "migrate, then restart" : "m=" m " r=" r }' "$pi")" \
  "migrate, then restart"
run_cmd out rc /usr/libexec/tiepdand/configured
expect_eq "the installed configuration does not start the service (ExecCondition)" "$rc" 1
expect_contains "and says what is missing" "$out" "does not set: db cert key ca"
expect_contains "tiepdand --help of the installed server" "$(/usr/sbin/tiepdand --help)" "--sql-dir"
# Completion, from the installed program's own help.
expect_contains "bash completion lists the commands" \
  "$(bash -c '. /usr/share/bash-completion/completions/tiepdan; _tiepdan_commands' | tr '\n' ' ')" \
  "history list note outbox"
expect_eq "bash completion lists admin's tasks" \
  "$(bash -c '. /usr/share/bash-completion/completions/tiepdan; _tiepdan_subcommands admin' | tr '\n' ' ')" \
  "audit holidays principal rules unit "

# Configuring ---------------------------------------------------------------------
step "configuring the installed server"
td_psql "$TD_PG_DIR" "$TD_PG_PORT" tiepdan -c "CREATE DATABASE \"$TD_DB\""
td_cleanup_push td_psql "$TD_PG_DIR" "$TD_PG_PORT" tiepdan -c "DROP DATABASE IF EXISTS \"$TD_DB\" WITH (FORCE)"
install -m 0640 -o root -g tiepdan "$TD_PKI/server.crt" "$TD_PKI/server.key" "$TD_PKI/ca.crt" /etc/tiepdan/
port=$(td_free_port)
{
  echo
  echo "# set by tests/integration/test_package.sh"
  echo "db = $(td_pg_conninfo "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB")"
  echo "cert = /etc/tiepdan/server.crt"
  echo "key = /etc/tiepdan/server.key"
  echo "ca = /etc/tiepdan/ca.crt"
  echo "listen = 127.0.0.1:$port"
  # The metrics' default port would be shared with every other server.
  if /usr/sbin/tiepdand --help | grep -q -- --metrics-listen; then
    echo "metrics-listen = 127.0.0.1:$(td_free_port)"
  fi
} >>/etc/tiepdan/tiepdand.conf
run_cmd out rc /usr/libexec/tiepdand/configured
expect_eq "configured once db, cert, key and ca are set" "$rc" 0
# As the service would: user tiepdan, no supplementary group.
as_tiepdan() { setpriv --reuid="$(id -u tiepdan)" --regid="$(id -g tiepdan)" --clear-groups -- "$@"; }
run_cmd out rc as_tiepdan /usr/sbin/tiepdand --config /etc/tiepdan/tiepdand.conf --migrate
expect_eq "the installed tiepdand --migrate (default --sql-dir) migrates the database" "$rc" 0
expect_contains "it applied the installed schema" "$out" "applied 001_"
nschema=$(find /usr/share/tiepdan/sql/schema -name '*.sql' | wc -l)
expect_eq "every installed schema file is recorded" \
  "$(sql "SELECT count(*) FROM schema_migrations")" "$nschema"
td_psql "$TD_PG_DIR" "$TD_PG_PORT" "$TD_DB" -f "$TD_SRC/deploy/seed/units.sql" >/dev/null
run_cmd out rc /usr/sbin/tiepdand --config /etc/tiepdan/tiepdand.conf \
  --add-principal "$TD_PKI/hoa.crt" --role reception --unit 03390
expect_eq "the installed tiepdand --add-principal registers an officer" "$rc" 0

# Serving -----------------------------------------------------------------------------
step "running the installed server as tiepdan"
# (setpriv itself, not the function: $! is then the server, which setpriv
# becomes, and not a subshell.)
setpriv --reuid="$(id -u tiepdan)" --regid="$(id -g tiepdan)" --clear-groups -- \
  /usr/sbin/tiepdand --config /etc/tiepdan/tiepdand.conf >>"$T/server.log" 2>&1 &
TD_SERVER_PID=$!
# shellcheck disable=SC2034 # td_wait_listening (lib.sh) reads it
TD_PORT=$port
td_cleanup_push td_stop_pid "$TD_SERVER_PID" 10
if td_wait_listening 20; then pass "the installed server listens on 127.0.0.1:$port"; else
  fail "the installed server listens"
  td_done
fi
expect_eq "it runs as tiepdan" "$(ps -o user= -p "$TD_SERVER_PID")" tiepdan
expect_eq "it is the installed program" "$(readlink "/proc/$TD_SERVER_PID/exe")" /usr/sbin/tiepdand

step "a round trip with the installed client"
client() {
  env -u TIEPDAN_LOCALEDIR /usr/bin/tiepdan --server "127.0.0.1:$port" --ca "$TD_PKI/ca.crt" \
    --cert "$TD_PKI/hoa.crt" --key "$TD_PKI/hoa.key" --timeout 20 "$@"
}
summary="Đề nghị xem xét lại ranh giới thửa đất số 120 (gói cài đặt)."
run_cmd out rc client --lang vi submit --kind "khiếu nại" --channel "tiếp công dân thường xuyên" \
  --field land --name "Nguyễn Văn An" --summary "$summary"
expect_eq "submit with the installed client" "$rc" 0
year=$(TZ=Asia/Ho_Chi_Minh date +%Y)
expect_contains "it prints the receipt number, in Vietnamese from the installed catalog" \
  "$out" "Số biên nhận: BL-$year-000001"
run_cmd out rc client --format json show "BL-$year-000001"
expect_eq "show it back" "$rc" 0
expect_contains "the summary comes back" "$out" "$summary"
expect_eq "stored once" "$(sql "SELECT count(*) FROM petitions WHERE summary = '$summary'")" 1

td_server_stop
expect_eq "SIGTERM: the installed server drains and exits 0" "$TD_SERVER_RC" 0

# Upgrading ---------------------------------------------------------------------------
# The next version: the same build repacked with a higher version and one
# more schema file, which only its postinst's migration can have applied.
# (Rebuilding the whole tree would show nothing more about the upgrade.)
step "upgrading to a higher version"
old_version=$(dpkg-query -W -f='${Version}' tiepdand)
new_version=$old_version+upgradetest1
dpkg-deb -R "$server_deb" "$T/next"
sed -i "s/^Version: .*/Version: $new_version/" "$T/next/DEBIAN/control"
cat >"$T/next/usr/share/tiepdan/sql/schema/999_package_upgrade.sql" <<'EOF'
-- Only the upgrade of tests/integration/test_package.sh has this file.
CREATE TABLE package_upgrade_probe (applied_at timestamptz NOT NULL DEFAULT now());
EOF
(cd "$T/next" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | sort |
  xargs md5sum >DEBIAN/md5sums)
dpkg-deb --root-owner-group -b "$T/next" "$T/debs/tiepdand_next.deb" >/dev/null
check "$new_version is higher than $old_version" dpkg --compare-versions "$new_version" gt "$old_version"
run_cmd out rc dpkg -i "$T/debs/tiepdand_next.deb"
printf '%s\n' "$out" | sed 's/^/     dpkg: /'
expect_eq "dpkg -i of the new version" "$rc" 0
expect_contains "its postinst migrates the configured database" "$out" "migrating the database named in /etc/tiepdan/tiepdand.conf"
expect_contains "applying the new version's schema file" "$out" "applied 999_package_upgrade.sql"
expect_eq "recorded in schema_migrations" \
  "$(sql "SELECT name FROM schema_migrations WHERE version = 999")" 999_package_upgrade.sql
expect_eq "the new version is installed" "$(dpkg-query -W -f='${Version}' tiepdand)" "$new_version"
expect_contains "the administrator's configuration is kept" \
  "$(cat /etc/tiepdan/tiepdand.conf)" "listen = 127.0.0.1:$port"
expect_eq "and its permissions" "$(stat -c '%U:%G %a' /etc/tiepdan/tiepdand.conf)" "root:tiepdan 640"
expect_eq "the petition is still there" "$(sql "SELECT count(*) FROM petitions")" 1

# A failed migration stops the upgrade: the service is not restarted onto a
# schema it does not know, and dpkg says so.
sed -i "s/^Version: .*/Version: $new_version.1/" "$T/next/DEBIAN/control"
echo "THIS IS NOT SQL;" >"$T/next/usr/share/tiepdan/sql/schema/998_broken.sql"
(cd "$T/next" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | sort |
  xargs md5sum >DEBIAN/md5sums)
dpkg-deb --root-owner-group -b "$T/next" "$T/debs/tiepdand_broken.deb" >/dev/null
run_cmd out rc dpkg -i "$T/debs/tiepdand_broken.deb"
expect_eq "an upgrade whose migration fails fails" "$([[ $rc -ne 0 ]] && echo failed)" failed
expect_contains "and says why and what to do" "$out" "dpkg --configure -a"
expect_eq "the package is left unconfigured" "$(dpkg-query -W -f='${Status}' tiepdand)" \
  "install ok half-configured"
# Back to a good version, as an administrator would after fixing the cause.
run_cmd out rc dpkg -i "$T/debs/tiepdand_next.deb"
expect_eq "reinstalling the good version repairs it" \
  "$rc $(dpkg-query -W -f='${Status}' tiepdand)" "0 install ok installed"

# Removing --------------------------------------------------------------------------
step "dpkg -r, then dpkg -P"
run_cmd out rc dpkg -r tiepdan tiepdand
expect_eq "dpkg -r both" "$rc" 0
for f in /usr/sbin/tiepdand /usr/bin/tiepdan /usr/share/tiepdan /lib/systemd/system/tiepdand.service \
  /usr/libexec/tiepdand /usr/share/locale/vi/LC_MESSAGES/tiepdan.mo; do
  check "removed: $f" test ! -e "$f"
done
check "removal keeps the configuration" test -f /etc/tiepdan/tiepdand.conf
rm -f /etc/tiepdan/server.crt /etc/tiepdan/server.key /etc/tiepdan/ca.crt
run_cmd out rc dpkg -P tiepdan tiepdand
expect_eq "dpkg -P both" "$rc" 0
check "purged: /etc/tiepdan" test ! -e /etc/tiepdan
check "purged: the service's enablement" \
  test ! -e /etc/systemd/system/multi-user.target.wants/tiepdand.service
expect_eq "purged: the statoverrides" "$(dpkg-statoverride --list | grep -c /etc/tiepdan || true)" 0
expect_eq "neither package is known to dpkg any more" \
  "$(dpkg-query -W tiepdand tiepdan 2>/dev/null | wc -l)" 0
check "the user tiepdan is kept (Debian's policy for system users)" getent passwd tiepdan
td_done

#!/usr/bin/env bash
# tests/run.sh - the whole test suite, from a clean clone, as root on Debian 12.
#
# Installs what is missing, builds twice (a normal -Werror build and an
# AddressSanitizer + UndefinedBehaviorSanitizer build), starts a throwaway
# PostgreSQL 15 cluster, makes a CA and certificates for every role the tests
# use, prepares a template database, then runs every unit and integration
# test with ctest against both builds, then every benchmark of tests/bench/
# at a small scale (--smoke), whose checks of correctness fail the run and
# whose timings judge nothing: statistics, search, reads (the server's
# replies equal the database), idle connections (every one served, a new
# client served meanwhile) and submissions (every acknowledged petition
# stored once, gapless receipts, statistics equal a recount), then the
# failover tests on the Release build (tests/ha/run.sh: a cluster of three
# PostgreSQL nodes under Patroni, HAProxy and two servers, the primary and
# then a server killed under load; no acknowledged petition lost). Everything
# it started is stopped and removed when it ends, pass or fail.
#
#   tests/run.sh            everything
#   tests/run.sh -R NAME    only the tests whose name matches NAME (ctest -R)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=deploy/lib.sh
. "$root/deploy/lib.sh"

started=$(date +%s)
step() { printf '== %s (%ds)\n' "$*" $(($(date +%s) - started)); }

# Work that overlaps other work runs in the background; if the script ends
# early, the installation is waited for (an interrupted dpkg leaves a mess)
# and the build is stopped.
test_deps= asan_build=
_td_background_end() {
  [[ -z $test_deps ]] || wait "$test_deps" 2>/dev/null || true
  [[ -z $asan_build ]] || kill -TERM -- "-$asan_build" 2>/dev/null || true
  [[ -z $asan_build ]] || wait "$asan_build" 2>/dev/null || true
}
td_cleanup_push _td_background_end

step "installing missing packages"
td_install_deps
# What only the tests need: unzip to look inside a workbook, LibreOffice to
# open it as an officer would, clang for the sanitizer build, faketime to
# move a server's clock into next year (test_calendar_years), poppler-utils
# to read the receipt's PDF back and render it (test_receipt), LibreOffice's
# Writer to open the report's DOCX and convert it, and xmllint to check its
# parts (test_report_doc); testssl.sh scans the server as an outsider would
# (test_tls_scan); pgBackRest backs up and restores a live cluster
# (test_pitr); debhelper, fakeroot and lintian build and check the
# Debian packages (test_package; deploy/package.sh adds the libraries of
# their Build-Depends), systemd's systemd-analyze checks the units offline
# (test_unit_security) and groff (with man-db) renders the manuals
# (test_manuals); prometheus brings promtool, which checks the server's
# /metrics and deploy/prometheus/ (test_metrics); Patroni, etcd and HAProxy
# run the failover tests' cluster (tests/ha/). They install while the
# Release build compiles: apt waits on the network and dpkg on the disk, the compiler wants the CPU, and the
# Release build needs none of them (TD_DEPS, above, is all it needs).
(
  td_install_deps unzip libreoffice-calc-nogui libreoffice-writer-nogui libxml2-utils clang \
    faketime poppler-utils pgbackrest
  td_install_deps testssl.sh
  td_install_cluster_deps
  td_install_deps debhelper fakeroot lintian dpkg-dev libsystemd-dev libmicrohttpd-dev \
    systemd groff-base man-db
  # Only promtool is wanted: the Prometheus server the package brings (and
  # starts, under systemd) is not left running when the suite installed it.
  if [[ "$(dpkg-query -W -f='${Status}' prometheus 2>/dev/null || true)" != "install ok installed" ]]; then
    td_install_deps prometheus && { systemctl disable --now prometheus >/dev/null 2>&1 || true; }
  fi
) &
test_deps=$!

step "building (Release, -O3 -Werror)"
td_build "$root" "$root/build" -DCMAKE_BUILD_TYPE=Release -DTD_SANITIZE=OFF
step "waiting for the packages only the tests need"
rc=0
wait "$test_deps" || rc=$?
test_deps=
((rc == 0)) || { td_err "installing the packages the tests need failed"; exit 1; }

# The sanitizer build uses clang: its UBSan also diagnoses arithmetic on a
# null pointer (even a zero offset), which GCC's does not, and it is the
# compiler the fuzzers use. It compiles in the background, at a lower
# priority, while the suite runs on the Release build: those tests spend
# most of their time waiting (on PostgreSQL, on the network, on timers),
# and the build takes the CPU they leave. Its log is build-asan/td-build.log.
step "building (ASan + UBSan, clang) in the background"
# (A process group of its own, so that an early end stops the compilers too.)
setsid -w nice -n 10 bash -c '. "$1/deploy/lib.sh" && td_build "$1" "$1/build-asan" \
  -DCMAKE_BUILD_TYPE=Debug -DTD_SANITIZE=ON -DCMAKE_C_COMPILER=clang' _ "$root" &
asan_build=$!

work=$(td_tmpdir tiepdan-tests)
td_cleanup_push rm -rf "$work"

step "starting PostgreSQL"
pgport=$(td_free_port)
td_cleanup_push td_pg_stop "$work/pg"
mkdir -p "$work/pg"
chmod 0755 "$work/pg"
td_pg_start "$work/pg" "$pgport"

step "making certificates"
pki=$work/pki
"$root/deploy/pki.sh" init "$pki" --name "tiepdan test CA" >/dev/null
issue() { "$root/deploy/pki.sh" issue "$pki" "$@" >/dev/null; }
issue "Nguyễn Thị Hoa" --out hoa --unit 03390 --role reception
issue "Lò Thị Lan" --out lan --unit 03405 --role reception
issue "Sùng A Tính" --out tinh --unit 12 --role dashboard
issue "Lê Văn Quản" --out admin --unit 12 --role admin
issue "Hoàng Văn Lãnh" --out leader --unit 03390 --role leader
issue "Mặt trận xã Bình Lư" --out front_xa --unit 03390 --role front
issue "Mặt trận tỉnh Lai Châu" --out front_tinh --unit 12 --role front
issue "Giàng A Dũng" --out dash_db --unit 11 --role dashboard
issue "Lò Văn Nhé" --out muongnhe --unit 03160 --role reception
issue "Vụ Tổng hợp" --out nation --unit VN --role dashboard
issue "Quản trị quốc gia" --out admin_vn --unit VN --role admin
issue "Vàng Thị Mai" --out expired --unit 03390 --role reception --expired
issue "Người Lạ" --out stranger --unit 03390 --role reception
"$root/deploy/pki.sh" rogue "$pki" "Kẻ Giả Mạo" --unit 03390 --role reception >/dev/null

step "preparing the template database"
template=tiepdan_template
td_psql "$work/pg" "$pgport" tiepdan -c "CREATE DATABASE $template"
db=$(td_pg_conninfo "$work/pg" "$pgport" "$template")
"$root/build/tiepdand" --migrate --db "$db" --sql-dir "$root/sql" >/dev/null
td_psql "$work/pg" "$pgport" "$template" -f "$root/deploy/seed/units.sql"
register() { "$root/build/tiepdand" --db "$db" --add-principal "$pki/$1.crt" --role "$2" --unit "$3" >/dev/null; }
register hoa reception 03390
register lan reception 03405
register tinh dashboard 12
register admin admin 12
register leader leader 03390
register front_xa front 03390
register front_tinh front 12
register dash_db dashboard 11
register muongnhe reception 03160
register nation dashboard VN
register admin_vn admin VN
register expired reception 03390
# The rogue certificate is registered too: only its CA may keep it out.
register rogue/client reception 03390

export TD_PG_DIR=$work/pg TD_PG_PORT=$pgport TD_PKI=$pki TD_TEMPLATE=$template
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TZ=Asia/Ho_Chi_Minh

# Three tests at a time on two cores: the integration tests spend much of
# their time waiting (on PostgreSQL, on timers, on processes starting), so
# at -j 2 the CPU stood idle part of the time. TD_TEST_JOBS overrides.
jobs=${TD_TEST_JOBS:-3}
status=0
step "running the suite on build"
ctest --test-dir "$root/build" --output-on-failure -j "$jobs" "$@" || status=1
step "waiting for the ASan + UBSan build"
rc=0
wait "$asan_build" || rc=$?
asan_build=
((rc == 0)) || { td_err "the ASan + UBSan build failed"; exit 1; }
step "running the suite on build-asan"
ctest --test-dir "$root/build-asan" --output-on-failure -j "$jobs" "$@" || status=1
# Both builds and the packages are in place: the benchmarks need not check.
export TD_PREPARED=1
# The statistics benchmark at a small scale, so it keeps working; its
# figures at ten million petitions come from a run without --smoke.
if (($# == 0)); then
  step "statistics benchmark, smoke run"
  "$root/tests/bench/stats.sh" --smoke || status=1
  step "search benchmark, smoke run"
  "$root/tests/bench/search.sh" --smoke || status=1
  step "read benchmark, smoke run"
  "$root/tests/bench/read.sh" --smoke || status=1
  step "idle connections benchmark, smoke run"
  "$root/tests/bench/idle.sh" --smoke || status=1
  step "submission benchmark, smoke run"
  "$root/tests/bench/submit.sh" --smoke || status=1
  step "failover tests"
  "$root/tests/ha/run.sh" "$root/build" || status=1
fi

if ((status == 0)); then
  step "all tests passed on both builds"
else
  step "some tests FAILED"
fi
exit $status

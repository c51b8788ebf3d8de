#!/usr/bin/env bash
# The client as an officer meets it: help on every command, usage errors that
# say what is wrong, and settings from a config file or the environment.
. "$(dirname "$0")/lib.sh"
# The client's own words are checked in English (the default is Vietnamese).
export TIEPDAN_LANG=en
td_test_db
td_server_start

for cmd in whoami submit show list; do
  rc=0
  out=$("$TD_BUILD/tiepdan" "$cmd" --help 2>&1) || rc=$?
  expect_eq "$cmd --help exits 0" "$rc" 0
  expect_contains "$cmd --help shows its usage" "$out" "Usage: tiepdan"
done
out=$("$TD_BUILD/tiepdan" --help)
expect_contains "--help lists the exit statuses" "$out" "usage error"

usage() {
  local what=$1 needle=$2 rc=0 out
  shift 2
  out=$(cli hoa "$@" 2>&1) || rc=$?
  expect_eq "$what: exit 2" "$rc" 2
  expect_contains "$what: says what is wrong" "$out" "$needle"
}
usage "no command" "command" 
usage "unknown command" "frobnicate" frobnicate
usage "submit without --kind" "--kind" submit --channel digital --summary x
usage "submit with an unknown option" "--colour" submit --colour red
usage "show without an argument" "show" show
usage "list with a bad date" "--from" list --from 2026-13-45
usage "list with an unknown status" "--status" list --status lost
usage "submit with a malformed --key" "--key" submit --key nope --kind complaint --channel digital --summary x

# Settings from a config file, then the environment overriding it.
cat >"$T/client.conf" <<CONF
# the commune PC's settings
server = 127.0.0.1:$TD_PORT
cert = $TD_PKI/lan.crt
key = $TD_PKI/lan.key
ca = $TD_PKI/ca.crt
CONF
out=$(TIEPDAN_CONFIG=$T/client.conf "$TD_BUILD/tiepdan" whoami)
expect_contains "config file: connects as its certificate" "$out" "Lò Thị Lan"
out=$(TIEPDAN_CONFIG=$T/client.conf TIEPDAN_CERT=$TD_PKI/hoa.crt TIEPDAN_KEY=$TD_PKI/hoa.key \
  "$TD_BUILD/tiepdan" whoami)
expect_contains "environment overrides the config file" "$out" "Nguyễn Thị Hoa"
out=$(TIEPDAN_CONFIG=$T/client.conf TIEPDAN_CERT=$TD_PKI/hoa.crt TIEPDAN_KEY=$TD_PKI/hoa.key \
  "$TD_BUILD/tiepdan" --cert "$TD_PKI/lan.crt" --key "$TD_PKI/lan.key" whoami)
expect_contains "flags override the environment" "$out" "Lò Thị Lan"
echo "bogus = 1" >>"$T/client.conf"
rc=0
out=$(TIEPDAN_CONFIG=$T/client.conf "$TD_BUILD/tiepdan" whoami 2>&1) || rc=$?
expect_eq "bad config file: usage error" "$rc" 2
expect_contains "bad config file: names file and line" "$out" "client.conf:6"

# Nothing listening: a connection failure, with advice.
rc=0
out=$("$TD_BUILD/tiepdan" --server 127.0.0.1:1 --ca "$TD_PKI/ca.crt" --cert "$TD_PKI/hoa.crt" \
  --key "$TD_PKI/hoa.key" whoami 2>&1) || rc=$?
expect_eq "no server: exit 3" "$rc" 3
expect_contains "no server: says it cannot reach it" "$out" "cannot reach"
td_server_stop
expect_eq "server exits 0 on SIGTERM" "$TD_SERVER_RC" 0
td_done

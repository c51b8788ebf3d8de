#!/usr/bin/env bash
# deploy/systemd/container.sh DEBS [--keep]: the README's "Running a server",
# step by step, inside a Debian 12 container booted with systemd
# (systemd-nspawn), from the packages in the folder DEBS (deploy/package.sh
# DEBS makes them). It shows what an administrator would see: the service
# skipped until configured, then started sandboxed under systemd (Type=notify,
# the watchdog, the journal), a reload, a scrape of /metrics, the provinces
# loaded, a commune added, an officer registered and a first petition. The
# container shares the host's network: ports 7443, 9743 and 5432 must be
# free. It is made in a temporary folder with debootstrap (Debian's mirror,
# some 150 MB) and removed at the end, unless --keep.
#
# Needs root, systemd-nspawn (systemd-container) and debootstrap: installed
# if missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=deploy/lib.sh
. "$root/deploy/lib.sh"

debs=${1:?usage: container.sh DEBS [--keep]}
keep=0
[[ ${2:-} == --keep ]] && keep=1
debs=$(cd "$debs" && pwd)
server_deb=$(ls "$debs"/tiepdand_*.deb | head -1)
client_deb=$(ls "$debs"/tiepdan_*.deb | head -1)
((EUID == 0)) || { td_err "container.sh: run as root"; exit 2; }
for port in 7443 9743 5432; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    td_err "container.sh: port $port is taken on this machine; the container shares its network"
    exit 2
  fi
done
td_install_deps systemd-container debootstrap

work=$(td_tmpdir tiepdan-container)
machine=$work/debian
step() { printf '\n== %s\n' "$*"; }
nspawn_pid=
finish() {
  if [[ -n $nspawn_pid ]]; then
    kill -TERM "$nspawn_pid" 2>/dev/null || true
    wait "$nspawn_pid" 2>/dev/null || true
  fi
  if ((keep)); then
    echo "kept: $machine (boot it again with: systemd-nspawn -b --register=no -D $machine)"
  else
    rm -rf "$work"
  fi
}
trap finish EXIT

step "a Debian 12 system with systemd and PostgreSQL 15 (debootstrap)"
debootstrap --variant=minbase \
  --include=systemd,systemd-sysv,dbus,postgresql-15,curl,ca-certificates,openssl,procps \
  bookworm "$machine" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log"; exit 1; }
mkdir -p "$machine/root/debs"
cp "$server_deb" "$client_deb" "$machine/root/debs/"
cp "$root/deploy/pki.sh" "$machine/root/"

step "booting it"
systemd-nspawn -q -b --register=no --keep-unit -D "$machine" --console=pipe \
  >"$work/boot.log" 2>&1 &
nspawn_pid=$!
init=
for ((i = 0; i < 300; i++)); do
  init=$(pgrep -P "$nspawn_pid" -x systemd || true)
  [[ -n $init ]] && nsenter -t "$init" -a systemctl is-system-running 2>/dev/null |
    grep -qE 'running|degraded' && break
  sleep 0.2
done
[[ -n $init ]] || { cat "$work/boot.log"; td_err "the container did not boot"; exit 1; }
inside() { nsenter -t "$init" -a "$@"; }
inside systemctl is-system-running || true

step "1. the packages (apt resolves what they depend on)"
inside env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
  /root/debs/"$(basename "$server_deb")" /root/debs/"$(basename "$client_deb")" >"$work/apt.log" 2>&1 ||
  { tail -20 "$work/apt.log"; exit 1; }
inside systemctl status tiepdand --no-pager | sed -n '1,12p' || true

step "2 to 5, as the README says"
inside bash -euxc '
runuser -u postgres -- createuser tiepdan
runuser -u postgres -- createdb -O tiepdan tiepdan
/root/pki.sh init /root/ca --name "CA tỉnh Lai Châu" --host tiepdan.laichau.example >/dev/null
/root/pki.sh issue /root/ca "Quản trị quốc gia" --out admin --unit VN --role admin >/dev/null
install -m 0640 -g tiepdan /root/ca/server.crt /root/ca/server.key /root/ca/ca.crt /etc/tiepdan/
cat >>/etc/tiepdan/tiepdand.conf <<CONF
listen = 0.0.0.0:7443
db = host=/run/postgresql dbname=tiepdan
cert = /etc/tiepdan/server.crt
key = /etc/tiepdan/server.key
ca = /etc/tiepdan/ca.crt
CONF
runuser -u tiepdan -- tiepdand --config /etc/tiepdan/tiepdand.conf --migrate | tail -2
install -m 0644 /root/ca/admin.crt /tmp/admin.crt
runuser -u tiepdan -- tiepdand --config /etc/tiepdan/tiepdand.conf \
  --add-principal /tmp/admin.crt --role admin --unit VN
systemctl start tiepdand
systemctl status tiepdand --no-pager | sed -n "1,10p"
systemctl show tiepdand -p Type -p WatchdogUSec -p StatusText -p User
journalctl -u tiepdand -p warning --no-pager -o cat
curl -s http://127.0.0.1:9743/readyz; echo
systemctl reload tiepdand
journalctl -u tiepdand --no-pager -o cat | tail -2
'

step "6. units, an officer, a petition, a scrape"
inside bash -euxc '
mkdir -p ~/.config/tiepdan
printf "server = 127.0.0.1:7443\nca = /root/ca/ca.crt\ncert = /root/ca/admin.crt\nkey = /root/ca/admin.key\n" \
  >~/.config/tiepdan/client.conf
tiepdan admin unit load /usr/share/tiepdan/units/provinces.csv | head -1
tiepdan admin unit add 03390 --name "Xã Bình Lư" --parent 12
/root/pki.sh issue /root/ca "Nguyễn Thị Hoa" --out hoa --unit 03390 --role reception >/dev/null
tiepdan admin principal add --cert /root/ca/hoa.crt --role reception --unit 03390 | head -1
tiepdan --cert /root/ca/hoa.crt --key /root/ca/hoa.key submit --kind complaint \
  --channel regular_reception --field land --name "Lò Văn Minh" --summary "Khiếu nại về ranh giới đất"
curl -s http://127.0.0.1:9743/metrics | grep -E "^tiepdan_(requests_total|certificate_expiry|db_pool_connections)"
systemctl show tiepdand -p ActiveState -p NRestarts
'
step "done"

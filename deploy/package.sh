#!/usr/bin/env bash
# deploy/package.sh - builds the Debian packages tiepdand and tiepdan.
#
#   deploy/package.sh OUTDIR
#
# Copies the source tree (without .git and build folders) to a scratch
# folder, puts deploy/debian/ there as debian/ with the unit of
# deploy/systemd/, runs `dpkg-buildpackage -us -uc -b`, and moves the .deb
# files (and the .buildinfo and .changes) to OUTDIR. The tree it was run
# from is never written to; the scratch folder is removed, pass or fail.
# The version is deploy/debian/changelog's. Needs the Build-Depends of
# deploy/debian/control (dpkg-checkbuilddeps lists what is missing); as
# root, installs them.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=deploy/lib.sh
. "$root/deploy/lib.sh"

(($# == 1)) || { echo "usage: deploy/package.sh OUTDIR" >&2; exit 2; }
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)

# What building needs beyond TD_DEPS: debhelper and the libraries the
# control file names. Installed when missing, as root.
td_install_deps
td_install_deps debhelper fakeroot dpkg-dev libsystemd-dev libmicrohttpd-dev

work=$(td_tmpdir tiepdan-package)
td_cleanup_push rm -rf "$work"
src=$work/tiepdan
mkdir "$src"
tar -C "$root" --exclude=./.git --exclude='./build*' --exclude=./debian -cf - . |
  tar -C "$src" -xf -
cp -r "$root/deploy/debian" "$src/debian"
# One unit, kept with the others in deploy/systemd/: dh_installsystemd
# installs debian/tiepdand.service to /lib/systemd/system and enables it.
cp "$root/deploy/systemd/tiepdand.service" "$src/debian/tiepdand.service"

(cd "$src" && dpkg-checkbuilddeps) || { td_err "missing build dependencies (above)"; exit 1; }
log=$work/build.log
echo "building the packages in $src (log: $log)"
if ! (cd "$src" && DEB_BUILD_OPTIONS="parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" \
  dpkg-buildpackage -us -uc -b) >"$log" 2>&1; then
  tail -n 60 "$log" >&2
  td_err "dpkg-buildpackage failed"
  exit 1
fi
shopt -s nullglob
files=("$work"/*.deb "$work"/*.buildinfo "$work"/*.changes)
mv "${files[@]}" "$out/"
for f in "${files[@]}"; do
  [[ $f == *.deb ]] && printf '%s\n' "$out/$(basename "$f")"
done
exit 0

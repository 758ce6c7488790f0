#!/bin/sh
# Builds pptpdiag's Debian package for this system's Wireshark with Debian's tooling
# (debian/, dpkg-buildpackage), from a clean copy of the working tree, into OUT_DIR
# (default build/packages/CODENAME). The package: pptpdiag_0.1.0+wsX.Y_ARCH.deb, depending on
# the exact libwiresharkNN it was built against; it installs pptpdiag.so into Wireshark's global
# plugin folder /usr/lib/<multiarch>/wireshark/plugins/X.Y/epan/ and the profile into
# /usr/share/wireshark/profiles/pptpdiag/. As root it installs the build dependencies it lacks.
#   scripts/release/package.sh [OUT_DIR]
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-unknown}")
out=${1:-$top/build/packages/$codename}

# mingw-w64-common: raserror.h, which the engine's unit tests run at build time read
# (heuristics.catalogue; debian/control's Build-Depends).
pkgs="build-essential debhelper dpkg-dev cmake pkg-config libglib2.0-dev libwireshark-dev wireshark-dev mingw-w64-common"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  [ "$(id -u)" = 0 ] || { echo "missing Debian packages:$missing (run as root to install them)" >&2; exit 1; }
  echo "installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends $missing
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/pptpdiag"
if git -C "$top" rev-parse --git-dir > /dev/null 2>&1; then
  (cd "$top" && git ls-files -z --cached --others --exclude-standard |
     tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$work/pptpdiag"
else
  (cd "$top" && tar --exclude=./build --exclude='./build-*' -cf - .) | tar -xf - -C "$work/pptpdiag"
fi
(cd "$work/pptpdiag" && dpkg-buildpackage -b -us -uc -j"$(nproc)")
# The package (the -dbgsym package beside it is left out).
deb=$(ls "$work"/pptpdiag_*.deb)
mkdir -p "$out"
cp "$deb" "$out/"
echo "== $out/$(basename "$deb")"
dpkg-deb -f "$deb" Package Version Depends
dpkg-deb -c "$deb" | awk '{print $NF}' | grep -E 'pptpdiag\.so$|profiles/pptpdiag/$'

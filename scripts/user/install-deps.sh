#!/bin/sh
# Installs the Debian 12 packages pptpdiag needs, if any is missing. Runs as root (apt-get); as
# another user it only says what is missing (exit 1).
#   scripts/user/install-deps.sh [--tests | --robustness]
# Without an option: what building the plugin and diagnosing a capture need
# (scripts/user/diagnose.sh, scripts/user/install-plugin.sh). --tests adds what only the test
# suite uses (scripts/dev/test.sh): mingw-w64-common for raserror.h (the RAS table's check),
# python3-scapy (the synthetic captures' generators), libasan8 and libubsan1 (robustness.short
# preloads GCC's ASan into tshark). --robustness adds, to those, what the long robustness run
# (valgrind), the fuzzer (clang, libFuzzer) and the benchmark (GNU time, perf) use.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
pkgs="build-essential cmake pkg-config libglib2.0-dev tshark libwireshark-dev wireshark-dev"
case "${1:-}" in
"") ;;
--tests) pkgs="$pkgs mingw-w64-common python3-scapy libasan8 libubsan1" ;;
--robustness) pkgs="$pkgs mingw-w64-common python3-scapy libasan8 libubsan1 valgrind clang
  libclang-rt-14-dev time linux-perf" ;;
*) sed -n '3,10s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "missing Debian packages:$missing (run as root to install them:" \
       "scripts/user/install-deps.sh${1:+ $1})" >&2
  exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture: no.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -q
apt-get install -y -q --no-install-recommends $missing

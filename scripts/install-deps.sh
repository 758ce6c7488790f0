#!/bin/sh
# Installs the Debian 12 packages pptpdiag needs to build and test, if any is missing.
# Runs as root (apt-get); as another user it only reports what is missing.
#   scripts/install-deps.sh [--robustness]
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
# libasan8, libubsan1: scripts/robustness.sh (ctest robustness.short) preloads GCC's ASan into
# tshark. With --robustness, also what the long robustness run (valgrind), the fuzzer (clang,
# libFuzzer) and the benchmark (GNU time, perf) use.
pkgs="build-essential cmake pkg-config libglib2.0-dev tshark libwireshark-dev wireshark-dev mingw-w64-common python3-scapy libasan8 libubsan1"
if [ "${1:-}" = --robustness ]; then
  pkgs="$pkgs valgrind clang libclang-rt-14-dev time linux-perf"
fi
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "missing Debian packages:$missing (run as root to install them)" >&2
  exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture: no.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -q
apt-get install -y -q --no-install-recommends $missing

#!/bin/sh
# Configures and builds pptpdiag into BUILD_DIR (default: build/ in the repository), with the
# CMake options given after it (scripts/dev/test.sh: -DPPTPDIAG_DEV_HOOKS=ON; options already in
# BUILD_DIR's cache stay as they are).
#   scripts/user/build.sh [BUILD_DIR [CMAKE_OPTION...]]
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
[ $# -gt 0 ] && shift
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"

#!/bin/sh
# The whole test suite: installs what is missing, builds, runs ctest (engine unit tests and
# tshark end-to-end tests on every capture in test-captures/).
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh" --tests
"$top/scripts/build.sh" "$top/build"
cd "$top/build"
ctest --output-on-failure -j "$(nproc)"
